"""Google Merchant Center's product reviews feed (XML, schema version 2.4) of the store's own
reviews: ``/feeds/reviews.xml``.

Only first-party reviews go in (Google takes reviews from the site that collected them; a
marketplace's reviews reach it from the marketplace). One ``<review>`` per review, its
product named by GTIN, MPN with brand, SKU and the page URL, in the order the schema lists
its elements. The feed is always complete: Google drops reviews a later feed leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from lxml import etree

from storefront_catalog.model import Product, Review

VERSION = "2.4"
SCHEMA = f"http://www.google.com/shopping/reviews/schema/product/{VERSION}/product_reviews.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class ReviewedProduct:
    """A product with reviews and the page they are shown on (one market's, absolute)."""

    product: Product
    url: str


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _timestamp(review: Review) -> str:
    """The review's day as the feed's ``xs:dateTime`` (midnight UTC: the file keeps days).

    >>> from datetime import date
    >>> _timestamp(Review("r", "A", 5, "b", date(2026, 3, 1), "en"))
    '2026-03-01T00:00:00Z'
    """
    return datetime.combine(review.date, time(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ids(product: Product, review: Review) -> dict[str, list[str]]:
    """The product identifiers of a review: the reviewed variant's when it names one."""
    variant = next((v for v in product.variants if v.sku == review.sku), None)
    if variant is not None:
        gtins, mpns, skus = [variant.gtin or product.gtin], [variant.mpn or product.mpn], \
            [variant.sku]
    else:
        gtins = [product.gtin, *(v.gtin for v in product.variants)]
        mpns = [product.mpn, *(v.mpn for v in product.variants)]
        skus = [product.sku, *(v.sku for v in product.variants)]
    return {"gtins": list(dict.fromkeys(g for g in gtins if g)),
            "mpns": list(dict.fromkeys(m for m in mpns if m)),
            "skus": list(dict.fromkeys(skus))}


def _review(parent: etree._Element, review: Review, item: ReviewedProduct) -> None:
    product = item.product
    node = _sub(parent, "review")
    _sub(node, "review_id", review.id)
    reviewer = _sub(node, "reviewer")
    _sub(reviewer, "name", review.author)
    _sub(node, "review_timestamp", _timestamp(review))
    if review.title:
        _sub(node, "title", review.title)
    _sub(node, "content", review.body)
    # the product page lists every review of the product: a "group" page in Google's terms
    _sub(node, "review_url", f"{item.url}#review-{review.id}", type="group")
    ratings = _sub(node, "ratings")
    _sub(ratings, "overall", str(review.rating), min="1", max="5")
    products = _sub(node, "products")
    entry = _sub(products, "product")
    ids = _ids(product, review)
    product_ids = _sub(entry, "product_ids")
    for group, tag in (("gtins", "gtin"), ("mpns", "mpn"), ("skus", "sku")):
        if ids[group]:
            holder = _sub(product_ids, group)
            for value in ids[group]:
                _sub(holder, tag, value)
    if product.brand:
        _sub(_sub(product_ids, "brands"), "brand", product.brand)
    _sub(entry, "product_name", product.title)
    _sub(entry, "product_url", item.url)
    _sub(node, "is_spam", "false")


def review_feed(items: Iterable[ReviewedProduct], *, publisher: str,
                favicon: str | None = None) -> bytes:
    """The feed of every first-party review of ``items`` (products in display order, each
    with its page URL), newest first within a product; ``publisher`` is the store's name."""
    feed = etree.Element("feed", nsmap={"xsi": _XSI})
    feed.set(f"{{{_XSI}}}noNamespaceSchemaLocation", SCHEMA)
    _sub(feed, "version", VERSION)
    pub = _sub(feed, "publisher")
    _sub(pub, "name", publisher)
    if favicon:
        _sub(pub, "favicon", favicon)
    reviews = _sub(feed, "reviews")
    for item in items:
        for review in item.product.reviews:
            if review.first_party:
                _review(reviews, review, item)
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))

