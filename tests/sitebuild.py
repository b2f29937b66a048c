"""Build a site with Pelican in-process for tests (no CLI, no progress bar)."""

from __future__ import annotations

import logging
import os
import shutil
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


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of a fixture project whose pelicanconf.py still finds this repository's theme
    and plugins (the fixtures find them relative to their own folder)."""
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".cache", "__pycache__"))
    conf = dest / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))',
        f"_REPO = {str(repo)!r}"), encoding="utf-8")
    return dest


def page_offers(page: Path) -> dict[str, dict[str, Any]]:
    """SKU -> JSON-LD offer of a built product page (each variant's own), as a crawler reads
    the page's structured data."""
    import json

    import lxml.html

    found = {}
    for script in lxml.html.parse(str(page)).xpath(
            '//script[@type="application/ld+json"]/text()'):
        data = json.loads(script)
        for node in data.get("@graph", [data]):
            for item in node.get("hasVariant", [node]):
                offer = item.get("offers")
                if isinstance(offer, dict) and "sku" in item:
                    found[item["sku"]] = offer
    return found
