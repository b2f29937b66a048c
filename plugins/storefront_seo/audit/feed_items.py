"""Reading the shopping feeds a build wrote: their items by the page they link to.

The price-agreement rule (``site_rules.feed_price_rules``) compares a product page's JSON-LD
offers with the items of ``feeds/<market>/merchant.xml`` and ``meta.csv`` (``g:id`` = the SKU,
``link`` = the page); the sale price counts while a dated sale runs.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from .memo import Memo, stamp
from .site import Check
from .values import gtin_problem, parse_feed_price, parse_sale_window

#: where storefront_seo writes the feeds (plugin.FEEDS_DIR), one folder per market
FEED_FILES = ("feeds/*/merchant.xml", "feeds/*/meta.csv")
GOOGLE_NS = "http://base.google.com/ns/1.0"


@dataclass
class FeedItem:
    """One item of a shopping feed, with the price a shopper pays now."""

    file: str
    id: str
    link: str
    price: tuple[Decimal, str] | None
    sale: tuple[Decimal, str] | None
    sale_window: tuple[datetime, datetime] | None


@dataclass
class Feeds:
    """The feed items by the page they link to, and whether the site has feeds at all."""

    by_page: dict[str, list[FeedItem]] = field(default_factory=lambda: defaultdict(list))
    found: bool = False


def read_feeds(check: Check, memo: Memo) -> Feeds:
    """Index the feed items by the page they link to; what is wrong in them goes to ``check``.

    Runs while forked workers read the pages, so ``check`` is kept apart from theirs.
    """
    feeds = Feeds()
    site = check.site
    for pattern in FEED_FILES:
        for path in sorted(site.output.glob(pattern)):
            feeds.found = True
            rel = path.relative_to(site.output).as_posix()
            items = _feed_items(path, rel, check, memo)
            for item in items:
                target = site.local(item.link)
                found = site.existing(target) if target else None
                if found is not None:
                    feeds.by_page[found].append(item)
                if item.sale_window and item.sale_window[1] < check.now:
                    check.add("price-valid-until", rel, f"{item.id}: the sale ended "
                              f"{item.sale_window[1].isoformat()} (sale_price_effective_date);"
                              " rebuild, or remove the ended sale")
    return feeds


def _feed_items(path: Path, rel: str, check: Check, memo: Memo) -> list[FeedItem]:
    """The items of one feed, read again only when the file changed."""
    file_stamp = stamp(str(path))
    kept = memo.get("feed", rel, file_stamp)
    if kept is not None:
        items, found = kept
        check.findings += found
        return list(items)
    here = Check(check.site, check.now)
    items = (_merchant_items(path, rel, here) if path.suffix == ".xml"
             else _meta_items(path, rel, here))
    memo.put("feed", rel, file_stamp, (items, here.findings), here.missing)
    check.findings += here.findings
    return items


def _feed_links(rel: str, item_id: str, links: Iterable[str], check: Check) -> None:
    for link in links:
        if link:
            check.link(rel, link, None, f"{item_id}: link")


def _merchant_items(path: Path, rel: str, check: Check) -> list[FeedItem]:
    try:
        raw = _read_merchant(path)
    except etree.XMLSyntaxError as exc:
        check.add("price-mismatch", rel, f"the feed is not valid XML (line {exc.lineno}); "
                  "rebuild it")
        return []
    items = []
    for item_id, link, images, gtin, price, sale, window in raw:
        _feed_links(rel, item_id, [link, *images], check)
        if gtin and (problem := gtin_problem(gtin)):
            check.add("gtin-checksum", rel, f"{item_id}: {problem}; correct gtin: in "
                      "the product's front matter")
        items.append(FeedItem(rel, item_id, link, parse_feed_price(price),
                              parse_feed_price(sale), parse_sale_window(window)))
    return items


_RawItem = tuple[str, str, list[str], str, str | None, str | None, str | None]


def _read_merchant(path: Path) -> list[_RawItem]:
    """What the audit reads of each item of a Merchant Center feed, item by item: a feed of
    20,000 products is never held as one tree (several times the file's 80 MB)."""
    g = f"{{{GOOGLE_NS}}}"
    out = []
    for _, el in etree.iterparse(str(path), tag="item"):
        out.append((
            (el.findtext(f"{g}id") or "").strip(),
            (el.findtext("link") or "").strip(),
            [el.findtext(f"{g}image_link") or "",
             *[e.text or "" for e in el.findall(f"{g}additional_image_link")]],
            (el.findtext(f"{g}gtin") or "").strip(),
            el.findtext(f"{g}price"), el.findtext(f"{g}sale_price"),
            el.findtext(f"{g}sale_price_effective_date"),
        ))
        el.clear()  # the items read so far go: the tree stays one item deep
        while el.getprevious() is not None:
            del el.getparent()[0]
    return out


def _meta_items(path: Path, rel: str, check: Check) -> list[FeedItem]:
    items = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            item_id = (row.get("id") or "").strip()
            link = (row.get("link") or "").strip()
            extra = (row.get("additional_image_link") or "").split(",")
            _feed_links(rel, item_id, [link, row.get("image_link") or "", *extra], check)
            gtin = (row.get("gtin") or "").strip()
            if gtin and (problem := gtin_problem(gtin)):
                check.add("gtin-checksum", rel, f"{item_id}: {problem}; correct gtin: in "
                          "the product's front matter")
            items.append(FeedItem(
                rel, item_id, link, parse_feed_price(row.get("price")),
                parse_feed_price(row.get("sale_price")),
                parse_sale_window(row.get("sale_price_effective_date"))))
    return items
