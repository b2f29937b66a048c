"""The checkout manifests against the pages and feeds: what a shopper pays is what was shown.

A build with the storefront_checkout plugin publishes ``<market>/checkout.json`` (read here as
a file: the audit never imports another plugin). Each SKU's ``price`` must equal its page's
JSON-LD offer price and its feed items' price (the sale price while a dated sale runs), in the
same currency, and its checkout target (a link's URL, a cart's ``data-item-id``) must be a
buy action (``[data-buy]``) on its page: the one of its offer template, or the offer shown.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .feed_items import FeedItem, Feeds
from .page import Page
from .site import Check

#: where storefront_checkout writes the manifests: each market's folder (the root for a market
#: without a URL prefix)
MANIFESTS = ("checkout.json", "*/checkout.json")
RULE = "checkout-mismatch"


def checkout_rules(pages: Mapping[str, Page], feeds: Feeds, check: Check) -> None:
    """Every SKU of every manifest against its page and feed items."""
    output = check.site.output
    # a page whose structured data cannot be read is reported once, by jsonld-syntax
    unreadable = {f.page for f in check.findings if f.rule == "jsonld-syntax"}
    pages = {path: page for path, page in pages.items() if path not in unreadable}
    for pattern in MANIFESTS:
        for path in sorted(output.glob(pattern)):
            rel = path.relative_to(output).as_posix()
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                items = list(data["items"])
                market = str(data.get("market", ""))
            except (OSError, ValueError, KeyError, TypeError):
                check.add(RULE, rel, "the checkout manifest cannot be read as JSON with "
                          "items; rebuild")
                continue
            for item in items:
                if isinstance(item, Mapping):
                    _check_item(rel, market, item, pages, feeds, check)


def _check_item(rel: str, market: str, item: Mapping[str, Any], pages: Mapping[str, Page],
                feeds: Feeds, check: Check) -> None:
    sku = str(item.get("sku", ""))
    currency = str(item.get("currency", ""))
    price = _amount(item.get("price"))
    where = f"{market}: {sku}"
    site = check.site
    target = site.local(str(item.get("url", "")))
    found = site.existing(target) if target else None
    if found is None:
        check.add(RULE, rel, f"{where}: its page {item.get('url')} is not published; rebuild")
        return
    page = pages.get(found)
    if page is None:  # published, but its JSON-LD is broken: reported on the page
        return
    said = f"{item.get('price')} {currency}"
    offer = next((o for o in page.offers if o.sku == sku), None)
    if offer is None and len(page.offers) == 1 and page.offers[0].sku is None:
        offer = page.offers[0]
    if offer is None:
        check.add(RULE, rel, f"{where}: the page {page.path} has no JSON-LD offer for it; "
                  "rebuild, so page and checkout are written from the same catalog")
    elif price is None or (offer.price, offer.currency) != (price, currency):
        check.add(RULE, rel, f"{where}: checkout.json prices it at {said} but the page's "
                  f"JSON-LD offers {offer.price} {offer.currency} ({page.path}); shoppers "
                  "would pay another price than shown: rebuild, and keep the checkout's "
                  "prices (e.g. the Stripe lock) in step with the catalog")
    for feed in feeds.by_page.get(page.path, []):
        active = _active(feed, check)
        if feed.id == sku and active is not None and active != (price, currency):
            check.add(RULE, rel, f"{where}: checkout.json prices it at {said} but "
                      f"{feed.file} at {active[0]} {active[1]}; rebuild")
    _check_target(rel, where, item.get("checkout"), sku, page, check)


def _check_target(rel: str, where: str, checkout: Any, sku: str, page: Page,
                  check: Check) -> None:
    """The manifest's target is a buy action of the SKU's offer on its page."""
    if not isinstance(checkout, Mapping) or checkout.get("type") not in ("link", "cart"):
        return
    wanted = checkout.get("url") if checkout["type"] == "link" else checkout.get("data-item-id")
    shown = page.buy.get(sku) if sku in page.buy else page.buy.get(None, [])
    if wanted not in (shown or []):
        what = "link" if checkout["type"] == "link" else "cart item"
        check.add(RULE, rel, f"{where}: its checkout {what} {wanted} is not the buy action "
                  f"on its page {page.path} ({', '.join(shown or []) or 'none there'}); "
                  "rebuild, so page and checkout are written together")


def _active(feed: FeedItem, check: Check) -> tuple[Decimal, str] | None:
    """The price a feed item asks now: its sale price while the sale runs."""
    if feed.sale is not None and (feed.sale_window is None or (
            feed.sale_window[0] <= check.now <= feed.sale_window[1])):
        return feed.sale
    return feed.price


def _amount(value: Any) -> Decimal | None:
    """A manifest amount ("29.99"); None when it is not one.

    >>> _amount("29.99"), _amount("abc"), _amount(None)
    (Decimal('29.99'), None, None)
    """
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None
