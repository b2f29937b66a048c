"""Hero images of running campaigns: the banner's text drawn with Pillow on the campaign's
colours (and background image), per market, in every script.

The text goes through the share cards' engine (``storefront_core.text``): runs by
font coverage, raqm shaping and bidi, kinsoku line breaks, shrink-wrap-ellipsis fitting. A
campaign asks for one with ``hero: true``; the home page of each of its markets shows it.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps

from storefront_core.fonts import FontSet, file_digest
from storefront_core.text import Box, draw_text, engine_versions, fit_text

#: pixels: wide and low, like a shop's hero strip (shown at most 1200 CSS px wide)
WIDTH, HEIGHT = 1600, 500
MARGIN = 80
HERO_VERSION = 1  # bump when the drawing changes


@dataclass(frozen=True)
class HeroSpec:
    """Everything a hero image shows."""

    title: str  # the banner text
    subtitle: str  # e.g. the end date, or the coupon
    lang: str
    rtl: bool
    background: str  # "#rrggbb"
    color: str
    image: Path | None = None  # background photo, cropped to fill, under a colour veil


def hero_key(spec: HeroSpec, fonts: FontSet) -> str:
    """Content address of a hero image: its texts, colours, photo bytes, fonts and code."""
    data = asdict(spec)
    data["image"] = file_digest(spec.image) if spec.image is not None else None
    data["fonts"] = [list(fonts.chain(spec.lang, bold=bold).digests()) for bold in (True, False)]
    data["engine"] = engine_versions(fonts)
    data["version"] = [HERO_VERSION, WIDTH, HEIGHT]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw_hero(spec: HeroSpec, fonts: FontSet) -> Image.Image:
    """The hero image: title (up to 3 lines) and subtitle, centred inside the margins."""
    image = Image.new("RGB", (WIDTH, HEIGHT), spec.background)
    if spec.image is not None:
        with Image.open(spec.image) as photo:
            photo.draft("RGB", (WIDTH, HEIGHT))
            filled = ImageOps.fit(ImageOps.exif_transpose(photo).convert("RGB"), (WIDTH, HEIGHT))
        veil = Image.new("RGB", (WIDTH, HEIGHT), spec.background)
        image = Image.blend(filled, veil, 0.72)  # the text keeps its checked contrast
    inner = Box(MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN)
    sub_height = 70 if spec.subtitle else 0
    title = fit_text(spec.title, Box(inner.x0, inner.y0, inner.x1, inner.y1 - sub_height),
                     fonts.chain(spec.lang, bold=True), 96, 44, 3, rtl=spec.rtl,
                     align="center", valign="middle")
    draw_text(image, title, spec.color)
    if spec.subtitle:
        sub = fit_text(spec.subtitle, Box(inner.x0, inner.y1 - sub_height + 16, inner.x1,
                                          inner.y1), fonts.chain(spec.lang), 40, 24, 1,
                       rtl=spec.rtl, align="center", valign="middle")
        draw_text(image, sub, spec.color)
    return image


def encode_hero(image: Image.Image) -> bytes:
    """JPEG bytes of a hero image (progressive, about 60-150 KB)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=84, optimize=True, progressive=True)
    return out.getvalue()
