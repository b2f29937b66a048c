"""Customer reviews on a product page in real Chromium: the first five shown, "show more"
reveals the rest below its button with and without JavaScript and nothing above it moves,
customer text is shown as written (never run as markup), a right-to-left review runs right to
left on a left-to-right page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import DESKTOP, PHONE, ShopFactory, shifts_during

CABLE = "/products/usb-cable/"
ITEMS = "#reviews li[data-review-id]"


def visible_reviews(page: Any) -> int:
    return int(page.evaluate(f"""() => [...document.querySelectorAll('{ITEMS}')]
        .filter(li => li.checkVisibility()).length"""))


def page_top(page: Any, selector: str) -> float:
    """The document y of the first match (scrolling cannot change it)."""
    return float(page.evaluate(
        f"() => document.querySelector('{selector}').getBoundingClientRect().top + scrollY"))


_CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    if (!e.hadRecentInput) total += e.value; })).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 200);
})"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_show_more_reveals_the_rest_below_its_button_without_moving_anything_above(
        shop_factory: ShopFactory, viewport: dict[str, int], javascript: bool) -> None:
    shop = shop_factory(viewport=viewport, javascript=javascript)
    page = shop.open(CABLE)
    button = page.locator("#reviews .reviews__more > summary")
    button.scroll_into_view_if_needed()
    assert page.locator(ITEMS).count() == 7
    assert visible_reviews(page) == 5
    assert button.inner_text().strip() == "Show 2 more reviews"
    above = {sel: page_top(page, sel) for sel in (
        "#reviews-title", "[data-review-summary]", f"{ITEMS}:first-child",
        ".reviews__more > summary")}
    if javascript:  # the shift observers are scripts: measured where scripts run
        assert shifts_during(page, button.click) == []
    else:
        button.click()
    assert visible_reviews(page) == 7
    assert button.inner_text().strip() == "Show fewer reviews"
    assert {sel: page_top(page, sel) for sel in above} == above  # the button stays put
    if javascript:  # no layout shift at all while the page loaded and the reviews opened
        assert page.evaluate(_CLS) == 0
    assert not shop.problems.page and not shop.problems.console


def test_customer_text_is_shown_as_written_and_never_runs(shop_factory: ShopFactory) -> None:
    shop = shop_factory()
    page = shop.open(CABLE)
    page.locator("#reviews .reviews__more > summary").click()
    titles = page.locator("#reviews .review__title").all_inner_texts()
    assert "<script>alert('x')</script> fine" in titles
    assert "Pat <b>O'Neil</b>" in page.locator("#reviews .review__author").all_inner_texts()
    assert page.locator("#reviews script, #reviews b").count() == 0
    assert not shop.problems.page


def test_a_right_to_left_review_runs_right_to_left_with_its_own_language(
        shop_factory: ShopFactory) -> None:
    page = shop_factory().open(CABLE)
    page.locator("#reviews .reviews__more > summary").click()  # English ones come first
    arabic = page.locator('#reviews li[lang="ar"]')
    assert arabic.count() == 1
    assert arabic.evaluate("a => getComputedStyle(a.querySelector('.review__body p')).direction"
                           ) == "rtl"
    # the store's own words around it (date, badge) stay in the page's language and direction
    meta = arabic.locator(".review__meta")
    assert meta.get_attribute("lang") == "en"
    assert meta.evaluate("m => getComputedStyle(m).direction") == "ltr"
    assert "Verified buyer" in meta.inner_text()
