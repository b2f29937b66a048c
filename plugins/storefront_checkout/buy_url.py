"""The ``buy_url`` provider: each product's own ``buy_url`` link (the store without
``STORE_CHECKOUT``); a product without one has no buy button."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storefront_core.errors import Problem

from .provider import LineItem, Setup, Target


class BuyUrl:
    """Every SKU of a product goes to the product's ``buy_url``, whatever the quantity."""

    name = "buy_url"
    cart = False

    def target(self, item: LineItem) -> Target:
        if not item.buy_url:
            return Target("none", reason="no buy_url in the product's front matter")
        return Target("link", href=item.buy_url,
                      label="preorder" if item.availability == "preorder" else "buy")

    def head(self, market: str) -> str:
        return ""

    def files(self, market: str, items: Sequence[LineItem]) -> Mapping[str, bytes]:
        return {}

    def check(self, items: Sequence[LineItem]) -> list[Problem]:
        return []


def option_problems(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The provider takes no options."""
    return [(str(key), "the buy_url provider takes no options; remove it (each product's "
             "buy_url: is its link)") for key in options]


def make(options: Mapping[str, Any], setup: Setup) -> BuyUrl:
    return BuyUrl()
