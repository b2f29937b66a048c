"""Pelican wiring of the share cards: planned with the pages (``BuildContext.cards``, each
page plan carries its card), drawn before the pages render (``draw``, called by the generator:
on every core, alone), published under ``cards/<market>/`` with the site files.

Thin on purpose: a card shows what its page shows (the market's view of the catalog, the
headline price from ``offer_view``); drawing, keys and settings live in ``card``, ``fonts`` and
``settings``. Cards are content-addressed: ``<cache>/cards/<key>.jpg`` is drawn only when it is
missing (in the process pool when there are several) and hard-linked into the output as
``cards/<market>/products/<slug>-<key[:12]>.jpg``, so a shared link's picture changes its URL
exactly when its pixels change, and two markets never share a file name.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup
from PIL import features

from storefront_catalog import signals
from storefront_catalog.context import BuildContext
from storefront_catalog.i18n import gettext_callables
from storefront_catalog.model import Catalog, Category, Product
from storefront_catalog.money import format_money, offer_view
from storefront_catalog.plans import PagePlan, featured_products
from storefront_catalog.settings import apply_defaults, plugin_enabled
from storefront_catalog.urls import Market, UrlMap
from storefront_core.bidi import needs_complex_layout
from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import link_or_copy, write_atomic
from storefront_core.fonts import FontSet, file_digest
from storefront_core.forkpool import WorkerFailed, run_chunks, split, workers_available

from .card import HEIGHT, WIDTH, CardSpec, CardStyle, card_key, draw_card, encode_card
from .settings import NAME as SETTING
from .settings import (
    SOCIAL_CARD_SETTINGS,
    fonts_from_settings,
    social_card_problems,
    style_from_settings,
)

NAME = "storefront_social_cards"
#: the output folder of the cards, and of their cache inside the build cache
CARDS_DIR = "cards"
SUFFIXES = {"jpeg": ".jpg", "png": ".png"}
#: fewer missing cards than this are drawn in this process: forking would cost more
POOL_MIN = 4
#: logo files Pillow can draw (an SVG logo is left off the cards; set STORE_SOCIAL_CARDS logo)
RASTER_LOGOS = (".png", ".jpg", ".jpeg", ".webp", ".gif")

Gettext = Callable[..., str]


def register() -> None:
    from pelican import signals as pelican_signals

    pelican_signals.initialized.connect(check_card_settings)
    signals.store_loaded.connect(check_card_languages)
    signals.catalog_ready.connect(start_cards)
    signals.market_globals.connect(add_share_card)
    signals.site_written.connect(write_cards)


def cards_on(settings: Mapping[str, Any]) -> bool:
    """True when this build makes cards: the plugin is listed and not switched off."""
    if not plugin_enabled(settings, NAME):
        return False
    value = settings.get(SETTING)
    return not isinstance(value, Mapping) or value.get("enabled", True) is not False


def _root(settings: Mapping[str, Any]) -> Path:
    """The merchant's project folder (the one holding content/)."""
    return Path(settings["PATH"]).resolve().parent


# -- checks ------------------------------------------------------------------------------------

def check_card_settings(pelican: Any) -> None:
    """Stop the build before any work when STORE_SOCIAL_CARDS is wrong (every mistake listed)."""
    settings = pelican.settings
    if not plugin_enabled(settings, NAME):
        return
    value = settings.get(SETTING)
    problems = social_card_problems({} if value is None else value, _root(settings))
    if problems:
        raise StorefrontError(problems)
    apply_defaults(settings, SOCIAL_CARD_SETTINGS)


def check_card_languages(sender: Any, *, store: Any, settings: Mapping[str, Any],
                         root: Path | None = None, **_: Any) -> None:
    """Signal receiver (store loaded; the build and `storefront check`): the settings, then
    complex-script layout and fonts for every market language, as problems of the store."""
    if not cards_on(settings):
        return
    value = settings.get(SETTING) or {}
    root = root or _root(settings)
    found = social_card_problems(value, root)
    store.problems += [p for p in found if p not in store.problems]
    if found:
        return  # fonts named in a broken setting cannot be looked for
    langs = card_languages(store.markets.markets)
    try:
        fonts = fonts_from_settings(value, root)
        found = fonts.missing_problems(langs)
    except StorefrontError as exc:
        found = exc.problems
    store.problems += [p for p in found if p not in store.problems]
    needing = sorted(lang for lang in langs if needs_complex_layout(lang))
    if needing and not features.check("raqm"):
        store.problems.append(Problem(
            display_path(Path(store.markets.source), root) if store.markets.source
            else "pelicanconf.py", "markets",
            f"share cards in {', '.join(needing)} are drawn without their titles: they need "
            "complex text layout (Arabic joining and right-to-left order, Indic and Thai "
            "shaping), and Pillow's raqm cannot load the FriBiDi library here. Install it "
            "with `apt-get install libfribidi0` (macOS: `brew install fribidi`); "
            "`storefront doctor` checks it", severity="warning"))


def card_languages(markets: Iterable[Market]) -> list[str]:
    """The language tag each market's cards are drawn in (the region picks CJK glyphs)."""
    return sorted({m.hreflang for m in markets})


# -- what a card shows -------------------------------------------------------------------------

@dataclass(frozen=True)
class PlannedCard:
    """One card of one page of one market: what it shows, its key, file and Open Graph data."""

    spec: CardSpec
    key: str
    path: str  # relative to the output folder, e.g. "cards/en-us/products/pen-0123456789ab.jpg"
    url: str  # absolute
    alt: str  # og:image:alt, a sentence in the market's language
    type: str = "image/jpeg"
    width: int = WIDTH
    height: int = HEIGHT


def plain(text: Any) -> str:
    """Text from a template gettext call (Markup) as the characters it shows."""
    return text.unescape() if isinstance(text, Markup) else str(text)


def headline_prices(product: Product, market: Market) -> tuple[str | None, str | None, str]:
    """(price paid, regular price struck through or None, units note) as the product page shows
    them first: the first variant's offer, one order of the minimum quantity.

    >>> from decimal import Decimal
    >>> from storefront_catalog.model import Image
    >>> pen = Product(slug="pen", source_dir=Path("."), source_file=Path("pen/index.md"),
    ...     title="Pen", sku="P-1", brand="B", category=("Pens",), summary="", body_html="",
    ...     price={"EUR": Decimal("4.50")}, list_price={"EUR": Decimal("5")}, moq=10,
    ...     images=(Image("a.jpg", Path("a.jpg"), "front", ""),), digest="")
    >>> headline_prices(pen, Market("de-de", "de", "de_DE", "EUR"))
    ('45,00\\xa0€', '50,00\\xa0€', '4,50\\xa0€')
    """
    o = offer_view(product, market.currency, product.variants[0] if product.variants else None)
    if o is None:
        return None, None, ""
    price = format_money(o.moq_total, o.currency, market.locale)
    regular = (format_money(o.list_price * o.moq, o.currency, market.locale)
               if o.list_price is not None and o.list_price > o.unit_price else None)
    unit = format_money(o.unit_price, o.currency, market.locale) if o.moq > 1 else ""
    return price, regular, unit


def product_card(product: Product, market: Market, *, brand: str, category: str,
                 gettext: Gettext, ngettext: Gettext,
                 logo: Path | None = None) -> tuple[CardSpec, str]:
    """A product's card in ``market`` (photo, title, headline price, sale badge) and its alt.

    The product is the market's copy: localized, with the sale price and the regular one as
    ``list_price`` while a promotion runs.
    """
    price, regular, unit = headline_prices(product, market)
    subtitle = category
    if unit:  # the headline is a whole minimum order: say what it buys
        moq = product.moq
        subtitle = plain(ngettext("%(num)s unit at %(unit)s each",
                                  "%(num)s units at %(unit)s each", moq,
                                  num=_number(moq, market), unit=unit))
    spec = CardSpec(title=product.title, lang=market.hreflang, direction=market.dir,
                    price=price, regular_price=regular, photo=product.images[0].source,
                    brand=brand, logo=logo, badge=product.sale.badge if product.sale else None,
                    subtitle=subtitle or None)
    alt = product.title
    if price and regular:
        alt += (f" – {plain(gettext('Sale price'))} {price} "
                f"({plain(gettext('Regular price'))} {regular})")
    elif price:
        alt += f" – {price}"
    return spec, alt


def home_card(market: Market, *, brand: str, tagline: str, site_url: str,
              featured: Product | None, logo: Path | None = None) -> tuple[CardSpec, str]:
    """A market's home card: brand, tagline, the address, the featured product's photo."""
    host = urlsplit(site_url).netloc or None
    spec = CardSpec(title=tagline or brand, lang=market.hreflang, direction=market.dir,
                    photo=featured.images[0].source if featured else None, brand=brand,
                    logo=logo, subtitle=host)
    return spec, f"{brand} – {tagline}" if tagline else brand


def category_card(category: Category, market: Market, *, brand: str, ngettext: Gettext,
                  logo: Path | None = None) -> tuple[CardSpec, str]:
    """A category's card: its name, how many products it holds, its first product's photo."""
    products = category.all_products()
    count = plain(ngettext("%(num)s product", "%(num)s products", len(products),
                           num=_number(len(products), market)))
    spec = CardSpec(title=category.title, lang=market.hreflang, direction=market.dir,
                    photo=products[0].images[0].source if products else None, brand=brand,
                    logo=logo, subtitle=count)
    return spec, f"{category.title} – {count}"


def _number(value: int, market: Market) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=market.locale)


def featured_product(catalog: Catalog) -> Product | None:
    """The product the home page features first."""
    return next(iter(featured_products(catalog, 1)), None)


# -- one build's cards -------------------------------------------------------------------------

class CardBuild:
    """The cards of one build: style, fonts, every market's planned cards, what was drawn."""

    def __init__(self, style: CardStyle, fonts: FontSet, cache_dir: Path, urls: UrlMap,
                 logo: Path | None = None):
        self.style = style
        self.fonts = fonts
        self.cache = cache_dir / CARDS_DIR
        self.urls = urls
        self.logo = logo  # STORE_LOGO, when STORE_SOCIAL_CARDS has no logo of its own
        self.suffix = SUFFIXES[style.format]
        self.cards: dict[tuple[str, ...], PlannedCard] = {}  # (market code, kind, id)
        self.default_market = ""
        self.photo_keys: Mapping[Path, str] = {}  # sha256 of photos the images plugin read
        self._digests: dict[Path, str] = {}
        self.drawn: list[str] = []  # keys drawn this build
        self.reused = 0
        self.seconds: float | None = None  # how long drawing took; None: not drawn yet

    def digest(self, path: Path) -> str:
        """SHA-256 of an image file, read once per build (photos: from the images plugin)."""
        found = self.photo_keys.get(path) or self._digests.get(path)
        if found is None:
            found = self._digests[path] = file_digest(path)
        return found

    def add(self, market: Market, kind: str, ident: str, made: tuple[CardSpec, str]) -> None:
        spec, alt = made
        key = card_key(spec, self.style, self.fonts, digest=self.digest)
        stem = {"home": "home", "product": f"products/{ident}",
                "category": f"collections/{ident}"}[kind]
        path = f"{CARDS_DIR}/{market.code}/{stem}-{key[:12]}{self.suffix}"
        self.cards[(market.code, kind, ident)] = PlannedCard(
            spec, key, path, self.urls.abs_file_url(path), alt, f"image/{self.style.format}")

    def plan_market(self, market: Market, catalog: Catalog, *, brand: str, tagline: str,
                    gettext: Gettext, ngettext: Gettext) -> None:
        """Every card of one market: its home, each product, each category."""
        logo = None if self.style.logo else self.logo
        self.add(market, "home", "", home_card(
            market, brand=brand, tagline=tagline, site_url=self.urls.abs_file_url(""),
            featured=featured_product(catalog), logo=logo))
        for category in catalog.iter_categories():
            self.add(market, "category", category.path, category_card(
                category, market, brand=brand, ngettext=ngettext, logo=logo))
        names = {c.path: c.title for c in catalog.iter_categories()}
        for product in catalog.products:
            self.add(market, "product", product.slug, product_card(
                product, market, brand=brand, category=names.get(product.category_path, ""),
                gettext=gettext, ngettext=ngettext, logo=logo))

    def for_page(self, market: Market | None, kind: str | None, ident: str = "") -> PlannedCard:
        """The card of a page: its product's or category's, else its market's home card (text
        pages, 404, and the root chooser: the default market's)."""
        code = market.code if market is not None else self.default_market
        if kind in ("product", "category"):
            found = self.cards.get((code, kind, ident))
            if found is not None:
                return found
        return self.cards[(code, "home", "")]

    def plan(self, context: BuildContext) -> None:
        """Every card of every market (with the photo digests the images plugin read)."""
        if context.media is not None and not self.photo_keys:
            self.photo_keys = context.media.photo_keys()
        self.default_market = context.markets.default.code
        for market in context.markets.markets:
            site = context.sites[market.code]
            gettext, ngettext = gettext_callables(context.translations(market))
            self.plan_market(market, context.views[market.code].catalog, brand=site.name,
                             tagline=str(site.tagline or ""), gettext=gettext,
                             ngettext=ngettext)

    def card_for(self, plan: PagePlan) -> PlannedCard | None:
        """The card a planned page shows (None for pages of markets without cards)."""
        key = plan.key
        if (plan.market.code, "home", "") not in self.cards:
            return None
        return self.for_page(plan.market, plan.kind, str(key[1]) if len(key) > 1 else "")

    # -- drawing and publishing ----------------------------------------------------------------

    def cache_file(self, key: str) -> Path:
        return self.cache / f"{key}{self.suffix}"

    def draw(self) -> None:
        """Draw the missing cards once (timed); later calls do nothing."""
        if self.seconds is None:
            started = time.perf_counter()
            self.draw_missing()
            self.seconds = time.perf_counter() - started

    def draw_missing(self) -> None:
        """Draw every card not in the cache yet (on every core when there are several), then
        delete cached cards no page uses any more."""
        wanted = {card.key: card.spec for card in self.cards.values()}
        todo = [(key, spec) for key, spec in wanted.items() if not self.cache_file(key).is_file()]
        self.reused = len(wanted) - len(todo)
        if todo:
            self.cache.mkdir(parents=True, exist_ok=True)
            chunks = card_chunks(todo, workers_available() if len(todo) >= POOL_MIN else 1)
            if len(chunks) > 1:
                with contextlib.suppress(StorefrontError):  # the workers report it per card
                    self.fonts.preload(spec.lang for _, spec in todo)  # shared with them
            try:
                results = run_chunks(partial(draw_cards, self.cache, self.style, self.fonts),
                                     chunks)
            except WorkerFailed as exc:
                last = [line for line in str(exc).strip().splitlines() if line.strip()]
                raise StorefrontError([Problem(
                    "plugins/storefront_social_cards", "", "drawing the share cards failed: "
                    f"{last[-1] if last else exc}")]) from None
            problems = [p for found in results for p in found]
            if problems:
                raise StorefrontError(problems)
            self.drawn = [key for key, _ in todo]
        names = {self.cache_file(key).name for key in wanted}
        for entry in (self.cache.iterdir() if self.cache.is_dir() else ()):
            if entry.name not in names:
                entry.unlink(missing_ok=True)

    def publish(self, output: Path) -> int:
        """Link every card into ``output`` (and remove cards of earlier builds); the count."""
        paths = {card.path: card.key for card in self.cards.values()}
        folder = output / CARDS_DIR
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and path.relative_to(output).as_posix() not in paths:
                    path.unlink()
        made: set[Path] = set()
        for rel, key in paths.items():
            target = output / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            link_or_copy(self.cache_file(key), target)
        return len(paths)


def card_chunks(todo: list[tuple[str, CardSpec]],
                parts: int) -> list[list[tuple[str, CardSpec]]]:
    """``todo`` in at most ``parts`` chunks of about equal length, the cards of one photo in
    the same chunk one after the other (left-to-right ones, then right-to-left ones): a
    worker decodes and resizes a photo, and paints its background, once for all its cards.

    >>> spec = lambda photo, d="ltr": CardSpec("T", "en", d, photo=photo and Path(photo))
    >>> todo = [("1", spec("a")), ("2", spec("b")), ("3", spec("a", "rtl")), ("4", spec("a")),
    ...         ("5", spec(None))]
    >>> [[key for key, _ in chunk] for chunk in card_chunks(todo, 2)]
    [['1', '4', '3', '5'], ['2']]
    """
    groups: dict[str, list[tuple[str, CardSpec]]] = {}
    for key, spec in todo:
        groups.setdefault(str(spec.photo or ""), []).append((key, spec))
    ordered = [sorted(group, key=lambda item: item[1].direction == "rtl")
               for group in groups.values()]
    return [[item for group in part for item in group] for part in split(ordered, parts)]


def draw_cards(cache: Path, style: CardStyle, fonts: FontSet,
               todo: list[tuple[str, CardSpec]]) -> list[Problem]:
    """Draw and encode cards into ``cache`` as ``<key><suffix>`` (in a worker process); the
    problems of cards that cannot be drawn (an unreadable photo or logo)."""
    problems: list[Problem] = []
    for key, spec in todo:
        try:
            data = encode_card(draw_card(spec, style, fonts), style)
        except StorefrontError as exc:
            problems += [p for p in exc.problems if p not in problems]
            continue
        write_atomic(cache / f"{key}{SUFFIXES[style.format]}", data)
    return problems


# -- signal receivers --------------------------------------------------------------------------

def start_cards(context: BuildContext, **_: Any) -> None:
    """Signal receiver (catalog ready): this build's style, fonts and card cache, as
    ``context.cards`` (the generator plans them with the pages)."""
    settings = context.settings
    if not cards_on(settings):
        return
    value = settings.get(SETTING) or {}
    root = context.root
    fonts = fonts_from_settings(value, root)
    fonts.digest_index = context.digests
    context.cards = CardBuild(style_from_settings(value, root), fonts, context.cache_dir,
                              context.urls, logo=_store_logo(context))


def _store_logo(context: BuildContext) -> Path | None:
    """STORE_LOGO's file when Pillow can draw it (a theme static file, or under content/)."""
    logo = context.settings.get("STORE_LOGO")
    if not logo or Path(logo).suffix.lower() not in RASTER_LOGOS:
        return None
    for folder in (context.theme / "static", context.content_dir, context.root):
        if (folder / logo).is_file():
            return folder / logo
    return None


def add_share_card(context: BuildContext, *, market: Market, globals: dict[str, Any],
                   **_: Any) -> None:
    """Signal receiver (market globals): ``share_card()`` gives the templates the card of the
    page being rendered (its plan's)."""
    build = context.cards
    if not isinstance(build, CardBuild):
        return

    @pass_context
    def share_card(ctx: Any) -> PlannedCard | None:
        plan: PagePlan | None = ctx.get("plan")
        if plan is not None:
            return plan.card  # type: ignore[return-value]  # ours: a PlannedCard
        return build.for_page(ctx.get("market") or market, None)

    globals["share_card"] = share_card


def write_cards(context: BuildContext, *, output: Path, **_: Any) -> None:
    """Signal receiver (site written): publish every card (drawn before the pages rendered;
    drawn now when nothing called ``draw``)."""
    build = context.cards
    if not isinstance(build, CardBuild):
        return
    build.draw()
    started = time.perf_counter()
    build.publish(output)
    stats = context.stats
    stats.cards_drawn = len(build.drawn)
    stats.cards_reused = build.reused
    stats.timings["cards"] = (build.seconds or 0.0) + time.perf_counter() - started
