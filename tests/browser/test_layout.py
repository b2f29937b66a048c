"""Layout on a phone (375 px) and a laptop (1280 px): no sideways scrolling, nothing on top of
anything, the menu works. Screenshots land in pytest's tmp dir (screenshot_dir) for a look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import DESKTOP, PHONE, ShopFactory, box, overlap, settle

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
PAGES = ["/", "/collections/writing/", "/products/flash-drive/", "/pages/about/", "/404.html"]


def horizontal_overflow(page: Any) -> list[str]:
    """Elements that stick out past the right edge of the viewport (empty when none)."""
    return list(
        page.evaluate(
            """() => {
          const w = window.innerWidth;
          if (document.documentElement.scrollWidth <= w) return [];
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className);
        }"""
        )
    )


@pytest.mark.parametrize("size", VIEWPORTS)
def test_no_horizontal_scrolling(shop_factory: ShopFactory, size: str) -> None:
    shop = shop_factory(viewport=VIEWPORTS[size])
    page = shop.context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(shop.base_url + path)
        if found := horizontal_overflow(page):
            wide[path] = found
    assert not wide, f"pages that scroll sideways at {size} width (too-wide elements): {wide}"


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", ["/products/stylus/", "/products/travel-charger/"])
def test_product_photo_price_and_buy_button_do_not_overlap(
    shop_factory: ShopFactory, screenshot_dir: Path, size: str, path: str
) -> None:
    viewport = VIEWPORTS[size]
    page = shop_factory(viewport=viewport).open(path)
    settle(page)
    page.screenshot(path=str(screenshot_dir / f"{path.strip('/').replace('/', '-')}-{size}.png"))
    assert not horizontal_overflow(page), horizontal_overflow(page)

    photo = box(page, "[data-gallery-stage] img")
    price = box(page, "[data-offer] .price__now")
    buy = box(page, "[data-offer] .button--buy")
    title = box(page, "h1")
    named = {"photo": photo, "price": price, "buy button": buy, "title": title}
    for name, b in named.items():
        assert b["width"] > 0 and b["height"] > 0, f"{name} has no size at {size}"
        assert b["x"] >= 0 and b["x"] + b["width"] <= viewport["width"] + 1, (
            f"{name} sticks out of the {viewport['width']} px viewport: {b}"
        )
    names = list(named)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not overlap(named[a], named[b]), f"{a} overlaps {b} at {size}: {named}"
    assert photo["y"] < viewport["height"] / 2, "the main photo should start near the top"
    assert photo["width"] >= min(300, viewport["width"] * 0.8), f"main photo too small: {photo}"
    assert buy["height"] >= 44 and buy["width"] >= 44, f"buy button is a small target: {buy}"
    if size == "desktop":
        # side by side: photo on the left, price and buy button visible without scrolling
        assert price["x"] >= photo["x"] + photo["width"], "price should sit beside the photo"
        assert buy["y"] + buy["height"] <= viewport["height"], "buy button should be above fold"
    else:
        assert price["y"] >= photo["y"] + photo["height"], "price should come after the photo"


def test_phone_menu_opens_and_leads_to_a_category(
    shop_factory: ShopFactory, screenshot_dir: Path
) -> None:
    shop = shop_factory(viewport=PHONE)
    page = shop.open("/products/stylus/")
    toggle = page.locator(".site-nav summary")
    links = page.locator(".site-nav a")
    assert toggle.is_visible(), "a menu button should be shown on phones"
    assert not links.first.is_visible(), "the category list should start closed on phones"
    assert box(page, ".site-nav summary")["height"] >= 24, "menu button too small to tap"

    toggle.click()
    assert links.first.is_visible(), "tapping the menu button should show the categories"
    settle(page)
    page.screenshot(path=str(screenshot_dir / "menu-open-phone.png"))
    assert not horizontal_overflow(page), horizontal_overflow(page)
    page.keyboard.press("Escape")
    assert not links.first.is_visible(), "Escape should close the menu"
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    toggle.click()
    page.get_by_role("link", name="Storage").first.click()
    page.wait_for_url("**/collections/storage/")
    assert page.locator("h1").inner_text().strip() == "Storage"
    assert not shop.problems.all(), shop.problems.all()


def test_desktop_menu_is_open_without_a_toggle(shop_factory: ShopFactory) -> None:
    page = shop_factory(viewport=DESKTOP).open("/")
    assert not page.locator(".site-nav summary").is_visible(), "no menu button on wide screens"
    names = [t.strip() for t in page.locator(".site-nav a").all_inner_texts()]
    assert names == ["Charging", "Storage", "Writing"]
    assert all(page.locator(".site-nav a").nth(i).is_visible() for i in range(3))
