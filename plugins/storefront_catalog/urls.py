"""URL and output-path map: one place decides where every (item, market) lives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from storefront_core.errors import Problem, StorefrontError

from .model import Category, Page, Product
from .pricing.market import MarketPricing

#: path segment used for category pagination; the loader refuses categories with this slug
PAGE_SEGMENT = "page"
#: first path segments a ``Landing`` page may not take: the market's own folders, and the
#: site-wide ones (a single-market store has its pages at the site root)
RESERVED_SEGMENTS = frozenset({"products", "collections", "pages", "search", "pagefind",
                               "theme", "media", "cards", "feeds", "promotions"})


@dataclass(frozen=True)
class Landing:
    """A page a plugin adds at ``/<market>/<slug>/`` (the festival pages), one per market."""

    slug: str  # lowercase letters, digits and hyphens; not one of RESERVED_SEGMENTS


@dataclass(frozen=True)
class Market:
    """Where a shopper lands: language + country + currency, with its URL prefix."""

    code: str  # "en-us"
    lang: str  # "en" (the <html lang> value)
    locale: str  # Babel locale, "en_US"
    currency: str  # "USD"
    prefix: str = ""  # URL prefix without slashes; "" puts the market at the site root
    dir: str = "ltr"
    country: str = ""  # ISO 3166 code, "US"
    tax_included: bool = True  # prices include VAT (everywhere but the US and Canada)
    exclude_products: frozenset[str] = frozenset()  # product slugs not sold here
    exclude_categories: tuple[str, ...] = ()  # category paths not sold here (with subcategories)
    timezone: str = "UTC"  # IANA zone campaigns start and end in, e.g. "Europe/Berlin"
    pricing: MarketPricing = MarketPricing()  # how its prices derive from the store currency's

    # cached: every page asks for every market's tags and name (hreflang, the market switcher)
    @cached_property
    def hreflang(self) -> str:
        """BCP 47 tag for hreflang and <html lang>: "en-GB".

        >>> Market("en-gb", "en", "en_GB", "GBP", country="GB").hreflang
        'en-GB'
        """
        return f"{self.lang}-{self.country}" if self.country else self.lang

    @cached_property
    def og_locale(self) -> str:
        """Open Graph locale: "de_DE"."""
        return f"{self.lang}_{self.country}" if self.country else self.locale

    @cached_property
    def native_name(self) -> str:
        """The market's name in its own language: "Deutsch (Deutschland)"."""
        from babel import Locale

        locale = Locale.parse(self.locale)
        return locale.get_display_name(locale) or self.code

    def excludes(self, slug: str, category_path: str) -> bool:
        """True when the product (by folder name and category path) is not sold here."""
        return slug in self.exclude_products or any(
            category_path == c or category_path.startswith(c + "/")
            for c in self.exclude_categories
        )


class UrlMap:
    """Maps (item, market, page number) to output paths and URLs; refuses collisions."""

    def __init__(self, site_url: str):
        parts = urlsplit(site_url.rstrip("/"))
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self.base = parts.path.rstrip("/")  # "" or "/shop" for sites served from a sub-path
        self._owners: dict[str, str] = {}

    def _dir(self, obj: object, market: Market, page: int = 1) -> str:
        """Directory (relative to the output root, with trailing slash; "" for the root)."""
        pre = f"{market.prefix}/" if market.prefix else ""
        if obj == "home":
            return pre
        if isinstance(obj, Product):
            return f"{pre}products/{obj.slug}/"
        if isinstance(obj, Category):
            tail = f"{PAGE_SEGMENT}/{page}/" if page > 1 else ""
            return f"{pre}collections/{obj.path}/{tail}"
        if isinstance(obj, Page):
            return f"{pre}pages/{obj.slug}/"
        if obj == "search":
            return f"{pre}search/"
        if isinstance(obj, Landing):
            return f"{pre}{obj.slug}/"
        if obj == "404" or obj == "chooser":
            return ""
        raise TypeError(f"no URL for {obj!r}")

    def output_path(self, obj: object, market: Market, page: int = 1) -> str:
        """File the page is written to, relative to the output folder."""
        if obj == "404":
            return "404.html"
        return self._dir(obj, market, page) + "index.html"

    def url(self, obj: object, market: Market, page: int = 1) -> str:
        """Root-relative URL, including the site's base path."""
        if obj == "404":
            return f"{self.base}/404.html"
        return f"{self.base}/{self._dir(obj, market, page)}"

    def abs_url(self, obj: object, market: Market, page: int = 1) -> str:
        return self.origin + self.url(obj, market, page)

    def file_url(self, path: str) -> str:
        """Root-relative URL of a published file, given relative to the output folder.

        >>> UrlMap("https://example.com/shop").file_url("promotions/hero/en-1a2b.jpg")
        '/shop/promotions/hero/en-1a2b.jpg'
        >>> UrlMap("https://example.com").file_url("")
        '/'
        """
        return f"{self.base}/{path.lstrip('/')}"

    def abs_file_url(self, path: str) -> str:
        """Absolute URL of a published file (sitemaps, share cards, robots.txt).

        >>> UrlMap("https://example.com/shop/").abs_file_url("sitemap.xml")
        'https://example.com/shop/sitemap.xml'
        """
        return self.origin + self.file_url(path)

    def claim(self, obj: object, market: Market, owner: str, page: int = 1) -> str:
        """Reserve the output path of a page; two pages on one path is an error."""
        path = self.output_path(obj, market, page)
        previous = self._owners.setdefault(path, owner)
        if previous != owner:
            raise StorefrontError(
                [
                    Problem(
                        owner,
                        "",
                        f"its page would be written to {path}, which {previous} already uses; "
                        "rename one of them (folder name or category)",
                    )
                ]
            )
        return path
