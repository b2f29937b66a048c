"""What the share cards' shortcuts must keep true: a photo decoded at half size (libjpeg's
DCT scaling) draws the card a full decode draws, within a stated tolerance and without the
moiré a decode at the drawn size makes; cards drawn one after another (photo, background,
measurements and glyph masks reused across markets) are the pixels of cards drawn alone;
languages shaped alike share measurements, and only they; ink boxes taken from rendered glyph
masks are Pillow's bounding boxes; wraps skipped for their nominal height change no layout."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

import storefront_core.text as text_module
import storefront_social_cards.card as card_module
from storefront_core.fonts import FontSet
from storefront_core.text import Box, fit_text, line_height_for
from storefront_social_cards.card import CardSpec, CardStyle, draw_card, layout_card


def _fonts() -> FontSet:
    found = FontSet()
    found.icu = False
    return found


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return _fonts()


def _forget_drawings() -> None:
    """Nothing drawn before: no fitted photos, backgrounds or glyph masks kept."""
    card_module._FITTED.clear()
    card_module._BACKGROUNDS.clear()
    text_module._MASKS.clear()


def _fabric(path: Path) -> Path:
    """A 2000 px product photo of a fine fabric (threads 3 px apart, slanted) with a red ring:
    what moiré shows on when a photo is scaled down carelessly."""
    image = Image.new("RGB", (2000, 2000), (236, 232, 226))
    draw = ImageDraw.Draw(image)
    for x in range(-2000, 2000, 3):
        draw.line((x, 0, x + 700, 2000), fill=(40, 60, 120), width=1)
    draw.ellipse((500, 500, 1500, 1500), outline=(180, 30, 30), width=24)
    image.save(path, quality=90)
    return path


def _photo_difference(a: Image.Image, b: Image.Image, box: Box) -> tuple[int, float]:
    """(largest, mean) difference of two cards over the photo, per channel (0-255)."""
    diff = ImageChops.difference(a, b).crop((box.x0, box.y0, box.x1, box.y1))
    largest = max(high for _, high in diff.getextrema())  # type: ignore[misc]
    return largest, sum(ImageStat.Stat(diff).mean) / 3


def test_a_photo_twice_the_drawn_size_is_decoded_at_half_size_and_draws_the_same_card(
        fonts: FontSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = _fabric(tmp_path / "fabric.jpg")
    spec = CardSpec("Linen shirt", "en", "ltr", "$39.00", None, photo, "Voltaro")
    layout = layout_card(spec, CardStyle(), fonts)
    assert layout.photo is not None and layout.photo.width == 454
    # decoded at 1000 px, not 2000: libjpeg scales in the DCT, a quarter of the pixels
    assert card_module._open_image(photo, "photo", (454, 454)).size == (1000, 1000)
    _forget_drawings()
    half = draw_card(spec, CardStyle(), fonts)
    with Image.open(photo) as decoded:  # every pixel of the photo, saved losslessly
        decoded.convert("RGB").save(tmp_path / "full.png")
    _forget_drawings()
    full = draw_card(dataclasses.replace(spec, photo=tmp_path / "full.png"), CardStyle(), fonts)
    largest, mean = _photo_difference(half, full, layout.photo)
    # measured: at most 14 and 0.52 on average; a decode at the drawn size (500 px) differs by
    # 24 and 4.7 (the fabric's moiré), which these bounds refuse
    assert largest <= 18 and mean <= 1.5, (largest, mean)
    # outside the photo the cards are the same pixels
    outside = Image.new("L", full.size, 255)
    ImageDraw.Draw(outside).rectangle((layout.photo.x0, layout.photo.y0, layout.photo.x1 - 1,
                                       layout.photo.y1 - 1), fill=0)
    assert ImageChops.difference(half, full).getbbox() is not None
    assert Image.composite(ImageChops.difference(half, full), Image.new("RGB", full.size),
                           outside).getbbox() is None

    def at_drawn_size(path: Path, what: str, max_size: tuple[int, int]) -> Image.Image:
        im = Image.open(path)
        im.draft("RGB", max_size)
        im.load()
        return im

    # the bounds above notice a decode at the drawn size
    monkeypatch.setattr(card_module, "_open_image", at_drawn_size)
    _forget_drawings()
    careless = draw_card(spec, CardStyle(), fonts)
    largest, mean = _photo_difference(careless, full, layout.photo)
    assert largest > 18 or mean > 1.5


def _markets(photo: Path) -> list[CardSpec]:
    """One product's cards in the markets of a store (en-US and en-GB share the title)."""
    return [
        CardSpec("Voltaro 65 W GaN Charger, 3 Ports", "en-US", "ltr", "$39.99", "$49.99", photo,
                 "Voltaro", None, "Sale", "Chargers"),
        CardSpec("Voltaro 65-W-GaN-Ladegerät mit 3 Anschlüssen", "de-DE", "ltr", "36,99 €",
                 None, photo, "Voltaro", None, None, "Ladegeräte"),
        CardSpec("Voltaro 65W GaN充電器 3ポート", "ja-JP", "ltr", "￥5,980", None, photo,
                 "Voltaro"),
        CardSpec("شاحن Voltaro GaN بقدرة 65 واط", "ar-SA", "rtl", "149 ر.س", None, photo,
                 "Voltaro", None, "جديد"),
        CardSpec("Voltaro 65 W GaN Charger, 3 Ports", "en-GB", "ltr", "£31.99", "£39.99",
                 photo, "Voltaro", None, "Sale", "Chargers"),
    ]


@pytest.mark.parametrize("fit", ["contain", "cover"])
def test_cards_drawn_one_after_another_are_the_pixels_of_cards_drawn_alone(
        fit: str, tmp_path: Path) -> None:
    photo = _fabric(tmp_path / "fabric.jpg")
    style = CardStyle(photo_fit=fit)
    _forget_drawings()
    batch_fonts = _fonts()
    batch = [draw_card(spec, style, batch_fonts) for spec in _markets(photo)]
    for spec, drawn in zip(_markets(photo), batch, strict=True):
        _forget_drawings()  # its own decode, background, measurements and masks
        alone = draw_card(spec, style, _fonts())
        assert ImageChops.difference(drawn, alone).getbbox() is None, spec.lang


def test_languages_shaped_alike_share_measurements_and_only_they() -> None:
    fonts = _fonts()

    def shared(a: str, b: str) -> bool:
        return fonts.chain(a, True).measured is fonts.chain(b, True).measured

    assert shared("en-US", "en-GB") and shared("de-DE", "de-AT") and shared("es-ES", "es-419")
    # another language, or a region with an OpenType language system of its own
    assert not shared("en-US", "de-DE")
    assert not shared("ro-RO", "ro-MD")  # Moldavian
    assert not shared("zh-CN", "zh-TW") and not shared("zh-HK", "zh-CN")
    assert not shared("sr-RS", "sr-Latn-RS")
    # a title measured for en-US is the same block for en-GB
    box = Box(0, 0, 560, 260)
    us = fit_text("Voltaro MagSnap Wireless Power Bank", box, fonts.chain("en-US", True),
                  68, 34, 3)
    gb = fit_text("Voltaro MagSnap Wireless Power Bank", box, fonts.chain("en-GB", True),
                  68, 34, 3)
    assert gb is us


@pytest.mark.parametrize("lang,text", [
    ("en", "Voltaro 65 W GaN Charger, 3 Ports — fast"),
    ("ar", "شاحن Voltaro GaN بقدرة 65 واط"),
    ("ja", "Voltaro 65W GaN充電器 3ポート（ブラック）"),
    ("hi", "वायरलेस हेडफ़ोन, 30 घंटे की बैटरी"),
])
def test_ink_boxes_are_pillows_bounding_boxes(lang: str, text: str, fonts: FontSet) -> None:
    """Runs are measured from their rendered glyph masks (drawn from the same masks): the
    ink box of each run is what Pillow's getbbox says."""
    chain = fonts.chain(lang, True)
    block = fit_text(text, Box(0, 0, 520, 300), chain, 60, 24, 3)
    assert block.lines
    for line in block.lines:
        for run in line.runs:
            kwargs = ({"direction": "rtl" if run.rtl else "ltr", "language": chain.lang}
                      if fonts.raqm else {})
            x0, y0, x1, y1 = chain.font(run.face, block.size).getbbox(run.text, anchor="ls",
                                                                      **kwargs)
            right = max(int(x1), math.ceil(run.advance))
            assert run.ink == Box(run.x + int(x0), line.baseline + int(y0),
                                  run.x + int(right), line.baseline + int(y1)), run.text


TITLES = [
    ("en", "Voltaro MagSnap Wireless Power Bank 10,000 mAh with Kickstand and USB-C PD 20 W"),
    ("en", "Pen"),
    ("de", "Donaudampfschifffahrtsgesellschaftskapitänsmützenladegerät mit 3 Anschlüssen"),
    ("ja", "Voltaro 65W GaN充電器 3ポート（ブラック）、ノートパソコン・スマホ対応"),
    ("ar", "سماعة لاسلكية ٢ — 45 ر.س من Voltaro بعزل الضوضاء وبطارية تدوم طويلا"),
    ("hi", "वायरलेस हेडफ़ोन, 30 घंटे की बैटरी और तेज़ चार्जिंग के साथ"),
]


@pytest.mark.parametrize("height", [90, 150, 230])
def test_wraps_too_tall_for_their_nominal_height_are_skipped_without_changing_a_layout(
        height: int, monkeypatch: pytest.MonkeyPatch) -> None:
    box = Box(0, 0, 560, height)
    fitted = [fit_text(t, box, _fonts().chain(lang, True), 84, 30, 4) for lang, t in TITLES]
    # every block is at least its nominal height: what the shortcut relies on
    for (lang, _), block in zip(TITLES, fitted, strict=True):
        assert block.box.height >= text_module._nominal_height(
            block.size, len(block.lines), line_height_for(lang))
    monkeypatch.setattr(text_module, "_nominal_height", lambda *_: 0)  # lay out every wrap
    for (lang, t), block in zip(TITLES, fitted, strict=True):
        again = fit_text(t, box, _fonts().chain(lang, True), 84, 30, 4)
        assert dataclasses.replace(again, chain=block.chain) == block, t
