"""``<picture>`` markup for an ImageSet: modern formats first, a JPEG/PNG ``<img>`` last."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from .pipeline import ImageSet

_MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


def _attrs(pairs: Sequence[tuple[str, str | int | None]]) -> str:
    """Render escaped ``name="value"`` pairs, leaving out those whose value is None."""
    return " ".join(f'{name}="{escape(str(value))}"' for name, value in pairs if value is not None)


def picture_html(
    image_set: ImageSet,
    *,
    alt: str,
    sizes: str,
    base: str = "/",
    priority: bool = False,
    css_class: str | None = None,
    formats: Sequence[str] | None = None,
    lang: str | None = None,
) -> Markup:
    """A ``<picture>``: one ``<source>`` per modern format and an ``<img>`` with width/height.

    ``priority`` marks the LCP photo (eager, ``fetchpriority="high"``); every other photo is
    lazy. ``formats`` limits the modern formats offered (default: all the set has). ``lang``
    marks an alt text written in another language than the page (an untranslated one).
    """
    present = image_set.formats()
    offered = [f for f in (formats or present) if f in present and f in ("avif", "webp")]
    offered.sort(key=("avif", "webp").index)
    parts = ["<picture>"]
    for fmt in offered:
        attrs = [("type", _MIME[fmt]), ("srcset", image_set.srcset(fmt, base)), ("sizes", sizes)]
        parts.append(f"<source {_attrs(attrs)}>")
    img = image_set.fallback()
    parts.append(
        "<img "
        + _attrs(
            [
                ("src", f"{base}{img.url}"),
                ("srcset", image_set.srcset(img.format, base)),
                ("sizes", sizes),
                ("width", img.width),
                ("height", img.height),
                ("alt", alt),
                ("lang", lang),
                ("class", css_class),
                ("loading", None if priority else "lazy"),
                ("fetchpriority", "high" if priority else None),
                ("decoding", "async"),
            ]
        )
        + ">"
    )
    parts.append("</picture>")
    return Markup("".join(parts))
