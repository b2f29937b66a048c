"""`storefront festivals`: upcoming shopping festivals per market or country, as a table, JSON,
or an iCalendar file marketers import into Google Calendar or Outlook.

The dates come from storefront_promotions.calendar; this module picks the countries and the
language (from a market of the project, or the options), and renders. Campaign windows join
the same list through ``extra`` (CalendarEntry rows with ``source="campaign"``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError
from storefront_promotions import calendar
from storefront_promotions.calendar import DatesUnknown, FestivalError, Occurrence, Overrides

FORMATS = ("table", "json", "ics")
PRODID = "-//storefront-generator//Festival calendar//EN"
UID_DOMAIN = "festivals.storefront-generator"
EXPECTED_NOTE = ("expected: declared by the authorities shortly before (moon sighting, "
                 "gazette); it can move by a day. Override it once announced.")


@dataclass(frozen=True)
class CalendarEntry:
    """One row of the festival calendar: a festival occurrence, or a campaign window."""

    name: str  # in the requested language
    festival: str  # festival id; for a campaign, the festival it follows ("" for explicit dates)
    start: date
    end: date  # inclusive
    country: str  # ISO 3166-1 alpha-2
    kind: str  # the festival's rule kind (calendar.KINDS), or "campaign"
    expected: bool = False
    overridden: bool = False
    market: str = ""  # market code when the calendar is a market's
    source: str = "festival"  # "festival" | "campaign"
    uid: str = ""  # stable calendar id: the same event keeps it when its date moves

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Scope:
    """Which countries, in which language, from which day (what the options resolve to)."""

    countries: tuple[str, ...] | None  # None: every country in the calendar
    lang: str
    today: date
    market: str = ""
    label: str = "all countries"


@dataclass(frozen=True)
class FestivalsOptions:
    """The command's options as given."""

    market: str | None = None
    country: str | None = None
    start: date | None = None
    days: int = 90
    fmt: str = "table"
    lang: str | None = None
    settings_file: str = "pelicanconf.py"
    overrides: Overrides | None = None  # merchant-set festival dates (campaign configuration)
    extra: Sequence[CalendarEntry] = field(default_factory=tuple)  # e.g. campaign windows


# -- entries -----------------------------------------------------------------------------------
def festival_entries(found: Iterable[Occurrence], lang: str, market: str = ""
                     ) -> list[CalendarEntry]:
    """Calendar rows for festival occurrences, named in ``lang`` as each country calls them."""
    rows: list[CalendarEntry] = []
    seen: Counter[tuple[str, str, int]] = Counter()
    for occ in found:
        key = (occ.festival, occ.country, occ.start.year)
        seen[key] += 1  # an Islamic festival can fall twice in a year: 1 and 2
        rows.append(CalendarEntry(
            name=calendar.festival_name(occ.festival, lang, occ.country),
            festival=occ.festival, start=occ.start, end=occ.end, country=occ.country,
            kind=occ.kind, expected=occ.expected, overridden=occ.overridden, market=market,
            uid=f"{occ.festival}.{occ.country.lower()}.{occ.start.year}.{seen[key]}"
                f"@{UID_DOMAIN}"))
    return rows


def calendar_entries(scope: Scope, start: date, days: int, *,
                     overrides: Overrides | None = None,
                     extra: Iterable[CalendarEntry] = ()) -> list[CalendarEntry]:
    """Festivals overlapping [start, start + days) in the scope, plus the ``extra`` rows
    (campaign windows) that overlap it, sorted by start date, country, name."""
    stop = start + timedelta(days=days)
    rows = festival_entries(calendar.upcoming(scope.countries, start, days, overrides),
                            scope.lang, scope.market)
    rows += [e for e in extra if e.end >= start and e.start < stop]
    return sorted(rows, key=lambda e: (e.start, e.country, e.source != "festival", e.name))


def resolve_scope(project: Path, options: FestivalsOptions) -> Scope:
    """The countries, language and today's date the options ask for (reads the project's
    markets only for --market)."""
    if options.market and options.country:
        raise StorefrontError("use either --market or --country, not both")
    if options.market:
        market = find_market(project, options.settings_file, options.market)
        today = datetime.now(ZoneInfo(market.timezone)).date()  # the market's day
        return Scope((market.country,), options.lang or market.lang, today, market.code,
                     f"market {market.code} ({market.country})")
    today = date.today()
    if options.country:
        try:
            code = calendar.country_code(options.country)
        except FestivalError as exc:
            raise StorefrontError(f"--country: {exc}") from None
        if code not in calendar.countries():
            raise StorefrontError(f"--country {code}: no festival in the calendar is listed for "
                                  f"{code}; countries it knows: {', '.join(calendar.countries())}")
        return Scope((code,), options.lang or "en", today, label=f"country {code}")
    return Scope(None, options.lang or "en", today)


def find_market(project: Path, settings_file: str, code: str) -> Market:
    """The project's market with that code (content/markets.yml or STORE_MARKETS)."""
    from storefront_catalog.markets import load_markets

    from .project import read_project_settings

    settings = read_project_settings(project, settings_file)
    markets, problems = load_markets(settings, Path(settings["PATH"]), project)
    errors = [p for p in problems if p.severity != "warning"]
    if errors:
        raise StorefrontError(errors)
    market = markets.by_code(code.strip().lower())
    if market is None:
        codes = ", ".join(m.code for m in markets.markets)
        where = "" if markets.source else " (one market, from STORE_LOCALE)"
        raise StorefrontError([Problem(markets.source, "--market", f'no market "{code}"; the '
                                       f"project's markets{where}: {codes}")])
    if not market.country:
        raise StorefrontError([Problem(markets.source, "--market", f"market {market.code} has no "
                                       "country; give it one (country: GB) or use --country")])
    return market


# -- output ------------------------------------------------------------------------------------
def entries_json(entries: Iterable[CalendarEntry]) -> str:
    """A JSON list: name, festival, date, end_date (null for one day), days, country, kind,
    expected, overridden, market, source."""
    return json.dumps([{
        "name": e.name,
        "festival": e.festival,
        "date": e.start.isoformat(),
        "end_date": e.end.isoformat() if e.end != e.start else None,
        "days": e.days,
        "country": e.country,
        "kind": e.kind,
        "expected": e.expected,
        "overridden": e.overridden,
        "market": e.market or None,
        "source": e.source,
    } for e in entries], ensure_ascii=False, indent=2) + "\n"


def entries_table(entries: Sequence[CalendarEntry], title: str) -> Table:
    """A rich table: ISO dates, localized names, country, rule kind and notes."""
    table = Table(title=title, title_justify="left")
    for name in ("date", "until", "festival", "country", "kind", "note"):
        table.add_column(name, no_wrap=name in ("date", "until", "country"))
    for e in entries:
        note = ("campaign" if e.source == "campaign" else "merchant date" if e.overridden
                else "expected" if e.expected else "")
        table.add_row(e.start.isoformat(), e.end.isoformat() if e.end != e.start else "",
                      Text(e.name), e.country, e.kind, note,
                      style="bold" if e.source == "campaign" else None)
    return table


def entries_ics(entries: Iterable[CalendarEntry], *, title: str,
                now: datetime | None = None) -> str:
    """An RFC 5545 calendar of all-day events (DTEND exclusive), CRLF lines folded at 75
    octets, that Google Calendar and Outlook import; UIDs stay the same across exports."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_text(title)}"]
    rows = list(entries)
    several = len({e.country for e in rows}) > 1
    for e in rows:
        summary = f"{e.name} ({e.country})" if several else e.name
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid or _uid(e)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.end + timedelta(days=1):%Y%m%d}",  # exclusive
            f"SUMMARY:{ics_text(summary)}",
            f"DESCRIPTION:{ics_text(_description(e))}",
            f"CATEGORIES:{ics_text(e.kind)}",
            f"STATUS:{'TENTATIVE' if e.expected else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",  # all-day marker: does not block the day as busy
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_text(value: str) -> str:
    r"""A TEXT value escaped for iCalendar (RFC 5545 3.3.11).

    >>> ics_text("Sale; 20%, all\nday \\o/")
    'Sale\\; 20%\\, all\\nday \\\\o/'
    """
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """One content line folded at ``limit`` octets (never inside a UTF-8 character), each
    continuation starting with a space (RFC 5545 3.1).

    >>> fold("SUMMARY:" + "x" * 70).split("\\r\\n ")[1]
    'xxx'
    """
    parts: list[str] = []
    current, size, room = "", 0, limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            parts.append(current)
            current, size, room = "", 0, limit - 1  # the leading space takes one octet
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _uid(e: CalendarEntry) -> str:
    what = e.festival or "campaign"
    return f"{e.source}.{what}.{e.market or e.country.lower()}.{e.start:%Y%m%d}@{UID_DOMAIN}"


def _description(e: CalendarEntry) -> str:
    parts = [f"{e.name}: {e.start.isoformat()}"
             + (f" to {e.end.isoformat()} ({e.days} days)" if e.days > 1 else "")
             + f", {e.country}."]
    if e.source == "campaign":
        parts.append("Campaign window of the store.")
    elif e.overridden:
        parts.append("Date set by the store (override).")
    elif e.expected:
        parts.append("Expected date: declared by the authorities shortly before; it can move "
                     "by a day.")
    parts.append(f"Festival id: {e.festival}; rule: {e.kind}." if e.festival else
                 f"Rule: {e.kind}.")
    return " ".join(parts)


# -- the command -------------------------------------------------------------------------------
def run_festivals(project: Path, options: FestivalsOptions, *, out: Console, err: Console,
                  stdout: BinaryIO, now: datetime | None = None) -> int:
    """Print the calendar the options ask for; the exit status (1 on a usage mistake)."""
    if options.fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {options.fmt!r}")
    try:
        scope = resolve_scope(project, options)
    except StorefrontError as exc:
        for problem in exc.problems:
            err.print(Text(str(problem), style="bold red"))
        return 1
    start = options.start or scope.today
    stop = start + timedelta(days=options.days - 1)
    entries = calendar_entries(scope, start, options.days, overrides=options.overrides,
                               extra=options.extra)
    _warn_language(err, scope.lang)
    _warn_missing(err, calendar.missing_dates(scope.countries, start, options.days,
                                              options.overrides))
    title = f"Festivals {start.isoformat()} to {stop.isoformat()}, {scope.label}, {scope.lang}"
    if options.fmt == "json":
        stdout.write(entries_json(entries).encode("utf-8"))
    elif options.fmt == "ics":
        stdout.write(entries_ics(entries, title=title, now=now).encode("utf-8"))
    elif not entries:
        out.print(f"No festivals from {start.isoformat()} to {stop.isoformat()} "
                  f"({scope.label}).")
    else:
        out.print(entries_table(entries, title))
        if any(e.expected for e in entries):
            out.print(Text(EXPECTED_NOTE, style="dim"))
    stdout.flush()
    return 0


def _warn_language(err: Console, lang: str) -> None:
    known = calendar.languages()
    if lang.strip().lower().replace("_", "-").split("-")[0] not in known:
        err.print(Text(f"warning: no festival names in {lang!r}; showing English (names exist "
                       f"in {', '.join(known)})", style="yellow"))


def _warn_missing(err: Console, missing: Sequence[DatesUnknown], limit: int = 5) -> None:
    for exc in missing[:limit]:
        err.print(Text(f"warning: {exc}", style="yellow"))
    if len(missing) > limit:
        err.print(Text(f"warning: ... and {len(missing) - limit} more festivals without dates",
                       style="yellow"))
