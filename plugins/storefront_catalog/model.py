"""The catalog model: plain data shared by every storefront plugin and the theme.

Everything here is built once per build by the loader (``loader.py``) from content/ and
is read-only afterwards. Plugins and templates read these objects; they never mutate them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path

AVAILABILITY = ("in_stock", "out_of_stock", "preorder", "backorder")
CONDITIONS = ("new", "refurbished", "used")
#: Photo angles a marketer may use; the theme shows a translated label for each.
ANGLES = (
    "front",
    "back",
    "side",
    "left",
    "right",
    "top",
    "bottom",
    "detail",
    "in_use",
    "packaging",
    "lifestyle",
    "other",
)
#: Variant option keys allowed next to ``sku`` in a variant (schema.org has color, size,
#: material, pattern; the rest are common in electronics accessories).
VARIANT_OPTIONS = ("color", "size", "capacity", "material", "pattern", "style", "length")

Prices = dict[str, Decimal]
"""Money per ISO 4217 currency code, e.g. ``{"USD": Decimal("29.99")}``."""


def default_alt(title: str, angle: str) -> str:
    """The alt text of a photo the marketer gave none for.

    >>> default_alt("Active Stylus Pen", "in_use")
    'Active Stylus Pen, in use view'
    """
    return f"{title}, {angle.replace('_', ' ')} view"


@dataclass(frozen=True)
class Image:
    """One photo of a product bundle."""

    file: str  # file name inside the bundle, e.g. "front.jpg"
    source: Path  # absolute path of the photo on disk
    angle: str  # one of ANGLES
    alt: str  # alt text; defaults to "<title>, <angle> view" when the marketer gave none
    alt_lang: str = ""  # language of ``alt`` when a translation left it untranslated


@dataclass(frozen=True)
class PriceTier:
    """Quantity price break: from ``min_qty`` units, each unit costs ``price``."""

    min_qty: int
    price: Prices


@dataclass(frozen=True)
class Rating:
    value: Decimal
    count: int
    best: int = 5


_Day = date  # a Review's own ``date`` field hides the type inside its class

#: ``source`` of a review the store collected itself (the only ones marked up for search)
FIRST_PARTY = "first-party"


@dataclass(frozen=True)
class Review:
    """One customer review of a product (content/products/<slug>/reviews.yml).

    ``title``, ``body`` and ``reply`` are plain text as the customer wrote it (untrusted:
    templates escape it); ``source`` is ``FIRST_PARTY`` or where it was imported from.
    """

    id: str  # stable: given in the file, else derived from source, author, date and body
    author: str
    rating: int  # whole stars, 1-5
    body: str
    date: date
    lang: str  # the language it is written in ("de", "pt-br")
    title: str = ""
    verified: bool = False  # a verified buyer
    source: str = FIRST_PARTY
    sku: str = ""  # the variant (or product) SKU reviewed, when known
    reply: str = ""  # the merchant's public answer
    reply_date: _Day | None = None

    @property
    def first_party(self) -> bool:
        return self.source == FIRST_PARTY


@dataclass(frozen=True)
class Variant:
    """A purchasable variant; prices and availability are already merged with the product's."""

    sku: str
    options: dict[str, str]  # ordered by VARIANT_OPTIONS, e.g. {"color": "Black"}
    image: str | None  # file name of one of the product's images (None: product's first)
    price: Prices
    list_price: Prices
    availability: str
    gtin: str | None = None
    mpn: str | None = None
    swatch: str | None = None  # CSS colour like "#1a1a1a" for a colour swatch
    #: ids of this variant in the merchant's checkout (front matter ``checkout:``), e.g.
    #: {"shopify_variant_id": "4242"}; over the product's
    checkout: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductText:
    """A product's text in another language (index.<lang>.md); None inherits index.md's."""

    lang: str  # "de"
    source_file: Path
    title: str | None = None
    summary: str | None = None
    body_html: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    alts: dict[str, str] = field(default_factory=dict)  # image file -> alt text
    specs: tuple[tuple[str, str], ...] | None = None  # the whole table in this language
    options: dict[str, str] = field(default_factory=dict)  # variant option value -> shown name
    digest: str = ""  # sha256 of the file


@dataclass(frozen=True)
class PageText:
    """A static page's text in another language (<slug>.<lang>.md); None inherits."""

    lang: str
    source_file: Path
    title: str | None = None
    summary: str | None = None
    body_html: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    digest: str = ""


def _seo(own: str | None, base: str | None, replaced: bool) -> str | None:
    """A translated SEO text: its own, else none when what it derives from was translated.

    Keeping the default-language SEO title above a translated title would show search engines
    the wrong language; without one the page derives it from the translated title.
    """
    if own is not None:
        return own
    return None if replaced else base


def last_day(end: datetime) -> date:
    """The local date of the last moment before an exclusive ``end`` (a sale ending at
    midnight ended the day before).

    >>> last_day(datetime(2026, 12, 1)), last_day(datetime(2026, 12, 1, 9, 30))
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 1))
    """
    return (end - timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class Sale:
    """A dated price cut running on a product in one market (storefront_promotions sets it).

    The product carrying it already has the sale prices (``price``) with the regular ones as
    ``list_price``, so the page, JSON-LD and feeds all read the same numbers; ``regular`` is
    the product at its regular prices (the feeds send both).
    """

    campaign: str  # the campaign id (content/promotions/<id>.yml)
    start: datetime  # aware; the first moment of the sale
    end: datetime  # aware; exclusive: the sale is over at this moment
    regular: Product
    badge: str | None = None  # short text for cards, e.g. "-20%"

    @property
    def last_day(self) -> date:
        """The local date of the sale's last moment (``priceValidUntil``)."""
        return last_day(self.end)


@dataclass(frozen=True)
class Product:
    """A product bundle: content/products/<slug>/index.md plus its photos."""

    slug: str
    source_dir: Path
    source_file: Path
    title: str
    sku: str
    brand: str
    category: tuple[str, ...]  # display names, e.g. ("Accessories", "Stylus Pens")
    summary: str  # one or two plain-text sentences
    body_html: str  # Markdown description rendered to HTML
    price: Prices  # unit price per currency
    images: tuple[Image, ...]  # at least one; the first is the main photo
    digest: str  # hex digest of everything in the bundle (text and photos)
    gtin: str | None = None
    mpn: str | None = None
    tags: tuple[str, ...] = ()
    list_price: Prices = field(default_factory=dict)  # strikethrough "was" price
    availability: str = "in_stock"
    condition: str = "new"
    moq: int = 1
    price_tiers: tuple[PriceTier, ...] = ()
    variants: tuple[Variant, ...] = ()
    specs: tuple[tuple[str, str], ...] = ()  # ordered (label, value) pairs
    buy_url: str | None = None
    #: ids of the product in the merchant's checkout (front matter ``checkout:``), e.g.
    #: {"woo_id": "311"}; a variant's own ids win over these
    checkout: dict[str, str] = field(default_factory=dict)
    inquiry: bool = False
    rating: Rating | None = None  # from the first-party reviews when there are any
    reviews: tuple[Review, ...] = ()  # reviews.yml, newest first
    seo_title: str | None = None
    seo_description: str | None = None
    draft: bool = False
    featured: bool = False
    order: int = 0  # sort key inside a category (lower first), then title
    release_date: date | None = None  # expected date for preorder products
    added: date | None = None  # front matter `date`: when it was added (sorts "Newest")
    lang: str = ""  # language of the text fields (index.md's: the default language)
    translations: dict[str, ProductText] = field(default_factory=dict)  # by language
    sale: Sale | None = None  # a campaign running in the market this copy is for

    def has_text(self, lang: str) -> bool:
        """True when the product is written in ``lang`` (index.md or a translation)."""
        return lang == self.lang or lang in self.translations

    def localized(self, lang: str) -> Product:
        """This product with its text in ``lang`` where translated; commerce data unchanged.

        Returns the product itself when ``lang`` is its own language or it has no such
        translation (the default-language text, marked with its ``lang``, is the fallback).
        """
        text = self.translations.get(lang)
        if lang == self.lang or text is None:
            return self
        title = text.title or self.title
        images = []
        for img in self.images:
            alt = text.alts.get(img.file)
            if alt is None and text.title and img.alt == default_alt(self.title, img.angle):
                alt = title  # not "<English title>, front view" on a German page
            images.append(replace(img, alt_lang=self.lang) if alt is None
                          else replace(img, alt=alt))
        variants = tuple(
            replace(v, options={k: text.options.get(val, val) for k, val in v.options.items()})
            if any(val in text.options for val in v.options.values()) else v
            for v in self.variants
        )
        return replace(
            self, lang=text.lang, translations={}, title=title,
            summary=text.summary or self.summary,
            body_html=text.body_html if text.body_html is not None else self.body_html,
            seo_title=_seo(text.seo_title, self.seo_title, text.title is not None),
            seo_description=_seo(text.seo_description, self.seo_description,
                                 text.summary is not None),
            images=tuple(images), variants=variants,
            specs=text.specs if text.specs is not None else self.specs,
        )

    @cached_property  # planning, sitemaps and cards ask for it on every page of a product
    def category_path(self) -> str:
        """Slash-joined slugs of the category, e.g. "accessories/stylus-pens"."""
        from storefront_core.slug import slugify

        return "/".join(slugify(name) for name in self.category)

    def image(self, file: str | None) -> Image:
        """The image with this file name, or the main image."""
        for img in self.images:
            if img.file == file:
                return img
        return self.images[0]


@dataclass(frozen=True)
class Page:
    """A static page from content/pages/<slug>.md (about, shipping, returns...)."""

    slug: str
    source_file: Path
    title: str
    body_html: str
    digest: str
    summary: str = ""
    seo_title: str | None = None
    seo_description: str | None = None
    order: int = 0  # footer order
    noindex: bool = False
    draft: bool = False
    lang: str = ""  # language of the text fields (<slug>.md's: the default language)
    translations: dict[str, PageText] = field(default_factory=dict)  # by language

    def has_text(self, lang: str) -> bool:
        """True when the page is written in ``lang`` (<slug>.md or a translation)."""
        return lang == self.lang or lang in self.translations

    def localized(self, lang: str) -> Page:
        """This page with its text in ``lang`` where translated (itself when untranslated)."""
        text = self.translations.get(lang)
        if lang == self.lang or text is None:
            return self
        return replace(
            self, lang=text.lang, translations={}, title=text.title or self.title,
            summary=text.summary if text.summary is not None else self.summary,
            body_html=text.body_html if text.body_html is not None else self.body_html,
            seo_title=_seo(text.seo_title, self.seo_title, text.title is not None),
            seo_description=_seo(text.seo_description, self.seo_description,
                                 text.summary is not None),
        )


@dataclass
class Category:
    """A node of the category tree derived from products' ``category`` paths."""

    names: tuple[str, ...]  # ("Accessories", "Stylus Pens")
    slugs: tuple[str, ...]  # ("accessories", "stylus-pens")
    products: list[Product] = field(default_factory=list)  # directly in this category
    children: list[Category] = field(default_factory=list)
    description: str = ""

    @property
    def title(self) -> str:
        return self.names[-1]

    @property
    def path(self) -> str:
        return "/".join(self.slugs)

    def all_products(self) -> list[Product]:
        """Products in this category and all its descendants, in display order."""
        out = list(self.products)
        for child in self.children:
            out.extend(child.all_products())
        return out


@dataclass(frozen=True)
class Unbuilt:
    """A product folder whose errors keep it out of the build, with what other files may name
    of it: they are not told it does not exist (its own errors say what to fix)."""

    slug: str
    category: tuple[str, ...] = ()  # as written, when it could be read
    tags: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()
    read: bool = True  # False: the front matter could not be read, it may name anything

    @property
    def category_paths(self) -> list[str]:
        """The slug paths of its category and the categories above it."""
        return category_paths(self.category)


def category_paths(names: tuple[str, ...]) -> list[str]:
    """The slug paths of a category and of the categories above it.

    >>> category_paths(("Power", "USB Chargers"))
    ['power', 'power/usb-chargers']
    """
    from storefront_core.slug import slugify

    slugs = [slugify(name) for name in names]
    return ["/".join(slugs[:depth]) for depth in range(1, len(slugs) + 1)]


@dataclass
class Catalog:
    """Everything read from content/, validated."""

    products: list[Product]  # published (non-draft) products, display order
    pages: list[Page]  # published pages
    categories: list[Category]  # top-level categories; children nested
    drafts: list[Product] = field(default_factory=list)
    unbuilt: list[Unbuilt] = field(default_factory=list)  # products with errors

    @property
    def names_known(self) -> bool:
        """False when a product's front matter could not be read: any category, tag or SKU
        may be its, so none is reported as unknown."""
        return all(u.read for u in self.unbuilt)
    #: translated category names from content/categories.yml: slug path -> {lang: name}
    category_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def category_title(self, category: Category, lang: str) -> str:
        """The name of ``category`` in ``lang``: translated, else as written in index.md."""
        return self.category_names.get(category.path, {}).get(lang, category.title)

    def category(self, path: str) -> Category | None:
        for cat in self.iter_categories():
            if cat.path == path:
                return cat
        return None

    def iter_categories(self) -> list[Category]:
        out: list[Category] = []
        stack = list(reversed(self.categories))
        while stack:
            cat = stack.pop()
            out.append(cat)
            stack.extend(reversed(cat.children))
        return out
