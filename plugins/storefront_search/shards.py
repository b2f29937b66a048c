"""A market's index in parts (shards), so a product edit re-indexes one part, not the market.

Pagefind has no incremental mode: a run reads every document it indexes (about 1.3 ms each,
almost nothing per run). So each market's pages are split into ``shard_count`` parts by a
stable hash of the page's output path, each part indexed by its own run and cached under the
digest of only its pages' render keys. The browser merges the parts (Pagefind's
``mergeIndex``): the first non-empty part is the market's bundle (``<market>/pagefind/``,
Pagefind's script and WebAssembly), the others lie beside its files in ``shard-<n>/`` and
carry only their index (a merged index loads no WebAssembly of its own).

The part of a page depends only on its output path and the market's part count, so a page
stays in its part from build to build; the count changes only when the market's page count
crosses a multiple of the part size (every part is then made again, once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

#: documents per part a market's index aims at (``STORE_SEARCH["shard_size"]``): a product
#: edit runs Pagefind over about this many documents per market; each part costs the first
#: search of a shopper one more index chunk (about 18 KB) and two small files
SHARD_SIZE = 150
#: at most this many parts per market: past it parts grow instead (a search downloads one
#: index chunk per part and word)
MAX_SHARDS = 16
#: languages Pagefind splits into words with a dictionary it loads first (about 1.2 s of CPU
#: and 340 MB, against 3 ms per Japanese page): their parts are indexed by one Pagefind service
#: per language and build (see ``service``), which loads it once, so their parts are no bigger
SEGMENTED = frozenset({"ja", "zh"})


def shard_count(documents: int, size: int = SHARD_SIZE) -> int:
    """How many parts a market of ``documents`` search documents is indexed in.

    >>> [shard_count(n) for n in (0, 20, 150, 151, 302, 1000, 50000)]
    [1, 1, 1, 2, 3, 7, 16]
    """
    return max(1, min(MAX_SHARDS, -(-documents // size)))


def shard_of(output: str, count: int) -> int:
    """The part (1 to ``count``) of the page at ``output``: the same on every machine and
    run (a digest, not Python's salted ``hash``).

    >>> shard_of("en-us/products/pen/index.html", 1)
    1
    >>> [shard_of(f"en-us/products/{p}/index.html", 3) for p in ("pen", "charger", "usb-cable")]
    [3, 2, 1]
    """
    digest = hashlib.sha256(output.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


@dataclass(frozen=True)
class Shard:
    """One Pagefind run's share of a market: its number and the digest of its pages."""

    number: int  # 1 to the market's shard count
    key: str  # digest of everything its pages were rendered from (see index_key)


def index_key(page_keys: Iterable[str], lang: str, version: str) -> str:
    """Digest of a part's page render keys, its language and the Pagefind version.

    >>> index_key(["a", "b"], "en", "1.5.2") == index_key(["b", "a"], "en", "1.5.2")
    True
    >>> index_key(["a"], "en", "1.5.2") == index_key(["a"], "en", "1.5.3")
    False
    """
    return hashlib.sha256("\0".join([version, lang, *sorted(page_keys)]).encode()).hexdigest()


def market_shards(pages: Iterable[tuple[str, str]], lang: str, version: str,
                  count: int) -> tuple[Shard, ...]:
    """The non-empty parts of a market whose searched ``pages`` are (output path, render
    key), split in ``count`` parts (``shard_count``), in order of number (a market without
    pages has one, empty: Pagefind then says that it found nothing to index, as it always
    did).

    >>> [s.number for s in market_shards([(f"p{n}", f"k{n}") for n in range(5)], "en", "1", 3)]
    [1, 2, 3]
    """
    keys: dict[int, list[str]] = {}
    for output, key in pages:
        keys.setdefault(shard_of(output, count), []).append(key)
    return tuple(Shard(n, index_key(keys[n], lang, version)) for n in sorted(keys)) or (
        Shard(1, index_key([], lang, version)),)


def shard_folder(number: int, primary: bool) -> str:
    """Where a part lies inside its market's bundle folder ("" for the primary one).

    >>> shard_folder(1, True), shard_folder(4, False)
    ('', 'shard-4/')
    """
    return "" if primary else f"shard-{number}/"
