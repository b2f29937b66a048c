"""``STORE_SEARCH`` read from pelicanconf.py: site search on or off and its price bands,
checked at start-up."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from storefront_catalog.settings import Setting
from storefront_core.errors import Problem

from .shards import SHARD_SIZE

NAME = "STORE_SEARCH"
DEFAULTS: Mapping[str, Any] = {"enabled": True, "price_bands": 4, "shard_size": SHARD_SIZE}
SEARCH_SETTINGS: tuple[Setting, ...] = (
    Setting(NAME, dict(DEFAULTS),
            "site search: {'enabled': False} turns it off (no search box, page or index); "
            "'price_bands' is how many price ranges the search filter offers (2 to 8); "
            "'shard_size' how many pages each part of a market's index holds (a product "
            "edit indexes one part again; each part is one more download on a first search)"),
)


def search_options(value: Any) -> dict[str, Any]:
    """``STORE_SEARCH`` with its defaults filled in (call after ``search_problems``).

    >>> search_options({"enabled": False})
    {'enabled': False, 'price_bands': 4, 'shard_size': 150}
    """
    return {**DEFAULTS, **(value or {})}


def search_problems(value: Any) -> list[Problem]:
    """Every mistake in the ``STORE_SEARCH`` setting.

    >>> [p.message for p in search_problems({"enable": False, "price_bands": 12})]
    ['"enable" is not a setting of site search; did you mean "enabled"?', 'must be a whole \
number from 2 to 8']
    """
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem("pelicanconf.py", f"{NAME}.{key}" if key else NAME, message))

    if value is None:
        return problems
    if not isinstance(value, Mapping):
        problem("", "must be a dict such as {'enabled': True, 'price_bands': 4}")
        return problems
    for key, item in value.items():
        if key == "enabled":
            if not isinstance(item, bool):
                problem(key, "must be True or False")
        elif key == "price_bands":
            if isinstance(item, bool) or not isinstance(item, int) or not 2 <= item <= 8:
                problem(key, "must be a whole number from 2 to 8")
        elif key == "shard_size":
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                problem(key, f"must be a whole number of pages, 1 or more (default {SHARD_SIZE})")
        else:
            close = difflib.get_close_matches(str(key), list(DEFAULTS), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; use {', '.join(DEFAULTS)}"
            problem(str(key), f'"{key}" is not a setting of site search{hint}')
    return problems
