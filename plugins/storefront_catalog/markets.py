"""Markets: where a shopper lands (language + country + currency), declared once.

A store declares its markets in content/markets.yml (or ``STORE_MARKETS`` in pelicanconf.py,
the same structure as a dict). Without either, the store has one market at the site root,
described by the ``STORE_LOCALE``/``STORE_LANG``/``STORE_CURRENCY`` settings.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from storefront_core.errors import Problem, display_path
from storefront_core.yamlio import YamlError, parse_yaml

from .checker import did_you_mean, known_currencies
from .model import Catalog, Category, Product
from .pricing.market import PRICING_KEYS, parse_market_pricing
from .urls import Market
from .validate import build_categories

MARKETS_FILE = "markets.yml"
#: countries whose shoppers expect prices before sales tax (everywhere else: VAT included)
TAX_EXCLUDED_COUNTRIES = frozenset({"US", "CA"})
UNTRANSLATED_POLICIES = ("fallback", "exclude")
_CODE = re.compile(r"^[a-z]{2,3}-[a-z]{2}$")
_TOP_KEYS = ("default", "untranslated", "markets")
_MARKET_KEYS = ("code", "language", "country", "currency", "locale", "tax_included", "timezone",
                "exclude", *PRICING_KEYS)
_EXCLUDE_KEYS = ("products", "categories")
#: where a country with several time zones does most of its shopping (its retail clock)
_PRIMARY_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago",
    "AU": "Australia/Sydney", "NZ": "Pacific/Auckland", "RU": "Europe/Moscow",
    "ID": "Asia/Jakarta", "CN": "Asia/Shanghai", "DE": "Europe/Berlin", "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon", "FR": "Europe/Paris", "NL": "Europe/Amsterdam",
    "MY": "Asia/Kuala_Lumpur", "KZ": "Asia/Almaty", "UA": "Europe/Kyiv",
    "EC": "America/Guayaquil", "CD": "Africa/Kinshasa", "MN": "Asia/Ulaanbaatar",
    "UZ": "Asia/Tashkent", "PS": "Asia/Gaza",
}
#: region codes people write that are not ISO 3166 (hreflang needs the ISO code)
_NOT_ISO = {"UK": "GB", "EN": "GB", "EL": "GR"}


@dataclass(frozen=True)
class MarketSet:
    """Every market of the store, the default one first."""

    markets: tuple[Market, ...]
    untranslated: str = "fallback"  # see UNTRANSLATED_POLICIES
    source: str = ""  # where they were declared ("" = single market from STORE_* settings)

    @property
    def default(self) -> Market:
        return self.markets[0]

    @property
    def multi(self) -> bool:
        """True when markets live under URL prefixes and the root is the market chooser."""
        return bool(self.default.prefix)

    @property
    def languages(self) -> tuple[str, ...]:
        """Every market language, the default market's first, without repeats."""
        return tuple(dict.fromkeys(m.lang for m in self.markets))

    @property
    def text_languages(self) -> tuple[str, ...]:
        """Languages a translation file may be in: every market language, and a market code
        for regional text (index.en-gb.md: British English over index.md)."""
        return self.languages + tuple(m.code for m in self.markets if m.code != m.lang)

    def by_code(self, code: str) -> Market | None:
        return next((m for m in self.markets if m.code == code), None)

    def x_default(self, url_by_market: Mapping[str, str]) -> str | None:
        """The hreflang x-default of a page shown in some markets (its URL by market code):
        the same page in the default market, else in the first market (markets.yml order)
        that shows it; None when no market does.

        >>> two = MarketSet((Market("en-us", "en", "en_US", "USD", prefix="en-us"),
        ...                  Market("de-de", "de", "de_DE", "EUR", prefix="de-de")))
        >>> two.x_default({"de-de": "/de-de/p/", "en-us": "/en-us/p/"})
        '/en-us/p/'
        >>> two.x_default({"de-de": "/de-de/p/"})  # not sold in the default market
        '/de-de/p/'
        """
        return next((url_by_market[m.code] for m in self.markets if m.code in url_by_market),
                    None)


def country_timezone(country: str) -> str:
    """The IANA time zone a country's shops keep (its capital's or main market's).

    >>> country_timezone("DE"), country_timezone("US"), country_timezone("JP")
    ('Europe/Berlin', 'America/New_York', 'Asia/Tokyo')
    >>> country_timezone("")
    'UTC'
    """
    if country in _PRIMARY_ZONES:
        return _PRIMARY_ZONES[country]
    zones = get_global("territory_zones").get(country) or []
    return zones[0] if zones else "UTC"


def single_market(settings: Mapping[str, Any]) -> Market:
    """The one market of a store without markets.yml, at the site root."""
    locale = Locale.parse(settings["STORE_LOCALE"])
    lang = settings["STORE_LANG"].lower()
    country = locale.territory or ""
    return Market(
        code=f"{lang}-{country.lower()}" if country else lang,
        lang=lang,
        locale=str(locale),
        currency=settings["STORE_CURRENCY"],
        prefix="",
        dir=direction(locale),
        country=country,
        tax_included=country not in TAX_EXCLUDED_COUNTRIES,
        timezone=settings.get("STORE_TIMEZONE") or country_timezone(country),
    )


def load_markets(
    settings: Mapping[str, Any], content_dir: Path, root: Path | None = None
) -> tuple[MarketSet, list[Problem]]:
    """The store's markets and the problems found declaring them."""
    path = Path(content_dir) / MARKETS_FILE
    declared = settings.get("STORE_MARKETS")
    if declared is not None and path.exists():
        shown = display_path(path, root)
        return _fallback(settings), [Problem(
            shown, "", "markets are declared twice: here and in pelicanconf.py (STORE_MARKETS); "
            "keep one of them")]
    if declared is not None:
        return _parse(declared, {}, "pelicanconf.py (STORE_MARKETS)", settings)
    if not path.exists():
        return MarketSet((single_market(settings),)), []
    shown = display_path(path, root)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        return _fallback(settings), [Problem(shown, "", exc.message, exc.line)]
    except (OSError, UnicodeDecodeError) as exc:
        what = "is not UTF-8 text; save it as UTF-8 in your editor" if isinstance(
            exc, UnicodeDecodeError) else f"cannot be read ({exc.strerror or 'unreadable'})"
        return _fallback(settings), [Problem(shown, "", what)]
    return _parse(data, lines, shown, settings)


def _fallback(settings: Mapping[str, Any]) -> MarketSet:
    return MarketSet((single_market(settings),))


def direction(locale: Locale) -> str:
    """"rtl" for right-to-left scripts (Arabic, Hebrew...), else "ltr"."""
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


class _Reader:
    """Collects problems with the file name and line of the field."""

    def __init__(self, file: str, lines: Mapping[str, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message, self.lines.get(field)))

    def known_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed)
                field = f"{where}.{key}" if where else str(key)
                self.error(field, "is not a market field; " + (
                    f'did you mean "{hint}"?' if hint else f"use one of: {', '.join(allowed)}"))


def _parse(data: Any, lines: Mapping[str, int], file: str,
           settings: Mapping[str, Any]) -> tuple[MarketSet, list[Problem]]:
    r = _Reader(file, lines)
    example = "markets: [{code: en-us, language: en, country: US, currency: USD}]"
    if not isinstance(data, Mapping) or not isinstance(data.get("markets"), list) or not data[
            "markets"]:
        r.error("markets", f"must list at least one market, e.g. {example}")
        return _fallback(settings), r.problems
    r.known_keys(data, _TOP_KEYS, "")
    untranslated = data.get("untranslated", "fallback")
    if untranslated not in UNTRANSLATED_POLICIES:
        r.error("untranslated", 'must be "fallback" (show the default-language text) or '
                f'"exclude" (leave untranslated products out), not {untranslated!r}')
        untranslated = "fallback"
    currencies, current = known_currencies()
    markets: list[Market] = []
    seen: dict[str, str] = {}
    written = set()  # every code as written, even of a market with mistakes
    for i, item in enumerate(data["markets"], start=1):  # 1-based, as a marketer counts
        where = f"markets[{i}]"
        if isinstance(item, Mapping) and isinstance(item.get("code"), str):
            written.add(item["code"])
        market = _market(r, item, where, currencies, current)
        if market is None:
            continue
        if market.code in seen:
            r.error(f"{where}.code", f'"{market.code}" is used by two markets; every market needs '
                                     "its own code (it is the URL prefix)")
            continue
        seen[market.code] = where
        markets.append(market)
    default = data.get("default")
    if default is None:
        r.error("default", "is missing; name the market whose language index.md is written in, "
                           f"e.g. default: {markets[0].code if markets else 'en-us'}")
    elif default not in written:
        hint = did_you_mean(str(default), written)
        r.error("default", f'"{default}" is not one of the markets'
                + (f'; did you mean "{hint}"?' if hint else f" ({', '.join(sorted(written))})"))
    if r.problems or not markets:
        return _fallback(settings), r.problems
    markets.sort(key=lambda m: m.code != default)  # the default first, then as declared
    return MarketSet(tuple(markets), untranslated, file), r.problems


def _market(r: _Reader, item: Any, where: str, currencies: frozenset[str],
            current: frozenset[str]) -> Market | None:
    if not isinstance(item, Mapping):
        r.error(where, "must be a market with code, language, country and currency, e.g. "
                       "{code: de-de, language: de, country: DE, currency: EUR}")
        return None
    before = len(r.problems)
    r.known_keys(item, _MARKET_KEYS, where)
    for key in ("code", "language", "country", "currency"):
        if not isinstance(item.get(key), str) or not item[key]:
            r.error(f"{where}.{key}" if key in item else where,
                    f"{key} is missing" if key not in item else "must be text")
    if len(r.problems) > before:
        return None
    code, lang, country, currency = (item[k] for k in ("code", "language", "country", "currency"))
    if not _CODE.match(code):
        r.error(f"{where}.code", f'"{code}" must be a lowercase language-country code such as '
                                 '"de-de" (it becomes the URL prefix /de-de/)')
    _check_language(r, where, lang)
    upper = country.upper()
    _check_country(r, where, country, lang)
    _check_currency(r, where, currency, upper, currencies, current)
    locale_name = item.get("locale", f"{lang}_{upper}")
    locale = _market_locale(r, where, locale_name, lang, upper)
    if len(code) == 5 and _CODE.match(code) and code != f"{lang}-{upper.lower()}":
        r.error(f"{where}.code", f'"{code}" does not match the language and country; write '
                                 f'"{lang}-{upper.lower()}"')
    tax = item.get("tax_included", upper not in TAX_EXCLUDED_COUNTRIES)
    if not isinstance(tax, bool):
        r.error(f"{where}.tax_included", "must be true or false")
    zone = item.get("timezone", country_timezone(upper))
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        r.error(f"{where}.timezone", f'"{zone}" is not an IANA time zone; write one such as '
                                     f'"{country_timezone(upper)}"')
    products, categories = _market_exclude(r, item.get("exclude") or {}, f"{where}.exclude")
    pricing, found = parse_market_pricing(item, where, currency, r.file, r.lines)
    r.problems += found
    if len(r.problems) > before or locale is None:
        return None
    return Market(
        code=code,
        lang=lang,
        locale=str(locale),
        currency=currency,
        prefix=code,
        dir=direction(locale),
        country=upper,
        tax_included=bool(tax),
        timezone=str(zone),
        exclude_products=frozenset(products),
        exclude_categories=tuple(c.strip("/") for c in categories),
        pricing=pricing,
    )


def _check_language(r: _Reader, where: str, lang: str) -> None:
    """Report a market language that is not a lowercase ISO 639 code Babel knows."""
    if lang != lang.lower() or not re.fullmatch(r"[a-z]{2,3}", lang.lower()):
        r.error(f"{where}.language", f'"{lang}" must be a lowercase ISO 639 language code '
                                     'such as "de"')
    elif lang not in _babel_languages():
        r.error(f"{where}.language", f'"{lang}" is not a language code Babel knows')


def _check_country(r: _Reader, where: str, country: str, lang: str) -> None:
    """Report a market country that is not an uppercase ISO 3166 code."""
    upper = country.upper()
    if upper in _NOT_ISO:
        iso = _NOT_ISO[upper]
        r.error(f"{where}.country", f'"{country}" is not an ISO 3166 country code; write '
                f'"{iso}" (and code: {lang}-{iso.lower()})')
    elif country != upper or upper not in get_global("territory_currencies"):
        fix = f'write "{upper}"' if upper in get_global("territory_currencies") else (
            'use a two-letter ISO 3166 code such as "DE"')
        r.error(f"{where}.country", f'"{country}" is not an ISO 3166 country code; {fix}')


def _check_currency(r: _Reader, where: str, currency: str, country: str,
                    currencies: frozenset[str], current: frozenset[str]) -> None:
    """Report a market currency that is unknown or no longer in use."""
    if currency in currencies and currency not in current:
        used = sorted(c for c, _s, end, tender in get_global("territory_currencies").get(
            country, []) if end is None and tender)
        r.error(f"{where}.currency", f'"{currency}" is no longer in use'
                + (f'; {country} uses "{used[0]}"' if used else ""))
    elif currency not in currencies:
        hint = _currency_hint(currency.upper(), current) or did_you_mean(currency.upper(),
                                                                        currencies)
        r.error(f"{where}.currency", f'"{currency}" is not an ISO 4217 currency code'
                + (f'; did you mean "{hint}"?' if hint else ""))


def _market_locale(r: _Reader, where: str, locale_name: Any, lang: str,
                   country: str) -> Locale | None:
    """The market's Babel locale, or None (reported) when Babel does not know it."""
    locale: Locale | None = None
    try:
        locale = Locale.parse(str(locale_name))
    except (UnknownLocaleError, ValueError):
        r.error(f"{where}.locale", f'"{locale_name}" is not a locale Babel knows; use '
                                   f'language_COUNTRY such as "{lang}_{country}"')
    if locale is not None and locale.language != lang:
        r.error(f"{where}.locale", f'"{locale_name}" is a locale for "{locale.language}", not for '
                                   f'the market language "{lang}"')
    return locale


def _market_exclude(r: _Reader, exclude: Any,
                    where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The product slugs and category paths a market's ``exclude:`` leaves out."""
    if not isinstance(exclude, Mapping):
        r.error(where, "must be a mapping such as {products: [slug], categories: "
                       "[power/chargers]}")
        return (), ()
    r.known_keys(exclude, _EXCLUDE_KEYS, where)
    return (_names(r, exclude.get("products"), f"{where}.products"),
            _names(r, exclude.get("categories"), f"{where}.categories"))


def _currency_hint(code: str, current: frozenset[str]) -> str | None:
    """The current currency a typo most likely meant: capitals, a swap, then one letter off
    (the same country prefix first).

    >>> hint = lambda c: _currency_hint(c, frozenset({"EUR", "ERN", "UGX", "GBP", "GIP"}))
    >>> hint("gbp"), hint("ERU"), hint("EUX")
    ('GBP', 'EUR', 'EUR')
    """
    code = code.upper()
    if code in current:
        return code
    swaps = {code[:i] + code[i + 1] + code[i] + code[i + 2:] for i in range(len(code) - 1)}
    for candidate in sorted(swaps & current):
        return candidate
    near = sorted(c for c in current if len(c) == len(code)
                  and sum(a != b for a, b in zip(c, code, strict=True)) == 1)
    near.sort(key=lambda c: c[:2] != code[:2])
    return near[0] if near else None


def _names(r: _Reader, value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.error(field, "must be a list of names, e.g. [usb-c-cable]")
        return ()
    return tuple(value)


def _babel_languages() -> frozenset[str]:
    from babel.localedata import locale_identifiers

    return frozenset(i.split("_")[0] for i in locale_identifiers())


def check_exclusions(markets: MarketSet, product_slugs: set[str],
                     category_paths: set[str] | None, root: Path | None = None) -> list[Problem]:
    """Warnings for excluded products and categories the catalog does not have
    (``category_paths`` None: unknown, a product could not be read)."""
    problems = []
    for market in markets.markets:
        where = f"markets ({market.code}).exclude"
        for slug in sorted(market.exclude_products - product_slugs):
            hint = did_you_mean(slug, product_slugs)
            problems.append(Problem(
                markets.source, f"{where}.products",
                f'"{slug}" is not a product folder' + (f'; did you mean "{hint}"?' if hint else ""),
                None, "warning"))
        for path in market.exclude_categories:
            if category_paths is not None and path not in category_paths:
                hint = did_you_mean(path, category_paths)
                problems.append(Problem(
                    markets.source, f"{where}.categories",
                    f'"{path}" is not a category path'
                    + (f'; did you mean "{hint}"?' if hint else ""), None, "warning"))
    return problems


#: ``MarketCatalog.extras`` key: {SKU: promotion code} of the coupon campaigns running in the
#: market (storefront_promotions sets it; a checkout pre-fills the code where it can)
COUPONS = "coupons"


@dataclass
class MarketCatalog:
    """What one market sells and shows: the catalog localized, filtered, and why."""

    market: Market
    catalog: Catalog
    not_sold: dict[str, str]  # product slug -> reason ("excluded", "no price", "untranslated")
    #: template globals plugins attach to the market (e.g. the running promotion); every page
    #: of the market depends on them, so give them a stable repr
    extras: dict[str, Any] = field(default_factory=dict)

    def with_products(self, change: Callable[[Product], Product]) -> MarketCatalog:
        """The same view with every product passed through ``change`` (categories follow)."""
        products = [change(p) for p in self.catalog.products]
        categories = build_categories(products)
        _rename(categories, (), self.catalog.category_names, self.market.lang)
        catalog = replace(self.catalog, products=products, categories=categories)
        return replace(self, catalog=catalog)


def localize_catalog(base: Catalog, market: Market, markets: MarketSet,
                     priced: Mapping[str, Product] | None = None) -> tuple[
        MarketCatalog, list[Problem]]:
    """The catalog as ``market`` shows it: its language's text, only what it sells.

    ``priced`` holds the products priced in the market's currency (derived from the store
    currency where the merchant wrote no price for it), by slug. A product is not sold in a
    market that excludes it (by folder name or category), that it has no price for in the
    market's currency (a warning), or, with ``untranslated: exclude``, whose language it has
    no text in. Pages follow the same translation policy.
    """
    lang = market.lang
    fallback = markets.untranslated == "fallback" or lang == markets.default.lang
    problems: list[Problem] = []
    not_sold: dict[str, str] = {}
    products: list[Product] = []
    for product in base.products:
        product = priced.get(product.slug, product) if priced else product
        if market.excludes(product.slug, product.category_path):
            not_sold[product.slug] = "excluded"
        elif market.currency not in product.price:
            not_sold[product.slug] = "no price"
            problems.append(Problem(
                display_path(product.source_file), "price",
                f"has no {market.currency} price, so it is not sold in the {market.code} market; "
                f"add {market.currency} to price, derive it from exchange rates (`storefront "
                f"prices rates --update` writes content/rates.yml), or exclude the product from "
                f"{market.code} in markets.yml", None, "warning"))
        elif not fallback and not (product.has_text(lang) or product.has_text(market.code)):
            not_sold[product.slug] = "untranslated"
        else:
            products.append(_localize(product, market))
    pages = [_localize(p, market) for p in base.pages
             if fallback or p.has_text(lang) or p.has_text(market.code)]
    categories = build_categories(products)
    _rename(categories, (), base.category_names, lang)
    catalog = Catalog(products=products, pages=pages, categories=categories,
                      category_names=base.category_names)
    return MarketCatalog(market, catalog, not_sold), problems


def _localize(item: Any, market: Market) -> Any:
    """A product or page in the market's language, then its regional text (index.en-gb.md
    over index.md, index.de-at.md over index.de.md) where there is one."""
    out = item.localized(market.lang)
    regional = item.translations.get(market.code)
    if regional is not None and market.code != market.lang:
        out = replace(out, translations={market.code: regional}).localized(market.code)
    return out


def _rename(nodes: list[Category], parent: tuple[str, ...], names: Mapping[str, Mapping[str, str]],
            lang: str) -> None:
    """Give categories their names in ``lang`` (paths, and so URLs, stay the same)."""
    for node in nodes:
        own = names.get(node.path, {}).get(lang, node.names[-1])
        node.names = (*parent, own)
        _rename(node.children, node.names, names, lang)
