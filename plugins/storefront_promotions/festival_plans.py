"""Festival pages as page plans: the template's ``festival`` view, the title, description and
breadcrumb in the market's language, and the page's structured data.

The structured data is a ``CollectionPage`` whose ``mainEntity`` is an ``ItemList`` of the
products shown (each a ``ListItem`` with the product page's URL: Google's summary-page
pattern, so the Product markup stays on the product pages) and the ``BreadcrumbList``. While a
sale runs, its window is the page's ``temporalCoverage``. No ``Event``: Google's event
guidelines rule out short-term discounts and sales as events ("Don't add short-term discounts
or purchase opportunities"; Google Search Central blog, 27 Nov 2017: a sale is not an event or
a ``saleEvent``), and marking one up can bring a manual action that turns off the rich results
of the whole site, its products' included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton

from storefront_catalog.context import SiteInfo
from storefront_catalog.markets import MarketCatalog
from storefront_catalog.model import Product, last_day
from storefront_catalog.plans import MarketInputs, PagePlan, featured_products, plan_page
from storefront_catalog.settings import fit_list, title_within
from storefront_catalog.urls import Landing, Market, UrlMap
from storefront_catalog.views import N_

from . import calendar as festival_calendar
from .festival_pages import (
    FESTIVAL_PAGES,
    FestivalState,
    highlight_products,
    last_run_year,
    sale_products,
    sale_span,
    state_key,
)
from .texts import banner_text, discount_text

JsonObject = dict[str, Any]

# the page's own texts, translated in the theme's catalogs (N_: extracted, translated later)
HEADING = N_("%(festival)s %(year)s deals")
HEADING_NO_YEAR = N_("%(festival)s deals")
DESCRIPTION_RUNNING = N_("%(festival)s deals at %(site)s until %(date)s: %(products)s")
DESCRIPTION_NEXT = N_("The next %(festival)s at %(site)s is on %(date)s. Until then: "
                      "%(products)s")
DESCRIPTION_UNKNOWN = N_("%(festival)s deals at %(site)s: %(products)s")


@dataclass(frozen=True)
class SaleRun:
    """A running campaign of the festival as the page shows it."""

    id: str
    text: str  # its banner text in the market's language ("" without one)
    discount: str | None  # "20 %", "10,00 €"; None for sale prices per SKU
    coupon: str | None
    start: datetime  # aware, in the market's (or the campaign's) zone
    end: datetime  # exclusive

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return last_day(self.end)


@dataclass(frozen=True)
class FestivalView:
    """What templates/festival.html receives as ``festival``."""

    id: str  # festival id
    name: str  # the festival's name in the market's language ("Black Friday", "双十一")
    heading: str  # the H1 ("Black Friday 2026 deals")
    running: tuple[SaleRun, ...]  # empty outside the sale
    next_start: date | None  # the festival's next (or current) day(s), from the calendar
    next_end: date | None
    next_when: str  # those days as the market writes them ("November 26", "26–27 January")
    expected: bool  # the next date is expected, not declared yet (Islamic festivals, Diwali)
    next_sale: tuple[date, date] | None  # first and last day of the next sale, when known
    highlights_year: int | None  # the products are the last run's (that year's); None: featured
    jsonld: JsonObject  # the page's structured data (CollectionPage, BreadcrumbList)

    @property
    def is_running(self) -> bool:
        return bool(self.running)

    @property
    def next_year(self) -> int | None:
        return self.next_start.year if self.next_start else None


def festival_url(urls: UrlMap, market: Market, slug: str) -> str:
    """Root-relative URL of a festival page (``/shop/de-de/black-friday/`` on a sub-path
    site): what banners and heroes link to.

    >>> festival_url(UrlMap("https://s.example/shop"), Market("de-de", "de", "de_DE", "EUR",
    ...              prefix="de-de"), "black-friday")
    '/shop/de-de/black-friday/'
    """
    return urls.url(Landing(slug), market)


class FestivalPlanner:
    """What the promotions plugin puts in ``BuildContext.festivals``: the festival pages of
    every market, planned with the catalog's pages (``plan(inputs)`` per market)."""

    def __init__(self, views: Mapping[str, MarketCatalog]):
        self.views = views

    def plan(self, inputs: MarketInputs) -> list[PagePlan]:
        """The festival pages of the market ``inputs`` plans."""
        states = self.views[inputs.market.code].extras.get(FESTIVAL_PAGES) or ()
        return [plan_festival(inputs, state) for state in states]


def plan_festival(inputs: MarketInputs, state: FestivalState) -> PagePlan:
    """One festival page of one market."""
    market, settings, tr = inputs.market, inputs.settings, inputs.gettext
    products = list(inputs.catalog.products)
    if state.is_running:
        shown = sale_products(state, products, settings["STORE_PER_PAGE"])
    else:
        shown = highlight_products(state, products, settings["STORE_FEATURED_COUNT"])
    highlights = last_run_year(state) if shown and not state.is_running else None
    if not shown and not state.is_running:
        shown = featured_products(inputs.catalog, settings["STORE_FEATURED_COUNT"])
    name = festival_calendar.festival_name(state.festival, market.lang, state.country or None)
    year = _page_year(state)
    heading = (tr(HEADING) % {"festival": name, "year": year} if year
               else tr(HEADING_NO_YEAR) % {"festival": name})
    urls = inputs.urls
    item = Landing(state.slug)
    crumbs = [(N_("Home"), urls.url("home", market)), (name, urls.url(item, market))]
    description = _description(inputs, state, name, shown)
    running = tuple(_sale_run(c, w, market, tr) for c, w in state.running)
    view = FestivalView(
        id=state.festival, name=name, heading=heading, running=running,
        next_start=state.next.start if state.next else None,
        next_end=state.next.end if state.next else None,
        next_when=_days_text(state.next.start, state.next.end, market) if state.next else "",
        expected=bool(state.next and state.next.expected),
        next_sale=(state.next_sale.first_day, state.next_sale.last_day)
        if state.next_sale else None,
        highlights_year=highlights,
        jsonld=festival_jsonld(
            name=heading, description=description, url=urls.abs_url(item, market),
            lang=market.hreflang, site=inputs.site, site_url=urls.abs_file_url(""),
            crumbs=[(tr(n) if i == 0 else n, urls.origin + href)
                    for i, (n, href) in enumerate(crumbs)],
            items=[(p.title, urls.abs_url(p, market)) for p in shown],
            sale=sale_span(state)),
    )
    return plan_page(
        inputs, "festival.html", "festival", item, f"the {state.festival} page of {market.code}",
        [state_key(state), *(inputs.card_digest(p, 3) for p in shown)],
        ("festival", state.festival),
        title=title_within(_title, heading=heading, site=inputs.site.name),
        description=description, noindex=False,
        values={"breadcrumbs": crumbs, "festival": view, "products": shown},
    )


def _title(heading: str, site: str) -> str:
    return f"{heading} | {site}" if site else heading


def _days_text(first: date, last: date, market: Market) -> str:
    """A festival's day or days without the year, as the market writes them.

    >>> en = Market("en-us", "en", "en_US", "USD")
    >>> _days_text(date(2027, 11, 26), date(2027, 11, 26), en)
    'November 26'
    >>> _days_text(date(2028, 1, 26), date(2028, 1, 27), Market("en-sg", "en", "en_SG", "SGD"))
    '26\u2009–\u200927 January'
    """
    if first == last:
        return format_skeleton("MMMMd", first, locale=market.locale)
    return format_interval(first, last, "MMMMd", locale=market.locale)


def _page_year(state: FestivalState) -> int | None:
    """The festival year the page is about: the running sale's, else the next one's."""
    if state.running:
        window = state.running[0][1]
        return window.occurrence.start.year if window.occurrence else window.first_day.year
    return state.next.start.year if state.next else None


def _sale_run(campaign: Any, window: Any, market: Market,
              translate: Callable[[str], str]) -> SaleRun:
    return SaleRun(id=campaign.id, text=banner_text(campaign, window, market, translate) or "",
                   discount=discount_text(campaign, market), coupon=campaign.coupon,
                   start=window.start, end=window.end)


def _description(inputs: MarketInputs, state: FestivalState, name: str,
                 shown: Sequence[Product]) -> str:
    """The meta description: the sale's last day (or the next festival day) and as many of
    the products as fit."""
    market, site, tr = inputs.market, inputs.site, inputs.gettext
    fields = {"festival": name, "site": site.name}
    span = sale_span(state)
    if span is not None:
        pattern = tr(DESCRIPTION_RUNNING)
        fields["date"] = format_date(last_day(span[1]), "long", locale=market.locale)
    elif state.next is not None:
        pattern = tr(DESCRIPTION_NEXT)
        fields["date"] = format_date(state.next.start, "long", locale=market.locale)
    else:
        pattern = tr(DESCRIPTION_UNKNOWN)
    return fit_list([p.title for p in shown], partial(_fill, pattern, fields), "products",
                    market.locale) or name


def _fill(pattern: str, fields: Mapping[str, str], products: str) -> str:
    return pattern % {**fields, "products": products}


def festival_jsonld(*, name: str, description: str, url: str, lang: str, site: SiteInfo | None,
                    site_url: str, crumbs: Sequence[tuple[str, str]],
                    items: Sequence[tuple[str, str]],
                    sale: tuple[datetime, datetime] | None) -> JsonObject:
    """The festival page's structured data: a ``CollectionPage`` with an ``ItemList`` of its
    products (their pages' URLs) and its ``BreadcrumbList``, as one ``@graph``.

    >>> out = festival_jsonld(name="Black Friday 2026 deals", description="d",
    ...     url="https://s.example/en-us/black-friday/", lang="en-US", site=None,
    ...     site_url="https://s.example/", crumbs=[("Home", "https://s.example/en-us/"),
    ...     ("Black Friday", "https://s.example/en-us/black-friday/")],
    ...     items=[("Pen", "https://s.example/en-us/products/pen/")], sale=None)
    >>> page, crumbs = out["@graph"]
    >>> page["@type"], page["mainEntity"]["itemListElement"][0]["url"]
    ('CollectionPage', 'https://s.example/en-us/products/pen/')
    >>> crumbs["itemListElement"][1]["item"]
    'https://s.example/en-us/black-friday/'
    """
    crumb_id = f"{url}#breadcrumb"
    page: JsonObject = {
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": name,
        "description": description,
        "inLanguage": lang,
        "isPartOf": {"@type": "WebSite", "@id": f"{site_url}#website", "url": site_url,
                     **({"name": site.name} if site is not None else {})},
        "breadcrumb": {"@id": crumb_id},
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [{"@type": "ListItem", "position": i, "url": link, "name": title}
                                for i, (title, link) in enumerate(items, start=1)],
        },
    }
    if sale is not None:  # ISO 8601 interval: the content holds while the sale runs
        page["temporalCoverage"] = f"{sale[0].isoformat()}/{sale[1].isoformat()}"
    breadcrumb: JsonObject = {
        "@type": "BreadcrumbList",
        "@id": crumb_id,
        "itemListElement": [{"@type": "ListItem", "position": i, "name": title, "item": link}
                            for i, (title, link) in enumerate(crumbs, start=1)],
    }
    return {"@context": "https://schema.org", "@graph": [page, breadcrumb]}
