"""Campaign files, their windows per market and time zone, and what `storefront check` says."""

from __future__ import annotations

import os
import textwrap
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image as PILImage

from storefront_catalog.model import Image, Product, Variant
from storefront_catalog.urls import Market
from storefront_promotions import calendar, model
from storefront_promotions.calendar import Occurrence
from storefront_promotions.checks import check_campaigns
from storefront_promotions.model import Campaign, Discount, Scope
from storefront_promotions.reader import load_campaigns, load_overrides
from storefront_promotions.schedule import active, preview_moment, transitions, upcoming, windows
from storefront_promotions.texts import badge_text, banner_text
from tests.cldr import long_date, money, percent

US = Market("en-us", "en", "en_US", "USD", prefix="en-us", country="US",
            timezone="America/New_York")
GB = Market("en-gb", "en", "en_GB", "GBP", prefix="en-gb", country="GB", timezone="Europe/London")
DE = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE", timezone="Europe/Berlin")
JP = Market("ja-jp", "ja", "ja_JP", "JPY", prefix="ja-jp", country="JP", timezone="Asia/Tokyo")
CN = Market("zh-cn", "zh", "zh_CN", "CNY", prefix="zh-cn", country="CN", timezone="Asia/Shanghai")
SA = Market("ar-sa", "ar", "ar_SA", "SAR", prefix="ar-sa", country="SA", timezone="Asia/Riyadh")
MARKETS = (US, GB, DE, JP, CN, SA)

FESTIVALS = ("black-friday", "eid-al-fitr", "lunar-new-year", "singles-day")
#: published dates the fake calendar answers with (the real one is tested further down)
DATES: dict[tuple[str, str, int], list[tuple[date, date]]] = {
    **{("black-friday", c, 2025): [(date(2025, 11, 28), date(2025, 11, 28))]
       for c in ("US", "GB", "DE")},
    **{("black-friday", c, 2026): [(date(2026, 11, 27), date(2026, 11, 27))]
       for c in ("US", "GB", "DE")},
    **{("black-friday", c, 2027): [(date(2027, 11, 26), date(2027, 11, 26))]
       for c in ("US", "GB", "DE")},
    ("lunar-new-year", "CN", 2026): [(date(2026, 2, 17), date(2026, 2, 17))],
    ("lunar-new-year", "CN", 2027): [(date(2027, 2, 6), date(2027, 2, 6))],
    # an Islamic festival can fall twice in one Gregorian year (Eid al-Fitr 2030)
    ("eid-al-fitr", "SA", 2030): [(date(2030, 2, 4), date(2030, 2, 6)),
                                  (date(2030, 12, 25), date(2030, 12, 27))],
    **{("singles-day", "CN", y): [(date(y, 11, 11), date(y, 11, 11))] for y in (2026, 2027)},
}
NAMES = {("black-friday", "de"): "Black Friday", ("lunar-new-year", "en"): "Lunar New Year"}


def fake_occurrences(festival: str, country: str, year: int,
                     overrides: object = None) -> list[Occurrence]:
    if festival not in FESTIVALS:
        raise KeyError(festival)
    if isinstance(overrides, dict) and (festival, country, year) in overrides:
        first, last = overrides[(festival, country, year)]
        return [Occurrence(festival, country, first, last, "merchant", overridden=True)]
    return [Occurrence(festival, country, first, last, "retail")
            for first, last in DATES.get((festival, country, year), [])]


@pytest.fixture
def fake_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar, "occurrences", fake_occurrences)
    monkeypatch.setattr(calendar, "festival_ids", lambda: FESTIVALS)
    monkeypatch.setattr(calendar, "festival_name", lambda f, lang, country=None: NAMES.get(
        (f, lang), f.replace("-", " ").title()))
    monkeypatch.setattr(calendar, "override_problem", lambda key, span: None)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def load(tmp_path: Path, files: dict[str, str], *, festivals=None):
    folder = tmp_path / "content" / "promotions"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_campaigns(tmp_path / "content", tmp_path, festivals=festivals)


def one(tmp_path: Path, text: str, name: str = "sale.yml") -> Campaign:
    """The campaign of one file (files written before it are loaded too, and must be clean)."""
    campaigns, problems = load(tmp_path, {name: text})
    assert problems == [], [str(p) for p in problems]
    (campaign,) = [c for c in campaigns if c.id == Path(name).stem]
    return campaign


BLACK_FRIDAY = """\
name: Black Friday to Cyber Monday
festival: black-friday
from: 0
to: +3
markets: [en-us, en-gb, de-de]
discount: {percent: 20}
scope: all
banner:
  en: "Black Friday: {discount} off until {end_date}"
  de: "Black Friday: {discount} Rabatt bis {end_date}"
badge: {en: "-{discount}", de: "-{discount}"}
colors: {background: "#111111", text: "#ffffff"}
"""


# -- windows ----------------------------------------------------------------------------------
def test_black_friday_starts_at_midnight_in_each_markets_time_zone(tmp_path, fake_calendar):
    sale = one(tmp_path, BLACK_FRIDAY)
    (us,) = windows(sale, US, [2026])
    (de,) = windows(sale, DE, [2026])
    assert us.start == utc(2026, 11, 27, 5)  # 00:00 in New York
    assert de.start == utc(2026, 11, 26, 23)  # 00:00 in Berlin: 23:00 UTC the day before
    assert us.start.isoformat() == "2026-11-27T00:00:00-05:00"  # shown in local time
    # to: +3 ends after Cyber Monday, at 24:00 local (exclusive)
    assert us.end == utc(2026, 12, 1, 5) and de.end == utc(2026, 11, 30, 23)
    assert (us.first_day, us.last_day) == (date(2026, 11, 27), date(2026, 11, 30))
    assert us.occurrence is not None and us.occurrence.start == date(2026, 11, 27)
    assert windows(sale, JP, [2026]) == []  # not one of its markets


def test_timezone_key_starts_every_market_at_that_zones_midnight(tmp_path, fake_calendar):
    sale = one(tmp_path, BLACK_FRIDAY + "timezone: Europe/Berlin\n")
    (us,) = windows(sale, US, [2026])
    assert us.start == utc(2026, 11, 26, 23)


def test_lunar_new_year_sale_starts_in_the_december_before(tmp_path, fake_calendar):
    sale = one(tmp_path, """\
festival: lunar-new-year
from: -45
to: 14
markets: [zh-cn]
discount: {percent: 15}
scope: all
banner: {zh: "新春特惠 {discount}"}
""")
    window = windows(sale, CN, [2026])[-1]  # found from the 2027 festival
    assert window.start == utc(2026, 12, 22, 16)  # 2026-12-23 00:00 in Shanghai
    assert window.first_day == date(2026, 12, 23)
    assert window.last_day == date(2027, 2, 20)
    assert window.occurrence is not None and window.occurrence.start == date(2027, 2, 6)
    assert windows(sale, CN, [2027])[-1] == window  # it belongs to both years
    assert [w.first_day for w in windows(sale, CN, [2026, 2027])] == [
        date(2026, 1, 3), date(2026, 12, 23)]
    assert [c.id for c, _ in active([sale], CN, utc(2026, 12, 31, 12))] == ["sale"]
    assert active([sale], CN, utc(2026, 12, 22, 15, 59)) == []
    moments = transitions([sale], [CN], utc(2026, 12, 1), utc(2027, 3, 1))
    assert [(t.at, t.change) for t in moments] == [
        (utc(2026, 12, 22, 16), "start"), (utc(2027, 2, 20, 16), "end")]


def test_sale_across_a_daylight_saving_change_keeps_local_midnights(tmp_path, fake_calendar):
    sale = one(tmp_path, """\
start: 2026-10-30
end: 2026-11-02
markets: all
discount: {percent: 10}
scope: all
banner: {en: "Autumn sale", de: "Herbstaktion"}
""")
    (us,) = windows(sale, US, [2026])  # New York leaves daylight saving time on 1 November
    assert (us.start, us.end) == (utc(2026, 10, 30, 4), utc(2026, 11, 3, 5))
    # (aware datetimes in one zone subtract as wall-clock time: compare in UTC)
    assert us.end.astimezone(UTC) - us.start.astimezone(UTC) == timedelta(days=4, hours=1)
    spring = one(tmp_path, """\
start: 2026-03-27
end: 2026-03-30
markets: all
discount: {percent: 10}
scope: all
banner: {de: "Frühlingsaktion"}
""", name="spring.yml")
    (de,) = windows(spring, DE, [2026])
    # Berlin springs forward on 29 March: the sale is an hour shorter, still midnight to midnight
    assert (de.start, de.end) == (utc(2026, 3, 26, 23), utc(2026, 3, 30, 22))
    assert de.end.isoformat() == "2026-03-31T00:00:00+02:00"


def test_explicit_times_are_local_unless_they_carry_an_offset(tmp_path, fake_calendar):
    local = one(tmp_path, """\
start: 2026-07-01 09:00
end: "2026-07-01T21:00"
markets: [ja-jp, de-de]
discount: {percent: 10}
scope: all
banner: {ja: "タイムセール", de: "Blitzangebot"}
""")
    (jp,) = windows(local, JP, [2026])
    (de,) = windows(local, DE, [2026])
    assert (jp.start, jp.end) == (utc(2026, 7, 1, 0), utc(2026, 7, 1, 12))
    assert de.start == utc(2026, 7, 1, 7)
    fixed = one(tmp_path, """\
start: 2026-07-01T09:00:00+09:00
end: 2026-07-02T09:00:00+09:00
markets: [ja-jp, de-de]
discount: {percent: 10}
scope: all
banner: {ja: "タイムセール", de: "Blitzangebot"}
""", name="flash.yml")
    assert windows(fixed, DE, [2026])[0].start == utc(2026, 7, 1, 0)  # one moment everywhere
    assert windows(fixed, DE, [2026])[0].start.isoformat() == "2026-07-01T02:00:00+02:00"


def test_a_festival_twice_in_one_year_gives_two_windows(tmp_path, fake_calendar):
    sale = one(tmp_path, """\
festival: eid-al-fitr
from: -3
markets: [ar-sa]
discount: {percent: 25}
scope: all
banner: {ar: "عروض العيد"}
""")
    found = windows(sale, SA, [2030])
    assert [(w.first_day, w.last_day) for w in found] == [
        (date(2030, 2, 1), date(2030, 2, 6)), (date(2030, 12, 22), date(2030, 12, 27))]
    assert found[0].start == utc(2030, 1, 31, 21)  # 00:00 in Riyadh (UTC+3)


def test_festival_overrides_move_the_sale(tmp_path, fake_calendar):
    content = tmp_path / "content"
    content.mkdir()
    (content / "festivals.yml").write_text("eid-al-fitr:\n  SA:\n    2030: [2030-02-05, "
                                           "2030-02-07]\n")
    overrides, problems = load_overrides(content, tmp_path, festivals=FESTIVALS)
    assert problems == []
    assert overrides == {("eid-al-fitr", "SA", 2030): (date(2030, 2, 5), date(2030, 2, 7))}
    sale = one(tmp_path, "festival: eid-al-fitr\nmarkets: all\ndiscount: {percent: 5}\n"
                         "scope: all\nbanner: {ar: عيد}\n")
    assert [w.first_day for w in windows(sale, SA, [2030], overrides)] == [date(2030, 2, 5)]


def test_active_and_upcoming_at_the_exact_boundaries(tmp_path, fake_calendar):
    sale = one(tmp_path, BLACK_FRIDAY)
    start = utc(2026, 11, 27, 5)
    assert active([sale], US, start - timedelta(microseconds=1)) == []
    assert [w.start for _, w in active([sale], US, start)] == [start]
    assert active([sale], US, utc(2026, 12, 1, 5)) == []  # the end is exclusive
    assert active([sale], DE, start) != []  # Berlin started 6 hours earlier
    soon = upcoming([sale], US, utc(2026, 11, 1), 30)
    assert [(c.id, w.first_day) for c, w in soon] == [("sale", date(2026, 11, 27))]
    assert upcoming([sale], US, utc(2026, 11, 1), 20) == []
    # --date previews take noon in the market: Black Friday is on in both markets
    assert active([sale], US, preview_moment(date(2026, 11, 27), US))
    assert active([sale], DE, preview_moment(date(2026, 11, 30), DE))
    assert not active([sale], DE, preview_moment(date(2026, 12, 1), DE))


def test_transitions_list_every_start_and_end_in_utc_order(tmp_path, fake_calendar):
    sale = one(tmp_path, BLACK_FRIDAY)
    found = transitions([sale], MARKETS, utc(2026, 11, 1), utc(2026, 12, 31))
    assert [(t.at, t.market_code, t.change) for t in found] == [
        (utc(2026, 11, 26, 23), "de-de", "start"),
        (utc(2026, 11, 27, 0), "en-gb", "start"),
        (utc(2026, 11, 27, 5), "en-us", "start"),
        (utc(2026, 11, 30, 23), "de-de", "end"),
        (utc(2026, 12, 1, 0), "en-gb", "end"),
        (utc(2026, 12, 1, 5), "en-us", "end"),
    ]
    assert all(t.campaign_id == "sale" and t.at.tzinfo is UTC for t in found)
    assert transitions([sale], MARKETS, utc(2026, 11, 27, 0), utc(2026, 11, 27, 5)) == [
        found[1]]  # [start, end): 05:00 is outside


# -- shoppers' text ---------------------------------------------------------------------------
def test_banner_and_badge_fill_discount_and_end_date_as_the_market_writes_them(
        tmp_path, fake_calendar):
    sale = one(tmp_path, BLACK_FRIDAY)
    (de,) = windows(sale, DE, [2026])
    (us,) = windows(sale, US, [2026])
    end = date(2026, 11, 30)
    assert banner_text(sale, de, DE) == (
        f"Black Friday: {percent(20, 'de_DE')} Rabatt bis {long_date(end, 'de_DE')}")
    assert banner_text(sale, us, US) == "Black Friday: 20% off until November 30, 2026"
    assert badge_text(sale, us, US) == "-20%"
    amount = one(tmp_path, """\
festival: black-friday
markets: [en-us, de-de]
discount: {amount: {USD: "10", EUR: "9"}}
scope: all
coupon: BF10
banner: "Use {coupon} for {discount} off at {festival}"
""", name="coupon.yml")
    (de,) = windows(amount, DE, [2026])
    assert banner_text(amount, de, DE) == (
        f"Use BF10 for {money('9', 'EUR', 'de_DE')} off at Black Friday")
    translated = banner_text(amount, de, DE, lambda s: s.replace("Use", "Mit"))
    assert translated is not None and translated.startswith("Mit BF10")


# -- validation -------------------------------------------------------------------------------
GOOD = BLACK_FRIDAY.splitlines()


def problem_of(tmp_path: Path, text: str) -> str:
    campaigns, problems = load(tmp_path, {"black-friday.yml": text})
    errors = [p for p in problems if p.severity == "error"]
    assert campaigns == [] and len(errors) == 1, [str(p) for p in problems]
    return str(errors[0])


def replaced(line: int, new: str | None) -> str:
    """BLACK_FRIDAY with one line (1-based) replaced, or dropped when ``new`` is None."""
    lines = list(GOOD)
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("line", "new", "expected"), [
    (2, "festival: black-fridy",
     ':2: festival: "black-fridy" is not a festival the calendar knows; did you mean '
     '"black-friday"?'),
    (6, "discont: {percent: 20}", ':6: discont: unknown field; did you mean "discount"?'),
    (6, "percent: 20", ":6: percent: unknown field; put it under discount"),
    (6, "discount: {percent: 120}", ":6: discount.percent: 120 must be above 0 and below 100"),
    (6, 'discount: {percent: "20%"}', ':6: discount.percent: write the number without "%": '
                                      "percent: 20"),
    (6, "discount: {percent: 20, amount: {USD: 5}}",
     ":6: discount: must give exactly one of percent, amount or prices (percent and amount"),
    (6, 'discount: {amount: {USD: "10", EURO: "9"}}',
     ':6: discount.amount.EURO: "EURO" is not an ISO 4217 currency code; did you mean "EUR"?'),
    (6, 'discount: {amount: {JPY: "10.5"}}', ":6: discount.amount.JPY: JPY has no decimal digits"),
    (7, None, "black-friday.yml: scope is missing; write scope: all"),
    (7, "scope: {category: [pens]}", ':7: scope.category: unknown field; did you mean '
                                     '"categories"?'),
    (7, "scope: {tags: usb-c}", ":7: scope.tags: must be a list; write tags: [usb-c]"),
    (5, "markets: en-us, de-de", ":5: markets: must be a list; write markets: [en-us, de-de]"),
    (5, "markets: []", ":5: markets: is empty, so the sale runs nowhere"),
    (5, "markets: [en-us, en-us]", ':5: markets[2]: "en-us" is listed twice'),
    (4, "to: 2026-11-30", ":4: to: 2026-11-30 is a date, but to counts days from the festival"),
    (3, "from: -120", ":3: from: -120 days is too far from the festival (at most 90"),
    (2, "festival: black-friday\nstart: 2026-11-20",
     ":3: start: give either festival: (the sale follows the festival's dates) or start: and "
     "end:, not both"),
    (9, '  en: "{discount} off until {end_daet}"',
     ':9: banner.en: "{end_daet}" is not a placeholder; did you mean {end_date}?'),
    (9, '  en: "Use {coupon} now"', ":9: banner.en: {coupon} needs a code: add coupon: CODE"),
    (9, '  en: "{discount} off {until"', ":9: banner.en: has a { or } that opens or closes "
                                         "nothing"),
    (9, '  EN: "Sale"', ':9: banner.EN: "EN" is not a language code'),
    (12, "colors:\n  background: #111111\n  text: '#ffffff'",
     ":13: colors.background: is empty; a # starts a comment in YAML, so put the colour in "
     'quotes: background: "#1a1a1a"'),
    (12, 'colors: {background: "#111111", text: "black"}',
     ':12: colors.text: "black" is not a colour; write it as "#rrggbb"'),
    (12, 'colors: {background: "#777777", text: "#ffffff"}',
     ':12: colors.text: #ffffff on #777777 has a contrast of 4.48:1; text needs at least 4.5:1 '
     'to be readable (WCAG AA), e.g. text: "#000000"'),
    (12, 'colors: {background: "#ffcc00"}', ":12: colors: text is missing; give both colours"),
    (12, "coupon: BLACK FRIDAY", ':12: coupon: "BLACK FRIDAY" must be 2 to 32 letters'),
    (12, "priority: high", ':12: priority: "high" is not a whole number'),
    (12, "timezone: Berlin", ':12: timezone: "Berlin" is not an IANA time zone; did you mean '
                             '"Europe/Berlin"?'),
    (12, "country: UK", ':12: country: "UK" is not an ISO 3166 country code; write "GB"'),
])
def test_each_mistake_names_file_line_field_and_fix(tmp_path, fake_calendar, line, new,
                                                    expected):
    message = problem_of(tmp_path, replaced(line, new))
    assert message.startswith("content/promotions/black-friday.yml:")
    assert expected in message


def test_dates_without_festival_must_be_complete_and_in_order(tmp_path, fake_calendar):
    base = "markets: all\ndiscount: {percent: 5}\nscope: all\nbanner: {en: Sale}\n"
    assert ("black-friday.yml: end is missing; a sale with start: or end: needs both"
            in problem_of(tmp_path, "start: 2026-11-20\n" + base))
    assert ("black-friday.yml:2: end: 2026-11-19 is not after start (2026-11-20)"
            in problem_of(tmp_path, "start: 2026-11-20\nend: 2026-11-19\n" + base))
    assert ("black-friday.yml:1: from: counts days from a festival, but no festival is given; "
            "for a fixed date write start: 2026-11-20"
            in problem_of(tmp_path, "from: 2026-11-20\nend: 2026-11-21\n" + base))
    assert ("black-friday.yml: says not when the sale runs; add festival: black-friday"
            in problem_of(tmp_path, base))
    assert ('black-friday.yml:1: start: "next friday" is not a date'
            in problem_of(tmp_path, "start: next friday\nend: 2026-11-21\n" + base))
    # one day: a date as end is the last day, so start == end is a one-day sale
    sale = one(tmp_path, "start: 2026-11-20\nend: 2026-11-20\n" + base,
               name="black-friday.yml")
    (w,) = windows(sale, DE, [2026])
    assert w.end - w.start == timedelta(days=1)


def test_prices_discount_is_its_own_scope_and_has_no_single_discount(tmp_path, fake_calendar):
    text = ("festival: black-friday\nmarkets: all\n"
            'discount:\n  prices:\n    PEN-1: {USD: "19.99"}\n    pen-1: {USD: "18.99"}\n'
            "banner: {en: Deals}\n")
    assert ':6: discount.prices.pen-1: "pen-1" is the same SKU as "PEN-1"' in problem_of(
        tmp_path, text)
    assert ":6: scope: the SKUs under discount.prices are what is on sale; remove scope" in (
        problem_of(tmp_path, text.replace("    pen-1: {USD: \"18.99\"}\n", "scope: all\n")))
    assert "{discount} has no single value with prices:" in problem_of(
        tmp_path, text.replace("    pen-1: {USD: \"18.99\"}\n", "").replace(
            "{en: Deals}", '{en: "{discount} off"}'))
    sale = one(tmp_path, text.replace("    pen-1: {USD: \"18.99\"}\n", ""),
               name="black-friday.yml")
    assert sale.scope == Scope(skus=("PEN-1",))
    assert sale.discount == Discount(prices={"PEN-1": {"USD": Decimal("19.99")}})


def test_file_level_mistakes(tmp_path, fake_calendar):
    _, problems = load(tmp_path, {
        "Black Friday.yml": BLACK_FRIDAY,
        "notes.txt": "ideas",
        "broken.yml": "festival: black-friday\nbanner: {en: \"unclosed}\n",
        "banner.jpg": "",  # banner images may sit next to the campaigns
    })
    shown = sorted(str(p) for p in problems)
    assert shown == [
        "content/promotions/Black Friday.yml: the file name is the campaign's id: use lowercase "
        "letters, digits and hyphens, e.g. black-friday.yml",
        "content/promotions/broken.yml:2: a quote is opened but never closed; add the closing "
        "quote at the end of the value",
        "content/promotions/notes.txt: is not read: a campaign is a .yml file; rename it to "
        "notes.yml or move it out of content/promotions/",
    ]


# -- banner image -----------------------------------------------------------------------------
def with_image(tmp_path: Path, value: str) -> str:
    return problem_of(tmp_path, BLACK_FRIDAY + f"image: {value}\n")


def test_banner_image_must_be_a_real_image_inside_content(tmp_path, fake_calendar):
    content = tmp_path / "content"
    (content / "promotions").mkdir(parents=True)
    PILImage.new("RGB", (8, 8), (200, 20, 20)).save(content / "promotions" / "bf.png")
    sale = one(tmp_path, BLACK_FRIDAY + "image: promotions/bf.png\n", name="black-friday.yml")
    assert sale.image == "promotions/bf.png"
    assert sale.image_path == content / "promotions" / "bf.png"
    (tmp_path / "secret.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    assert ':13: image: "../secret.jpg" leaves content/ ("..")' in with_image(
        tmp_path, "../secret.jpg")
    assert ':13: image: "/etc/passwd" must be a path inside content/' in with_image(
        tmp_path, "/etc/passwd")
    os.symlink(tmp_path / "secret.jpg", content / "promotions" / "link.jpg")
    assert ':13: image: "promotions/link.jpg" is a link to a file outside content/' in (
        with_image(tmp_path, "promotions/link.jpg"))
    assert ('"bf.png" does not exist; did you mean promotions/bf.png? (the path starts at '
            "content/)") in with_image(tmp_path, "bf.png")
    assert 'did you mean "promotions/bf.png"?' in with_image(tmp_path, "promotions/bf.jpg")
    (content / "promotions" / "fake.jpg").write_text("not a photo")
    assert '"promotions/fake.jpg" is not a JPEG, PNG, WebP or AVIF image' in with_image(
        tmp_path, "promotions/fake.jpg")


# -- festival overrides file ------------------------------------------------------------------
def test_festival_overrides_file_mistakes(tmp_path, fake_calendar):
    content = tmp_path / "content"
    content.mkdir()
    (content / "festivals.yml").write_text("""\
eid-al-fiter:
  SA: {2026: 2026-03-20}
eid-al-fitr:
  sa: {2026: 2026-03-20}
  SA:
    2026: 2027-03-20
    2027: [2027-03-11, 2027-03-09]
    next: 2028-02-27
  ID:
    2026: 2026-03-21
""")
    overrides, problems = load_overrides(content, tmp_path)
    assert overrides == {("eid-al-fitr", "ID", 2026): (date(2026, 3, 21), date(2026, 3, 21))}
    assert [str(p) for p in problems] == [
        'content/festivals.yml:1: eid-al-fiter: "eid-al-fiter" is not a festival the calendar '
        'knows; did you mean "eid-al-fitr"?',
        'content/festivals.yml:4: eid-al-fitr.sa: country codes are written in capitals: write '
        '"SA"',
        "content/festivals.yml:6: eid-al-fitr.SA.2026: 2027-03-20 is not in 2026; list a "
        "festival under the year it starts in",
        "content/festivals.yml:7: eid-al-fitr.SA.2027: the last day 2027-03-09 is before the "
        "first 2027-03-11",
        'content/festivals.yml:8: eid-al-fitr.SA.next: "next" is not a year; write e.g. 2026: '
        "2026-03-20",
    ]


# -- storefront check -------------------------------------------------------------------------
def product(slug: str, sku: str, category: tuple[str, ...], tags: tuple[str, ...] = (),
            **prices: str) -> Product:
    return Product(
        slug=slug, source_dir=Path("."), source_file=Path(f"content/products/{slug}/index.md"),
        title=slug, sku=sku, brand="B", category=category, summary="", body_html="", digest="",
        price={k: Decimal(v) for k, v in (prices or {"USD": "29.99", "EUR": "27.99",
                                                     "JPY": "4480"}).items()},
        images=(Image("a.jpg", Path("a.jpg"), "front", ""),), tags=tags,
        variants=(Variant(f"{sku}-BLK", {"color": "Black"}, None, {}, {}, "in_stock"),),
    )


PRODUCTS = [
    product("active-stylus-pen", "VT-STY-01", ("Writing", "Stylus Pens"), ("stylus", "usb-c")),
    product("fine-tip-stylus", "VT-STY-02", ("Writing", "Stylus Pens"), ("stylus",)),
    product("gan-charger-65w", "VT-CHG-65", ("Power", "Chargers"), ("usb-c",)),
]


def campaign(id: str, **kw: object) -> Campaign:
    base: dict[str, object] = dict(
        id=id, file=f"content/promotions/{id}.yml", name=id, markets=("en-us", "de-de"),
        discount=Discount(percent=Decimal(20)), scope=Scope(all=True), festival="black-friday",
    )
    base.update(kw)
    markets = base["markets"]
    base.setdefault("banner", {m.lang: "Sale" for m in MARKETS if m.code in markets})
    return Campaign(**base)  # type: ignore[arg-type]


JUNE = datetime(2026, 6, 1, tzinfo=UTC)


def check(*campaigns: Campaign, at: datetime = JUNE) -> list[str]:
    return [str(p) if p.severity == "error" else f"{p.severity}: {p}"
            for p in check_campaigns(campaigns, PRODUCTS, [US, DE, JP], at)]


def test_overlapping_sales_are_reported_once_with_both_files_dates_and_winner(fake_calendar):
    bf = campaign("black-friday", days_to=3)
    pens = campaign("pen-week", festival=None, start=date(2026, 11, 25), end=date(2026, 11, 28),
                    scope=Scope(categories=("writing",)), priority=5)
    (note,) = check(bf, pens)  # different priorities: decided, a note (strict CI passes)
    assert note == (
        "note: content/promotions/black-friday.yml: runs at the same time as "
        "content/promotions/pen-week.yml on the same products in en-us (2 products, 2026-11-27 "
        "to 2026-11-28); de-de (2 products, 2026-11-27 to 2026-11-28); pen-week sets the price "
        "(priority 5 over 0)")
    # equal priority: the lower price for the shopper decides, product by product
    deeper = campaign("pen-week", festival=None, start=date(2026, 11, 25),
                      end=date(2026, 11, 28), scope=Scope(tags=("stylus",)),
                      discount=Discount(percent=Decimal(30)), markets=("en-us",))
    (warning,) = check(bf, deeper)
    assert "en-us (2 products, 2026-11-27 to 2026-11-28); pen-week sets the price (equal " \
           "priority: the lower price wins)" in warning
    # ... and when the lower price differs by product, how many each one wins
    big = [*PRODUCTS, product("power-bank", "VT-PB-20", ("Power",), USD="99.99")]
    percent = campaign("a", markets=("en-us",))
    amount = campaign("b", markets=("en-us",), discount=Discount(amount={"USD": Decimal(10)}))
    (problem,) = check_campaigns([percent, amount], big, [US], JUNE)
    assert "en-us (4 products, 2026-11-27 to 2026-11-27); with equal priority the lower price " \
           "wins: b on 3, a on 1." in problem.message
    # coupon campaigns never change prices, so they never overlap
    assert check(bf, campaign("code", coupon="PENS", scope=Scope(tags=("stylus",)))) == []


def test_unknown_markets_and_scope_names_get_did_you_mean(fake_calendar):
    sale = campaign("bf", markets=("en-us", "de-at"),
                    scope=Scope(categories=("writing/stylus-pen",), tags=("usbc",),
                                products=("gan-charger-65",), skus=("VT-STY-1",)),
                    lines={"markets": 5, "markets[2]": 5, "scope": 7})
    assert check(sale) == [
        'content/promotions/bf.yml:5: markets[2]: "de-at" is not a market in markets.yml; did '
        'you mean "de-de"?',
        'content/promotions/bf.yml:7: scope.categories[1]: "writing/stylus-pen" is not a '
        'category path, so nothing is on sale for it; did you mean "writing/stylus-pens"?',
        'content/promotions/bf.yml:7: scope.tags[1]: "usbc" is not a tag of any product, so '
        'nothing is on sale for it; did you mean "usb-c"?',
        'content/promotions/bf.yml:7: scope.products[1]: "gan-charger-65" is not a product '
        'folder, so nothing is on sale for it; did you mean "gan-charger-65w"?',
        'content/promotions/bf.yml:7: scope.skus[1]: "VT-STY-1" is not a product or variant '
        'SKU, so nothing is on sale for it; did you mean "VT-STY-01"?',
    ]


def test_check_reports_dates_that_never_come_or_have_passed(fake_calendar):
    ended = campaign("summer", festival=None, start=date(2026, 5, 1), end=date(2026, 5, 10))
    assert check(ended) == ["warning: content/promotions/summer.yml: end: the sale ended on "
                            "2026-05-10; delete the file, or give it new dates"]
    far = campaign("later", festival=None, start=date(2028, 1, 1), end=date(2028, 1, 10))
    assert check(far) == ["warning: content/promotions/later.yml: start: 2028-01-01 is more "
                          "than a year away, so the sale does not run in the next year; check "
                          "the dates"]
    nowhere = campaign("lny", festival="lunar-new-year", markets=("ja-jp",))
    assert check(nowhere) == [
        'warning: content/promotions/lny.yml: festival: "lunar-new-year" has no date in the '
        "next year in JP, so the sale never runs; set its dates in content/festivals.yml, use "
        "country: for another country's dates, or choose another festival"]
    backwards = campaign("bf", days_from=2, lines={"from": 3})
    assert check(backwards) == [
        "content/promotions/bf.yml:3: from: from: 2 starts the sale after it ends (to: 0 days "
        "after the festival's last day), so it never runs; make from smaller or to larger"]
    # country: CN takes China's dates in Japan
    assert check(campaign("lny", festival="lunar-new-year", markets=("ja-jp",), country="CN",
                          banner={"ja": "春節"})) == []


def test_check_reports_missing_currencies_and_prices_that_are_no_sale(fake_calendar):
    amount = campaign("bf", discount=Discount(amount={"USD": Decimal(10)}),
                      lines={"discount": 6, "discount.amount": 6})
    assert check(amount) == ['warning: content/promotions/bf.yml:6: discount.amount: has no EUR '
                             'amount, so the de-de market gets no sale; add EUR: "..."']
    huge = campaign("bf", discount=Discount(amount={"USD": Decimal(30), "EUR": Decimal(5)}))
    assert check(huge) == [
        "content/promotions/bf.yml: discount.amount.USD: puts the price at or below zero for "
        "VT-STY-01 (-0.01 instead of 29.99 USD), VT-STY-02 (-0.01 instead of 29.99 USD), "
        "VT-CHG-65 (-0.01 instead of 29.99 USD); these stay at the regular price: make the "
        "discount smaller, or leave these products out of the scope"]
    above = campaign("bf", discount=Discount(prices={"VT-STY-01": {"USD": Decimal("34.99")}}),
                     scope=Scope(skus=("VT-STY-01",)), markets=("en-us",))
    assert check(above) == [
        "content/promotions/bf.yml: discount.prices.VT-STY-01.USD: puts the price not below the "
        "regular price for VT-STY-01 (34.99 instead of 29.99 USD); these stay at the regular "
        "price: a sale price must be below the regular price; lower it or remove the SKU"]


def test_check_warns_about_banners_missing_a_market_language(fake_calendar):
    sale = campaign("bf", markets=("en-us", "de-de", "ja-jp"),
                    banner={"en": "Sale", "de": "Sale", "fr": "Soldes"})
    assert check(sale) == [
        'warning: content/promotions/bf.yml: banner: has no text in ja, so ja-jp shows no '
        'banner; add ja: "..."',
        'warning: content/promotions/bf.yml: banner.fr: no market of this campaign is in "fr", '
        "so this text is never shown; remove it or add the market",
    ]


# -- the real calendar ------------------------------------------------------------------------
KR = Market("ko-kr", "ko", "ko_KR", "KRW", prefix="ko-kr", country="KR", timezone="Asia/Seoul")


def test_real_black_friday_2026_starts_at_midnight_in_new_york_and_berlin(tmp_path):
    sale = one(tmp_path, BLACK_FRIDAY, name="bf.yml")
    (us,) = windows(sale, US, [2026])
    (de,) = windows(sale, DE, [2026])
    assert us.start == utc(2026, 11, 27, 5)
    assert de.start == utc(2026, 11, 26, 23)
    assert us.last_day == date(2026, 11, 30)  # to: +3 is Cyber Monday


def test_real_white_friday_in_riyadh(tmp_path):
    sale = one(tmp_path, """\
festival: white-friday
markets: [ar-sa]
discount: {percent: 30}
scope: all
banner: {ar: "الجمعة البيضاء: خصم {discount}"}
""", name="white-friday.yml")
    (window,) = windows(sale, SA, [2026])
    assert (window.start, window.end) == (utc(2026, 11, 26, 21), utc(2026, 11, 27, 21))
    assert banner_text(sale, window, SA) == "الجمعة البيضاء: خصم 30%"


def test_real_lunar_new_year_2027_sale_starts_in_december_and_differs_in_korea(tmp_path):
    sale = one(tmp_path, """\
festival: lunar-new-year
from: -45
to: 0
markets: [zh-cn, ko-kr]
discount: {percent: 15}
scope: all
banner: {zh: "新春特惠", ko: "설날 특가"}
""", name="lny.yml")
    december = [w for w in windows(sale, CN, [2026]) if w.first_day.month == 12]
    assert [w.occurrence.start for w in december if w.occurrence] == [date(2027, 2, 6)]
    assert december[0].first_day == date(2026, 12, 23)
    assert december[0].start == utc(2026, 12, 22, 16)
    korea = [w for w in windows(sale, KR, [2026]) if w.first_day.month == 12]
    # Seollal 2027 is a day after China's New Year, so Korea's sale starts a day later
    assert korea[0].first_day == date(2026, 12, 24)
    assert korea[0].start == utc(2026, 12, 23, 15)


def test_real_calendar_explains_a_festival_not_observed_in_a_market(tmp_path):
    sale = campaign("lny", festival="lunar-new-year", markets=("ja-jp",))
    (problem,) = check_campaigns([sale], PRODUCTS, [JP], JUNE)
    assert problem.severity == "warning" and problem.field == "festival"
    assert '"lunar-new-year" has no date in the next year in JP (lunar-new-year is not in the ' \
           "calendar for JP; it is listed for" in problem.message
    assert "set its dates in content/festivals.yml" in problem.message
    # the merchant's date for Japan makes it run there
    overrides = {("lunar-new-year", "JP", 2027): (date(2027, 2, 6), date(2027, 2, 6))}
    assert check_campaigns([sale], PRODUCTS, [JP], JUNE, overrides) == []


def test_real_calendar_checks_the_overrides_file(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "festivals.yml").write_text("eid-al-fitr:\n  SA: {2026: 2026-03-19}\n"
                                           "lunar-new-yaer:\n  CN: {2027: 2027-02-06}\n")
    overrides, problems = load_overrides(content, tmp_path)
    assert overrides == {("eid-al-fitr", "SA", 2026): (date(2026, 3, 19), date(2026, 3, 19))}
    assert [str(p) for p in problems] == [
        'content/festivals.yml:3: lunar-new-yaer: "lunar-new-yaer" is not a festival the '
        'calendar knows; did you mean "lunar-new-year"?']
    sale = campaign("eid", festival="eid-al-fitr", markets=("ar-sa",))
    (window,) = [w for w in windows(sale, SA, [2026], overrides)]
    assert window.first_day == date(2026, 3, 19) and window.occurrence is not None
    assert window.occurrence.overridden


def test_the_documented_example_loads_as_documented(tmp_path):
    doc = model.__doc__ or ""
    block = doc.split("# content/promotions/black-friday.yml\n", 1)[1].split("\n\n", 1)[0]
    content = tmp_path / "content"
    (content / "promotions").mkdir(parents=True)
    PILImage.new("RGB", (8, 8), (17, 17, 17)).save(content / "promotions" / "black-friday.jpg")
    sale = one(tmp_path, textwrap.dedent(block), name="black-friday.yml")
    assert (sale.days_from, sale.days_to, sale.markets) == (-3, 3, ("en-us", "en-gb", "de-de"))
    (window,) = windows(sale, US, [2026])
    assert (window.first_day, window.last_day) == (date(2026, 11, 24), date(2026, 11, 30))
    assert banner_text(sale, window, US) == (
        "Black Friday: 20% off everything until November 30, 2026")
