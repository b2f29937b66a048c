"""Share cards (1200x630): what a card shows, how it looks, its layout, pixels, bytes and key.

Pure: plain data in, a Pillow image or bytes out. The default design puts the photo on a white
panel at the end side (right in left-to-right markets, left in right-to-left ones), the brand
and logo at the top, the title large, the price at the bottom with the regular price struck
through during a sale, and an optional badge pill on the photo. Everything drawn stays inside
the safe area (``CardStyle.margin`` from every edge), which platforms never crop.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from storefront_core.errors import Problem, StorefrontError
from storefront_core.fonts import FontSet, file_digest
from storefront_core.text import Box, TextBlock, draw_text, drawable, engine_versions, fit_text

#: Bump when a change to the drawing code changes the pixels, so every card is redrawn.
CARD_VERSION = 2  # 2: 4:2:0 chroma, bicubic photo scaling
WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 1_000_000  # Facebook, LinkedIn and X accept far more; 1 MB keeps shares quick


@dataclass(frozen=True)
class CardSpec:
    """What one card shows (all text already localized and formatted for its market)."""

    title: str
    lang: str  # BCP 47 language of the texts, e.g. "ar" or "ja-JP"
    direction: str = "ltr"  # "ltr" or "rtl"
    price: str | None = None  # the price paid, e.g. "$29.99"; None: no price (home cards)
    regular_price: str | None = None  # set during a sale: drawn struck through
    photo: Path | None = None
    brand: str = ""
    logo: Path | None = None  # None: the style's logo
    badge: str | None = None  # e.g. "New", "White Friday -20%"
    subtitle: str | None = None  # e.g. the category, or the tagline on the home card


@dataclass(frozen=True)
class CardStyle:
    """How cards look: colours (#rrggbb), logo, photo placement, format (from settings)."""

    background: str = "#f4f1ea"
    text: str = "#1c1b1f"
    muted: str = "#5e5b66"
    accent: str = "#b3261e"  # the price
    badge_background: str = "#1c1b1f"
    badge_text: str = "#ffffff"
    panel: str = "#ffffff"  # behind the photo
    logo: Path | None = None
    photo: str = "end"  # end (right in LTR, left in RTL), start, or none
    photo_fit: str = "contain"  # contain (whole product visible) or cover (fill the panel)
    format: str = "jpeg"  # jpeg or png
    quality: int = 88  # JPEG quality, lowered automatically when a card exceeds 1 MB
    margin: int = 60  # safe area: nothing is drawn closer to an edge
    title_max_size: int = 68
    title_min_size: int = 34
    title_max_lines: int = 4

    size: ClassVar[tuple[int, int]] = (WIDTH, HEIGHT)

    def __post_init__(self) -> None:
        if not 0 <= self.margin < HEIGHT // 4:
            raise ValueError(f"margin {self.margin} px leaves no room for a card")


@dataclass(frozen=True)
class CardLayout:
    """Where everything on a card goes, measured: every box lies inside ``safe``."""

    safe: Box
    rtl: bool
    panel: Box | None = None  # the photo's panel
    photo: Box | None = None  # the photo itself, inside the panel
    logo: Box | None = None
    brand: TextBlock | None = None
    badge: Box | None = None  # the pill
    badge_text: TextBlock | None = None
    title: TextBlock | None = None
    subtitle: TextBlock | None = None
    price: TextBlock | None = None
    regular_price: TextBlock | None = None
    strike: Box | None = None  # the line through the regular price
    rule: Box | None = None  # the accent rule above the title of cards without a price
    photo_image: Image.Image | None = field(default=None, compare=False, repr=False)
    logo_image: Image.Image | None = field(default=None, compare=False, repr=False)

    def boxes(self) -> dict[str, Box]:
        """Every drawn element's box by name (text: the union of its layout and ink)."""
        out: dict[str, Box] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "safe" or value is None:
                continue
            if isinstance(value, Box):
                out[f.name] = value
            elif isinstance(value, TextBlock):
                out[f.name] = value.box.union(value.ink)
        return out

    def blocks(self) -> dict[str, TextBlock]:
        """The text blocks by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if isinstance(getattr(self, f.name), TextBlock)}


def _open_image(path: Path, what: str, max_size: tuple[int, int]) -> Image.Image:
    """An image file, oriented, as RGB when it is (a JPEG photo) else as RGBA, decoded at no
    more than about twice ``max_size``."""
    try:
        im = Image.open(path)
        try:
            # JPEG: decoded smaller, at least twice ``max_size``: libjpeg's reduction alone
            # (decoding at about ``max_size``) halves the photo's cost but makes moiré of fine
            # textures (fabric, grilles)
            im.draft("RGB", (max_size[0] * 2, max_size[1] * 2))
            ImageOps.exif_transpose(im, in_place=True)  # decoded; no copy when it is upright
            if im.mode == "RGB" and im.fp is None:  # the file read and closed: no copy
                return im
            with im:
                return im.convert("RGB" if im.mode == "RGB" else "RGBA")
        except BaseException:
            im.close()
            raise
    except FileNotFoundError as exc:
        raise StorefrontError([Problem(str(path), "", f"the {what} for a share card does not "
                                       "exist; check the path")]) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise StorefrontError([Problem(str(path), "", f"the {what} for a share card cannot be "
                                       "read (the file is damaged or not a photo); save it as "
                                       "JPEG, PNG or WebP")]) from exc


#: photos and logos as placed on cards, by file (path, mtime, size) and fitting: the cards of
#: one product in every market (drawn one after the other) decode and resize its photo once
_FITTED: OrderedDict[tuple[Any, ...], Image.Image] = OrderedDict()
_FITTED_MAX = 8


def fitted_image(path: Path, what: str, room: tuple[int, int], cover: bool) -> Image.Image:
    """The image file at ``path`` as RGB (opaque) or RGBA, scaled to fit inside ``room`` (or
    to fill it, cropped, with ``cover``): a shared image, not to be changed (memoized by file
    state)."""
    try:
        st = path.stat()
    except OSError:
        return _fit(_open_image(path, what, room), room, cover)  # it says what is wrong
    key = (str(path), st.st_mtime_ns, st.st_size, room, cover)
    found = _FITTED.get(key)
    if found is not None:
        _FITTED.move_to_end(key)
        return found
    found = _FITTED[key] = _fit(_open_image(path, what, room), room, cover)
    while len(_FITTED) > _FITTED_MAX:
        _FITTED.popitem(last=False)
    return found


def _fit(image: Image.Image, room: tuple[int, int], cover: bool) -> Image.Image:
    # an opaque (RGB) photo stays RGB: pasted without a mask, the same pixels as with its
    # alpha of 255 everywhere, for no conversions and a plain copy
    # bicubic: the photo was decoded at half size or more (see _open_image), so at most a
    # halving is left, where Lanczos's sharper kernel shows no more and costs 0.5 ms a card
    fit = ImageOps.fit if cover else ImageOps.contain
    return fit(image, room, Image.Resampling.BICUBIC)


def _from_start(area: Box, offset: int, width: int, rtl: bool) -> tuple[int, int]:
    """x0, x1 of something ``width`` wide placed ``offset`` px from the start edge of ``area``."""
    if rtl:
        return area.x1 - offset - width, area.x1 - offset
    return area.x0 + offset, area.x0 + offset + width


def drawable_spec(spec: CardSpec, fonts: FontSet) -> CardSpec:
    """``spec`` without the texts this machine cannot draw (no font for their script, or no
    raqm for Arabic): the card keeps its photo, logo and whatever else it can show."""
    rtl = spec.direction == "rtl"
    bold, regular = fonts.chain(spec.lang, bold=True), fonts.chain(spec.lang)
    if not (bold.missing or regular.missing or not fonts.raqm):
        return spec

    def keep(text: str | None, chain: Any) -> str | None:
        if not text:
            return None
        if drawable(text, chain, rtl):
            return text
        plain = unicodedata.normalize("NFKC", text)  # "￥4,980" -> "¥4,980"
        return plain if drawable(plain, chain, rtl) else None

    price = keep(spec.price, bold)
    return dataclasses.replace(
        spec, title=keep(spec.title, bold) or "", brand=keep(spec.brand, bold) or "",
        price=price, regular_price=keep(spec.regular_price, regular) if price else None,
        badge=keep(spec.badge, bold), subtitle=keep(spec.subtitle, regular))


def layout_card(spec: CardSpec, style: CardStyle, fonts: FontSet) -> CardLayout:
    """Measure and place every element of a card (no pixels drawn)."""
    spec = drawable_spec(spec, fonts)
    rtl = spec.direction == "rtl"
    m = style.margin
    safe = Box(m, m, WIDTH - m, HEIGHT - m)
    parts: dict[str, Any] = {}
    text_col = safe
    if spec.photo is not None and style.photo != "none":
        text_col = _photo_panel(spec, style, fonts, safe, rtl, parts)
    row = _brand_row(spec, style, fonts, text_col, rtl, parts)

    # Price row at the bottom: the price paid, then the struck-through regular price.
    bottom = text_col.y1
    if spec.price:
        bottom = _prices(spec, fonts, text_col, rtl, parts)
    _title_and_subtitle(spec, style, fonts, text_col, row.y1 + 32, bottom - 32, rtl, parts)
    layout = CardLayout(safe=safe, rtl=rtl, **parts)
    outside = [name for name, box in layout.boxes().items() if not safe.contains(box)]
    if outside:  # a bug in this module, not a merchant's mistake
        raise AssertionError(f"card elements outside the safe area: {outside}")
    return layout


def _photo_panel(spec: CardSpec, style: CardStyle, fonts: FontSet, safe: Box, rtl: bool,
                 parts: dict[str, Any]) -> Box:
    """Lay out the photo on a square panel at the end side (mirrored for RTL), with the badge
    on it; returns the column left for the texts."""
    assert spec.photo is not None
    gap = 48
    side = safe.height
    at_end = (style.photo == "end") != rtl  # True: the right-hand side
    panel = (Box(safe.x1 - side, safe.y0, safe.x1, safe.y1) if at_end
             else Box(safe.x0, safe.y0, safe.x0 + side, safe.y1))
    text_col = (Box(safe.x0, safe.y0, panel.x0 - gap, safe.y1) if at_end
                else Box(panel.x1 + gap, safe.y0, safe.x1, safe.y1))
    inset = 0 if style.photo_fit == "cover" else 28
    room = (panel.width - 2 * inset, panel.height - 2 * inset)
    photo = fitted_image(spec.photo, "photo", room, style.photo_fit == "cover")
    x0 = panel.x0 + (panel.width - photo.width) // 2
    y0 = panel.y0 + (panel.height - photo.height) // 2
    parts.update(panel=panel, photo=Box(x0, y0, x0 + photo.width, y0 + photo.height),
                 photo_image=photo)
    if spec.badge:
        _badge(spec, fonts, panel, rtl, parts)
    return text_col


def _brand_row(spec: CardSpec, style: CardStyle, fonts: FontSet, text_col: Box, rtl: bool,
               parts: dict[str, Any]) -> Box:
    """Lay out the brand row at the top of ``text_col``: logo, then the brand name, from the
    start edge (and the badge at its end when there is no photo); returns the row."""
    row = Box(text_col.x0, text_col.y0, text_col.x1, text_col.y0 + 56)
    offset = 0
    logo_path = spec.logo or style.logo
    if logo_path is not None:
        logo = fitted_image(logo_path, "logo", (240, row.height), cover=False)
        x0, x1 = _from_start(row, 0, logo.width, rtl)
        top = row.y0 + (row.height - logo.height) // 2
        parts.update(logo=Box(x0, top, x1, top + logo.height), logo_image=logo)
        offset = logo.width + 18
    badge_room = 0
    if spec.badge and "badge" not in parts:  # no photo: the badge ends the brand row
        _badge(spec, fonts, row, rtl, parts, inset=0, end=True)
        badge_room = parts["badge"].width + 24
    if spec.brand and row.width - offset - badge_room > 60:
        x0, x1 = _from_start(row, offset, row.width - offset - badge_room, rtl)
        parts["brand"] = fit_text(spec.brand, Box(x0, row.y0, x1, row.y1),
                                  fonts.chain(spec.lang, bold=True), 34, 22, 1, rtl=rtl,
                                  valign="middle")
    return row


def _title_and_subtitle(spec: CardSpec, style: CardStyle, fonts: FontSet, text_col: Box,
                        top: int, bottom: int, rtl: bool, parts: dict[str, Any]) -> None:
    """Lay out the title and subtitle between ``top`` and ``bottom``; without a price (home and
    category cards) they are larger and centred in the space, under a short accent rule."""
    roomy = not spec.price
    sub_size = 36 if roomy else 28
    sub_room = 14 + round(sub_size * 1.6) * 2 if spec.subtitle else 0
    max_size = style.title_max_size + (12 if "panel" not in parts else 0) + (16 if roomy else 0)
    title_box = Box(text_col.x0, top, text_col.x1, max(bottom - sub_room,
                                                       top + round(style.title_min_size * 1.6)))
    title = (fit_text(spec.title, title_box, fonts.chain(spec.lang, bold=True), max_size,
                      style.title_min_size, style.title_max_lines, rtl=rtl)
             if spec.title else None)
    subtitle = None
    sub_top = title.box.y1 + 14 if title else top
    if spec.subtitle and bottom - sub_top >= round(22 * 1.6):
        subtitle = fit_text(spec.subtitle, Box(text_col.x0, sub_top, text_col.x1, bottom),
                            fonts.chain(spec.lang), sub_size, 22, 2, rtl=rtl)
    first = title or subtitle
    if roomy and first is not None:  # centred under a short accent rule
        used = (subtitle or first).box.y1 - first.box.y0 + 36
        dy = max(0, (bottom - top - used) // 2) + 36
        title = title.shift(0, dy) if title else None
        subtitle = subtitle.shift(0, dy) if subtitle else None
        x0, x1 = _from_start(text_col, 0, 96, rtl)
        y0 = first.box.y0 + dy
        parts["rule"] = Box(x0, y0 - 36, x1, y0 - 28)
    parts.update(title=title, subtitle=subtitle)


def _badge(spec: CardSpec, fonts: FontSet, area: Box, rtl: bool, parts: dict[str, Any],
           inset: int = 22, end: bool = False) -> None:
    """A pill with the badge text at the top corner of ``area`` (start side, or end side)."""
    assert spec.badge
    pad_x, height = 22, 52
    side = rtl != end  # True: measured from the right-hand edge
    top = area.y0 + (inset if inset else (area.height - height) // 2)
    max_w = min(area.width - 2 * inset, 420)
    x0, x1 = _from_start(area, inset + pad_x, max_w - 2 * pad_x, side)
    text = fit_text(spec.badge, Box(x0, top, x1, top + height), fonts.chain(spec.lang, True),
                    28, 20, 1, rtl=rtl, align="end" if end else "start", valign="middle")
    # centre the ink, not the nominal line: Devanagari hangs from a headline, Latin sits on
    # its baseline
    dy = (2 * top + height - text.ink.y0 - text.ink.y1) // 2
    pill = Box(0, top, 0, top + height)
    if pill.y0 <= text.box.y0 + dy and text.box.y1 + dy <= pill.y1:
        text = text.shift(0, dy)
    width = text.box.union(text.ink).width + 2 * pad_x
    px0, px1 = _from_start(area, inset, width, side)
    parts.update(badge=Box(px0, top, px1, top + height), badge_text=text)


def _prices(spec: CardSpec, fonts: FontSet, col: Box, rtl: bool,
            parts: dict[str, Any]) -> int:
    """Lay out the price row at the bottom of ``col``; returns the top of what it uses."""
    assert spec.price
    row = Box(col.x0, col.y1 - 84, col.x1, col.y1)
    bold, regular_chain = fonts.chain(spec.lang, bold=True), fonts.chain(spec.lang)
    price: TextBlock | None = None
    regular: TextBlock | None = None
    # The regular price goes beside the price, which gives up some size for it if need be;
    # when it still does not fit, it goes on its own line above.
    for size in (64, 56, 48) if spec.regular_price else ():
        paid = fit_text(spec.price, row, bold, size, 36, 1, rtl=rtl, valign="bottom")
        used = paid.box.union(paid.ink).width + 28
        x0, x1 = _from_start(row, used, row.width - used, rtl)
        if x1 - x0 < 80:
            continue
        beside = fit_text(spec.regular_price or "", Box(x0, row.y0, x1, row.y1), regular_chain,
                          38, 26, 1, rtl=rtl, valign="bottom")
        if beside.truncated:
            continue
        dy = paid.lines[0].baseline - beside.lines[0].baseline  # share the baseline
        if row.contains(beside.box.shift(0, dy)) and row.contains(beside.ink.shift(0, dy)):
            beside = beside.shift(0, dy)
        price, regular = paid, beside
        break
    if price is None:
        price = fit_text(spec.price, row, bold, 64, 36, 1, rtl=rtl, valign="bottom")
    parts["price"] = price
    top = price.box.y0
    if not spec.regular_price:
        return top
    if regular is None:
        above = Box(col.x0, top - 56, col.x1, top - 6)
        regular = fit_text(spec.regular_price, above, regular_chain, 38, 20, 1, rtl=rtl,
                           valign="bottom")
        top = regular.box.y0
    line = regular.lines[0]
    left = min(r.x for r in line.runs)
    right = max(r.x + round(r.advance) for r in line.runs)
    thick = max(2, round(regular.size / 12))
    mid = line.baseline - round(regular.size * 0.34)
    left, right = max(left - 2, regular.box.x0), min(right + 2, regular.box.x1)
    parts.update(regular_price=regular,
                 strike=Box(left, mid - thick // 2, right, mid - thick // 2 + thick))
    return top


def draw_card(spec: CardSpec, style: CardStyle, fonts: FontSet) -> Image.Image:
    """The card as an RGB image, 1200x630."""
    return render_layout(layout_card(spec, style, fonts), style)


#: the last cards' backgrounds (colour, panel, photo, logo), by what they show: the cards of
#: one product in its markets differ only in their texts and share one
_BACKGROUNDS: list[tuple[tuple[Any, ...], Image.Image]] = []
_BACKGROUNDS_MAX = 4


def _background(layout: CardLayout, style: CardStyle) -> Image.Image:
    """A new image with what lies under the texts: background, panel, photo and logo."""
    # the images are compared by identity (fitted_image shares them; the entry keeps them
    # alive), the boxes and colours by value
    key = (style.background, style.panel, style.photo_fit, layout.panel, layout.photo,
           layout.photo_image, layout.logo, layout.logo_image)
    for i, (known, image) in enumerate(_BACKGROUNDS):
        if all(a is b if isinstance(a, Image.Image) else a == b for a, b in zip(known, key,
                                                                                 strict=True)):
            _BACKGROUNDS.append(_BACKGROUNDS.pop(i))
            return image.copy()
    image = _draw_background(layout, style)
    _BACKGROUNDS.append((key, image))
    del _BACKGROUNDS[:-_BACKGROUNDS_MAX]
    return image.copy()


def _draw_background(layout: CardLayout, style: CardStyle) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    draw = ImageDraw.Draw(image)
    if layout.panel is not None:
        p = layout.panel
        draw.rounded_rectangle((p.x0, p.y0, p.x1 - 1, p.y1 - 1), radius=28, fill=style.panel)
    if layout.photo is not None and layout.photo_image is not None:
        photo = layout.photo_image
        mask = _alpha(photo)
        if style.photo_fit == "cover" and layout.panel is not None:
            rounded = Image.new("L", photo.size, 0)
            ImageDraw.Draw(rounded).rounded_rectangle((0, 0, photo.width - 1, photo.height - 1),
                                                      radius=28, fill=255)
            mask = rounded if mask is None else Image.composite(mask, rounded, rounded)
        image.paste(_rgb(photo), (layout.photo.x0, layout.photo.y0), mask)
    if layout.logo is not None and layout.logo_image is not None:
        logo = layout.logo_image
        image.paste(_rgb(logo), (layout.logo.x0, layout.logo.y0), _alpha(logo))
    return image


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


def _alpha(image: Image.Image) -> Image.Image | None:
    """The paste mask of a fitted image: its alpha, None for an opaque (RGB) one."""
    return image.getchannel("A") if image.mode == "RGBA" else None


def render_layout(layout: CardLayout, style: CardStyle) -> Image.Image:
    """Paint a measured layout."""
    image = _background(layout, style)
    draw = ImageDraw.Draw(image)
    if layout.badge is not None and layout.badge_text is not None:
        b = layout.badge
        draw.rounded_rectangle((b.x0, b.y0, b.x1 - 1, b.y1 - 1), radius=b.height // 2,
                               fill=style.badge_background)
        draw_text(image, layout.badge_text, style.badge_text)
    for name, colour in (("brand", style.text), ("title", style.text),
                         ("subtitle", style.muted), ("price", style.accent),
                         ("regular_price", style.muted)):
        block = getattr(layout, name)
        if block is not None:
            draw_text(image, block, colour)
    if layout.strike is not None:
        s = layout.strike
        draw.rectangle((s.x0, s.y0, s.x1 - 1, s.y1 - 1), fill=style.muted)
    if layout.rule is not None:
        r = layout.rule
        draw.rectangle((r.x0, r.y0, r.x1 - 1, r.y1 - 1), fill=style.accent)
    return image


def encode_card(image: Image.Image, style: CardStyle, max_bytes: int = MAX_BYTES) -> bytes:
    """The card as JPEG or PNG bytes under ``max_bytes`` (JPEG quality lowered if needed)."""
    if style.format == "png":
        data = _save(image, "PNG", optimize=True)
        if len(data) > max_bytes:  # a photo-heavy PNG: 256 colours still look right
            data = _save(image.quantize(256, method=Image.Quantize.FASTOCTREE), "PNG",
                         optimize=True)
    else:
        quality = style.quality
        image = image if image.mode == "RGB" else image.convert("RGB")
        while True:
            # baseline JPEG with the standard Huffman tables: the same pixels as progressive
            # and optimized tables, for a sixth more bytes and a quarter of the encoding time;
            # colour at half resolution (4:2:0), as the networks re-encode every shared image:
            # a fifth fewer bytes and 0.7 ms less a card, text edges as sharp (luminance is
            # kept whole)
            data = _save(image, "JPEG", quality=quality, subsampling=2)
            if len(data) <= max_bytes or quality <= 40:
                break
            quality -= 10
    if len(data) > max_bytes:
        raise StorefrontError([Problem(
            "pelicanconf.py", "STORE_SOCIAL_CARDS.format",
            f"a share card is {len(data):,} bytes as {style.format}, over the "
            f"{max_bytes:,} byte limit; use 'jpeg' or a simpler photo")])
    return data


def _save(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def card_key(spec: CardSpec, style: CardStyle, fonts: FontSet,
             digest: Callable[[Path], str] = file_digest) -> str:
    """SHA-256 over every input of a card: a card is redrawn exactly when its key changes.

    Covers the texts, language, direction, the photo's and logo's bytes (through ``digest``,
    which a build may memoize), the style, the font files' bytes and the drawing code.
    """
    spec_data = {f.name: getattr(spec, f.name) for f in fields(spec)}  # flat: texts, paths
    for name in ("photo", "logo"):
        if spec_data[name] is not None:
            spec_data[name] = digest(Path(spec_data[name]))
    # the style, fonts and engine are the same for every card of a language: serialized once
    memo = fonts.key_parts
    common_key = (repr(style), spec.lang)
    common = memo.get(common_key)
    if common is None:
        style_data = asdict(style)
        style_data.pop("logo", None)  # its bytes, not its path, below
        fonts_data = {weight: list(fonts.chain(spec.lang, bold=bold).digests())
                      for weight, bold in (("regular", False), ("bold", True))}
        common = memo[common_key] = json.dumps(
            {"version": CARD_VERSION, "size": [WIDTH, HEIGHT], "style": style_data,
             "fonts": fonts_data, "engine": engine_versions(fonts)},
            sort_keys=True, ensure_ascii=False, default=str)
    logo = digest(Path(style.logo)) if style.logo is not None else ""
    text = "\0".join([common, logo, json.dumps(spec_data, sort_keys=True, ensure_ascii=False,
                                                default=str)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
