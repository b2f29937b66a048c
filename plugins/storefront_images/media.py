"""Glue between the catalog and the image pipeline: what templates call to show a photo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from storefront_catalog.context import BuildContext
from storefront_catalog.model import Catalog, Image
from storefront_core.errors import StorefrontError
from storefront_core.slug import slugify

from .html import picture_html
from .pipeline import ImagePipeline, ImageSet
from .settings import pipeline_from_settings


class MediaLibrary:
    """Every product photo of one build, processed once and shared by all markets."""

    def __init__(self, image_sets: dict[Path, ImageSet], base: str, formats: Sequence[str]):
        self.image_sets = image_sets
        self.base = base.rstrip("/") + "/"  # root-relative base path of the site, "/" or "/shop/"
        self.formats = tuple(formats)

    def image_set(self, image: Image) -> ImageSet:
        return self.image_sets[image.source]

    def picture(
        self,
        image: Image,
        sizes: str = "100vw",
        priority: bool = False,
        css_class: str | None = None,
        alt: str | None = None,
        lang: str | None = None,
    ) -> Markup:
        """A responsive <picture> for a product photo."""
        return picture_html(
            self.image_set(image),
            alt=image.alt if alt is None else alt,
            sizes=sizes,
            base=self.base,
            priority=priority,
            css_class=css_class,
            formats=self.formats,
            lang=lang,
        )

    def image_url(self, image: Image, width: int | None = None, absolute: str = "") -> str:
        """URL of the JPEG (or PNG) rendition closest to ``width`` (largest when None)."""
        image_set = self.image_set(image)
        fmt = image_set.fallback_format
        candidates = image_set.of_format(fmt)
        if width is None:
            chosen = candidates[-1]
        else:
            chosen = min(candidates, key=lambda r: (abs(r.width - width), -r.width))
        return absolute + self.base + chosen.url

    def share_image(self, image: Image, origin: str, width: int = 1200) -> dict[str, Any]:
        """The JPEG (PNG) rendition closest to ``width`` for Open Graph and X cards: absolute
        url, width, height, MIME type, alt."""
        image_set = self.image_set(image)
        fmt = image_set.fallback_format
        chosen = min(image_set.of_format(fmt), key=lambda r: (abs(r.width - width), -r.width))
        return {"url": origin + self.base + chosen.url, "width": chosen.width,
                "height": chosen.height, "type": f"image/{fmt}", "alt": image.alt}

    def publish(self, output_dir: Path, pipeline: ImagePipeline) -> int:
        return pipeline.publish(self.image_sets.values(), output_dir)


def process_catalog(
    catalog: Catalog,
    settings: dict[str, Any],
    root: Path,
    base: str,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[MediaLibrary, ImagePipeline, Any]:
    """Encode every photo of every published product; raise on any bad photo."""
    pipeline = pipeline_from_settings(settings, root)
    sources: dict[Path, str] = {}
    for product in catalog.products:
        for img in product.images:
            sources.setdefault(img.source, slugify(f"{product.slug}-{img.angle}"))
    image_sets, problems, stats = pipeline.process(sorted(sources.items()), progress=progress)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise StorefrontError(errors)
    return MediaLibrary(image_sets, base, settings["IMAGE_FORMATS"]), pipeline, stats


class PublishedMedia:
    """The build's photos (``BuildContext.media``): URLs for pages and feeds, renditions
    published at output time."""

    def __init__(self, library: MediaLibrary, pipeline: ImagePipeline):
        self.library = library
        self.pipeline = pipeline

    def image_url(self, image: Image, width: int | None = None, absolute: str = "") -> str:
        return self.library.image_url(image, width, absolute)

    def photo_keys(self) -> dict[Path, str]:
        return {path: s.key for path, s in self.library.image_sets.items()}

    def publish(self, output: Path) -> int:
        return self.library.publish(output, self.pipeline)


def on_catalog_ready(context: BuildContext, **_: Any) -> None:
    """Signal receiver: process every photo into ``context.media``."""
    from storefront_catalog import signals

    def progress(done: int, total: int) -> None:
        signals.image_progress.send(context, done=done, total=total)

    library, pipeline, stats = process_catalog(
        context.catalog,
        context.settings,
        context.root,
        context.urls.base,
        progress=progress,
    )
    context.stats.images_encoded = stats.encoded
    context.stats.images_reused = stats.reused
    context.media = PublishedMedia(library, pipeline)


def add_image_globals(context: BuildContext, *, globals: dict[str, Any], **_: Any) -> None:
    """Signal receiver (market globals): picture(), image_url(), abs_image_url(), image_set()
    and share_image() for the templates."""
    media = context.media
    if not isinstance(media, PublishedMedia):
        return
    library = media.library
    origin = context.urls.origin
    globals.update(
        picture=library.picture,
        image_url=lambda image, width=None: library.image_url(image, width),
        abs_image_url=lambda image, width=None: library.image_url(image, width, origin),
        image_set=library.image_set,
        share_image=lambda image: library.share_image(image, origin),
    )
