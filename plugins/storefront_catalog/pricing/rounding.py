"""Rounding rules: how a converted price becomes a price a shopper of that currency expects.

Three kinds of rule, written in markets.yml as ``rounding:``:

- an **ending**, ``".99"``, ``".95"``, ``".90"``, ``".00"`` (or with whole digits: ``"9.99"``
  for 19.99, 29.99...; ``"80"`` for yen prices ending in 80): the smallest price **at or
  above** the converted one that ends that way;
- a **step**, ``{step: 10}``: the smallest multiple of the step at or above it (JPY to the
  next 10, KRW to the next 100, CHF to the next 0.05 with ``{step: "0.05"}``);
- ``none``: only to the currency's minor unit, half up (cents; none for JPY; three decimals
  for BHD), the way ``money.quantize`` rounds.

Rules round up, so a rule never sells below the converted price; ``none`` is the exception
(half up, as any amount of money is rounded). Each currency's minor unit comes from Babel
(``get_currency_precision``). ``default_rule`` gives each currency its usual rule.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import get_currency_precision

from storefront_core.numbers import to_decimal

RULE_KINDS = ("ending", "step", "none")
_ENDING = re.compile(r"^([0-9]*)(?:\.([0-9]+))?$")

#: the usual rule per currency (README, "Prices in every market"); any other currency: ".99"
#: with two decimals, ``none`` with none or three (BHD, KWD, OMR, JOD...)
DEFAULT_RULES: dict[str, str] = {
    **dict.fromkeys(("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "EUR", "GBP", "MXN", "BRL",
                     "ZAR", "MYR", "PLN", "ILS"), ".99"),
    "CHF": ".90",
    **dict.fromkeys(("SAR", "AED", "QAR", "SEK", "NOK", "DKK", "CZK", "INR", "CNY", "TRY"),
                    ".00"),
    "JPY": "step 10",
    **dict.fromkeys(("KRW", "HUF"), "step 100"),
    **dict.fromkeys(("IDR", "VND"), "step 1000"),
}


class RuleError(ValueError):
    """A rounding rule that cannot be used; the message says how to write one."""


@dataclass(frozen=True)
class RoundingRule:
    """How a converted price is rounded in one currency."""

    kind: str  # one of RULE_KINDS
    value: Decimal = Decimal(0)  # ending: the ending (.99 -> 0.99); step: the step
    modulus: Decimal = Decimal(1)  # ending: how often it repeats (1 for .99, 10 for 9.99)
    text: str = "none"  # as written: ".99", "step 10", "none"

    def __str__(self) -> str:
        return self.text


NONE = RoundingRule("none")


@functools.cache
def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency (Babel's digits).

    >>> minor_unit("USD"), minor_unit("JPY"), minor_unit("BHD")
    (Decimal('0.01'), Decimal('1'), Decimal('0.001'))
    """
    return Decimal(1).scaleb(-get_currency_precision(currency))


def parse_rule(value: Any, currency: str) -> RoundingRule:
    """A rule as markets.yml writes it, checked against the currency; RuleError otherwise.

    >>> parse_rule(".99", "USD"), parse_rule({"step": 10}, "JPY"), parse_rule("none", "BHD")
    (RoundingRule(kind='ending', value=Decimal('0.99'), modulus=Decimal('1'), text='.99'), \
RoundingRule(kind='step', value=Decimal('10'), modulus=Decimal('1'), text='step 10'), \
RoundingRule(kind='none', value=Decimal('0'), modulus=Decimal('1'), text='none'))
    >>> parse_rule("80", "JPY").modulus
    Decimal('100')
    >>> parse_rule(".99", "JPY")
    Traceback (most recent call last):
    ...
    storefront_catalog.pricing.rounding.RuleError: JPY has no decimals, so a price cannot end \
in ".99"; round to a step, e.g. {step: 10}, or to an ending in whole units, e.g. "80"
    """
    unit = minor_unit(currency)
    digits = get_currency_precision(currency)
    if isinstance(value, str) and value.strip().lower() == "none":
        return NONE
    if isinstance(value, dict):
        if set(value) != {"step"}:
            raise RuleError('a rule written as a mapping has one field, step, e.g. {step: 10}')
        step = _number(value["step"])
        if step is None or step <= 0:
            raise RuleError(f"step must be a number above zero, e.g. {{step: 10}}, not "
                            f"{value['step']!r}")
        if step % unit:
            raise RuleError(f"step {step} is not a whole number of {currency}'s smallest unit "
                            f"({unit}); use e.g. {{step: {_example_step(currency)}}}")
        return RoundingRule("step", step, text=f"step {step}")
    if isinstance(value, bool) or isinstance(value, int):
        raise RuleError(f"write {{step: {value}}} to round up to the next multiple of {value}, "
                        f'or an ending in quotes, e.g. ".99"')
    text = str(value).strip() if isinstance(value, str | Decimal) else ""
    match = _ENDING.match(text)
    if not text or not match or text == ".":
        raise RuleError(f'{value!r} is not a rounding rule; write an ending such as ".99", '
                        f'a step such as {{step: 10}}, or none')
    whole, fraction = match[1], match[2] or ""
    if fraction and whole and not whole.strip("0"):
        raise RuleError(f'write ".{fraction}" (prices ending in .{fraction}), not "{text}"')
    if len(fraction) > digits:
        if digits == 0:
            raise RuleError(f'{currency} has no decimals, so a price cannot end in "{text}"; '
                            'round to a step, e.g. {step: 10}, or to an ending in whole units, '
                            'e.g. "80"')
        raise RuleError(f'{currency} has {digits} decimals, so a price cannot end in "{text}"; '
                        f'write an ending with at most {digits}, e.g. ".{"9" * digits}"')
    ending = Decimal(text if whole else "0" + text)
    modulus = Decimal(10) ** len(whole) if whole else Decimal(1)
    return RoundingRule("ending", ending, modulus, text)


@functools.cache
def default_rule(currency: str) -> RoundingRule:
    """The usual rule of a currency (DEFAULT_RULES, else by its decimals).

    >>> [str(default_rule(c)) for c in ("USD", "CHF", "JPY", "KRW", "BHD", "SAR", "THB")]
    ['.99', '.90', 'step 10', 'step 100', 'none', '.00', '.99']
    """
    written = DEFAULT_RULES.get(currency)
    if written is None:
        return parse_rule(".99" if get_currency_precision(currency) == 2 else "none", currency)
    if written.startswith("step "):
        return parse_rule({"step": written[5:]}, currency)
    return parse_rule(written, currency)


def apply_rule(amount: Decimal, rule: RoundingRule, currency: str) -> Decimal:
    """A converted price rounded by the rule, with the currency's decimals.

    Endings and steps go up: the smallest price at or above ``amount`` that ends in the
    ending, or is a multiple of the step. ``none`` rounds half up to the minor unit.

    >>> apply_rule(Decimal("27.13"), parse_rule(".99", "USD"), "USD")
    Decimal('27.99')
    >>> apply_rule(Decimal("27.995"), parse_rule(".99", "USD"), "USD")
    Decimal('28.99')
    >>> apply_rule(Decimal("27.99"), parse_rule(".99", "USD"), "USD")  # already ends so
    Decimal('27.99')
    >>> apply_rule(Decimal("27.01"), parse_rule(".00", "SAR"), "SAR")
    Decimal('28.00')
    >>> apply_rule(Decimal("4471.3"), parse_rule({"step": 10}, "JPY"), "JPY")
    Decimal('4480')
    >>> apply_rule(Decimal("4471.3"), parse_rule("80", "JPY"), "JPY")
    Decimal('4480')
    >>> apply_rule(Decimal("12.3456"), NONE, "BHD")
    Decimal('12.346')
    >>> apply_rule(Decimal("0"), NONE, "USD")
    Traceback (most recent call last):
    ...
    ValueError: a price must be above zero, not 0
    """
    if amount <= 0:
        raise ValueError(f"a price must be above zero, not {amount}")
    unit = minor_unit(currency)
    if rule.kind == "none":
        return amount.quantize(unit, rounding=ROUND_HALF_UP)
    if rule.kind == "step":
        steps = (amount / rule.value).to_integral_value(rounding=ROUND_CEILING)
        return (steps * rule.value).quantize(unit)
    if rule.kind == "ending":
        cycles = ((amount - rule.value) / rule.modulus).to_integral_value(rounding=ROUND_CEILING)
        return (cycles * rule.modulus + rule.value).quantize(unit)
    raise RuleError(f'"{rule.kind}" is not a kind of rounding rule; use {", ".join(RULE_KINDS)}')


def round_amount(amount: Decimal, rule: RoundingRule, currency: str) -> Decimal:
    """A converted discount amount: half up to the step of a step rule (never below one step),
    else to the minor unit. An amount off a price gets no price ending: ".99 off" is no price.

    >>> round_amount(Decimal("9.274"), parse_rule(".99", "EUR"), "EUR")
    Decimal('9.27')
    >>> round_amount(Decimal("1584"), parse_rule({"step": 10}, "JPY"), "JPY")
    Decimal('1580')
    >>> round_amount(Decimal("3"), parse_rule({"step": 10}, "JPY"), "JPY")
    Decimal('10')
    """
    if amount <= 0:
        raise ValueError(f"an amount must be above zero, not {amount}")
    unit = minor_unit(currency)
    if rule.kind != "step":
        return amount.quantize(unit, rounding=ROUND_HALF_UP)
    steps = max((amount / rule.value).to_integral_value(rounding=ROUND_HALF_UP), Decimal(1))
    return (steps * rule.value).quantize(unit)


def _number(value: Any) -> Decimal | None:
    """A Decimal from YAML's int, Decimal or text; None when it is no number."""
    return to_decimal(value)


def _example_step(currency: str) -> str:
    digits = get_currency_precision(currency)
    return "10" if digits == 0 else str(Decimal(5).scaleb(-digits))
