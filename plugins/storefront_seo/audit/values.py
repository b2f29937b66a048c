"""Reading the values a page or feed writes: amounts, shown prices, feed prices, GTINs, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from storefront_catalog.validate import gtin_check_digit
from storefront_core.numbers import to_decimal

#: every character CLDR writes between digit groups or before the decimals: dot, comma, both
#: apostrophes (de-CH went from ’ to ' in CLDR 47), the spaces (no-break, narrow no-break, thin,
#: plain) and the Arabic separators. A page built with one Babel release must still be read by
#: another, so any of them may group digits; only the locale's decimal sign starts decimals.
_SEPARATORS = ".,'\u2019\u00a0\u202f\u2009 \u066b\u066c"
_NUMBER = re.compile(rf"\d(?:[\d{re.escape(_SEPARATORS)}]*\d)?")


def width_text(width: int, text: str) -> str:
    """ "62 characters", or for text with wide (CJK) characters "31 characters, 62 wide"."""
    chars = len(text)
    return f"{chars} characters" if chars == width else f"{chars} characters, {width} wide"


def norm_space(text: str | None) -> str:
    """The text with its runs of white space as one space, stripped.

    >>> norm_space("  Pen   and paper ")
    'Pen and paper'
    """
    return " ".join((text or "").split())


def tokens(value: str | None) -> set[str]:
    """The lower-cased words of an attribute such as ``rel``."""
    return set((value or "").lower().split())


def parse_amount(value: Any) -> Decimal | None:
    """A JSON-LD or feed number as a Decimal; None when it is not one.

    >>> parse_amount("29.90"), parse_amount(4480), parse_amount("abc")
    (Decimal('29.90'), Decimal('4480'), None)
    """
    return to_decimal(value)


def parse_feed_price(text: str | None) -> tuple[Decimal, str] | None:
    """``"29.99 USD"`` as (amount, currency); None when it is not a feed price.

    >>> parse_feed_price("4480 JPY")
    (Decimal('4480'), 'JPY')
    >>> parse_feed_price("29,99 EUR") is None
    True
    """
    parts = (text or "").split()
    if len(parts) != 2 or not re.fullmatch("[A-Z]{3}", parts[1]):
        return None
    amount = parse_amount(parts[0])
    return (amount, parts[1]) if amount is not None else None


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> Any:
    from babel import Locale, UnknownLocaleError

    for candidate in (lang.replace("-", "_"), lang.split("-")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def parse_shown_price(text: str, lang: str) -> Decimal | None:
    """The amount in a price as shoppers of ``lang`` read it, or None.

    The locale (Babel) says which sign starts the decimals; every other separator between
    digits groups them, whichever grouping this or an older CLDR release writes.

    >>> parse_shown_price("1.100,00\\xa0€", "de-DE"), parse_shown_price("￥4,480", "ja-JP")
    (Decimal('1100.00'), Decimal('4480'))
    >>> parse_shown_price("\\u200f١٬١٠٠٫٠٠\\xa0ر.س.\\u200f", "ar-SA")
    Decimal('1100.00')
    >>> [parse_shown_price(f"CHF\\xa01{group}299.50", "de-CH") for group in "’'"]
    [Decimal('1299.50'), Decimal('1299.50')]
    """
    # other scripts' digits (Arabic-Indic, Devanagari...) as ASCII, separators kept
    chars = [str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c
             for c in text]
    match = _NUMBER.search("".join(chars))
    if not match:
        return None
    number = match.group(0)
    cut = max(number.rfind(sep) for sep in _SEPARATORS)  # the last separator, -1 for none
    whole, decimals = number, ""
    if cut >= 0 and number[cut] in _decimal_signs(lang):
        whole, decimals = number[:cut], number[cut + 1:]
    digits = "".join(c for c in whole if c.isdigit())
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


@lru_cache(maxsize=64)
def _decimal_signs(lang: str) -> frozenset[str]:
    """The decimal signs of ``lang`` in Latin digits and in its own (Arabic: "." and "٫")."""
    from babel.numbers import get_decimal_symbol

    locale = babel_locale(lang)
    signs = set()
    for system in ("latn", "default"):
        try:
            signs.add(get_decimal_symbol(locale, numbering_system=system))
        except (KeyError, ValueError):
            continue
    return frozenset(signs or {"."})



def gtin_problem(value: Any, key: str = "gtin") -> str | None:
    """Why ``value`` is not a valid GTIN for property ``key``, or None.

    >>> gtin_problem("4006381333931") is None
    True
    >>> gtin_problem("4006381333932", "gtin13")
    'gtin13 "4006381333932": the check digit should be 1, not 2'
    >>> gtin_problem("12345", "gtin8")
    'gtin8 "12345": has 5 digits; a gtin8 has 8'
    """
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        return f'{key} "{text}": digits only (no spaces, dashes or letters)'
    want = {"gtin8": (8,), "gtin12": (12,), "gtin13": (13,), "gtin14": (14,)}.get(
        key, (8, 12, 13, 14))
    if len(text) not in want:
        lengths = " or ".join(str(n) for n in want)
        return f'{key} "{text}": has {len(text)} digits; a {key} has {lengths}'
    check = gtin_check_digit(text[:-1])
    if check != int(text[-1]):
        return f'{key} "{text}": the check digit should be {check}, not {text[-1]}'
    return None


def parse_date(value: Any) -> date | None:
    """The ISO 8601 date a JSON-LD value starts with, or None."""
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _feed_datetime(text: str) -> datetime | None:
    """A Merchant Center date ("2025-11-28T09:30-0800", or a plain date) with a time zone."""
    text = text.strip()
    for fmt in ("%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_sale_window(text: str | None) -> tuple[datetime, datetime] | None:
    """A feed's ``sale_price_effective_date`` ("start/end") as two moments, or None."""
    if not text or "/" not in text:
        return None
    start, end = (_feed_datetime(t) for t in text.split("/", 1))
    return (start, end) if start and end else None

