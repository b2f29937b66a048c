"""Shared pytest options and fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
for sub in ("plugins", "tools"):
    if str(REPO / sub) not in sys.path:
        sys.path.insert(0, str(REPO / sub))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/expected from this build (read the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def icu() -> None:
    """PyICU (the optional `icu` extra: dictionary line breaks for Thai and CJK on the cards).
    Tests that need it skip without it, except in CI (STOREFRONT_REQUIRE_ICU=1), where they
    fail: .ci/run installs it."""
    from storefront_core.fonts import icu_available

    if icu_available():
        return
    if os.environ.get("STOREFRONT_REQUIRE_ICU") == "1":
        pytest.fail("PyICU is required (STOREFRONT_REQUIRE_ICU=1) but not installed; "
                    "pip install -e '.[icu]' (needs libicu-dev, pkg-config and a C++ compiler)")
    pytest.skip("PyICU is not installed (optional: pip install -e '.[icu]')")


@pytest.fixture
def system_noto() -> Path:
    """Debian's Noto fonts (fonts-noto-core), for the scripts no Python package covers
    (Hebrew, Bengali, symbols). Tests that need them skip without them, except in CI
    (STOREFRONT_REQUIRE_FONTS=1), where they fail: .ci/run installs them."""
    folder = Path("/usr/share/fonts/truetype/noto")
    if (folder / "NotoSansHebrew-Regular.ttf").is_file():
        return folder
    if os.environ.get("STOREFRONT_REQUIRE_FONTS") == "1":
        pytest.fail("Debian's Noto fonts are required (STOREFRONT_REQUIRE_FONTS=1) but not "
                    "installed; apt-get install fonts-noto-core")
    pytest.skip("Debian's Noto fonts are not installed (apt-get install fonts-noto-core)")
