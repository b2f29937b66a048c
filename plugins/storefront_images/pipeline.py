"""Responsive derivatives of product photos: content-addressed, cached, encoded in parallel."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storefront_core.errors import Problem, display_path
from storefront_core.files import link_or_copy, write_atomic
from storefront_core.slug import slugify

from .encode import (
    CONFIGURABLE_FORMATS,
    DEFAULT_MAX_MEGAPIXELS,
    DEFAULT_QUALITY,
    ENCODER_OPTIONS,
    ENCODER_VERSION,
    EXTENSIONS,
    EncodeJob,
    EncodeResult,
    encode_photo,
    file_key,
    output_formats,
    plan_widths,
)

MEDIA_DIR = "media"
MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
_FORMAT_BY_EXT = {ext: fmt for fmt, ext in EXTENSIONS.items()}


@dataclass(frozen=True)
class Rendition:
    """One derivative file: ``url`` is relative to the site root (no leading slash)."""

    url: str  # e.g. "media/active-stylus-pen-front-ab12cd34ef-960.webp"
    width: int
    height: int
    format: str  # "avif", "webp", "jpeg" or "png"


@dataclass(frozen=True)
class ImageSet:
    """Every derivative of one source photo."""

    key: str  # sha256 of the source bytes
    width: int  # oriented size of the largest rendition
    height: int
    renditions: tuple[Rendition, ...]  # sorted by format, then width

    @property
    def fallback_format(self) -> str:
        """The format for ``<img src>``: jpeg, or png for photos with transparency."""
        return "png" if any(r.format == "png" for r in self.renditions) else "jpeg"

    def of_format(self, fmt: str) -> tuple[Rendition, ...]:
        """Renditions in one format, narrowest first ("jpeg" means the fallback format)."""
        found = tuple(r for r in self.renditions if r.format == fmt)
        if not found and fmt == "jpeg":
            found = tuple(r for r in self.renditions if r.format == self.fallback_format)
        return tuple(sorted(found, key=lambda r: r.width))

    def srcset(self, fmt: str, base: str = "/") -> str:
        """The ``srcset`` value for one format, e.g. ``/media/x-480.webp 480w, ...``."""
        return ", ".join(f"{base}{r.url} {r.width}w" for r in self.of_format(fmt))

    def largest(self, fmt: str = "jpeg") -> Rendition:
        """The widest rendition of a format (for og:image, JSON-LD and zoom views)."""
        found = self.of_format(fmt)
        if not found:
            raise KeyError(f"no {fmt} rendition; formats here: {self.formats()}")
        return found[-1]

    def fallback(self) -> Rendition:
        """The JPEG (PNG for transparent photos) at the middle width, for ``<img src>``."""
        found = self.of_format(self.fallback_format)
        return found[len(found) // 2]

    def formats(self) -> tuple[str, ...]:
        """Formats present, in the order they were configured."""
        return tuple(dict.fromkeys(r.format for r in self.renditions))


@dataclass
class Stats:
    """What one ``process`` call did."""

    encoded: int = 0  # distinct source photos decoded and encoded
    reused: int = 0  # source photos served entirely from the cache
    seconds: float = 0.0


class ImagePipeline:
    """Turns source photos into cached, content-addressed responsive derivatives."""

    def __init__(
        self,
        cache_dir: Path,
        widths: Sequence[int] = (480, 960, 1600),
        formats: Sequence[str] = ("webp", "jpeg"),
        quality: Mapping[str, int] | None = None,
        workers: int | None = None,
        root: Path | None = None,
        max_megapixels: float = DEFAULT_MAX_MEGAPIXELS,
    ) -> None:
        unknown = [f for f in formats if f not in CONFIGURABLE_FORMATS]
        if unknown or "jpeg" not in formats:
            raise ValueError(
                f"image formats {list(formats)}: use some of {list(CONFIGURABLE_FORMATS)}, "
                "and always include 'jpeg' (the fallback every browser shows)"
            )
        if not widths or any(not isinstance(w, int) or w <= 0 for w in widths):
            raise ValueError(f"image widths {list(widths)}: use whole numbers above 0")
        self.cache_dir = Path(cache_dir)
        self.files_dir = self.cache_dir / "files"
        self.widths = tuple(sorted(set(widths)))
        # Modern formats first: the order of <source> elements is the browser's preference.
        self.formats = tuple(sorted(dict.fromkeys(formats), key=CONFIGURABLE_FORMATS.index))
        self.quality = {**DEFAULT_QUALITY, **(quality or {})}
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.root = root
        # a string prefix: path arithmetic on thousands of photos without pathlib's overhead
        self._files_prefix = os.fspath(self.files_dir) + os.sep
        self.max_megapixels = max_megapixels
        self._dirty = False
        self._params_digest = _digest(
            {
                "v": ENCODER_VERSION,
                "quality": self.quality,
                "options": ENCODER_OPTIONS,
            }
        )

    # -- public -------------------------------------------------------------------------

    def process(
        self,
        sources: Iterable[tuple[Path, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[dict[Path, ImageSet], list[Problem], Stats]:
        """Make (or reuse) the derivatives of every ``(path, name_stem)``; never raises for bad
        photos: each comes back as a Problem naming the file, the others are still processed."""
        started = time.perf_counter()
        manifest = self._load_manifest()
        self._dirty = False  # set by every change to the manifest: saved only then
        stats = Stats()
        problems: list[Problem] = []
        results: dict[Path, ImageSet] = {}
        pending: dict[str, list[tuple[Path, str]]] = {}  # name hash -> sources needing it
        jobs: dict[str, EncodeJob] = {}
        wanted = list(dict.fromkeys((Path(p), stem) for p, stem in sources))
        order = {display_path(path, self.root): i for i, (path, _) in enumerate(wanted)}
        for path, stem in wanted:
            try:
                source_hash = self._source_hash(path, manifest)
            except OSError as exc:
                problems.append(self._problem(path, f"cannot be read ({exc.strerror or exc})"))
                continue
            name_hash = self._name_hash(source_hash)
            entry = manifest["images"].get(name_hash)
            if name_hash not in jobs and self._cached(entry, name_hash):
                results[path] = self._image_set(source_hash, name_hash, stem, entry)
                stats.reused += 1
                continue
            if name_hash not in jobs:  # a duplicate of a queued photo shares its job
                jobs[name_hash] = EncodeJob(
                    source=path,
                    out_dir=self.files_dir,
                    name_prefix=name_hash,
                    widths=self.widths,
                    formats=self.formats,
                    quality=self.quality,
                    max_megapixels=self.max_megapixels,
                )
            pending.setdefault(name_hash, []).append((path, stem))
            if manifest["images"].pop(name_hash, None) is not None:
                self._dirty = True
        total, done = len(wanted), len(results) + len(problems)
        if progress:
            progress(done, total)
        for name_hash, result in self._run(jobs):
            waiting = pending[name_hash]
            done += len(waiting)
            if result.error:
                for path, _ in waiting:
                    problems.append(self._problem(path, result.error))
            else:
                entry = {
                    "source": self._source_key(result.source),  # for people reading the cache
                    "width": result.width,
                    "height": result.height,
                    "alpha": result.alpha,
                    "files": {k: list(v) for k, v in result.files.items()},
                }
                manifest["images"][name_hash] = entry
                self._dirty = True
                stats.encoded += 1
                stats.reused += len(waiting) - 1
                for path, stem in waiting:
                    source_hash = manifest["sources"][self._source_key(path)]["sha256"]
                    results[path] = self._image_set(source_hash, name_hash, stem, entry)
            if progress:
                progress(done, total)
        if self._dirty:
            self._save_manifest(manifest)
        # Workers finish in any order; hand back results and problems in the order given.
        problems.sort(key=lambda p: order[p.file])
        ordered = {path: results[path] for path, _ in wanted if path in results}
        stats.seconds = time.perf_counter() - started
        return ordered, problems, stats

    def publish(self, image_sets: Iterable[ImageSet], output_dir: Path) -> int:
        """Hard-link (or copy, across file systems) every rendition into ``output_dir/<url>``."""
        count = 0
        made: set[str] = set()
        out = os.fspath(output_dir) + os.sep
        for image_set in image_sets:
            for r in image_set.renditions:
                target = out + r.url
                parent = os.path.dirname(target)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                link_or_copy(self._files_prefix + _cache_name(r.url), target)
                count += 1
        return count

    # -- internals ----------------------------------------------------------------------

    def _run(self, jobs: Mapping[str, EncodeJob]) -> Iterable[tuple[str, EncodeResult]]:
        """Encode in this process for one job (or one worker), else in a process pool."""
        # fork starts workers in ~0.1 s; spawn (needed when threads run, as forking them can
        # deadlock) takes ~0.5-1 s, more than encoding a few photos here costs.
        method = "fork" if threading.active_count() == 1 else "spawn"
        if method not in multiprocessing.get_all_start_methods():
            method = "spawn"
        few = 1 if method == "fork" else 2 * self.workers
        if len(jobs) <= few or self.workers == 1:
            for name_hash, job in jobs.items():
                yield name_hash, encode_photo(job)
            return
        context = multiprocessing.get_context(method)
        left = dict(jobs)
        try:
            with ProcessPoolExecutor(min(self.workers, len(jobs)), mp_context=context) as pool:
                futures: dict[Future[EncodeResult], str] = {
                    pool.submit(encode_photo, job): name_hash for name_hash, job in jobs.items()
                }
                for future in as_completed(futures):
                    name_hash = futures[future]
                    result = future.result()
                    del left[name_hash]
                    yield name_hash, result
        except BrokenProcessPool:
            # A worker died (a decoder crash, out of memory). Retry the unfinished photos
            # one per pool so the photo that kills its worker is the one reported.
            for name_hash, job in left.items():
                yield name_hash, _isolated(job, context)

    def _source_key(self, path: Path) -> str:
        """Manifest key of a source: relative to the root, so a moved checkout still hits."""
        return display_path(path, self.root) if self.root else str(path.resolve())

    def _source_hash(self, path: Path, manifest: dict[str, Any]) -> str:
        """sha256 of the file, read from the manifest while its size and mtime are unchanged."""
        st = path.stat()
        key = self._source_key(path)
        known = manifest["sources"].get(key)
        if known and known["size"] == st.st_size and known["mtime_ns"] == st.st_mtime_ns:
            return str(known["sha256"])
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        sha = digest.hexdigest()
        self._dirty = True
        manifest["sources"][key] = {
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "sha256": sha,
        }
        return sha

    def _name_hash(self, source_hash: str) -> str:
        """10 hex digits covering the source bytes and every encoding parameter."""
        return hashlib.sha256(f"{source_hash}:{self._params_digest}".encode()).hexdigest()[:10]

    def _planned(self, entry: Mapping[str, Any]) -> list[str]:
        widths = plan_widths(int(entry["width"]), self.widths)
        fmts = output_formats(self.formats, bool(entry["alpha"]))
        return [file_key(w, f) for f in fmts for w in widths]

    def _cached(self, entry: Mapping[str, Any] | None, name_hash: str) -> bool:
        """True when every planned derivative is in the manifest and still on disk."""
        if not entry:
            return False
        files = entry["files"]
        folder = self._files_prefix
        return all(
            key in files and os.path.isfile(f"{folder}{name_hash}-{key}")
            for key in self._planned(entry)
        )

    def _image_set(
        self, source_hash: str, name_hash: str, stem: str, entry: Mapping[str, Any]
    ) -> ImageSet:
        slug = slugify(stem) or "image"
        renditions = []
        for key in self._planned(entry):
            width, height = entry["files"][key]
            ext = key.split(".", 1)[1]
            renditions.append(
                Rendition(
                    url=f"{MEDIA_DIR}/{slug}-{name_hash}-{key}",
                    width=int(width),
                    height=int(height),
                    format=_FORMAT_BY_EXT[ext],
                )
            )
        widest = max(renditions, key=lambda r: r.width)
        return ImageSet(source_hash, widest.width, widest.height, tuple(renditions))

    def _problem(self, path: Path, message: str) -> Problem:
        return Problem(file=display_path(path, self.root), field="", message=message)

    def _load_manifest(self) -> dict[str, Any]:
        path = self.cache_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                return {"version": MANIFEST_VERSION, "sources": data["sources"],
                        "images": data["images"]}
        except (OSError, ValueError, KeyError, AttributeError):
            pass  # missing or damaged: start afresh, files are re-encoded as needed
        return {"version": MANIFEST_VERSION, "sources": {}, "images": {}}

    def _save_manifest(self, manifest: Mapping[str, Any]) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.cache_dir / MANIFEST_NAME,
                     json.dumps(manifest, sort_keys=True, indent=0).encode("utf-8"))


def _isolated(job: EncodeJob, context: Any) -> EncodeResult:
    """Encode one photo in a pool of its own; a crash becomes that photo's error."""
    try:
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            return pool.submit(encode_photo, job).result()
    except BrokenProcessPool:
        return EncodeResult(
            job.source,
            error="made the image encoder crash (damaged file or not enough memory); "
            "re-export it as JPEG or PNG at a smaller size",
        )


def _cache_name(url: str) -> str:
    """Cache file of a rendition: ``media/<stem>-<hash10>-<w>.<ext>`` -> ``<hash10>-<w>.<ext>``."""
    _stem, name_hash, tail = url.rsplit("/", 1)[-1].rsplit("-", 2)
    return f"{name_hash}-{tail}"


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
