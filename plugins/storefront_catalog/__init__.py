"""storefront_catalog: product model, loading and validation, markets, URLs, products generator."""

from .plugin import register

__all__ = ["register"]
