"""JSON-LD builders: what Google's merchant listings and a crawler read from a product page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from storefront_catalog.model import Product, Rating
from storefront_catalog.money import offer_view
from storefront_catalog.pricing.derive import market_price
from storefront_catalog.urls import Market, UrlMap
from storefront_core.errors import StorefrontError
from storefront_seo.jsonld import (
    breadcrumb_jsonld,
    offer_valid_until,
    product_jsonld,
    script_json,
    script_tag,
    store_id,
    store_jsonld,
    website_jsonld,
)
from storefront_seo.seo_settings import (
    ReturnPolicy,
    ShippingRule,
    check_returns,
    check_shipping,
    parse_returns,
    parse_shipping,
    shipping_gaps,
)

REPO = Path(__file__).resolve().parents[2]
SITE = "https://voltaro.example"
TODAY = date(2026, 11, 23)
SHIPPING = {
    "US": {"rate": {"USD": "4.95"}, "free_over": {"USD": "50"}, "handling_days": [0, 1],
           "transit_days": [2, 5], "service": "Tracked standard"},
    "GB": {"rate": {"GBP": "3.95"}, "free_over": {"GBP": "40"}, "handling_days": [0, 1],
           "transit_days": [2, 4]},
    "DE": {"rate": {"EUR": "4.90"}, "free_over": {"EUR": "45"}, "handling_days": [0, 1],
           "transit_days": [3, 6]},
    "JP": {"rate": {"JPY": "600"}, "free_over": {"JPY": "7000"}, "handling_days": [1, 2],
           "transit_days": [4, 8]},
    "SA": {"rate": {"SAR": "0"}, "handling_days": [1, 2], "transit_days": [5, 10]},
    "SG": {"rate": {"SGD": "9.90"}, "free_over": {"SGD": "70"}, "handling_days": [0, 1],
           "transit_days": [5, 9]},
}
RETURNS = {"days": 30, "fees": "free", "method": "by_mail", "return_to": "US",
           "link": f"{SITE}/en-us/pages/returns/"}


class Demo:
    """The demo store read from content/ (no build), with the settings the SEO plugin reads."""

    def __init__(self) -> None:
        from storefront.project import read_project_settings
        from storefront_catalog.settings import SETTINGS, apply_defaults
        from storefront_catalog.store import load_store

        settings = read_project_settings(REPO, "pelicanconf.py")

        settings["STORE_DATE"] = "2026-06-01"  # no campaign runs: regular prices
        apply_defaults(settings, SETTINGS)
        store = load_store(settings, REPO / "content", REPO)
        assert not isinstance(store, list)
        self.store = store
        self.markets = store.markets.markets
        self.urls = UrlMap(SITE)
        self.shipping = parse_shipping(SHIPPING, site_url=SITE)
        self.returns = parse_returns(RETURNS, site_url=SITE,
                                     countries=[m.country for m in self.markets])

    def market(self, code: str) -> Market:
        market = self.store.markets.by_code(code)
        assert market is not None
        return market

    def product(self, code: str, slug: str) -> Product:
        return next(p for p in self.store.views[code].catalog.products if p.slug == slug)

    def products(self, code: str) -> list[Product]:
        return self.store.views[code].catalog.products

    def derived(self, usd: str, code: str, moq: int = 1) -> str:
        """What the one price function makes of a USD price in a market (the demo writes
        most prices in USD only), for ``moq`` units."""
        prices = self.store.prices
        assert prices is not None
        found = market_price({"USD": Decimal(usd)}, self.market(code), prices.rates,
                             prices.basis)
        assert found is not None and found.source == "derived"
        return f"{found.amount * moq:f}"

    def image_urls(self, product: Product, market: Market) -> dict[str, str]:
        base = self.urls.abs_url(product, market)
        return {img.file: f"{base}{img.file}" for img in product.images}

    def jsonld(self, product: Product, market: Market, **kw: Any) -> dict[str, Any]:
        args: dict[str, Any] = {
            "url": self.urls.abs_url(product, market),
            "image_urls": self.image_urls(product, market),
            "offer_for": lambda v: offer_view(product, market.currency, v),
            "seller_id": store_id(SITE),
            "shipping": self.shipping,
            "return_policy": self.returns,
            "price_valid_until": offer_valid_until(TODAY),
            "show_rating": True,
            "today": TODAY,
        }
        return product_jsonld(product, market, **{**args, **kw})

    def store_object(self) -> dict[str, Any]:
        return store_jsonld("Voltaro", self.markets, url=SITE,
                            logo_url=f"{SITE}/theme/logo.png",
                            same_as=["https://www.instagram.com/voltaro.example"],
                            email="sales@voltaro.example", shipping=self.shipping,
                            return_policy=self.returns)


@pytest.fixture(scope="module")
def demo() -> Demo:
    return Demo()


def offers_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Offer of a Product or ProductGroup."""
    if data["@type"] == "ProductGroup":
        return [v["offers"] for v in data["hasVariant"]]
    return [data["offers"]] if "offers" in data else []


def walk(node: Any):
    """Every dict inside a JSON value, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def parse_script(html: str) -> Any:
    """The JSON of the one JSON-LD script of an HTML page, as an HTML parser reads it."""
    doc = lxml.html.document_fromstring(html)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1, "the script element was split or closed early"
    assert scripts[0].get("type") == "application/ld+json"
    return json.loads(scripts[0].text)


# --- products ------------------------------------------------------------------------------


def test_every_offer_in_every_market_is_the_page_price_in_the_market_currency(demo: Demo) -> None:
    checked = 0
    for market in demo.markets:
        for product in demo.products(market.code):
            data = demo.jsonld(product, market)
            variants = product.variants or (None,)
            expected = [offer_view(product, market.currency, v) for v in variants]
            offers = offers_of(data)
            assert len(offers) == len([e for e in expected if e is not None])
            for offer, view in zip(offers, [e for e in expected if e is not None], strict=True):
                assert view is not None
                assert offer["price"] == f"{view.moq_total:f}"  # "29.99", "4480", "295.00"
                assert offer["priceCurrency"] == market.currency
                assert Decimal(offer["price"]) > 0
                assert offer["seller"] == {"@id": f"{SITE}/#store"}
                assert offer["priceValidUntil"] >= TODAY.isoformat()
                checked += 1
    assert checked > 50


def test_a_plain_product_carries_google_product_properties(demo: Demo) -> None:
    market = demo.market("en-us")
    product = demo.product("en-us", "gan-charger-65w")
    data = demo.jsonld(product, market)
    url = "https://voltaro.example/en-us/products/gan-charger-65w/"
    assert data["@type"] == "Product"
    assert data["@id"] == url + "#product"
    assert data["name"] == "Voltaro 65 W GaN Charger, 3 Ports"
    assert data["description"] == product.summary
    assert data["sku"] == "VT-CH-65G" and data["gtin13"] == "0860012400980"
    assert data["brand"] == {"@type": "Brand", "name": "Voltaro"}
    assert data["category"] == "Charging > Wall Chargers"
    assert data["image"][0] == url + "front.jpg" and len(data["image"]) == len(product.images)
    offer = data["offers"]
    assert offer["url"] == url
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["itemCondition"] == "https://schema.org/NewCondition"
    assert offer["priceSpecification"] == {
        "@type": "UnitPriceSpecification", "priceType": "https://schema.org/StrikethroughPrice",
        "price": "54.99", "priceCurrency": "USD"}
    assert "eligibleQuantity" not in offer  # minimum order quantity 1
    # from its first-party reviews (reviews.yml): 7 of them, the Amazon one not counted
    assert data["aggregateRating"]["ratingValue"] == "4.4"
    assert data["aggregateRating"]["reviewCount"] == 7


def test_a_localized_product_speaks_the_market_language_and_currency(demo: Demo) -> None:
    market = demo.market("de-de")
    data = demo.jsonld(demo.product("de-de", "active-stylus-pen"), market)
    assert data["name"] == "Voltaro Aktiver Eingabestift"
    assert {o["priceCurrency"] for o in offers_of(data)} == {"EUR"}
    assert data["hasVariant"][0]["offers"]["price"] == demo.derived("29.99", "de-de") == "31.99"
    ship = data["hasVariant"][0]["offers"]["shippingDetails"]
    assert [(s["shippingDestination"]["addressCountry"], s["shippingRate"]["currency"])
            for s in ship] == [("DE", "EUR")]


def test_variants_become_a_product_group_with_one_product_per_variant(demo: Demo) -> None:
    for market in demo.markets:
        product = demo.product(market.code, "active-stylus-pen")
        data = demo.jsonld(product, market)
        url = demo.urls.abs_url(product, market)
        assert data["@type"] == "ProductGroup"
        assert data["productGroupID"] == "VT-STY-01"
        assert data["variesBy"] == ["https://schema.org/color"]
        assert "offers" not in data and "sku" not in data
        variants = data["hasVariant"]
        assert [v["sku"] for v in variants] == ["VT-STY-01-BLK", "VT-STY-01-WHT", "VT-STY-01-SLV"]
        for variant, v in zip(variants, product.variants, strict=True):
            view = offer_view(product, market.currency, v)
            assert view is not None
            assert variant["@type"] == "Product"
            assert variant["url"] == variant["offers"]["url"] == f"{url}?variant={v.sku}"
            assert variant["offers"]["price"] == f"{view.moq_total:f}"
            assert variant["color"] == v.options["color"]
            assert variant["image"] == f"{url}{v.image}"
        # the white pen costs more; the silver one is sold out; the black shows the product GTIN
        white, silver = variants[1]["offers"], variants[2]["offers"]
        assert Decimal(white["price"]) > Decimal(variants[0]["offers"]["price"])
        assert silver["availability"] == "https://schema.org/OutOfStock"
        assert [v["gtin13"] for v in variants] == ["0860012400072", "0860012400140",
                                                   "0860012400218"]
    us = demo.jsonld(demo.product("en-us", "active-stylus-pen"), demo.market("en-us"))
    assert [v["name"] for v in us["hasVariant"]][:2] == [
        "Voltaro Active Stylus Pen – Graphite Black", "Voltaro Active Stylus Pen – Arctic White"]
    assert us["hasVariant"][1]["offers"]["price"] == "31.99"


def test_options_without_a_schema_property_are_named_not_declared_as_variant_axes(
        demo: Demo) -> None:
    market = demo.market("en-us")
    data = demo.jsonld(demo.product("en-us", "metal-usb-c-flash-drive"), market)
    assert data["@type"] == "ProductGroup" and "variesBy" not in data
    first = data["hasVariant"][0]
    assert first["additionalProperty"] == [
        {"@type": "PropertyValue", "name": "capacity", "value": "64 GB"}]
    assert first["name"].endswith("– 64 GB")
    # each capacity has its own price and its own struck-through regular price
    assert [(v["offers"]["price"], v["offers"]["priceSpecification"]["price"])
            for v in data["hasVariant"]] == [("19.99", "24.99"), ("27.99", "34.99"),
                                             ("44.99", "54.99")]


def test_a_variant_without_a_price_in_the_market_is_left_out(demo: Demo) -> None:
    market = demo.market("en-us")
    product = demo.product("en-us", "slim-power-bank-10000")
    blue = replace(product.variants[2], price={"EUR": Decimal("30")})
    product = replace(product, variants=(*product.variants[:2], blue))
    data = demo.jsonld(product, market)
    assert [v["sku"] for v in data["hasVariant"]] == ["VT-PB-10S-BLK", "VT-PB-10S-SND"]


def test_minimum_order_products_are_priced_as_one_minimum_order(demo: Demo) -> None:
    us, jp = demo.market("en-us"), demo.market("ja-jp")
    bulk = demo.jsonld(demo.product("en-us", "nano-flash-drive-bulk"), us)["offers"]
    assert bulk["price"] == "295.00"  # 50 x 5.90, the headline price of the page
    assert bulk["eligibleQuantity"] == {"@type": "QuantitativeValue", "minValue": 50,
                                        "unitCode": "C62"}
    assert demo.jsonld(demo.product("ja-jp", "nano-flash-drive-bulk"), jp)["offers"][
        "price"] == "44500"  # 50 x 890 yen, its written price list; no minor unit
    swivel = demo.jsonld(demo.product("en-us", "promo-swivel-flash-drive"), us)
    assert swivel["offers"]["price"] == "380.00"
    assert swivel["offers"]["availability"] == "https://schema.org/BackOrder"
    assert swivel["mpn"] == "VTR-SW16-P" and not any(k.startswith("gtin") for k in swivel)
    # a regular price is struck through for the same quantity, as on the page
    product = demo.product("en-us", "nano-flash-drive-bulk")
    on_sale = replace(product, list_price={"USD": Decimal("6.50")})
    spec = demo.jsonld(on_sale, us)["offers"]["priceSpecification"]
    assert spec["price"] == "325.00" and spec["priceType"].endswith("StrikethroughPrice")


def test_preorders_say_when_they_ship(demo: Demo) -> None:
    offer = demo.jsonld(demo.product("en-us", "stylus-pro"), demo.market("en-us"))["offers"]
    assert offer["availability"] == "https://schema.org/PreOrder"
    assert offer["availabilityStarts"] == "2027-02-16"


def test_the_rating_appears_only_when_the_page_shows_it(demo: Demo) -> None:
    market = demo.market("en-us")
    product = demo.product("en-us", "gan-charger-65w")
    assert "aggregateRating" not in demo.jsonld(product, market, show_rating=False)
    unrated = replace(product, rating=None)
    assert "aggregateRating" not in demo.jsonld(unrated, market, show_rating=True)
    no_reviews = replace(product, rating=Rating(Decimal("5"), 0))
    assert "aggregateRating" not in demo.jsonld(no_reviews, market, show_rating=True)


def test_gtin_property_follows_the_number_of_digits(demo: Demo) -> None:
    market = demo.market("en-us")
    product = demo.product("en-us", "gan-charger-65w")
    for gtin, key in (("12345670", "gtin8"), ("036000291452", "gtin12"),
                      ("00036000291452", "gtin14")):
        data = demo.jsonld(replace(product, gtin=gtin), market)
        assert data[key] == gtin
        assert [k for k in data if k.startswith("gtin")] == [key]


def test_bad_inputs_are_refused_with_the_reason(demo: Demo) -> None:
    market = demo.market("en-us")
    product = demo.product("en-us", "gan-charger-65w")
    with pytest.raises(ValueError, match="not an absolute URL"):
        demo.jsonld(product, market, url="/en-us/products/gan-charger-65w/")
    with pytest.raises(ValueError, match="no URL for the image 'side.jpg'"):
        demo.jsonld(product, market, image_urls={"front.jpg": f"{SITE}/front.jpg"})
    german = demo.product("de-de", "gan-charger-65w")
    with pytest.raises(ValueError, match="offer is in EUR"):
        demo.jsonld(product, market, offer_for=lambda v: offer_view(german, "EUR", v))
    with pytest.raises(ValueError, match="not above 0"):
        free = replace(product, price={"USD": Decimal("0")})
        demo.jsonld(free, market, offer_for=lambda v: offer_view(free, "USD", v))
    with pytest.raises(ValueError, match="in the past"):
        demo.jsonld(product, market, price_valid_until=date(2026, 11, 22))


# --- priceValidUntil ----------------------------------------------------------------------------


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2026, 11, 23), date(2026, 12, 31),
                                   date(2028, 2, 29)])
def test_price_valid_until_is_never_in_the_past(today: date) -> None:
    assert offer_valid_until(today) > today
    assert offer_valid_until(today) == date(today.year + 1, 12, 31)
    assert offer_valid_until(today, ends=today) == today  # a sale ending today
    assert offer_valid_until(today, ends=date(2020, 1, 1)) > today  # an ended sale


# --- shipping, returns and the store ------------------------------------------------------------


def test_shipping_is_free_from_the_threshold_on_the_offer_price(demo: Demo) -> None:
    us = demo.market("en-us")

    def rate(slug: str) -> str:
        offer = demo.jsonld(demo.product("en-us", slug), us)["offers"]
        (details,) = offer["shippingDetails"]
        assert details["deliveryTime"]["handlingTime"] == {
            "@type": "QuantitativeValue", "minValue": 0, "maxValue": 1, "unitCode": "DAY"}
        assert details["deliveryTime"]["transitTime"]["maxValue"] == 5
        return details["shippingRate"]["value"]

    assert rate("gan-charger-65w") == "4.95"  # 45.99 < 50
    assert rate("gan-desktop-charger-100w") == "0.00"  # 79.99 >= 50
    assert rate("nano-flash-drive-bulk") == "0.00"  # one minimum order: 295.00


def test_store_wide_shipping_and_returns_follow_google_organization_policies(
        demo: Demo) -> None:
    store = demo.store_object()
    assert store["@type"] == "OnlineStore" and store["@id"] == f"{SITE}/#store"
    assert store["url"] == f"{SITE}/" and store["logo"] == f"{SITE}/theme/logo.png"
    assert store["contactPoint"]["email"] == "sales@voltaro.example"
    assert store["contactPoint"]["availableLanguage"] == ["en", "de", "ja", "ar"]
    services = {s["@id"]: s for s in store["hasShippingService"]}
    assert sorted(services) == [f"{SITE}/#shipping-{c}"
                                for c in ("de", "gb", "jp", "sa", "sg", "us")]
    us = services[f"{SITE}/#shipping-us"]
    assert us["name"] == "Tracked standard"
    assert us["handlingTime"]["duration"]["maxValue"] == 1
    below, above = us["shippingConditions"]
    assert below["orderValue"] == {"@type": "MonetaryAmount", "minValue": "0.00",
                                   "maxValue": "49.99", "currency": "USD"}
    assert below["shippingRate"]["value"] == "4.95"
    assert above["orderValue"]["minValue"] == "50.00" and "maxValue" not in above["orderValue"]
    assert above["shippingRate"]["value"] == "0.00"
    assert above["transitTime"]["duration"] == {"@type": "QuantitativeValue", "minValue": 2,
                                                "maxValue": 5, "unitCode": "DAY"}
    jp_below = services[f"{SITE}/#shipping-jp"]["shippingConditions"][0]
    assert jp_below["orderValue"]["maxValue"] == "6999"
    (sa,) = services[f"{SITE}/#shipping-sa"]["shippingConditions"]  # always free: one rate
    assert sa["shippingRate"]["value"] == "0.00" and "orderValue" not in sa
    policy = store["hasMerchantReturnPolicy"]
    assert policy == {
        "@type": "MerchantReturnPolicy", "@id": f"{SITE}/#returns",
        "applicableCountry": ["DE", "GB", "JP", "SA", "SG", "US"],
        "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
        "merchantReturnDays": 30, "returnMethod": "https://schema.org/ReturnByMail",
        "returnFees": "https://schema.org/FreeReturn", "returnPolicyCountry": "US",
        "merchantReturnLink": f"{SITE}/en-us/pages/returns/",
    }


def test_every_id_an_offer_references_is_defined_in_the_store_graph(demo: Demo) -> None:
    store = demo.store_object()
    defined = {node["@id"] for node in walk(store) if len(node) > 1 and "@id" in node}
    for market in demo.markets:
        for product in demo.products(market.code):
            data = demo.jsonld(product, market)
            refs = {node["@id"] for node in walk(data) if set(node) == {"@id"}}
            assert refs, product.slug
            assert refs <= defined, (market.code, product.slug, refs - defined)
            for offer in offers_of(data):
                assert offer["hasMerchantReturnPolicy"] == {"@id": f"{SITE}/#returns"}
                (details,) = offer["shippingDetails"]
                assert details["hasShippingService"] == {
                    "@id": f"{SITE}/#shipping-{market.country.lower()}"}
                assert details["shippingRate"]["currency"] == offer["priceCurrency"]


def test_markets_without_shipping_or_returns_reference_nothing_missing(demo: Demo) -> None:
    market = demo.market("ar-sa")
    product = demo.product("ar-sa", "gan-charger-65w")
    only_us = parse_shipping({"US": SHIPPING["US"]}, site_url=SITE)
    us_returns = parse_returns({"days": 14, "countries": ["US"]}, site_url=SITE, countries=[])
    offer = demo.jsonld(product, market, shipping=only_us, return_policy=us_returns)["offers"]
    assert "shippingDetails" not in offer and "hasMerchantReturnPolicy" not in offer
    assert shipping_gaps(only_us, demo.markets)[0].startswith(
        "en-gb: STORE_SHIPPING has no entry for GB")
    wrong_currency = parse_shipping({"DE": {"rate": {"USD": "9"}, "handling_days": 1,
                                            "transit_days": [3, 9]}}, site_url=SITE)
    assert shipping_gaps(wrong_currency, [demo.market("de-de")]) == [
        "de-de: STORE_SHIPPING['DE'] has no EUR rate; add \"rate\": {\"EUR\": \"...\"} so its "
        "offers show shipping"]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"UK": {"rate": {"GBP": "3"}, "handling_days": [0, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['UK']: \"UK\" is not an ISO 3166 country code; write \"GB\""),
        ({"us": {"rate": {"USD": "3"}, "handling_days": [0, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['us']: write the country code in capitals: \"US\""),
        ({"US": {"rate": {"USD": 4.95}, "handling_days": [0, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].rate.USD: 4.95 is not an amount; write it in quotes with a dot"),
        ({"US": {"rate": {"USD": "4,95"}, "handling_days": [0, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].rate.USD: '4,95' is not an amount"),
        ({"US": {"rate": {"USD": "4"}, "free_over": {"EUR": "50"}, "handling_days": [0, 1],
                 "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].free_over.EUR: there is no EUR rate to waive; add rate.EUR"),
        ({"US": {"rate": {"USD": "4"}, "handling_days": [0, 1]}},
         "STORE_SHIPPING['US']: transit_days is missing"),
        ({"US": {"rate": {"USD": "4"}, "handling_days": [3, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].handling_days: [3, 1] must be [fewest, most] business days"),
        ({"US": {"rate": {"usd": "4"}, "handling_days": [0, 1], "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].rate.usd: 'usd' is not an ISO 4217 currency code"),
        ({"US": {"rates": {"USD": "4"}, "rate": {"USD": "4"}, "handling_days": [0, 1],
                 "transit_days": [1, 2]}},
         "STORE_SHIPPING['US'].rates: is not a setting here"),
        (["US"], "STORE_SHIPPING: must be a dict per country"),
    ],
)
def test_shipping_settings_mistakes_say_where_and_how_to_fix(setting: Any, expected: str) -> None:
    with pytest.raises(StorefrontError) as err:
        parse_shipping(setting, site_url=SITE)
    assert any(str(p).startswith(f"pelicanconf.py: {expected}") for p in err.value.problems), [
        str(p) for p in err.value.problems]
    assert check_shipping(setting) is not None


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"days": -1}, "STORE_RETURNS.days: -1 must be the number of days"),
        ({"fees": "free"}, "STORE_RETURNS.days: is missing; it must be the number of days"),
        ({"days": "30"}, "STORE_RETURNS.days: '30' must be the number of days"),
        ({"days": 30, "fees": "gratis"}, "STORE_RETURNS.fees: 'gratis' is not one of: 'free', "
                                         "'customer_pays'"),
        ({"days": 30, "method": "post"}, "STORE_RETURNS.method: 'post' is not one of"),
        ({"days": 30, "countries": "US"}, "STORE_RETURNS.countries: must list country codes"),
        ({"days": 30, "link": "/pages/returns/"}, "STORE_RETURNS.link: '/pages/returns/' must "
                                                  "be the absolute URL"),
        ({"days": 30, "refunds": "full"}, "STORE_RETURNS.refunds: is not a setting here"),
    ],
)
def test_return_settings_mistakes_say_where_and_how_to_fix(setting: Any, expected: str) -> None:
    with pytest.raises(StorefrontError) as err:
        parse_returns(setting, site_url=SITE, countries=["US"])
    assert any(str(p).startswith(f"pelicanconf.py: {expected}") for p in err.value.problems), [
        str(p) for p in err.value.problems]
    assert check_returns(setting) is not None


def test_return_windows_map_to_googles_categories() -> None:
    def category(days: Any) -> dict[str, Any]:
        policy = parse_returns({"days": days, "fees": "customer_pays", "method": "in_store"},
                               site_url=SITE, countries=["US"])
        assert isinstance(policy, ReturnPolicy)
        return store_jsonld("S", [], url=SITE, return_policy=policy)["hasMerchantReturnPolicy"]

    refused = category(0)
    assert refused["returnPolicyCategory"] == "https://schema.org/MerchantReturnNotPermitted"
    assert not {"merchantReturnDays", "returnFees", "returnMethod"} & set(refused)
    unlimited = category("unlimited")
    assert unlimited["returnPolicyCategory"].endswith("MerchantReturnUnlimitedWindow")
    assert unlimited["returnFees"].endswith("ReturnFeesCustomerResponsibility")
    assert unlimited["returnMethod"].endswith("ReturnInStore")
    assert parse_returns(None, site_url=SITE, countries=["US"]) is None
    assert check_returns(RETURNS) is None and check_shipping(SHIPPING) is None


def test_shipping_rule_rate_resolves_the_threshold_in_minor_units() -> None:
    rule = ShippingRule("#s", "JP", {"JPY": Decimal("600")}, {"JPY": Decimal("7000")},
                        (1, 2), (4, 8))
    assert rule.rate_for(Decimal("6999"), "JPY") == Decimal("600")
    assert rule.rate_for(Decimal("7000"), "JPY") == Decimal("0")
    assert rule.rate_for(Decimal("7000"), "USD") is None


# --- breadcrumbs, website ----------------------------------------------------------------------


def test_breadcrumbs_number_the_visible_trail(demo: Demo) -> None:
    crumbs = [("Home", f"{SITE}/en-us/"), ("Writing", f"{SITE}/en-us/collections/writing/"),
              ("Active Stylus Pen", f"{SITE}/en-us/products/active-stylus-pen/")]
    data = breadcrumb_jsonld(crumbs)
    assert data["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (n, name, url) for n, (name, url) in enumerate(crumbs, start=1)]
    with pytest.raises(ValueError, match="breadcrumb 2 .* not an absolute URL"):
        breadcrumb_jsonld([("Home", f"{SITE}/"), ("Writing", "/en-us/collections/writing/")])
    with pytest.raises(ValueError, match="name is empty"):
        breadcrumb_jsonld([(" ", f"{SITE}/")])
    with pytest.raises(ValueError, match="at least one"):
        breadcrumb_jsonld([])


def test_website_names_the_site_at_the_domain_root() -> None:
    data = website_jsonld("Voltaro", f"{SITE}/", "Voltaro Store", publisher_id=store_id(SITE))
    assert data == {"@type": "WebSite", "@id": f"{SITE}/#website", "name": "Voltaro",
                    "url": f"{SITE}/", "alternateName": "Voltaro Store",
                    "publisher": {"@id": f"{SITE}/#store"}}
    assert "alternateName" not in website_jsonld("Voltaro", SITE)
    with pytest.raises(ValueError, match="absolute URL"):
        website_jsonld("Voltaro", "voltaro.example")


# --- the script element -------------------------------------------------------------------------

HOSTILE = 'Pen </script><script>alert(1)</script><!-- "quoted" --> & \u2028\u2029 end'


def test_no_product_text_can_break_out_of_the_script_element(demo: Demo) -> None:
    market = demo.market("en-us")
    product = replace(demo.product("en-us", "gan-charger-65w"), title=HOSTILE,
                      summary=HOSTILE, brand="</SCRIPT >", category=("<!--", "-->"))
    data = demo.jsonld(product, market)
    tag = str(script_tag(data))
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in body
    html = f"<!doctype html><html><head>{tag}</head><body><p>after</p></body></html>"
    parsed = parse_script(html)
    assert parsed == {"@context": "https://schema.org", **data}
    assert parsed["name"] == "Pen </script><script>alert(1)</script><!-- \"quoted\" --> & end"
    assert parsed["brand"]["name"] == "</SCRIPT >"
    doc = lxml.html.document_fromstring(html)
    assert doc.xpath("//comment()") == []
    assert [p.text for p in doc.xpath("//body/p")] == ["after"]


def test_the_script_is_deterministic_and_wraps_several_objects_in_a_graph(demo: Demo) -> None:
    market = demo.market("ja-jp")
    product = demo.product("ja-jp", "active-stylus-pen")
    first = script_tag(demo.jsonld(product, market), demo.store_object())
    again = script_tag(demo.jsonld(product, market), demo.store_object())
    assert first == again
    shuffled = dict(reversed(list(demo.jsonld(product, market).items())))
    assert script_tag(shuffled, demo.store_object()) == first  # keys sorted
    data = parse_script(f"<html><head>{first}</head></html>")
    assert data["@context"] == "https://schema.org"
    assert [n["@type"] for n in data["@graph"]] == ["ProductGroup", "OnlineStore"]
    assert "Voltaro アクティブ スタイラスペン" in str(first)  # text stays readable, not \\u30a2
    single = json.loads(script_json({"@type": "Thing", "name": "x"}))
    assert single == {"@context": "https://schema.org", "@type": "Thing", "name": "x"}


def test_script_refuses_what_is_not_json(demo: Demo) -> None:
    with pytest.raises(ValueError, match="at least one object"):
        script_tag()
    with pytest.raises(TypeError, match="must be a dict"):
        script_tag([{"@type": "Thing"}])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        script_tag({"@type": "Offer", "price": Decimal("1.00")})  # a builder bug, not "1.00"


# --- what a crawler sees -----------------------------------------------------------------------


def page(*objects: dict[str, Any], title: str = "Product") -> str:
    return (f"<!doctype html><html lang=\"en\"><head><title>{title}</title>"
            f"{script_tag(*objects)}</head><body><h1>{title}</h1></body></html>")


def test_a_crawler_reads_the_product_and_its_offer(demo: Demo) -> None:
    extruct = pytest.importorskip("extruct")
    market = demo.market("en-us")
    product = demo.product("en-us", "nano-flash-drive-bulk")
    url = demo.urls.abs_url(product, market)
    crumbs = breadcrumb_jsonld([("Home", f"{SITE}/en-us/"), (product.title, url)])
    html = page(demo.jsonld(product, market), crumbs, demo.store_object())
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    nodes = [n for doc in found for n in doc.get("@graph", [doc])]
    (item,) = [n for n in nodes if n.get("@type") == "Product"]
    view = offer_view(product, "USD")
    assert view is not None
    assert item["name"] == product.title and item["sku"] == "VT-USB-N32B"
    assert item["offers"]["@type"] == "Offer"
    assert item["offers"]["price"] == f"{view.moq_total:f}" == "295.00"
    assert item["offers"]["priceCurrency"] == "USD"
    assert {n["@type"] for n in nodes} == {"Product", "BreadcrumbList", "OnlineStore"}
    seller = item["offers"]["seller"]["@id"]
    assert any(n.get("@id") == seller and n["@type"] == "OnlineStore" for n in nodes)


def test_a_crawler_reads_every_variant_offer_of_a_product_group(demo: Demo) -> None:
    extruct = pytest.importorskip("extruct")
    market = demo.market("en-gb")
    product = demo.product("en-gb", "braided-usb-c-cable")
    url = demo.urls.abs_url(product, market)
    found = extruct.extract(page(demo.jsonld(product, market)), base_url=url,
                            syntaxes=["json-ld"])["json-ld"]
    (group,) = found
    assert group["@type"] == "ProductGroup"
    offers = {v["sku"]: (v["offers"]["price"], v["offers"]["priceCurrency"])
              for v in group["hasVariant"]}
    expected = {}
    for v in product.variants:
        view = offer_view(product, "GBP", v)
        assert view is not None
        expected[v.sku] = (f"{view.moq_total:f}", "GBP")
    assert offers == expected == {"VT-CB-CC-1M": (demo.derived("12.99", "en-gb"), "GBP"),
                                  "VT-CB-CC-2M": (demo.derived("15.99", "en-gb"), "GBP")}


def test_a_wrong_shipping_setting_stops_the_build_naming_the_setting(tmp_path: Path) -> None:
    from storefront.build import build_site

    repo = Path(__file__).resolve().parents[2]
    with pytest.raises(StorefrontError) as info:
        build_site(repo / "tests" / "fixtures" / "site", tmp_path / "out",
                   extra_settings={"STORE_SHIPPING": {"UK": {"rate": {"GBP": "x"}}},
                                   "STORE_CACHE_DIR": str(tmp_path / "cache"),
                                   "IMAGE_CACHE_DIR": str(tmp_path / "cache" / "images")})
    (problem,) = info.value.problems
    assert (problem.file, problem.field) == ("pelicanconf.py", "STORE_SHIPPING")
    assert '"UK" is not an ISO 3166 country code; write "GB"' in problem.message
    assert not (tmp_path / "out").exists()  # nothing published
