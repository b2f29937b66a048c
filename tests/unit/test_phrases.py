"""Phrase breaks for Japanese and Chinese (storefront_core.phrases, the |phrases filter):
where a title may wrap, escaped, cached, and what the demo's Japanese titles get."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup

from storefront_catalog.templating import phrase_breaks
from storefront_core.phrases import phrase_model, phrases

REPO = Path(__file__).resolve().parents[2]
#: words no line may split (the issue: "モバイルバッ / テリー", "ケーブ / ル")
WORDS = ("モバイルバッテリー", "スタイラスペン", "ケーブル", "USBメモリ", "充電器", "バッテリー")
#: how many ems of a phone's h1 line fit at 320 px (25.6 px headings, 16 px margins): a piece
#: wider than that is cut anywhere by the browser
PHONE_LINE_EMS = 11


def demo_japanese_titles() -> list[str]:
    titles = []
    for path in sorted((REPO / "content" / "products").glob("*/index.ja.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        titles.append(yaml.safe_load(front)["title"])
    return titles


def ems(text: str) -> float:
    """Roughly how wide ``text`` is set: full-width characters 1 em, the rest 0.6."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


@pytest.mark.parametrize("title", demo_japanese_titles())
def test_every_demo_japanese_title_breaks_between_phrases_and_fits_a_phone(title: str) -> None:
    parts = phrases(title, "ja")
    assert "".join(parts) == title
    pieces = [p for part in parts for p in part.split(" ") if p]  # spaces break too
    assert len(pieces) >= 2, f"{title}: nowhere to break: {pieces}"
    for word in WORDS:
        if word in title:
            assert any(word in p for p in pieces), f"{word} split in {pieces}"
    assert max(ems(p) for p in pieces) <= PHONE_LINE_EMS, pieces


def test_phrases_escape_untrusted_text_and_keep_tags_of_markup() -> None:
    html = phrase_breaks('<img src=x onerror="alert(1)">充電ステーション', "ja")
    assert "<img" not in html and html.count("<") == html.count("<wbr>") >= 1
    assert html.replace("<wbr>", "") == (
        "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;充電ステーション")
    label = Markup("<b>充電ステーション</b>")  # trusted markup with tags: left as it is
    assert phrase_breaks(label, "ja") is label
    assert phrase_breaks(Markup("充電 &amp; ステーション"), "ja") == Markup(
        "充電 &amp; ステーション")  # an entity in a label survives the split


def test_other_languages_are_only_escaped() -> None:
    assert phrase_breaks("Colour <b>", None) == Markup("Colour &lt;b&gt;")
    assert phrase_breaks("Voltaro Stylus Pro", "ja") == Markup("Voltaro Stylus Pro")


@pytest.mark.parametrize(("locale", "model"), [
    ("ja_JP", "ja"), ("zh_CN", "zh-hans"), ("zh_Hans_SG", "zh-hans"), ("zh_TW", "zh-hant"),
    ("zh_Hant_HK", "zh-hant"), ("en_US", None), ("ko_KR", None), ("th_TH", None),
])
def test_which_markets_get_phrase_breaks(locale: str, model: str | None) -> None:
    assert phrase_model(locale) == model


def test_chinese_titles_break_between_words() -> None:
    assert phrases("这款移动电源可以为手机充电", "zh-hans")[:6] == (
        "这", "款", "移动", "电源", "可以", "为")
    assert phrases("這款行動電源可以為手機充電", "zh-hant")[:4] == ("這", "款", "行動", "電源")


def test_each_title_is_split_once_per_process() -> None:
    phrases.cache_clear()
    for _ in range(1000):
        phrases("Voltaro ノートPC対応モバイルバッテリー 20,000mAh 65W", "ja")
    info = phrases.cache_info()
    assert (info.misses, info.hits) == (1, 999)
