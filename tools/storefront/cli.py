"""The `storefront` command: the main group, with every command registered on it."""

from __future__ import annotations

from pathlib import Path

import click

from .bytecode import keep_bytecode
from .commands_checkout import checkout_group
from .commands_content import i18n_group, new_product_cmd
from .commands_prices import prices_group
from .commands_promotions import festivals_cmd, schedule
from .commands_reviews import reviews_group
from .commands_site import audit, bench, build, check, doctor, serve
from .process import exit_code, leave
from .sitediff.command import diff_cmd

PROJECT_OPTION_HELP = "Project folder (the one with pelicanconf.py); default: current folder."


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
    keep_bytecode()
    ctx.obj = {"project": project.resolve()}


# tools/storefront/commands_site.py
main.add_command(build)
main.add_command(serve)
main.add_command(check)
main.add_command(audit)
main.add_command(doctor)
main.add_command(bench)
# tools/storefront/commands_content.py
main.add_command(new_product_cmd)
main.add_command(i18n_group)
# tools/storefront/commands_promotions.py
main.add_command(festivals_cmd)
main.add_command(schedule)
# tools/storefront/commands_prices.py
main.add_command(prices_group)
# tools/storefront/commands_checkout.py
main.add_command(checkout_group)
# tools/storefront/commands_reviews.py
main.add_command(reviews_group)
# tools/storefront/sitediff/
main.add_command(diff_cmd)


def run(prog_name: str | None = None) -> None:
    """The console entry point: ``main``, then leave without tearing down the heap.

    A build holds a million objects; freeing them one by one when the interpreter shuts down
    takes a fifth of a second that a merchant waits for and nothing needs (the operating system
    frees a process's memory at once). Exit handlers still run and output is flushed; while
    another thread is still running, the usual shutdown waits for it.
    """
    try:
        main(prog_name=prog_name)
        code: int = 0
    except SystemExit as exc:
        code = exit_code(exc.code)
    leave(code)


if __name__ == "__main__":  # pragma: no cover
    run()
