"""Compiled bytecode of the storefront's own code, kept even where the environment says not
to write any (``PYTHONDONTWRITEBYTECODE=1``, as many container images and CI set).

An editable install (``pip install -e .``, the README's) compiles nothing: with that variable
set, every command would compile the command's and the plugins' 130 modules again (0.15 s of
CPU on every build). ``keep_bytecode`` writes the missing or stale ``__pycache__`` files of
these two folders only (git ignores them); installed packages have theirs from pip.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: the command's package and the plugins beside it (the repository's layout)
FOLDERS = (HERE, HERE.parent.parent / "plugins")


def keep_bytecode(folders: tuple[Path, ...] = FOLDERS) -> None:
    """Compile what is missing or stale in ``folders`` when Python was told not to write
    bytecode; a read-only or missing folder is left as it is."""
    if not sys.dont_write_bytecode:
        return  # Python writes them itself on import
    import compileall

    for folder in folders:
        if folder.is_dir():
            try:
                compileall.compile_dir(folder, quiet=2)
            except OSError:
                continue
