"""The checkout interface: what a provider gets for one SKU in one market, and what it returns.

Every provider implements ``Provider``. The plugin (``plugin.py``) makes one ``LineItem`` per
purchasable SKU (a product without variants, or each variant) and market, with the price a
shopper pays at the build date (the sale price while a campaign runs), asks the market's
provider for its ``Target``, renders it on the product page, lists it in
``<market>/checkout.json`` and publishes the provider's own files.

Providers are named in ``STORE_CHECKOUT`` (``{"provider": "links", ...options,
"markets": {"ja-jp": {...}}}``) and found through ``PROVIDERS``: a module path and the name of
its factory, imported only when a store uses it (the Stripe provider needs no `stripe`
package at build time, only its lock file).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from storefront_core.errors import Problem

#: provider name -> "module:factory"; the factory is ``(options, setup) -> Provider``
PROVIDERS: dict[str, str] = {
    "buy_url": "storefront_checkout.buy_url:make",  # the product's own `buy_url` link
    "links": "storefront_checkout.links:make",  # URL templates: Shopify, WooCommerce, WhatsApp...
    "snipcart": "storefront_checkout.snipcart:make",  # a cart on the page
    "stripe": "storefront_checkout.stripe_provider:make",  # Payment Links from the lock file
}


@dataclass(frozen=True)
class Tier:
    """From ``min_qty`` units each unit costs ``unit_price`` (the market's currency)."""

    min_qty: int
    unit_price: Decimal


@dataclass(frozen=True)
class LineItem:
    """One purchasable SKU on one market's page, at the price a shopper pays that day."""

    market: str  # market code, e.g. "de-de" (its URL prefix)
    language: str  # the market's language, e.g. "de"
    locale: str  # Babel locale of the market, e.g. "de_DE"
    currency: str  # ISO 4217, e.g. "EUR"
    product_sku: str  # the product's SKU
    sku: str  # the variant's SKU, or the product's when it has no variants
    title: str  # product title in the market's language
    variant_label: str  # e.g. "White / 64 GB"; "" without variants
    unit_price: Decimal  # per unit, at the build date (the sale price during a sale)
    price: Decimal  # one order of the minimum quantity: the page's headline, JSON-LD `price`
    min_qty: int  # minimum order quantity (MOQ)
    tiers: tuple[Tier, ...]  # quantity price breaks above min_qty
    availability: str  # in_stock | out_of_stock | preorder | backorder | ...
    url: str  # absolute canonical URL of the product page
    image_url: str  # absolute URL of the SKU's main photo
    regular_unit_price: Decimal  # the unit price without a sale (== unit_price outside sales)
    campaign: str | None = None  # the running sale's campaign id, if any
    coupon: str | None = None  # a campaign's promotion code that applies, if any
    ids: Mapping[str, str] = field(default_factory=dict)  # provider ids from front matter
    #   (e.g. {"shopify_variant_id": "4242"}): the variant's over the product's
    buy_url: str = ""  # the product's own `buy_url` link (the buy_url provider's target)


@dataclass(frozen=True)
class Target:
    """Where the buy action of one line item goes.

    ``kind`` is "link" (an ordinary link: a hosted checkout, cart permalink, WhatsApp or
    mailto), "cart" (a cart provider's add-to-cart button, ``attrs`` its data attributes), or
    "none" (nothing to buy: sold out, or no checkout for this SKU; ``reason`` says why).
    """

    kind: Literal["link", "cart", "none"]
    href: str = ""  # link: the URL for min_qty units, works without JavaScript
    href_template: str = ""  # link: the same with "{qty}" where the quantity goes, for the
    #   page's script when the quantity changes; "" when the checkout asks for it itself.
    #   An order message may also hold "{unit}": the script puts the unit price the page shows
    #   for that quantity there (URL-encoded), e.g. a volume tier's
    attrs: Mapping[str, str] = field(default_factory=dict)  # cart: data-* attributes
    label: Literal["buy", "preorder", "add_to_cart", "order_chat", "order_email"] = "buy"
    reason: str = ""  # kind "none": a short English reason for the manifest

    def manifest(self) -> dict[str, Any]:
        """What ``checkout.json`` lists as the item's ``checkout``."""
        if self.kind == "link":
            return {"type": "link", "url": self.href}
        if self.kind == "cart":
            return {"type": "cart", **dict(self.attrs)}
        return {"type": "none", "reason": self.reason}


@dataclass(frozen=True)
class Setup:
    """What a provider's factory may need besides its options."""

    root: Path  # the project folder (lock files are relative to it)
    settings_file: str  # "pelicanconf.py": where STORE_CHECKOUT is set, for messages
    build_date: date  # the day the site is built for (`storefront build --date`)
    site_url: str  # SITEURL
    #: the market's UI translations (the theme's gettext catalog), for text a provider writes
    #: such as an order message; added for the `links` provider, the identity by default
    gettext: Callable[[str], str] = str
    market: str = ""  # the market the provider is made for (its code), e.g. "de-de"
    currency: str = ""  # that market's currency, e.g. "EUR"


class Provider(Protocol):
    """One checkout provider, made once per build and market by its factory."""

    name: str
    cart: bool  # True: "Add to cart" buttons and a cart count (a cart on the page)

    def target(self, item: LineItem) -> Target:
        """Where the buy action of ``item`` goes (pure: no network, no files)."""
        ...

    def head(self, market: str) -> str:
        """HTML the provider adds to every page of ``market`` (scripts, styles); "" if none.

        Already escaped; inserted as is at the end of <body>."""
        ...

    def files(self, market: str, items: Sequence[LineItem]) -> Mapping[str, bytes]:
        """Extra files to publish, by path relative to the market's folder (e.g. Snipcart's
        JSON product definitions); {} if none."""
        ...

    def check(self, items: Sequence[LineItem]) -> list[Problem]:
        """What is wrong before anything is published (e.g. a lock price that differs from
        the page's), each naming the SKU, market, file and fix."""
        ...


def unknown_options(options: Mapping[str, Any], known: Sequence[str],
                    provider: str) -> list[tuple[str, str]]:
    """(key, message) for every option ``provider`` does not take, with the nearest one.

    >>> unknown_options({"lok": "x", "url": "y"}, ("lock", "mode"), "stripe")[0]
    ('lok', 'is not an option of the stripe provider; did you mean "lock"?')
    >>> unknown_options({"url": "y"}, ("lock", "mode"), "stripe")[0][1]
    'is not an option of the stripe provider; use lock or mode'
    """
    out = []
    for key in options:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f'did you mean "{close[0]}"?' if close else f"use {' or '.join(known)}"
            out.append((str(key), f"is not an option of the {provider} provider; {hint}"))
    return out
