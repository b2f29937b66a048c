"""Draw the demo store's product photos with Pillow.

Usage: ``python tools/storefront/demo_photos.py content/products [--only SLUG ...] [--jobs N]``

Every photo listed in a demo product's ``index.md`` (``images``) is redrawn from scratch: the
angle decides the composition, a variant's ``swatch`` the colour of its photo. Drawing happens
at twice the output size and is downsampled with LANCZOS for anti-aliasing. Output is
deterministic: no randomness without a fixed seed, the font is the one bundled with Pillow.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SS = 2  # supersampling factor: draw at 2x, downsample with LANCZOS
SQUARE = (1600, 1600)
WIDE = (2000, 1500)  # in-use scenes are landscape, like a real lifestyle shot
JPEG_QUALITY = 85
BRAND = (11, 92, 173)  # pelicanconf STORE_COLORS["brand"]
METAL = (198, 202, 208)
DARK = (24, 25, 28)

RGB = tuple[int, int, int]
Point = tuple[float, float]
Anchors = dict[str, Point]
Fill = RGB | Callable[[tuple[int, int]], Image.Image]
Shape = Callable[[ImageDraw.ImageDraw, int, int], None]


@dataclass(frozen=True)
class Spec:
    """How to draw one demo product: the kind of object, its default colour and options."""

    kind: str  # stylus | flash | powerbank | charger | cable
    colour: str
    options: dict[str, str] = field(default_factory=dict)


DEMO: dict[str, Spec] = {
    "active-stylus-pen": Spec("stylus", "#2b2d31", {"tip": "active"}),
    "fine-tip-stylus-2-pack": Spec("stylus", "#2b2d31", {"tip": "disc", "pair": "#b8bcc2"}),
    "stylus-pro": Spec("stylus", "#44484f", {"tip": "pro"}),
    "metal-usb-c-flash-drive": Spec("flash", "#c9cdd2", {"model": "metal_c"}),
    "dual-usb-flash-drive": Spec("flash", "#2e3338", {"model": "dual"}),
    "nano-flash-drive-bulk": Spec("flash", "#202328", {"model": "nano"}),
    "promo-swivel-flash-drive": Spec("flash", "#1d4f91", {"model": "swivel"}),
    "slim-power-bank-10000": Spec("powerbank", "#232529", {"model": "slim"}),
    "power-bank-20000-pd": Spec("powerbank", "#3b3f45", {"model": "pd20"}),
    "magsnap-wireless-power-bank": Spec("powerbank", "#eceef1", {"model": "mag"}),
    "gan-charger-65w": Spec("charger", "#f1f2f4", {"model": "65"}),
    "usb-c-charger-20w": Spec("charger", "#f3f4f6", {"model": "20"}),
    "gan-desktop-charger-100w": Spec("charger", "#34383e", {"model": "100"}),
    "braided-usb-c-cable": Spec("cable", "#3c4046", {"ends": "usbc,usbc", "braid": "yes"}),
    "usb-c-to-lightning-cable": Spec("cable", "#eef0f2", {"ends": "usbc,lightning"}),
}


# --- colour and fills -------------------------------------------------------------------


def hex_rgb(value: str) -> RGB:
    """'#2b2d31' -> (43, 45, 49)."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def shade(colour: RGB, f: float) -> RGB:
    """Darken towards black (f < 1) or lighten towards white (f > 1)."""
    if f <= 1:
        return tuple(max(0, int(c * f)) for c in colour)  # type: ignore[return-value]
    t = min(1.0, f - 1)
    return tuple(int(c + (255 - c) * t) for c in colour)  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """Perceived brightness 0-255."""
    r, g, b = colour
    return 0.299 * r + 0.587 * g + 0.114 * b


def cylinder(t: float, spec: float = 0.55, pos: float = 0.3, ambient: float = 0.62) -> float:
    """Brightness across a cylinder: diffuse falloff, a specular band and a rim light."""
    f = ambient + 0.42 * math.sin(math.pi * t) ** 0.7
    f += spec * math.exp(-(((t - pos) / 0.075) ** 2))
    f += 0.12 * math.exp(-(((t - 0.9) / 0.04) ** 2))
    return f


def profile_fill(colour: RGB, profile: Callable[[float], float], across: str = "y") -> Callable:
    """A fill whose brightness follows ``profile`` across the part (y: top to bottom)."""

    def make(size: tuple[int, int]) -> Image.Image:
        n = 384
        values = [shade(colour, profile(i / (n - 1))) for i in range(n)]
        line = Image.new("RGB", (1, n) if across == "y" else (n, 1))
        line.putdata(values)
        return line.resize(size, Image.Resampling.BILINEAR)

    return make


def cyl(colour: RGB, across: str = "y", **kw: float) -> Callable:
    """Cylinder shading, lit from the top (or left) edge."""
    if luminance(colour) > 200:  # white plastic: softer falloff, or it turns grey
        kw.setdefault("ambient", 0.8)
        kw.setdefault("spec", 0.7)
    return profile_fill(colour, lambda t: cylinder(t, **kw), across)


def metal(colour: RGB = METAL, across: str = "y") -> Callable:
    """Polished metal: contrasty bands."""

    def prof(t: float) -> float:
        f = 0.72 + 0.22 * math.sin(math.pi * t)
        f += 0.7 * math.exp(-(((t - 0.25) / 0.06) ** 2)) + 0.3 * math.exp(-(((t - 0.7) / 0.1) ** 2))
        f -= 0.22 * math.exp(-(((t - 0.47) / 0.06) ** 2))
        return f

    return profile_fill(colour, prof, across)


def linear(colour: RGB, start: float = 1.1, end: float = 0.9, across: str = "y") -> Callable:
    """A flat face: a gentle light-to-dark gradient."""
    return profile_fill(colour, lambda t: start + (end - start) * t, across)


def font(px: float) -> ImageFont.FreeTypeFont:
    """Pillow's bundled font (the same on every machine, so photos are reproducible)."""
    return ImageFont.load_default(size=max(6, int(px)))  # type: ignore[return-value]


# --- layers and parts -------------------------------------------------------------------


def new_layer(w: float, h: float) -> Image.Image:
    return Image.new("RGBA", (max(1, int(math.ceil(w))), max(1, int(math.ceil(h)))), (0, 0, 0, 0))


def rrect(radius: float) -> Shape:
    return lambda d, w, h: d.rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=255)


def rect() -> Shape:
    return lambda d, w, h: d.rectangle((0, 0, w - 1, h - 1), fill=255)


def oval() -> Shape:
    return lambda d, w, h: d.ellipse((0, 0, w - 1, h - 1), fill=255)


def poly(points: Sequence[Point]) -> Shape:
    """A polygon in coordinates relative to the part's box (0..1)."""
    return lambda d, w, h: d.polygon([(x * (w - 1), y * (h - 1)) for x, y in points], fill=255)


def part(
    layer: Image.Image,
    box: Sequence[float],
    shape: Shape,
    fill: Fill,
    opacity: float = 1.0,
) -> None:
    """Paint ``shape`` inside ``box`` of ``layer`` with a colour or a fill function."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    mask = Image.new("L", (w, h), 0)
    shape(ImageDraw.Draw(mask), w, h)
    if opacity < 1:
        mask = mask.point(lambda v: int(v * opacity))
    img = Image.new("RGB", (w, h), fill) if isinstance(fill, tuple) else fill((w, h))
    patch = img.convert("RGBA")
    patch.putalpha(mask)
    composite(layer, patch, (x0, y0))


def composite(layer: Image.Image, patch: Image.Image, xy: tuple[int, int]) -> None:
    """Alpha-composite ``patch`` at ``xy``, clipping whatever falls outside the layer."""
    x, y = xy
    left, top = max(0, -x), max(0, -y)
    if left or top:
        patch = patch.crop((left, top, patch.width, patch.height))
    if patch.width and patch.height and x + left < layer.width and y + top < layer.height:
        layer.alpha_composite(patch, (x + left, y + top))


def cut(layer: Image.Image, box: Sequence[float]) -> None:
    """Punch a transparent oval hole (a keyring loop) into the layer."""
    alpha = layer.getchannel("A")
    ImageDraw.Draw(alpha).ellipse([int(v) for v in box], fill=0)
    layer.putalpha(alpha)


def text(
    layer: Image.Image,
    xy: Point,
    value: str,
    px: float,
    colour: RGB,
    anchor: str = "mm",
    bold: bool = False,
    alpha: int = 255,
) -> None:
    """Write text centred (by default) on ``xy``."""
    draw = ImageDraw.Draw(layer)
    stroke = max(1, int(px / 22)) if bold else 0
    draw.text(
        xy,
        value,
        font=font(px),
        fill=colour + (alpha,),
        anchor=anchor,
        stroke_width=stroke,
        stroke_fill=colour + (alpha,),
    )


def engrave(
    layer: Image.Image, xy: Point, value: str, px: float, base: RGB, bold: bool = True
) -> None:
    """Text printed or engraved on a surface: a subtle tone-on-tone with a light edge."""
    dark = luminance(base) < 110
    ink = shade(base, 1.55) if dark else shade(base, 0.55)
    edge = shade(base, 0.6) if dark else shade(base, 1.4)
    text(layer, (xy[0], xy[1] + px * 0.05), value, px, edge, bold=bold, alpha=150)
    text(layer, xy, value, px, ink, bold=bold)


def extruded(
    w: float,
    h: float,
    radius: float,
    depth: Point,
    face: Fill,
    colour: RGB,
) -> tuple[Image.Image, Point]:
    """A rounded slab: a face with its thickness visible along ``depth`` (dx, dy).

    Returns the layer and the top-left corner of the face inside it.
    """
    dx, dy = depth
    lay = new_layer(w + abs(dx) + 2, h + abs(dy) + 2)
    fx, fy = (0.0 if dx >= 0 else -dx), (0.0 if dy >= 0 else -dy)
    mask = Image.new("L", lay.size, 0)
    draw = ImageDraw.Draw(mask)
    steps = max(2, int(math.hypot(dx, dy) / 2))
    for i in range(steps + 1):
        ox, oy = fx + dx * i / steps, fy + dy * i / steps
        draw.rounded_rectangle((ox, oy, ox + w, oy + h), radius, fill=255)
    # the side facing the light (top) is lighter than the one facing away (right/bottom)
    lit = Image.new("RGB", lay.size, shade(colour, 0.78))
    dim = Image.new("RGB", lay.size, shade(colour, 0.55))
    split = Image.new("L", lay.size, 0)
    sx = fx + w - radius * 0.3 if dx >= 0 else fx + radius * 0.3
    if dx >= 0:
        pts = [(sx, fy + h), (sx, fy + radius), (sx + dx, fy + dy + radius), (sx + dx, fy + dy + h)]
    else:
        pts = [(sx, fy + h), (sx, fy + radius), (sx + dx, fy + dy + radius), (sx + dx, fy + dy + h)]
    ImageDraw.Draw(split).polygon(pts, fill=255)
    if dy > 0:  # thickness shows at the bottom: that edge is in shadow too
        ImageDraw.Draw(split).rectangle((0, fy + h - radius * 0.3, lay.width, lay.height), fill=255)
    split = split.filter(ImageFilter.GaussianBlur(max(1, radius * 0.15)))
    sides = Image.composite(dim, lit, split).convert("RGBA")
    sides.putalpha(mask)
    lay.alpha_composite(sides)
    part(lay, (fx, fy, fx + w, fy + h), rrect(radius), face)
    # a thin rim light where the face meets the sides
    rim = new_layer(w + 1, h + 1)
    ImageDraw.Draw(rim).rounded_rectangle(
        (1, 1, w - 1, h - 1),
        radius,
        outline=shade(colour, 1.35) + (150,),
        width=max(2, int(min(w, h) * 0.008)),
    )
    lay.alpha_composite(rim, (int(fx), int(fy)))
    return lay, (fx, fy)


def rotate_point(p: Point, size: tuple[int, int], angle: float, new_size: tuple[int, int]) -> Point:
    """Where point ``p`` of a layer lands after ``layer.rotate(angle, expand=True)``."""
    cx, cy = size[0] / 2, size[1] / 2
    dx, dy = p[0] - cx, p[1] - cy
    a = math.radians(angle)
    rx = dx * math.cos(a) + dy * math.sin(a)
    ry = -dx * math.sin(a) + dy * math.cos(a)
    return new_size[0] / 2 + rx, new_size[1] / 2 + ry


def drop_shadow(
    canvas: Image.Image,
    alpha: Image.Image,
    xy: tuple[int, int],
    blur: float,
    opacity: float,
    offset: Point = (0, 0),
) -> None:
    """Darken the canvas under an object's silhouette, blurred (computed at 1/8 size)."""
    k = 8
    margin = int(blur * 3) + k
    w, h = alpha.width + 2 * margin, alpha.height + 2 * margin
    padded = Image.new("L", (w, h), 0)
    padded.paste(alpha, (margin, margin))
    small = padded.resize((max(1, w // k), max(1, h // k)), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(max(0.5, blur / k)))
    mask = small.resize((w, h), Image.Resampling.BILINEAR).point(lambda v: int(v * opacity))
    tint = Image.new("RGB", (w, h), (30, 28, 26))
    canvas.paste(tint, (int(xy[0] - margin + offset[0]), int(xy[1] - margin + offset[1])), mask)


def place(
    canvas: Image.Image,
    layer: Image.Image,
    at: Point,
    angle: float = 0.0,
    anchors: Anchors | None = None,
    pin: str | None = None,
    shadow: float = 1.0,
) -> Anchors:
    """Rotate ``layer`` and paste it with a soft floor shadow; return the moved anchors.

    With ``pin``, that anchor lands on ``at``; otherwise the layer's centre does.
    """
    rotated = layer.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    moved = {
        name: rotate_point(p, layer.size, angle, rotated.size)
        for name, p in (anchors or {}).items()
    }
    if pin:
        px, py = moved[pin]
    else:
        px, py = rotated.width / 2, rotated.height / 2
    x, y = int(round(at[0] - px)), int(round(at[1] - py))
    if shadow:
        alpha = rotated.getchannel("A")
        unit = canvas.height / 100
        drop_shadow(canvas, alpha, (x, y), unit * 2.2, 0.30 * shadow, (unit * 0.5, unit * 1.6))
        drop_shadow(canvas, alpha, (x, y), unit * 0.45, 0.45 * shadow, (unit * 0.1, unit * 0.35))
    canvas.paste(rotated, (x, y), rotated)
    return {name: (p[0] + x, p[1] + y) for name, p in moved.items()}


# --- backgrounds ------------------------------------------------------------------------


def studio(
    size: tuple[int, int], top: RGB = (247, 247, 249), bottom: RGB = (222, 224, 229)
) -> Image.Image:
    """A seamless studio sweep: vertical gradient with a soft light pool in the middle."""
    w, h = size
    grad = Image.linear_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    bg = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), grad)
    pool = Image.radial_gradient("L").resize((int(w * 1.3), int(h * 1.0)))
    pool = pool.point(lambda v: int(max(0, 255 - v) * 0.35))
    light = Image.new("RGB", pool.size, (255, 255, 255))
    bg.paste(light, (int(-w * 0.15), int(h * 0.05)), pool)
    return bg


def desk(size: tuple[int, int], seed: int) -> Image.Image:
    """A light oak desk top with faint, seeded grain."""
    bg = studio(size, (222, 200, 170), (196, 168, 132))
    rng = random.Random(seed)
    grain = Image.new("L", size, 0)
    draw = ImageDraw.Draw(grain)
    w, h = size
    for _ in range(70):
        y = rng.uniform(-0.1, 1.1) * h
        amp, period, phase = rng.uniform(4, 30), rng.uniform(0.6, 2.0) * w, rng.uniform(0, 6.3)
        pts = [(x, y + amp * math.sin(x / period * 6.28 + phase)) for x in range(0, w + 40, 40)]
        draw.line(pts, fill=rng.randint(20, 55), width=rng.randint(2, 9))
    grain = grain.filter(ImageFilter.GaussianBlur(3))
    bg.paste(Image.new("RGB", size, (150, 112, 74)), (0, 0), grain)
    return bg


def wall(size: tuple[int, int]) -> Image.Image:
    """A painted wall, lit from the upper left."""
    return studio(size, (240, 237, 231), (214, 209, 200))


# --- objects: each returns (layer, anchors) in its natural orientation --------------------


def stylus(
    u: float, colour: RGB, tip: str = "active", clip: str = "top", brand: bool = True
) -> tuple[Image.Image, Anchors]:
    """A pen lying horizontally, tip to the left; u is pixels per millimetre."""
    length, dia = 165 * u, 9 * u
    pad = 2.6 * u
    lay = new_layer(length + 2, dia + 2 * pad)
    cy = lay.height / 2
    top, bot = cy - dia / 2, cy + dia / 2
    tip_len = 22 * u if tip != "disc" else 12 * u
    part(lay, (tip_len - 2 * u, top, length, bot), rrect(dia * 0.48), cyl(colour))
    if tip in ("active", "pro"):
        cone = METAL if tip == "active" else colour
        fill = metal(cone) if tip == "active" else cyl(cone)
        part(
            lay,
            (2.6 * u, top + 0.2 * u, tip_len, bot - 0.2 * u),
            poly([(1, 0), (1, 1), (0, 0.64), (0, 0.36)]),
            fill,
        )
        part(
            lay, (tip_len - 1.4 * u, top, tip_len + 0.2 * u, bot), rect(), cyl(shade(colour, 0.55))
        )
        part(lay, (0, cy - 1.05 * u, 3.6 * u, cy + 1.05 * u), rrect(1.05 * u), cyl((236, 236, 232)))
    else:  # passive pen: short metal cone, ball joint and a clear precision disc
        part(
            lay,
            (3.4 * u, top + 1.4 * u, tip_len, bot - 1.4 * u),
            poly([(1, 0), (1, 1), (0, 0.7), (0, 0.3)]),
            metal(),
        )
        part(lay, (2.2 * u, cy - 1.1 * u, 4.2 * u, cy + 1.1 * u), oval(), metal())
        part(
            lay,
            (0.4 * u, cy - 3.6 * u, 2.6 * u, cy + 3.6 * u),
            oval(),
            (215, 228, 240),
            opacity=0.55,
        )
        ImageDraw.Draw(lay).ellipse(
            (0.4 * u, cy - 3.6 * u, 2.6 * u, cy + 3.6 * u),
            outline=(250, 252, 255, 220),
            width=max(1, int(0.2 * u)),
        )
    band = length - 30 * u
    part(lay, (band, top, band + 2.2 * u, bot), rect(), metal())
    if clip == "top":
        part(
            lay,
            (length - 74 * u, top - 2.3 * u, band + 1 * u, top + 1.3 * u),
            rrect(1.8 * u),
            metal(),
        )
        part(lay, (length - 76 * u, top - 2.5 * u, length - 70 * u, top + 1.6 * u), oval(), metal())
    elif clip == "center":
        part(
            lay, (length - 74 * u, cy - 2.1 * u, band + 1 * u, cy + 2.1 * u), rrect(2 * u), metal()
        )
        part(lay, (length - 76 * u, cy - 2.3 * u, length - 70 * u, cy + 2.3 * u), oval(), metal())
        if tip in ("active", "pro"):
            part(
                lay,
                (tip_len + 20 * u, cy - 1.5 * u, tip_len + 33 * u, cy + 1.5 * u),
                rrect(1.5 * u),
                cyl(shade(colour, 0.7)),
            )
    if brand:
        engrave(lay, (tip_len + 62 * u, cy + 0.2 * u), "VOLTARO", 3.4 * u, colour)
    anchors = {"tip": (0, cy), "end": (length, cy), "mid": (length / 2, cy), "band": (band, cy)}
    return lay, anchors


FLASH = {  # body length, body width, thickness, connector (a|c), connector at right too
    "metal_c": (31.5, 12.5, 8.0, "c"),
    "dual": (36.0, 15.0, 8.0, "a"),
    "nano": (7.0, 12.5, 5.0, "a"),
    "swivel": (42.0, 18.0, 10.0, "a"),
}


def usb_a_plug(lay: Image.Image, x0: float, cy: float, u: float, length: float = 12.0) -> None:
    """A USB-A plug seen from above, pointing left from x0."""
    part(lay, (x0 - length * u, cy - 6 * u, x0 + 0.5 * u, cy + 6 * u), rect(), metal())
    for dy in (-2.6, 2.6):
        part(
            lay,
            (
                x0 - (length - 2.2) * u,
                cy + (dy - 1.1) * u,
                x0 - (length - 4.4) * u,
                cy + (dy + 1.1) * u,
            ),
            rect(),
            (40, 42, 46),
        )


def usb_c_plug(lay: Image.Image, x0: float, cy: float, u: float, right: bool = False) -> None:
    """A USB-C plug seen from above, pointing left (or right) from x0."""
    box = (
        (x0, cy - 4.15 * u, x0 + 6.8 * u, cy + 4.15 * u)
        if right
        else (x0 - 6.8 * u, cy - 4.15 * u, x0 + 0.5 * u, cy + 4.15 * u)
    )
    part(lay, box, rrect(1.3 * u), metal())


def flash_scale(u: float, model: str, open_clip: bool = False) -> float:
    """Pixels per mm that make a flash drive fill about two thirds of the frame."""
    body_len, width, _, conn = FLASH[model]
    total = body_len + (12.0 if conn == "a" else 6.8) + (7 if model == "dual" else 0)
    total += 38 if open_clip else 0
    return min(125 * u / total, 80 * u / width)


def flash_drive(
    u: float, colour: RGB, model: str, face: str = "front", open_clip: bool = False
) -> tuple[Image.Image, Anchors]:
    """A USB flash drive seen from above, connector pointing left."""
    body_len, width, _, conn = FLASH[model]
    conn_len = 12.0 if conn == "a" else 6.8
    extra = 7 * u if model == "dual" else 0
    clip_extra = 38 * u if (model == "swivel" and open_clip) else 0
    lay = new_layer((conn_len + body_len + 3) * u + extra + clip_extra, (width + 2) * u)
    cy = lay.height / 2
    x0 = conn_len * u + u
    x1 = x0 + body_len * u
    if conn == "a":
        usb_a_plug(lay, x0, cy, u)
    else:
        usb_c_plug(lay, x0 + 0.5 * u, cy, u)
    body_fill = metal(colour) if model == "metal_c" else cyl(colour)
    part(lay, (x0, cy - width / 2 * u, x1, cy + width / 2 * u), rrect(3.2 * u), body_fill)
    anchors: Anchors = {
        "plug": (x0 - conn_len * u * 0.55, cy),
        "body": ((x0 + x1) / 2, cy),
        "end": (x1, cy),
    }
    if model == "metal_c":  # brushed lines and a keyring loop
        rng = random.Random(7)
        draw = ImageDraw.Draw(lay)
        for _ in range(int(width * 9)):
            y = cy + rng.uniform(-width / 2 + 1.2, width / 2 - 1.2) * u
            tone = rng.choice((255, 110))
            draw.line(
                (x0 + 2 * u, y, x1 - 6 * u, y),
                fill=(tone, tone, tone, rng.randint(10, 28)),
                width=1,
            )
        hole = (x1 - 7.5 * u, cy - 2.6 * u, x1 - 2.3 * u, cy + 2.6 * u)
        part(
            lay,
            (hole[0] - 0.6 * u, hole[1] - 0.6 * u, hole[2] + 0.6 * u, hole[3] + 0.6 * u),
            oval(),
            shade(colour, 0.6),
        )
        cut(lay, hole)
        label = ("VOLTARO", 3.1) if face == "front" else ("USB-C  3.2  128GB", 2.2)
        engrave(lay, (x0 + (body_len - 8) / 2 * u, cy), label[0], label[1] * u, colour)
    elif model == "dual":
        part(
            lay,
            (x0 + 6 * u, cy - (width / 2 + 0.3) * u, x1 - 6 * u, cy + (width / 2 + 0.3) * u),
            rrect(1.5 * u),
            metal(),
        )
        usb_c_plug(lay, x1 - 0.5 * u, cy, u, right=True)
        caption = "VOLTARO" if face == "front" else "128GB  USB 3.2"
        engrave(lay, ((x0 + x1) / 2, cy), caption, 3.0 * u, METAL)
        anchors["plug_c"] = (x1 + 4 * u, cy)
    elif model == "nano":
        cut(lay, (x1 - 4.2 * u, cy - 1.4 * u, x1 - 1.4 * u, cy + 1.4 * u))
        part(
            lay,
            (x0 + 0.6 * u, cy - 3.5 * u, x0 + 2.2 * u, cy + 3.5 * u),
            rrect(0.8 * u),
            shade(colour, 1.35),
        )
    elif model == "swivel":
        cut(lay, (x1 - 6 * u, cy - 2 * u, x1 - 2 * u, cy + 2 * u))
        engrave(lay, ((x0 + x1) / 2 - 3 * u, cy), "16GB", 3.6 * u, colour)
        pivot = x1 - 10 * u
        sheet = (width + 1.4) / 2 * u
        if open_clip:
            box = (pivot - 4.5 * u, cy - sheet, pivot + 46 * u, cy + sheet)
            logo_x = pivot + 22 * u
        else:
            box = (pivot - 50 * u, cy - sheet, pivot + 4.5 * u, cy + sheet)
            logo_x = pivot - 24 * u
        part(lay, box, rrect(sheet), metal())
        part(
            lay,
            (pivot - 3.2 * u, cy - 3.2 * u, pivot + 3.2 * u, cy + 3.2 * u),
            oval(),
            metal(shade(METAL, 0.85)),
        )
        text(lay, (logo_x, cy), "YOUR LOGO", 4.0 * u, (30, 60, 110), bold=True)
        anchors["pivot"] = (pivot, cy)
    return lay, anchors


def flash_edge(u: float, colour: RGB, model: str) -> tuple[Image.Image, Anchors]:
    """A flash drive seen edge-on, connector pointing left."""
    body_len, _, thick, conn = FLASH[model]
    conn_len, conn_t = (12.0, 4.6) if conn == "a" else (6.8, 2.5)
    extra = 7 * u if model == "dual" else 0
    lay = new_layer((conn_len + body_len + 2) * u + extra, (thick + 2) * u)
    cy = lay.height / 2
    x0 = conn_len * u + u
    part(lay, (u, cy - conn_t / 2 * u, x0 + u, cy + conn_t / 2 * u), rrect(conn_t / 3 * u), metal())
    fill = metal(colour) if model == "metal_c" else cyl(colour)
    part(
        lay,
        (x0, cy - thick / 2 * u, x0 + body_len * u, cy + thick / 2 * u),
        rrect(thick / 2.4 * u),
        fill,
    )
    if model == "dual":
        part(
            lay,
            (x0 + body_len * u - u, cy - 1.25 * u, x0 + body_len * u + 6.8 * u, cy + 1.25 * u),
            rrect(1.2 * u),
            metal(),
        )
    if model == "swivel":
        part(
            lay,
            (
                x0 - 8 * u,
                cy - thick / 2 * u - 0.8 * u,
                x0 + body_len * u - 6 * u,
                cy - thick / 2 * u + 0.4 * u,
            ),
            rrect(0.5 * u),
            metal(),
        )
        part(
            lay,
            (
                x0 - 8 * u,
                cy + thick / 2 * u - 0.4 * u,
                x0 + body_len * u - 6 * u,
                cy + thick / 2 * u + 0.8 * u,
            ),
            rrect(0.5 * u),
            metal(),
        )
    return lay, {"plug": (u + conn_len * u / 2, cy), "body": (x0 + body_len * u / 2, cy)}


POWER_BANKS = {  # width, height, thickness, corner radius (mm)
    "slim": (68, 138, 13, 7),
    "pd20": (74, 156, 26, 9),
    "mag": (64, 96, 11, 10),
}


def power_bank(
    u: float, colour: RGB, model: str, face: str = "front"
) -> tuple[Image.Image, Anchors]:
    """A power bank lying flat, seen from above at a slight angle (thickness visible)."""
    w, h, t, r = POWER_BANKS[model]
    depth = (t * u * 0.35, t * u * 0.55)
    lay, (fx, fy) = extruded(w * u, h * u, r * u, depth, linear(colour, 1.12, 0.9), colour)
    cx = fx + w * u / 2
    # a soft diagonal sheen across the face
    sheen = new_layer(lay.width, lay.height)
    ImageDraw.Draw(sheen).polygon(
        [
            (fx, fy + h * u * 0.25),
            (fx + w * u, fy),
            (fx + w * u, fy + h * u * 0.18),
            (fx, fy + h * u * 0.5),
        ],
        fill=(255, 255, 255, 20 if luminance(colour) > 150 else 26),
    )
    face_mask = Image.new("L", lay.size, 0)
    ImageDraw.Draw(face_mask).rounded_rectangle((fx, fy, fx + w * u, fy + h * u), r * u, fill=255)
    sheen.putalpha(Image.composite(sheen.getchannel("A"), Image.new("L", lay.size, 0), face_mask))
    lay.alpha_composite(sheen.filter(ImageFilter.GaussianBlur(u * 2)))
    if face == "front":
        engrave(
            lay, (cx, fy + h * u * (0.3 if model != "pd20" else 0.62)), "VOLTARO", 7 * u, colour
        )
        if model == "pd20":
            part(
                lay,
                (cx - 16 * u, fy + 24 * u, cx + 16 * u, fy + 40 * u),
                rrect(3 * u),
                linear((18, 20, 24), 1.2, 0.9),
            )
            text(lay, (cx, fy + 32 * u), "87%", 8.5 * u, (110, 210, 255), bold=True)
        else:
            led_y = fy + h * u * 0.82
            for i in range(4):
                x = cx + (i - 1.5) * 4.2 * u
                lit = (
                    (120, 205, 255)
                    if i < 3
                    else shade(colour, 0.75 if luminance(colour) > 90 else 1.3)
                )
                part(lay, (x - 0.9 * u, led_y - 0.9 * u, x + 0.9 * u, led_y + 0.9 * u), oval(), lit)
    elif model == "mag":
        ring = (cx - 23 * u, fy + h * u / 2 - 23 * u, cx + 23 * u, fy + h * u / 2 + 23 * u)
        draw = ImageDraw.Draw(lay)
        draw.ellipse(ring, outline=shade(colour, 0.8) + (255,), width=int(1.6 * u))
        draw.ellipse(
            [v + (1.6 * u if i < 2 else -1.6 * u) for i, v in enumerate(ring)],
            outline=shade(colour, 1.3) + (255,),
            width=int(0.4 * u),
        )
        engrave(lay, (cx, fy + h * u / 2), "MagSnap", 4.5 * u, colour)
        text(
            lay,
            (cx, fy + h * u * 0.9),
            "5000mAh  19.25Wh  Input 5V 3A / 9V 2.22A",
            1.8 * u,
            shade(colour, 0.5),
        )
    else:  # back: the rating label, as on a real bank
        lines = {
            "slim": [
                "Model: VT-PB-10S",
                "Li-Polymer 10000mAh 3.7V 37Wh",
                "Input: USB-C 5V 3A / 9V 2A",
                "Output: USB-C 20W max, USB-A 18W max",
                "Voltaro Ltd. Designed in Europe",
            ],
            "pd20": [
                "Model: VT-PB-20P",
                "Li-ion 20000mAh 3.6V 72Wh",
                "Input: USB-C 65W max",
                "Output: C1 65W, C2 30W, A 18W (65W total)",
                "Voltaro Ltd. Designed in Europe",
            ],
        }[model]
        engrave(lay, (cx, fy + h * u * 0.22), "VOLTARO", 6 * u, colour)
        for i, line in enumerate(lines):
            text(
                lay,
                (cx, fy + h * u * 0.62 + i * 4.2 * u),
                line,
                2.5 * u,
                shade(colour, 1.9 if luminance(colour) < 110 else 0.5),
            )
    return lay, {"center": (cx, fy + h * u / 2), "top": (cx, fy), "port": (cx + 8 * u, fy)}


def power_bank_edge(
    u: float, colour: RGB, model: str, ends: bool = True
) -> tuple[Image.Image, Anchors]:
    """The short (ports) edge of a power bank, seen straight on; or the long edge."""
    w, h, t, _ = POWER_BANKS[model]
    length = w if ends else h
    lay = new_layer((length + 2) * u, (t + 2) * u)
    cy = lay.height / 2
    part(
        lay, (u, cy - t / 2 * u, (length + 1) * u, cy + t / 2 * u), rrect(t * 0.45 * u), cyl(colour)
    )
    cx = lay.width / 2
    if ends:
        ports = {"slim": ["c", "a"], "pd20": ["c", "c", "a"], "mag": ["c"]}[model]
        start = cx - (len(ports) - 1) * 7 * u
        for i, kind in enumerate(ports):
            x = start + i * 14 * u
            if kind == "c":
                part(
                    lay,
                    (x - 4.4 * u, cy - 1.5 * u, x + 4.4 * u, cy + 1.5 * u),
                    rrect(1.5 * u),
                    (14, 14, 16),
                )
                part(
                    lay,
                    (x - 3.0 * u, cy - 0.35 * u, x + 3.0 * u, cy + 0.35 * u),
                    rrect(0.3 * u),
                    (95, 95, 100),
                )
            else:
                part(lay, (x - 6.2 * u, cy - 2.4 * u, x + 6.2 * u, cy + 2.4 * u), rect(), metal())
                part(
                    lay,
                    (x - 5.5 * u, cy - 1.8 * u, x + 5.5 * u, cy + 1.8 * u),
                    rect(),
                    (20, 20, 22),
                )
                part(
                    lay,
                    (x - 5.0 * u, cy - 1.6 * u, x + 5.0 * u, cy - 0.4 * u),
                    rect(),
                    (0, 120, 215) if model != "mag" else (240, 240, 240),
                )
    else:
        part(
            lay,
            (cx + length * 0.2 * u, cy - 0.9 * u, cx + length * 0.2 * u + 7 * u, cy + 0.9 * u),
            rrect(0.9 * u),
            cyl(shade(colour, 0.8)),
        )
    return lay, {"center": (cx, cy)}


CHARGERS = {  # face width, face height, depth (mm), prongs
    "65": (48, 48, 32, True),
    "20": (30, 30, 28, True),
    "100": (70, 30, 70, False),
}


def charger_ports(
    lay: Image.Image, model: str, cx: float, cy: float, u: float, colour: RGB
) -> Anchors:
    """USB-C and USB-A ports on a charger face; returns the first port's position."""
    hole = (20, 21, 24)
    label = shade(colour, 0.55) if luminance(colour) > 128 else shade(colour, 1.6)
    if model == "100":
        spots = [
            ("c", cx - 24 * u, cy),
            ("c", cx - 9 * u, cy),
            ("c", cx + 6 * u, cy),
            ("a", cx + 22 * u, cy),
        ]
    elif model == "65":
        spots = [("c", cx, cy - 12 * u), ("c", cx, cy - 3 * u), ("a", cx, cy + 9 * u)]
    else:
        spots = [("c", cx, cy)]
    for i, (kind, x, y) in enumerate(spots):
        if kind == "c":
            part(
                lay,
                (x - 4.6 * u, y - 1.7 * u, x + 4.6 * u, y + 1.7 * u),
                rrect(1.7 * u),
                shade(colour, 0.7),
            )
            part(lay, (x - 4.2 * u, y - 1.35 * u, x + 4.2 * u, y + 1.35 * u), rrect(1.35 * u), hole)
            part(
                lay,
                (x - 2.9 * u, y - 0.3 * u, x + 2.9 * u, y + 0.3 * u),
                rrect(0.3 * u),
                (90, 92, 96),
            )
        else:
            part(
                lay,
                (x - 6.4 * u, y - 2.6 * u, x + 6.4 * u, y + 2.6 * u),
                rect(),
                shade(colour, 0.7),
            )
            part(lay, (x - 6 * u, y - 2.2 * u, x + 6 * u, y + 2.2 * u), rect(), hole)
            part(lay, (x - 5.2 * u, y - 1.9 * u, x + 5.2 * u, y - 0.6 * u), rect(), (235, 235, 235))
        if model != "20":
            name = f"C{i + 1}" if kind == "c" else "A"
            lx, ly = (x - 8 * u, y) if model == "65" else (x, y + 5 * u)
            text(lay, (lx, ly), name, 2.2 * u, label, bold=True)
    return {"port": (spots[0][1], spots[0][2])}


def charger(u: float, colour: RGB, model: str, view: str = "front") -> tuple[Image.Image, Anchors]:
    """A wall or desktop charger: front (3/4 view with ports), top (desktop) or back (prongs)."""
    fw, fh, depth, prongs = CHARGERS[model]
    radius = 7 * u if model != "20" else 5 * u
    if view == "top":  # desktop charger seen from above: the big face is its top
        fw, fh = fw, depth
    d = depth * u * (0.42 if view != "top" else 0.12)
    vec = (d * 0.62, -d * 0.55) if view != "top" else (0, d * 1.6)
    lay, (fx, fy) = extruded(fw * u, fh * u, radius, vec, linear(colour, 1.08, 0.93), colour)
    cx, cy = fx + fw * u / 2, fy + fh * u / 2
    anchors: Anchors = {"center": (cx, cy)}
    if view == "front":
        anchors.update(charger_ports(lay, model, cx, cy, u, colour))
        if model == "100":
            engrave(lay, (fx + fw * u / 2, fy - d * 0.4), "", 1, colour)
    elif view == "top":
        engrave(lay, (cx, cy - 8 * u), "VOLTARO", 6.5 * u, colour)
        part(lay, (cx - 1.3 * u, cy + 14 * u, cx + 1.3 * u, cy + 16.6 * u), oval(), (255, 190, 90))
        glow = new_layer(lay.width, lay.height)
        ImageDraw.Draw(glow).ellipse(
            (cx - 5 * u, cy + 10.3 * u, cx + 5 * u, cy + 20.3 * u), fill=(255, 190, 90, 70)
        )
        lay.alpha_composite(glow.filter(ImageFilter.GaussianBlur(2 * u)))
    else:  # back: prongs end-on and the rating label
        ink = shade(colour, 0.45) if luminance(colour) > 128 else shade(colour, 1.8)
        if prongs:
            gap = 12.7 * u / (1 if model == "65" else 1.15)
            for sx in (-gap / 2, gap / 2):
                part(
                    lay,
                    (cx + sx - 1.4 * u, cy - 9 * u, cx + sx + 1.4 * u, cy + 4 * u),
                    rrect(0.5 * u),
                    shade(colour, 0.7),
                )
                part(
                    lay,
                    (cx + sx - 0.8 * u, cy - 8.4 * u, cx + sx + 0.8 * u, cy + 3.4 * u),
                    rect(),
                    metal(across="x"),
                )
        rating = "INPUT 100-240V~ 50/60Hz" + ("  1.8A" if model == "65" else "  0.6A")
        output = "OUTPUT 65W MAX" if model == "65" else "OUTPUT 5V 3A / 9V 2.22A 20W"
        base_y = fy + fh * u * 0.78
        text(lay, (cx, base_y), rating, (2.3 if model == "65" else 1.6) * u, ink)
        text(lay, (cx, base_y + 3.4 * u), output, (2.3 if model == "65" else 1.6) * u, ink)
        text(
            lay,
            (cx, fy + fh * u * 0.14),
            "VOLTARO",
            (3.4 if model == "65" else 2.4) * u,
            ink,
            bold=True,
        )
    return lay, anchors


def charger_side(u: float, colour: RGB, model: str) -> tuple[Image.Image, Anchors]:
    """A charger's profile: prongs out to the left (or the power cord for the desktop one)."""
    fw, fh, depth, prongs = CHARGERS[model]
    height = fh if model != "100" else 30
    prong_len = 16 * u if prongs else 0
    lay = new_layer(
        depth * u + prong_len + 2 * u + (40 * u if not prongs else 0), height * u + 4 * u
    )
    cy = lay.height / 2
    x0 = prong_len + u
    if prongs:
        part(lay, (u, cy - 3.2 * u, x0 + u, cy + 3.2 * u), rrect(1.2 * u), metal())
        cut(lay, (u + 2.5 * u, cy - 1.5 * u, u + 5.5 * u, cy + 1.5 * u))
    part(
        lay,
        (x0, cy - height / 2 * u, x0 + depth * u, cy + height / 2 * u),
        rrect(6 * u),
        cyl(colour),
    )
    if not prongs:  # desktop: the power cord leaves the back
        draw = ImageDraw.Draw(lay)
        pts = [(x0 + depth * u + i * u, cy + 6 * u + (i / 40) ** 2 * 8 * u) for i in range(0, 41)]
        draw.line(pts, fill=(30, 31, 34, 255), width=int(3.6 * u), joint="curve")
        part(
            lay,
            (x0 + depth * u - u, cy + 2.5 * u, x0 + depth * u + 5 * u, cy + 9.5 * u),
            rrect(1.5 * u),
            cyl((40, 41, 44)),
        )
        part(
            lay,
            (x0, cy + height / 2 * u - 1.4 * u, x0 + depth * u, cy + height / 2 * u),
            rrect(0.7 * u),
            (28, 28, 30),
        )
    engrave(lay, (x0 + depth * u / 2, cy), "VOLTARO", (3.4 if model != "20" else 2.6) * u, colour)
    return lay, {"center": (x0 + depth * u / 2, cy)}


def connector(u: float, kind: str, colour: RGB) -> Image.Image:
    """A cable plug pointing right: strain relief, housing, metal tip."""
    lay = new_layer(36 * u, 12 * u)
    cy = lay.height / 2
    part(
        lay,
        (0, cy - 2.4 * u, 8 * u, cy + 2.4 * u),
        poly([(0, 0.2), (1, 0), (1, 1), (0, 0.8)]),
        cyl(colour),
    )
    housing = METAL if colour == (60, 64, 70) or luminance(colour) < 100 else colour
    fill = metal(housing) if housing == METAL else cyl(housing)
    part(lay, (7 * u, cy - 5.4 * u, 27 * u, cy + 5.4 * u), rrect(2.6 * u), fill)
    if kind == "usbc":
        part(lay, (26.5 * u, cy - 4.15 * u, 34 * u, cy + 4.15 * u), rrect(1.4 * u), metal())
    else:
        part(lay, (26.5 * u, cy - 3.35 * u, 34.5 * u, cy + 3.35 * u), rrect(2.2 * u), metal())
        for i in range(4):
            part(
                lay,
                (28.6 * u + i * 1.35 * u, cy - 0.5 * u, 29.4 * u + i * 1.35 * u, cy + 2.2 * u),
                rrect(0.3 * u),
                (214, 182, 104),
            )
    return lay


def stroke_tube(
    draw: ImageDraw.ImageDraw, pts: Sequence[Point], width: float, colour: RGB, braid: bool
) -> None:
    """A cable as a shaded tube along ``pts``: outline, body, highlights lit from the top left."""
    w = int(width)
    draw.line(pts, fill=shade(colour, 0.5) + (255,), width=int(w * 1.08), joint="curve")
    draw.line(pts, fill=colour + (255,), width=w, joint="curve")
    hi = [(x - w * 0.12, y - w * 0.16) for x, y in pts]
    draw.line(hi, fill=shade(colour, 1.18) + (255,), width=max(1, int(w * 0.42)), joint="curve")
    if braid:
        for i in range(0, len(pts) - 1, 3):
            (x1, y1), (x2, y2) = pts[i], pts[i + 1]
            ang = math.atan2(y2 - y1, x2 - x1) + 0.9
            dx, dy = math.cos(ang) * w * 0.45, math.sin(ang) * w * 0.45
            draw.line(
                (x1 - dx, y1 - dy, x1 + dx, y1 + dy),
                fill=shade(colour, 0.75) + (120,),
                width=max(1, w // 10),
            )
    spec = [(x - w * 0.2, y - w * 0.26) for x, y in pts]
    draw.line(spec, fill=shade(colour, 1.5) + (200,), width=max(1, int(w * 0.12)), joint="curve")


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 160) -> list[Point]:
    """Points on a cubic Bezier curve."""
    out = []
    for i in range(n + 1):
        t = i / n
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


def plug_at(lay: Image.Image, u: float, kind: str, colour: RGB, end: Point, before: Point) -> Point:
    """Paste a plug at the end of a cable path, oriented along it; return its tip."""
    plug = connector(u, kind, colour)
    ang = math.degrees(math.atan2(end[1] - before[1], end[0] - before[0]))
    rot = plug.rotate(-ang, resample=Image.Resampling.BICUBIC, expand=True)
    a = math.radians(ang)
    mid = 17 * u
    cx, cy = end[0] + math.cos(a) * mid, end[1] + math.sin(a) * mid
    composite(lay, rot, (int(cx - rot.width / 2), int(cy - rot.height / 2)))
    return (end[0] + math.cos(a) * 34 * u, end[1] + math.sin(a) * 34 * u)


def cable(
    u: float, colour: RGB, ends: Sequence[str], style: str = "coil", braid: bool = False
) -> tuple[Image.Image, Anchors]:
    """A cable with a plug on each end: coiled, or laid out straight."""
    if style == "coil":
        lay = new_layer(170 * u, 150 * u)
        cx, cy = 88 * u, 66 * u
        coil = []
        for i in range(0, 721):
            t = i / 720 * 3 * 2 * math.pi
            r = (34 + 2.5 * math.sin(t * 0.5)) * u
            coil.append(
                (
                    cx + r * math.cos(t) + t * 1.3 * u - 12 * u,
                    cy + r * 0.78 * math.sin(t) + t * 0.7 * u,
                )
            )
        start, end = coil[0], coil[-1]
        tail1 = bezier((30 * u, 132 * u), (40 * u, 110 * u), (start[0], start[1] + 30 * u), start)
        tail2 = bezier(
            end, (end[0] + 4 * u, end[1] + 26 * u), (140 * u, 120 * u), (150 * u, 136 * u)
        )
        pts = tail1 + coil + tail2
    else:
        lay = new_layer(230 * u, 70 * u)
        pts = bezier((40 * u, 38 * u), (90 * u, 8 * u), (140 * u, 70 * u), (190 * u, 34 * u))
    draw = ImageDraw.Draw(lay)
    stroke_tube(draw, pts, 4.2 * u, colour, braid)
    tip_a = plug_at(lay, u, ends[0], colour, pts[0], pts[3])
    tip_b = plug_at(lay, u, ends[1], colour, pts[-1], pts[-4])
    return lay, {"a": tip_a, "b": tip_b, "center": (lay.width / 2, lay.height / 2)}


# --- scene props --------------------------------------------------------------------------


def tablet(u: float, seed: int) -> tuple[Image.Image, Anchors]:
    """A tablet lying flat, with a sketch on its screen; anchor 'pen' ends the last stroke."""
    w, h = 250, 178
    lay, (fx, fy) = extruded(
        w * u, h * u, 12 * u, (2 * u, 3 * u), linear((34, 36, 40), 1.2, 0.95), (60, 62, 66)
    )
    sx0, sy0, sx1, sy1 = fx + 8 * u, fy + 8 * u, fx + (w - 8) * u, fy + (h - 8) * u
    part(lay, (sx0, sy0, sx1, sy1), rrect(5 * u), linear((250, 250, 247), 1.0, 0.93))
    draw = ImageDraw.Draw(lay)
    rng = random.Random(seed)
    ink = (34, 44, 64, 255)
    # a little product sketch: a cube, a circle and a handwritten-looking line
    bx, by = sx0 + 40 * u, sy0 + 40 * u
    draw.rectangle((bx, by, bx + 45 * u, by + 45 * u), outline=ink, width=int(0.7 * u))
    draw.line(
        (bx, by, bx + 15 * u, by - 12 * u, bx + 60 * u, by - 12 * u, bx + 45 * u, by),
        fill=ink,
        width=int(0.7 * u),
    )
    draw.line(
        (bx + 60 * u, by - 12 * u, bx + 60 * u, by + 33 * u, bx + 45 * u, by + 45 * u),
        fill=ink,
        width=int(0.7 * u),
    )
    draw.ellipse(
        (sx0 + 130 * u, sy0 + 30 * u, sx0 + 185 * u, sy0 + 85 * u),
        outline=(11, 92, 173, 255),
        width=int(1.1 * u),
    )
    pts = []
    for i in range(120):
        x = sx0 + 30 * u + i * 1.3 * u
        pts.append((x, sy0 + 125 * u + 7 * u * math.sin(i / 6) + rng.uniform(-0.2, 0.2) * u))
    draw.line(pts, fill=ink, width=int(0.9 * u), joint="curve")
    return lay, {"pen": pts[-1]}


def phone(u: float, screen: str = "charging") -> tuple[Image.Image, Anchors]:
    """A smartphone lying face up; the screen shows a charging indicator."""
    w, h = 71, 147
    lay, (fx, fy) = extruded(w * u, h * u, 10 * u, (1.5 * u, 2.5 * u), (18, 18, 20), (70, 72, 76))
    sx0, sy0, sx1, sy1 = fx + 2.5 * u, fy + 2.5 * u, fx + (w - 2.5) * u, fy + (h - 2.5) * u
    part(lay, (sx0, sy0, sx1, sy1), rrect(8 * u), linear((38, 62, 98), 1.25, 0.6))
    part(
        lay,
        (fx + w * u / 2 - 9 * u, sy0 + 2 * u, fx + w * u / 2 + 9 * u, sy0 + 6 * u),
        rrect(2 * u),
        (8, 8, 9),
    )
    cx = fx + w * u / 2
    text(lay, (cx, sy0 + 30 * u), "10:42", 14 * u, (245, 247, 250))
    if screen == "charging":
        part(
            lay,
            (cx - 9 * u, sy0 + 62 * u, cx + 9 * u, sy0 + 70 * u),
            rrect(1.5 * u),
            (245, 247, 250),
        )
        part(
            lay, (cx - 8 * u, sy0 + 63 * u, cx + 3 * u, sy0 + 69 * u), rrect(1 * u), (90, 220, 120)
        )
        text(lay, (cx, sy0 + 78 * u), "Charging  62%", 4 * u, (235, 240, 245))
    return lay, {"bottom": (cx, fy + h * u), "top": (cx, fy), "center": (cx, fy + h * u / 2)}


def phone_back(u: float) -> tuple[Image.Image, Anchors]:
    """A smartphone lying face down: camera bump and glass back."""
    w, h = 71, 147
    colour = (70, 86, 108)
    lay, (fx, fy) = extruded(
        w * u, h * u, 10 * u, (1.5 * u, 2.5 * u), linear(colour, 1.15, 0.9), colour
    )
    part(
        lay,
        (fx + 5 * u, fy + 5 * u, fx + 33 * u, fy + 33 * u),
        rrect(7 * u),
        linear(shade(colour, 1.1), 1.1, 0.95),
    )
    for x, y in ((12, 12), (12, 24), (24, 18)):
        part(
            lay,
            (fx + (x - 4.5) * u, fy + (y - 4.5) * u, fx + (x + 4.5) * u, fy + (y + 4.5) * u),
            oval(),
            (20, 22, 26),
        )
        part(
            lay,
            (fx + (x - 2) * u, fy + (y - 2.6) * u, fx + (x - 0.5) * u, fy + (y - 1.1) * u),
            oval(),
            (120, 130, 150),
        )
    return lay, {"center": (fx + w * u / 2, fy + h * u * 0.58)}


def laptop_corner(u: float) -> tuple[Image.Image, Anchors]:
    """The right-hand end of a laptop base with keys and a USB-C port on its edge."""
    w, h = 150, 150
    colour = (168, 172, 178)
    lay, (fx, fy) = extruded(w * u, h * u, 8 * u, (0, 4 * u), linear(colour, 1.1, 0.92), colour)
    for row in range(5):
        for col in range(6):
            x, y = fx + (8 + col * 19) * u, fy + (12 + row * 19) * u
            part(
                lay,
                (x, y, x + 16.5 * u, y + 16.5 * u),
                rrect(2.5 * u),
                linear((44, 46, 50), 1.15, 0.95),
            )
    part(
        lay,
        (fx + 20 * u, fy + 112 * u, fx + 120 * u, fy + 146 * u),
        rrect(4 * u),
        linear(colour, 1.06, 0.98),
    )
    return lay, {"port": (fx + w * u, fy + 40 * u)}


def wall_plate(u: float) -> tuple[Image.Image, Anchors]:
    """A white duplex wall outlet plate; anchors are the two outlets' centres."""
    lay, (fx, fy) = extruded(
        70 * u,
        115 * u,
        5 * u,
        (1.2 * u, 2 * u),
        linear((250, 250, 248), 1.02, 0.94),
        (235, 235, 232),
    )
    cx = fx + 35 * u
    anchors = {}
    for i, oy in enumerate((32, 83)):
        y = fy + oy * u
        part(
            lay,
            (cx - 17 * u, y - 17 * u, cx + 17 * u, y + 17 * u),
            rrect(6 * u),
            linear((244, 243, 238), 1.0, 0.93),
        )
        for sx in (-6.4, 6.4):
            part(
                lay,
                (cx + sx * u - 1 * u, y - 7 * u, cx + sx * u + 1 * u, y + 2 * u),
                rect(),
                (40, 38, 36),
            )
        part(lay, (cx - 2.6 * u, y + 6 * u, cx + 2.6 * u, y + 11 * u), rrect(2.5 * u), (40, 38, 36))
        anchors[f"outlet{i}"] = (cx, y)
    return lay, anchors


def packaging(
    u: float, product: Image.Image, title: str, colour: RGB = BRAND
) -> tuple[Image.Image, Anchors]:
    """A retail box in brand colours with the product pictured on the front."""
    w, h = 110, 150
    depth = (26 * u, -20 * u)
    lay, (fx, fy) = extruded(
        w * u, h * u, 2.5 * u, depth, linear(colour, 1.15, 0.85), shade(colour, 1.2)
    )
    cx = fx + w * u / 2
    text(lay, (cx, fy + 16 * u), "VOLTARO", 11 * u, (255, 255, 255), bold=True)
    part(
        lay,
        (fx + 10 * u, fy + 28 * u, fx + (w - 10) * u, fy + 108 * u),
        rrect(4 * u),
        linear((246, 247, 250), 1.02, 0.9),
    )
    pic = product.copy()
    pic.thumbnail((int(80 * u), int(70 * u)), Image.Resampling.LANCZOS)
    lay.alpha_composite(pic, (int(cx - pic.width / 2), int(fy + 68 * u - pic.height / 2)))
    words = title.replace("Voltaro ", "").split()
    lines, line = [], ""
    f = font(6.2 * u)
    for word in words:
        trial = f"{line} {word}".strip()
        if f.getlength(trial) > (w - 16) * u and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    for i, value in enumerate(lines[:3]):
        text(lay, (cx, fy + (118 + i * 8.5) * u), value, 6.2 * u, (255, 255, 255))
    text(lay, (cx, fy + 145 * u), "DESIGNED TO TRAVEL", 3.4 * u, shade(colour, 1.5))
    return lay, {"center": (cx, fy + h * u / 2)}


# --- compositions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shot:
    """One photo to draw."""

    slug: str
    file: str
    angle: str
    colour: RGB
    title: str
    spec: Spec

    @property
    def seed(self) -> int:
        return zlib.crc32(f"{self.slug}/{self.file}".encode())


def hero(shot: Shot, u: float) -> tuple[Image.Image, Anchors]:
    """The product in its main view, used on the front photo and on the box."""
    o, c = shot.spec.options, shot.colour
    if shot.spec.kind == "stylus":
        return stylus(u, c, o.get("tip", "active"), "top")
    if shot.spec.kind == "flash":
        return flash_drive(flash_scale(u, o["model"]), c, o["model"])
    if shot.spec.kind == "powerbank":
        return power_bank(u * 1.3, c, o["model"])
    if shot.spec.kind == "charger":
        return charger(u * (2.6 if o["model"] != "20" else 3.6), c, o["model"])
    return cable(u * 1.2, c, o["ends"].split(","), "coil", o.get("braid") == "yes")


def compose(shot: Shot) -> Image.Image:
    """Draw one photo at 2x and return it at its final size."""
    kind, angle, o, c = shot.spec.kind, shot.angle, shot.spec.options, shot.colour
    size = WIDE if angle == "in_use" else SQUARE
    W, H = size[0] * SS, size[1] * SS
    canvas = studio((W, H))
    u = W / 190  # pixels per mm for a product that should fill most of the frame
    if angle == "packaging":
        canvas = studio((W, H), (246, 244, 240), (218, 214, 206))
        prod, _ = hero(shot, u)
        box, anchors = packaging(u * 0.95, prod, shot.title)
        place(canvas, box, (W * 0.46, H * 0.52), 0)
        if kind in ("stylus", "flash"):
            small, _ = hero(shot, u * 0.55)
            place(canvas, small, (W * 0.74, H * 0.86), 8)
    elif angle == "in_use":
        canvas = compose_in_use(shot, W, H)
    elif kind == "stylus":
        canvas = compose_stylus(shot, canvas, W, H)
    elif kind == "flash":
        m = o["model"]
        uf = flash_scale(u, m)
        if angle == "detail":
            lay, a = flash_drive(uf * 2.8, c, m)
            place(canvas, lay, (W * 0.45, H * 0.5), 0, a, "pivot" if m == "swivel" else "plug")
        elif angle == "side" and m == "swivel":
            lay, a = flash_drive(flash_scale(u, m, open_clip=True), c, m, open_clip=True)
            place(canvas, lay, (W / 2, H * 0.5), 18)
        elif angle == "side":
            lay, a = flash_edge(uf, c, m)
            place(canvas, lay, (W / 2, H * 0.5), 0)
        elif angle == "top":
            lay, a = flash_drive(uf * 0.92, c, m)
            place(canvas, lay, (W / 2, H * 0.5), -35)
        else:
            back = angle == "back"
            lay, a = flash_drive(uf, c, m, "back" if back else "front")
            place(canvas, lay, (W / 2, H * 0.5), -16 if back else 20)
    elif kind == "powerbank":
        m = o["model"]
        if angle == "side":
            lay, _ = power_bank_edge(u * (2.4 if m == "slim" else 1.1), c, m, ends=m == "slim")
            place(canvas, lay, (W / 2, H * 0.52), 0)
        elif angle == "top":
            lay, _ = power_bank_edge(u * 2.2, c, m, ends=True)
            place(canvas, lay, (W / 2, H * 0.52), 0)
        else:
            scale = {"slim": 1.05, "pd20": 0.95, "mag": 1.35}[m]
            lay, _ = power_bank(u * scale, c, m, "back" if angle == "back" else "front")
            place(canvas, lay, (W / 2, H * 0.5), -12 if angle != "back" else 10)
    elif kind == "charger":
        m = o["model"]
        scale = {"65": 2.4, "20": 3.3, "100": 1.9}[m]
        if angle == "side":
            lay, _ = charger_side(u * scale * (1.05 if m != "100" else 0.95), c, m)
            place(canvas, lay, (W / 2, H * 0.5), 0)
        elif angle == "detail":
            lay, a = charger(u * scale * 3, c, m)
            place(canvas, lay, (W / 2, H / 2), 0, a, "port")
        else:
            view = {"back": "back", "top": "top"}.get(angle, "front")
            lay, _ = charger(u * scale, c, m, view)
            place(canvas, lay, (W / 2, H * 0.52), 0)
    else:  # cable
        ends = o["ends"].split(",")
        braid = o.get("braid") == "yes"
        if angle == "detail":
            lay, a = cable(u * 3.2, c, ends[::-1], "straight", braid)
            place(canvas, lay, (W * 0.72, H * 0.4), 12, a, "b")
        elif angle in ("side", "top"):
            lay, _ = cable(u * 0.82, c, ends, "straight", braid)
            place(canvas, lay, (W / 2, H / 2), -8)
        else:
            lay, _ = cable(u * 1.12, c, ends, "coil", braid)
            place(canvas, lay, (W / 2, H * 0.5), 0)
    return canvas.resize(size, Image.Resampling.LANCZOS)


def compose_stylus(shot: Shot, canvas: Image.Image, W: int, H: int) -> Image.Image:
    """Stylus compositions: diagonal hero, back, top (clip centred), tip close-up."""
    o, c, angle = shot.spec.options, shot.colour, shot.angle
    u = W / 190
    tip = o.get("tip", "active")
    if angle == "detail":
        lay, a = stylus(u * 5.5, c, tip, "top")
        place(canvas, lay, (W * 0.22, H * 0.62), 24, a, "tip")
    elif angle == "side":
        lay, _ = stylus(u * 1.02, c, tip, "center")
        place(canvas, lay, (W / 2, H / 2), 0)
    elif angle == "back":
        lay, _ = stylus(u * 1.02, c, tip, "top", brand=False)
        lay = lay.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        engrave(lay, (lay.width * 0.3, lay.height / 2 + 0.2 * u), "VOLTARO", 3.4 * u * 1.02, c)
        place(canvas, lay, (W / 2, H / 2), -30)
    elif "pair" in o:
        for colour, dy in ((c, -0.1), (hex_rgb(o["pair"]), 0.1)):
            lay, _ = stylus(u * 1.0, colour, tip, "top")
            place(canvas, lay, (W / 2, H * (0.5 + dy)), 30)
    else:
        lay, _ = stylus(u * 1.05, c, tip, "top")
        place(canvas, lay, (W / 2, H / 2), 32)
    return canvas


def compose_in_use(shot: Shot, W: int, H: int) -> Image.Image:
    """Lifestyle scenes: the product on a desk or a wall, connected to what it powers."""
    kind, o, c = shot.spec.kind, shot.spec.options, shot.colour
    u = W / 260
    if kind == "charger" and o["model"] != "100":
        canvas = wall((W, H))
        plate, pa = wall_plate(u * 1.6)
        anchors = place(canvas, plate, (W * 0.5, H * 0.48), 0, pa, shadow=0.6)
        body, ba = charger(u * 1.6 * (1.0 if o["model"] == "65" else 1.4), c, o["model"])
        ch = place(canvas, body, anchors["outlet0"], 0, ba, "center")
        cab = new_layer(W, H)
        start = ch["port"]
        pts = bezier(start, (start[0], start[1] + 60 * u), (W * 0.75, H * 0.8), (W * 0.8, H * 1.08))
        stroke_tube(ImageDraw.Draw(cab), pts, 4.2 * u * 1.6, (60, 62, 66), False)
        plug = connector(u * 1.6, "usbc", (60, 62, 66)).rotate(
            90, expand=True, resample=Image.Resampling.BICUBIC
        )
        composite(cab, plug, (int(start[0] - plug.width / 2), int(start[1] - plug.height * 0.2)))
        place(canvas, cab, (W / 2, H / 2), 0, shadow=0.7)
        return canvas
    canvas = desk((W, H), shot.seed)
    if kind == "stylus":
        tab, ta = tablet(u * 0.72, shot.seed)
        t = place(canvas, tab, (W * 0.38, H * 0.56), -6, ta)
        pen, pa = stylus(u * 0.85, c, o.get("tip", "active"), "top")
        place(canvas, pen, t["pen"], 30, pa, "tip")
    elif kind == "flash":
        drive, da = flash_drive(u * 2.6, c, o["model"])
        place(canvas, drive, (W * 0.62, H * 0.4), 180, da, "plug")
        lap, la = laptop_corner(u * 1.55)
        place(canvas, lap, (W * 0.56, H * 0.4), 0, la, "port")
    elif kind == "powerbank" and o["model"] == "mag":
        back, pb = phone_back(u * 1.25)
        p = place(canvas, back, (W * 0.5, H * 0.5), -8, pb)
        bank, ba = power_bank(u * 1.05, c, "mag", "front")
        place(canvas, bank, p["center"], -8, ba, "center")
    else:
        ph, pa = phone(u * 1.15)
        p = place(canvas, ph, (W * 0.7, H * 0.6), 184, pa)
        if kind == "powerbank":
            src, sa = power_bank(u * 1.05, c, o["model"])
            s = place(canvas, src, (W * 0.3, H * 0.62), -8, sa)
            start = s["top"]
            colour = (60, 62, 66)
        else:  # cable or desktop charger: the charger on the left, the cable to the phone
            model = o.get("model", "65")
            src, sa = charger(
                u * (1.6 if model == "100" else 2.0),
                c if kind == "charger" else (241, 242, 244),
                model,
            )
            s = place(canvas, src, (W * 0.28, H * 0.6), 0, sa)
            start = s["port"]
            colour = c if kind == "cable" else (60, 62, 66)
        end = p["bottom"]
        cab = new_layer(W, H)
        peak = min(start[1], end[1]) - 40 * u
        pts = bezier(start, (start[0], peak), (end[0], peak), (end[0], end[1] - 4 * u))
        stroke_tube(ImageDraw.Draw(cab), pts, 4.2 * u * 1.15, colour, o.get("braid") == "yes")
        place(canvas, cab, (W / 2, H / 2), 0, shadow=0.6)
    return canvas


# --- driver ---------------------------------------------------------------------------------


def read_front_matter(index: Path) -> dict:
    """The YAML front matter of a product's index.md."""
    text_ = index.read_text(encoding="utf-8")
    if not text_.startswith("---"):
        raise SystemExit(f"{index}: no YAML front matter (the file must start with ---)")
    return yaml.safe_load(text_.split("---", 2)[1]) or {}


def shots_for(product_dir: Path) -> list[Shot]:
    """Every photo a demo product lists, with the colour to draw it in."""
    spec = DEMO[product_dir.name]
    meta = read_front_matter(product_dir / "index.md")
    swatches = {
        v.get("image"): hex_rgb(v["swatch"]) for v in meta.get("variants") or [] if v.get("swatch")
    }
    shots = []
    for img in meta.get("images") or []:
        colour = swatches.get(img["file"], hex_rgb(spec.colour))
        shots.append(
            Shot(
                product_dir.name,
                img["file"],
                img.get("angle", "front"),
                colour,
                meta["title"],
                spec,
            )
        )
    return shots


def render(shot: Shot, out_dir: Path) -> tuple[str, int]:
    """Draw and save one photo; returns its path and size in bytes."""
    path = out_dir / shot.slug / shot.file
    image = compose(shot)
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return str(path), path.stat().st_size


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the demo photos."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("products", type=Path, help="the content/products folder")
    parser.add_argument("--only", nargs="*", default=None, help="product slugs to redraw")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    args = parser.parse_args(argv)
    slugs = args.only or sorted(DEMO)
    shots = []
    for slug in slugs:
        folder = args.products / slug
        if slug not in DEMO or not (folder / "index.md").is_file():
            print(f"{folder}: not a demo product with an index.md; skipped", file=sys.stderr)
            continue
        shots.extend(shots_for(folder))
    total = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, size in pool.map(render, shots, [args.products] * len(shots)):
            total += size
            print(f"{path}  {size // 1024} KB")
    print(f"{len(shots)} photos, {total / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
