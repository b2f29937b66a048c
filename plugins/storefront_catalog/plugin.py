"""Pelican wiring of the catalog plugin: registers the products generator."""

from __future__ import annotations

from typing import Any

from pelican import signals


def get_generators(pelican: Any) -> type:
    from .generator import StorefrontGenerator

    return StorefrontGenerator


def declare_filters(pelican: Any) -> None:
    """Make the theme's filter names known to every Jinja environment Pelican creates.

    Pelican's own article generator compiles ``category.html`` even when there are no
    articles; the real, market-aware filters are installed by the products generator.
    """
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    for name in ("money", "number", "format_date", "date"):
        filters.setdefault(name, str)


def register() -> None:
    signals.initialized.connect(declare_filters)
    signals.get_generators.connect(get_generators)
