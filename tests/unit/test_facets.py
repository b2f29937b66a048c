"""A collection's sort and filter data (facets.py): the JSON its controls read, with real Babel
(prices as the card formats them), counts and only the attributes its products have."""

from __future__ import annotations

import gettext
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_catalog.facets import (
    CardParts,
    collection_document,
    data_output,
    document_bytes,
    facet_summary,
    plural_messages,
)
from storefront_catalog.model import Image, Product, Variant
from storefront_catalog.money import format_money
from storefront_catalog.urls import Market

US = Market("en-us", "en", "en_US", "USD", prefix="en-us", country="US")
DE = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE")
JP = Market("ja-jp", "ja", "ja_JP", "JPY", prefix="ja-jp", country="JP")


def product(slug: str, **kw: Any) -> Product:
    base: dict[str, Any] = dict(
        slug=slug, source_dir=Path(slug), source_file=Path(f"content/products/{slug}/index.md"),
        title=slug.title(), sku=slug.upper(), brand="B", category=("Charging",), summary="s",
        body_html="", digest=f"digest-{slug}",
        price={"USD": Decimal("10"), "EUR": Decimal("9.5"), "JPY": Decimal("1480")},
        images=(Image("front.jpg", Path("front.jpg"), "front", "alt"),))
    base.update(kw)
    return Product(**base)


def variant(sku: str, availability: str = "in_stock", **options: str) -> Variant:
    return Variant(sku, options, None, {"USD": Decimal("10")}, {}, availability)


PARTS = CardParts(url=lambda p: f"/p/{p.slug}/", picture=lambda p: f"<picture>{p.slug}</picture>",
                  lang=lambda p: None, moq_text=lambda n: f"Min. order {n}")

CHARGER = product("charger", price={"USD": Decimal("49.00"), "EUR": Decimal("45.00"),
                                    "JPY": Decimal("6980")},
                  list_price={"USD": Decimal("59.00")}, added=date(2026, 10, 1),
                  variants=(variant("C-B", color="Black"), variant("C-W", color="White")))
CABLE = product("cable", price={"USD": Decimal("9.00"), "EUR": Decimal("8.50"),
                                "JPY": Decimal("1280")},
                availability="out_of_stock",
                variants=(variant("L-1", color="Black", length="1 m"),
                          variant("L-2", color="Black", length="2 m")))
DRIVE = product("drive", price={"USD": Decimal("6.50"), "EUR": Decimal("1234.5")}, moq=50)


def document(market: Market, products: list[Product]) -> dict[str, Any]:
    return collection_document(products, market, PARTS, per_page=12, messages={})


def test_prices_are_the_cards_headline_price_in_minor_units_and_as_the_card_writes_them() -> None:
    records = {r["url"]: r for r in document(DE, [CHARGER, CABLE, DRIVE])["products"]}
    drive = records["/p/drive/"]
    # the card shows one order of the minimum quantity: 50 x 1.234,50 EUR
    assert drive["price"] == 6172500
    assert drive["price_text"] == "61.725,00\xa0€" == format_money(
        Decimal("61725.00"), "EUR", "de_DE")
    assert drive["moq_text"] == "Min. order 50"
    assert records["/p/cable/"]["price_text"] == "8,50\xa0€"
    assert "moq_text" not in records["/p/cable/"]


def test_yen_has_no_minor_unit_and_a_product_without_a_price_there_has_none() -> None:
    records = {r["url"]: r for r in document(JP, [CHARGER, DRIVE])["products"]}
    assert records["/p/charger/"]["price"] == 6980
    assert records["/p/charger/"]["price_text"] == "￥6,980"
    assert records["/p/drive/"]["price"] is None  # no JPY price: no card price either
    assert "price_text" not in records["/p/drive/"]


def test_a_regular_price_above_the_price_is_the_struck_was_price() -> None:
    records = {r["url"]: r for r in document(US, [CHARGER, CABLE])["products"]}
    assert records["/p/charger/"]["price_text"] == "$49.00"
    assert records["/p/charger/"]["was_text"] == "$59.00"
    assert "was_text" not in records["/p/cable/"]


def test_filters_count_products_and_list_only_the_attributes_the_collection_has() -> None:
    summary = facet_summary([CHARGER, CABLE, DRIVE], US)
    options = {f.name: {v.value: v.count for v in f.values} for f in summary.options}
    # the cable has two black variants: one product with black
    assert options == {"color": {"Black": 2, "White": 1}, "length": {"1 m": 1, "2 m": 1}}
    assert {v.value: v.count for v in summary.availability} == {"in_stock": 2,
                                                                "out_of_stock": 1}
    assert (summary.price_min, summary.price_max) == (9, 325)  # 50 x 6.50 = 325.00
    assert summary.symbol == "$"
    doc = document(US, [CHARGER, DRIVE])
    assert doc["facets"]["options"] == {"color": {"Black": 1, "White": 1}}  # no "length"
    assert [r["options"] for r in doc["products"]] == [{"color": ["Black", "White"]}, {}]


def test_products_keep_the_servers_order_and_their_dates() -> None:
    doc = document(US, [CABLE, CHARGER])
    assert [(r["url"], r["position"], r["date"]) for r in doc["products"]] == [
        ("/p/cable/", 0, None), ("/p/charger/", 1, "2026-10-01")]
    assert doc["digits"] == 2 and doc["currency"] == "USD" and doc["per_page"] == 12


def test_untranslated_titles_carry_their_language() -> None:
    parts = CardParts(url=PARTS.url, picture=PARTS.picture, moq_text=PARTS.moq_text,
                      lang=lambda p: ("en", "ltr"))
    [record] = collection_document([CABLE], DE, parts, per_page=12, messages={})["products"]
    assert (record["lang"], record["dir"]) == ("en", "ltr")


def test_the_published_bytes_are_compact_utf8_and_the_same_for_the_same_document() -> None:
    data = document_bytes(document(DE, [CHARGER]))
    assert data == document_bytes(document(DE, [CHARGER]))
    assert "45,00\xa0€" in data.decode() and b"\\u" not in data and b": " not in data
    assert json.loads(data)["products"][0]["price"] == 4500


def test_count_messages_follow_the_languages_plural_categories() -> None:
    def ngettext(s: str, p: str, n: int) -> str:
        return gettext.NullTranslations().ngettext(s, p, n)

    assert plural_messages(ngettext, "ar_SA", "%(num)s product", "%(num)s products").keys() == {
        "zero", "one", "two", "few", "many", "other"}
    assert plural_messages(ngettext, "ja_JP", "%(num)s product", "%(num)s products") == {
        "other": "{n} products"}


def test_the_json_sits_beside_the_collections_first_page() -> None:
    assert data_output("de-de/collections/charging/index.html") == (
        "de-de/collections/charging/products.json")


def test_a_collection_page_depends_on_what_its_filters_offer_across_all_its_pages() -> None:
    """Page 1 shows the filter counts of every product: a colour added to a product on page 2
    makes page 1 (and the collection's JSON) change too."""
    from storefront_catalog.markets import MarketSet
    from storefront_catalog.plans import MarketInputs, plan_categories
    from storefront_catalog.settings import SETTINGS, apply_defaults
    from storefront_catalog.urls import UrlMap
    from tests.unit.test_plans import catalog, site

    settings: dict[str, Any] = {"SITENAME": "Shop", "SITEURL": "https://shop.example.com",
                                "STORE_PER_PAGE": 1}
    apply_defaults(settings, SETTINGS)

    def first_page(products: list[Product]) -> Any:
        inputs = MarketInputs(
            market=US, markets=MarketSet((US,)), catalog=catalog(products), site=site(),
            urls=UrlMap("https://shop.example.com"), settings=settings, root=Path("."),
            nav_digest="nav", card_digest=lambda p, level: f"card-{p.slug}",
            gettext=lambda s: s)
        return next(p for p in plan_categories(inputs) if p.key == ("category", "writing", 1))

    pen, ink = product("pen"), product("ink")
    before = first_page([pen, ink])
    data = before.values["collection_data"]
    assert data.url == "/en-us/collections/writing/products.json"
    assert data.output == "en-us/collections/writing/products.json"
    assert [p.slug for p in data.products] == ["pen", "ink"]  # all of them, not page 1's
    red_ink = product("ink", variants=(variant("I-R", color="Red"),), digest="digest-ink-2")
    after = first_page([pen, red_ink])
    assert before.depends != after.depends
    assert before.values["collection_data"].key != after.values["collection_data"].key
    assert [f.name for f in after.values["collection_data"].summary.options] == ["color"]
