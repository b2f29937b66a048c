"""Writing and publishing files: one atomic write, one link from the build cache, one rule for
the permissions of the published site."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

StrPath = str | os.PathLike[str]

_TEMP_ATTEMPTS = 100


def link_or_copy(source: StrPath, target: StrPath) -> None:
    """Put ``source`` (a file in the build cache) at ``target``: a hard link, so unchanged
    files keep their inode between builds (the audit's memo relies on it), or a copy across
    file systems. A file already at ``target`` is replaced (never written through: it may be
    a link to another cached file)."""
    try:
        os.link(source, target)  # the common case: a new file in an emptied tree
        return
    except FileExistsError:
        os.unlink(target)
        with contextlib.suppress(OSError):
            os.link(source, target)
            return
    except OSError:  # another file system, or no hard links there
        pass
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    """Put every file under ``source`` (a folder in the build cache) at the same place under
    ``target``, folders made as needed (see link_or_copy)."""
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            link_or_copy(os.path.join(folder, name), into / name)


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write that appears at ``path`` whole when the block ends, or not at all.

    The temporary file is unique to this writer (process id and random part), in the same
    folder, so concurrent writers of one path never write into each other's file and the last
    rename wins. It is created like ``open(path, "wb")`` would (0666 minus the umask), not
    0600 like ``tempfile.mkstemp``: published files are hard links of cached ones.
    """
    tmp, fh = _create_temp(path)
    try:
        with fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically (see atomic_open); the folder must exist."""
    with atomic_open(path) as fh:
        fh.write(data)


def _create_temp(path: Path) -> tuple[Path, BinaryIO]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMP_ATTEMPTS):
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        return tmp, os.fdopen(fd, "wb")
    raise FileExistsError(f"no unused temporary name for {path}")


def process_umask() -> int:
    """The umask of this process (read without changing it where the system allows)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    # elsewhere the only way to read it is to set it; done once per build, before any thread
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def finish_tree(root: Path, umask: int) -> None:
    """Delete the folders left empty under ``root`` (pages that are gone) and make the rest
    readable as a web site is served: folders 0777 and files 0666 minus ``umask`` (0755/0644
    under the usual 022), in one walk.

    Some entries carry another mode: ``root`` is made private by mkdtemp, cached files linked
    into the site were written under the umask of an earlier build, theme files are copied
    with theirs. Only those are changed, so a rebuild with nothing changed changes nothing.
    Symbolic links (a theme's static files may have some) are left as they are.
    """
    want_dir, want_file = 0o777 & ~umask, 0o666 & ~umask

    def visit(folder: str) -> bool:
        """Fix what ``folder`` holds; True if it holds nothing."""
        with os.scandir(folder) as listing:
            entries = list(listing)
        left = len(entries)
        for entry in entries:
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                if visit(entry.path):
                    os.rmdir(entry.path)
                    left -= 1
                elif stat.S_IMODE(mode) != want_dir:
                    os.chmod(entry.path, want_dir)
            elif stat.S_ISREG(mode) and stat.S_IMODE(mode) != want_file:
                os.chmod(entry.path, want_file)
        return left == 0

    visit(os.fspath(root))
    if stat.S_IMODE(os.stat(root).st_mode) != want_dir:
        os.chmod(root, want_dir)
