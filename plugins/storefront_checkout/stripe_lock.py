"""The Stripe lock file: which Stripe Product, Price and Payment Link sells each SKU in each
market, written by ``storefront checkout sync`` and committed with the store.

The build reads only this file (no network, no ``stripe`` package), so a build is as
reproducible as the rest of the site. One file per store, by default
``content/checkout/stripe.lock.yml``::

    stripe:                       # the account and mode the ids below belong to
      account: acct_1Nv0FGQ9RKHgCVdK
      mode: test                  # test | live
      api_version: 2026-10-28.endive
      synced: '2026-12-06T17:40:00Z'
    skus:
      TS-STY-01-BLK:
        product: prod_Q1
        name: Active Stylus Pen (Black)
        markets:
          ja-jp:
            currency: JPY
            unit_amount: 4480     # minor units, as Stripe counts them (yen have none)
            price: price_Q1
            link: plink_Q1
            url: https://buy.stripe.com/test_Q1
            min_qty: 1
            max_qty: 99
            promotion_codes: false
            campaigns:            # a sale's own price and link, used while it runs
              - campaign: black-friday-japan
                start: '2026-11-20T00:00:00+09:00'
                end: '2026-12-01T00:00:00+09:00'
                unit_amount: 3808
                price: price_Q2
                link: plink_Q2
                url: https://buy.stripe.com/test_Q2

Amounts are integers in the currency's minor unit as Stripe's API takes them
(https://docs.stripe.com/currencies): cents for most currencies, none for zero-decimal
currencies (JPY, KRW...), thousandths for three-decimal ones (KWD, BHD...; Stripe needs the
last digit 0), and ISK in two decimals though Stripe charges whole kronur.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import yaml

from storefront_catalog.model import last_day
from storefront_core.errors import Problem
from storefront_core.yamlio import YamlError, field_line, parse_yaml

#: where the lock is kept unless STORE_CHECKOUT's ``lock`` option says otherwise
DEFAULT_LOCK = "content/checkout/stripe.lock.yml"
#: the command that writes it, for messages
SYNC_COMMAND = "storefront checkout sync"

#: https://docs.stripe.com/currencies#zero-decimal
ZERO_DECIMAL = frozenset({"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF",
                          "UGX", "VND", "VUV", "XAF", "XOF", "XPF"})
#: https://docs.stripe.com/currencies#three-decimal: the last digit must be 0
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
#: https://docs.stripe.com/currencies#special-cases: zero-decimal, but sent with two decimals
WHOLE_IN_TWO_DECIMALS = frozenset({"ISK"})


class AmountError(ValueError):
    """A price Stripe cannot charge exactly in its currency."""


def _exponent(currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    return 3 if code in THREE_DECIMAL else 2


def minor_units(amount: Decimal, currency: str) -> int:
    """``amount`` as the integer Stripe's ``unit_amount`` takes in ``currency``.

    >>> minor_units(Decimal("29.99"), "USD"), minor_units(Decimal("4480"), "JPY")
    (2999, 4480)
    >>> minor_units(Decimal("12.340"), "KWD"), minor_units(Decimal("990"), "ISK")
    (12340, 99000)
    >>> minor_units(Decimal("12.345"), "KWD")
    Traceback (most recent call last):
    ...
    storefront_checkout.stripe_lock.AmountError: Stripe charges KWD in steps of 0.01 (the \
last of its three decimals must be 0); make the price 12.34 or 12.35
    """
    code = currency.upper()
    digits = _exponent(code)
    units = amount.scaleb(digits)
    if units != units.to_integral_value():
        step = Decimal(1).scaleb(-digits)
        raise AmountError(f"{amount} {code} has more decimals than {code} has; Stripe takes "
                          f"it in steps of {step}")
    if code in THREE_DECIMAL and int(units) % 10:
        low = (amount.scaleb(2).to_integral_value(rounding=ROUND_FLOOR)).scaleb(-2)
        raise AmountError(f"Stripe charges {code} in steps of 0.01 (the last of its three "
                          f"decimals must be 0); make the price {low} or "
                          f"{low + Decimal('0.01')}")
    if code in WHOLE_IN_TWO_DECIMALS:
        if amount != amount.to_integral_value():
            raise AmountError(f"Stripe charges {code} in whole units; make the price "
                              f"{amount.to_integral_value(rounding=ROUND_FLOOR)}")
        return int(amount) * 100
    return int(units)


def from_minor(units: int, currency: str) -> Decimal:
    """The amount a Stripe ``unit_amount`` stands for.

    >>> from_minor(2999, "usd"), from_minor(4480, "JPY"), from_minor(12340, "KWD")
    (Decimal('29.99'), Decimal('4480'), Decimal('12.340'))
    """
    return Decimal(units).scaleb(-_exponent(currency))


@dataclass(frozen=True)
class Header:
    """Which Stripe account and mode the ids belong to, and when they were synced."""

    account: str  # "acct_..." ("" when the key may not read the account)
    mode: str  # "test" | "live"
    api_version: str
    synced: str  # ISO 8601 UTC moment, e.g. "2026-12-06T17:40:00Z"


@dataclass(frozen=True)
class CampaignLink:
    """A sale's own price and Payment Link for one SKU in one market."""

    campaign: str  # campaign id (content/promotions/<id>.yml)
    start: datetime  # aware: the sale's first moment
    end: datetime  # aware, exclusive
    unit_amount: int  # minor units
    price: str  # "price_..."
    link: str  # "plink_..."
    url: str

    def day_distance(self, day: date) -> int:
        """0 when ``day`` is one of the sale's local days, else how many days away it is."""
        first, last = self.start.date(), last_day(self.end)
        if day < first:
            return (first - day).days
        return max((day - last).days, 0)


@dataclass(frozen=True)
class MarketLink:
    """The regular price and Payment Link of one SKU in one market, and its sales'."""

    currency: str  # ISO 4217, upper case
    unit_amount: int  # minor units
    price: str
    link: str
    url: str
    min_qty: int = 1
    max_qty: int = 99
    promotion_codes: bool = False
    campaigns: tuple[CampaignLink, ...] = ()


@dataclass(frozen=True)
class SkuEntry:
    """One SKU's Stripe Product and its links per market code."""

    product: str  # "prod_..."
    name: str
    markets: Mapping[str, MarketLink] = field(default_factory=dict)


@dataclass(frozen=True)
class CouponLink:
    """A coupon campaign's Stripe Coupon and the Promotion Code shoppers type (the build does
    not read it: the page's price stays, Stripe takes the discount)."""

    code: str  # e.g. "GIFT10"
    coupon: str  # the Coupon's id
    promotion_code: str  # "promo_..."
    percent_off: str  # "10" for 10 % off; "" for an amount off
    amount_off: Mapping[str, int]  # currency -> minor units (an amount off)
    skus: tuple[str, ...]  # the SKUs whose Products it applies to
    expires: datetime  # aware: the end of the run it was made for


@dataclass(frozen=True)
class Lock:
    header: Header
    skus: Mapping[str, SkuEntry] = field(default_factory=dict)
    coupons: Mapping[str, CouponLink] = field(default_factory=dict)  # by campaign id

    def market_link(self, sku: str, market: str) -> MarketLink | None:
        entry = self.skus.get(sku)
        return entry.markets.get(market) if entry else None


# --- writing -------------------------------------------------------------------------------

HEAD_COMMENT = (f"# Written by `{SYNC_COMMAND}`: which Stripe Product, Price and Payment Link\n"
                "# sells each SKU in each market. Commit it; builds read only this file.\n"
                "# Do not edit by hand: change prices in the product files and sync again.\n")


def lock_data(lock: Lock) -> dict[str, Any]:
    """The lock as plain data, SKUs and markets sorted (one output for one state)."""
    skus: dict[str, Any] = {}
    for sku in sorted(lock.skus):
        entry = lock.skus[sku]
        markets: dict[str, Any] = {}
        for code in sorted(entry.markets):
            m = entry.markets[code]
            item: dict[str, Any] = {
                "currency": m.currency, "unit_amount": m.unit_amount, "price": m.price,
                "link": m.link, "url": m.url, "min_qty": m.min_qty, "max_qty": m.max_qty,
                "promotion_codes": m.promotion_codes}
            if m.campaigns:
                item["campaigns"] = [{
                    "campaign": c.campaign, "start": c.start.isoformat(),
                    "end": c.end.isoformat(), "unit_amount": c.unit_amount, "price": c.price,
                    "link": c.link, "url": c.url,
                } for c in sorted(m.campaigns, key=lambda c: (c.start, c.campaign))]
            markets[code] = item
        skus[sku] = {"product": entry.product, "name": entry.name, "markets": markets}
    h = lock.header
    data: dict[str, Any] = {
        "stripe": {"account": h.account, "mode": h.mode, "api_version": h.api_version,
                   "synced": h.synced},
        "skus": skus}
    if lock.coupons:
        data["coupons"] = {campaign: {
            "code": c.code, "coupon": c.coupon, "promotion_code": c.promotion_code,
            **({"percent_off": c.percent_off} if c.percent_off else
               {"amount_off": dict(sorted(c.amount_off.items()))}),
            "expires": c.expires.isoformat(), "skus": list(c.skus),
        } for campaign, c in sorted(lock.coupons.items())}
    return data


def dump_lock(lock: Lock) -> str:
    """The lock file's text: deterministic, every string quoted where YAML could misread it."""
    body = yaml.safe_dump(lock_data(lock), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    return HEAD_COMMENT + body


# --- reading -------------------------------------------------------------------------------

class _Reader:
    """Collects the problems of one lock file, each naming its field and line."""

    def __init__(self, file: str, lines: Mapping[str, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(
            self.file, path, f"{message}; run `{SYNC_COMMAND}` to rewrite the file",
            field_line(self.lines, path)))

    def text(self, data: Mapping[str, Any], key: str, path: str, *,
             prefix: str = "") -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{path}.{key}", "is missing" if value is None else
                      f'"{value}" is not text')
            return ""
        if prefix and not value.startswith(prefix):
            self.fail(f"{path}.{key}", f'"{value}" is not a Stripe id starting with "{prefix}"')
        return value

    def integer(self, data: Mapping[str, Any], key: str, path: str, *, minimum: int = 0,
                default: int | None = None) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"{path}.{key}", "is missing" if value is None else
                      f'"{value}" is not a whole number of at least {minimum}')
            return minimum
        return value

    def moment(self, data: Mapping[str, Any], key: str, path: str) -> datetime:
        value = data.get(key)
        try:
            moment = datetime.fromisoformat(str(value)) if value is not None else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.fail(f"{path}.{key}", "is missing" if value is None else
                      f'"{value}" is not an ISO moment with a time zone, e.g. '
                      '"2026-11-24T00:00:00-05:00"')
            return datetime.fromisoformat("2000-01-01T00:00:00+00:00")
        return moment

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path, "is missing" if value is None else "is not a mapping")
            return {}
        return value


def parse_lock(text: str, file: str) -> tuple[Lock | None, list[Problem]]:
    """A lock file's text read back; None and the problems when it cannot be used."""
    try:
        data, lines = parse_yaml(text)
    except YamlError as exc:
        return None, [Problem(file, "", f"{exc.message}; run `{SYNC_COMMAND}` to rewrite the "
                                        "file", exc.line)]
    r = _Reader(file, lines)
    top = r.mapping(data, "")
    head = r.mapping(top.get("stripe"), "stripe")
    mode = r.text(head, "mode", "stripe")
    if mode and mode not in ("test", "live"):
        r.fail("stripe.mode", f'"{mode}" is neither "test" nor "live"')
    synced = head.get("synced")
    header = Header(account=str(head.get("account") or ""), mode=mode,
                    api_version=r.text(head, "api_version", "stripe"),
                    synced=str(synced.isoformat() if isinstance(synced, datetime | date)
                               else synced or ""))
    skus: dict[str, SkuEntry] = {}
    raw_skus = top.get("skus") or {}
    for sku, raw in r.mapping(raw_skus, "skus").items():
        path = f"skus.{sku}"
        entry = r.mapping(raw, path)
        markets = {code: _market(r, value, f"{path}.markets.{code}")
                   for code, value in r.mapping(entry.get("markets"),
                                                f"{path}.markets").items()}
        skus[str(sku)] = SkuEntry(product=r.text(entry, "product", path, prefix="prod_"),
                                  name=str(entry.get("name") or ""), markets=markets)
    coupons = {str(campaign): _coupon(r, value, f"coupons.{campaign}")
               for campaign, value in r.mapping(top.get("coupons") or {}, "coupons").items()}
    if r.problems:
        return None, r.problems
    return Lock(header, skus, coupons), []


def _coupon(r: _Reader, value: Any, path: str) -> CouponLink:
    c = r.mapping(value, path)
    amounts = c.get("amount_off") or {}
    percent = c.get("percent_off")
    if not isinstance(amounts, Mapping) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in amounts.values()) or (
            percent is None) == (not amounts):
        r.fail(path, "needs percent_off or amount_off (currency -> whole minor units)")
        amounts = {}
    skus = c.get("skus") or []
    if not isinstance(skus, list):
        r.fail(f"{path}.skus", "is not a list")
        skus = []
    return CouponLink(code=r.text(c, "code", path), coupon=r.text(c, "coupon", path),
                      promotion_code=r.text(c, "promotion_code", path, prefix="promo_"),
                      percent_off=str(percent) if percent is not None else "",
                      amount_off={str(k): int(v) for k, v in amounts.items()},
                      skus=tuple(map(str, skus)), expires=r.moment(c, "expires", path))


def _market(r: _Reader, value: Any, path: str) -> MarketLink:
    m = r.mapping(value, path)
    currency = r.text(m, "currency", path)
    if currency and (len(currency) != 3 or not currency.isalpha() or not currency.isupper()):
        r.fail(f"{path}.currency", f'"{currency}" is not an ISO 4217 code like "EUR"')
    promo = m.get("promotion_codes", False)
    if not isinstance(promo, bool):
        r.fail(f"{path}.promotion_codes", f"{promo!r} is neither true nor false")
    campaigns = []
    raw = m.get("campaigns") or []
    if not isinstance(raw, list):
        r.fail(f"{path}.campaigns", "is not a list")
        raw = []
    for i, item in enumerate(raw, start=1):
        cpath = f"{path}.campaigns[{i}]"
        c = r.mapping(item, cpath)
        campaigns.append(CampaignLink(
            campaign=r.text(c, "campaign", cpath), start=r.moment(c, "start", cpath),
            end=r.moment(c, "end", cpath), unit_amount=r.integer(c, "unit_amount", cpath),
            price=r.text(c, "price", cpath, prefix="price_"),
            link=r.text(c, "link", cpath, prefix="plink_"), url=_url(r, c, cpath)))
    min_qty = r.integer(m, "min_qty", path, minimum=1, default=1)
    return MarketLink(
        currency=currency, unit_amount=r.integer(m, "unit_amount", path),
        price=r.text(m, "price", path, prefix="price_"),
        link=r.text(m, "link", path, prefix="plink_"), url=_url(r, m, path),
        min_qty=min_qty, max_qty=r.integer(m, "max_qty", path, minimum=min_qty, default=99),
        promotion_codes=bool(promo), campaigns=tuple(campaigns))


def _url(r: _Reader, data: Mapping[str, Any], path: str) -> str:
    url = r.text(data, "url", path)
    if url and not url.startswith(("https://", "http://")):
        r.fail(f"{path}.url", f'"{url}" is not a web address')
    return url


def read_lock(path: Path, file: str) -> tuple[Lock | None, list[Problem]]:
    """The lock file at ``path`` (``file``: how messages name it); a missing file is a
    problem that says how to make it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(file, "", f"the Stripe lock file does not exist; run "
                                        f"`{SYNC_COMMAND}` with STRIPE_API_KEY set, then "
                                        "commit the file it writes")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(file, "", f"cannot be read ({exc})")]
    return parse_lock(text, file)
