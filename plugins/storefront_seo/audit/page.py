"""Reading one built HTML page into ``PageData``: head tags, links and images, JSON-LD, prices.

Each page is parsed once with lxml's HTML parser, iterating only the elements the rules read
(iterating in C is what keeps 5,000 pages fast); the rules then run on the typed data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from .values import tokens

_READ_TAGS = ("meta", "link", "title", "script", "img", "a", "source", "iframe", "video",
              "audio", "embed", "track")


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
    """Parses pages into ``PageData`` (one parser and compiled XPaths for a whole audit)."""

    def __init__(self) -> None:
        self.parser = etree.HTMLParser(collect_ids=False)  # no id lookups: 12% faster
        # everything found by attribute (not by tag), in document order; through the
        # attribute axis: a third of the time of testing every element's attributes
        self.find_marked = etree.XPath(
            '(//@class[contains(., "price__now")] | //@class[contains(., "card__now")]'
            ' | //@data-buy | //@data-promo-end)/..')
        self.find_reviews = etree.XPath("(//@data-review-id | //@data-review-summary)/..")

    def read(self, rel: str, url: str, data: bytes) -> PageData:
        """The page ``rel`` (published at ``url``) whose bytes are ``data``."""
        try:
            doc = etree.fromstring(data, self.parser)
        except (etree.LxmlError, ValueError):
            raise UnreadablePage("the page cannot be read as HTML; rebuild it") from None
        if doc is None:
            raise UnreadablePage("the page is empty; rebuild the site")
        page = PageData(rel, url)
        page.lang = (doc.get("lang") or "").strip() if doc.tag == "html" else ""
        for el in doc.iter(*_READ_TAGS):
            _TAG_READERS.get(el.tag, _read_media)(page, el)
        if (b"price__now" in data or b"card__now" in data or b"data-buy" in data
                or b"data-promo-end" in data):
            for el in self.find_marked(doc):
                _read_marked(page, el)
        if b"data-review-" in data:
            for el in self.find_reviews(doc):
                _read_review(page, el)
        return page


def _read_review(page: PageData, el: etree._Element) -> None:
    """A review shown (its id and source) or the reviews' summary."""
    rid = el.get("data-review-id")
    if rid is not None:
        page.reviews[rid] = el.get("data-review-source")
    else:
        page.review_summary = (el.get("data-review-basis") or "", el.get("data-rating-value")
                               or "", el.get("data-review-count") or "")


def _offer_sku(el: etree._Element) -> str | None:
    """The SKU of the variant offer template ``el`` is in; None: the page's own offer."""
    for ancestor in el.iterancestors("template"):
        return ancestor.get("data-offer-for")
    return None


def _read_marked(page: PageData, el: etree._Element) -> None:
    """A shown price (the headline one, and each variant's in its offer template), a buy
    action (checkout target) of an offer shown or templated, or a promotion banner."""
    classes = (el.get("class") or "").split()
    if "price__now" in classes:
        page.shown.setdefault(_offer_sku(el), "".join(el.itertext()))
    if "card__now" in classes:
        _read_card_price(page, el)
    if el.get("data-buy") is not None:
        target = el.get("href") if el.tag == "a" else el.get("data-item-id")
        if target:
            page.buy.setdefault(_offer_sku(el), []).append(target)
    if el.get("data-promo-end") is not None:
        page.banners.append((el.get("data-promo-end") or "", el.get("data-promo")))


def _read_card_price(page: PageData, el: etree._Element) -> None:
    """A product card's shown price, with the link of its card (to its product page)."""
    for card in el.iterancestors("article"):
        if "card" in (card.get("class") or "").split():
            for link in card.iter("a"):
                if "card__link" in (link.get("class") or "").split() and link.get("href"):
                    page.cards.append((link.get("href") or "", "".join(el.itertext())))
                    return
            return


def _read_meta(page: PageData, el: etree._Element) -> None:
    """A ``<meta>``: the description, a noindex robots directive, the first content per key."""
    key = el.get("property") or el.get("name")
    if not key:
        return
    key = key.strip().lower()
    content = el.get("content") or ""
    if key == "description":
        page.descriptions.append(content)
    elif key in ("robots", "googlebot") and tokens(content.replace(",", " ")) & {
            "noindex", "none"}:
        page.noindex = True
    page.meta.setdefault(key, content)


def _read_a(page: PageData, el: etree._Element) -> None:
    """An ``<a>``: its href."""
    href = el.get("href")
    if href:
        page.refs.append((href, "<a href>"))


def _read_img(page: PageData, el: etree._Element) -> None:
    """An ``<img>``: its src, alt, size and srcset."""
    srcset = el.get("srcset")
    page.refs.append(Img(el.get("src") or "", el.get("alt"), el.get("width") or "",
                         el.get("height") or "", srcset_urls(srcset) if srcset else []))


def _read_link(page: PageData, el: etree._Element) -> None:
    """A ``<link>``: the canonical, an hreflang alternate, or another referenced URL."""
    rel_tokens = tokens(el.get("rel"))
    href = el.get("href") or ""
    if "canonical" in rel_tokens:
        page.canonicals.append(href)
    elif "alternate" in rel_tokens and el.get("hreflang") is not None:
        page.hreflang.append((el.get("hreflang") or "", href))
    elif href:
        page.refs.append((href, "<link href>"))


def _read_title(page: PageData, el: etree._Element) -> None:
    """A ``<title>`` of the head (not an SVG's)."""
    parent = el.getparent()
    if parent is not None and parent.tag == "head":  # not an SVG <title>
        page.titles.append("".join(el.itertext()))


def _read_script(page: PageData, el: etree._Element) -> None:
    """A ``<script>``: JSON-LD text, or the URL it loads."""
    if (el.get("type") or "").strip().lower() == "application/ld+json":
        page.scripts.append(el.text or "")
    elif el.get("src"):
        page.refs.append((el.get("src") or "", "<script src>"))


def _read_media(page: PageData, el: etree._Element) -> None:
    """Any other element read (source, iframe, video, ...): its src, poster and srcset URLs."""
    tag = el.tag
    for attr in ("src", "poster"):
        if el.get(attr):
            page.refs.append((el.get(attr) or "", f"<{tag} {attr}>"))
    srcset = el.get("srcset")
    if srcset:
        page.refs += [(u, f"<{tag} srcset>") for u in srcset_urls(srcset)]


_TAG_READERS = {"meta": _read_meta, "a": _read_a, "img": _read_img, "link": _read_link,
                "title": _read_title, "script": _read_script}
