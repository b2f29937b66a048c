"""Pagefind runs of storefront_search on a small written site: one bundle per market with
only its pages, byte-identical between runs (filters in order), Pagefind's own UI left out,
a cached index reused, a failed run reported with Pagefind's message."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storefront_core.errors import StorefrontError
from storefront_search.pagefind import MarketIndex, make_indexes, pagefind_binary, start_indexes
from storefront_search.stable import SIGNATURE, decode

CATEGORIES = ["Cables", "Adapters", "Stations", "Storage", "Pens", "Chargers", "Stands"]


def write_site(site: Path) -> list[tuple[str, str, Path]]:
    """Two markets' search documents, written outside ``site``: (market code, page, document)."""
    documents = []
    for code in ("en-us", "en-gb"):
        for n, category in enumerate(CATEGORIES * 2):
            document = site.parent / f"{site.name}-documents" / f"{code}-{n}.search.html"
            document.parent.mkdir(parents=True, exist_ok=True)
            document.write_text(
                f'<!DOCTYPE html><html lang="{code}"><head><title>x</title></head><body>'
                f'<h1 data-pagefind-body>Widget {n} {category}</h1>'
                f'<span hidden data-pagefind-filter="category:{category}"></span>'
                f'<span hidden data-pagefind-meta="price:{code} {n}"></span></body></html>',
                encoding="utf-8")
            documents.append((code, f"{code}/products/p{n}/index.html", document))
    return documents


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def binary() -> Path:
    found = pagefind_binary()
    assert found is not None, "pip install 'pagefind[extended]'"
    return found


def test_each_market_gets_its_own_stable_bundle(tmp_path: Path, binary: Path) -> None:
    markets = [MarketIndex("en-us", "en-us", "en", "k1"), MarketIndex("en-gb", "en-gb", "en", "k2")]
    bundles = []
    for run in ("one", "two"):
        site = tmp_path / run
        documents = write_site(site)
        assert make_indexes(binary, site, markets, tmp_path / f"cache-{run}", documents) == 2
        bundles.append(tree(site / "en-gb" / "pagefind"))
    assert bundles[0] == bundles[1], "the same pages give the same bytes"
    names = set(bundles[0])
    assert "pagefind.js" in names and not [n for n in names if n.startswith("pagefind-ui")]
    fragments = [n for n in names if n.startswith("fragment/")]
    assert len(fragments) == len(CATEGORIES) * 2
    for name in fragments:
        raw = gzip.decompress(bundles[0][name])
        record = json.loads(raw[raw.index(b"{"):])
        assert record["url"].startswith("/en-gb/") and record["meta"]["price"].startswith("en-gb")
    (filter_name,) = [n for n in names if n.startswith("filter/")]
    name, values = decode(gzip.decompress(bundles[0][filter_name])[len(SIGNATURE):])
    assert name == "category" and [v[0] for v in values] == sorted(CATEGORIES)
    entry = json.loads(bundles[0]["pagefind-entry.json"])
    assert f"pagefind.{entry['languages']['en']['hash']}.pf_meta" in names


def test_a_cached_index_is_linked_not_made_again(tmp_path: Path, binary: Path) -> None:
    markets = [MarketIndex("en-us", "en-us", "en", "k1")]
    docs = write_site(tmp_path / "site")
    assert make_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", docs) == 1
    assert make_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", docs) == 0
    changed = [MarketIndex("en-us", "en-us", "en", "k9")]
    assert make_indexes(binary, tmp_path / "site", changed, tmp_path / "cache", docs) == 1
    assert len(list((tmp_path / "cache").iterdir())) == 1, "the old index is forgotten"


def test_a_failed_run_says_which_market_and_why(tmp_path: Path) -> None:
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: no space left on device' >&2\nexit 1\n")
    failing.chmod(0o755)
    docs = write_site(tmp_path / "site")
    with pytest.raises(StorefrontError) as raised:
        make_indexes(failing, tmp_path / "site", [MarketIndex("en-gb", "en-gb", "en", "k")],
                     tmp_path / "cache", docs)
    (problem,) = raised.value.problems
    assert problem.field == "STORE_SEARCH"
    assert "en-gb" in problem.message and "no space left on device" in problem.message
    assert not (tmp_path / "site" / "en-gb" / "pagefind").exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_runs_started_for_a_build_that_then_fails_are_stopped_and_leave_nothing(
        tmp_path: Path) -> None:
    """Pagefind runs while the site is audited; when the audit fails, the runs stop."""
    slow = tmp_path / "pagefind"
    slow.write_text("#!/bin/sh\nexec sleep 60\n")
    slow.chmod(0o755)
    docs = write_site(tmp_path / "site")
    runs = start_indexes(slow, tmp_path / "site", [MarketIndex("en-gb", "en-gb", "en", "k")],
                         tmp_path / "cache", docs)
    (_, _, process), = runs.runs
    assert process.poll() is None  # start_indexes returned while Pagefind runs
    runs.cancel()
    assert process.returncode is not None
    assert list((tmp_path / "cache").iterdir()) == []
    assert not (tmp_path / "site" / "en-gb" / "pagefind").exists()
