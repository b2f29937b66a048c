"""The products generator: reads the catalog once and writes every storefront page."""

from __future__ import annotations

import gettext
import hashlib
import logging
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup
from pelican.generators import Generator

from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import atomic_open, link_or_copy, write_atomic
from storefront_core.forkpool import WorkerFailed, run_chunks, split, workers_available

from . import signals
from .i18n import gettext_callables, install_translations, load_translations
from .markets import MarketSet, direction
from .model import Catalog, Category, Product
from .money import OfferView, format_money, offer_view
from .settings import (
    SETTINGS,
    apply_defaults,
    build_date,
    check_settings,
    description_for,
    enabled_plugins,
    fit_list,
    text_for,
    title_for,
    title_within,
)
from .stats import BuildStats
from .store import load_store
from .urls import Market, UrlMap
from .views import (
    angle_labels,
    availability_labels,
    breadcrumbs_for,
    inquiry_href,
    option_groups,
    related_products,
    variant_data,
)

logger = logging.getLogger(__name__)

CACHE_FORMAT = 1  # bump when the pickled cache layout changes


class LangText(str):
    """Text that knows its language (a per-language setting that fell back to another)."""

    lang: str = ""

    @classmethod
    def of(cls, text: str, lang: str) -> LangText:
        out = cls(text)
        out.lang = lang
        return out


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


@dataclass
class SiteInfo:
    """Site identity passed to every template as ``site``."""

    name: str
    url: str
    tagline: str
    logo_url: str | None
    colors: dict[str, str]
    fonts: dict[str, str]
    contact_email: str | None
    inquiry_url: str | None
    shipping_note: str
    returns_note: str
    payment_methods: list[str]
    social: list[str]
    year: int  # for the copyright line


@dataclass
class PageJob:
    """One HTML file to write: template, context, and what its content depends on."""

    template: str
    output: str
    context: dict[str, Any]
    depends: list[str] = field(default_factory=list)  # digests of the data shown
    market: Market | None = None  # whose language, currency and globals it renders with
    #: what the page shows, the same in every market: ("product", slug), ("home",)...
    key: tuple[Any, ...] = ()
    #: context entries that cost time to compute: made only when the page is rendered
    lazy: Callable[[], dict[str, Any]] | None = None

    def full_context(self) -> dict[str, Any]:
        return {**self.context, **self.lazy()} if self.lazy else self.context


def project_root(settings: dict[str, Any]) -> Path:
    """The merchant's repository: the folder holding content/."""
    return Path(settings["PATH"]).resolve().parent


#: settings that differ between two builds of the same site without changing any page
_VOLATILE_SETTINGS = {"OUTPUT_PATH", "DELETE_OUTPUT_DIRECTORY", "CACHE_PATH", "LOAD_CONTENT_CACHE"}


def settings_fingerprint(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """Settings that can change what a page shows, as stable text."""
    out = []
    for key in sorted(settings):
        if key.isupper() and key not in _VOLATILE_SETTINGS:
            text = repr(settings[key])
            if " at 0x" not in text:  # functions and objects: not data
                out.append((key, text))
    return out


def _hash_tree(folder: Path) -> str:
    """Digest of every file under ``folder`` (names and bytes), in a stable order."""
    h = hashlib.sha256()
    if folder.is_dir():
        files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in sorted(files):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


class StorefrontGenerator(Generator):
    """Reads content/products and content/pages once; renders home, product, category pages."""

    #: missing product cards from which a build renders them all up front, on every core
    card_prerender_min = 128

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Pelican's environment does not escape; product text is untrusted marketer input
        self.env.autoescape = True
        self.env.auto_reload = False  # templates do not change during a build: no stat per include
        self.env.add_extension("jinja2.ext.i18n")
        #: UI translations of the market being rendered (issue: markets installs real catalogs)
        self.translations = gettext.NullTranslations()
        self.env.install_gettext_translations(  # type: ignore[attr-defined]
            self.translations, newstyle=True
        )
        install_translations(self.env, self.translations)
        self.stats = BuildStats()
        self.catalog: Catalog | None = None
        self.jobs: list[PageJob] = []
        self.root = project_root(self.settings)
        self.cache_dir = self.root / self.settings.get("STORE_CACHE_DIR", ".cache/storefront")
        #: set by the images plugin (storefront_images) when it is enabled
        self.media: Any = None
        #: rendered product cards by market code, then (slug, heading level)
        self._cards: dict[str, dict[tuple[str, int], Markup]] = {}
        self._market_globals: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._active = ""  # code of the market whose globals are installed
        self._card_cache: tuple[set[str], dict[str, str], set[str]] = (set(), {}, set())
        self._static_hashes: dict[str, str] = {}

    # -- reading ------------------------------------------------------------------------
    def generate_context(self) -> None:
        started = time.perf_counter()
        settings = self.settings
        apply_defaults(settings, SETTINGS)
        problems = check_settings(settings, SETTINGS)
        if problems:
            raise StorefrontError(problems)
        self.urls = UrlMap(settings["SITEURL"])
        cache = self._load_cache("catalog")
        stamps = {key: value[0] for key, value in cache.items()}
        store = load_store(settings, Path(self.path), self.root, cache, self._warm_up)
        if isinstance(store, list):
            raise StorefrontError(store)
        if stamps != {key: value[0] for key, value in cache.items()}:
            self._save_cache("catalog", cache)
        markets, catalog, problems = store.markets, store.catalog, store.problems
        self.markets = markets
        self.market = markets.default
        self.views = store.views
        i18n_dir = self.root / settings["STORE_I18N_DIR"]
        self._ui: dict[str, tuple[gettext.NullTranslations, str]] = {}
        for lang in markets.languages:
            translations, digest, found = load_translations(i18n_dir, lang, self.cache_dir)
            self._ui[lang] = (translations, digest)
            problems += found
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise StorefrontError(errors)
        self._report_warnings([p for p in problems if p.severity == "warning"])
        self.catalog = catalog
        self.stats.products = len(catalog.products)
        self.stats.markets = len(markets.markets)
        self.context["catalog"] = catalog
        self.context["storefront_markets"] = markets
        self.context["storefront_views"] = self.views
        self.stats.timings["read"] = time.perf_counter() - started

        started = time.perf_counter()
        signals.catalog_ready.send(self, catalog=catalog, context=self.context)
        if self.media is None:
            raise StorefrontError(
                [
                    Problem(
                        "pelicanconf.py",
                        "PLUGINS",
                        'the storefront_images plugin is not enabled; add "storefront_images" '
                        "to PLUGINS (product photos need it)",
                    )
                ]
            )
        self.stats.timings["images"] = time.perf_counter() - started

        started = time.perf_counter()
        self.jobs = self._plan_all()
        before, known, live = self._card_cache
        current = {key: value for key, value in known.items() if key in live}
        if before != set(current):  # new cards, or cards of products that are gone
            self._save_cache("cards", current)
        self.stats.timings["plan"] = time.perf_counter() - started

    def _warm_up(self, markets: MarketSet) -> None:
        """While workers read a cold build: compile the theme and load Babel's data here, once,
        instead of in every render worker."""
        templates = Path(self.theme) / "templates"
        for path in sorted(templates.rglob("*.html")):
            self.env.get_template(path.relative_to(templates).as_posix())
        self._code_digest()
        for market in markets.markets:
            format_money(Decimal(1), market.currency, market.locale)

    def _report_warnings(self, warnings: list[Problem]) -> None:
        """Log warnings grouped by message shape so 5,000 alike become one line."""
        groups: dict[str, list[Problem]] = {}
        for w in warnings:
            groups.setdefault(f"{w.field.split('[')[0]}: {w.message.split(';')[0]}", []).append(w)
        for key, items in groups.items():
            first = ", ".join(str(i.file) for i in items[:3])
            more = f" and {len(items) - 3} more" if len(items) > 3 else ""
            line = str(items[0]) if len(items) == 1 else f"{len(items)} x {key} ({first}{more})"
            self.stats.warnings.append(line)
            logger.warning(line)

    # -- caches -------------------------------------------------------------------------
    def _cache_file(self, name: str) -> Path:
        return self.cache_dir / f"{name}.v{CACHE_FORMAT}.pickle"

    def _load_cache(self, name: str) -> dict[str, Any]:
        try:
            with self._cache_file(name).open("rb") as fh:
                data = pickle.load(fh)
            return data if isinstance(data, dict) else {}
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}

    def _save_cache(self, name: str, data: dict[str, Any]) -> None:
        path = self._cache_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(path) as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)

    # -- template helpers ---------------------------------------------------------------
    def _site_info(self, market: Market) -> SiteInfo:
        s = self.settings
        logo = s.get("STORE_LOGO")
        default = self.markets.default.lang

        def text(name: str) -> str:
            return LangText.of(*text_for(s[name], market.lang, default))

        return SiteInfo(
            name=s["SITENAME"],
            url=s["SITEURL"].rstrip("/"),
            tagline=text("STORE_TAGLINE"),
            logo_url=self.static_url(logo) if logo else None,
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

    def static_url(self, path: str) -> str:
        """URL of a theme static file with a content hash for cache busting."""
        if path not in self._static_hashes:
            file = Path(self.theme) / "static" / path
            try:
                digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
            except OSError as exc:
                raise StorefrontError(
                    [Problem(display_path(file, self.root), "", f"theme file is missing ({exc})")]
                ) from None
            self._static_hashes[path] = digest
        static_dir = self.settings.get("THEME_STATIC_DIR", "theme")
        return self.urls.file_url(f"{static_dir}/{path}?v={self._static_hashes[path]}")

    def _activate(self, market: Market) -> None:
        """Render with ``market``'s language, currency, URLs and caches from now on."""
        if self._active == market.code:
            return
        made = self._market_globals.get(market.code)
        if made is None:
            made = self._market_globals[market.code] = self._globals_for(market)
        self.env.globals.update(made[0])
        self.env.filters.update(made[1])
        self.translations = self._ui[market.lang][0]
        self._active = market.code

    def _globals_for(self, market: Market) -> tuple[dict[str, Any], dict[str, Any]]:
        """Template globals and filters of one market (each with its own caches)."""
        urls = self.urls
        env = self.env
        site = self._sites[market.code]
        catalog = self.views[market.code].catalog
        translations = self._ui[market.lang][0]
        tr_gettext, tr_ngettext = gettext_callables(translations)
        avail = availability_labels()
        angles = angle_labels()

        @lru_cache(maxsize=4096)  # Babel re-parses its patterns on every call
        def money(amount: Any, currency: str | None = None) -> str:
            return format_money(amount, currency or market.currency, market.locale)

        cards = self._cards.setdefault(market.code, {})
        shared_parts: dict[str, Markup] = {}

        def shared(name: str) -> Markup:
            """A site-wide partial (footer, brand style) rendered once per build and market."""
            if name not in shared_parts:
                site_context = {"site": site, "market": market, "catalog": catalog,
                                "markets": self.markets}
                shared_parts[name] = Markup(env.get_template(name).render(site_context))
            return shared_parts[name]

        def product_card(product: Product, heading_level: int = 3) -> Markup:
            """A product card, rendered once per build and reused on every grid."""
            key = (product.slug, heading_level)
            if key not in cards:
                template = env.get_template("partials/product_card.html")
                cards[key] = Markup(template.render(p=product, heading_level=heading_level))
            return cards[key]

        offer_blocks: dict[tuple[str, OfferView | None], Markup] = {}

        def offer_block(product: Product, variant: Any = None) -> Markup:
            """The offer partial of a product (variant); variants with equal offers share it."""
            o = offer(product, variant)
            key = (product.slug, o)
            if key not in offer_blocks:
                template = env.get_template("partials/offer_block.html")
                offer_blocks[key] = Markup(template.render(product=product, o=o))
            return offer_blocks[key]

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
            lang = getattr(item, "lang", "") or market.lang
            if lang.split("-")[0] == market.lang:  # regional text (en-gb) is the same language
                return Markup("")
            direction = text_direction(lang)
            if direction != market.dir:  # English text on an Arabic page runs left to right
                return Markup(' lang="%s" dir="%s"') % (lang, direction)
            return Markup(' lang="%s"') % lang

        filters = {"money": money, "number": number, "format_date": format_date,
                   "date": format_date}
        made: dict[str, Any] = dict(
            _=tr_gettext,
            gettext=tr_gettext,
            ngettext=tr_ngettext,
            lang_attr=lang_attr,
            url=lambda obj, page=1: urls.url(obj, market, page),
            abs_url=lambda obj, page=1: urls.abs_url(obj, market, page),
            static=self.static_url,
            offer=offer,
            offer_block=offer_block,
            product_card=product_card,
            shared=shared,
            availability_label=lambda code: translations.gettext(avail.get(code) or code),
            angle_label=lambda code: translations.gettext(angles.get(code) or code),
            **self.views[market.code].extras,
        )
        signals.market_globals.send(self, market=market, globals=made, site=site,
                                    catalog=catalog)
        return made, filters

    # -- planning -----------------------------------------------------------------------
    def _plan_all(self) -> list[PageJob]:
        """Every page of every market, then each page's hreflang alternates."""
        self._sites = {m.code: self._site_info(m) for m in self.markets.markets}
        self._cards = {}
        self._market_globals = {}
        self._active = ""
        known = self._load_cache("cards")
        self._card_cache = (set(known), known, set())
        jobs: list[PageJob] = []
        for market in self.markets.markets:
            self._activate(market)
            jobs += self._plan_market(market)
        self._link_alternates(jobs)
        return jobs

    def _link_alternates(self, jobs: list[PageJob]) -> None:
        """hreflang alternates and market-switcher links, from the same URL map for every page.

        A page lists the pages showing the same thing in every market that has it (itself
        included) and, as x-default, the same page in the default market (else in the first
        market that shows it); home pages have the chooser as x-default, and the chooser lists
        the home pages and itself. Every cluster is closed, so the links are reciprocal by
        construction, x-default included.
        """
        markets = self.markets
        where: dict[tuple[Any, ...], dict[str, str]] = {}
        for job in jobs:
            if job.key and job.market is not None:
                where.setdefault(job.key, {})[job.market.code] = job.context["canonical"]
        chooser = self.urls.abs_url("chooser", markets.default) if markets.multi else None
        homes = {m.code: self.urls.url("home", m) for m in markets.markets}
        for job in jobs:
            found = where.get(job.key, {})
            alternates = [(m, found[m.code]) for m in markets.markets if m.code in found]
            x_default = markets.x_default(found)
            if job.key == ("chooser",):  # x-default of the cluster of home pages
                homes_found = where.get(("home",), {})
                alternates = [(m, homes_found[m.code]) for m in markets.markets]
            if job.key in (("chooser",), ("home",)):
                x_default = chooser
            if not markets.multi or job.key == ("404",):
                alternates, x_default = [], None
            job.context["alternates"] = alternates
            job.context["x_default"] = x_default
            job.context["switch"] = [
                (m, found[m.code][len(self.urls.origin):] if m.code in found else homes[m.code])
                for m in markets.markets
            ] if markets.multi else []
            job.depends.append(hashlib.sha256(repr(
                (sorted(found.items()), x_default)).encode()).hexdigest())

    def _plan_market(self, market: Market) -> list[PageJob]:
        """The pages of one market (its catalog, language and currency)."""
        view = self.views[market.code]
        catalog = view.catalog
        site = self._sites[market.code]
        urls = self.urls
        base = {
            "site": site,
            "market": market,
            "markets": self.markets,
            "catalog": catalog,
            "SITENAME": site.name,
            "SITEURL": site.url,
        }
        # what every page shows (navigation, footer, settings): a change re-renders all
        nav_digest = hashlib.sha256(
            repr(
                (
                    market,
                    [m.code for m in self.markets.markets],
                    self._ui[market.lang][1],
                    [(c.path, c.names) for c in catalog.iter_categories()],
                    [(p.slug, p.title) for p in catalog.pages],
                    settings_fingerprint(self.settings),
                    site.year,
                    sorted(view.extras.items()),
                )
            ).encode()
        ).hexdigest()
        sitename = site.name
        titles = self.settings["STORE_TITLES"]
        descriptions = self.settings["STORE_DESCRIPTIONS"]
        jobs: list[PageJob] = []
        card_digest = self._card_digests(market, catalog, nav_digest)

        def job(
            template: str,
            obj: object,
            owner: str,
            depends: Iterable[str],
            lazy: Callable[[], dict[str, Any]] | None = None,
            key: tuple[Any, ...] = (),
            **ctx: Any,
        ) -> None:
            page = ctx.pop("page_number", 1)
            output = urls.claim(obj, market, owner, page)
            context = {**base, **ctx, "canonical": urls.abs_url(obj, market, page)}
            jobs.append(PageJob(template, output, context, [nav_digest, *depends],
                                market=market, key=key, lazy=lazy))

        featured = sorted(catalog.products, key=lambda p: (not p.featured, p.order, p.title))
        featured = featured[: self.settings["STORE_FEATURED_COUNT"]]
        job(
            "home.html",
            "home",
            f"the home page of {market.code}",
            [card_digest(p, 3) for p in featured],
            key=("home",),
            page_kind="home",
            title=title_for(titles, "home", site=sitename, tagline=site.tagline),
            description=fit_list(
                [catalog.category_title(c, market.lang) for c in catalog.categories],
                partial(description_for, descriptions, "home", site=sitename,
                        tagline=str(site.tagline or "")), "categories", market.locale) or sitename,
            noindex=False,
            breadcrumbs=[],
            featured=featured,
            categories=catalog.categories,
        )

        categories = {c.path: c for c in catalog.iter_categories()}
        avail = availability_labels()
        tr = self.translations.gettext

        def product_extras(product: Product, category: Category) -> dict[str, Any]:
            return {
                "breadcrumbs": breadcrumbs_for(product, category, categories, urls, market),
                "variant_data": variant_data(product, market, avail=avail, gettext=tr),
                "option_groups": option_groups(product),
                "inquiry_href": inquiry_href(product, site, urls.abs_url(product, market), tr),
            }

        for product in catalog.products:
            category = categories[product.category_path]
            related = related_products(product, category, catalog, self.settings)
            job(
                "product.html",
                product,
                display_path(product.source_file, self.root),
                [product.digest, *(card_digest(r, 3) for r in related)],
                partial(product_extras, product, category),
                key=("product", product.slug),
                page_kind="product",
                title=product.seo_title or title_within(
                    partial(title_for, titles, "product"), title=product.title, site=sitename,
                    brand=product.brand, category=category.title, sku=product.sku),
                description=product.seo_description or description_for(
                    descriptions, "product", title=product.title, summary=product.summary,
                    site=sitename, brand=product.brand, category=category.title,
                    price=_headline_price(product, market)),
                noindex=False,
                product=product,
                category=category,
                related=related,
            )

        per_page = self.settings["STORE_PER_PAGE"]
        for category in catalog.iter_categories():
            products = category.all_products()
            pages = max(1, -(-len(products) // per_page))
            page_urls = [urls.url(category, market, n) for n in range(1, pages + 1)]
            for number in range(1, pages + 1):
                chunk = products[(number - 1) * per_page : number * per_page]
                title = category.title if number == 1 else f"{category.title} ({number}/{pages})"
                job(
                    "category.html",
                    category,
                    f"category {'/'.join(category.names)}",
                    [card_digest(p, 2) for p in chunk],
                    key=("category", category.path, number),
                    page_number=number,
                    page_kind="category",
                    title=title_for(titles, "category", title=title, site=sitename,
                                    parent=category.names[-2] if len(category.names) > 1 else ""),
                    description=category.description or fit_list(
                        [p.title for p in chunk[:4]],
                        partial(description_for, descriptions, "category", title=category.title,
                                site=sitename, count=str(len(products))),
                        "products", market.locale),
                    noindex=False,
                    breadcrumbs=breadcrumbs_for(None, category, categories, urls, market),
                    category=category,
                    products=chunk,
                    subcategories=category.children,
                    paginator=Paginator(number, pages, page_urls),
                )

        for page in catalog.pages:
            job(
                "page.html",
                page,
                display_path(page.source_file, self.root),
                [page.digest],
                key=("page", page.slug),
                page_kind="page",
                title=page.seo_title or title_for(titles, "page", title=page.title,
                                                  site=sitename),
                description=page.seo_description or description_for(
                    descriptions, "page", title=page.title, summary=page.summary,
                    site=sitename) or page.title,
                noindex=page.noindex,
                breadcrumbs=[(page.title, urls.url(page, market))],
                page=page,
            )

        if market == self.markets.default:
            if self.markets.multi:
                job(
                    "chooser.html",
                    "chooser",
                    "the market chooser",
                    [],
                    key=("chooser",),
                    page_kind="chooser",
                    title=sitename,
                    description=fit_list(
                        [Locale.parse(m.locale).territories.get(m.country, m.native_name)
                         for m in self.markets.markets],
                        partial(description_for, descriptions, "chooser", site=sitename,
                                tagline=str(site.tagline or "")), "markets", market.locale),
                    noindex=False,
                    breadcrumbs=[],
                    homes=[(m, urls.url("home", m)) for m in self.markets.markets],
                )
            job(
                "404.html",
                "404",
                "the 404 page",
                [],
                key=("404",),
                page_kind="404",
                title=f"{self.translations.gettext('Page not found')} | {sitename}",
                description=site.tagline or sitename,
                noindex=True,
                breadcrumbs=[],
            )
        return jobs

    def _card_digests(self, market: Market, catalog: Catalog,
                      nav_digest: str) -> Callable[[Product, int], str]:
        """Digest of each product card's HTML, remembered between builds.

        Grids depend on what their cards show, not on the whole product: editing a
        description re-renders that product's page, not the hundred pages listing it.
        """
        _, known, live = self._card_cache
        code = self._code_digest()
        used: dict[str, str] = {}  # digests looked up on this build
        product_card = self.env.globals["product_card"]
        cards = self._cards[market.code]
        todo = [
            (product, level)
            for product in catalog.products
            for level in (2, 3)
            if f"{code}:{nav_digest}:{product.digest}:{level}" not in known
        ]
        if len(todo) >= self.card_prerender_min:  # cold: render cards on every core, keep HTML
            digests = {p.slug: p.digest for p, _ in todo}
            for chunk in run_chunks(self._render_cards, split(todo, workers_available())):
                for slug, level, html in chunk:
                    cards[(slug, level)] = Markup(html)
                    key = f"{code}:{nav_digest}:{digests[slug]}:{level}"
                    used[key] = known[key] = hashlib.sha256(html.encode()).hexdigest()

        def digest(product: Product, heading_level: int) -> str:
            key = f"{code}:{nav_digest}:{product.digest}:{heading_level}"
            if key not in used:
                if key not in known:
                    html = str(product_card(product, heading_level))
                    known[key] = hashlib.sha256(html.encode()).hexdigest()
                used[key] = known[key]
            return used[key]

        # keep the digests of every current product's cards (used on this build or not)
        prefix = f"{code}:{nav_digest}:"
        live.update(f"{prefix}{p.digest}:{level}" for p in catalog.products for level in (2, 3))
        return digest

    def _render_cards(self, items: list[tuple[Product, int]]) -> list[tuple[str, int, str]]:
        """In a worker: the HTML of these product cards."""
        product_card = self.env.globals["product_card"]
        return [(p.slug, level, str(product_card(p, level))) for p, level in items]

    # -- writing ------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        started = time.perf_counter()
        out_root = Path(self.output_path)
        if self.media is not None:
            self.stats.renditions = self.media.publish(out_root)
        self.stats.timings["publish"] = time.perf_counter() - started

        started = time.perf_counter()
        code_digest = self._code_digest()
        page_cache = self.cache_dir / "pages"
        page_cache.mkdir(parents=True, exist_ok=True)
        cached_files: list[Path] = []
        missing: list[int] = []
        for index, job in enumerate(self.jobs):
            key = hashlib.sha256(
                "\0".join([code_digest, job.template, job.output, *job.depends]).encode()
            ).hexdigest()
            cached = page_cache / f"{key}.html"
            cached_files.append(cached)
            if not cached.exists():
                missing.append(index)
        # big renders use every core: forked workers share the catalog and the templates
        chunks = split(missing, workers_available()) if len(missing) >= 64 else [missing]
        try:
            counts = run_chunks(partial(self._render_to_cache, cached_files), chunks)
        except WorkerFailed as exc:
            raise StorefrontError(_template_problem(str(exc), self.root)) from None
        self.stats.pages_rendered = sum(counts)
        made_dirs: set[Path] = set()
        for job, cached in zip(self.jobs, cached_files, strict=True):
            target = out_root / job.output
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            link_or_copy(cached, target)
            self.stats.pages_written += 1
        used = {c.name for c in cached_files}
        for stale in page_cache.iterdir():
            if stale.name not in used:
                stale.unlink(missing_ok=True)
        self.stats.timings["render"] = time.perf_counter() - started
        started = time.perf_counter()
        signals.site_written.send(self, output=out_root, markets=self.markets, views=self.views,
                                  jobs=self.jobs, urls=self.urls, media=self.media)
        if signals.site_written.receivers:
            self.stats.timings["site files"] = time.perf_counter() - started
        signals.build_finished.send(self, stats=self.stats)

    def _render_to_cache(self, cached_files: list[Path], indexes: list[int]) -> int:
        """Render the pages ``indexes`` of self.jobs into the page cache; returns the count."""
        for index in indexes:
            job = self.jobs[index]
            if job.market is not None:
                self._activate(job.market)
            html = self.get_template(job.template.removesuffix(".html")).render(
                job.full_context()
            )
            write_atomic(cached_files[index], html.encode("utf-8"))
        return len(indexes)

    def _code_digest(self) -> str:
        """What every page depends on besides its data: templates, static files, the code of
        our plugins this build runs (a plugin switched off cannot change a page)."""
        if not hasattr(self, "_code_digest_value"):
            plugins = Path(__file__).resolve().parent.parent
            enabled = enabled_plugins(self.settings) | {"storefront_catalog", "storefront_core"}
            h = hashlib.sha256()
            for folder in [Path(self.theme) / "templates", Path(self.theme) / "static"] + sorted(
                p for p in plugins.iterdir() if p.name.startswith("storefront_")
                and p.name in enabled
            ):
                h.update(_hash_tree(folder).encode())
            self._code_digest_value = h.hexdigest()
        return self._code_digest_value


def _headline_price(product: Product, market: Market) -> str:
    """The price a product's page shows first, formatted for the market ("" without one)."""
    o = offer_view(product, market.currency, product.variants[0] if product.variants else None)
    return format_money(o.moq_total, o.currency, market.locale) if o else ""


@dataclass(frozen=True)
class Paginator:
    number: int
    count: int
    urls: list[str]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def _template_problem(text: str, root: Path) -> list[Problem]:
    """A theme error raised in a render worker, as a problem naming the template."""
    last = [line for line in text.strip().splitlines() if line.strip()]
    where = next((line.strip() for line in reversed(last) if 'File "' in line), "")
    return [Problem("themes", "", f"a template failed: {last[-1] if last else text} ({where})")]



