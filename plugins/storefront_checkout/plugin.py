"""Pelican wiring of the checkout: settings checked at start-up, each market's targets made with
its template globals, the manifests and provider files written with the site.

Thin on purpose: the items, targets and files come from ``items``, ``build`` and the providers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from storefront_catalog import signals
from storefront_catalog.context import BuildContext, SiteInfo
from storefront_catalog.markets import COUPONS
from storefront_catalog.model import Catalog, Product, Variant
from storefront_catalog.settings import apply_defaults, build_now, plugin_enabled
from storefront_catalog.urls import Market
from storefront_core.errors import StorefrontError

from .build import CheckoutBuild
from .provider import Target
from .settings import CHECKOUT_SETTINGS, NAME, checkout_problems, market_problems

PLUGIN = "storefront_checkout"


def register() -> None:
    from pelican import signals as pelican_signals

    pelican_signals.initialized.connect(check_checkout_settings)
    signals.store_loaded.connect(check_checkout_markets)
    signals.catalog_ready.connect(start_checkout)
    signals.market_globals.connect(add_checkout)
    signals.site_written.connect(write_checkout)


def check_checkout_settings(pelican: Any) -> None:
    """Stop the build before any work when STORE_CHECKOUT is wrong (every mistake listed)."""
    settings = pelican.settings
    if not plugin_enabled(settings, PLUGIN):
        return
    problems = checkout_problems(settings.get(NAME))
    if problems:
        raise StorefrontError(problems)
    apply_defaults(settings, CHECKOUT_SETTINGS)


def check_checkout_markets(sender: Any, *, store: Any, settings: Mapping[str, Any],
                           **_: Any) -> None:
    """Signal receiver (store loaded; the build and `storefront check`): STORE_CHECKOUT's
    mistakes, and market overrides naming a market the store does not have."""
    if not plugin_enabled(settings, PLUGIN):
        return
    value = settings.get(NAME)
    store.problems.extend(checkout_problems(value))
    store.problems.extend(market_problems(value, [m.code for m in store.markets.markets]))


def start_checkout(context: BuildContext, **_: Any) -> None:
    """Signal receiver (catalog ready): this build's checkout, as ``context.checkout``."""
    settings = context.settings
    if not plugin_enabled(settings, PLUGIN):
        return
    value = settings.get(NAME)
    problems = market_problems(value, [m.code for m in context.markets.markets])
    if problems:
        raise StorefrontError(problems)
    context.checkout = CheckoutBuild(value, root=context.root,
                                     build_date=build_now(settings).date(),
                                     site_url=settings["SITEURL"].rstrip("/"))


def add_checkout(context: BuildContext, *, market: Market, globals: dict[str, Any],
                 site: SiteInfo, catalog: Catalog, **_: Any) -> None:
    """Signal receiver (market globals): ``checkout(product, variant)`` (the buy target),
    ``checkout_head()`` (the provider's HTML at the end of <body>), ``checkout_cart``."""
    build = context.checkout
    if not isinstance(build, CheckoutBuild):
        return
    urls, media = context.urls, context.media

    def image_for(product: Product, variant: Variant | None) -> str:
        image = product.image(variant.image if variant else None)
        return media.image_url(image, None, urls.origin) if media is not None else ""

    coupons = context.views[market.code].extras.get(COUPONS)  # storefront_promotions'
    state = build.fill(market, catalog, url_for=lambda p: urls.abs_url(p, market),
                       image_for=image_for, gettext=context.translations(market).gettext,
                       coupons=coupons if isinstance(coupons, Mapping) else None)
    for warning in map(str, build.warnings):
        if warning not in context.stats.warnings:
            context.stats.warnings.append(warning)
    # every page of the market shows the cart (or not) and the provider's head: a change to
    # any target re-renders them (the navigation digest reads the extras)
    context.views[market.code].extras["checkout_digest"] = state.digest()
    head = Markup(state.provider.head(market.code))

    def checkout(product: Product, variant: Variant | None = None) -> Target:
        sku = variant.sku if variant is not None else product.sku
        return state.targets.get(sku) or Target("none", reason="not sold in this market")

    globals["checkout"] = checkout
    globals["checkout_head"] = lambda: head
    globals["checkout_cart"] = state.provider.cart


def write_checkout(context: BuildContext, *, output: Path, **_: Any) -> None:
    """Signal receiver (site written): every market's checkout.json and provider files."""
    build = context.checkout
    if isinstance(build, CheckoutBuild):
        build.publish(output)
