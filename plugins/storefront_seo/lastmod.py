"""When a page's content last really changed: git commit dates, else a file hash history.

Sitemaps only earn a crawler's trust in ``lastmod`` when it moves with real content changes
(Google ignores it once it proves wrong), so the build time never counts as a change.

- In a git checkout, a file's date is the committer date (UTC) of the newest commit on the
  first-parent line that touched it: content merged from a branch counts from the merge.
  One ``git log --name-only`` over the content folder is read once per build and indexed,
  so thousands of bundles cost one git call, not one each.
- A file git cannot date (no git, not a repository, uncommitted, modified, ignored, outside
  the scanned folders) is dated by its SHA-256 in ``cache_file``: an unchanged file keeps the
  date it was first seen with that content; new content gets the build date
  (``SOURCE_DATE_EPOCH`` when set, for reproducible builds).

CI must check out the full history, or every file would date from the newest commit. With
GitHub Actions::

    - uses: actions/checkout@v4
      with:
        fetch-depth: 0

In a shallow clone the commits at the cut-off are not trusted (they list every file as
added); files whose newest change is there fall back to the hash history, and
``warnings`` says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from storefront_catalog.settings import build_date
from storefront_core.digests import DigestIndex, file_sha256
from storefront_core.files import write_atomic

#: folders (relative to the project root) whose git history is read
DEFAULT_SCOPE = ("content",)


def parse_git_log(output: str, *, shallow: bool = False) -> dict[str, date]:
    """``{path: newest commit date}`` from ``git log -z --name-only`` in ``_LOG_FORMAT``.

    Commits come newest first, so the first date seen for a path is its last change. In a
    shallow clone, parentless commits are the cut-off, not real roots: their files are left
    out.

    >>> log = ("\\x1e2024-03-01T23:30:00-05:00\\x1fabc\\0\\na.md\\0"
    ...        "\\x1e2024-01-01T10:00:00+00:00\\x1f\\0\\na.md\\0b.md\\0")
    >>> parse_git_log(log)
    {'a.md': datetime.date(2024, 3, 2), 'b.md': datetime.date(2024, 1, 1)}
    >>> parse_git_log(log, shallow=True)
    {'a.md': datetime.date(2024, 3, 2)}
    """
    dates: dict[str, date] = {}
    for record in output.split("\x1e"):
        if not record.strip("\0\n"):
            continue
        header, _, names = record.partition("\0")
        stamp, _, parents = header.partition("\x1f")
        if shallow and not parents.strip():
            continue
        day = datetime.fromisoformat(stamp.strip()).astimezone(UTC).date()
        for name in names.lstrip("\n").split("\0"):
            if name:
                dates.setdefault(name, day)
    return dates


_LOG_FORMAT = "--format=%x1e%cI%x1f%P"


class LastmodResolver:
    """Dates content changes for one build; create one per build, ``save()`` at the end.

    ``project_root`` is the merchant's project (where ``content/`` lives, inside a git
    checkout or not); ``scope`` the folders whose git history is read (relative to it; empty
    reads the whole repository); ``cache_file`` keeps the hash history (JSON: path -> [sha256,
    first-seen date]), committed or cached between CI runs when there is no git history;
    ``digests`` is the build's index of file digests (storefront_core.digests).
    Not safe to share across forked workers: resolve dates in the parent process.
    """

    def __init__(
        self,
        project_root: Path | str,
        cache_file: Path | str,
        *,
        scope: Iterable[str] = DEFAULT_SCOPE,
        today: date | None = None,
        digests: DigestIndex | None = None,
    ) -> None:
        self.root = Path(project_root).resolve()
        #: digests the build already took (photos read with the catalog): not read again
        self.digests = digests or DigestIndex()
        self.cache_file = Path(cache_file)
        self.scope = tuple(scope)
        self.today = today or build_date()
        #: things the build should tell the merchant (git missing, shallow clone...)
        self.warnings: list[str] = []
        self._git: tuple[Path, dict[str, date], frozenset[str]] | None = None
        self._git_loaded = False
        self._git_error: list[str] = []
        self._history = self._load_history()
        self._changed = False
        # one answer per file per build: every market's page of a bundle gets the same date
        self._dates: dict[Path, date] = {}
        self._answers: dict[tuple[str, ...], date | None] = {}  # lastmod() per set of paths

    # -- git ------------------------------------------------------------------------------

    def _run_git(self, *args: str) -> str | None:
        """Stdout of a git command run in the project root, or None when it fails."""
        env = dict(os.environ, GIT_LITERAL_PATHSPECS="1", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
        try:
            done = subprocess.run(
                ["git", "-c", "log.showSignature=false", *args],
                cwd=self.root, env=env, capture_output=True, check=False,
            )
        except OSError:
            return None
        if done.returncode != 0:
            self._git_error = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            return None
        return done.stdout.decode("utf-8", "surrogateescape")

    def _load_git(self) -> tuple[Path, dict[str, date], frozenset[str]] | None:
        """(repository top, {top-relative path: date}, dirty paths), or None without git."""
        if shutil.which("git") is None:
            self.warnings.append("git is not installed: lastmod dates come from file hashes")
            return None
        top = self._run_git("rev-parse", "--show-toplevel")
        if top is None:
            if any("dubious ownership" in line for line in self._git_error):
                self.warnings.append(
                    f"git refuses {self.root} ({self._git_error[0]}): lastmod dates come "
                    "from file hashes; mark it safe with git config --global --add "
                    "safe.directory"
                )
            return None  # not a git checkout: the hash history is the normal source
        shallow = (self._run_git("rev-parse", "--is-shallow-repository") or "").strip() == "true"
        log = self._run_git(
            "log", "--first-parent", "-m", "--no-renames", "--name-only", "-z", _LOG_FORMAT,
            "--", *self.scope,
        )
        if log is None:
            if self._run_git("rev-parse", "--verify", "--quiet", "HEAD") is not None:
                self.warnings.append(f"git log failed ({'; '.join(self._git_error)}): "
                                     "lastmod dates come from file hashes")
            log = ""  # a repository without commits yet: nothing is committed
        status = self._run_git(
            "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames",
            "--", *self.scope,
        )
        if status is None:  # without it, edited files would keep their old commit date
            self.warnings.append(f"git status failed ({'; '.join(self._git_error)}): "
                                 "lastmod dates come from file hashes")
            return None
        dirty = frozenset(entry[3:] for entry in status.split("\0") if len(entry) > 3)
        dates = parse_git_log(log, shallow=shallow)
        if shallow:
            self.warnings.append(
                "this git checkout is shallow: lastmod dates need the full history "
                "(in CI: actions/checkout with fetch-depth: 0)"
            )
        return Path(top.strip()).resolve(), dates, dirty

    def _git_date(self, path: Path) -> date | None:
        if not self._git_loaded:
            self._git = self._load_git()
            self._git_loaded = True
        if self._git is None:
            return None
        top, dates, dirty = self._git
        try:
            key = path.relative_to(top).as_posix()
        except ValueError:
            return None
        if key in dirty:
            return None
        return dates.get(key)

    # -- hash history ---------------------------------------------------------------------

    def _load_history(self) -> dict[str, tuple[str, ...]]:
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self.warnings.append(f"{self.cache_file}: unreadable, starting a new hash history")
            return {}
        if not isinstance(data, dict):
            return {}
        return {  # [sha256, first-seen date] or, with the file's size and mtime, three items
            str(k): tuple(v) for k, v in data.items()
            if isinstance(v, list) and len(v) in (2, 3) and all(isinstance(x, str) for x in v)
        }

    def _key(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _hash_date(self, path: Path) -> date:
        """The date a file's content was first seen; a file whose size and mtime are unchanged
        is not read again (a warm build of 1,000 products would hash every photo)."""
        st = path.stat()
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
        key = self._key(path)
        known = self._history.get(key)
        if known and len(known) == 3 and known[2] == stamp:
            try:
                return date.fromisoformat(known[1])
            except ValueError:
                pass
        digest = self.digests.known(path, (st.st_size, st.st_mtime_ns)) or file_sha256(path)
        if known and known[0] == digest:
            try:
                day = date.fromisoformat(known[1])
            except ValueError:
                pass
            else:
                self._history[key] = (digest, known[1], stamp)  # touched, not changed
                self._changed = True
                return day
        self._history[key] = (digest, self.today.isoformat(), stamp)
        self._changed = True
        return self.today

    def save(self) -> None:
        """Write the hash history back (only when it changed), dropping deleted files."""
        for key in [k for k in self._history if not (self.root / k).exists()]:
            del self._history[key]
            self._changed = True
        if not self._changed:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        data = {k: list(v) for k, v in sorted(self._history.items())}
        write_atomic(self.cache_file,
                     (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        self._changed = False

    # -- public ---------------------------------------------------------------------------

    def _files(self, paths: Iterable[Path | str]) -> list[Path]:
        """Existing files: folders expanded (hidden files such as .DS_Store skipped)."""
        files: list[Path] = []
        for given in paths:
            path = Path(given)
            path = (path if path.is_absolute() else self.root / path).resolve()
            if path.is_dir():
                found: list[str] = []
                for folder, dirs, names in os.walk(path):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    found += (os.path.join(folder, n) for n in names if not n.startswith("."))
                files += (Path(f) for f in sorted(found) if os.path.isfile(f))
            elif path.is_file():
                files.append(path)
        return files

    def lastmod(self, paths: Iterable[Path | str]) -> date | None:
        """The newest change among ``paths`` (files or folders), None when none exists.

        A page's ``paths`` are what it is built from, e.g. its product bundle folder. Files
        are read once per resolver: edits during the build show up in the next one.
        """
        key = tuple(str(p) for p in paths)
        if key in self._answers:  # every market's page of a bundle asks the same
            return self._answers[key]
        newest: date | None = None
        for path in self._files(key):
            day = self._dates.get(path)
            if day is None:
                day = self._dates[path] = self._git_date(path) or self._hash_date(path)
            if newest is None or day > newest:
                newest = day
        self._answers[key] = newest
        return newest
