"""Locate a storefront project and read its settings without building it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storefront_core.errors import Problem, StorefrontError


def read_project_settings(project: Path, settings_file: str = "pelicanconf.py") -> dict[str, Any]:
    """Pelican settings of the project, with absolute PATH/THEME/PLUGIN_PATHS."""
    from pelican.settings import read_settings

    path = project / settings_file
    if not path.is_file():
        raise StorefrontError(
            [
                Problem(
                    str(path),
                    "",
                    "settings file not found; run the command in the project folder (the one "
                    "with pelicanconf.py) or pass --project PATH",
                )
            ]
        )
    return dict(read_settings(str(path.resolve())))
