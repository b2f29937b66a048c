"""Campaign hero images: the campaign's products, its discount, its dates and the festival's
name, composed like a shop's hero, per market, in every script and direction (pure).

Two compositions (art direction): a wide one for desktops and a portrait one for phones. The
shopper's sentence (the banner) and the call to action are HTML beside the image
(partials/promo_hero.html), so they stay text a screen reader and a translator can read; the
image draws what a hero shows at a glance: the festival's name, the dates on a pill, a sticker
with the discount and photo tiles of the products. Text goes through the shared engine
(``storefront_core.text``: fonts per script, raqm shaping, bidi, kinsoku line breaks,
fitting); a right-to-left market gets the mirror image of the layout.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from storefront_core.fonts import FontChain, FontSet, file_digest
from storefront_core.imaging import encode
from storefront_core.text import Box, TextBlock, draw_text, drawable, engine_versions, fit_text

HERO_VERSION = 2  # bump when the drawing changes: every hero is redrawn
#: the photos a hero shows at most
MAX_PHOTOS = 3


@dataclass(frozen=True)
class Frame:
    """One composition: its size and the widths it is published at (largest first)."""

    name: str
    width: int
    height: int
    widths: tuple[int, ...]


#: wide, for screens from 700 CSS px (shown at most 1200 px wide, 2x on small laptops)
DESKTOP = Frame("desktop", 1600, 560, (1600, 1200, 900))
#: portrait, for phones (shown about 343 px wide at 375 px: 750 is its 2x)
MOBILE = Frame("mobile", 750, 900, (750, 500))
FRAMES = (MOBILE, DESKTOP)
#: below this viewport width the mobile composition is shown (store.css agrees)
MOBILE_MEDIA = "(max-width: 699px)"
#: the rest: where the wide composition is shown (its preload must not fire on phones)
DESKTOP_MEDIA = "(min-width: 700px)"


@dataclass(frozen=True)
class HeroSpec:
    """Everything a hero image shows (texts already localized for its market)."""

    lang: str
    rtl: bool
    background: str  # "#rrggbb", the campaign's colours (contrast checked when read)
    color: str
    accent: str  # the sticker's fill
    accent_text: str  # the discount on it
    title: str | None  # the festival's name, large
    discount: str | None  # "−20 %"
    dates: str | None  # "Nov 24 – 30"
    photos: tuple[Path, ...] = ()  # the products' main photos, featured first
    image: Path | None = None  # the campaign's background photo, under a colour veil


@dataclass(frozen=True)
class HeroLayout:
    """Where everything of one composition goes, measured (no pixels drawn)."""

    frame: Frame
    rtl: bool
    tiles: tuple[Box, ...]  # one per photo, in the spec's order
    sticker: Box | None  # the discount's disc
    discount: TextBlock | None
    title: TextBlock | None
    pill: Box | None  # the outline around the dates
    dates: TextBlock | None


def hero_key(spec: HeroSpec, fonts: FontSet, digests: dict[Path, str] | None = None) -> str:
    """Content address of a hero: texts, colours, photo bytes, fonts, engine and code."""
    memo = {} if digests is None else digests

    def digest(path: Path) -> str:
        if path not in memo:
            memo[path] = file_digest(path)
        return memo[path]

    data = asdict(spec)
    data["photos"] = [digest(p) for p in spec.photos]
    data["image"] = digest(spec.image) if spec.image is not None else None
    data["fonts"] = [list(fonts.chain(spec.lang, bold=bold).digests()) for bold in (True, False)]
    data["engine"] = engine_versions(fonts)
    data["version"] = [HERO_VERSION, [asdict(f) for f in FRAMES]]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def drawable_spec(spec: HeroSpec, fonts: FontSet) -> HeroSpec:
    """``spec`` without the texts no installed font can draw (the photos still show)."""
    bold, regular = fonts.chain(spec.lang, bold=True), fonts.chain(spec.lang)

    def keep(text: str | None, chain: FontChain) -> str | None:
        return text if text and drawable(text, chain, spec.rtl) else None

    return HeroSpec(spec.lang, spec.rtl, spec.background, spec.color, spec.accent,
                    spec.accent_text, keep(spec.title, bold), keep(spec.discount, bold),
                    keep(spec.dates, regular), spec.photos, spec.image)


# ---- layout: measured in left-to-right coordinates, mirrored for right-to-left markets -----

def _tiles(frame: Frame, count: int, top: int) -> tuple[list[Box], Box | None]:
    """The photo tiles of a composition (left to right) and the sticker's disc."""
    if count == 0:
        return [], None
    if frame is DESKTOP:
        if count >= 3:
            tiles = [Box(742, 170, 1032, 460), Box(960, 90, 1310, 440),
                     Box(1238, 190, 1528, 480)][:count]
        elif count == 2:
            tiles = [Box(800, 150, 1140, 490), Box(1188, 110, 1528, 450)]
        else:
            tiles = [Box(1080, 110, 1460, 490)]
        # the disc on the first tile's top corner, wholly inside the frame
        x, y = tiles[0].x0 + 70, max(tiles[0].y0 + 10, 115 + 12)
        return tiles, Box(x - 115, y - 115, x + 115, y + 115)
    bottom, gap, margin = frame.height - 48, 16, 48
    if count >= 3:
        mid = top + (bottom - top - gap) // 2
        tiles = [Box(margin, top, 436, bottom), Box(452, top, 702, mid),
                 Box(452, mid + gap, 702, bottom)]
        x, y = 444, mid + gap // 2
    elif count == 2:
        tiles = [Box(margin, top, 367, bottom), Box(383, top, 702, bottom)]
        x, y = 375, bottom - 110
    else:
        tiles = [Box(margin, top, 702, bottom)]
        x, y = 702 - 110, bottom - 110
    return tiles, Box(x - 95, y - 95, x + 95, y + 95)


def _place(box: Box, frame: Frame, rtl: bool) -> Box:
    return box.mirror(frame.width) if rtl else box


def layout_hero(spec: HeroSpec, frame: Frame, fonts: FontSet) -> HeroLayout:
    """Measure and place every element of one composition of a hero."""
    spec = drawable_spec(spec, fonts)
    rtl = spec.rtl
    bold, regular = fonts.chain(spec.lang, bold=True), fonts.chain(spec.lang)
    wide = frame is DESKTOP
    margin = 72 if wide else 48
    column = Box(margin, margin, 620, frame.height - margin) if wide else \
        Box(margin, 56, frame.width - margin, 56 + 220)
    title = None
    if spec.title:  # one line when it fits large: a festival's name is one word to the eye
        title = fit_text(spec.title, _place(column, frame, rtl), bold, 112 if wide else 100,
                         48, 1, rtl=rtl)
        if title.truncated:
            title = fit_text(spec.title, _place(column, frame, rtl), bold,
                             112 if wide else 100, 44, 2, rtl=rtl)
    pill = dates = None
    pill_top = (title.box.y1 + 24) if title else column.y0
    if spec.dates:
        pad, height = 28, 68 if wide else 60
        room = Box(column.x0 + pad, pill_top, column.x1 - pad, pill_top + height)
        dates = fit_text(spec.dates, _place(room, frame, rtl), regular, 38 if wide else 34, 22,
                         1, rtl=rtl, valign="middle")
        ink = dates.box.union(dates.ink)
        pill = Box(ink.x0 - pad, pill_top, ink.x1 + pad, pill_top + height)
    top = title.box.y0 if title else pill.y0 if pill else None
    if wide and top is not None:  # the title and the pill, centred in the height
        used = (pill.y1 if pill else title.box.y1 if title else top) - top
        dy = (frame.height - used) // 2 - top
        title = title.shift(0, dy) if title else None
        dates = dates.shift(0, dy) if dates else None
        pill = pill.shift(0, dy) if pill else None
    tiles_top = (pill.y1 if pill else title.box.y1 if title else 48) + 40
    tiles, disc = _tiles(frame, min(len(spec.photos), MAX_PHOTOS), tiles_top)
    if disc is None and spec.discount:  # no photos: a large sticker in their place
        disc = Box(frame.width - margin - 300, frame.height // 2 - 150, frame.width - margin,
                   frame.height // 2 + 150) if wide else \
            Box(frame.width // 2 - 170, tiles_top, frame.width // 2 + 170, tiles_top + 340)
    discount = None
    if disc is not None and spec.discount:
        disc = _place(disc, frame, rtl)
        inset = disc.width // 7
        # a number reads left to right ("-25%", not "25%-") unless it has words of an RTL script
        words_rtl = rtl and any(unicodedata.bidirectional(ch) in ("R", "AL")
                                for ch in spec.discount)
        discount = fit_text(spec.discount, Box(disc.x0 + inset, disc.y0 + inset, disc.x1 - inset,
                                               disc.y1 - inset), bold, disc.width // 3, 20, 2,
                            rtl=words_rtl, align="center", valign="middle")
    return HeroLayout(frame, rtl, tuple(_place(t, frame, rtl) for t in tiles),
                      disc if discount else None, discount, title, pill, dates)


# ---- pixels ------------------------------------------------------------------------------

def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(first: str, second: str, share: float) -> tuple[int, int, int]:
    """``share`` of ``second`` mixed into ``first`` (decoration only: never under text).

    >>> mix("#000000", "#ffffff", 0.5)
    (128, 128, 128)
    """
    (r0, g0, b0), (r1, g1, b1) = _hex(first), _hex(second)
    return (round(r0 + (r1 - r0) * share), round(g0 + (g1 - g0) * share),
            round(b0 + (b1 - b0) * share))


def _rounded(size: tuple[int, int], radius: int, scale: int = 3) -> Image.Image:
    """An anti-aliased rounded-rectangle mask (drawn larger, then scaled down)."""
    big = Image.new("L", (size[0] * scale, size[1] * scale), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, big.width - 1, big.height - 1),
                                          radius=radius * scale, fill=255)
    return big.resize(size, Image.Resampling.LANCZOS)


def _photo(path: Path, size: tuple[int, int], cover: bool = True) -> Image.Image:
    """A photo filling ``size`` (cropped), or whole on its own corner colour (a product shot
    on a plain backdrop keeps its product whole in a tall tile)."""
    with Image.open(path) as im:
        im.draft("RGB", (size[0] * 2, size[1] * 2))
        upright = ImageOps.exif_transpose(im).convert("RGB")
    if cover:
        return ImageOps.fit(upright, size, Image.Resampling.LANCZOS)
    whole = ImageOps.contain(upright, size, Image.Resampling.LANCZOS)
    if whole.size == size:
        return whole
    # the backdrop's edge rows (or columns) drawn out to fill the tile: no seam on a gradient
    tile = whole.resize(size, Image.Resampling.NEAREST)
    x, y = (size[0] - whole.width) // 2, (size[1] - whole.height) // 2
    if y:
        tile.paste(whole.crop((0, 0, whole.width, 1)).resize((whole.width, y)), (0, 0))
        tile.paste(whole.crop((0, whole.height - 1, whole.width, whole.height)).resize(
            (whole.width, size[1] - y - whole.height)), (0, y + whole.height))
    if x:
        tile.paste(whole.crop((0, 0, 1, whole.height)).resize((x, whole.height)), (0, 0))
        tile.paste(whole.crop((whole.width - 1, 0, whole.width, whole.height)).resize(
            (size[0] - x - whole.width, whole.height)), (x + whole.width, 0))
    tile.paste(whole, (x, y))
    return tile


def _background(spec: HeroSpec, frame: Frame, layout: HeroLayout) -> Image.Image:
    size = (frame.width, frame.height)
    image = Image.new("RGB", size, spec.background)
    if spec.image is not None:
        veil = Image.new("RGB", size, spec.background)
        image = Image.blend(_photo(spec.image, size), veil, 0.72)  # the text keeps contrast
    if layout.tiles:  # a soft spotlight behind the products, fading into the background
        area = layout.tiles[0]
        for t in layout.tiles[1:]:
            area = area.union(t)
        cx, cy = (area.x0 + area.x1) // 2, (area.y0 + area.y1) // 2
        # an ellipse that fades out inside the frame: no glow is cut by an edge
        rx = min(area.width * 7 // 10, cx, frame.width - cx)
        ry = min(area.height * 7 // 10, cy, frame.height - cy)
        # radial_gradient is 0 at its centre and 181 at its inscribed circle: none beyond
        fade = Image.radial_gradient("L").point(lambda v: max(0, 181 - v) * 102 // 181)
        fade = fade.resize((2 * rx, 2 * ry), Image.Resampling.BILINEAR)
        glow = Image.new("RGB", fade.size, mix(spec.background, spec.color, 0.35))
        image.paste(glow, (cx - rx, cy - ry), fade)
    return image


def draw_hero(spec: HeroSpec, frame: Frame, fonts: FontSet) -> Image.Image:
    """One composition of a hero as an RGB image."""
    layout = layout_hero(spec, frame, fonts)
    image = _background(spec, frame, layout)
    if layout.tiles:  # soft shadows under the tiles
        shadow = Image.new("L", image.size, 0)
        sd = ImageDraw.Draw(shadow)
        for t in layout.tiles:
            sd.rounded_rectangle((t.x0 + 6, t.y0 + 18, t.x1 + 6, t.y1 + 18), radius=28, fill=110)
        shadow = shadow.filter(ImageFilter.GaussianBlur(16))
        image = Image.composite(Image.new("RGB", image.size, mix(spec.background, "#000000",
                                                                 0.6)), image, shadow)
    order = list(range(len(layout.tiles)))
    if frame is DESKTOP and len(order) == 3:
        order = [0, 2, 1]  # the middle tile in front
    for i in order:
        t = layout.tiles[i]
        image.paste(_photo(spec.photos[i], (t.width, t.height), cover=False), (t.x0, t.y0),
                    _rounded((t.width, t.height), 28))
    draw = ImageDraw.Draw(image)
    if layout.title is not None:
        draw_text(image, layout.title, spec.color)
    if layout.pill is not None and layout.dates is not None:
        p = layout.pill
        ring = _rounded((p.width, p.height), p.height // 2)
        inner = _rounded((p.width - 6, p.height - 6), p.height // 2 - 3)
        hole = Image.new("L", ring.size, 0)
        hole.paste(inner, (3, 3))
        ring = Image.composite(Image.new("L", ring.size, 0), ring, hole)
        image.paste(Image.new("RGB", ring.size, spec.color), (p.x0, p.y0), ring)
        draw_text(image, layout.dates, spec.color)
    if layout.sticker is not None and layout.discount is not None:
        _sticker(image, layout, spec)
    del draw
    return image


def _sticker(image: Image.Image, layout: HeroLayout, spec: HeroSpec) -> None:
    """The discount on a disc, turned a little (the other way in right-to-left markets)."""
    assert layout.sticker is not None and layout.discount is not None
    s = layout.sticker
    disc = Image.new("RGBA", (s.width, s.height), (*_hex(spec.accent), 0))
    disc.putalpha(_rounded((s.width, s.height), s.width // 2, 4))
    draw_text(disc, layout.discount.shift(-s.x0, -s.y0), spec.accent_text)
    turned = disc.rotate(-8 if layout.rtl else 8, Image.Resampling.BICUBIC, expand=True)
    x = s.x0 - (turned.width - s.width) // 2
    y = s.y0 - (turned.height - s.height) // 2
    image.paste(turned.convert("RGB"), (x, y), turned.getchannel("A"))


def renditions(image: Image.Image, frame: Frame, formats: Sequence[str],
               quality: dict[str, int]) -> dict[tuple[int, str], bytes]:
    """Every published file of one composition: (width, format) -> bytes."""
    out: dict[tuple[int, str], bytes] = {}
    small = image
    for width in frame.widths:
        height = round(frame.height * width / frame.width)
        if small.width != width:
            small = small.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in formats:
            out[(width, fmt)] = encode(small, fmt, quality)
    return out
