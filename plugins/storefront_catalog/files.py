"""Publishing cached files: every plugin hard-links what it keeps in the build cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path, target: Path) -> None:
    """Put ``source`` (a file in the build cache) at ``target``: a hard link, so unchanged
    files keep their inode between builds (the audit's memo relies on it), or a copy across
    file systems."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
