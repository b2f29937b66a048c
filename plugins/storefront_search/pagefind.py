"""Pagefind runs: one index per market, in parts (``shards``), made from the search documents
of the market's pages (small files rendered beside the pages, see ``search_document.html``),
each part cached by what its pages were rendered from.

Every market gets its own bundle at ``<market>/pagefind/`` (Pagefind's ``--glob`` takes only
that market's pages, ``--force-language`` its language), so markets sharing a language (en-us,
en-gb, en-sg) never find each other's pages or prices. A part is kept in the build cache under
the digest of its pages' render keys and the Pagefind version: a build links every part whose
pages did not change instead of running Pagefind again, so a product edit runs Pagefind once
per market, over one part.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storefront_core.errors import Problem, StorefrontError
from storefront_core.files import link_or_copy, link_tree, write_atomic

from .service import Job, Service
from .shards import SEGMENTED, Shard, shard_folder, shard_of
from .stable import stabilise

#: the bundle's folder inside each market's folder
BUNDLE = "pagefind"
#: Pagefind's ready-made interfaces: the theme has its own (search.js), so they are not published
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: files only the primary part of a market's index publishes: a merged index uses the
#: primary's script, worker and WebAssembly
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js", "wasm.")
#: the key of the primary part's ``pagefind-entry.json`` listing the other parts' folders
#: (relative to the bundle), which search.js merges; absent when the index is in one part
SHARDS = "storefront_shards"
FIX = ("reinstall the search engine (pip install 'pagefind[extended]'), or turn site search "
       "off with STORE_SEARCH = {'enabled': False}")


def pagefind_binary() -> Path | None:
    """The Pagefind executable the ``pagefind[extended]`` wheel installed (or
    ``PAGEFIND_BINARY_PATH``); None when there is none."""
    from pagefind.service import get_executable

    found = get_executable()
    return found if found is not None and found.is_file() else None


def pagefind_version() -> str:
    """The installed Pagefind version (a cached index is made again when it changes)."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class MarketIndex:
    """What one market's index is made from: its language and its parts (see ``shards``)."""

    code: str
    prefix: str  # the market's folder in the output ("" for a single-market store)
    lang: str  # the market's language, as Pagefind takes it ("en", "ja", "zh")
    count: int  # how many parts its pages are split in (``shard_count``)
    shards: tuple[Shard, ...]  # its non-empty parts, in order: the first is the primary one

    @property
    def bundle(self) -> str:
        """The bundle's folder, relative to the output."""
        return f"{self.prefix}/{BUNDLE}" if self.prefix else BUNDLE


def pagefind_command(binary: Path, documents: Path, code: str, lang: str, out: Path) -> list[str]:
    """The Pagefind run that indexes the search documents in ``documents/<code>/`` (one part
    of the market ``code``, in its language ``lang``) into ``out``.

    >>> pagefind_command(Path("/pf"), Path("/docs"), "en-gb", "en", Path("/out"))[1:]
    ['--site', '/docs', '--glob', 'en-gb/*.html', '--output-path', '/out', \
'--force-language', 'en', '--silent']
    """
    return [str(binary), "--site", str(documents), "--glob", f"{code}/*.html",
            "--output-path", str(out), "--force-language", lang, "--silent"]


def cache_folder(cache_dir: Path, market: MarketIndex, shard: Shard) -> Path:
    """Where a part of ``market``'s index is kept between builds (named after its pages
    only: a part whose pages did not change is found again whatever the other parts do)."""
    return cache_dir / f"{market.code}-{shard.key[:20]}"


def make_indexes(binary: Path, site: Path, markets: Sequence[MarketIndex], cache_dir: Path,
                 documents: Sequence[tuple[str, str, Path]]) -> int:
    """Put every market's index at its bundle folder in ``site``, running Pagefind (all
    parts at once) only for the parts not in ``cache_dir``; the count of parts indexed.

    A failed run raises StorefrontError with Pagefind's own message: the build stops and
    nothing is published.
    """
    return start_indexes(binary, site, markets, cache_dir, documents).finish()


def start_indexes(binary: Path, site: Path, markets: Sequence[MarketIndex], cache_dir: Path,
                  documents: Sequence[tuple[str, str, Path]]) -> IndexRuns:
    """Start Pagefind for every part of a market's index not in ``cache_dir`` and return at
    once: the build audits its pages meanwhile; ``finish()`` waits and links the indexes.

    A part is its own Pagefind process, except in the languages Pagefind segments with a
    dictionary (``SEGMENTED``): their parts go to one Pagefind service per language
    (``service``), which loads the dictionary once for all of them.

    Pagefind reads the search ``documents`` (market code, page's output path, file), linked
    into one flat folder per part: a folder per page would cost a directory each (about
    0.4 ms apiece to make, as much to remove), and a document names its page's URL itself.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    works: dict[tuple[str, int], Path] = {}
    missing = []
    for market in markets:
        for shard in market.shards:
            if not cache_folder(cache_dir, market, shard).is_dir():
                work = Path(tempfile.mkdtemp(prefix=f".{market.code}-{shard.number}-",
                                             dir=cache_dir))
                (work / "documents" / market.code).mkdir(parents=True)
                works[market.code, shard.number] = work
                missing.append(Part(market, shard, work))
    counts = {m.code: m.count for m in markets}
    for code, output, document in documents:
        into = works.get((code, shard_of(output, counts[code]))) if code in counts else None
        if into is not None:  # named after its page's output path: part of the index's bytes
            link_or_copy(document, into / "documents" / code / output.replace("/", "~"))
    segmented: dict[str, list[Part]] = {}
    for part in missing:
        if part.market.lang in SEGMENTED:
            segmented.setdefault(part.market.lang, []).append(part)
    # the services first: they take longest
    runs: list[CliRun | ServiceRun] = [ServiceRun.start(binary, lang, parts, cache_dir)
                                       for lang, parts in segmented.items()]
    runs += [CliRun.start(binary, p) for p in missing if p.market.lang not in SEGMENTED]
    return IndexRuns(site, tuple(markets), cache_dir, runs)


@dataclass(frozen=True)
class Part:
    """One part of a market's index being made."""

    market: MarketIndex
    shard: Shard
    work: Path  # its documents, its log and its output (removed once kept in the cache)

    @property
    def bundle(self) -> Path:
        return self.work / BUNDLE


@dataclass
class CliRun:
    """One Pagefind process indexing one part of a market."""

    part: Part
    process: subprocess.Popen[bytes]

    @property
    def parts(self) -> tuple[Part, ...]:
        return (self.part,)

    @classmethod
    def start(cls, binary: Path, part: Part) -> CliRun:
        # what it says goes to a file, not a pipe: nobody reads while it runs
        with open(part.work / "pagefind.log", "w+b") as said:
            process = subprocess.Popen(
                pagefind_command(binary, part.work / "documents", part.market.code,
                                 part.market.lang, part.bundle),
                stdout=said, stderr=subprocess.STDOUT)
        return cls(part, process)

    def outcomes(self) -> list[tuple[Part, str | None]]:
        """Wait: the part, with why it failed (None when it did not)."""
        self.process.wait()
        if self.process.returncode == 0 and (self.part.bundle / "pagefind.js").is_file():
            return [(self.part, None)]
        said = _last_lines(self.part.work / "pagefind.log")
        return [(self.part, f"exit code {self.process.returncode}: {said or 'no message'}")]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@dataclass
class ServiceRun:
    """One Pagefind service indexing every missing part in one segmented language."""

    parts: tuple[Part, ...]
    service: Service
    work: Path  # its log

    @classmethod
    def start(cls, binary: Path, lang: str, parts: Sequence[Part], cache_dir: Path) -> ServiceRun:
        work = Path(tempfile.mkdtemp(prefix=f".service-{lang}-", dir=cache_dir))
        jobs = [Job(p.work / "documents", f"{p.market.code}/*.html", lang, p.bundle, UNUSED)
                for p in parts]
        return cls(tuple(parts), Service.start(binary, jobs, work / "pagefind.log"), work)

    def outcomes(self) -> list[tuple[Part, str | None]]:
        """Wait: each part, with why it failed (None when it did not)."""
        results = self.service.results()
        said = _last_lines(self.work / "pagefind.log")
        shutil.rmtree(self.work, ignore_errors=True)
        return [(part, None if why is None and (part.bundle / "pagefind.js").is_file()
                 else f"{why or 'no pagefind.js written'}{': ' + said if said else ''}")
                for part, why in zip(self.parts, results, strict=True)]

    def kill(self) -> None:
        self.service.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def _last_lines(log: Path) -> str:
    said = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    return " / ".join(line.strip() for line in said.strip().splitlines()[-3:])


@dataclass
class IndexRuns:
    """Pagefind runs started by ``start_indexes``: ``finish()`` once, or ``cancel()``."""

    site: Path
    markets: tuple[MarketIndex, ...]
    cache_dir: Path
    runs: list[CliRun | ServiceRun]

    def finish(self) -> int:
        """Wait for every run, keep each part in the cache and link every market's parts
        into the site; the count of parts indexed. A failed part raises StorefrontError."""
        problems = []
        made = 0
        for run in self.runs:
            for part, why in run.outcomes():
                made += 1
                if why is not None:
                    problems.append(Problem(
                        "pelicanconf.py", "STORE_SEARCH",
                        f"Pagefind could not index the pages of {part.market.code} ({why}); "
                        f"{FIX}"))
                else:
                    _drop_unused(part.bundle)
                    stabilise(part.bundle)
                    os.replace(part.bundle, cache_folder(self.cache_dir, part.market,
                                                         part.shard))
                shutil.rmtree(part.work, ignore_errors=True)
        if problems:
            raise StorefrontError(problems)
        for market in self.markets:
            link_market(self.cache_dir, self.site, market)
        _forget_others(self.cache_dir, self.markets)
        return made

    def cancel(self) -> None:
        """Stop the runs (the build failed) and remove what they wrote."""
        for run in self.runs:
            run.kill()
            for part in run.parts:
                shutil.rmtree(part.work, ignore_errors=True)


def link_market(cache_dir: Path, site: Path, market: MarketIndex) -> None:
    """Link ``market``'s cached parts into its bundle folder: the primary one whole, with
    the list of the others in its ``pagefind-entry.json`` (``SHARDS``, for search.js), the
    others without Pagefind's script and WebAssembly, which a merged index never loads."""
    if not market.shards:
        return
    bundle = site / market.bundle
    primary, *others = market.shards
    link_tree(cache_folder(cache_dir, market, primary), bundle)
    for shard in others:
        source = cache_folder(cache_dir, market, shard)
        target = bundle / shard_folder(shard.number, primary=False)
        target.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            if path.is_dir():
                link_tree(path, target / path.name)
            elif not path.name.startswith(PRIMARY_ONLY):
                link_or_copy(path, target / path.name)
    if others:  # the primary part's entry, in the site only: the cached one stays Pagefind's
        entry_path = bundle / "pagefind-entry.json"
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        entry[SHARDS] = [shard_folder(s.number, primary=False) for s in others]
        write_atomic(entry_path, json.dumps(entry, ensure_ascii=False,
                                            separators=(",", ":")).encode("utf-8"))


def _drop_unused(bundle: Path) -> None:
    for path in bundle.iterdir():
        if path.name.startswith(UNUSED):
            path.unlink()


def _forget_others(cache_dir: Path, markets: Sequence[MarketIndex]) -> None:
    """Delete cached parts no market uses now (and half-made ones of killed builds)."""
    keep = {cache_folder(cache_dir, m, s).name for m in markets for s in m.shards}
    for path in cache_dir.iterdir():
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
