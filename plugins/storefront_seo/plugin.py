"""Pelican wiring of the SEO plugin: site-wide files after the pages are written.

Thin on purpose: everything it writes comes from the pure builders in this package
(``feeds``, ``sitemaps``), fed with the same market views, URL map and offers as the pages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from storefront_catalog.markets import MarketCatalog, MarketSet
from storefront_catalog.urls import UrlMap

from .feeds import feed_items, merchant_rss, meta_csv

FEEDS_DIR = "feeds"


def register() -> None:
    from storefront_catalog import signals

    signals.site_written.connect(write_site_files)


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_site_files(generator: Any, *, output: Path, markets: MarketSet,
                     views: dict[str, MarketCatalog], urls: UrlMap, media: Any,
                     **_: Any) -> None:
    """Signal receiver: shopping feeds per market (sitemaps and robots.txt follow)."""
    settings = generator.settings
    library = media.library if media is not None else None
    for market in markets.markets:
        view = views[market.code]
        items = []
        for product in view.catalog.products:
            image_urls = {
                img.file: library.image_url(img, None, urls.origin) if library else ""
                for img in product.images
            }
            items += feed_items(product, market, url=urls.abs_url(product, market),
                                image_urls=image_urls, shipping=settings.get("STORE_SHIPPING"))
        site = generator._sites[market.code]
        folder = output / FEEDS_DIR / market.code
        write_file(folder / "merchant.xml", merchant_rss(
            items, title=f"{site.name} ({market.code})", link=urls.abs_url("home", market),
            description=str(site.tagline or site.name), language=market.hreflang))
        write_file(folder / "meta.csv", meta_csv(items))
