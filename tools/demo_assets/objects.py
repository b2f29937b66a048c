"""The demo products as (layer, anchors): styluses, flash drives, power banks, chargers, cables."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFilter

from .drawing import (
    METAL,
    RGB,
    Anchors,
    Point,
    composite,
    cut,
    cyl,
    engrave,
    extruded,
    linear,
    luminance,
    metal,
    new_layer,
    oval,
    part,
    poly,
    rect,
    rrect,
    shade,
    text,
)


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


