"""Site search of a market whose index is in parts, in a real browser: the demo store built
twice, once with each market's index whole and once in parts of 4 pages (STORE_SEARCH
shard_size; a big store gets parts of 150 pages). A shopper sees the same thing in both: the
same results for a word, products from every part, the same counts, the same filters with the
same numbers, a clear best match first; the parts' own WebAssembly is never loaded.

Known difference, told in README.md: each part scores its pages with its own word statistics,
so close matches may come in another order, and a part without a query's exact word may add
weak partial matches (Pagefind widens a search to similar words within each index)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from storefront_search.shards import shard_of
from tests.browser.conftest import shops
from tests.browser.helpers import ShopFactory
from tests.sitebuild import build

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo with whole indexes, and with indexes in parts (photos cached once)."""
    base = tmp_path_factory.mktemp("search-shards")
    whole = build(REPO, base / "whole", base / "cache")
    parts = build(REPO, base / "parts", base / "cache", STORE_SEARCH={"shard_size": 4})
    return whole, parts


@pytest.fixture
def both(browser: Any, stores: tuple[Path, Path]) -> Iterator[tuple[ShopFactory, ShopFactory]]:
    with shops(browser, stores[0]) as whole, shops(browser, stores[1]) as parts:
        yield whole, parts


def search_page(make: ShopFactory, address: str) -> dict[str, Any]:
    """What the search page at ``address`` shows once its results are in: the status line,
    the results' links (in order) and every filter's options with their counts."""
    shop = make()
    page = shop.open(address)
    page.wait_for_function("""() => {
        const s = document.querySelector('[data-search-page] [data-search-status]');
        return s && s.textContent.trim() !== ''; }""")
    shown = page.evaluate("""() => ({
        status: document.querySelector('[data-search-page] [data-search-status]').textContent,
        links: [...document.querySelectorAll('[data-search-results] a')]
            .map(a => new URL(a.href).pathname),
        filters: Object.fromEntries([...document.querySelectorAll('select[data-search-filter]')]
            .map(s => [s.dataset.searchFilter,
                       [...s.options].filter(o => o.value).map(o => o.textContent)]))})""")
    assert not shop.problems.all(), shop.problems.all()
    return dict(shown)


def test_the_demo_is_indexed_in_parts(stores: tuple[Path, Path]) -> None:
    whole, parts = stores
    assert not list(whole.rglob("shard-*")), "a small store's index stays in one part"
    entry = json.loads((parts / "en-us" / "pagefind" / "pagefind-entry.json").read_text())
    assert len(entry["storefront_shards"]) >= 3


@pytest.mark.parametrize("address", [
    "/en-us/search/?q=voltaro",
    "/en-us/search/?q=cable",
    "/de-de/search/?q=kabel",
    "/ja-jp/search/?q=%E5%85%85%E9%9B%BB",
])
def test_a_search_finds_the_same_pages_with_the_same_counts_in_parts(
        both: tuple[ShopFactory, ShopFactory], stores: tuple[Path, Path], address: str) -> None:
    whole, parts = both
    expected, got = search_page(whole, address), search_page(parts, address)
    assert got["status"] == expected["status"]
    assert sorted(got["links"]) == sorted(expected["links"])
    assert got["filters"] == expected["filters"], "filter counts summed over every part"
    code = address.split("/")[1]
    count = 1 + len(json.loads((stores[1] / code / "pagefind" / "pagefind-entry.json")
                               .read_text())["storefront_shards"])
    found_in = {shard_of(link.lstrip("/") + "index.html", count) for link in got["links"]}
    if len(got["links"]) >= 6:
        assert len(found_in) >= 2, f"results come from several parts: {found_in}"


def test_the_best_match_comes_first_in_parts(both: tuple[ShopFactory, ShopFactory]) -> None:
    """Each part ranks its own pages (Pagefind's scores use each part's own word statistics),
    and the merged list is ordered by score: a clear best match stays first."""
    for make in both:
        shop = make()
        page = shop.open("/en-us/search/?q=charger")
        results = page.locator("[data-search-results] li")
        results.first.wait_for()
        assert "Charger" in results.all_text_contents()[0]


def test_a_filter_counts_and_narrows_over_every_part(
        both: tuple[ShopFactory, ShopFactory]) -> None:
    whole, parts = both
    everything = search_page(parts, "/en-us/search/?q=voltaro")
    category = everything["filters"]["category"][0].rsplit(" (", 1)[0]
    address = f"/en-us/search/?q=voltaro&category={category}"
    expected, got = search_page(whole, address), search_page(parts, address)
    assert got["status"] == expected["status"]
    assert sorted(got["links"]) == sorted(expected["links"]) and got["links"]
    listed = int(everything["filters"]["category"][0].rsplit(" (", 1)[1].rstrip(")"))
    assert len(got["links"]) == listed, "the filter's count is the number of its results"


def test_the_header_box_finds_a_product_of_another_part(
        both: tuple[ShopFactory, ShopFactory], stores: tuple[Path, Path]) -> None:
    _, parts = both
    entry = json.loads((stores[1] / "en-us" / "pagefind" / "pagefind-entry.json").read_text())
    count = 1 + len(entry["storefront_shards"])
    shop = parts()
    requests: list[str] = []
    shop.context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    page = shop.open("/en-us/")
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially("cable", delay=20)
    page.locator("#site-search-list [role=option]").first.wait_for()
    hrefs = page.evaluate("""() => [...document.querySelectorAll(
        '#site-search-list [role=option]')].map(o => new URL(o.href).pathname)""")
    products = [h for h in hrefs if "/products/" in h]
    assert products
    assert any(shard_of(h.lstrip("/") + "index.html", count) != 1 for h in products), \
        "a product indexed in another part than the primary one is listed"
    merged = {p.split("/")[3] for p in requests if "/pagefind/shard-" in p}
    assert len(merged) == count - 1, "every other part is merged before the first search"
    assert not [p for p in requests if "/shard-" in p and ("wasm" in p or p.endswith(".js"))]
    assert not shop.problems.all(), shop.problems.all()
