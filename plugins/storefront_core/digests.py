"""SHA-256 of source files, trusted while their size and mtime are unchanged (as git's index).

A build needs the digest of every source photo (product digests, lastmod dates, share-card
keys) and of every font file (card keys). Reading 4,000 photos of 2,000 px costs seconds, so
one ``DigestIndex`` per build answers for all of them: a file is read again only when its size
or modification time changed since the digest was taken. The index persists between builds
beside the photo cache, so a build whose page caches were deleted does not re-read photos
that the photo cache already covers.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> photo = folder / "a.jpg"
>>> _ = photo.write_bytes(b"jpeg")
>>> index = DigestIndex(folder / "digests.pickle")
>>> index.sha256(photo)[:12]
'41e5787e9f28'
>>> index.save()
>>> DigestIndex(folder / "digests.pickle").known(photo, stamp_of(photo))[:12]
'41e5787e9f28'
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from .files import write_atomic

#: (size, mtime in nanoseconds): a file whose stamp is unchanged is taken as unchanged
Stamp = tuple[int, int]
_VERSION = 1


def stamp_of(path: Path | str, st: os.stat_result | None = None) -> Stamp:
    """The file's (size, mtime_ns)."""
    st = st or os.stat(path)
    return st.st_size, st.st_mtime_ns


def file_sha256(path: Path | str) -> str:
    """SHA-256 hex digest of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class DigestIndex:
    """Digests by absolute path and stamp; ``save()`` keeps the entries this build used.

    Not shared between processes: forked workers read the parent's copy and return what they
    hash, which the parent ``record``s.
    """

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self._entries: dict[str, tuple[int, int, str]] = self._load()
        self._used: set[str] = set()
        self._changed = False

    def _load(self) -> dict[str, tuple[int, int, str]]:
        if self.file is None:
            return {}
        try:
            with open(self.file, "rb") as handle:
                version, entries = pickle.load(handle)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return {}
        return entries if version == _VERSION and isinstance(entries, dict) else {}

    def known(self, path: Path | str, stamp: Stamp) -> str | None:
        """The digest taken when the file had this stamp, or None."""
        key = os.fspath(path)
        entry = self._entries.get(key)
        if entry is None or (entry[0], entry[1]) != stamp:
            return None
        self._used.add(key)
        return entry[2]

    def record(self, path: Path | str, stamp: Stamp, sha: str) -> None:
        """Remember a digest someone else took (a worker process, a cache)."""
        key = os.fspath(path)
        self._used.add(key)
        if self._entries.get(key) != (*stamp, sha):
            self._entries[key] = (*stamp, sha)
            self._changed = True

    def sha256(self, path: Path | str) -> str:
        """The file's digest: from the index while its stamp is unchanged, else read."""
        stamp = stamp_of(path)
        found = self.known(path, stamp)
        if found is None:
            found = file_sha256(path)
            self.record(path, stamp, found)
        return found

    def save(self) -> None:
        """Write the index (atomically) when it changed; entries unused this build are
        dropped, so it does not grow with deleted files."""
        if self.file is None:
            return
        stale = set(self._entries) - self._used
        if not self._changed and not stale:
            return
        for key in stale:
            del self._entries[key]
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, pickle.dumps((_VERSION, self._entries),
                                             protocol=pickle.HIGHEST_PROTOCOL))
        self._changed = False
