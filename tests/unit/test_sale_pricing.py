"""Sale prices: what the shopper sees struck through and what they pay, to the cent."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from storefront_catalog.model import Image, PriceTier, Product, Variant
from storefront_catalog.money import offer_view
from storefront_catalog.urls import Market
from storefront_promotions.model import Campaign, Discount, Scope
from storefront_promotions.pricing import best_sale, cut_prices
from storefront_promotions.schedule import Window

US = Market("en-us", "en", "en_US", "USD", country="US", timezone="America/New_York")
DE = Market("de-de", "de", "de_DE", "EUR", country="DE", timezone="Europe/Berlin")
JP = Market("ja-jp", "ja", "ja_JP", "JPY", country="JP", timezone="Asia/Tokyo")


def money(**prices: str) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in prices.items()}


def pen(**kw: object) -> Product:
    """The stylus pen of the demo: a product price, a dearer white variant, a was-price."""
    base: dict[str, object] = dict(
        slug="active-stylus-pen", source_dir=Path("."),
        source_file=Path("content/products/active-stylus-pen/index.md"), title="Pen",
        sku="VT-STY-01", brand="Voltaro", category=("Writing", "Stylus Pens"), summary="",
        body_html="", digest="", tags=("stylus",),
        price=money(USD="29.99", EUR="27.99", JPY="4480"),
        list_price=money(USD="39.99", EUR="37.99", JPY="5980"),
        images=(Image("front.jpg", Path("front.jpg"), "front", ""),),
        variants=(
            Variant("VT-STY-01-BLK", {"color": "Black"}, None,
                    money(USD="29.99", EUR="27.99", JPY="4480"),
                    money(USD="39.99", EUR="37.99", JPY="5980"), "in_stock"),
            Variant("VT-STY-01-WHT", {"color": "White"}, None,
                    money(USD="31.99", EUR="29.99", JPY="4780"),
                    money(USD="39.99", EUR="37.99", JPY="5980"), "in_stock"),
        ),
    )
    base.update(kw)
    return Product(**base)  # type: ignore[arg-type]


def sale(id: str = "black-friday", **kw: object) -> Campaign:
    base: dict[str, object] = dict(
        id=id, file=f"content/promotions/{id}.yml", name=id, markets=None,
        discount=Discount(percent=Decimal(20)), scope=Scope(all=True), festival="black-friday",
    )
    base.update(kw)
    return Campaign(**base)  # type: ignore[arg-type]


def window(campaign: Campaign, market: Market) -> Window:
    return Window(campaign.id, market.code, datetime(2026, 11, 27, 5, tzinfo=UTC),
                  datetime(2026, 12, 1, 5, tzinfo=UTC))


def shown(product: Product, market: Market, variant: int | None = None):
    """(price paid, price struck through) as offer_view gives them to page, JSON-LD and feeds."""
    offer = offer_view(product, market.currency,
                       product.variants[variant] if variant is not None else None)
    assert offer is not None
    return offer.unit_price, offer.list_price


def test_percent_off_in_euros_strikes_through_the_regular_price_not_the_old_list_price():
    cut = cut_prices(pen(), sale(), "EUR").product
    assert cut is not None
    # 27.99 - 20 % = 22.392 -> 22.39; the struck-through price is what it cost yesterday (27.99),
    # not the product's "was" price (37.99)
    assert shown(cut, DE) == (Decimal("22.39"), Decimal("27.99"))
    assert shown(cut, DE, 1) == (Decimal("23.99"), Decimal("29.99"))  # 29.99 * 0.8 = 23.992
    assert cut.price["USD"] == Decimal("29.99")  # other currencies are untouched
    assert cut.list_price["USD"] == Decimal("39.99")


def test_percent_off_in_yen_rounds_to_whole_yen():
    cut = cut_prices(pen(), sale(discount=Discount(percent=Decimal("12.5"))), "JPY").product
    assert cut is not None
    assert shown(cut, JP) == (Decimal("3920"), Decimal("4480"))  # 4480 * 0.875
    assert shown(cut, JP, 1) == (Decimal("4183"), Decimal("4780"))  # 4182.5 rounds half up


def test_percent_off_cuts_quantity_tiers_and_the_minimum_order_total():
    bulk = pen(moq=50, variants=(), price_tiers=(
        PriceTier(100, money(USD="24.99", JPY="3980")), PriceTier(500, money(USD="19.99"))))
    cut = cut_prices(bulk, sale(), "USD").product
    assert cut is not None
    offer = offer_view(cut, "USD")
    assert offer is not None
    assert offer.unit_price == Decimal("23.99")
    assert offer.moq_total == Decimal("1199.50")  # 50 x 23.99, what the headline shows
    assert [(t.min_qty, t.unit_price, t.saving_pct) for t in offer.tiers] == [
        (100, Decimal("19.99"), 17), (500, Decimal("15.99"), 33)]
    assert cut.price_tiers[0].price["JPY"] == Decimal("3980")  # only the market's currency


def test_amount_off_per_currency_and_none_where_the_currency_is_missing():
    off = sale(discount=Discount(amount=money(EUR="5", JPY="1000")))
    cut = cut_prices(pen(), off, "EUR").product
    assert cut is not None
    assert shown(cut, DE) == (Decimal("22.99"), Decimal("27.99"))
    assert shown(cut, DE, 1) == (Decimal("24.99"), Decimal("29.99"))
    yen = cut_prices(pen(), off, "JPY").product
    assert yen is not None and shown(yen, JP) == (Decimal("3480"), Decimal("4480"))
    assert cut_prices(pen(), off, "USD") == cut_prices(pen(), off, "USD").__class__(None)
    assert best_sale(pen(), US, [(off, window(off, US))]) is None  # no USD amount: no sale


def test_amount_off_keeps_tiers_below_the_sale_price():
    bulk = pen(variants=(), price_tiers=(PriceTier(10, money(EUR="25.99")),
                                          PriceTier(50, money(EUR="21.99"))))
    cut = cut_prices(bulk, sale(discount=Discount(amount=money(EUR="5"))), "EUR").product
    assert cut is not None
    assert [t.price["EUR"] for t in cut.price_tiers] == [Decimal("20.99"), Decimal("16.99")]


def test_explicit_prices_per_sku_and_variants_that_would_cost_more_stay_regular():
    prices = sale(discount=Discount(prices={
        "VT-STY-01": money(USD="24.99", JPY="3980"),
        "VT-STY-01-WHT": money(USD="26.99"),
    }), scope=Scope(skus=("VT-STY-01", "VT-STY-01-WHT")))
    cut = cut_prices(pen(), prices, "USD")
    assert cut.product is not None and cut.refused == ()
    assert shown(cut.product, US) == (Decimal("24.99"), Decimal("29.99"))
    assert shown(cut.product, US, 0) == (Decimal("24.99"), Decimal("29.99"))  # inherits
    assert shown(cut.product, US, 1) == (Decimal("26.99"), Decimal("31.99"))  # its own
    yen = cut_prices(pen(), prices, "JPY").product
    assert yen is not None
    assert shown(yen, JP, 1) == (Decimal("3980"), Decimal("4780"))
    cheap = pen(variants=(pen().variants[0], Variant(
        "VT-STY-01-MINI", {"color": "Mini"}, None, money(USD="19.99"), {}, "in_stock")))
    cut = cut_prices(cheap, prices, "USD")
    assert cut.product is not None and cut.refused == ()
    assert shown(cut.product, US, 1) == (Decimal("19.99"), None)  # 24.99 would be no sale


def test_a_variant_sku_in_scope_puts_only_that_variant_on_sale():
    white = sale(scope=Scope(skus=("vt-sty-01-wht",)))  # SKUs match in any case
    cut = cut_prices(pen(), white, "USD").product
    assert cut is not None
    assert shown(cut, US) == (Decimal("29.99"), Decimal("39.99"))  # the product: regular
    assert shown(cut, US, 0) == (Decimal("29.99"), Decimal("39.99"))
    assert shown(cut, US, 1) == (Decimal("25.59"), Decimal("31.99"))


def test_scope_by_category_with_subcategories_and_by_tag():
    assert cut_prices(pen(), sale(scope=Scope(categories=("writing",))), "USD").product
    assert cut_prices(pen(), sale(scope=Scope(tags=("Stylus",))), "USD").product
    assert cut_prices(pen(), sale(scope=Scope(categories=("writing/stylus",))),
                      "USD").product is None
    assert cut_prices(pen(), sale(scope=Scope(products=("other",))), "USD").product is None


def test_a_coupon_campaign_never_changes_shown_prices():
    coupon = sale(coupon="BF20")
    assert cut_prices(pen(), coupon, "USD").product is None
    assert best_sale(pen(), US, [(coupon, window(coupon, US))]) is None


def test_prices_at_or_below_zero_or_above_regular_are_refused_and_stay_regular():
    cheap = pen(price=money(JPY="1"), list_price={}, variants=())
    off = sale(discount=Discount(amount=money(JPY="1")))
    cut = cut_prices(cheap, off, "JPY")
    assert cut.product is None
    assert [(r.sku, r.regular, r.sale) for r in cut.refused] == [
        ("VT-STY-01", Decimal("1"), Decimal("0"))]
    above = sale(discount=Discount(prices={"VT-STY-01": money(USD="34.99")}),
                 scope=Scope(skus=("VT-STY-01",)))
    cut = cut_prices(pen(variants=()), above, "USD")
    assert cut.product is None
    assert [(r.key, r.sale) for r in cut.refused] == [("VT-STY-01", Decimal("34.99"))]


def test_overlap_rule_priority_then_lower_price_then_id():
    small, big = sale("a-small", discount=Discount(percent=Decimal(10))), sale(
        "b-big", discount=Discount(percent=Decimal(30)))
    running = [(small, window(small, US)), (big, window(big, US))]
    chosen = best_sale(pen(), US, running)
    assert chosen is not None and chosen.campaign.id == "b-big"  # equal priority: lower price
    assert shown(chosen.product, US) == (Decimal("20.99"), Decimal("29.99"))
    assert chosen.regular == pen() and chosen.window == window(big, US)
    urgent = sale("a-small", discount=Discount(percent=Decimal(10)), priority=1)
    chosen = best_sale(pen(), US, [(urgent, window(urgent, US)), (big, window(big, US))])
    assert chosen is not None and chosen.campaign.id == "a-small"  # priority beats price
    twin_a, twin_b = sale("zz-last"), sale("aa-first")
    chosen = best_sale(pen(), US, [(twin_a, window(twin_a, US)), (twin_b, window(twin_b, US))])
    assert chosen is not None and chosen.campaign.id == "aa-first"  # same price: id decides


def test_overlap_rule_compares_variants_when_the_product_price_ties():
    # both take the product to 23.99; "a" cuts only the product, "b" also a variant further
    a = sale("a", discount=Discount(prices={"VT-STY-01": money(USD="23.99")}),
             scope=Scope(skus=("VT-STY-01",)))
    b = sale("b", discount=Discount(prices={"VT-STY-01": money(USD="23.99"),
                                            "VT-STY-01-WHT": money(USD="22.99")}),
             scope=Scope(skus=("VT-STY-01", "VT-STY-01-WHT")))
    chosen = best_sale(pen(), US, [(a, window(a, US)), (b, window(b, US))])
    assert chosen is not None and chosen.campaign.id == "b"


def test_an_amount_off_in_dollars_runs_in_every_market_with_a_derived_amount() -> None:
    """A campaign written as {USD: "10"} cuts every market's price by the same value in its
    currency (the one price function: rate, adjustment, VAT; no price ending, yen whole)."""
    import datetime as dt
    from dataclasses import replace

    from storefront_catalog.pricing.catalog import StorePrices
    from storefront_catalog.pricing.derive import PriceBasis
    from storefront_catalog.pricing.market import MarketPricing, StorePricing
    from storefront_catalog.pricing.rates import RateSnapshot
    from storefront_promotions.pricing import with_market_amounts

    rates = RateSnapshot(dt.date(2026, 10, 30), "ECB", "EUR",
                         {"USD": Decimal("1.10"), "JPY": Decimal("165")})
    prices = StorePrices(rates, PriceBasis("USD"), StorePricing())
    de = replace(DE, tax_included=True, pricing=MarketPricing(vat=Decimal(19)))
    jp = replace(JP, tax_included=True, pricing=MarketPricing(vat=Decimal(10)))
    campaign = sale(discount=Discount(amount=money(USD="10")))
    derived = with_market_amounts(campaign, [US, de, jp], prices.amount)
    # 10 USD x 1/1.10 EUR x 1.19 VAT = 10.818... -> 10.82 (cents, half up); yen whole
    assert derived.discount.amount == money(USD="10", EUR="10.82", JPY="1650")
    # a written amount wins, exactly as written
    written = sale(discount=Discount(amount=money(USD="10", EUR="9")))
    assert with_market_amounts(written, [US, de], prices.amount).discount.amount == money(
        USD="10", EUR="9")
    # and the sale cuts the derived amount off the German price
    cut = cut_prices(pen(), derived, "EUR").product
    assert cut is not None and cut.price["EUR"] == Decimal("27.99") - Decimal("10.82")
