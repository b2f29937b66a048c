"""The numbers `storefront bench` measured: medians, ratios, the printed tables and the JSON.

Every ratio is computed here from the medians shown next to it (wall seconds), as the issue's
table does: cold pages against plain Pelican's and Hugo's cold builds, warm and one-change
rebuilds against Hugo's cold build.
"""

from __future__ import annotations

import json
import os
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from .bench_run import Run

if TYPE_CHECKING:
    from .bench import BenchOptions

#: targets from issue 15 ("Done when"), on the 2-core reference machine
TARGET_COLD_PAGES_OVER_PELICAN = 1.0
TARGET_WARM_OVER_HUGO = 0.5
TARGET_CHANGED_OVER_HUGO = 1.0
TARGET_CARDS_SECONDS_PER_6000 = 30.0
TARGET_PHOTO_RATIO = 0.9  # photos/s against raw Pillow doing the same encoding
TARGET_PEAK_MB_20000 = 1024
#: the interleaved series of a scenario, in the order of a round
SERIES = ("cold_pages", "pelican", "pelican_simple", "hugo", "warm", "warm_forced",
          "changed")


@dataclass
class MarketPages:
    """Pages one market got: in the storefront output, plain Pelican's and Hugo's."""

    code: str
    language: str
    currency: str
    product_pages: int = 0  # storefront: <market>/products/<slug>/index.html
    html_pages: int = 0  # storefront: every HTML file under the market's folder
    plain_lang: str = ""  # the lang plain Pelican's translations (and Hugo's language) carry
    plain_product_pages: int | None = None  # plain Pelican: <slug>.html / <slug>-<lang>.html
    hugo_product_pages: int | None = None  # Hugo: [<lang>/]products/<slug>/index.html


@dataclass
class Scenario:
    """Every build of one store (1 market or M), and what they wrote."""

    markets: int
    photos: Run | None = None  # first build: photos, share cards, pages (first store only)
    cards: Run | None = None  # first build with photos cached: share cards and pages
    cold_pages: list[Run] = field(default_factory=list)  # every cache but photos, cards gone
    pelican: list[Run] = field(default_factory=list)  # plain Pelican, minimal theme, cold
    pelican_simple: list[Run] = field(default_factory=list)  # plain Pelican, "simple" theme
    hugo: list[Run] = field(default_factory=list)  # Hugo, cold
    warm: list[Run] = field(default_factory=list)  # nothing changed: `storefront build`
    warm_forced: list[Run] = field(default_factory=list)  # the same, `--force`: every step
    changed: list[Run] = field(default_factory=list)  # one product changed
    pages: list[MarketPages] = field(default_factory=list)
    html_pages: int = 0  # every HTML file the storefront wrote (markets + site-wide pages)
    plain_html_pages: int | None = None
    hugo_html_pages: int | None = None
    reproducible: bool | None = None  # cold pages (PYTHONHASHSEED 2) == first build (1)
    reproducible_diff: list[str] = field(default_factory=list)
    plain_reproducible: bool | None = None

    @property
    def label(self) -> str:
        return f"{self.markets} market{'s' if self.markets > 1 else ''}"

    def runs(self) -> list[Run]:
        firsts = [r for r in (self.photos, self.cards) if r is not None]
        return firsts + [r for name in SERIES for r in getattr(self, name)]

    def storefront_runs(self) -> list[Run]:
        firsts = [r for r in (self.photos, self.cards) if r is not None]
        return firsts + self.cold_pages + self.warm + self.warm_forced + self.changed

    def same_product_pages(self, attr: str = "plain_product_pages") -> bool | None:
        """True when the baseline (``attr``) wrote exactly the storefront's product pages."""
        if not self.pages or any(getattr(m, attr) is None for m in self.pages):
            return None
        return all(m.product_pages == getattr(m, attr) for m in self.pages)

    def metrics(self, raw_pillow_seconds: float | None = None,
                photos_total: int = 0) -> dict[str, float | int | None]:
        """Medians of every series (wall, CPU, peak memory), first builds, and the ratios."""
        m: dict[str, float | int | None] = {}
        for name in SERIES:
            runs = getattr(self, name)
            m[f"{name}_seconds"] = median(runs, "seconds")
            m[f"{name}_cpu_seconds"] = median(runs, "cpu_seconds")
            m[f"{name}_peak_mb"] = max((r.peak_mb for r in runs if r.ok), default=None)
        cold, pel = m["cold_pages_seconds"], m["pelican_seconds"]
        hugo = m["hugo_seconds"]
        m["cold_pages_over_pelican"] = ratio(cold, pel)
        m["cold_pages_over_pelican_simple"] = ratio(cold, m["pelican_simple_seconds"])
        m["cold_pages_over_hugo"] = ratio(cold, hugo)
        m["warm_over_hugo"] = ratio(m["warm_seconds"], hugo)
        m["changed_over_hugo"] = ratio(m["changed_seconds"], hugo)
        m["warm_over_pelican"] = ratio(m["warm_seconds"], pel)
        m["warm_forced_over_hugo"] = ratio(m["warm_forced_seconds"], hugo)
        for name in ("photos", "cards"):
            run: Run | None = getattr(self, name)
            good = run is not None and run.ok
            m[f"{name}_build_seconds"] = run.seconds if run and good else None
            m[f"{name}_build_cpu_seconds"] = run.cpu_seconds if run and good else None
            m[f"{name}_build_peak_mb"] = run.peak_mb if run and good else None
        photos, cards = self.photos, self.cards
        photo_s = photos.timing("images") if photos and photos.ok else None
        m["photo_seconds"] = photo_s
        m["photos_encoded"] = photos.encoded if photos and photos.ok else None
        m["photos_per_second"] = (photos.encoded / photo_s if photos and photo_s else None)
        raw = photos_total / raw_pillow_seconds if raw_pillow_seconds else None
        m["raw_pillow_photos_per_second"] = raw if photo_s else None
        m["photo_ratio"] = ratio(m["photos_per_second"], m["raw_pillow_photos_per_second"])
        card_s = cards.timing("cards") if cards and cards.ok else None
        m["card_seconds"] = card_s
        m["cards_drawn"] = cards.cards_drawn if cards and cards.ok else None
        m["card_seconds_per_6000"] = (card_s / cards.cards_drawn * 6000
                                      if cards and card_s and cards.cards_drawn else None)
        m["peak_mb"] = max((r.peak_mb for r in self.storefront_runs() if r.ok), default=None)
        return m

    def phases(self, series: str = "cold_pages") -> dict[str, float]:
        """The build's own summary (seconds per phase), median over the series' runs."""
        runs = [r for r in getattr(self, series) if r.ok]
        names = dict.fromkeys(name for r in runs for name in r.stats.get("timings", {}))
        return {name: statistics.median(r.timing(name) for r in runs) for name in names}


@dataclass
class BenchReport:
    options: BenchOptions
    project: str = ""
    hugo: str = ""  # `hugo version` of the binary compared with, "" without one
    generate_seconds: float = 0.0
    photos_total: int = 0
    scenarios: list[Scenario] = field(default_factory=list)
    raw_pillow_seconds: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.scenarios) and all(
            s.cards is not None and all(r.ok for r in s.runs()) for s in self.scenarios
        )

    def metrics(self, scenario: Scenario) -> dict[str, float | int | None]:
        return scenario.metrics(self.raw_pillow_seconds, self.photos_total)

    def add_failure_notes(self) -> None:
        """Note the first failed build, and product pages a baseline did not match."""
        for scenario in self.scenarios:
            failed = next((r for r in scenario.runs() if not r.ok), None)
            if failed is not None:
                self.notes.append(f"{scenario.label}: a build failed:\n{failed.error}")
            for attr, who in (("plain_product_pages", "plain Pelican"),
                              ("hugo_product_pages", "Hugo")):
                if scenario.same_product_pages(attr) is False:
                    self.notes.append(
                        f"{scenario.label}: {who} did not write the same product pages as the "
                        "storefront, so its times do not compare the same work (see pages per "
                        "market)")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for scenario, out in zip(self.scenarios, data["scenarios"], strict=True):
            out["label"] = scenario.label
            out["metrics"] = self.metrics(scenario)
            out["phases"] = {name: scenario.phases(name)
                             for name in ("cold_pages", "warm", "changed")}
            out["same_product_pages"] = scenario.same_product_pages()
            out["hugo_same_product_pages"] = scenario.same_product_pages("hugo_product_pages")
        data["ok"] = self.ok
        data["cores"] = os.cpu_count()
        return data


def median(runs: list[Run], attr: str = "seconds") -> float | None:
    """Median of ``attr`` over the successful runs; None without one."""
    good = [float(getattr(r, attr)) for r in runs if r.ok]
    return statistics.median(good) if good else None


def ratio(a: float | int | None, b: float | int | None) -> float | None:
    """``a / b``, None when either is missing or b is zero.

    >>> ratio(8.8, 2.0), ratio(None, 2.0), ratio(1.0, 0)
    (4.4, None, None)
    """
    return a / b if a is not None and b else None


# -- output ---------------------------------------------------------------------------------
def _fmt(value: float | int | None, digits: int = 2, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def _ok(flag: bool | None) -> str:
    return "-" if flag is None else ("[green]yes[/]" if flag else "[red]NO[/]")


def _cell(runs: list[Run]) -> str:
    """Median wall seconds, with median CPU seconds and peak memory under it."""
    if not runs:
        return ""
    if not any(r.ok for r in runs):
        return "[red]failed[/]"
    peak = max(r.peak_mb for r in runs if r.ok)
    return (f"{_fmt(median(runs))} s\n[dim]cpu {_fmt(median(runs, 'cpu_seconds'), 1)} s, "
            f"{peak:.0f} MB[/]")


def _x(value: float | None, what: str) -> str:
    return "" if value is None else f"{value:.2f}x {what}"


def _paren(text: str) -> str:
    return f" ({text})" if text else ""


def _joined(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def print_report(console: Console, report: BenchReport) -> None:
    """The issue's table (every scenario), pages per market, then the targets."""
    o = report.options
    title = (
        f"storefront bench: {o.products} products x {', '.join(map(str, o.market_counts))} "
        f"market(s), {o.photos} photo(s) each ({report.photos_total} photos), median of "
        f"{o.repeat} interleaved runs, {os.cpu_count()} cores"
        + (", catalog in git" if o.git else "")
        + (", store-currency prices only" if o.base_currency_only else "")
    )
    table = Table(title=title, show_lines=True)
    for col in ("", "storefront", "plain Pelican\n(minimal theme)", "plain Pelican\n(\"simple\")",
                "Hugo" + (f"\n{report.hugo.split()[1]}" if len(report.hugo.split()) > 1 else ""),
                "ratio"):
        table.add_column(col, justify="left" if col in ("", "ratio") else "right",
                         no_wrap=col != "ratio")
    for scenario in report.scenarios:
        _scenario_rows(table, report, scenario)
    console.print(table)
    console.print("[dim]Each cell: median wall seconds; under it median CPU seconds (user + "
                  "system, worker processes included) and peak memory of one process.[/]")
    for scenario in report.scenarios:
        for series, what in (("cold_pages", "cold pages"), ("warm", "warm")):
            phases = scenario.phases(series)
            if phases:
                console.print(f"{what}, {scenario.label}, the build's own summary (medians): "
                              + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()),
                              soft_wrap=True)
    for scenario in report.scenarios:
        print_pages(console, scenario)
    print_targets(console, report)
    for note in report.notes:
        console.print(f"note: {note}", markup=False)
    console.print(f"Generating the catalogs took {report.generate_seconds:.1f} s.")


def _scenario_rows(table: Table, report: BenchReport, s: Scenario) -> None:
    m = report.metrics(s)
    hugo_cold = f"{_fmt(m['hugo_seconds'])} s (cold)" if s.hugo else ""
    table.add_row(
        f"cold pages, {s.label}\n[dim](photos, cards cached; other caches,\noutput/ deleted)[/]",
        _cell(s.cold_pages), _cell(s.pelican), _cell(s.pelican_simple), _cell(s.hugo),
        _joined(_x(m["cold_pages_over_pelican"], "Pelican") + _paren(
                    _x(m["cold_pages_over_pelican_simple"], 'with "simple"')),
                _x(m["cold_pages_over_hugo"], "Hugo")),
    )
    table.add_row(f"warm, nothing changed, {s.label}", _cell(s.warm), "", "", hugo_cold,
                  _joined(_x(m["warm_over_hugo"], "Hugo cold"),
                          _x(m["warm_over_pelican"], "Pelican")))
    table.add_row(f"warm, nothing changed, --force, {s.label}\n[dim](every step runs; pages "
                  "from the page cache)[/]", _cell(s.warm_forced), "", "", hugo_cold,
                  _x(m["warm_forced_over_hugo"], "Hugo cold"))
    table.add_row(f"one product changed, {s.label}", _cell(s.changed), "", "", hugo_cold,
                  _x(m["changed_over_hugo"], "Hugo cold"))
    if s.cards is not None and s.cards.ok:
        table.add_row(
            f"first build, {s.label}, photos cached:\nshare cards",
            f"{_fmt(m['card_seconds'])} s of {_cell([s.cards])}", "", "", "",
            f"{m['cards_drawn']} cards drawn ({_fmt(m['card_seconds_per_6000'], 1)} s per "
            "6,000)",
        )
    if s.photos is not None and s.photos.ok:
        pr = m["photo_ratio"]
        table.add_row(
            f"first build, {s.label}: photos",
            f"{_fmt(m['photo_seconds'])} s of {_cell([s.photos])}", "", "", "",
            f"{m['photos_encoded']} photos, {_fmt(m['photos_per_second'])}/s"
            + ("" if pr is None else f" ({pr:.0%} of raw Pillow's "
               f"{_fmt(m['raw_pillow_photos_per_second'])}/s)"),
        )


def print_pages(console: Console, s: Scenario) -> None:
    """Pages per market written by the storefront, plain Pelican and Hugo."""
    if not s.pages:
        return
    table = Table(title=f"pages per market, {s.label}")
    cols = ("market", "currency", "product pages", "HTML pages", "plain lang",
            "Pelican product pages", "Hugo product pages")
    for col in cols:
        table.add_column(col, justify="left" if col in ("market", "plain lang") else "right")

    def theirs(n: int | None, ours: int) -> str:
        return "-" if n is None else (str(n) if n == ours else f"[red]{n}[/]")

    for mp in s.pages:
        table.add_row(mp.code, mp.currency, str(mp.product_pages), str(mp.html_pages),
                      mp.plain_lang, theirs(mp.plain_product_pages, mp.product_pages),
                      theirs(mp.hugo_product_pages, mp.product_pages))

    def total(attr: str) -> str:
        values = [getattr(mp, attr) for mp in s.pages]
        return "-" if None in values else str(sum(values))

    table.add_row("all markets", "", total("product_pages"),
                  f"{s.html_pages} (site-wide incl.)", "", total("plain_product_pages"),
                  total("hugo_product_pages"))
    table.add_row("all HTML files", "", "", str(s.html_pages), "",
                  "-" if s.plain_html_pages is None else str(s.plain_html_pages),
                  "-" if s.hugo_html_pages is None else str(s.hugo_html_pages))
    console.print(table)


def print_targets(console: Console, report: BenchReport) -> None:
    """Issue 15's "Done when", per store, and the checks that make the times comparable."""
    table = Table(title="targets")
    for col in ("store", "measure", "value", "target", "met"):
        table.add_column(col)
    for s in report.scenarios:
        m = report.metrics(s)
        rows: list[tuple[str, float | None, str, bool | None]] = []
        for key, what, limit in (
            ("cold_pages_over_pelican", "cold pages / plain Pelican cold",
             TARGET_COLD_PAGES_OVER_PELICAN),
            ("warm_over_hugo", "warm / Hugo cold", TARGET_WARM_OVER_HUGO),
            ("changed_over_hugo", "one product changed / Hugo cold", TARGET_CHANGED_OVER_HUGO),
        ):
            value = m[key]
            rows.append((what, value, f"<= {limit}", None if value is None else value <= limit))
        cards = m["card_seconds_per_6000"]
        rows.append(("share cards: seconds per 6,000 drawn cold", cards,
                     f"< {TARGET_CARDS_SECONDS_PER_6000:g}",
                     None if cards is None else cards < TARGET_CARDS_SECONDS_PER_6000))
        pr = m["photo_ratio"]
        if pr is not None:
            rows.append(("photos/s: storefront / raw Pillow", pr, f">= {TARGET_PHOTO_RATIO}",
                         pr >= TARGET_PHOTO_RATIO))
        for what, value, target, met in rows:
            table.add_row(s.label, what, _fmt(value), target, _ok(met))
        _check_rows(table, report, s, m)
    console.print(table)
    for s in report.scenarios:
        if s.reproducible_diff:
            console.print(f"{s.label}, files that differ: " + ", ".join(s.reproducible_diff))


def _check_rows(table: Table, report: BenchReport, s: Scenario,
                m: dict[str, float | int | None]) -> None:
    warm = [r for r in s.warm + s.warm_forced if r.ok]
    zero = all(r.rendered == 0 and r.encoded == 0 for r in warm) if warm else None
    table.add_row(s.label, "warm: pages rendered + photos encoded",
                  "-" if not warm else str(max(r.rendered + r.encoded for r in warm)), "0",
                  _ok(zero))
    diff = "-" if s.reproducible is None else (
        "identical" if s.reproducible else f"{len(s.reproducible_diff)}+ files differ")
    table.add_row(s.label, "byte-identical output (PYTHONHASHSEED 1 vs 2)", diff, "identical",
                  _ok(s.reproducible))
    plain = "-" if s.plain_reproducible is None else (
        "identical" if s.plain_reproducible else "differs")
    table.add_row(s.label, "  plain Pelican, same check", plain, "(info)", "")
    ours = sum(mp.product_pages for mp in s.pages)
    for attr, who in (("plain_product_pages", "plain Pelican"), ("hugo_product_pages", "Hugo")):
        same = s.same_product_pages(attr)
        theirs = sum(getattr(mp, attr) or 0 for mp in s.pages)
        table.add_row(s.label, f"product pages: storefront vs {who}",
                      "-" if same is None else f"{ours} vs {theirs}", "equal, per market",
                      _ok(same))
    peak = m["peak_mb"]
    big = report.options.products >= 20000 and s.markets == 1
    table.add_row(s.label, "peak memory of one process (MB)", _fmt(peak, 0),
                  f"< {TARGET_PEAK_MB_20000} at 20,000 products",
                  _ok(None if peak is None or not big else peak < TARGET_PEAK_MB_20000))


def write_json(report: BenchReport, path: Path) -> None:
    """Write the report (options, every run, the metrics of every store) as JSON."""
    path.write_text(json.dumps(report.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")
