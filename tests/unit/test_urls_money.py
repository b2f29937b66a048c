"""URL map, price math and template helpers: the numbers and links a shopper sees."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from storefront_catalog.model import Category, Image, PriceTier, Product, Variant
from storefront_catalog.money import format_money, offer_view
from storefront_catalog.urls import Market, UrlMap
from storefront_catalog.views import inquiry_href, option_groups
from storefront_core.errors import StorefrontError

US = Market(code="en-us", lang="en", locale="en_US", currency="USD")


def product(**kw: object) -> Product:
    base: dict[str, object] = dict(
        slug="pen", source_dir=Path("."), source_file=Path("content/products/pen/index.md"),
        title="Pen & Co", sku="PEN-1", brand="B", category=("Writing", "Pens"), summary="s",
        body_html="", digest="d", price={"USD": Decimal("24.99")},
        images=(Image("front.jpg", Path("front.jpg"), "front", "alt"),),
    )
    base.update(kw)
    return Product(**base)  # type: ignore[arg-type]


def test_urls_include_base_path_and_pagination() -> None:
    urls = UrlMap("https://example.com/shop/")
    cat = Category(names=("Writing", "Pens"), slugs=("writing", "pens"))
    assert urls.url(product(), US) == "/shop/products/pen/"
    assert urls.abs_url(product(), US) == "https://example.com/shop/products/pen/"
    assert urls.url(cat, US, 2) == "/shop/collections/writing/pens/page/2/"
    assert urls.output_path(cat, US, 2) == "collections/writing/pens/page/2/index.html"
    assert urls.url("home", US) == "/shop/"


def test_market_prefix_goes_before_every_path() -> None:
    de = Market(code="de-de", lang="de", locale="de_DE", currency="EUR", prefix="de-de")
    assert UrlMap("https://example.com").url(product(), de) == "/de-de/products/pen/"


def test_two_pages_on_one_path_is_an_error() -> None:
    urls = UrlMap("https://example.com")
    urls.claim(product(), US, "content/products/pen/index.md")
    with pytest.raises(StorefrontError, match="already uses"):
        urls.claim(product(), US, "content/products/Pen/index.md")


def test_moq_price_is_the_total_of_the_minimum_order() -> None:
    p = product(moq=50, price_tiers=(PriceTier(100, {"USD": Decimal("19.99")}),))
    offer = offer_view(p, "USD")
    assert offer is not None
    assert offer.moq_total == Decimal("1249.50")
    assert offer.unit_price == Decimal("24.99")
    assert [(t.min_qty, t.unit_price, t.saving_pct) for t in offer.tiers] == [
        (100, Decimal("19.99"), 20)
    ]


def test_list_price_not_above_price_is_not_shown_as_strikethrough() -> None:
    assert offer_view(product(list_price={"USD": Decimal("24.99")}), "USD").list_price is None
    assert offer_view(product(list_price={"USD": Decimal("29")}), "USD").list_price == 29


def test_variant_price_and_availability_override_product() -> None:
    v = Variant(sku="PEN-1-W", options={"color": "White"}, image=None,
                price={"USD": Decimal("31.99")}, list_price={}, availability="out_of_stock")
    offer = offer_view(product(variants=(v,)), "USD", v)
    assert (offer.moq_total, offer.availability) == (Decimal("31.99"), "out_of_stock")


def test_no_price_in_currency_means_no_offer() -> None:
    assert offer_view(product(), "EUR") is None


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "number"),
    [
        ("1234.5", "EUR", "de_DE", "1{group}234{decimal}50"),
        ("1234.5", "CHF", "de_CH", "1{group}234{decimal}50"),
        ("1234.5", "EUR", "fr_FR", "1{group}234{decimal}50"),
        ("4480", "JPY", "ja_JP", "4{group}480"),  # the yen has no decimals
        ("1234.5", "SAR", "ar_SA", "1{group}234{decimal}50"),  # Latin digits, Arabic symbol
    ],
)
def test_money_follows_the_locale(amount: str, currency: str, locale: str, number: str) -> None:
    """Grouping, decimal sign and symbol are the locale's, as the installed CLDR has them."""
    from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

    text = format_money(Decimal(amount), currency, locale)
    assert number.format(group=get_group_symbol(locale), decimal=get_decimal_symbol(locale)) in (
        text), text
    assert get_currency_symbol(currency, locale) in text
    assert format_money(Decimal("1234.5"), "USD", "en_US") == "$1,234.50"


def test_quote_request_mailto_is_prefilled_and_encoded() -> None:
    site = type("S", (), {"inquiry_url": None, "contact_email": "sales@example.com"})()
    href = inquiry_href(product(moq=50), site, "https://example.com/products/pen/")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "sales@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Quote request: Pen & Co (PEN-1)"]
    assert "SKU: PEN-1" in query["body"][0] and "Quantity: 50" in query["body"][0]


def test_option_groups_keep_first_seen_order_and_swatches() -> None:
    vs = tuple(
        Variant(sku=f"S{i}", options={"color": c, "capacity": s}, image=None, price={},
                list_price={}, availability="in_stock", swatch=sw)
        for i, (c, s, sw) in enumerate(
            [("Black", "64 GB", "#000"), ("White", "64 GB", "#fff"), ("Black", "128 GB", "#000")]
        )
    )
    groups = option_groups(product(variants=vs))
    assert [g["name"] for g in groups] == ["color", "capacity"]
    assert [v["value"] for v in groups[0]["values"]] == ["Black", "White"]
    assert groups[0]["values"][1]["swatch"] == "#fff"
    assert groups[1]["values"][0]["swatch"] is None
