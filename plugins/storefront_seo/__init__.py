"""storefront_seo: head tags, structured data, sitemaps, robots.txt and shopping feeds."""

from .plugin import register

__all__ = ["register"]
