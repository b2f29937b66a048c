"""Time and profile share-card drawing on a synthetic catalog (see the social cards plugin).

    python tools/card_bench.py make DIR --products 200 --markets 5   # catalog, pelicanconf.py
    python tools/card_bench.py build DIR              # card cache deleted, `storefront build`
    python tools/card_bench.py profile DIR --cards 500 # one process, cProfile, top functions

``build`` times the cards step the way a build runs it (forked workers on every core) and
prints the build summary's cards drawn/reused; ``profile`` plans the same cards (a build with
the cards kept in the cache) and draws the first N of them again in this process under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "plugins"))


def make(project: Path, products: int, markets: int) -> None:
    from storefront.bench import synth_settings
    from storefront.synth import write_catalog

    project.mkdir(parents=True, exist_ok=True)
    (project / "pelicanconf.py").write_text(synth_settings(REPO), encoding="utf-8")
    write_catalog(project / "content", products, 1, markets=markets)
    print(f"{products} products x {markets} markets in {project}")


def _build(project: Path) -> tuple[Any, Any]:
    """Build ``project``; (stats, the build's CardBuild)."""
    from storefront.build import build_site
    from storefront_catalog import signals

    seen: list[Any] = []

    def grab(context: Any, **_: Any) -> None:
        seen.append(context.cards)

    with signals.site_written.connected_to(grab):
        stats = build_site(project, project / "output")
    return stats, seen[0] if seen else None


def build(project: Path) -> None:
    shutil.rmtree(project / ".cache" / "storefront" / "cards", ignore_errors=True)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats, _ = _build(project)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.perf_counter() - started
    cards = stats.timings.get("cards", 0.0)
    drawn = stats.cards_drawn
    workers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"build {total:.2f} s; cards {cards:.2f} s: {drawn} drawn, {stats.cards_reused} "
          f"reused; {1000 * cards / max(drawn, 1):.2f} ms per card (wall, all workers); "
          f"worker processes' CPU {workers:.1f} s ({1000 * workers / max(drawn, 1):.2f} ms "
          "per card drawn, counting any other forked work of the build)")


def profile(project: Path, count: int, top: int) -> None:
    from storefront_social_cards.plugin import card_chunks, draw_cards

    _, cards = _build(project)  # cards cached: plans them, draws nothing
    todo = list({c.key: c.spec for c in cards.cards.values()}.items())
    todo = card_chunks(todo, 1)[0][:count]  # in the order a worker draws them
    out = Path(tempfile.mkdtemp(prefix="card-bench-"))
    prof = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    prof.enable()
    problems = draw_cards(out, cards.style, cards.fonts, todo)
    prof.disable()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    shutil.rmtree(out, ignore_errors=True)
    print(f"{len(todo)} cards in one process: {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"{1000 * cpu / max(len(todo), 1):.2f} ms CPU per card (with cProfile); "
          f"{len(problems)} problems")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("make")
    p.add_argument("project", type=Path)
    p.add_argument("--products", type=int, default=200)
    p.add_argument("--markets", type=int, default=5)
    p = sub.add_parser("build")
    p.add_argument("project", type=Path)
    p = sub.add_parser("profile")
    p.add_argument("project", type=Path)
    p.add_argument("--cards", type=int, default=500)
    p.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if args.command == "make":
        make(args.project, args.products, args.markets)
    elif args.command == "build":
        build(args.project)
    else:
        profile(args.project, args.cards, args.top)


if __name__ == "__main__":
    main()
