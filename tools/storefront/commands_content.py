"""The commands that write content: new-product and the i18n catalogs."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from storefront_core.errors import StorefrontError

from .console import _console, _plural, _project, format_problem, print_problems


@click.command("new-product")
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


@click.group("i18n")
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


