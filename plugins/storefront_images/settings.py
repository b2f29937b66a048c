"""Image settings read from pelicanconf.py, with defaults, help and validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storefront_catalog.settings import Setting

from .encode import CONFIGURABLE_FORMATS, DEFAULT_MAX_MEGAPIXELS, DEFAULT_QUALITY
from .pipeline import ImagePipeline


def _check_widths(value: Any) -> str | None:
    ok = (
        isinstance(value, list | tuple)
        and len(value) > 0
        and all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in value)
    )
    return None if ok else "must be a list of whole numbers above 0, e.g. [480, 960, 1600]"


def _check_formats(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(isinstance(f, str) for f in value):
        return "must be a list of format names, e.g. ['webp', 'jpeg']"
    unknown = [f for f in value if f not in CONFIGURABLE_FORMATS]
    if unknown:
        return f"{unknown} not supported; use some of {list(CONFIGURABLE_FORMATS)}"
    if "jpeg" not in value:
        return "must include 'jpeg', the fallback every browser can show"
    return None


def _check_quality(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a dict such as {'webp': 80, 'jpeg': 82}"
    for fmt, q in value.items():
        if fmt not in CONFIGURABLE_FORMATS:
            return f"key {fmt!r} is not a format; use some of {list(CONFIGURABLE_FORMATS)}"
        if not isinstance(q, int) or isinstance(q, bool) or not 1 <= q <= 100:
            return f"{fmt}: {q!r} must be a whole number from 1 to 100"
    return None


def _check_workers(value: Any) -> str | None:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)
    return None if ok else "must be None (all cores) or a whole number above 0"


def _check_megapixels(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a number of megapixels above 0, e.g. 60"


def _check_cache_dir(value: Any) -> str | None:
    return None if isinstance(value, str) and value else "must be a folder path in quotes"


IMAGE_SETTINGS: tuple[Setting, ...] = (
    Setting("IMAGE_WIDTHS", [480, 960, 1600],
            "Widths in pixels of the derivatives made of every photo (never upscaled).",
            _check_widths),
    Setting("IMAGE_FORMATS", ["webp", "jpeg"],
            "Formats made of every photo: some of avif, webp, jpeg; jpeg is the fallback "
            "(png is used instead for transparent photos).", _check_formats),
    Setting("IMAGE_QUALITY", dict(DEFAULT_QUALITY),
            "Encoder quality per format, 1-100; changing it renames the derivatives.",
            _check_quality),
    Setting("IMAGE_WORKERS", None, "Processes that encode photos; None uses every core.",
            _check_workers),
    Setting("IMAGE_MAX_MEGAPIXELS", DEFAULT_MAX_MEGAPIXELS,
            "Photos above this many megapixels are rejected (decompression-bomb guard).",
            _check_megapixels),
    Setting("IMAGE_CACHE_DIR", ".cache/storefront/images",
            "Folder, relative to the project root, that keeps encoded photos between builds.",
            _check_cache_dir),
)


def pipeline_from_settings(settings: dict[str, Any], root: Path) -> ImagePipeline:
    """An ImagePipeline configured from (checked, defaulted) Pelican settings."""
    cache = Path(settings["IMAGE_CACHE_DIR"])
    return ImagePipeline(
        cache_dir=cache if cache.is_absolute() else root / cache,
        widths=settings["IMAGE_WIDTHS"],
        formats=settings["IMAGE_FORMATS"],
        quality=settings["IMAGE_QUALITY"],
        workers=settings["IMAGE_WORKERS"],
        root=root,
        max_megapixels=float(settings["IMAGE_MAX_MEGAPIXELS"]),
    )
