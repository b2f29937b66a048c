"""Pagefind's filter indexes made byte-identical between runs.

Pagefind 1.x writes each filter's values, and the list of filters in its metadata file, in
hash-map order, so two runs on the same pages give files with other bytes and other names
(upstream issue Pagefind/pagefind#638: "other files will still change, such as the
filter/metadata indexes"). A build is reproducible (STYLE.md), so the values and filters are
put in order here and the files renamed after their content, as Pagefind names them.

The files are gzip of ``pagefind_dcd`` followed by CBOR; only the definite-length types
Pagefind writes are read (unsigned integers, byte and text strings, arrays, maps).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise ValueError(f"{value} is too large for CBOR")


def encode(item: Any) -> bytes:
    """CBOR of ``item`` (shortest heads, as Pagefind writes it).

    >>> encode(["availability", [["In stock", [0, 1, 2, 3]]]])
    b'\\x82lavailability\\x81\\x82hIn stock\\x84\\x00\\x01\\x02\\x03'
    """
    if isinstance(item, bool) or item is None:
        raise TypeError(f"{item!r} does not occur in Pagefind's files")
    if isinstance(item, int):
        return _head(0, item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        data = item.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(i) for i in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise TypeError(f"{type(item).__name__} does not occur in Pagefind's files")


def decode(data: bytes) -> Any:
    """The item CBOR ``data`` holds.

    >>> decode(encode(["a", [1, 300, 70000], {"k": b"v"}]))
    ['a', [1, 300, 70000], {'k': b'v'}]
    """
    item, end = _decode(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after the CBOR item")
    return item


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR head {info} (indefinite or special) is not read here")
    if major == 0:
        return value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise ValueError(f"CBOR major type {major} is not read here")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return decode(raw[len(SIGNATURE):])


def _rewrite(path: Path, item: Any, prefix: str, stem: str, suffix: str) -> str:
    """Replace the file ``path`` by ``item`` named ``prefix`` + ``<lang>_<digest>`` + suffix
    (the digest as long as the old one); the new stem."""
    data = SIGNATURE + encode(item)
    lang, old = stem.rsplit("_", 1)
    new = f"{lang}_{hashlib.sha256(data).hexdigest()[:len(old)]}"
    path.unlink()
    (path.parent / f"{prefix}{new}{suffix}").write_bytes(
        gzip.compress(data, compresslevel=9, mtime=0))
    return new


def stabilise(bundle: Path) -> None:
    """Put the filter values and the filter list of a Pagefind bundle in order, names after
    content, so the same pages give the same bytes."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    folder = bundle / "filter"
    for path in sorted(folder.glob("*.pf_filter")) if folder.is_dir() else []:
        name, values = _read(path)
        stem = path.name.removesuffix(".pf_filter")
        renamed[stem] = _rewrite(path, [name, sorted(values)], "", stem, ".pf_filter")
    for info in entry["languages"].values():
        path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = [_filters_in_order(part, renamed) for part in _read(path)]
        info["hash"] = _rewrite(path, meta, "pagefind.", info["hash"], ".pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _filters_in_order(part: Any, renamed: dict[str, str]) -> Any:
    """The metadata's list of (filter, file) pairs, renamed and sorted; other parts as they
    are (the page list's order numbers the pages: it is never touched)."""
    if (isinstance(part, list) and part and renamed
            and all(isinstance(p, list) and len(p) == 2 and p[1] in renamed for p in part)):
        return sorted([name, renamed[stem]] for name, stem in part)
    return part
