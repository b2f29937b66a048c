"""Japanese and Chinese parts of the site search indexed by one Pagefind service per language
(``storefront_search.service``), with the real Pagefind: the dictionary is loaded once for
every part, each part's files are byte for byte those of a Pagefind run of its own, a failing
service stops the build with a message naming STORE_SEARCH and the market, and a build that
fails meanwhile stops the service and leaves nothing behind."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from storefront_core.errors import StorefrontError
from storefront_search.pagefind import (
    CliRun,
    MarketIndex,
    ServiceRun,
    _drop_unused,
    cache_folder,
    make_indexes,
    pagefind_binary,
    pagefind_command,
    start_indexes,
)
from storefront_search.service import Job, Service
from storefront_search.shards import market_shards, shard_count, shard_of
from storefront_search.stable import stabilise
from tests.unit.test_search_index import write_document

WORDS = {"ja": ["充電器", "ケーブル", "旅行用", "変換アダプター", "急速", "スタンド"],
         "zh": ["充电器", "数据线", "旅行", "转换插头", "快充", "支架"],
         "en": ["charger", "cable", "travel", "adapter", "fast", "stand"]}


def write_documents(folder: Path, markets: dict[str, str],
                    pages: int = 12) -> list[tuple[str, str, Path]]:
    """Search documents of ``markets`` (code -> language), as the build renders them."""
    documents = []
    for code, lang in markets.items():
        words = WORDS[lang]
        for n in range(pages):
            document = folder / f"{code}-{n}.search.html"
            text = "".join(words[(n + k) % len(words)] for k in range(4))
            write_document(document, lang, f"{text} {n}", words[n % 3], f"{code} {n}")
            documents.append((code, f"{code}/products/p{n}/index.html", document))
    return documents


def market_indexes(documents: list[tuple[str, str, Path]], langs: dict[str, str],
                   size: int) -> list[MarketIndex]:
    markets = []
    for code, lang in langs.items():
        pages = [(out, doc.read_text(encoding="utf-8")) for c, out, doc in documents if c == code]
        count = shard_count(len(pages), size)
        markets.append(MarketIndex(code, code, lang, count,
                                   market_shards(pages, lang, "1.5.2", count)))
    return markets


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli_part(binary: Path, documents: list[tuple[str, str, Path]], market: MarketIndex,
             number: int, folder: Path) -> dict[str, bytes]:
    """The files of one part made by a Pagefind run of its own (as the build did before)."""
    site = folder / "documents"
    (site / market.code).mkdir(parents=True)
    for code, output, document in documents:
        if code == market.code and shard_of(output, market.count) == number:
            shutil.copyfile(document, site / code / output.replace("/", "~"))
    bundle = folder / "pagefind"
    subprocess.run(pagefind_command(binary, site, market.code, market.lang, bundle), check=True)
    _drop_unused(bundle)
    stabilise(bundle)
    return tree(bundle)


@pytest.fixture
def binary() -> Path:
    found = pagefind_binary()
    assert found is not None, "pip install 'pagefind[extended]'"
    return found


LANGS = {"ja-jp": "ja", "zh-cn": "zh", "en-us": "en"}


def test_segmented_parts_share_one_service_per_language_and_match_a_run_of_their_own(
        tmp_path: Path, binary: Path) -> None:
    documents = write_documents(tmp_path / "docs", LANGS)
    markets = market_indexes(documents, LANGS, size=5)  # 12 pages: 3 parts each
    assert [len(m.shards) for m in markets] == [3, 3, 3], "Japanese parts are the normal size"
    runs = start_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", documents)
    services = [r for r in runs.runs if isinstance(r, ServiceRun)]
    assert sorted(r.service.jobs[0].lang for r in services) == ["ja", "zh"]
    assert all(len(r.parts) == 3 for r in services), "one process loads each dictionary once"
    assert sum(isinstance(r, CliRun) for r in runs.runs) == 3, "English stays a run per part"
    assert runs.finish() == 9
    for market in markets:
        for shard in market.shards:
            made = tree(cache_folder(tmp_path / "cache", market, shard))
            alone = cli_part(binary, documents, market, shard.number,
                             tmp_path / f"cli-{market.code}-{shard.number}")
            assert made == alone, f"{market.code} part {shard.number}"
    # what a shopper's browser reads: the market's bundle, its words in its language
    for code, lang in LANGS.items():
        entry = (tmp_path / "site" / code / "pagefind" / "pagefind-entry.json").read_text()
        assert f'"{lang}"' in entry


def test_a_request_the_service_refuses_fails_that_index_only(tmp_path: Path,
                                                             binary: Path) -> None:
    documents = write_documents(tmp_path / "docs", {"ja-jp": "ja"}, pages=3)
    site = tmp_path / "site"
    (site / "ja-jp").mkdir(parents=True)
    for _code, output, document in documents:
        shutil.copyfile(document, site / "ja-jp" / output.replace("/", "~"))
    jobs = [Job(site, "ja-jp/[*.html", "ja", tmp_path / "bad"),
            Job(site, "ja-jp/*.html", "ja", tmp_path / "good")]
    service = Service.start(binary, jobs, tmp_path / "service.log")
    bad, good = service.results()
    assert bad is not None and "glob" in bad, bad
    assert good is None and (tmp_path / "good" / "pagefind.js").is_file()
    assert not (tmp_path / "bad").exists()
    assert service.process.returncode == 0, "it exits once its input ends"


def stand_in(folder: Path, script: str) -> Path:
    """A stand-in Pagefind running ``script``."""
    path = folder / "pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize("script, said", [
    ("echo 'Error: failed to load the dictionary' >&2; exit 2",
     "failed to load the dictionary"),
    # it reads a few requests, answers none and dies
    ("head -c 100 >/dev/null; echo 'thread main panicked' >&2; exit 101", "panicked"),
])
def test_a_failing_service_names_the_setting_and_the_market(
        tmp_path: Path, script: str, said: str) -> None:
    documents = write_documents(tmp_path / "docs", {"ja-jp": "ja"})
    markets = market_indexes(documents, {"ja-jp": "ja"}, size=5)
    with pytest.raises(StorefrontError) as raised:
        make_indexes(stand_in(tmp_path, script), tmp_path / "site", markets,
                     tmp_path / "cache", documents)
    problems = raised.value.problems
    assert len(problems) == 3, "each part says it was not made"
    for problem in problems:
        assert problem.field == "STORE_SEARCH"
        assert "ja-jp" in problem.message and said in problem.message
        assert "exit code" in problem.message and "pagefind[extended]" in problem.message
    assert not (tmp_path / "site" / "ja-jp").exists()
    assert list((tmp_path / "cache").iterdir()) == [], "no half index is kept"


def test_a_build_that_fails_stops_the_service_and_leaves_nothing(tmp_path: Path,
                                                                 binary: Path) -> None:
    documents = write_documents(tmp_path / "docs", {"ja-jp": "ja", "zh-cn": "zh"})
    markets = market_indexes(documents, {"ja-jp": "ja", "zh-cn": "zh"}, size=5)
    runs = start_indexes(binary, tmp_path / "site", markets, tmp_path / "cache", documents)
    processes = [r.service.process for r in runs.runs if isinstance(r, ServiceRun)]
    assert len(processes) == 2 and all(p.poll() is None for p in processes), \
        "start_indexes returned while the services run"
    runs.cancel()
    assert all(p.returncode is not None for p in processes)
    assert list((tmp_path / "cache").iterdir()) == []
    assert not (tmp_path / "site").exists()
