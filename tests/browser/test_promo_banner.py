"""The promotion banner in a real browser, with a faked clock: the countdown ticks, the banner
goes away the moment its sale ends (and never shows outside its sale), prices stay what the
HTML says, nothing shifts when the countdown fills in, and the banner is never the page's
largest paint.

The markets fixture is built on 18 November 2026, inside its autumn sale
(tests/fixtures/markets/content/promotions/autumn-sale.yml: en-us, de-de and ar-sa until the end
of 20 November, local time): as the real build of that day (SOURCE_DATE_EPOCH), whose banner
follows the visitor's clock, and as a `storefront build --date` preview (STORE_DATE), whose
banner's clock starts at the previewed moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from storefront_catalog.settings import parse_moment
from tests.browser.conftest import MARKETS_FIXTURE, _contexts, _serve, shops
from tests.browser.helpers import DESKTOP, PHONE, Shop, ShopFactory, box, settle, shifts_during
from tests.cldr import long_date
from tests.sitebuild import build

pytestmark = pytest.mark.browser

BUILT_ON = "2026-11-18"
#: the end of the sale in New York, Berlin and Riyadh (data-promo-end)
END = {
    "en-us": datetime.fromisoformat("2026-11-21T00:00:00-05:00"),
    "de-de": datetime.fromisoformat("2026-11-21T00:00:00+01:00"),
    "ar-sa": datetime.fromisoformat("2026-11-21T00:00:00+03:00"),
}
START = datetime.fromisoformat("2026-11-16T00:00:00-05:00")  # en-us
PRODUCT = "/{market}/products/usb-cable/"
BANNER = "[data-promo]"


@pytest.fixture(scope="module")
def sale_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The markets fixture as built on a day of its sale (a real build, not a preview)."""
    base = tmp_path_factory.mktemp("promo-browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(int(parse_moment(BUILT_ON).timestamp())))
        return build(MARKETS_FIXTURE, base / "out", base / "cache")


@pytest.fixture(scope="module")
def preview_shop(browser: Any, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[ShopFactory]:
    """shop_factory for the store previewed on a day of its sale (`storefront build --date`)."""
    base = tmp_path_factory.mktemp("promo-preview")
    site = build(MARKETS_FIXTURE, base / "out", base / "cache", STORE_DATE=BUILT_ON)
    with shops(browser, site) as make:
        yield make


@pytest.fixture(scope="module")
def sale_url(sale_site: Path) -> Iterator[str]:
    with _serve(sale_site) as url:
        yield url


@pytest.fixture
def sale_shop(browser: Any, sale_url: str) -> Iterator[ShopFactory]:
    """shop_factory for the store built during its sale."""
    make, contexts = _contexts(browser, sale_url)
    yield make
    for context in contexts:
        context.close()


def open_at(shop: Shop, path: str, moment: datetime, script: str | None = None) -> Any:
    """``path`` opened with the page's clock set to ``moment`` and paused there (``script``
    runs first in the page)."""
    page = shop.context.new_page()
    shop.watch(page)
    if script:
        page.add_init_script(script)
    page.clock.install(time=moment - timedelta(seconds=30))
    page.goto(shop.base_url + path, wait_until="load")
    page.clock.pause_at(moment)
    return page


def countdown(page: Any) -> str:
    return str(page.locator("[data-promo-countdown]").inner_text()).strip()


def prices(page: Any) -> list[str]:
    """Every price text of the page (headline, struck-through, variant offers, tiers)."""
    return list(page.evaluate(
        """() => [...document.querySelectorAll('.price__now, .price__was, .card__now, .card__was')]
                 .map(e => e.textContent.replace(/\\s+/g, ' ').trim())"""))


def html_prices(site: Path, path: str) -> list[str]:
    """The same price texts as the HTML file holds them (what Merchant Center reads)."""
    doc = lxml.html.parse(str(site / path.strip("/") / "index.html")).getroot()
    found = doc.xpath("//*[contains(concat(' ', @class, ' '), ' price__now ')"
                      " or contains(concat(' ', @class, ' '), ' price__was ')"
                      " or contains(concat(' ', @class, ' '), ' card__now ')"
                      " or contains(concat(' ', @class, ' '), ' card__was ')]"
                      "[not(ancestor::template)]")
    return [" ".join(e.text_content().split()) for e in found]


# -- the countdown and the end of the sale --------------------------------------------------------
@pytest.mark.parametrize(("market", "before", "after"), [
    ("en-us", "Ends in 1 day, 00:00:10", "Ends in 1 day, 00:00:07"),
    ("de-de", "Endet in 1 Tg., 00:00:10", "Endet in 1 Tg., 00:00:07"),
    # Latin digits, like the prices and dates Babel writes on the page
    ("ar-sa", "ينتهي خلال يوم و00:00:10", "ينتهي خلال يوم و00:00:07"),
])
def test_the_countdown_ticks_in_the_markets_language(
        sale_shop: ShopFactory, market: str, before: str, after: str) -> None:
    shop = sale_shop()
    page = open_at(shop, PRODUCT.format(market=market), END[market] - timedelta(days=1, seconds=10))
    assert countdown(page) == before
    page.clock.run_for(3000)
    assert countdown(page) == after
    page.clock.fast_forward("02:00:00")
    page.clock.run_for(1000)
    assert countdown(page).endswith("22:00:06")
    assert not shop.problems.all(), shop.problems.all()


@pytest.mark.parametrize(("market", "before", "after"), [
    ("en-us", "Ends in 1 day 00:00:10", "Ends in 1 day 00:00:09"),
    ("ar-sa", "ينتهي خلال يوم 00:00:10", "ينتهي خلال يوم 00:00:09"),
])
def test_browsers_without_intl_durationformat_count_down_too(
        sale_shop: ShopFactory, market: str, before: str, after: str) -> None:
    shop = sale_shop()
    page = open_at(shop, PRODUCT.format(market=market), END[market] - timedelta(days=1, seconds=10),
                   script="delete Intl.DurationFormat;")
    assert countdown(page) == before
    page.clock.run_for(1000)
    assert countdown(page) == after


def test_the_banner_goes_away_when_the_sale_ends_and_prices_never_change(
        sale_shop: ShopFactory, sale_site: Path) -> None:
    shop = sale_shop()
    path = PRODUCT.format(market="en-us")
    page = open_at(shop, path, END["en-us"] - timedelta(seconds=3))
    banner = page.locator(BANNER)
    assert banner.is_visible() and countdown(page) == "Ends in 00:00:03"
    shown = prices(page)
    assert shown == html_prices(sale_site, path)
    assert shown[:2] == ["$8.10", "Regular price $9.00"]  # the sale, the regular price struck
    page.clock.run_for(2000)
    assert banner.is_visible() and countdown(page) == "Ends in 00:00:01"
    page.clock.run_for(1000)
    assert banner.is_hidden(), "the banner should go the moment the sale ends"
    # the sale prices stay as published: only a rebuild changes a price, never JavaScript
    assert prices(page) == shown
    assert not shop.problems.all(), shop.problems.all()


@pytest.mark.parametrize("moment", [END["en-us"] + timedelta(minutes=1),
                                    END["en-us"] + timedelta(days=30),
                                    START - timedelta(minutes=1)],
                         ids=["just-after", "a-month-after", "before-start"])
def test_a_banner_opened_outside_its_sale_is_hidden_at_once(
        sale_shop: ShopFactory, sale_site: Path, moment: datetime) -> None:
    shop = sale_shop()
    page = shop.context.new_page()
    page.clock.install(time=moment)
    page.goto(shop.base_url + "/en-us/", wait_until="domcontentloaded")
    assert page.locator(BANNER).count() == 1 and page.locator(BANNER).is_hidden()
    assert prices(page) == html_prices(sale_site, "/en-us/")


@pytest.mark.parametrize("opened", [END["en-us"] + timedelta(days=30),
                                    START - timedelta(days=10)],
                         ids=["a-month-after", "ten-days-before"])
def test_a_preview_shows_the_sale_as_on_the_previewed_day_whenever_it_is_opened(
        preview_shop: ShopFactory, opened: datetime) -> None:
    """The marketer opens the 18 November preview long after (or before) the sale: the banner
    stays, counting down from 18 November 12:00 UTC, not from the visitor's clock."""
    shop = preview_shop()
    page = shop.context.new_page()
    shop.watch(page)
    page.clock.set_fixed_time(opened)
    page.goto(shop.base_url + PRODUCT.format(market="en-us"), wait_until="load")
    banner = page.locator(BANNER)
    assert banner.is_visible(), "a preview's banner must not hide itself by the real clock"
    # from 2026-11-18T12:00Z to the end, 2026-11-21T00:00-05:00: 2 days and 17 hours
    assert countdown(page) == "Ends in 2 days, 17:00:00"
    assert not shop.problems.all(), shop.problems.all()


def test_without_javascript_the_banner_shows_its_text_and_last_day(
        sale_shop: ShopFactory) -> None:
    page = sale_shop(viewport=PHONE, javascript=False).open("/de-de/")
    banner = page.locator(BANNER)
    assert banner.is_visible()
    assert banner.locator(".promo__until").inner_text() == (
        f"bis {long_date(date(2026, 11, 20), 'de_DE')}")
    assert page.locator("[data-promo-countdown]").is_hidden()


# -- layout: no shift, never the LCP, reserved and mirrored --------------------------------------
@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("market", ["en-us", "ar-sa"])
def test_the_countdown_fills_in_without_moving_anything(
        sale_shop: ShopFactory, size: str, market: str) -> None:
    shop = sale_shop(viewport=PHONE if size == "phone" else DESKTOP)
    page = open_at(shop, PRODUCT.format(market=market), END[market] - timedelta(days=2))
    settle(page)
    filled = {"header": box(page, ".site-header")["y"], "main": box(page, "main")["y"],
              "banner": box(page, BANNER)["height"]}
    # the box as the HTML first lays it out, before store.js writes into it
    page.evaluate("() => { document.querySelector('[data-promo-countdown]').textContent = ''; }")
    empty = {"header": box(page, ".site-header")["y"], "main": box(page, "main")["y"],
             "banner": box(page, BANNER)["height"]}
    assert empty == filled, f"the countdown moves the page at {size} size: {empty} -> {filled}"
    shifts = shifts_during(page, lambda: page.clock.run_for(3000))  # three ticks
    assert countdown(page) and box(page, ".site-header")["y"] == filled["header"]
    assert shifts == [], f"layout shifts on {market} at {size} size: {shifts}"
    # small: one line on a laptop, at most two on a phone
    lines = 1 if size == "desktop" else 2
    assert filled["banner"] <= lines * 20 + 16, f"the banner is {filled['banner']} px tall"


LCP_ELEMENT = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const last = list.getEntries().at(-1);
    const el = last && last.element;
    resolve({inBanner: !!(el && el.closest('[data-promo]')),
             what: el ? el.tagName + '.' + el.className : (last ? last.url : 'none')});
  }).observe({type: 'largest-contentful-paint', buffered: true});
})"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("path", ["/de-de/products/charging-station/", "/en-us/products/usb-cable/",
                                  "/ar-sa/collections/charging/"])
def test_the_banner_is_never_the_largest_paint(
        sale_shop: ShopFactory, size: str, path: str) -> None:
    shop = sale_shop(viewport=PHONE if size == "phone" else DESKTOP)
    page = open_at(shop, path, END["de-de"] - timedelta(days=1))
    settle(page)
    page.clock.resume()
    page.wait_for_timeout(300)  # a few frames: the photos loaded are painted and reported
    found = page.evaluate(LCP_ELEMENT)
    assert found["what"] != "none", "no largest-contentful-paint entry"
    assert not found["inBanner"], f"the banner is the LCP element on {path}: {found['what']}"


def test_the_banner_is_a_labelled_region_that_is_not_read_out_every_second(
        sale_shop: ShopFactory) -> None:
    page = open_at(sale_shop(), "/de-de/", END["de-de"] - timedelta(hours=5))
    region = page.get_by_role("region", name="Aktion", exact=True)  # not "Herbstaktion: ..."
    assert region.count() == 1 and region.is_visible()
    timer = region.get_by_role("timer")
    assert timer.get_attribute("aria-live") == "off" and timer.inner_text().startswith("Endet in")
    assert region.locator("[aria-live]:not([aria-live='off'])").count() == 0
    # nothing to tab to in the banner: the skip link stays the first stop
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"


def test_the_banner_mirrors_right_to_left(sale_shop: ShopFactory) -> None:
    shop = sale_shop(viewport=DESKTOP)
    edges = {}
    for market in ("en-us", "ar-sa"):
        page = open_at(shop, f"/{market}/", END[market] - timedelta(days=1))
        text, clock = box(page, ".promo__text"), box(page, "[data-promo-countdown]")
        assert abs(text["y"] - clock["y"]) < 4, f"{market}: one line on a laptop"
        edges[market] = text["x"] < clock["x"]
    # English reads from the left: the message first, the countdown after it on the right;
    # Arabic is the mirror image
    assert edges == {"en-us": True, "ar-sa": False}
