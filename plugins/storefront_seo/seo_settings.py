"""The SEO settings: ``STORE_SHIPPING`` and ``STORE_RETURNS`` read into typed rules.

``parse_shipping`` and ``parse_returns`` turn the settings into a ``ShippingRule`` per country
and the ``ReturnPolicy`` (each with the ``@id`` the JSON-LD builders reference), or raise
StorefrontError naming every mistake; ``check_shipping`` and ``check_returns`` are their
``Setting.check`` forms. The feeds read amounts with ``setting_amount``.

Settings (the dict shapes ``parse_shipping`` and ``parse_returns`` read)::

    STORE_SHIPPING = {            # per destination country (ISO 3166-1, "GB" not "UK")
        "US": {
            "rate": {"USD": "4.95"},          # per currency: cost of one order; "0" is free
            "free_over": {"USD": "50"},       # optional: orders of at least this ship free
            "handling_days": [0, 1],          # business days before dispatch: [fewest, most]
            "transit_days": [2, 5],           # business days in transit: [fewest, most]
            "service": "Tracked standard",    # optional: the service's name
        },
        "DE": {"rate": {"EUR": "4.90"}, "free_over": {"EUR": "45"},
               "handling_days": [0, 1], "transit_days": [3, 6]},
    }
    STORE_RETURNS = {
        "days": 30,               # return window in days; 0: no returns; "unlimited"
        "fees": "free",           # "free" or "customer_pays"
        "method": "by_mail",      # "by_mail", "in_store" or "at_kiosk"
        "countries": ["US", "DE"],  # optional: where it applies (default: every market's)
        "return_to": "US",        # optional: country the item is sent back to
        "link": "https://voltaro.example/en-us/pages/returns/",  # optional: the policy page
    }

A market whose country has no ``STORE_SHIPPING`` rate in its currency gets no shipping details
(``shipping_gaps`` lists them, for a start-up warning).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storefront_catalog.money import quantize
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError
from storefront_core.numbers import to_decimal

#: what ``STORE_RETURNS`` "fees" and "method" may say (jsonld maps them to schema.org values)
RETURN_FEES = ("free", "customer_pays")
RETURN_METHODS = ("by_mail", "in_store", "at_kiosk")
SETTINGS_FILE = "pelicanconf.py"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_NOT_ISO = {"UK": "GB", "EL": "GR"}
_SPACE = re.compile(r"\s+")
_SHIPPING_KEYS = ("rate", "free_over", "handling_days", "transit_days", "service")
_RETURN_KEYS = ("days", "fees", "method", "countries", "return_to", "link")


@dataclass(frozen=True)
class ShippingRule:
    """Shipping to one country, from ``STORE_SHIPPING``: rates per currency and delivery days."""

    id: str  # @id of the store's ShippingService for this country
    country: str  # ISO 3166-1, "US"
    rate: Mapping[str, Decimal]  # currency -> cost of one order
    free_over: Mapping[str, Decimal]  # currency -> order value from which shipping is free
    handling_days: tuple[int, int]
    transit_days: tuple[int, int]
    service: str | None = None

    def rate_for(self, amount: Decimal, currency: str) -> Decimal | None:
        """What shipping an order worth ``amount`` costs, or None without a rate in ``currency``.

        >>> rule = ShippingRule("#s", "US", {"USD": Decimal("4.95")}, {"USD": Decimal("50")},
        ...                     (0, 1), (2, 5))
        >>> rule.rate_for(Decimal("29.99"), "USD"), rule.rate_for(Decimal("50.00"), "USD")
        (Decimal('4.95'), Decimal('0.00'))
        >>> rule.rate_for(Decimal("29.99"), "EUR") is None
        True
        """
        if currency not in self.rate:
            return None
        threshold = self.free_over.get(currency)
        if threshold is not None and amount >= threshold:
            return quantize(Decimal(0), currency)
        return quantize(self.rate[currency], currency)


@dataclass(frozen=True)
class ReturnPolicy:
    """The store's return policy, from ``STORE_RETURNS``."""

    id: str  # @id of the MerchantReturnPolicy
    countries: tuple[str, ...]  # where it applies (ISO 3166-1)
    days: int | None  # return window; 0: returns not accepted; None: unlimited
    fees: str | None = None  # one of RETURN_FEES
    method: str | None = None  # one of RETURN_METHODS
    return_to: str | None = None  # country the item is sent back to
    link: str | None = None  # absolute URL of the returns page

    def applies_to(self, country: str) -> bool:
        return country in self.countries


def site_root(site_url: str) -> str:
    """The site's root URL with one trailing slash: the base of every store-wide ``@id``."""
    if not site_url.startswith(("https://", "http://")):
        raise ValueError(f"{site_url!r} is not an absolute URL; pass SITEURL, e.g. "
                         "https://shop.example")
    return site_url.rstrip("/") + "/"


class _SettingReader:
    """Collects settings problems with the dotted path of the field."""

    def __init__(self, setting: str):
        self.setting = setting
        self.problems: list[Problem] = []

    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem(SETTINGS_FILE, f"{self.setting}{field}", message))

    def raise_any(self) -> None:
        if self.problems:
            raise StorefrontError(self.problems)

    def country(self, value: Any, field: str) -> str | None:
        if not isinstance(value, str) or not _COUNTRY.match(value.upper()):
            self.error(field, f"{value!r} is not a country; use its two-letter ISO 3166 code, "
                              'e.g. "US"')
            return None
        if value.upper() in _NOT_ISO:
            self.error(field, f'"{value}" is not an ISO 3166 country code; write '
                              f'"{_NOT_ISO[value.upper()]}"')
            return None
        if value != value.upper():
            self.error(field, f'write the country code in capitals: "{value.upper()}"')
            return None
        return value

    def amounts(self, value: Any, field: str, *, positive: bool) -> dict[str, Decimal]:
        if not isinstance(value, Mapping) or not value:
            self.error(field, 'must give an amount per currency, e.g. {"USD": "4.95"}')
            return {}
        out = {}
        for currency, raw in value.items():
            where = f"{field}.{currency}"
            if not isinstance(currency, str) or not _CURRENCY.match(currency):
                self.error(where, f"{currency!r} is not an ISO 4217 currency code such as "
                                  '"USD"')
                continue
            amount = setting_amount(raw)
            if amount is None or amount < 0 or (positive and amount == 0):
                self.error(where, f"{raw!r} is not an amount; write it in quotes with a dot, "
                                  'e.g. "4.95"' + ("" if positive else ' ("0" ships free)'))
                continue
            out[currency] = amount
        return out

    def days(self, value: Any, field: str) -> tuple[int, int]:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value, value
        ok = (isinstance(value, list | tuple) and len(value) == 2
              and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value)
              and value[0] <= value[1])
        if not ok:
            self.error(field, f"{value!r} must be [fewest, most] business days, e.g. [1, 3]")
            return 0, 0
        return value[0], value[1]

    def choice(self, value: Any, field: str, allowed: Sequence[str]) -> str | None:
        if value is None:
            return None
        if value not in allowed:
            self.error(field, f"{value!r} is not one of: {', '.join(map(repr, allowed))}")
            return None
        return str(value)

    def known_keys(self, value: Mapping[Any, Any], allowed: tuple[str, ...], field: str) -> None:
        for key in value:
            if key not in allowed:
                self.error(f"{field}.{key}", f"is not a setting here; use {', '.join(allowed)}")


def setting_amount(value: Any) -> Decimal | None:
    """A money amount from a setting: text or a whole number, never a float (it rounds)."""
    if not isinstance(value, str | int | Decimal):
        return None
    return to_decimal(value)


def parse_shipping(setting: Mapping[str, Any] | None, *, site_url: str) -> tuple[
        ShippingRule, ...]:
    """The store's shipping per country, from ``STORE_SHIPPING``; StorefrontError when wrong.

    >>> rules = parse_shipping({"US": {"rate": {"USD": "4.95"}, "handling_days": [0, 1],
    ...                                "transit_days": [2, 5]}}, site_url="https://s.example")
    >>> rules[0].id, rules[0].rate["USD"], rules[0].transit_days
    ('https://s.example/#shipping-us', Decimal('4.95'), (2, 5))
    """
    c = _SettingReader("STORE_SHIPPING")
    root = site_root(site_url)
    if not setting:
        return ()
    if not isinstance(setting, Mapping):
        c.error("", 'must be a dict per country, e.g. {"US": {"rate": {"USD": "4.95"}, '
                    '"handling_days": [0, 1], "transit_days": [2, 5]}}')
        c.raise_any()
    rules = []
    for key, entry in setting.items():
        field = f"[{key!r}]"
        country = c.country(key, field)
        if not isinstance(entry, Mapping):
            c.error(field, 'must be a dict such as {"rate": {"USD": "4.95"}, '
                           '"handling_days": [0, 1], "transit_days": [2, 5]}')
            continue
        c.known_keys(entry, _SHIPPING_KEYS, field)
        for needed in ("rate", "handling_days", "transit_days"):
            if needed not in entry:
                c.error(field, f"{needed} is missing; Google needs the rate and the handling "
                               "and transit days, e.g. \"transit_days\": [2, 5]")
        rate = c.amounts(entry.get("rate"), f"{field}.rate", positive=False)
        free_over = (c.amounts(entry["free_over"], f"{field}.free_over", positive=True)
                     if entry.get("free_over") is not None else {})
        for currency in free_over:
            if currency not in rate:
                c.error(f"{field}.free_over.{currency}", f"there is no {currency} rate to waive; "
                                                         f"add rate.{currency}")
        handling = c.days(entry.get("handling_days", 0), f"{field}.handling_days")
        transit = c.days(entry.get("transit_days", 0), f"{field}.transit_days")
        service = entry.get("service")
        if service is not None and (not isinstance(service, str) or not service.strip()):
            c.error(f"{field}.service", "must be the service's name in quotes, or left out")
            service = None
        if country:
            rules.append(ShippingRule(
                id=f"{root}#shipping-{country.lower()}", country=country, rate=rate,
                free_over=free_over, handling_days=handling, transit_days=transit,
                service=_one_line(service) if service else None,
            ))
    c.raise_any()
    return tuple(sorted(rules, key=lambda r: r.country))


def parse_returns(setting: Mapping[str, Any] | None, *, site_url: str,
                  countries: Iterable[str]) -> ReturnPolicy | None:
    """The return policy from ``STORE_RETURNS`` (None when unset); StorefrontError when wrong.

    ``countries`` is where it applies when the setting does not say: every market's country.

    >>> policy = parse_returns({"days": 30, "fees": "free", "method": "by_mail"},
    ...                        site_url="https://s.example", countries=["US", "DE", "US"])
    >>> policy.id, policy.countries, policy.days
    ('https://s.example/#returns', ('DE', 'US'), 30)
    """
    c = _SettingReader("STORE_RETURNS")
    root = site_root(site_url)
    if not setting:
        return None
    if not isinstance(setting, Mapping):
        c.error("", 'must be a dict, e.g. {"days": 30, "fees": "free", "method": "by_mail"}')
        c.raise_any()
    c.known_keys(setting, _RETURN_KEYS, "")
    raw_days = setting.get("days")
    days: int | None = None
    if raw_days == "unlimited":
        days = None
    elif isinstance(raw_days, int) and not isinstance(raw_days, bool) and raw_days >= 0:
        days = raw_days
    else:
        shown = "is missing; it" if raw_days is None else f"{raw_days!r}"
        c.error(".days", f"{shown} must be the number of days to return an item (0: no "
                         'returns, "unlimited": no limit)')
    fees = c.choice(setting.get("fees"), ".fees", RETURN_FEES)
    method = c.choice(setting.get("method"), ".method", RETURN_METHODS)
    listed = setting.get("countries")
    if listed is None:
        chosen = sorted({x for x in countries if x})
    elif isinstance(listed, list | tuple) and listed:
        found = (c.country(v, f".countries[{i}]") for i, v in enumerate(listed))
        chosen = sorted({x for x in found if x})
    else:
        c.error(".countries", 'must list country codes, e.g. ["US", "DE"]')
        chosen = []
    if not chosen and listed is None:
        c.error(".countries", 'no market has a country; list the countries, e.g. ["US"]')
    if len(chosen) > 50:
        c.error(".countries", f"lists {len(chosen)} countries; Google reads at most 50")
    return_to = setting.get("return_to")
    if return_to is not None:
        return_to = c.country(return_to, ".return_to")
    link = setting.get("link")
    if link is not None and (not isinstance(link, str)
                             or not link.startswith(("https://", "http://"))):
        c.error(".link", f"{link!r} must be the absolute URL of the returns page")
        link = None
    c.raise_any()
    return ReturnPolicy(id=root + "#returns", countries=tuple(chosen), days=days, fees=fees,
                        method=method, return_to=return_to, link=link)


def check_shipping(value: Any) -> str | None:
    """``Setting.check`` for ``STORE_SHIPPING``: the problems in one message, or None."""
    try:
        parse_shipping(value, site_url="https://check.invalid")
    except StorefrontError as exc:
        return "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
    return None


def check_returns(value: Any) -> str | None:
    """``Setting.check`` for ``STORE_RETURNS``: the problems in one message, or None."""
    try:
        parse_returns(value, site_url="https://check.invalid", countries=["US"])
    except StorefrontError as exc:
        return "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
    return None


def shipping_gaps(rules: Sequence[ShippingRule], markets: Iterable[Market]) -> list[str]:
    """One line per market whose offers will carry no shipping details, and why."""
    by_country = {r.country: r for r in rules}
    out = []
    for m in markets:
        rule = by_country.get(m.country)
        if rule is None:
            out.append(f"{m.code}: STORE_SHIPPING has no entry for {m.country or 'its country'}; "
                       f"its offers carry no shipping details")
        elif m.currency not in rule.rate:
            out.append(f"{m.code}: STORE_SHIPPING[{m.country!r}] has no {m.currency} rate; add "
                       f'"rate": {{"{m.currency}": "..."}} so its offers show shipping')
    return out


def _one_line(value: str) -> str:
    """One line of plain text: whitespace collapsed."""
    # jsonld._text does the same; a copy here keeps the settings from importing the builders
    return _SPACE.sub(" ", value).strip()
