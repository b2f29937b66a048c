"""What a market and the store declare about derived prices.

Per market, in markets.yml (every field optional)::

    - code: de-de
      ...
      currency: EUR
      tax_included: true   # (existing field) shoppers see prices with VAT included
      vat: "19"            # percent added to a net base price where tax_included is true
      adjustment: "5"      # percent on top of the converted price (duties, positioning)
      rounding: ".99"      # ".99", ".95", "9.99", {step: 10}, none; default: the currency's

Per store, in pelicanconf.py: ``STORE_PRICING`` (``store_pricing`` reads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from storefront_core.errors import Problem

from ..model import Prices
from .rounding import RoundingRule, RuleError, default_rule, parse_rule

#: the market fields this module reads (markets.py lets them through to ``parse_market_pricing``)
PRICING_KEYS = ("vat", "adjustment", "rounding")
_STORE_KEYS = ("base_includes_tax", "floor", "max_move_percent", "rates_max_age_days")


@dataclass(frozen=True)
class MarketPricing:
    """How a market derives its prices from the store currency's."""

    adjustment: Decimal = Decimal(0)  # percent, e.g. 5 adds 5 % to the converted price
    vat: Decimal | None = None  # percent; None: not declared (no VAT added)
    rounding: RoundingRule | None = None  # None: the currency's usual rule

    def rule(self, currency: str) -> RoundingRule:
        """The rounding rule prices in ``currency`` get in this market.

        >>> str(MarketPricing().rule("JPY")), str(MarketPricing(rounding=parse_rule(".95",
        ...     "GBP")).rule("GBP"))
        ('step 10', '.95')
        """
        return self.rounding if self.rounding is not None else default_rule(currency)


@dataclass(frozen=True)
class StorePricing:
    """The store-wide pricing settings (``STORE_PRICING``)."""

    base_includes_tax: bool = False  # the store currency's prices include VAT (EU stores)
    floor: Prices = field(default_factory=dict)  # warn when a derived price is below it
    max_move_percent: Decimal = Decimal(10)  # warn when rounding moves a price more
    rates_max_age_days: int = 60  # warn when content/rates.yml is older


def _percent(value: Any) -> Decimal | None:
    """A percentage as markets.yml may write it: 19, "19", "7.7", "19 %".

    >>> _percent("19 %"), _percent(Decimal("7.7")), _percent("19,5"), _percent(True)
    (Decimal('19'), Decimal('7.7'), None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return None
    try:
        number = Decimal(str(value).strip().removesuffix("%").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_market_pricing(item: Mapping[str, Any], where: str, currency: str, file: str,
                         lines: Mapping[str, int]) -> tuple[MarketPricing, list[Problem]]:
    """The pricing fields of one market of markets.yml (``where``: "markets[3]").

    >>> pricing, problems = parse_market_pricing({"vat": "19", "adjustment": "+5",
    ...     "rounding": ".95"}, "markets[2]", "EUR", "content/markets.yml", {})
    >>> pricing.vat, pricing.adjustment, str(pricing.rule("EUR")), problems
    (Decimal('19'), Decimal('5'), '.95', [])
    >>> _, problems = parse_market_pricing({"adjustment": "five", "rounding": ".999"},
    ...     "markets[2]", "EUR", "content/markets.yml", {"markets[2].adjustment": 9})
    >>> for p in problems: print(p)
    content/markets.yml:9: markets[2].adjustment: "five" is not a number; write the percent \
added to converted prices, e.g. adjustment: "5" (or "-3")
    content/markets.yml: markets[2].rounding: EUR has 2 decimals, so a price cannot end in \
".999"; write an ending with at most 2, e.g. ".99"
    """
    problems: list[Problem] = []

    def error(key: str, message: str) -> None:
        path = f"{where}.{key}"
        problems.append(Problem(file, path, message, lines.get(path)))

    adjustment = Decimal(0)
    if item.get("adjustment") is not None:
        number = _percent(item["adjustment"])
        if number is None:
            error("adjustment", f"{_shown(item['adjustment'])} is not a number; write the percent "
                                'added to converted prices, e.g. adjustment: "5" (or "-3")')
        elif number <= -100:
            error("adjustment", f"{number} % would make prices zero or negative; write a "
                                'percent above -100, e.g. adjustment: "-10"')
        else:
            adjustment = number
    vat: Decimal | None = None
    if item.get("vat") is not None:
        number = _percent(item["vat"])
        if number is None or number < 0 or number >= 100:
            error("vat", f"{_shown(item['vat'])} is not a VAT rate; write the percent, e.g. "
                         'vat: "19" (or "0" where none is charged)')
        else:
            vat = number
    rounding: RoundingRule | None = None
    if item.get("rounding") is not None:
        try:
            rounding = parse_rule(item["rounding"], currency)
        except RuleError as exc:
            error("rounding", str(exc))
    return MarketPricing(adjustment, vat, rounding), problems


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def check_store_pricing(value: Any) -> str | None:
    """What is wrong with ``STORE_PRICING``, if anything.

    >>> check_store_pricing({"floor": {"JPY": "300"}, "max_move_percent": 8}) is None
    True
    >>> print(check_store_pricing({"max_move": 8}))
    "max_move" is not a pricing setting; use base_includes_tax, floor, max_move_percent, \
rates_max_age_days
    """
    if not isinstance(value, dict):
        return "must be a dict such as {'max_move_percent': 10}"
    try:
        store_pricing({"STORE_PRICING": value})
    except ValueError as exc:
        return str(exc)
    return None


def store_pricing(settings: Mapping[str, Any]) -> StorePricing:
    """``STORE_PRICING`` read into its typed form; ValueError says what is wrong.

    >>> store_pricing({"STORE_PRICING": {"floor": {"USD": "1"}, "rates_max_age_days": 30}})
    StorePricing(base_includes_tax=False, floor={'USD': Decimal('1')}, \
max_move_percent=Decimal('10'), rates_max_age_days=30)
    """
    raw = settings.get("STORE_PRICING") or {}
    for key in raw:
        if key not in _STORE_KEYS:
            raise ValueError(f'"{key}" is not a pricing setting; use {", ".join(_STORE_KEYS)}')
    out = StorePricing()
    includes = raw.get("base_includes_tax", out.base_includes_tax)
    if not isinstance(includes, bool):
        raise ValueError("base_includes_tax must be True or False")
    floor: Prices = {}
    for code, amount in (raw.get("floor") or {}).items():
        number = _percent(amount) if not str(amount).strip().endswith("%") else None
        if number is None or number < 0:
            raise ValueError(f"floor: {code}: {amount!r} is not an amount; write e.g. "
                             "{'USD': '1.00', 'JPY': '300'}")
        floor[str(code)] = number
    move = _percent(raw.get("max_move_percent", out.max_move_percent))
    if move is None or move < 0:
        raise ValueError("max_move_percent must be a percent such as 10")
    age = raw.get("rates_max_age_days", out.rates_max_age_days)
    if isinstance(age, bool) or not isinstance(age, int) or age < 1:
        raise ValueError("rates_max_age_days must be a whole number of days above 0, e.g. 60")
    return StorePricing(includes, floor, move, age)
