"""Sort and filter a collection: what its controls offer and the JSON the browser reads.

A collection page is rendered in the server's order, a page of products at a time. Its sort
and filter controls act on all of the collection's products, so the build publishes one small
JSON per collection and market (``products.json`` beside the collection's first page) with
what a product card shows: the card's own prices (``offer_view`` and ``format_money``, as the
card template), availability, variant options, date and photo. Nothing here needs Pelican.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import get_currency_precision, get_currency_symbol

from .model import VARIANT_OPTIONS, Product
from .money import OfferView, format_money, offer_view
from .urls import Market

#: the file beside a collection's first page that its sort and filter controls read
DATA_FILE = "products.json"
#: sort orders the controls offer: featured is the server's order
SORTS = ("featured", "price-asc", "price-desc", "newest", "name")


def minor_units(amount: Decimal, currency: str) -> int:
    """An amount in the currency's minor unit (cents), for sorting and comparing.

    >>> minor_units(Decimal("1249.50"), "USD"), minor_units(Decimal("4480"), "JPY")
    (124950, 4480)
    >>> minor_units(Decimal("12.345"), "KWD")
    12345
    """
    return int(amount.scaleb(get_currency_precision(currency)).to_integral_value())


def card_offer(product: Product, market: Market) -> OfferView | None:
    """The offer a product card shows in ``market`` (None: no price there)."""
    return offer_view(product, market.currency)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int  # products of the collection that have it


@dataclass(frozen=True)
class OptionFacet:
    name: str  # "color"
    values: tuple[FacetValue, ...]  # in first-seen order of the collection


@dataclass(frozen=True)
class FacetSummary:
    """What a collection's filter controls offer: only what its products have, with counts."""

    total: int
    availability: tuple[FacetValue, ...]  # codes, in the order of ``availability_order``
    options: tuple[OptionFacet, ...]  # in VARIANT_OPTIONS order
    currency: str
    symbol: str  # the currency as the market writes it ("$", "€", "SAR")
    price_min: int | None  # whole major units, rounded down/up: the price inputs' bounds
    price_max: int | None

    @property
    def digest(self) -> str:
        """What the controls show: a page depends on it."""
        return hashlib.sha256(repr(self).encode()).hexdigest()


def product_options(product: Product) -> dict[str, list[str]]:
    """The variant option values a product has, by option name, in first-seen order.

    >>> from pathlib import Path
    >>> from .model import Image, Variant
    >>> v = [Variant("A", {"color": "Black"}, None, {}, {}, "in_stock"),
    ...      Variant("B", {"color": "White", "size": "L"}, None, {}, {}, "in_stock")]
    >>> p = Product("x", Path("."), Path("x"), "X", "X", "B", ("C",), "", "", {}, (), "",
    ...             variants=tuple(v))
    >>> product_options(p)
    {'color': ['Black', 'White'], 'size': ['L']}
    """
    found: dict[str, list[str]] = {}
    for variant in product.variants:
        for name, value in variant.options.items():
            values = found.setdefault(name, [])
            if value not in values:
                values.append(value)
    return {name: found[name] for name in VARIANT_OPTIONS if name in found}


def _counted(values: Iterable[str]) -> tuple[FacetValue, ...]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return tuple(FacetValue(value, count) for value, count in counts.items())


def availability_order() -> tuple[str, ...]:
    """Availability codes in the order the filter lists them."""
    return ("in_stock", "preorder", "backorder", "out_of_stock")


def facet_summary(products: Sequence[Product], market: Market) -> FacetSummary:
    """The filters a collection offers in ``market``: availability, price range and the variant
    options its products have, each value with the count of products that have it."""
    offers = [card_offer(p, market) for p in products]
    codes = _counted(o.availability for o in offers if o is not None)
    order = availability_order()
    options: dict[str, list[str]] = {}
    for product in products:
        for name, values in product_options(product).items():
            options.setdefault(name, []).extend(values)
    amounts = [o.moq_total for o in offers if o is not None]
    return FacetSummary(
        total=len(products),
        availability=tuple(sorted(codes, key=lambda v: order.index(v.value)
                                  if v.value in order else len(order))),
        options=tuple(OptionFacet(name, _counted(options[name]))
                      for name in VARIANT_OPTIONS if name in options),
        currency=market.currency,
        symbol=get_currency_symbol(market.currency, locale=market.locale),
        price_min=int(min(amounts).to_integral_value("ROUND_FLOOR")) if amounts else None,
        price_max=int(max(amounts).to_integral_value("ROUND_CEILING")) if amounts else None,
    )


def plural_messages(ngettext: Callable[[str, str, int], str], locale: str, singular: str,
                    plural: str, largest: int = 200) -> dict[str, str]:
    """A plural message for each CLDR plural category of ``locale`` (``{n}`` for the count),
    so a script can say "3 products" in the market's language with ``Intl.PluralRules``.

    >>> n = lambda s, p, count: s if count == 1 else p
    >>> plural_messages(n, "en_US", "%(num)s product", "%(num)s products")
    {'one': '{n} product', 'other': '{n} products'}
    """
    rule = Locale.parse(locale).plural_form
    out: dict[str, str] = {}
    for count in range(largest + 1):
        category = rule(count)
        if category not in out:
            out[category] = ngettext(singular, plural, count).replace("%(num)s", "{n}")
    order = ("zero", "one", "two", "few", "many", "other")
    return {c: out[c] for c in sorted(out, key=order.index)}


@dataclass(frozen=True)
class CardParts:
    """The market's helpers that make a card's parts exactly as the card template does."""

    url: Callable[[Product], str]
    picture: Callable[[Product], str]  # the card's <picture> HTML
    #: (lang, dir or "") of a title not in the market's language (None: in its language)
    lang: Callable[[Product], tuple[str, str] | None]
    moq_text: Callable[[int], str]  # "Min. order 50"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def record_extras(product: Product) -> str:
    """What a product's record in a collection JSON holds beyond its card (which shows its
    link, title, photo, prices and availability): its option values and its date, as text.
    A collection is made again when this or a card changes, not on every edit of a product.

    >>> from pathlib import Path
    >>> p = Product("x", Path("."), Path("x"), "X", "X", "B", ("C",), "", "", {}, (), "")
    >>> record_extras(p)
    '{"options":{},"date":null}'
    """
    return json.dumps({"options": product_options(product),
                       "date": _iso(product.added or product.release_date)},
                      ensure_ascii=False, separators=(",", ":"))


def product_record(product: Product, position: int, market: Market,
                   parts: CardParts) -> dict[str, Any]:
    """One product as the collection JSON lists it: what its card shows and what the controls
    sort and filter by."""
    o = card_offer(product, market)
    record: dict[str, Any] = {
        "url": parts.url(product),
        "title": product.title,
        "position": position,
        "options": product_options(product),
        "date": _iso(product.added or product.release_date),
        "picture": parts.picture(product),
    }
    foreign = parts.lang(product)
    if foreign is not None:
        record["lang"] = foreign[0]
        if foreign[1]:
            record["dir"] = foreign[1]
    if o is None:
        record.update(price=None, availability=None)
        return record
    record.update(
        price=minor_units(o.moq_total, o.currency),
        price_text=format_money(o.moq_total, o.currency, market.locale),
        availability=o.availability,
    )
    if o.list_price and o.list_price > o.unit_price:
        record["was_text"] = format_money(o.list_price * o.moq, o.currency, market.locale)
    if o.moq > 1:
        record["moq_text"] = parts.moq_text(o.moq)
    return record


def collection_document(products: Sequence[Product], market: Market, parts: CardParts, *,
                        per_page: int, messages: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The JSON a collection's sort and filter controls read: every product of it in the
    server's order (``position``), the counts of its filters and the messages they show."""
    summary = facet_summary(products, market)
    return {
        "version": 1,
        "currency": market.currency,
        "digits": get_currency_precision(market.currency),
        "per_page": per_page,
        "facets": {
            "availability": {v.value: v.count for v in summary.availability},
            "options": {f.name: {v.value: v.count for v in f.values} for f in summary.options},
        },
        "messages": messages,
        "products": [product_record(p, i, market, parts) for i, p in enumerate(products)],
    }


def document_bytes(document: dict[str, Any]) -> bytes:
    """The JSON as published: compact, UTF-8, the same bytes for the same document."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def data_output(page_output: str) -> str:
    """Where a collection's JSON goes, given its first page's output path.

    >>> data_output("en-us/collections/charging/index.html")
    'en-us/collections/charging/products.json'
    """
    return page_output.rsplit("/", 1)[0] + "/" + DATA_FILE if "/" in page_output else DATA_FILE


@dataclass(frozen=True)
class CollectionData:
    """A collection's JSON in one market: where it goes and what it is made from."""

    output: str  # path in the output folder
    url: str  # root-relative URL the controls fetch
    products: tuple[Product, ...]  # the market's products of the collection, server order
    summary: FacetSummary
    per_page: int
    #: digests of what it shows (the market's navigation digest, every product's card digest
    #: and ``record_extras``): unchanged, the last build's file is published again
    depends: tuple[str, ...]

    @property
    def key(self) -> str:
        """Content address of the file, with the build's code digest."""
        return hashlib.sha256("\0".join((self.output, *self.depends)).encode()).hexdigest()
