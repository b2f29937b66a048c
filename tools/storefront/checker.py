"""`storefront check`: validate settings and content without rendering anything."""

from __future__ import annotations

import tempfile
from pathlib import Path

from storefront_catalog.settings import SETTINGS, apply_defaults, check_settings
from storefront_core.errors import Problem, StorefrontError

from .project import read_project_settings


def register_plugins(settings: dict) -> None:
    """Connect the enabled storefront plugins' receivers, as a build does (campaigns are checked
    by storefront_promotions when it is enabled); each plugin ignores builds without it."""
    import importlib

    for plugin in settings.get("PLUGINS") or ():
        name = getattr(plugin, "__name__", str(plugin))
        if name.startswith("storefront_"):
            module = importlib.import_module(name)
            if hasattr(module, "register"):
                module.register()


def check_project(
    project: Path, settings_file: str = "pelicanconf.py"
) -> tuple[list[Problem], int]:
    """Every problem in the project's settings and content, and the number of products read."""
    from storefront_catalog.i18n import market_translations
    from storefront_catalog.store import load_store

    settings = read_project_settings(project, settings_file)
    apply_defaults(settings, SETTINGS)
    problems = check_settings(settings, SETTINGS)
    if any(p.severity == "error" for p in problems):
        return problems, 0  # the currency and paths below may be unusable
    root = project.resolve()
    register_plugins(settings)
    try:
        store = load_store(settings, Path(settings["PATH"]), root)
    except StorefrontError as exc:
        return problems + list(exc.problems), 0
    if isinstance(store, list):
        return problems + store, 0
    problems += store.problems
    with tempfile.TemporaryDirectory() as scratch:  # catalogs compile here, not in the cache
        problems += market_translations(root / settings["STORE_I18N_DIR"], store.markets.markets,
                                        Path(scratch))[1]
    return problems, len(store.catalog.products) + len(store.catalog.drafts)
