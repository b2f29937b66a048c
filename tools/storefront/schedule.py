"""`storefront schedule`: the moments the site must be rebuilt (campaign starts and ends in
each market), the cron lines that cover them, and a check that a CI workflow's schedule does.

A static site cannot start a sale by itself: the deploy workflow rebuilds on a schedule. The
banner's JavaScript hides a sale that has ended, but the prices stay the sale's until the
next build, so every start and end needs a build within ``TOLERANCE`` of it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from storefront_catalog.markets import MarketSet, load_markets
from storefront_catalog.settings import SETTINGS, apply_defaults
from storefront_core.errors import Problem, StorefrontError
from storefront_core.yamlio import YamlError, parse_yaml
from storefront_promotions import calendar
from storefront_promotions.calendar import Overrides
from storefront_promotions.model import Campaign
from storefront_promotions.reader import load_campaigns, load_overrides
from storefront_promotions.schedule import Transition, transitions, windows

from .festivals import CalendarEntry
from .project import read_project_settings

#: how soon after a campaign starts or ends a scheduled build must run
TOLERANCE = timedelta(minutes=60)


@dataclass(frozen=True)
class Promotions:
    """A project's markets, campaigns and festival date overrides."""

    markets: MarketSet
    campaigns: list[Campaign]
    overrides: Overrides


def load_promotions(project: Path, settings_file: str = "pelicanconf.py") -> Promotions:
    """Read the project's markets and campaigns; StorefrontError on any error in them."""
    settings = read_project_settings(project, settings_file)
    apply_defaults(settings, SETTINGS)
    root = project.resolve()
    content = root / settings["PATH"]
    markets, problems = load_markets(settings, content, root)
    festivals = calendar.festival_ids()
    campaigns, found = load_campaigns(content, root, festivals=festivals)
    overrides, more = load_overrides(content, root, festivals=festivals)
    errors = [p for p in problems + found + more if p.severity == "error"]
    if errors:
        raise StorefrontError(errors)
    return Promotions(markets, campaigns, overrides)


def campaign_entries(promotions: Promotions, start: date, days: int, *,
                     market: str | None = None, country: str | None = None
                     ) -> list[CalendarEntry]:
    """Calendar rows for the campaign windows overlapping ``days`` days from ``start``, in one
    market, the markets of one country, or every market."""
    stop = start + timedelta(days=days)
    rows = []
    for m in promotions.markets.markets:
        if (market and m.code != market) or (country and m.country != country.upper()):
            continue
        for campaign in promotions.campaigns:
            if not campaign.sells_in(m.code):
                continue
            years = range(start.year - 1, stop.year + 2)
            for w in windows(campaign, m, years, promotions.overrides):
                if w.first_day < stop and w.last_day >= start:
                    rows.append(CalendarEntry(
                        name=campaign.name, festival=campaign.festival or "", start=w.first_day,
                        end=w.last_day, country=m.country, kind="campaign", market=m.code,
                        source="campaign", uid=f"{campaign.id}-{m.code}-{w.first_day}"))
    return sorted(rows, key=lambda e: (e.start, e.market, e.name))


def upcoming_transitions(promotions: Promotions, start: datetime, days: int) -> list[Transition]:
    """Every campaign start and end in any market from ``start`` for ``days`` days."""
    return transitions(promotions.campaigns, promotions.markets.markets, start,
                       start + timedelta(days=days), promotions.overrides)


def cron_lines(moments: Iterable[datetime]) -> list[str]:
    """Daily cron lines (UTC) that fire at every given moment's minute: one line per minute
    of the hour, listing the hours.

    >>> cron_lines([datetime(2026, 11, 24, 5, 0, tzinfo=UTC),
    ...             datetime(2026, 11, 23, 23, 0, tzinfo=UTC),
    ...             datetime(2027, 3, 1, 21, 30, tzinfo=UTC)])
    ['0 5,23 * * *', '30 21 * * *']
    """
    hours: dict[int, set[int]] = defaultdict(set)
    for moment in moments:
        utc = moment.astimezone(UTC)
        hours[utc.minute].add(utc.hour)
    return [f"{minute} {','.join(str(h) for h in sorted(hours[minute]))} * * *"
            for minute in sorted(hours)]


def workflow_crons(path: Path) -> list[str]:
    """The ``on.schedule`` cron expressions of a GitHub Actions workflow file."""
    try:
        data, _lines = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YamlError) as exc:
        raise StorefrontError([Problem(str(path), "", f"cannot read the workflow: {exc}")]
                              ) from None
    # YAML 1.1 reads the key `on` as True
    triggers: Any = (data or {}).get("on", (data or {}).get(True)) if isinstance(data, dict) \
        else None
    schedule = triggers.get("schedule") if isinstance(triggers, dict) else None
    crons = [str(entry["cron"]) for entry in schedule or [] if isinstance(entry, dict)
             and "cron" in entry]
    from croniter import croniter  # imported here: every build reads promotions, few crons

    for expr in crons:
        if not croniter.is_valid(expr):
            raise StorefrontError([Problem(str(path), "on.schedule",
                                           f'"{expr}" is not a valid cron expression')])
    return crons


def uncovered(moments: Sequence[Transition], crons: Sequence[str],
              tolerance: timedelta = TOLERANCE) -> list[Transition]:
    """The transitions no cron expression fires within ``tolerance`` after (GitHub runs
    scheduled workflows in UTC, often some minutes late: keep the tolerance generous)."""
    from croniter import croniter

    missed = []
    for t in moments:
        at = t.at.astimezone(UTC)
        fires = [croniter(expr, at - timedelta(seconds=1)).get_next(datetime) for expr in crons]
        if not any(f <= at + tolerance for f in fires):
            missed.append(t)
    return missed


def local_time(t: Transition, promotions: Promotions) -> datetime:
    """The moment on the clock of the market it happens in."""
    market = promotions.markets.by_code(t.market_code)
    return t.at.astimezone(ZoneInfo(market.timezone if market else "UTC"))


def transitions_json(moments: Sequence[Transition], promotions: Promotions) -> str:
    return json.dumps([{
        "at": t.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "local": local_time(t, promotions).isoformat(),
        "market": t.market_code, "campaign": t.campaign_id, "change": t.change,
    } for t in moments], ensure_ascii=False, indent=2) + "\n"
