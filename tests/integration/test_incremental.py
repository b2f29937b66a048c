"""Incremental builds: unchanged content is neither re-rendered nor re-encoded."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from storefront_catalog import signals
from storefront_catalog.stats import BuildStats
from storefront_core.errors import StorefrontError
from tests.sitebuild import build

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(FIXTURE, dest)
    conf = dest / "pelicanconf.py"
    repo = FIXTURE.parent.parent.parent
    text = conf.read_text().replace(
        '_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))',
        f"_REPO = {str(repo)!r}",
    )
    conf.write_text(text)
    return dest


def build_with_stats(project: Path, out: Path, cache: Path, **settings: Any) -> BuildStats:
    seen: list[BuildStats] = []

    def receive(sender: Any, stats: BuildStats) -> None:
        seen.append(stats)

    signals.build_finished.connect(receive)
    try:
        build(project, out, cache, **settings)
    finally:
        signals.build_finished.disconnect(receive)
    assert len(seen) == 1
    return seen[0]


def test_warm_rebuild_renders_and_encodes_nothing(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build_with_stats(project, tmp_path / "a", cache)
    assert cold.pages_rendered == cold.pages_written > 10
    assert cold.images_encoded == 10 and cold.images_reused == 0

    warm = build_with_stats(project, tmp_path / "b", cache)
    assert warm.pages_written == cold.pages_written
    assert warm.pages_rendered == 0
    assert warm.images_encoded == 0 and warm.images_reused == 10
    for page in (tmp_path / "a").rglob("*.html"):
        assert page.read_bytes() == (tmp_path / "b" / page.relative_to(tmp_path / "a")).read_bytes()


def test_the_page_cache_keeps_only_the_pages_of_the_last_build(
    project: Path, tmp_path: Path
) -> None:
    """A page that changed leaves no old copy in the cache, nor do files of the flat layout
    of earlier versions; a cached page and its search document lie side by side."""
    cache = tmp_path / "cache"
    build_with_stats(project, tmp_path / "a", cache)
    pages = cache / "pages"
    before = {p.relative_to(pages) for p in pages.rglob("*.html")}
    assert before and all(len(p.parts) == 2 for p in before)
    flat = pages / ("0" * 64 + ".html")  # the flat layout of earlier builds
    flat.write_text("<p>old</p>")
    md = project / "content/products/flash-drive/index.md"
    md.write_text(md.read_text().replace("title: Flash Drive 64 GB", "title: Flash Drive 128 GB"))
    stats = build_with_stats(project, tmp_path / "b", cache)
    after = {p.relative_to(pages) for p in pages.rglob("*.html")}
    assert not flat.exists()
    assert len(after) == len(before)  # as many pages (and search documents) as before
    assert len(before - after) >= stats.pages_rendered > 0  # the changed pages' old copies


def test_changing_one_product_rerenders_only_pages_that_show_it(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    build_with_stats(project, tmp_path / "a", cache)
    md = project / "content/products/flash-drive/index.md"
    md.write_text(md.read_text().replace("title: Flash Drive 64 GB", "title: Flash Drive 128 GB"))

    stats = build_with_stats(project, tmp_path / "b", cache)
    # its own page, its category page, the home page (it is featured there) and the
    # product pages that list it as related; never the static pages or the 404 page
    assert 2 <= stats.pages_rendered < stats.pages_written - 3
    assert stats.images_encoded == 0
    assert "Flash Drive 128 GB" in (tmp_path / "b/products/flash-drive/index.html").read_text()
    assert "Flash Drive 128 GB" in (tmp_path / "b/collections/storage/index.html").read_text()


def test_content_error_names_file_and_field(project: Path, tmp_path: Path) -> None:
    md = project / "content/products/stylus/index.md"
    md.write_text(md.read_text().replace('price: {USD: "29.99"}', 'price: {USD: "-5"}'))
    with pytest.raises(StorefrontError) as info:
        build(project, tmp_path / "out", tmp_path / "cache")
    text = str(info.value)
    assert "content/products/stylus/index.md" in text and "price.USD" in text


def test_markup_in_product_text_is_escaped_everywhere(project: Path, tmp_path: Path) -> None:
    md = project / "content/products/stylus/index.md"
    evil = "Stylus </script><script>alert(1)</script> \\\"quoted\\\" <!--"
    md.write_text(md.read_text().replace("title: Active Stylus", f'title: "{evil}"'))
    out = build(project, tmp_path / "out", tmp_path / "cache")
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert(1)" not in html, page
        assert "<!--" not in html.replace("<!-- ", ""), page
    product = (out / "products/stylus/index.html").read_text()
    assert "Stylus &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in product
    import json
    import re

    data = re.search(r'<script type="application/json" id="variant-data">(.*?)</script>',
                     product, re.S)
    assert data is not None
    assert [v["sku"] for v in json.loads(data.group(1))] == ["FX-STY-01-BLK", "FX-STY-01-WHT"]


def test_editing_a_description_rerenders_only_that_product_page(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    build_with_stats(project, tmp_path / "a", cache)
    md = project / "content/products/travel-charger/index.md"
    md.write_text(md.read_text().replace("runs cool", "runs cool and quiet"))

    stats = build_with_stats(project, tmp_path / "b", cache)
    # the home page, its category pages and its neighbours' "related" grids show its card,
    # which did not change: only its own page is rendered again
    assert stats.pages_rendered == 1
    assert "runs cool and quiet" in (tmp_path / "b/products/travel-charger/index.html").read_text()


def test_card_digests_of_every_product_survive_warm_builds(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    from storefront_catalog.generator import StorefrontGenerator

    monkeypatch.setattr(StorefrontGenerator, "card_prerender_min", 1)  # as on a big catalog
    cache = tmp_path / "cache"
    build_with_stats(project, tmp_path / "a", cache, STORE_RELATED_COUNT=1, STORE_FEATURED_COUNT=1)
    first = pickle.loads(next(cache.glob("cards.*.pickle")).read_bytes())
    build_with_stats(project, tmp_path / "b", cache, STORE_RELATED_COUNT=1, STORE_FEATURED_COUNT=1)
    second = pickle.loads(next(cache.glob("cards.*.pickle")).read_bytes())
    # both heading levels of all 4 products: none dropped for not being shown this time,
    # else the next build renders those cards again
    assert len(first) == len(second) == 8
