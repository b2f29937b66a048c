"""Derived market prices: one price in the store currency, every market's price from it.

- ``rounding``: price endings (``.99``), steps (JPY to the next 10) and each currency's minor
  unit (Babel), with sensible defaults per currency;
- ``rates``: the committed exchange-rate snapshot (content/rates.yml) and cross rates;
- ``ecb``: refreshing the snapshot from the ECB reference rates (no network);
- ``market``: the pricing fields of a market in markets.yml and the ``STORE_PRICING`` setting;
- ``derive``: the one function that prices a product, variant, tier, list price or campaign
  amount in a market (``market_price``), and a product for a market (``derive_product``).

This package imports nothing from its parent package at import time but the model: the URL
map's ``Market`` carries a ``MarketPricing`` from here.
"""
