"""Share card settings read from pelicanconf.py: ``STORE_SOCIAL_CARDS``, validated at start-up."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from storefront_catalog.settings import Setting
from storefront_core.errors import Problem, StorefrontError
from storefront_core.fonts import FontSet, font_set

from .card import CardStyle

NAME = "STORE_SOCIAL_CARDS"
COLOUR_KEYS = ("background", "text", "muted", "accent", "badge_background", "badge_text",
               "panel")
CHOICES: Mapping[str, tuple[str, ...]] = {
    "photo": ("end", "start", "none"),
    "photo_fit": ("contain", "cover"),
    "format": ("jpeg", "png"),
}
#: whole-number keys with their allowed range
NUMBERS: Mapping[str, tuple[int, int]] = {
    "quality": (30, 100),
    "margin": (30, 150),
    "title_max_size": (24, 120),
    "title_min_size": (16, 80),
    "title_max_lines": (1, 6),
}
KEYS = ("enabled", "logo", "fonts", "font_dirs") + COLOUR_KEYS + tuple(CHOICES) + tuple(NUMBERS)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_FONT_KEY = re.compile(r"(latin|symbols|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)")
_FONT_FILE = re.compile(r".+\.(ttf|otf|ttc|otc)(#\d+)?", re.IGNORECASE)

_Report = Callable[[str, str], None]  # (key path, message)
DEFAULTS: dict[str, Any] = {"enabled": True, "fonts": {}, "font_dirs": [],
                            **{f.name: f.default for f in fields(CardStyle)}}


def social_card_problems(value: Any, root: Path | None = None) -> list[Problem]:
    """Every mistake in the ``STORE_SOCIAL_CARDS`` setting (files are checked when ``root``).

    >>> [p.message for p in social_card_problems({"acent": "#ff0000", "format": "gif"})]
    ['"acent" is not a setting of share cards; did you mean "accent"?', '"gif" is not a \
format; use jpeg or png']
    """
    def problem(key: str, message: str) -> None:
        problems.append(Problem("pelicanconf.py", f"{NAME}.{key}" if key else NAME, message))

    problems: list[Problem] = []
    if not isinstance(value, Mapping):
        problem("", "must be a dict such as {'accent': '#b3261e', 'format': 'jpeg'}")
        return problems
    for key, item in value.items():
        check = _KEY_CHECKS.get(key)
        if check is None:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else f"use one of {', '.join(KEYS)}"
            problem("", f'"{key}" is not a setting of share cards; {hint}')
        else:
            check(key, item, root, problem)
    lo = value.get("title_min_size", DEFAULTS["title_min_size"])
    hi = value.get("title_max_size", DEFAULTS["title_max_size"])
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        problem("title_min_size", f"{lo} is above title_max_size ({hi}); the smallest title "
                "size must not exceed the largest")
    return problems


def _colour_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    if not (isinstance(item, str) and _COLOUR.fullmatch(item)):
        problem(key, f"{item!r} is not a colour; write it as #rrggbb, e.g. '#1a73e8'")


def _choice_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    if item not in CHOICES[key]:
        what = "format" if key == "format" else "choice"
        problem(key, f'"{item}" is not a {what}; use {" or ".join(CHOICES[key])}')


def _number_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    lo, hi = NUMBERS[key]
    if not (isinstance(item, int) and not isinstance(item, bool) and lo <= item <= hi):
        problem(key, f"{item!r} must be a whole number from {lo} to {hi}")


def _enabled_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    if not isinstance(item, bool):
        problem(key, "must be True or False")


def _logo_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    if item is not None and not (isinstance(item, str) and item):
        problem(key, "must be the path of an image file in quotes, or None")
    elif item is not None and root is not None and not (root / item).is_file():
        problem(key, f"{item}: no such file; give the path of a PNG or JPEG logo "
                "relative to the project folder")


def _font_dir_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    if not (isinstance(item, list | tuple) and all(isinstance(d, str) for d in item)):
        problem(key, "must be a list of folder paths, e.g. ['themes/storefront/fonts']")
    elif root is not None:
        for folder in item:
            if not (root / folder).is_dir():
                problem(key, f"{folder}: no such folder (relative to the project "
                        "folder)")


def _font_problems(key: str, item: Any, root: Path | None, problem: _Report) -> None:
    example = "{'ja': {'regular': 'fonts/MyJP-Regular.otf', 'bold': 'fonts/MyJP-Bold.otf'}}"
    if not isinstance(item, Mapping):
        problem(key, f"must be a dict such as {example}")
        return
    for lang, faces in item.items():
        where = f"{key}.{lang}"
        if not (isinstance(lang, str) and _FONT_KEY.fullmatch(lang)):
            problem(where, f"{lang!r} is not a language code (e.g. 'ja', 'zh-TW'), 'latin' or "
                    "'symbols'")
            continue
        if not (isinstance(faces, Mapping) and faces and set(faces) <= {"regular", "bold"}):
            problem(where, f"must be a dict with 'regular' and optionally 'bold', e.g. {example}")
            continue
        for weight, path in faces.items():
            if not (isinstance(path, str) and _FONT_FILE.fullmatch(path)):
                problem(f"{where}.{weight}", f"{path!r} is not a font file; give a .ttf, .otf "
                        "or .ttc path (a .ttc may end in #N to pick face N)")
            elif root is not None and not (root / path.split("#")[0]).is_file():
                problem(f"{where}.{weight}", f"{path}: no such file (relative to the project "
                        "folder)")


#: the check of each setting key: (key, value, project folder or None, report)
_KEY_CHECKS: Mapping[str, Callable[[str, Any, Path | None, _Report], None]] = {
    "enabled": _enabled_problems, "logo": _logo_problems, "fonts": _font_problems,
    "font_dirs": _font_dir_problems,
    **{key: _colour_problems for key in COLOUR_KEYS},
    **{key: _choice_problems for key in CHOICES},
    **{key: _number_problems for key in NUMBERS},
}
assert tuple(_KEY_CHECKS) == KEYS


def _check(value: Any) -> str | None:
    problems = social_card_problems(value)
    if not problems:
        return None
    return "; ".join(f"{p.field.removeprefix(NAME).lstrip('.')}: {p.message}".lstrip(": ")
                     for p in problems)


SOCIAL_CARD_SETTINGS: tuple[Setting, ...] = (
    Setting(NAME, {},
            "Share cards (1200x630 og:image per product per market): colours background, text, "
            "muted, accent, badge_background, badge_text, panel as '#rrggbb'; logo (path); "
            "photo end|start|none; photo_fit contain|cover; format jpeg|png; quality; margin; "
            "title_max_size, title_min_size, title_max_lines; fonts {'ja': {'regular': path, "
            "'bold': path}}; font_dirs [folders]; enabled.", _check),
)


def resolved(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """The setting with every default filled in."""
    return {**DEFAULTS, **(value or {})}


def style_from_settings(value: Mapping[str, Any] | None, root: Path) -> CardStyle:
    """The card style from the setting; raises StorefrontError listing every mistake."""
    problems = social_card_problems(value or {}, root)
    if problems:
        raise StorefrontError(problems)
    conf = resolved(value)
    style_fields = {f.name for f in fields(CardStyle)}
    kwargs = {k: v for k, v in conf.items() if k in style_fields}
    if conf.get("logo"):
        kwargs["logo"] = root / conf["logo"]
    return CardStyle(**kwargs)


def fonts_from_settings(value: Mapping[str, Any] | None, root: Path) -> FontSet:
    """The font set from the setting's ``fonts`` overrides and ``font_dirs`` folders."""
    conf = resolved(value)
    return font_set(conf["fonts"], conf["font_dirs"], root)
