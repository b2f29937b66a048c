"""Festival pages in a real Chromium: the demo store on Black Friday 2026 (a `--date`
preview). From any page the keyboard reaches the sale's banner right after the skip link and
follows it to the festival page, which loads without a console error or a layout shift and
fits a phone without sideways scrolling, left to right and right to left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import shops
from tests.browser.helpers import DESKTOP, PHONE, ShopFactory, focused, settle
from tests.sitebuild import build

REPO = Path(__file__).resolve().parent.parent.parent

LAYOUT_SHIFT = """() => new Promise(resolve => {
  new PerformanceObserver(list => resolve(list.getEntries()
      .filter(e => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0)))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(0), 500);
})"""


@pytest.fixture(scope="module")
def demo_shop(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShopFactory]:
    base = tmp_path_factory.mktemp("festival-browser")
    site = build(REPO, base / "out", base / "cache", IMAGE_WIDTHS=[320, 640],
                 IMAGE_FORMATS=["webp", "jpeg"], STORE_DATE="2026-11-27")
    with shops(browser, site) as make:
        yield make


def test_the_keyboard_follows_the_banner_to_the_festival_page(demo_shop: ShopFactory) -> None:
    shop = demo_shop(viewport=DESKTOP)
    page = shop.open("/de-de/products/active-stylus-pen/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert focused(page) == "a /de-de/black-friday/"  # the banner's link
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/de-de/black-friday/")
    assert page.locator("h1").inner_text() == "Black Friday 2026: Angebote"
    assert page.locator(".card").count() >= 5
    assert shop.problems.all() == []


@pytest.mark.parametrize("path", ["/de-de/black-friday/", "/ar-sa/white-friday/",
                                  "/ja-jp/black-friday/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_festival_page_is_steady_and_fits(demo_shop: ShopFactory, path: str,
                                              viewport: dict[str, int]) -> None:
    shop = demo_shop(viewport=viewport)
    page = shop.open(path)
    settle(page)
    assert page.evaluate(LAYOUT_SHIFT) == 0, f"{path}: the layout shifts while it loads"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{path}: {width}px wide on a {viewport['width']}px screen"
    assert shop.problems.all() == []
