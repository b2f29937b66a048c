"""Checkout end to end: the multi-market fixture store built with a checkout provider, read as a
shopper and a crawler would: every in-stock variant of every market in its checkout.json at the
page's price (during the fixture's sale), its target on its page, `storefront audit` failing
on an edited manifest price, and Snipcart's buttons and files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner

from storefront.cli import main
from storefront_core.errors import StorefrontError
from storefront_seo.audit import audit_site
from tests.sitebuild import build

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"
SITE = "https://shop.example.com"
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa")
DURING = "2026-11-18"  # inside the fixture's autumn sale (not in ja-jp)
NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)
LINKS = {
    "provider": "links",
    "url": "https://shop.example.net/cart/{sku}:{qty}?currency={currency}",
    "markets": {"de-de": {"url": "https://wa.me/4915112345678?text={message}"}},
}


@pytest.fixture(scope="module")
def links_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("checkout-links")
    return build(FIXTURE, base / "out", base / "cache", STORE_DATE=DURING,
                 STORE_CHECKOUT=LINKS)


def manifest(site: Path, market: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / market / "checkout.json").read_text("utf-8"))
    return data


def page_offers(site: Path, url: str) -> dict[str, tuple[Decimal, str, str]]:
    """The JSON-LD offers of the page at ``url``: SKU -> (price, currency, availability)."""
    doc = lxml.html.parse(str(site / urlsplit(url).path.strip("/") / "index.html"))
    offers = {}
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        for node in data.get("@graph", [data]):
            for product in node.get("hasVariant", [node]) if node.get("@type") in (
                    "Product", "ProductGroup") else []:
                offer = product["offers"]
                offers[product["sku"]] = (Decimal(offer["price"]), offer["priceCurrency"],
                                          offer["availability"].rsplit("/", 1)[-1])
    return offers


def buy_actions(site: Path, url: str) -> list[str]:
    doc = lxml.html.parse(str(site / urlsplit(url).path.strip("/") / "index.html"))
    return [el.get("href") or el.get("data-item-id") for el in doc.xpath("//*[@data-buy]")]


def test_every_in_stock_sku_of_every_market_is_listed_at_its_pages_price(
        links_site: Path) -> None:
    for market in MARKETS:
        data = manifest(links_site, market)
        assert data["market"] == market and data["provider"] == "links"
        assert data["build_date"] == DURING
        listed = {item["sku"]: item for item in data["items"]}
        seen_pages = {item["url"] for item in data["items"]}
        for url in seen_pages:
            for sku, (price, currency, availability) in page_offers(links_site, url).items():
                if availability != "InStock":
                    continue
                item = listed[sku]
                assert (Decimal(item["price"]), item["currency"]) == (price, currency), sku
                assert item["checkout"]["type"] == "link"
                assert item["checkout"]["url"] in buy_actions(links_site, url), (market, sku)
        assert len(listed) >= 3, market
    # the sale is on in de-de (10 % off charging) and not in ja-jp
    de = {i["sku"]: i for i in manifest(links_site, "de-de")["items"]}
    assert de["MK-CBL-1M"]["price"] == "7.65"  # 8.50 EUR - 10 %
    ja = {i["sku"]: i for i in manifest(links_site, "ja-jp")["items"]}
    assert ja["MK-CBL-1M"]["price"] == "1280"


def test_the_same_sku_has_its_own_target_in_each_currency(links_site: Path) -> None:
    targets = {m: {i["sku"]: i["checkout"]["url"] for i in manifest(links_site, m)["items"]}
               for m in MARKETS}
    sku = "MK-STN-20-WHT"
    assert targets["en-us"][sku] == f"https://shop.example.net/cart/{sku}:1?currency=USD"
    assert targets["ja-jp"][sku] == f"https://shop.example.net/cart/{sku}:1?currency=JPY"
    assert len({targets[m][sku] for m in MARKETS}) == len(MARKETS)
    whatsapp = urlsplit(targets["de-de"][sku])
    text = parse_qs(whatsapp.query)["text"][0]
    assert text.startswith("Hallo, ich möchte bestellen:") and f"Artikelnummer: {sku}" in text


def test_the_audit_passes_then_names_the_sku_whose_manifest_price_was_edited(
        links_site: Path, tmp_path: Path) -> None:
    report = audit_site(links_site, site_url=SITE, now=NOW)
    assert [f for f in report.errors if f.rule == "checkout-mismatch"] == []
    path = links_site / "ja-jp" / "checkout.json"
    original = path.read_text("utf-8")
    data = json.loads(original)
    item = next(i for i in data["items"] if i["sku"] == "MK-ADP-01")
    item["price"] = "3380"
    path.write_text(json.dumps(data), "utf-8")
    try:
        (links_site / ".storefront-build.json").write_text(
            json.dumps({"date": NOW.isoformat()}), "utf-8")
        result = CliRunner().invoke(main, ["--project", str(tmp_path), "audit", "--output",
                                           str(links_site)], catch_exceptions=False)
    finally:
        path.write_text(original, "utf-8")
        (links_site / ".storefront-build.json").unlink()
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if "MK-ADP-01" in line)
    assert "ja-jp" in line and "3380 JPY" in line and "3480 JPY" in line, line


def test_snipcart_store_has_cart_buttons_its_container_and_json_products(
        tmp_path: Path) -> None:
    site = build(FIXTURE, tmp_path / "out", tmp_path / "cache", STORE_DATE=DURING,
                 STORE_CHECKOUT={"provider": "snipcart", "api_key": "PUBLIC_TEST_KEY"})
    page = lxml.html.parse(str(site / "ja-jp/products/charging-station/index.html"))
    buttons = page.xpath('//button[contains(@class, "snipcart-add-item")]')
    assert {b.get("data-item-id") for b in buttons} == {"MK-STN-20-BLK", "MK-STN-20-WHT"}
    first = buttons[0]
    assert json.loads(first.get("data-item-price")) == {"jpy": 189800}
    assert first.get("data-item-url") == f"{SITE}/ja-jp/products/charging-station/"
    assert first.get("data-item-min-quantity") == "1" and first.get("data-item-image")
    assert "カートに入れる" in first.text_content()
    container = page.xpath('//div[@id="snipcart"]')[0]
    assert container.get("data-currency") == "jpy"
    assert container.get("data-api-key") == "PUBLIC_TEST_KEY"
    assert page.xpath('//*[contains(@class, "snipcart-items-count")]')
    products = json.loads((site / "ja-jp" / "snipcart-products.json").read_text("utf-8"))
    black = next(p for p in products if p["id"] == "MK-STN-20-BLK")
    assert black["price"] == {"jpy": "189800"}
    assert black["url"] == f"{SITE}/ja-jp/products/charging-station/"
    data = manifest(site, "ja-jp")
    assert data["provider"] == "snipcart"
    assert {i["checkout"]["type"] for i in data["items"]} == {"cart"}
    report = audit_site(site, site_url=SITE, now=NOW)
    assert [f for f in report.errors if f.rule == "checkout-mismatch"] == []


def test_a_market_the_store_does_not_have_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(StorefrontError) as raised:
        build(FIXTURE, tmp_path / "out", tmp_path / "cache", STORE_CHECKOUT={
            **LINKS, "markets": {"fr-fr": {"url": "https://x.example/{sku}"}}})
    problem = raised.value.problems[0]
    assert (problem.file, problem.field) == ("pelicanconf.py", "STORE_CHECKOUT.markets.fr-fr")
    assert "is not a market of content/markets.yml" in problem.message
