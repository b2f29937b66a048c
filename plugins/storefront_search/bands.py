"""Price bands for the search filter: edges on the 1-2-5 series that split a market's prices
into a few groups of about the same size, in the market's own currency."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: the 1-2-5 series: round numbers a shopper reads at a glance (20, 50, 100, 200...)
_STEPS = (Decimal(1), Decimal(2), Decimal(5), Decimal(10))


def nice(amount: Decimal) -> Decimal:
    """The number of the 1-2-5 series nearest ``amount`` (by ratio); at least 1.

    >>> [str(nice(Decimal(x))) for x in ("0.4", "3", "7.9", "34", "120", "2980")]
    ['1', '2', '10', '50', '100', '2000']
    """
    if amount <= 1:
        return Decimal(1)
    scale = Decimal(10) ** amount.adjusted()
    mantissa = amount / scale
    best = min(_STEPS, key=lambda step: max(step / mantissa, mantissa / step))
    return Decimal(int(best * scale))


def band_edges(prices: Sequence[Decimal], bands: int = 4) -> tuple[Decimal, ...]:
    """Edges that split ``prices`` into at most ``bands`` bands of about the same size.

    >>> band_edges([Decimal(p) for p in (9, 15, 19, 29, 35, 49, 79, 99, 129, 199)])
    (Decimal('20'), Decimal('50'), Decimal('100'))
    >>> band_edges([Decimal(1200), Decimal(4980), Decimal(9800), Decimal(29800)])
    (Decimal('5000'), Decimal('10000'), Decimal('20000'))
    >>> band_edges([Decimal(10)])
    ()
    """
    ordered = sorted(prices)
    if len(ordered) < 2:
        return ()
    edges: set[Decimal] = set()
    for i in range(1, bands):
        edge = nice(ordered[min(len(ordered) - 1, len(ordered) * i // bands)])
        if ordered[0] < edge <= ordered[-1]:
            edges.add(edge)
    return tuple(sorted(edges))


@dataclass(frozen=True)
class Band:
    """The band a price falls in: ``low`` <= price < ``high`` (None: open-ended)."""

    low: Decimal | None
    high: Decimal | None


def band_of(price: Decimal, edges: Sequence[Decimal]) -> Band:
    """The band of ``price`` between ``edges`` (sorted).

    >>> band_of(Decimal("19.99"), (Decimal(20), Decimal(50)))
    Band(low=None, high=Decimal('20'))
    >>> band_of(Decimal(20), (Decimal(20), Decimal(50)))
    Band(low=Decimal('20'), high=Decimal('50'))
    >>> band_of(Decimal(75), (Decimal(20), Decimal(50)))
    Band(low=Decimal('50'), high=None)
    """
    low: Decimal | None = None
    for edge in edges:
        if price < edge:
            return Band(low, edge)
        low = edge
    return Band(low, None)
