"""From the lock and what Stripe must sell to the calls that make it so, and the new lock.

Stripe Prices are immutable: a changed amount is a new Price, and the Payment Link (whose line
item's price cannot be changed) is replaced by a new one; the old Price and link are then
deactivated, so nobody pays an old price. A link's promotion codes are switched in place.
What is unchanged gets no call at all. Every call goes through a ``Gateway``: the real one
talks to Stripe (``gateway.StripeGateway``), the dry run's only counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from storefront_catalog.model import last_day
from storefront_checkout.stripe_lock import (
    CampaignLink,
    CouponLink,
    Header,
    Lock,
    MarketLink,
    SkuEntry,
    from_minor,
)

from .wanted import Wanted, WantedCoupon, WantedLink, WantedSale

KINDS = ("Products", "Prices", "Payment Links", "Promotion Codes")
ACTIONS = ("created", "updated", "deactivated", "unchanged")


class Gateway(Protocol):
    """The Stripe calls a sync makes (ids in, ids out)."""

    def create_product(self, want: WantedLink) -> str: ...
    def rename_product(self, product: str, name: str) -> None: ...
    def archive_product(self, product: str) -> None: ...
    def create_price(self, product: str, want: WantedLink, amount: int,
                     sale: WantedSale | None) -> str: ...
    def deactivate_price(self, price: str) -> None: ...
    def create_link(self, price: str, want: WantedLink, sale: WantedSale | None
                    ) -> tuple[str, str]: ...
    def set_promotion_codes(self, link: str, allowed: bool) -> None: ...
    def deactivate_link(self, link: str) -> None: ...
    def create_coupon(self, want: WantedCoupon, products: list[str]) -> str: ...
    def create_promotion_code(self, coupon: str, want: WantedCoupon) -> str: ...
    def deactivate_promotion_code(self, promotion_code: str) -> None: ...


class DryRun:
    """A gateway that calls nothing: made-up ids, so the dry run walks the real path."""

    def create_product(self, want: WantedLink) -> str:
        return "prod_(new)"

    def rename_product(self, product: str, name: str) -> None:
        return None

    def archive_product(self, product: str) -> None:
        return None

    def create_price(self, product: str, want: WantedLink, amount: int,
                     sale: WantedSale | None) -> str:
        return "price_(new)"

    def deactivate_price(self, price: str) -> None:
        return None

    def create_link(self, price: str, want: WantedLink, sale: WantedSale | None
                    ) -> tuple[str, str]:
        return "plink_(new)", "(new link)"

    def set_promotion_codes(self, link: str, allowed: bool) -> None:
        return None

    def deactivate_link(self, link: str) -> None:
        return None

    def create_coupon(self, want: WantedCoupon, products: list[str]) -> str:
        return "(new coupon)"

    def create_promotion_code(self, coupon: str, want: WantedCoupon) -> str:
        return "promo_(new)"

    def deactivate_promotion_code(self, promotion_code: str) -> None:
        return None


@dataclass
class Changes:
    """What a sync did (or would do): counts per kind and action, and one line per change."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    def count(self, kind: str, action: str, n: int = 1) -> None:
        self.counts[(kind, action)] += n

    @property
    def modified(self) -> bool:
        return any(n for (_, action), n in self.counts.items() if action != "unchanged")

    def summary(self) -> list[str]:
        """One line per kind: "Prices: 2 created, 0 updated, 1 deactivated, 40 unchanged"."""
        return [f"{kind}: " + ", ".join(f"{self.counts[(kind, a)]} {a}" for a in ACTIONS)
                for kind in KINDS
                if kind != "Promotion Codes" or any(self.counts[(kind, a)] for a in ACTIONS)]


def _money(amount: int, currency: str) -> str:
    return f"{from_minor(amount, currency)} {currency}"


def _window(sale: WantedSale | CampaignLink) -> str:
    return f"{sale.start.date().isoformat()} to {last_day(sale.end).isoformat()}"


@dataclass
class Sync:
    """One sync: walks every wanted (SKU, market), calls the gateway, keeps the new lock."""

    gateway: Gateway
    old: Lock | None
    now: datetime
    days: int
    changes: Changes = field(default_factory=Changes)
    skus: dict[str, SkuEntry] = field(default_factory=dict)  # the new lock, as it grows
    coupons: dict[str, CouponLink] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.skus = dict(self.old.skus) if self.old else {}  # what a failure leaves behind
        self.coupons = dict(self.old.coupons) if self.old else {}

    def run(self, wanted: Wanted) -> None:
        by_sku: dict[str, list[WantedLink]] = {}
        for (sku, _market), want in sorted(wanted.links.items()):
            by_sku.setdefault(sku, []).append(want)
        for sku, wants in by_sku.items():
            self._sku(sku, wants)
        for sku in sorted(set(self.skus) - set(by_sku)):
            self._retire_sku(sku)
        for campaign in sorted(set(self.coupons) | set(wanted.coupons)):
            self._coupon(campaign, wanted.coupons.get(campaign))

    def lock(self, header: Header) -> Lock:
        return Lock(header, dict(sorted(self.skus.items())), dict(sorted(self.coupons.items())))

    # --- coupon campaigns ----------------------------------------------------------------

    def _coupon(self, campaign: str, want: WantedCoupon | None) -> None:
        """The campaign's Coupon and Promotion Code as wanted: kept when they give the same
        discount on the same SKUs until the same end; else the old code is deactivated first
        (Stripe keeps one active code per text) and a new Coupon and code are made."""
        old = self.coupons.get(campaign)
        if want is not None and old is not None and _same_coupon(old, want):
            self.changes.count("Promotion Codes", "unchanged")
            return
        if old is not None:
            self.gateway.deactivate_promotion_code(old.promotion_code)
            self.changes.count("Promotion Codes", "deactivated")
            del self.coupons[campaign]
            if want is None:
                self.changes.lines.append(f"coupon {old.code} ({campaign}): no run in the "
                                          "next days; its Promotion Code deactivated")
                return
        assert want is not None
        products = sorted({self.skus[sku].product for sku in want.skus if sku in self.skus})
        coupon = self.gateway.create_coupon(want, products)
        promo = self.gateway.create_promotion_code(coupon, want)
        self.changes.count("Promotion Codes", "created")
        self.coupons[campaign] = CouponLink(
            code=want.code, coupon=coupon, promotion_code=promo,
            percent_off=_percent(want), amount_off=dict(want.amount_off), skus=want.skus,
            expires=want.end)
        off = f"{_percent(want)} % off" if want.percent_off is not None else ", ".join(
            _money(amount, currency) + " off" for currency, amount in want.amount_off)
        self.changes.lines.append(
            f"coupon {want.code} ({campaign}): {off} {len(want.skus)} SKUs until "
            f"{last_day(want.end).isoformat()}: Coupon {coupon}, Promotion Code {promo}"
            + (f"; old code {old.promotion_code} deactivated" if old else ""))

    # --- one SKU -------------------------------------------------------------------------

    def _sku(self, sku: str, wants: list[WantedLink]) -> None:
        entry = self.skus.get(sku)
        name = wants[0].name
        if entry is None:
            entry = SkuEntry(self.gateway.create_product(wants[0]), name, {})
            self.changes.count("Products", "created")
            self.changes.lines.append(f"{sku}: new Product {entry.product} \"{name}\"")
        elif entry.name != name:
            self.gateway.rename_product(entry.product, name)
            self.changes.count("Products", "updated")
            self.changes.lines.append(f"{sku}: Product renamed \"{entry.name}\" -> \"{name}\"")
            entry = replace(entry, name=name)
        else:
            self.changes.count("Products", "unchanged")
        self.skus[sku] = entry
        wanted_markets = {w.market for w in wants}
        for want in wants:
            markets = dict(self.skus[sku].markets)
            markets[want.market] = self._market(entry.product, want, markets.get(want.market))
            self.skus[sku] = replace(self.skus[sku], markets=markets)
        for code in sorted(set(self.skus[sku].markets) - wanted_markets):
            self._retire(sku, code, self.skus[sku].markets[code])
            markets = {k: v for k, v in self.skus[sku].markets.items() if k != code}
            self.skus[sku] = replace(self.skus[sku], markets=markets)

    def _market(self, product: str, want: WantedLink, old: MarketLink | None) -> MarketLink:
        where = f"{want.sku} {want.market}"
        same_currency = old is not None and old.currency == want.currency
        if old is not None and not same_currency:  # the market changed currency
            self._retire(want.sku, want.market, old)
        shape_kept = old is not None and (old.min_qty, old.max_qty) == (want.min_qty,
                                                                        want.max_qty)
        price, link, url = self._price_and_link(
            product, want, None, old if same_currency else None, shape_kept,
            f"{where}: {_money(want.unit_amount, want.currency)}" + (
                f" (was {_money(old.unit_amount, old.currency)})" if old else ""))
        promo_changed = old is not None and old.promotion_codes != want.promotion_codes
        kept_link = old is not None and link == old.link
        if promo_changed and kept_link:
            self.gateway.set_promotion_codes(link, want.promotion_codes)
            self.changes.count("Payment Links", "updated")
            self.changes.lines.append(f"{where}: promotion codes "
                                      f"{'allowed' if want.promotion_codes else 'off'}")
        sales = self._sales(product, want, old if same_currency else None, shape_kept,
                            promo_changed)
        return MarketLink(currency=want.currency, unit_amount=want.unit_amount, price=price,
                          link=link, url=url, min_qty=want.min_qty, max_qty=want.max_qty,
                          promotion_codes=want.promotion_codes, campaigns=sales)

    def _price_and_link(self, product: str, want: WantedLink, sale: WantedSale | None,
                        old: MarketLink | CampaignLink | None, shape_kept: bool,
                        what: str) -> tuple[str, str, str]:
        """The price and link for an amount: the old ones when they charge it, else new ones
        (the old ones deactivated once the new link exists)."""
        amount = sale.unit_amount if sale else want.unit_amount
        if old is not None and old.unit_amount == amount:
            price = old.price
            self.changes.count("Prices", "unchanged")
        else:
            price = self.gateway.create_price(product, want, amount, sale)
            self.changes.count("Prices", "created")
        if old is not None and old.price == price and shape_kept:
            self.changes.count("Payment Links", "unchanged")
            return price, old.link, old.url
        link, url = self.gateway.create_link(price, want, sale)
        self.changes.count("Payment Links", "created")
        line = f"{what}: Payment Link {url}"
        if old is not None:
            self.gateway.deactivate_link(old.link)
            self.changes.count("Payment Links", "deactivated")
            line += f"; old link {old.link} deactivated"
            if old.price != price:
                self.gateway.deactivate_price(old.price)
                self.changes.count("Prices", "deactivated")
                line += f", old Price {old.price} deactivated"
        self.changes.lines.append(line)
        return price, link, url

    def _sales(self, product: str, want: WantedLink, old: MarketLink | None,
               shape_kept: bool, promo_changed: bool) -> tuple[CampaignLink, ...]:
        before = {(c.campaign, c.start): c for c in old.campaigns} if old else {}
        runs = []
        for sale in sorted(want.sales, key=lambda s: (s.start, s.campaign)):
            prev = before.pop((sale.campaign, sale.start), None)
            what = (f"{want.sku} {want.market}: sale {sale.campaign} ({_window(sale)}) "
                    f"{_money(sale.unit_amount, want.currency)}")
            price, link, url = self._price_and_link(product, want, sale, prev, shape_kept, what)
            if promo_changed and prev is not None and link == prev.link:
                self.gateway.set_promotion_codes(link, want.promotion_codes)
                self.changes.count("Payment Links", "updated")
            runs.append(CampaignLink(sale.campaign, sale.start, sale.end, sale.unit_amount,
                                     price, link, url))
        horizon = self.now + timedelta(days=self.days)
        for prev in before.values():
            if prev.start >= horizon:  # beyond this sync's days: another sync's business
                runs.append(prev)
                continue
            self._deactivate(prev.link, prev.price)
            ended = "ended" if prev.end <= self.now else "no longer scheduled"
            self.changes.lines.append(f"{want.sku} {want.market}: sale {prev.campaign} "
                                      f"({_window(prev)}) {ended}: its link and Price "
                                      "deactivated")
        return tuple(sorted(runs, key=lambda c: (c.start, c.campaign)))

    # --- what is no longer sold --------------------------------------------------------------

    def _deactivate(self, link: str, price: str) -> None:
        self.gateway.deactivate_link(link)
        self.changes.count("Payment Links", "deactivated")
        self.gateway.deactivate_price(price)
        self.changes.count("Prices", "deactivated")

    def _retire(self, sku: str, market: str, old: MarketLink) -> None:
        self._deactivate(old.link, old.price)
        for sale in old.campaigns:
            self._deactivate(sale.link, sale.price)
        self.changes.lines.append(f"{sku} {market}: no longer sold there with Stripe: its "
                                  "links and Prices deactivated")

    def _retire_sku(self, sku: str) -> None:
        entry = self.skus.pop(sku)
        for code, market in sorted(entry.markets.items()):
            self._retire(sku, code, market)
        self.gateway.archive_product(entry.product)
        self.changes.count("Products", "deactivated")
        self.changes.lines.append(f"{sku}: no longer in the store: Product {entry.product} "
                                  "archived")


def _percent(want: WantedCoupon) -> str:
    """The percent off as plain text ("10", "12.5"); "" for an amount off."""
    return format(want.percent_off.normalize(), "f") if want.percent_off is not None else ""


def _same_coupon(old: CouponLink, want: WantedCoupon) -> bool:
    return (old.code, old.percent_off, dict(old.amount_off), old.skus, old.expires) == (
        want.code, _percent(want), dict(want.amount_off), want.skus, want.end)
