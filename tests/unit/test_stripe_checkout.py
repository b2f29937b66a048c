"""The Stripe lock file and the `stripe` checkout provider a build uses (no network)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from storefront_checkout.provider import LineItem, Setup
from storefront_checkout.stripe_lock import (
    DEFAULT_LOCK,
    AmountError,
    CampaignLink,
    Header,
    Lock,
    MarketLink,
    SkuEntry,
    dump_lock,
    minor_units,
    parse_lock,
)
from storefront_checkout.stripe_provider import make

JA_SALE = CampaignLink(
    "black-friday-japan", datetime.fromisoformat("2026-11-20T00:00:00+09:00"),
    datetime.fromisoformat("2026-12-01T00:00:00+09:00"), 3808, "price_JS", "plink_JS",
    "https://buy.stripe.com/test_ja_sale")
US_BF = CampaignLink(
    "black-friday", datetime.fromisoformat("2026-11-24T00:00:00-05:00"),
    datetime.fromisoformat("2026-12-01T00:00:00-05:00"), 2399, "price_BF", "plink_BF",
    "https://buy.stripe.com/test_us_bf")
US_BF_NEXT_YEAR = CampaignLink(
    "black-friday", datetime.fromisoformat("2027-11-23T00:00:00-05:00"),
    datetime.fromisoformat("2027-11-30T00:00:00-05:00"), 2499, "price_BF2", "plink_BF2",
    "https://buy.stripe.com/test_us_bf_2027")
US_CM = CampaignLink(
    "cyber-monday", datetime.fromisoformat("2026-11-30T00:00:00-05:00"),
    datetime.fromisoformat("2026-12-01T00:00:00-05:00"), 2099, "price_CM", "plink_CM",
    "https://buy.stripe.com/test_us_cm")
LOCK = Lock(
    Header("acct_1", "test", "2026-10-28.endive", "2026-11-01T10:00:00Z"),
    {"TS-STY-01-BLK": SkuEntry("prod_1", "Active Stylus Pen (Black)", {
        "en-us": MarketLink("USD", 2999, "price_US", "plink_US", "https://buy.stripe.com/test_us",
                            promotion_codes=True, campaigns=(US_BF, US_CM, US_BF_NEXT_YEAR)),
        "ja-jp": MarketLink("JPY", 4480, "price_JP", "plink_JP", "https://buy.stripe.com/test_jp",
                            campaigns=(JA_SALE,)),
    })})


def item(market: str = "en-us", price: str = "29.99", *, campaign: str | None = None,
         sku: str = "TS-STY-01-BLK", availability: str = "in_stock",
         coupon: str | None = None) -> LineItem:
    currency = {"en-us": "USD", "ja-jp": "JPY", "de-de": "EUR"}[market]
    return LineItem(
        market=market, language=market[:2], locale="en_US", currency=currency,
        product_sku="TS-STY-01", sku=sku, title="Active Stylus Pen", variant_label="Black",
        unit_price=Decimal(price), price=Decimal(price), min_qty=1, tiers=(),
        availability=availability, url=f"https://shop.example.com/{market}/products/pen/",
        image_url="", regular_unit_price=Decimal(price), campaign=campaign, coupon=coupon)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / DEFAULT_LOCK).parent.mkdir(parents=True)
    (tmp_path / DEFAULT_LOCK).write_text(dump_lock(LOCK), encoding="utf-8")
    return tmp_path


def provider(root: Path, day: date = date(2026, 11, 10), **options: str):
    return make({"provider": "stripe", **options},
                Setup(root, "pelicanconf.py", day, "https://shop.example.com"))


def test_minor_units_follow_stripes_currency_rules():
    assert minor_units(Decimal("29.99"), "USD") == 2999
    assert minor_units(Decimal("4480"), "JPY") == 4480  # zero-decimal: yen as they are
    assert minor_units(Decimal("12000"), "KRW") == 12000
    assert minor_units(Decimal("5.120"), "KWD") == 5120  # three decimals, last one 0
    with pytest.raises(AmountError, match="make the price 5.12 or 5.13"):
        minor_units(Decimal("5.124"), "KWD")
    with pytest.raises(AmountError, match="more decimals than JPY has"):
        minor_units(Decimal("4480.5"), "JPY")


def test_the_lock_reads_back_what_was_written_byte_for_byte():
    text = dump_lock(LOCK)
    lock, problems = parse_lock(text, DEFAULT_LOCK)
    assert problems == [] and lock == LOCK
    assert dump_lock(lock) == text
    assert "synced: '2026-11-01T10:00:00Z'" in text and "mode: test" in text
    assert text.index("en-us:") < text.index("ja-jp:")  # sorted: one file for one state


def test_a_malformed_lock_names_the_file_the_field_and_the_fix():
    text = dump_lock(LOCK).replace("unit_amount: 4480", "unit_amount: 44.80").replace(
        "plink_JS", "link_JS")
    lock, problems = parse_lock(text, DEFAULT_LOCK)
    assert lock is None
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{DEFAULT_LOCK}:") and "skus.TS-STY-01-BLK.markets.ja-jp."
               "unit_amount: \"44.80\" is not a whole number" in m for m in messages), messages
    assert any("campaigns[1].link: \"link_JS\" is not a Stripe id" in m for m in messages)
    assert all("run `storefront checkout sync`" in m for m in messages)
    line = next(p.line for p in problems if p.field.endswith("ja-jp.unit_amount"))
    assert text.splitlines()[line - 1].strip() == "unit_amount: 44.80"


def test_target_is_the_skus_link_in_the_items_market(root):
    stripe = provider(root)
    us, jp = stripe.target(item()), stripe.target(item("ja-jp", "4480"))
    assert (us.kind, us.href, us.href_template) == ("link", "https://buy.stripe.com/test_us", "")
    assert jp.href == "https://buy.stripe.com/test_jp"  # another currency, another link
    assert stripe.target(item(availability="preorder")).label == "preorder"
    sold_out = stripe.target(item(availability="out_of_stock"))
    assert (sold_out.kind, sold_out.reason) == ("none", "out of stock")
    missing = stripe.target(item("de-de", "27.99"))
    assert missing.kind == "none" and DEFAULT_LOCK in missing.reason


def test_a_coupon_is_prefilled_where_the_link_takes_promotion_codes(root):
    stripe = provider(root)
    assert stripe.target(item(coupon="GIFT 10")).href == (
        "https://buy.stripe.com/test_us?prefilled_promo_code=GIFT%2010")
    # the yen link was made without promotion codes: Stripe would refuse the code
    assert "?" not in stripe.target(item("ja-jp", "4480", coupon="GIFT10")).href


def test_during_a_sale_the_campaigns_link_for_the_build_date(root):
    # the rebuild at the sale's start (Tokyo midnight is 15:00 UTC the day before)
    assert provider(root, date(2026, 11, 19)).target(
        item("ja-jp", "3808", campaign="black-friday-japan")).href == JA_SALE.url
    # Black Friday in New York, and next year's run of the same campaign
    assert provider(root, date(2026, 11, 25)).target(
        item(price="23.99", campaign="black-friday")).href == US_BF.url
    assert provider(root, date(2027, 11, 24)).target(
        item(price="24.99", campaign="black-friday")).href == US_BF_NEXT_YEAR.url
    # Cyber Monday overrides Black Friday on its day: the page says which
    assert provider(root, date(2026, 11, 30)).target(
        item(price="20.99", campaign="cyber-monday")).href == US_CM.url
    # the sale over, the regular link again
    assert provider(root, date(2026, 12, 1)).target(item()).href == LOCK.skus[
        "TS-STY-01-BLK"].markets["en-us"].url


def test_a_price_the_lock_does_not_charge_fails_the_build_with_the_fix(root):
    stripe = provider(root)
    assert stripe.check([item(), item("ja-jp", "4480")]) == []
    (problem,) = stripe.check([item(price="27.99")])
    assert str(problem) == (
        f"{DEFAULT_LOCK}: skus.TS-STY-01-BLK.markets.en-us.unit_amount: TS-STY-01-BLK in "
        "en-us: the price on the page is 27.99 USD but its Stripe link charges 29.99 USD; run "
        "`storefront checkout sync` (it updates Stripe and this file), then commit the file")
    (sale,) = provider(root, date(2026, 11, 25)).check(
        [item(price="22.99", campaign="black-friday")])
    assert "the black-friday sale price on the page is 22.99 USD but its Stripe link " \
           "charges 23.99 USD" in sale.message


def test_a_sku_or_sale_missing_from_the_lock_fails_but_sold_out_needs_no_link(root):
    stripe = provider(root)
    (missing,) = stripe.check([item("de-de", "27.99")])
    assert missing.field == "skus.TS-STY-01-BLK.markets.de-de"
    assert "has no Stripe Payment Link for the de-de market; run `storefront checkout sync`" \
           in missing.message
    (sale,) = stripe.check([item(price="25.99", campaign="spring-sale")])
    assert "the sale spring-sale has no Stripe Payment Link" in sale.message
    assert stripe.check([item("de-de", "27.99", availability="out_of_stock")]) == []


def test_no_lock_and_a_lock_of_the_wrong_mode_are_build_errors(root, tmp_path):
    (problem,) = provider(tmp_path / "elsewhere").check([item()])
    assert "the Stripe lock file does not exist; run `storefront checkout sync`" in str(problem)
    (mode,) = provider(root, mode="live").check([])
    assert mode.field == "stripe.mode"
    assert "holds test links but STORE_CHECKOUT asks for live ones" in mode.message
    (option,) = provider(root, lok="x.yml").check([])
    assert option.field == "STORE_CHECKOUT.lok"


def test_bad_stripe_options_are_reported_at_start_up_naming_pelicanconf_and_the_key() -> None:
    from storefront_checkout.settings import checkout_problems

    assert checkout_problems({"provider": "stripe", "mode": "live",
                              "lock": "content/checkout/stripe.lock.yml"}) == []
    found = [str(p) for p in checkout_problems({"provider": "stripe", "mode": "prod",
                                                "lok": "stripe.yml"})]
    assert found == [
        'pelicanconf.py: STORE_CHECKOUT.lok: is not an option of the stripe provider; did you '
        'mean "lock"?',
        'pelicanconf.py: STORE_CHECKOUT.mode: "prod" is neither "test" nor "live"; write "test" '
        '(test links) or "live" (publishconf.py, so a test link never reaches shoppers)']
    per_market = {"provider": "links", "url": "https://wa.me/49151?text={message}",
                  "markets": {"ja-jp": {"provider": "stripe", "lock": "/srv/stripe.lock.yml"}}}
    (problem,) = checkout_problems(per_market)
    assert problem.field == "STORE_CHECKOUT.markets.ja-jp.lock"
    assert "must be a path relative to the project" in problem.message
    (other,) = checkout_problems({"provider": "stripe", "lock": "checkout/stripe.json"})
    assert other.field == "STORE_CHECKOUT.lock" and "is not a YAML file" in other.message


def test_a_build_with_a_bad_stripe_option_stops_before_any_work(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storefront.cli import main
    from tests.sitebuild import copy_project

    project = copy_project(Path(__file__).resolve().parents[1] / "fixtures" / "markets",
                           tmp_path / "shop")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nSTORE_CHECKOUT = {"provider": "stripe", "mode": "sandbox"}\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--project", str(project), "build", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert 'pelicanconf.py: STORE_CHECKOUT.mode: "sandbox" is neither "test" nor "live"' in text
    assert "Traceback" not in result.output and not out.exists()
