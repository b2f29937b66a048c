"""Share cards: a designed 1200x630 og:image per product, category and home page per market.

Pure drawing modules: ``fonts`` (Noto fonts per script), ``text`` (runs, bidi, line breaks,
fitting; shared with the promotion banners), ``card`` (spec, style, layout, pixels, bytes,
content key) and ``settings`` (``STORE_SOCIAL_CARDS``); ``plugin`` plans each market's cards
with its template globals, draws the missing ones after the pages are written and publishes
them under ``cards/<market>/``.
"""

from .plugin import register

__all__ = ["register"]
