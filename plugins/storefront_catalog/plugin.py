"""Pelican wiring of the catalog plugin: registers the products generator."""

from __future__ import annotations

from typing import Any

from pelican import signals


def get_generators(pelican: Any) -> type:
    from .generator import StorefrontGenerator

    return StorefrontGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
