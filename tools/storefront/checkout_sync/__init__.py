"""`storefront checkout sync`: make Stripe sell every SKU of every Stripe market at the price
its page shows (and at each coming sale's price), and write the lock file the build reads.

``wanted`` works out what Stripe must sell from the store, ``engine`` turns the lock and that
into Stripe calls and a new lock, ``gateway`` makes the calls with the official library.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storefront_checkout.stripe_lock import Header, Lock, dump_lock, read_lock
from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import write_atomic

from .engine import Changes, DryRun, Gateway, Sync
from .gateway import BASE_VARIABLE, KEY_VARIABLE, StripeGateway, SyncError, api_key
from .wanted import wanted_links

__all__ = ["KEY_VARIABLE", "SyncError", "SyncResult", "run_sync"]


@dataclass
class SyncResult:
    """What a sync did: the changes, the lock file and whether it was written."""

    changes: Changes
    lock_file: str  # as messages name it
    written: bool
    dry_run: bool
    skus: int  # (SKU, market) pairs Stripe sells
    notes: list[str] = field(default_factory=list)


def _old_lock(path: Path, file: str) -> Lock | None:
    if not path.exists():
        return None
    lock, problems = read_lock(path, file)
    if lock is None:
        raise StorefrontError(problems + [Problem(
            file, "", "fix it, or delete it to start afresh (the next sync then makes new "
                      "Products, Prices and links; archive the old ones in the Stripe Dashboard)",
            severity="note")])
    return lock


def run_sync(project: Path, settings_file: str = "pelicanconf.py", *, dry_run: bool = False,
             days: int = 30, lock: Path | None = None, now: datetime | None = None,
             environ: Mapping[str, str] | None = None) -> SyncResult:
    """Sync Stripe with the store (``dry_run``: only work out what would change)."""
    env = os.environ if environ is None else environ
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    root = project.resolve()
    wanted = wanted_links(root, settings_file, now=now, days=days)
    if wanted.problems:
        raise StorefrontError(wanted.problems)
    path = lock if lock is not None else Path(wanted.lock)
    path = path if path.is_absolute() else root / path
    file = display_path(path, root)
    old = _old_lock(path, file)
    notes: list[str] = list(wanted.notes)  # e.g. a coupon Stripe cannot express
    gateway: Gateway
    if dry_run:
        gateway = DryRun()
        header = old.header if old else Header("", "", "", "")
    else:
        real = StripeGateway(api_key(env), env.get(BASE_VARIABLE) or None)
        gateway = real
        header = Header(real.account(), real.mode, real.api_version,
                        now.isoformat().replace("+00:00", "Z"))
        if old is not None and (old.header.mode != header.mode or (
                old.header.account and header.account
                and old.header.account != header.account)):
            notes.append(f"{file} holds ids of {old.header.account or 'another account'} "
                         f"({old.header.mode}); this key is {header.account or 'an account'} "
                         f"({header.mode}): everything is made afresh there")
            old = None
    sync = Sync(gateway, old, now, days)
    try:
        sync.run(wanted)
    except SyncError:
        if not dry_run and sync.changes.modified:  # what was made is recorded, not lost
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, dump_lock(sync.lock(header)).encode())
        raise
    written = False
    if not dry_run and (sync.changes.modified or old is None):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, dump_lock(sync.lock(header)).encode())
        written = True
    return SyncResult(sync.changes, file, written, dry_run, len(wanted.links), notes)
