"""Phrase boundaries of Japanese and Chinese text (BudouX), where a page's lines may break.

Browsers break Japanese and Chinese between any two characters ("モバイルバッ / テリー"); only
Chromium knows ``word-break: auto-phrase``. The theme marks BudouX's phrase boundaries with
``<wbr>`` and keeps the rest together with ``word-break: keep-all``, so every browser breaks
between phrases.

BudouX keeps a compound noun whole ("ノートPC対応モバイルバッテリー" is one phrase), and a
product title is mostly one: wider than a phone's line, the browser would cut it anywhere
again. So a phrase is also cut where kanji meet katakana or Latin letters and digits (the
seams of a compound: "ノートPC対応 | モバイルバッテリー"), never inside a run of one script,
so a word like "モバイルバッテリー" stays whole.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budoux import Parser

#: BudouX's models, by the language (and script) they split
_MODELS = {
    "ja": "load_default_japanese_parser",
    "zh-hans": "load_default_simplified_chinese_parser",
    "zh-hant": "load_default_traditional_chinese_parser",
}
#: regions that write Chinese in traditional characters (when the locale names no script)
_TRADITIONAL = frozenset({"TW", "HK", "MO"})
#: kana and Han: text without them has nothing for BudouX to split
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")

#: the runs a compound noun is made of: kanji, katakana, Latin letters and digits
_HAN = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile("[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]")  # not the middle dot ・
_LATIN = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
#: the seams between two runs where a compound may break ("Han" then "Kana": 充電|ステーション)
_SEAMS = frozenset({("H", "K"), ("K", "H"), ("H", "L"), ("L", "H")})


def phrase_model(locale: str) -> str | None:
    """The BudouX model for a market's Babel locale, or None for languages it does not split.

    >>> [phrase_model(x) for x in ("ja_JP", "zh_CN", "zh_Hant_TW", "zh_HK", "en_US", "th_TH")]
    ['ja', 'zh-hans', 'zh-hant', 'zh-hant', None, None]
    """
    parts = locale.replace("-", "_").split("_")
    if parts[0] == "ja":
        return "ja"
    if parts[0] == "zh":
        rest = set(parts[1:])
        return "zh-hant" if "Hant" in rest or rest & _TRADITIONAL else "zh-hans"
    return None  # Thai and the rest: browsers break them well, or they use spaces


@lru_cache(maxsize=4)
def _parser(model: str) -> Parser:
    import budoux

    loader = getattr(budoux, _MODELS[model])
    parser: Parser = loader()
    return parser


@lru_cache(maxsize=16384)  # titles repeat on every grid, breadcrumb and page of a market
def phrases(text: str, model: str) -> tuple[str, ...]:
    """``text`` cut at its phrase boundaries (joined, the pieces are ``text`` again).

    >>> phrases("モバイルバッテリーを充電します", "ja")
    ('モバイルバッテリーを', '充電します')
    >>> phrases("Voltaro Stylus Pro", "ja")
    ('Voltaro Stylus Pro',)
    >>> phrases("Voltaro 回転式USBメモリ", "ja")  # no <wbr> next to a space
    ('Voltaro 回転式', 'USBメモリ')
    """
    if not _CJK.search(text):
        return (text,)
    parts: list[str] = []
    for part in (p for phrase in _parser(model).parse(text) for p in _seams(phrase)):
        if parts and (part[:1].isspace() or parts[-1][-1:].isspace()):
            parts[-1] += part  # a space breaks there already
        else:
            parts.append(part)
    return tuple(parts)


def _seams(phrase: str) -> list[str]:
    """``phrase`` cut where a kanji run meets a katakana or a Latin one.

    >>> _seams("ノートPC対応モバイルバッテリー")
    ['ノートPC', '対応', 'モバイルバッテリー']
    >>> _seams("20ポート充電ステーション")
    ['20ポート', '充電', 'ステーション']
    >>> _seams("ものを、")
    ['ものを、']
    """
    parts: list[str] = []
    start, before = 0, ""
    for i, ch in enumerate(phrase):
        kind = ("H" if _HAN.match(ch) else "K" if _KANA.match(ch)
                else "L" if _LATIN.match(ch) else "")
        if (before, kind) in _SEAMS:
            parts.append(phrase[start:i])
            start = i
        before = kind
    parts.append(phrase[start:])
    return parts
