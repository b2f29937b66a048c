"""The promotions commands: festivals and the rebuild schedule."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from storefront_core.errors import StorefrontError

from .console import _console, _project, print_problems


@click.command("festivals")
@click.option("--market", "market_code", metavar="CODE",
              help="A market of the project (e.g. de-de): its country, language and time zone.")
@click.option("--country", metavar="CC",
              help="Any country, as its ISO code (e.g. SA). With neither: every country.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First day of the list; default: today (in the market's time zone).")
@click.option("--days", type=click.IntRange(1, 3660), default=90, show_default=True,
              help="How many days from --from.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "ics"]), default="table",
              show_default=True, help="ics: an iCalendar file for Google Calendar or Outlook.")
@click.option("--lang", help="Language of the festival names (en, de, ja, ar...); default: the "
              "market's, else en.")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def festivals_cmd(ctx: click.Context, market_code: str | None, country: str | None,
                  start: object, days: int, fmt: str, lang: str | None,
                  settings_file: str) -> None:
    """Upcoming shopping festivals per market or country, with localized names and ISO dates
    (Black Friday, White Friday, Singles' Day, Lunar New Year, Ramadan, Diwali...)."""
    from datetime import datetime

    from .festivals import FestivalsOptions, run_festivals
    from .schedule import campaign_entries, load_promotions

    first = start.date() if isinstance(start, datetime) else None
    overrides, extra = None, []
    project = _project(ctx)
    if (project / settings_file).is_file():  # in a project: its campaigns and festival dates
        try:
            promotions = load_promotions(project, settings_file)
        except StorefrontError as exc:
            print_problems(_console(ctx, err=True), exc.problems)
            ctx.exit(1)
            return
        overrides = promotions.overrides
        extra = campaign_entries(promotions, first or datetime.now().date(), days,
                                 market=market_code, country=country)
    options = FestivalsOptions(
        market=market_code, country=country, start=first, days=days, fmt=fmt, lang=lang,
        settings_file=settings_file, overrides=overrides, extra=extra)
    status = run_festivals(_project(ctx), options, out=_console(ctx),
                           err=_console(ctx, err=True), stdout=sys.stdout.buffer)
    if status:
        ctx.exit(status)


@click.command()
@click.option("--from", "start", metavar="YYYY-MM-DD",
              help="First moment of the list (a day: 00:00 UTC); default: now.")
@click.option("--days", type=click.IntRange(1, 3660), default=365, show_default=True,
              help="How many days ahead.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "cron"]), default="table",
              show_default=True, help="cron: daily UTC cron lines that cover every moment.")
@click.option("--check-workflow", "workflow", type=click.Path(dir_okay=False, path_type=Path),
              help="Exit 1 unless this GitHub Actions workflow's schedule runs within an hour "
              "after every moment.")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def schedule(ctx: click.Context, start: str | None, days: int, fmt: str, workflow: Path | None,
             settings_file: str) -> None:
    """When the site must be rebuilt: every campaign start and end in each market (a static
    site changes prices only when it is built)."""
    from datetime import UTC, datetime

    from rich.table import Table

    from .schedule import (
        cron_lines,
        load_promotions,
        local_time,
        transitions_json,
        uncovered,
        upcoming_transitions,
        workflow_crons,
    )

    out, err = _console(ctx), _console(ctx, err=True)
    project = _project(ctx)
    try:
        begin = (datetime.fromisoformat(start).replace(tzinfo=UTC) if start
                 else datetime.now(UTC))
    except ValueError:
        raise click.BadParameter(f'"{start}" is not a date; write YYYY-MM-DD',
                                 param_hint="--from") from None
    try:
        promotions = load_promotions(project, settings_file)
        moments = upcoming_transitions(promotions, begin, days)
        crons = workflow_crons(workflow if workflow.is_absolute() else project / workflow
                               ) if workflow else None
    except StorefrontError as exc:
        print_problems(err, exc.problems)
        ctx.exit(1)
        return
    if fmt == "json":
        sys.stdout.write(transitions_json(moments, promotions))
    elif fmt == "cron":
        for line in cron_lines(t.at for t in moments):
            out.print(line)
    elif not moments:
        out.print(f"No campaign starts or ends in the next {days} days.")
    else:
        table = Table(title=f"Rebuilds needed from {begin:%Y-%m-%d %H:%M} UTC ({days} days)")
        for column in ("UTC", "Local time", "Market", "Campaign", "Change"):
            table.add_column(column)
        for t in moments:
            table.add_row(f"{t.at.astimezone(UTC):%Y-%m-%d %H:%M}",
                          f"{local_time(t, promotions):%Y-%m-%d %H:%M %Z}", t.market_code,
                          t.campaign_id, t.change)
        out.print(table)
    if crons is not None:
        missed = uncovered(moments, crons)
        if missed:
            for t in missed[:10]:
                err.print(Text(f"{workflow}: no scheduled run within an hour after "
                               f"{t.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({t.campaign_id} "
                               f"{t.change}s in {t.market_code})", style="bold red"))
            lines = cron_lines(t.at for t in moments)
            err.print(Text("add to on.schedule: " + "; ".join(f'- cron: "{c}"' for c in lines),
                           style="yellow"))
            ctx.exit(1)
        out.print(f"{workflow}: its schedule covers all {len(moments)} moments.")


