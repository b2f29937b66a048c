"""Pagefind runs of storefront_search on a small written site: one bundle per market with
only its pages, byte-identical between runs (filters in order), Pagefind's own UI left out,
a cached index reused, a failed run reported with Pagefind's message."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storefront_core.errors import StorefrontError
from storefront_search.pagefind import (
    SHARDS,
    MarketIndex,
    make_indexes,
    pagefind_binary,
    start_indexes,
)
from storefront_search.shards import Shard, market_shards, shard_count, shard_of
from storefront_search.stable import SIGNATURE, decode

CATEGORIES = ["Cables", "Adapters", "Stations", "Storage", "Pens", "Chargers", "Stands"]


def write_document(document: Path, lang: str, heading: str, category: str, price: str) -> None:
    """A search document as the theme renders one: its heading indexed, a category filter
    and a price."""
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(
        f'<!DOCTYPE html><html lang="{lang}"><head><title>x</title></head><body>'
        f'<h1 data-pagefind-body>{heading}</h1>'
        f'<span hidden data-pagefind-filter="category:{category}"></span>'
        f'<span hidden data-pagefind-meta="price:{price}"></span></body></html>',
        encoding="utf-8")


def write_site(site: Path) -> list[tuple[str, str, Path]]:
    """Two markets' search documents, written outside ``site``: (market code, page, document)."""
    documents = []
    for code in ("en-us", "en-gb"):
        for n, category in enumerate(CATEGORIES * 2):
            document = site.parent / f"{site.name}-documents" / f"{code}-{n}.search.html"
            write_document(document, code, f"Widget {n} {category}", category, f"{code} {n}")
            documents.append((code, f"{code}/products/p{n}/index.html", document))
    return documents


def one_part(code: str, key: str) -> MarketIndex:
    """A market whose index is in one part, made from pages digested as ``key``."""
    return MarketIndex(code, code, "en", 1, (Shard(1, key),))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def binary() -> Path:
    found = pagefind_binary()
    assert found is not None, "pip install 'pagefind[extended]'"
    return found


def test_each_market_gets_its_own_stable_bundle(tmp_path: Path, binary: Path) -> None:
    markets = [one_part("en-us", "k1"), one_part("en-gb", "k2")]
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
    markets = [one_part("en-us", "k1")]
    docs = write_site(tmp_path / "site")
    assert make_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", docs) == 1
    assert make_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", docs) == 0
    changed = [one_part("en-us", "k9")]
    assert make_indexes(binary, tmp_path / "site", changed, tmp_path / "cache", docs) == 1
    assert len(list((tmp_path / "cache").iterdir())) == 1, "the old index is forgotten"


def failing_pagefind(folder: Path, message: str, code: int) -> Path:
    """A stand-in Pagefind that says ``message`` and exits with ``code``."""
    failing = folder / "pagefind"
    failing.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit {code}\n")
    failing.chmod(0o755)
    return failing


def test_a_failed_run_says_which_market_and_why(tmp_path: Path) -> None:
    failing = failing_pagefind(tmp_path, "Error: no space left on device", 1)
    docs = write_site(tmp_path / "site")
    with pytest.raises(StorefrontError) as raised:
        make_indexes(failing, tmp_path / "site", [one_part("en-gb", "k")],
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
    runs = start_indexes(slow, tmp_path / "site", [one_part("en-gb", "k")],
                         tmp_path / "cache", docs)
    (run,) = runs.runs
    process = run.process
    assert process.poll() is None  # start_indexes returned while Pagefind runs
    runs.cancel()
    assert process.returncode is not None
    assert list((tmp_path / "cache").iterdir()) == []
    assert not (tmp_path / "site" / "en-gb" / "pagefind").exists()


def sharded(documents: list[tuple[str, str, Path]], size: int) -> list[MarketIndex]:
    """The markets of ``documents`` split in parts of about ``size`` pages, each page's
    render key standing for its document's text (as the build's page keys do)."""
    markets = []
    for code in dict.fromkeys(c for c, _, _ in documents):
        pages = [(output, document.read_text(encoding="utf-8"))
                 for c, output, document in documents if c == code]
        count = shard_count(len(pages), size)
        markets.append(MarketIndex(code, code, "en", count,
                                   market_shards(pages, "en", "1.5.2", count)))
    return markets


def before_of(markets: list[MarketIndex], code: str) -> tuple[Shard, ...]:
    return next(m.shards for m in markets if m.code == code)


def records(bundle: Path) -> dict[str, dict[str, object]]:
    """URL -> page record of every fragment of a bundle folder (one part)."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found[record["meta"]["price"]] = record
    return found


def test_a_page_keeps_its_part_whatever_the_run_or_the_other_pages() -> None:
    """The part of a page is a digest of its path: the same in every process (Python's hash
    is salted per process), and adding pages moves no page while the count stays."""
    outputs = [f"en-us/products/p{n}/index.html" for n in range(600)]
    parts = [shard_of(o, 4) for o in outputs]
    script = ("import sys; sys.path.insert(0, 'plugins'); "
              "from storefront_search.shards import shard_of; "
              f"print([shard_of(o, 4) for o in {outputs!r}])")
    for seed in ("1", "2"):
        again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=True, env={"PYTHONHASHSEED": seed},
                               cwd=Path(__file__).resolve().parents[2]).stdout
        assert again.strip() == str(parts)
    assert sorted(set(parts)) == [1, 2, 3, 4]
    assert all(100 <= parts.count(n) <= 200 for n in (1, 2, 3, 4)), "about even parts"
    assert [shard_of(o, 4) for o in outputs[:300]] == parts[:300]
    assert [shard_count(n) for n in (20, 150, 151, 450, 451, 10**6)] == [1, 1, 2, 3, 4, 16]


def test_one_edited_page_runs_pagefind_for_one_part_per_market(
        tmp_path: Path, binary: Path) -> None:
    cache = tmp_path / "cache"
    documents = write_site(tmp_path / "one")
    markets = sharded(documents, size=5)  # 14 pages per market: 3 parts each
    assert [m.count for m in markets] == [3, 3] and all(len(m.shards) == 3 for m in markets)
    assert make_indexes(binary, tmp_path / "one", markets, cache, documents) == 6
    made = {folder.name: {p.stat().st_ino for p in folder.rglob("*.pf_fragment")}
            for folder in cache.iterdir()}

    # the product on page 4 is edited: its page changes in both markets
    for _code, output, document in documents:
        if output.endswith("/p4/index.html"):
            document.write_text(document.read_text(encoding="utf-8").replace(
                "Widget 4", "Gadget 4"), encoding="utf-8")
    edited = sharded(documents, size=5)
    site = tmp_path / "two"
    assert make_indexes(binary, site, edited, cache, documents) == 2, "one part per market"
    for market, before in zip(edited, markets, strict=True):
        changed = [s.number for s, b in zip(market.shards, before.shards, strict=True)
                   if s != b]
        assert changed == [shard_of(f"{market.code}/products/p4/index.html", 3)]
    # the other parts are the cached ones, linked (the same files), not made again
    kept = sorted(made.keys() & {folder.name for folder in cache.iterdir()})
    assert len(kept) == 4 and len(list(cache.iterdir())) == 6, "old parts are forgotten"
    for market in edited:
        for number, shard in enumerate(market.shards, 1):
            part = site / market.code / "pagefind" / ("" if number == 1 else f"shard-{number}")
            files = {p.stat().st_ino for p in (part / "fragment").iterdir()}
            cached = made.get(f"{market.code}-{shard.key[:20]}")
            assert (files == cached) == (shard in before_of(markets, market.code)), part

    for code in ("en-us", "en-gb"):
        bundle = site / code / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        others = entry[SHARDS]
        assert len(others) == 2 and all(o.startswith("shard-") for o in others)
        found = records(bundle)
        for other in others:
            part = bundle / other
            assert not list(part.glob("*.js")) and not list(part.glob("wasm.*")), \
                "a merged part loads the primary's script and WebAssembly"
            assert json.loads((part / "pagefind-entry.json").read_text())["languages"]["en"]
            found.update(records(part))
        # every page in exactly one part, the edited one with its new words
        assert sorted(found) == sorted(f"{code} {n}" for n in range(14))
        assert "Gadget" in str(found[f"{code} 4"]["content"])


def test_a_store_in_one_part_publishes_what_it_did_before(tmp_path: Path, binary: Path) -> None:
    """Under the part size, a market's index is one bundle, byte for byte the one made from
    all its pages at once (no list of parts, no folders of parts)."""
    documents = write_site(tmp_path / "one")
    markets = sharded(documents, size=150)
    assert [len(m.shards) for m in markets] == [1, 1]
    make_indexes(binary, tmp_path / "one", markets, tmp_path / "cache-1", documents)
    make_indexes(binary, tmp_path / "two", [one_part("en-us", "a"), one_part("en-gb", "b")],
                 tmp_path / "cache-2", documents)
    assert tree(tmp_path / "one" / "en-us") == tree(tmp_path / "two" / "en-us")
    entry = json.loads((tmp_path / "one" / "en-us" / "pagefind" / "pagefind-entry.json")
                       .read_text(encoding="utf-8"))
    assert SHARDS not in entry


def test_a_failed_part_fails_the_build_and_keeps_no_half_index(tmp_path: Path) -> None:
    failing = failing_pagefind(tmp_path, "Error: out of memory", 2)
    documents = write_site(tmp_path / "site")
    with pytest.raises(StorefrontError) as raised:
        make_indexes(failing, tmp_path / "site", sharded(documents, size=5), tmp_path / "cache",
                     documents)
    assert len(raised.value.problems) == 6
    assert all("out of memory" in p.message for p in raised.value.problems)
    assert not (tmp_path / "site" / "en-gb").exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_index_in_parts_is_byte_identical_between_builds(tmp_path: Path, binary: Path) -> None:
    trees = []
    for run in ("one", "two"):
        documents = write_site(tmp_path / run)
        make_indexes(binary, tmp_path / run, sharded(documents, size=5), tmp_path / f"c-{run}",
                     documents)
        trees.append(tree(tmp_path / run / "en-gb" / "pagefind"))
    assert trees[0] == trees[1]
    assert any(name.startswith("shard-") for name in trees[0])
