"""Two site snapshots in, the changes a shopper or a crawler would notice out (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .snapshot import PRODUCT_FIELDS, SITE, Offer, PageFacts, SiteSnapshot

#: page head fields compared, in the order they are reported
PAGE_FIELDS = ("title", "description", "canonical", "hreflang", "robots")


@dataclass(frozen=True)
class PriceChange:
    """One SKU's price in one market, before and after; ``kind`` is "price" (what a shopper
    pays) or "strikethrough" (the regular price crossed out during a sale)."""

    market: str
    sku: str
    name: str
    kind: str
    old: Decimal | None
    old_currency: str
    new: Decimal | None
    new_currency: str


@dataclass(frozen=True)
class Item:
    """Something added to or removed from a market: a product, a page, a feed item, a URL."""

    market: str
    key: str  # product id, URL path, feed item id or sitemap URL
    label: str = ""  # product name, page title, feed file name


@dataclass(frozen=True)
class FieldChange:
    """One field of one thing that changed: a page's title, an offer's availability, a feed
    item's price. ``where`` is the page path, the SKU or "feed-file id"."""

    market: str
    where: str
    field: str
    old: str
    new: str
    source: str = ""  # "page", "jsonld", or the feed file name


Change = PriceChange | Item | FieldChange


@dataclass
class SiteChanges:
    """Every difference between two built sites, each list sorted by market then key."""

    markets: dict[str, str] = field(default_factory=dict)  # code -> language tag
    prices: list[PriceChange] = field(default_factory=list)
    products_added: list[Item] = field(default_factory=list)
    products_removed: list[Item] = field(default_factory=list)
    pages_added: list[Item] = field(default_factory=list)
    pages_removed: list[Item] = field(default_factory=list)
    page_changes: list[FieldChange] = field(default_factory=list)
    data_changes: list[FieldChange] = field(default_factory=list)
    feed_added: list[Item] = field(default_factory=list)
    feed_removed: list[Item] = field(default_factory=list)
    feed_changes: list[FieldChange] = field(default_factory=list)
    sitemap_added: list[Item] = field(default_factory=list)
    sitemap_removed: list[Item] = field(default_factory=list)

    #: the lists in report order, with their JSON names
    SECTIONS = ("prices", "products_added", "products_removed", "pages_added",
                "pages_removed", "page_changes", "data_changes", "feed_added", "feed_removed",
                "feed_changes", "sitemap_added", "sitemap_removed")

    def sections(self) -> list[tuple[str, list[Change]]]:
        return [(name, getattr(self, name)) for name in self.SECTIONS]

    def count(self) -> int:
        return sum(len(items) for _, items in self.sections())

    def changed_markets(self) -> list[str]:
        """Markets with at least one change, in code order (the site-wide group first)."""
        found = {item.market for _, items in self.sections() for item in items}
        return sorted(found)

    def for_market(self, market: str) -> SiteChanges:
        """The changes of one market only."""
        part = SiteChanges(markets={market: self.markets.get(market, "")})
        for name, items in self.sections():
            setattr(part, name, [i for i in items if i.market == market])
        return part


def _price_changes(old: Offer, new: Offer) -> list[PriceChange]:
    name = new.fields.get("name") or old.fields.get("name") or ""
    out = []
    if (old.price, old.currency) != (new.price, new.currency):
        out.append(PriceChange(new.market, new.sku, name, "price", old.price, old.currency,
                               new.price, new.currency))
    if (old.strikethrough, old.currency) != (new.strikethrough, new.currency) and (
            old.strikethrough is not None or new.strikethrough is not None):
        out.append(PriceChange(new.market, new.sku, name, "strikethrough", old.strikethrough,
                               old.currency, new.strikethrough, new.currency))
    return out


def _field_changes(market: str, where: str, old: Mapping[str, str], new: Mapping[str, str],
                   keys: Iterable[str], source: str) -> list[FieldChange]:
    return [FieldChange(market, where, key, old.get(key, ""), new.get(key, ""), source)
            for key in keys if old.get(key, "") != new.get(key, "")]


def _page_values(page: PageFacts) -> dict[str, str]:
    return {"title": page.title, "description": page.description, "canonical": page.canonical,
            "hreflang": " ".join(f"{lang}={href}" for lang, href in page.hreflang),
            "robots": page.robots}


def _hreflang_change(market: str, old: PageFacts, new: PageFacts) -> FieldChange | None:
    """Only the alternates that came or went, not the whole list twice."""
    gone = sorted(set(old.hreflang) - set(new.hreflang))
    came = sorted(set(new.hreflang) - set(old.hreflang))
    if not gone and not came:
        return None
    return FieldChange(market, new.path, "hreflang", " ".join(f"{lang}={href}" for lang, href
                                                               in gone),
                       " ".join(f"{lang}={href}" for lang, href in came), "page")


def diff_sites(old: SiteSnapshot, new: SiteSnapshot) -> SiteChanges:
    """What changed from the ``old`` site to the ``new`` one, per market."""
    changes = SiteChanges(markets={**old.markets, **{k: v for k, v in new.markets.items() if v}})
    for pkey in sorted(old.products.keys() | new.products.keys()):
        market, pid = pkey
        if pkey not in old.products:
            changes.products_added.append(Item(market, pid, new.products[pkey].name))
        elif pkey not in new.products:
            changes.products_removed.append(Item(market, pid, old.products[pkey].name))
    gone_products = {k for k in old.products if k not in new.products}
    came_products = {k for k in new.products if k not in old.products}
    for okey in sorted(old.offers.keys() | new.offers.keys()):
        market, sku = okey
        before, after = old.offers.get(okey), new.offers.get(okey)
        if before is None or after is None:  # a SKU of a product added or removed as a whole
            one = after or before
            assert one is not None
            if (market, one.product) in gone_products | came_products:
                continue
            changes.data_changes.append(FieldChange(
                market, sku, "offer", "" if before is None else "published",
                "" if after is None else "published", "jsonld"))
            continue
        changes.prices += _price_changes(before, after)
        changes.data_changes += _field_changes(market, sku, before.fields, after.fields,
                                               PRODUCT_FIELDS, "jsonld")
    for path in sorted(old.pages.keys() | new.pages.keys()):
        was, now = old.pages.get(path), new.pages.get(path)
        if was is None and now is not None:
            changes.pages_added.append(Item(now.market, path, now.title))
        elif now is None and was is not None:
            changes.pages_removed.append(Item(was.market, path, was.title))
        elif was is not None and now is not None:
            before_v, after_v = _page_values(was), _page_values(now)
            for name in PAGE_FIELDS:
                if before_v[name] == after_v[name]:
                    continue
                change = (_hreflang_change(now.market, was, now) if name == "hreflang" else
                          FieldChange(now.market, path, name, before_v[name], after_v[name],
                                      "page"))
                if change is not None:
                    changes.page_changes.append(change)
    for fkey in sorted(old.feed_items.keys() | new.feed_items.keys()):
        market, feed, item_id = fkey
        before_f, after_f = old.feed_items.get(fkey), new.feed_items.get(fkey)
        if before_f is None:
            changes.feed_added.append(Item(market, item_id, feed))
        elif after_f is None:
            changes.feed_removed.append(Item(market, item_id, feed))
        else:
            keys = sorted(before_f.keys() | after_f.keys())
            changes.feed_changes += _field_changes(market, item_id, before_f, after_f, keys,
                                                   feed)
    for market in sorted(old.sitemap_urls.keys() | new.sitemap_urls.keys()):
        was_urls = old.sitemap_urls.get(market, set())
        now_urls = new.sitemap_urls.get(market, set())
        changes.sitemap_added += [Item(market, u) for u in sorted(now_urls - was_urls)]
        changes.sitemap_removed += [Item(market, u) for u in sorted(was_urls - now_urls)]
    changes.markets.setdefault(SITE, "")
    return changes
