"""Read a whole store: markets, the catalog, and each market's view of it (no rendering).

Shared by the build (generator.py) and `storefront check`, so both find the same problems.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storefront_core.digests import DigestIndex
from storefront_core.errors import Problem

from . import signals
from .markets import MarketCatalog, MarketSet, check_exclusions, load_markets, localize_catalog
from .model import Catalog
from .pricing.catalog import StorePrices, price_markets
from .settings import build_now


@dataclass
class Store:
    markets: MarketSet
    catalog: Catalog  # every published product and page, default language
    views: dict[str, MarketCatalog]  # by market code: what each market sells and shows
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, all of them
    prices: StorePrices | None = None  # the rates and basis every market's prices come from


def load_store(settings: Mapping[str, Any], content_dir: Path, root: Path | None,
               cache: dict | None = None,
               meanwhile: Callable[[MarketSet], object] | None = None,
               digests: DigestIndex | None = None) -> Store | list[Problem]:
    """The store, or the problems that stop it from being read at all (broken markets).

    ``meanwhile(markets)`` runs while worker processes read the content (cold builds).
    """
    from .loader import load_catalog  # imported late: the loader is the heavy part
    from .sanitize import VIDEO_HOSTS, HtmlPolicy

    markets, problems = load_markets(settings, content_dir, root)
    if problems:
        return problems
    default = markets.default
    catalog, problems = load_catalog(
        content_dir, currency=default.currency, root=root, cache=cache,
        default_lang=default.lang, languages=markets.text_languages,
        meanwhile=(lambda: meanwhile(markets)) if meanwhile else None,
        html_policy=HtmlPolicy(
            trust=bool(settings.get("STORE_TRUST_HTML", False)),
            video_hosts=VIDEO_HOSTS + tuple(settings.get("STORE_EMBED_HOSTS") or ())),
        digests=digests,
    )
    # products kept out by their errors are named without a second error about them
    unbuilt_categories = {path for u in catalog.unbuilt for path in u.category_paths}
    problems += check_exclusions(
        markets, {p.slug for p in catalog.products} | {u.slug for u in catalog.unbuilt},
        {c.path for c in catalog.iter_categories()} | unbuilt_categories
        if catalog.names_known else None, root)
    prices, found = price_markets(catalog, markets, settings, content_dir, root,
                                  today=build_now(settings).date())
    problems += found
    views: dict[str, MarketCatalog] = {}
    for market in markets.markets:
        view, found = localize_catalog(catalog, market, markets,
                                       prices.products.get(market.code))
        views[market.code] = view
        problems += found
    store = Store(markets, catalog, views, problems, prices)
    signals.store_loaded.send(store, store=store, settings=settings, content_dir=content_dir,
                              root=root)
    return store
