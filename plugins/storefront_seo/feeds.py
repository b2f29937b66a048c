"""Shopping feeds: Google Merchant Center RSS 2.0 and the Meta (Facebook/Instagram) catalog CSV.

``feed_items`` turns one product, already localized for a market, into one ``FeedItem`` per
variant (one per product without variants); ``write_merchant_rss`` and ``write_meta_csv`` write a
market's items as the file each platform fetches, item by item (``merchant_rss`` and
``meta_csv``: the same bytes in memory). Everything is pure: plain data in, bytes out.

Decisions, with the specifications they follow (Merchant Center product data specification,
Meta catalog feed reference):

Price
    Merchant Center disapproves an offer whose ``price`` differs from the landing page. The
    headline price on our product page and the JSON-LD ``Offer.price`` are both
    ``OfferView.moq_total`` (one order of the minimum quantity), so ``g:price`` is ``moq_total``
    too, from ``money.offer_view``, quantized to the currency's minor units ("4480 JPY").
    The regular "was" ``list_price`` is not a sale and is not sent: the feed has no field for a
    compare-at price, and ``sale_price`` is only for a dated sale passed in as ``Sale``.
Minimum order quantity
    When the minimum quantity is above 1 the priced thing is a pack of ``moq`` units, so the item
    also carries ``g:multipack`` (a retailer-defined pack of identical units) and Google does not
    compare a 50-unit price with single units.
Bulk tiers
    ``g:bulk_price`` (``min_quantity`` >= 2 of the item ``g:price`` prices, ``price`` per item,
    up to 6 times, the currency of ``g:price``) carries ``OfferView.tiers``. The item is one
    order of the minimum quantity, so a tier from ``min_qty`` units becomes
    ``ceil(min_qty / moq)`` items at ``unit_price * moq`` each; a tier that does not reach two
    items (the base price) is left out.
Identifiers
    ``g:id`` is the variant SKU (the product SKU without variants): the same in every language
    and market, at most 50 characters. A variant without its own GTIN/MPN shows the product's on
    the page, so the feed sends the same; ``identifier_exists`` is ``no`` when neither exists.
Text
    Titles and descriptions are plain text: tags dropped, entities decoded, whitespace collapsed,
    characters XML cannot carry removed; titles at most 150 characters (the variant's option
    values kept), descriptions at most 5,000.
Meta CSV
    UTF-8 without a byte order mark (Meta's fetcher reads UTF-8; a BOM glues itself to the
    first header and breaks the required ``id`` column), every field quoted (Meta's rule for
    fields with commas or spaces; it also keeps a row from starting with ``#``, which Meta reads
    as a comment line), lines ended with CRLF (RFC 4180). Meta does not evaluate formulas but
    people open these files in spreadsheets, so a text cell starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return gets a leading apostrophe (OWASP's CSV-injection advice).
    ``id`` and ``item_group_id`` are exempt: SKUs only hold ``A-Z a-z 0-9 . _ -`` so they cannot
    form a formula call, and changing them would break the match with the Meta pixel.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from decimal import Decimal
from typing import Any, BinaryIO
from urllib.parse import quote

import lxml.html
from lxml import etree

from storefront_catalog.model import Image, Product, Variant
from storefront_catalog.money import OfferView, offer_view, quantize
from storefront_catalog.urls import Market

from .seo_settings import setting_amount

GOOGLE_NS = "http://base.google.com/ns/1.0"
MAX_ID = 50
MAX_TITLE = 150
MAX_DESCRIPTION = 5000
MAX_ADDITIONAL_IMAGES = 10
MAX_BULK_PRICES = 6
MAX_OPTION = 100  # g:color, g:size, g:material, g:pattern
#: variant options Merchant Center and Meta have a field for (the rest only go into the title)
FEED_OPTIONS = ("color", "size", "material", "pattern")
#: our availability codes (model.AVAILABILITY) as Meta writes them
META_AVAILABILITY = {
    "in_stock": "in stock",
    "out_of_stock": "out of stock",
    "preorder": "preorder",
    "backorder": "available for order",
}
META_COLUMNS = (
    "id", "title", "description", "availability", "condition", "price", "link", "image_link",
    "brand", "item_group_id", "additional_image_link", "gtin", "mpn", *FEED_OPTIONS,
    "sale_price", "sale_price_effective_date",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_META_VERBATIM = frozenset({"id", "item_group_id"})
# XML 1.0 cannot carry these; lxml refuses them, so they are removed from every text
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
_INVISIBLE = ("script", "style", "template", "noscript")


@dataclass(frozen=True)
class Sale:
    """A dated sale of one item: what it costs meanwhile (from money.offer_view) and when."""

    offer: OfferView  # the item's offer during the sale; its moq_total is the sale price
    start: datetime  # with a time zone
    end: datetime  # with a time zone, after start


@dataclass(frozen=True)
class Shipping:
    """One ``g:shipping`` entry: the cost of delivering the item to a country."""

    country: str  # ISO 3166-1, "US"
    price: str  # "4.95 USD"
    service: str | None = None
    min_handling_time: int | None = None  # business days
    max_handling_time: int | None = None
    min_transit_time: int | None = None
    max_transit_time: int | None = None


@dataclass(frozen=True)
class BulkPrice:
    """One ``g:bulk_price`` tier: from ``min_quantity`` items, each costs ``price``."""

    min_quantity: int
    price: str  # "230.00 USD"


@dataclass(frozen=True)
class FeedItem:
    """One purchasable item (a variant, or a product without variants) in one market's feeds."""

    id: str  # SKU: the same in every market and language
    title: str
    description: str  # plain text
    link: str  # the variant's URL (?variant=SKU), absolute
    image_link: str
    additional_image_links: tuple[str, ...]  # at most MAX_ADDITIONAL_IMAGES
    availability: str  # in_stock, out_of_stock, preorder, backorder (Google's values)
    price: str  # "29.99 USD": OfferView.moq_total, the page's headline price
    condition: str  # new, refurbished, used
    brand: str
    item_group_id: str | None = None  # the product SKU when the product has variants
    gtin: str | None = None
    mpn: str | None = None
    options: tuple[tuple[str, str], ...] = ()  # (FEED_OPTIONS name, shown value)
    availability_date: str | None = None  # "2027-02-16T00:00+0000", preorder/backorder only
    sale_price: str | None = None
    sale_price_effective_date: str | None = None  # "start/end", ISO 8601 with time zones
    multipack: int | None = None  # units in one order when the minimum quantity is above 1
    bulk_prices: tuple[BulkPrice, ...] = ()
    shipping: tuple[Shipping, ...] = ()

    @property
    def identifier_exists(self) -> bool:
        """False when the item has neither a GTIN nor an MPN (``identifier_exists: no``)."""
        return bool(self.gtin or self.mpn)


def format_price(amount: Decimal, currency: str) -> str:
    """A price as both feeds write it: the amount in the currency's minor units, then the code.

    >>> format_price(Decimal("29.9"), "USD")
    '29.90 USD'
    >>> format_price(Decimal("4480"), "JPY")
    '4480 JPY'
    """
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"{amount} {currency} is not a price above zero")
    return f"{quantize(amount, currency):f} {currency}"


def format_datetime(moment: datetime) -> str:
    """A moment as Merchant Center dates are written: minutes and a ``±hhmm`` time zone.

    >>> from datetime import timedelta, timezone
    >>> format_datetime(datetime(2025, 11, 28, 9, 30, tzinfo=timezone(timedelta(hours=-8))))
    '2025-11-28T09:30-0800'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; feeds need one, e.g. "
                         "datetime(..., tzinfo=ZoneInfo('Europe/Berlin'))")
    return moment.strftime("%Y-%m-%dT%H:%M%z")


def clean_text(text: str) -> str:
    """One line of text: whitespace collapsed, characters XML cannot carry removed.

    >>> clean_text(" Pen\\n  & \\x00Co ")
    'Pen & Co'
    """
    # str.split() splits at what the regex \s matches (Unicode white space), at a third of
    # the cost: 40,000 texts in a 500-product, 5-market build
    return " ".join((_NOT_XML.sub("", text) if _NOT_XML.search(text) else text).split())


def plain_text(html: str) -> str:
    """The readable text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.

    >>> plain_text("<h2>Fish &amp; chips</h2><ul><li>hot</li><li>salty</li></ul>")
    'Fish & chips hot salty'
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(_NOT_XML.sub("", html), create_parent="div")
    for node in list(root.iter(*_INVISIBLE, etree.Comment, etree.ProcessingInstruction)):
        node.drop_tree()  # keeps the text after it
    for node in root.iter():
        if node.tag in _BLOCK:  # "<li>hot</li><li>salty</li>" reads "hot salty", not "hotsalty"
            node.text = " " + (node.text or "")
            node.tail = " " + (node.tail or "")
    return clean_text(root.text_content())


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis.

    >>> shorten("Rechargeable active stylus pen", 20)
    'Rechargeable active…'
    >>> shorten("Rechargeable active stylus pen", 22)
    'Rechargeable active…'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if not text[len(cut)].isspace() and space > limit // 2:  # do not end inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def feed_items(
    product: Product,
    market: Market,
    *,
    url: str,
    image_urls: Mapping[str, str],
    shipping: Mapping[str, Mapping[str, Any]] | None = None,
    strip_html: Callable[[str], str] = plain_text,
    sale: Mapping[str, Sale] | None = None,
    tz: tzinfo = UTC,
) -> list[FeedItem]:
    """The feed items of ``product`` (localized for ``market``): one per variant with a price.

    ``url`` is the product page's absolute URL in the market; ``image_urls`` maps each image
    file name to the absolute URL of the photo to send; ``shipping`` is the store's shipping
    per country, ``{"US": {"rate": {"USD": "4.95"}, "service": "Standard",
    "handling_days": [0, 1], "transit_days": [2, 5]}}`` (only ``rate`` is required; countries
    without a rate in the market's currency are left out); ``strip_html`` turns the body HTML
    into plain text; ``sale`` maps item ids (SKUs) to a running sale; ``tz`` is the store's
    time zone, used for the preorder ``availability_date``. A product without a price in the
    market's currency has no items.
    """
    if product.draft:
        return []
    currency = market.currency
    shipping_entries = _shipping(shipping or {}, currency)
    body = clean_text(strip_html(product.body_html)) if product.body_html else ""
    description = shorten(body or clean_text(product.summary) or clean_text(product.title),
                          MAX_DESCRIPTION)
    variants: tuple[Variant | None, ...] = product.variants or (None,)
    items = []
    for variant in variants:
        offer = offer_view(product, currency, variant)
        if offer is None:
            continue
        item_id = variant.sku if variant else product.sku
        if len(item_id) > MAX_ID:
            raise ValueError(f"{product.source_file}: SKU {item_id!r} is longer than {MAX_ID} "
                             "characters, the most Merchant Center takes as an id")
        image = product.image(variant.image if variant else None)
        sold = sale.get(item_id) if sale else None
        sale_price, window = _sale(sold, offer, item_id) if sold else (None, None)
        release = product.release_date
        items.append(FeedItem(
            id=item_id,
            title=_title(product, variant),
            description=description,
            link=_variant_link(url, variant.sku) if variant else url,
            image_link=_image_url(image_urls, image, product),
            additional_image_links=tuple(
                _image_url(image_urls, img, product)
                for img in _other_images(product, variant, image)
            )[:MAX_ADDITIONAL_IMAGES],
            availability=offer.availability,
            price=format_price(offer.moq_total, currency),
            condition=product.condition,
            brand=clean_text(product.brand),
            item_group_id=product.sku if variant else None,
            gtin=(variant.gtin if variant else None) or product.gtin,
            mpn=clean_text((variant.mpn if variant else None) or product.mpn or "") or None,
            options=tuple(
                (name, shorten(clean_text(value), MAX_OPTION))
                for name, value in (variant.options.items() if variant else ())
                if name in FEED_OPTIONS and clean_text(value)
            ),
            availability_date=format_datetime(datetime.combine(release, time(0, 0), tz))
            if release and offer.availability in ("preorder", "backorder") else None,
            sale_price=sale_price,
            sale_price_effective_date=window,
            multipack=offer.moq if offer.moq > 1 else None,
            bulk_prices=_bulk_prices(offer),
            shipping=_shipping(shipping or {}, currency, offer.moq_total)
            if shipping_entries else (),
        ))
    return items


def _title(product: Product, variant: Variant | None) -> str:
    """The item's title, e.g. "Voltaro Active Stylus Pen – Graphite Black" (options kept whole)."""
    title = clean_text(product.title)
    values = [clean_text(v) for v in (variant.options.values() if variant else ())]
    suffix = ", ".join(v for v in values if v)
    if not suffix:
        return shorten(title, MAX_TITLE)
    suffix = " – " + shorten(suffix, MAX_TITLE // 2)
    return shorten(title, MAX_TITLE - len(suffix)) + suffix


def _variant_link(url: str, sku: str) -> str:
    """The URL that opens the page with ``sku`` preselected (as the variant picker writes it).

    >>> _variant_link("https://shop.example/en-us/products/pen/", "PEN-1.B")
    'https://shop.example/en-us/products/pen/?variant=PEN-1.B'
    """
    return f"{url}{'&' if '?' in url else '?'}variant={quote(sku, safe='')}"


def _image_url(image_urls: Mapping[str, str], image: Image, product: Product) -> str:
    try:
        return image_urls[image.file]
    except KeyError:
        raise ValueError(f"{product.source_file}: no URL for the image {image.file!r}; pass "
                         "image_urls with every image of the product") from None


def _other_images(product: Product, variant: Variant | None, main: Image) -> list[Image]:
    """The product's other photos for an item, without the photos of its other variants.

    The Arctic White photo is not an additional image of the Graphite Black pen.
    """
    own = variant.image if variant else None
    others = {v.image for v in product.variants if v is not variant and v.image} - {own}
    return [img for img in product.images if img.file != main.file and img.file not in others]


def _sale(sale: Sale, offer: OfferView, item_id: str) -> tuple[str, str]:
    """(sale_price, sale_price_effective_date) of a sale, checked against the regular offer."""
    if sale.offer.currency != offer.currency:
        raise ValueError(f"sale of {item_id}: the sale is in {sale.offer.currency} but the feed "
                         f"is in {offer.currency}; pass the sale offer of this market")
    if sale.offer.moq_total >= offer.moq_total:
        raise ValueError(f"sale of {item_id}: the sale price {sale.offer.moq_total} is not "
                         f"below the price {offer.moq_total}; a sale must lower it")
    start, end = format_datetime(sale.start), format_datetime(sale.end)
    if sale.end <= sale.start:
        raise ValueError(f"sale of {item_id}: it ends ({end}) before it starts ({start})")
    return format_price(sale.offer.moq_total, offer.currency), f"{start}/{end}"


def _bulk_prices(offer: OfferView) -> tuple[BulkPrice, ...]:
    """``OfferView.tiers`` as ``g:bulk_price``, counted in items of ``moq`` units each.

    >>> from storefront_catalog.money import TierView
    >>> offer = OfferView("USD", Decimal("5.90"), None, 50, Decimal("295.00"),
    ...     (TierView(50, Decimal("5.90"), 0), TierView(200, Decimal("4.60"), 22)), "in_stock")
    >>> _bulk_prices(offer)
    (BulkPrice(min_quantity=4, price='230.00 USD'),)
    """
    tiers: dict[int, str] = {}
    for tier in offer.tiers:
        items = math.ceil(tier.min_qty / offer.moq)
        if items >= 2 and tier.unit_price < offer.unit_price:
            tiers[items] = format_price(tier.unit_price * offer.moq, offer.currency)
    return tuple(BulkPrice(n, price) for n, price in sorted(tiers.items()))[:MAX_BULK_PRICES]


def _shipping(settings: Mapping[str, Mapping[str, Any]], currency: str,
              order_total: Decimal | None = None) -> tuple[Shipping, ...]:
    """The ``g:shipping`` entries of the countries with a rate in ``currency``; free where the
    order reaches the country's ``free_over`` threshold (as the JSON-LD says)."""
    out = []
    for country, entry in settings.items():
        where = f"shipping[{country!r}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("rate"), Mapping):
            raise ValueError(f'{where}: needs a rate per currency, e.g. {{"rate": {{"USD": '
                             '"4.95"}}')
        if currency not in entry["rate"]:
            continue
        raw = entry["rate"][currency]
        amount = setting_amount(raw)
        if amount is None or amount < 0:
            raise ValueError(f'{where}.rate.{currency}: {raw!r} is not an amount; write it with '
                             'a dot, e.g. "4.95" ("0" for free shipping)')
        free_over = setting_amount((entry.get("free_over") or {}).get(currency))
        if free_over is not None and order_total is not None and order_total >= free_over:
            amount = Decimal(0)
        handling = _days(entry.get("handling_days"), f"{where}.handling_days")
        transit = _days(entry.get("transit_days"), f"{where}.transit_days")
        service = entry.get("service")
        out.append(Shipping(
            country=str(country).upper(),
            price=f"{quantize(amount, currency):f} {currency}",
            service=clean_text(service) if isinstance(service, str) and service.strip() else None,
            min_handling_time=handling[0], max_handling_time=handling[1],
            min_transit_time=transit[0], max_transit_time=transit[1],
        ))
    return tuple(out)


def _days(value: Any, where: str) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    ok = (isinstance(value, list | tuple) and len(value) == 2
          and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value)
          and value[0] <= value[1])
    if not ok:
        raise ValueError(f"{where}: {value!r} must be [fewest, most] business days, e.g. [1, 3]")
    return value[0], value[1]


# --- Google Merchant Center RSS 2.0 --------------------------------------------------------


def merchant_rss(items: Iterable[FeedItem], *, title: str, link: str, description: str,
                 language: str) -> bytes:
    """A Merchant Center feed: RSS 2.0 with the ``g:`` namespace, the same bytes every build
    (``write_merchant_rss`` into memory)."""
    out = io.BytesIO()
    write_merchant_rss(out, items, title=title, link=link, description=description,
                       language=language)
    return out.getvalue()


#: how a pretty-printed feed ends, after its last item
_RSS_END = b"  </channel>\n</rss>\n"


def write_merchant_rss(out: BinaryIO, items: Iterable[FeedItem], *, title: str, link: str,
                       description: str, language: str) -> None:
    """Write the Merchant Center feed of ``items`` to ``out`` one item at a time: the bytes of
    one pretty-printed tree, without ever holding the tree or the file (a 20,000-product feed
    is about 80 MB of XML, and several times that as a tree).

    >>> one = FeedItem("P-1", "Pen", "A pen", "https://s.example/p/", "https://s.example/p.jpg",
    ...     (), "in_stock", "9.99 USD", "new", "Acme")
    >>> args = dict(title="Shop", link="https://s.example/", description="All", language="en")
    >>> whole = _rss_tree([one], **args)
    >>> out = io.BytesIO()
    >>> write_merchant_rss(out, [one], **args)
    >>> out.getvalue() == etree.tostring(whole, xml_declaration=True, encoding="UTF-8",
    ...                                  pretty_print=True)
    True
    """
    head = etree.tostring(_rss_tree([], title=title, link=link, description=description,
                                    language=language),
                          xml_declaration=True, encoding="UTF-8", pretty_print=True)
    out.write(_before_end(head))
    holder = _rss_tree([], title="", link="", description="", language="")
    channel = holder[0]
    del channel[:]  # one item at a time, at its place in the tree: the same indentation
    for item in items:
        node = etree.SubElement(channel, "item")
        _rss_item(node, item)
        text = _before_end(etree.tostring(holder, encoding="UTF-8", pretty_print=True))
        out.write(text[text.index(b"    <item>"):])
        channel.remove(node)
    out.write(_RSS_END)


def _before_end(data: bytes) -> bytes:
    if not data.endswith(_RSS_END):  # pragma: no cover - lxml changed how it indents
        raise ValueError("unexpected end of a pretty-printed feed")
    return data[: -len(_RSS_END)]


def _rss_tree(items: Iterable[FeedItem], *, title: str, link: str, description: str,
              language: str) -> etree._Element:
    """The feed as one tree (``rss`` > ``channel`` > its fields, then the items)."""
    rss = etree.Element("rss", nsmap={"g": GOOGLE_NS})
    rss.set("version", "2.0")
    channel = etree.SubElement(rss, "channel")
    for tag, text in (("title", title), ("link", link), ("description", description),
                      ("language", language)):
        etree.SubElement(channel, tag).text = clean_text(text)
    for item in items:
        _rss_item(etree.SubElement(channel, "item"), item)
    return rss


def _g(parent: etree._Element, name: str, text: str | int | None) -> None:
    if text is not None and text != "":
        etree.SubElement(parent, f"{{{GOOGLE_NS}}}{name}").text = str(text)


def _rss_item(node: etree._Element, item: FeedItem) -> None:
    _g(node, "id", item.id)
    etree.SubElement(node, "title").text = item.title
    etree.SubElement(node, "description").text = item.description
    etree.SubElement(node, "link").text = item.link
    _g(node, "image_link", item.image_link)
    for extra in item.additional_image_links:
        _g(node, "additional_image_link", extra)
    _g(node, "availability", item.availability)
    _g(node, "availability_date", item.availability_date)
    _g(node, "price", item.price)
    _g(node, "sale_price", item.sale_price)
    _g(node, "sale_price_effective_date", item.sale_price_effective_date)
    for tier in item.bulk_prices:
        bulk = etree.SubElement(node, f"{{{GOOGLE_NS}}}bulk_price")
        _g(bulk, "min_quantity", tier.min_quantity)
        _g(bulk, "price", tier.price)
    _g(node, "multipack", item.multipack)
    _g(node, "brand", item.brand)
    _g(node, "gtin", item.gtin)
    _g(node, "mpn", item.mpn)
    if not item.identifier_exists:
        _g(node, "identifier_exists", "no")
    _g(node, "condition", item.condition)
    _g(node, "item_group_id", item.item_group_id)
    for name, value in item.options:
        _g(node, name, value)
    for ship in item.shipping:
        entry = etree.SubElement(node, f"{{{GOOGLE_NS}}}shipping")
        _g(entry, "country", ship.country)
        _g(entry, "service", ship.service)
        _g(entry, "price", ship.price)
        _g(entry, "min_handling_time", ship.min_handling_time)
        _g(entry, "max_handling_time", ship.max_handling_time)
        _g(entry, "min_transit_time", ship.min_transit_time)
        _g(entry, "max_transit_time", ship.max_transit_time)


# --- Meta catalog CSV ----------------------------------------------------------------------


def meta_csv(items: Iterable[FeedItem]) -> bytes:
    """A Meta (Facebook/Instagram) catalog feed: CSV with META_COLUMNS, UTF-8, every field quoted
    (``write_meta_csv`` into memory).

    >>> item = FeedItem("P-1", "=Pen", "A pen", "https://s.example/p/", "https://s.example/p.jpg",
    ...     (), "backorder", "9.99 USD", "new", "Acme")
    >>> meta_csv([item]).decode().splitlines()[1][:61]
    '"P-1","\\'=Pen","A pen","available for order","new","9.99 USD",'
    """
    out = io.BytesIO()
    write_meta_csv(out, items)
    return out.getvalue()


def write_meta_csv(out: BinaryIO, items: Iterable[FeedItem]) -> None:
    """Write the Meta catalog feed of ``items`` to ``out``, row by row."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(META_COLUMNS)
    for item in items:
        row = _meta_row(item)
        writer.writerow([
            value if column in _META_VERBATIM else _defuse(value)
            for column, value in ((c, row.get(c, "")) for c in META_COLUMNS)
        ])
    text.flush()
    text.detach()  # ``out`` stays open: it is the caller's


def _meta_row(item: FeedItem) -> dict[str, str]:
    row = {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "availability": META_AVAILABILITY[item.availability],
        "condition": item.condition,
        "price": item.price,
        "link": item.link,
        "image_link": item.image_link,
        "brand": item.brand,
        "item_group_id": item.item_group_id or "",
        "additional_image_link": ",".join(item.additional_image_links),
        "gtin": item.gtin or "",
        "mpn": item.mpn or "",
        "sale_price": item.sale_price or "",
        "sale_price_effective_date": item.sale_price_effective_date or "",
    }
    row.update(item.options)
    return row


def _defuse(value: str) -> str:
    """A cell a spreadsheet shows as text rather than running it as a formula.

    >>> _defuse('=HYPERLINK("https://evil.example")'), _defuse("Pen")
    ('\\'=HYPERLINK("https://evil.example")', 'Pen')
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


__all__ = [
    "BulkPrice", "FeedItem", "Sale", "Shipping", "clean_text", "feed_items", "format_datetime",
    "format_price", "merchant_rss", "meta_csv", "plain_text", "shorten", "write_merchant_rss",
    "write_meta_csv",
]
