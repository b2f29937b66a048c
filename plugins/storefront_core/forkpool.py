"""Run a function over chunks of work in forked worker processes, using every core.

Forked children share the parent's memory as it is (the catalog, the Jinja environment), so
nothing but the chunk and the result is pickled. Falls back to this process when fork is not
available, when other threads run (forking them can deadlock), or when there is one chunk.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from queue import Empty
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(RuntimeError):
    """A worker raised; carries the worker's traceback text."""


def workers_available() -> int:
    """How many processes may run at once (CPU affinity aware)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def release_free_memory() -> None:
    """Give the free pages of this process's C heap back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Memory freed by Python stays resident in the heap
    otherwise (a big pickle or XML tree of an earlier step), and a forked child maps, and
    counts, every resident page of its parent."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        trim: Callable[[int], int] = libc.malloc_trim  # glibc only (not musl)
    except (OSError, AttributeError):
        return None
    return trim


def split(items: Sequence[T], parts: int) -> list[list[T]]:
    """Split into at most ``parts`` interleaved chunks of near-equal size.

    >>> split([1, 2, 3, 4, 5], 2)
    [[1, 3, 5], [2, 4]]
    """
    parts = max(1, min(parts, len(items)))
    return [list(items[i::parts]) for i in range(parts)]


def run_chunks(fn: Callable[[list[T]], R], chunks: list[list[T]],
               meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[fn(chunk) for chunk in chunks]``, the chunks in parallel forked processes.

    ``meanwhile`` runs once in this process: while the workers do, or after the chunks when
    they run here (one chunk, no fork): work the parent would otherwise do later, such as
    compiling templates or writing files that do not depend on the chunks.
    """
    chunks = [c for c in chunks if c]
    if len(chunks) <= 1 or not can_fork():
        here = [fn(chunk) for chunk in chunks]
        if meanwhile is not None:
            meanwhile()
        return here
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child(index: int, chunk: list[T]) -> None:
        gc.disable()  # short-lived: collecting would only copy the parent's shared pages
        try:
            queue.put((index, True, fn(chunk)))
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            queue.put((index, False, traceback.format_exc()))

    procs = [ctx.Process(target=child, args=(i, chunk)) for i, chunk in enumerate(chunks)]
    release_free_memory()  # each child maps every resident page of this process
    gc.freeze()  # the parent's objects stay out of every collection, in the children too
    try:
        for proc in procs:
            proc.start()
    finally:
        gc.unfreeze()
    if meanwhile is not None:
        try:
            meanwhile()
        except BaseException:
            for proc in procs:
                proc.kill()
            raise
    results: dict[int, Any] = {}
    failures: list[str] = []
    try:
        pending = len(procs)
        while pending:  # drain before join: a full pipe would block the children
            try:
                index, ok, value = queue.get(timeout=0.5)
            except Empty:
                if any(p.exitcode not in (None, 0) for p in procs):
                    codes = [p.exitcode for p in procs]
                    raise WorkerFailed(f"a worker process died (exit codes {codes})") from None
                continue
            pending -= 1
            if ok:
                results[index] = value
            else:
                failures.append(value)
    finally:
        for proc in procs:
            proc.join()
    if failures:
        raise WorkerFailed(failures[0])
    return [results[i] for i in range(len(chunks))]
