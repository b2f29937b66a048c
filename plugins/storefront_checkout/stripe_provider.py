"""The ``stripe`` provider: each SKU's Stripe Payment Link in each market, read from the lock
file ``storefront checkout sync`` writes (``stripe_lock``). No network and no ``stripe``
package at build time.

Options (``STORE_CHECKOUT = {"provider": "stripe", ...}``):

- ``lock``: the lock file, relative to the project (default
  ``content/checkout/stripe.lock.yml``);
- ``mode``: ``"live"`` or ``"test"``: the build fails unless the lock holds links of that
  mode (set ``"live"`` in publishconf.py so a test link never reaches shoppers).

Stripe asks for the quantity on its own page (the links are made with an adjustable quantity
whose minimum is the MOQ) and documents no URL parameter for it, so ``href_template`` is
empty. It does document ``prefilled_promo_code``: while a coupon campaign covers the SKU the
link carries its code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from storefront_core.errors import Problem, display_path

from .provider import LineItem, Setup, Target, unknown_options
from .stripe_lock import (
    DEFAULT_LOCK,
    SYNC_COMMAND,
    AmountError,
    CampaignLink,
    Lock,
    MarketLink,
    from_minor,
    minor_units,
    read_lock,
)

#: availability values that have nothing to buy now
NOT_FOR_SALE = frozenset({"out_of_stock", "discontinued", "sold_out"})
OPTIONS = ("lock", "mode")
MODES = ("test", "live")


def option_problems(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong in the options of the stripe provider (checked when the build starts).

    >>> option_problems({"mode": "prod", "lok": "x.yml"})  # doctest: +NORMALIZE_WHITESPACE
    [('lok', 'is not an option of the stripe provider; did you mean "lock"?'),
     ('mode', '"prod" is neither "test" nor "live"; write "test" (test links) or "live"
     (publishconf.py, so a test link never reaches shoppers)')]
    >>> option_problems({"lock": "/srv/stripe.lock.yml"})  # doctest: +ELLIPSIS
    [('lock', '"/srv/stripe.lock.yml" must be a path relative to the project...')]
    >>> option_problems({"lock": "content/checkout/stripe.lock.yml", "mode": "live"})
    []
    """
    out = unknown_options(options, OPTIONS, "stripe")
    mode = options.get("mode")
    if mode is not None and mode not in MODES:
        out.append(("mode", f'{_shown(mode)} is neither "test" nor "live"; write "test" (test '
                            'links) or "live" (publishconf.py, so a test link never reaches '
                            "shoppers)"))
    lock = options.get("lock")
    if lock is not None:
        if not isinstance(lock, str) or not lock.strip():
            out.append(("lock", f"{_shown(lock)} is not a file name; write the lock's path "
                                f'relative to the project, e.g. "{DEFAULT_LOCK}"'))
        elif PurePosixPath(lock).is_absolute() or PureWindowsPath(lock).is_absolute() or (
                ".." in PurePosixPath(lock.replace("\\", "/")).parts):
            out.append(("lock", f'"{lock}" must be a path relative to the project, inside it '
                                f'(it is committed with the store), e.g. "{DEFAULT_LOCK}"'))
        elif not lock.endswith((".yml", ".yaml")):
            out.append(("lock", f'"{lock}" is not a YAML file; name it like "{DEFAULT_LOCK}"'))
    return out


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def make(options: Mapping[str, Any], setup: Setup) -> StripeProvider:
    """The provider for a build: the lock read once, its problems kept for ``check`` (the
    options' own problems too, for a caller that did not check them at start-up)."""
    problems = [Problem(setup.settings_file, f"STORE_CHECKOUT.{key}", message)
                for key, message in option_problems(
                    {k: v for k, v in options.items() if k not in ("provider", "markets")})]
    mode = options.get("mode") if options.get("mode") in MODES else None
    lock_option = options.get("lock")
    path = setup.root / (lock_option if isinstance(lock_option, str) and lock_option.strip()
                         else DEFAULT_LOCK)
    file = display_path(path, setup.root)
    lock, found = read_lock(path, file)
    if lock is not None and mode and lock.header.mode != mode:
        found.append(Problem(file, "stripe.mode",
                             f"holds {lock.header.mode} links but STORE_CHECKOUT asks for "
                             f"{mode} ones; run `{SYNC_COMMAND}` with a {mode} key "
                             "(STRIPE_API_KEY) and commit the lock it writes"))
    return StripeProvider(lock=lock, file=file, setup=setup, problems=problems + found)


@dataclass
class StripeProvider:
    """Payment Links from the lock; one per build (see ``make``)."""

    lock: Lock | None
    file: str  # the lock, as messages name it
    setup: Setup
    problems: list[Problem] = field(default_factory=list)  # the lock's and the options'
    name: str = "stripe"
    cart: bool = False

    def target(self, item: LineItem) -> Target:
        """The SKU's Payment Link in the item's market (the sale's own while one runs)."""
        if item.availability in NOT_FOR_SALE:
            return Target("none", reason="out of stock")
        found = self._link(item)
        if found is None:
            return Target("none", reason=f"no Stripe Payment Link in {self.file}")
        market, link = found
        href = link.url
        if item.coupon and market.promotion_codes:
            # https://docs.stripe.com/payment-links/customize#customize-checkout-with-url-parameters
            href += ("&" if "?" in href else "?") + "prefilled_promo_code=" + quote(
                item.coupon, safe="")
        return Target("link", href=href, href_template="",
                      label="preorder" if item.availability == "preorder" else "buy")

    def _link(self, item: LineItem) -> tuple[MarketLink, MarketLink | CampaignLink] | None:
        market = self.lock.market_link(item.sku, item.market) if self.lock else None
        if market is None:
            return None
        if not item.campaign:
            return market, market
        sale = self.sale_link(market, item)
        return (market, sale) if sale is not None else None

    def sale_link(self, market: MarketLink, item: LineItem) -> CampaignLink | None:
        """The item's campaign's link whose sale window is nearest the build date (holding
        it), the one charging the page's price first."""
        runs = [c for c in market.campaigns if c.campaign == item.campaign]
        if not runs:
            return None
        try:
            amount: int | None = minor_units(item.unit_price, item.currency)
        except AmountError:
            amount = None
        day = self.setup.build_date
        return min(runs, key=lambda c: (c.day_distance(day), c.unit_amount != amount,
                                        c.start))

    def head(self, market: str) -> str:
        return ""

    def files(self, market: str, items: Sequence[LineItem]) -> Mapping[str, bytes]:
        return {}

    def check(self, items: Sequence[LineItem]) -> list[Problem]:
        """The lock's problems, then every SKU for sale whose link is missing or charges
        another price than its page."""
        problems = list(self.problems)
        if self.lock is None:
            return problems
        for item in items:
            if item.availability not in NOT_FOR_SALE:
                problems += self._check_item(item)
        return problems

    def _check_item(self, item: LineItem) -> list[Problem]:
        where = f"skus.{item.sku}.markets.{item.market}"
        fix = (f"run `{SYNC_COMMAND}` (it updates Stripe and this file), then commit the "
               "file")
        market = self.lock.market_link(item.sku, item.market) if self.lock else None
        if market is None:
            return [Problem(self.file, where, f"{item.sku} has no Stripe Payment Link for "
                                              f"the {item.market} market; {fix}")]
        if market.currency != item.currency:
            return [Problem(self.file, f"{where}.currency",
                            f"{item.sku} in {item.market}: the link charges "
                            f"{market.currency} but the page sells in {item.currency}; {fix}")]
        try:
            page = minor_units(item.unit_price, item.currency)
        except AmountError as exc:
            return [Problem(self.file, where, f"{item.sku} in {item.market}: {exc}")]
        charged: MarketLink | CampaignLink = market
        if item.campaign:
            sale = self.sale_link(market, item)
            if sale is None:
                return [Problem(self.file, f"{where}.campaigns",
                                f"{item.sku} in {item.market}: the sale {item.campaign} has "
                                f"no Stripe Payment Link; {fix} (it makes links for the sales "
                                "of the next 30 days)")]
            charged, where = sale, f"{where}.campaigns"
        if charged.unit_amount == page:
            return []
        what = f"the {item.campaign} sale price" if item.campaign else "the price"
        stripe_price = from_minor(charged.unit_amount, item.currency)
        return [Problem(self.file, f"{where}.unit_amount",
                        f"{item.sku} in {item.market}: {what} on the page is "
                        f"{_money(item.unit_price, item.currency)} but its Stripe link "
                        f"charges {_money(stripe_price, item.currency)}; {fix}")]


def _money(amount: Any, currency: str) -> str:
    """A plain amount for messages, e.g. "29.99 USD"."""
    return f"{amount} {currency}"
