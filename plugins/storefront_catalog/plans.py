"""Page planning: pure functions turning one market's catalog into typed page plans.

A plan says what a page is (kind, item, market), where it goes (output path, canonical URL),
which pages in other markets show the same thing (hreflang alternates and x-default), what
its content depends on, and its share card. Templates get a context made from the plan;
sitemaps, cards and feeds read the plans themselves. Nothing here needs Pelican.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale

from storefront_core.errors import display_path

from .caches import settings_fingerprint
from .facets import CollectionData, data_output, facet_summary, record_extras
from .markets import MarketSet
from .model import Catalog, Category, Page, Product
from .money import format_money, offer_view
from .settings import description_for, fit_list, title_for, title_within
from .urls import Market, UrlMap
from .views import (
    availability_labels,
    breadcrumbs_for,
    inquiry_href,
    option_groups,
    related_products,
    variant_data,
)

if TYPE_CHECKING:
    from .context import ShareCard, ShareCards, SiteInfo

#: what a page's grid cards look like: (product, heading level) -> digest of the card's HTML
CardDigest = Callable[[Product, int], str]


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


@dataclass(frozen=True, eq=False)
class PagePlan:
    """One page of one market: what it shows, where it goes, what it links and depends on."""

    kind: str  # "home", "product", "category", "page", "search", "chooser" or "404"
    #: what the page shows, the same in every market: ("product", slug), ("home",)...
    key: tuple[Any, ...]
    market: Market  # whose language, currency and globals it renders with
    template: str
    output: str  # path in the output folder
    url: str  # canonical absolute URL
    item: Product | Category | Page | str  # a product, category, page, or the kind's name
    title: str
    description: str
    noindex: bool
    #: the template's own variables (product, related, paginator, breadcrumbs...)
    values: Mapping[str, Any]
    depends: tuple[str, ...]  # digests of what the page shows
    #: template variables that cost time to compute: made only when the page is rendered
    lazy: Callable[[], dict[str, Any]] | None = None
    #: hreflang alternates: (market, absolute URL) of every market showing it, itself included
    alternates: tuple[tuple[Market, str], ...] = ()
    x_default: str | None = None
    #: market switcher: (market, root-relative URL) for every market
    switch: tuple[tuple[Market, str], ...] = ()
    card: ShareCard | None = None


@dataclass(frozen=True)
class MarketInputs:
    """What planning one market's pages reads."""

    market: Market
    markets: MarketSet
    catalog: Catalog  # the market's view of the catalog
    site: SiteInfo
    urls: UrlMap
    settings: dict[str, Any]
    root: Path  # for file names in messages
    nav_digest: str  # what every page of the market shows (navigation, footer, settings)
    card_digest: CardDigest
    gettext: Callable[[str], str]  # the market's UI translations
    search: bool = False  # a search page (the site search plugin fills ``context.search``)


def page_context(plan: PagePlan, base: Mapping[str, Any]) -> dict[str, Any]:
    """The template context of a planned page (``base``: the market's site-wide variables)."""
    context = {
        **base,
        "page_kind": plan.kind,
        "title": plan.title,
        "description": plan.description,
        "noindex": plan.noindex,
        **plan.values,
        "canonical": plan.url,
        "alternates": list(plan.alternates),
        "x_default": plan.x_default,
        "switch": list(plan.switch),
        "plan": plan,
    }
    if plan.lazy is not None:
        context.update(plan.lazy())
    return context


def navigation_digest(market: Market, markets: MarketSet, ui_digest: str,
                      catalog: Catalog, settings: dict[str, Any], year: int,
                      extras: Mapping[str, Any]) -> str:
    """Digest of what every page of a market shows: a change re-renders them all."""
    return hashlib.sha256(
        repr(
            (
                market,
                [m.code for m in markets.markets],
                ui_digest,
                [(c.path, c.names) for c in catalog.iter_categories()],
                [(p.slug, p.title) for p in catalog.pages],
                settings_fingerprint(settings),
                year,
                sorted(extras.items()),
            )
        ).encode()
    ).hexdigest()


def plan_market(inputs: MarketInputs) -> list[PagePlan]:
    """The pages of one market: home, products, categories, text pages, the search page (with
    site search on; and for the default market the root chooser and the 404 page).
    Alternates are linked afterwards."""
    plans = [plan_home(inputs)]
    plans += plan_products(inputs)
    plans += plan_categories(inputs)
    plans += plan_text_pages(inputs)
    if inputs.search:
        plans.append(plan_search(inputs))
    if inputs.market == inputs.markets.default:
        plans += plan_root_pages(inputs)
    return plans


def _plan(inputs: MarketInputs, template: str, kind: str, item: Any, owner: str,
          depends: Iterable[str], key: tuple[Any, ...], *, title: str, description: str,
          noindex: bool, values: Mapping[str, Any],
          lazy: Callable[[], dict[str, Any]] | None = None, page: int = 1) -> PagePlan:
    """A plan at the URL the map gives ``item`` (claimed for ``owner``, named in clashes)."""
    urls, market = inputs.urls, inputs.market
    output = urls.claim(item, market, owner, page)
    return PagePlan(kind, key, market, template, output, urls.abs_url(item, market, page), item,
                    title, description, noindex, values, (inputs.nav_digest, *depends), lazy)


#: a page at the URL the map gives its item, for plugins that add pages (the festival pages)
plan_page = _plan


def featured_products(catalog: Catalog, count: int) -> list[Product]:
    """The products the home page features, in order."""
    return sorted(catalog.products, key=lambda p: (not p.featured, p.order, p.title))[:count]


def plan_home(inputs: MarketInputs) -> PagePlan:
    """The market's home page: featured products and top categories."""
    market, catalog, site = inputs.market, inputs.catalog, inputs.site
    featured = featured_products(catalog, inputs.settings["STORE_FEATURED_COUNT"])
    return _plan(
        inputs, "home.html", "home", "home", f"the home page of {market.code}",
        [inputs.card_digest(p, 3) for p in featured], ("home",),
        title=title_for(inputs.settings["STORE_TITLES"], "home", site=site.name,
                        tagline=site.tagline),
        description=fit_list(
            [catalog.category_title(c, market.lang) for c in catalog.categories],
            partial(description_for, inputs.settings["STORE_DESCRIPTIONS"], "home",
                    site=site.name, tagline=str(site.tagline or "")),
            "categories", market.locale) or site.name,
        noindex=False,
        values={"breadcrumbs": [], "featured": featured, "categories": catalog.categories},
    )


def _headline_price(product: Product, market: Market) -> str:
    """The price a product's page shows first, formatted for the market ("" without one)."""
    o = offer_view(product, market.currency, product.variants[0] if product.variants else None)
    return format_money(o.moq_total, o.currency, market.locale) if o else ""


def _product_extras(inputs: MarketInputs, categories: dict[str, Category],
                    avail: dict[str, str], product: Product,
                    category: Category) -> dict[str, Any]:
    """A product page's costly variables: breadcrumbs, variant data, options, inquiry link."""
    urls, market, tr = inputs.urls, inputs.market, inputs.gettext
    return {
        "breadcrumbs": breadcrumbs_for(product, category, categories, urls, market),
        "variant_data": variant_data(product, market, avail=avail, gettext=tr),
        "option_groups": option_groups(product),
        "inquiry_href": inquiry_href(product, inputs.site, urls.abs_url(product, market), tr),
    }


def plan_products(inputs: MarketInputs) -> list[PagePlan]:
    """One page per product the market sells."""
    market, catalog, site, settings = inputs.market, inputs.catalog, inputs.site, inputs.settings
    categories = {c.path: c for c in catalog.iter_categories()}
    avail = availability_labels()
    plans = []
    for product in catalog.products:
        category = categories[product.category_path]
        related = related_products(product, category, catalog, settings)
        plans.append(_plan(
            inputs, "product.html", "product", product,
            display_path(product.source_file, inputs.root),
            [product.digest, *(inputs.card_digest(r, 3) for r in related)],
            ("product", product.slug),
            title=product.seo_title or title_within(
                partial(title_for, settings["STORE_TITLES"], "product"), title=product.title,
                site=site.name, brand=product.brand, category=category.title, sku=product.sku),
            description=product.seo_description or description_for(
                settings["STORE_DESCRIPTIONS"], "product", title=product.title,
                summary=product.summary, site=site.name, brand=product.brand,
                category=category.title, price=_headline_price(product, market)),
            noindex=False,
            values={"product": product, "category": category, "related": related},
            lazy=partial(_product_extras, inputs, categories, avail, product, category),
        ))
    return plans


def plan_categories(inputs: MarketInputs) -> list[PagePlan]:
    """Every category's pages (paginated by STORE_PER_PAGE)."""
    market, catalog, urls, site = inputs.market, inputs.catalog, inputs.urls, inputs.site
    per_page = inputs.settings["STORE_PER_PAGE"]
    categories = {c.path: c for c in catalog.iter_categories()}
    plans = []
    for category in catalog.iter_categories():
        products = category.all_products()
        pages = max(1, -(-len(products) // per_page))
        page_urls = [urls.url(category, market, n) for n in range(1, pages + 1)]
        data = _collection_data(inputs, category, products)
        for number in range(1, pages + 1):
            chunk = products[(number - 1) * per_page : number * per_page]
            title = category.title if number == 1 else f"{category.title} ({number}/{pages})"
            plans.append(_plan(
                inputs, "category.html", "category", category,
                f"category {'/'.join(category.names)}",
                [*(inputs.card_digest(p, 2) for p in chunk), data.summary.digest, data.url],
                ("category", category.path, number),
                page=number,
                title=title_for(inputs.settings["STORE_TITLES"], "category", title=title,
                                site=site.name,
                                parent=category.names[-2] if len(category.names) > 1 else ""),
                description=category.description or fit_list(
                    [p.title for p in chunk[:4]],
                    partial(description_for, inputs.settings["STORE_DESCRIPTIONS"],
                            "category", title=category.title, site=site.name,
                            count=str(len(products))),
                    "products", market.locale),
                noindex=False,
                values={
                    "breadcrumbs": breadcrumbs_for(None, category, categories, urls, market),
                    "category": category,
                    "products": chunk,
                    "subcategories": category.children,
                    "paginator": Paginator(number, pages, page_urls),
                    "collection_data": data,
                },
            ))
    return plans


def _collection_data(inputs: MarketInputs, category: Category,
                     products: list[Product]) -> CollectionData:
    """What a collection's sort and filter controls read in the market (facets.py)."""
    market, urls = inputs.market, inputs.urls
    output = data_output(urls.output_path(category, market))
    return CollectionData(
        output=output, url=urls.file_url(output), products=tuple(products),
        summary=facet_summary(products, market), per_page=inputs.settings["STORE_PER_PAGE"],
        depends=(inputs.nav_digest,
                 *(f"{inputs.card_digest(p, 2)}:{record_extras(p)}" for p in products)))


def plan_text_pages(inputs: MarketInputs) -> list[PagePlan]:
    """The text pages (about, shipping, ...) of the market."""
    site, settings = inputs.site, inputs.settings
    return [
        _plan(
            inputs, "page.html", "page", page, display_path(page.source_file, inputs.root),
            [page.digest], ("page", page.slug),
            title=page.seo_title or title_for(settings["STORE_TITLES"], "page",
                                              title=page.title, site=site.name),
            description=page.seo_description or description_for(
                settings["STORE_DESCRIPTIONS"], "page", title=page.title,
                summary=page.summary, site=site.name) or page.title,
            noindex=page.noindex,
            values={"breadcrumbs": [(page.title, inputs.urls.url(page, inputs.market))],
                    "page": page},
        )
        for page in inputs.catalog.pages
    ]


def plan_search(inputs: MarketInputs) -> PagePlan:
    """The market's search page (``/<market>/search/?q=...``): results are drawn in the
    browser from the market's search index, so the page is the same for every query; its
    canonical URL has no query, so every query is one page to search engines."""
    title = inputs.gettext("Search")
    market, catalog, site = inputs.market, inputs.catalog, inputs.site
    return _plan(
        inputs, "search.html", "search", "search", f"the search page of {market.code}",
        [], ("search",),
        title=f"{title} | {site.name}",
        description=fit_list(
            [catalog.category_title(c, market.lang) for c in catalog.categories],
            partial(description_for, inputs.settings["STORE_DESCRIPTIONS"], "search",
                    search=title, site=site.name, tagline=str(site.tagline or "")),
            "categories", market.locale) or site.name,
        noindex=False,
        values={"breadcrumbs": [(title, inputs.urls.url("search", inputs.market))]},
    )


def plan_root_pages(inputs: MarketInputs) -> list[PagePlan]:
    """The site root's pages: the market chooser (several markets) and the 404 page."""
    market, markets, site, urls = inputs.market, inputs.markets, inputs.site, inputs.urls
    plans = []
    if markets.multi:
        plans.append(_plan(
            inputs, "chooser.html", "chooser", "chooser", "the market chooser", [],
            ("chooser",),
            title=site.name,
            description=fit_list(
                [Locale.parse(m.locale).territories.get(m.country, m.native_name)
                 for m in markets.markets],
                partial(description_for, inputs.settings["STORE_DESCRIPTIONS"], "chooser",
                        site=site.name, tagline=str(site.tagline or "")),
                "markets", market.locale),
            noindex=False,
            values={"breadcrumbs": [], "homes": [(m, urls.url("home", m))
                                                 for m in markets.markets]},
        ))
    plans.append(_plan(
        inputs, "404.html", "404", "404", "the 404 page", [], ("404",),
        title=f"{inputs.gettext('Page not found')} | {site.name}",
        description=site.tagline or site.name,
        noindex=True,
        values={"breadcrumbs": []},
    ))
    return plans


def link_alternates(plans: list[PagePlan], markets: MarketSet, urls: UrlMap) -> list[PagePlan]:
    """The plans with their hreflang alternates and market-switcher links, from the same URL
    map for every page.

    A page lists the pages showing the same thing in every market that has it (itself
    included) and, as x-default, the same page in the default market (else in the first
    market that shows it); home pages have the chooser as x-default, and the chooser lists
    the home pages and itself. Every cluster is closed, so the links are reciprocal by
    construction, x-default included.
    """
    where: dict[tuple[Any, ...], dict[str, str]] = {}
    for plan in plans:
        where.setdefault(plan.key, {})[plan.market.code] = plan.url
    chooser = urls.abs_url("chooser", markets.default) if markets.multi else None
    homes = {m.code: urls.url("home", m) for m in markets.markets}
    clusters: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # the same for every page of one
    linked = []
    for plan in plans:
        cluster = clusters.get(plan.key)
        if cluster is None:
            cluster = clusters[plan.key] = _cluster_links(plan.key, where, markets, urls,
                                                          chooser, homes)
        alternates, x_default, switch, digest = cluster
        linked.append(replace(plan, alternates=alternates, x_default=x_default,
                              switch=switch, depends=(*plan.depends, digest)))
    return linked


def _cluster_links(key: tuple[Any, ...], where: dict[tuple[Any, ...], dict[str, str]],
                   markets: MarketSet, urls: UrlMap, chooser: str | None,
                   homes: dict[str, str]) -> tuple[Any, ...]:
    """(alternates, x-default, market switcher, digest of the links) of the pages ``key``."""
    found = where.get(key, {})
    alternates = [(m, found[m.code]) for m in markets.markets if m.code in found]
    x_default = markets.x_default(found)
    if key == ("chooser",):  # x-default of the cluster of home pages
        homes_found = where.get(("home",), {})
        alternates = [(m, homes_found[m.code]) for m in markets.markets]
    if key in (("chooser",), ("home",)):
        x_default = chooser
    if not markets.multi or key == ("404",):
        alternates, x_default = [], None
    switch = [
        (m, found[m.code][len(urls.origin):] if m.code in found else homes[m.code])
        for m in markets.markets
    ] if markets.multi else []
    digest = hashlib.sha256(repr((sorted(found.items()), x_default)).encode()).hexdigest()
    return tuple(alternates), x_default, tuple(switch), digest


def with_cards(plans: list[PagePlan], cards: ShareCards) -> list[PagePlan]:
    """The plans with their share cards; a page depends on its card's key, so a page whose
    card changed (a font, the featured photo) is rendered again."""
    out = []
    for plan in plans:
        card = cards.card_for(plan)
        out.append(plan if card is None else
                   replace(plan, card=card, depends=(*plan.depends, card.key)))
    return out
