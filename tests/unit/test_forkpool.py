"""run_chunks: the work the parent does alongside its workers runs exactly once, with workers
or without (one chunk, or fork unavailable), so callers need no fallback of their own."""

from __future__ import annotations

import pytest

from storefront_core import forkpool
from storefront_core.forkpool import run_chunks


def _double(chunk: list[int]) -> list[int]:
    return [2 * n for n in chunk]


@pytest.mark.parametrize("chunks", [[[1, 2], [3]], [[1, 2, 3]], [[1, 2, 3], []], []])
@pytest.mark.parametrize("fork", [True, False])
def test_meanwhile_runs_once_whether_or_not_workers_start(
        chunks: list[list[int]], fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fork:
        monkeypatch.setattr(forkpool, "can_fork", lambda: False)
    ran: list[str] = []
    results = run_chunks(_double, chunks, meanwhile=lambda: ran.append("parent"))
    assert results == [_double(c) for c in chunks if c]
    assert ran == ["parent"]
