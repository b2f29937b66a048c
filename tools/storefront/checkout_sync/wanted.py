"""What Stripe must sell: every SKU of every market that checks out with Stripe, at its regular
price and at each sale price the campaigns give it in the next days.

The prices come from the store exactly as a build makes them: the store is loaded as
``storefront build --date`` loads it, now and at every moment a campaign starts or ends in the
coming days (``storefront schedule``'s moments), and each SKU's price is read with the one
price function (``offer_view``). So the link the scheduled rebuild at a sale's start switches
to already exists, with the price that build puts on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_catalog.markets import MarketCatalog
from storefront_catalog.model import Product, Variant
from storefront_catalog.money import offer_view
from storefront_catalog.settings import SETTINGS, apply_defaults
from storefront_catalog.urls import Market
from storefront_checkout.stripe_lock import DEFAULT_LOCK, AmountError, minor_units
from storefront_core.errors import Problem, StorefrontError
from storefront_promotions.model import Campaign
from storefront_promotions.schedule import Window, windows

from ..checker import register_plugins
from ..project import read_project_settings
from ..schedule import Promotions, load_promotions, upcoming_transitions

#: Stripe's largest adjustable quantity
STRIPE_MAX_QTY = 999_999


@dataclass(frozen=True)
class WantedSale:
    """A sale's price for one SKU in one market, and when it runs."""

    campaign: str
    start: datetime  # aware
    end: datetime  # aware, exclusive
    unit_amount: int  # minor units


@dataclass(frozen=True)
class WantedLink:
    """One SKU in one market as Stripe must sell it."""

    sku: str
    product_sku: str
    name: str  # the Stripe Product's name: default-language title and variant
    market: str
    currency: str
    unit_amount: int  # regular price, minor units
    min_qty: int
    max_qty: int
    promotion_codes: bool  # a coupon campaign covers it in the coming days
    sales: tuple[WantedSale, ...] = ()


@dataclass(frozen=True)
class WantedCoupon:
    """A coupon campaign's code as Stripe must take it: a Coupon (its discount, for the
    campaign's SKUs) and a Promotion Code shoppers type, until its next run ends."""

    campaign: str
    code: str  # what shoppers type, e.g. "GIFT10"
    name: str  # the campaign's name
    percent_off: Decimal | None  # 10 for 10 % off; None for an amount off
    amount_off: tuple[tuple[str, int], ...]  # (currency, minor units) per Stripe market
    skus: tuple[str, ...]  # the SKUs it takes money off (their Products), sorted
    end: datetime  # aware: the end of the run (every market's); the code expires then


@dataclass
class Wanted:
    """Everything Stripe must sell, and the problems met working it out."""

    links: dict[tuple[str, str], WantedLink] = field(default_factory=dict)  # (sku, market)
    coupons: dict[str, WantedCoupon] = field(default_factory=dict)  # by campaign id
    notes: list[str] = field(default_factory=list)  # what the sync leaves to the merchant
    lock: str = DEFAULT_LOCK  # the lock file, relative to the project
    problems: list[Problem] = field(default_factory=list)
    moments: int = 0  # how many store states were read


def max_quantity(moq: int, tier_starts: Iterable[int]) -> int:
    """The most units one Payment Link sells: below the first quantity price break (a link
    has one unit price; larger orders go through a quote), else ten minimum orders (at least
    99, Stripe's default), never above Stripe's limit.

    >>> max_quantity(1, []), max_quantity(50, []), max_quantity(10, [100, 500])
    (99, 500, 99)
    """
    starts = sorted(q for q in tier_starts if q > moq)
    if starts:
        return max(moq, starts[0] - 1)
    return min(STRIPE_MAX_QTY, max(99, moq * 10))


def stripe_options(settings: Mapping[str, Any], markets: Iterable[Market]
                   ) -> tuple[list[Market], dict[str, Any]]:
    """The markets whose checkout is the stripe provider, and its options (STORE_CHECKOUT:
    ``{"provider": ..., options..., "markets": {code: {...}}}``)."""
    config = settings.get("STORE_CHECKOUT") or {}
    if not isinstance(config, Mapping):
        return [], {}
    base = {k: v for k, v in config.items() if k != "markets"}
    per_market = config.get("markets") or {}
    chosen, options = [], dict(base)
    for market in markets:
        own = {**base, **(per_market.get(market.code) or {})}
        if own.get("provider") == "stripe":
            chosen.append(market)
            options = {**options, **{k: v for k, v in own.items() if k != "provider"}}
    return chosen, options


def _skus(product: Product) -> list[tuple[str, Variant | None]]:
    return [(v.sku, v) for v in product.variants] or [(product.sku, None)]


def _name(product: Product, variant: Variant | None) -> str:
    label = " / ".join(variant.options.values()) if variant else ""
    return f"{product.title} ({label})" if label else product.title


def _amount(product: Product, variant: Variant | None, market: Market, problems: list[Problem]
            ) -> int | None:
    offer = offer_view(product, market.currency, variant)
    if offer is None:
        return None
    try:
        return minor_units(offer.unit_price, market.currency)
    except AmountError as exc:
        sku = variant.sku if variant else product.sku
        problems.append(Problem(str(product.source_file), "price",
                                f"{sku} in {market.code}: {exc}"))
        return None


def _variant(product: Product, sku: str) -> Variant | None:
    return next((v for v in product.variants if v.sku == sku), None)


def _coupon_skus(promotions: Promotions, products: Iterable[Product], market: Market,
                 start: datetime, stop: datetime) -> set[str]:
    """SKUs a coupon campaign covers in ``market`` at some moment of [start, stop)."""
    covered: set[str] = set()
    years = range(start.year, stop.year + 1)
    for campaign in promotions.campaigns:
        if campaign.coupon is None or not campaign.sells_in(market.code):
            continue
        if not any(w.start < stop and w.end > start
                   for w in windows(campaign, market, years, promotions.overrides)):
            continue
        covered |= _covered(campaign, products)
    return covered


def _covered(campaign: Campaign, products: Iterable[Product]) -> set[str]:
    """The SKUs of ``products`` in the campaign's scope."""
    return {sku for product in products for sku, variant in _skus(product)
            if (campaign.scope.covers_variant(product, variant) if variant
                else campaign.scope.covers(product))}


def wanted_links(project: Path, settings_file: str = "pelicanconf.py", *,
                 now: datetime | None = None, days: int = 30) -> Wanted:
    """Every (SKU, market) Stripe must sell from ``now`` for ``days`` days, regular and sale
    prices; StorefrontError when the store cannot be read."""
    from storefront_catalog.store import load_store

    now = (now or datetime.now(UTC)).astimezone(UTC)
    settings = read_project_settings(project, settings_file)
    apply_defaults(settings, SETTINGS)
    root = project.resolve()
    promotions = load_promotions(project, settings_file)
    markets, options = stripe_options(settings, promotions.markets.markets)
    if not markets:
        raise StorefrontError([Problem(settings_file, "STORE_CHECKOUT",
                                       'no market checks out with Stripe; set STORE_CHECKOUT = '
                                       '{"provider": "stripe"} (or per market, under "markets")')])
    wanted = Wanted(lock=str(options.get("lock") or DEFAULT_LOCK))
    register_plugins(settings)
    moments = sorted({now} | {t.at for t in upcoming_transitions(promotions, now, days)
                              if t.at > now})
    cache: dict[Any, Any] = {}
    products: list[Product] = []
    stop = now + timedelta(days=days)
    for moment in moments:
        dated = {**settings, "STORE_DATE": moment.isoformat()}
        store = load_store(dated, Path(settings["PATH"]), root, cache=cache)
        if isinstance(store, list):
            raise StorefrontError(store)
        errors = [p for p in store.problems if p.severity == "error"]
        if errors:
            raise StorefrontError(errors)
        wanted.moments += 1
        for market in markets:
            view = store.views[market.code]
            if moment == now:
                products = store.catalog.products
                _regular(wanted, view, market, store.catalog.products,
                         _coupon_skus(promotions, store.catalog.products, market, now, stop))
            _sales(wanted, view, market)
    _wanted_coupons(wanted, promotions, markets, products, now, stop)
    return wanted


def _next_run(promotions: Promotions, campaign: Campaign, markets: Iterable[Market],
              start: datetime, stop: datetime) -> list[Window]:
    """The campaign's next run overlapping [start, stop): its earliest window in any market
    and the other markets' windows overlapping that one (one code serves them all; Stripe
    keeps one active Promotion Code per code, so a later run waits for a later sync)."""
    years = range(start.year - 1, stop.year + 1)
    found = sorted((w for market in markets
                    for w in windows(campaign, market, years, promotions.overrides)
                    if w.start < stop and w.end > start), key=lambda w: (w.start, w.market_code))
    if not found:
        return []
    first = found[0]
    return [w for w in found if w.start < first.end and w.end > first.start]


def _wanted_coupons(wanted: Wanted, promotions: Promotions, markets: list[Market],
                    products: Iterable[Product], start: datetime, stop: datetime) -> None:
    """A WantedCoupon per coupon campaign whose next run touches [start, stop) in a Stripe
    market, for the SKUs it covers there."""
    for campaign in promotions.campaigns:
        if campaign.coupon is None:
            continue
        run = _next_run(promotions, campaign, markets, start, stop)
        codes = {w.market_code for w in run}
        covered = _covered(campaign, products)
        skus = tuple(sorted({sku for sku, code in wanted.links if code in codes
                             and sku in covered}))
        if not skus:
            continue
        discount = campaign.discount
        if discount.kind == "prices":
            wanted.notes.append(f"{campaign.file}: coupon {campaign.coupon}: a Stripe coupon "
                                "takes a percent or an amount off, not set prices; make this "
                                "code in the Stripe Dashboard")
            continue
        amounts: list[tuple[str, int]] = []
        for currency in sorted({m.currency for m in markets if m.code in codes}):
            if discount.kind == "percent":
                break
            off = discount.amount.get(currency)
            if off is None:
                wanted.problems.append(Problem(
                    campaign.file, "discount.amount",
                    f"the coupon {campaign.coupon} runs in Stripe markets selling in "
                    f"{currency} but gives no amount in {currency}; add it, e.g. "
                    f'{{{currency}: "5"}}'))
                continue
            try:
                amounts.append((currency, minor_units(off, currency)))
            except AmountError as exc:
                wanted.problems.append(Problem(campaign.file, f"discount.amount.{currency}",
                                               str(exc)))
        wanted.coupons[campaign.id] = WantedCoupon(
            campaign=campaign.id, code=campaign.coupon, name=campaign.name,
            percent_off=discount.percent, amount_off=tuple(amounts), skus=skus,
            end=max((w.end for w in run), key=lambda end: end.astimezone(UTC)))


def _regular(wanted: Wanted, view: MarketCatalog, market: Market,
             defaults: list[Product], coupons: set[str]) -> None:
    names = {p.slug: p for p in defaults}  # default-language titles for the Stripe Product
    for shown in view.catalog.products:
        product = shown.sale.regular if shown.sale else shown
        named = names.get(product.slug, product)
        tier_starts = [t.min_qty for t in product.price_tiers]
        for sku, variant in _skus(product):
            amount = _amount(product, variant, market, wanted.problems)
            if amount is None:
                continue
            wanted.links[(sku, market.code)] = WantedLink(
                sku=sku, product_sku=product.sku,
                name=_name(named, _variant(named, sku)), market=market.code,
                currency=market.currency, unit_amount=amount, min_qty=product.moq,
                max_qty=max_quantity(product.moq, tier_starts),
                promotion_codes=sku in coupons)


def _sales(wanted: Wanted, view: MarketCatalog, market: Market) -> None:
    for product in view.catalog.products:
        sale = product.sale
        if sale is None:
            continue
        for sku, variant in _skus(product):
            link = wanted.links.get((sku, market.code))
            amount = _amount(product, variant, market, wanted.problems)
            if link is None or amount is None:
                continue
            run = WantedSale(sale.campaign, sale.start, sale.end, amount)
            if any((s.campaign, s.start) == (run.campaign, run.start) for s in link.sales):
                continue
            wanted.links[(sku, market.code)] = replace(link, sales=link.sales + (run,))

