"""The field checker: reads one file's parsed YAML field by field and collects Problems.

``FieldChecker`` turns raw values (text, yes/no, numbers, dates, choices, money, currency
codes, GTINs, SKUs) into clean ones or reports what is wrong and how to fix it; the product,
page and translation rules and the campaign reader (storefront_promotions) build on it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from babel.core import get_global
from babel.numbers import get_currency_precision, list_currencies

from storefront_core.errors import Problem
from storefront_core.yamlio import field_line

from .model import Prices

TITLE_MAX = 150
SKU_MAX = 50
SEO_FIELDS = ("title", "description")
SEO_TITLE_MAX = 70
SEO_DESCRIPTION_MAX = 160

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SKU = re.compile(r"^[A-Za-z0-9._-]+$")
_AMOUNT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")
_INT_TEXT = re.compile(r"^[-+]?[0-9]+$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^[0-9]+,[0-9]+$")
_GTIN_LENGTHS = (8, 12, 13, 14)
_YES_NO = {"yes", "no", "y", "n", "on", "off", "true", "false"}
#: Keys marketers reach for, with the hint that gets them to the right field.
FIELD_HINTS = {
    "name": 'use "title"',
    "description": "the description is the Markdown text below the front matter; for the "
    "search-engine description use seo: {description: ...}",
    "photos": 'use "images"',
    "pictures": 'use "images"',
    "stock": 'use "availability" (in_stock, out_of_stock, preorder or backorder)',
    "categories": 'use "category" with one path, e.g. category: Accessories/Stylus Pens',
    "weight": "put product facts under specs, e.g. specs: {Weight: 14 g}",
}
#: ISO 4217 codes that are funds, metals or test codes, not money a shop can charge in.
_NOT_MONEY = frozenset(
    "XAG XAU XBA XBB XBC XBD XDR XFO XFU XPD XPT XRE XSU XTS XUA XXX".split()
)


def known_currencies() -> tuple[frozenset[str], frozenset[str]]:
    """(every ISO 4217 code Babel knows, the codes some territory uses today)."""
    known = frozenset(list_currencies()) - _NOT_MONEY
    current = frozenset(
        code
        for entries in get_global("territory_currencies").values()
        for code, _start, end, tender in entries
        if end is None and tender
    )
    return known, current & known


def gtin_check_digit(digits: str) -> int:
    """The GS1 check digit for the GTIN digits before it.

    >>> gtin_check_digit("690123456789")
    2
    """
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def is_slug(text: str) -> bool:
    """True for a URL-safe slug: lowercase a-z, 0-9 and single hyphens."""
    return bool(_SLUG.match(text))


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest choice to a misspelt word, if any is close.

    >>> did_you_mean("prise", ["price", "title"]), did_you_mean("UDS", ["UZS", "USD"])
    ('price', 'USD')
    """
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    key = word.lower()
    if key in lowered:
        return lowered[key]
    for choice in lowered:  # swapped letters (UDS for USD) beat a one-letter difference
        if sorted(choice) == sorted(key):
            return lowered[choice]
    match = difflib.get_close_matches(key, list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


class FieldChecker:
    """Collects problems for one file; the helpers return a clean value or None."""

    def __init__(self, file: str, lines: Mapping[str, int], currency: str,
                 currencies: tuple[frozenset[str], frozenset[str]]):
        self.file = file
        self.lines = lines
        self.currency = currency
        self.known, self.current = currencies
        self.problems: list[Problem] = []
        self.reported: set[str] = set()  # field paths with an error (see failed)
        self.meant: set[str] = set()  # fields an unknown field was probably meant as

    # -- reporting ---------------------------------------------------------------------------
    def line(self, path: str) -> int | None:
        return field_line(self.lines, path)

    def error(self, path: str, message: str, *, blame: tuple[str, ...] = ()) -> None:
        """Report an error at ``path``; ``blame`` names the fields it makes unusable when that
        is not ``path`` alone (a missing ``price.USD`` is reported at ``price``; ``price.usd``
        is the marketer's ``price.USD``)."""
        self.problems.append(Problem(self.file, path, message, self.line(path)))
        self.reported.update(blame or (path,))

    def failed(self, path: str) -> bool:
        """True when an error was reported at ``path``, inside it or at a field holding it: a
        check that depends on that field stays quiet (one bad price is one error)."""
        for done in self.reported:
            if done == path or done.startswith((path + ".", path + "[")) or path.startswith(
                    (done + ".", done + "[")):
                return True
        return False

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message, self.line(path), "warning"))

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    # -- structure ---------------------------------------------------------------------------
    def field_hint(self, key: str) -> tuple[str, str] | None:
        """What to say about an unknown top-level field ``key``, and the field it was probably
        meant as ("" when none): the well-known mistakes (FIELD_HINTS)."""
        hint = FIELD_HINTS.get(key.lower())
        return (hint, "") if hint else None

    def known_keys(self, data: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
        """An error for every field of ``data`` not in ``allowed``, with a hint; the field it
        was probably meant as is remembered (``meant``) so it is not also called missing."""
        allowed = tuple(allowed)
        for key in data:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else key
            guess = did_you_mean(key, allowed)
            special = None if path else self.field_hint(key)
            if special:
                hint, meant = special
            elif guess:
                hint, meant = f'did you mean "{guess}"?', guess
            else:
                hint, meant = "allowed here: " + ", ".join(allowed), ""
            self.meant.add(f"{path}.{meant}" if path and meant else meant)
            self.error(where, f"unknown field; {hint}")

    def mapping(self, value: Any, path: str, example: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, f"must be a group of fields, e.g. {example}")
        return None

    def listing(self, value: Any, path: str, example: str) -> list[Any] | None:
        if isinstance(value, list):
            return value
        self.error(path, f"must be a list, e.g. {example}")
        return None

    # -- scalars -----------------------------------------------------------------------------
    def text(self, value: Any, path: str, *, required: bool = False,
             max_len: int | None = None) -> str | None:
        if value is None:
            if required:
                self.error(path, "is missing; this field is required")
            return None
        if isinstance(value, bool):
            self.error(path, f"{str(value).lower()} is a yes/no value here; put the text in "
                             "quotes")
            return None
        if isinstance(value, int | Decimal):
            value = str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif not isinstance(value, str):
            self.error(path, "must be a single text, not a list or a group of fields")
            return None
        value = value.strip()
        if not value:
            if required:
                self.error(path, "is empty; this field is required")
            return None
        if max_len is not None and len(value) > max_len:
            self.error(path, f"is {len(value)} characters long; keep it to {max_len} or fewer")
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        shown = f'"{value}"' if isinstance(value, str) else str(value)
        if isinstance(value, str) and value.strip().lower() in _YES_NO:
            word = "true" if value.strip().lower() in ("yes", "y", "on", "true") else "false"
            self.error(path, f"{shown} is text, not true/false; write {word} without quotes")
        else:
            self.error(path, f"{shown} is not true or false; write true or false")
        return None

    def integer(self, value: Any, path: str, minimum: int | None = None) -> int | None:
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _INT_TEXT.match(value.strip()):
            number = int(value.strip())
        if number is None:
            self.error(path, f"{show_value(value)} is not a whole number; write e.g. 10")
            return None
        if minimum is not None and number < minimum:
            self.error(path, f"{number} is too small; it must be {minimum} or more")
            return None
        return number

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        if value is None:
            return None
        text = value if isinstance(value, str) else show_value(value)
        if text in choices:
            return text
        guess = did_you_mean(text.replace(" ", "_").replace("-", "_"), choices)
        hint = f'did you mean "{guess}"? ' if guess else ""
        self.error(path, f"{show_value(value)} is not allowed; {hint}use one of: "
                         f"{', '.join(choices)}")
        return None

    def date(self, value: Any, path: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(path, f"{show_value(value)} is not a date; write it as YYYY-MM-DD, e.g. "
                         "2026-12-01")
        return None

    # -- money -------------------------------------------------------------------------------
    def amount(self, value: Any, path: str, code: str | None) -> Decimal | None:
        if isinstance(value, bool) or value is None or isinstance(value, list | dict):
            self.error(path, f"{show_value(value)} is not an amount; write a number, e.g. "
                             '"29.99"')
            return None
        if isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, Decimal):
            amount = value
        else:
            text = str(value).strip()
            if _AMOUNT.match(text):
                amount = Decimal(text)
            elif _THOUSANDS.match(text):
                fixed = text.replace(",", "")
                self.error(path, f'"{text}" is not a number; write it without thousands '
                                 f'separators, e.g. "{fixed}"')
                return None
            elif _DECIMAL_COMMA.match(text):
                fixed = text.replace(",", ".")
                self.error(path, f'"{text}" is not a number; write it with a dot, e.g. "{fixed}"')
                return None
            else:
                digits = re.sub(r"[^0-9.,]", "", text)
                example = digits if _AMOUNT.match(digits) else "29.99"
                self.error(path, f'"{text}" is not a number; write only the amount, without '
                                 f'currency signs or words, e.g. "{example}"')
                return None
        if amount <= 0:
            self.error(path, f"{amount} must be above 0")
            return None
        if code is not None:
            places = get_currency_precision(code)
            exponent = amount.as_tuple().exponent
            used = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if used > places:
                if places == 0:
                    self.error(path, f"{code} has no decimal digits; write a whole amount, e.g. "
                                     f"\"{amount.to_integral_value()}\"")
                else:
                    rounded = amount.quantize(Decimal(1).scaleb(-places))
                    self.error(path, f"{code} has {places} decimal digits; round {amount} to "
                                     f"e.g. \"{rounded}\"")
                return None
        return amount

    def currency_code(self, code: str, path: str) -> str | None:
        meant = path.rsplit(".", 1)[0] + "."  # the field of the code the marketer meant
        if code in self.current:
            return code
        if code.upper() in self.current:
            self.error(path, f'currency codes are written in capitals: write "{code.upper()}"',
                       blame=(path, meant + code.upper()))
            return None
        if code in self.known:
            self.error(path, f'"{code}" is no longer in use; use today\'s ISO 4217 code')
            return None
        guess = did_you_mean(code, sorted(self.current))
        hint = f'did you mean "{guess}"? ' if guess else ""
        self.error(path, f'"{code}" is not an ISO 4217 currency code; {hint}use codes such as '
                         "USD, EUR, GBP, JPY", blame=(path, meant + guess) if guess else ())
        return None

    def prices(self, value: Any, path: str, *, need_store: bool) -> Prices | None:
        store = self.currency
        example = f'{path.rsplit(".", 1)[-1]}: {{{store}: "29.99"}}'
        if value is None:
            if need_store:
                self.error(path, f"is missing; give a price per currency, e.g. {example}")
            return None
        if not isinstance(value, dict):
            if isinstance(value, int | Decimal | str) and not isinstance(value, bool):
                written = str(value).strip()
                if _DECIMAL_COMMA.match(written):
                    written = written.replace(",", ".")
                example = f'{path.rsplit(".", 1)[-1]}: {{{store}: "{written}"}}'
            self.error(path, f"must list an amount per currency, e.g. {example}")
            return None
        out: Prices = {}
        for code, raw in value.items():
            where = f"{path}.{code}"
            checked = self.currency_code(code, where)
            amount = self.amount(raw, where, checked)
            if checked and amount is not None:
                out[checked] = amount
        # not when the store's code is there misspelt (reported above)
        if need_store and store not in value and not self.failed(f"{path}.{store}"):
            self.error(path, f'has no {store} price, the store\'s currency (STORE_CURRENCY); add '
                             f'{store}: "..."', blame=(f"{path}.{store}",))
        return out

    def gtin(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            self.error(path, f'write the GTIN in quotes, e.g. gtin: "{value}"; as a bare '
                             "number YAML may drop leading zeros")
            return None
        if not isinstance(value, str):
            self.error(path, f"{show_value(value)} is not a GTIN; write the barcode digits in "
                             'quotes, e.g. "6901234567892"')
            return None
        digits = value.strip().replace(" ", "").replace("-", "")
        if not digits.isdigit() or len(digits) not in _GTIN_LENGTHS:
            self.error(path, f'"{value}" is not a GTIN; it must be 8, 12, 13 or 14 digits '
                             "(the number under the barcode)")
            return None
        expected = gtin_check_digit(digits[:-1])
        if int(digits[-1]) != expected:
            self.error(path, f'"{value}" has a wrong check digit (the last digit should be '
                             f"{expected}); copy the GTIN again from the barcode or GS1 record")
            return None
        return digits

    def sku(self, value: Any, path: str) -> str | None:
        sku = self.text(value, path, required=True)
        if sku is None:
            return None
        if len(sku) > SKU_MAX:
            self.error(path, f"is {len(sku)} characters long; keep SKUs to {SKU_MAX} or fewer")
            return None
        if not _SKU.match(sku):
            fixed = re.sub(r"[^A-Za-z0-9._-]+", "-", sku).strip("-") or "TS-001"
            what = "spaces" if " " in sku else "characters other than A-Z, 0-9, . _ -"
            self.error(path, f'"{sku}" contains {what}; use letters, digits, . _ - only, '
                             f'e.g. "{fixed}"')
            return None
        return sku


def show_value(value: Any) -> str:
    """A value as the marketer wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return str(value)


def seo_field(c: FieldChecker, value: Any) -> tuple[str | None, str | None]:
    """(SEO title, SEO description) from ``seo``; warns when search engines would cut them."""
    if value is None:
        return None, None
    data = c.mapping(value, "seo", 'seo: {title: "...", description: "..."}')
    if data is None:
        return None, None
    c.known_keys(data, SEO_FIELDS, "seo")
    title = c.text(data.get("title"), "seo.title")
    description = c.text(data.get("description"), "seo.description")
    if title and len(title) > SEO_TITLE_MAX:
        c.warn("seo.title", f"is {len(title)} characters; search engines show about "
                            f"{SEO_TITLE_MAX}, shorten it")
    if description and len(description) > SEO_DESCRIPTION_MAX:
        c.warn("seo.description", f"is {len(description)} characters; search engines show "
                                  f"about {SEO_DESCRIPTION_MAX}, shorten it")
    return title, description
