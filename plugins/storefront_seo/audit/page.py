"""Reading one built HTML page into ``PageData``: head tags, links and images, JSON-LD, prices.

Each page is parsed once with Lexbor's HTML5 parser (selectolax), as a browser or a crawler
parses it, and one selector pass in C finds every element the rules read (a third of the time
of libxml2's parse and XPath); the rules then run on the typed data. An HTML5 tree keeps a
``<template>``'s content apart from the document: variant offers are read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .values import tokens

_READ_TAGS = ("meta", "link", "title", "script", "img", "a", "source", "iframe", "video",
              "audio", "embed", "track")


#: an element's attributes as Lexbor gives them (None: written without a value, ``<img alt>``)
Attrs = dict[str, str | None]

#: a URL a page references, and how messages name it: ("/media/a.jpg", "<img src>")
Link = tuple[str, str]


@dataclass
class Img:
    """One ``<img>``: its src, alt (None when absent), size attributes and srcset URLs."""

    src: str
    alt: str | None
    width: str
    height: str
    srcset: list[str]


@dataclass
class PageData:
    """Everything the rules read from one page, in the order the page says it."""

    path: str  # relative to the output folder, "de-de/products/pen/index.html"
    url: str
    lang: str = ""
    noindex: bool = False
    titles: list[str] = field(default_factory=list)  # the <head>'s <title> texts
    descriptions: list[str] = field(default_factory=list)
    canonicals: list[str] = field(default_factory=list)
    hreflang: list[tuple[str, str]] = field(default_factory=list)  # (code, href)
    meta: dict[str, str] = field(default_factory=dict)  # the first content per name/property
    scripts: list[str] = field(default_factory=list)  # the application/ld+json texts
    refs: list[Link | Img] = field(default_factory=list)  # links and images, document order
    shown: dict[str | None, str] = field(default_factory=dict)  # None: headline; else per SKU
    banners: list[tuple[str, str | None]] = field(default_factory=list)  # (end, promotion)
    #: product cards: (the card's link, the price it shows), in document order
    cards: list[tuple[str, str]] = field(default_factory=list)
    #: buy actions ([data-buy]: a link's href, a cart button's data-item-id) by the SKU of the
    #: offer template holding them (None: the offer shown first)
    buy: dict[str | None, list[str]] = field(default_factory=dict)
    #: the reviews shown ([data-review-id]): id -> the source of an imported one, None for the
    #: store's own; and the shown summary (basis, average, count) of [data-review-summary]
    reviews: dict[str, str | None] = field(default_factory=dict)
    review_summary: tuple[str, str, str] | None = None


@dataclass
class Offer:
    """One JSON-LD offer of a product page: a Product's, or one variant's of a ProductGroup."""

    sku: str | None
    label: str  # how messages name it: 'Product "VT-1"', 'variant "VT-1-BLK"'
    price: Decimal | None
    currency: str | None


@dataclass
class Page:
    """What the rules across pages need to know about one page."""

    path: str  # relative to the output folder, "de-de/products/pen/index.html"
    url: str
    lang: str = ""
    noindex: bool = False
    title: str | None = None
    description: str | None = None
    canonical: str | None = None  # the one absolute canonical, else None
    hreflang: list[tuple[str, str]] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    is_product: bool = False
    buy: dict[str | None, list[str]] = field(default_factory=dict)  # as PageData.buy
    headline: str | None = None  # the price the page shows first (.price__now), as written
    cards: list[tuple[str, str]] = field(default_factory=list)  # as PageData.cards


class UnreadablePage(ValueError):
    """The file is not an HTML page the rules can read; the message says what to do."""


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` attribute.

    >>> srcset_urls("/a-400.jpg 400w, /a-800.jpg 800w")
    ['/a-400.jpg', '/a-800.jpg']
    """
    return [bits[0] for candidate in srcset.split(",") if (bits := candidate.split())]


class PageReader:
    """Parses pages into ``PageData``: Lexbor's HTML parser (as browsers and crawlers parse),
    one selector pass in C for every element the rules read, in document order."""

    def read(self, rel: str, url: str, data: bytes) -> PageData:
        """The page ``rel`` (published at ``url``) whose bytes are ``data``."""
        if not data.strip():
            raise UnreadablePage("the page is empty; rebuild the site")
        try:
            tree = LexborHTMLParser(data)
        except (ValueError, RuntimeError, MemoryError):
            raise UnreadablePage("the page cannot be read as HTML; rebuild it") from None
        page = PageData(rel, url)
        root = tree.root
        if root is not None and root.tag == "html":
            page.lang = (root.attributes.get("lang") or "").strip()
            _read_tree(page, root, None)
        return page


#: everything the rules read: the tags read by ``_TAG_READERS`` (and ``_read_media``), the
#: elements marked for them (shown prices, buy actions, banners, reviews), and templates,
#: whose content (variant offers) is a fragment of its own in an HTML5 tree
_SELECTOR = ", ".join((*_READ_TAGS, ".price__now", ".card__now", "[data-buy]",
                       "[data-promo-end]", "[data-review-id]", "[data-review-summary]",
                       "template"))


def _read_tree(page: PageData, top: LexborNode, sku: str | None) -> None:
    """Read the elements under ``top`` (a document or a template's content) in document
    order; ``sku``: the variant offer a template holding them is for (None: the page's)."""
    last = -1
    for el in top.css(_SELECTOR):
        seen = el.mem_id
        if seen == last:  # an element matching two of the selectors comes once per match
            continue
        last = seen
        tag, attrs = el.tag or "", el.attributes
        if tag == "template":
            for fragment in el.template_fragments():
                _read_tree(page, fragment, attrs.get("data-offer-for"))
            continue
        reader = _TAG_READERS.get(tag)
        if reader is not None:
            reader(page, el, attrs)
        classes = attrs.get("class")
        if (classes and ("price__now" in classes or "card__now" in classes)
                or "data-buy" in attrs or "data-promo-end" in attrs):
            _read_marked(page, el, attrs, sku)
        if "data-review-id" in attrs or "data-review-summary" in attrs:
            _read_review(page, attrs)


def _read_review(page: PageData, attrs: Attrs) -> None:
    """A review shown (its id and source) or the reviews' summary."""
    if "data-review-id" in attrs:
        page.reviews[attrs["data-review-id"] or ""] = attrs.get("data-review-source")
    else:
        page.review_summary = (attrs.get("data-review-basis") or "",
                               attrs.get("data-rating-value") or "",
                               attrs.get("data-review-count") or "")


def _read_marked(page: PageData, el: LexborNode, attrs: Attrs, sku: str | None) -> None:
    """A shown price (the headline one, and each variant's in its offer template), a buy
    action (checkout target) of an offer shown or templated, or a promotion banner."""
    classes = (attrs.get("class") or "").split()
    if "price__now" in classes:
        page.shown.setdefault(sku, el.text(deep=True))
    if "card__now" in classes:
        _read_card_price(page, el)
    if "data-buy" in attrs:
        target = attrs.get("href") if el.tag == "a" else attrs.get("data-item-id")
        if target:
            page.buy.setdefault(sku, []).append(target)
    if "data-promo-end" in attrs:
        page.banners.append((attrs["data-promo-end"] or "", attrs.get("data-promo")))


def _read_card_price(page: PageData, el: LexborNode) -> None:
    """A product card's shown price, with the link of its card (to its product page)."""
    card = el.parent
    while card is not None and card.tag != "article":
        card = card.parent
    if card is None or "card" not in (card.attributes.get("class") or "").split():
        return
    for link in card.css("a.card__link"):
        href = link.attributes.get("href")
        if href:
            page.cards.append((href, el.text(deep=True)))
            return


def _read_meta(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """A ``<meta>``: the description, a noindex robots directive, the first content per key."""
    key = attrs.get("property") or attrs.get("name")
    if not key:
        return
    key = key.strip().lower()
    content = attrs.get("content") or ""
    if key == "description":
        page.descriptions.append(content)
    elif key in ("robots", "googlebot") and tokens(content.replace(",", " ")) & {
            "noindex", "none"}:
        page.noindex = True
    page.meta.setdefault(key, content)


def _read_a(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """An ``<a>``: its href."""
    href = attrs.get("href")
    if href:
        page.refs.append((href, "<a href>"))


def _read_img(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """An ``<img>``: its src, alt (None when absent; ``<img alt>`` is empty), size, srcset."""
    srcset = attrs.get("srcset")
    page.refs.append(Img(attrs.get("src") or "",
                         (attrs["alt"] or "") if "alt" in attrs else None,
                         attrs.get("width") or "", attrs.get("height") or "",
                         srcset_urls(srcset) if srcset else []))


def _read_link(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """A ``<link>``: the canonical, an hreflang alternate, or another referenced URL."""
    rel_tokens = tokens(attrs.get("rel"))
    href = attrs.get("href") or ""
    if "canonical" in rel_tokens:
        page.canonicals.append(href)
    elif "alternate" in rel_tokens and "hreflang" in attrs:
        page.hreflang.append((attrs["hreflang"] or "", href))
    elif href:
        page.refs.append((href, "<link href>"))


def _read_title(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """A ``<title>`` of the head (not an SVG's)."""
    parent = el.parent
    if parent is not None and parent.tag == "head":  # not an SVG <title>
        page.titles.append(el.text(deep=True))


def _read_script(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """A ``<script>``: JSON-LD text, or the URL it loads."""
    if (attrs.get("type") or "").strip().lower() == "application/ld+json":
        page.scripts.append(el.text(deep=True))
    elif attrs.get("src"):
        page.refs.append((attrs["src"] or "", "<script src>"))


def _read_media(page: PageData, el: LexborNode, attrs: Attrs) -> None:
    """Any other element read (source, iframe, video, ...): its src, poster and srcset URLs."""
    tag = el.tag
    for attr in ("src", "poster"):
        value = attrs.get(attr)
        if value:
            page.refs.append((value, f"<{tag} {attr}>"))
    srcset = attrs.get("srcset")
    if srcset:
        page.refs += [(u, f"<{tag} srcset>") for u in srcset_urls(srcset)]


_TAG_READERS = {**dict.fromkeys(_READ_TAGS, _read_media), "meta": _read_meta, "a": _read_a,
                "img": _read_img, "link": _read_link, "title": _read_title,
                "script": _read_script}
