"""The quote cart's HTML: valid (Nu HTML Checker) with requests by e-mail and by form, and only
in stores that sell a request-for-quote product (elsewhere no markup and no quote.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from tests.integration.test_html_valid import vnu_jar
from tests.sitebuild import build

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FORM = "https://forms.example.com/rfq"


@pytest.mark.parametrize("endpoint", [None, FORM], ids=["e-mail", "form"])
def test_quote_cart_pages_are_valid_html(tmp_path: Path, endpoint: str | None) -> None:
    jar = vnu_jar()
    if jar is None or shutil.which("java") is None:
        pytest.skip("the Nu HTML Checker (npm vnu-jar + Java) is not installed")
    out = build(FIXTURES / "quote", tmp_path / "out", tmp_path / "cache",
                STORE_INQUIRY_URL=endpoint)
    pages = sorted(str(p) for p in out.rglob("*.html"))
    product = lxml.html.parse(str(out / "de-de/products/flash-drive/index.html")).getroot()
    form = product.xpath("//form[@data-quote-form]")[0]
    assert form.get("action") == endpoint
    assert bool(product.xpath("//*[@data-quote-mail]")) is (endpoint is None)
    assert product.xpath("//*[@data-quote-add]"), "the product page offers Add to quote"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *pages],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{m.get('url', '')}:{m.get('lastLine')}: {m.get('message')}" for m in messages
                if m.get("type") in ("error", "non-document-error")
                or m.get("subType") == "warning"]
    assert problems == [], "\n".join(problems)


def test_stores_without_quote_products_have_no_quote_cart(tmp_path: Path) -> None:
    """The markets fixture takes e-mail requests but sells no `inquiry: true` product."""
    out = build(FIXTURES / "markets", tmp_path / "out", tmp_path / "cache")
    pages = list(out.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "quote.js" not in html and "data-quote" not in html, page
