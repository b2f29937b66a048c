"""Nothing changed since the last build: say so instead of building again (as make does).

A successful ``storefront build`` records what it was built from (``RECORD`` in the cache
folder): the size and modification time of every file in the project (content, settings,
theme, translations) and of the theme, plugins and `storefront` code it ran, the Python and
the installed packages, the environment, the git commit, the command's options, the published
folder, and until when the result holds (the next campaign start or end in any market, the
next midnight in any market's time zone). The next ``storefront build`` with the same options
first compares all of that, with ``os.scandir`` and no import of Pelican: when nothing
differs, the site in the output folder is the site a build would make, and it is kept.

Anything that could change the output makes the comparison fail and the build run: a touched
file, a new commit, a package upgraded, an environment variable set, the output folder
replaced or removed, the moment passing. ``storefront build --force`` always builds.

This module imports only the standard library: the point is to answer before the heavy
imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storefront_core.files import process_umask

RECORD = "last-build.json"
DEFAULT_CACHE = Path(".cache") / "storefront"
_VERSION = 1
#: folders never walked: they hold no build input (or, for venvs, are covered by the
#: package listing)
_SKIPPED_DIRS = {"__pycache__", "node_modules"}
#: environment variables that differ between shells without changing any build
_VOLATILE_ENV = {"_", "OLDPWD", "PWD", "SHLVL", "TERM", "COLUMNS", "LINES", "SSH_AUTH_SOCK",
                 "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "WINDOWID", "TMUX_PANE",
                 # the output does not depend on it (storefront bench checks two seeds)
                 "PYTHONHASHSEED"}


def _walk(root: str, skip: frozenset[str], out: list[str]) -> None:
    """(path, size, mtime) lines of every file below ``root``, except the folders ``skip``,
    hidden folders, caches and virtual environments."""
    try:
        entries = list(os.scandir(root))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                if (entry.name.startswith(".") or entry.name in _SKIPPED_DIRS
                        or entry.path in skip
                        or os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))):
                    continue
                out.append(f"d {entry.path}")
                _walk(entry.path, skip, out)
            else:
                st = entry.stat(follow_symlinks=True)
                out.append(f"f {entry.path}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            out.append(f"? {entry.path}")


def tree_digest(roots: Iterable[str], skip: Iterable[str]) -> str:
    """One digest over the stamps of every file below ``roots`` (see ``_walk``)."""
    lines: list[str] = []
    skipped = frozenset(skip)
    for root in sorted(set(roots)):
        lines.append(f"r {root}")
        _walk(root, skipped, lines)
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8", "surrogateescape")
                          ).hexdigest()


def _git_state(project: Path) -> list[str]:
    """What a commit, checkout or staging changes in the repository holding ``project``."""
    for folder in (project, *project.parents):
        git = folder / ".git"
        if git.exists():
            break
    else:
        return []
    out = []
    for name in ("HEAD", "index", "packed-refs", "shallow"):
        path = git / name
        try:
            st = path.stat()
            out.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            continue
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        out.append(head)
        if head.startswith("ref: "):
            out.append((git / head[5:]).read_text(encoding="utf-8").strip())
    except OSError:
        pass
    return out


def _packages() -> list[str]:
    """The installed distributions (their folder names carry the versions)."""
    out = [sys.executable, sys.version]
    folders = set(site.getsitepackages()) | {p for p in sys.path if p.endswith("site-packages")}
    for folder in sorted(folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        out.append(folder + "\0" + "\0".join(n for n in names if n.endswith(
            (".dist-info", ".egg-info", ".pth"))))
    return out


def build_key(output: Path, *, strict: bool, settings_file: str,
              extra_settings: Mapping[str, object] | None) -> str:
    """What must be equal between two builds besides their inputs: the command's options,
    the environment, Python and the installed packages."""
    return environment_key({"output": str(output), "strict": strict, "settings": settings_file,
                            "extra": dict(extra_settings or {}),
                            "umask": process_umask()})  # the published files' modes


def environment_key(options: Mapping[str, Any]) -> str:
    """The command's options, the environment, Python and the installed packages."""
    env = {k: v for k, v in os.environ.items() if k not in _VOLATILE_ENV}
    data = json.dumps([_VERSION, dict(options), sorted(env.items()), _packages()],
                      sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogateescape")).hexdigest()


def _output_stamp(output: Path) -> list[Any] | None:
    """The published folder: replaced by every build, so its inode says which build made it."""
    try:
        st = output.stat()
        names = sorted(os.listdir(output))
    except OSError:
        return None
    return [st.st_ino, st.st_dev, st.st_mtime_ns, names]


def inputs_of(project: Path, extra_roots: Iterable[Path], skip: Iterable[Path]
              ) -> dict[str, Any]:
    """What the build is about to read: taken before it reads anything, so an edit made
    while it runs makes the next build run."""
    roots = sorted({str(project), *(str(p) for p in extra_roots if p.exists())})
    skipped = sorted({str(p) for p in skip})
    return {"roots": roots, "skip": skipped, "files": tree_digest(roots, skipped),
            "git": _git_state(project)}


def record_path(project: Path) -> Path:
    return project / DEFAULT_CACHE / RECORD


def write_record(project: Path, cache_dir: Path, *, key: str, inputs: Mapping[str, Any],
                 output: Path, valid_until: datetime | None, summary: Mapping[str, Any]) -> None:
    """Remember a successful build (only when its cache is the default one, where the next
    build looks before reading any setting)."""
    path = record_path(project)
    if cache_dir.resolve() != path.parent.resolve():
        return
    data = {"version": _VERSION, "key": key, "inputs": dict(inputs),
            "output": str(output), "output_stamp": _output_stamp(output),
            "valid_until": valid_until.astimezone(UTC).isoformat() if valid_until else None,
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "summary": dict(summary)}
    tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def forget(project: Path) -> None:
    """No shortcut for the next build (a build started: until it succeeds, nothing holds)."""
    record_path(project).unlink(missing_ok=True)


def unchanged(project: Path, output: Path, key: str,
              now: datetime | None = None) -> dict[str, Any] | None:
    """The last build's record when nothing it was built from changed; else None."""
    try:
        data = json.loads(record_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _VERSION or data.get("key") != key:
        return None
    if data.get("output") != str(output) or data.get("output_stamp") != json.loads(
            json.dumps(_output_stamp(output))):
        return None
    try:  # a build killed midway left its staging folder: the next build clears it
        beside = os.listdir(output.parent)
    except OSError:
        return None
    if any(name.startswith((f".{output.name}.building-", f".{output.name}.old-"))
           for name in beside):
        return None
    until = data.get("valid_until")
    if until is not None:
        try:
            if (now or datetime.now(UTC)) >= datetime.fromisoformat(until):
                return None
        except ValueError:
            return None
    inputs = data.get("inputs") or {}
    roots, skip = inputs.get("roots") or [], inputs.get("skip") or []
    if inputs.get("git") != _git_state(project):
        return None
    if inputs.get("files") != tree_digest(roots, skip):
        return None
    return data
