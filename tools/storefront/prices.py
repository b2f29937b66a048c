"""`storefront prices`: every SKU's price in every market, where it came from, and the rate
snapshot behind it (`storefront prices rates [--update | --from FILE]`). Reads the project;
builds nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_catalog.markets import MarketSet, load_markets
from storefront_catalog.pricing.derive import (
    DerivedProduct,
    PriceBasis,
    derive_product,
    market_notes,
)
from storefront_catalog.pricing.ecb import EcbRates, bundled_rates, read_ecb_file, snapshot_from
from storefront_catalog.pricing.market import StorePricing, store_pricing
from storefront_catalog.pricing.rates import (
    RATES_FILE,
    RateSnapshot,
    check_rates,
    dump_rates,
    load_rates,
)
from storefront_catalog.settings import SETTINGS, apply_defaults, build_date, check_settings
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import write_atomic

from .project import read_project_settings

#: the columns of --format csv, and the keys of every --format json object
COLUMNS = ("market", "sku", "min_qty", "currency", "price", "source", "list_price",
           "list_source", "base_currency", "base", "rate", "adjusted", "rule")


@dataclass
class PriceReport:
    """Every price row of a project, and the problems found computing them."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class PricingProject:
    """What pricing reads of a project: settings, markets, the rate snapshot and its file."""

    root: Path
    content: Path
    settings: dict[str, Any]
    markets: MarketSet
    store: StorePricing
    rates: RateSnapshot | None
    rates_file: str
    problems: list[Problem]

    @property
    def basis(self) -> PriceBasis:
        """The store currency's prices: the default market's currency (every product has it)."""
        default = self.markets.default
        return PriceBasis(default.currency, self.store.base_includes_tax,
                          default.pricing.vat or Decimal(0))


def read_pricing_project(project: Path, settings_file: str = "pelicanconf.py") -> PricingProject:
    """Settings, markets and rates of a project; StorefrontError when they cannot be used."""
    settings = read_project_settings(project, settings_file)
    declared = SETTINGS
    apply_defaults(settings, declared)
    problems = check_settings(settings, declared)
    root = project.resolve()
    content = root / settings["PATH"]
    markets, found = load_markets(settings, content, root)
    problems += found
    rates, found = load_rates(content, root)
    problems += found
    if any(p.severity == "error" for p in problems):
        raise StorefrontError(problems)
    return PricingProject(root, content, settings, markets, store_pricing(settings), rates,
                          display_path(content / RATES_FILE, root), problems)


def price_report(project: Path, settings_file: str = "pelicanconf.py") -> PriceReport:
    """Every product's (and variant's, and tier's) price in every market that sells it."""
    from storefront_catalog.store import load_store

    pp = read_pricing_project(project, settings_file)
    report = PriceReport(problems=list(pp.problems))
    loaded = load_store(pp.settings, pp.content, pp.root)
    if isinstance(loaded, list):
        raise StorefrontError(loaded)
    # "has no JPY price" warnings are what deriving prices makes obsolete; errors stay
    report.problems += [p for p in loaded.problems if p.severity == "error"]
    basis = pp.basis
    needed: dict[str, str] = {}
    for market in pp.markets.markets:
        report.problems += market_notes(market, basis, pp.markets.source or "pelicanconf.py")
        for product in loaded.catalog.products:
            if not _sold(product, market, pp.markets):
                continue
            derived = derive_product(product, market, pp.rates, basis, pp.store, pp.root)
            if derived.missing_rate or any(line.price.source == "derived"
                                           for line in derived.lines):
                needed.setdefault(market.currency, f"the {market.code} market")
            report.problems += derived.problems
            report.rows += _rows(derived, market, basis)
    report.problems += check_rates(pp.rates, needed, today=build_date(),
                                   max_age_days=pp.store.rates_max_age_days, file=pp.rates_file)
    return report


def _sold(product: Any, market: Market, markets: MarketSet) -> bool:
    """Whether the market sells the product (exclusions, the untranslated policy)."""
    if market.excludes(product.slug, product.category_path):
        return False
    if markets.untranslated == "fallback" or market.lang == markets.default.lang:
        return True
    return bool(product.has_text(market.lang) or product.has_text(market.code))


def _rows(derived: DerivedProduct, market: Market, basis: PriceBasis) -> list[dict[str, Any]]:
    rows = []
    for line in derived.lines:
        price, shown = line.price, line.list_price
        rows.append({
            "market": market.code, "sku": line.sku, "min_qty": line.min_qty,
            "currency": price.currency, "price": str(price.amount), "source": price.source,
            "list_price": str(shown.amount) if shown else None,
            "list_source": shown.source if shown else None,
            "base_currency": basis.currency,
            "base": None if price.base is None else str(price.base),
            "rate": None if price.rate is None else str(price.rate),
            "adjusted": None if price.adjusted is None else str(price.adjusted),
            "rule": price.rule or None,
        })
    return rows


def report_json(report: PriceReport) -> str:
    """The rows as a JSON list of objects (keys: ``COLUMNS``)."""
    return json.dumps(report.rows, ensure_ascii=False, indent=2) + "\n"


def report_csv(report: PriceReport) -> str:
    """The rows as CSV with a header line (``COLUMNS``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def report_table(report: PriceReport) -> Any:
    """The rows as a rich table: base, rate, adjusted and rounded price, source."""
    from rich.table import Table

    table = Table(title="Prices per market")
    for column in ("Market", "SKU", "From qty", "Base", "Rate", "Adjusted", "Price", "Rule",
                   "Source", "List price"):
        table.add_column(column, justify="right" if column in (
            "From qty", "Base", "Rate", "Adjusted", "Price", "List price") else "left")
    for row in report.rows:
        table.add_row(
            row["market"], row["sku"], str(row["min_qty"] or ""),
            f"{row['base']} {row['base_currency']}" if row["base"] else "",
            _short(row["rate"], "0.000001"), _short(row["adjusted"], "0.0001"),
            f"{row['price']} {row['currency']}", row["rule"] or "", row["source"],
            (f"{row['list_price']} ({row['list_source']})" if row["list_price"] else ""))
    return table


def _short(value: str | None, places: str) -> str:
    return "" if value is None else str(Decimal(value).quantize(Decimal(places)).normalize())


# -- the rate snapshot ----------------------------------------------------------------------
@dataclass(frozen=True)
class RatesUpdate:
    """What `storefront prices rates --update` wrote, and what it could not."""

    path: Path
    snapshot: RateSnapshot
    notes: list[str]
    errors: list[str]


def wanted_currencies(pp: PricingProject) -> list[str]:
    """The currencies the store's markets use, and the store currency."""
    codes = {m.currency for m in pp.markets.markets} | {pp.settings.get("STORE_CURRENCY", "")}
    return sorted(c for c in codes if c)


def update_rates(project: Path, settings_file: str = "pelicanconf.py",
                 source: Path | None = None) -> RatesUpdate:
    """Rewrite content/rates.yml from the bundled ECB rates (or an ECB file the merchant
    downloaded): only the currencies the store uses, with the date and source."""
    pp = read_pricing_project(project, settings_file)
    ecb: EcbRates = read_ecb_file(source) if source is not None else bundled_rates()
    snapshot, notes, errors = snapshot_from(ecb, wanted_currencies(pp), pp.rates)
    path = pp.content / RATES_FILE
    if not errors:
        write_atomic(path, dump_rates(snapshot).encode("utf-8"))
    return RatesUpdate(path, snapshot, notes, errors)


def rates_lines(pp: PricingProject) -> Sequence[str]:
    """The snapshot in use, as lines: its date and source, each market's cross rate."""
    snap = pp.rates
    if snap is None:
        return [f"{pp.rates_file}: none yet; `storefront prices rates --update` writes it"]
    lines = [f"{pp.rates_file}: {snap.date.isoformat()}, {snap.source} (base {snap.base})"]
    base = pp.basis.currency
    for market in pp.markets.markets:
        rate = snap.rate(base, market.currency)
        shown = _short(str(rate), "0.000001") if rate is not None else "missing"
        lines.append(f"  {market.code}: 1 {base} = {shown} {market.currency}")
    return lines
