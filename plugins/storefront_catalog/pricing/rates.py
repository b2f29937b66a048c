"""The exchange-rate snapshot committed to the repository (content/rates.yml), and cross rates.

A build never fetches a rate: prices change only when a commit changes this file, a rule or a
price. ``storefront prices rates --update`` rewrites it (``ecb.py``). The file::

    date: 2026-10-30                  # the day the rates are from
    source: European Central Bank reference rates
    base: EUR                         # every rate is an amount of its currency per 1 EUR
    rates: {USD: "1.1172", JPY: "175.68", GBP: "0.83380"}
    pegs: {SAR: {USD: "3.75"}}        # optional: 3.75 SAR per USD, for currencies the ECB
                                      # does not publish (fixed by their central bank)

Cross rates (USD -> JPY = JPY per EUR / USD per EUR) are computed with 28 significant digits
(``PRECISION``), half even, and never rounded before a price's own rounding rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import is_currency

from storefront_core.errors import Problem, display_path
from storefront_core.yamlio import YamlError, parse_yaml

RATES_FILE = "rates.yml"  # in the content folder
PRECISION = 28
_CTX = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)
_KEYS = ("date", "source", "base", "rates", "pegs")
UPDATE_HINT = "run `storefront prices rates --update`"
_Error = Callable[[str, str], None]  # reports a problem at a field path


@dataclass(frozen=True)
class RateSnapshot:
    """Exchange rates of one day: units of each currency per one unit of ``base``."""

    date: dt.date
    source: str
    base: str
    rates: dict[str, Decimal]  # the base itself is implied (1)
    pegs: dict[str, tuple[str, Decimal]] = field(default_factory=dict)  # code -> (anchor, rate)
    file: str = ""  # where it was read, as the merchant knows the path
    lines: dict[str, int] = field(default_factory=dict)  # field path -> line, for messages

    def per_base(self, currency: str) -> Decimal | None:
        """Units of ``currency`` per one unit of the base; None when the snapshot has none.

        >>> snap = RateSnapshot(dt.date(2026, 10, 30), "ECB", "EUR",
        ...     {"USD": Decimal("1.1172")}, {"SAR": ("USD", Decimal("3.75"))})
        >>> snap.per_base("EUR"), snap.per_base("SAR"), snap.per_base("JPY")
        (Decimal('1'), Decimal('4.189500'), None)
        """
        if currency == self.base:
            return Decimal(1)
        if currency in self.rates:
            return self.rates[currency]
        if currency in self.pegs:
            anchor, rate = self.pegs[currency]
            per_anchor = self.rates.get(anchor) if anchor != self.base else Decimal(1)
            return None if per_anchor is None else _CTX.multiply(rate, per_anchor)
        return None

    def rate(self, source: str, target: str) -> Decimal | None:
        """Units of ``target`` per one unit of ``source`` (a cross rate through the base).

        >>> snap = RateSnapshot(dt.date(2026, 10, 30), "ECB", "EUR",
        ...                     {"USD": Decimal("1.0832"), "JPY": Decimal("162.45")})
        >>> snap.rate("USD", "JPY")
        Decimal('149.9723042836041358936484490')
        >>> snap.rate("USD", "USD"), snap.rate("EUR", "USD"), snap.rate("USD", "GBP")
        (Decimal('1'), Decimal('1.0832'), None)
        """
        if source == target:
            return Decimal(1)
        src, dst = self.per_base(source), self.per_base(target)
        if src is None or dst is None:
            return None
        return _CTX.divide(dst, src)

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency it has a rate for, the base included."""
        return frozenset({self.base, *self.rates, *(c for c in self.pegs
                                                     if self.per_base(c) is not None)})


def load_rates(content_dir: Path, root: Path | None = None) -> tuple[RateSnapshot | None,
                                                                     list[Problem]]:
    """The snapshot in content/rates.yml; (None, []) when the store has none."""
    path = Path(content_dir) / RATES_FILE
    if not path.exists():
        return None, []
    shown = display_path(path, root)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        return None, [Problem(shown, "", exc.message, exc.line)]
    except (OSError, UnicodeDecodeError) as exc:
        what = "is not UTF-8 text; save it as UTF-8" if isinstance(
            exc, UnicodeDecodeError) else f"cannot be read ({exc.strerror or 'unreadable'})"
        return None, [Problem(shown, "", what)]
    return parse_rates(data, lines, shown)


def parse_rates(data: Any, lines: Mapping[str, int], file: str) -> tuple[RateSnapshot | None,
                                                                        list[Problem]]:
    """A snapshot from parsed YAML, or None with the problems that make it unusable.

    >>> snap, problems = parse_rates({"date": dt.date(2026, 10, 30), "source": "ECB",
    ...     "base": "EUR", "rates": {"USD": "1.0832", "JPY": "0"}}, {"rates.JPY": 6},
    ...     "content/rates.yml")
    >>> print(problems[0])
    content/rates.yml:6: rates.JPY: must be above zero (JPY per 1 EUR), e.g. JPY: "162.45"
    """
    problems: list[Problem] = []

    def error(where: str, message: str) -> None:
        problems.append(Problem(file, where, message, lines.get(where)))

    example = 'date: 2026-10-30, source: ..., base: EUR, rates: {USD: "1.0832"}'
    if not isinstance(data, Mapping):
        error("", f"must be a mapping such as {example}; {UPDATE_HINT} to write it")
        return None, problems
    for key in data:
        if key not in _KEYS:
            error(str(key), f"is not a field of the rates file; use {', '.join(_KEYS)}")
    day = data.get("date")
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        error("date", "is missing" if day is None else f"{day!r} is not a date"
              + "; write the day the rates are from as YYYY-MM-DD, e.g. date: 2026-10-30")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        error("source", "is missing; say where the rates come from, e.g. source: European "
                        "Central Bank reference rates")
    base = data.get("base")
    if not isinstance(base, str) or not is_currency(base):
        error("base", ("is missing" if base is None else f"{base!r} is not an ISO 4217 currency "
                       "code") + "; write the currency every rate is per one unit of, e.g. "
                                 "base: EUR")
        base = None
    rates = _parse_rate_table(data.get("rates"), base, error)
    pegs = _parse_pegs(data.get("pegs") or {}, base, rates, error)
    if problems or base is None or not isinstance(day, dt.date) or not isinstance(source, str):
        return None, problems
    return RateSnapshot(day, source.strip(), base, rates, pegs, file, dict(lines)), problems


def _parse_rate_table(raw_rates: Any, base: str | None,
                      error: _Error) -> dict[str, Decimal]:
    """The usable entries of ``rates:`` (currency -> units per one unit of the base)."""
    rates: dict[str, Decimal] = {}
    if not isinstance(raw_rates, Mapping) or not raw_rates:
        error("rates", f'must list a rate per currency, e.g. rates: {{USD: "1.0832"}}; '
                       f"{UPDATE_HINT}")
        return rates
    for code, value in raw_rates.items():
        where = f"rates.{code}"
        if _code_ok(code, where, error) and (rate := _rate(value, where, code, base,
                                                            error)) is not None:
            rates[code] = rate
    return rates


def _parse_pegs(raw_pegs: Any, base: str | None, rates: Mapping[str, Decimal],
                error: _Error) -> dict[str, tuple[str, Decimal]]:
    """The usable entries of ``pegs:`` (currency -> (anchor, units per one anchor))."""
    pegs: dict[str, tuple[str, Decimal]] = {}
    if not isinstance(raw_pegs, Mapping):
        error("pegs", 'must map a currency to its anchor, e.g. pegs: {SAR: {USD: "3.75"}}')
        return pegs
    for code, anchor in raw_pegs.items():
        peg = _parse_peg(code, anchor, base, rates, error)
        if peg is not None:
            pegs[code] = peg
    return pegs


def _parse_peg(code: Any, anchor: Any, base: str | None, rates: Mapping[str, Decimal],
               error: _Error) -> tuple[str, Decimal] | None:
    """One ``pegs:`` entry as (anchor, rate), or None after reporting why it is unusable."""
    where = f"pegs.{code}"
    if not _code_ok(code, where, error):
        return None
    if not isinstance(anchor, Mapping) or len(anchor) != 1:
        error(where, f'must name one currency and the {code} per one unit of it, e.g. '
                     f'{code}: {{USD: "3.75"}}')
        return None
    (to, value), = anchor.items()
    if not _code_ok(to, f"{where}.{to}", error):
        return None
    if to != base and to not in rates:
        error(f"{where}.{to}", f"{to} has no rate in rates, so {code} cannot follow it; "
                               f"peg it to a currency listed there")
        return None
    if code in rates:
        error(where, f"{code} is in rates too; keep one of them")
        return None
    rate = _rate(value, f"{where}.{to}", code, to, error)
    return None if rate is None else (to, rate)


def check_rates(snapshot: RateSnapshot | None, needed: Mapping[str, str], *, today: dt.date,
                max_age_days: int, file: str = f"content/{RATES_FILE}") -> list[Problem]:
    """Problems using the snapshot for ``needed`` currencies (code -> who needs it, e.g.
    "the ja-jp market"): each missing rate an error, a snapshot older than ``max_age_days``
    a warning.

    >>> snap = RateSnapshot(dt.date(2026, 1, 1), "ECB", "EUR", {"USD": Decimal("1.08")},
    ...                     file="content/rates.yml", lines={"rates": 4, "date": 1})
    >>> for p in check_rates(snap, {"JPY": "the ja-jp market"}, today=dt.date(2026, 4, 1),
    ...                      max_age_days=60):
    ...     print(p)
    content/rates.yml:4: rates: has no JPY rate, which the ja-jp market needs; run \
`storefront prices rates --update`, or add JPY: "..." (JPY per 1 EUR)
    content/rates.yml:1: date: the rates are from 2026-01-01, 90 days old (STORE_PRICING \
rates_max_age_days: 60); run `storefront prices rates --update` and commit the file
    """
    if not needed:
        return []
    if snapshot is None:
        names = ", ".join(f"{code} ({who})" for code, who in sorted(needed.items()))
        return [Problem(file, "", f"is missing, and prices in {names} are derived from exchange "
                                  f"rates; {UPDATE_HINT} to write it, then commit it")]
    problems = []
    for code, who in sorted(needed.items()):
        if snapshot.per_base(code) is None:
            problems.append(Problem(
                snapshot.file, "rates", f"has no {code} rate, which {who} needs; {UPDATE_HINT}, "
                f'or add {code}: "..." ({code} per 1 {snapshot.base})',
                snapshot.lines.get("rates")))
    age = (today - snapshot.date).days
    if age > max_age_days:
        problems.append(Problem(
            snapshot.file, "date", f"the rates are from {snapshot.date.isoformat()}, {age} days "
            f"old (STORE_PRICING rates_max_age_days: {max_age_days}); {UPDATE_HINT} and commit "
            "the file", snapshot.lines.get("date"), "warning"))
    return problems


def dump_rates(snapshot: RateSnapshot, note: str = "") -> str:
    """The snapshot as the YAML file the repository keeps (sorted, rates quoted: exact).

    >>> print(dump_rates(RateSnapshot(dt.date(2026, 10, 30), "ECB", "EUR",
    ...     {"USD": Decimal("1.1172"), "GBP": Decimal("0.83380")},
    ...     {"SAR": ("USD", Decimal("3.75"))})), end="")
    # Exchange rates for prices derived from the store currency (README: "Prices in every
    # market"). Written by `storefront prices rates --update`; a build never fetches rates.
    date: 2026-10-30
    source: "ECB"
    base: EUR
    rates:  # units of each currency per 1 EUR
      GBP: "0.83380"
      USD: "1.1172"
    pegs:  # currencies the source does not publish: units per 1 of the anchor currency
      SAR: {USD: "3.75"}
    """
    out = ["# Exchange rates for prices derived from the store currency (README: \"Prices in "
           "every", "# market\"). Written by `storefront prices rates --update`; a build never "
           "fetches rates."]
    if note:
        out += [f"# {line}" if line else "#" for line in note.splitlines()]
    source = snapshot.source.replace("\\", "\\\\").replace('"', '\\"')
    out += [f"date: {snapshot.date.isoformat()}", f'source: "{source}"',
            f"base: {snapshot.base}", f"rates:  # units of each currency per 1 {snapshot.base}"]
    out += [f'  {code}: "{snapshot.rates[code]}"' for code in sorted(snapshot.rates)]
    if snapshot.pegs:
        out.append("pegs:  # currencies the source does not publish: units per 1 of the anchor "
                   "currency")
        out += [f'  {code}: {{{to}: "{rate}"}}'
                for code, (to, rate) in sorted(snapshot.pegs.items())]
    return "\n".join(out) + "\n"


def _code_ok(code: Any, where: str, error: Any) -> bool:
    if isinstance(code, str) and code == code.upper() and is_currency(code):
        return True
    hint = f'; write "{code.upper()}"' if isinstance(code, str) and is_currency(
        code.upper()) else ""
    error(where, f"{code!r} is not an ISO 4217 currency code{hint}")
    return False


def _rate(value: Any, where: str, code: str, per: str | None, error: Any) -> Decimal | None:
    example = f'{code}: "162.45"' if code == "JPY" else f'{code}: "1.0832"'
    try:
        rate = Decimal(str(value).strip()) if isinstance(value, str | int | Decimal) and \
            not isinstance(value, bool) else None
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        error(where, f"{value!r} is not a number; write it with a dot, in quotes, e.g. "
                     f"{example}")
        return None
    if rate <= 0:
        error(where, f"must be above zero ({code} per 1 {per or 'unit of the base'}), e.g. "
                     f"{example}")
        return None
    return rate
