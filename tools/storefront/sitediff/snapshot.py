"""Read a built site as a crawler does into a typed snapshot: pages, offers, feeds, sitemaps.

Only published files are read (never the project's content or settings), so two snapshots of
any two builds compare alike: a site built from an old commit, another machine's output, or
yesterday's deployed copy.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from storefront_core.numbers import to_decimal

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: the market a page belongs to when it sits outside every market folder (root chooser, 404)
SITE = ""
#: JSON-LD product fields compared besides the prices (offer fields come from the Offer)
PRODUCT_FIELDS = ("name", "gtin", "brand", "availability", "condition", "url")


class NotABuiltSite(Exception):
    """A folder given to compare is missing or holds no built site."""


@dataclass(frozen=True)
class PageFacts:
    """What a crawler reads in one page's head."""

    path: str  # URL path: "/de-de/products/pen/"
    market: str
    lang: str = ""
    title: str = ""
    description: str = ""
    canonical: str = ""
    hreflang: tuple[tuple[str, str], ...] = ()
    robots: str = ""


@dataclass(frozen=True)
class Offer:
    """One sellable SKU of a market as its JSON-LD says: a Product's or a variant's offer."""

    market: str
    sku: str
    product: str  # the product's id: productGroupID, else its SKU
    page: str  # URL path of the product page
    price: Decimal | None = None
    currency: str = ""
    strikethrough: Decimal | None = None  # the regular price shown crossed out during a sale
    fields: Mapping[str, str] = field(default_factory=dict)  # PRODUCT_FIELDS found


@dataclass(frozen=True)
class ProductFacts:
    """A product published in a market (a Product or ProductGroup node of a product page)."""

    market: str
    id: str
    name: str
    page: str


@dataclass
class SiteSnapshot:
    """Everything ``diff_sites`` compares, read from one built site."""

    root: Path
    markets: dict[str, str] = field(default_factory=dict)  # code -> language tag ("de-DE")
    pages: dict[str, PageFacts] = field(default_factory=dict)  # URL path -> facts
    products: dict[tuple[str, str], ProductFacts] = field(default_factory=dict)
    offers: dict[tuple[str, str], Offer] = field(default_factory=dict)  # (market, sku)
    #: (market, feed file name, item id) -> field -> value
    feed_items: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    sitemap_urls: dict[str, set[str]] = field(default_factory=dict)  # market -> <loc>s


def amount(value: Any) -> Decimal | None:
    """A JSON-LD price as a Decimal, None when it is not a number.

    >>> amount("36.99"), amount(4480), amount("n/a"), amount(True)
    (Decimal('36.99'), Decimal('4480'), None, None)
    """
    return to_decimal(value)


def url_path(rel: str) -> str:
    """The URL path a file of the output is served at.

    >>> url_path("de-de/products/pen/index.html"), url_path("index.html"), url_path("404.html")
    ('/de-de/products/pen/', '/', '/404.html')
    """
    if rel == "index.html" or rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def market_of(path: str, markets: Mapping[str, str]) -> str:
    """The market whose folder holds the page at URL ``path``, else ``SITE``.

    >>> market_of("/de-de/products/pen/", {"de-de": "de-DE"}), market_of("/404.html", {})
    ('de-de', '')
    """
    first = path.strip("/").split("/", 1)[0]
    return first if first in markets else SITE


def _types(node: Mapping[str, Any]) -> set[str]:
    value = node.get("@type")
    return {str(t).rsplit("/", 1)[-1] for t in (value if isinstance(value, list) else [value]) if t}


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _short(value: Any) -> str:
    """A schema.org enumeration or a plain value as text: ".../InStock" -> "InStock"."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id") or ""
    text = str(value or "").strip()
    return text.rsplit("/", 1)[-1] if text.startswith(("http://schema.org/",
                                                       "https://schema.org/")) else text


def _top_products(data: Any) -> Iterator[dict[str, Any]]:
    """The Product and ProductGroup nodes at the top of a JSON-LD document or its @graph."""
    for node in _listed(data):
        if not isinstance(node, dict):
            continue
        if _types(node) & {"Product", "ProductGroup"}:
            yield node
        yield from _top_products(node.get("@graph"))


def _gtin(node: Mapping[str, Any]) -> str:
    for key in ("gtin", "gtin13", "gtin14", "gtin12", "gtin8"):
        if node.get(key):
            return str(node[key])
    return ""


def offers_of(node: Mapping[str, Any], market: str, page: str) -> list[Offer]:
    """Every SKU's offer of one Product / ProductGroup node: the variants of a group (which
    inherit the group's fields they leave out), else the product itself."""
    group_id = str(node.get("productGroupID") or node.get("sku") or node.get("name") or "")
    variants = [v for v in _listed(node.get("hasVariant")) if isinstance(v, dict)]
    out = []
    for item in variants or [dict(node)]:
        offer = next((o for o in _listed(item.get("offers")) if isinstance(o, dict)), {})
        sku = str(item.get("sku") or offer.get("sku") or "")
        if not sku:
            continue
        price = amount(offer.get("price", offer.get("lowPrice")))
        currency = str(offer.get("priceCurrency") or "")
        strike = None
        for spec in _listed(offer.get("priceSpecification")):
            if not isinstance(spec, dict):
                continue
            if "StrikethroughPrice" in str(spec.get("priceType")):
                strike = amount(spec.get("price"))
            elif price is None:  # the price given only as a specification
                price = amount(spec.get("price"))
                currency = currency or str(spec.get("priceCurrency") or "")
        brand = item.get("brand") or node.get("brand")
        fields = {
            "name": str(item.get("name") or node.get("name") or ""),
            "gtin": _gtin(item) or _gtin(node),
            "brand": _short(brand),
            "availability": _short(offer.get("availability")),
            "condition": _short(offer.get("itemCondition")),
            "url": str(offer.get("url") or item.get("url") or ""),
        }
        out.append(Offer(market, sku, group_id, page, price, currency, strike,
                         {k: v for k, v in fields.items() if v}))
    return out


def _read_page(path: Path, rel: str, snapshot: SiteSnapshot, parser: Any) -> None:
    page = url_path(rel)
    market = market_of(page, snapshot.markets)
    try:
        doc = etree.fromstring(path.read_bytes(), parser)
    except (etree.LxmlError, ValueError, OSError):
        doc = None
    if doc is None:
        snapshot.pages[page] = PageFacts(page, market)
        return
    titles, descriptions, canonicals, robots = [], [], [], []
    hreflang: list[tuple[str, str]] = []
    scripts: list[str] = []
    for el in doc.iter("title", "meta", "link", "script"):
        if el.tag == "title":
            parent = el.getparent()
            if parent is not None and parent.tag == "head":  # not an SVG <title>
                titles.append(" ".join("".join(el.itertext()).split()))
        elif el.tag == "meta":
            name = (el.get("name") or "").lower()
            if name == "description":
                descriptions.append(el.get("content") or "")
            elif name == "robots":
                robots.append(el.get("content") or "")
        elif el.tag == "link":
            tokens = set((el.get("rel") or "").lower().split())
            if "canonical" in tokens:
                canonicals.append(el.get("href") or "")
            elif "alternate" in tokens and el.get("hreflang") is not None:
                hreflang.append((el.get("hreflang") or "", el.get("href") or ""))
        elif (el.get("type") or "").strip().lower() == "application/ld+json":
            scripts.append(el.text or "")
    snapshot.pages[page] = PageFacts(
        page, market, (doc.get("lang") or "").strip(), titles[0] if titles else "",
        descriptions[0] if descriptions else "", canonicals[0] if canonicals else "",
        tuple(sorted(hreflang)), robots[0] if robots else "")
    for text in scripts:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for node in _top_products(data):
            offers = offers_of(node, market, page)
            pid = str(node.get("productGroupID") or node.get("sku") or node.get("name") or "")
            if not pid:
                continue
            snapshot.products.setdefault(
                (market, pid), ProductFacts(market, pid, str(node.get("name") or ""), page))
            for offer in offers:
                snapshot.offers.setdefault((market, offer.sku), offer)


def _xml_value(el: Any) -> str:
    children = [c for c in el if isinstance(c.tag, str)]
    if not children:
        return (el.text or "").strip()
    return "; ".join(f"{etree.QName(c).localname}={_xml_value(c)}" for c in children)


def read_feed(path: Path) -> dict[str, dict[str, str]]:
    """The items of a merchant (RSS/XML) or Meta (CSV) feed: id -> field -> value; repeated
    XML fields (additional images) are joined by spaces, empty CSV cells left out."""
    items: dict[str, dict[str, str]] = {}
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                values = {k: v for k, v in row.items() if k and v}
                if values.get("id"):
                    items[values["id"]] = values
        return items
    try:
        root = etree.parse(str(path)).getroot()
    except (etree.LxmlError, OSError):
        return items
    for el in root.iter("item", "{http://www.w3.org/2005/Atom}entry"):
        fields: dict[str, str] = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            key = etree.QName(child).localname
            value = _xml_value(child)
            fields[key] = f"{fields[key]} {value}" if key in fields else value
        if fields.get("id"):
            items[fields["id"]] = fields
    return items


def _sitemap_locs(path: Path) -> list[str]:
    try:
        root = etree.parse(str(path)).getroot()
    except (etree.LxmlError, OSError):
        return []
    if etree.QName(root).localname != "urlset":
        return []
    return [(loc.text or "").strip() for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]


def _pages(root: Path) -> list[str]:
    pages = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        pages += [prefix + name for name in files if name.endswith(".html")]
    return sorted(pages)


def _lang_of(path: Path, parser: Any) -> str | None:
    try:
        doc = etree.fromstring(path.read_bytes(), parser)
    except (etree.LxmlError, ValueError, OSError):
        return None
    return None if doc is None else (doc.get("lang") or "").strip()


def read_site(root: Path) -> SiteSnapshot:
    """Read the site built in ``root``; raises NotABuiltSite when there is none."""
    if not root.exists():
        raise NotABuiltSite(f"{root}: no such folder; build the site first "
                            "(storefront build --output DIR) or check the path")
    if not root.is_dir():
        raise NotABuiltSite(f"{root}: is a file, not a built site folder")
    if not (root / "index.html").is_file():
        raise NotABuiltSite(f"{root}: not a built site (it has no index.html); pass the folder "
                            "`storefront build` wrote (e.g. output), not the project")
    parser = etree.HTMLParser(remove_comments=True)
    snapshot = SiteSnapshot(root)
    # a market is a top folder with its own home page (or its own feeds): /de-de/, feeds/de-de/
    for entry in sorted(root.iterdir()):
        home = entry / "index.html"
        if entry.is_dir() and home.is_file() and (lang := _lang_of(home, parser)):
            snapshot.markets[entry.name] = lang
    feeds = root / "feeds"
    if feeds.is_dir():
        for entry in sorted(feeds.iterdir()):
            if entry.is_dir():
                snapshot.markets.setdefault(entry.name, "")
    for rel in _pages(root):
        _read_page(root / rel, rel, snapshot, parser)
    if feeds.is_dir():
        for path in sorted(feeds.glob("*/*")):
            if path.suffix in (".xml", ".csv") and path.is_file():
                market = path.parent.name
                for item_id, values in read_feed(path).items():
                    snapshot.feed_items[(market, path.name, item_id)] = values
    for path in sorted(root.glob("sitemap*.xml")):
        code = path.stem.removeprefix("sitemap").lstrip("-_")
        market = code if code in snapshot.markets else SITE
        snapshot.sitemap_urls.setdefault(market, set()).update(_sitemap_locs(path))
    return snapshot
