"""Pagefind's service (``pagefind --service``) driven over its pipes, without threads or an
event loop: several parts indexed by one process, which loads a segmentation dictionary once.

Pagefind's Japanese and Chinese runs load a word dictionary first (about 1 s of CPU and
340 MB, against 2 ms per page indexed). The service keeps it loaded between indexes, so a
build sends every part of those languages to one service process: each part costs its
pages only, and the parts can be as small as any other language's.

The protocol (Pagefind's ``service`` module and its Python client): each request and each
response is base64 of a JSON object, followed by a comma. The service reads requests on a
thread of its own and answers them one after another, in order (never two at once); an index
is named by its position among the indexes made (``NewIndex``: 0, 1, 2...), and a request on
an index never made gets an error, so a request on a part whose ``NewIndex`` failed can never
write into another part. Every request is written at once, when the parts start (about
600 bytes per part: the pipe holds a hundred parts, and the service reads its input on a
thread of its own all along); the answers wait in the pipe until ``results`` reads them, after
the pages are rendered: the service answers from another thread than its indexing one, so a
full pipe never stops the indexing (the answers not yet read wait in its memory). At end of
input the service exits.

The bundle's files come back in the answer (``GetFiles``, about 1.5 MB per 150 Japanese
pages, Pagefind's interfaces included) and are written here: Pagefind 1.5's ``WriteFiles``
answers once its writes are handed to its I/O threads, not done, so a bundle read at once
can miss the end of a file (seen on this machine: a part's ``wasm.unknown.pagefind``
truncated), and its process leaves at end of input without waiting for them.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

#: the requests made for each part, in order (``AddDir`` reads its documents, ``GetFiles``
#: builds the index and answers its bundle's files, ``DeleteIndex`` frees its memory)
STEPS = ("NewIndex", "AddDir", "GetFiles", "DeleteIndex")
#: bytes read from the service at a time, and the size asked for its pipe (Linux's default
#: limit for a process without privileges)
CHUNK = PIPE_BYTES = 1 << 20
#: how long a service that has answered everything gets to exit once its input is closed
#: (a forked process may still hold the pipe open: then it is killed, its work done)
EXIT_SECONDS = 5.0


def encode(message_id: int, payload: dict[str, Any]) -> bytes:
    """One request as the service reads it.

    >>> encode(1, {"type": "NewIndex", "config": None})
    b'eyJtZXNzYWdlX2lkIjogMSwgInBheWxvYWQiOiB7InR5cGUiOiAiTmV3SW5kZXgiLCAiY29uZmlnIjogbnVsbH19,'
    """
    message = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(message).encode("utf-8")) + b","


def decode(raw: bytes) -> dict[str, Any]:
    """One response (without its comma): ``{"message_id": ..., "payload": {"type": ...}}``.

    >>> decode(b'eyJtZXNzYWdlX2lkIjoxLCJwYXlsb2FkIjp7InR5cGUiOiJOZXdJbmRleCIsImluZGV4X2lkIjowfX0=')
    {'message_id': 1, 'payload': {'type': 'NewIndex', 'index_id': 0}}
    """
    item = json.loads(base64.b64decode(raw, validate=True))
    if not isinstance(item, dict) or not isinstance(item.get("payload"), dict):
        raise ValueError("not a Pagefind service response")
    return item


@dataclass(frozen=True)
class Job:
    """One index the service makes: the documents ``site/glob`` in ``lang``, its bundle
    written into ``out`` but for the files whose names start with one of ``skip``."""

    site: Path
    glob: str
    lang: str
    out: Path
    skip: tuple[str, ...] = ()


def requests(jobs: Sequence[Job]) -> bytes:
    """Every request for ``jobs``: message ``4 * n + k`` is step ``k`` of job ``n``, on the
    index ``n`` (the n-th ``NewIndex``).

    >>> [decode(m)["payload"]["type"] for m in requests([Job(Path("/d"), "a/*.html", "ja",
    ...     Path("/o"))]).split(b",")[:-1]]
    ['NewIndex', 'AddDir', 'GetFiles', 'DeleteIndex']
    """
    out = bytearray()
    for n, job in enumerate(jobs):
        payloads: tuple[dict[str, Any], ...] = (
            {"type": "NewIndex", "config": {"force_language": job.lang}},
            {"type": "AddDir", "index_id": n, "path": str(job.site), "glob": job.glob},
            {"type": "GetFiles", "index_id": n},
            {"type": "DeleteIndex", "index_id": n},
        )
        for k, payload in enumerate(payloads):
            out += encode(len(STEPS) * n + k, payload)
    return bytes(out)


@dataclass
class Service:
    """A ``pagefind --service`` process making ``jobs``, started by ``start``."""

    jobs: tuple[Job, ...]
    process: subprocess.Popen[bytes]
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def start(cls, binary: Path, jobs: Sequence[Job], log: Path) -> Service:
        """Start the service and send it every request for ``jobs``; returns at once. What
        it says on stderr goes to ``log``."""
        with open(log, "w+b") as said:
            process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=said)
        service = cls(tuple(jobs), process)
        assert process.stdin is not None and process.stdout is not None
        _widen(process.stdout.fileno())
        try:
            process.stdin.write(requests(jobs))
            process.stdin.flush()
        except BrokenPipeError:  # it died at once: results() says so
            pass
        return service

    def results(self) -> list[str | None]:
        """Wait for every job: for each, None when its bundle is written, else why not. The
        service is stopped once everything is answered."""
        last = len(STEPS) * len(self.jobs) - 1
        assert self.process.stdout is not None
        pending = bytearray()
        while self.jobs and last not in self.answers:
            chunk = os.read(self.process.stdout.fileno(), CHUNK)
            if not chunk:
                break
            start = len(pending)
            pending += chunk
            cut = pending.find(b",", start)
            if cut >= 0:  # one or more whole answers: read, then dropped
                cut = pending.rfind(b",")
                for raw in bytes(pending[:cut]).split(b","):
                    self._answer(raw)
                del pending[:cut + 1]
        self.stop()
        return [self._outcome(n) for n in range(len(self.jobs))]

    def _answer(self, raw: bytes) -> None:
        try:
            item = decode(raw)
        except ValueError:
            return  # not an answer (nothing else is written there): the outcome says "no answer"
        message_id = item.get("message_id")
        if message_id is None:  # a request it could not read: it names it
            original = item["payload"].get("original_message")
            message_id = json.loads(original).get("message_id") if original else None
        if not isinstance(message_id, int):
            return
        payload = item["payload"]
        n, k = divmod(message_id, len(STEPS))
        failed = any(self.answers.get(message_id - j, {}).get("type") == "Error"
                     for j in range(1, k + 1))
        if STEPS[k] == "GetFiles" and payload.get("type") == "GetFiles" and n < len(self.jobs) \
                and not failed:  # a bundle whose documents were not all read is not written
            why = write_bundle(self.jobs[n].out, payload.get("files"), self.jobs[n].skip)
            payload = {"type": "Error", "message": why} if why else {"type": "Written"}
        self.answers[message_id] = payload

    def _outcome(self, n: int) -> str | None:
        for k, step in enumerate(STEPS[:3]):
            payload = self.answers.get(len(STEPS) * n + k)
            if payload is None:
                return (f"the search engine stopped before it answered {step} (exit code "
                        f"{self.process.returncode})")
            if payload.get("type") == "Error":
                return f"{step}: {payload.get('message') or 'no message'}"
        return None

    def stop(self) -> None:
        """End the service (end of input; killed if it does not exit)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.process.wait(EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Stop the service now (the build failed)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                try:
                    pipe.close()
                except BrokenPipeError:
                    pass


def _widen(pipe: int) -> None:
    """Let the pipe hold a whole answer (a part's files, about 2 MB in base64) in two goes,
    not 32 of 64 KB: each go waits for the other process to be scheduled, which on a busy
    machine is what the answers cost. Linux only; elsewhere (or past the system's limit) the
    pipe stays as it is."""
    try:
        import fcntl
    except ImportError:  # Windows
        return
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        try:
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:
            pass


def write_bundle(out: Path, files: Any, skip: tuple[str, ...] = ()) -> str | None:
    """Write the ``files`` of a ``GetFiles`` answer (path relative to the bundle, content in
    base64) into ``out``, but those whose path starts with one of ``skip``; None, or what
    was wrong with them.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "b"
    ...     ok = write_bundle(out, [{"path": "index/x.pf_index", "content": "aGk="},
    ...                             {"path": "ui.js", "content": "aGk="}], skip=("ui.",))
    ...     (ok, sorted(p.name for p in out.rglob("*.*")))
    (None, ['x.pf_index'])
    >>> write_bundle(Path("/tmp/b"), [{"path": "../x", "content": ""}])
    "a file outside the bundle: '../x'"
    """
    if not isinstance(files, list):
        return "no files in the answer"
    written: list[tuple[Path, bytes]] = []
    for file in files:
        path = PurePosixPath(str(file.get("path", "")))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            return f"a file outside the bundle: {str(path)!r}"
        if not str(path).startswith(skip):
            written.append((out / path, base64.b64decode(file.get("content", ""))))
    for target, data in written:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return None
