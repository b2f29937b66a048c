"""`storefront check`: validate settings and content without rendering anything."""

from __future__ import annotations

from pathlib import Path

from storefront_catalog.errors import Problem, StorefrontError
from storefront_catalog.settings import SETTINGS, apply_defaults, check_settings

from .project import read_project_settings


def check_project(
    project: Path, settings_file: str = "pelicanconf.py"
) -> tuple[list[Problem], int]:
    """Every problem in the project's settings and content, and the number of products read."""
    from storefront_catalog.loader import load_catalog

    settings = read_project_settings(project, settings_file)
    apply_defaults(settings, SETTINGS)
    problems = check_settings(settings, SETTINGS)
    if any(p.severity == "error" for p in problems):
        return problems, 0  # the currency and paths below may be unusable
    try:
        catalog, found = load_catalog(
            Path(settings["PATH"]), currency=settings["STORE_CURRENCY"], root=project.resolve()
        )
    except StorefrontError as exc:
        return problems + list(exc.problems), 0
    return problems + list(found), len(catalog.products) + len(catalog.drafts)
