"""Line breaking for every script: where a line may break, and where it does.

Break opportunities after spaces and between words (kinsoku shori for CJK, PyICU's dictionaries
for Thai and its neighbours and for CJK words, grapheme clusters never split), then greedy
wrapping to a width and balancing the lines of a block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from .fonts import icu_available

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
# Thai and Lao vowels written before their consonant, and vowels that cannot start a syllable:
# without a dictionary, not breaking after the first nor before the second keeps syllables whole.
_SEA_NO_END = frozenset("เแโใไເແໂໃໄ")
_SEA_NO_START = frozenset("ะาำๅະາຳ")


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
    return [i for i, _ in break_opportunities(text, lang, use_icu)]


def preferred_breaks(text: str, lang: str = "en", *, use_icu: bool | None = None) -> list[int]:
    """The break points between words or phrases, which lines end at when they can.

    In CJK text: between the words of PyICU's dictionary when it is installed; otherwise after
    punctuation, before opening brackets and where the writing changes (katakana to kanji,
    kana to Latin...), but not between a kanji stem and its kana ending.

    >>> t = "ワイヤレス充電器（黒）、ノートパソコン対応"
    >>> [t[i:i + 2] for i in preferred_breaks(t, "ja", use_icu=False)]
    ['充電', '（黒', 'ノー', '対応']
    """
    return [i for i, good in break_opportunities(text, lang, use_icu) if good]


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


def break_opportunities(text: str, lang: str, use_icu: bool | None) -> list[tuple[int, bool]]:
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


# -- wrapping ----------------------------------------------------------------------------

def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The slice without spaces at either end."""
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return start, end


def wrap_lines(text: str, levels: Sequence[int], points: Sequence[int], width: int,
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
            inner = [c for c in cluster_starts(text) if start < c < candidates[0]]
            end = next((c for c in reversed(inner) if used(start, c) <= width),
                       inner[0] if inner else candidates[0])
        lines.append(_strip(text, start, end))
        start = _strip(text, end, n)[0]
    return lines


def balance_lines(text: str, levels: Sequence[int], points: Sequence[int], width: int,
                  measure: Callable[[str, Sequence[int]], float], spans: list[tuple[int, int]],
                  preferred: frozenset[int]) -> list[tuple[int, int]]:
    """The same number of lines, wrapped at the narrowest width that keeps that number."""
    lo, hi, best = width // 2, width - 1, spans
    while lo <= hi:
        mid = (lo + hi) // 2
        found = wrap_lines(text, levels, points, mid, measure, False, preferred)
        if found is not None and len(found) <= len(spans):
            best, hi = found, mid - 1
        else:
            lo = mid + 1
    return best
