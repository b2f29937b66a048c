"""`storefront festivals` as a marketer uses it: table, JSON and an iCalendar import."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime
from io import BytesIO, StringIO
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from storefront.cli import main
from storefront.festivals import (
    CalendarEntry,
    FestivalsOptions,
    entries_ics,
    fold,
    run_festivals,
)
from storefront_promotions.calendar import festival_name

MARKETS = """\
default: en-us
markets:
  - {code: en-us, language: en, country: US, currency: USD}
  - {code: ja-jp, language: ja, country: JP, currency: JPY}
  - {code: ar-sa, language: ar, country: SA, currency: SAR}
  - {code: es-mx, language: es, country: MX, currency: MXN}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with four markets (no products: the command reads only markets)."""
    root = tmp_path_factory.mktemp("festivals") / "shop"
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(textwrap.dedent("""\
        PATH = "content"
        SITENAME = "Shop"
        STORE_LOCALE = "en_US"
        STORE_LANG = "en"
        STORE_CURRENCY = "USD"
        """), encoding="utf-8")
    (root / "content" / "markets.yml").write_text(MARKETS, encoding="utf-8")
    return root


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(project), "festivals", *args],
                              catch_exceptions=False)


def as_json(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


# -- json --------------------------------------------------------------------------------------
def test_json_lists_the_festivals_of_a_country_with_dates_kinds_and_flags(project: Path) -> None:
    data = as_json(run(project, "--country", "US", "--from", "2026-11-20", "--days", "14",
                       "--format", "json"))
    by_id = {row["festival"]: row for row in data}
    assert list(by_id) == ["thanksgiving", "black-friday", "cyber-monday"]
    assert by_id["black-friday"] == {
        "name": "Black Friday", "festival": "black-friday", "date": "2026-11-27",
        "end_date": None, "days": 1, "country": "US", "kind": "retail", "expected": False,
        "overridden": False, "market": None, "source": "festival"}
    assert by_id["thanksgiving"]["kind"] == "nth-weekday"


def test_json_spans_and_expected_dates(project: Path) -> None:
    data = as_json(run(project, "--country", "SA", "--from", "2027-02-01", "--days", "45",
                       "--format", "json", "--lang", "ar"))
    ramadan = next(row for row in data if row["festival"] == "ramadan")
    assert ramadan["name"] == "رمضان"
    assert (ramadan["date"], ramadan["end_date"], ramadan["days"]) == ("2027-02-08",
                                                                       "2027-03-08", 29)
    assert ramadan["expected"] is True and ramadan["kind"] == "hijri"
    eid = next(row for row in data if row["festival"] == "eid-al-fitr")
    assert (eid["name"], eid["date"], eid["end_date"]) == ("عيد الفطر", "2027-03-09",
                                                          "2027-03-11")


def test_without_market_or_country_every_country_is_listed(project: Path) -> None:
    data = as_json(run(project, "--from", "2026-11-27", "--days", "1", "--format", "json"))
    pairs = {(row["festival"], row["country"]) for row in data}
    assert {("black-friday", "US"), ("black-friday", "DE"), ("white-friday", "SA"),
            ("white-friday", "AE")} <= pairs
    assert ("black-friday", "SA") not in pairs


def test_a_market_gives_its_country_and_language(project: Path) -> None:
    data = as_json(run(project, "--market", "es-mx", "--from", "2026-11-01", "--days", "30",
                       "--format", "json"))
    buen_fin = next(row for row in data if row["festival"] == "buen-fin")
    assert (buen_fin["name"], buen_fin["date"], buen_fin["end_date"]) == (
        "El Buen Fin", "2026-11-13", "2026-11-16")
    assert buen_fin["expected"] is True  # not announced yet: the usual Friday-to-Monday
    assert {row["country"] for row in data} == {"MX"}
    assert {row["market"] for row in data} == {"es-mx"}


# -- table -------------------------------------------------------------------------------------
def test_table_shows_localized_names_and_iso_dates(project: Path) -> None:
    result = run(project, "--country", "JP", "--from", "2026-11-20", "--days", "10", "--lang",
                 "ja")
    assert result.exit_code == 0, result.output
    assert "ブラックフライデー" in result.stdout and "2026-11-27" in result.stdout
    assert "Black Friday" not in result.stdout


def test_table_for_an_arabic_market_marks_expected_dates(project: Path) -> None:
    result = run(project, "--market", "ar-sa", "--from", "2026-11-20", "--days", "120")
    assert result.exit_code == 0, result.output
    assert "الجمعة البيضاء" in result.stdout  # White Friday, in the market's language
    assert "رمضان" in result.stdout and "2027-02-08" in result.stdout
    assert "expected" in result.stdout  # Ramadan's row and the legend under the table


def test_an_empty_window_says_so(project: Path) -> None:
    result = run(project, "--country", "BR", "--from", "2026-07-01", "--days", "5")
    assert result.exit_code == 0
    assert "No festivals from 2026-07-01 to 2026-07-05 (country BR)" in result.stdout


def test_unknown_language_falls_back_to_english_with_a_warning(project: Path) -> None:
    result = run(project, "--country", "US", "--from", "2026-11-27", "--days", "1", "--lang",
                 "xx")
    assert result.exit_code == 0
    assert "Black Friday" in result.stdout
    assert "no festival names in 'xx'; showing English" in result.stderr


def test_dates_beyond_the_tables_are_reported(project: Path) -> None:
    result = run(project, "--country", "IN", "--from", "2036-10-01", "--days", "30")
    assert result.exit_code == 0
    assert "diwali in IN, 2036" in result.stderr and "2035" in result.stderr


# -- mistakes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (("--market", "fr-fr"), 'content/markets.yml: --market: no market "fr-fr"; the project\'s '
                            "markets: en-us, ja-jp, ar-sa, es-mx"),
    (("--market", "en-us", "--country", "US"), "use either --market or --country, not both"),
    (("--country", "UK"), "e.g. GB, not UK"),
    (("--country", "ZZ"), "no festival in the calendar is listed for ZZ"),
])
def test_mistakes_exit_1_and_say_how_to_fix(project: Path, args: tuple[str, ...],
                                            message: str) -> None:
    result = run(project, *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_market_needs_the_project(tmp_path: Path) -> None:
    result = run(tmp_path, "--market", "en-us")
    assert result.exit_code == 1
    assert "settings file not found" in result.stderr


def test_bad_date_is_a_usage_error(project: Path) -> None:
    result = run(project, "--from", "2026-13-01")
    assert result.exit_code == 2
    assert "--from" in result.stderr


# -- ics ---------------------------------------------------------------------------------------
def test_ics_is_an_importable_calendar_of_all_day_events(project: Path) -> None:
    result = run(project, "--country", "SA", "--from", "2030-01-01", "--days", "365", "--format",
                 "ics", "--lang", "ar")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)  # CRLF only
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events: dict[str, list[tuple[date, date, str, str]]] = {}
    for event in cal.walk("VEVENT"):
        first, after = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(first) is date and type(after) is date  # all-day: dates, not date-times
        events.setdefault(str(event["SUMMARY"]), []).append(
            (first, after, str(event["STATUS"]), str(event["UID"])))
    # Ramadan starts twice in 2030; DTEND is the day after the last day (exclusive)
    assert [e[:2] for e in events["رمضان"]] == [(date(2030, 1, 5), date(2030, 2, 4)),
                                                (date(2030, 12, 26), date(2031, 1, 24))]
    assert events["الجمعة البيضاء"][0][:3] == (date(2030, 11, 29), date(2030, 11, 30),
                                               "CONFIRMED")
    assert events["عيد الفطر"][0][2] == "TENTATIVE"  # expected date
    uids = [e[3] for evs in events.values() for e in evs]
    assert len(uids) == len(set(uids))


def test_ics_uids_are_stable_across_exports_and_text_is_escaped() -> None:
    entry = CalendarEntry(name="Sale; 50%, all day", festival="", start=date(2026, 11, 27),
                          end=date(2026, 11, 30), country="US", kind="campaign",
                          source="campaign", market="en-us")
    first = entries_ics([entry], title="T", now=datetime(2026, 1, 1, tzinfo=UTC))
    second = entries_ics([entry], title="T", now=datetime(2026, 6, 1, tzinfo=UTC))
    uid = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert uid == [line for line in second.split("\r\n") if line.startswith("UID:")]
    assert "SUMMARY:Sale\\; 50%\\, all day\r\n" in first
    parsed = icalendar.Calendar.from_ical(first)
    event = next(iter(parsed.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Sale; 50%, all day"
    assert event.decoded("DTEND") == date(2026, 12, 1)


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "ブラックフライデー" * 8  # 3 octets per character
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert len(parts) > 1 and "".join(parts) == line
    assert all(len(p.encode()) <= (75 if i == 0 else 74) for i, p in enumerate(parts))


# -- the hooks the campaigns feed --------------------------------------------------------------
def test_extra_rows_and_overrides_join_the_calendar(project: Path) -> None:
    campaign = CalendarEntry(name="Black Friday Week", festival="black-friday",
                             start=date(2026, 11, 20), end=date(2026, 11, 30), country="US",
                             kind="campaign", market="en-us", source="campaign")
    outside = CalendarEntry(name="Summer", festival="", start=date(2026, 7, 1),
                            end=date(2026, 7, 31), country="US", kind="campaign",
                            source="campaign")
    overrides = {("thanksgiving", "US", 2026): (date(2026, 11, 26), date(2026, 11, 27))}
    options = FestivalsOptions(country="US", start=date(2026, 11, 25), days=7, fmt="json",
                               overrides=overrides, extra=(campaign, outside))
    sink = BytesIO()
    console = Console(file=StringIO())
    status = run_festivals(project, options, out=console, err=console, stdout=sink)
    assert status == 0
    rows = json.loads(sink.getvalue())
    assert [(r["festival"], r["source"]) for r in rows] == [
        ("black-friday", "campaign"), ("thanksgiving", "festival"),
        ("black-friday", "festival"), ("cyber-monday", "festival")]
    thanksgiving = rows[1]
    assert (thanksgiving["end_date"], thanksgiving["overridden"]) == ("2026-11-27", True)
    assert rows[0]["name"] == "Black Friday Week" and rows[0]["market"] == "en-us"
    assert festival_name("black-friday", "en") == rows[2]["name"]
