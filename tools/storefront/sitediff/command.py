"""The `storefront diff` command (registered on the main group by tools/storefront/cli.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click


@click.command("diff")
@click.argument("old_site", required=False, type=click.Path(path_type=Path))
@click.argument("new_site", required=False, type=click.Path(path_type=Path))
@click.option("--base", "base_ref", metavar="GIT_REF",
              help="Build this commit (branch, tag, SHA, HEAD~1) of the project into a "
              "temporary folder and compare it with the head; no OLD_SITE/NEW_SITE then.")
@click.option("--head-output", type=click.Path(path_type=Path), metavar="DIR",
              help="With --base: the head is this built site (e.g. output) instead of a fresh "
              "build of the working tree.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True,
              help="text for a terminal, markdown for a pull-request summary, json for tools.")
@click.pass_context
def diff_cmd(ctx: click.Context, old_site: Path | None, new_site: Path | None,
             base_ref: str | None, head_output: Path | None, fmt: str) -> None:
    """What a change does to the published store: prices per SKU and market, products and
    pages added or removed, titles, descriptions, canonical, hreflang, structured data, feeds
    and sitemaps. Compares two built sites (OLD_SITE NEW_SITE), or a Git commit's build with
    the working tree's (--base GIT_REF). Exits 0 whatever changed: it is a report."""
    from rich.console import Console
    from rich.text import Text

    from storefront_core.errors import StorefrontError

    from .compare import diff_sites
    from .gitref import build_project, build_ref
    from .render import render_json, render_markdown, render_text
    from .snapshot import NotABuiltSite, read_site

    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    project: Path = ctx.obj["project"]
    if base_ref is None:
        if old_site is None or new_site is None:
            raise click.UsageError("give two built sites (storefront diff OLD_SITE NEW_SITE), "
                                   "or a commit to compare with (storefront diff --base main)")
        if head_output is not None:
            raise click.UsageError("--head-output goes with --base; without it NEW_SITE is "
                                   "the head")
    elif old_site is not None:
        raise click.UsageError("with --base the old site is built from the commit; pass "
                               "the head as --head-output DIR, not as an argument")

    def resolved(path: Path) -> Path:
        return path if path.is_absolute() else project / path

    try:
        with tempfile.TemporaryDirectory(prefix="storefront-diff-") as tmp:
            if base_ref is not None:
                err.print(f"Building {base_ref} into a temporary folder...")
                old_path, short = build_ref(project, base_ref, Path(tmp))
                old_name = f"{base_ref} ({short})" if short not in base_ref else base_ref
                if head_output is not None:
                    new_path, new_name = resolved(head_output), str(head_output)
                else:
                    err.print("Building the working tree into a temporary folder...")
                    new_path, new_name = Path(tmp) / "head", "working tree"
                    build_project(project, new_path)
            else:
                assert old_site is not None and new_site is not None
                old_path, new_path = resolved(old_site), resolved(new_site)
                old_name, new_name = str(old_site), str(new_site)
            old, new = read_site(old_path), read_site(new_path)
    except NotABuiltSite as exc:
        err.print(Text(str(exc), style="bold red"))
        ctx.exit(2)
    except StorefrontError as exc:
        for problem in exc.problems:  # str(): "file: field: message", as every command prints
            err.print(Text(str(problem), style="red"))
        ctx.exit(2)
    changes = diff_sites(old, new)
    if fmt == "json":
        text = render_json(changes, old_name=old_name, new_name=new_name)
    elif fmt == "markdown":
        text = render_markdown(changes, old_name=old_name, new_name=new_name)
    else:
        text = render_text(changes, old_name=old_name, new_name=new_name)
    click.echo(text, nl=False)
