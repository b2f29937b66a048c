"""Every template renders valid HTML: the Nu HTML Checker (vnu) finds no error or warning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import build

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def vnu_jar() -> Path | None:
    """The checker from npm's vnu-jar package (or STOREFRONT_VNU_JAR)."""
    if os.environ.get("STOREFRONT_VNU_JAR"):
        return Path(os.environ["STOREFRONT_VNU_JAR"])
    npm = shutil.which("npm")
    if not npm:
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
    jar = Path(root.stdout.strip()) / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() else None


#: checkouts that add markup: a quantity selector with volume tiers and order links; a cart
LINKS = {"provider": "links", "url": "https://wa.me/4915112345678?text={message}"}
SNIPCART = {"provider": "snipcart", "api_key": "PUBLIC_TEST_KEY"}


@pytest.mark.parametrize(("fixture", "at_least", "checkout"), [
    ("site", 12, None), ("markets", 40, None), ("site", 12, LINKS), ("markets", 40, SNIPCART)],
    ids=["site", "markets", "site-links", "markets-snipcart"])
def test_every_page_of_the_fixture_stores_is_valid_html(
    tmp_path: Path, fixture: str, at_least: int, checkout: dict[str, str] | None
) -> None:
    """The single-market store and the multi-market one (chooser, switcher, RTL, hreflang),
    also with the buy actions of an order-link checkout and of a cart."""
    jar = vnu_jar()
    if jar is None or shutil.which("java") is None:
        if os.environ.get("STOREFRONT_REQUIRE_BROWSER") == "1":
            pytest.fail("Nu HTML Checker missing: `npm install -g vnu-jar` and a Java runtime")
        pytest.skip("the Nu HTML Checker (npm vnu-jar + Java) is not installed")
    out = build(FIXTURES / fixture, tmp_path / "out", tmp_path / "cache",
                **({"STORE_CHECKOUT": checkout} if checkout else {}))
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) >= at_least
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *pages],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [
        f"{m.get('url', '')}:"
        f"{m.get('lastLine')}: {m.get('type')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "warning"
    ]
    assert problems == [], "\n".join(problems)
