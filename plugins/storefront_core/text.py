"""Text in images for every script: font runs, bidi order, line breaks, fitting in a box.

Shared by the share cards and the promotion banners. Pillow draws with one font per call and has
no font fallback, so a line is split into runs by which face covers each grapheme cluster and by
bidi level (the Unicode bidi algorithm of FriBiDi, the library raqm itself uses); the runs are
put in visual order (rule L2) and each one is shaped by raqm (HarfBuzz) in its own direction, so
Arabic joins and reads right to left while embedded Latin names and digits read left to right.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PIL import Image, ImageDraw, features
from PIL import __version__ as pillow_version

from storefront_core.errors import Problem, StorefrontError

from .fonts import (
    Face,
    FontChain,
    FontSet,
    icu_available,
    icu_version,
    is_invisible,
    script_of_lang,
)

#: Languages whose text Pillow draws wrongly without raqm: joined or right-to-left scripts
#: (Arabic, Hebrew...), Indic scripts with conjuncts and reordered vowels, Thai and its
#: neighbours with stacked marks.
COMPLEX_LANGS = frozenset({
    "ar", "fa", "ur", "ps", "ckb", "sd", "ug", "he", "yi", "dv",
    "hi", "mr", "ne", "sa", "bn", "as", "pa", "gu", "or", "ta", "te", "kn", "ml", "si",
    "th", "lo", "km", "my",
})
RTL_LANGS = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug", "he", "yi", "dv"})
ELLIPSIS = "…"

# Kinsoku shori (JIS X 4051) and its equivalents: characters that may not start a line
# (closing brackets, small kana, the prolonged sound mark, sentence punctuation) and that may
# not end one (opening brackets, prefix currency signs). Quotes whose side depends on the
# language (' " « ») are in neither set.
NO_START = frozenset(
    "!%),.:;?]}¢°’”‼⁇⁈⁉›…‥‐‑–—"
    "、。〃〆〉》」』】〕〗〙〛〞〟〜〻ゝゞ゛゜ー・ヽヾ゠々"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "！％），．：；？］｝～｡｣､･ｧｨｩｪｫｬｭｮｯｰﾞﾟ￠"
    "ๆฯ"
)
NO_END = frozenset("([{‘“‹$£¥€₩₹〈《「『【〔〖〘〝（［｛｢＄￡￥＃")
_HYPHENS = frozenset("-‐")
# A unit after a number stays on its line: "65 W", "128 GB", "5.000 mAh", "30 cm".
_UNIT_AFTER_NUMBER = re.compile(r"[A-Za-zµΩ°]{1,3}(?![^\W\d_])")
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")
_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")
# Thai and Lao vowels written before their consonant, and vowels that cannot start a syllable:
# without a dictionary, not breaking after the first nor before the second keeps syllables whole.
_SEA_NO_END = frozenset("เแโใไເແໂໃໄ")
_SEA_NO_START = frozenset("ะาำๅະາຳ")


def needs_complex_layout(lang: str) -> bool:
    """Whether text in ``lang`` needs raqm (shaping, bidi) to be drawn correctly.

    >>> needs_complex_layout("ar-SA"), needs_complex_layout("hi"), needs_complex_layout("ja")
    (True, True, False)
    """
    return lang.replace("_", "-").lower().split("-")[0] in COMPLEX_LANGS


def is_rtl_lang(lang: str) -> bool:
    """Whether paragraphs in ``lang`` run right to left.

    >>> is_rtl_lang("ar-SA"), is_rtl_lang("he"), is_rtl_lang("en")
    (True, True, False)
    """
    return lang.replace("_", "-").lower().split("-")[0] in RTL_LANGS


def require_complex_layout(langs: Iterable[str], *, available: bool | None = None,
                           file: str = "content/markets.yml") -> None:
    """Fail with a clear message when a language needs raqm and Pillow has none.

    Without raqm (which needs the FriBiDi library) Pillow still draws Arabic, only unjoined
    and left to right, and Devanagari with broken conjuncts: silently wrong cards.
    """
    have = features.check("raqm") if available is None else available
    needing = sorted({lang for lang in langs if needs_complex_layout(lang)})
    if needing and not have:
        raise StorefrontError([Problem(
            file, "markets",
            f"share cards in {', '.join(needing)} need complex text layout (Arabic joining and "
            "right-to-left order, Indic and Thai shaping), which Pillow cannot do here: raqm is "
            "not available. Install the system libraries with `apt-get install libraqm0 "
            "libfribidi0` (macOS: `brew install libraqm fribidi`), then check with "
            "python -c \"from PIL import features; print(features.check('raqm'))\"")])


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
                                 or any(map(_is_complex_char, text))):
        return False
    return chain.has_glyphs(text)


# -- character classes -------------------------------------------------------------------

def _is_cjk(ch: str) -> bool:
    """Han, kana, CJK punctuation and full-width forms: a line may break between any two."""
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0x3000 <= cp <= 0x30FF or 0x31C0 <= cp <= 0x31FF
            or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF)


def _sea_script(ch: str) -> str:
    """Thai, Lao, Khmer or Myanmar (written without spaces between words), else ""."""
    cp = ord(ch)
    if 0x0E00 <= cp <= 0x0E7F:
        return "thai"
    if 0x0E80 <= cp <= 0x0EFF:
        return "lao"
    if 0x1780 <= cp <= 0x17FF or 0x19E0 <= cp <= 0x19FF:
        return "khmer"
    if 0x1000 <= cp <= 0x109F or 0xA9E0 <= cp <= 0xA9FF or 0xAA60 <= cp <= 0xAA7F:
        return "myanmar"
    return ""


def _is_complex_char(ch: str) -> bool:
    """A character that Pillow's basic layout cannot draw correctly (needs shaping or bidi)."""
    cp = ord(ch)
    return (0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF
            or 0x0900 <= cp <= 0x0DFF or 0x0E00 <= cp <= 0x0EFF or 0x1000 <= cp <= 0x109F
            or 0x1780 <= cp <= 0x17FF)


def _is_space(ch: str) -> bool:
    return ch == " " or ch == "\u3000"


def _joins_previous(prev: str, ch: str) -> bool:
    """Whether ``ch`` continues the grapheme cluster that ``prev`` ends (no break between)."""
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if cat[0] == "M" or ch in "\u200c\u200d\u0e33\u0eb3" or 0xFE00 <= cp <= 0xFE0F:
        return True
    if 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:  # skin tones, emoji tags
        return True
    if prev == "\u200d":  # emoji ZWJ sequences
        return True
    # a virama joins two consonants of its script into one conjunct (Unicode 15.1, GB9c)
    return (unicodedata.combining(prev) == 9 and cat == "Lo"
            and unicodedata.name(prev, "").split()[0] == unicodedata.name(ch, "").split()[0])


def cluster_starts(text: str) -> list[int]:
    """Indices where a grapheme cluster starts: never draw, break or cut inside a cluster.

    A base character with its marks, a conjunct joined by a virama, an emoji sequence. (A
    simplification of UAX #29 that is exact for the scripts of a store's markets.)

    >>> cluster_starts("ที่นี่")  # Thai: two clusters of a consonant and its stacked marks
    [0, 3]
    >>> cluster_starts("नमस्ते")  # Devanagari: the conjunct स्ते stays whole
    [0, 1, 2]
    """
    starts: list[int] = []
    for i, ch in enumerate(text):
        if i == 0 or not _joins_previous(text[i - 1], ch):
            if (i and 0x1F1E6 <= ord(ch) <= 0x1F1FF and 0x1F1E6 <= ord(text[i - 1]) <= 0x1F1FF
                    and starts and starts[-1] == i - 1):
                continue  # the second regional indicator of a flag
            starts.append(i)
    return starts


# -- line breaks ---------------------------------------------------------------------------

def _number_before(text: str, i: int) -> bool:
    """Whether the spaces before index ``i`` follow a digit."""
    j = i - 1
    while j >= 0 and _is_space(text[j]):
        j -= 1
    return j >= 0 and text[j].isdigit()


def break_points(text: str, lang: str = "en", *, use_icu: bool | None = None) -> list[int]:
    """Indices where a new line may start (the spaces before it are not drawn).

    Latin, Arabic, Devanagari...: after spaces (not between a number and its unit), and after
    hyphens between words. CJK: between
    any two characters, except before closing punctuation or small kana and after opening
    brackets (kinsoku).
    Thai and its neighbours: between words with PyICU (when installed and ``use_icu`` is not
    False); otherwise between grapheme clusters, keeping leading and following vowels with their
    consonant.

    >>> t = "ワイヤレス充電器（黒）。"
    >>> [t[i] for i in break_points(t, "ja")]
    ['イ', 'ヤ', 'レ', 'ス', '充', '電', '器', '（']
    >>> t = "USB-C cable, 2 m, GaN-Ladegerät"
    >>> [t[:i] for i in break_points(t)]
    ['USB-C ', 'USB-C cable, ', 'USB-C cable, 2 m, ', 'USB-C cable, 2 m, GaN-']
    """
    return [i for i, _ in _breaks(text, lang, use_icu)]


def preferred_breaks(text: str, lang: str = "en", *, use_icu: bool | None = None) -> list[int]:
    """The break points between words or phrases, which lines end at when they can.

    In CJK text: between the words of PyICU's dictionary when it is installed; otherwise after
    punctuation, before opening brackets and where the writing changes (katakana to kanji,
    kana to Latin...), but not between a kanji stem and its kana ending.

    >>> t = "ワイヤレス充電器（黒）、ノートパソコン対応"
    >>> [t[i:i + 2] for i in preferred_breaks(t, "ja", use_icu=False)]
    ['充電', '（黒', 'ノー', '対応']
    """
    return [i for i, good in _breaks(text, lang, use_icu) if good]


def _kind(ch: str) -> str:
    """The kind of writing of a CJK character: han, hiragana, katakana, punct or other."""
    cp = ord(ch)
    if 0x3040 <= cp <= 0x309F:
        return "hiragana"
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "katakana"
    if unicodedata.category(ch)[0] in "PZ":
        return "punct"
    if _is_cjk(ch):
        return "han"
    return "other"


def _breaks(text: str, lang: str, use_icu: bool | None) -> list[tuple[int, bool]]:
    """(index, preferred) for every break opportunity."""
    if len(text) < 2:
        return []
    icu = use_icu if use_icu is not None else icu_available()
    sea_words = _icu_breaks(text, lang, "line") if (
        icu and any(map(_sea_script, text))) else None
    cjk_words = _icu_breaks(text, lang, "word") if icu and any(map(_is_cjk, text)) else None
    points = []
    for i in cluster_starts(text)[1:]:
        a, b = text[i - 1], text[i]
        if _is_space(b) or b == "\u00a0" or a == "\u00a0" or b in NO_START:
            continue
        if _is_space(a) or a == "\u200b":
            if not _UNIT_AFTER_NUMBER.match(text, i) or not _number_before(text, i):
                points.append((i, True))
        elif a in NO_END:
            continue
        elif a in _HYPHENS:
            # between words of two letters or more: GaN-|Ladegerät, never USB-|C
            if text[max(0, i - 3):i - 1].isalnum() and text[i:i + 2].isalnum() \
                    and len(text[max(0, i - 3):i - 1]) == 2 and len(text[i:i + 2]) == 2:
                points.append((i, True))
        elif _is_cjk(a) or _is_cjk(b):
            if not (a.isdigit() and _is_cjk(b)):  # keep 3ポート, 10万円 whole
                ka, kb = _kind(a), _kind(b)
                if cjk_words is not None:
                    good = i in cjk_words
                else:
                    good = ka == "punct" or b in NO_END or (
                        ka != kb and kb != "punct" and (ka, kb) != ("han", "hiragana"))
                points.append((i, good))
        elif (script := _sea_script(a)) and script == _sea_script(b):
            if sea_words is not None:
                if i in sea_words:
                    points.append((i, True))
            elif a not in _SEA_NO_END and b not in _SEA_NO_START:
                points.append((i, False))
    return points


def _icu_breaks(text: str, lang: str, kind: str) -> set[int]:
    """Line break opportunities ("line") or word boundaries ("word") from ICU's dictionaries."""
    import icu

    locale = icu.Locale(lang.replace("-", "_"))
    iterator = (icu.BreakIterator.createLineInstance(locale) if kind == "line"
                else icu.BreakIterator.createWordInstance(locale))
    iterator.setText(text)
    # ICU counts UTF-16 code units; map them back to code point indices.
    utf16_to_index: dict[int, int] = {}
    unit = 0
    for index, ch in enumerate(text):
        utf16_to_index[unit] = index
        unit += 2 if ord(ch) > 0xFFFF else 1
    found = set()
    while True:
        pos = iterator.nextBoundary()
        if pos < 0 or pos >= unit:
            break
        if pos in utf16_to_index:
            found.add(utf16_to_index[pos])
    return found


# -- bidi ----------------------------------------------------------------------------------

_STRONG_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"})


@functools.cache
def _fribidi() -> Any:
    """The FriBiDi library (the one raqm uses), loaded once."""
    names = ["libfribidi.so.0", "libfribidi.0.dylib", "libfribidi-0.dll", "fribidi-0.dll"]
    found = ctypes.util.find_library("fribidi")
    if found:
        names.insert(0, found)
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
        return lib
    raise StorefrontError(
        "right-to-left text in share cards needs the FriBiDi library, which is not installed; "
        "install it with `apt-get install libfribidi0` (macOS: `brew install fribidi`)")


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """Unicode bidi embedding levels of one paragraph (even: left to right, odd: right to left).

    >>> bidi_levels("abc 12", rtl=False)
    [0, 0, 0, 0, 0, 0]
    >>> bidi_levels("سعر 45 ر", rtl=True)
    [1, 1, 1, 1, 2, 2, 1, 1]
    """
    n = len(text)
    if not rtl and not any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text):
        return [0] * n
    if n == 0:
        return []
    lib = _fribidi()
    chars = (ctypes.c_uint32 * n)(*map(ord, text))
    types = (ctypes.c_uint32 * n)()
    brackets = (ctypes.c_uint32 * n)()
    levels = (ctypes.c_int8 * n)()
    lib.fribidi_get_bidi_types(chars, n, types)
    lib.fribidi_get_bracket_types(chars, n, types, brackets)
    base = ctypes.c_uint32(0x111 if rtl else 0x110)  # FRIBIDI_PAR_RTL / FRIBIDI_PAR_LTR
    if lib.fribidi_get_par_embedding_levels_ex(types, brackets, n, ctypes.byref(base),
                                               levels) <= 0:
        raise StorefrontError(f"FriBiDi could not order the text {text!r}")
    return list(levels)


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of items (runs) left to right, from their bidi levels (rule L2).

    >>> visual_order([1, 2, 1])  # an RTL line with a Latin run inside: right to left
    [2, 1, 0]
    >>> visual_order([0, 1, 1, 0])
    [0, 2, 1, 3]
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    lowest_odd = min(lv for lv in levels if lv % 2) if any(lv % 2 for lv in levels) else top + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


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
    """Itemizes, orders and measures lines at one size (memoizes raqm calls)."""

    def __init__(self, chain: FontChain, size: int, rtl: bool):
        self.chain = chain
        self.size = size
        self.rtl = rtl
        self.raqm = chain.fonts.raqm
        self._lengths: dict[tuple[Face, str, bool], float] = {}
        self._boxes: dict[tuple[Face, str, bool], tuple[int, int, int, int]] = {}
        self._widths: dict[tuple[str, bytes], float] = {}

    def _kwargs(self, rtl: bool) -> dict[str, Any]:
        if not self.raqm:
            return {}
        return {"direction": "rtl" if rtl else "ltr", "language": self.chain.lang}

    def length(self, face: Face, text: str, rtl: bool) -> float:
        key = (face, text, rtl)
        found = self._lengths.get(key)
        if found is None:
            font = self.chain.font(face, self.size)
            found = self._lengths[key] = font.getlength(text, **self._kwargs(rtl))
        return found

    def bbox(self, face: Face, text: str, rtl: bool) -> tuple[int, int, int, int]:
        key = (face, text, rtl)
        found = self._boxes.get(key)
        if found is None:
            font = self.chain.font(face, self.size)
            x0, y0, x1, y1 = font.getbbox(text, anchor="ls", **self._kwargs(rtl))
            found = self._boxes[key] = (int(x0), int(y0), int(x1), int(y1))
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
            drawn = "".join(c for c in cluster if c not in _BIDI_CONTROLS
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
        key = (text, bytes(levels))
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = sum(self.length(f, t, lv % 2 == 1)
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


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The slice without spaces at either end."""
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return start, end


def _wrap(text: str, levels: Sequence[int], points: Sequence[int], width: int,
          measure: Callable[[str, Sequence[int]], float], emergency: bool,
          preferred: frozenset[int] = frozenset()) -> list[tuple[int, int]] | None:
    """Greedy line breaking: the longest line that fits each time; None if a word is too wide.

    A line ends at a ``preferred`` break (between words or phrases) when that fills at least
    70 % of the width. With ``emergency`` a word wider than the line is broken between
    grapheme clusters.
    """
    lines = []
    n = len(text)
    start = _strip(text, 0, n)[0]
    clusters = cluster_starts(text)

    def used(s: int, e: int) -> float:
        s, e = _strip(text, s, e)
        return measure(text[s:e], levels[s:e])

    def longest(candidates: Sequence[int]) -> int:
        """Index of the largest candidate end that fits (widths grow with the end)."""
        lo, hi, best = 0, len(candidates) - 1, -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if used(start, candidates[mid]) <= width:
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        return best

    while start < n:
        candidates = [p for p in points if p > start] + [n]
        best = longest(candidates)
        if best >= 0:
            end = candidates[best]
            if preferred and end != n and end not in preferred:
                good = [c for c in candidates[:best] if c in preferred]
                if good and used(start, good[-1]) >= 0.7 * width:
                    end = good[-1]
        elif not emergency:
            return None
        else:
            inner = [c for c in clusters if start < c < candidates[0]]
            end = next((c for c in reversed(inner) if used(start, c) <= width),
                       inner[0] if inner else candidates[0])
        lines.append(_strip(text, start, end))
        start = _strip(text, end, n)[0]
    return lines


def _balance(text: str, levels: Sequence[int], points: Sequence[int], width: int,
             measure: Callable[[str, Sequence[int]], float], spans: list[tuple[int, int]],
             preferred: frozenset[int]) -> list[tuple[int, int]]:
    """The same number of lines, wrapped at the narrowest width that keeps that number."""
    lo, hi, best = width // 2, width - 1, spans
    while lo <= hi:
        mid = (lo + hi) // 2
        found = _wrap(text, levels, points, mid, measure, False, preferred)
        if found is not None and len(found) <= len(spans):
            best, hi = found, mid - 1
        else:
            lo = mid + 1
    return best


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
    fonts.itemized.clear()  # the memo serves one text's fitting; thousands of cards share a chain
    rtl = is_rtl_lang(fonts.lang) if rtl is None else rtl
    if not fonts.fonts.raqm and (rtl or any(map(_is_complex_char, text))):
        require_complex_layout([fonts.lang if needs_complex_layout(fonts.lang) else "ar"],
                               available=False)
    lh = line_height or line_height_for(fonts.lang)
    breaks = _breaks(text, fonts.lang, fonts.fonts.icu if use_icu is None else use_icu)
    points = [i for i, _ in breaks]
    preferred = frozenset(i for i, good in breaks if good)
    levels = bidi_levels(text, rtl)

    def attempt(size: int, emergency: bool, allowed: Sequence[int] = points,
                widows: bool = True) -> tuple[TextBlock | None, list[tuple[int, int]]]:
        shaper = _Shaper(fonts, size, rtl)
        spans = _wrap(text, levels, allowed, box.width, shaper.width, emergency, preferred)
        if spans is None:
            return None, []
        if len(spans) > max_lines:
            return None, spans
        if balance and len(spans) > 1 and not emergency:
            spans = _balance(text, levels, allowed, box.width, shaper.width, spans, preferred)
        block = _block(text, spans, shaper, box, align, valign, lh, truncated=False)
        if block is not None and not widows and _has_widow(block):
            return None, spans
        return block, spans

    def largest(allowed: Sequence[int], widows: bool) -> TextBlock | None:
        """The block at the largest size that fits, breaking lines only at ``allowed``."""
        best = attempt(max_size, False, allowed, widows)[0]
        if best is not None:
            return best
        lo, hi = min_size, max_size - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            found = attempt(mid, False, allowed, widows)[0]
            if found is not None:
                best, lo = found, mid + 1
            else:
                hi = mid - 1
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


def draw_text(image: Image.Image, block: TextBlock, fill: Any) -> None:
    """Draw a laid-out block onto ``image``."""
    draw = ImageDraw.Draw(image)
    raqm = block.chain.fonts.raqm
    for line in block.lines:
        for run in line.runs:
            kwargs: dict[str, Any] = {}
            if raqm:
                kwargs = {"direction": "rtl" if run.rtl else "ltr",
                          "language": block.chain.lang}
            draw.text((run.x, line.baseline), run.text, fill=fill,
                      font=block.chain.font(run.face, block.size), anchor="ls", **kwargs)


__all__ = [
    "COMPLEX_LANGS", "ELLIPSIS", "NO_END", "NO_START", "RTL_LANGS", "Box", "Line", "Run",
    "TextBlock", "bidi_levels", "break_points", "cluster_starts", "draw_text", "fit_text",
    "icu_available", "icu_version", "is_rtl_lang", "needs_complex_layout", "normalize_space",
    "preferred_breaks", "require_complex_layout", "visual_order",
]


def engine_versions(fonts: FontSet) -> dict[str, str | None]:
    """Versions of what lays out and rasterizes text (a change may move pixels: redraw)."""
    return {
        "pillow": pillow_version,
        **{name: features.version(name) for name in ("freetype2", "raqm", "fribidi",
                                                      "harfbuzz")},
        "layout": "raqm" if fonts.raqm else "basic",
        "icu": icu_version() if fonts.icu else None,
    }
