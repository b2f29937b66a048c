"""Sort and filter on collection pages (js/facets.js) in real Chromium: over all of a
collection's products (not only the page shown), state in the URL (reload, back and forward),
keyboard, screen-reader count, cards like the server's, no layout shift, no-JS fallback."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.helpers import PHONE, Shop, ShopFactory, focused, shifts_during

pytestmark = pytest.mark.browser

#: the fixture store's Charging collection: one product a page (STORE_PER_PAGE = 1), two pages
CHARGING = "/collections/charging/"
#: the multi-market store's Charging collection: three products, only the station has colours
EN_CHARGING = "/en-us/collections/charging/"
DE_CHARGING = "/de-de/collections/charging/"


def amount(text: str) -> float:
    """A shown US price as a number ("$1,349.00" -> 1349.0)."""
    return float(re.sub(r"[^\d.]", "", text))


def shown(page: Any) -> list[tuple[str, str]]:
    """(title, price) of every card the grid shows, once it shows what the URL asks for."""
    page.wait_for_function("""() => {
      const r = document.querySelector('[data-facets-results]');
      const q = new URLSearchParams(location.search);
      if (q.get('page') === '1') q.delete('page');
      return !location.search || r.getAttribute('data-facets-shown') === (
        q.toString() ? '?' + q.toString() : '');
    }""")
    page.wait_for_selector(".collection-results .grid .card")
    return [(c.locator(".card__link").inner_text().strip(),
             c.locator(".card__now").inner_text().strip())
            for c in page.locator(".collection-results .grid .card").all()]


def all_pages(page: Any) -> list[tuple[str, str]]:
    """The cards of every page of the current results, following the Next links."""
    cards = shown(page)
    while page.locator(".collection-results a.pagination__step[rel=next]").count():
        before = page.url
        page.locator(".collection-results a.pagination__step[rel=next]").click()
        page.wait_for_function("u => location.href !== u", arg=before)
        cards += shown(page)
    return cards


def status(page: Any) -> str:
    return str(page.locator("[data-facets-status]").inner_text()).strip()


def open_filters(page: Any) -> None:
    page.locator(".facets__toggle").click()


def test_price_low_to_high_orders_every_product_of_a_paginated_collection(shop: Shop) -> None:
    page = shop.open(CHARGING)
    server = all_pages(shop.open(CHARGING))  # the server's order, page by page
    assert len(server) == 2 and page.locator(".pagination").count() == 1
    page.select_option("#facets-sort", "price-asc")
    page.wait_for_url(re.compile(r"\?sort=price-asc$"))
    sorted_cards = all_pages(page)
    prices = [amount(p) for _, p in sorted_cards]
    assert prices == sorted(prices), sorted_cards
    assert sorted(sorted_cards) == sorted(server)  # every product, each once
    assert "page=2" in page.url  # the second page of the sorted results
    page.select_option("#facets-sort", "price-desc")
    prices = [amount(p) for _, p in all_pages(page)]
    assert prices == sorted(prices, reverse=True)
    assert shop.problems.all() == []


def test_filtering_by_a_colour_shows_only_products_with_that_colour(
        markets_shop_factory: ShopFactory) -> None:
    shop = markets_shop_factory()
    page = shop.open(EN_CHARGING)
    assert len(shown(page)) == 3
    open_filters(page)
    label = page.locator("label.facets__check", has_text="Black").inner_text()
    assert " ".join(label.split()) == "Black (1)"
    page.locator("label.facets__check", has_text="Black").click()
    page.wait_for_url(re.compile(r"\?color=Black$"))
    assert [t for t, _ in shown(page)] == ["Charging Station 20-Port"]
    assert status(page) == "1 product"
    assert page.locator(".collection-results .pagination").count() == 0
    page.locator(".facets__clear").click()
    page.wait_for_url(re.compile(r"/en-us/collections/charging/$"))
    assert len(shown(page)) == 3 and status(page) == "3 products"
    assert shop.problems.all() == []


def test_reload_and_back_forward_restore_the_state_from_the_url(
        markets_shop_factory: ShopFactory) -> None:
    shop = markets_shop_factory()
    page = shop.open(f"{DE_CHARGING}?sort=price-desc&color=Schwarz")
    assert page.locator("#facets-sort").input_value() == "price-desc"
    assert page.locator('input[name="color"][value="Schwarz"]').is_checked()
    assert [t for t, _ in shown(page)] == ["Ladestation mit 20 Ports"]
    open_filters(page)
    page.locator('input[name="color"][value="Schwarz"]').uncheck()
    page.wait_for_url(re.compile(r"\?sort=price-desc$"))
    desc = shown(page)
    assert len(desc) == 3
    page.reload()
    assert shown(page) == desc and page.locator("#facets-sort").input_value() == "price-desc"
    assert not page.locator('input[name="color"][value="Schwarz"]').is_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"color=Schwarz"))
    assert [t for t, _ in shown(page)] == ["Ladestation mit 20 Ports"]
    assert page.locator('input[name="color"][value="Schwarz"]').is_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"\?sort=price-desc$"))
    assert shown(page) == desc
    assert status(page) == "3 Produkte"  # announced in the market's language
    assert shop.problems.all() == []


def test_the_controls_work_from_the_keyboard(markets_shop_factory: ShopFactory) -> None:
    shop = markets_shop_factory()
    page = shop.open(EN_CHARGING)
    page.locator("#facets-sort").focus()
    page.keyboard.press("End")  # the last order: name
    page.wait_for_url(re.compile(r"\?sort=name$"))
    titles = [t for t, _ in shown(page)]
    assert titles == sorted(titles)
    page.keyboard.press("Tab")
    assert focused(page) == "summary"
    page.keyboard.press("Enter")  # opens the filters
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.value") != "White":
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"\?sort=name&color=White$"))
    assert [t for t, _ in shown(page)] == ["Charging Station 20-Port"]
    assert status(page) == "1 product"
    # every control has a name a screen reader says
    for control in page.locator("form[data-facets] select, form[data-facets] input").all():
        assert control.evaluate("e => e.labels.length") == 1


def test_cards_drawn_by_the_script_are_the_servers_cards(
        markets_shop_factory: ShopFactory) -> None:
    shop = markets_shop_factory()
    page = shop.open(EN_CHARGING)

    def cards() -> dict[str, str]:
        shown(page)
        return {c.locator(".card__link").get_attribute("href"):
                re.sub(r"\s+", " ", re.sub(r">\s+<", "><", c.evaluate("e => e.outerHTML")))
                for c in page.locator(".collection-results .card").all()}

    server = cards()
    page.select_option("#facets-sort", "name")
    page.wait_for_url(re.compile(r"\?sort=name$"))
    drawn = cards()
    assert drawn == server


def test_no_layout_shift_when_sorting_or_restoring_a_filtered_page(
        markets_shop_factory: ShopFactory) -> None:
    shop = markets_shop_factory()
    page = shop.open(EN_CHARGING)
    shifts = shifts_during(page, lambda: page.select_option("#facets-sort", "price-asc"))
    assert shifts == []
    page = shop.open(f"{EN_CHARGING}?color=White")
    page.wait_for_function("document.querySelectorAll('.collection-results .card').length == 1")
    page.wait_for_timeout(300)
    moved = page.evaluate("""() => new Promise(resolve => {
      const where = [];
      new PerformanceObserver(l => l.getEntries().forEach(e => e.sources.forEach(s => {
        const el = s.node && s.node.closest ? s.node : s.node && s.node.parentElement;
        where.push(el ? ((el.closest('main, footer') || {}).tagName || '') : '');
      }))).observe({type: 'layout-shift', buffered: true});
      setTimeout(() => resolve(where), 300);
    })""")
    # the header may move while a busy machine paints it; the results and the footer never
    assert [m for m in moved if m in ("MAIN", "FOOTER")] == []


def test_without_javascript_the_controls_are_hidden_and_the_pages_keep_the_server_order(
        shop_factory: ShopFactory) -> None:
    shop = shop_factory(javascript=False)
    page = shop.open(CHARGING)
    assert not page.locator("form[data-facets]").is_visible()
    first = shown(page)
    page.locator(".pagination a[rel=next]").click()
    assert len(first + shown(page)) == 2


@pytest.mark.parametrize("path", [EN_CHARGING, "/ar-sa/collections/charging/"])
def test_the_open_filters_fit_a_phone_screen(markets_shop_factory: ShopFactory, path: str) -> None:
    page = markets_shop_factory(viewport=PHONE).open(path)
    open_filters(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for control in page.locator("form[data-facets] select, form[data-facets] input, "
                                "form[data-facets] button, .facets__toggle").all():
        b = control.bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"]
        assert b["height"] >= 18  # large enough to tap (checkboxes sit in 32 px rows)
