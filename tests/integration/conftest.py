"""Fixtures shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import build

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (this repository's content/ and pelicanconf.py) built once per test run,
    with one photo width and format (photos are not what these tests read). Read it, never
    change it: several modules share it."""
    base = tmp_path_factory.mktemp("demo")
    return build(REPO, base / "out", base / "cache", IMAGE_WIDTHS=[320], IMAGE_FORMATS=["jpeg"])
