"""The multi-angle gallery as a shopper uses it: thumbnails, keyboard, large view, no JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    Shop,
    ShopFactory,
    current_thumbs,
    focused,
    shown_photo,
    wait_for_photo,
)

pytestmark = pytest.mark.browser

CHARGER = "/products/travel-charger/"


def test_thumbnail_click_shows_that_photo(shop_factory: ShopFactory) -> None:
    shop = shop_factory(motion=True)  # with smooth scrolling, as most shoppers have it
    page = shop.open(CHARGER)
    assert shown_photo(page) == 1, "the first photo should be shown on load"
    assert current_thumbs(page) == [1], "the first thumbnail should be marked current on load"

    page.locator('[data-thumb="3"]').click()
    wait_for_photo(page, 3)
    assert current_thumbs(page) == [3], "aria-current should move to the clicked thumbnail"
    assert page.url.endswith(CHARGER), "a thumbnail click should not add #photo-N to the URL"

    page.locator('[data-thumb="2"]').click()
    wait_for_photo(page, 2)
    assert current_thumbs(page) == [2]
    assert not shop.problems.all(), shop.problems.all()


def test_arrow_keys_on_thumbnails_move_through_photos(shop: Shop) -> None:
    page = shop.open(CHARGER)
    page.locator('[data-thumb="1"]').focus()

    page.keyboard.press("ArrowRight")
    wait_for_photo(page, 2)
    assert current_thumbs(page) == [2]
    assert focused(page).endswith("#photo-2 2"), f"focus is on {focused(page)!r}"

    page.keyboard.press("ArrowRight")
    wait_for_photo(page, 3)
    page.keyboard.press("ArrowRight")
    wait_for_photo(page, 1)  # wraps around after the last photo
    assert current_thumbs(page) == [1]

    page.keyboard.press("ArrowLeft")
    wait_for_photo(page, 3)  # and backwards from the first
    page.keyboard.press("Home")
    wait_for_photo(page, 1)
    page.keyboard.press("End")
    wait_for_photo(page, 3)
    assert current_thumbs(page) == [3]
    assert focused(page).endswith("#photo-3 3"), f"focus is on {focused(page)!r}"


def test_arrow_keys_on_the_photo_stage(shop: Shop) -> None:
    page = shop.open(CHARGER)
    page.locator("[data-gallery-stage]").focus()
    page.keyboard.press("ArrowRight")
    wait_for_photo(page, 2)
    assert current_thumbs(page) == [2]
    assert page.evaluate("document.activeElement.hasAttribute('data-gallery-stage')"), (
        "arrow keys on the stage should keep focus on the stage"
    )


def test_swiping_the_stage_updates_the_current_thumbnail(shop: Shop) -> None:
    page = shop.open(CHARGER)
    page.evaluate(
        """() => {
      const stage = document.querySelector('[data-gallery-stage]');
      stage.style.scrollBehavior = 'auto';
      stage.scrollTo({left: stage.querySelector('#photo-3').offsetLeft - stage.offsetLeft});
    }"""
    )
    wait_for_photo(page, 3)
    page.wait_for_function(
        "document.querySelector('[data-thumb=\"3\"]').getAttribute('aria-current') === 'true'",
        timeout=2000,
    )
    assert current_thumbs(page) == [3]


def test_link_to_a_photo_selects_it(shop: Shop) -> None:
    page = shop.open(CHARGER + "#photo-2")
    wait_for_photo(page, 2)
    assert current_thumbs(page) == [2], "a #photo-N link should mark that photo's thumbnail"


def test_large_view_opens_and_escape_returns_focus(shop: Shop) -> None:
    page = shop.open(CHARGER)
    dialog = page.locator("[data-lightbox]")
    assert not dialog.is_visible(), "the large view should be closed on load"

    opener = page.locator("#photo-1 [data-zoom]")
    big = opener.get_attribute("href")
    opener.click()
    assert dialog.is_visible(), "clicking the photo should open the large view"
    assert page.evaluate("document.querySelector('[data-lightbox]').open")
    large = dialog.locator("img")
    assert large.get_attribute("src").endswith(big), "the large view should show the large JPEG"
    page.wait_for_function(
        "document.querySelector('[data-lightbox] img')?.naturalWidth > 0", timeout=3000
    )
    assert large.get_attribute("alt") == "Travel charger, front view with two USB-C ports"
    assert "Front" in dialog.locator("[data-lightbox-caption]").inner_text()
    assert page.evaluate(
        "document.querySelector('[data-lightbox]').contains(document.activeElement)"
    ), "focus should move into the large view"

    page.keyboard.press("Escape")
    assert not dialog.is_visible(), "Escape should close the large view"
    assert focused(page) == f"a {big}", f"focus should return to the photo, is on {focused(page)!r}"
    assert page.url.endswith(CHARGER), "opening the large view should not navigate"
    assert not shop.problems.all(), shop.problems.all()


def test_large_view_arrow_keys_then_close_keeps_that_photo(shop: Shop) -> None:
    page = shop.open(CHARGER)
    page.locator("#photo-1 [data-zoom]").click()
    caption = page.locator("[data-lightbox-caption]")
    page.keyboard.press("ArrowRight")
    assert "Side" in caption.inner_text(), f"caption after ArrowRight: {caption.inner_text()!r}"
    page.locator("[data-lightbox-next]").click()
    assert "Detail" in caption.inner_text(), f"caption after Next: {caption.inner_text()!r}"
    page.locator("[data-lightbox-close]").click()
    assert not page.locator("[data-lightbox]").is_visible()
    wait_for_photo(page, 3)
    assert current_thumbs(page) == [3], "the gallery should follow the photo seen in large view"
    big3 = page.locator("#photo-3 [data-zoom]").get_attribute("href")
    assert focused(page) == f"a {big3}", f"focus is on {focused(page)!r}"


def test_without_javascript_every_photo_is_reachable(shop_factory: ShopFactory) -> None:
    shop = shop_factory(javascript=False)
    page = shop.open(CHARGER)
    photos = page.locator("[data-gallery-stage] figure[id^='photo-']")
    thumbs = page.locator("[data-gallery-thumbs] a")
    assert photos.count() == 3, "all three photos should be in the page"
    assert thumbs.count() == 3, "one thumbnail per photo"
    ids = {f"#{photos.nth(i).get_attribute('id')}" for i in range(3)}
    hrefs = [thumbs.nth(i).get_attribute("href") for i in range(3)]
    assert set(hrefs) == ids, f"thumbnails should link to the photos in the page: {hrefs}"
    for i in range(3):
        caption = photos.nth(i).locator("figcaption").inner_text()
        assert caption.split()[0] in {"Front", "Side", "Detail"}, (
            f"angle label missing: {caption!r}"
        )

    thumbs.nth(2).click()
    assert page.url.endswith("#photo-3")
    wait_for_photo(page, 3)
    thumbs.nth(0).click()
    wait_for_photo(page, 1)

    for i in range(3):
        href = photos.nth(i).locator("a").get_attribute("href")
        response = page.request.get(shop.base_url + href)
        assert response.status == 200, f"large photo {href}: HTTP {response.status}"
        assert response.headers["content-type"] == "image/jpeg", href
        assert response.body()[:3] == b"\xff\xd8\xff", f"{href} is not a JPEG"

    page.locator("#photo-1 a").click()
    page.wait_for_load_state()
    assert page.url.endswith(".jpg"), "without JS the photo link opens the large JPEG"
    assert not page.locator("[data-lightbox][open]").count()
    assert not shop.problems.all(), shop.problems.all()
