"""Festival pages: what each market's page of a festival shows at the moment a site is built
(pure functions; ``festival_plans`` turns it into page plans).

A market that runs campaigns following a festival (``festival: black-friday``) gets one page
per festival at ``/<market>/<slug>/`` that lives all year: while one of those campaigns runs
there it lists the campaign's products at the prices every other page shows; the rest of the
year it says when the festival comes next (the festival calendar, in the market's country)
and shows the products of the last run, or the featured products before the first.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from storefront_catalog.model import Product
from storefront_catalog.urls import Market

from .calendar import Occurrence, Overrides
from .model import Campaign, Scope
from .schedule import Window, active, festival_occurrences, utc, windows

#: the view extra (``MarketCatalog.extras``) holding a market's festival pages
FESTIVAL_PAGES = "festival_pages"
#: how many years ahead the next festival and the next sale are looked for
_YEARS_AHEAD = 2


@dataclass(frozen=True)
class FestivalState:
    """One festival page of one market at the build's moment."""

    festival: str  # festival id, "black-friday"
    slug: str  # its address in the market: /<market>/<slug>/
    country: str  # whose festival dates the page names
    running: tuple[tuple[Campaign, Window], ...]  # the festival's campaigns running now
    last: tuple[tuple[Campaign, Window], ...]  # the campaigns of the last run that ended
    next: Occurrence | None  # the festival's next (or current) occurrence; None: unknown
    next_sale: Window | None  # when the next run starts, when it is known

    @property
    def is_running(self) -> bool:
        return bool(self.running)


def slug_for(festival: str, market: Market, slugs: Mapping[str, Mapping[str, str]]) -> str:
    """The festival page's slug in a market: set for its code, its language or every market
    (content/festivals.yml), else the festival id.

    >>> de = Market("de-de", "de", "de_DE", "EUR")
    >>> slug_for("black-friday", de, {"black-friday": {"de": "schwarzer-freitag"}})
    'schwarzer-freitag'
    >>> slug_for("singles-day", de, {})
    'singles-day'
    """
    own = slugs.get(festival, {})
    return own.get(market.code) or own.get(market.lang) or own.get("") or festival


def festival_states(campaigns: Iterable[Campaign], market: Market, now: datetime,
                    overrides: Overrides | None,
                    slugs: Mapping[str, Mapping[str, str]]) -> tuple[FestivalState, ...]:
    """The festival pages of one market at the moment ``now``, by festival id."""
    groups: dict[str, list[Campaign]] = {}
    for campaign in campaigns:
        if campaign.festival is not None and campaign.sells_in(market.code):
            groups.setdefault(campaign.festival, []).append(campaign)
    return tuple(_state(festival, group, market, now, overrides, slugs)
                 for festival, group in sorted(groups.items()))


def _state(festival: str, group: list[Campaign], market: Market, now: datetime,
           overrides: Overrides | None, slugs: Mapping[str, Mapping[str, str]]) -> FestivalState:
    country = next((c.country for c in group if c.country), None) or market.country
    years = range(utc(now).year - 1, utc(now).year + _YEARS_AHEAD + 1)
    runs = [(c, w) for c in group for w in windows(c, market, years, overrides)]
    ended = [(c, w) for c, w in runs if utc(w.end) <= utc(now)]
    last: list[tuple[Campaign, Window]] = []
    if ended:
        latest = max(ended, key=lambda item: utc(item[1].end))[1]
        # the campaigns that ran for the same festival day (or, with fixed dates, overlapped)
        last = sorted(((c, w) for c, w in ended
                       if w.occurrence == latest.occurrence
                       and utc(w.start) < utc(latest.end) and utc(latest.start) < utc(w.end)),
                      key=lambda item: item[0].id)
    coming = [w for _c, w in runs if utc(w.start) > utc(now)]
    return FestivalState(
        festival=festival, slug=slug_for(festival, market, slugs), country=country,
        running=tuple(active(group, market, now, overrides)),
        last=tuple(last), next=next_occurrence(festival, country, market, now, overrides),
        next_sale=min(coming, key=lambda w: utc(w.start)) if coming else None)


def next_occurrence(festival: str, country: str, market: Market, now: datetime,
                    overrides: Overrides | None) -> Occurrence | None:
    """The festival's occurrence in ``country`` that has not ended on the market's local
    date of ``now`` (the one on now, or the next); None when no table knows it."""
    today = now.astimezone(zoneinfo.ZoneInfo(market.timezone or "UTC")).date()
    for year in range(today.year, today.year + _YEARS_AHEAD + 1):
        found, _why = festival_occurrences(festival, country, year, overrides)
        for occurrence in sorted(found, key=lambda o: o.start):
            if occurrence.end >= today:
                return occurrence
    return None


def covers(scope: Scope, product: Product) -> bool:
    """True when a campaign's scope takes in the product or any of its variants."""
    return scope.covers(product) or any(scope.covers_variant(product, v)
                                        for v in product.variants)


def _shop_order(products: Iterable[Product]) -> list[Product]:
    """Featured first, then the store's order, then title (as the home page lists them)."""
    return sorted(products, key=lambda p: (not p.featured, p.order, p.title))


def sale_products(state: FestivalState, products: Sequence[Product], limit: int
                  ) -> list[Product]:
    """The products a running festival sale takes in, as the market sells them now (with the
    sale price every page shows): a coupon campaign's scope, a price campaign's products on
    sale. At most ``limit``, featured first."""
    found = [p for p in products if any(
        covers(c.scope, p) and (not c.changes_prices or p.sale is not None)
        for c, _w in state.running)]
    return _shop_order(found)[:limit]


def highlight_products(state: FestivalState, products: Sequence[Product], limit: int
                       ) -> list[Product]:
    """The products the festival's last run took in, at today's prices (none before the
    first run): at most ``limit``, featured first."""
    found = [p for p in products if any(covers(c.scope, p) for c, _w in state.last)]
    return _shop_order(found)[:limit]


def last_run_year(state: FestivalState) -> int | None:
    """The year of the festival day of the last run (of its start without one)."""
    if not state.last:
        return None
    window = state.last[0][1]
    return window.occurrence.start.year if window.occurrence else window.first_day.year


def sale_span(state: FestivalState) -> tuple[datetime, datetime] | None:
    """Start and (exclusive) end of the running sale: the earliest start and latest end of
    the festival's running campaigns."""
    if not state.running:
        return None
    return (min((w.start for _c, w in state.running), key=utc),
            max((w.end for _c, w in state.running), key=utc))


def state_key(state: FestivalState) -> str:
    """What the page shows besides its products (for its page-cache key)."""
    return repr((state.festival, state.slug, state.country,
                 [(c.id, w.start, w.end) for c, w in state.running],
                 [(c.id, w.start, w.end) for c, w in state.last],
                 state.next, state.next_sale and (state.next_sale.start, state.next_sale.end)))

