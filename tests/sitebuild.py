"""Build a site with Pelican in-process for tests (no CLI, no progress bar)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings


def build(project: Path, output: Path, cache: Path, **overrides: Any) -> Path:
    """Build ``project`` into ``output`` with its cache in ``cache``; returns ``output``."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        settings = read_settings(
            str(project / "pelicanconf.py"),
            override={
                "OUTPUT_PATH": str(output),
                "STORE_CACHE_DIR": str(cache),
                "IMAGE_CACHE_DIR": str(cache / "images"),
                **overrides,
            },
        )
        logging.getLogger("pelican").setLevel(logging.WARNING)
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return output
