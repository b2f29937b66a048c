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


# every header item and gallery thumbnail the browser shows, by position among its siblings
_DRAWN = """() => Object.fromEntries(
  [...document.querySelectorAll('.site-header__inner > *, .gallery__thumbs > li')]
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => e.checkVisibility({visibilityProperty: true}) && r.width * r.height > 0)
    .map(([e, r]) => [(e.className || e.tagName) + '@' + [...e.parentNode.children].indexOf(e),
                      [r.x, r.y, r.width, r.height].map(Math.round)]))"""


def _cuts(html: str) -> list[int]:
    """Where a slow network might stop a page for a moment: at each line of the header and of
    the gallery's thumbnail list (a browser paints what it has read so far)."""
    cuts = []
    for start, end in (("<header class=\"site-header\"", "</header>"),
                       ("<ul class=\"gallery__thumbs\"", "</ul>")):
        begin = html.find(start)
        if begin < 0:  # a page without a gallery
            continue
        stop = html.index(end, begin)
        cuts += [i for i in range(begin, stop) if html[i] == "\n"]
    return cuts


@pytest.mark.parametrize(("path", "viewport"), [
    ("/de-de/products/active-stylus-pen/", PHONE), ("/de-de/products/active-stylus-pen/", DESKTOP),
    ("/ar-sa/", PHONE)], ids=["phone-de-product", "desktop-de-product", "phone-ar-home"])
def test_a_page_painted_before_it_is_read_whole_moves_nothing_already_drawn(
        demo_shop: ShopFactory, path: str, viewport: dict[str, int]) -> None:
    """The header's items and the thumbnails a browser draws from the first part of a page are
    where they stay once the whole page is in: nothing already shown moves (a layout shift)
    when the rest arrives, whatever the point where the network paused."""
    shop = demo_shop(viewport=viewport)
    page = shop.open(path)
    final = page.evaluate(_DRAWN)
    html = page.content()
    assert len([key for key in final if not key.startswith("LI")]) >= 4  # brand, search, ...
    cuts = _cuts(html)
    url = shop.base_url + path
    moved: dict[str, tuple[list[int], list[int] | None]] = {}
    partial = shop.context.new_page()
    body = [""]
    partial.route(url, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=body[0]))
    for cut in cuts[::3]:
        body[0] = html[:cut]
        partial.goto(url, wait_until="load")
        for key, rect in partial.evaluate(_DRAWN).items():
            if final.get(key) != rect:
                moved[key] = (rect, final.get(key))
    assert moved == {}, f"{path}: drawn from part of the page, then moved: {moved}"
