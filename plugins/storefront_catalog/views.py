"""Plain data the templates need beyond the model: labels, breadcrumbs, variant picker data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from .model import ANGLES, VARIANT_OPTIONS, Catalog, Category, Product
from .money import format_money, offer_view
from .urls import Market, UrlMap


def N_(text: str) -> str:  # noqa: N802 - the gettext marker name Babel extracts by default
    """Mark a string for translation; it is translated where it is shown."""
    return text


def availability_labels() -> dict[str, str]:
    """Untranslated labels of availability codes (translated in the template)."""
    return {
        "in_stock": N_("In stock"),
        "out_of_stock": N_("Out of stock"),
        "preorder": N_("Pre-order"),
        "backorder": N_("Backorder"),
    }


def angle_labels() -> dict[str, str]:
    """Untranslated labels of photo angles."""
    labels = {
        "front": N_("Front"),
        "back": N_("Back"),
        "side": N_("Side"),
        "left": N_("Left side"),
        "right": N_("Right side"),
        "top": N_("Top"),
        "bottom": N_("Bottom"),
        "detail": N_("Detail"),
        "in_use": N_("In use"),
        "packaging": N_("Packaging"),
        "lifestyle": N_("Lifestyle"),
        "other": N_("Other view"),
    }
    assert set(labels) == set(ANGLES)
    return labels


def option_labels() -> dict[str, str]:
    """Untranslated names of variant options."""
    return {
        "color": N_("Colour"),
        "size": N_("Size"),
        "capacity": N_("Capacity"),
        "material": N_("Material"),
        "pattern": N_("Pattern"),
        "style": N_("Style"),
        "length": N_("Length"),
    }


def breadcrumbs_for(
    product: Product | None,
    category: Category,
    categories: dict[str, Category],
    urls: UrlMap,
    market: Market,
) -> list[tuple[str, str]]:
    """Home > category chain > product, as (name, URL) pairs; the last is the current page."""
    crumbs = [(N_("Home"), urls.url("home", market))]
    for depth in range(1, len(category.slugs) + 1):
        node = categories["/".join(category.slugs[:depth])]
        crumbs.append((node.title, urls.url(node, market)))
    if product is not None:
        crumbs.append((product.title, urls.url(product, market)))
    return crumbs


def related_products(
    product: Product, category: Category, catalog: Catalog, settings: dict[str, Any]
) -> list[Product]:
    """Other products of the same category, then of the same top-level category: the first
    ``STORE_RELATED_COUNT`` of them in display order, found without walking the rest of a big
    category (every product of a store asks, so a full walk grows with the square).

    >>> from pathlib import Path
    >>> from .model import Category
    >>> def product(slug):
    ...     return Product(slug, Path("."), Path(slug), slug, slug, "B", ("C",), "", "", {}, (), "")
    >>> a, b, c, d = (product(s) for s in "abcd")
    >>> sub = Category(("C", "S"), ("c", "s"), [b, c])
    >>> top = Category(("C",), ("c",), [a], [sub])
    >>> catalog = Catalog([a, b, c, d], [], [top])
    >>> [p.slug for p in related_products(b, sub, catalog, {"STORE_RELATED_COUNT": 2})]
    ['c', 'a']
    >>> [p.slug for p in related_products(a, top, catalog, {"STORE_RELATED_COUNT": 1})]
    ['b']
    """
    count = settings["STORE_RELATED_COUNT"]
    out: list[Product] = []
    taken = {product.slug}

    def candidates() -> Iterator[Product]:
        yield from category.products
        top = catalog.category(category.slugs[0])
        if top is not None:  # only when the category itself has too few
            yield from top.all_products()

    for p in candidates():
        if len(out) >= count:
            break
        if p.slug not in taken:
            taken.add(p.slug)
            out.append(p)
    return out


def option_groups(product: Product) -> list[dict[str, Any]]:
    """Variant options for the picker: one group per option, values in first-seen order."""
    labels = option_labels()
    groups: list[dict[str, Any]] = []
    for name in VARIANT_OPTIONS:
        values: list[dict[str, Any]] = []
        for v in product.variants:
            value = v.options.get(name)
            if value is not None and all(x["value"] != value for x in values):
                values.append({"value": value, "swatch": v.swatch if name == "color" else None})
        if values:
            groups.append({"name": name, "label": labels[name], "values": values})
    return groups


def variant_data(product: Product, market: Market, avail: dict[str, str],
                 gettext: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """JSON-ready facts the variant picker switches between."""
    files = [img.file for img in product.images]
    out = []
    for v in product.variants:
        offer = offer_view(product, market.currency, v)
        if offer is None:
            continue
        out.append(
            {
                "sku": v.sku,
                "options": v.options,
                "price": format_money(offer.moq_total, offer.currency, market.locale),
                "unit_price": format_money(offer.unit_price, offer.currency, market.locale),
                "list_price": format_money(offer.list_price, offer.currency, market.locale)
                if offer.list_price
                else None,
                "amount": str(offer.moq_total),
                "availability": offer.availability,
                "availability_label": gettext(avail[offer.availability]),
                "image_index": files.index(v.image) if v.image in files else 0,
                "gtin": v.gtin,
            }
        )
    return out


def inquiry_href(product: Product, site: Any, page_url: str,
                 gettext: Callable[[str], str] = str) -> str | None:
    """Request-for-quote target: the configured form, or a prefilled mailto: link."""
    if site.inquiry_url:
        return f"{site.inquiry_url}?product={quote(product.sku)}"
    if not site.contact_email:
        return None
    facts = {"title": product.title, "sku": product.sku, "qty": product.moq, "url": page_url}
    subject = gettext("Quote request: %(title)s (%(sku)s)") % facts
    # the same text as data-rfq-body in partials/inquiry.html (one translation for both)
    body = gettext(
        "Hello,\n\nPlease send me a quote for:\n\nProduct: %(title)s\nSKU: %(sku)s\n"
        "Quantity: %(qty)s\nPage: %(url)s\n\nCompany:\nShip to (country):\n"
    ) % facts
    return f"mailto:{site.contact_email}?subject={quote(subject)}&body={quote(body)}"
