"""Buying with a `links` checkout in real Chromium: the buy link follows the variant picked, the
quantity typed and the market's currency; the volume tier's unit price shows as the quantity
grows; a WhatsApp order carries a correctly encoded, itemized German message; without
JavaScript the default variant is bought at the minimum quantity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import FIXTURE, MARKETS_FIXTURE, shops
from tests.browser.helpers import Shop, ShopFactory
from tests.sitebuild import build

pytestmark = pytest.mark.browser

STATION = "/{market}/products/charging-station/"
DRIVE = "/products/flash-drive/"
CHECKOUT = {
    "provider": "links",
    "url": "https://shop.example.net/cart/{sku}:{qty}?currency={currency}",
    "markets": {"de-de": {"url": "https://wa.me/4915112345678?text={message}"}},
}
DURING = "2026-11-18"  # the fixture's sale runs in en-us and de-de: 10 % off the station


@pytest.fixture(scope="module")
def links_factory(browser: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[ShopFactory]:
    """Shops on the multi-market fixture built with a `links` checkout."""
    base = tmp_path_factory.mktemp("browser-checkout")
    site = build(MARKETS_FIXTURE, base / "out", base / "cache", STORE_DATE=DURING,
                 STORE_CHECKOUT=CHECKOUT)
    with shops(browser, site) as make:
        yield make


@pytest.fixture(scope="module")
def tiers_factory(browser: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[ShopFactory]:
    """Shops on the one-market fixture (the flash drive has an MOQ and volume tiers)."""
    base = tmp_path_factory.mktemp("browser-checkout-tiers")
    site: Path = build(FIXTURE, base / "out", base / "cache", STORE_CHECKOUT={
        "provider": "links", "url": "https://shop.example.net/cart/{sku}:{qty}"})
    with shops(browser, site) as make:
        yield make


def buy_href(page: Any) -> str:
    href = page.locator("[data-offer] [data-buy]").get_attribute("href")
    assert href, "the offer should have a buy link"
    return str(href)


def pick(page: Any, color: str) -> None:
    radio = page.locator(f'[data-variant-picker] input[data-option="color"][value="{color}"]')
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def set_quantity(page: Any, n: int) -> None:
    page.locator("[data-offer] [data-qty-input]").fill(str(n))


def test_variant_quantity_and_currency_change_the_buy_link(links_factory: ShopFactory) -> None:
    shop: Shop = links_factory()
    page = shop.open(STATION.format(market="en-us"))
    assert buy_href(page) == "https://shop.example.net/cart/MK-STN-20-BLK:1?currency=USD"
    set_quantity(page, 3)
    assert buy_href(page) == "https://shop.example.net/cart/MK-STN-20-BLK:3?currency=USD"
    pick(page, "White")
    assert page.locator("[data-offer] [data-qty-input]").input_value() == "3", \
        "the quantity chosen stays when the variant changes"
    assert buy_href(page) == "https://shop.example.net/cart/MK-STN-20-WHT:3?currency=USD"
    set_quantity(page, 0)  # below the minimum: the link orders the minimum
    assert buy_href(page) == "https://shop.example.net/cart/MK-STN-20-WHT:1?currency=USD"
    label = page.locator("[data-offer] [data-buy]").inner_text().strip()
    assert label == "Buy now"

    japan = shop.open(STATION.format(market="ja-jp") + "?variant=MK-STN-20-WHT")
    assert buy_href(japan) == "https://shop.example.net/cart/MK-STN-20-WHT:1?currency=JPY"
    assert not shop.problems.all(), shop.problems.all()


def test_whatsapp_order_is_an_encoded_itemized_german_message(
        links_factory: ShopFactory) -> None:
    shop: Shop = links_factory()
    page = shop.open(STATION.format(market="de-de"))
    pick(page, "Weiß")  # the German page's name of White
    set_quantity(page, 12)
    link = page.locator("[data-offer] [data-buy]")
    assert link.inner_text().strip() == "Per WhatsApp bestellen"
    parts = urlsplit(buy_href(page))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/4915112345678")
    assert "+" not in parts.query and " " not in parts.query
    text = parse_qs(parts.query)["text"][0]
    price = page.locator("[data-offer] .price__now").inner_text().strip()
    assert price == "1.111,05\xa0€"  # 1234.50 EUR - 10 % during the sale
    assert text == (
        "Hallo, ich möchte bestellen:\n\n"
        "Ladestation mit 20 Ports – Weiß\n"
        "Artikelnummer: MK-STN-20-WHT\n"
        "Menge: 12\n"
        "Stückpreis: 1.111,05\xa0€\n"
        "Seite: https://shop.example.com/de-de/products/charging-station/")
    assert not shop.problems.all(), shop.problems.all()


def test_the_tier_unit_price_follows_the_quantity(tiers_factory: ShopFactory) -> None:
    shop: Shop = tiers_factory()
    page = shop.open(DRIVE)
    unit = page.locator("[data-offer] [data-qty-unit]")
    qty = page.locator("[data-offer] [data-qty-input]")
    assert qty.get_attribute("min") == "50" and qty.input_value() == "50"
    assert unit.inner_text() == "$6.50"
    before = page.locator("[data-offer]").bounding_box()
    for n, shown in ((99, "$6.50"), (100, "$5.90"), (499, "$5.90"), (500, "$4.75")):
        set_quantity(page, n)
        assert unit.inner_text() == shown, n
        assert buy_href(page) == f"https://shop.example.net/cart/0012:{n}"
    after = page.locator("[data-offer]").bounding_box()
    assert before == after, "typing a quantity must not move the page (no layout shift)"
    assert not shop.problems.all(), shop.problems.all()


def test_without_javascript_the_default_variant_is_bought_at_the_minimum(
        links_factory: ShopFactory) -> None:
    shop: Shop = links_factory(javascript=False)
    page = shop.open(STATION.format(market="en-us"))
    links = page.locator("[data-buy]").filter(visible=True)
    assert links.count() == 1
    assert links.first.get_attribute("href") == (
        "https://shop.example.net/cart/MK-STN-20-BLK:1?currency=USD")


@pytest.fixture(scope="module")
def snipcart_factory(browser: Any, tmp_path_factory: pytest.TempPathFactory
                     ) -> Iterator[ShopFactory]:
    """Shops on the multi-market fixture selling through Snipcart."""
    base = tmp_path_factory.mktemp("browser-snipcart")
    site = build(MARKETS_FIXTURE, base / "out", base / "cache", STORE_DATE=DURING,
                 STORE_CHECKOUT={"provider": "snipcart", "api_key": "PUBLIC_TEST_KEY"})
    with shops(browser, site) as make:
        yield make


def test_snipcart_loads_on_the_first_interaction_and_follows_the_quantity(
        snipcart_factory: ShopFactory) -> None:
    shop: Shop = snipcart_factory()
    fetched: list[str] = []

    def fake_cdn(route: Any) -> None:  # no test reaches the internet
        fetched.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/javascript"
                      if route.request.url.endswith(".js") else "text/css")

    shop.context.route("https://cdn.snipcart.com/**", fake_cdn)
    page = shop.open(STATION.format(market="ja-jp"))
    page.wait_for_timeout(300)
    assert fetched == [], "nothing from Snipcart before the shopper does anything"
    assert page.locator(".cart-link .snipcart-items-count").is_visible()
    button = page.locator("[data-offer] button.snipcart-add-item")
    assert button.inner_text().strip() == "カートに入れる"
    assert button.get_attribute("data-item-id") == "MK-STN-20-BLK"
    page.mouse.move(200, 200)
    page.mouse.move(220, 240)
    page.wait_for_function("document.querySelectorAll('script[src*=\"snipcart\"]').length > 0")
    assert sorted(u.rsplit(".", 1)[-1] for u in fetched) == ["css", "js"]
    set_quantity(page, 4)
    pick(page, "ホワイト")  # White, on the Japanese page
    button = page.locator("[data-offer] button.snipcart-add-item")
    assert button.get_attribute("data-item-id") == "MK-STN-20-WHT"
    assert button.get_attribute("data-item-quantity") == "4"
    assert button.get_attribute("data-item-min-quantity") == "1"
    shop.problems.external.clear()  # the faked CDN requests, answered above
    assert not shop.problems.all(), shop.problems.all()


@pytest.mark.parametrize("market", ["en-us", "ar-sa"])
def test_quantity_cart_and_buy_button_fit_a_phone(snipcart_factory: ShopFactory,
                                                  market: str) -> None:
    from tests.browser.helpers import PHONE

    shop: Shop = snipcart_factory(viewport=PHONE)
    shop.context.route("https://cdn.snipcart.com/**", lambda route: route.abort())
    page = shop.open(STATION.format(market=market))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
    for selector in ("[data-offer] [data-qty-input]", "[data-offer] .snipcart-add-item",
                     ".cart-link"):
        found = page.locator(selector).bounding_box()
        assert found is not None, selector
        assert found["height"] >= 44 and found["width"] >= 44, (selector, found)
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"], selector
    label = page.locator("[data-offer] [data-qty-input]").evaluate(
        "el => el.labels.length && el.labels[0].textContent.trim()")
    assert label, "the quantity field has a visible label"
