"""storefront_promotions: a per-market festival calendar, campaigns, banners and sale prices."""

from .plugin import register

__all__ = ["register"]
