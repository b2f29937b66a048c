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
    "/search/?q=charger",
    "/404.html",
]
PRODUCTS = ["/products/travel-charger/", "/products/flash-drive/", "/products/stylus/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors(shop: Shop, path: str) -> None:
    page = shop.open(path)
    assert page.locator("h1").count() == 1, f"{path} should have one main heading"
    assert page.locator("main").is_visible()
    # load the lazy images too, so a broken one shows up as a failed request
    broken = page.evaluate(
        """async () => {
          const images = [...document.images];
          images.forEach(i => { i.loading = 'eager'; });
          await Promise.all(images.map(i => i.decode().catch(() => null)));
          return images.filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src);
        }"""
    )
    assert not broken, f"images that did not decode on {path}: {broken}"
    assert not shop.problems.all(), "\n".join(shop.problems.all())


@pytest.mark.parametrize("path", PRODUCTS)
def test_main_photo_is_the_eager_lcp_image_and_others_are_lazy(shop: Shop, path: str) -> None:
    page = shop.open(path)
    main = page.locator("[data-gallery-stage] img").first
    assert main.get_attribute("fetchpriority") == "high", "the main photo should be fetched first"
    assert main.get_attribute("loading") != "lazy", "the main photo must not be lazy"
    assert main.evaluate("i => i.complete && i.naturalWidth > 0"), "the main photo should load"
    assert main.is_visible() and main.bounding_box()["y"] < 900, "main photo above the fold"
    others = page.evaluate(
        """() => {
          const main = document.querySelector('[data-gallery-stage] img');
          return [...document.images].filter(i => i !== main)
            .map(i => [i.getAttribute('src'), i.getAttribute('loading'),
                       i.getAttribute('fetchpriority')]);
        }"""
    )
    assert others, f"{path} should have more images than the main photo"
    eager = [src for src, loading, _ in others if loading != "lazy"]
    high = [src for src, _, priority in others if priority == "high"]
    assert not high, f"only the main photo should be fetchpriority=high on {path}: {high}"
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


def test_titles_with_markup_characters_are_shown_as_written(shop: Shop) -> None:
    title = "Travel Charger 65W <GaN>"
    page = shop.open("/products/travel-charger/")
    h1 = page.locator("h1").inner_text().strip()
    assert h1 == title, (
        f"the product title shows as {h1!r}: '<GaN>' was parsed as an HTML tag, so template "
        "output is not escaped (Jinja autoescape)"
    )
    assert page.title().startswith(title), f"<title> is {page.title()!r}"
    crumb = page.locator('.breadcrumbs [aria-current="page"]').inner_text().strip()
    assert crumb == title, f"breadcrumb shows {crumb!r}"
    assert page.locator("gan").count() == 0, "a <gan> element was injected into the page"
    home = shop.open("/")
    cards = [t.strip() for t in home.locator(".card__title").all_inner_texts()]
    assert title in cards, f"home page product cards show {cards}"
