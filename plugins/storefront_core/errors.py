"""User-facing errors: one class for every content or settings mistake."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake found in the merchant's files.

    Rendered as ``content/products/pen/index.md:7: price.USD: "29,99" is not a number;
    write it with a dot, e.g. "29.99"``.
    """

    file: str  # path relative to the project root (or absolute when outside it)
    field: str  # dotted field path, e.g. "variants[1].price.USD"; "" for whole-file problems
    message: str  # what is wrong and how to fix it
    line: int | None = None
    severity: str = "error"  # "error", "warning", or "note" (a decision made: never fails)

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}" if where else f"{field}{self.message}"


class StorefrontError(Exception):
    """A build-stopping mistake in content or settings; carries every problem found."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(file="", field="", message=problems)]
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([head] + [f"  {p}" for p in self.problems])


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the marketer knows it: relative to the project root when inside it.

    Cheap for absolute paths already under the root (thousands of photos per build): only
    the root is resolved, once.

    >>> display_path(Path("/shop/content/products/pen/index.md"), Path("/shop"))
    'content/products/pen/index.md'
    """
    text = os.fspath(path)
    prefix = _root_prefix(os.fspath(root) if root is not None else os.getcwd())
    if os.path.isabs(text) and text.startswith(prefix) and ".." not in text:
        return text[len(prefix) :]
    try:
        return str(path.resolve().relative_to(prefix.rstrip(os.sep) or os.sep))
    except ValueError:
        return str(path)


@lru_cache(maxsize=16)
def _root_prefix(root: str) -> str:
    """The resolved root with a trailing separator (cached: resolving is a syscall per part)."""
    return os.path.join(os.path.realpath(root), "")
