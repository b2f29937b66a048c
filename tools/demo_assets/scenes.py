"""The demo photos' compositions: how each product is drawn (``DEMO``), props, one shot."""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from .drawing import (
    BRAND,
    RGB,
    SQUARE,
    SS,
    WIDE,
    Anchors,
    composite,
    desk,
    engrave,
    extruded,
    font,
    hex_rgb,
    linear,
    new_layer,
    oval,
    part,
    place,
    rect,
    rrect,
    shade,
    studio,
    text,
    wall,
)
from .objects import (
    bezier,
    cable,
    charger,
    charger_side,
    connector,
    flash_drive,
    flash_edge,
    flash_scale,
    power_bank,
    power_bank_edge,
    stroke_tube,
    stylus,
)


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
    size = WIDE if shot.angle == "in_use" else SQUARE
    W, H = size[0] * SS, size[1] * SS
    if shot.angle == "packaging":
        canvas = compose_packaging(shot, W, H)
    elif shot.angle == "in_use":
        canvas = compose_in_use(shot, W, H)
    else:
        canvas = _COMPOSERS.get(shot.spec.kind, compose_cable)(shot, studio((W, H)), W, H)
    return canvas.resize(size, Image.Resampling.LANCZOS)


def compose_packaging(shot: Shot, W: int, H: int) -> Image.Image:
    """The retail box with the product on it (small products also lie beside it)."""
    u = W / 190  # pixels per mm for a product that should fill most of the frame
    canvas = studio((W, H), (246, 244, 240), (218, 214, 206))
    prod, _ = hero(shot, u)
    box, _anchors = packaging(u * 0.95, prod, shot.title)
    place(canvas, box, (W * 0.46, H * 0.52), 0)
    if shot.spec.kind in ("stylus", "flash"):
        small, _ = hero(shot, u * 0.55)
        place(canvas, small, (W * 0.74, H * 0.86), 8)
    return canvas


def compose_flash(shot: Shot, canvas: Image.Image, W: int, H: int) -> Image.Image:
    """Flash drive compositions: connector close-up, side (clip open on a swivel), top, front."""
    angle, c, m = shot.angle, shot.colour, shot.spec.options["model"]
    u = W / 190
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
    return canvas


def compose_powerbank(shot: Shot, canvas: Image.Image, W: int, H: int) -> Image.Image:
    """Power bank compositions: edge views from the side and top, front and back."""
    angle, c, m = shot.angle, shot.colour, shot.spec.options["model"]
    u = W / 190
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
    return canvas


def compose_charger(shot: Shot, canvas: Image.Image, W: int, H: int) -> Image.Image:
    """Charger compositions: side, port close-up, and the front, back and top views."""
    angle, c, m = shot.angle, shot.colour, shot.spec.options["model"]
    u = W / 190
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
    return canvas


def compose_cable(shot: Shot, canvas: Image.Image, W: int, H: int) -> Image.Image:
    """Cable compositions: connector close-up, straight (side and top), coiled."""
    angle, o, c = shot.angle, shot.spec.options, shot.colour
    u = W / 190
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
    return canvas


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


#: the studio compositions of each kind of product (cables: ``compose_cable``)
_COMPOSERS = {"stylus": compose_stylus, "flash": compose_flash, "powerbank": compose_powerbank,
              "charger": compose_charger}


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


