"""The checkout layer: STORE_CHECKOUT's checks, line items, and each provider's targets, files
and problems (links: placeholders and URL encoding, WhatsApp and e-mail orders in the market's
language with the real catalogs; snipcart: its product definition and JSON crawler file)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from lxml import html

from storefront_catalog.i18n import load_translations
from storefront_catalog.model import Image, Product, Variant
from storefront_catalog.urls import Market
from storefront_checkout.build import make_provider
from storefront_checkout.items import line_item, manifest, manifest_item, target_for
from storefront_checkout.provider import PROVIDERS, LineItem, Setup, Target, Tier
from storefront_checkout.settings import checkout_problems, market_checkout, market_problems
from tests.unit.test_validate import problems_of, write_product

REPO = Path(__file__).resolve().parents[2]
DE = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE")
AR = Market("ar-sa", "ar", "ar_SA", "SAR", prefix="ar-sa", dir="rtl", country="SA")
URL = "https://shop.example/de-de/products/pen/"


def item(**changes: object) -> LineItem:
    base = LineItem(
        market="de-de", language="de", locale="de_DE", currency="EUR", product_sku="PEN",
        sku="PEN-BLK", title="Stift", variant_label="Schwarz", unit_price=Decimal("4.5"),
        price=Decimal("45.00"), min_qty=10, tiers=(Tier(50, Decimal("4.1")),),
        availability="in_stock", url=URL, image_url="https://shop.example/media/pen.jpg",
        regular_unit_price=Decimal("4.5"), ids={"shopify_variant_id": "4242"})
    return replace(base, **changes)  # type: ignore[arg-type]


def setup(lang: str = "", tmp: Path | None = None, market: Market = DE) -> Setup:
    gettext = str
    if lang and tmp is not None:
        translations, _, problems = load_translations(REPO / "i18n", lang, tmp)
        assert not problems
        gettext = translations.gettext
    return Setup(root=REPO, settings_file="pelicanconf.py", build_date=date(2026, 11, 18),
                 site_url="https://shop.example", gettext=gettext,
        market=market.code, currency=market.currency)


def links(url: str, **options: object) -> object:
    return make_provider("links", {"url": url, **options}, setup())


# -- settings ----------------------------------------------------------------------------------

def test_without_store_checkout_every_market_uses_the_products_buy_url() -> None:
    assert checkout_problems(None) == []
    assert market_checkout(None, "de-de").provider == "buy_url"


@pytest.mark.parametrize(("value", "field", "words"), [
    ({"provider": "shopify"}, "STORE_CHECKOUT.provider", ['"shopify" is not a checkout '
                                                         "provider", "links"]),
    ({"url": "https://x/{sku}"}, "STORE_CHECKOUT.provider", ["is missing"]),
    ({"provider": "links"}, "STORE_CHECKOUT.url", ["is missing", "URL template"]),
    ({"provider": "links", "url": "shop.example/{sku}"}, "STORE_CHECKOUT.url",
     ["must start with https://"]),
    ({"provider": "links", "url": "https://x/{qyt}"}, "STORE_CHECKOUT.url",
     ['did you mean "{qty}"']),
    ({"provider": "links", "url": "https://x/{sku", }, "STORE_CHECKOUT.url", ["cannot be read"]),
    ({"provider": "links", "url": "https://x/{sku}", "lable": "buy"}, "STORE_CHECKOUT.lable",
     ['did you mean "label"']),
    ({"provider": "snipcart"}, "STORE_CHECKOUT.api_key", ["public API key"]),
    ({"provider": "links", "url": "https://x/{sku}", "markets": {"de-de": {"url": "x"}}},
     "STORE_CHECKOUT.markets.de-de.url", ["must start with https://"]),
    ({"provider": "links", "url": "https://x/{sku}", "markets": {"DE": {}}},
     "STORE_CHECKOUT.markets.DE", ["is not a market code"]),
    ({"provider": "links", "url": "https://x/{sku}", "markets": {"ja-jp": {"provider": "paypal"}}},
     "STORE_CHECKOUT.markets.ja-jp.provider", ['"paypal" is not a checkout provider']),
    ({"provider": "buy_url", "url": "https://x"}, "STORE_CHECKOUT.url", ["takes no options"]),
])
def test_setting_mistakes_name_pelicanconf_the_key_and_the_fix(value: dict, field: str,
                                                                words: list[str]) -> None:
    problems = checkout_problems(value)
    assert problems, value
    assert problems[0].file == "pelicanconf.py" and problems[0].field == field, problems
    for word in words:
        assert word in problems[0].message, problems[0].message


def test_a_market_override_changes_the_url_or_the_provider() -> None:
    conf = {"provider": "links", "url": "https://a.example/{sku}",
            "markets": {"de-de": {"url": "https://wa.me/49?text={message}"},
                        "ja-jp": {"provider": "snipcart", "api_key": "pk"}}}
    assert checkout_problems(conf) == []
    assert market_checkout(conf, "de-de").options == {"url": "https://wa.me/49?text={message}"}
    assert market_checkout(conf, "ja-jp").options == {"api_key": "pk"}
    assert market_checkout(conf, "en-us").options == {"url": "https://a.example/{sku}"}
    found = market_problems({**conf, "markets": {"de-dd": {}}}, ["en-us", "de-de"])
    assert [p.field for p in found] == ["STORE_CHECKOUT.markets.de-dd"]
    assert 'did you mean "de-de"' in found[0].message


def test_every_provider_in_the_registry_is_importable_or_is_stripes() -> None:
    for name in ("buy_url", "links", "snipcart"):
        assert make_provider(name, {"url": "https://x/{sku}", "api_key": "k"} if name != "buy_url"
                             else {}, setup()).name == name
    assert set(PROVIDERS) >= {"buy_url", "links", "snipcart", "stripe"}


# -- front matter ids ----------------------------------------------------------------------------

def test_checkout_ids_in_front_matter_reach_the_line_item(tmp_path: Path) -> None:
    write_product(tmp_path, checkout='{woo_id: 311}', variants=(
        '\n  - {sku: P-B, color: Black, checkout: {shopify_variant_id: "4242"}}'
        "\n  - {sku: P-W, color: White}"))
    from storefront_catalog.loader import load_catalog

    catalog, problems = load_catalog(tmp_path / "content", currency="USD", root=tmp_path)
    assert not [p for p in problems if p.severity == "error"], problems
    product = catalog.products[0]
    us = Market("en-us", "en", "en_US", "USD", prefix="en-us")
    black = line_item(product, product.variants[0], us, url=URL)
    white = line_item(product, product.variants[1], us, url=URL)
    assert black is not None and white is not None
    assert black.ids == {"woo_id": "311", "shopify_variant_id": "4242"}
    assert white.ids == {"woo_id": "311"}


@pytest.mark.parametrize(("value", "words"), [
    ("{Shopify-ID: 1}", "is not an id name"),
    ("{woo_id: [1, 2]}", "must be the id as text"),
    ("4242", "must be a group of fields"),
])
def test_bad_checkout_ids_are_named_with_an_example(tmp_path: Path, value: str,
                                                    words: str) -> None:
    write_product(tmp_path, checkout=value)
    found = [p for p in problems_of(tmp_path) if "checkout" in p]
    assert len(found) == 1 and words in found[0] and "shopify_variant_id" in found[0], found


# -- line items and the manifest -----------------------------------------------------------------

def _product(**changes: object) -> Product:
    base = Product(
        slug="pen", source_dir=Path("."), source_file=Path("index.md"), title="Stift",
        sku="PEN", brand="B", category=("Pens",), summary="", body_html="", digest="",
        price={"EUR": Decimal("4.5")}, images=(Image("a.jpg", Path("a.jpg"), "front", ""),),
        moq=10, variants=(
            Variant("PEN-BLK", {"color": "Schwarz"}, None, {"EUR": Decimal("4.5")}, {},
                    "in_stock"),
            Variant("PEN-WHT", {"color": "Weiß"}, None, {"EUR": Decimal("4.99")}, {},
                    "out_of_stock")))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_line_items_carry_the_pages_price_and_the_manifest_writes_it_as_json_ld() -> None:
    product = _product()
    black = line_item(product, product.variants[0], DE, url=URL)
    white = line_item(product, product.variants[1], DE, url=URL)
    assert black is not None and white is not None
    assert (black.sku, black.price, black.unit_price, black.min_qty) == (
        "PEN-BLK", Decimal("45.00"), Decimal("4.5"), 10)
    assert white.title == "Stift" and white.variant_label == "Weiß"
    provider = make_provider("links", {"url": "https://s.example/{sku}/{qty}"}, setup())
    assert target_for(provider, white) == Target("none", reason="sold out")
    data = manifest(DE, "links", setup().build_date,
                    [(black, target_for(provider, black)), (white, target_for(provider, white))])
    assert data["currency"] == "EUR" and data["build_date"] == "2026-11-18"
    first = data["items"][0]
    assert first["price"] == "45.00" and first["unit_price"] == "4.50"
    assert first["checkout"] == {"type": "link", "url": "https://s.example/PEN-BLK/10"}
    assert data["items"][1]["checkout"] == {"type": "none", "reason": "sold out"}
    assert manifest_item(black, Target("none"))["title"] == "Stift – Schwarz"
    assert line_item(product, None, replace(DE, currency="JPY"), url=URL) is None


# -- links ---------------------------------------------------------------------------------------

def test_shopify_cart_permalink_and_woocommerce_link() -> None:
    shopify = links("https://shop.example/cart/{shopify_variant_id}:{qty}")
    target = shopify.target(item())  # type: ignore[attr-defined]
    assert target.href == "https://shop.example/cart/4242:10"
    assert target.href_template == "https://shop.example/cart/4242:{qty}"
    assert target.label == "buy"
    woo = links("https://shop.example/?add-to-cart={woo_id}&quantity={qty}")
    found = woo.target(item(ids={"woo_id": "311"}))  # type: ignore[attr-defined]
    assert found.href == "https://shop.example/?add-to-cart=311&quantity=10"
    missing = woo.target(item())  # type: ignore[attr-defined]
    assert missing.kind == "none" and "woo_id" in missing.reason
    problems = woo.check([item(), item(availability="out_of_stock", sku="X")])  # type: ignore
    assert len(problems) == 1 and "PEN-BLK" in problems[0].message
    assert "checkout: {woo_id:" in problems[0].message and "de-de" in problems[0].message


@pytest.mark.parametrize(("sku", "title", "path", "query"), [
    ("A B/1", "Pen & Paper #2", "A%20B%2F1", "Pen%20%26%20Paper%20%232"),
    ("PEN-ü", "Stift für Zeichnungen", "PEN-%C3%BC", "Stift%20f%C3%BCr%20Zeichnungen"),
    ("QLM-1", "قلم أسود", "QLM-1", "%D9%82%D9%84%D9%85%20%D8%A3%D8%B3%D9%88%D8%AF"),
])
def test_each_value_is_encoded_for_its_place_in_the_url(sku: str, title: str, path: str,
                                                       query: str) -> None:
    provider = links("https://m.example/p/{sku}?name={title}&cur={currency}&m={market}"
                     "&p={price}&u={unit_price}&product={product_sku}")
    target = provider.target(item(sku=sku, title=title, variant_label=""))  # type: ignore
    assert target.href == (f"https://m.example/p/{path}?name={query}&cur=EUR&m=de-de"
                           "&p=45.00&u=4.50&product=PEN")
    parts = urlsplit(target.href)
    assert unquote(parts.path) == f"/p/{sku}"
    assert parse_qs(parts.query)["name"] == [title]
    assert target.href_template == ""  # no quantity in the URL: the page does not rewrite it


def test_whatsapp_order_is_itemized_in_german_with_babel_money(tmp_path: Path) -> None:
    provider = make_provider("links", {"url": "https://wa.me/4915112345678?text={message}"},
                             setup("de", tmp_path))
    target = provider.target(item(unit_price=Decimal("1234.5"), price=Decimal("12345")))
    assert target.label == "order_chat"
    parts = urlsplit(target.href)
    assert (parts.netloc, parts.path) == ("wa.me", "/4915112345678")
    text = parse_qs(parts.query)["text"][0]
    assert text == ("Hallo, ich möchte bestellen:\n\nStift – Schwarz\nArtikelnummer: PEN-BLK\n"
                    "Menge: 10\nStückpreis: 1.234,50\xa0€\nSeite: " + URL)
    assert "+" not in parts.query  # spaces are %20: WhatsApp shows a "+" literally
    template = target.href_template
    assert "{qty}" in template and "{unit}" in template
    filled = template.replace("{qty}", "60").replace("{unit}", "4%2C10%C2%A0%E2%82%AC")
    text = parse_qs(urlsplit(filled).query)["text"][0]
    assert "Menge: 60\nStückpreis: 4,10\xa0€\n" in text


def test_email_order_in_arabic_has_a_subject_and_body(tmp_path: Path) -> None:
    provider = make_provider("links", {"url": "mailto:orders@shop.example?subject={subject}"
                                              "&body={message}"}, setup("ar", tmp_path, AR))
    target = provider.target(item(market="ar-sa", language="ar", locale="ar_SA",
                                  currency="SAR", title="قلم", variant_label="أسود",
                                  availability="preorder"))
    assert target.label == "order_email"
    assert target.href.startswith("mailto:orders@shop.example?subject=")
    query = parse_qs(urlsplit(target.href).query)
    assert query["subject"] == ["طلب: قلم – أسود"]
    body = query["body"][0]
    assert body.startswith("مرحبًا، أود طلب:") and "الكمية: 10" in body
    assert "4.50" in body and "ر.س" in body  # Babel's SAR in ar_SA (Latin digits)


def test_preorder_label_and_a_label_option() -> None:
    assert links("https://x/{sku}").target(item(availability="preorder")).label == "preorder"
    forced = links("https://m.example/{sku}", label="order_chat")
    assert forced.target(item()).label == "order_chat"  # type: ignore[attr-defined]


# -- snipcart ------------------------------------------------------------------------------------

def test_snipcart_button_head_and_json_products() -> None:
    provider = make_provider("snipcart", {"api_key": "PUBLIC_KEY"}, setup())
    assert provider.cart is True
    target = target_for(provider, item())
    assert target.kind == "cart" and target.label == "add_to_cart"
    assert target.attrs == {
        "data-item-id": "PEN-BLK", "data-item-name": "Stift – Schwarz",
        "data-item-price": '{"eur": 4.50}', "data-item-url": URL,
        "data-item-min-quantity": "10", "data-item-quantity": "10",
        "data-item-image": "https://shop.example/media/pen.jpg"}
    assert json.loads(target.attrs["data-item-price"]) == {"eur": 4.5}
    assert target.manifest()["data-item-id"] == "PEN-BLK"
    div = html.fragment_fromstring(provider.head("de-de"))
    assert div.get("id") == "snipcart" and div.get("hidden") is not None
    assert (div.get("data-api-key"), div.get("data-currency")) == ("PUBLIC_KEY", "eur")
    assert div.get("data-snipcart-js") == "https://cdn.snipcart.com/themes/v3.7.1/default/snipcart.js"
    files = provider.files("de-de", [item(), item(sku="PEN-WHT", availability="out_of_stock")])
    products = json.loads(files["snipcart-products.json"])
    assert products == [{"id": "PEN-BLK", "name": "Stift – Schwarz", "price": {"eur": "4.50"},
                         "url": URL, "minQuantity": 10}]
    warning = provider.check([item()])
    assert warning[0].severity == "warning" and "price_tiers" in warning[0].message
    assert provider.check([item(tiers=())]) == []


def test_buy_url_provider_links_the_products_own_link() -> None:
    provider = make_provider("buy_url", {}, setup())
    assert provider.target(item(buy_url="https://b.example/p")).href == "https://b.example/p"
    assert provider.target(item()).kind == "none"
