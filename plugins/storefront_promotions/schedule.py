"""When campaigns run: their windows per market and time zone, which run at a moment, and
the moments they start and end (pure functions; the rules are in ``model``'s docstring)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from storefront_catalog.model import last_day
from storefront_catalog.urls import Market

from . import calendar as festival_calendar
from .calendar import Occurrence, Overrides
from .model import Campaign


@dataclass(frozen=True)
class Window:
    """When a campaign runs in one market: [start, end), aware datetimes in the campaign's zone."""

    campaign_id: str
    market_code: str
    start: datetime
    end: datetime  # exclusive
    occurrence: Occurrence | None = None  # the festival it follows; None for explicit dates

    def contains(self, at: datetime) -> bool:
        """True when the sale is on at the moment ``at`` (an aware datetime)."""
        return utc(self.start) <= utc(at) < utc(self.end)

    @property
    def first_day(self) -> date:
        """The local date of the first moment of the sale."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The local date of the last moment of the sale (``end`` is exclusive).

        >>> zone = zoneinfo.ZoneInfo("Europe/Berlin")
        >>> Window("x", "de-de", datetime(2026, 11, 27, tzinfo=zone),
        ...        datetime(2026, 12, 1, tzinfo=zone)).last_day
        datetime.date(2026, 11, 30)
        """
        return last_day(self.end)


@dataclass(frozen=True)
class Transition:
    """A moment a campaign starts or ends in a market: the site must be rebuilt then."""

    at: datetime  # UTC
    campaign_id: str
    market_code: str
    change: str  # "start" or "end"


def utc(moment: datetime) -> datetime:
    """The moment in UTC (an aware datetime; a naive one is a programming error)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC)


def _midnight(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    """The first moment of ``day`` in ``zone`` (01:00 where clocks skip midnight).

    >>> _midnight(date(2026, 11, 27), zoneinfo.ZoneInfo("America/New_York")).isoformat()
    '2026-11-27T00:00:00-05:00'
    """
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC).astimezone(zone)


def _at(value: date | datetime, zone: zoneinfo.ZoneInfo, *, end: bool) -> datetime:
    """An explicit start or end as an aware moment in ``zone`` (a date as end: its 24:00)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
        return value.astimezone(zone)
    return _midnight(value + timedelta(days=1) if end else value, zone)


def campaign_zone(campaign: Campaign, market: Market) -> zoneinfo.ZoneInfo:
    """The time zone a campaign starts and ends in, in a market."""
    return zoneinfo.ZoneInfo(campaign.timezone or market.timezone or "UTC")


def windows(campaign: Campaign, market: Market, years: Iterable[int],
            overrides: Overrides | None = None) -> list[Window]:
    """The campaign's runs in a market that overlap any of the (local) Gregorian ``years``.

    A festival sale is found from the festival in the year before to the year after, so a
    Lunar New Year sale starting in December belongs to both years it touches.
    """
    wanted = sorted(set(years))
    if not wanted or not campaign.sells_in(market.code):
        return []
    zone = campaign_zone(campaign, market)
    found: list[Window] = []
    if campaign.festival is None:
        if campaign.start is not None and campaign.end is not None:
            start = _at(campaign.start, zone, end=False)
            stop = _at(campaign.end, zone, end=True)
            if start < stop:
                found.append(Window(campaign.id, market.code, start, stop))
    else:
        country = campaign.country or market.country
        if not country:
            return []
        for year in range(wanted[0] - 1, wanted[-1] + 2):
            for occ in festival_occurrences(campaign.festival, country, year, overrides)[0]:
                first = occ.start + timedelta(days=campaign.days_from)
                last = occ.end + timedelta(days=campaign.days_to)
                if last < first:
                    continue
                found.append(Window(campaign.id, market.code, _midnight(first, zone),
                                    _midnight(last + timedelta(days=1), zone), occ))
    bounds = [(_midnight(date(y, 1, 1), zone), _midnight(date(y + 1, 1, 1), zone))
              for y in wanted]
    kept = {(w.start, w.end): w for w in found
            if any(utc(w.start) < utc(hi) and utc(lo) < utc(w.end) for lo, hi in bounds)}
    return sorted(kept.values(), key=lambda w: utc(w.start))


def festival_occurrences(festival: str, country: str, year: int, overrides: Overrides | None
                 ) -> tuple[list[Occurrence], str | None]:
    """The festival's occurrences, or none and why (not listed in the country, or no table
    covers the year: the calendar says how to set the dates)."""
    try:
        return festival_calendar.occurrences(festival, country, year, overrides), None
    except LookupError as exc:  # FestivalError (a KeyError) and DatesUnknown
        return [], str(exc)


def years_around(start: datetime, end: datetime) -> range:
    """Gregorian years any time zone can be in between two moments."""
    return range(utc(start).year - 1, utc(end).year + 2)


def precedence(campaign: Campaign) -> tuple[int, str]:
    """Sort key of running campaigns: highest priority first, then id."""
    return -campaign.priority, campaign.id


def active(campaigns: Iterable[Campaign], market: Market, at: datetime,
           overrides: Overrides | None = None) -> list[tuple[Campaign, Window]]:
    """The campaigns running in a market at the moment ``at``, by priority then id."""
    running = []
    for campaign in campaigns:
        for window in windows(campaign, market, years_around(at, at), overrides):
            if window.contains(at):
                running.append((campaign, window))
                break
    return sorted(running, key=lambda item: precedence(item[0]))


def upcoming(campaigns: Iterable[Campaign], market: Market, at: datetime, days: int,
             overrides: Overrides | None = None) -> list[tuple[Campaign, Window]]:
    """Campaign runs in a market starting after ``at`` and within ``days``, by start then id."""
    until = utc(at) + timedelta(days=days)
    found = []
    for campaign in campaigns:
        for window in windows(campaign, market, years_around(at, until), overrides):
            if utc(at) < utc(window.start) <= until:
                found.append((campaign, window))
    return sorted(found, key=lambda item: (utc(item[1].start), item[0].id))


def transitions(campaigns: Iterable[Campaign], markets: Iterable[Market], start: datetime,
                end: datetime, overrides: Overrides | None = None) -> list[Transition]:
    """Every moment in [start, end) a campaign starts or ends in a market, in UTC, sorted."""
    lo, hi = utc(start), utc(end)
    found: set[Transition] = set()
    markets = list(markets)
    for campaign in campaigns:
        for market in markets:
            for window in windows(campaign, market, years_around(start, end), overrides):
                for moment, change in ((window.start, "start"), (window.end, "end")):
                    if lo <= utc(moment) < hi:
                        found.add(Transition(utc(moment), campaign.id, market.code, change))
    return sorted(found, key=lambda t: (t.at, t.change != "end", t.campaign_id, t.market_code))


def preview_moment(day: date, market: Market) -> datetime:
    """Noon of ``day`` in the market's time zone: what a ``--date`` preview takes as now.

    >>> preview_moment(date(2026, 11, 27), Market("de-de", "de", "de_DE", "EUR",
    ...                timezone="Europe/Berlin")).isoformat()
    '2026-11-27T12:00:00+01:00'
    """
    return datetime.combine(day, time(12), tzinfo=zoneinfo.ZoneInfo(market.timezone or "UTC"))


def show_moment(moment: date | datetime, *, end: bool = False) -> str:
    """A date, or a date and time when not at midnight; an exclusive end at midnight shows the
    day before (the last day of the sale)."""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    if moment.time() == time() and moment.tzinfo is not None:
        return (moment.date() - timedelta(days=1) if end else moment.date()).isoformat()
    if moment.time() == time():
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M")
