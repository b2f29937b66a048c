"""Pelican wiring: check the image settings; process photos when the catalog is ready."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from storefront_catalog.settings import apply_defaults, check_settings
from storefront_core.errors import StorefrontError

from .settings import IMAGE_SETTINGS


def _on_init(pelican: Any) -> None:
    """Check the image settings and fill in defaults before any generator runs."""
    problems = check_settings(pelican.settings, IMAGE_SETTINGS)
    if problems:
        raise StorefrontError(problems)
    apply_defaults(pelican.settings, IMAGE_SETTINGS)


def register() -> None:
    """Pelican entry point."""
    # Encoding workers may be spawned (not forked): they import this package by name, so
    # its folder must be importable even when Pelican loaded it from PLUGIN_PATHS.
    plugins_dir = str(Path(__file__).resolve().parent.parent)
    if plugins_dir not in sys.path:
        sys.path.append(plugins_dir)
    from pelican import signals  # imported here so encoding workers never load Pelican

    from storefront_catalog import signals as storefront_signals

    from .media import add_image_globals, on_catalog_ready

    signals.initialized.connect(_on_init)
    storefront_signals.catalog_ready.connect(on_catalog_ready)
    storefront_signals.market_globals.connect(add_image_globals)
