"""Pelican wiring of the site search: settings checked at start-up, the search slot of the
build context filled (so each market gets a search page), the header box's template globals
per market, and every market's index made once its pages are written.

Thin on purpose: price bands come from ``bands``, the Pagefind runs and their cache from
``pagefind``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_catalog import signals
from storefront_catalog.context import BuildContext
from storefront_catalog.model import Catalog
from storefront_catalog.money import OfferView, format_round_money, offer_view
from storefront_catalog.plans import PagePlan
from storefront_catalog.settings import apply_defaults, plugin_enabled
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError

from .bands import band_edges, band_of
from .pagefind import (
    BUNDLE,
    FIX,
    IndexRuns,
    MarketIndex,
    pagefind_binary,
    pagefind_version,
    start_indexes,
)
from .settings import NAME, SEARCH_SETTINGS, search_options, search_problems
from .shards import market_shards, shard_count

PLUGIN = "storefront_search"
#: the index cache's folder inside the build cache
CACHE = "search"
#: the kinds of page the search finds, and the template of their search documents
DOCUMENTS = {"product": "search_document.html", "page": "search_document.html",
             "festival": "search_document.html"}


def register() -> None:
    from pelican import signals as pelican_signals

    pelican_signals.initialized.connect(check_search_settings)
    signals.catalog_ready.connect(start_search)
    signals.market_globals.connect(add_search_globals)
    signals.site_staged.connect(finish_search)


def check_search_settings(pelican: Any) -> None:
    """Stop the build before any work when STORE_SEARCH is wrong (every mistake listed)."""
    settings = pelican.settings
    if not plugin_enabled(settings, PLUGIN):
        return
    problems = search_problems(settings.get(NAME))
    if problems:
        raise StorefrontError(problems)
    apply_defaults(settings, SEARCH_SETTINGS)


def start_search(context: BuildContext, **_: Any) -> None:
    """Signal receiver (catalog ready): this build's search, as ``context.search``, when it is
    on; a missing Pagefind stops the build here, before any page is rendered."""
    settings = context.settings
    if not plugin_enabled(settings, PLUGIN) or not search_options(settings.get(NAME))["enabled"]:
        return
    binary = pagefind_binary()
    if binary is None:
        raise StorefrontError([Problem(
            "pelicanconf.py", NAME, f"site search needs Pagefind, which is not installed; {FIX}")])
    context.search = PagefindSearch(binary, context.cache_dir / CACHE)


@dataclass
class PagefindSearch:
    """The build's site search: one Pagefind index per market, in parts
    (``context.search``)."""

    binary: Path
    cache_dir: Path
    documents: Mapping[str, str] = field(default_factory=lambda: dict(DOCUMENTS))
    started: float = 0.0
    runs: IndexRuns | None = field(default=None, repr=False)

    def start(self, context: BuildContext, output: Path,
              documents: Sequence[tuple[str, str, Path]]) -> None:
        """Start indexing every market's search ``documents`` (see ``finish``)."""
        self.started = time.perf_counter()
        version = pagefind_version()
        size = search_options(context.settings.get(NAME))["shard_size"]
        markets = []
        for market in context.markets.markets:
            pages = [(plan.output, page_key(context.code_digest, plan)) for plan in context.plans
                     if plan.market.code == market.code and plan.kind in self.documents]
            lang = market.lang.split("-")[0].lower()
            count = shard_count(len(pages), size)
            markets.append(MarketIndex(market.code, market.prefix, lang, count,
                                       market_shards(pages, lang, version, count)))
        self.runs = start_indexes(self.binary, output, markets, self.cache_dir, documents)

    def finish(self, ok: bool) -> float:
        """Wait for the indexes and link them into the output (``ok``), or stop the runs (the
        build failed); the seconds since ``start``. Raises StorefrontError when one failed."""
        runs, self.runs = self.runs, None
        if runs is not None:
            if ok:
                runs.finish()
            else:
                runs.cancel()
        return time.perf_counter() - self.started


def finish_search(context: BuildContext, *, ok: bool, **_: Any) -> None:
    """Signal receiver (site staged): the search indexes put in place (or stopped)."""
    if isinstance(context.search, PagefindSearch):
        seconds = context.search.finish(ok)
        if ok:
            context.stats.timings["search"] = seconds


def page_key(code_digest: str, plan: PagePlan) -> str:
    """What a page's HTML is rendered from (the page cache's key)."""
    return hashlib.sha256(
        "\0".join([code_digest, plan.template, plan.output, *plan.depends]).encode()
    ).hexdigest()


@dataclass(frozen=True)
class SearchBox:
    """What the header's search box and the search page need (``search`` in templates)."""

    page: str  # root-relative URL of the market's search page (the box submits to it)
    bundle: str  # root-relative URL of the market's Pagefind bundle folder
    base: str  # the site's base path ("/" or "/shop/"): result URLs are relative to it


@dataclass(frozen=True)
class BandLabel:
    """A price band with its edges formatted in the market's currency ("" when open)."""

    low: str
    high: str


def add_search_globals(context: BuildContext, *, market: Market, globals: dict[str, Any],
                       catalog: Catalog, **_: Any) -> None:
    """Signal receiver (market globals): ``search`` (the box's URLs) and
    ``search_band(offer)`` (the price band of an offer, for the search filter)."""
    if context.search is None or not plugin_enabled(context.settings, PLUGIN):
        return
    urls = context.urls
    bundle = f"{market.prefix}/{BUNDLE}/" if market.prefix else f"{BUNDLE}/"
    globals["search"] = SearchBox(urls.url("search", market), urls.file_url(bundle),
                                  urls.file_url(""))
    count = search_options(context.settings.get(NAME))["price_bands"]
    prices = [o.moq_total for o in (offer_view(p, market.currency) for p in catalog.products)
              if o is not None]
    edges = band_edges(prices, count)

    def money(amount: Decimal | None) -> str:
        return "" if amount is None else format_round_money(amount, market.currency,
                                                            market.locale)

    def search_band(offer: OfferView) -> BandLabel:
        band = band_of(offer.moq_total, edges)
        return BandLabel(money(band.low), money(band.high))

    globals["search_band"] = search_band
