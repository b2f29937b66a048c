"""Locate a storefront project and read its settings without building it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storefront_core.errors import Problem, StorefrontError


def read_project_settings(project: Path, settings_file: str = "pelicanconf.py") -> dict[str, Any]:
    """Pelican settings of the project, with absolute PATH/THEME/PLUGIN_PATHS."""
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
    return load_settings(path.resolve())


def load_settings(path: Path, override: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican's settings from ``path``; a settings file Pelican cannot use (Python it cannot
    run, a theme folder that does not exist) is a StorefrontError naming the file and setting.
    """
    from pelican.settings import read_settings

    try:
        return dict(read_settings(str(path), override=override))
    except SyntaxError as exc:
        raise StorefrontError([Problem(str(path), "", f"is not valid Python: {exc.msg}; fix "
                                       "the line or restore it from git", exc.lineno)]) from None
    except ValueError as exc:
        if "theme" in str(exc).lower():
            raise StorefrontError([Problem(str(path), "THEME", f"{exc}: set THEME to the "
                                           "folder of an installed theme (the storefront theme "
                                           "is themes/storefront)")]) from None
        raise StorefrontError([Problem(str(path), "", f"cannot be used: {exc}")]) from None
    except Exception as exc:  # noqa: BLE001 - the merchant's Python: say what it raised
        raise StorefrontError([Problem(str(path), "", f"raised {type(exc).__name__} while it "
                                       f"was read: {exc}")]) from None
