"""Pagefind runs: one index per market, made from the search documents of the market's pages
(small files rendered beside the pages, see ``search_document.html``), cached by what those
pages were rendered from.

Every market gets its own bundle at ``<market>/pagefind/`` (Pagefind's ``--glob`` takes only
that market's pages, ``--force-language`` its language), so markets sharing a language (en-us,
en-gb, en-sg) never find each other's pages or prices. An index is kept in the build cache
under the digest of its pages' render keys and the Pagefind version: a build whose pages of a
market did not change links that market's cached index instead of running Pagefind again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storefront_core.errors import Problem, StorefrontError
from storefront_core.files import link_or_copy, link_tree

from .stable import stabilise

#: the bundle's folder inside each market's folder
BUNDLE = "pagefind"
#: Pagefind's ready-made interfaces: the theme has its own (search.js), so they are not published
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
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
    """What one market's index is made from: its pages and language."""

    code: str
    prefix: str  # the market's folder in the output ("" for a single-market store)
    lang: str  # the market's language, as Pagefind takes it ("en", "ja", "zh")
    key: str  # digest of everything its pages were rendered from

    @property
    def bundle(self) -> str:
        """The bundle's folder, relative to the output."""
        return f"{self.prefix}/{BUNDLE}" if self.prefix else BUNDLE


def index_key(page_keys: Iterable[str], lang: str, version: str) -> str:
    """Digest of a market's page render keys, its language and the Pagefind version.

    >>> index_key(["a", "b"], "en", "1.5.2") == index_key(["b", "a"], "en", "1.5.2")
    True
    >>> index_key(["a"], "en", "1.5.2") == index_key(["a"], "en", "1.5.3")
    False
    """
    return hashlib.sha256("\0".join([version, lang, *sorted(page_keys)]).encode()).hexdigest()


def pagefind_command(binary: Path, documents: Path, market: MarketIndex, out: Path) -> list[str]:
    """The Pagefind run that indexes ``market``'s search documents (in its folder of
    ``documents``) into ``out``.

    >>> m = MarketIndex("en-gb", "en-gb", "en", "k")
    >>> pagefind_command(Path("/pf"), Path("/docs"), m, Path("/out"))[1:]
    ['--site', '/docs', '--glob', 'en-gb/*.html', '--output-path', '/out', \
'--force-language', 'en', '--silent']
    """
    return [str(binary), "--site", str(documents), "--glob", f"{market.code}/*.html",
            "--output-path", str(out), "--force-language", market.lang, "--silent"]


def cache_folder(cache_dir: Path, market: MarketIndex) -> Path:
    """Where ``market``'s index is kept between builds."""
    return cache_dir / f"{market.code}-{market.key[:20]}"


def make_indexes(binary: Path, site: Path, markets: Sequence[MarketIndex], cache_dir: Path,
                 documents: Sequence[tuple[str, str, Path]]) -> int:
    """Put every market's index at its bundle folder in ``site``, running Pagefind (all
    markets at once) only for those not in ``cache_dir``; the count of Pagefind runs.

    A failed run raises StorefrontError with Pagefind's own message: the build stops and
    nothing is published.
    """
    return start_indexes(binary, site, markets, cache_dir, documents).finish()


def start_indexes(binary: Path, site: Path, markets: Sequence[MarketIndex], cache_dir: Path,
                  documents: Sequence[tuple[str, str, Path]]) -> IndexRuns:
    """Start Pagefind for every market not in ``cache_dir`` (one process each) and return at
    once: the build audits its pages meanwhile; ``finish()`` waits and links the indexes.

    Pagefind reads the search ``documents`` (market code, page's output path, file), linked
    into one flat folder per market: a folder per page would cost a directory each (about
    0.4 ms apiece to make, as much to remove), and a document names its page's URL itself.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    missing = [m for m in markets if not cache_folder(cache_dir, m).is_dir()]
    runs = []
    source = Path(tempfile.mkdtemp(prefix=".documents-", dir=cache_dir)) if missing else None
    if source is not None:
        link_documents(source, {m.code for m in missing}, documents)
    for market in missing:
        assert source is not None
        work = Path(tempfile.mkdtemp(prefix=f".{market.code}-", dir=cache_dir))
        # what it says goes to a file, not a pipe: nobody reads while it runs
        with open(work / "pagefind.log", "w+b") as said:
            process = subprocess.Popen(pagefind_command(binary, source, market, work / BUNDLE),
                                       stdout=said, stderr=subprocess.STDOUT)
        runs.append((market, work, process))
    return IndexRuns(site, tuple(markets), cache_dir, runs, source)


def link_documents(folder: Path, codes: set[str],
                   documents: Sequence[tuple[str, str, Path]]) -> None:
    """Link the search documents of the markets ``codes`` into ``folder/<code>/``, each named
    after its page's output path (stable names: they are part of the index's bytes)."""
    for code in codes:
        (folder / code).mkdir()
    for code, output, document in documents:
        if code in codes:
            link_or_copy(document, folder / code / output.replace("/", "~"))


@dataclass
class IndexRuns:
    """Pagefind runs started by ``start_indexes``: ``finish()`` once, or ``cancel()``."""

    site: Path
    markets: tuple[MarketIndex, ...]
    cache_dir: Path
    runs: list[tuple[MarketIndex, Path, subprocess.Popen[bytes]]]
    source: Path | None = None  # the search documents the runs read (removed at the end)

    def finish(self) -> int:
        """Wait for every run, keep each index in the cache and link every market's index
        into the site; the count of Pagefind runs. A failed run raises StorefrontError."""
        problems = []
        for market, work, process in self.runs:
            process.wait()
            bundle = work / BUNDLE
            if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
                said = (work / "pagefind.log").read_text(encoding="utf-8", errors="replace")
                shutil.rmtree(work, ignore_errors=True)
                last = " / ".join(line.strip() for line in said.strip().splitlines()[-3:])
                problems.append(Problem(
                    "pelicanconf.py", "STORE_SEARCH",
                    f"Pagefind could not index the pages of {market.code} (exit code "
                    f"{process.returncode}: {last or 'no message'}); {FIX}"))
                continue
            _drop_unused(bundle)
            stabilise(bundle)
            os.replace(bundle, cache_folder(self.cache_dir, market))
            shutil.rmtree(work, ignore_errors=True)
        self._drop_source()
        if problems:
            raise StorefrontError(problems)
        for market in self.markets:
            link_tree(cache_folder(self.cache_dir, market), self.site / market.bundle)
        _forget_others(self.cache_dir, self.markets)
        return len(self.runs)

    def cancel(self) -> None:
        """Stop the runs (the build failed) and remove what they wrote."""
        for _market, work, process in self.runs:
            if process.poll() is None:
                process.kill()
            process.wait()
            shutil.rmtree(work, ignore_errors=True)
        self._drop_source()

    def _drop_source(self) -> None:
        if self.source is not None:
            shutil.rmtree(self.source, ignore_errors=True)


def _drop_unused(bundle: Path) -> None:
    for path in bundle.iterdir():
        if path.name.startswith(UNUSED):
            path.unlink()


def _forget_others(cache_dir: Path, markets: Sequence[MarketIndex]) -> None:
    """Delete cached indexes no market uses now (and half-made ones of killed builds)."""
    keep = {cache_folder(cache_dir, m).name for m in markets}
    for path in cache_dir.iterdir():
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
