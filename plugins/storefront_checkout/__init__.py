"""Checkout: where each SKU in each market is bought (hosted checkouts, carts, order links).

The layer is one interface (``provider.Provider``): a provider gets a ``LineItem`` (a SKU at
the price a shopper pays in one market at the build date) and says where its buy action goes
(``Target``), what it adds to that market's pages, what files it publishes, and what is wrong
before anything is published. A new provider is one module named in ``provider.PROVIDERS``.
"""

from .plugin import register

__all__ = ["register"]
