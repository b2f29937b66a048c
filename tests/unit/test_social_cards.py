"""Share cards: golden images per script, safe area, sale prices, RTL mirroring, bytes, keys.

Golden images live in tests/golden/cards/ (see the README there for the command that redraws
them). They are compared with a tolerance: a pixel matches when every channel is within
GOLDEN_TOLERANCE of the golden, and up to GOLDEN_MAX_PIXELS pixels may differ more, because
FreeType and HarfBuzz releases move a few antialiased edge pixels; that is far fewer than one
changed digit of a price makes (test_golden_comparison_notices_a_changed_price). Each golden records
the hashes of the font files it was drawn with; with other font files installed the comparison
is skipped (and says so), as different glyphs are not a regression.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, PngImagePlugin

from storefront_catalog.money import format_money
from storefront_core.errors import StorefrontError
from storefront_core.fonts import PACKAGED, FontSet
from storefront_core.text import ELLIPSIS, Box, engine_versions
from storefront_social_cards.card import (
    HEIGHT,
    WIDTH,
    CardSpec,
    CardStyle,
    card_key,
    draw_card,
    encode_card,
    layout_card,
)
from storefront_social_cards.settings import (
    SOCIAL_CARD_SETTINGS,
    fonts_from_settings,
    social_card_problems,
    style_from_settings,
)

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "cards"
GOLDEN_TOLERANCE = 2  # per channel, 0-255
GOLDEN_MAX_PIXELS = 100  # pixels allowed beyond the tolerance (of 756,000)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    """The system's fonts, with the same line breaks whether PyICU is installed or not."""
    found = FontSet()
    found.icu = False
    return found


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A product photo (JPEG, as a merchant uploads it) and a transparent PNG logo."""
    base = tmp_path_factory.mktemp("card-assets")
    photo = Image.new("RGB", (1000, 800), (238, 238, 242))
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle((260, 170, 740, 650), radius=70, fill=(250, 250, 252),
                           outline=(170, 170, 180), width=6)
    for y in (300, 390):
        draw.rounded_rectangle((440, y, 560, y + 34), radius=17, fill=(40, 40, 48))
    draw.rectangle((430, 480, 570, 540), fill=(20, 20, 24))
    draw.ellipse((60, 60, 160, 160), fill=(200, 40, 40))  # marks the top-left corner
    photo.save(base / "front.jpg", quality=90)
    logo = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    ldraw = ImageDraw.Draw(logo)
    ldraw.ellipse((0, 0, 239, 239), fill=(179, 38, 30, 255))
    ldraw.polygon([(60, 60), (120, 190), (180, 60), (150, 60), (120, 130), (90, 60)],
                  fill=(255, 255, 255, 255))
    logo.save(base / "logo.png")
    return {"photo": base / "front.jpg", "logo": base / "logo.png"}


def money(amount: str, currency: str, locale: str) -> str:
    return format_money(Decimal(amount), currency, locale)


def golden_specs(assets: dict[str, Path]) -> dict[str, CardSpec]:
    photo, logo = assets["photo"], assets["logo"]
    return {
        "latin": CardSpec("Voltaro 65 W GaN Charger, 3 Ports", "en", "ltr",
                          money("39.99", "USD", "en_US"), money("49.99", "USD", "en_US"),
                          photo, "Voltaro", logo, "Black Friday −20%", "Chargers"),
        "japanese": CardSpec("Voltaro 65W GaN充電器 3ポート（ブラック）、"
                             "ノートパソコン・スマホ対応", "ja", "ltr",
                             money("4980", "JPY", "ja_JP"), None, photo, "Voltaro", logo,
                             "新発売", "充電器"),
        "arabic": CardSpec("سماعة لاسلكية ٢ — 45 ر.س من Voltaro", "ar", "rtl",
                           money("45", "SAR", "ar_SA"), money("59", "SAR", "ar_SA"), photo,
                           "Voltaro", logo, "الجمعة البيضاء", "سماعات"),
        "hindi": CardSpec("वायरलेस हेडफ़ोन, 30 घंटे की बैटरी", "hi", "ltr",
                          money("2499", "INR", "hi_IN"), None, photo, "Voltaro", logo, "नया",
                          None),
        "long-title": CardSpec(
            "Voltaro MagSnap Wireless Power Bank 10,000 mAh with Kickstand, USB-C PD 20 W "
            "Fast Charging, LED Display and Travel Pouch — Compatible with Every Phone",
            "en", "ltr", money("59.99", "USD", "en_US"), None, photo, "Voltaro", logo, None,
            "Power banks"),
        "home": CardSpec("Voltaro", "en", "ltr", None, None, None, "Voltaro", logo, None,
                         "Chargers, cables and power banks that travel well"),
    }


# -- golden images ---------------------------------------------------------------------------

def _font_digests(fonts: FontSet, lang: str) -> list[str]:
    """The fonts a golden depends on: the packaged faces of its language (the system's last
    resorts vary between machines and draw nothing in these cards)."""
    return [d for bold in (False, True)
            for d in fonts.chain(lang, bold).digests(fonts.chain(lang, bold).faces)]


def _without_japanese() -> FontSet:
    """A machine without any Japanese font: no package, no system font."""
    found = FontSet(system_dirs=[],
                    packages={k: v for k, v in PACKAGED.items() if k != "cjk-jp"})
    found.icu = False
    return found


def _differing(a: Image.Image, b: Image.Image, tolerance: int) -> int:
    """How many pixels differ by more than ``tolerance`` in some channel."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    over = [band.point(lambda v: 255 if v > tolerance else 0) for band in diff.split()]
    mask = ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])
    return mask.histogram()[255]


@pytest.mark.parametrize("name", ["latin", "japanese", "arabic", "hindi", "long-title", "home",
                                  "japanese-without-font"])
def test_card_matches_golden(name: str, fonts: FontSet, assets: dict[str, Path],
                             update_goldens: bool, tmp_path: Path) -> None:
    spec = golden_specs(assets)[name.removesuffix("-without-font")]
    if name.endswith("-without-font"):
        fonts = _without_japanese()
    image = draw_card(spec, CardStyle(), fonts)
    assert image.size == (WIDTH, HEIGHT)
    golden = GOLDEN_DIR / f"{name}.png"
    digests = _font_digests(fonts, spec.lang)
    if update_goldens:
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        info = PngImagePlugin.PngInfo()
        info.add_text("fonts", json.dumps(digests))
        info.add_text("engine", json.dumps(engine_versions(fonts), sort_keys=True))
        image.save(golden, optimize=True, pnginfo=info)
        return
    assert golden.exists(), f"{golden} is missing; draw it with --update-goldens"
    with Image.open(golden) as stored:
        drawn_with = json.loads(stored.text.get("fonts", "[]"))  # type: ignore[attr-defined]
        # the fonts come from pinned Python packages, so they are the same on every machine
        assert drawn_with == digests, (
            f"{golden.name} was drawn with other font files than the packaged ones installed "
            "here (did the lock file change?); redraw it (tests/golden/cards/README.md)")
        expected = stored.convert("RGB")
    different = _differing(image, expected, GOLDEN_TOLERANCE)
    if different > GOLDEN_MAX_PIXELS:
        image.save(tmp_path / f"{name}-actual.png")
        ImageChops.difference(image, expected).save(tmp_path / f"{name}-diff.png")
        pytest.fail(f"{name}: {different} pixels differ from {golden} by more than "
                    f"{GOLDEN_TOLERANCE}; see {tmp_path}/{name}-actual.png and -diff.png")


def test_a_card_without_a_font_for_its_script_keeps_photo_price_and_logo(
        assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["japanese"]
    layout = layout_card(spec, CardStyle(), _without_japanese())
    # nothing drawn as tofu boxes: the Japanese texts are left out...
    assert layout.title is None and layout.subtitle is None and layout.badge is None
    # ...the rest is the usual card: the photo, the logo, the brand and the price (its
    # full-width yen sign drawn as the Latin one)
    assert layout.photo is not None and layout.logo is not None
    assert layout.brand is not None and layout.price is not None
    assert "".join(r.text for r in layout.price.lines[0].runs) == "¥4,980"
    image = draw_card(spec, CardStyle(), _without_japanese())
    assert image.size == (WIDTH, HEIGHT)


def test_golden_comparison_notices_a_changed_price(fonts: FontSet,
                                                   assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["latin"]
    a = draw_card(spec, CardStyle(), fonts)
    b = draw_card(dataclasses.replace(spec, price="$38.99"), CardStyle(), fonts)
    assert _differing(a, b, GOLDEN_TOLERANCE) > 3 * GOLDEN_MAX_PIXELS


# -- safe area -------------------------------------------------------------------------------

TITLES = {
    "en": ["Pen", "Voltaro 65 W GaN Charger, 3 Ports",
           "Supercalifragilisticexpialidocious-Wireless-Noise-Cancelling-Headphones-Pro-Max",
           "A " * 120],
    "de": ["Donaudampfschifffahrtsgesellschaftskapitänsmützenladegerät mit 3 Anschlüssen"],
    "ja": ["ワイヤレス充電器", "【新発売】モバイルバッテリー２００００ｍＡｈ「PD対応」" * 3],
    "zh-CN": ["Voltaro 65W 氮化镓充电器，3 个接口（黑色）" * 2],
    "ko": ["Voltaro 65W GaN 충전기 3포트 (블랙)"],
    "ar": ["سماعة لاسلكية ٢ — 45 ر.س", "شاحن Voltaro GaN بقدرة 65 W و3 منافذ " * 4],
    "he": ["מטען Voltaro GaN בהספק 65 W עם 3 יציאות"],
    "hi": ["वायरलेस हेडफ़ोन, 30 घंटे की बैटरी — ₹2,499" * 2],
    "th": ["หูฟังไร้สายตัดเสียงรบกวน แบตเตอรี่ 30 ชั่วโมง" * 3],
}
PRICES = {"en": ("$1,299.00", "$1,499.00"), "de": ("1.245,50 €", "1.599,00 €"),
          "ja": ("￥129,800", "￥149,800"), "zh-CN": ("¥2,999.00", "¥3,499.00"),
          "ko": ("₩1,590,000", "₩1,890,000"), "ar": ("\u200f1,245.50\xa0ر.س.\u200f",
                                                      "\u200f1,599.00\xa0ر.س.\u200f"),
          "he": ("‏1,245.50 ‏₪", "‏1,599.00 ‏₪"), "hi": ("₹1,24,550.00", "₹1,59,900.00"),
          "th": ("฿12,990.00", "฿15,990.00")}
RTL = {"ar", "he"}


def _variants(lang: str, title: str, assets: dict[str, Path]) -> list[CardSpec]:
    price, regular = PRICES[lang]
    direction = "rtl" if lang in RTL else "ltr"
    badge = {"ja": "ブラックフライデー", "ar": "الجمعة البيضاء", "hi": "दिवाली सेल"}.get(
        lang, "Black Friday −20%")
    return [
        CardSpec(title, lang, direction, price, regular, assets["photo"], "Voltaro",
                 assets["logo"], badge, title[:40]),
        CardSpec(title, lang, direction, price, None, None, "Voltaro Electronics International",
                 None, badge, None),
        CardSpec(title, lang, direction, None, None, None, "", assets["logo"], None, title),
    ]


def _outside_safe_area(image: Image.Image, style: CardStyle) -> Box | None:
    """The box of non-background pixels outside the safe area, if any."""
    background = Image.new("RGB", image.size, style.background)
    diff = ImageChops.difference(image, background).convert("L").point(lambda v: 255 if v else 0)
    m = style.margin
    ImageDraw.Draw(diff).rectangle((m, m, WIDTH - m - 1, HEIGHT - m - 1), fill=0)
    found = diff.getbbox()
    return Box(*found) if found else None


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_everything_drawn_stays_inside_the_safe_area(lang: str, fonts: FontSet,
                                                     assets: dict[str, Path]) -> None:
    style = CardStyle()
    safe = Box(style.margin, style.margin, WIDTH - style.margin, HEIGHT - style.margin)
    for title in TITLES[lang]:
        for spec in _variants(lang, title, assets):
            layout = layout_card(spec, style, fonts)
            for name, box in layout.boxes().items():
                assert safe.contains(box), (lang, title[:30], name, box)
            for name, block in layout.blocks().items():
                assert block.missing == "", (name, block.missing)
            # no two elements overlap (the badge sits on the photo, the strike on its price)
            named = {n: b for n, b in layout.boxes().items()
                     if n not in ("panel", "photo", "strike", "badge_text")}
            for (n1, a), (n2, b) in itertools.combinations(named.items(), 2):
                assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0, (n1, n2)
            if layout.badge is not None:
                assert layout.badge.contains(layout.boxes()["badge_text"])
    # and the pixels agree with the measured boxes
    spec = _variants(lang, TITLES[lang][-1], assets)[0]
    assert _outside_safe_area(draw_card(spec, style, fonts), style) is None


def test_the_safe_area_check_sees_pixels_in_the_margin(fonts: FontSet,
                                                       assets: dict[str, Path]) -> None:
    style = CardStyle()
    image = draw_card(golden_specs(assets)["latin"], style, fonts)
    image.putpixel((10, 300), (0, 0, 0))
    assert _outside_safe_area(image, style) == Box(10, 300, 11, 301)


def test_a_very_long_title_is_truncated_with_an_ellipsis(fonts: FontSet,
                                                         assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["long-title"]
    layout = layout_card(spec, CardStyle(), fonts)
    assert layout.title is not None and layout.title.truncated
    assert layout.title.lines[-1].text.endswith(ELLIPSIS)
    assert len(layout.title.lines) <= CardStyle().title_max_lines
    assert layout.title.size == CardStyle().title_min_size


# -- sale price, mirroring ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sale_shows_the_regular_price_struck_through_after_the_price(
        lang: str, fonts: FontSet, assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["latin" if lang == "en" else "arabic"]
    style = CardStyle()
    layout = layout_card(spec, style, fonts)
    price, regular, strike = layout.price, layout.regular_price, layout.strike
    assert price is not None and regular is not None and strike is not None
    assert regular.size < price.size
    # same baseline; the regular price follows in reading order
    assert regular.lines[0].baseline == price.lines[0].baseline
    if lang == "en":
        assert regular.ink.x0 > price.ink.x1
    else:
        assert regular.ink.x1 < price.ink.x0
    # the line crosses the whole regular price, through the middle of its digits
    assert strike.x0 <= regular.ink.x0 + 2 and strike.x1 >= regular.ink.x1 - 2
    assert regular.ink.y0 < strike.y0 < strike.y1 < regular.lines[0].baseline
    image = draw_card(spec, style, fonts)
    middle = ((strike.x0 + strike.x1) // 2, (strike.y0 + strike.y1) // 2)
    assert image.getpixel(middle) == tuple(int(style.muted[i:i + 2], 16) for i in (1, 3, 5))
    # no sale: no struck price
    plain = layout_card(dataclasses.replace(spec, regular_price=None), style, fonts)
    assert plain.regular_price is None and plain.strike is None


def test_a_regular_price_with_no_room_beside_the_price_goes_above_it(
        fonts: FontSet, assets: dict[str, Path]) -> None:
    spec = CardSpec("Voltaro Station", "en", "ltr", "$1,299,999.00–$1,899,999.00",
                    "$1,499,999.00–$1,999,999.00", assets["photo"], "Voltaro")
    layout = layout_card(spec, CardStyle(), fonts)
    price, regular, title = layout.price, layout.regular_price, layout.title
    assert price is not None and regular is not None and title is not None
    assert regular.box.y1 <= price.box.y0 and title.box.y1 <= regular.box.y0
    assert not price.truncated and not regular.truncated


def test_rtl_cards_are_mirrored(fonts: FontSet, assets: dict[str, Path]) -> None:
    style = CardStyle()
    ltr = layout_card(golden_specs(assets)["latin"], style, fonts)
    rtl = layout_card(golden_specs(assets)["arabic"], style, fonts)
    assert ltr.panel is not None and rtl.panel is not None
    assert ltr.panel == rtl.panel.mirror(WIDTH)
    assert ltr.panel.x1 == WIDTH - style.margin and rtl.panel.x0 == style.margin
    assert ltr.logo is not None and rtl.logo is not None
    assert ltr.logo.x0 == style.margin and rtl.logo.x1 == WIDTH - style.margin
    assert rtl.title is not None and rtl.price is not None and rtl.brand is not None
    for block in (rtl.title, rtl.price):  # text starts at the right edge of its column
        assert max(line.box.x1 for line in block.lines) == WIDTH - style.margin
    assert rtl.brand.box.x1 < rtl.logo.x0  # the brand name follows the logo, leftwards
    assert ltr.badge is not None and rtl.badge is not None
    assert ltr.badge.x0 < ltr.panel.x0 + 40 and rtl.badge.x1 > rtl.panel.x1 - 40
    # the photo itself is not flipped: its red top-left mark stays at the top left
    image = draw_card(golden_specs(assets)["arabic"], style, fonts)
    photo = rtl.photo
    assert photo is not None
    r, g, b = image.getpixel((photo.x0 + photo.width * 11 // 100,
                              photo.y0 + photo.height * 14 // 100))
    assert r > 150 and g < 100


def test_photo_placement_and_fit_follow_the_style(fonts: FontSet,
                                                  assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["latin"]
    start = layout_card(spec, CardStyle(photo="start"), fonts)
    assert start.panel is not None and start.panel.x0 == 60
    none = layout_card(spec, CardStyle(photo="none"), fonts)
    assert none.panel is None and none.photo is None
    assert none.title is not None and start.title is not None
    cover = layout_card(spec, CardStyle(photo_fit="cover"), fonts)
    assert cover.photo == cover.panel


def test_a_missing_or_broken_photo_is_a_clear_error(fonts: FontSet, tmp_path: Path,
                                                    assets: dict[str, Path]) -> None:
    spec = golden_specs(assets)["latin"]
    missing = tmp_path / "gone.jpg"
    with pytest.raises(StorefrontError, match=r"gone\.jpg: the photo .* does not exist"):
        draw_card(dataclasses.replace(spec, photo=missing), CardStyle(), fonts)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    with pytest.raises(StorefrontError, match=r"broken\.jpg: the photo .* cannot be read"):
        draw_card(dataclasses.replace(spec, photo=broken), CardStyle(), fonts)


# -- bytes -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def noisy_card(fonts: FontSet, tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """The hardest card to compress: a photo of pure noise, filling the panel."""
    path = tmp_path_factory.mktemp("noise") / "noise.png"
    Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(path)
    spec = CardSpec("Noise", "en", "ltr", "$1.00", None, path, "Voltaro")
    return draw_card(spec, CardStyle(photo_fit="cover"), fonts)


def test_jpeg_cards_are_under_1_mb(noisy_card: Image.Image) -> None:
    data = encode_card(noisy_card, CardStyle())
    assert len(data) < 1_000_000
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.format == "JPEG" and decoded.size == (WIDTH, HEIGHT)
    # a tighter limit lowers the quality until the card fits
    small = encode_card(noisy_card, CardStyle(), max_bytes=len(data) // 2)
    assert len(small) <= len(data) // 2


def test_png_cards_fall_back_to_256_colours_when_too_big(noisy_card: Image.Image) -> None:
    full = encode_card(noisy_card, CardStyle(format="png"), max_bytes=10_000_000)
    limit = len(full) - 1
    data = encode_card(noisy_card, CardStyle(format="png"), max_bytes=limit)
    assert len(data) <= limit
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.format == "PNG" and decoded.mode == "P"


def test_a_card_that_cannot_fit_the_limit_is_a_clear_error(noisy_card: Image.Image) -> None:
    with pytest.raises(StorefrontError, match="over the 1,000 byte limit"):
        encode_card(noisy_card, CardStyle(), max_bytes=1000)


# -- content key -------------------------------------------------------------------------------

def test_the_key_is_stable_and_changes_exactly_when_an_input_changes(
        fonts: FontSet, assets: dict[str, Path], tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    shutil.copy(assets["photo"], photo)
    logo = tmp_path / "logo.png"
    shutil.copy(assets["logo"], logo)
    spec = CardSpec("Pen", "en", "ltr", "$29.99", "$39.99", photo, "Voltaro", None, "New",
                    "Stylus")
    style = CardStyle(logo=logo)
    key = card_key(spec, style, fonts)
    assert len(key) == 64
    again = FontSet()
    again.icu = False
    assert card_key(spec, style, again) == key  # same inputs, new build: same key
    changed_spec = {
        "title": "Pen 2", "lang": "de", "direction": "rtl", "price": "$28.99",
        "regular_price": None, "photo": assets["photo"].with_name("logo.png"),
        "brand": "Acme", "logo": assets["logo"], "badge": None, "subtitle": "Pens",
    }
    assert set(changed_spec) == {f.name for f in dataclasses.fields(CardSpec)}
    keys = {key}
    for name, value in changed_spec.items():
        other = card_key(dataclasses.replace(spec, **{name: value}), style, fonts)
        assert other not in keys, name
        keys.add(other)
    for f in dataclasses.fields(CardStyle):
        value = getattr(style, f.name)
        new = {str: "#000001", int: 41, Path: assets["logo"]}.get(type(value), value)
        if f.name in ("photo",):
            new = "start"
        elif f.name == "photo_fit":
            new = "cover"
        elif f.name == "format":
            new = "png"
        elif f.name == "logo":
            new = None
        other = card_key(spec, dataclasses.replace(style, **{f.name: new}), fonts)
        assert other not in keys, f.name
        keys.add(other)
    # the photo's bytes, not its name: same path, new pixels
    with Image.open(photo) as im:
        im.rotate(90).save(photo)
    assert card_key(spec, style, fonts) not in keys
    # and the font file's bytes
    font = tmp_path / "brand.ttf"
    shutil.copy(fonts.chain("en").primary.path, font)
    before = card_key(spec, style, FontSet({"latin": {"regular": font}}))
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", font)
    after = card_key(spec, style, FontSet({"latin": {"regular": font}}))
    assert before != after
    # and what lays the text out: dictionary line breaks change where lines end
    with_icu = FontSet()
    with_icu.icu = True
    assert card_key(spec, style, with_icu) != key


def test_markets_never_share_a_key_when_their_cards_differ(fonts: FontSet,
                                                           assets: dict[str, Path]) -> None:
    base = CardSpec("Voltaro 65 W GaN Charger", "en", "ltr", money("39.99", "USD", "en_US"),
                    None, assets["photo"], "Voltaro")
    gb = dataclasses.replace(base, price=money("34.99", "GBP", "en_GB"))
    de = dataclasses.replace(base, lang="de", price=money("36.99", "EUR", "de_DE"))
    assert len({card_key(s, CardStyle(), fonts) for s in (base, gb, de)}) == 3


# -- settings ------------------------------------------------------------------------------------

def test_settings_errors_name_the_key_and_say_how_to_fix(tmp_path: Path) -> None:
    problems = social_card_problems({
        "acent": "#ff0000", "background": "white", "format": "gif", "quality": 0,
        "photo": "right", "logo": "brand/logo.png", "title_min_size": 70,
        "fonts": {"ja": {"regular": "fonts/jp.woff2"}, "Japanese": {"regular": "a.ttf"}},
    }, tmp_path)
    text = [str(p) for p in problems]
    assert ('pelicanconf.py: STORE_SOCIAL_CARDS: "acent" is not a setting of share cards; did '
            'you mean "accent"?') in text
    assert any(t.startswith("pelicanconf.py: STORE_SOCIAL_CARDS.background: 'white' is not a "
                            "colour; write it as #rrggbb") for t in text)
    assert any("STORE_SOCIAL_CARDS.format: \"gif\" is not a format; use jpeg or png" in t
               for t in text)
    assert any("STORE_SOCIAL_CARDS.quality: 0 must be a whole number from 30 to 100" in t
               for t in text)
    assert any("STORE_SOCIAL_CARDS.photo: \"right\" is not a choice; use end or start or none"
               in t for t in text)
    assert any("STORE_SOCIAL_CARDS.logo: brand/logo.png: no such file" in t for t in text)
    assert any("STORE_SOCIAL_CARDS.title_min_size: 70 is above title_max_size" in t
               for t in text)
    assert any("STORE_SOCIAL_CARDS.fonts.ja.regular: 'fonts/jp.woff2' is not a font file" in t
               for t in text)
    assert any("STORE_SOCIAL_CARDS.fonts.Japanese: 'Japanese' is not a language code" in t
               for t in text)
    assert len(problems) == 9


def test_settings_build_the_style_and_fonts(tmp_path: Path) -> None:
    (tmp_path / "brand").mkdir()
    Image.new("RGBA", (10, 10)).save(tmp_path / "brand" / "logo.png")
    (tmp_path / "fonts").mkdir()
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", tmp_path / "fonts" / "b.ttf")
    value = {"accent": "#0b57d0", "format": "png", "logo": "brand/logo.png",
             "fonts": {"latin": {"regular": "fonts/b.ttf"}}, "font_dirs": ["fonts"]}
    assert social_card_problems(value, tmp_path) == []
    style = style_from_settings(value, tmp_path)
    assert style.accent == "#0b57d0" and style.format == "png"
    assert style.logo == tmp_path / "brand" / "logo.png"
    assert style.background == CardStyle().background  # defaults kept
    fonts = fonts_from_settings(value, tmp_path)
    assert fonts.chain("en").primary.path == tmp_path / "fonts" / "b.ttf"
    assert fonts.dirs[0] == tmp_path / "fonts"
    with pytest.raises(StorefrontError, match="STORE_SOCIAL_CARDS.format"):
        style_from_settings({"format": "webp"}, tmp_path)


def test_the_setting_is_declared_with_a_check() -> None:
    (setting,) = SOCIAL_CARD_SETTINGS
    assert setting.name == "STORE_SOCIAL_CARDS" and setting.default == {}
    assert setting.check is not None
    assert setting.check({"accent": "#123456"}) is None
    assert setting.check({"accent": "#12345"}) == (
        "accent: '#12345' is not a colour; write it as #rrggbb, e.g. '#1a73e8'")


def test_a_font_set_sent_to_a_worker_process_draws_the_same_card(
        fonts: FontSet, assets: dict[str, Path]) -> None:
    import pickle

    spec = golden_specs(assets)["arabic"]
    before = card_key(spec, CardStyle(), fonts)
    copy = pickle.loads(pickle.dumps(fonts))
    assert card_key(spec, CardStyle(), copy) == before
    a, b = draw_card(spec, CardStyle(), fonts), draw_card(spec, CardStyle(), copy)
    assert ImageChops.difference(a, b).getbbox() is None


def test_with_pyicu_japanese_titles_break_between_dictionary_words(
        icu: None, assets: dict[str, Path]) -> None:
    with_icu = FontSet()
    assert with_icu.icu
    spec = CardSpec("Voltaro MagSnap ワイヤレスモバイルバッテリー 5,000mAh", "ja", "ltr", "￥5,980",
                    None, assets["photo"], "Voltaro")
    layout = layout_card(spec, CardStyle(), with_icu)
    assert layout.title is not None
    words = ("Voltaro", "MagSnap", "ワイヤレス", "モバイル", "バッテリー", "5,000mAh")
    for line in layout.title.lines:  # every line is made of whole words
        rest = line.text.replace(" ", "")
        while rest:
            word = next((w for w in words if rest.startswith(w)), None)
            assert word is not None, [x.text for x in layout.title.lines]
            rest = rest[len(word):]
