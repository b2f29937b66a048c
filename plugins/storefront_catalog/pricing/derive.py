"""The one price function: what something costs in a market, written or derived.

``market_price`` prices one amount (a product's, a variant's, a tier's, a list price or a
campaign's ``amount``): a price the merchant wrote for the market's currency wins exactly as
written (``source="set"``); otherwise the store-currency price is converted::

    base (net of VAT when the store's prices include it)
      x cross rate (rates.yml)
      x (1 + adjustment %)
      x (1 + VAT %)            only where the market shows prices with tax included
      -> rounding rule          ending or step for prices; minor unit (or step) for amounts

``derive_product`` applies it to a whole product for one market, so the page, the JSON-LD,
the feeds and the cards, which all read ``money.offer_view``, show the same numbers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Protocol, TypeVar

from storefront_core.errors import Problem, display_path

from ..model import Prices, PriceTier, Product, Variant
from .market import MarketPricing, StorePricing
from .rates import _CTX, RateSnapshot
from .rounding import apply_rule, round_amount

_HUNDRED = Decimal(100)
SOURCES = ("set", "derived")
_Item = TypeVar("_Item", Product, Variant)


class PriceMarket(Protocol):
    """What pricing reads of a market (``urls.Market`` is one)."""

    @property
    def code(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def tax_included(self) -> bool: ...
    @property
    def pricing(self) -> MarketPricing: ...


@dataclass(frozen=True)
class PriceBasis:
    """The store currency's prices: which currency, and whether they include VAT (at what
    rate: the default market's ``vat``)."""

    currency: str
    includes_tax: bool = False
    vat: Decimal = Decimal(0)


class MissingRate(LookupError):
    """The snapshot has no rate for a currency a price must be derived in."""

    def __init__(self, currency: str):
        super().__init__(currency)
        self.currency = currency


@dataclass(frozen=True)
class MarketPrice:
    """A price in a market's currency and how it was reached (``storefront prices``)."""

    amount: Decimal
    currency: str
    source: str  # "set": written for the currency; "derived": from the store currency
    base: Decimal | None = None  # the store-currency amount it was derived from
    rate: Decimal | None = None  # units of the currency per unit of the store currency
    adjusted: Decimal | None = None  # converted, adjusted and with VAT, before rounding
    rule: str = ""  # the rounding rule applied, e.g. ".99"

    @property
    def move_percent(self) -> Decimal | None:
        """How far rounding moved a derived price, in percent (one decimal).

        >>> MarketPrice(Decimal("1.99"), "USD", "derived", adjusted=Decimal("1.02")).move_percent
        Decimal('95.1')
        """
        if self.adjusted is None or not self.adjusted:
            return None
        moved = (self.amount - self.adjusted) / self.adjusted * _HUNDRED
        return moved.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def market_price(prices: Prices, market: PriceMarket, rates: RateSnapshot | None,
                 basis: PriceBasis, *, kind: str = "price") -> MarketPrice | None:
    """The price of ``prices`` (store currency and overrides) in ``market``; None when it has
    neither; MissingRate when it must be derived and ``rates`` has no rate for it.

    ``kind="amount"`` prices a campaign's amount off: no price ending (see ``round_amount``).

    >>> from types import SimpleNamespace as Market
    >>> from .rounding import parse_rule
    >>> from .rates import RateSnapshot
    >>> import datetime as dt
    >>> rates = RateSnapshot(dt.date(2026, 10, 30), "ECB", "EUR",
    ...                      {"USD": Decimal("1.10"), "JPY": Decimal("165")})
    >>> de = Market(code="de-de", currency="EUR", tax_included=True,
    ...             pricing=MarketPricing(vat=Decimal(19)))
    >>> usd = PriceBasis("USD")
    >>> p = market_price({"USD": Decimal("29.99")}, de, rates, usd)
    >>> p.amount, p.source, p.adjusted.quantize(Decimal("0.0001")), p.rule
    (Decimal('32.99'), 'derived', Decimal('32.4437'), '.99')
    >>> market_price({"USD": Decimal("29.99"), "EUR": Decimal("27.50")}, de, rates, usd)
    MarketPrice(amount=Decimal('27.50'), currency='EUR', source='set', base=None, rate=None, \
adjusted=None, rule='')
    >>> jp = Market(code="ja-jp", currency="JPY", tax_included=True, pricing=MarketPricing())
    >>> market_price({"USD": Decimal("29.99")}, jp, rates, usd).amount
    Decimal('4500')
    >>> market_price({"USD": Decimal("10")}, jp, rates, usd, kind="amount").amount
    Decimal('1500')
    """
    currency = market.currency
    if currency in prices:
        return MarketPrice(prices[currency], currency, "set")
    base = prices.get(basis.currency)
    if base is None:
        return None
    rate = rates.rate(basis.currency, currency) if rates is not None else None
    if rate is None:
        raise MissingRate(currency)
    pricing = market.pricing
    amount = base
    if basis.includes_tax and basis.vat:
        amount = _CTX.divide(amount, 1 + basis.vat / _HUNDRED)
    amount = _CTX.multiply(amount, rate)
    amount = _CTX.multiply(amount, 1 + pricing.adjustment / _HUNDRED)
    if market.tax_included and pricing.vat:
        amount = _CTX.multiply(amount, 1 + pricing.vat / _HUNDRED)
    rule = pricing.rule(currency)
    rounded = (round_amount if kind == "amount" else apply_rule)(amount, rule, currency)
    return MarketPrice(rounded, currency, "derived", base, rate, amount, str(rule))


@dataclass(frozen=True)
class PriceLine:
    """One row of ``storefront prices``: a SKU's unit price (or a tier's) in a market."""

    sku: str
    min_qty: int | None  # None: the unit price; else the tier's minimum quantity
    price: MarketPrice
    list_price: MarketPrice | None = None  # the strikethrough price shown, if any
    field: str = "price"  # where it is written in index.md, e.g. "variants[2].price"


@dataclass
class DerivedProduct:
    """A product priced for one market, the rows behind it, and what to warn about."""

    product: Product  # with the market currency's prices in price, list_price, variants, tiers
    lines: list[PriceLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings (rounding moves, floors)
    missing_rate: str | None = None  # a currency the snapshot lacks: the product is unpriced

    @property
    def priced(self) -> bool:
        return self.missing_rate is None and bool(self.lines)


def derive_product(product: Product, market: PriceMarket, rates: RateSnapshot | None,
                   basis: PriceBasis, store: StorePricing | None = None,
                   root: Path | None = None) -> DerivedProduct:
    """The product priced in ``market``'s currency: unit, list, tier and variant prices.

    A derived list price not above its price is dropped, with a warning. A variant's override
    inherited from the product but written for another base price is not the variant's: the
    variant's own base price is converted instead.
    """
    store = store or StorePricing()
    out = DerivedProduct(product)
    currency = market.currency
    file = _LazyPath(product.source_file, root)  # named only in the (rare) warnings

    def price(prices: Prices, kind: str = "price") -> MarketPrice | None:
        return market_price(prices, market, rates, basis, kind=kind)

    def checked(sku: str, where: str, prices: Prices, lists: Prices, min_qty: int | None = None
                ) -> PriceLine | None:
        unit = price(prices)
        if unit is None:
            return None
        shown = price(lists) if lists else None
        if shown is not None and shown.amount <= unit.amount:
            if shown.source == "derived" or unit.source == "derived":
                out.problems.append(Problem(
                    str(file), where.replace("price", "list_price"),
                    f"{market.code}: the {currency} list price of {sku} ({shown.amount}) is not "
                    f"above its price ({unit.amount}) once rounded, so none is shown; set both "
                    f"{currency} prices, or neither", None, "warning"))
            shown = None
        line = PriceLine(sku, min_qty, unit, shown, where)
        _warn(out.problems, file, market, sku, line, store)
        out.lines.append(line)
        return line

    try:
        unit = checked(product.sku, "price", product.price, product.list_price)
        if unit is None:
            return out
        tiers = []
        above = (unit.price.amount, product.price.get(basis.currency))  # the next smaller qty
        for i, tier in enumerate(product.price_tiers, start=1):
            line = checked(product.sku, f"price_tiers[{i}].price", tier.price, {}, tier.min_qty)
            if line is None:
                tiers.append(tier)
                continue
            base = tier.price.get(basis.currency)
            if (line.price.source == "derived" and line.price.amount >= above[0]
                    and base is not None and above[1] is not None and base < above[1]):
                out.lines.remove(line)  # rounding ate the saving: buying more must save
                out.problems.append(Problem(
                    str(file), line.field, f"{market.code}: the derived {currency} price of "
                    f"{product.sku} from {tier.min_qty} ({line.price.amount}) is not below the "
                    f"price for fewer ({above[0]}) once rounded, so the tier is not offered "
                    f"there; set its {currency} price, or use a finer rounding", None, "warning"))
                continue
            above = (line.price.amount, base)
            tiers.append(PriceTier(tier.min_qty, {**tier.price, currency: line.price.amount}))
        variants = []
        for i, variant in enumerate(product.variants, start=1):
            own_price, own_list = _own_prices(product, variant, currency, basis.currency)
            line = checked(variant.sku, f"variants[{i}].price", own_price, own_list)
            variants.append(variant if line is None else _priced(variant, line, currency))
    except MissingRate as exc:
        out.missing_rate = exc.currency
        out.lines.clear()
        out.problems.clear()
        return out
    out.product = _priced(product, unit, currency, price_tiers=tuple(tiers),
                          variants=tuple(variants))
    return out


def derive_amount(amounts: Prices, market: PriceMarket, rates: RateSnapshot | None,
                  basis: PriceBasis) -> MarketPrice | None:
    """A campaign's ``amount`` off in the market's currency (``market_price`` for amounts)."""
    return market_price(amounts, market, rates, basis, kind="amount")


def _priced(item: _Item, line: PriceLine, currency: str, **more: object) -> _Item:
    """The product or variant with the line's price (and list price, or none) in ``currency``
    (and ``more`` fields changed)."""
    lists = {k: v for k, v in item.list_price.items() if k != currency}
    if line.list_price is not None:
        lists[currency] = line.list_price.amount
    return _evolve(item, price={**item.price, currency: line.price.amount}, list_price=lists,
                   **more)


def _evolve(item: _Item, **changes: object) -> _Item:
    """A copy of a frozen model object with fields changed: ``dataclasses.replace`` without
    re-running ``__init__`` (a thousand products in five markets are priced every build, and
    the values set here are prices the model already holds, in another currency)."""
    new = copy.copy(item)
    for name, value in changes.items():
        object.__setattr__(new, name, value)
    return new


class _LazyPath:
    """A source file's display path, worked out the first time a message needs it."""

    def __init__(self, path: Path, root: Path | None):
        self.path, self.root, self.shown = path, root, ""

    def __str__(self) -> str:
        if not self.shown:
            self.shown = display_path(self.path, self.root)
        return self.shown


def _own_prices(product: Product, variant: Variant, currency: str, base: str
                ) -> tuple[Prices, Prices]:
    """The variant's prices without a product override it only inherited: the loader merges
    the product's prices into each variant, so a variant with its own base price and the
    product's override for ``currency`` did not write that override."""
    price, lists = dict(variant.price), dict(variant.list_price)
    own_base = variant.price.get(base) != product.price.get(base)
    if own_base and currency in price and price[currency] == product.price.get(currency):
        del price[currency]
    own_list_base = variant.list_price.get(base) != product.list_price.get(base)
    if own_list_base and currency in lists and lists[currency] == product.list_price.get(
            currency):
        del lists[currency]
    return price, lists


def _warn(problems: list[Problem], file: object, market: PriceMarket, sku: str,
          line: PriceLine, store: StorePricing) -> None:
    """Warnings for a derived price: rounding moved it too far, or it is below the floor."""
    price, currency = line.price, line.price.currency
    if price.source != "derived":
        return
    what = f"{sku}" + (f" from {line.min_qty}" if line.min_qty else "")
    moved = price.move_percent
    if moved is not None and abs(moved) > store.max_move_percent:
        problems.append(Problem(
            str(file), line.field, f"{market.code}: rounding ({price.rule}) moves the {currency} "
            "price "
            f"of {what} by {moved} % ({price.adjusted:.2f} -> {price.amount}), more than "
            f"STORE_PRICING max_move_percent ({store.max_move_percent}); set a {currency} price "
            "for it, or change the market's rounding", None, "warning"))
    floor = store.floor.get(currency)
    if floor is not None and price.amount < floor:
        problems.append(Problem(
            str(file), line.field, f"{market.code}: the derived {currency} price of {what} "
            f"({price.amount}) is below the floor of {floor} (STORE_PRICING floor); set a "
            f"{currency} price for it", None, "warning"))


def market_notes(market: PriceMarket, basis: PriceBasis, file: str,
                 lines: dict[str, int] | None = None) -> list[Problem]:
    """Warnings about a market that derives prices: VAT it shows but does not declare, or
    pricing fields that do nothing in the store currency (written prices always win)."""
    lines = lines or {}
    pricing = market.pricing
    where = f"markets ({market.code})"
    if market.currency == basis.currency:
        if pricing.adjustment or pricing.vat is not None or pricing.rounding is not None:
            return [Problem(file, where, f"prices in {market.currency}, the store currency, are "
                            "used as written, so its adjustment, vat and rounding do nothing; "
                            "remove them", None, "warning")]
        return []
    if market.tax_included and pricing.vat is None and not basis.includes_tax:
        return [Problem(file, f"{where}.vat", f"is missing: the market shows prices with tax "
                        f"included, but derived {market.currency} prices would carry none; add "
                        'e.g. vat: "19", or vat: "0" when no tax is due', None, "warning")]
    return []
