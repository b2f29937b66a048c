"""The rules of a page's structured data: valid JSON-LD, Google's Product properties, GTINs,
offer dates, and the shown and Open Graph prices against the JSON-LD offers.

The visible ``.price__now`` text is parsed with Babel in the page's ``<html lang>`` locale and
must equal the JSON-LD offer price and ``product:price:amount``; on a page with variants each
``<template data-offer-for="SKU">`` is compared with that variant's Offer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .page import Offer, PageData
from .site import Check
from .values import (
    babel_locale,
    gtin_problem,
    norm_space,
    parse_amount,
    parse_date,
    parse_shown_price,
)

GTIN_KEYS = ("gtin", "gtin8", "gtin12", "gtin13", "gtin14")


def _schema_types(node: Mapping[str, Any]) -> set[str]:
    """A node's schema.org types, without the vocabulary URL ("Product")."""
    value = node.get("@type")
    items = value if isinstance(value, list) else [value]
    return {str(t).rsplit("/", 1)[-1] for t in items if t}


#: JSON-LD properties that hold neither products nor price validity: not walked into (the
#: store's shipping services repeat on every product page and would dominate the audit time)
_SKIP_KEYS = frozenset({
    "hasShippingService", "shippingDetails", "hasMerchantReturnPolicy", "contactPoint",
    "aggregateRating", "review", "brand", "image", "sameAs", "logo",
    "additionalProperty", "eligibleQuantity", "address",
})


def _walk(obj: Any, products: list[dict[str, Any]], dated: list[dict[str, Any]],
          in_variant: bool = False) -> None:
    """Collect the top-level Product/ProductGroup nodes (not their variants) and every node
    carrying a price validity (offers, price specifications) of a JSON-LD document."""
    if isinstance(obj, list):
        for item in obj:
            _walk(item, products, dated, in_variant)
        return
    if not isinstance(obj, dict):
        return
    if not in_variant and _schema_types(obj) & {"Product", "ProductGroup"}:
        products.append(obj)
    if "priceValidUntil" in obj or "validThrough" in obj:
        dated.append(obj)
    for key, value in obj.items():
        if isinstance(value, dict | list) and key not in _SKIP_KEYS:
            _walk(value, products, dated, in_variant or key == "hasVariant")


def _as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one item or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _spec_price(offer: Mapping[str, Any]) -> Any:
    """The price of an Offer's own ``priceSpecification`` (not a strikethrough one), if any."""
    for spec in _as_list(offer.get("priceSpecification")):
        if isinstance(spec, dict) and "StrikethroughPrice" not in str(spec.get("priceType")):
            return spec.get("price")
    return None


def _has_image(node: Mapping[str, Any]) -> bool:
    """True when the node names at least one image."""
    for image in _as_list(node.get("image")):
        if isinstance(image, str) and image.strip():
            return True
        if isinstance(image, dict) and (image.get("url") or image.get("contentUrl")):
            return True
    return False


def _has_text(node: Mapping[str, Any], key: str) -> bool:
    """True when ``key`` holds a non-empty text (or a named node, for brand)."""
    value = node.get(key)
    if isinstance(value, dict):
        return bool(value.get("name") or value.get("@id"))
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def jsonld_rules(page: PageData, check: Check) -> list[dict[str, Any]]:
    """Every JSON-LD script is valid JSON and no offer validity is past; returns the products."""
    today = check.now.date()
    products: list[dict[str, Any]] = []
    for i, text in enumerate(page.scripts, 1):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            check.add("jsonld-syntax", page.path, f"JSON-LD script {i} is not valid JSON "
                      f"(line {exc.lineno}, column {exc.colno}); crawlers ignore all of it: "
                      "rebuild, and check any theme template that writes ld+json itself")
            continue
        dated: list[dict[str, Any]] = []
        _walk(data, products, dated)
        for node in dated:
            for key in ("priceValidUntil", "validThrough"):
                if key not in node:
                    continue
                when = parse_date(node[key])
                if when is None:
                    check.add("price-valid-until", page.path, f'{key} "{node[key]}" is not '
                              "an ISO 8601 date (YYYY-MM-DD)")
                elif when < today:
                    check.add("price-valid-until", page.path, f"{key} {node[key]} is in "
                              f"the past (today is {today}); Google drops the offer: "
                              "rebuild, or end the sale in the product's front matter")
    return products


def product_rules(page: PageData, products: list[dict[str, Any]], is_product: bool,
                  check: Check) -> list[Offer]:
    """Each Product (or each variant of a ProductGroup) of the page; returns their offers."""
    rel = page.path
    offers: list[Offer] = []
    if is_product and not products:
        check.add("product-required", rel, "a product page (it shows a price or has "
                  "og:type product) without Product JSON-LD; the storefront_seo plugin "
                  "writes it (is it in PLUGINS, and does the theme's <head> include "
                  "partials/head_meta.html?)")
    for node in products:
        name = str(node.get("name") or node.get("sku") or "Product")
        if "ProductGroup" in _schema_types(node):
            variants = [v for v in _as_list(node.get("hasVariant")) if isinstance(v, dict)]
            if not _has_text(node, "name"):
                check.add("product-required", rel, "ProductGroup has no name; give the "
                          "product a title")
            if not variants:
                check.add("product-required", rel, f'ProductGroup "{name}" has no '
                          "hasVariant products; give its variants a price in this market")
            for variant in variants:
                offers.append(product_offer(rel, variant, node, check))
        else:
            offers.append(product_offer(rel, node, None, check))
    return offers


def product_offer(rel: str, node: Mapping[str, Any], group: Mapping[str, Any] | None,
                  check: Check) -> Offer:
    """Google's required and recommended properties of one Product (a variant inherits
    its group's brand, description and image) and its GTINs; returns its offer."""
    sku = str(node["sku"]).strip() if node.get("sku") else None
    kind = "variant" if group is not None else "Product"
    label = f'{kind} "{sku or node.get("name") or "?"}"'
    missing = []
    if not _has_text(node, "name"):
        missing.append("name")
    if not _has_image(node) and not (group is not None and _has_image(group)):
        missing.append("image")
    offers = [o for o in _as_list(node.get("offers")) if isinstance(o, dict)]
    price = currency = None
    if not offers:
        missing.append("offers")
    else:
        offer = offers[0]
        raw = offer.get("price", offer.get("lowPrice", _spec_price(offer)))
        price = parse_amount(raw)
        currency = str(offer.get("priceCurrency") or "").strip() or None
        if raw is None:
            missing.append("offers.price")
        elif price is None or price <= 0:
            check.add("product-required", rel, f'{label}: offers.price "{raw}" is not a '
                      "number above 0 (write it with a dot: \"29.99\")")
        if currency is None:
            missing.append("offers.priceCurrency")
        elif not re.fullmatch("[A-Z]{3}", currency):
            check.add("product-required", rel, f'{label}: priceCurrency "{currency}" is not '
                      "an ISO 4217 code such as EUR")
        if not offer.get("availability"):
            missing.append("offers.availability")
    if missing:
        check.add("product-required", rel, f"{label} lacks {', '.join(missing)}, which "
                  "Google requires for product results; complete the product's front "
                  "matter (title, images, price)")
    inherited = dict(group or {})
    inherited.update({k: v for k, v in node.items() if v})
    recommended = [k for k in ("brand", "description", "sku") if not _has_text(inherited, k)]
    ids = [k for k in (*GTIN_KEYS, "mpn") if inherited.get(k)]
    if not ids:
        recommended.insert(1, "gtin or mpn")
    if recommended:
        check.add("product-recommended", rel, f"{label} lacks {', '.join(recommended)}, "
                  "which Google recommends; add them to the product's front matter")
    for key in GTIN_KEYS:
        if node.get(key):
            problem = gtin_problem(node[key], key)
            if problem:
                check.add("gtin-checksum", rel, f"{label}: {problem}; copy the barcode "
                          "number again (gtin: in the front matter)")
    return Offer(sku, label, price if price and price > 0 else None, currency)


def shown_price_rules(page: PageData, products: list[dict[str, Any]], offers: list[Offer],
                      check: Check) -> None:
    """The visible price and og price against the JSON-LD offers."""
    rel, shown, meta = page.path, page.shown, page.meta
    if not offers:
        return
    lang = page.lang or "en"
    priced = [o for o in offers if o.price is not None]
    headline = shown.get(None)
    grouped = any("ProductGroup" in _schema_types(p) for p in products)
    if headline is None and priced:
        check.add("price-mismatch", rel, "the page shows no price (.price__now) while its "
                  "JSON-LD offers one; the buy box must show the offer's price")
        return
    headline_amount = parse_shown_price(headline, lang) if headline is not None else None
    if headline is not None and headline_amount is None:
        check.add("price-mismatch", rel, f'the shown price "{norm_space(headline)}" cannot be '
                  f"read as a price in {lang}; show prices with the |money filter, as "
                  "partials/price.html does")
    if not grouped:
        for offer in priced[:1]:
            if headline_amount is not None and headline_amount != offer.price:
                check.add("price-mismatch", rel, f'the page shows "{norm_space(headline)}" '
                          f"({headline_amount}) but the JSON-LD {offer.label} offers "
                          f"{offer.price} {offer.currency}; shoppers and Google would see "
                          "different prices: rebuild (a hand-edited page, or a theme "
                          "template that computes the price itself?)")
            currency_rule(rel, headline or "", offer, lang, check)
    else:
        if headline_amount is not None and priced and headline_amount not in {
                o.price for o in priced}:
            check.add("price-mismatch", rel, f'the page shows "{norm_space(headline)}" but no '
                      "JSON-LD variant offers that price; the headline must be the "
                      "preselected variant's")
        for offer in priced:
            text = shown.get(offer.sku) if offer.sku else None
            if text is None:
                continue
            amount = parse_shown_price(text, lang)
            if amount != offer.price:
                check.add("price-mismatch", rel, f'the {offer.sku} offer shows '
                          f'"{norm_space(text)}" but its JSON-LD offers {offer.price} '
                          f"{offer.currency}; rebuild (a hand-edited page, or a theme "
                          "template that computes the price itself?)")
    og_amount = parse_amount(meta.get("product:price:amount"))
    og_currency = (meta.get("product:price:currency") or "").strip()
    if og_amount is not None and priced:
        expected = headline_amount if grouped and headline_amount is not None else (
            priced[0].price)
        if og_amount != expected or (og_currency and og_currency != priced[0].currency):
            check.add("price-mismatch", rel, f"product:price:amount says {og_amount} "
                      f"{og_currency} but the page's offer is {expected} "
                      f"{priced[0].currency}; social_meta.html must use the same offer")


def currency_rule(rel: str, text: str, offer: Offer, lang: str, check: Check) -> None:
    """The shown price is in the offer's currency (its code or its symbol in ``lang``)."""
    if not offer.currency or not text:
        return
    from babel.numbers import get_currency_symbol

    symbol = get_currency_symbol(offer.currency, locale=babel_locale(lang))
    if offer.currency not in text and symbol.strip("\u200f\u200e") not in text:
        check.add("price-mismatch", rel, f'the page shows "{norm_space(text)}", not a price in '
                  f"{offer.currency} (the JSON-LD currency); show the offer's price "
                  "in the market's currency")
