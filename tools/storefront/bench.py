"""`storefront bench`: what a merchant sees, on a synthetic catalog, next to plain Pelican and
Hugo building the same products.

For 1 market and for M markets (``--markets M``; both unless ``--skip-one-market``) it times,
each build in a fresh process (``bench_run``): the first build (photos, share cards, pages;
photos are measured once, the M-market store reuses the 1-market store's encoded photos), the
first build with photos cached (share cards alone), then ``--repeat`` interleaved rounds of:
storefront cold pages (every cache but photos and cards deleted, and output/), plain Pelican
(minimal theme), plain Pelican ("simple" theme), Hugo (cold), storefront warm (nothing
changed), storefront after one product changed. The report gives the medians, CPU seconds and
peak memory next to every wall time, and the ratios the issue's table has (``bench_report``).

With ``--git`` the synthetic store is a git repository (the build dates pages from git, as in a
merchant's store) and the changed product is committed before its rebuild.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .bench_report import BenchReport, MarketPages, Scenario, print_report, write_json
from .bench_run import Run, run_child

if TYPE_CHECKING:
    from .synth import SynthProduct

__all__ = ["BenchOptions", "Run", "Scenario", "clear_caches", "count_pages", "print_report",
           "run_bench", "synth_settings", "tree_differences", "tree_digest", "write_json"]

Log = Callable[[str], None]

#: the caches a "cold pages" build keeps (photos and share cards: measured on their own)
IMAGE_CACHES = ("images", "cards")


@dataclass(frozen=True)
class BenchOptions:
    products: int = 200
    photos: int = 1
    markets: int = 1
    repeat: int = 5
    keep: bool = False
    baseline: bool = True  # plain Pelican and Hugo
    one_market: bool = True  # with markets > 1, also the 1-market rows
    git: bool = False
    base_currency_only: bool = False

    @property
    def market_counts(self) -> tuple[int, ...]:
        """The stores to measure: 1 market and M, or only M.

        >>> BenchOptions(markets=5).market_counts, BenchOptions(markets=1).market_counts
        ((1, 5), (1,))
        >>> BenchOptions(markets=5, one_market=False).market_counts
        (5,)
        """
        return (1, self.markets) if self.markets > 1 and self.one_market else (self.markets,)


@dataclass
class Store:
    """The three projects of one scenario, and the products they share."""

    root: Path
    products: list[SynthProduct] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def out(self) -> Path:
        return self.site / "output"

    @property
    def plain(self) -> Path:
        return self.root / "plain"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"


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


def clear_caches(project: Path, *, keep: tuple[str, ...] = IMAGE_CACHES,
                 output: Path | None = None) -> None:
    """Remove the build caches under .cache/storefront/ but those named in ``keep``, and
    ``output`` when given: the next build starts cold but for what ``keep`` names."""
    store = project / ".cache" / "storefront"
    if store.is_dir():
        for item in store.iterdir():
            if item.name in keep:
                continue
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
    if output is not None:
        shutil.rmtree(output, ignore_errors=True)


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
        "STORE_CHECKOUT = None  # buy_url links: the demo's Stripe lock is not theirs\n"
    )


def _touch_product(index_md: Path, n: int) -> None:
    text = index_md.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("summary: "):
            lines[i] = f'summary: "Edited for benchmark run {n}, new text on the product."\n'
            break
    index_md.write_text("".join(lines), encoding="utf-8")


def git_commit(project: Path, message: str, *, init: bool = False) -> None:
    """Commit everything in ``project`` but output/ and .cache/ (a fixed author and date, so
    two benches see the same history).

    Never with git's automatic housekeeping: after a commit, ``git gc --auto`` packs the whole
    catalog (hundreds of MB of photos) in a detached process, which then competes with the
    builds being timed (a 5-market cold build measured 16 s instead of 11.5 s beside it)."""

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
                        "-c", "commit.gpgsign=false", "-c", "gc.auto=0",
                        "-c", "maintenance.auto=false", *args], cwd=project, check=True,
                       capture_output=True, env=env)

    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-02T10:00:00Z",
               GIT_COMMITTER_DATE="2026-01-02T10:00:00Z")
    if init:
        (project / ".gitignore").write_text("output/\n.cache/\n", encoding="utf-8")
        git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", message)


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
    """Generate the synthetic stores, run every phase, return the report."""
    from .synth_hugo import hugo_binary, hugo_version
    from .synth_markets import MARKETS

    if not 1 <= opts.markets <= len(MARKETS):
        raise click.BadParameter(
            f"{opts.markets} markets asked; the synthetic store has 1 to {len(MARKETS)} "
            f"({', '.join(m.code for m in MARKETS)})",
            param_hint="'--markets'",
        )
    report = BenchReport(options=opts)
    hugo = hugo_binary() if opts.baseline else None
    if hugo:
        report.hugo = hugo_version(hugo)
    elif opts.baseline:
        report.notes.append("hugo is not on PATH: the Hugo comparison is skipped "
                            "(Debian and Ubuntu: apt-get install hugo)")
    work = Path(tempfile.mkdtemp(prefix="storefront-bench-"))
    report.project = str(work)
    try:
        first: Store | None = None
        for markets in opts.market_counts:
            store = Store(work / f"{markets}-market{'s' if markets > 1 else ''}")
            scenario = Scenario(markets)
            report.scenarios.append(scenario)
            _generate(opts, markets, store, repo, report, log, photos_from=first,
                      hugo=bool(hugo))
            if _first_builds(opts, store, scenario, repo, log, photos_from=first):
                _rounds(opts, store, scenario, repo, log, hugo=bool(hugo))
            if first is None:
                first = store
                photos = [p for prod in store.products for p, _ in prod.photos]
                if photos and scenario.photos and scenario.photos.ok:
                    log(f"Raw Pillow baseline on the same {len(photos)} photos")
                    report.raw_pillow_seconds = _raw_pillow(store.site, photos, log)
        report.add_failure_notes()
        return report
    finally:
        if opts.keep:
            report.notes.append(f"synthetic projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _generate(opts: BenchOptions, markets: int, store: Store, repo: Path, report: BenchReport,
              log: Log, *, photos_from: Store | None, hugo: bool) -> None:
    """Write the synthetic storefront, and the same products for plain Pelican and Hugo."""
    from .synth import write_catalog
    from .synth_hugo import write_hugo
    from .synth_markets import synth_markets
    from .synth_plain import write_plain_pelican

    codes = ", ".join(m.code for m in synth_markets(markets))
    log(f"Generating {opts.products} products x {opts.photos} photos x {markets} market(s) "
        f"({codes}) in {store.root}")
    started = time.perf_counter()
    store.site.mkdir(parents=True)
    (store.site / "pelicanconf.py").write_text(synth_settings(repo), encoding="utf-8")
    store.products = write_catalog(
        store.site / "content", opts.products, opts.photos, markets=markets,
        base_currency_only=opts.base_currency_only,
        photos_from=photos_from.site / "content" if photos_from else None,
    )
    if photos_from is None:
        report.photos_total = sum(len(p.photos) for p in store.products)
    if opts.git:
        git_commit(store.site, "Synthetic catalog written by storefront bench", init=True)
    if opts.baseline:
        write_plain_pelican(store.plain, store.products, markets)
        if hugo:
            write_hugo(store.hugo, store.products, markets)
    report.generate_seconds += time.perf_counter() - started


def _first_builds(opts: BenchOptions, store: Store, scenario: Scenario, repo: Path, log: Log,
                  *, photos_from: Store | None) -> bool:
    """The first build (photos, cards, pages) and the first build with photos cached (cards
    and pages); False when the store does not build."""
    from .synth import link_file

    if photos_from is None:
        log(f"{scenario.label}: first build (photos, share cards, pages)")
        scenario.photos = run_child("storefront", store.site, store.out, repo, hash_seed=1)
        if not scenario.photos.ok:
            return False
    else:  # the same photos: their encoded files come from the first store's cache
        images = Path(".cache", "storefront", "images")
        shutil.copytree(photos_from.site / images, store.site / images,
                        copy_function=link_file)
    log(f"{scenario.label}: first build with photos cached (share cards, pages)")
    clear_caches(store.site, keep=("images",), output=store.out)
    scenario.cards = run_child("storefront", store.site, store.out, repo, hash_seed=1)
    if not scenario.cards.ok:
        return False
    scenario.pages, scenario.html_pages = count_pages(store.out, scenario.markets)
    return True


def _rounds(opts: BenchOptions, store: Store, scenario: Scenario, repo: Path, log: Log, *,
            hugo: bool) -> None:
    """``opts.repeat`` rounds, each one build of every kind, one after another."""
    reference = tree_digest(store.out)  # written with PYTHONHASHSEED=1
    plain_trees: list[dict[str, str]] = []
    for i in range(opts.repeat):
        step = f"{scenario.label}, round {i + 1}/{opts.repeat}:"
        log(f"{step} storefront cold pages (every cache but photos and cards deleted)")
        clear_caches(store.site, output=store.out)
        run = run_child("storefront", store.site, store.out, repo, hash_seed=2 + i)
        scenario.cold_pages.append(run)
        if run.ok and i == 0:
            diff = tree_differences(reference, tree_digest(store.out))
            scenario.reproducible, scenario.reproducible_diff = not diff, diff[:10]
        if opts.baseline:
            _baseline_round(store, scenario, repo, log, step, i, plain_trees, hugo=hugo)
        log(f"{step} storefront warm (nothing changed)")
        scenario.warm.append(run_child("storefront", store.site, store.out, repo,
                                       hash_seed=10 + i))
        log(f"{step} storefront warm, --force (nothing changed, every step runs)")
        scenario.warm_forced.append(run_child("storefront-force", store.site, store.out, repo,
                                              hash_seed=10 + i))
        log(f"{step} storefront after one product changed")
        product = store.products[i % len(store.products)]
        _touch_product(product.folder / "index.md", i)
        if opts.git:
            git_commit(store.site, f"Edit {product.slug}")
        scenario.changed.append(run_child("storefront", store.site, store.out, repo,
                                          hash_seed=20 + i))
    if len(plain_trees) == 2:
        scenario.plain_reproducible = not tree_differences(*plain_trees)


def _baseline_round(store: Store, scenario: Scenario, repo: Path, log: Log, step: str, i: int,
                    plain_trees: list[dict[str, str]], *, hugo: bool) -> None:
    """One cold build each of plain Pelican (minimal theme, then "simple") and Hugo."""
    from .synth_hugo import HUGO_OUTPUT, clear_hugo, hugo_product_pages
    from .synth_plain import plain_product_pages

    log(f"{step} plain Pelican, minimal theme")
    dest = store.plain / "output"
    shutil.rmtree(dest, ignore_errors=True)
    run = run_child("pelican", store.plain, dest, repo, hash_seed=1 + i)
    scenario.pelican.append(run)
    if run.ok and i < 2:
        plain_trees.append(tree_digest(dest))
    if run.ok and scenario.plain_html_pages is None:
        counts = plain_product_pages(dest, store.products, scenario.markets)
        for market in scenario.pages:
            market.plain_product_pages = counts[market.code]
        scenario.plain_html_pages = sum(1 for _ in dest.rglob("*.html"))
    log(f"{step} plain Pelican, \"simple\" theme")
    simple = store.plain / "output-simple"
    shutil.rmtree(simple, ignore_errors=True)
    scenario.pelican_simple.append(run_child("pelican-simple", store.plain, simple, repo,
                                             hash_seed=1 + i))
    if not hugo:
        return
    log(f"{step} Hugo")
    clear_hugo(store.hugo)
    run = run_child("hugo", store.hugo, store.hugo / HUGO_OUTPUT, repo)
    scenario.hugo.append(run)
    if run.ok and scenario.hugo_html_pages is None:
        counts = hugo_product_pages(store.hugo / HUGO_OUTPUT, store.products, scenario.markets)
        for market in scenario.pages:
            market.hugo_product_pages = counts[market.code]
        scenario.hugo_html_pages = sum(1 for _ in (store.hugo / HUGO_OUTPUT).rglob("*.html"))

