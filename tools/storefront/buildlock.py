"""One build of a project at a time: a lock on a file in the project's build cache."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from storefront_core.errors import Problem, StorefrontError

try:
    import fcntl
except ImportError:  # Windows: no flock (nor pread); builds there are not serialized
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "build.lock"
DEFAULT_WAIT = 600.0
"""Seconds a build waits for another build of the same project before giving up."""

WaitCallback = Callable[[int | None, float], None]
"""Told once, when a build starts waiting: the other build's pid (None if unknown), the wait."""


@contextlib.contextmanager
def build_lock(cache_dir: Path, *, wait: float = DEFAULT_WAIT,
               on_wait: WaitCallback | None = None, poll: float = 0.2) -> Iterator[None]:
    """Hold the build lock of the project whose cache is ``cache_dir`` while the block runs.

    Another build holding it is waited for up to ``wait`` seconds (0: not at all), then a
    StorefrontError names its pid. The operating system releases the lock of a build that
    dies, however it dies, so a killed build never blocks the next one.
    """
    if fcntl is None:
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(cache_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fd):
            holder = _holder(fd)
            if time.monotonic() >= deadline:
                raise StorefrontError([busy_problem(holder, wait)])
            if not told and on_wait is not None:
                on_wait(holder, wait)
            told = True
            time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # for the message of a build that waits
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def busy_problem(holder: int | None, waited: float) -> Problem:
    """The message of a build that did not start because another one runs."""
    who = f"another build of this project (pid {holder})" if holder else (
        "another build of this project")
    if waited > 0:
        return Problem("", "", f"{who} is still running after {waited:g} s of waiting; this "
                       "build did not start; let it finish or stop it, then build again "
                       "(--wait SECONDS waits longer)")
    return Problem("", "", f"{who} is running; this build did not start; build again when it "
                   "has finished, or pass --wait SECONDS to wait for it")


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> int | None:
    """The pid the build holding the lock wrote (None while it has not written it yet)."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
