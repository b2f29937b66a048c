"""The `storefront` command-line tool: build, preview, check, scaffold and benchmark a store."""

from __future__ import annotations

from typing import Any

__all__ = ["BuildFailed", "build_site"]


def __getattr__(name: str) -> Any:
    """``build_site`` and ``BuildFailed``, imported when first used: the command answers
    "up to date" without importing Pelican."""
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(name)
