"""`storefront bench`: build a synthetic catalog cold, warm and after one edit, next to plain
Pelican building the same pages, and report times, photo throughput, memory, reproducibility.

With ``--markets M`` every product page exists in M markets (languages and currencies); plain
Pelican builds the same M pages per product as native translations (same slug, one ``lang``
per market), and the report counts both sides' product pages per market.

Every build runs in a fresh interpreter (``python -m storefront.bench child ...``) that times
only the build itself and reports its peak memory, so import time and earlier runs never
leak into a measurement.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from .synth import SynthProduct

Log = Callable[[str], None]

#: targets from the issue, on the 2-core reference machine
TARGET_WARM_RATIO = 0.3
TARGET_COLD_PAGES_RATIO = 1.0
TARGET_PHOTO_RATIO = 0.9
TARGET_PEAK_MB_5000 = 500


@dataclass(frozen=True)
class BenchOptions:
    products: int = 200
    photos: int = 1
    markets: int = 1
    repeat: int = 3
    keep: bool = False
    baseline: bool = True


@dataclass
class Run:
    """One build in a fresh process."""

    seconds: float = 0.0
    ok: bool = True
    error: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    rss_main_mb: float = 0.0  # peak resident memory of the build process
    rss_worker_mb: float = 0.0  # peak of the largest worker process (image pool)

    @property
    def rendered(self) -> int:
        return int(self.stats.get("pages_rendered", 0))

    @property
    def encoded(self) -> int:
        return int(self.stats.get("images_encoded", 0))


@dataclass
class MarketPages:
    """Pages one market got: in the storefront output and in plain Pelican's."""

    code: str
    language: str
    currency: str
    product_pages: int = 0  # storefront: <market>/products/<slug>/index.html
    html_pages: int = 0  # storefront: every HTML file under the market's folder
    plain_lang: str = ""  # the lang plain Pelican's translations of this market carry
    plain_product_pages: int | None = None  # plain Pelican: <slug>.html / <slug>-<lang>.html


@dataclass
class BenchReport:
    options: BenchOptions
    project: str = ""
    generate_seconds: float = 0.0
    photos_total: int = 0
    cold: Run | None = None
    markets: list[MarketPages] = field(default_factory=list)
    html_pages: int = 0  # every HTML file the storefront wrote (markets + site-wide pages)
    plain_html_pages: int | None = None  # every HTML file plain Pelican wrote
    cold_pages: list[Run] = field(default_factory=list)  # caches cleared except photos
    warm: list[Run] = field(default_factory=list)
    changed: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    raw_pillow_seconds: float | None = None
    reproducible: bool | None = None
    reproducible_diff: list[str] = field(default_factory=list)
    plain_reproducible: bool | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        runs = [self.cold, *self.cold_pages, *self.warm, *self.changed, *self.plain]
        return all(r is not None and r.ok for r in runs) and self.cold is not None

    def metrics(self) -> dict[str, float | None]:
        """The headline numbers, computed from the runs."""
        med = _median_seconds
        cold = self.cold
        images_s = float(cold.stats.get("timings", {}).get("images", 0.0)) if cold else 0.0
        cards_s = float(cold.stats.get("timings", {}).get("cards", 0.0)) if cold else 0.0
        plain = med(self.plain)
        warm = med(self.warm)
        cold_pages = med(self.cold_pages)
        photos_s = (cold.encoded / images_s) if cold and images_s > 0 else None
        raw_s = self.photos_total / self.raw_pillow_seconds if self.raw_pillow_seconds else None
        peak = max((max(r.rss_main_mb, r.rss_worker_mb) for r in self._all_runs()), default=None)
        return {
            "cold_seconds": cold.seconds if cold else None,
            "cold_photo_seconds": images_s if cold else None,
            "cold_card_seconds": cards_s if cold else None,
            "cold_pages_seconds": cold_pages,
            "warm_seconds": warm,
            "changed_seconds": med(self.changed),
            "plain_cold_seconds": plain,
            "photos_per_second": photos_s,
            "raw_pillow_photos_per_second": raw_s,
            "photo_ratio": (photos_s / raw_s) if photos_s and raw_s else None,
            "warm_over_plain": (warm / plain) if warm is not None and plain else None,
            "cold_pages_over_plain": (cold_pages / plain)
            if cold_pages is not None and plain
            else None,
            "peak_main_mb": max((r.rss_main_mb for r in self._all_runs()), default=None),
            "peak_mb": peak,
        }

    @property
    def same_product_pages(self) -> bool | None:
        """True when plain Pelican wrote exactly the storefront's product pages, per market."""
        if not self.markets or any(m.plain_product_pages is None for m in self.markets):
            return None
        return all(m.product_pages == m.plain_product_pages for m in self.markets)

    def _all_runs(self) -> list[Run]:
        return [r for r in [self.cold, *self.cold_pages, *self.warm, *self.changed] if r]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["metrics"] = self.metrics()
        data["ok"] = self.ok
        data["same_product_pages"] = self.same_product_pages
        return data


def _median_seconds(runs: list[Run]) -> float | None:
    good = [r.seconds for r in runs if r.ok]
    return statistics.median(good) if good else None


# -- child process ------------------------------------------------------------------------
def _child(kind: str, project: str, output: str, result: str) -> int:
    """Run one build, write timing, stats and peak memory to ``result`` as JSON."""
    import resource

    data: dict[str, Any] = {"ok": True}
    started = time.perf_counter()
    try:
        if kind == "storefront":
            from storefront_core.errors import StorefrontError

            from .build import build_site

            try:
                # the pages as issue 2 defined them; the audit's own cost is reported apart
                stats = build_site(Path(project), Path(output),
                                   extra_settings={"STORE_AUDIT": False})
                data["stats"] = asdict(stats)
            except StorefrontError as exc:
                data.update(ok=False, error=exc.render())
        else:
            from pelican import Pelican
            from pelican.log import console
            from pelican.settings import read_settings

            console.quiet = True
            os.chdir(project)
            settings = read_settings("pelicanconf.py", override={"OUTPUT_PATH": output})
            Pelican(settings).run()
    except Exception as exc:  # the parent reports it; the bench goes on with other phases
        data.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    data["seconds"] = time.perf_counter() - started
    data["rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data["rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(result).write_text(json.dumps(data, default=str), encoding="utf-8")
    return 0 if data["ok"] else 1


def _child_env(repo: Path, hash_seed: int) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = str(hash_seed)
    paths = [str(repo / "tools"), str(repo / "plugins")]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def run_child(kind: str, project: Path, output: Path, repo: Path, *, hash_seed: int = 1) -> Run:
    """One build of ``kind`` ("storefront" or "plain") in a fresh interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result = Path(fh.name)
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "storefront.bench",
                "child",
                kind,
                str(project),
                str(output),
                str(result),
            ],
            env=_child_env(repo, hash_seed),
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            data = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
            return Run(ok=False, error="\n".join(tail) or f"exit code {proc.returncode}")
    finally:
        result.unlink(missing_ok=True)
    return Run(
        seconds=float(data.get("seconds", 0.0)),
        ok=bool(data.get("ok")),
        error=str(data.get("error", "")),
        stats=dict(data.get("stats") or {}),
        rss_main_mb=float(data.get("rss_main_mb", 0.0)),
        rss_worker_mb=float(data.get("rss_worker_mb", 0.0)),
    )


# -- helpers --------------------------------------------------------------------------------
def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def tree_differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Relative paths that differ, exist only in one tree, in sorted order."""
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def count_pages(output: Path, markets: int) -> tuple[list[MarketPages], int]:
    """Product and HTML pages per market in a storefront output, and all its HTML files.

    One market lives at the site root; several live under /<market code>/.
    """
    from .synth_markets import plain_langs, synth_markets

    chosen = synth_markets(markets)
    langs = plain_langs(chosen)
    found = []
    for market in chosen:
        folder = output if len(chosen) == 1 else output / market.code
        found.append(
            MarketPages(
                market.code,
                market.language,
                market.currency,
                product_pages=sum(1 for _ in folder.glob("products/*/index.html")),
                html_pages=sum(1 for _ in folder.rglob("*.html")),
                plain_lang=langs[market.code],
            )
        )
    return found, sum(1 for _ in output.rglob("*.html"))


def clear_caches(project: Path, *, keep_photos: bool) -> None:
    """Remove the build caches (all, or all but the encoded photos and drawn share cards: the
    image work, measured on its own by the cold build)."""
    cache = project / ".cache"
    if not keep_photos:
        shutil.rmtree(cache, ignore_errors=True)
        return
    store = cache / "storefront"
    if store.is_dir():
        for item in store.iterdir():
            if item.name in ("images", "cards"):
                continue
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()


def synth_settings(repo: Path) -> str:
    """The repo's pelicanconf.py, pointed at the repo's theme, plugins and UI translations."""
    text = (repo / "pelicanconf.py").read_text(encoding="utf-8")
    return text + (
        "\n# --- storefront bench overrides ---\n"
        f"THEME = {str(repo / 'themes' / 'storefront')!r}\n"
        f"PLUGIN_PATHS = [{str(repo / 'plugins')!r}]\n"
        f"STORE_I18N_DIR = {str(repo / 'i18n')!r}\n"
        'SITEURL = "https://bench.example"\n'
        'SITENAME = "Benchmark"\n'
    )


def _touch_product(index_md: Path, n: int) -> None:
    text = index_md.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("summary: "):
            lines[i] = f'summary: "Edited for benchmark run {n}, new text on the product."\n'
            break
    index_md.write_text("".join(lines), encoding="utf-8")


def _raw_pillow(project: Path, photos: list[Path], log: Log) -> float | None:
    from storefront_catalog.settings import apply_defaults

    from .project import read_project_settings

    try:
        from storefront_images.bench import raw_pillow_baseline
        from storefront_images.settings import IMAGE_SETTINGS
    except ImportError:  # pragma: no cover - the images plugin ships the baseline
        log("storefront_images.bench is missing; skipping the raw Pillow comparison")
        return None
    settings = read_project_settings(project)
    apply_defaults(settings, IMAGE_SETTINGS)
    return raw_pillow_baseline(
        photos,
        widths=settings["IMAGE_WIDTHS"],
        formats=settings["IMAGE_FORMATS"],
        quality=settings["IMAGE_QUALITY"],
        workers=settings["IMAGE_WORKERS"],
    )


# -- orchestration ----------------------------------------------------------------------------
def run_bench(opts: BenchOptions, *, repo: Path, log: Log = print) -> BenchReport:
    """Generate the synthetic catalog, run every phase, return the report."""
    from .synth_markets import MARKETS

    if not 1 <= opts.markets <= len(MARKETS):
        raise click.BadParameter(
            f"{opts.markets} markets asked; the synthetic store has 1 to {len(MARKETS)} "
            f"({', '.join(m.code for m in MARKETS)})",
            param_hint="'--markets'",
        )
    report = BenchReport(options=opts)
    work = Path(tempfile.mkdtemp(prefix="storefront-bench-"))
    site, plain = work / "site", work / "plain"
    report.project = str(work)
    try:
        products, photos = _generate(opts, site, plain, repo, report, log)
        out = site / "output"

        log("Cold build (photos and pages)")
        report.cold = run_child("storefront", site, out, repo, hash_seed=1)
        if not report.cold.ok:
            report.notes.append("cold build failed:\n" + report.cold.error)
            return report
        report.markets, report.html_pages = count_pages(out, opts.markets)
        _rebuilds(opts, site, out, repo, products, report, log)

        if photos:
            log(f"Raw Pillow baseline on the same {len(photos)} photos")
            report.raw_pillow_seconds = _raw_pillow(site, photos, log)

        if opts.baseline:
            _plain_builds(opts, plain, repo, products, report, log)
        _add_failure_notes(report)
        return report
    finally:
        if opts.keep:
            report.notes.append(f"synthetic projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _generate(opts: BenchOptions, site: Path, plain: Path, repo: Path, report: BenchReport,
              log: Log) -> tuple[list[SynthProduct], list[Path]]:
    """Write the synthetic storefront (and the plain Pelican copy); its products and photos."""
    from .synth import write_catalog
    from .synth_markets import synth_markets
    from .synth_plain import write_plain_pelican

    codes = ", ".join(m.code for m in synth_markets(opts.markets))
    log(
        f"Generating {opts.products} products x {opts.photos} photos x {opts.markets} "
        f"market(s) ({codes}) in {site.parent}"
    )
    started = time.perf_counter()
    site.mkdir(parents=True)
    (site / "pelicanconf.py").write_text(synth_settings(repo), encoding="utf-8")
    products = write_catalog(site / "content", opts.products, opts.photos, markets=opts.markets)
    photos = [p for prod in products for p, _ in prod.photos]
    report.photos_total = len(photos)
    if opts.baseline:
        write_plain_pelican(plain, products, opts.markets)
    report.generate_seconds = time.perf_counter() - started
    return products, photos


def _rebuilds(opts: BenchOptions, site: Path, out: Path, repo: Path,
              products: list[SynthProduct], report: BenchReport, log: Log) -> None:
    """Time the storefront builds after the cold one: cold pages, warm, one product changed."""
    cold_tree = tree_digest(out)
    for i in range(opts.repeat):
        log(f"Cold pages build {i + 1}/{opts.repeat} (caches cleared, photos kept)")
        clear_caches(site, keep_photos=True)
        seed = 2 + i
        run = run_child("storefront", site, out, repo, hash_seed=seed)
        report.cold_pages.append(run)
        if run.ok and i == 0:
            diff = tree_differences(cold_tree, tree_digest(out))
            report.reproducible = not diff
            report.reproducible_diff = diff[:10]

    for i in range(opts.repeat):
        log(f"Warm rebuild {i + 1}/{opts.repeat} (nothing changed)")
        report.warm.append(run_child("storefront", site, out, repo, hash_seed=10 + i))

    for i in range(opts.repeat):
        log(f"Rebuild after one product changed {i + 1}/{opts.repeat}")
        _touch_product(products[i % len(products)].folder / "index.md", i)
        report.changed.append(run_child("storefront", site, out, repo, hash_seed=20 + i))


def _plain_builds(opts: BenchOptions, plain: Path, repo: Path, products: list[SynthProduct],
                  report: BenchReport, log: Log) -> None:
    """Time plain Pelican's cold builds of the same catalog, and check they reproduce."""
    from .synth_plain import plain_product_pages

    trees = []
    for i in range(opts.repeat):
        log(f"Plain Pelican cold build {i + 1}/{opts.repeat}")
        dest = plain / f"output-{i}"
        report.plain.append(run_child("plain", plain, dest, repo, hash_seed=1 + i))
        if report.plain[-1].ok and report.plain_html_pages is None:
            counts = plain_product_pages(dest, products, opts.markets)
            for market in report.markets:
                market.plain_product_pages = counts[market.code]
            report.plain_html_pages = sum(1 for _ in dest.rglob("*.html"))
        if i < 2 and report.plain[-1].ok:
            trees.append(tree_digest(dest))
    if len(trees) == 2:
        report.plain_reproducible = not tree_differences(trees[0], trees[1])


def _add_failure_notes(report: BenchReport) -> None:
    """Note the first failed build, and product pages plain Pelican did not match."""
    for run in [*report.cold_pages, *report.warm, *report.changed, *report.plain]:
        if not run.ok:
            report.notes.append("a build failed:\n" + run.error)
            break
    if report.same_product_pages is False:
        report.notes.append(
            "plain Pelican did not write the same product pages as the storefront, so the "
            "times above do not compare the same work (see pages per market)"
        )


# -- output ---------------------------------------------------------------------------------
def _fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def _ok(flag: bool | None) -> str:
    return "-" if flag is None else ("[green]yes[/]" if flag else "[red]NO[/]")


def print_report(console: Console, report: BenchReport) -> None:
    """Rich tables: phases side by side, then the targets."""
    o = report.options
    m = report.metrics()
    title = (
        f"storefront bench: {o.products} products x {o.markets} market(s), {o.photos} photo(s) "
        f"each ({report.photos_total} photos), median of {o.repeat}, {os.cpu_count()} cores"
    )
    table = Table(title=title)
    for col in ("build", "seconds", "pages rendered", "photos encoded", "peak MB (main/worker)"):
        table.add_column(col, justify="left" if col == "build" else "right")

    def row(name: str, runs: list[Run], seconds: float | None) -> None:
        good = [r for r in runs if r.ok]
        if not runs:
            return
        if not good:
            table.add_row(name, "[red]failed[/]", "", "", "")
            return
        rendered = max(r.rendered for r in good)
        encoded = max(r.encoded for r in good)
        mem = f"{max(r.rss_main_mb for r in good):.0f}/{max(r.rss_worker_mb for r in good):.0f}"
        table.add_row(name, _fmt(seconds), str(rendered), str(encoded), mem)

    if report.plain:
        plain_good = [r for r in report.plain if r.ok]
        table.add_row(
            "plain Pelican, cold (baseline)",
            _fmt(m["plain_cold_seconds"]),
            "-",
            "-",
            f"{max((r.rss_main_mb for r in plain_good), default=0):.0f}/-",
        )
    if report.cold:
        row("storefront cold (photos + pages)", [report.cold], m["cold_seconds"])
        table.add_row("  of which photos", _fmt(m["cold_photo_seconds"]), "", "", "")
        if m.get("cold_card_seconds"):
            table.add_row("  of which share cards", _fmt(m["cold_card_seconds"]), "", "", "")
    row("storefront cold pages (photos, cards cached)", report.cold_pages, m["cold_pages_seconds"])
    row("storefront warm (nothing changed)", report.warm, m["warm_seconds"])
    row("storefront, one product changed", report.changed, m["changed_seconds"])
    console.print(table)
    print_pages(console, report)

    targets = Table(title="targets")
    for col in ("measure", "value", "target", "met"):
        targets.add_column(col)
    warm_runs = [r for r in report.warm if r.ok]
    zero_work = all(r.rendered == 0 and r.encoded == 0 for r in warm_runs) if warm_runs else None
    targets.add_row(
        "warm rebuild: pages rendered + photos encoded",
        "-" if not warm_runs else str(max(r.rendered + r.encoded for r in warm_runs)),
        "0",
        _ok(zero_work),
    )
    wr, cr, pr = m["warm_over_plain"], m["cold_pages_over_plain"], m["photo_ratio"]
    targets.add_row(
        "warm / plain Pelican cold",
        _fmt(wr),
        f"<= {TARGET_WARM_RATIO}",
        _ok(None if wr is None else wr <= TARGET_WARM_RATIO),
    )
    targets.add_row(
        "cold pages / plain Pelican cold",
        _fmt(cr),
        f"<= {TARGET_COLD_PAGES_RATIO}",
        _ok(None if cr is None else cr <= TARGET_COLD_PAGES_RATIO),
    )
    targets.add_row(
        "photos/s: storefront cold vs raw Pillow",
        f"{_fmt(m['photos_per_second'])} vs {_fmt(m['raw_pillow_photos_per_second'])}"
        f" ({_fmt(None if pr is None else pr * 100, 0, '%')})",
        f">= {TARGET_PHOTO_RATIO:.0%}",
        _ok(None if pr is None else pr >= TARGET_PHOTO_RATIO),
    )
    targets.add_row(
        "byte-identical output (PYTHONHASHSEED 1 vs 2)",
        "identical"
        if report.reproducible
        else (
            "-" if report.reproducible is None else f"{len(report.reproducible_diff)}+ files differ"
        ),
        "identical",
        _ok(report.reproducible),
    )
    targets.add_row(
        "  plain Pelican, same check",
        "identical"
        if report.plain_reproducible
        else ("-" if report.plain_reproducible is None else "differs"),
        "(info)",
        "",
    )
    same = report.same_product_pages
    ours = sum(mp.product_pages for mp in report.markets)
    theirs = sum(mp.plain_product_pages or 0 for mp in report.markets)
    targets.add_row(
        "product pages: storefront vs plain Pelican",
        "-" if same is None else f"{ours} vs {theirs}",
        "equal, per market",
        _ok(same),
    )
    peak = m["peak_mb"]
    targets.add_row(
        "peak memory of one process (MB)",
        _fmt(peak, 0),
        f"< {TARGET_PEAK_MB_5000} at 5,000 products",
        _ok(None if peak is None or o.products < 5000 else peak < TARGET_PEAK_MB_5000),
    )
    console.print(targets)
    if report.reproducible_diff:
        console.print("Files that differ: " + ", ".join(report.reproducible_diff))
    for note in report.notes:
        console.print(f"note: {note}", markup=False)
    console.print(f"Generating the catalog took {report.generate_seconds:.1f} s.")


def print_pages(console: Console, report: BenchReport) -> None:
    """Pages per market written by the storefront's cold build and by plain Pelican."""
    if not report.markets:
        return
    table = Table(title="pages per market (cold build)")
    cols = (
        "market",
        "currency",
        "product pages",
        "HTML pages",
        "plain lang",
        "plain product pages",
    )
    for col in cols:
        table.add_column(col, justify="left" if col in ("market", "plain lang") else "right")
    for mp in report.markets:
        plain = "-" if mp.plain_product_pages is None else str(mp.plain_product_pages)
        if mp.plain_product_pages is not None and mp.plain_product_pages != mp.product_pages:
            plain = f"[red]{plain}[/]"
        table.add_row(
            mp.code, mp.currency, str(mp.product_pages), str(mp.html_pages), mp.plain_lang, plain
        )
    plain_total = [mp.plain_product_pages for mp in report.markets]
    table.add_row(
        "all markets",
        "",
        str(sum(mp.product_pages for mp in report.markets)),
        f"{report.html_pages} (site-wide incl.)",
        "",
        "-" if None in plain_total else str(sum(n or 0 for n in plain_total)),
    )
    if report.plain_html_pages is not None:
        table.add_row("plain Pelican, all HTML", "", "", str(report.plain_html_pages), "", "")
    console.print(table)


def write_json(report: BenchReport, path: Path) -> None:
    """Write the report (options, every run, headline metrics) as JSON."""
    path.write_text(json.dumps(report.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "child":
        sys.exit(_child(*sys.argv[2:6]))
    sys.exit("usage: python -m storefront.bench child storefront|plain PROJECT OUTPUT RESULT")
