"""What earlier audits read from each file, kept by the file's stamp.

With a cache folder, what was read from each page, feed and sitemap is kept with the file's
stamp (size, mtime, inode: the build hard-links unchanged pages from its page cache, so they
keep theirs). The next audit reads again only the files whose stamp changed, pages that had a
broken link to a file now published, and everything when a file was removed, the date changed,
the site URL changed or the audit's code (any module of this package) changed; the rules across
pages always run on the whole site.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from storefront_core.files import atomic_open

#: bump when what the audit keeps between runs changes shape
MEMO_FORMAT = 3
#: entries pickled together: a pickler remembers every object it wrote until its memo is
#: cleared (a table of 16 bytes and more per object: 100 MB for 20,000 pages at once)
BATCH = 1000

Stamp = tuple[int, int, int]


def stamp(path: str) -> Stamp | None:
    """The file's (size, mtime, inode), or None when it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of every module of the audit package: a memo kept by other code is void."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class Memo:
    """What earlier audits read from each file, by the file's stamp (see the module doc)."""

    def __init__(self, folder: Path | None, env: str, files: set[str]) -> None:
        self.path = folder / f"audit.v{MEMO_FORMAT}.pickle" if folder is not None else None
        self.env = env
        self.files = files
        self.old: dict[tuple[str, str], tuple[Stamp, Any, frozenset[str]]] = {}
        self.new: dict[tuple[str, str], tuple[Stamp, Any, frozenset[str]]] = {}
        if self.path is None or not self.path.is_file():
            return
        old: dict[tuple[str, str], tuple[Stamp, Any, frozenset[str]]] = {}
        try:
            with self.path.open("rb") as fh:
                env_was, files_was, count = pickle.load(fh)
                if env_was != env or files_was - files:  # a removed file may break any link
                    return
                while len(old) < count:
                    old.update(pickle.load(fh))
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return  # a damaged memo is only a slower audit
        self.old = old

    def get(self, kind: str, rel: str, stamp: Stamp | None) -> Any | None:
        """The value kept for ``rel`` when its stamp is unchanged and no target it missed has
        been published since; None when it must be read again."""
        entry = self.old.get((kind, rel))
        if entry is None or stamp is None or entry[0] != stamp:
            return None
        if entry[2] and not entry[2].isdisjoint(self.files):
            return None
        self.new[(kind, rel)] = entry
        return entry[1]

    def put(self, kind: str, rel: str, stamp: Stamp | None, value: Any,
            missing: Iterable[str] = ()) -> None:
        """Keep what was read from ``rel`` and the link targets it found missing."""
        if stamp is not None:
            self.new[(kind, rel)] = (stamp, value, frozenset(missing))

    def save(self) -> None:
        """Write what this audit read or kept, when it differs from what was there."""
        if self.path is None or self.new == self.old:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entries = list(self.new.items())
        with atomic_open(self.path) as fh:
            pickle.dump((self.env, self.files, len(entries)), fh, pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(entries), BATCH):  # one pickle (and memo) per batch
                pickle.dump(dict(entries[start:start + BATCH]), fh, pickle.HIGHEST_PROTOCOL)
        for old in self.path.parent.glob("audit.v*.pickle"):  # earlier formats' memos
            if old != self.path:
                old.unlink(missing_ok=True)
