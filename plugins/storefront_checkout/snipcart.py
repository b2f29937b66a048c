"""The ``snipcart`` provider: a cart on the page (Snipcart v3).

Buttons carry Snipcart's product definition (``snipcart-add-item`` with ``data-item-id`` = the
variant's SKU, ``data-item-price`` in the market's currency, ``data-item-url`` = the canonical
page, which Snipcart's crawler reads again to validate the order); every page gets the
``<div id="snipcart">`` with the public API key and the market's currency, and the theme's
script loads Snipcart's files only on the shopper's first interaction (nothing from
cdn.snipcart.com slows the first paint). ``<market>/snipcart-products.json`` lists the
market's products as Snipcart's JSON crawler reads them (id, price, url), e.g. to fetch them
into the dashboard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from storefront_core.errors import Problem

from .items import money_text
from .provider import LineItem, Setup, Target, unknown_options

OPTIONS = ("api_key", "version")
DEFAULT_VERSION = "3.7.1"
CDN = "https://cdn.snipcart.com/themes/v{version}/default/snipcart.{kind}"
PRODUCTS_FILE = "snipcart-products.json"
_VERSION = re.compile(r"3\.\d+\.\d+")


def price_json(item: LineItem) -> str:
    """``data-item-price`` as Snipcart's multi-currency form: the unit price per currency.

    >>> from decimal import Decimal
    >>> price_json(_example(unit_price=Decimal("24.5"), currency="EUR"))
    '{"eur": 24.50}'
    """
    return f'{{"{item.currency.lower()}": {money_text(item.unit_price, item.currency)}}}'


class Snipcart:
    """Add-to-cart buttons, Snipcart's container and the JSON product definitions."""

    name = "snipcart"
    cart = True

    def __init__(self, api_key: str, version: str, currency: str):
        self.api_key, self.version, self.currency = api_key, version, currency

    def target(self, item: LineItem) -> Target:
        title = item.title + (f" – {item.variant_label}" if item.variant_label else "")
        attrs = {
            "data-item-id": item.sku,
            "data-item-name": title,
            "data-item-price": price_json(item),
            "data-item-url": item.url,
            "data-item-min-quantity": str(item.min_qty),
            "data-item-quantity": str(item.min_qty),
        }
        if item.image_url:
            attrs["data-item-image"] = item.image_url
        return Target("cart", attrs=attrs, label="add_to_cart")

    def head(self, market: str) -> str:
        return str(Markup(
            '<div hidden id="snipcart" data-api-key="{key}" data-currency="{currency}" '
            'data-config-modal-style="side" data-snipcart-js="{js}" '
            'data-snipcart-css="{css}"></div>').format(
                key=escape(self.api_key), currency=escape(self.currency.lower()),
                js=CDN.format(version=self.version, kind="js"),
                css=CDN.format(version=self.version, kind="css")))

    def files(self, market: str, items: Sequence[LineItem]) -> Mapping[str, bytes]:
        products = [
            {"id": item.sku,
             "name": item.title + (f" – {item.variant_label}" if item.variant_label else ""),
             "price": {item.currency.lower(): money_text(item.unit_price, item.currency)},
             "url": item.url, "minQuantity": item.min_qty}
            for item in items if item.availability != "out_of_stock"
        ]
        text = json.dumps(products, ensure_ascii=False, indent=2) + "\n"
        return {PRODUCTS_FILE: text.encode()}

    def check(self, items: Sequence[LineItem]) -> list[Problem]:
        """Snipcart charges one unit price: volume tiers are not applied by the cart."""
        tiered = sorted({item.product_sku for item in items if item.tiers})
        if not tiered:
            return []
        shown = ", ".join(tiered[:3]) + (f" (+{len(tiered) - 3} more)" if len(tiered) > 3 else "")
        return [Problem("pelicanconf.py", "STORE_CHECKOUT.provider", f"{items[0].market}: "
                        f"{shown} have volume prices (price_tiers), which Snipcart's cart does "
                        "not apply; set the same volume discounts in Snipcart's dashboard",
                        severity="warning")]


def option_problems(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong in the options of the snipcart provider.

    >>> option_problems({})
    [('api_key', "is missing; give Snipcart's public API key (Dashboard > Account > API keys)")]
    """
    out = unknown_options(options, OPTIONS, "snipcart")
    key = options.get("api_key")
    if key is None:
        out.insert(0, ("api_key", "is missing; give Snipcart's public API key (Dashboard > "
                       "Account > API keys)"))
    elif not (isinstance(key, str) and key.strip() and key.isascii() and '"' not in key):
        out.append(("api_key", "must be Snipcart's public API key as text in quotes"))
    version = options.get("version", DEFAULT_VERSION)
    if not (isinstance(version, str) and _VERSION.fullmatch(version)):
        out.append(("version", f"{version!r} is not a Snipcart v3 version; write it as "
                    f'"{DEFAULT_VERSION}"'))
    return out


def make(options: Mapping[str, Any], setup: Setup) -> Snipcart:
    return Snipcart(str(options["api_key"]).strip(), str(options.get("version",
                    DEFAULT_VERSION)), setup.currency)


def _example(**changes: Any) -> LineItem:
    """A line item for the examples."""
    from dataclasses import replace
    from decimal import Decimal

    item = LineItem(market="de-de", language="de", locale="de_DE", currency="EUR",
                    product_sku="P-1", sku="P-1-B", title="Stift", variant_label="Blau",
                    unit_price=Decimal("4.5"), price=Decimal("4.5"), min_qty=1, tiers=(),
                    availability="in_stock", url="https://s.example/de-de/products/p/",
                    image_url="", regular_unit_price=Decimal("4.5"))
    return replace(item, **changes)
