"""Share cards: a designed 1200x630 og:image per product, category and home page per market.

Pure drawing modules for now: ``fonts`` (Noto fonts per script), ``text`` (runs, bidi, line
breaks, fitting; shared with the promotion banners), ``card`` (spec, style, layout, pixels,
bytes, content key) and ``settings`` (``STORE_SOCIAL_CARDS``).
"""
