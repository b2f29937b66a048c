"""Pure Pillow work: decode one photo safely, normalise it to sRGB, encode every derivative.

Runs inside the worker processes of :class:`storefront_images.pipeline.ImagePipeline`; it
knows nothing about caches, manifests or Pelican.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from storefront_core.files import write_atomic
from storefront_core.imaging import DEFAULT_QUALITY, ENCODER_OPTIONS, EXTENSIONS, encode

__all__ = ["DEFAULT_QUALITY", "ENCODER_OPTIONS", "EXTENSIONS", "encode"]  # the pipeline's

#: Formats a merchant may configure (png is chosen automatically for transparent photos).
CONFIGURABLE_FORMATS = ("avif", "webp", "jpeg")
DEFAULT_MAX_MEGAPIXELS = 60.0
#: Bump when a change here alters output bytes, so cached files are renamed.
ENCODER_VERSION = 1


class PhotoError(Exception):
    """A photo that cannot be used; the message says why and how to fix it."""


@dataclass(frozen=True)
class EncodeJob:
    """Everything a worker needs to turn one source photo into its derivatives."""

    source: Path
    out_dir: Path  # where the encoded files are written
    name_prefix: str  # file names are f"{name_prefix}-{width}.{ext}"
    widths: tuple[int, ...]
    formats: tuple[str, ...]  # configured formats; "jpeg" becomes "png" for transparent photos
    quality: Mapping[str, int]
    max_megapixels: float = DEFAULT_MAX_MEGAPIXELS


@dataclass(frozen=True)
class EncodeResult:
    """What a worker made of one photo: derivative sizes, or the reason it failed."""

    source: Path
    width: int = 0  # oriented size of the source
    height: int = 0
    alpha: bool = False
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # "960.webp" -> (w, h)
    error: str | None = None
    warning: str | None = None


def plan_widths(source_width: int, widths: Sequence[int]) -> tuple[int, ...]:
    """Widths to produce: configured widths below the source width, plus the source width itself
    when any configured width would have needed upscaling (never upscale, never return nothing)."""
    below = sorted({w for w in widths if w < source_width})
    if len(below) < len(set(widths)):
        below.append(source_width)
    return tuple(below)


def output_formats(formats: Sequence[str], alpha: bool) -> tuple[str, ...]:
    """The formats actually written: PNG replaces JPEG for photos with real transparency."""
    return tuple("png" if alpha and f == "jpeg" else f for f in formats)


def file_key(width: int, fmt: str) -> str:
    """Name of one derivative relative to its prefix, e.g. ``960.webp``."""
    return f"{width}.{EXTENSIONS[fmt]}"


@contextmanager
def pixel_limit(max_megapixels: float) -> Iterator[None]:
    """Make Pillow refuse images above the limit (its warning is turned into an error too)."""
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = int(max_megapixels * 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = old


def _too_big(pixels: int, max_megapixels: float) -> PhotoError:
    return PhotoError(
        f"is {pixels / 1_000_000:.0f} megapixels, above the {max_megapixels:g} MP limit; "
        "resize it (3000 px on the long side is plenty) or raise IMAGE_MAX_MEGAPIXELS"
    )


def load_photo(path: Path, max_megapixels: float = DEFAULT_MAX_MEGAPIXELS) -> Image.Image:
    """Decode a photo upright (EXIF orientation applied) as RGB or RGBA in sRGB, no metadata.

    Raises PhotoError for corrupt files, unknown formats and decompression bombs.
    """
    with pixel_limit(max_megapixels):
        try:
            with Image.open(path) as im:
                pixels = im.width * im.height
                if pixels > max_megapixels * 1_000_000:
                    raise _too_big(pixels, max_megapixels)
                im.load()
                upright = ImageOps.exif_transpose(im)
                icc = im.info.get("icc_profile")
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_big(_header_pixels(path), max_megapixels) from exc
        except Exception as exc:  # Pillow raises many types for broken files (their text
            # names Pillow's internals, not what the marketer can do)
            raise PhotoError(
                "is not a valid image (the file is damaged, cut short or not a photo); "
                "re-export it as JPEG, PNG or WebP"
            ) from exc
    return to_srgb(upright, icc)


def _header_pixels(path: Path) -> int:
    """Pixel count read from the header only (Pillow's bomb check ran before we could ask)."""
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings(), Image.open(path) as im:
            warnings.simplefilter("ignore")
            return im.width * im.height
    finally:
        Image.MAX_IMAGE_PIXELS = old


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert any Pillow mode (CMYK, 16-bit, palette, LA...) to RGB or RGBA in sRGB."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        # 16-bit and 32-bit grey: scale to 8 bits instead of clipping everything above 255.
        scale = 1 / 256 if im.mode.startswith("I;16") else 1.0
        im = im.convert("I").point(lambda v: v * scale).convert("L")
        icc = None  # a grey profile does not describe the RGB result
    if im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA" if "transparency" in im.info or im.mode == "PA" else "RGB")
    elif im.mode in ("LA", "La", "RGBa"):
        im = im.convert("RGBA")
    alpha = im.getchannel("A") if im.mode == "RGBA" else None
    if alpha is not None and alpha.getextrema()[0] == 255:
        alpha = None  # an alpha channel that hides nothing: treat the photo as opaque
    base = im.convert("RGB") if im.mode == "RGBA" else im
    if icc and base.mode in ("RGB", "CMYK", "L"):
        base = _apply_profile(base, icc)
    if base.mode != "RGB":
        base = base.convert("RGB")  # CMYK without profile, L, YCbCr, ...
    out = base
    if alpha is not None:
        out = base.copy()
        out.putalpha(alpha)
    out.info = {}  # no EXIF, XMP, comments or profile may reach an encoder
    return out


def _apply_profile(im: Image.Image, icc: bytes) -> Image.Image:
    """Convert from the embedded profile to sRGB; a broken profile leaves the pixels as they are."""
    from PIL import ImageCms  # 20 ms to import: only photos with a profile need it

    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(src).lower():
            return im  # already sRGB: skip a costly identity transform
        return ImageCms.profileToProfile(
            im, src, ImageCms.createProfile("sRGB"), outputMode="RGB"
        ) or im
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im


def resize(im: Image.Image, width: int, height: int) -> Image.Image:
    """Lanczos downscale to ``width`` x ``height`` (a no-op at the same size)."""
    if (width, height) == im.size:
        return im
    return im.resize((width, height), Image.Resampling.LANCZOS)


def scaled_height(size: tuple[int, int], width: int) -> int:
    """Height that keeps the aspect ratio of ``size`` at ``width``."""
    return max(1, round(size[1] * width / size[0]))


def encode_photo(job: EncodeJob) -> EncodeResult:
    """Worker entry point: decode once, write every width x format into ``job.out_dir``."""
    try:
        im = load_photo(job.source, job.max_megapixels)
    except PhotoError as exc:
        return EncodeResult(job.source, error=str(exc))
    alpha = im.mode == "RGBA"
    files: dict[str, tuple[int, int]] = {}
    job.out_dir.mkdir(parents=True, exist_ok=True)
    small = im
    for width in sorted(plan_widths(im.width, job.widths), reverse=True):
        # Each width is scaled from the previous (larger) one: ~25% less resampling work,
        # no visible difference with Lanczos.
        small = resize(small, width, scaled_height(im.size, width))
        for fmt in output_formats(job.formats, alpha):
            key = file_key(width, fmt)
            write_atomic(job.out_dir / f"{job.name_prefix}-{key}", encode(small, fmt, job.quality))
            files[key] = small.size
    return EncodeResult(job.source, im.width, im.height, alpha, files)

