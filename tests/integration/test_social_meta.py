"""Open Graph and X card tags as a social network reads them, on every page of the markets store."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from babel.numbers import format_currency
from PIL import Image

from tests.sitebuild import build

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "markets"
LOCALES = {"en-us": "en_US", "de-de": "de_DE", "ja-jp": "ja_JP", "ar-sa": "ar_SA"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("social")
    return build(FIXTURE, base / "out", base / "cache")


def meta(doc: lxml.html.HtmlElement) -> dict[str, str]:
    out = {}
    for m in doc.iter("meta"):
        key = m.get("property") or m.get("name")
        if key and key not in out:
            out[key] = m.get("content", "")
    return out


def test_every_page_shares_with_title_url_and_a_real_image(site: Path) -> None:
    pages = [p for p in site.rglob("index.html") if p.parent != site]
    assert len(pages) > 20
    for page in pages:
        doc = lxml.html.parse(str(page)).getroot()
        tags = meta(doc)
        where = page.relative_to(site).as_posix()
        canonical = doc.find(".//link[@rel='canonical']").get("href")
        assert tags["og:url"] == canonical, where
        assert tags["og:title"] == doc.findtext(".//title"), where
        assert tags["og:site_name"] and tags["twitter:card"] == "summary_large_image", where
        assert len(tags["twitter:title"]) <= 70, where
        # every page has a share card (storefront_social_cards): its product's, its
        # category's, else its market's home card
        image = site / urlsplit(tags["og:image"]).path.lstrip("/")
        assert tags["og:image"].startswith("https://") and image.is_file(), where
        with Image.open(image) as img:
            assert (str(img.width), str(img.height)) == (
                tags["og:image:width"], tags["og:image:height"]), where
            assert tags["og:image:type"] == f"image/{img.format.lower()}", where
        assert tags["og:image:alt"] and tags["twitter:image"] == tags["og:image"], where
        assert tags["twitter:image:alt"] == tags["og:image:alt"], where


def test_product_pages_carry_the_price_the_page_shows(site: Path) -> None:
    checked = 0
    for market, locale in LOCALES.items():
        for page in (site / market / "products").glob("*/index.html"):
            doc = lxml.html.parse(str(page)).getroot()
            tags = meta(doc)
            assert tags["og:type"] == "product"
            shown = doc.find_class("price__now")[0].text_content().strip()
            amount, currency = tags["product:price:amount"], tags["product:price:currency"]
            assert format_currency(amount, currency, locale=locale) == shown, page
            assert tags["og:availability"] in {"instock", "oos", "preorder", "backorder"}
            checked += 1
    assert checked >= 10
