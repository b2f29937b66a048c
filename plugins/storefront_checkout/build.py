"""One build's checkout: each market's provider, line items and targets, and what it publishes.

Made on ``catalog_ready`` (``BuildContext.checkout``); each market is filled when its template
globals are made (the images plugin's photo URLs are known then), before any page is rendered,
so a provider's errors stop the build before anything is written.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storefront_catalog.model import Catalog, Product, Variant
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError
from storefront_core.files import write_atomic

from .items import MANIFEST, line_items, manifest, manifest_bytes, target_for
from .provider import PROVIDERS, LineItem, Provider, Setup, Target
from .settings import market_checkout


def make_provider(name: str, options: Mapping[str, Any], setup: Setup) -> Provider:
    """The provider ``name`` made by its factory (its module imported only now)."""
    module, factory = PROVIDERS[name].split(":")
    made: Provider = getattr(importlib.import_module(module), factory)(options, setup)
    return made


@dataclass
class MarketCheckout:
    """One market's provider, its line items and their targets (by SKU)."""

    market: Market
    provider: Provider
    items: list[LineItem]
    targets: dict[str, Target] = field(default_factory=dict)

    def digest(self) -> str:
        """What the market's pages show of the checkout: a change re-renders them."""
        text = repr((self.provider.name, self.provider.head(self.market.code),
                     sorted(self.targets.items())))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class CheckoutBuild:
    """The checkout of every market of one build."""

    def __init__(self, value: Mapping[str, Any] | None, *, root: Path, build_date: date,
                 site_url: str):
        self.value = value
        self.root, self.build_date, self.site_url = root, build_date, site_url
        self.markets: dict[str, MarketCheckout] = {}
        self.warnings: list[Problem] = []

    def fill(self, market: Market, catalog: Catalog, *, url_for: Callable[[Product], str],
             image_for: Callable[[Product, Variant | None], str],
             gettext: Callable[[str], str],
             coupons: Mapping[str, str] | None = None) -> MarketCheckout:
        """The market's items and targets; raises StorefrontError with the provider's errors."""
        found = self.markets.get(market.code)
        if found is not None:
            return found
        conf = market_checkout(self.value, market.code)
        setup = Setup(root=self.root, settings_file="pelicanconf.py",
                      build_date=self.build_date, site_url=self.site_url, gettext=gettext,
                      market=market.code, currency=market.currency)
        provider = make_provider(conf.provider, conf.options, setup)
        items = line_items(catalog, market, url_for=url_for, image_for=image_for,
                           coupons=coupons)
        problems = provider.check(items)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise StorefrontError(errors)
        self.warnings += [p for p in problems if p.severity != "error"]
        made = MarketCheckout(market, provider, items,
                              {item.sku: target_for(provider, item) for item in items})
        self.markets[market.code] = made
        return made

    def publish(self, output: Path) -> int:
        """Each market's ``checkout.json`` and its provider's files, in the market's folder."""
        count = 0
        for code in sorted(self.markets):
            state = self.markets[code]
            folder = output / state.market.prefix if state.market.prefix else output
            entries = [(item, state.targets[item.sku]) for item in state.items]
            files = {MANIFEST: manifest_bytes(manifest(state.market, state.provider.name,
                                                       self.build_date, entries)),
                     **state.provider.files(code, state.items)}
            for rel, data in sorted(files.items()):
                path = folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, data)
                count += 1
        return count
