"""Campaign heroes: which products they show, a layout that mirrors for right-to-left markets,
text inside the frame in every script, colours checked for contrast, the files a hero is
published as, and a key that changes exactly when what is drawn changes."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from storefront_catalog.model import Image as Photo
from storefront_catalog.model import Product, Sale
from storefront_catalog.urls import Market
from storefront_core.fonts import FontSet
from storefront_core.imaging import EXTENSIONS
from storefront_promotions.hero import (
    DESKTOP,
    FRAMES,
    MOBILE,
    HeroSpec,
    draw_hero,
    hero_key,
    layout_hero,
    renditions,
)
from storefront_promotions.hero_plan import (
    hero_colors,
    hero_products,
    hero_view,
    make_hero,
    spec_photos,
)
from storefront_promotions.reader import load_campaigns

US = Market("en-us", "en", "en_US", "USD", "en-us", country="US")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    found = FontSet()
    found.icu = False  # the same breaks with or without PyICU
    return found


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """Three product shots: a dark object on a light backdrop, each its own colour."""
    folder = tmp_path_factory.mktemp("photos")
    out = []
    for i, colour in enumerate(("#c0392b", "#2471a3", "#1e8449")):
        im = Image.new("RGB", (600, 600), "#f4f4f6")
        im.paste(Image.new("RGB", (300, 200), colour), (150, 200))
        path = folder / f"p{i}.jpg"
        im.save(path, quality=92)
        out.append(path)
    return tuple(out)


def spec(photos: tuple[Path, ...], **changes: object) -> HeroSpec:
    base = HeroSpec("en", False, "#111111", "#ffffff", "#ffffff", "#111111", "Black Friday",
                    "−20%", "Nov 24 – 30", photos)
    return replace(base, **changes)  # type: ignore[arg-type]


def product(slug: str, featured: bool = False, campaign: str | None = None) -> Product:
    regular = Product(
        slug=slug, source_dir=Path("."), source_file=Path(f"content/products/{slug}/index.md"),
        title=slug.replace("-", " ").title(), sku=slug.upper(), brand="B", category=("C",),
        summary="", body_html="", digest="", price={"USD": Decimal("10")},
        images=(Photo("front.jpg", Path(f"/photos/{slug}/front.jpg"), "front", ""),),
        featured=featured)
    if campaign is None:
        return regular
    when = datetime(2026, 11, 24, tzinfo=UTC)
    return replace(regular, sale=Sale(campaign, when, when.replace(day=30), regular))


# -- what a hero shows --------------------------------------------------------------------------
def test_the_hero_shows_the_campaigns_products_featured_first_in_a_stable_order() -> None:
    shop = [product("zeta-cable", campaign="bf"), product("alpha-pen", campaign="bf"),
            product("omega-charger", featured=True, campaign="bf"),
            product("beta-drive", featured=True),  # featured, but not on this sale
            product("gamma-bank", campaign="other"), product("delta-hub", campaign="bf")]
    chosen = [p.slug for p in hero_products(shop, "bf")]
    assert chosen == ["omega-charger", "alpha-pen", "delta-hub"]
    assert [p.slug for p in hero_products(list(reversed(shop)), "bf")] == chosen
    assert spec_photos(hero_products(shop, "bf"))[0] == Path("/photos/omega-charger/front.jpg")
    # a coupon changes no price (no product carries its sale): the featured products stand in
    assert [p.slug for p in hero_products(shop, "coupon")] == ["beta-drive", "omega-charger"]


def test_a_right_to_left_market_gets_the_mirror_image_of_the_layout(
        fonts: FontSet, photos: tuple[Path, ...]) -> None:
    for frame in FRAMES:
        ltr = layout_hero(spec(photos), frame, fonts)
        rtl = layout_hero(spec(photos, lang="ar", rtl=True, title="الجمعة البيضاء",
                               dates="٢١–٣٠ نوفمبر"), frame, fonts)
        assert len(ltr.tiles) == 3
        # left and right swapped (on phones the photos start below the texts, which Arabic's
        # taller lines push down a little)
        assert [(t.x0, t.x1) for t in rtl.tiles] == [
            (t.mirror(frame.width).x0, t.mirror(frame.width).x1) for t in ltr.tiles]
        if frame is DESKTOP:
            assert rtl.tiles == tuple(t.mirror(frame.width) for t in ltr.tiles)
        assert ltr.sticker is not None and rtl.sticker is not None
        assert (rtl.sticker.x0, rtl.sticker.x1) == (ltr.sticker.mirror(frame.width).x0,
                                                    ltr.sticker.mirror(frame.width).x1)
        assert ltr.title is not None and rtl.title is not None and rtl.pill is not None
        # the festival's name starts at the right-hand margin, where the left one started
        assert abs((frame.width - rtl.title.ink.x1) - ltr.title.ink.x0) < 12
        assert abs(frame.width - rtl.pill.x1 - (ltr.pill.x0 if ltr.pill else 0)) < 2
        # a percentage still reads "-25%" (a number, left to right) on the sticker
        assert rtl.discount is not None and not rtl.discount.rtl


@pytest.mark.parametrize("title, dates, lang, rtl", [
    ("Black Friday", "Nov 24 – 30", "en", False),
    ("ブラックフライデー", "11月20日～30日", "ja", False),
    ("الجمعة البيضاء", "٢١–٣٠ نوفمبر", "ar", True),
    ("दिवाली", "20–24 नव॰", "hi", False),
    ("A festival with a very long name that keeps going and going " * 2, "Nov 24 – 30", "en",
     False),
])
def test_texts_stay_in_the_frame_and_clear_of_the_photos_in_every_script(
        fonts: FontSet, photos: tuple[Path, ...], title: str, dates: str, lang: str,
        rtl: bool) -> None:
    for frame in FRAMES:
        layout = layout_hero(spec(photos, title=title, dates=dates, lang=lang, rtl=rtl), frame,
                             fonts)
        assert layout.title is not None and layout.dates is not None
        assert layout.title.lines and not layout.title.missing
        texts = [layout.title.ink, layout.title.box, layout.dates.ink]
        for box in texts:
            assert 0 <= box.x0 and box.x1 <= frame.width and 0 <= box.y0
            assert box.y1 <= frame.height
            for tile in (*layout.tiles, layout.sticker):
                assert tile is not None
                overlaps = (box.x0 < tile.x1 and tile.x0 < box.x1 and box.y0 < tile.y1
                            and tile.y0 < box.y1)
                assert not overlaps, (frame.name, box, tile)
        if lang == "ja":  # one word to the eye: never broken in the middle of it
            assert len(layout.title.lines) == 1


def test_the_drawing_shows_the_photos_on_the_campaign_colours(
        fonts: FontSet, photos: tuple[Path, ...]) -> None:
    for frame in FRAMES:
        image = draw_hero(spec(photos), frame, fonts)
        assert image.size == (frame.width, frame.height)
        assert image.getpixel((4, 4)) == (17, 17, 17)  # the campaign's background
        layout = layout_hero(spec(photos), frame, fonts)
        t = layout.tiles[1]
        centre = image.getpixel(((t.x0 + t.x1) // 2, (t.y0 + t.y1) // 2))
        assert isinstance(centre, tuple) and centre[2] > 120 > centre[0]  # the blue product
        s = layout.sticker
        assert s is not None
        ring = image.crop((s.x0 + 20, s.y0 + s.height // 2 - 4, s.x0 + 30, s.y0 + s.height // 2))
        assert min(ring.get_flattened_data()) >= (230, 230, 230)  # the white disc (the accent)


def test_an_accent_without_contrast_is_refused_naming_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "promotions"
    folder.mkdir(parents=True)
    text = ('start: 2026-11-24\nend: 2026-11-30\nmarkets: all\ndiscount: {percent: 20}\n'
            'scope: all\nbanner: {en: Sale}\nhero: true\n'
            'colors: {background: "#111111", text: "#ffffff", accent: "#777777"}\n')
    (folder / "black-friday.yml").write_text(text, encoding="utf-8")
    campaigns, problems = load_campaigns(tmp_path / "content", tmp_path, festivals=set())
    (warning,) = [str(p) for p in problems]
    assert warning.startswith("content/promotions/black-friday.yml:8: colors.accent:")
    assert "#777777 has a contrast of 4.48:1" in warning and "4.5:1" in warning
    assert "uses the text colour #ffffff instead" in warning
    (campaign,) = campaigns
    assert hero_colors(campaign.colors) == ("#111111", "#ffffff", "#ffffff", "#111111")
    # a readable accent is kept, its label the campaign colour that reads best on it
    (folder / "black-friday.yml").write_text(text.replace("#777777", "#f5c518"), "utf-8")
    campaigns, problems = load_campaigns(tmp_path / "content", tmp_path, festivals=set())
    assert problems == [] and hero_colors(campaigns[0].colors)[2:] == ("#f5c518", "#111111")


# -- files and markup ---------------------------------------------------------------------------
def test_each_composition_is_published_per_width_and_format_with_its_media_query(
        fonts: FontSet, photos: tuple[Path, ...]) -> None:
    shown = [product("omega-charger", featured=True), product("alpha-pen")]
    hero = make_hero(spec(photos), "k" * 64, shown, US,
                     {"IMAGE_FORMATS": ["avif", "webp", "jpeg"]})
    assert hero.formats == ("avif", "webp", "jpeg")
    assert hero.products == "Omega Charger and Alpha Pen"
    view = hero_view(hero, lambda path: "/shop/" + path, "/shop/en-us/collections/x/")
    mobile = [s for s in view.sources if s.media == "(max-width: 699px)"]
    desktop = [s for s in view.sources if s.media is None]
    assert [s.type for s in mobile] == ["image/avif", "image/webp", "image/jpeg"]
    assert [s.type for s in desktop] == ["image/avif", "image/webp"]  # JPEG: the <img>
    assert {(s.width, s.height) for s in mobile} == {(MOBILE.width, MOBILE.height)}
    assert {(s.width, s.height) for s in desktop} == {(DESKTOP.width, DESKTOP.height)}
    assert mobile[0].srcset.endswith("-mobile-500.avif 500w")
    assert (view.width, view.height) == (DESKTOP.width, DESKTOP.height)
    assert view.src.startswith("/shop/promotions/hero/en-") and view.src.endswith(".jpg")
    image = draw_hero(spec(photos), MOBILE, fonts)
    files = renditions(image, MOBILE, ("webp", "jpeg"), {"webp": 80, "jpeg": 82})
    assert set(files) == {(750, "webp"), (750, "jpeg"), (500, "webp"), (500, "jpeg")}
    for (width, fmt), data in files.items():
        assert data[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
        assert EXTENSIONS[fmt] in hero.path(MOBILE, width, fmt)


def test_the_key_changes_exactly_when_what_is_drawn_changes(fonts: FontSet,
                                                           tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (400, 400), "#336699").save(photo)
    base = spec((photo,))
    key = hero_key(base, fonts)
    assert hero_key(spec((photo,)), fonts) == key
    for changed in (replace(base, title="Cyber Monday"), replace(base, dates="Nov 24 – 27"),
                    replace(base, discount="−30%"), replace(base, background="#000001"),
                    replace(base, accent="#f5c518"), replace(base, lang="de")):
        assert hero_key(changed, fonts) != key
    Image.new("RGB", (400, 400), "#336698").save(photo)  # same path, other pixels
    assert hero_key(base, fonts) != key


def test_a_text_no_font_can_draw_is_left_out_and_the_photos_stay(
        fonts: FontSet, photos: tuple[Path, ...]) -> None:
    layout = layout_hero(spec(photos, title="\U0010fffd\U0010fffd"), DESKTOP, fonts)
    assert layout.title is None and len(layout.tiles) == 3
    ink = ImageChops.difference(draw_hero(spec(photos, title=None), DESKTOP, fonts),
                                Image.new("RGB", (DESKTOP.width, DESKTOP.height), "#111111"))
    assert ink.getbbox() is not None


def test_the_call_to_action_leads_to_the_festival_page_when_there_is_one(
        photos: tuple[Path, ...]) -> None:
    import jinja2
    import lxml.html

    theme = Path(__file__).resolve().parents[2] / "themes" / "storefront" / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(theme), autoescape=True,
                             undefined=jinja2.StrictUndefined,
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["phrases"] = lambda text: text
    hero = make_hero(spec(photos), "k" * 64, [product("alpha-pen")], US, {})
    view = hero_view(hero, lambda path: "/" + path, "/en-us/collections/writing/")

    def cta(promotion: object) -> str:
        html = env.get_template("partials/promo_hero.html").render(promotion=promotion)
        (link,) = lxml.html.fromstring(html).xpath('//a[@class="campaign-hero__cta"]')
        return str(link.get("href"))

    @dataclasses.dataclass
    class Before:  # the banner before festival pages existed: no festival_url at all
        text: str = "Black Friday: 20% off"
        hero: object = view

    @dataclasses.dataclass
    class After(Before):
        festival_url: str | None = None

    assert cta(Before()) == "/en-us/collections/writing/"
    assert cta(After()) == "/en-us/collections/writing/"
    assert cta(After(festival_url="/en-us/black-friday/")) == "/en-us/black-friday/"


def test_a_hero_is_drawn_once_and_then_linked_from_the_cache(
        fonts: FontSet, photos: tuple[Path, ...], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from storefront_promotions import plugin

    hero = make_hero(spec(photos), hero_key(spec(photos), fonts), [product("alpha-pen")], US,
                     {"IMAGE_FORMATS": ["webp", "jpeg"]})
    plugin._publish_hero(hero, tmp_path / "cache", tmp_path / "out1", lambda: fonts)
    published = sorted(p.relative_to(tmp_path / "out1").as_posix()
                       for p in (tmp_path / "out1").rglob("*.*"))
    assert published == sorted(hero.path(*f) for f in hero.files())
    assert len(published) == 2 * (len(MOBILE.widths) + len(DESKTOP.widths))

    def no_drawing(*_: object) -> None:
        raise AssertionError("a cached hero was drawn again")

    monkeypatch.setattr(plugin, "draw_hero", no_drawing)
    plugin._publish_hero(hero, tmp_path / "cache", tmp_path / "out2", no_drawing)
    for rel in published:
        assert (tmp_path / "out2" / rel).read_bytes() == (tmp_path / "out1" / rel).read_bytes()


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_with_any_number_of_photos_everything_stays_in_the_frame(
        fonts: FontSet, photos: tuple[Path, ...], count: int) -> None:
    for frame in FRAMES:
        for title in ("Black Friday", None):
            layout = layout_hero(spec(photos[:count], title=title), frame, fonts)
            assert len(layout.tiles) == count and layout.sticker is not None
            for box in (*layout.tiles, layout.sticker, layout.pill):
                assert box is not None
                assert 0 <= box.x0 and box.x1 <= frame.width, (frame.name, count, box)
                assert 0 <= box.y0 and box.y1 <= frame.height, (frame.name, count, box)
