"""Line items: every purchasable SKU of one market at the price its page shows, and the
manifest (``<market>/checkout.json``) that lists them with their checkout targets."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from storefront_catalog.model import Catalog, Product, Variant
from storefront_catalog.money import offer_view, quantize
from storefront_catalog.urls import Market

from .provider import LineItem, Provider, Target, Tier

MANIFEST = "checkout.json"


def line_items(catalog: Catalog, market: Market, *, url_for: Callable[[Product], str],
               image_for: Callable[[Product, Variant | None], str],
               coupons: Mapping[str, str] | None = None) -> list[LineItem]:
    """One LineItem per purchasable SKU of the market's view (a product without variants, or
    each variant), priced through ``offer_view`` exactly as the page: the sale price while a
    campaign runs (the view's products carry it). ``coupons``: SKU -> the promotion code of a
    coupon campaign running on it (the view's ``COUPONS`` extra)."""
    items = []
    codes = coupons or {}
    for product in catalog.products:
        for variant in product.variants or (None,):
            sku = variant.sku if variant else product.sku
            item = line_item(product, variant, market, url=url_for(product),
                             image_url=image_for(product, variant), coupon=codes.get(sku))
            if item is not None:
                items.append(item)
    return items


def line_item(product: Product, variant: Variant | None, market: Market, *, url: str,
              image_url: str = "", coupon: str | None = None) -> LineItem | None:
    """The LineItem of one SKU in ``market``; None when it has no price in its currency."""
    offer = offer_view(product, market.currency, variant)
    if offer is None:
        return None
    regular = offer.unit_price
    sale = product.sale
    if sale is not None:
        index = product.variants.index(variant) if variant is not None else None
        was = sale.regular.variants[index] if index is not None else None
        regular_offer = offer_view(sale.regular, market.currency, was)
        regular = regular_offer.unit_price if regular_offer else regular
    return LineItem(
        market=market.code, language=market.lang, locale=market.locale,
        currency=market.currency, product_sku=product.sku,
        sku=variant.sku if variant else product.sku, title=product.title,
        variant_label=" / ".join(variant.options.values()) if variant else "",
        unit_price=offer.unit_price, price=offer.moq_total, min_qty=offer.moq,
        tiers=tuple(Tier(t.min_qty, t.unit_price) for t in offer.tiers),
        availability=offer.availability, url=url, image_url=image_url,
        regular_unit_price=regular, campaign=sale.campaign if sale else None, coupon=coupon,
        ids={**product.checkout, **(variant.checkout if variant else {})},
        buy_url=product.buy_url or "",
    )


def money_text(amount: Decimal, currency: str) -> str:
    """An amount as the JSON-LD and the manifest write it: plain decimals in the currency's
    minor units.

    >>> money_text(Decimal("1249.5"), "USD"), money_text(Decimal("4480"), "JPY")
    ('1249.50', '4480')
    """
    return f"{quantize(amount, currency):f}"


def target_for(provider: Provider, item: LineItem) -> Target:
    """Where ``item``'s buy action goes: nowhere when it is sold out, else the provider's."""
    if item.availability == "out_of_stock":
        return Target("none", reason="sold out")
    return provider.target(item)


def manifest(market: Market, provider: str, build_date: date,
             entries: Sequence[tuple[LineItem, Target]]) -> dict[str, Any]:
    """The market's ``checkout.json``: every SKU with its price and checkout target."""
    return {
        "market": market.code,
        "currency": market.currency,
        "provider": provider,
        "build_date": build_date.isoformat(),
        "items": [manifest_item(item, target) for item, target in entries],
    }


def manifest_item(item: LineItem, target: Target) -> dict[str, Any]:
    """One SKU of the manifest; prices as plain decimal text, as the JSON-LD writes them."""
    cur = item.currency
    return {
        "sku": item.sku,
        "product": item.product_sku,
        "title": item.title + (f" – {item.variant_label}" if item.variant_label else ""),
        "price": money_text(item.price, cur),
        "unit_price": money_text(item.unit_price, cur),
        "currency": cur,
        "min_qty": item.min_qty,
        "tiers": [{"min_qty": t.min_qty, "unit_price": money_text(t.unit_price, cur)}
                  for t in item.tiers],
        "availability": item.availability,
        "url": item.url,
        "checkout": target.manifest(),
    }


def manifest_bytes(data: dict[str, Any]) -> bytes:
    """The manifest as published: UTF-8 JSON, keys in a fixed order, one trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
