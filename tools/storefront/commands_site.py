"""The commands around a built site: build, serve, check, audit, doctor, bench."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from storefront_core.errors import StorefrontError

from . import uptodate
from .buildlock import DEFAULT_WAIT
from .console import _console, _plural, _project, print_problems, summary_lines

if TYPE_CHECKING:
    from storefront_catalog.stats import BuildStats
    from storefront_seo.audit import AuditReport


def _up_to_date(ctx: click.Context, output: Path, *, strict: bool, settings_file: str,
                extra: dict[str, object]) -> bool:
    """Say so and return True when nothing the last build was made from has changed."""
    project = _project(ctx)
    target = (project / output).resolve() if not output.is_absolute() else output.resolve()
    key = uptodate.build_key(target, strict=strict, settings_file=settings_file,
                             extra_settings=extra)
    record = uptodate.unchanged(project, target, key)
    if record is None:
        return False
    summary = record.get("summary") or {}
    out = _console(ctx)
    pages = int(summary.get("pages_written") or 0)
    for warning in summary.get("warnings") or ():
        _console(ctx, err=True).print(Text(f"warning: {warning}"))
    out.print(Text(f"Up to date: nothing changed since the build of {record.get('built')} "
                   f"({_plural(pages, 'page')} in {target}); `storefront build --force` builds "
                   "anyway"))
    return True


def run_build(
    ctx: click.Context, output: Path, *, strict: bool, settings_file: str, quiet: bool = False,
    extra_settings: dict[str, object] | None = None, wait: float = DEFAULT_WAIT,
) -> BuildStats | None:
    """Build with a progress bar; print problems and return None on failure."""
    out, err = _console(ctx), _console(ctx, err=True)
    project = _project(ctx)
    progress = Progress(
        TextColumn("Processing photos"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    )
    task_box: list[object] = []

    def on_progress(done: int, total: int) -> None:
        if total <= 0:
            return
        if not task_box:
            progress.start()
            task_box.append(progress.add_task("photos", total=total))
        progress.update(task_box[0], completed=done, total=total)  # type: ignore[arg-type]
        if done >= total:  # its refresh thread would stop the page render from forking
            progress.stop()

    def on_wait(holder: int | None, seconds: float) -> None:
        who = f" (pid {holder})" if holder else ""
        err.print(f"Another build of this project{who} is running; waiting for it to finish "
                  f"(up to {seconds:g} s)...")

    from .build import build_site  # Pelican and the plugins: not needed to say "up to date"

    try:
        stats = build_site(
            project, output, strict=strict, settings_file=settings_file, on_progress=on_progress,
            extra_settings=extra_settings, wait=wait, on_wait=on_wait,
        )
    except StorefrontError as exc:
        progress.stop()
        n_err, n_warn = print_problems(err, exc.problems)
        what = f"{_plural(n_err, 'error')}" + (
            f" and {_plural(n_warn, 'warning')} (--strict)" if n_warn else ""
        )
        resolved = output if output.is_absolute() else project / output
        kept = ("the previous output was left as it was" if resolved.exists()
                else "nothing was published")
        err.print(Text(f"Build failed: {what}; {kept}.", style="bold red"))
        return None
    finally:
        progress.stop()
    for w in stats.warnings:
        err.print(Text(f"warning: {w}", style="yellow"))
    if not quiet:
        resolved = output if output.is_absolute() else project / output
        for i, line in enumerate(summary_lines(stats, resolved)):
            out.print(Text(line, style="bold green" if i == 0 else ""))
    return stats


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to publish the site into (replaced only when the build succeeds).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (CI runs this way).")
@click.option("--force", is_flag=True,
              help="Build even when nothing changed since the last build.")
@click.option(
    "--settings",
    "settings_file",
    default="pelicanconf.py",
    show_default=True,
    help="Settings file inside the project.",
)
@click.option(
    "--date",
    "when",
    metavar="YYYY-MM-DD",
    help="Build the site as it will be on this day (12:00 UTC) or at this ISO moment: "
    "preview which campaigns run and their sale prices.",
)
@click.option(
    "--wait",
    "wait",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="When another build of this project is running, wait this long for it to finish "
    "(0: fail at once).",
)
@click.pass_context
def build(ctx: click.Context, output: Path, strict: bool, force: bool, settings_file: str,
          when: str | None, wait: float) -> None:
    """Build the site; a failed build leaves the previous output untouched. When nothing
    it is made from changed since the last build, the output is kept as it is."""
    extra: dict[str, object] = {}
    if when:
        from storefront_catalog.settings import parse_moment

        try:
            parse_moment(when)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
        extra["STORE_DATE"] = when
    if not force and _up_to_date(ctx, output, strict=strict, settings_file=settings_file,
                                 extra=extra):
        return
    if run_build(ctx, output, strict=strict, settings_file=settings_file,
                 extra_settings=extra, wait=wait) is None:
        ctx.exit(1)


@click.command()
@click.option("--port", "-p", default=8000, show_default=True, type=int)
@click.option("--bind", "-b", default="127.0.0.1", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), default=Path("output"), show_default=True
)
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def serve(ctx: click.Context, port: int, bind: str, output: Path, settings_file: str) -> None:
    """Build, serve the site locally and rebuild when content, theme or plugins change."""
    from .serve import serve_project

    try:
        serve_project(
            _project(ctx),
            output,
            port=port,
            bind=bind,
            settings_file=settings_file,
            console=_console(ctx),
        )
    except StorefrontError as exc:
        print_problems(_console(ctx, err=True), exc.problems)
        ctx.exit(1)


@click.command()
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def check(ctx: click.Context, strict: bool, settings_file: str) -> None:
    """Validate content without building and print every problem."""
    from .checker import check_project

    out, err = _console(ctx), _console(ctx, err=True)
    try:
        problems, products = check_project(_project(ctx), settings_file)
    except StorefrontError as exc:
        problems, products = exc.problems, None
    n_err, n_warn = print_problems(err, problems)
    if n_err or (strict and n_warn):
        err.print(
            Text(f"{_plural(n_err, 'error')}, {_plural(n_warn, 'warning')}.", style="bold red")
        )
        ctx.exit(1)
    tail = f" ({_plural(n_warn, 'warning')})" if n_warn else ""
    counted = f"{_plural(products or 0, 'product')} " if products is not None else ""
    out.print(Text(f"OK: {counted}checked, no errors{tail}.", style="bold green"))


def print_audit(console: Console, report: AuditReport, examples: int = 5) -> None:
    """The audit grouped by rule: each error rule with its first findings, one line per
    warning rule, then the verdict."""
    from storefront_seo.audit import rule_line

    n_err, n_warn = len(report.errors), len(report.warnings)
    console.print(Text(f"Audited {_plural(report.pages, 'page')} in {report.output} "
                       f"({report.seconds:.2f} s): {_plural(n_err, 'error')}, "
                       f"{_plural(n_warn, 'warning')}", style="bold"))
    if report.preview is not None:
        console.print(f"Dates judged as of {report.preview.isoformat()}, the moment this preview "
                      "was built for (--date to choose another).")
    for rule, found in report.by_rule():
        if rule.severity == "warning":
            console.print(Text(f"warning: {rule_line(rule, found, 3)}", style="yellow"))
            continue
        files = len({f.page for f in found})
        console.print(Text(f"error: {rule.id}: {_plural(len(found), 'error')} on "
                           f"{_plural(files, 'file')} ({rule.checks})", style="bold red"))
        for f in found[:examples]:
            console.print(Text(f"    {f.page}: {f.message}", style="red"))
        if len(found) > examples:
            console.print(Text(f"    ... and {len(found) - examples} more (--json FILE lists "
                               "them all)", style="red"))
    if n_err:
        console.print(Text(f"{_plural(n_err, 'error')}: fix them and rebuild.", style="bold red"))
    else:
        console.print(Text("OK: no errors" + (f" ({_plural(n_warn, 'warning')})" if n_warn
                                              else "") + ".", style="bold green"))


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The built site to audit (what `storefront build` wrote).",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the whole report (every finding) as JSON, for CI.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--date", "when", metavar="YYYY-MM-DD",
              help="Check dates (sales, priceValidUntil, banners) as on this day. Default: the "
              "date a `storefront build --date` preview was built for, else now.")
@click.pass_context
def audit(ctx: click.Context, output: Path, json_file: Path | None, strict: bool,
          when: str | None) -> None:
    """Check the built site as a crawler reads it: titles, canonical, hreflang, social tags,
    JSON-LD, images, links, prices against the feeds, sitemaps. Exits 1 on errors."""
    from storefront_seo.audit import audit_site

    out, err = _console(ctx), _console(ctx, err=True)
    folder = output if output.is_absolute() else _project(ctx) / output
    if not folder.is_dir() or not any(folder.glob("**/*.html")):
        err.print(Text(f"No built site in {folder}; run `storefront build` first, or pass "
                       "--output DIR", style="bold red"))
        ctx.exit(1)
    cache = _project(ctx) / ".cache" / "storefront"
    from storefront_catalog.settings import parse_moment

    try:
        now = parse_moment(when) if when else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from None
    report = audit_site(folder, cache_dir=cache if cache.is_dir() else None, now=now)
    print_audit(out, report)
    if json_file is not None:
        report.write_json(json_file)
        out.print(f"Wrote {json_file}")
    if not report.ok(strict=strict):
        ctx.exit(1)


@click.command()
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.option("--no-tests", is_flag=True, help="Check only what the build needs.")
@click.pass_context
def doctor(ctx: click.Context, settings_file: str, no_tests: bool) -> None:
    """What this machine has and lacks for the build and the tests, with the fix for each.

    Exits 1 when something this project's build needs is missing (a font for a market's
    script, complex text layout for Arabic or Indic markets).
    """
    from rich.markup import escape
    from rich.table import Table

    from storefront_catalog.markets import load_markets
    from storefront_social_cards.plugin import card_languages
    from storefront_social_cards.settings import fonts_from_settings

    from .doctor import diagnose
    from .project import read_project_settings

    out = _console(ctx)
    project = _project(ctx)
    langs: list[str] = []
    card_setting: dict[str, Any] = {}
    try:
        settings = read_project_settings(project, settings_file)
        markets, _ = load_markets(settings, Path(settings["PATH"]), project)
        langs = card_languages(markets.markets)
        card_setting = settings.get("STORE_SOCIAL_CARDS") or {}
    except StorefrontError:
        out.print(Text(f"No project at {project} (no {settings_file}): checking the "
                       "packaged fonts only.", style="yellow"))
    try:
        fonts = fonts_from_settings(card_setting, project)
    except (StorefrontError, TypeError, AttributeError):
        fonts = fonts_from_settings({}, project)
    checks = diagnose(fonts, langs, tests=not no_tests)
    for group in ("build", "tests"):
        table = Table(title=f"For the {group}" + (f" ({', '.join(langs)})"
                                                  if group == "build" and langs else ""),
                      title_justify="left")
        for column in ("", "check", "found", "fix"):
            table.add_column(column, overflow="fold")
        for c in checks:
            if c.group == group:
                mark = "[green]ok[/]" if c.ok else ("[red]MISSING[/]" if c.required
                                                   else "[yellow]missing[/]")
                table.add_row(mark, escape(c.name), escape(c.found), escape(c.fix))
        if table.row_count:
            out.print(table)
    failed = [c for c in checks if c.required and not c.ok]
    if failed:
        out.print(Text(f"{_plural(len(failed), 'thing')} this project's build needs "
                       f"{'is' if len(failed) == 1 else 'are'} missing.", style="bold red"))
        ctx.exit(1)
    out.print(Text("Everything this project's build needs is here.", style="bold green"))


@click.command()
@click.option(
    "--products",
    "-n",
    "n_products",
    type=click.IntRange(1),
    default=200,
    show_default=True,
    help="Products in the synthetic catalog.",
)
@click.option(
    "--photos",
    "-k",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Distinct 2000 px photos per product.",
)
@click.option(
    "--markets",
    "-m",
    type=click.IntRange(1, 8),
    default=1,
    show_default=True,
    help="Markets of the multi-market store, 1-8: the first M of en-us, de-de, ja-jp, ar-sa, "
    "en-gb, fr-fr, es-es, ko-kr. With M > 1 a 1-market store is measured too.",
)
@click.option(
    "--skip-one-market",
    is_flag=True,
    help="With --markets M > 1, measure only the M-market store.",
)
@click.option(
    "--repeat",
    "-r",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="Interleaved rounds (storefront, plain Pelican, Hugo, one after another); the median "
    "is reported.",
)
@click.option(
    "--git",
    "use_git",
    is_flag=True,
    help="Commit the synthetic store to a git repository first (the build dates pages from "
    "git, as in a merchant's store); the changed product is committed before its rebuild.",
)
@click.option(
    "--base-currency-only",
    is_flag=True,
    help="Products carry only the store currency's price; every other market's is derived "
    "from content/rates.yml.",
)
@click.option("--keep", is_flag=True, help="Keep the synthetic projects and print their path.")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every number as JSON.",
)
@click.option("--skip-baseline", is_flag=True,
              help="Do not build plain Pelican and Hugo for comparison.")
@click.pass_context
def bench(
    ctx: click.Context,
    n_products: int,
    photos: int,
    markets: int,
    skip_one_market: bool,
    repeat: int,
    use_git: bool,
    base_currency_only: bool,
    keep: bool,
    json_file: Path | None,
    skip_baseline: bool,
) -> None:
    """Benchmark a synthetic catalog against plain Pelican and Hugo."""
    from .bench import BenchOptions, print_report, run_bench, write_json

    out = Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 160)
    opts = BenchOptions(
        products=n_products,
        photos=photos,
        markets=markets,
        repeat=repeat,
        keep=keep,
        baseline=not skip_baseline,
        one_market=not skip_one_market,
        git=use_git,
        base_currency_only=base_currency_only,
    )
    report = run_bench(opts, repo=_repo_root(), log=lambda msg: out.print(Text(msg, style="dim")))
    print_report(out, report)
    if json_file is not None:
        write_json(report, json_file)
        out.print(f"Wrote {json_file}")
    if not report.ok:
        ctx.exit(1)


def _repo_root() -> Path:
    """The folder holding this package's themes/ and plugins/ (the source checkout)."""
    return Path(__file__).resolve().parents[2]

