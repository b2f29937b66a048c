"""The Stripe calls of a sync, made with the official ``stripe`` library (``StripeClient``).

The secret key comes from the environment only (``STRIPE_API_KEY``); it is handed to the
client and never stored, printed or written: error messages have it blanked out.
``STRIPE_API_BASE`` points the client at another server (the tests' local one).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from storefront_checkout.stripe_lock import SYNC_COMMAND

from .wanted import WantedCoupon, WantedLink, WantedSale

#: Promotion Codes are made with the API version of the published description the tests
#: check these calls against (tests/fixtures/stripe/README.md): later versions (the library's
#: own) take ``promotion[coupon]`` where this one takes ``coupon``, and no later full
#: description is kept to check that shape against. Stripe honours a per-request version.
PROMOTION_CODES_VERSION: dict[str, str] = {"stripe_version": "2023-08-16"}
KEY_VARIABLE = "STRIPE_API_KEY"
BASE_VARIABLE = "STRIPE_API_BASE"


class SyncError(Exception):
    """Stripe refused a call, or the sync cannot start (no key); the message is safe to print."""


def key_mode(key: str) -> str:
    """"test" or "live" from a secret or restricted key's prefix.

    >>> key_mode("sk_test_abc"), key_mode("rk_live_abc")
    ('test', 'live')
    """
    for prefix in ("sk_", "rk_"):
        for mode in ("test", "live"):
            if key.startswith(f"{prefix}{mode}_"):
                return mode
    raise SyncError(f"{KEY_VARIABLE} is not a Stripe secret key (sk_test_... or sk_live_..., "
                    "or a restricted rk_ key with write access to Products, Prices and Payment "
                    "Links); copy it from the Stripe Dashboard, Developers > API keys")


def api_key(environ: Mapping[str, str] | None = None) -> str:
    """The secret key from the environment; SyncError saying how to set it."""
    key = (os.environ if environ is None else environ).get(KEY_VARIABLE, "").strip()
    if not key:
        raise SyncError(f"set {KEY_VARIABLE} to your Stripe secret key (a test key, sk_test_..., "
                        f"to try it) in the environment of `{SYNC_COMMAND}`; it is never "
                        "written anywhere. `--dry-run` needs no key")
    key_mode(key)
    return key


class StripeGateway:
    """The sync's calls on one Stripe account."""

    def __init__(self, key: str, api_base: str | None = None):
        import stripe

        self._stripe = stripe
        self._key = key
        bases: Any = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(key, base_addresses=bases)
        self.api_version = str(stripe.api_version)
        self.mode = key_mode(key)

    def _call(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except self._stripe.StripeError as exc:
            message = str(exc.user_message or exc).replace(self._key, "***")
            error = SyncError(f"Stripe refused the call: {message}")
            error.__context__ = exc  # kept for the caller's isinstance, never printed
            raise error from None

    def account(self) -> str:
        """The account's id ("" when a restricted key may not read it); the first call, so a
        wrong key stops the sync before anything else."""
        try:
            return str(self._call(self.client.v1.accounts.retrieve_current).id)
        except SyncError as exc:
            if isinstance(exc.__context__, self._stripe.PermissionError):
                return ""
            raise

    def create_product(self, want: WantedLink) -> str:
        product = self._call(self.client.v1.products.create, {
            "name": want.name,
            "metadata": {"sku": want.sku, "product_sku": want.product_sku,
                         "managed_by": "storefront"}})
        return str(product.id)

    def rename_product(self, product: str, name: str) -> None:
        self._call(self.client.v1.products.update, product, {"name": name})

    def archive_product(self, product: str) -> None:
        self._call(self.client.v1.products.update, product, {"active": False})

    def create_price(self, product: str, want: WantedLink, amount: int,
                     sale: WantedSale | None) -> str:
        metadata = {"sku": want.sku, "market": want.market}
        if sale is not None:
            metadata |= {"campaign": sale.campaign, "sale_start": sale.start.isoformat(),
                         "sale_end": sale.end.isoformat()}
        price = self._call(self.client.v1.prices.create, {
            "product": product, "currency": want.currency.lower(), "unit_amount": amount,
            "nickname": f"{want.sku} {want.market}" + (f" {sale.campaign}" if sale else ""),
            "metadata": metadata})
        return str(price.id)

    def deactivate_price(self, price: str) -> None:
        self._call(self.client.v1.prices.update, price, {"active": False})

    def create_link(self, price: str, want: WantedLink, sale: WantedSale | None
                    ) -> tuple[str, str]:
        metadata = {"sku": want.sku, "market": want.market}
        if sale is not None:
            metadata |= {"campaign": sale.campaign, "sale_start": sale.start.isoformat()}
        link = self._call(self.client.v1.payment_links.create, {
            "line_items": [{
                "price": price, "quantity": want.min_qty,
                "adjustable_quantity": {"enabled": True, "minimum": want.min_qty,
                                        "maximum": want.max_qty}}],
            "allow_promotion_codes": want.promotion_codes,
            "metadata": metadata})
        return str(link.id), str(link.url)

    def set_promotion_codes(self, link: str, allowed: bool) -> None:
        self._call(self.client.v1.payment_links.update, link,
                   {"allow_promotion_codes": allowed})

    def deactivate_link(self, link: str) -> None:
        self._call(self.client.v1.payment_links.update, link, {"active": False})

    def create_coupon(self, want: WantedCoupon, products: list[str]) -> str:
        """https://docs.stripe.com/api/coupons/create: once per order, for the campaign's
        Products, redeemable until the run ends."""
        params: dict[str, Any] = {
            "name": want.name[:40], "duration": "once", "redeem_by": int(want.end.timestamp()),
            "applies_to": {"products": products},
            "metadata": {"campaign": want.campaign, "managed_by": "storefront"}}
        if want.percent_off is not None:
            params["percent_off"] = float(want.percent_off)
        else:
            (currency, amount), *others = want.amount_off
            params |= {"currency": currency.lower(), "amount_off": amount}
            if others:
                params["currency_options"] = {c.lower(): {"amount_off": a} for c, a in others}
        return str(self._call(self.client.v1.coupons.create, params).id)

    def create_promotion_code(self, coupon: str, want: WantedCoupon) -> str:
        """https://docs.stripe.com/api/promotion_codes/create: the code shoppers type."""
        code = self._call(self.client.v1.promotion_codes.create, {
            "coupon": coupon, "code": want.code, "expires_at": int(want.end.timestamp()),
            "metadata": {"campaign": want.campaign, "managed_by": "storefront"}},
            PROMOTION_CODES_VERSION)
        return str(code.id)

    def deactivate_promotion_code(self, promotion_code: str) -> None:
        self._call(self.client.v1.promotion_codes.update, promotion_code, {"active": False},
                   PROMOTION_CODES_VERSION)
