"""Share cards end to end: the multi-market fixture store built with storefront_social_cards,
its Open Graph and X tags read back as a crawler reads them, the card files opened as a social
network fetches them, and the card cache across builds."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from gettext import NullTranslations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import extruct
import lxml.html
import pytest
from PIL import Image

from storefront_catalog import signals
from storefront_catalog.i18n import gettext_callables
from storefront_catalog.model import Image as ModelImage
from storefront_catalog.model import Product, Sale
from storefront_catalog.stats import BuildStats
from storefront_catalog.urls import Market
from storefront_core.errors import StorefrontError
from storefront_seo.audit import audit_site
from storefront_social_cards.card import draw_card, encode_card
from storefront_social_cards.plugin import CardBuild, product_card
from storefront_social_cards.settings import fonts_from_settings
from tests.cldr import money
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"
SITE = "https://shop.example.com"
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa")
#: inside the fixture's autumn sale (charging products, in every market but Japan)
BUILD_DAY = "2026-11-18"
NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)
PANEL = (255, 255, 255)  # the photo's panel in the default card style
BACKGROUND = (244, 241, 234)  # the card's background (#f4f1ea)
#: the fixture's products, and the markets selling each
SOLD = {
    "charging-station": set(MARKETS),
    "usb-cable": set(MARKETS),
    "travel-adapter": {"en-us", "de-de", "ja-jp"},  # excluded from ar-sa
    "flash-drive": {"en-us", "de-de", "ar-sa"},  # no JPY price
}


@dataclass
class Built:
    project: Path
    out: Path
    cache: Path
    stats: BuildStats
    cards: CardBuild  # what the build planned: every card's spec and key


def copy_fixture(dest: Path) -> Path:
    """The markets fixture in ``dest``, still using this repository's theme and plugins."""
    return copy_project(FIXTURE, dest)


def build_site(project: Path, out: Path, cache: Path, **overrides: Any) -> Built:
    seen: list[BuildStats] = []
    planned: list[Any] = []

    def receive(sender: object, stats: BuildStats) -> None:
        seen.append(stats)

    def written(context: Any, **_: Any) -> None:
        planned.append(context.cards)

    signals.build_finished.connect(receive)
    signals.site_written.connect(written)
    try:
        build(project, out, cache, STORE_DATE=BUILD_DAY, **overrides)
    finally:
        signals.build_finished.disconnect(receive)
        signals.site_written.disconnect(written)
    assert len(seen) == 1
    return Built(project, out, cache, seen[0], planned[0])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("cards")
    project = copy_fixture(base / "project")
    return build_site(project, base / "out", base / "cache")


# -- reading the site as a crawler does ---------------------------------------------------------

@dataclass(frozen=True)
class Share:
    """The share tags of one page."""

    og: dict[str, str]  # Open Graph properties (first value of each), as extruct reads them
    twitter: dict[str, str]  # name="twitter:..." tags


def share_tags(page: Path, url: str) -> Share:
    html = page.read_text(encoding="utf-8")
    og: dict[str, str] = {}
    for item in extruct.extract(html, base_url=url, syntaxes=["opengraph"],
                                uniform=False)["opengraph"]:
        for key, value in item["properties"]:
            og.setdefault(key, value)
    doc = lxml.html.fromstring(html)
    twitter = {m.get("name"): m.get("content", "") for m in doc.iter("meta")
               if (m.get("name") or "").startswith("twitter:")}
    return Share(og, twitter)


def pages(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.html"))
    return [p for p in found if "cards" not in p.relative_to(out).parts]


def page_url(out: Path, page: Path) -> str:
    rel = page.relative_to(out).as_posix()
    return f"{SITE}/{rel.removesuffix('index.html')}"


def card_file(out: Path, url: str) -> Path:
    assert url.startswith(f"{SITE}/cards/"), url
    return out / urlsplit(url).path.lstrip("/")


def card_of(site: Built, market: str, rel: str) -> Path:
    share = share_tags(site.out / market / rel, f"{SITE}/{market}/{rel}")
    return card_file(site.out, share.og["og:image"])


def expected_card(rel: str) -> str:
    """Where the card of a page lives (relative to cards/<market>/), without its key."""
    parts = rel.split("/")
    market = parts[0] if parts[0] in MARKETS else "en-us"  # root pages: the default market's
    if len(parts) > 2 and parts[1] == "products":
        return f"{market}/products/{parts[2]}-"
    if len(parts) > 2 and parts[1] == "collections":
        tail = parts[2:-1]
        if "page" in tail:  # a category's later pages share its card
            tail = tail[: tail.index("page")]
        return f"{market}/collections/{'/'.join(tail)}-"
    return f"{market}/home-"  # home, text pages, the chooser, 404


def pixel(path: Path, xy: tuple[int, int]) -> tuple[int, int, int]:
    with Image.open(path) as img:
        r, g, b = img.convert("RGB").getpixel(xy)  # type: ignore[misc]
        return r, g, b


def near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


# -- every page ---------------------------------------------------------------------------------

def test_every_page_shares_its_own_market_card(site: Built) -> None:
    found = pages(site.out)
    assert len(found) > 30
    for page in found:
        rel = page.relative_to(site.out).as_posix()
        share = share_tags(page, page_url(site.out, page))
        og, tw = share.og, share.twitter
        url = og["og:image"]
        assert url.startswith(f"{SITE}/cards/{expected_card(rel)}"), (rel, url)
        assert url.endswith(".jpg"), rel
        assert (og["og:image:type"], og["og:image:width"], og["og:image:height"]) == (
            "image/jpeg", "1200", "630"), rel
        assert og["og:image:alt"].strip(), rel
        assert tw["twitter:card"] == "summary_large_image", rel
        assert (tw["twitter:image"], tw["twitter:image:alt"]) == (url, og["og:image:alt"]), rel
        file = card_file(site.out, url)
        assert file.is_file(), (rel, url)
        assert file.stat().st_size < 1_000_000, rel
        with Image.open(file) as img:
            assert (img.format, img.size) == ("JPEG", (1200, 630)), rel


def test_every_card_file_is_used_and_only_cards_are_published(site: Built) -> None:
    used = {share_tags(p, page_url(site.out, p)).og["og:image"] for p in pages(site.out)}
    published = {f"{SITE}/{p.relative_to(site.out).as_posix()}"
                 for p in (site.out / "cards").rglob("*") if p.is_file()}
    assert published == used
    products = sum(len(markets) for markets in SOLD.values())
    assert len([u for u in used if "/products/" in u]) == products


def test_the_same_product_has_a_different_card_in_every_market(site: Built) -> None:
    cards = {m: card_of(site, m, "products/charging-station/index.html") for m in MARKETS}
    assert len({c.name for c in cards.values()}) == len(MARKETS)
    assert len({c.read_bytes() for c in cards.values()}) == len(MARKETS)


def was_price(doc: lxml.html.HtmlElement) -> str | None:
    """The regular price a product page strikes through (None when it shows none)."""
    found = doc.find_class("price__was")
    if not found:
        return None
    hidden = found[0].find_class("visually-hidden")[0].text_content()
    return found[0].text_content().replace(hidden, "").strip()


def test_the_alt_text_says_the_title_and_the_price_the_page_shows(site: Built) -> None:
    checked = 0
    for market in MARKETS:
        for page in (site.out / market / "products").glob("*/index.html"):
            share = share_tags(page, page_url(site.out, page))
            doc = lxml.html.parse(str(page)).getroot()
            title = doc.findtext(".//h1").strip()
            shown = doc.find_class("price__now")[0].text_content().strip()
            alt = share.og["og:image:alt"]
            assert alt.startswith(title) and shown in alt, (page, alt)
            regular = was_price(doc)
            if regular is not None:  # on sale: the card strikes the regular price through
                assert regular in alt, (page, alt)
            checked += 1
    assert checked == sum(len(m) for m in SOLD.values())


def test_a_sale_card_strikes_the_regular_price_and_wears_the_badge() -> None:
    photo = FIXTURE / "content/products/usb-cable/front.jpg"
    regular = Product(slug="pen", source_dir=photo.parent, source_file=photo.parent / "index.md",
                      title="Pen", sku="P-1", brand="B", category=("Pens",), summary="",
                      body_html="", price={"EUR": Decimal("10.00")},
                      images=(ModelImage("front.jpg", photo, "front", "Pen"),), digest="a")
    de = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE")
    on_sale = replace(regular, price={"EUR": Decimal("8.00")},
                      list_price={"EUR": Decimal("10.00")},
                      sale=Sale("autumn", NOW, NOW, regular, "-20 %"))
    words = gettext_callables(NullTranslations())

    spec, alt = product_card(on_sale, de, brand="Shop", category="Stifte", gettext=words[0],
                             ngettext=words[1])
    eight, ten = money("8.00", "EUR", "de_DE"), money("10.00", "EUR", "de_DE")  # 8,00 €
    assert (spec.price, spec.regular_price, spec.badge) == (eight, ten, "-20 %")
    assert alt == f"Pen – Sale price {eight} (Regular price {ten})"
    spec, alt = product_card(replace(regular, moq=50), de, brand="Shop", category="Stifte",
                             gettext=words[0], ngettext=words[1])
    total = money("500.00", "EUR", "de_DE")
    assert (spec.price, spec.regular_price, spec.badge) == (total, None, None)
    assert spec.subtitle == f"50 units at {ten} each"  # what the headline price buys
    assert spec.lang == "de-DE" and alt == f"Pen – {total}"


def test_arabic_pages_use_the_arabic_card_with_the_photo_on_the_left(site: Built) -> None:
    for page in (site.out / "ar-sa").rglob("index.html"):
        url = share_tags(page, page_url(site.out, page)).og["og:image"]
        assert url.startswith(f"{SITE}/cards/ar-sa/"), (page, url)
    arabic = card_of(site, "ar-sa", "products/charging-station/index.html")
    english = card_of(site, "en-us", "products/charging-station/index.html")
    # the white photo panel sits at the end of the reading direction: left in Arabic
    left, right = (75, 140), (1125, 140)  # beside the photo; between the brand and the title
    assert near(pixel(arabic, left), PANEL) and near(pixel(arabic, right), BACKGROUND)
    assert near(pixel(english, right), PANEL) and near(pixel(english, left), BACKGROUND)
    alt = share_tags(site.out / "ar-sa/products/charging-station/index.html", SITE).og[
        "og:image:alt"]
    assert "محطة شحن" in alt


def test_the_chooser_and_text_pages_share_their_market_home_card(site: Built) -> None:
    def image(rel: str) -> str:
        return share_tags(site.out / rel, f"{SITE}/{rel}").og["og:image"]

    assert image("index.html") == image("en-us/index.html")
    assert image("de-de/pages/about/index.html") == image("de-de/index.html")
    assert image("ar-sa/pages/about/index.html") == image("ar-sa/index.html")
    assert image("ar-sa/index.html") != image("en-us/index.html")


def test_the_audit_finds_nothing_wrong_with_share_images(site: Built) -> None:
    report = audit_site(site.out, site_url=SITE, now=NOW)
    wrong = [f for f in report.findings if f.rule.startswith("og-")]
    assert not wrong, "\n".join(str(f) for f in wrong)


def test_build_stats_time_the_cards(site: Built) -> None:
    assert site.stats.timings["cards"] > 0


def test_every_published_card_is_the_bytes_of_its_card_drawn_alone(site: Built) -> None:
    """The build draws the cards in worker processes before the pages, a photo's cards one
    after another (its decode, background and measurements shared): each file is the card
    drawn on its own, from nothing, in this process."""
    import storefront_core.text as text_module
    import storefront_social_cards.card as card_module

    by_key = {card.key: card for card in site.cards.cards.values()}
    assert len(by_key) >= 30
    for card in by_key.values():
        card_module._FITTED.clear()  # nothing drawn before this card
        card_module._BACKGROUNDS.clear()
        text_module._MASKS.clear()
        fonts = fonts_from_settings({}, site.project)
        fonts.icu = site.cards.fonts.icu
        alone = encode_card(draw_card(card.spec, site.cards.style, fonts), site.cards.style)
        assert (site.out / card.path).read_bytes() == alone, card.path


def test_a_card_that_cannot_be_drawn_stops_the_build_before_any_page_is_rendered(
        tmp_path: Path) -> None:
    """The cards are drawn first: a damaged logo fails the build at once, naming the file,
    not after every page of the store has been rendered."""
    project = copy_fixture(tmp_path / "project")
    (project / "logo.png").write_bytes(b"this is not a picture")
    cache = tmp_path / "cache"
    with pytest.raises(StorefrontError) as caught:
        build_site(project, tmp_path / "out", cache, STORE_SOCIAL_CARDS={"logo": "logo.png"})
    assert "logo.png" in str(caught.value) and "cannot be read" in str(caught.value)
    assert not list((cache / "pages").rglob("*.html"))  # not one page rendered
    assert not (tmp_path / "out" / "cards").exists()


# -- the cache ----------------------------------------------------------------------------------

def cache_state(cache: Path) -> dict[str, int]:
    """Cached card files and their modification times."""
    return {p.name: p.stat().st_mtime_ns for p in (cache / "cards").iterdir()}


def test_a_second_build_draws_no_card(site: Built, tmp_path: Path) -> None:
    before = cache_state(site.cache)
    assert len(before) >= 30
    again = build_site(site.project, tmp_path / "out", site.cache)
    assert cache_state(site.cache) == before  # nothing drawn, nothing deleted
    assert again.stats.pages_rendered == 0
    first = sorted(p.relative_to(site.out) for p in (site.out / "cards").rglob("*.jpg"))
    second = sorted(p.relative_to(again.out) for p in (again.out / "cards").rglob("*.jpg"))
    assert first == second


def test_the_build_counts_the_cards_it_draws_and_reuses(site: Built, tmp_path: Path) -> None:
    drawn = site.stats.cards_drawn  # the first build, into an empty cache
    assert drawn == len(cache_state(site.cache)) >= 30 and site.stats.cards_reused == 0
    again = build_site(site.project, tmp_path / "out", site.cache)
    assert (again.stats.cards_drawn, again.stats.cards_reused) == (0, drawn)


def test_a_new_price_redraws_exactly_that_products_cards(site: Built, tmp_path: Path) -> None:
    project = copy_fixture(tmp_path / "project")
    cache = tmp_path / "cache"
    shutil.copytree(site.cache, cache)  # (keeps modification times)
    before = cache_state(cache)
    md = project / "content/products/usb-cable/index.md"
    text = md.read_text()
    old = 'price: {USD: "9.00", EUR: "8.50", JPY: "1280", SAR: "35.00"}'
    assert old in text
    md.write_text(text.replace(old, 'price: {USD: "9.50", EUR: "8.90", JPY: "1380", '
                                    'SAR: "37.00"}'))

    changed = build_site(project, tmp_path / "out", cache)

    after = cache_state(cache)
    drawn = {name[:12] for name in set(after) - set(before)}
    new_cards = {card_of(changed, m, "products/usb-cable/index.html") for m in SOLD["usb-cable"]}
    assert drawn == {card.name[-16:-4] for card in new_cards}  # these, and nothing else
    for market in SOLD["usb-cable"]:
        old_card = card_of(site, market, "products/usb-cable/index.html")
        assert not (changed.out / old_card.relative_to(site.out)).exists()
    kept = set(before) & set(after)
    assert {k: after[k] for k in kept} == {k: before[k] for k in kept}  # not drawn again
    assert len(set(before) - set(after)) == len(SOLD["usb-cable"])  # the old ones pruned


def test_a_new_photo_of_the_featured_product_reaches_every_page_sharing_the_home_card(
        site: Built, tmp_path: Path) -> None:
    project = copy_fixture(tmp_path / "project")
    cache = tmp_path / "cache"
    first = build_site(project, tmp_path / "first", cache)  # (its pages cached at this path)
    photo = project / "content/products/charging-station/front.jpg"  # the featured product
    with Image.open(photo) as img:
        img.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(photo, quality=90)

    changed = build_site(project, tmp_path / "out", cache)

    # the about page itself did not change, yet it shares the new home card (not a deleted one)
    for market in ("en-us", "de-de", "ar-sa"):
        about = share_tags(changed.out / market / "pages/about/index.html", SITE).og["og:image"]
        home = share_tags(changed.out / market / "index.html", SITE).og["og:image"]
        before = share_tags(first.out / market / "index.html", SITE).og["og:image"]
        assert about == home != before, market
        assert card_file(changed.out, about).is_file()


# -- switched off, misconfigured ------------------------------------------------------------------

PLUGINS_WITHOUT_CARDS = ["storefront_catalog", "storefront_images", "storefront_seo",
                         "storefront_promotions"]


@pytest.mark.parametrize("overrides", [
    {"PLUGINS": PLUGINS_WITHOUT_CARDS},
    {"STORE_SOCIAL_CARDS": {"enabled": False}},
], ids=["not-in-plugins", "enabled-false"])
def test_without_cards_pages_share_the_product_photo(site: Built, tmp_path: Path,
                                                     overrides: dict[str, Any]) -> None:
    off = build_site(site.project, tmp_path / "out", tmp_path / "cache", **overrides)
    assert not (off.out / "cards").exists()
    page = off.out / "de-de/products/charging-station/index.html"
    share = share_tags(page, page_url(off.out, page))
    url = share.og["og:image"]
    assert "/cards/" not in url and url.startswith(f"{SITE}/")
    photo = off.out / urlsplit(url).path.lstrip("/")
    with Image.open(photo) as img:
        assert (str(img.width), str(img.height)) == (share.og["og:image:width"],
                                                     share.og["og:image:height"])
    assert share.twitter["twitter:image"] == url


def test_a_wrong_card_setting_stops_the_build_naming_it(site: Built, tmp_path: Path) -> None:
    with pytest.raises(StorefrontError) as caught:
        build_site(site.project, tmp_path / "out", tmp_path / "cache",
                   STORE_SOCIAL_CARDS={"acent": "#b3261e", "quality": 500})
    text = str(caught.value)
    assert "pelicanconf.py: STORE_SOCIAL_CARDS" in text
    assert 'did you mean "accent"?' in text
    assert "STORE_SOCIAL_CARDS.quality: 500 must be a whole number from 30 to 100" in text
    assert not (tmp_path / "out" / "cards").exists()


def test_arabic_without_complex_layout_warns_and_draws_cards_without_text(
        site: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Without raqm (FriBiDi missing) Arabic would come out unjoined and left to right: the
    build warns, naming the package, and the Arabic cards keep only their photo and logo."""
    from PIL import features

    real = features.check
    monkeypatch.setattr(features, "check", lambda name: False if name == "raqm" else real(name))
    with caplog.at_level("WARNING"):
        built = build_site(site.project, tmp_path / "out", tmp_path / "cache")
    warnings = [r.getMessage() for r in caplog.records if "libfribidi0" in r.getMessage()]
    assert len(warnings) == 1
    assert "content/markets.yml" in warnings[0] and "ar-SA" in warnings[0]
    arabic = sorted((built.out / "cards" / "ar-sa").rglob("*.jpg"))
    assert arabic
    for card in arabic:
        with Image.open(card) as image:
            assert image.size == (1200, 630)
    # every market keeps a card per page
    assert len(list((built.out / "cards" / "de-de").rglob("*.jpg"))) == len(
        list((site.out / "cards" / "de-de").rglob("*.jpg")))


def test_card_images_decode_as_a_social_network_fetches_them(site: Built) -> None:
    """Progressive JPEG under 1 MB, sRGB, no alpha: what Facebook, X and LinkedIn accept."""
    for file in (site.out / "cards").rglob("*.jpg"):
        data = file.read_bytes()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            assert img.mode == "RGB" and len(data) < 1_000_000, file
