"""Exact numbers from what people and pages write: never through a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def to_decimal(value: Any) -> Decimal | None:
    """``value`` (YAML's int or Decimal, text, a JSON number) as a Decimal; None when it is
    no finite number (booleans included: YAML's ``yes`` is not 1).

    >>> to_decimal("36.99"), to_decimal(4480), to_decimal(" 1e2 "), to_decimal(Decimal("2.50"))
    (Decimal('36.99'), Decimal('4480'), Decimal('1E+2'), Decimal('2.50'))
    >>> to_decimal("n/a"), to_decimal(True), to_decimal(None), to_decimal("NaN")
    (None, None, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
