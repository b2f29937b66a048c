"""Responsive, cached, content-addressed derivatives of product photos (AVIF/WebP/JPEG)."""

from .html import picture_html
from .pipeline import ImagePipeline, ImageSet, Rendition, Stats
from .plugin import register
from .settings import pipeline_from_settings

__all__ = [
    "ImagePipeline",
    "ImageSet",
    "Rendition",
    "Stats",
    "picture_html",
    "pipeline_from_settings",
    "register",
]
