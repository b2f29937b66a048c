"""Festival calendar: when each shopping festival falls, per country (pure functions).

Where the dates come from (a well-kept library first, our own rule only where none has one):

- fixed days and nth weekdays: the rule itself (python-dateutil's ``relativedelta``);
- Easter and what hangs on it (UK Mothering Sunday = Easter - 21 days, German Vatertag =
  Ascension Day): ``dateutil.easter``, Western or Orthodox per country;
- Chinese-calendar festivals: each country's own lunar calendar in ``holidays`` (Korea and
  Vietnam compute in their own time zones: Seollal 2027 is 7 February, China's New Year 6);
- Islamic festivals: the dates each government declared, from ``holidays``' per-country Islamic
  tables (Saudi Arabia's Umm al-Qura, Indonesia's MABIMS sightings...), corrected by
  ``festival_data.DECLARED`` where a published declaration disagrees; Umm al-Qura through
  ``hijridate`` for countries without a table (the UK, France, the US...);
- Hindu festivals: the gazetted dates in ``holidays`` (India's tables end in 2035: later years
  raise DatesUnknown rather than guess);
- our own rules: Black Friday (the day after US Thanksgiving, also White Friday in the Gulf),
  Cyber Monday, El Buen Fin, the French Mother's Day: no library has them.

Spans (``end`` is the last day, inclusive):

- Lunar New Year, Mid-Autumn: from the festival day through the country's run of days off that
  starts on it (public holidays, substituted days off, weekends between or right after them):
  China 2026: 17-23 February, Korea 2026: 17-18 February; one day where it is no holiday. The
  eve (a holiday in China, Korea, Vietnam) precedes the festival and is not part of it.
- Ramadan: 1 Ramadan through the day before the country's Eid al-Fitr (29 or 30 days).
- Eid al-Fitr 3 days (1-3 Shawwal), Eid al-Adha 4 days (10-13 Dhu al-Hijjah: the day of
  sacrifice and the days of Tashriq): the festivals' own lengths; public-holiday breaks differ
  per country and year.
- Diwali and Holi: the one day governments declare (Lakshmi Puja for Diwali). The five days from
  Dhanteras to Bhai Dooj follow lunar days (tithis) no library tabulates; a campaign sets its
  own window around the day.
- El Buen Fin: the announced edition (``festival_data.BUEN_FIN_ANNOUNCED``), else Friday to the
  Monday of the Revolution Day holiday, the 2022-2024 pattern, marked expected.

Expected dates: Islamic and Hindu festivals and unannounced Buen Fin editions are declared by
authorities shortly before; ``expected=True`` says the date may still move. A merchant override
replaces a year's dates (``overridden=True``, and no longer expected: the merchant decided).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

if TYPE_CHECKING:  # imported where used: a build without festival dates never loads them
    import holidays

from .festival_data import (
    BUEN_FIN_ANNOUNCED,
    DECLARED,
    FESTIVALS,
    HOLIDAYS_SUBDIVISIONS,
    EasterOffset,
    Festival,
    Fixed,
    Hijri,
    Hindu,
    Lunar,
    NthWeekday,
    Retail,
    Rule,
)

#: rule kinds a festival date can come from
KINDS = ("fixed", "nth-weekday", "easter", "lunar", "hijri", "hindu", "retail", "merchant")

#: merchant overrides: (festival id, country, year) -> (first day, last day), both inclusive
Overrides = Mapping[tuple[str, str, int], tuple[date, date]]

_BY_ID: Mapping[str, Festival] = {f.id: f for f in FESTIVALS}
_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_NOT_ISO = {"UK": "GB", "EN": "GB", "EL": "GR"}
#: (holidays' Islamic-calendar method, Hijri month, Hijri day) per event
_HIJRI_EVENTS = {
    "ramadan": ("ramadan_beginning_dates", 9, 1),
    "eid-al-fitr": ("eid_al_fitr_dates", 10, 1),
    "eid-al-adha": ("eid_al_adha_dates", 12, 10),
}
_EID_DAYS = {"eid-al-fitr": 3, "eid-al-adha": 4}


@dataclass(frozen=True)
class Occurrence:
    """One festival in one country in one span of days (both ends inclusive)."""

    festival: str  # id, e.g. "black-friday", "lunar-new-year", "eid-al-fitr"
    country: str  # ISO 3166-1 alpha-2, "US"
    start: date
    end: date  # == start for a one-day festival
    kind: str  # one of KINDS
    expected: bool = False  # officially declared (Islamic, Diwali): the date may still move
    overridden: bool = False  # the merchant's configuration set this date

    @property
    def days(self) -> int:
        """How many days the festival lasts."""
        return (self.end - self.start).days + 1


class FestivalError(KeyError):
    """An unknown festival id or country code, or a country the festival is not listed for."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class DatesUnknown(LookupError):
    """No table covers the festival's dates in that country and year (Diwali after 2035)."""

    def __init__(self, festival: str, country: str, year: int, why: str):
        self.festival, self.country, self.year = festival, country, year
        super().__init__(f"{festival} in {country}, {year}: {why}; set its dates as a merchant "
                         "override")


# -- public rules (our own, and the helpers they stand on) -------------------------------------
def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (0 = Monday) of a month; n < 0 counts from the month's end.

    >>> nth_weekday(2025, 11, 3, 4)  # US Thanksgiving: 4th Thursday of November
    datetime.date(2025, 11, 27)
    >>> nth_weekday(2026, 5, 0, -1)  # US Memorial Day: last Monday of May
    datetime.date(2026, 5, 25)
    """
    if not (1 <= abs(n) <= 5 and 0 <= weekday <= 6):
        raise ValueError(f"nth_weekday: n must be 1..5 or -1..-5 and weekday 0..6, not {n}, "
                         f"{weekday}")
    first = date(year, month, 1)
    which = _WEEKDAYS[weekday](n)
    found: date = first + (relativedelta(weekday=which) if n > 0
                           else relativedelta(day=31, weekday=which))
    if found.month != month:
        raise ValueError(f"nth_weekday: {year}-{month:02d} has no weekday {weekday} number {n}")
    return found


def easter_sunday(year: int, *, orthodox: bool = False) -> date:
    """Easter Sunday (Gregorian date), Western or Orthodox.

    >>> easter_sunday(2026), easter_sunday(2026, orthodox=True)
    (datetime.date(2026, 4, 5), datetime.date(2026, 4, 12))
    """
    return easter(year, EASTER_ORTHODOX if orthodox else EASTER_WESTERN)


def thanksgiving_us(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November.

    >>> thanksgiving_us(2026)
    datetime.date(2026, 11, 26)
    """
    return nth_weekday(year, 11, 3, 4)


def black_friday(year: int) -> date:
    """Black Friday (and the Gulf's White Friday): the day after US Thanksgiving.

    >>> black_friday(2025), black_friday(2026), black_friday(2027)
    (datetime.date(2025, 11, 28), datetime.date(2026, 11, 27), datetime.date(2027, 11, 26))
    """
    return thanksgiving_us(year) + timedelta(days=1)


def cyber_monday(year: int) -> date:
    """Cyber Monday: the Monday after Black Friday.

    >>> cyber_monday(2025)
    datetime.date(2025, 12, 1)
    """
    return black_friday(year) + timedelta(days=3)


def mothering_sunday(year: int) -> date:
    """UK and Irish Mothering Sunday: the fourth Sunday of Lent, three weeks before Easter.

    >>> mothering_sunday(2025), mothering_sunday(2026), mothering_sunday(2027)
    (datetime.date(2025, 3, 30), datetime.date(2026, 3, 15), datetime.date(2027, 3, 7))
    """
    return easter_sunday(year) - timedelta(days=21)


def fete_des_meres(year: int) -> date:
    """French Mother's Day: the last Sunday of May, or the first of June when that is Pentecost
    (Code de l'action sociale et des familles, art. D215-1).

    >>> fete_des_meres(2023), fete_des_meres(2026)
    (datetime.date(2023, 6, 4), datetime.date(2026, 5, 31))
    """
    last_may = nth_weekday(year, 5, 6, -1)
    if last_may == easter_sunday(year) + timedelta(days=49):
        return nth_weekday(year, 6, 6, 1)
    return last_may


def buen_fin(year: int) -> tuple[date, date]:
    """Mexico's El Buen Fin (first and last day): the announced edition, else
    buen_fin_weekend().

    >>> buen_fin(2025)  # announced: Thursday 13 to Monday 17 November
    (datetime.date(2025, 11, 13), datetime.date(2025, 11, 17))
    """
    return BUEN_FIN_ANNOUNCED.get(year) or buen_fin_weekend(year)


def buen_fin_weekend(year: int) -> tuple[date, date]:
    """Friday to the Monday of Mexico's Revolution Day holiday (third Monday of November):
    El Buen Fin's usual span (2022-2024 editions).

    >>> buen_fin_weekend(2024), buen_fin_weekend(2026)
    ((datetime.date(2024, 11, 15), datetime.date(2024, 11, 18)), \
(datetime.date(2026, 11, 13), datetime.date(2026, 11, 16)))
    """
    named = _table("MX", year, observed=False).get_named("Revolution Day", lookup="iexact")
    monday = min((d for d in named if d.year == year), default=nth_weekday(year, 11, 0, 3))
    return monday - timedelta(days=3), monday


# -- the table ---------------------------------------------------------------------------------
def festival_ids() -> tuple[str, ...]:
    """Every festival the calendar knows, sorted."""
    return tuple(sorted(_BY_ID))


def festival_countries(festival: str) -> tuple[str, ...]:
    """The countries where a festival is observed/celebrated (retail-wise)."""
    return tuple(sorted(_festival(festival).rules))


def countries() -> tuple[str, ...]:
    """Every country some festival is listed for, sorted."""
    return tuple(sorted({c for f in FESTIVALS for c in f.rules}))


def languages() -> tuple[str, ...]:
    """Every language some festival has a name in, sorted."""
    return tuple(sorted({lang for f in FESTIVALS for lang in f.names}))


def country_code(country: str) -> str:
    """The country as an ISO code in capitals; FestivalError when it is not one.

    >>> country_code(" sa ")
    'SA'
    """
    return _country(country)


def festival_name(festival: str, lang: str, country: str | None = None) -> str:
    """The festival's name in a language (falls back to English); with ``country``, what that
    country calls it ("Mothering Sunday" in GB, 어버이날 in KR).

    >>> festival_name("black-friday", "ja"), festival_name("mothers-day", "en", "GB")
    ('ブラックフライデー', 'Mothering Sunday')
    """
    fest = _festival(festival)
    variants = fest.variants.get(country.strip().upper(), {}) if country else {}
    for key in (*_lang_keys(lang), "en"):
        if key in variants:
            return variants[key]
        if key in fest.names:
            return fest.names[key]
    return fest.names["en"]


def override_problem(key: tuple[str, str, int], span: tuple[date, date]) -> str | None:
    """What is wrong with one merchant override, or None (for the campaign loader's errors)."""
    festival, country, year = key
    if festival not in _BY_ID:
        return _unknown_festival_message(festival)
    if not _COUNTRY.match(country) or country in _NOT_ISO:
        return _bad_country_message(country)
    first, last = span
    if last < first:
        return f"{festival} in {country}, {year}: ends {last} before it starts ({first})"
    if first.year != year:
        return (f"{festival} in {country}, {year}: starts {first}, not in {year}; key the "
                "override by the year the festival starts in")
    return None


# -- occurrences -------------------------------------------------------------------------------
def occurrences(festival: str, country: str, year: int,
                overrides: Overrides | None = None) -> list[Occurrence]:
    """The festival's occurrences starting in Gregorian ``year`` in ``country`` (0, 1 or 2:
    an Islamic festival can fall twice in one year). Raises KeyError for an unknown id
    (FestivalError, also for a country the festival is not listed for) and DatesUnknown when
    no table covers the year; a merchant override for the year answers instead."""
    fest = _festival(festival)
    code = _country(country)
    rule = fest.rules.get(code)
    span = overrides.get((fest.id, code, year)) if overrides else None
    if span is not None:
        problem = override_problem((fest.id, code, year), span)
        if problem:
            raise ValueError(problem)
        kind = _kind(rule) if rule is not None else "merchant"
        return [Occurrence(fest.id, code, span[0], span[1], kind, overridden=True)]
    if rule is None:
        raise FestivalError(_not_listed_message(fest, code))
    return [Occurrence(fest.id, code, first, last, _kind(rule), expected=expected)
            for first, last, expected in _spans(fest.id, rule, code, year)]


def upcoming(countries: Iterable[str] | None, start: date, days: int,
             overrides: Overrides | None = None) -> list[Occurrence]:
    """Occurrences overlapping [start, start + days) in the countries (None: every country),
    sorted by start date, then country, then festival.

    Festivals whose dates no table covers in a year (Diwali after 2035) are left out;
    missing_dates() lists them."""
    stop = start + timedelta(days=days)
    found: list[Occurrence] = []
    for fest, code, year in _candidates(countries, start, days, overrides):
        try:
            found += occurrences(fest.id, code, year, overrides)
        except DatesUnknown:
            continue
    return sorted((o for o in found if o.end >= start and o.start < stop),
                  key=lambda o: (o.start, o.country, o.festival))


def missing_dates(countries: Iterable[str] | None, start: date, days: int,
                  overrides: Overrides | None = None) -> list[DatesUnknown]:
    """The festivals upcoming() had to leave out of the window: no table has their dates."""
    stop = start + timedelta(days=days)
    missing: list[DatesUnknown] = []
    for fest, code, year in _candidates(countries, start, days, overrides):
        try:
            occurrences(fest.id, code, year, overrides)
        except DatesUnknown as exc:
            rule = fest.rules[code]
            season = rule.season if isinstance(rule, Lunar | Hindu) else None
            if season is None or (date(year, *season[0]) < stop
                                  and date(year, *season[1]) >= start):
                missing.append(exc)
    return missing


def _candidates(countries: Iterable[str] | None, start: date, days: int,
                overrides: Overrides | None) -> Iterator[tuple[Festival, str, int]]:
    """Every (festival, country, year) whose occurrences could overlap the window."""
    if days < 1:
        raise ValueError(f"days must be 1 or more, not {days}")
    wanted = None if countries is None else {_country(c) for c in countries}
    last = start + timedelta(days=days - 1)
    years = range(start.year - 1, last.year + 1)  # a span may start the year before
    for fest in FESTIVALS:
        merchant = {(c, y) for f, c, y in (overrides or {}) if f == fest.id}
        codes = set(fest.rules) | {c for c, _y in merchant}
        for code in sorted(codes if wanted is None else codes & wanted):
            for year in years:
                if code in fest.rules or (code, year) in merchant:
                    yield fest, code, year


# -- rules -------------------------------------------------------------------------------------
def _kind(rule: Rule) -> str:
    return rule.shown_kind if isinstance(rule, Retail) else rule.kind


def _spans(festival: str, rule: Rule, country: str, year: int) -> list[tuple[date, date, bool]]:
    """(first day, last day, expected) of each occurrence starting in the year."""
    if isinstance(rule, Fixed | NthWeekday):
        first = (date(year, rule.month, rule.day) if isinstance(rule, Fixed)
                 else nth_weekday(year, rule.month, rule.weekday, rule.n)
                 + timedelta(days=rule.offset))
        return [(first, first + timedelta(days=rule.days - 1), False)]
    if isinstance(rule, EasterOffset):
        day = easter_sunday(year, orthodox=rule.orthodox) + timedelta(days=rule.offset)
        return [(day, day, False)]
    if isinstance(rule, Lunar):
        first, last = _lunar_span(festival, rule.event, country, year)
        return [(first, last, False)]
    if isinstance(rule, Hijri):
        return [(first, last, True) for first, last in
                _hijri_spans(festival, rule.event, country, year)]
    if isinstance(rule, Hindu):
        return [(day, day, True) for day in _hindu_days(festival, rule.holiday, country, year)]
    return [_retail(rule.rule, year)]


def _retail(rule: str, year: int) -> tuple[date, date, bool]:
    if rule == "black-friday":
        day = black_friday(year)
    elif rule == "cyber-monday":
        day = cyber_monday(year)
    elif rule == "fete-des-meres":
        day = fete_des_meres(year)
    elif rule == "buen-fin":
        first, last = buen_fin(year)
        return first, last, year not in BUEN_FIN_ANNOUNCED
    else:
        raise ValueError(f"festival_data.py: unknown retail rule {rule!r}")
    return day, day, False


# The `holidays` tables are memoized: pure lookups in a pinned package, not program state.
@lru_cache(maxsize=512)
def _table(country: str, year: int, *, observed: bool) -> holidays.HolidayBase:
    """The country's public holidays in ``year`` and the next (a span can cross New Year),
    named in English."""
    import holidays

    with warnings.catch_warnings():  # India warns outside 2001-2035; we raise DatesUnknown
        warnings.simplefilter("ignore", UserWarning)
        return holidays.country_holidays(
            country, subdiv=HOLIDAYS_SUBDIVISIONS.get(country), years=(year, year + 1),
            observed=observed, language="en_US", expand=False)


@lru_cache(maxsize=128)
def _islamic_calendar(country: str) -> Any:
    """``holidays``' Islamic calendar for the country: the dates its authorities declared
    (confirmed years) and its own estimates after that; None without one.

    It is the private ``_islamic_calendar`` of the country's holidays class: the public
    holiday list has the days off, not the feast (Saudi Arabia's Eid al-Fitr break starts on
    29 Ramadan). The exact version pin in pyproject.toml keeps it stable; tests check it."""
    import holidays

    try:
        return getattr(holidays.country_holidays(country), "_islamic_calendar", None)
    except NotImplementedError:
        return None


def _lunar_span(festival: str, event: str, country: str, year: int) -> tuple[date, date]:
    table = _table(country, year, observed=True)
    calendar = getattr(table, "_chinese_calendar", None)  # the country's own lunar calendar
    if calendar is None:
        raise DatesUnknown(festival, country, year, "the holidays package has no Chinese-"
                           "calendar table for this country")
    lookup = calendar.lunar_new_year_date if event == "new-year" else calendar.mid_autumn_date
    day: date | None = lookup(year)[0]
    if day is None:
        raise DatesUnknown(festival, country, year, "outside the holidays package's lunar tables")
    return day, _days_off_through(table, day)


def _days_off_through(table: holidays.HolidayBase, day: date) -> date:
    """The last day of the run of days off starting on ``day``; ``day`` itself when that run
    holds no public holiday (a festival on an ordinary weekend is one day)."""
    last = day
    while not table.is_working_day(last + timedelta(days=1)):
        last += timedelta(days=1)
    run = (day + timedelta(days=i) for i in range((last - day).days + 1))
    return last if any(d in table for d in run) else day


def _hijri_starts(festival: str, event: str, country: str, year: int) -> list[date]:
    """The days the event begins in the Gregorian year in the country (one or two)."""
    declared = DECLARED.get((event, country, year))
    if declared is not None:
        return list(declared)
    method, month, day = _HIJRI_EVENTS[event]
    calendar = _islamic_calendar(country)
    if calendar is not None:
        days = sorted({d for d, _estimated in getattr(calendar, method)(year) if d.year == year})
    else:
        days = _umm_al_qura(month, day, year)
    if not days:  # every Gregorian year holds each Hijri date at least once
        raise DatesUnknown(festival, country, year, "outside the Islamic calendar tables "
                           "(holidays: 1925-2100, Umm al-Qura: 1924-2077)")
    return days


def _umm_al_qura(month: int, day: int, year: int) -> list[date]:
    """The Hijri month/day in the Gregorian year by the Umm al-Qura calendar (hijridate)."""
    import hijridate

    try:
        first = hijridate.Gregorian(year, 1, 1).to_hijri().year
        last = hijridate.Gregorian(year, 12, 31).to_hijri().year
        found = [hijridate.Hijri(hy, month, day).to_gregorian() for hy in range(first, last + 1)]
    except (OverflowError, ValueError):  # hijridate covers 1343-1500 AH (1924-2077)
        return []
    return sorted(date(g.year, g.month, g.day) for g in found if g.year == year)


def _hijri_spans(festival: str, event: str, country: str, year: int) -> list[tuple[date, date]]:
    starts = _hijri_starts(festival, event, country, year)
    if event in _EID_DAYS:
        return [(d, d + timedelta(days=_EID_DAYS[event] - 1)) for d in starts]
    return [(d, _ramadan_end(d, country)) for d in starts]


def _ramadan_end(first: date, country: str) -> date:
    """The day before the country's Eid al-Fitr (30 days when that is unknown)."""
    eids: list[date] = []
    for year in (first.year, first.year + 1):
        try:
            eids += _hijri_starts("eid-al-fitr", "eid-al-fitr", country, year)
        except DatesUnknown:
            continue
    after = [e for e in eids if 29 <= (e - first).days <= 30]
    return (after[0] if after else first + timedelta(days=30)) - timedelta(days=1)


def _hindu_days(festival: str, holiday: str, country: str, year: int) -> list[date]:
    import holidays
    from holidays.constants import HOLIDAY_NAME_DELIMITER

    table = _table(country, year, observed=False)
    wanted = {holiday, f"{holiday} (estimated)"}  # Fiji's tables estimate the years ahead
    days = sorted(d for d, names in table.items()
                  if d.year == year and wanted & set(names.split(HOLIDAY_NAME_DELIMITER)))
    if not days:
        end = " (its Indian tables end in 2035)" if country == "IN" else ""
        raise DatesUnknown(festival, country, year, f"the holidays package {holidays.__version__}"
                           f" has no {holiday} date for this country and year{end}")
    return days


# -- names and messages ------------------------------------------------------------------------
def _festival(festival: str) -> Festival:
    try:
        return _BY_ID[festival]
    except (KeyError, TypeError):
        raise FestivalError(_unknown_festival_message(festival)) from None


def _country(country: str) -> str:
    code = str(country).strip().upper()
    if not _COUNTRY.match(code) or code in _NOT_ISO:
        raise FestivalError(_bad_country_message(str(country)))
    return code


def _lang_keys(lang: str) -> tuple[str, ...]:
    """"pt-BR" -> ("pt-br", "pt"): the exact tag first, then its language."""
    tag = lang.strip().lower().replace("_", "-")
    return (tag, tag.split("-")[0]) if "-" in tag else (tag,)


def _unknown_festival_message(festival: str) -> str:
    guess = difflib.get_close_matches(str(festival).lower(), list(_BY_ID), n=1, cutoff=0.6)
    hint = f'did you mean "{guess[0]}"? ' if guess else ""
    return (f'unknown festival "{festival}"; {hint}known festivals: '
            + ", ".join(festival_ids()))


def _bad_country_message(country: str) -> str:
    iso = _NOT_ISO.get(country.strip().upper())
    example = f"{iso}, not {country.strip().upper()}" if iso else "GB, US, DE"
    return (f'"{country}" is not a country code; write the two-letter ISO 3166 code in '
            f"capitals, e.g. {example}")


def _not_listed_message(fest: Festival, code: str) -> str:
    same_rule = set(fest.rules.values())  # e.g. White Friday: Black Friday's rule in the Gulf
    elsewhere = sorted(f.id for f in FESTIVALS
                       if f.id != fest.id and f.rules.get(code) in same_rule)
    hint = f" (in {code}, see {', '.join(elsewhere)})" if elsewhere else ""
    return (f"{fest.id} is not in the calendar for {code}{hint}; it is listed for "
            f"{', '.join(sorted(fest.rules))}. To run it in {code} anyway, set its dates "
            "there as a merchant override")
