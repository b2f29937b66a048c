"""Every market's products in its currency: the build's pricing step.

Runs once per build, after the catalog is read and before each market's view is made: a
product the merchant priced only in the store currency is priced in every market from the
committed rate snapshot (content/rates.yml). Without a snapshot nothing is derived and a
product without a market's currency is not sold there (with a warning saying how to derive
it), as before derived prices existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_core.errors import Problem, display_path

from ..model import Catalog, Prices, Product
from ..urls import Market
from .derive import MissingRate, PriceBasis, derive_amount, derive_product, market_notes
from .market import StorePricing, store_pricing
from .rates import RATES_FILE, RateSnapshot, check_rates, load_rates


@dataclass
class StorePrices:
    """What a build prices with: the snapshot, the store currency's basis, the settings, and
    each market's priced products by slug (only markets whose currency is derived)."""

    rates: RateSnapshot | None
    basis: PriceBasis
    store: StorePricing
    products: dict[str, dict[str, Product]] = field(default_factory=dict)

    def amount(self, amounts: Prices, market: Market) -> Decimal | None:
        """A campaign's amount off in the market's currency: written, or derived (None when
        it can be neither)."""
        try:
            found = derive_amount(amounts, market, self.rates, self.basis)
        except MissingRate:
            return None
        return found.amount if found is not None else None


def price_markets(catalog: Catalog, markets: Any, settings: Mapping[str, Any],
                  content_dir: Path, root: Path | None,
                  today: Any) -> tuple[StorePrices, list[Problem]]:
    """Each market's products priced in its currency, and the problems found doing it.

    Warnings of the same kind (rounding moves, floors, list prices) are reported once per
    kind with a count and the first few products, not once per product and market.
    """
    rates, problems = load_rates(content_dir, root)
    store = store_pricing(settings)
    default = markets.default
    basis = PriceBasis(default.currency, store.base_includes_tax,
                       default.pricing.vat or Decimal(0))
    prices = StorePrices(rates, basis, store)
    if rates is None:
        return prices, problems
    needed: dict[str, str] = {}
    found: list[Problem] = []
    source = markets.source or "pelicanconf.py"
    for market in markets.markets:
        problems += market_notes(market, basis, display_path(Path(source), root)
                                 if markets.source else source)
        if market.currency == basis.currency:
            continue  # the store currency's prices are shown as written
        priced: dict[str, Product] = {}
        for product in catalog.products:
            if market.excludes(product.slug, product.category_path):
                continue
            derived = derive_product(product, market, rates, basis, store, root)
            if derived.missing_rate:
                needed.setdefault(derived.missing_rate, f"the {market.code} market")
                continue
            if any(line.price.source == "derived" for line in derived.lines):
                needed.setdefault(market.currency, f"the {market.code} market")
            priced[product.slug] = derived.product
            found += derived.problems
        prices.products[market.code] = priced
    problems += grouped(found)
    problems += check_rates(rates, needed, today=today, max_age_days=store.rates_max_age_days,
                            file=display_path(Path(content_dir) / RATES_FILE, root))
    return prices, problems


def grouped(problems: list[Problem], shown: int = 3) -> list[Problem]:
    """Pricing warnings folded by kind: the first few in full, then one line with the count.

    >>> p = [Problem(f"content/products/p{i}/index.md", "price", f"en-gb: rounding moves "
    ...              f"the GBP price of S{i} by 11 %", severity="warning") for i in range(5)]
    >>> [str(x) for x in grouped(p, shown=2)][-1]
    'content/products/p2/index.md: price: and 3 more prices of the same kind (run `storefront \
prices` for the full list)'
    """
    kinds: dict[str, list[Problem]] = {}
    for problem in problems:
        kinds.setdefault(_kind(problem.message), []).append(problem)
    out: list[Problem] = []
    for same in kinds.values():
        out += same[:shown]
        if len(same) > shown:
            first = same[shown]
            out.append(Problem(first.file, first.field, f"and {len(same) - shown} more prices "
                               "of the same kind (run `storefront prices` for the full list)",
                               first.line, first.severity))
    return out


def _kind(message: str) -> str:
    """What a pricing warning is about, without the market, SKU and amounts."""
    words = message.split(":", 1)[-1].split()
    return " ".join(w for w in words[:6] if not any(ch.isdigit() for ch in w))
