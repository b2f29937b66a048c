"""The `storefront checkout` group: `sync` makes Stripe sell what the store shows."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from storefront_core.errors import StorefrontError

from .console import _console, _project, print_problems


@click.group("checkout")
def checkout_group() -> None:
    """The checkout provider's own work (STORE_CHECKOUT)."""


@checkout_group.command("sync")
@click.option("--dry-run", is_flag=True, help="Print what would change; call nothing that "
              "changes Stripe, write nothing, need no key.")
@click.option("--days", type=click.IntRange(1, 366), default=30, show_default=True,
              help="Make links for the sale prices of campaigns running in the next N days.")
@click.option("--lock", "lock", type=click.Path(dir_okay=False, path_type=Path),
              help="The lock file (default: STORE_CHECKOUT's lock option, else "
              "content/checkout/stripe.lock.yml).")
@click.option("--from", "start", metavar="ISO-MOMENT", hidden=True,
              help="Sync as if it were this moment (tests, rehearsals).")
@click.option("--settings", "settings_file", default="pelicanconf.py", show_default=True)
@click.pass_context
def checkout_sync(ctx: click.Context, dry_run: bool, days: int, lock: Path | None,
                  start: str | None, settings_file: str) -> None:
    """Create or update the Stripe Products, Prices and Payment Links of every SKU in every
    market that checks out with Stripe, and write the lock file the build reads (commit it).

    The secret key is read from STRIPE_API_KEY and never written or printed."""
    from datetime import UTC, datetime

    from .checkout_sync import SyncError, run_sync

    out, err = _console(ctx), _console(ctx, err=True)
    try:
        now = datetime.fromisoformat(start) if start else None
    except ValueError:
        raise click.BadParameter(f'"{start}" is not an ISO moment', param_hint="--from") from None
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    try:
        result = run_sync(_project(ctx), settings_file, dry_run=dry_run, days=days, lock=lock,
                          now=now)
    except StorefrontError as exc:
        print_problems(err, exc.problems)
        ctx.exit(1)
        return
    except SyncError as exc:
        err.print(Text(str(exc), style="bold red"))
        ctx.exit(1)
        return
    for note in result.notes:
        out.print(Text(note, style="yellow"))
    lead = "Would change" if dry_run else "Changed"
    if result.changes.lines:
        out.print(Text(f"{lead}:", style="bold"))
        for line in result.changes.lines:
            out.print(Text(f"  {line}"), soft_wrap=True)
    for line in result.changes.summary():
        out.print(("Would be: " if dry_run else "") + line)
    if dry_run:
        out.print(f"Dry run: nothing changed in Stripe, {result.lock_file} not written.")
    elif result.written:
        out.print(Text(f"Wrote {result.lock_file} ({result.skus} SKU-market links); commit "
                       "it: builds read only this file.", style="bold green"))
    else:
        out.print(f"Stripe already sells all {result.skus} SKU-market links at the store's "
                  f"prices; {result.lock_file} left as it was.")
