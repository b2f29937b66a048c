"""Prices, percentages and dates as the installed Babel (CLDR) writes them.

The store formats these with Babel in the market's locale, so a CLDR release may change them
(de-CH grouping went from ’ to ' in CLDR 47). Tests that check the store's wording around them
expect Babel's text from here instead of spelling out one CLDR release's separators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_percent


def money(amount: str, currency: str, locale: str) -> str:
    """``amount`` in ``currency`` as shoppers of ``locale`` read it ("1.234,50\xa0€")."""
    return format_currency(Decimal(amount), currency, locale=locale.replace("-", "_"))


def percent(value: int, locale: str) -> str:
    """``value`` per cent as ``locale`` writes it ("20\xa0%" in German)."""
    return format_percent(Decimal(value) / 100, locale=locale.replace("-", "_"),
                          decimal_quantization=False)


def long_date(day: date, locale: str) -> str:
    """``day`` in ``locale``'s long date format ("30. November 2026")."""
    return format_date(day, format="long", locale=locale.replace("-", "_"))
