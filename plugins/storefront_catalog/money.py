"""Price math: the one place that decides what a product costs in a currency.

The page, the JSON-LD and the feeds all read prices through ``offer_view`` so they never
disagree.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, get_currency_precision

from .model import Product, Variant


@dataclass(frozen=True)
class TierView:
    min_qty: int
    unit_price: Decimal
    saving_pct: int  # whole percent saved against the base unit price


@dataclass(frozen=True)
class OfferView:
    """What one product (or one of its variants) costs in one currency."""

    currency: str
    unit_price: Decimal
    list_price: Decimal | None  # regular "was" unit price, only when above unit_price
    moq: int
    moq_total: Decimal  # the headline price: one order of the minimum quantity
    tiers: tuple[TierView, ...]
    availability: str


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit.

    >>> quantize(Decimal("1249.5"), "USD")
    Decimal('1249.50')
    >>> quantize(Decimal("4480.4"), "JPY")
    Decimal('4480')
    """
    digits = get_currency_precision(currency)
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _percent_saved(base: Decimal, price: Decimal) -> int:
    """Whole percent ``price`` saves against ``base``.

    >>> _percent_saved(Decimal("6.50"), Decimal("4.75"))
    27
    """
    return int(((base - price) / base * 100).to_integral_value(ROUND_HALF_UP))


def offer_view(product: Product, currency: str, variant: Variant | None = None) -> OfferView | None:
    """The offer for a product or variant in ``currency``; None when it has no price there.

    >>> from pathlib import Path
    >>> from .model import Image
    >>> p = Product(slug="x", source_dir=Path("."), source_file=Path("x"), title="X", sku="X-1",
    ...     brand="B", category=("C",), summary="", body_html="", digest="",
    ...     price={"USD": Decimal("24.99")}, images=(Image("a.jpg", Path("a.jpg"), "front", ""),),
    ...     moq=50)
    >>> offer_view(p, "USD").moq_total
    Decimal('1249.50')
    """
    prices = variant.price if variant else product.price
    if currency not in prices:
        return None
    unit = prices[currency]
    lists = variant.list_price if variant else product.list_price
    list_price = lists.get(currency)
    if list_price is not None and list_price <= unit:
        list_price = None
    tiers = tuple(
        TierView(
            min_qty=t.min_qty,
            unit_price=t.price[currency],
            saving_pct=_percent_saved(unit, t.price[currency]),
        )
        for t in product.price_tiers
        if currency in t.price
    )
    return OfferView(
        currency=currency,
        unit_price=unit,
        list_price=list_price,
        moq=product.moq,
        moq_total=quantize(unit * product.moq, currency),
        tiers=tiers,
        availability=variant.availability if variant else product.availability,
    )


@lru_cache(maxsize=1024)
def format_round_money(amount: Decimal, currency: str, locale: str) -> str:
    """A round amount as shoppers of ``locale`` write it without cents, for ranges and
    thresholds ("Under $20"); other amounts as ``format_money``.

    >>> format_round_money(Decimal("20"), "USD", "en_US")
    '$20'
    >>> format_round_money(Decimal("1500"), "EUR", "de_DE")
    '1.500\xa0€'
    >>> format_round_money(Decimal("19.5"), "USD", "en_US")
    '$19.50'
    """
    if amount != amount.to_integral_value():
        return format_money(amount, currency, locale)
    place = Locale.parse(locale)
    pattern = copy.copy(place.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(amount, place, currency=currency, currency_digits=False)


@lru_cache(maxsize=16384)  # Babel re-parses the locale's pattern on every call
def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """A price as shoppers of ``locale`` write it.

    >>> format_money(Decimal("1234.5"), "EUR", "de_DE")
    '1.234,50\\xa0€'
    >>> format_money(Decimal("4480"), "JPY", "ja_JP")
    '￥4,480'
    """
    return format_currency(amount, currency, locale=locale)
