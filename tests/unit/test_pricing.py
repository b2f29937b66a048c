"""Derived market prices: rounding rules, rates, the one price function, and the commands."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from storefront.cli import main
from storefront_catalog.markets import load_markets
from storefront_catalog.model import Image, PriceTier, Product, Variant
from storefront_catalog.pricing.derive import (
    MissingRate,
    PriceBasis,
    derive_amount,
    derive_product,
    market_price,
)
from storefront_catalog.pricing.ecb import bundled_rates, read_ecb_file, snapshot_from
from storefront_catalog.pricing.market import MarketPricing, StorePricing
from storefront_catalog.pricing.rates import RateSnapshot, check_rates, load_rates
from storefront_catalog.pricing.rounding import (
    RuleError,
    apply_rule,
    default_rule,
    parse_rule,
    round_amount,
)
from tests.sitebuild import copy_project

REPO = Path(__file__).resolve().parents[2]
D = Decimal
RATES = RateSnapshot(dt.date(2026, 10, 30), "test", "EUR",
                     {"USD": D("1.25"), "JPY": D("160"), "GBP": D("0.85"), "KRW": D("1500"),
                      "BHD": D("0.47")})
USD = PriceBasis("USD")


def rounded(amount: str, rule: object, currency: str) -> Decimal:
    return apply_rule(D(amount), parse_rule(rule, currency), currency)


def market(currency: str, *, tax_included: bool = True, **pricing: object) -> SimpleNamespace:
    return SimpleNamespace(code=f"xx-{currency.lower()}", currency=currency,
                           tax_included=tax_included, pricing=MarketPricing(**pricing))


# -- rounding rules -------------------------------------------------------------------------
@pytest.mark.parametrize(("amount", "rule", "currency", "expected"), [
    ("27.13", ".99", "USD", "27.99"),
    ("27.99", ".99", "USD", "27.99"),  # already ends so: unchanged
    ("27.995", ".99", "USD", "28.99"),  # half a cent above: the next one up
    ("27.50", ".99", "USD", "27.99"),  # a half
    ("27.50", ".50", "USD", "27.50"),
    ("28.00", ".99", "USD", "28.99"),
    ("0.01", ".99", "USD", "0.99"),  # the smallest unit
    ("27.01", ".95", "GBP", "27.95"),
    ("27.96", ".95", "GBP", "28.95"),
    ("27.91", ".90", "CHF", "28.90"),
    ("27.00", ".00", "SAR", "27.00"),
    ("27.001", ".00", "SAR", "28.00"),
    ("23.50", "9.99", "USD", "29.99"),
    ("4471", {"step": 10}, "JPY", "4480"),
    ("4480", {"step": 10}, "JPY", "4480"),
    ("4480.5", {"step": 100}, "JPY", "4500"),
    ("4401", "80", "JPY", "4480"),
    ("4481", "80", "JPY", "4580"),
    ("12341", {"step": 100}, "KRW", "12400"),
    ("12.02", {"step": "0.05"}, "CHF", "12.05"),
    ("1.2345", "none", "BHD", "1.235"),  # three decimals, half up
    ("1.2344", "none", "BHD", "1.234"),
    ("4480.5", "none", "JPY", "4481"),
    ("9.995", "none", "USD", "10.00"),
])
def test_rounding_rules(amount: str, rule: object, currency: str, expected: str) -> None:
    result = rounded(amount, rule, currency)
    assert result == D(expected) and str(result) == expected


@pytest.mark.parametrize("amount", ["0", "-1", "-0.01"])
def test_zero_and_negative_prices_are_refused(amount: str) -> None:
    with pytest.raises(ValueError, match="above zero"):
        rounded(amount, ".99", "USD")


@pytest.mark.parametrize(("rule", "currency", "message"), [
    ("round", "USD", "is not a rounding rule"),
    (".99", "JPY", "JPY has no decimals"),
    (".999", "EUR", "EUR has 2 decimals"),
    ("0.99", "USD", 'write ".99"'),
    ({"step": "0.005"}, "USD", "smallest unit"),
    ({"step": 0}, "JPY", "above zero"),
    ({"steps": 10}, "JPY", "one field, step"),
    (10, "JPY", "{step: 10}"),
])
def test_unknown_or_impossible_rules_say_how_to_write_one(rule: object, currency: str,
                                                          message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("{", r"\{").replace(".", r"\.")):
        parse_rule(rule, currency)


def test_defaults_follow_each_currency() -> None:
    assert {c: str(default_rule(c)) for c in ("USD", "EUR", "GBP", "JPY", "KRW", "BHD", "KWD",
                                              "SAR", "CHF")} == {
        "USD": ".99", "EUR": ".99", "GBP": ".99", "JPY": "step 10", "KRW": "step 100",
        "BHD": "none", "KWD": "none", "SAR": ".00", "CHF": ".90"}


def test_amounts_off_get_no_price_ending() -> None:
    assert round_amount(D("9.376"), parse_rule(".99", "EUR"), "EUR") == D("9.38")
    assert round_amount(D("1584"), parse_rule({"step": 10}, "JPY"), "JPY") == D("1580")


# -- rates ----------------------------------------------------------------------------------
def test_cross_rates_go_through_the_base() -> None:
    assert RATES.rate("USD", "JPY") == D("128")
    assert RATES.rate("JPY", "USD") == D("0.0078125")
    assert RATES.rate("EUR", "GBP") == D("0.85")
    assert RATES.rate("USD", "SAR") is None
    pegged = RateSnapshot(RATES.date, "t", "EUR", {"USD": D("1.25")},
                          {"SAR": ("USD", D("3.75"))})
    assert pegged.rate("USD", "SAR") == D("3.75")


def write_rates(tmp_path: Path, text: str) -> Path:
    (tmp_path / "rates.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_rates_file_errors_name_file_line_and_field(tmp_path: Path) -> None:
    write_rates(tmp_path, 'date: 2026-10-30\nsource: ECB\nbase: EUR\nrates:\n'
                          '  USD: "1,08"\n  JPY: "0"\n  XYZ: "3"\n  gbp: "0.85"\n')
    snapshot, problems = load_rates(tmp_path, tmp_path)
    assert snapshot is None
    shown = [str(p) for p in problems]
    assert shown == [
        "rates.yml:5: rates.USD: '1,08' is not a number; write it with a dot, in quotes, e.g. "
        'USD: "1.0832"',
        'rates.yml:6: rates.JPY: must be above zero (JPY per 1 EUR), e.g. JPY: "162.45"',
        "rates.yml:7: rates.XYZ: 'XYZ' is not an ISO 4217 currency code",
        "rates.yml:8: rates.gbp: 'gbp' is not an ISO 4217 currency code; write \"GBP\"",
    ]


def test_rates_file_needs_date_source_and_base(tmp_path: Path) -> None:
    write_rates(tmp_path, 'rates: {USD: "1.08"}\n')
    _, problems = load_rates(tmp_path, tmp_path)
    assert [p.field for p in problems] == ["date", "source", "base"]


def test_missing_rate_is_an_error_and_an_old_snapshot_a_warning(tmp_path: Path) -> None:
    write_rates(tmp_path, 'date: 2026-01-01\nsource: ECB\nbase: EUR\nrates: {USD: "1.08"}\n')
    snapshot, problems = load_rates(tmp_path, tmp_path)
    assert snapshot is not None and not problems
    found = check_rates(snapshot, {"JPY": "the ja-jp market"}, today=dt.date(2026, 3, 3),
                        max_age_days=60)
    assert [(p.severity, p.field, p.line) for p in found] == [("error", "rates", 4),
                                                              ("warning", "date", 1)]
    assert "has no JPY rate, which the ja-jp market needs" in found[0].message
    assert "61 days old" in found[1].message
    assert check_rates(None, {"JPY": "the ja-jp market"}, today=dt.date(2026, 3, 3),
                       max_age_days=60)[0].message.startswith("is missing")


# -- the one price function -----------------------------------------------------------------
def test_vat_inclusive_market_adds_vat_to_a_net_base() -> None:
    de = market("EUR", vat=D(19))
    net = market("EUR", tax_included=False, vat=D(19))
    gross = market_price({"USD": D("25.00")}, de, RATES, USD)
    assert gross is not None and gross.adjusted == D("23.80")  # 25 / 1.25 * 1.19
    assert gross.amount == D("23.99") and gross.source == "derived" and gross.rate == D("0.8")
    assert market_price({"USD": D("25.00")}, net, RATES, USD).amount == D("20.99")
    # a store whose base prices include 19 % VAT: net first, then the market's own VAT
    gb = market("GBP", vat=D(20))
    from_gross = market_price({"EUR": D("119.00")}, gb, RATES, PriceBasis("EUR", True, D(19)))
    assert from_gross.adjusted == D("102.000")  # 119 / 1.19 * 0.85 * 1.2
    assert from_gross.amount == D("102.99")


def test_adjustment_applies_before_rounding() -> None:
    jp = market("JPY", adjustment=D(10), vat=D(10))
    price = market_price({"USD": D("29.99")}, jp, RATES, USD)
    assert price.adjusted == D("29.99") * 128 * D("1.1") * D("1.1")
    assert price.amount == D("4650") and price.rule == "step 10"


def test_a_written_price_wins_exactly_as_written() -> None:
    jp = market("JPY", adjustment=D(10))
    price = market_price({"USD": D("29.99"), "JPY": D("4480")}, jp, RATES, USD)
    assert (price.amount, price.source, price.rate) == (D("4480"), "set", None)
    odd = market_price({"USD": D("29.99"), "GBP": D("23.5")}, market("GBP"), RATES, USD)
    assert str(odd.amount) == "23.5"


def test_missing_rate_and_missing_base() -> None:
    with pytest.raises(MissingRate):
        market_price({"USD": D("1")}, market("SEK"), RATES, USD)
    assert market_price({"EUR": D("1")}, market("JPY"), RATES, USD) is None


def test_campaign_amounts_convert_without_a_price_ending() -> None:
    de = market("EUR", vat=D(19))
    off = derive_amount({"USD": D("10")}, de, RATES, USD)
    assert off.amount == D("9.52") and off.source == "derived"  # 10 * 0.8 * 1.19
    assert derive_amount({"USD": D("10"), "EUR": D("9")}, de, RATES, USD).amount == D("9")
    assert derive_amount({"USD": D("10")}, market("JPY"), RATES, USD).amount == D("1280")


def product(**fields: object) -> Product:
    base = dict(slug="pen", source_dir=Path("/shop/content/products/pen"),
                source_file=Path("/shop/content/products/pen/index.md"), title="Pen",
                sku="PEN", brand="B", category=("Pens",), summary="", body_html="", digest="",
                price={"USD": D("29.99")}, images=(Image("a.jpg", Path("a.jpg"), "front", ""),))
    base.update(fields)
    return Product(**base)  # type: ignore[arg-type]


def test_derive_product_prices_tiers_variants_and_list_prices() -> None:
    from storefront_catalog.money import offer_view

    item = product(
        list_price={"USD": D("39.99")},
        price_tiers=(PriceTier(50, {"USD": D("24.99")}), PriceTier(100, {"USD": D("24.98")}),
                     PriceTier(200, {"USD": D("20.00"), "JPY": D("2500")})),
        variants=(
            Variant("PEN-BLK", {"color": "Black"}, None, {"USD": D("29.99")},
                    {"USD": D("39.99")}, "in_stock"),
            Variant("PEN-GLD", {"color": "Gold"}, None, {"USD": D("49.99")},
                    {"USD": D("39.99")}, "in_stock"),
        ))
    jp = market("JPY")
    done = derive_product(item, jp, RATES, USD, StorePricing(), Path("/shop"))
    priced = done.product
    assert priced.price == {"USD": D("29.99"), "JPY": D("3840")}  # 29.99 * 128 = 3838.72
    assert priced.list_price["JPY"] == D("5120")  # 39.99 * 128 = 5118.72
    # 24.98 rounds to the same yen as 24.99: that tier would save nothing, so it is dropped
    assert [(t.min_qty, t.price["JPY"]) for t in priced.price_tiers] == [
        (50, D("3200")), (200, D("2500"))]
    gold = priced.variants[1]
    assert gold.price["JPY"] == D("6400") and "JPY" not in gold.list_price  # list not above
    view = offer_view(priced, "JPY", priced.variants[0])
    assert view is not None and view.unit_price == D("3840") and view.list_price == D("5120")
    assert [(line.sku, line.min_qty, line.price.source) for line in done.lines] == [
        ("PEN", None, "derived"), ("PEN", 50, "derived"), ("PEN", 200, "set"),
        ("PEN-BLK", None, "derived"), ("PEN-GLD", None, "derived")]
    fields = sorted(p.field for p in done.problems)
    assert fields == ["price_tiers[2].price", "variants[2].list_price"]
    assert all(p.file == "content/products/pen/index.md" for p in done.problems)


def test_variant_does_not_take_an_override_written_for_another_base_price() -> None:
    item = product(price={"USD": D("29.99"), "JPY": D("4480")}, variants=(
        Variant("PEN-BLK", {"color": "Black"}, None, {"USD": D("29.99"), "JPY": D("4480")}, {},
                "in_stock"),
        Variant("PEN-GLD", {"color": "Gold"}, None, {"USD": D("49.99"), "JPY": D("4480")}, {},
                "in_stock")))
    done = derive_product(item, market("JPY"), RATES, USD)
    assert [v.price["JPY"] for v in done.product.variants] == [D("4480"), D("6400")]


def test_warnings_for_big_rounding_moves_and_the_floor() -> None:
    cheap = product(price={"USD": D("1.00")})
    done = derive_product(cheap, market("GBP"), RATES, USD,
                          StorePricing(floor={"GBP": D("1.00")}, max_move_percent=D(10)))
    assert done.product.price["GBP"] == D("0.99")
    messages = [p.message for p in done.problems]
    assert len(messages) == 2
    assert "moves the GBP price of PEN by 45.6 % (0.68 -> 0.99)" in messages[0]
    assert "below the floor of 1.00" in messages[1]


def test_missing_rate_leaves_the_product_unpriced() -> None:
    done = derive_product(product(), market("SEK"), RATES, USD)
    assert done.missing_rate == "SEK" and not done.priced and "SEK" not in done.product.price


# -- markets.yml ----------------------------------------------------------------------------
def test_markets_yml_pricing_fields_are_read_and_checked(tmp_path: Path) -> None:
    (tmp_path / "markets.yml").write_text(
        "default: en-us\nmarkets:\n"
        "  - {code: en-us, language: en, country: US, currency: USD}\n"
        "  - code: de-de\n    language: de\n    country: DE\n    currency: EUR\n"
        '    vat: "19"\n    adjustment: "5 %"\n    rounding: ".95"\n', encoding="utf-8")
    markets, problems = load_markets({}, tmp_path, tmp_path)
    assert not problems
    de = markets.by_code("de-de")
    assert de is not None and de.pricing == MarketPricing(D(5), D(19), parse_rule(".95", "EUR"))
    (tmp_path / "markets.yml").write_text(
        "default: ja-jp\nmarkets:\n"
        "  - code: ja-jp\n    language: ja\n    country: JP\n    currency: JPY\n"
        '    vat: "ten"\n    adjustment: x\n    rounding: ".99"\n', encoding="utf-8")
    _, problems = load_markets({"STORE_LOCALE": "ja_JP", "STORE_LANG": "ja",
                                "STORE_CURRENCY": "JPY"}, tmp_path, tmp_path)
    assert [(p.line, p.field) for p in problems] == [
        (8, "markets[1].adjustment"), (7, "markets[1].vat"), (9, "markets[1].rounding")]
    assert "JPY has no decimals" in problems[2].message


# -- ECB files ------------------------------------------------------------------------------
DAILY_CSV = ("Date, USD, JPY, BGN, GBP, \n"
             "30 October 2026, 1.1172, 175.68, N/A, 0.83380, \n")
HIST_CSV = ("Date,USD,JPY,GBP,\n2026-10-30,1.1172,175.68,0.8338,\n"
            "2026-10-29,1.1130,175.92,0.83578,\n")
DAILY_XML = """<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube><Cube time="2026-10-29"><Cube currency="USD" rate="1.1130"/></Cube>
    <Cube time="2026-10-30"><Cube currency="USD" rate="1.1172"/>
      <Cube currency="JPY" rate="175.68"/><Cube currency="GBP" rate="0.83380"/></Cube></Cube>
</gesmes:Envelope>
"""


@pytest.mark.parametrize(("name", "text"), [("eurofxref.csv", DAILY_CSV),
                                            ("eurofxref-hist.csv", HIST_CSV),
                                            ("eurofxref-daily.xml", DAILY_XML)])
def test_ecb_files_give_the_latest_day(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ecb = read_ecb_file(path)
    assert ecb.date == dt.date(2026, 10, 30)
    assert ecb.rates["USD"] == D("1.1172") and ecb.rates["JPY"] == D("175.68")
    assert ecb.rates["GBP"] == D("0.8338") and "BGN" not in ecb.rates
    zipped = tmp_path / "eurofxref.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr(name, text)
    assert read_ecb_file(zipped).rates == ecb.rates


def test_bundled_ecb_rates_are_read_offline() -> None:
    ecb = bundled_rates()
    assert ecb.date >= dt.date(2024, 1, 1)
    assert {"USD", "JPY", "GBP", "SGD"} <= set(ecb.rates) and "EUR" not in ecb.rates
    assert all(isinstance(v, Decimal) and v > 0 for v in ecb.rates.values())
    snapshot, notes, errors = snapshot_from(ecb, ["USD", "JPY", "SAR", "EUR"])
    assert not errors and set(snapshot.rates) == {"USD", "JPY"}
    assert snapshot.rate("USD", "SAR") == D("3.75") and "SAR follows USD" in notes[0]


# -- the commands ---------------------------------------------------------------------------
@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The markets fixture (USD, EUR, JPY, SAR; the flash drive has no yen price)."""
    return copy_project(REPO / "tests" / "fixtures" / "markets", tmp_path / "shop")


def run(project: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def test_prices_rates_from_an_ecb_file_writes_only_the_store_currencies(shop: Path,
                                                                         tmp_path: Path) -> None:
    ecb = tmp_path / "eurofxref.csv"
    ecb.write_text(DAILY_CSV, encoding="utf-8")
    result = run(shop, "prices", "rates", "--from", str(ecb))
    assert result.exit_code == 0, result.output
    text = (shop / "content" / "rates.yml").read_text(encoding="utf-8")
    assert "date: 2026-10-30\n" in text and "eurofxref.csv" in text
    assert 'JPY: "175.68"' in text and 'USD: "1.1172"' in text and "GBP" not in text
    assert 'SAR: {USD: "3.75"}' in text
    assert "ja-jp: 1 USD = 157.250269 JPY" in result.output


def test_prices_rates_update_uses_the_bundled_rates(shop: Path) -> None:
    result = run(shop, "prices", "rates", "--update")
    assert result.exit_code == 0, result.output
    snapshot, problems = load_rates(shop / "content", shop)
    assert snapshot is not None and not problems
    assert snapshot.date == bundled_rates().date and set(snapshot.rates) == {"USD", "JPY"}


def test_prices_json_lists_every_sku_market_and_tier_with_its_source(shop: Path,
                                                                      tmp_path: Path) -> None:
    ecb = tmp_path / "eurofxref.csv"
    ecb.write_text(DAILY_CSV, encoding="utf-8")
    assert run(shop, "prices", "rates", "--from", str(ecb)).exit_code == 0
    result = run(shop, "prices", "--format", "json")
    rows = json.loads(result.stdout)
    by_key = {(r["market"], r["sku"], r["min_qty"]): r for r in rows}
    drive = by_key[("ja-jp", "MK-FD-64", None)]  # written in USD only
    assert drive["source"] == "derived" and drive["currency"] == "JPY"
    expected = apply_rule(D("6.50") * D("175.68") / D("1.1172"), parse_rule({"step": 10},
                                                                           "JPY"), "JPY")
    assert drive["price"] == str(expected) and drive["rule"] == "step 10"
    assert {r["source"] for r in rows if r["market"] == "en-us"} == {"set"}
    assert not any(r["market"] == "ar-sa" and r["sku"].startswith("MK-TA") for r in rows)
    assert all({"market", "sku", "currency", "price", "source", "min_qty"} <= set(r)
               for r in rows)
    # the yen market declares no VAT while showing tax-included prices: said, not silent
    assert "markets (ja-jp).vat: is missing" in result.stderr
    csv_out = run(shop, "prices", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("market,sku,min_qty,currency,price,source")
    assert len(csv_out.splitlines()) == len(rows) + 1


def test_prices_without_a_rate_file_says_how_to_make_one(shop: Path) -> None:
    result = run(shop, "prices", "--format", "json")
    assert result.exit_code == 1
    assert "content/rates.yml: is missing" in result.stderr
    assert "storefront prices rates --update" in result.stderr
