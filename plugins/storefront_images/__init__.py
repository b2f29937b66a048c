"""Responsive, cached, content-addressed derivatives of product photos (AVIF/WebP/JPEG)."""

from .html import picture_html
from .pipeline import ImagePipeline, ImageSet, Rendition, Stats
from .plugin import pipeline_from_settings, register

__all__ = [
    "ImagePipeline",
    "ImageSet",
    "Rendition",
    "Stats",
    "picture_html",
    "pipeline_from_settings",
    "register",
]
