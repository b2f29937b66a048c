"""The colour picker on the stylus page: price, SKU, availability, buy button, photo and URL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import Shop, ShopFactory, shown_photo, wait_for_photo

pytestmark = pytest.mark.browser

STYLUS = "/products/stylus/"
WHITE = "FX-STY-01-WHT"
BLACK = "FX-STY-01-BLK"


def swatch(page: Any, value: str) -> Any:
    """The clickable label of the colour swatch ``value``."""
    radio = page.locator(f'[data-variant-picker] input[data-option="color"][value="{value}"]')
    return page.locator(f'label[for="{radio.get_attribute("id")}"]')


def offer_state(page: Any) -> dict[str, Any]:
    """What the buy box shows now."""
    offer = page.locator("[data-offer]")
    buy = offer.locator(".button--buy")
    return {
        "price": offer.locator(".price__now").inner_text().strip(),
        "availability": " ".join(offer.locator(".availability").inner_text().split()),
        "skus": {t.strip() for t in page.locator("[data-sku-text]").all_inner_texts()},
        "buy_text": buy.inner_text().strip() if buy.count() else None,
        "buy_href": buy.get_attribute("href") if buy.count() else None,
        "buy_disabled": buy.get_attribute("aria-disabled") if buy.count() else None,
        "checked": page.locator("[data-variant-picker] input:checked").get_attribute("value"),
        "legend": page.locator("[data-option-current]").inner_text().strip(),
    }


def assert_white(page: Any) -> None:
    """The page shows the white, out-of-stock variant."""
    state = offer_state(page)
    assert state["price"] == "$31.99", f"White has its own price: {state}"
    assert state["skus"] == {WHITE}, f"every SKU on the page should be White's: {state}"
    assert state["availability"].startswith("Out of stock"), state
    assert state["buy_href"] is None, f"an out-of-stock variant must not link to checkout: {state}"
    assert state["buy_text"] == "Sold out" and state["buy_disabled"] == "true", state
    assert state["checked"] == "White" and state["legend"] == "White", state
    wait_for_photo(page, 3)
    main = page.locator("#photo-3 img")
    assert main.get_attribute("alt") == "Active stylus in white"


def assert_black(page: Any) -> None:
    """The page shows the default black, pre-order variant."""
    state = offer_state(page)
    assert state["price"] == "$29.99", state
    assert state["skus"] == {BLACK}, state
    assert state["availability"].startswith("Pre-order"), state
    assert state["buy_href"] == "https://buy.shop.example.com/FX-STY-01", state
    assert state["buy_text"] == "Pre-order now", state
    assert state["checked"] == "Black" and state["legend"] == "Black", state
    wait_for_photo(page, 1)


def test_choosing_white_switches_price_sku_stock_photo_and_url(shop: Shop) -> None:
    page = shop.open(STYLUS)
    assert_black(page)
    assert "variant=" not in page.url, "the URL should stay clean until a choice is made"

    swatch(page, "White").click()
    assert_white(page)
    assert page.url == f"{shop.base_url}{STYLUS}?variant={WHITE}"
    status = page.locator("[data-variant-status]").inner_text()
    assert "White" in status and "$31.99" in status, f"screen readers hear: {status!r}"

    swatch(page, "Black").click()
    assert_black(page)
    assert page.url == f"{shop.base_url}{STYLUS}?variant={BLACK}"
    assert not shop.problems.all(), shop.problems.all()


def test_picker_works_with_the_keyboard(shop: Shop) -> None:
    page = shop.open(STYLUS)
    page.locator('[data-variant-picker] input[value="Black"]').focus()
    page.keyboard.press("ArrowRight")
    assert_white(page)
    assert page.url.endswith(f"?variant={WHITE}")


def test_variant_in_the_url_is_preselected(shop: Shop) -> None:
    page = shop.open(f"{STYLUS}?variant={WHITE}")
    assert_white(page)
    assert page.url.endswith(f"?variant={WHITE}")
    assert not shop.problems.all(), shop.problems.all()


def test_unknown_variant_in_the_url_falls_back_to_the_default(shop: Shop) -> None:
    page = shop.open(f"{STYLUS}?variant=NO-SUCH-SKU")
    assert_black(page)
    assert shown_photo(page) == 1
    assert not shop.problems.all(), shop.problems.all()


def test_without_javascript_a_table_lists_every_variant(shop_factory: ShopFactory) -> None:
    shop = shop_factory(javascript=False)
    page = shop.open(f"{STYLUS}?variant={WHITE}")
    assert not page.locator("[data-variant-picker]").is_visible(), (
        "the picker needs JavaScript and should be hidden without it"
    )
    table = page.locator("table.variant-table")
    assert table.is_visible(), "without JavaScript the variants should be listed in a table"
    rows = [" ".join(r.split()) for r in table.locator("tbody tr").all_inner_texts()]
    assert rows == [
        f"{BLACK} Black $29.99 Pre-order",
        f"{WHITE} White $31.99 Out of stock",
    ]
