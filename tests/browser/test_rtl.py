"""Right-to-left and market choice in a real browser, on the multi-market fixture store.

An Arabic (ar-SA) product page must be the mirror image of the English one (photos on the
right, breadcrumbs from right to left, text starting at the right) while prices and SKUs stay
readable; the market chooser suggests the browser's market and never navigates by itself.
Screenshots land in screenshot_dir for a human look.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.numbers import format_decimal

from tests.browser.helpers import DESKTOP, PHONE, ShopFactory, box, settle, wait_for_photo
from tests.cldr import money

pytestmark = pytest.mark.browser

PRODUCT = "/ar-sa/products/charging-station/"
PRICE = money("4999.00", "SAR", "ar_SA")  # as Babel writes it: Latin digits, ر.س., RLM marks
SKU = "MK-STN-20-BLK"
#: each market's name in its own language, as Babel (CLDR) writes it: "Deutsch (Deutschland)"
MARKETS = {m: Locale.parse(m.replace("-", "_")).get_display_name() for m in
           ("en-US", "de-DE", "ja-JP", "ar-SA")}


def horizontal_overflow(page: Any) -> list[str]:
    """Elements sticking out of the viewport on either side when the page scrolls sideways."""
    return list(
        page.evaluate(
            """() => {
          const w = window.innerWidth;
          if (document.documentElement.scrollWidth <= w) return [];
          return [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.right > w + 1 || r.left < -1; })
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className);
        }"""
        )
    )


def text_box(page: Any, selector: str) -> dict[str, float]:
    """Where the text of the first match is drawn (not its box): left and right edges."""
    return dict(
        page.evaluate(
            """(sel) => {
          const el = document.querySelector(sel);
          const range = document.createRange();
          range.selectNodeContents(el);
          const r = range.getBoundingClientRect();
          return {left: r.left, right: r.right};
        }""",
            selector,
        )
    )


def test_arabic_product_page_is_mirrored_on_a_laptop(
    markets_shop_factory: ShopFactory, screenshot_dir: Path
) -> None:
    shop = markets_shop_factory(viewport=DESKTOP)
    page = shop.open(PRODUCT)
    settle(page)
    page.screenshot(path=str(screenshot_dir / "rtl-product-desktop.png"), full_page=True)

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar-SA"
    media, info = box(page, ".product__media"), box(page, ".product__info")
    assert media["x"] >= info["x"] + info["width"] - 1, (
        f"the photos should be to the right of the title and price: photos {media}, info {info}"
    )
    crumbs = page.locator(".breadcrumbs li").all()
    assert len(crumbs) >= 3
    first, last = crumbs[0].bounding_box(), crumbs[-1].bounding_box()
    assert first and last and first["x"] > last["x"], "breadcrumbs should run right to left"

    title = page.locator("h1.product__title")
    style = title.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]")
    assert style[0] == "rtl" and style[1] in ("start", "right"), style
    drawn, h1 = text_box(page, "h1.product__title"), box(page, "h1.product__title")
    assert abs(drawn["right"] - (h1["x"] + h1["width"])) <= 2, "the title should start at the right"
    assert drawn["left"] > h1["x"] + 10, "a short title should leave space on the left"

    # numbers and Latin codes stay intact inside Arabic text
    price = page.locator("[data-offer] .price__now")
    assert price.is_visible() and price.text_content().strip() == PRICE
    sku = page.locator(".buy-box__sku [data-sku-text]")
    assert sku.is_visible() and sku.text_content() == SKU
    assert sku.evaluate("e => e.innerText") == SKU
    digits = format_decimal(Decimal("4999.00"), format="#,##0.00", locale="ar_SA")  # 4,999.00
    assert digits in price.evaluate("e => e.innerText")

    # the gallery still works: thumbnail 2 brings photo 2 into view
    page.locator('[data-thumb="2"]').click()
    wait_for_photo(page, 2)
    assert shop.problems.all() == []


def test_arabic_product_page_fits_a_phone(
    markets_shop_factory: ShopFactory, screenshot_dir: Path
) -> None:
    shop = markets_shop_factory(viewport=PHONE)
    page = shop.open(PRODUCT)
    settle(page)
    page.screenshot(path=str(screenshot_dir / "rtl-product-phone.png"), full_page=True)
    assert horizontal_overflow(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    photo, price = box(page, "[data-gallery-stage] img"), box(page, "[data-offer] .price__now")
    assert price["y"] >= photo["y"] + photo["height"], "price should come after the photo"
    title = box(page, "h1.product__title")
    drawn = text_box(page, "h1.product__title")
    assert abs(drawn["right"] - (title["x"] + title["width"])) <= 2
    assert shop.problems.all() == []


@pytest.mark.parametrize("path", ["/ar-sa/", "/ar-sa/collections/charging/", "/ar-sa/pages/about/"])
def test_other_arabic_pages_fit_a_phone(
    markets_shop_factory: ShopFactory, screenshot_dir: Path, path: str
) -> None:
    shop = markets_shop_factory(viewport=PHONE)
    page = shop.open(path)
    settle(page)
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=str(screenshot_dir / f"rtl-{name}-phone.png"), full_page=True)
    assert horizontal_overflow(page) == []
    assert shop.problems.all() == []


def test_chooser_suggests_the_browser_market_and_stays_put(
    markets_shop_factory: ShopFactory, screenshot_dir: Path
) -> None:
    shop = markets_shop_factory(viewport=DESKTOP, locale="de-DE")
    page = shop.open("/")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.wait_for_timeout(800)  # time for any script-driven redirect to start
    page.screenshot(path=str(screenshot_dir / "chooser-de-DE.png"), full_page=True)

    assert page.evaluate("navigator.language") == "de-DE"
    assert navigations == [] and page.url == shop.base_url + "/"
    links = page.locator("[data-market-chooser] a")
    shown = {a.get_attribute("lang"): a.locator(".chooser__name").evaluate(
        "e => e.firstChild.textContent.trim()") for a in links.all() if a.is_visible()}
    assert shown == MARKETS
    suggested = page.locator("[data-market-chooser] a.is-suggested")
    assert suggested.count() == 1
    assert suggested.get_attribute("href") == "/de-de/"
    assert suggested.locator(".chooser__suggested").is_visible()
    assert shop.problems.all() == []


def test_chooser_marks_nothing_for_a_language_no_market_speaks(
    markets_shop_factory: ShopFactory,
) -> None:
    shop = markets_shop_factory(viewport=PHONE, locale="ko-KR")
    page = shop.open("/")
    assert page.locator("[data-market-chooser] a").count() == len(MARKETS)
    assert page.locator("[data-market-chooser] a.is-suggested").count() == 0
    assert page.url == shop.base_url + "/"
    assert horizontal_overflow(page) == []
    assert shop.problems.all() == []


def test_each_market_name_is_laid_out_in_its_own_direction(
    markets_shop_factory: ShopFactory,
) -> None:
    shop = markets_shop_factory(viewport=DESKTOP)
    page = shop.open("/")
    directions = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-market-chooser] a')]
             .map(a => [a.lang, getComputedStyle(a.querySelector('.chooser__name')).direction]))"""
    )
    assert directions == {"en-US": "ltr", "de-DE": "ltr", "ja-JP": "ltr", "ar-SA": "rtl"}


def test_english_fallback_text_is_left_to_right_in_an_arabic_page(
    markets_shop_factory: ShopFactory,
) -> None:
    shop = markets_shop_factory(viewport=DESKTOP)
    page = shop.open("/ar-sa/products/usb-cable/")
    for selector in ("h1.product__title", ".product__summary",
                     ".product-details__description .prose"):
        element = page.locator(selector)
        assert element.get_attribute("lang") == "en"
        assert element.evaluate("e => getComputedStyle(e).direction") == "ltr", selector
