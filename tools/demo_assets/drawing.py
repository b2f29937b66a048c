"""Drawing primitives of the demo photos: colours, fills, parts with shadows, backgrounds."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SS = 2  # supersampling factor: draw at 2x, downsample with LANCZOS
SQUARE = (1600, 1600)
WIDE = (2000, 1500)  # in-use scenes are landscape, like a real lifestyle shot
BRAND = (11, 92, 173)  # pelicanconf STORE_COLORS["brand"]
METAL = (198, 202, 208)
DARK = (24, 25, 28)

RGB = tuple[int, int, int]
Point = tuple[float, float]
Anchors = dict[str, Point]
Fill = RGB | Callable[[tuple[int, int]], Image.Image]
Shape = Callable[[ImageDraw.ImageDraw, int, int], None]


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


