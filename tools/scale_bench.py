"""Issue 15's scale check: cold-pages builds of N products (photos and cards cached) for
several N, with the time per product and the peak memory, measured as `storefront bench`
measures them (each build a fresh process: the whole command, CPU of every worker).

    python tools/scale_bench.py DIR --products 1000 20000 [--markets 1] [--repeat 1]

Every photo is one drawn picture, hard-linked (the photo cache encodes it once), so preparing
20,000 products takes minutes, not hours; each product still has its own page, share card,
feed item and sitemap entry. Per N: a first build (photos, cards, pages; not timed), then
REPEAT rounds of a cold-pages build (every cache but photos and cards deleted, the output
too), a warm build with --force (nothing changed, every step runs) and a warm `storefront
build` (nothing changed: stops at once); medians are reported, with the time per product
relative to the smallest N's, and the peak memory of the cold-pages builds: the maximum
resident set size of the largest single process (the build's own, or the largest it started:
page and audit workers, Pagefind), as `/usr/bin/time -v` reports it, in MB of 10^6 bytes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "plugins"))
MIB = 1024 * 1024  # Run.peak_mb is in MiB (ru_maxrss / 1024)


def prepare(project: Path, products: int, markets: int) -> None:
    """The synthetic store of ``products`` x ``markets`` in ``project``, built once."""
    from storefront.bench import synth_settings
    from storefront.bench_run import run_child
    from storefront.synth import write_catalog

    if not (project / "pelicanconf.py").is_file():
        project.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_catalog(project / "content", products, 1, markets=markets, same_photo=True)
        (project / "pelicanconf.py").write_text(synth_settings(REPO), encoding="utf-8")
        print(f"{products} x {markets}: catalog written in {time.perf_counter() - started:.0f} s",
              flush=True)
    first = run_child("storefront-force", project, project / "output", REPO)
    if not first.ok:
        raise SystemExit(f"{products} x {markets}: the first build failed: {first.error}")
    print(f"{products} x {markets}: first build (photos, cards, pages) {first.seconds:.0f} s, "
          f"{first.cards_drawn} cards drawn", flush=True)


def measure(project: Path, repeat: int) -> dict[str, list]:
    """``repeat`` rounds of cold pages, warm --force and warm builds of ``project``."""
    from storefront.bench import clear_caches
    from storefront.bench_run import run_child

    runs: dict[str, list] = {"cold pages": [], "warm, --force": [], "warm": []}
    for i in range(repeat):
        clear_caches(project, output=project / "output")
        runs["cold pages"].append(run_child("storefront", project, project / "output", REPO,
                                            hash_seed=2 + i))
        runs["warm, --force"].append(run_child("storefront-force", project,
                                               project / "output", REPO, hash_seed=3 + i))
        runs["warm"].append(run_child("storefront", project, project / "output", REPO,
                                      hash_seed=4 + i))
    for kind, done in runs.items():
        failed = [r.error for r in done if not r.ok]
        if failed:
            raise SystemExit(f"{project}: {kind} failed: {failed[0]}")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--products", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--markets", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for n in sorted(args.products):
        project = args.folder / f"{n}x{args.markets}"
        prepare(project, n, args.markets)
        runs = measure(project, args.repeat)
        cold = runs["cold pages"]
        seconds = statistics.median(r.seconds for r in cold)
        rows.append((n, seconds, statistics.median(r.cpu_seconds for r in cold),
                     max(r.peak_mb for r in cold) * MIB / 1e6,  # ru_maxrss: KiB
                     statistics.median(r.seconds for r in runs["warm, --force"]),
                     statistics.median(r.seconds for r in runs["warm"]),
                     cold[0].stats.get("pages_written", 0)))
    base = rows[0][1] / rows[0][0]
    print(f"\n{'products':>9} {'pages':>7} {'cold pages':>11} {'cpu':>7} {'ms/product':>11} "
          f"{'vs first':>9} {'peak MB':>8} {'warm --force':>13} {'warm':>6}")
    for n, sec, cpu, peak, forced, warm, pages in rows:
        print(f"{n:>9} {pages:>7} {sec:>10.2f}s {cpu:>6.1f}s {1000 * sec / n:>11.2f} "
              f"{sec / n / base:>8.2f}x {peak:>8.0f} {forced:>12.2f}s {warm:>5.2f}s")


if __name__ == "__main__":
    main()
