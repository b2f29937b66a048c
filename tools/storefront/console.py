"""Console helpers the `storefront` commands share: rich consoles, problems, summaries."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.text import Text

from storefront_core.errors import Problem

if TYPE_CHECKING:
    from storefront_catalog.stats import BuildStats


def _console(ctx: click.Context, *, err: bool = False) -> Console:
    """A rich console writing to the current sys streams (so CliRunner captures it)."""
    return Console(file=sys.stderr if err else sys.stdout, highlight=False, soft_wrap=True)


def format_problem(problem: Problem) -> str:
    """One problem as one line: file:line: field: message (warnings prefixed)."""
    text = (
        str(problem)
        if problem.file
        else (f"{problem.field}: {problem.message}" if problem.field else problem.message)
    )
    if problem.severity in ("warning", "note"):
        return f"{problem.severity}: {text}"
    return text


def print_problems(console: Console, problems: Iterable[Problem]) -> tuple[int, int]:
    """Print every problem, errors first, notes (decisions the merchant made, never failing
    anything) last; return (errors, warnings)."""
    items = list(problems)
    errors = [p for p in items if p.severity not in ("warning", "note")]
    warnings = [p for p in items if p.severity == "warning"]
    for p in errors:
        console.print(Text(format_problem(p), style="red"))
    for p in warnings:
        console.print(Text(format_problem(p), style="yellow"))
    for p in items:
        if p.severity == "note":
            console.print(Text(format_problem(p), style="dim"))
    return len(errors), len(warnings)


def _plural(n: int, word: str) -> str:
    """"1 product", "2 products"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_lines(stats: BuildStats, output: Path) -> list[str]:
    """The human summary printed after a successful build."""
    reused_pages = max(stats.pages_written - stats.pages_rendered, 0)
    photos = stats.images_encoded + stats.images_reused
    lines = [
        f"Built {_plural(stats.products, 'product')}"
        + (f" in {stats.markets} markets" if stats.markets > 1 else "") + f" into {output}",
        f"  pages:  {stats.pages_written} written ({stats.pages_rendered} rendered, "
        f"{reused_pages} reused)",
        f"  photos: {photos} ({stats.images_encoded} encoded, {stats.images_reused} reused "
        f"from cache, {stats.renditions} files)",
    ]
    cards = stats.cards_drawn + stats.cards_reused
    if cards:
        lines.append(f"  cards:  {cards} ({stats.cards_drawn} drawn, {stats.cards_reused} reused)")
    if stats.timings:
        phases = ", ".join(
            f"{name} {secs:.2f} s" for name, secs in stats.timings.items() if name != "total"
        )
        total = stats.timings.get("total")
        tail = f"total {total:.2f} s" if total is not None else ""
        lines.append("  time:   " + ", ".join(x for x in (phases, tail) if x))
    return lines


def _project(ctx: click.Context) -> Path:
    """The project folder the `storefront` group resolved from --project."""
    return ctx.obj["project"]  # type: ignore[no-any-return]

