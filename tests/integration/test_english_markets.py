"""English per market: the multi-market fixture store with en-GB and en-SG added, built, and
each English market's product page read for the words a shopper sees (American in en-US,
British in en-GB and en-SG)."""

from __future__ import annotations

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

