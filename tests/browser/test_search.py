"""Site search in a real browser, on the demo store served over HTTP: the header box lists a
product as its title is typed, with the market's own price (en-US, de-DE), only the market's
own pages (en-GB), Japanese titles for Japanese words; it is a keyboard combobox that says
how many results there are; the search page keeps its query in the address; without
JavaScript the box submits to the search page; Pagefind loads only when the box is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.browser.conftest import shops
from tests.browser.helpers import PHONE, ShopFactory
from tests.sitebuild import build

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
PRODUCT = "products/braided-usb-c-cable"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search-demo")
    return build(REPO, base / "out", base / "cache")


@pytest.fixture
def demo(browser: Any, demo_dir: Path) -> Iterator[ShopFactory]:
    with shops(browser, demo_dir) as make:
        yield make


def shown(site: Path, code: str, product: str) -> tuple[str, str]:
    """A product page's title and headline price, as the built page shows them."""
    page = lxml.html.parse(str(site / code / product / "index.html"))
    return (page.xpath("string(//h1)").strip(),
            page.xpath('string((//*[@data-offer]//*[@class="price__now"])[1])').strip())


def type_query(page: Any, text: str) -> list[dict[str, str]]:
    """Type ``text`` into the header box; the options it then lists (title, price, href)."""
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially(text, delay=20)
    page.locator("#site-search-list [role=option]").first.wait_for()
    return list(page.evaluate("""() => [...document.querySelectorAll(
        '#site-search-list [role=option]')]
        .map(o => ({title: (o.querySelector('[class$=-title]') || o).textContent,
                    price: (o.querySelector('[class$=-price]') || {}).textContent || '',
                    href: o.getAttribute('href')}))"""))


@pytest.mark.parametrize("code", ["en-us", "de-de"])
def test_typing_a_title_word_lists_the_product_with_the_markets_price(
        demo: ShopFactory, demo_dir: Path, code: str) -> None:
    title, price = shown(demo_dir, code, PRODUCT)
    word = max(title.split(), key=len)  # the most telling word of the title
    shop = demo()
    page = shop.open(f"/{code}/")
    options = type_query(page, word)
    hit = [o for o in options if o["title"] == title]
    assert hit, f"{word!r} in {code} should list {title!r}; got {options}"
    assert hit[0]["price"] == price
    assert urlsplit(hit[0]["href"]).path == f"/{code}/{PRODUCT}/"
    assert not shop.problems.all(), shop.problems.all()


def test_en_gb_results_link_only_to_en_gb_pages(demo: ShopFactory) -> None:
    page = demo().open("/en-gb/")
    options = type_query(page, "Voltaro")
    products = [o for o in options if o["price"]]
    assert len(products) >= 3
    assert all(urlsplit(o["href"]).path.startswith("/en-gb/") for o in options
               if o["href"] and "/search/" not in o["href"]), options
    assert all(o["price"].startswith("£") for o in products), options


def test_a_japanese_query_finds_a_japanese_title(demo: ShopFactory, demo_dir: Path) -> None:
    title, price = shown(demo_dir, "ja-jp", "products/gan-charger-65w")
    assert "充電器" in title
    options = type_query(demo().open("/ja-jp/"), "充電器")
    assert any(o["title"] == title and o["price"] == price for o in options), options


def test_the_box_is_a_keyboard_combobox_that_announces_the_count(demo: ShopFactory) -> None:
    page = demo().open("/en-us/")
    box = page.locator("#site-search-q")
    options = type_query(page, "cable")
    assert box.get_attribute("aria-expanded") == "true"
    status = page.locator("form[data-search] [role=status]").text_content() or ""
    listed = [o for o in options if "/search/" not in (o["href"] or "")]
    more = page.locator("#site-search-opt-all").count()
    assert status.startswith("Results: "), status
    total = int(status.removeprefix("Results: "))
    assert total == len(listed) if not more else total > len(listed), (status, listed)
    box.press("ArrowDown")
    first = page.locator("#site-search-list [role=option]").first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # back to the field
    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowUp")  # wraps to the last option
    last = page.locator("#site-search-list [role=option]").last
    assert box.get_attribute("aria-activedescendant") == last.get_attribute("id")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-search-list").is_hidden()
    assert box.input_value() == "cable"
    box.press("Escape")
    assert box.input_value() == ""
    # Enter on a chosen result opens it
    type_query(page, "cable")
    box.press("ArrowDown")
    href = page.locator("#site-search-list [role=option]").first.get_attribute("href")
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == urlsplit(href).path
    assert options


def test_the_search_page_keeps_the_query_in_the_address(demo: ShopFactory) -> None:
    page = demo().open("/en-us/search/?q=charger")
    results = page.locator("[data-search-results] li")
    results.first.wait_for()
    titles = results.all_text_contents()
    assert "Charger" in titles[0], titles  # best match first
    assert page.locator("#search-page-q").input_value() == "charger"
    page.locator("#search-page-q").fill("cable")
    page.wait_for_function("() => location.search === '?q=cable'")
    page.wait_for_function("""() => /Cable/.test(
        document.querySelector('[data-search-results] li')?.textContent || '')""")
    before = page.locator("[data-search-results] li").all_text_contents()
    page.reload()
    assert page.locator("#search-page-q").input_value() == "cable"
    page.locator("[data-search-results] li").first.wait_for()
    page.wait_for_function("(n) => document.querySelectorAll('[data-search-results] li')"
                           ".length === n", arg=len(before))
    assert page.locator("[data-search-results] li").all_text_contents() == before
    # a filter narrows the list and is kept in the address too
    select = page.locator("select[data-search-filter=category]")
    values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert values
    select.select_option(values[0])
    page.wait_for_function("(v) => new URLSearchParams(location.search).get('category') === v",
                           arg=values[0])


def test_without_javascript_the_box_submits_to_the_search_page(demo: ShopFactory) -> None:
    page = demo(javascript=False).open("/de-de/")
    page.locator("#site-search-q").fill("Kabel")
    with page.expect_navigation():
        page.locator("#site-search-q").press("Enter")
    assert urlsplit(page.url).path == "/de-de/search/"
    assert urlsplit(page.url).query == "q=Kabel"
    assert "Die Suche braucht JavaScript" in page.locator("main").inner_text()
    assert page.locator("main .chip").count() >= 2  # the categories to browse instead


def test_pagefind_loads_only_when_the_box_is_used(demo: ShopFactory) -> None:
    shop = demo(viewport=PHONE)
    requests: list[str] = []
    shop.context.on("request", lambda r: requests.append(r.url))
    page = shop.open("/en-us/products/braided-usb-c-cable/")
    page.wait_for_timeout(300)
    assert not [u for u in requests if "/pagefind/" in u]
    page.locator("#site-search-q").focus()
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.includes('/en-us/pagefind/pagefind.js'))")
    assert not shop.problems.all(), shop.problems.all()


def test_the_box_fits_a_phone(demo: ShopFactory) -> None:
    page = demo(viewport=PHONE).open("/ja-jp/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    box = page.locator("#site-search-q").bounding_box()
    assert box is not None and box["width"] >= 200



def test_a_query_without_results_says_so_outside_the_listbox(demo: ShopFactory) -> None:
    page = demo().open("/de-de/")
    box = page.locator("#site-search-q")
    box.press_sequentially("zzqxv", delay=20)
    message = page.locator(".site-search__none")
    message.wait_for()
    assert message.text_content() == "Keine Treffer für „zzqxv“."
    assert page.locator("form[data-search] [role=status]").text_content() == message.text_content()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-search-list > *").count() == 0
    box.press("Escape")
    assert message.is_hidden()
