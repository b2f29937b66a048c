"""How the site encodes a web image: formats, file extensions, qualities and encoder options
(one place, so product photos and drawn campaign heroes are encoded alike)."""

from __future__ import annotations

import io
from collections.abc import Mapping

from PIL import Image

#: Every output format, with its file extension.
EXTENSIONS: Mapping[str, str] = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
MIME_TYPES: Mapping[str, str] = {"avif": "image/avif", "webp": "image/webp",
                                 "jpeg": "image/jpeg", "png": "image/png"}
DEFAULT_QUALITY: Mapping[str, int] = {"avif": 55, "webp": 80, "jpeg": 82}
#: Encoder options beside quality. Part of content hashes: changing them renames files.
ENCODER_OPTIONS: Mapping[str, Mapping[str, object]] = {
    "jpeg": {"optimize": True, "progressive": True},
    "webp": {"method": 4},
    # One thread per encode: the photo pool already keeps every core busy.
    "avif": {"speed": 8, "max_threads": 1},
    "png": {"compress_level": 6},
}
_WHITE = (255, 255, 255)


def encode(im: Image.Image, fmt: str, quality: Mapping[str, int]) -> bytes:
    """Encode one image (deterministic, no metadata); RGBA as JPEG is flattened on white."""
    if fmt == "jpeg" and im.mode == "RGBA":
        flat = Image.new("RGB", im.size, _WHITE)
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    options = dict(ENCODER_OPTIONS[fmt])
    if fmt in quality:
        options["quality"] = quality[fmt]
    buf = io.BytesIO()
    im.save(buf, format=fmt.upper(), **options)
    return buf.getvalue()
