"""Every kind of page loads cleanly, and images are set up for a fast first paint."""

from __future__ import annotations

import pytest

from tests.browser.helpers import Shop

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/collections/writing/",
    "/collections/charging/wall-chargers/",
    "/products/travel-charger/",
    "/products/flash-drive/",
    "/products/stylus/",
    "/pages/about/",
    "/404.html",
]
PRODUCTS = ["/products/travel-charger/", "/products/flash-drive/", "/products/stylus/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors(shop: Shop, path: str) -> None:
    page = shop.open(path)
    assert page.locator("h1").count() == 1, f"{path} should have one main heading"
    assert page.locator("main").is_visible()
    # bring lazy images in, so a broken one shows up as a failed request
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "[...document.images].filter(i => i.complete && i.currentSrc && !i.naturalWidth)"
        ".map(i => i.currentSrc)"
    )
    assert not broken, f"images that did not decode on {path}: {broken}"
    assert not shop.problems.all(), "\n".join(shop.problems.all())


@pytest.mark.parametrize("path", PRODUCTS)
def test_main_photo_is_the_eager_lcp_image_and_others_are_lazy(shop: Shop, path: str) -> None:
    page = shop.open(path)
    images = page.locator("img")
    main = page.locator("[data-gallery-stage] img").first
    assert main.get_attribute("fetchpriority") == "high", "the main photo should be fetched first"
    assert main.get_attribute("loading") != "lazy", "the main photo must not be lazy"
    assert main.evaluate("i => i.complete && i.naturalWidth > 0"), "the main photo should load"
    assert main.is_visible() and main.bounding_box()["y"] < 900, "main photo above the fold"
    main_handle = main.element_handle()
    eager = []
    for i in range(images.count()):
        img = images.nth(i)
        if img.evaluate("(i, m) => i === m", main_handle):
            continue
        if img.get_attribute("loading") != "lazy":
            eager.append(img.get_attribute("src"))
        assert img.get_attribute("fetchpriority") != "high", "only the main photo is high priority"
    assert not eager, f"every image but the main photo should be lazy on {path}: {eager}"


@pytest.mark.parametrize("path", ["/", "/collections/writing/", *PRODUCTS])
def test_every_image_has_alt_width_and_height(shop: Shop, path: str) -> None:
    page = shop.open(path)
    missing = page.evaluate(
        """() => [...document.images]
          .filter(i => !i.hasAttribute('alt') || !(+i.getAttribute('width') > 0)
                       || !(+i.getAttribute('height') > 0))
          .map(i => i.outerHTML.slice(0, 120))"""
    )
    assert page.locator("img").count() > 0, f"{path} should show product photos"
    assert not missing, f"<img> without alt, width or height on {path}: {missing}"
    gallery_alts = page.locator("[data-gallery-stage] img").evaluate_all("l => l.map(i => i.alt)")
    assert all(a.strip() for a in gallery_alts), f"gallery photos need a real alt: {gallery_alts}"
