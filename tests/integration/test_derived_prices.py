"""Derived market prices end to end, on the demo store with every price but the US dollar one
deleted: every product is sold in every market, yen without decimals, the page, JSON-LD and
feeds agree (the build's audit), `storefront prices` says what the JSON-LD offers say, two
builds are byte-identical, a new rate changes prices and nothing else, and `storefront diff`
names a changed dollar price in every market."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from storefront.bench import tree_digest
from storefront.build import build_site
from storefront.cli import main
from tests.sitebuild import page_offers

REPO = Path(__file__).resolve().parents[2]
MARKETS = ("en-us", "en-gb", "en-sg", "de-de", "ja-jp", "ar-sa")
CURRENCY = {"en-us": "USD", "en-gb": "GBP", "en-sg": "SGD", "de-de": "EUR", "ja-jp": "JPY",
            "ar-sa": "SAR"}
PRICE_MAP = re.compile(r"\{USD: (\"[0-9.]+\")(?:, [A-Z]{3}: \"[0-9.]+\")*\}")
DAY = "2026-06-01"  # no campaign runs: regular prices


def usd_only_demo(dest: Path) -> Path:
    """The demo store with only US dollar prices, share cards off (not what is tested)."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "content", dest / "content")
    conf = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    theme, plugins = str(REPO / "themes" / "storefront"), str(REPO / "plugins")
    conf = conf.replace('THEME = "themes/storefront"', f"THEME = {theme!r}")
    conf = conf.replace('PLUGIN_PATHS = ["plugins"]', f"PLUGIN_PATHS = [{plugins!r}]")
    conf = conf.replace(', "storefront_social_cards"]', "]")
    conf += f"\nSTORE_I18N_DIR = {str(REPO / 'i18n')!r}\nSTORE_DATE = {DAY!r}\n"
    conf += "STORE_CHECKOUT = None\n"  # the Stripe lock holds the demo's own prices, not these
    (dest / "pelicanconf.py").write_text(conf, encoding="utf-8")
    for index in (dest / "content" / "products").glob("*/index.md"):
        text = index.read_text(encoding="utf-8")
        index.write_text(PRICE_MAP.sub(r"{USD: \1}", text), encoding="utf-8")
    return dest


def offers(out: Path) -> dict[tuple[str, str], tuple[Decimal, str, int]]:
    """(market, sku) -> (price, currency, minimum quantity) from every product page's JSON-LD."""
    found = {}
    for page in out.glob("*/products/*/index.html"):
        market = page.parts[-4]
        for sku, offer in page_offers(page).items():
            moq = (offer.get("eligibleQuantity") or {}).get("minValue", 1)
            found[(market, sku)] = (Decimal(offer["price"]), offer["priceCurrency"], moq)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = usd_only_demo(tmp_path_factory.mktemp("usd") / "shop")
    out = project / "output"
    build_site(project, out)  # the audit runs last: page == JSON-LD == feed, or it fails
    return project, out


def test_every_product_is_sold_in_every_market_from_its_dollar_price(
        built: tuple[Path, Path]) -> None:
    project, out = built
    slugs = {p.parent.name for p in (project / "content" / "products").glob("*/index.md")}
    for code in MARKETS:
        sold = {p.parent.name for p in (out / code / "products").glob("*/index.html")}
        assert sold == slugs, code
    found = offers(out)
    for (market, sku), (price, currency, _) in found.items():
        assert currency == CURRENCY[market], (market, sku)
        if currency == "JPY":
            assert price == price.to_integral_value() and "." not in str(price), sku
        else:
            assert price.as_tuple().exponent == -2, (market, sku, price)


def test_storefront_prices_says_what_the_json_ld_offers_say(built: tuple[Path, Path]) -> None:
    project, out = built
    result = CliRunner().invoke(main, ["--project", str(project), "prices", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    unit = {(r["market"], r["sku"]): r for r in rows if r["min_qty"] is None}
    found = offers(out)
    assert set(found) <= set(unit)
    for key, (price, currency, moq) in found.items():
        row = unit[key]
        assert (Decimal(row["price"]) * moq, row["currency"]) == (price, currency), key
        expected_source = "set" if key[0] == "en-us" else "derived"
        assert row["source"] == expected_source, key


def test_two_builds_of_one_commit_are_byte_identical(built: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    project, out = built
    again = tmp_path / "again"
    build_site(project, again)
    assert tree_digest(again) == tree_digest(out)


def diff(project: Path, old: Path, new: Path) -> dict:
    result = CliRunner().invoke(main, ["--project", str(project), "diff", str(old), str(new),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_new_rate_changes_that_currency_s_prices_and_nothing_else(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    project, out = built
    copy = tmp_path / "shop"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("output"))
    rates = copy / "content" / "rates.yml"
    text = rates.read_text(encoding="utf-8")
    rates.write_text(re.sub(r'JPY: "[0-9.]+"', 'JPY: "190.00"', text), encoding="utf-8")
    new = copy / "output"
    build_site(copy, new)
    changes = diff(copy, out, new)
    assert set(changes["markets"]) == {"ja-jp"}
    ja = changes["markets"]["ja-jp"]
    assert ja["prices"] and all(p["old_currency"] == p["new_currency"] == "JPY"
                                and Decimal(p["new"]) > Decimal(p["old"]) for p in ja["prices"])
    other = {k for k, v in ja.items() if v and k not in ("locale", "prices", "feed_changes")}
    assert other == set(), other
    # the feeds: prices, tier prices, and shipping where a price crossed the free-shipping line
    assert {c["field"] for c in ja.get("feed_changes", [])} <= {
        "price", "sale_price", "bulk_price", "shipping"}


def test_a_changed_dollar_price_shows_in_every_market_of_the_diff(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    project, out = built
    copy = tmp_path / "shop"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("output"))
    index = copy / "content" / "products" / "gan-charger-65w" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace('price: {USD: "45.99"}', 'price: {USD: "49.99"}'),
                     encoding="utf-8")
    new = copy / "output"
    build_site(copy, new)
    changes = diff(copy, out, new)
    for code in MARKETS:
        moved = [p for p in changes["markets"][code]["prices"]
                 if p["sku"] == "VT-CH-65G" and p["kind"] == "price"]
        assert len(moved) == 1, code
        assert Decimal(moved[0]["new"]) > Decimal(moved[0]["old"]), code
        assert moved[0]["new_currency"] == CURRENCY[code]
    assert changes["markets"]["en-us"]["prices"][0]["new"] in ("49.99",)
