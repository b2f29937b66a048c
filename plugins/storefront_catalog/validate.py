"""Front-matter validation: parsed YAML in, catalog model objects and Problems out.

Pure functions: no Pelican, no file reads (the caller passes the list of files in a bundle).
Every problem names the file, the dotted field (``variants[1].price.USD``; list positions count
from 1), the line where known, what is wrong and how to fix it. Validation never stops at the
first mistake.

Rules a marketer may ask about:
- price tiers have strictly increasing ``min_qty`` and strictly falling unit prices, all below
  the base price; the first tier may sit at exactly ``moq`` only if it repeats the base price
  (the base price applies from ``moq`` units, so a different price there would hide it);
- tiers must list the store currency; their currencies must also be in ``price``;
- variant ``price``/``list_price`` hold only what differs and are merged over the product's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from babel.core import get_global
from babel.numbers import get_currency_precision, list_currencies

from storefront_core.errors import Problem
from storefront_core.slug import slugify

from .model import (
    ANGLES,
    AVAILABILITY,
    CONDITIONS,
    VARIANT_OPTIONS,
    Category,
    Image,
    Page,
    PageText,
    Prices,
    PriceTier,
    Product,
    ProductText,
    Rating,
    Variant,
    default_alt,
)

PRODUCT_FIELDS = (
    "title", "sku", "brand", "gtin", "mpn", "category", "tags", "summary", "price",
    "list_price", "availability", "condition", "moq", "price_tiers", "images", "variants",
    "specs", "buy_url", "inquiry", "rating", "seo", "draft", "featured", "order",
    "release_date",
)  # fmt: skip
PAGE_FIELDS = ("title", "summary", "seo", "order", "noindex", "draft")
#: What a translation (index.<lang>.md) may set; everything else comes from index.md.
PRODUCT_TEXT_FIELDS = ("title", "summary", "seo", "images", "specs", "options")
PAGE_TEXT_FIELDS = ("title", "summary", "seo")
TEXT_IMAGE_FIELDS = ("file", "alt")
IMAGE_FIELDS = ("file", "angle", "alt")
VARIANT_FIELDS = (
    ("sku",) + VARIANT_OPTIONS + ("image", "price", "list_price", "availability", "gtin", "mpn",
                                  "swatch")
)
TIER_FIELDS = ("min_qty", "price")
RATING_FIELDS = ("value", "count")
SEO_FIELDS = ("title", "description")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif")
TITLE_MAX = 150
SKU_MAX = 50
SEO_TITLE_MAX = 70
SEO_DESCRIPTION_MAX = 160

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SKU = re.compile(r"^[A-Za-z0-9._-]+$")
_AMOUNT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")
_INT_TEXT = re.compile(r"^[-+]?[0-9]+$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^[0-9]+,[0-9]+$")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_GTIN_LENGTHS = (8, 12, 13, 14)
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
#: country codes written where a language code belongs (Japan is JP, Japanese is ja)
_LANGUAGE_MIXUPS = {"jp": "ja", "cn": "zh", "kr": "ko", "dk": "da", "gr": "el", "cz": "cs",
                    "se": "sv", "us": "en", "gb": "en", "br": "pt", "at": "de", "ch": "de"}
_YES_NO = {"yes", "no", "y", "n", "on", "off", "true", "false"}
#: Keys marketers reach for, with the hint that gets them to the right field.
_FIELD_HINTS = {
    "name": 'use "title"',
    "description": "the description is the Markdown text below the front matter; for the "
    "search-engine description use seo: {description: ...}",
    "photos": 'use "images"',
    "pictures": 'use "images"',
    "stock": 'use "availability" (in_stock, out_of_stock, preorder or backorder)',
    "categories": 'use "category" with one path, e.g. category: Accessories/Stylus Pens',
    "weight": "put product facts under specs, e.g. specs: {Weight: 14 g}",
}
#: The same hints in a translation file, where the commerce fields are not allowed.
_TEXT_FIELD_HINTS = {key: _FIELD_HINTS[key] for key in ("name", "description", "photos",
                                                         "pictures", "weight")}
#: How to translate what a translation may not set.
_INHERITED_HINTS = {
    "category": " (translate category names in content/categories.yml)",
    "variants": " (translate option values under options, e.g. options: {Black: Schwarz})",
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


@dataclass
class Checked:
    """The outcome of validating one product file."""

    file: str  # display path
    lines: dict[str, int]
    product: Product | None  # None when the file has errors
    problems: list[Problem] = field(default_factory=list)
    skus: list[tuple[str, str]] = field(default_factory=list)  # (sku, field path)
    category: tuple[str, ...] = ()  # when it could be read, even if the file has errors
    tags: tuple[str, ...] = ()
    read: bool = True  # False: the front matter could not be parsed


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

    # -- reporting ---------------------------------------------------------------------------
    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

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
    def known_keys(self, data: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else key
            guess = did_you_mean(key, allowed)
            if not path and key.lower() in _FIELD_HINTS:
                hint = _FIELD_HINTS[key.lower()]
            elif guess:
                hint = f'did you mean "{guess}"?'
            else:
                hint = "allowed here: " + ", ".join(allowed)
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
            self.error(path, f"{_show(value)} is not a whole number; write e.g. 10")
            return None
        if minimum is not None and number < minimum:
            self.error(path, f"{number} is too small; it must be {minimum} or more")
            return None
        return number

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        if value is None:
            return None
        text = value if isinstance(value, str) else _show(value)
        if text in choices:
            return text
        guess = did_you_mean(text.replace(" ", "_").replace("-", "_"), choices)
        hint = f'did you mean "{guess}"? ' if guess else ""
        self.error(path, f"{_show(value)} is not allowed; {hint}use one of: {', '.join(choices)}")
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
        self.error(path, f"{_show(value)} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01")
        return None

    # -- money -------------------------------------------------------------------------------
    def amount(self, value: Any, path: str, code: str | None) -> Decimal | None:
        if isinstance(value, bool) or value is None or isinstance(value, list | dict):
            self.error(path, f"{_show(value)} is not an amount; write a number, e.g. \"29.99\"")
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
            self.error(path, f'{_show(value)} is not a GTIN; write the barcode digits in quotes, '
                             'e.g. "6901234567892"')
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


def _show(value: Any) -> str:
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


def validate_product(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    slug: str,
    source_dir: Path,
    source_file: Path,
    file: str,
    bundle_files: Iterable[str],
    body_html: str,
    digest: str,
    currency: str,
    currencies: tuple[frozenset[str], frozenset[str]] | None = None,
    linked_outside: Mapping[str, str] | None = None,
) -> Checked:
    """Validate one product's front matter; ``bundle_files`` are the bundle's relative paths,
    ``linked_outside`` the real paths of those that are links out of the content folder."""
    c = FieldChecker(file, lines, currency, currencies or known_currencies())
    result = Checked(file=file, lines=dict(lines), product=None, problems=c.problems)
    c.known_keys(data, PRODUCT_FIELDS, "")

    title = c.text(data.get("title"), "title", required=True, max_len=TITLE_MAX)
    sku = c.sku(data.get("sku"), "sku")
    if sku:
        result.skus.append((sku, "sku"))
    brand = c.text(data.get("brand"), "brand", required=True)
    gtin = c.gtin(data.get("gtin"), "gtin")
    mpn = c.text(data.get("mpn"), "mpn")
    category = _category(c, data.get("category"))
    tags = _tags(c, data.get("tags"))
    result.category, result.tags = category or (), tags
    summary = c.text(data.get("summary"), "summary", required=True)
    price = c.prices(data.get("price"), "price", need_store=True)
    list_price = c.prices(data.get("list_price"), "list_price", need_store=False) or {}
    if price is not None:
        _check_list_price(c, list_price, price, "list_price", "the price")
    availability = c.choice(data.get("availability", "in_stock"), "availability", AVAILABILITY)
    condition = c.choice(data.get("condition", "new"), "condition", CONDITIONS)
    moq = c.integer(data.get("moq", 1), "moq", minimum=1)
    tiers = _tiers(c, data.get("price_tiers"), price or {}, moq or 1)
    images = _images(c, data.get("images"), source_dir, bundle_files, title or slug,
                     linked_outside or {})
    variants = _variants(c, data.get("variants"), images, price or {}, list_price,
                         availability or "in_stock", result.skus)
    specs = _specs(c, data.get("specs"))
    buy_url = _url(c, data.get("buy_url"), "buy_url")
    inquiry = c.boolean(data.get("inquiry"), "inquiry")
    rating = _rating(c, data.get("rating"))
    seo_title, seo_description = _seo(c, data.get("seo"))
    draft = c.boolean(data.get("draft"), "draft")
    featured = c.boolean(data.get("featured"), "featured")
    order = c.integer(data.get("order", 0), "order")
    release_date = c.date(data.get("release_date"), "release_date")
    if availability == "preorder" and release_date is None and "release_date" not in data:
        c.warn("availability", "preorder products should say when they ship; add "
                               "release_date: YYYY-MM-DD")

    if c.errors:
        return result
    assert title and sku and brand and summary and category and price is not None
    assert images is not None and variants is not None
    result.product = Product(
        slug=slug, source_dir=source_dir, source_file=source_file, title=title, sku=sku,
        brand=brand, category=category, summary=summary, body_html=body_html, price=price,
        images=images, digest=digest, gtin=gtin, mpn=mpn, tags=tags, list_price=list_price,
        availability=availability or "in_stock", condition=condition or "new", moq=moq or 1,
        price_tiers=tiers, variants=variants, specs=specs, buy_url=buy_url,
        inquiry=bool(inquiry), rating=rating, seo_title=seo_title,
        seo_description=seo_description, draft=bool(draft), featured=bool(featured),
        order=order or 0, release_date=release_date,
    )
    return result


def _category(c: FieldChecker, value: Any) -> tuple[str, ...] | None:
    text = c.text(value, "category", required=True)
    if text is None:
        return None
    names = tuple(part.strip() for part in text.split("/"))
    if any(not name for name in names):
        fixed = "/".join(n for n in names if n) or "Accessories/Stylus Pens"
        c.error("category", f'"{text}" has an empty part; write the path with single slashes, '
                            f'e.g. "{fixed}"')
        return None
    for name in names:
        slug = slugify(name)
        if not slug:
            c.error("category", f'"{name}" has no letters or digits that can go in a web '
                                "address; add a Latin-letter or digit word to the name")
            return None
        if slug == "page":
            c.error("category", f'"{name}" is reserved for page numbers in web addresses; '
                                'choose another name, e.g. "Pages"')
            return None
    return names


def _tags(c: FieldChecker, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = c.listing(value, "tags", "tags: [wireless, usb-c]")
    if items is None:
        return ()
    tags: list[str] = []
    for i, item in enumerate(items, start=1):
        tag = c.text(item, f"tags[{i}]", required=True)
        if tag is not None and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _check_list_price(c: FieldChecker, list_price: Prices, price: Prices, path: str,
                      against: str) -> None:
    for code, was in list_price.items():
        if code not in price and c.failed(f"price.{code}"):
            continue  # the price is reported already: one bad price, one error
        if code not in price:
            c.error(f"{path}.{code}", f"there is no {code} price to compare with; add "
                                      f"price.{code} or remove this line")
        elif was <= price[code]:
            c.error(f"{path}.{code}", f"{was} is not above {against} ({price[code]}); a list "
                                      "(was) price must be higher, or remove it")


def _tiers(c: FieldChecker, value: Any, price: Prices, moq: int) -> tuple[PriceTier, ...]:
    if value is None:
        return ()
    example = f'price_tiers: [{{min_qty: 50, price: {{{c.currency}: "24.99"}}}}]'
    items = c.listing(value, "price_tiers", example)
    if items is None:
        return ()
    tiers: list[PriceTier] = []
    last_qty = moq
    # per currency: the unit price each tier must undercut, and what it was
    bar: dict[str, tuple[Decimal, str]] = {code: (amount, "the base price")
                                           for code, amount in price.items()}
    for i, item in enumerate(items, start=1):
        path = f"price_tiers[{i}]"
        tier = c.mapping(item, path, f'{{min_qty: 50, price: {{{c.currency}: "24.99"}}}}')
        if tier is None:
            continue
        c.known_keys(tier, TIER_FIELDS, path)
        if "min_qty" not in tier:
            c.error(f"{path}.min_qty", "is missing; say from how many units this price applies")
        qty = c.integer(tier.get("min_qty"), f"{path}.min_qty", minimum=1)
        tier_price = c.prices(tier.get("price"), f"{path}.price", need_store=True)
        # A first tier at exactly moq may restate the base price (a common way to write
        # the table); anything else at or below moq would hide the base price.
        restating = qty == moq and not tiers and i == 1
        if qty is not None:
            if qty < moq:
                c.error(f"{path}.min_qty", f"{qty} is below moq ({moq}); nobody can order "
                                           f"fewer than {moq}, start the tier at {moq} or more")
            elif qty <= last_qty and not restating:
                c.error(f"{path}.min_qty", f"{qty} is not above the previous tier's min_qty "
                                           f"({last_qty}); list tiers from small to large "
                                           "quantities, each with a larger min_qty")
            last_qty = max(last_qty, qty)
        for code, amount in (tier_price or {}).items():
            where = f"{path}.price.{code}"
            if code not in bar:
                if not c.failed(f"price.{code}"):  # else reported already
                    c.error(where, f"the product has no {code} price; add price.{code} or "
                                   "remove this line")
                continue
            limit, what = bar[code]
            if restating:
                if amount != limit:
                    c.error(where, f"{amount} differs from the base price ({limit}); a tier at "
                                   f"moq ({moq}) must repeat the base price, or start it above "
                                   f"{moq}")
                continue
            if amount >= limit:
                c.error(where, f"{amount} is not below {what} ({limit}); each tier must lower "
                               "the unit price")
            bar[code] = (min(amount, limit), "the previous tier's price")
        if qty is not None and tier_price:
            tiers.append(PriceTier(min_qty=qty, price=tier_price))
    return tuple(tiers)


def _images(c: FieldChecker, value: Any, source_dir: Path, bundle_files: Iterable[str],
            title: str, linked_outside: Mapping[str, str]) -> tuple[Image, ...] | None:
    example = "images: [{file: front.jpg, angle: front}]"
    if value is None or value == []:
        c.error("images", f"at least one photo is required, e.g. {example}")
        return None
    items = c.listing(value, "images", example)
    if items is None:
        return None
    files = set(bundle_files)
    photos = sorted(f for f in files if f.lower().endswith(IMAGE_EXTENSIONS))
    images: list[Image] = []
    seen: dict[str, str] = {}
    ok = True
    for i, item in enumerate(items, start=1):
        path = f"images[{i}]"
        if isinstance(item, str):
            c.error(path, f"each photo needs a file and an angle, e.g. "
                          f"{{file: {item}, angle: front}}")
            ok = False
            continue
        image = c.mapping(item, path, "{file: front.jpg, angle: front}")
        if image is None:
            ok = False
            continue
        c.known_keys(image, IMAGE_FIELDS, path)
        name = _image_file(c, image.get("file"), f"{path}.file", files, photos,
                           linked_outside)
        angle = c.choice(image.get("angle"), f"{path}.angle", ANGLES)
        if "angle" not in image:
            c.error(f"{path}.angle", f"is missing; say what the photo shows, one of: "
                                     f"{', '.join(ANGLES)}")
        alt = c.text(image.get("alt"), f"{path}.alt")
        if name is not None and name in seen:
            c.error(f"{path}.file", f'"{name}" is already listed as {seen[name]}; list each '
                                    "photo once")
            name = None
        if name is None or angle is None:
            ok = False
            continue
        seen[name] = path
        images.append(Image(
            file=name, source=source_dir / name, angle=angle,
            alt=alt or default_alt(title, angle),
        ))
    return tuple(images) if ok else None


def _image_file(c: FieldChecker, value: Any, path: str, files: set[str],
                photos: list[str], linked_outside: Mapping[str, str]) -> str | None:
    name = c.text(value, path, required=True)
    if name is None:
        return None
    if "\\" in name:
        c.error(path, f'"{name}" uses a backslash; write folders with / (or put the photo next '
                      "to index.md)")
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("~") or ".." in pure.parts or ":" in name:
        c.error(path, f'"{name}" points outside the product folder; copy the photo into the '
                      f'product folder and write just its name, e.g. "{pure.name}"')
        return None
    name = str(pure)
    link = next((part for part in (name, *(str(p) for p in pure.parents))
                 if part in linked_outside), None)
    if link is not None:
        what = "file" if link == name else f'folder ("{link}")'
        c.error(path, f'"{name}" is a link to a {what} outside the content folder '
                      f"({linked_outside[link]}); copy the photo into the product folder")
        return None
    if not name.lower().endswith(IMAGE_EXTENSIONS):
        c.error(path, f'"{name}" is not a supported photo type; use a .jpg, .jpeg, .png, '
                      ".webp or .avif file")
        return None
    if name not in files:
        guess = did_you_mean(name, photos, cutoff=0.85)
        if guess:
            hint = f'did you mean "{guess}"? (names are case-sensitive)'
        elif photos:
            hint = "photos in the folder: " + ", ".join(photos[:8])
        else:
            hint = "the folder has no photos yet; add it next to index.md"
        c.error(path, f'"{name}" is not in the product folder; {hint}')
        return None
    return name


def _variants(c: FieldChecker, value: Any, images: tuple[Image, ...] | None, price: Prices,
              list_price: Prices, availability: str,
              skus: list[tuple[str, str]]) -> tuple[Variant, ...] | None:
    if value is None:
        return ()
    items = c.listing(value, "variants", "variants: [{sku: TS-01-BLK, color: Black}]")
    if items is None:
        return None
    image_files = [img.file for img in images] if images is not None else None
    variants: list[Variant] = []
    first_keys: tuple[str, ...] | None = None
    combos: dict[tuple[str, ...], str] = {}
    for i, item in enumerate(items, start=1):
        path = f"variants[{i}]"
        data = c.mapping(item, path, "{sku: TS-01-BLK, color: Black}")
        if data is None:
            continue
        c.known_keys(data, VARIANT_FIELDS, path)
        sku = c.sku(data.get("sku"), f"{path}.sku")
        if sku:
            skus.append((sku, f"{path}.sku"))
        options: dict[str, str] = {}
        for key in VARIANT_OPTIONS:
            if key in data:
                text = c.text(data[key], f"{path}.{key}", required=True)
                if text is not None:
                    options[key] = text
        keys = tuple(k for k in VARIANT_OPTIONS if k in data)
        if not keys:
            c.error(path, "has no option; give at least one of: " + ", ".join(VARIANT_OPTIONS))
        elif first_keys is None:
            first_keys = keys
        elif keys != first_keys:
            c.error(path, f"uses the options {', '.join(keys)} but variants[1] uses "
                          f"{', '.join(first_keys)}; give every variant the same options")
        combo = tuple(options.get(k, "").casefold() for k in keys)
        if keys and len(options) == len(keys):
            if combo in combos:
                c.error(path, f"has the same options as {combos[combo]}; each variant needs "
                              "a different combination")
            else:
                combos[combo] = path
        image = c.text(data.get("image"), f"{path}.image")
        if image is not None and image_files is not None and image not in image_files:
            c.error(f"{path}.image", f'"{image}" is not one of the product\'s images '
                                     f"({', '.join(image_files)}); add it to images first")
        own_price = c.prices(data.get("price"), f"{path}.price", need_store=False) or {}
        own_list = c.prices(data.get("list_price"), f"{path}.list_price",
                            need_store=False) or {}
        for code in own_price:
            if price and code not in price and not c.failed(f"price.{code}"):
                c.error(f"{path}.price.{code}", f"the product has no {code} price; add "
                                                f"price.{code} too")
        merged_price = {**price, **own_price}
        merged_list = {**list_price, **own_list}
        for code in own_list:
            if code not in merged_price and not c.failed(f"price.{code}") and not c.failed(
                    f"{path}.price.{code}"):
                c.error(f"{path}.list_price.{code}", f"there is no {code} price to compare "
                                                     f"with; add price.{code} or remove this line")
        for code, was in merged_list.items():
            if code not in own_price and code not in own_list:
                continue  # the product's own pair, checked (and reported) once for the product
            if code in merged_price and was <= merged_price[code]:
                where = f"{path}.list_price.{code}" if code in own_list else f"{path}.price.{code}"
                c.error(where, f"the variant's list price {was} is not above its price "
                               f"{merged_price[code]}; raise list_price or give this variant "
                               "its own list_price")
        var_availability = c.choice(data.get("availability", availability),
                                    f"{path}.availability", AVAILABILITY)
        gtin = c.gtin(data.get("gtin"), f"{path}.gtin")
        mpn = c.text(data.get("mpn"), f"{path}.mpn")
        swatch = _swatch(c, data, f"{path}.swatch")
        if sku and var_availability:
            variants.append(Variant(
                sku=sku, options=options, image=image, price=merged_price,
                list_price=merged_list, availability=var_availability, gtin=gtin, mpn=mpn,
                swatch=swatch,
            ))
    return tuple(variants)


def _swatch(c: FieldChecker, data: Mapping[str, Any], path: str) -> str | None:
    if "swatch" not in data:
        return None
    value = data["swatch"]
    if value is None:
        c.error(path, 'is empty; # starts a comment in YAML, so write the colour in quotes, '
                      'e.g. swatch: "#1a1a1a"')
        return None
    text = c.text(value, path)
    if text is None:
        return None
    if not _HEX_COLOUR.match(text):
        c.error(path, f'"{text}" is not a hex colour; write it like "#1a1a1a" (in quotes)')
        return None
    return text.lower()


def _specs(c: FieldChecker, value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    specs = c.mapping(value, "specs", "specs: {Weight: 14 g, Battery: 10 h}")
    if specs is None:
        return ()
    out: list[tuple[str, str]] = []
    for label, raw in specs.items():
        path = f"specs.{label}"
        if isinstance(raw, bool):
            c.error(path, f'{_show(raw)} is a yes/no value; write the text to show in quotes, '
                          'e.g. "Yes"')
            continue
        text = c.text(raw, path)
        if text is None:
            if raw is None:
                c.error(path, "has no value; write one or remove the line")
            continue
        out.append((label.strip(), text))
    return tuple(out)


def _url(c: FieldChecker, value: Any, path: str) -> str | None:
    text = c.text(value, path)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        c.error(path, f'"{text}" is not a web address; write the full address starting with '
                      "https://")
        return None
    return text


def _rating(c: FieldChecker, value: Any) -> Rating | None:
    if value is None:
        return None
    data = c.mapping(value, "rating", 'rating: {value: "4.7", count: 132}')
    if data is None:
        return None
    c.known_keys(data, RATING_FIELDS, "rating")
    score = None
    raw = data.get("value")
    if raw is None:
        c.error("rating.value", 'is missing; give the average stars, e.g. value: "4.7"')
    else:
        try:
            score = Decimal(str(raw)) if not isinstance(raw, bool | list | dict) else None
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 5:
            c.error("rating.value", f"{_show(raw)} is not an average between 0 and 5; write "
                                    'e.g. "4.7"')
            score = None
    count = c.integer(data.get("count"), "rating.count", minimum=1)
    if "count" not in data:
        c.error("rating.count", "is missing; give the number of reviews, e.g. count: 132")
    if score is None or count is None:
        return None
    return Rating(value=score, count=count)


def _seo(c: FieldChecker, value: Any) -> tuple[str | None, str | None]:
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


def validate_page(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    slug: str,
    source_file: Path,
    file: str,
    body_html: str,
    digest: str,
) -> tuple[Page | None, list[Problem]]:
    """Validate one static page's front matter."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    c.known_keys(data, PAGE_FIELDS, "")
    title = c.text(data.get("title"), "title", required=True, max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary") or ""
    seo_title, seo_description = _seo(c, data.get("seo"))
    order = c.integer(data.get("order", 0), "order")
    noindex = c.boolean(data.get("noindex"), "noindex")
    draft = c.boolean(data.get("draft"), "draft")
    if c.errors or title is None:
        return None, c.problems
    page = Page(
        slug=slug, source_file=source_file, title=title, body_html=body_html, digest=digest,
        summary=summary, seo_title=seo_title, seo_description=seo_description,
        order=order or 0, noindex=bool(noindex), draft=bool(draft),
    )
    return page, c.problems


def check_text_language(lang: str, *, file: str, stem: str, default_lang: str,
                        languages: Collection[str] | None) -> list[Problem]:
    """Problems with the language of a translation file (``<stem>.<lang>.md``)."""
    if lang == default_lang:
        return [Problem(file, "", f'repeats {stem}.md, which is already the "{lang}" text (the '
                                  f"default language); move what differs into {stem}.md and "
                                  "delete this file")]
    if languages is None or lang in languages:
        return []
    guess = _LANGUAGE_MIXUPS.get(lang)
    if guess not in languages:
        guess = did_you_mean(lang, languages)
    if guess:
        fix = f'if it is meant for "{guess}", rename it to {stem}.{guess}.md'
    else:
        fix = (f"add a market with language: {lang} to content/markets.yml, or delete the file "
               f"(market languages: {', '.join(languages)})")
    return [Problem(file, "", f'is in "{lang}", which no market uses, so it is not published; '
                              f"{fix}", None, "warning")]


def validate_product_text(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    lang: str,
    product: Product,
    source_file: Path,
    file: str,
    body_html: str | None,
    digest: str,
) -> tuple[ProductText | None, list[Problem]]:
    """Validate a product translation (index.<lang>.md) against its product from index.md."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    _text_keys(c, data, PRODUCT_TEXT_FIELDS, PRODUCT_FIELDS, "index.md", _TEXT_FIELD_HINTS)
    title = c.text(data.get("title"), "title", max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary")
    seo_title, seo_description = _seo(c, data.get("seo"))
    alts = _text_alts(c, data.get("images"), product)
    specs = _specs(c, data["specs"]) if "specs" in data else None
    options = _text_options(c, data.get("options"), product)
    if c.errors:
        return None, c.problems
    text = ProductText(
        lang=lang, source_file=source_file, title=title, summary=summary, body_html=body_html,
        seo_title=seo_title, seo_description=seo_description, alts=alts, specs=specs,
        options=options, digest=digest,
    )
    return text, c.problems


def validate_page_text(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    lang: str,
    page: Page,
    source_file: Path,
    file: str,
    body_html: str | None,
    digest: str,
) -> tuple[PageText | None, list[Problem]]:
    """Validate a static page translation (<slug>.<lang>.md)."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    _text_keys(c, data, PAGE_TEXT_FIELDS, PAGE_FIELDS, f"{page.slug}.md",
               {"description": _FIELD_HINTS["description"]})
    title = c.text(data.get("title"), "title", max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary")
    seo_title, seo_description = _seo(c, data.get("seo"))
    if c.errors:
        return None, c.problems
    text = PageText(
        lang=lang, source_file=source_file, title=title, summary=summary, body_html=body_html,
        seo_title=seo_title, seo_description=seo_description, digest=digest,
    )
    return text, c.problems


def _text_keys(c: FieldChecker, data: Mapping[str, Any], allowed: tuple[str, ...],
               base_fields: tuple[str, ...], source: str, hints: Mapping[str, str]) -> None:
    """Unknown keys, and keys a translation inherits and so may not set."""
    for key in data:
        if key in allowed:
            continue
        if key in base_fields:
            hint = _INHERITED_HINTS.get(key, "")
            c.error(key, f"is inherited from {source} and is the same in every language; remove "
                         f"it here{hint}")
            continue
        guess = did_you_mean(key, allowed)
        if key.lower() in hints:
            hint = hints[key.lower()]
        elif guess:
            hint = f'did you mean "{guess}"?'
        else:
            hint = "a translation may set: " + ", ".join(allowed)
        c.error(key, f"unknown field; {hint}")


def _text_alts(c: FieldChecker, value: Any, product: Product) -> dict[str, str]:
    """Alt texts by photo file from a translation's ``images`` list."""
    example = 'images: [{file: front.jpg, alt: "..."}]'
    if value is None:
        return {}
    items = c.listing(value, "images", example)
    if items is None:
        return {}
    files = [img.file for img in product.images]
    alts: dict[str, str] = {}
    seen: dict[str, str] = {}
    for i, item in enumerate(items, start=1):
        path = f"images[{i}]"
        entry = c.mapping(item, path, '{file: front.jpg, alt: "..."}')
        if entry is None:
            continue
        for key in entry:
            if key == "angle":
                c.error(f"{path}.angle", "is inherited from index.md and is the same in every "
                                         "language; remove it here (a translation gives only "
                                         "alt texts)")
        c.known_keys({k: v for k, v in entry.items() if k != "angle"}, TEXT_IMAGE_FIELDS, path)
        name = c.text(entry.get("file"), f"{path}.file", required=True)
        alt = c.text(entry.get("alt"), f"{path}.alt", required=True)
        if name is None:
            continue
        if name not in files:
            guess = did_you_mean(name, files, cutoff=0.85)
            hint = (f'did you mean "{guess}"? (names are case-sensitive)' if guess
                    else "a translation gives alt texts only for those photos; add it to "
                         "index.md's images first")
            c.error(f"{path}.file", f'"{name}" is not among the photos in index.md\'s images '
                                    f"({', '.join(files[:8])}); {hint}")
        elif name in seen:
            c.error(f"{path}.file", f'"{name}" is already given in {seen[name]}; list each photo '
                                    "once")
        else:
            seen[name] = path
            if alt is not None:
                alts[name] = alt
    return alts


def _text_options(c: FieldChecker, value: Any, product: Product) -> dict[str, str]:
    """Shown names of variant option values from a translation's ``options`` map."""
    if value is None:
        return {}
    data = c.mapping(value, "options", "options: {Black: Schwarz, White: Weiß}")
    if data is None:
        return {}
    values = list(dict.fromkeys(v for var in product.variants for v in var.options.values()))
    if not values:
        c.error("options", "index.md has no variants, so there are no option values to "
                           "translate; remove options")
        return {}
    out: dict[str, str] = {}
    for key, raw in data.items():
        path = f"options.{key}"
        if key not in values:
            guess = did_you_mean(key, values)
            hint = f'did you mean "{guess}"? ' if guess else ""
            c.error(path, f'"{key}" is not an option value of the variants in index.md; {hint}'
                          f"write the value as index.md does, one of: {', '.join(values[:12])}")
            continue
        text = c.text(raw, path)
        if text is None:
            if raw is None or raw == "":
                c.error(path, "has no translation; write one or remove the line")
            continue
        out[key] = text
    return out


def validate_category_names(
    data: Any,
    lines: Mapping[str, int],
    *,
    file: str,
    paths: Collection[str],
    languages: Collection[str] | None,
    all_known: bool = True,
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Check content/categories.yml: category slug path -> {language: name}; names of paths
    no product has are reported only when ``all_known`` (every product file could be read)."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    example = "power/chargers: {de: Ladegeräte, ja: 充電器}"
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        c.problems.append(Problem(file, "", "must list category paths with their names per "
                                            f"language, e.g. {example}", 1))
        return {}, c.problems
    names: dict[str, dict[str, str]] = {}
    for path, value in data.items():
        if path not in paths and all_known:
            written = "/".join(slugify(part) for part in path.split("/"))
            guess = written if written in paths else did_you_mean(path, paths)
            if guess:
                hint = f'did you mean "{guess}"? (write the path as in the web address ' \
                       "/collections/<path>/)"
            else:
                hint = "categories: " + (", ".join(sorted(paths)[:8]) or "none yet")
            c.warn(path, f"is not the path of any product's category, so this name is not "
                         f"used; {hint}")
        entry = c.mapping(value, path, f"{path}: {{de: ..., ja: ...}}")
        if entry is None:
            continue
        shown: dict[str, str] = {}
        for lang, raw in entry.items():
            where = f"{path}.{lang}"
            if not _LANG.match(lang):
                c.error(where, f'"{lang}" is not a language code; write a lowercase code such as '
                               "de or ja")
                continue
            name = c.text(raw, where, required=True)
            if name is None:
                continue
            if languages is not None and lang not in languages:
                c.warn(where, f'no market uses "{lang}", so this name is not shown; add a market '
                              f"with language: {lang} to content/markets.yml, or remove the line")
            shown[lang] = name
        if shown:
            names[path] = shown
    return names, c.problems


def check_catalog(checked: list[Checked]) -> list[Problem]:
    """Catalog-wide problems: SKUs used twice, categories that collide in URLs."""
    problems: list[Problem] = []
    first_sku: dict[str, tuple[str, str]] = {}
    for entry in checked:
        for sku, path in entry.skus:
            key = sku.casefold()  # feeds and spreadsheets treat SKUs case-insensitively
            if key in first_sku:
                other_file, other_path = first_sku[key]
                where = "this file" if other_file == entry.file else other_file
                problems.append(Problem(
                    entry.file, path,
                    f'SKU "{sku}" is already used by {other_path} in {where}; every product '
                    "and variant needs its own SKU", entry.lines.get(path)))
            else:
                first_sku[key] = (entry.file, path)
    spelled: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    for entry in checked:
        product = entry.product
        if product is None:
            continue
        for depth in range(1, len(product.category) + 1):
            names = product.category[:depth]
            slugs = tuple(slugify(n) for n in names)
            if slugs not in spelled:
                spelled[slugs] = (names, entry.file)
            elif spelled[slugs][0] != names:
                other, other_file = spelled[slugs]
                problems.append(Problem(
                    entry.file, "category",
                    f'"{"/".join(names)}" gets the same web address as "{"/".join(other)}" in '
                    f"{other_file}; spell the category the same way in both",
                    entry.lines.get("category")))
                break
    return problems


def product_sort_key(product: Product) -> tuple[Any, ...]:
    """Display order: category, then ``order``, then title."""
    return (tuple(n.casefold() for n in product.category), product.order,
            product.title.casefold(), product.slug)


def build_categories(products: list[Product]) -> list[Category]:
    """The category tree of these products (already in display order), sorted by name."""
    roots: list[Category] = []
    index: dict[tuple[str, ...], Category] = {}
    for product in products:
        siblings = roots
        node: Category | None = None
        for depth in range(1, len(product.category) + 1):
            slugs = tuple(slugify(n) for n in product.category[:depth])
            node = index.get(slugs)
            if node is None:
                node = Category(names=product.category[:depth], slugs=slugs)
                index[slugs] = node
                siblings.append(node)
            siblings = node.children
        if node is not None:
            node.products.append(product)
    _sort_tree(roots)
    return roots


def _sort_tree(nodes: list[Category]) -> None:
    nodes.sort(key=lambda cat: (cat.title.casefold(), cat.path))
    for node in nodes:
        _sort_tree(node.children)
