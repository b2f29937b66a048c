"""Baseline for ``storefront bench``: the same encoding done with plain Pillow, nothing else."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

# The pipeline's encoder options (see encode.ENCODER_OPTIONS), copied to stay independent.
_OPTIONS: dict[str, dict[str, Any]] = {
    "jpeg": {"optimize": True, "progressive": True},
    "webp": {"method": 4},
    "avif": {"speed": 8, "max_threads": 1},
}


def _plain_encode(
    path: Path, widths: Sequence[int], formats: Sequence[str], quality: Mapping[str, int]
) -> int:
    """Decode, rotate, resize each width from the original, encode to memory; bytes written."""
    total = 0
    with Image.open(path) as source:
        im = ImageOps.exif_transpose(source).convert("RGB")
    for width in widths:
        if width > im.width:
            continue
        small = im.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
        for fmt in formats:
            buf = io.BytesIO()
            small.save(buf, format=fmt.upper(), quality=quality[fmt], **_OPTIONS[fmt])
            total += buf.tell()
    return total


def raw_pillow_baseline(
    paths: Sequence[Path],
    widths: Sequence[int] = (480, 960, 1600),
    formats: Sequence[str] = ("webp", "jpeg"),
    quality: Mapping[str, int] | None = None,
    workers: int | None = None,
) -> float:
    """Seconds plain Pillow needs for the same derivatives in a process pool (no cache, no
    hashing, no colour management, nothing written to disk)."""
    q = {"avif": 55, "webp": 80, "jpeg": 82, **(quality or {})}
    job = partial(_plain_encode, widths=tuple(widths), formats=tuple(formats), quality=q)
    started = time.perf_counter()
    with ProcessPoolExecutor(max(1, workers or os.cpu_count() or 1)) as pool:
        for _ in pool.map(job, paths):
            pass
    return time.perf_counter() - started
