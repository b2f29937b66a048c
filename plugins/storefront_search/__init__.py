"""Site search: one Pagefind index per market, built from the written pages.

Pure modules: ``bands`` (price bands of a market's prices), ``settings`` (``STORE_SEARCH``),
``shards`` (a market's index in parts: each page's part, each part's key), ``pagefind`` (the
Pagefind runs, one per part, and the index cache); ``plugin``
connects them to the build (the search page, the header box's template globals, indexing
once every page is written).
"""

from .plugin import register

__all__ = ["register"]
