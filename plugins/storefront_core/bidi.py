"""Complex text layout and bidi: which text needs raqm, FriBiDi embedding levels, visual order.

Runs are ordered by the Unicode bidi algorithm of FriBiDi, the library raqm itself uses, so
Arabic reads right to left while embedded Latin names and digits read left to right.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from PIL import features

from storefront_core.errors import Problem, StorefrontError

#: Languages whose text Pillow draws wrongly without raqm: joined or right-to-left scripts
#: (Arabic, Hebrew...), Indic scripts with conjuncts and reordered vowels, Thai and its
#: neighbours with stacked marks.
COMPLEX_LANGS = frozenset({
    "ar", "fa", "ur", "ps", "ckb", "sd", "ug", "he", "yi", "dv",
    "hi", "mr", "ne", "sa", "bn", "as", "pa", "gu", "or", "ta", "te", "kn", "ml", "si",
    "th", "lo", "km", "my",
})
RTL_LANGS = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug", "he", "yi", "dv"})
#: Bidi formatting characters: they steer the levels but are never drawn.
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


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


def is_complex_char(ch: str) -> bool:
    """A character that Pillow's basic layout cannot draw correctly (needs shaping or bidi)."""
    cp = ord(ch)
    return (0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF
            or 0x0900 <= cp <= 0x0DFF or 0x0E00 <= cp <= 0x0EFF or 0x1000 <= cp <= 0x109F
            or 0x1780 <= cp <= 0x17FF)


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
    return list(_levels(text, rtl))


@functools.lru_cache(maxsize=4096)
def _levels(text: str, rtl: bool) -> tuple[int, ...]:
    """bidi_levels, memoized: a card's texts are laid out at several sizes and widths."""
    n = len(text)
    if not rtl and not any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text):
        return (0,) * n
    if n == 0:
        return ()
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
    return tuple(levels)


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
