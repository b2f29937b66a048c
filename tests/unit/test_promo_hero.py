"""Campaign hero images: the banner text drawn inside the margins, in every script, redrawn
exactly when an input changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from storefront_core.fonts import FontSet
from storefront_promotions.hero import HEIGHT, MARGIN, WIDTH, HeroSpec, draw_hero, hero_key


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    found = FontSet()
    found.icu = False  # the same breaks with or without PyICU
    return found


def ink_box(image: Image.Image, background: str) -> tuple[int, int, int, int]:
    plain = Image.new("RGB", image.size, background)
    box = ImageChops.difference(image.convert("RGB"), plain).getbbox()
    assert box is not None, "nothing was drawn"
    return box


@pytest.mark.parametrize("title, lang, rtl", [
    ("Black Friday: 20 % off everything until 30 November 2026", "en", False),
    ("ブラックフライデー：USB-C対応製品が15%オフ（2026年11月30日まで）", "ja", False),
    ("الجمعة البيضاء: خصم 25% على منتجات الشحن وأقلام اللمس حتى 30 نوفمبر 2026", "ar", True),
    ("दिवाली सेल: सभी चार्जर पर 20% की छूट", "hi", False),
    ("A very long banner that keeps going " * 6, "en", False),
])
def test_text_stays_inside_the_margins_in_every_script(fonts: FontSet, title: str, lang: str,
                                                       rtl: bool) -> None:
    spec = HeroSpec(title, "20-30 Nov 2026", lang, rtl, "#111111", "#ffffff")
    image = draw_hero(spec, fonts)
    assert image.size == (WIDTH, HEIGHT)
    x0, y0, x1, y1 = ink_box(image, "#111111")
    assert x0 >= MARGIN and y0 >= MARGIN and x1 <= WIDTH - MARGIN and y1 <= HEIGHT - MARGIN
    # centred: the ink is about as far from the left margin as from the right one
    assert abs((x0 - MARGIN) - (WIDTH - MARGIN - x1)) < 80


def test_a_background_photo_is_veiled_so_the_text_keeps_its_contrast(fonts: FontSet,
                                                                    tmp_path: Path) -> None:
    photo = tmp_path / "bg.jpg"
    Image.new("RGB", (800, 300), "#ffffff").save(photo)
    spec = HeroSpec("Sale", "", "en", False, "#000000", "#ffffff", photo)
    corner = draw_hero(spec, fonts).getpixel((5, 5))
    assert isinstance(corner, tuple) and max(corner) < 90  # white photo under a dark veil


def test_the_key_changes_exactly_when_what_is_drawn_changes(fonts: FontSet,
                                                           tmp_path: Path) -> None:
    photo = tmp_path / "bg.jpg"
    Image.new("RGB", (800, 300), "#336699").save(photo)
    spec = HeroSpec("Sale", "until 30 Nov", "en", False, "#000000", "#ffffff", photo)
    key = hero_key(spec, fonts)
    assert hero_key(HeroSpec("Sale", "until 30 Nov", "en", False, "#000000", "#ffffff", photo),
                    fonts) == key
    for changed in (HeroSpec("Sale!", "until 30 Nov", "en", False, "#000000", "#ffffff", photo),
                    HeroSpec("Sale", "until 1 Dec", "en", False, "#000000", "#ffffff", photo),
                    HeroSpec("Sale", "until 30 Nov", "en", False, "#000001", "#ffffff", photo)):
        assert hero_key(changed, fonts) != key
    Image.new("RGB", (800, 300), "#336698").save(photo)  # same path, other pixels
    assert hero_key(spec, fonts) != key
