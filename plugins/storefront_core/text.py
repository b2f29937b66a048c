"""Text in images for every script: font runs, shaping, measuring, fitting in a box, drawing.

Shared by the share cards and the promotion banners. Pillow draws with one font per call and has
no font fallback, so a line is split into runs by which face covers each grapheme cluster and by
bidi level (``bidi``); the runs are put in visual order (rule L2) and each one is shaped by raqm
(HarfBuzz) in its own direction, so Arabic joins and reads right to left while embedded Latin
names and digits read left to right. Where lines may break and how they wrap is ``breaks``.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PIL import Image, ImageColor, ImageDraw, features
from PIL import __version__ as pillow_version

from .bidi import (
    BIDI_CONTROLS,
    bidi_levels,
    is_complex_char,
    is_rtl_lang,
    needs_complex_layout,
    require_complex_layout,
    visual_order,
)
from .breaks import balance_lines, break_opportunities, cluster_starts, wrap_lines
from .fonts import Face, FontChain, FontSet, icu_version, is_invisible, script_of_lang

ELLIPSIS = "…"
_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")


def drawable(text: str, chain: FontChain, rtl: bool | None = None) -> bool:
    """Whether ``text`` can be drawn correctly here: every character has a glyph in the
    chain, and text that needs shaping or right-to-left order has raqm.

    A card leaves out what it cannot draw (a Japanese title without a Japanese font) rather
    than draw tofu boxes or unjoined Arabic.
    """
    text = normalize_space(text)
    if not text:
        return False
    if not chain.fonts.raqm and ((is_rtl_lang(chain.lang) if rtl is None else rtl)
                                 or any(map(is_complex_char, text))):
        return False
    return chain.has_glyphs(text)


# -- layout --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A pixel rectangle: x0, y0 inclusive; x1, y1 exclusive (Pillow's getbbox convention)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def contains(self, other: Box) -> bool:
        """Whether ``other`` lies entirely inside this box."""
        return (self.x0 <= other.x0 and self.y0 <= other.y0
                and other.x1 <= self.x1 and other.y1 <= self.y1)

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))

    def shift(self, dx: int, dy: int) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def mirror(self, width: int) -> Box:
        """The box reflected left-right in an image ``width`` wide (for RTL layouts)."""
        return Box(width - self.x1, self.y0, width - self.x0, self.y1)


@dataclass(frozen=True)
class Run:
    """Characters drawn with one face in one direction, placed on its line."""

    text: str  # logical order, bidi control characters removed
    face: Face
    rtl: bool
    x: int  # left end of the run's advance
    advance: float
    ink: Box  # the pixels it may cover (glyph boxes and advance span)
    covered: bool = True  # False: no installed font has some of these characters


@dataclass(frozen=True)
class Line:
    """One line of a text block: its logical text, baseline and runs left to right."""

    text: str
    baseline: int
    runs: tuple[Run, ...]
    box: Box  # ink plus the nominal ascent/descent: what the layout reserves


@dataclass(frozen=True)
class TextBlock:
    """Text laid out in a box: lines with measured boxes, guaranteed inside the box."""

    text: str  # what is drawn, with the ellipsis when truncated
    lines: tuple[Line, ...]
    size: int
    box: Box  # union of the line boxes
    ink: Box  # union of the run boxes: every pixel drawing may touch
    truncated: bool
    rtl: bool
    chain: FontChain = field(compare=False, repr=False)

    @property
    def missing(self) -> str:
        """Characters no installed font has (drawn as boxes); "" when all are covered."""
        out = []
        for line in self.lines:
            for run in line.runs:
                if not run.covered:
                    out += [c for c in run.text
                            if not self.chain.covers(run.face, c) and c not in out]
        return "".join(out)

    def shift(self, dx: int, dy: int) -> TextBlock:
        """The same block moved by (dx, dy) pixels."""
        lines = tuple(
            replace(line, baseline=line.baseline + dy, box=line.box.shift(dx, dy),
                    runs=tuple(replace(r, x=r.x + dx, ink=r.ink.shift(dx, dy))
                               for r in line.runs))
            for line in self.lines)
        return replace(self, lines=lines, box=self.box.shift(dx, dy), ink=self.ink.shift(dx, dy))


#: Baseline-to-baseline distance in ems, by script of the language: scripts with tall stacks
#: of marks (Arabic, Indic, Thai) need more room than Latin.
LINE_HEIGHTS = {"latin": 1.2, "cjk": 1.35, "arabic": 1.55, "hebrew": 1.25, "indic": 1.5,
                "thai": 1.55}
_CAP = 0.72  # nominal ascent above the baseline, in ems (Noto Sans capital height)
_DESCENT = 0.24  # nominal descent, in ems


def line_height_for(lang: str) -> float:
    """Baseline distance in ems for text in ``lang``.

    >>> line_height_for("ja"), line_height_for("ar-SA"), line_height_for("de")
    (1.35, 1.55, 1.2)
    """

    script = script_of_lang(lang)
    if script.startswith("cjk"):
        return LINE_HEIGHTS["cjk"]
    if script in ("arabic", "hebrew", "thai"):
        return LINE_HEIGHTS[script]
    if script in ("lao", "khmer", "myanmar"):
        return LINE_HEIGHTS["thai"]
    if needs_complex_layout(lang):
        return LINE_HEIGHTS["indic"]
    return LINE_HEIGHTS["latin"]


class _Shaper:
    """Itemizes, orders and measures lines at one size (raqm calls memoized in the chain)."""

    def __init__(self, chain: FontChain, size: int, rtl: bool):
        self.chain = chain
        self.size = size
        self.rtl = rtl
        self.raqm = chain.fonts.raqm
        self._memo = chain.measured

    def _kwargs(self, rtl: bool) -> dict[str, Any]:
        return _layout_kwargs(self.chain, rtl)

    def length(self, face: Face, text: str, rtl: bool) -> float:
        key = ("length", face, self.size, text, rtl)
        found: float | None = self._memo.get(key)
        if found is None:
            font = self.chain.font(face, self.size)
            found = self._memo[key] = font.getlength(text, **self._kwargs(rtl))
        return found

    def bbox(self, face: Face, text: str, rtl: bool) -> tuple[int, int, int, int]:
        """The ink box of a run from its baseline origin: its glyph mask's, rendered once for
        measuring and drawing (``getbbox`` would shape and load every glyph a second time)."""
        key = ("bbox", face, self.size, text, rtl)
        found: tuple[int, int, int, int] | None = self._memo.get(key)
        if found is None:
            mask, (dx, dy) = _mask(self.chain, face, self.size, text, rtl)
            width, height = mask.size
            found = self._memo[key] = (dx, dy, dx + width, dy + height)
        return found

    def itemize(self, text: str, levels: Sequence[int]) -> list[tuple[str, Face, int, bool]]:
        """(text, face, level, covered) runs in logical order; bidi controls dropped."""
        key = (text, bytes(levels))
        known = self.chain.itemized.get(key)
        if known is not None:
            return known
        runs: list[tuple[str, Face, int, bool]] = []
        current: Face | None = None
        starts = cluster_starts(text) + [len(text)]
        for s, e in zip(starts, starts[1:], strict=False):
            cluster = text[s:e]
            face = self.chain.face_for(cluster, current)
            covered = face is not None
            face = face or current or self.chain.primary
            drawn = "".join(c for c in cluster if c not in BIDI_CONTROLS
                            and (self.raqm or not is_invisible(c)))
            current = face
            if not drawn:
                continue
            level = levels[s]
            if runs and runs[-1][1] == face and runs[-1][2] == level:
                t, f, lv, cov = runs[-1]
                runs[-1] = (t + drawn, f, lv, cov and covered)
            else:
                runs.append((drawn, face, level, covered))
        self.chain.itemized[key] = runs
        return runs

    def width(self, text: str, levels: Sequence[int]) -> float:
        """Advance width of a line (order does not change it)."""
        key = ("width", self.size, text, bytes(levels))
        found: float | None = self._memo.get(key)
        if found is None:
            found = self._memo[key] = sum(self.length(f, t, lv % 2 == 1)
                                          for t, f, lv, _ in self.itemize(text, levels))
        return found

    def line(self, text: str, levels: Sequence[int], x: int, baseline: int) -> list[Run]:
        """Runs of one line placed left to right from ``x`` on ``baseline``."""
        items = self.itemize(text, levels)
        runs = []
        pen = 0.0
        for i in visual_order([lv for _, _, lv, _ in items]):
            t, face, level, covered = items[i]
            rtl = level % 2 == 1
            left = x + round(pen)
            bx0, by0, bx1, by1 = self.bbox(face, t, rtl)
            advance = self.length(face, t, rtl)
            ink = Box(left + bx0, baseline + by0, left + max(bx1, math.ceil(advance)),
                      baseline + by1)
            runs.append(Run(t, face, rtl, left, advance, ink, covered))
            pen += advance
        return runs


def _layout(text: str, spans: Sequence[tuple[int, int]], shaper: _Shaper, box: Box,
            align: str, line_height: float) -> tuple[list[Line], Box, Box]:
    """Place the given line spans at the top of ``box``; returns lines, layout box, ink box."""
    size = shaper.size
    levels = bidi_levels(text, shaper.rtl)
    pitch = round(size * line_height)
    cap, descent = round(size * _CAP), round(size * _DESCENT)
    lines: list[Line] = []
    baseline = box.y0
    for n, (s, e) in enumerate(spans):
        runs = shaper.line(text[s:e], levels[s:e], 0, 0)
        top = min([r.ink.y0 for r in runs] + [-cap])
        baseline = box.y0 - top if n == 0 else baseline + pitch
        left = min([r.ink.x0 for r in runs] + [0])
        right = max([r.ink.x1 for r in runs] + [0])
        width = right - left
        start = shaper.rtl if align == "start" else not shaper.rtl if align == "end" else None
        if start is None:
            x = box.x0 + (box.width - width) // 2 - left
        elif start:  # right-aligned
            x = box.x1 - right
        else:
            x = box.x0 - left
        placed = tuple(replace(r, x=r.x + x, ink=r.ink.shift(x, baseline)) for r in runs)
        ink = _union([r.ink for r in placed]) or Box(x, baseline, x, baseline)
        reserved = ink.union(Box(x + left, baseline - cap, x + right, baseline + descent))
        lines.append(Line(text[s:e], baseline, placed, reserved))
    layout = _union([line.box for line in lines]) or Box(box.x0, box.y0, box.x0, box.y0)
    ink = _union([r.ink for line in lines for r in line.runs]) or layout
    return lines, layout, ink


def _union(boxes: Sequence[Box]) -> Box | None:
    if not boxes:
        return None
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


def normalize_space(text: str) -> str:
    """One paragraph: runs of spaces, tabs and newlines become one space (NBSP is kept).

    >>> normalize_space("  Pen\\n  2\\u00a0m ")
    'Pen 2\\xa0m'
    """
    return _SPACES.sub(" ", text).strip()


def fit_text(text: str, box: Box, fonts: FontChain, max_size: int, min_size: int,
             max_lines: int, *, rtl: bool | None = None, align: str = "start",
             valign: str = "top", line_height: float | None = None,
             balance: bool = True, use_icu: bool | None = None) -> TextBlock:
    """Lay out ``text`` in ``box``: the largest size that fits, wrapped, then truncated.

    Tries sizes from ``max_size`` down to ``min_size`` (wrapping into at most ``max_lines``
    lines that fit the box height); when even ``min_size`` is too big, the last line that fits
    ends with an ellipsis. Every box of the result lies inside ``box``. ``align`` is start,
    center or end (start is the right edge for right-to-left text); ``valign`` is top, middle
    or bottom. With ``balance`` the lines are made about equally long (no word left alone on
    the last line), as CSS ``text-wrap: balance`` does. ``use_icu`` (default: the font set's
    ``icu``) picks dictionary word breaks for Thai, Lao, Khmer, Burmese and CJK.
    """
    if align not in ("start", "center", "end") or valign not in ("top", "middle", "bottom"):
        raise ValueError(f"align={align!r}, valign={valign!r}: use start/center/end and "
                         "top/middle/bottom")
    if not 0 < min_size <= max_size or max_lines < 1:
        raise ValueError(f"sizes {min_size}..{max_size} and max_lines {max_lines} make no sense")
    text = normalize_space(text)
    fonts.trim_memos()  # thousands of cards share a chain
    rtl = is_rtl_lang(fonts.lang) if rtl is None else rtl
    if not fonts.fonts.raqm and (rtl or any(map(is_complex_char, text))):
        require_complex_layout([fonts.lang if needs_complex_layout(fonts.lang) else "ar"],
                               available=False)
    lh = line_height or line_height_for(fonts.lang)
    icu = fonts.fonts.icu if use_icu is None else use_icu
    # the same brand, badge, category or price in the same box on many cards: laid out once
    key = ("fit", text, box, max_size, min_size, max_lines, rtl, align, valign, lh, balance, icu)
    found: TextBlock | None = fonts.measured.get(key)
    if found is None:
        found = fonts.measured[key] = _fit(text, box, fonts, (min_size, max_size), max_lines,
                                           rtl, align, valign, lh, balance, icu)
    return found


def _fit(text: str, box: Box, fonts: FontChain, sizes: tuple[int, int], max_lines: int,
         rtl: bool, align: str, valign: str, lh: float, balance: bool,
         icu: bool) -> TextBlock:
    """fit_text, its arguments checked and resolved."""
    min_size, max_size = sizes
    breaks = break_opportunities(text, fonts.lang, icu)
    points = [i for i, _ in breaks]
    preferred = frozenset(i for i, good in breaks if good)
    levels = bidi_levels(text, rtl)

    tried: dict[tuple[int, bool, tuple[int, ...]], tuple[TextBlock | None, list[Span]]] = {}

    def attempt(size: int, emergency: bool, allowed: Sequence[int] = points,
                widows: bool = True) -> tuple[TextBlock | None, list[Span]]:
        key = (size, emergency, tuple(allowed))
        if key not in tried:
            shaper = _Shaper(fonts, size, rtl)
            spans = _wrap(text, levels, allowed, box.width, shaper.width, emergency, preferred,
                          max_lines, balance)
            # lines that cannot fit even at their nominal height are not laid out (rendered)
            block = (_block(text, spans, shaper, box, align, valign, lh, truncated=False)
                     if spans is not None and len(spans) <= max_lines
                     and _nominal_height(size, len(spans), lh) <= box.height else None)
            tried[key] = block, spans or []
        block, spans = tried[key]
        if block is not None and not widows and _has_widow(block):
            return None, spans
        return block, spans

    def largest(allowed: Sequence[int], widows: bool) -> TextBlock | None:
        """The block at the largest size that fits, breaking lines only at ``allowed``: the
        size is foreseen from the widths at ``max_size`` scaled, then found by real layouts
        from there (usually two: the size that fits and the one above that does not)."""
        best = attempt(max_size, False, allowed, widows)[0]
        if best is not None or max_size == min_size:
            return best
        size = _foresee(text, levels, allowed, preferred, box, _Shaper(fonts, max_size, rtl),
                        min_size, max_lines, balance, widows, lh)
        best = attempt(size, False, allowed, widows)[0]
        if best is None:  # smaller until one fits
            while best is None and size > min_size:
                size -= 1
                best = attempt(size, False, allowed, widows)[0]
            return best
        while size + 1 < max_size:  # larger while the next one fits
            found = attempt(size + 1, False, allowed, widows)[0]
            if found is None:
                break
            best, size = found, size + 1
        return best

    best = largest(points, True)
    if best is not None and len(best.lines) > 1:
        # Nicer wraps when they cost little size: words and phrases of CJK and Thai kept
        # whole, and no last line with a word or two alone.
        nicer = [sorted(preferred)] if len(preferred) < len(points) else []
        for allowed in nicer + [points]:
            found = largest(allowed, False)
            if found is not None and found.size >= 0.85 * best.size:
                best = found
                break
    if best is not None:
        return best
    block, spans = attempt(min_size, True)
    if block is not None:
        return block
    return _truncate(text, spans, _Shaper(fonts, min_size, rtl), box, max_lines, align,
                     valign, lh, points)


Span = tuple[int, int]


def _wrap(text: str, levels: Sequence[int], allowed: Sequence[int], width: int,
          measure: Callable[[str, Sequence[int]], float], emergency: bool,
          preferred: frozenset[int], max_lines: int, balance: bool) -> list[Span] | None:
    """The lines of ``text`` (balanced when asked and there are several); None when a word is
    too wide. More than ``max_lines`` lines are returned unbalanced."""
    spans = wrap_lines(text, levels, allowed, width, measure, emergency, preferred)
    if spans and balance and 1 < len(spans) <= max_lines and not emergency:
        spans = balance_lines(text, levels, allowed, width, measure, spans, preferred)
    return spans


def _foresee(text: str, levels: Sequence[int], allowed: Sequence[int],
             preferred: frozenset[int], box: Box, ref: _Shaper, min_size: int,
             max_lines: int, balance: bool, widows: bool, line_height: float) -> int:
    """The largest size under ``ref.size`` at which the text seems to fit, from its widths
    measured at ``ref.size`` (once) scaled, and the nominal line heights: a guess, as hinting
    and ink move a few pixels; ``fit_text`` checks it with real layouts."""

    def fits(size: int) -> bool:
        scale = size / ref.size

        def measure(t: str, lv: Sequence[int]) -> float:
            return ref.width(t, lv) * scale

        # balancing keeps the number of lines: only the widow check needs it
        spans = _wrap(text, levels, allowed, box.width, measure, False, preferred, max_lines,
                      balance and not widows)
        if not spans or len(spans) > max_lines:
            return False
        height = round(size * (_CAP + _DESCENT)) + (len(spans) - 1) * round(size * line_height)
        if height > box.height:
            return False
        if widows or len(spans) < 2:
            return True
        widths = [measure(text[s:e], levels[s:e]) for s, e in spans]
        return widths[-1] >= 0.25 * max(widths)

    lo, hi, best = min_size, ref.size - 1, min_size
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(mid):
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    return best


def _nominal_height(size: int, lines: int, line_height: float) -> int:
    """The least height of ``lines`` lines laid out at ``size``: a block reserves the cap height
    above its first baseline and the descent under its last (``_layout``), whatever its ink.

    >>> _nominal_height(40, 2, 1.2)  # 29 px cap, 10 px descent, one more line 48 px down
    87
    """
    return round(size * _CAP) + round(size * _DESCENT) + (lines - 1) * round(size * line_height)


def _has_widow(block: TextBlock) -> bool:
    """Whether the last of several lines is under a quarter as wide as the widest."""
    if len(block.lines) < 2:
        return False
    widths = [line.box.width for line in block.lines]
    return widths[-1] < 0.25 * max(widths)


def _block(text: str, spans: Sequence[tuple[int, int]], shaper: _Shaper, box: Box,
           align: str, valign: str, line_height: float, truncated: bool) -> TextBlock | None:
    """The block for these line spans, or None when it does not fit in ``box``."""
    lines, layout, ink = _layout(text, spans, shaper, box, align, line_height)
    block = TextBlock(text, tuple(lines), shaper.size, layout, ink, truncated, shaper.rtl,
                      shaper.chain)
    whole = layout.union(ink)
    if whole.height > box.height or whole.x0 < box.x0 or whole.x1 > box.x1:
        return None
    spare = box.y1 - whole.y1
    dy = {"top": 0, "middle": spare // 2, "bottom": spare}[valign]
    block = block.shift(0, dy) if dy else block
    return block if box.contains(block.box) and box.contains(block.ink) else None


def _truncate(text: str, spans: list[tuple[int, int]], shaper: _Shaper, box: Box,
              max_lines: int, align: str, valign: str, line_height: float,
              points: Sequence[int]) -> TextBlock:
    """The first lines that fit at the smallest size, the last one ending in an ellipsis.

    The cut falls between words when that keeps at least 60 % of the line filled, else
    between grapheme clusters (never inside one).
    """
    size = shaper.size
    pitch = round(size * line_height)
    room = 1 + max(0, (box.height - round(size * (_CAP + _DESCENT))) // pitch)
    for keep in range(min(max_lines, room, len(spans)), 0, -1):
        head = text[:spans[keep - 1][0]]
        tail = text[len(head):]
        words = {p - len(head) for p in points if p > len(head)}

        def shown(cut: int, head: str = head, tail: str = tail) -> str:
            kept = tail[:cut].rstrip(" ,;:·、，-–—")
            return head + kept + ELLIPSIS if kept else ""

        def advance(cut: int, head: str = head) -> float:
            line = shown(cut)[len(head):]
            return shaper.width(line, bidi_levels(line, shaper.rtl)) if line else math.inf

        cuts = cluster_starts(tail)[1:]
        # the longest cut whose advance fits (ink is checked below): binary search
        lo, hi, top = 0, len(cuts) - 1, -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if advance(cuts[mid]) <= box.width:
                top, lo = mid, mid + 1
            else:
                hi = mid - 1
        first: TextBlock | None = None
        for cut in reversed(cuts[:top + 1]):
            candidate = shown(cut)
            if not candidate:
                continue
            spans_now = list(spans[:keep - 1]) + [(len(head), len(candidate))]
            block = _block(candidate, spans_now, shaper, box, align, valign, line_height,
                           truncated=True)
            if block is None:
                continue
            first = first or block
            if cut in words:
                if block.lines[-1].box.width >= 0.6 * first.lines[-1].box.width:
                    return block
                break
        if first is not None:
            return first
    raise ValueError(f"the box {box} is too small for one line of text at {size} px")


#: rendered runs (glyph masks) by font, text and direction: a title's runs are rendered when
#: they are measured (their ink boxes) and drawn from here; the brand, badges, categories and
#: many prices are the same on thousands of cards
_MASKS: OrderedDict[tuple[Any, ...], tuple[Any, tuple[int, int]]] = OrderedDict()
_MASKS_MAX = 512


def _layout_kwargs(chain: FontChain, rtl: bool) -> dict[str, Any]:
    """Pillow's ``direction`` and ``language`` for a run of ``chain``: raqm layout only."""
    if not chain.fonts.raqm:
        return {}
    return {"direction": "rtl" if rtl else "ltr", "language": chain.lang}


def _mask(chain: FontChain, face: Face, size: int, text: str,
          rtl: bool) -> tuple[Any, tuple[int, int]]:
    """The coverage mask ("L") of one run and its offset from the baseline origin (anchor
    "ls"), as ``ImageDraw.text`` renders it: its size and offset are ``getbbox``'s."""
    key = (face, size, text, chain.fonts.raqm, rtl, chain.lang)
    found = _MASKS.get(key)
    if found is None:
        layout = _layout_kwargs(chain, rtl)
        # the ink only colours colour (RGBA) glyphs: an "L" mask is the same for every ink
        mask, (dx, dy) = chain.font(face, size).getmask2(
            text, "L", layout.get("direction"), None, layout.get("language"), 0, "ls", 0,
            (0.0, 0.0), stroke_filled=True)
        found = _MASKS[key] = mask, (int(dx), int(dy))
        if len(_MASKS) > _MASKS_MAX:
            _MASKS.popitem(last=False)
    else:
        _MASKS.move_to_end(key)
    return found


def draw_text(image: Image.Image, block: TextBlock, fill: Any) -> None:
    """Draw a laid-out block onto ``image`` (as ``ImageDraw.text`` does, each run once)."""
    draw = ImageDraw.Draw(image)
    direct = image.mode in ("RGB", "RGBA", "L")  # no palette: the ink is the colour
    ink = draw.draw.draw_ink(ImageColor.getcolor(fill, image.mode) if isinstance(fill, str)
                             else fill) if direct else 0
    for line in block.lines:
        for run in line.runs:
            if not direct:
                draw.text((run.x, line.baseline), run.text, fill=fill,
                          font=block.chain.font(run.face, block.size), anchor="ls",
                          **_layout_kwargs(block.chain, run.rtl))
                continue
            mask, (dx, dy) = _mask(block.chain, run.face, block.size, run.text, run.rtl)
            draw.draw.draw_bitmap((run.x + dx, line.baseline + dy), mask, ink)


def engine_versions(fonts: FontSet) -> dict[str, str | None]:
    """Versions of what lays out and rasterizes text (a change may move pixels: redraw)."""
    return {
        "pillow": pillow_version,
        **{name: features.version(name) for name in ("freetype2", "raqm", "fribidi",
                                                      "harfbuzz")},
        "layout": "raqm" if fonts.raqm else "basic",
        "icu": icu_version() if fonts.icu else None,
    }
