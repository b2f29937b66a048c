"""The campaign hero in real Chromium: on a sale day it is the home page's largest contentful
paint, on a phone and on a laptop, left to right and right to left, and nothing moves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import MARKETS_FIXTURE, shops
from tests.browser.helpers import settle
from tests.browser.hero_shots import vitals
from tests.sitebuild import build

SALE_DAY = "2026-11-18"  # the markets fixture's autumn sale (hero: true) runs


@pytest.fixture(scope="module")
def sale_shops(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("hero-site")
    site = build(MARKETS_FIXTURE, base / "out", base / "cache", STORE_DATE=SALE_DAY)
    with shops(browser, site) as make:
        yield make


@pytest.mark.parametrize("market", ["en-us", "ar-sa"])
@pytest.mark.parametrize("width, height, composition", [(375, 812, "mobile"),
                                                         (1280, 900, "desktop")])
def test_the_hero_is_the_largest_paint_and_nothing_shifts(
        sale_shops: Any, screenshot_dir: Path, market: str, width: int, height: int,
        composition: str) -> None:
    shop = sale_shops(viewport={"width": width, "height": height})
    page = shop.open(f"/{market}/")
    settle(page)
    found = vitals(page)
    lcp = found["lcp"]
    assert lcp is not None and lcp["cls"] == "campaign-hero__img", lcp
    assert f"-{composition}-" in lcp["url"]  # the composition drawn for this screen
    assert found["cls"] == 0
    hero = page.locator(".campaign-hero__img")
    box = hero.bounding_box()
    assert box is not None and box["y"] < height / 2 and box["width"] >= width * 0.8
    # the call to action is a real link, readable and reachable at this width
    cta = page.locator(".campaign-hero__cta")
    cta_box = cta.bounding_box()
    assert cta_box is not None and cta_box["height"] >= 44
    assert cta_box["x"] >= 0 and cta_box["x"] + cta_box["width"] <= width
    page.screenshot(path=str(screenshot_dir / f"hero-{market}-{width}.png"))
    assert shop.problems.all() == []


@pytest.mark.parametrize("width, height, composition", [(375, 812, "mobile"),
                                                         (1280, 900, "desktop")])
def test_the_hero_is_fetched_once_from_its_preload_and_later_scripts_wait_for_the_page(
        sale_shops: Any, width: int, height: int, composition: str) -> None:
    """The head preloads the composition this screen shows (never the other one: no double
    download), and the search box's script (and the quote cart's, where there is one) is
    fetched only once the page has loaded, so it never competes with the hero."""
    shop = sale_shops(viewport={"width": width, "height": height})
    page = shop.open("/en-us/")
    fetched = page.evaluate("""() => performance.getEntriesByType('resource')
        .map(e => ({name: e.name, start: e.startTime, initiator: e.initiatorType}))""")
    heroes = [f for f in fetched if "/promotions/hero/" in f["name"]]
    assert len(heroes) == 1, heroes
    assert f"-{composition}-" in heroes[0]["name"] and heroes[0]["initiator"] == "link"
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    later = [f for f in fetched if "/js/search.js" in f["name"] or "/js/quote.js" in f["name"]]
    assert any("/js/search.js" in f["name"] for f in later), later
    assert all(f["start"] >= loaded for f in later), (later, loaded)
    assert page.locator("html[data-scripts-ready]").count() == 1
    assert shop.problems.all() == []
