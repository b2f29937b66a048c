"""What a festival page shows on a given day (festival_pages, pure) and where it lives (the
slugs of content/festivals.yml, the URL map): the demo's campaigns, real calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from storefront_catalog.urls import Landing, Market, UrlMap
from storefront_promotions.festival_pages import festival_states, slug_for, state_key
from storefront_promotions.festival_plans import festival_url
from storefront_promotions.reader import load_campaigns, load_festival_slugs, load_overrides

ROOT = Path(__file__).resolve().parent.parent.parent
CONTENT = ROOT / "content"
DE = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE",
            timezone="Europe/Berlin")
JA = Market("ja-jp", "ja", "ja_JP", "JPY", prefix="ja-jp", country="JP", timezone="Asia/Tokyo")
SG = Market("en-sg", "en", "en_SG", "SGD", prefix="en-sg", country="SG",
            timezone="Asia/Singapore")


@pytest.fixture(scope="module")
def demo():
    campaigns, problems = load_campaigns(CONTENT, ROOT)
    overrides, more = load_overrides(CONTENT, ROOT)
    assert problems + more == []
    return campaigns, overrides


def states(demo, market: Market, at: datetime):
    campaigns, overrides = demo
    return {s.festival: s for s in festival_states(campaigns, market, at, overrides, {})}


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


def test_a_market_has_a_page_per_festival_it_runs_campaigns_for(demo) -> None:
    assert sorted(states(demo, DE, at("2026-06-01"))) == [
        "black-friday", "christmas", "cyber-monday"]
    # Singapore's two Lunar New Year campaigns share one page
    assert sorted(states(demo, SG, at("2026-06-01"))) == [
        "christmas", "double-twelve", "eid-al-fitr", "lunar-new-year", "singles-day"]


def test_during_black_friday_the_page_runs_the_market_s_own_window(demo) -> None:
    de = states(demo, DE, at("2026-11-27"))["black-friday"]
    assert [(c.id, w.first_day, w.last_day) for c, w in de.running] == [
        ("black-friday", date(2026, 11, 24), date(2026, 11, 30))]
    ja = states(demo, JA, at("2026-11-27"))["black-friday"]
    assert [(c.id, w.first_day) for c, w in ja.running] == [
        ("black-friday-japan", date(2026, 11, 20))]
    # Cyber Monday's own page waits for its day
    cyber = states(demo, DE, at("2026-11-27"))["cyber-monday"]
    assert not cyber.is_running and cyber.next is not None
    assert cyber.next.start == date(2026, 11, 30)


def test_after_the_sale_the_page_names_the_next_festival_and_keeps_the_last_run(demo) -> None:
    bf = states(demo, DE, at("2027-03-01"))["black-friday"]
    assert not bf.is_running
    assert bf.next is not None and bf.next.start == date(2027, 11, 26)
    assert bf.next_sale is not None and bf.next_sale.first_day == date(2027, 11, 23)
    assert [(c.id, w.first_day) for c, w in bf.last] == [("black-friday", date(2026, 11, 24))]
    # Singles' Day follows China's date (country: CN) in Singapore
    singles = states(demo, SG, at("2027-03-01"))["singles-day"]
    assert singles.country == "CN" and singles.next is not None
    assert singles.next.start == date(2027, 11, 11)


def test_the_page_cache_key_changes_when_the_sale_starts(demo) -> None:
    before = states(demo, DE, datetime(2026, 11, 23, 22, 59, tzinfo=UTC))["black-friday"]
    after = states(demo, DE, datetime(2026, 11, 23, 23, 0, tzinfo=UTC))["black-friday"]
    assert not before.is_running and after.is_running  # midnight in Berlin
    assert state_key(before) != state_key(after)
    same = states(demo, DE, datetime(2026, 11, 25, 9, 0, tzinfo=UTC))["black-friday"]
    assert state_key(same) == state_key(after)  # nothing changed: the cached page is kept


def test_a_merchant_sets_a_localized_slug(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "festivals.yml").write_text(
        "black-friday:\n  slug: {de: schwarzer-freitag, ja-jp: burakku-furaidee}\n"
        "singles-day:\n  slug: double-eleven\n  SG:\n    2027: 2027-11-11\n", encoding="utf-8")
    slugs, problems = load_festival_slugs(content, tmp_path)
    assert problems == []
    overrides, problems = load_overrides(content, tmp_path)  # the slug is no country
    assert problems == [] and list(overrides) == [("singles-day", "SG", 2027)]
    assert slug_for("black-friday", DE, slugs) == "schwarzer-freitag"
    assert slug_for("black-friday", JA, slugs) == "burakku-furaidee"
    assert slug_for("singles-day", SG, slugs) == "double-eleven"
    assert slug_for("cyber-monday", DE, slugs) == "cyber-monday"
    urls = UrlMap("https://shop.example/store")  # a site served below a path
    assert festival_url(urls, DE, "schwarzer-freitag") == "/store/de-de/schwarzer-freitag/"
    assert urls.output_path(Landing("schwarzer-freitag"), DE) == (
        "de-de/schwarzer-freitag/index.html")


def test_a_bad_slug_names_the_file_line_and_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "festivals.yml").write_text(
        "black-friday:\n  slug:\n    de: Schwarzer Freitag\n    ja: products\n"
        "    DE: x\n", encoding="utf-8")
    _slugs, problems = load_festival_slugs(content, tmp_path)
    shown = sorted(str(p) for p in problems)
    assert len(shown) == 3, shown
    assert shown[0].startswith("content/festivals.yml:3: black-friday.slug.de:")
    assert "schwarzer-freitag" in shown[0]
    assert shown[1].startswith("content/festivals.yml:4: black-friday.slug.ja:")
    assert "taken by the store's own pages" in shown[1]
    assert shown[2].startswith("content/festivals.yml:5: black-friday.slug.DE:")
    assert "not a market code or a language" in shown[2]


@pytest.mark.parametrize("market", [DE, SG], ids=["de-de", "en-sg"])
def test_a_page_changes_only_when_the_up_to_date_record_expires(demo, market: Market) -> None:
    """`storefront build` keeps its last site until the next campaign start or end or the next
    midnight of a market (tools/storefront/build.py valid_until): every moment a festival page
    changes over a year is one of those, found to the second."""
    from zoneinfo import ZoneInfo

    from storefront_promotions.schedule import transitions

    campaigns, overrides = demo

    def key(moment: datetime) -> str:
        return repr([state_key(s) for s in festival_states(campaigns, market, moment,
                                                         overrides, {})])

    start, step = datetime(2026, 6, 1, tzinfo=UTC), timedelta(days=1)
    moments = [start + step * i for i in range(366)]
    allowed = {t.at for t in transitions(campaigns, [market], moments[0], moments[-1],
                                         overrides)}
    zone = ZoneInfo(market.timezone)
    changes = 0
    for lo, hi in zip(moments, moments[1:], strict=False):
        if key(lo) == key(hi):
            continue
        changes += 1
        before = key(lo)
        while hi - lo > timedelta(seconds=1):  # the first second it shows something else
            mid = lo + timedelta(seconds=(hi - lo).total_seconds() // 2)
            lo, hi = (mid, hi) if key(mid) == before else (lo, mid)
        local = hi.astimezone(zone)
        at_midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
        assert hi in allowed or at_midnight, f"{market.code}: the page changed at {hi}"
    assert changes >= 6  # sales start and end, festivals pass


def test_two_festivals_at_one_address_are_an_error(demo) -> None:
    from storefront_promotions.plugin import _slug_clash

    campaigns, overrides = demo
    slugs = {"black-friday": {"": "sale"}, "cyber-monday": {"de": "sale"}}
    pages = festival_states(campaigns, DE, at("2026-06-01"), overrides, slugs)
    problem = _slug_clash(pages, DE, "content/festivals.yml")
    assert problem is not None
    assert str(problem).startswith("content/festivals.yml: cyber-monday.slug: black-friday "
                                   'already has the address "sale" in de-de')
    assert _slug_clash(festival_states(campaigns, DE, at("2026-06-01"), overrides, {}), DE,
                       "content/festivals.yml") is None
