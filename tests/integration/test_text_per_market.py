"""Text that reads right in every market: the multi-market fixture store with en-GB and en-SG
added, built, and its pages read as a browser parses them.

- English per market: American words in en-US, British in en-GB and en-SG.
- Japanese phrase breaks: <wbr> between phrases in titles, headings and cards, never inside a
  word, and never in what is not shown as page text (<title>, meta tags, JSON-LD, alt text).
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"
PRODUCT = "products/charging-station/index.html"  # has colour variants

EXTRA_MARKETS = """
  - {code: en-gb, language: en, country: GB, currency: GBP, vat: "20"}
  - {code: en-sg, language: en, country: SG, currency: SGD, vat: "9"}
"""
RATES = """date: 2026-10-30
source: test
base: EUR
rates: {GBP: "0.8338", SGD: "1.4282", USD: "1.1172", JPY: "175.68"}
pegs: {SAR: {USD: "3.75"}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("english")
    project = copy_project(FIXTURE, base / "shop")
    markets = project / "content" / "markets.yml"
    markets.write_text(markets.read_text(encoding="utf-8") + EXTRA_MARKETS, encoding="utf-8")
    (project / "content" / "rates.yml").write_text(RATES, encoding="utf-8")
    return build(project, base / "out", base / "cache")


def shown_words(page: Path) -> set[str]:
    """The words of a page's visible text (not scripts or styles)."""
    tree = lxml.html.parse(str(page))
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    text = tree.getroot().text_content()
    return {w.strip(":.,()") for w in text.split()}


@pytest.mark.parametrize(("market", "says", "not_says"), [
    ("en-us", "Color", "Colour"),
    ("en-gb", "Colour", "Color"),
    ("en-sg", "Colour", "Color"),
])
def test_each_english_market_spells_the_variant_option_its_own_way(
        site: Path, market: str, says: str, not_says: str) -> None:
    page = site / market / PRODUCT
    tree = lxml.html.parse(str(page))
    [legend] = tree.xpath('//fieldset[@data-option-group="color"]/legend')
    assert legend.text_content().split(":")[0] == says
    words = shown_words(page)
    assert says in words and not_says not in words, (market, sorted(words))



# -- Japanese phrase breaks ---------------------------------------------------------------------
def pieces(element: lxml.html.HtmlElement) -> list[str]:
    """The text of ``element`` cut at its <wbr> elements (libxml2 does not know <wbr> is void
    and nests what follows inside it: both shapes read the same here)."""
    out = [""]

    def walk(node: lxml.html.HtmlElement) -> None:
        if node.tag == "wbr":
            out.append("")
        out[-1] += node.text or ""
        for child in node:
            walk(child)
            out[-1] += child.tail or ""

    walk(element)
    return out


def test_japanese_product_title_breaks_between_phrases_only(site: Path) -> None:
    root = lxml.html.parse(str(site / "ja-jp" / PRODUCT)).getroot()
    [h1] = root.xpath("//h1")
    # 20-port | charging | station: the seams of the compound, never inside ステーション
    assert pieces(h1) == ["20ポート", "充電", "ステーション"]
    assert h1.text_content() == "20ポート充電ステーション"  # the title itself, nothing added
    related = root.xpath('//*[@id="related-title"]')[0]
    assert pieces(related) == ["こちらの", "商品も", "おすすめです"]  # BudouX phrases


def test_japanese_tagline_breaks_at_budoux_phrases(site: Path) -> None:
    root = lxml.html.parse(str(site / "ja-jp" / "index.html")).getroot()
    [h1] = root.xpath("//h1")
    assert pieces(h1) == ["小さな", "ものを、", "丁寧に。"]


def test_japanese_cards_chips_and_breadcrumbs_carry_phrase_breaks(site: Path) -> None:
    root = lxml.html.parse(str(site / "ja-jp" / "collections" / "charging" / "index.html")
                           ).getroot()
    cards = {"".join(pieces(a)): pieces(a) for a in root.xpath('//a[@class="card__link"]')}
    assert cards["20ポート充電ステーション"] == ["20ポート", "充電", "ステーション"]
    [chip] = root.xpath('//a[@class="chip"][contains(@href, "/stations/")]')
    assert lxml.html.tostring(chip, encoding=str).startswith(
        '<a class="chip" href="/ja-jp/collections/charging/stations/">充電<wbr>ステーション <span')
    [crumb] = root.xpath('//nav[contains(@class, "breadcrumbs")]//a[@aria-current]')
    assert pieces(crumb) == ["充電"]

def test_no_phrase_breaks_outside_the_page_text(site: Path) -> None:
    page = site / "ja-jp" / PRODUCT
    root = lxml.html.parse(str(page)).getroot()
    assert "wbr" not in root.findtext(".//title")
    for meta in root.xpath("//meta/@content | //img/@alt | //a/@aria-label"):
        assert "wbr" not in meta
    for script in root.xpath('//script[@type="application/ld+json"]/text()'):
        assert "wbr" not in script
        json.loads(script)
    assert "20ポート充電ステーション" in root.findtext(".//title")


def test_english_pages_have_no_phrase_breaks(site: Path) -> None:
    for market in ("en-us", "en-gb", "de-de"):
        assert "<wbr>" not in (site / market / PRODUCT).read_text(encoding="utf-8")
