"""Checks of when a campaign runs (festival, from, to, start, end, timezone, country) and of
the merchant's festival dates in content/festivals.yml."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Collection, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from babel.core import get_global

from storefront_catalog.validate import did_you_mean, is_slug
from storefront_core.errors import Problem
from storefront_core.slug import slugify

from . import calendar as festival_calendar
from .fields import CampaignChecker
from .model import MAX_OFFSET
from .schedule import show_moment

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_NOT_ISO = {"UK": "GB", "EN": "GB", "EL": "GR"}
#: the key of a festival in content/festivals.yml that holds its page's address
SLUG_KEY = "slug"
_SLUG_FOR = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2})?$")


def read_festival(c: CampaignChecker, data: Mapping[str, Any], festivals: Collection[str] | None
                   ) -> tuple[str | None, str | None, tuple[int, int]]:
    """(festival id, country, (from, to)) of a festival campaign."""
    days = [0, 0]
    if "festival" not in data and "festival" in c.meant:
        return None, None, (0, 0)  # misspelt: already reported
    if "festival" not in data:
        for key in ("from", "to"):
            if key in data:
                value = data[key]
                if isinstance(value, date):
                    c.meant.add("start" if key == "from" else "end")
                fix = (f"for a fixed date write {'start' if key == 'from' else 'end'}: "
                       f"{value.isoformat()}" if isinstance(value, date)
                       else "add festival: (e.g. festival: black-friday)")
                c.error(key, f"counts days from a festival, but no festival is given; {fix}")
        if "country" in data:
            c.error("country", "chooses whose festival dates to use, but no festival is given; "
                               "remove it")
        return None, None, (0, 0)
    festival = c.text(data.get("festival"), "festival", required=True)
    if festival is not None:
        known = tuple(festivals) if festivals is not None else festival_calendar.festival_ids()
        if festival not in known:
            guess = did_you_mean(festival, known) or did_you_mean(slugify(festival), known)
            hint = (f'did you mean "{guess}"?' if guess else
                    "`storefront festivals` lists them, e.g. " + ", ".join(known[:6]))
            c.error("festival", f'"{festival}" is not a festival the calendar knows; {hint}')
            festival = None
    for i, key in enumerate(("from", "to")):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, date):
            c.error(key, f"{value.isoformat()} is a date, but {key} counts days from the festival "
                         f"(e.g. {'-7' if key == 'from' else '1'}); for fixed dates write start: "
                         "and end: instead of festival:")
            continue
        number = c.integer(value, key)
        if number is not None and abs(number) > MAX_OFFSET:
            c.error(key, f"{number} days is too far from the festival (at most {MAX_OFFSET} "
                         "either way); for a longer sale write start: and end: dates")
        elif number is not None:
            days[i] = number
    country = None
    if "country" in data:
        country = _country(c, data.get("country"), "country")
    return festival, country, (days[0], days[1])


def read_dates(c: CampaignChecker, data: Mapping[str, Any], festival: bool
                ) -> tuple[date | datetime | None, date | datetime | None]:
    """The explicit (start, end) of a campaign without a festival."""
    has_dates = "start" in data or "end" in data
    if festival and has_dates:
        c.error("start" if "start" in data else "end",
                "give either festival: (the sale follows the festival's dates) or start: and "
                "end:, not both")
        return None, None
    if festival:
        return None, None
    if not has_dates and not {"festival", "start", "end"} & c.meant:
        c.error("", "says not when the sale runs; add festival: black-friday (with from: and "
                    "to:), or start: 2026-11-20 and end: 2026-11-30")
        return None, None
    start = _moment(c, data.get("start"), "start")
    end = _moment(c, data.get("end"), "end")
    for key, value in (("start", start), ("end", end)):
        if key not in data:
            c.missing(key, f"is missing; a sale with start: or end: needs both, e.g. {key}: "
                           "2026-11-30")
        elif value is None and data.get(key) is None:
            c.error(key, "is empty; write a date such as 2026-11-30")
    if start is not None and end is not None:
        first, stop = _naive_bounds(start, end)
        if first is not None and stop is not None and stop <= first:
            c.error("end", f"{show_moment(end)} is not after start ({show_moment(start)}); a "
                           "date as end is the last day of the sale")
    return start, end


def _naive_bounds(start: date | datetime, end: date | datetime
                  ) -> tuple[datetime | None, datetime | None]:
    """Comparable (start, end) moments when both are local or both have offsets."""
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    stop = end if isinstance(end, datetime) else datetime.combine(end + timedelta(days=1), time())
    if (first.tzinfo is None) != (stop.tzinfo is None):
        return None, None
    return first, stop


def _moment(c: CampaignChecker, value: Any, path: str) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, date):  # datetime too
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    c.error(path, f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30, or with a "
                  "time of day as 2026-11-30 09:00")
    return None


def read_timezone(c: CampaignChecker, value: Any, path: str) -> str | None:
    """The IANA zone of ``timezone:``."""
    zone = c.text(value, path)
    if zone is None:
        return None
    try:
        zoneinfo.ZoneInfo(zone)
        return zone
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        guess = did_you_mean(zone, zoneinfo.available_timezones())
        hint = f'did you mean "{guess}"?' if guess else 'write one such as "Europe/Berlin"'
        c.error(path, f'"{zone}" is not an IANA time zone; {hint}')
        return None


def _country(c: CampaignChecker, value: Any, path: str) -> str | None:
    country = c.text(value, path, required=True)
    if country is None:
        return None
    upper = country.upper()
    if upper in _NOT_ISO:
        c.error(path, f'"{country}" is not an ISO 3166 country code; write "{_NOT_ISO[upper]}"')
    elif not _COUNTRY.match(upper) or upper not in get_global("territory_currencies"):
        c.error(path, f'"{country}" is not an ISO 3166 country code; use a two-letter code such '
                      'as "CN"')
    elif country != upper:
        c.error(path, f'country codes are written in capitals: write "{upper}"')
    else:
        return country
    return None


def validate_overrides(data: Any, lines: Mapping[str, int], *, file: str,
                       festivals: Collection[str] | None = None
                       ) -> tuple[dict[tuple[str, str, int], tuple[date, date]], list[Problem]]:
    """Check content/festivals.yml: festival -> country -> year -> date or [first, last]."""
    c = CampaignChecker(file, lines, "", (frozenset(), frozenset()))
    example = "eid-al-fitr: {SA: {2026: 2026-03-20, 2027: [2027-03-09, 2027-03-11]}}"
    out: dict[tuple[str, str, int], tuple[date, date]] = {}
    if data is None:
        return out, []
    if not isinstance(data, dict):
        c.error("", f"must map festivals to countries and years, e.g. {example}")
        return out, c.problems
    known = tuple(festivals) if festivals is not None else festival_calendar.festival_ids()
    for festival, by_country in data.items():
        if festival not in known:
            guess = did_you_mean(festival, known)
            hint = f'did you mean "{guess}"?' if guess else "`storefront festivals` lists them"
            c.error(festival, f'"{festival}" is not a festival the calendar knows; {hint}')
            continue
        countries = c.mapping(by_country, festival, f"{festival}: {{SA: {{2026: 2026-03-20}}}}")
        for country, by_year in (countries or {}).items():
            if country == SLUG_KEY:  # the festival page's address: validate_slugs
                continue
            where = f"{festival}.{country}"
            if _country(c, country, where) is None:
                continue
            years = c.mapping(by_year, where, f"{country}: {{2026: 2026-03-20}}")
            for year_text, value in (years or {}).items():
                path = f"{where}.{year_text}"
                if not _YEAR.match(year_text):
                    c.error(path, f'"{year_text}" is not a year; write e.g. 2026: 2026-03-20')
                    continue
                span = _span(c, value, path, int(year_text))
                key = (festival, country, int(year_text))
                problem = None if span is None else festival_calendar.override_problem(key, span)
                if problem is not None:
                    c.error(path, problem)
                elif span is not None:
                    out[key] = span
    return out, c.problems


def _span(c: CampaignChecker, value: Any, path: str, year: int) -> tuple[date, date] | None:
    """(first day, last day) from a date or a [first, last] list."""
    items = value if isinstance(value, list) else [value]
    if not 1 <= len(items) <= 2:
        c.error(path, f"must be one date or [first day, last day], e.g. [{year}-03-09, "
                      f"{year}-03-11]")
        return None
    days = []
    for item in items:
        if isinstance(item, datetime) or not isinstance(item, date):
            shown = f'"{item}"' if isinstance(item, str) else "this"
            c.error(path, f"{shown} is not a date; write it as YYYY-MM-DD, e.g. {year}-03-20")
            return None
        days.append(item)
    first, last = days[0], days[-1]
    if first.year != year:
        c.error(path, f"{first.isoformat()} is not in {year}; list a festival under the year it "
                      "starts in")
        return None
    if last < first:
        c.error(path, f"the last day {last.isoformat()} is before the first {first.isoformat()}")
        return None
    if (last - first).days > 45:
        c.error(path, f"spans {(last - first).days + 1} days; a festival lasts at most 46")
        return None
    return first, last


def validate_slugs(data: Any, lines: Mapping[str, int], *, file: str,
                   reserved: Collection[str] = ()) -> tuple[dict[str, dict[str, str]],
                                                            list[Problem]]:
    """The festival pages' addresses set in content/festivals.yml: festival -> ``slug:``, one
    slug for every market or one per market code or language (``{de: schwarzer-freitag}``);
    ``""`` holds the one for every market. ``validate_overrides`` checks the festival ids."""
    c = CampaignChecker(file, lines, "", (frozenset(), frozenset()))
    out: dict[str, dict[str, str]] = {}
    if not isinstance(data, dict):
        return out, []
    for festival, entry in data.items():
        if not isinstance(entry, dict) or SLUG_KEY not in entry:
            continue
        path = f"{festival}.{SLUG_KEY}"
        value = entry[SLUG_KEY]
        items = {"": value} if not isinstance(value, dict) else value
        found: dict[str, str] = {}
        for key, slug in items.items():
            where = f"{path}.{key}" if key else path
            if key and not _SLUG_FOR.match(str(key)):
                c.error(where, f'"{key}" is not a market code or a language; write e.g. '
                               f"{SLUG_KEY}: {{de-de: {festival}}} or {{de: {festival}}}")
                continue
            text = c.text(slug, where, required=True)
            if text is None:
                continue
            if not is_slug(text):
                c.error(where, f'"{text}" cannot be an address; use lowercase letters, digits '
                               f"and hyphens, e.g. {slugify(text) or festival}")
            elif text in reserved:
                c.error(where, f'"{text}" is taken by the store\'s own pages (/{text}/); choose '
                               f"another, e.g. {festival}")
            else:
                found[str(key)] = text
        out[festival] = found
    return out, c.problems
