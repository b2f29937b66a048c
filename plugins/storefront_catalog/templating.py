"""Template helpers of one market (filters, globals, partials rendered once) and the digests
of the product cards the grids show."""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from jinja2 import Environment
from markupsafe import Markup, escape

from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.phrases import phrase_model, phrases

from .context import LangText, SiteInfo
from .i18n import gettext_callables
from .markets import MarketSet, direction
from .model import Catalog, Product
from .money import OfferView, format_money, offer_view
from .reviews import for_market, summary
from .settings import build_date, text_for
from .urls import Market, UrlMap
from .views import angle_labels, availability_labels, option_labels

#: rendered product cards: (slug, heading level) -> HTML
CardCache = dict[tuple[str, int], Markup]


@lru_cache(maxsize=64)
def text_direction(lang: str) -> str:
    """ "rtl" or "ltr" for a language tag ("ar", "en-gb")."""
    for tag in (lang.replace("-", "_"), lang.split("-")[0]):
        try:
            locale = Locale.parse(tag)
        except (ValueError, UnknownLocaleError):
            continue
        return direction(locale)
    return "ltr"


def foreign_lang(item: Any, market: Market) -> tuple[str, str] | None:
    """(lang, dir) of an item's text not in the market's language (dir "" when it runs the
    market's way); None when it is in the market's language.

    >>> class Text:
    ...     lang = "en"
    >>> foreign_lang(Text(), Market("ar-sa", "ar", "ar_SA", "SAR", dir="rtl"))
    ('en', 'ltr')
    >>> foreign_lang(Text(), Market("de-de", "de", "de_DE", "EUR"))
    ('en', '')
    """
    lang = getattr(item, "lang", "") or market.lang
    if lang.split("-")[0] == market.lang:  # regional text (en-gb) is the same language
        return None
    direction = text_direction(lang)
    # English text on an Arabic page runs left to right
    return lang, direction if direction != market.dir else ""


_WBR = Markup("<wbr>")


def phrase_breaks(value: Any, model: str | None) -> Markup:
    """Text as HTML with ``<wbr>`` between its phrases (Japanese, Chinese; see
    ``storefront_core.phrases``), each phrase escaped; other text only escaped. Markup (a
    translated label) is split too unless it holds tags.

    >>> phrase_breaks("<b>充電ステーション</b>", "ja")
    Markup('&lt;b&gt;充電<wbr>ステーション&lt;/b&gt;')
    >>> phrase_breaks(Markup("カートに追加"), "ja"), phrase_breaks("Colour & size", None)
    (Markup('カートに<wbr>追加'), Markup('Colour &amp; size'))
    """
    if model is None or value is None:
        return escape(value)
    if isinstance(value, Markup):
        if "<" in value:
            return value
        value = value.unescape()
    return _WBR.join(escape(part) for part in phrases(str(value), model))


def warm_babel(markets: MarketSet) -> None:
    """Load Babel's data of every market's locale and currency."""
    for market in markets.markets:
        format_money(Decimal(1), market.currency, market.locale)


def market_globals(env: Environment, market: Market, *, site: SiteInfo, catalog: Catalog,
                   markets: MarketSet, urls: UrlMap, translations: gettext.NullTranslations,
                   extras: dict[str, Any], static: Callable[[str], str],
                   cards: CardCache) -> tuple[dict[str, Any], dict[str, Any]]:
    """Template globals and filters of one market (each with its own caches)."""
    tr_gettext, tr_ngettext = gettext_callables(translations)
    avail = availability_labels()
    angles = angle_labels()
    options = option_labels()

    @lru_cache(maxsize=4096)  # Babel re-parses its patterns on every call
    def money(amount: Any, currency: str | None = None) -> str:
        return format_money(amount, currency or market.currency, market.locale)

    shared_parts: dict[str, Markup] = {}

    def shared(name: str) -> Markup:
        """A site-wide partial (footer, brand style) rendered once per build and market."""
        if name not in shared_parts:
            site_context = {"site": site, "market": market, "catalog": catalog,
                            "markets": markets}
            shared_parts[name] = Markup(env.get_template(name).render(site_context))
        return shared_parts[name]

    def product_card(product: Product, heading_level: int = 3) -> Markup:
        """A product card, rendered once per build and reused on every grid."""
        key = (product.slug, heading_level)
        if key not in cards:
            template = env.get_template("partials/product_card.html")
            cards[key] = Markup(template.render(p=product, heading_level=heading_level))
        return cards[key]

    offer_blocks: dict[tuple[str, str, OfferView | None], Markup] = {}

    def offer_block(product: Product, variant: Any = None) -> Markup:
        """The offer partial of a product (variant), rendered once per build and market: its
        buy action is the variant's own (a checkout target per SKU)."""
        o = offer(product, variant)
        key = (product.slug, variant.sku if variant is not None else "", o)
        if key not in offer_blocks:
            template = env.get_template("partials/offer_block.html")
            offer_blocks[key] = Markup(template.render(product=product, variant=variant, o=o))
        return offer_blocks[key]

    @lru_cache(maxsize=4096)  # as money: quantities, tiers and counts repeat on every page
    def number(value: Any) -> str:
        return format_decimal(value, locale=market.locale)

    def offer(product: Product, variant: Any = None) -> OfferView | None:
        return offer_view(product, market.currency, variant)

    def format_date(value: Any, fmt: str = "long") -> str:
        """A date in the market's locale: a Babel width ("long") or a CLDR skeleton
        ("yMMMd" -> "Jan 15, 2027", "15. Jan. 2027", "2027年1月15日")."""
        if fmt in ("short", "medium", "long", "full"):
            return babel_format_date(value, fmt, locale=market.locale)
        return format_skeleton(fmt, value, locale=market.locale)

    def lang_attr(item: Any) -> Markup:
        """` lang="en"` (and `dir`) on text not in the market's language (untranslated)."""
        foreign = foreign_lang(item, market)
        if foreign is None:
            return Markup("")
        if foreign[1]:
            return Markup(' lang="%s" dir="%s"') % foreign
        return Markup(' lang="%s"') % foreign[0]

    model = phrase_model(market.locale)

    def wbr(value: Any) -> Markup:
        """Phrase breaks (``<wbr>``) in a title or label of a Japanese or Chinese market."""
        return phrase_breaks(value, model)

    filters = {"money": money, "number": number, "format_date": format_date,
               "date": format_date, "phrases": wbr}
    made: dict[str, Any] = dict(
        _=tr_gettext,
        gettext=tr_gettext,
        ngettext=tr_ngettext,
        lang_attr=lang_attr,
        url=lambda obj, page=1: urls.url(obj, market, page),
        abs_url=lambda obj, page=1: urls.abs_url(obj, market, page),
        static=static,
        offer=offer,
        offer_block=offer_block,
        product_card=product_card,
        shared=shared,
        availability_label=lambda code: translations.gettext(avail.get(code) or code),
        angle_label=lambda code: translations.gettext(angles.get(code) or code),
        option_label=lambda name: translations.gettext(options.get(name) or name),
        review_summary=lambda product: summary(product.reviews),
        review_list=lambda product: for_market(product.reviews, market.lang),
        **extras,
    )
    return made, filters


class CardDigests:
    """Digest of each product card's HTML, remembered between builds.

    Grids depend on what their cards show, not on the whole product: editing a
    description re-renders that product's page, not the hundred pages listing it.
    """

    def __init__(self, known: dict[str, str], code_digest: str, prerender_min: int):
        self.before = set(known)  # what the cache held
        self.known = known
        self.live: set[str] = set()  # keys of every current product's cards
        self.code = code_digest
        self.prerender_min = prerender_min  # missing cards from which all render up front

    def _key(self, nav_digest: str, product: Product, level: int) -> str:
        return f"{self.code}:{nav_digest}:{product.digest}:{level}"

    def missing(self, catalog: Catalog, nav_digest: str) -> list[tuple[Product, int]]:
        """The cards of one market whose digest is not known (to render up front when many)."""
        return [(product, level) for product in catalog.products for level in (2, 3)
                if self._key(nav_digest, product, level) not in self.known]

    def remember(self, nav_digest: str, product: Product, level: int, html: str) -> None:
        """The digest of a card rendered up front."""
        key = self._key(nav_digest, product, level)
        self.known[key] = hashlib.sha256(html.encode()).hexdigest()

    def for_market(self, catalog: Catalog, nav_digest: str,
                   product_card: Callable[[Product, int], Markup]
                   ) -> Callable[[Product, int], str]:
        """The digest function of one market's cards (rendered with ``product_card`` when
        not known)."""
        known = self.known
        used: dict[str, str] = {}  # digests looked up on this build

        def digest(product: Product, heading_level: int) -> str:
            key = self._key(nav_digest, product, heading_level)
            if key not in used:
                if key not in known:
                    html = str(product_card(product, heading_level))
                    known[key] = hashlib.sha256(html.encode()).hexdigest()
                used[key] = known[key]
            return used[key]

        # keep the digests of every current product's cards (used on this build or not)
        self.live.update(self._key(nav_digest, p, level) for p in catalog.products
                         for level in (2, 3))
        return digest

    def changed(self) -> dict[str, str] | None:
        """The digests to remember, when they differ from the cache's (else None)."""
        current = {key: value for key, value in self.known.items() if key in self.live}
        return current if self.before != set(current) else None


class StaticFiles:
    """URLs of the theme's static files with a content hash for cache busting."""

    def __init__(self, theme: Path, root: Path, urls: UrlMap, static_dir: str):
        self.theme, self.root, self.urls, self.static_dir = theme, root, urls, static_dir
        self._hashes: dict[str, str] = {}

    def url(self, path: str) -> str:
        """URL of a theme static file, ``?v=`` its digest."""
        if path not in self._hashes:
            file = self.theme / "static" / path
            try:
                digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
            except OSError as exc:
                raise StorefrontError(
                    [Problem(display_path(file, self.root), "", f"theme file is missing ({exc})")]
                ) from None
            self._hashes[path] = digest
        return self.urls.file_url(f"{self.static_dir}/{path}?v={self._hashes[path]}")


def site_info(settings: dict[str, Any], market: Market, default_lang: str,
              static: Callable[[str], str]) -> SiteInfo:
    """The site's identity in ``market``'s language (texts fall back to the default one)."""
    s = settings
    logo = s.get("STORE_LOGO")

    def text(name: str) -> str:
        return LangText.of(*text_for(s[name], market.lang, default_lang))

    return SiteInfo(
        name=s["SITENAME"],
        url=s["SITEURL"].rstrip("/"),
        tagline=text("STORE_TAGLINE"),
        logo_url=static(logo) if logo else None,
        colors=dict(s["STORE_COLORS"]),
        fonts=dict(s["STORE_FONTS"]),
        contact_email=s["STORE_CONTACT_EMAIL"],
        inquiry_url=s["STORE_INQUIRY_URL"],
        shipping_note=text("STORE_SHIPPING_NOTE"),
        returns_note=text("STORE_RETURNS_NOTE"),
        payment_methods=list(s["STORE_PAYMENT_METHODS"]),
        social=list(s["STORE_SOCIAL"]),
        year=build_date().year,
    )
