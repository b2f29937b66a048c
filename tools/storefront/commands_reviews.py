"""The `storefront reviews` group: import reviews exported from a review app or a CSV."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from .console import _console, _project, print_problems


@click.group("reviews")
def reviews_group() -> None:
    """Customer reviews kept in each product bundle's reviews.yml."""


@reviews_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["judgeme", "csv"]), default="judgeme",
              show_default=True, help="judgeme: Judge.me's CSV export; csv: columns product "
              "(or sku), author, rating, title, body, date, language, verified, source, reply, "
              "reply_date.")
@click.option("--source", default=None, help="Where the reviews were written, for every row: "
              "first-party (your store collected them) or a marketplace name, e.g. Amazon.")
@click.option("--language", default=None, help="Language of reviews whose row names none "
              "(Judge.me exports none); default: the default market's language.")
@click.option("--content", "content_folder", default="content", show_default=True,
              help="The content folder (PATH in pelicanconf.py).")
@click.pass_context
def reviews_import(ctx: click.Context, file: Path, fmt: str, source: str | None,
                   language: str | None, content_folder: str) -> None:
    """Add the reviews of FILE to content/products/<product>/reviews.yml (rows matched by
    product handle or SKU); reviews already there are not added again, and reviewer e-mail
    addresses, IP addresses and locations are never written."""
    from .reviews_import import default_language, import_reviews

    project = _project(ctx)
    content = project / content_folder
    report = import_reviews(file.resolve(), content_dir=content, root=project, fmt=fmt,
                            source=source, language=language or default_language(content))
    out = _console(ctx)
    for shown, count in sorted(report.added.items()):
        out.print(Text(f"{shown}: {count} review{'s' if count != 1 else ''} added"))
    total = sum(report.added.values())
    out.print(Text(f"Imported {total} review{'s' if total != 1 else ''}; "
                   f"{report.already} already there, {report.skipped} marked as spam skipped."))
    errors, _ = print_problems(_console(ctx, err=True), report.problems)
    if errors:
        ctx.exit(1)
