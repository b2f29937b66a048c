"""`storefront checkout sync` end to end: the real command, the official `stripe` library, and
a local Stripe (tests/fixtures/stripe_server.py) that checks every request against Stripe's
published OpenAPI description. No test reaches the internet.

The store is the multi-market fixture (USD, EUR, JPY, SAR) with Stripe as its checkout; its
autumn sale (10 % off charging, 16 to 20 November 2026 in en-us, de-de and ar-sa) and a coupon
campaign added here fall in the 30 days synced from 10 November 2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storefront.cli import main
from storefront_checkout.stripe_lock import Lock, read_lock
from tests.fixtures.stripe_server import FakeStripe, stripe_server
from tests.sitebuild import copy_project

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "markets"
KEY = "sk_test_51SecretKeyThatMustNeverLeakAnywhere0123456789"
NOW = "2026-11-10T09:00:00+00:00"
LOCK = "content/checkout/stripe.lock.yml"
COUPON = """\
name: Cable coupon
start: 2026-11-25
end: 2026-11-30
markets: [en-us]
coupon: CABLE5
discount: {percent: 5}
scope:
  skus: [MK-CBL-1M]
banner:
  en: "{discount} off cables with code {coupon}"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(FIXTURE, tmp_path / "shop")
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as f:
        f.write('\nSTORE_CHECKOUT = {"provider": "stripe"}\n')
    (root / "content" / "promotions" / "cable-coupon.yml").write_text(COUPON, encoding="utf-8")
    return root


@pytest.fixture
def stripe() -> Iterator[tuple[str, FakeStripe]]:
    with stripe_server(KEY) as running:
        yield running


def sync(project: Path, base: str, *args: str, key: str = KEY) -> Result:
    env = {"STRIPE_API_KEY": key, "STRIPE_API_BASE": base}
    return CliRunner().invoke(main, ["--project", str(project), "checkout", "sync",
                                     "--from", NOW, *args], env=env, catch_exceptions=False)


def lock_of(project: Path) -> Lock:
    lock, problems = read_lock(project / LOCK, LOCK)
    assert lock is not None, problems
    return lock


def set_price(project: Path, old: str, new: str) -> None:
    page = project / "content" / "products" / "usb-cable" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_first_sync_creates_every_link_and_writes_the_lock(project, stripe):
    base, fake = stripe
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    assert not fake.faults
    lock = lock_of(project)
    assert (lock.header.mode, lock.header.account) == ("test", fake.account)
    # every SKU (the station's two variants, not the station) in every market selling it
    assert sorted(lock.skus) == ["MK-ADP-01", "MK-CBL-1M", "MK-FD-64", "MK-STN-20-BLK",
                                 "MK-STN-20-WHT"]
    assert sorted(lock.skus["MK-FD-64"].markets) == ["ar-sa", "de-de", "en-us"]  # no JPY price
    assert "ar-sa" not in lock.skus["MK-ADP-01"].markets  # excluded there
    cable = lock.skus["MK-CBL-1M"]
    assert fake.products[cable.product]["metadata"]["sku"] == "MK-CBL-1M"
    # amounts in Stripe's minor units: cents, and yen as they are (zero-decimal)
    us, jp = cable.markets["en-us"], cable.markets["ja-jp"]
    assert (us.currency, us.unit_amount, jp.currency, jp.unit_amount) == ("USD", 900, "JPY",
                                                                         1280)
    assert fake.prices[jp.price]["currency"] == "jpy"
    assert fake.prices[jp.price]["unit_amount"] == 1280
    # the same SKU has a different link in each currency, each one Stripe made
    urls = {m.url for m in cable.markets.values()}
    assert len(urls) == 4
    assert all(url.startswith("https://buy.stripe.com/test_") for url in urls)
    link = fake.links[us.link]
    item = link["line_items"]["data"][0]
    assert item["adjustable_quantity"] == {"enabled": True, "minimum": 1, "maximum": 99}
    assert item["price"]["id"] == us.price
    out = result.output
    assert "Products: 5 created, 0 updated, 0 deactivated, 0 unchanged" in out
    assert f"Wrote {LOCK}" in out
    assert "MK-CBL-1M ja-jp: 1280 JPY: Payment Link https://buy.stripe.com/test_" in out


def test_campaign_prices_get_their_own_links_for_their_window(project, stripe):
    base, fake = stripe
    assert sync(project, base).exit_code == 0
    lock = lock_of(project)
    us = lock.skus["MK-CBL-1M"].markets["en-us"]
    (sale,) = us.campaigns
    assert sale.campaign == "autumn-sale"
    assert sale.start.isoformat() == "2026-11-16T00:00:00-05:00"  # midnight in New York
    assert sale.end.isoformat() == "2026-11-21T00:00:00-05:00"
    assert sale.unit_amount == 810  # 10 % off 9.00 USD
    assert sale.url != us.url and fake.links[sale.link]["active"]
    assert fake.prices[sale.price]["metadata"]["campaign"] == "autumn-sale"
    assert lock.skus["MK-CBL-1M"].markets["ja-jp"].campaigns == ()  # no sale in Japan
    assert lock.skus["MK-FD-64"].markets["en-us"].campaigns == ()  # storage is not in scope
    # the coupon campaign (25-30 November) lets its SKU's link take promotion codes
    assert us.promotion_codes and fake.links[us.link]["allow_promotion_codes"]
    adapter = lock.skus["MK-ADP-01"].markets["en-us"]
    assert not adapter.promotion_codes
    assert not fake.links[adapter.link]["allow_promotion_codes"]


def test_second_sync_with_nothing_changed_changes_nothing(project, stripe):
    base, fake = stripe
    assert sync(project, base).exit_code == 0
    before = (project / LOCK).read_bytes()
    made = len(fake.calls)
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    assert [c for c in fake.calls[made:] if c.method == "POST"] == []
    assert (project / LOCK).read_bytes() == before
    assert "Prices: 0 created, 0 updated, 0 deactivated, 29 unchanged" in result.output
    assert "left as it was" in result.output


def test_a_changed_price_is_a_new_price_and_link_and_the_old_ones_are_deactivated(project,
                                                                                   stripe):
    base, fake = stripe
    assert sync(project, base).exit_code == 0
    old = lock_of(project)
    set_price(project, 'USD: "9.00"', 'USD: "9.50"')
    made = len(fake.calls)
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    new = lock_of(project)
    was, now = old.skus["MK-CBL-1M"].markets["en-us"], new.skus["MK-CBL-1M"].markets["en-us"]
    assert now.unit_amount == 950 and now.price != was.price and now.link != was.link
    assert fake.prices[now.price]["unit_amount"] == 950
    assert fake.prices[was.price]["active"] is False  # nobody pays the old price
    assert fake.links[was.link]["active"] is False
    assert fake.links[now.link]["active"] is True
    # its sale price follows: 10 % off 9.50
    assert now.campaigns[0].unit_amount == 855
    assert fake.links[was.campaigns[0].link]["active"] is False
    # every other SKU and market is left alone: same ids, no call about them
    for sku, entry in old.skus.items():
        for code, market in entry.markets.items():
            if (sku, code) != ("MK-CBL-1M", "en-us"):
                assert new.skus[sku].markets[code] == market
    touched = {c.path.rsplit("/", 1)[-1] for c in fake.calls[made:] if c.method == "POST"}
    assert touched == {"prices", "payment_links", was.price, was.link,
                       was.campaigns[0].price, was.campaigns[0].link}
    assert "MK-CBL-1M en-us: 9.50 USD (was 9.00 USD): Payment Link" in result.output
    assert "Prices: 2 created, 0 updated, 2 deactivated, 27 unchanged" in result.output


def test_dry_run_writes_nothing_and_calls_nothing(project, stripe):
    base, fake = stripe
    result = CliRunner().invoke(main, ["--project", str(project), "checkout", "sync",
                                       "--dry-run", "--from", NOW],
                                env={"STRIPE_API_BASE": base, "STRIPE_API_KEY": ""})
    assert result.exit_code == 0, result.output
    assert fake.calls == []
    assert not (project / LOCK).exists()
    assert "Would change:" in result.output
    assert "Would be: Products: 5 created" in result.output
    # after a real sync, a dry run after a price change names only that change
    assert sync(project, base).exit_code == 0
    before = (project / LOCK).read_bytes()
    set_price(project, 'JPY: "1280"', 'JPY: "1380"')
    made = len(fake.calls)
    result = sync(project, base, "--dry-run")
    assert result.exit_code == 0, result.output
    assert fake.calls[made:] == []
    assert (project / LOCK).read_bytes() == before
    assert "MK-CBL-1M ja-jp: 1380 JPY (was 1280 JPY)" in result.output
    assert "Would be: Prices: 1 created, 0 updated, 1 deactivated" in result.output


def test_the_secret_key_is_never_written_or_printed(project, stripe):
    base, fake = stripe
    result = sync(project, base)
    assert result.exit_code == 0
    everything = result.output + (project / LOCK).read_text(encoding="utf-8")
    refused = sync(project, base, key=KEY[:-1] + "X")  # a wrong key: Stripe refuses it
    assert refused.exit_code == 1
    assert "Invalid API Key" in refused.output
    everything += refused.output
    missing = CliRunner().invoke(main, ["--project", str(project), "checkout", "sync"],
                                 env={"STRIPE_API_KEY": ""})
    assert missing.exit_code == 1 and "set STRIPE_API_KEY" in missing.output
    for text in (KEY, KEY[len("sk_test_"):], KEY[-20:]):
        assert text not in everything
    assert all(c.path != "/v1/account" or not c.params for c in fake.calls)


def test_a_build_reads_the_lock_it_wrote(project, stripe):
    """The provider of a build (no network) finds each SKU's link, and the sale's during it."""
    from datetime import date
    from decimal import Decimal

    from storefront_checkout.provider import LineItem, Setup
    from storefront_checkout.stripe_provider import make

    base, _fake = stripe
    assert sync(project, base).exit_code == 0
    lock = lock_of(project)

    def item(day: date, price: str, campaign: str | None) -> tuple[str, list[str]]:
        provider = make({"provider": "stripe"}, Setup(project, "pelicanconf.py", day,
                                                      "https://shop.example.com"))
        line = LineItem(
            market="en-us", language="en", locale="en_US", currency="USD",
            product_sku="MK-CBL-1M", sku="MK-CBL-1M", title="USB-C Cable 1 m",
            variant_label="", unit_price=Decimal(price), price=Decimal(price), min_qty=1,
            tiers=(), availability="in_stock", url="https://shop.example.com/en-us/x/",
            image_url="", regular_unit_price=Decimal("9.00"), campaign=campaign)
        return provider.target(line).href, [str(p) for p in provider.check([line])]

    us = lock.skus["MK-CBL-1M"].markets["en-us"]
    assert item(date(2026, 11, 12), "9.00", None) == (us.url, [])
    assert item(date(2026, 11, 18), "8.10", "autumn-sale") == (us.campaigns[0].url, [])
    href, problems = item(date(2026, 11, 18), "7.90", "autumn-sale")
    assert problems and "the autumn-sale sale price on the page is 7.90 USD but its Stripe " \
                        "link charges 8.10 USD" in problems[0]


def test_after_the_sales_their_links_go_and_promotion_codes_switch_off_in_place(project,
                                                                                stripe):
    base, fake = stripe
    assert sync(project, base).exit_code == 0
    old = lock_of(project).skus["MK-CBL-1M"].markets["en-us"]
    made = len(fake.calls)
    result = CliRunner().invoke(main, ["--project", str(project), "checkout", "sync", "--from",
                                       "2026-12-05T09:00:00+00:00"],
                                env={"STRIPE_API_KEY": KEY, "STRIPE_API_BASE": base})
    assert result.exit_code == 0, result.output
    new = lock_of(project).skus["MK-CBL-1M"].markets["en-us"]
    assert new.campaigns == ()  # the autumn sale ended on 20 November
    assert fake.links[old.campaigns[0].link]["active"] is False
    assert fake.prices[old.campaigns[0].price]["active"] is False
    # the coupon ran until 30 November: the same link, codes switched off, no new link
    assert (new.link, new.price, new.promotion_codes) == (old.link, old.price, False)
    assert fake.links[old.link]["allow_promotion_codes"] is False
    assert ("POST", f"/v1/payment_links/{old.link}", {"allow_promotion_codes": False}) in [
        (c.method, c.path, c.params) for c in fake.calls[made:]]
    assert "MK-CBL-1M en-us: promotion codes off" in result.output
    assert "MK-CBL-1M en-us: sale autumn-sale (2026-11-16 to 2026-11-20) ended" in result.output


def test_a_failed_call_keeps_what_was_made_so_the_next_sync_makes_no_duplicates(project,
                                                                                 stripe):
    base, fake = stripe
    fake.fail_on = "/v1/payment_links"  # Stripe is down for links (the library retries twice)
    result = sync(project, base)
    assert result.exit_code == 1
    assert "Stripe refused the call" in result.output and KEY not in result.output
    lock = lock_of(project)  # the Product made before the failure is recorded
    assert list(lock.skus) == ["MK-ADP-01"] and lock.skus["MK-ADP-01"].markets == {}
    fake.fail_on = None
    assert sync(project, base).exit_code == 0
    assert len(fake.products) == 5  # the recorded Product was reused, not made twice
    assert lock_of(project).skus["MK-ADP-01"].product == lock.skus["MK-ADP-01"].product


def test_the_local_stripe_refuses_what_stripes_description_does_not_allow(stripe):
    """The server is only as good as its checks: what Stripe would refuse, it refuses."""
    import stripe as stripe_lib

    base, fake = stripe
    client = stripe_lib.StripeClient(KEY, base_addresses={"api": base}, max_network_retries=0)
    product = client.v1.products.create({"name": "Pen"})
    price = client.v1.prices.create({"product": product.id, "currency": "usd",
                                     "unit_amount": 2999})
    assert (price.object, price.type, price.livemode) == ("price", "one_time", False)
    with pytest.raises(stripe_lib.InvalidRequestError, match="unknown parameter: unit_amount"):
        client.v1.prices.update(price.id, {"unit_amount": 3199})  # Prices are immutable
    link = client.v1.payment_links.create({"line_items": [{"price": price.id, "quantity": 1}]})
    with pytest.raises(stripe_lib.InvalidRequestError, match=r"line_items\[0\]\[price\]"):
        client.v1.payment_links.update(link.id, {"line_items": [{"id": "li_1", "price": price.id}]})
    client.v1.prices.update(price.id, {"active": False})
    with pytest.raises(stripe_lib.InvalidRequestError, match="inactive"):
        client.v1.payment_links.create({"line_items": [{"price": price.id, "quantity": 1}]})
    with pytest.raises(stripe_lib.InvalidRequestError, match="Missing required param"):
        client.v1.prices.create({"product": product.id, "unit_amount": 1})  # no currency
    assert not fake.faults


def test_a_new_minimum_order_replaces_the_links_and_keeps_the_prices(project, stripe):
    base, fake = stripe
    assert sync(project, base).exit_code == 0
    old = lock_of(project).skus["MK-CBL-1M"]
    page = project / "content" / "products" / "usb-cable" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "availability: in_stock\n", "availability: in_stock\nmoq: 12\n"), encoding="utf-8")
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    new = lock_of(project).skus["MK-CBL-1M"]
    for code, market in new.markets.items():
        assert market.price == old.markets[code].price  # the same amount: the same Price
        assert market.link != old.markets[code].link
        assert (market.min_qty, market.max_qty) == (12, 120)
        item = fake.links[market.link]["line_items"]["data"][0]
        assert item["quantity"] == 12
        assert item["adjustable_quantity"] == {"enabled": True, "minimum": 12, "maximum": 120}
        assert fake.links[old.markets[code].link]["active"] is False
    # four markets' links and the three sale links (en-us, de-de, ar-sa)
    assert "Payment Links: 7 created, 0 updated, 7 deactivated" in result.output
    assert "Prices: 0 created, 0 updated, 0 deactivated" in result.output


def test_a_coupon_campaign_gets_a_stripe_coupon_and_promotion_code_for_its_run(project,
                                                                               stripe):
    base, fake = stripe
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    assert not fake.faults
    lock = lock_of(project)
    cable = lock.skus["MK-CBL-1M"]
    coupon = lock.coupons["cable-coupon"]
    assert (coupon.code, coupon.percent_off, coupon.skus) == ("CABLE5", "5", ("MK-CBL-1M",))
    made = fake.coupons[coupon.coupon]
    assert (made["percent_off"], made["duration"], made["applies_to"]) == (
        5.0, "once", {"products": [cable.product]})  # the cable only, once per order
    promo = fake.promotion_codes[coupon.promotion_code]
    assert (promo["code"], promo["active"], promo["coupon"]["id"]) == ("CABLE5", True,
                                                                        coupon.coupon)
    # usable until the run ends (30 November, New York time), no later
    assert promo["expires_at"] == made["redeem_by"] == int(coupon.expires.timestamp())
    assert coupon.expires.isoformat() == "2026-12-01T00:00:00-05:00"
    assert "coupon CABLE5 (cable-coupon): 5 % off 1 SKUs until 2026-11-30: Coupon " in (
        result.output)
    assert "Promotion Codes: 1 created, 0 updated, 0 deactivated, 0 unchanged" in result.output
    # Promotion Codes are made in the API version of the description they are checked against
    versions = {c.path.split("/")[2]: v for c, v in zip(fake.calls, fake.versions, strict=True)}
    assert versions["promotion_codes"] == "2023-08-16"
    assert versions["coupons"] == versions["payment_links"] == lock.header.api_version

    # a new discount: the old code goes first (one active code per text), then the new one
    campaign = project / "content" / "promotions" / "cable-coupon.yml"
    campaign.write_text(COUPON.replace("{percent: 5}", "{percent: 8}"), encoding="utf-8")
    again = sync(project, base)
    assert again.exit_code == 0, again.output
    new = lock_of(project).coupons["cable-coupon"]
    assert fake.promotion_codes[coupon.promotion_code]["active"] is False
    assert (new.percent_off, fake.coupons[new.coupon]["percent_off"]) == ("8", 8.0)
    assert fake.promotion_codes[new.promotion_code]["active"] is True
    assert lock_of(project).skus == lock.skus  # the links stay: Stripe takes the discount

    # after the run the code is switched off and leaves the lock
    later = CliRunner().invoke(main, ["--project", str(project), "checkout", "sync", "--from",
                                      "2026-12-05T09:00:00+00:00"],
                               env={"STRIPE_API_KEY": KEY, "STRIPE_API_BASE": base})
    assert later.exit_code == 0, later.output
    assert lock_of(project).coupons == {}
    assert fake.promotion_codes[new.promotion_code]["active"] is False
    assert "coupon CABLE5 (cable-coupon): no run in the next days" in later.output


def test_the_local_stripe_refuses_coupons_and_codes_stripe_would_refuse(stripe):
    import stripe as stripe_lib

    base, fake = stripe
    client = stripe_lib.StripeClient(KEY, base_addresses={"api": base}, max_network_retries=0)
    old = {"stripe_version": "2023-08-16"}  # the published description's version
    with pytest.raises(stripe_lib.InvalidRequestError, match="exactly one of percent_off"):
        client.v1.coupons.create({"percent_off": 10, "amount_off": 500, "currency": "usd"})
    coupon = client.v1.coupons.create({"percent_off": 10, "redeem_by": 1_800_000_000})
    with pytest.raises(stripe_lib.InvalidRequestError, match="unknown parameter: percent_off"):
        client.v1.coupons.update(coupon.id, {"percent_off": 20})  # Coupons keep their discount
    client.v1.promotion_codes.create({"coupon": coupon.id, "code": "GIFT10"}, old)
    with pytest.raises(stripe_lib.InvalidRequestError, match="already exists"):
        client.v1.promotion_codes.create({"coupon": coupon.id, "code": "gift10"}, old)
    with pytest.raises(stripe_lib.InvalidRequestError, match="redeem_by"):
        client.v1.promotion_codes.create({"coupon": coupon.id, "code": "LATE",
                                          "expires_at": 1_900_000_000}, old)
    assert not fake.faults


def test_an_amount_coupon_is_off_in_each_markets_currency_and_set_prices_are_left_to_you(
        project, stripe):
    base, fake = stripe
    campaign = project / "content" / "promotions" / "cable-coupon.yml"
    campaign.write_text(COUPON.replace("markets: [en-us]", "markets: [en-us, de-de]").replace(
        "{percent: 5}", '{amount: {USD: "2"}}'), encoding="utf-8")
    refused = sync(project, base)
    assert refused.exit_code == 1
    assert ("content/promotions/cable-coupon.yml: discount.amount: the coupon CABLE5 runs in "
            "Stripe markets selling in EUR but gives no amount in EUR") in " ".join(
                refused.output.split())
    campaign.write_text(campaign.read_text("utf-8").replace('{USD: "2"}',
                                                            '{USD: "2", EUR: "1.50"}'))
    result = sync(project, base)
    assert result.exit_code == 0, result.output
    coupon = lock_of(project).coupons["cable-coupon"]
    assert (coupon.percent_off, coupon.amount_off) == ("", {"EUR": 150, "USD": 200})
    made = fake.coupons[coupon.coupon]
    assert (made["amount_off"], made["currency"], made["currency_options"]) == (
        150, "eur", {"usd": {"amount_off": 200}})
    assert not fake.faults

    prices = (COUPON.replace("{percent: 5}", '{prices: {MK-CBL-1M: {USD: "7.00"}}}')
              .replace("scope:\n  skus: [MK-CBL-1M]\n", "").replace("{discount} off", "Less"))
    campaign.write_text(prices, encoding="utf-8")
    noted = sync(project, base)
    assert noted.exit_code == 0, noted.output
    assert "coupon CABLE5: a Stripe coupon takes a percent or an amount off" in " ".join(
        noted.output.split())
    assert lock_of(project).coupons == {}  # the old code switched off, none made
