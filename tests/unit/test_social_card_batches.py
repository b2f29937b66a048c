"""Share cards drawn by the thousand: a product's cards in every market share its photo's
decoding and their background, yet each shows only its own texts; a replaced photo is drawn
anew; JPEG cards are baseline (quick to encode, the same pixels); the title size found from
scaled measurements is the largest that fits."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from storefront_core.fonts import FontSet
from storefront_core.text import Box, fit_text
from storefront_social_cards.card import CardSpec, CardStyle, draw_card, encode_card
from storefront_social_cards.plugin import card_chunks, draw_cards


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    found = FontSet()
    found.icu = False
    return found


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (1200, 900), colour)
    ImageDraw.Draw(image).ellipse((300, 200, 900, 700), fill=(30, 30, 36))
    image.save(path, quality=90)
    return path


def _markets(photo: Path) -> list[CardSpec]:
    """One product's cards in five markets, as a build plans them."""
    return [
        CardSpec("Voltaro 65 W GaN Charger", "en", "ltr", "$39.99", "$49.99", photo, "Voltaro",
                 None, "Sale", "Chargers"),
        CardSpec("Voltaro 65-W-GaN-Ladegerät", "de", "ltr", "36,99 €", None, photo, "Voltaro",
                 None, None, "Ladegeräte"),
        CardSpec("Voltaro 65W GaN充電器", "ja", "ltr", "￥5,980", None, photo, "Voltaro"),
        CardSpec("شاحن Voltaro GaN بقدرة 65 واط", "ar", "rtl", "149 ر.س", None, photo,
                 "Voltaro", None, "جديد"),
        CardSpec("Voltaro 65 W GaN Charger", "en-GB", "ltr", "£31.99", None, photo, "Voltaro"),
    ]


def test_the_cards_of_one_photo_in_five_markets_decode_it_once(
        fonts: FontSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photos = [_photo(tmp_path / f"p{i}.jpg", (200, 60 * i, 90)) for i in range(3)]
    todo = [(f"{p.stem}-{n}", spec) for n in range(5) for p in photos
            for spec in [_markets(p)[n]]]  # market by market, as planned
    opened: list[str] = []
    real_open = Image.open

    def counting_open(fp: object, *args: object, **kwargs: object) -> Image.Image:
        opened.append(Path(str(fp)).name)
        return real_open(fp, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", counting_open)
    chunks = card_chunks(todo, 2)
    assert sorted(k for chunk in chunks for k, _ in chunk) == sorted(k for k, _ in todo)
    for photo in photos:  # each worker's share is whole products
        assert sum(any(spec.photo == photo for _, spec in chunk) for chunk in chunks) == 1
    out = tmp_path / "cards"
    out.mkdir()
    for chunk in chunks:
        assert draw_cards(out, CardStyle(), fonts, chunk) == []
    assert sorted(opened) == sorted(p.name for p in photos)  # 15 cards, each photo read once
    assert len(list(out.glob("*.jpg"))) == 15


def test_cards_sharing_a_photo_show_only_their_own_texts(fonts: FontSet,
                                                         tmp_path: Path) -> None:
    en, de, _, ar, _ = _markets(_photo(tmp_path / "p.jpg", (220, 180, 40)))
    first = draw_card(de, CardStyle(), fonts)
    draw_card(en, CardStyle(), fonts)  # same photo and background, other texts
    draw_card(ar, CardStyle(), fonts)  # the photo on the other side
    again = draw_card(de, CardStyle(), fonts)
    assert ImageChops.difference(first, again).getbbox() is None
    assert ImageChops.difference(first, draw_card(en, CardStyle(), fonts)).getbbox()


def test_a_photo_replaced_between_builds_is_drawn_anew(fonts: FontSet, tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg", (230, 40, 40))
    spec = _markets(photo)[0]
    red = draw_card(spec, CardStyle(photo_fit="cover"), fonts)
    _photo(photo, (40, 40, 230))  # the merchant saves a new photo under the same name
    stat = photo.stat()
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    blue = draw_card(spec, CardStyle(photo_fit="cover"), fonts)
    corner = (1200 - 60 - 40, 60 + 40)  # inside the panel, outside the dark ellipse
    r, _, b = red.getpixel(corner)  # type: ignore[misc]
    r2, _, b2 = blue.getpixel(corner)  # type: ignore[misc]
    assert r > 180 > b and b2 > 180 > r2


def test_jpeg_cards_are_baseline_with_the_same_pixels_as_progressive(
        fonts: FontSet, tmp_path: Path) -> None:
    image = draw_card(_markets(_photo(tmp_path / "p.jpg", (90, 160, 90)))[3], CardStyle(),
                      fonts)
    data = encode_card(image, CardStyle())
    progressive = io.BytesIO()
    image.save(progressive, "JPEG", quality=88, optimize=True, progressive=True, subsampling=2)
    with Image.open(io.BytesIO(data)) as fast, Image.open(progressive) as slow:
        assert not fast.info.get("progressive") and slow.info.get("progressive")
        assert ImageChops.difference(fast.convert("RGB"), slow.convert("RGB")).getbbox() is None



@pytest.mark.parametrize("fit", ["contain", "cover"])
@pytest.mark.parametrize("market", [0, 3])  # the photo on the right, and on the left (Arabic)
def test_an_opaque_photo_draws_the_same_card_as_with_an_opaque_alpha_channel(
        fit: str, market: int, fonts: FontSet, tmp_path: Path) -> None:
    """JPEG photos are pasted as they are, without an alpha mask: the same pixels as the
    photo saved with an alpha channel of 255 everywhere (drawn through its mask)."""
    jpeg = _photo(tmp_path / "p.jpg", (200, 120, 60))
    with Image.open(jpeg) as im:
        im.convert("RGBA").save(tmp_path / "p.png")  # decoded pixels, alpha 255
        im.convert("RGB").save(tmp_path / "q.png")  # the same, no alpha
    rgba, rgb = (dataclasses.replace(_markets(jpeg)[market], photo=tmp_path / name)
                 for name in ("p.png", "q.png"))
    style = CardStyle(photo_fit=fit)
    assert ImageChops.difference(draw_card(rgba, style, fonts),
                                 draw_card(rgb, style, fonts)).getbbox() is None
    # and the alpha channel is still obeyed: a transparent photo shows the panel through
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (900, 900), (255, 0, 0, 0)).save(clear)
    card = draw_card(dataclasses.replace(rgba, photo=clear), style, fonts)
    panel = (1200 - 60 - 255, 315) if market == 0 else (60 + 255, 315)
    assert card.getpixel(panel) == (255, 255, 255)  # CardStyle.panel, no red


TEXTS = {
    "en": "Voltaro MagSnap Wireless Power Bank 10,000 mAh with Kickstand",
    "de": "Donaudampfschifffahrts-Ladegerät mit drei Anschlüssen",
    "ja": "【新発売】モバイルバッテリー２００００ｍＡｈ「PD対応」",
    "ar": "شاحن Voltaro GaN بقدرة 65 W و3 منافذ",
    "hi": "वायरलेस हेडफ़ोन, 30 घंटे की बैटरी",
    "th": "หูฟังไร้สายตัดเสียงรบกวน แบตเตอรี่ 30 ชั่วโมง",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("width", [330, 520, 800])
def test_the_size_found_is_the_largest_that_fits(lang: str, width: int,
                                                 fonts: FontSet) -> None:
    chain = fonts.chain(lang, bold=True)
    rtl = lang == "ar"
    box = Box(0, 0, width, 120)
    block = fit_text(TEXTS[lang], box, chain, 80, 10, 1, rtl=rtl)
    assert not block.truncated and box.contains(block.box) and box.contains(block.ink)
    if block.size < 80:  # one pixel larger no longer fits on one line: it is truncated
        larger = fit_text(TEXTS[lang], box, chain, block.size + 1, block.size + 1, 1, rtl=rtl)
        assert larger.truncated
    # and the same text fitted again (measurements now memoized) is laid out the same
    assert dataclasses.replace(fit_text(TEXTS[lang], box, chain, 80, 10, 1, rtl=rtl),
                               chain=chain) == block
