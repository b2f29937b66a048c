"""Pelican wiring of the catalog plugin: switches Pelican's articles off, registers the products
generator."""

from __future__ import annotations

from typing import Any

from pelican import signals

NAME = "storefront_catalog"


def get_generators(pelican: Any) -> type:
    from .generator import StorefrontGenerator

    return StorefrontGenerator


def switch_off_articles(pelican: Any) -> None:
    """Turn off Pelican's articles, pages, feeds and their index pages (the products generator
    writes the site), so pelicanconf.py holds only what the merchant sets."""
    from pelican.settings import DEFAULT_CONFIG

    from .settings import apply_pelican_settings, plugin_enabled

    if not plugin_enabled(pelican.settings, NAME):
        return
    apply_pelican_settings(pelican.settings, DEFAULT_CONFIG)
    # Pelican read this one before loading the plugins
    pelican.delete_outputdir = pelican.settings["DELETE_OUTPUT_DIRECTORY"]


def declare_filters(pelican: Any) -> None:
    """Make the theme's filter names known to every Jinja environment Pelican creates.

    Pelican's own article generator compiles ``category.html`` even when there are no
    articles; the real, market-aware filters are installed by the products generator.
    """
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    for name in ("money", "number", "format_date", "date", "phrases"):
        filters.setdefault(name, str)


def register() -> None:
    signals.initialized.connect(switch_off_articles)
    signals.initialized.connect(declare_filters)
    signals.get_generators.connect(get_generators)
