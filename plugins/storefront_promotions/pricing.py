"""Sale prices: what a product costs in a market while a campaign runs (pure functions).

The one place sale prices are computed. A sale-applied product is a copy whose price in the
market's currency is the sale price and whose ``list_price`` there is the regular price, so
``money.offer_view`` shows the regular price struck through, and the page, the JSON-LD and the
feeds, which all read ``offer_view``, agree to the cent. Minimum-order totals follow from the
unit price. Which campaign sets the price when several cover a product: see the Overlaps
section of ``model``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from storefront_catalog.model import Prices, PriceTier, Product
from storefront_catalog.money import quantize
from storefront_catalog.urls import Market

from .model import Campaign, Discount
from .schedule import Window

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Refusal:
    """A price a campaign would put at or below zero, or not below the regular price."""

    sku: str  # the product's or variant's SKU
    key: str  # the SKU the discount lists it under (for ``prices``), else ``sku``
    currency: str
    regular: Decimal
    sale: Decimal


@dataclass(frozen=True)
class Cut:
    """One campaign applied to one product in one currency."""

    product: Product | None  # the sale-applied copy; None when no price is cut
    refused: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class ProductSale:
    """The campaign that sets a product's price in a market, and the product at that price."""

    campaign: Campaign
    window: Window  # when the sale price holds (validFrom, priceValidUntil, effective date)
    product: Product  # sale price as ``price``, the regular price as ``list_price``
    regular: Product  # the product as it was


def sale_price(regular: Decimal, discount: Discount, currency: str,
               skus: Sequence[str] = ()) -> Decimal | None:
    """A regular price after the discount, rounded to the currency's minor unit; None when the
    discount has nothing in this currency (or for these SKUs).

    >>> from storefront_promotions.model import Discount
    >>> sale_price(Decimal("29.99"), Discount(percent=Decimal(20)), "USD")
    Decimal('23.99')
    >>> sale_price(Decimal("4480"), Discount(percent=Decimal("12.5")), "JPY")
    Decimal('3920')
    >>> sale_price(Decimal("27.99"), Discount(amount={"EUR": Decimal(9)}), "EUR")
    Decimal('18.99')
    >>> sale_price(Decimal("27.99"), Discount(amount={"USD": Decimal(10)}), "EUR") is None
    True
    """
    if discount.percent is not None:
        return quantize(regular * (_HUNDRED - discount.percent) / _HUNDRED, currency)
    if discount.amount:
        off = discount.amount.get(currency)
        return None if off is None else quantize(regular - off, currency)
    explicit = discount.price_for(skus, currency)
    return None if explicit is None else quantize(explicit, currency)


def cut_prices(product: Product, campaign: Campaign, currency: str) -> Cut:
    """The product with the campaign's sale prices in ``currency``, and the prices refused.

    Percent discounts cut quantity tiers by the same percent, amounts take the same amount off
    each tier's unit price; tiers not below the sale price are dropped (buying more must not
    cost more per unit). A variant inherits a product SKU's explicit sale price unless that is
    not below its own price (then it is simply not on sale). A price cut to zero or below, or
    not below the regular price, is refused and stays regular.
    """
    if not campaign.changes_prices:
        return Cut(None)
    discount, scope = campaign.discount, campaign.scope
    refused: list[Refusal] = []

    def cut(regular: Decimal, skus: tuple[str, ...], quiet_when_higher: bool) -> Decimal | None:
        new = sale_price(regular, discount, currency, skus)
        if new is None:
            return None
        if new > 0 and new < regular:
            return new
        quiet = quiet_when_higher and new > 0 and discount.price_for(skus[:1], currency) is None
        if not quiet:
            listed = next((s for s in skus if discount.price_for((s,), currency) is not None),
                          skus[0])
            refused.append(Refusal(skus[0], listed, currency, regular, new))
        return None

    price, list_price = dict(product.price), dict(product.list_price)
    tiers = product.price_tiers
    changed = False
    whole = scope.covers(product)
    if whole and currency in product.price:
        new = cut(product.price[currency], (product.sku,), False)
        if new is not None:
            price[currency], list_price[currency] = new, product.price[currency]
            tiers = _tiers(product.price_tiers, discount, currency, new)
            changed = True
    variants = []
    for variant in product.variants:
        new = None
        if currency in variant.price and (whole or scope.covers_variant(product, variant)):
            new = cut(variant.price[currency], (variant.sku, product.sku), True)
        if new is None:
            variants.append(variant)
            continue
        changed = True
        variants.append(replace(variant, price={**variant.price, currency: new},
                                list_price={**variant.list_price,
                                            currency: variant.price[currency]}))
    if not changed:
        return Cut(None, tuple(refused))
    sale = replace(product, price=price, list_price=list_price, variants=tuple(variants),
                   price_tiers=tiers)
    return Cut(sale, tuple(refused))


def _tiers(tiers: tuple[PriceTier, ...], discount: Discount, currency: str,
           unit: Decimal) -> tuple[PriceTier, ...]:
    """Quantity tiers during a sale whose unit price in ``currency`` is ``unit``."""
    out = []
    for tier in tiers:
        if currency not in tier.price:
            out.append(tier)
            continue
        regular = tier.price[currency]
        new = (sale_price(regular, discount, currency) if discount.kind != "prices"
               else regular)
        if new is None or new <= 0 or new >= unit:
            continue
        out.append(replace(tier, price={**tier.price, currency: new}))
    return tuple(out)


def _shopper_cost(product: Product, currency: str) -> tuple[Decimal, Decimal]:
    """What the shopper pays: the product's price, then its variants' prices added up."""
    return (product.price.get(currency, Decimal(0)),
            sum((v.price.get(currency, Decimal(0)) for v in product.variants), Decimal(0)))


def best_sale(product: Product, market: Market,
              running: Iterable[tuple[Campaign, Window]]) -> ProductSale | None:
    """The campaign that sets the product's price in the market (the overlap rule), applied;
    None when no running campaign cuts its price there.

    ``running`` is ``schedule.active(...)`` for this market; ``product`` is localized for it.
    """
    best: tuple[tuple[int, tuple[Decimal, Decimal], str], ProductSale] | None = None
    for campaign, window in running:
        if window.market_code != market.code:
            continue
        sale = cut_prices(product, campaign, market.currency).product
        if sale is None:
            continue
        key = (-campaign.priority, _shopper_cost(sale, market.currency), campaign.id)
        if best is None or key < best[0]:
            best = key, ProductSale(campaign, window, sale, product)
    return best[1] if best else None


def with_market_amounts(campaign: Campaign, markets: Sequence[Market],
                        amount_in: Callable[[Prices, Market], Decimal | None]) -> Campaign:
    """The campaign with its ``amount`` off in every currency its markets sell in: written,
    or derived from the store currency's amount (``amount_in``, the catalog's one price
    function), so a sale written as {USD: "10"} runs in every market."""
    discount = campaign.discount
    if discount.kind != "amount":
        return campaign
    amounts = dict(discount.amount)
    for market in markets:
        if campaign.sells_in(market.code) and market.currency not in amounts:
            found = amount_in(discount.amount, market)
            if found is not None:
                amounts[market.currency] = found
    if amounts == discount.amount:
        return campaign
    return replace(campaign, discount=replace(discount, amount=amounts))


def coupon_codes(products: Iterable[Product], market: Market,
                 running: Iterable[tuple[Campaign, Window]]) -> dict[str, str]:
    """SKU -> the code of the running coupon campaign covering it in ``market`` (by the
    campaigns' precedence: the first one wins). Coupons change no price on the page: the
    shopper's checkout takes the code.

    ``running`` is ``schedule.active(...)`` for this market; ``products`` are localized for it.
    """
    codes: dict[str, str] = {}
    for campaign, window in running:
        if campaign.coupon is None or window.market_code != market.code:
            continue
        for product in products:
            for variant in product.variants:
                if campaign.scope.covers_variant(product, variant):
                    codes.setdefault(variant.sku, campaign.coupon)
            if not product.variants and campaign.scope.covers(product):
                codes.setdefault(product.sku, campaign.coupon)
    return codes
