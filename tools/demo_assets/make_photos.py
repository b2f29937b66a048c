"""Draw the demo store's product photos with Pillow.

Usage: ``python tools/demo_assets/make_photos.py content/products [--only SLUG ...] [--jobs N]``

Every photo listed in a demo product's ``index.md`` (``images``) is redrawn from scratch: the
angle decides the composition, a variant's ``swatch`` the colour of its photo. Drawing happens
at twice the output size and is downsampled with LANCZOS for anti-aliasing. Output is
deterministic: no randomness without a fixed seed, the font is the one bundled with Pillow.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

if not __package__:  # run as a script: its package lives in tools/, not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo_assets.drawing import hex_rgb  # noqa: E402
from demo_assets.scenes import DEMO, Shot, compose  # noqa: E402

JPEG_QUALITY = 85


def read_front_matter(index: Path) -> dict:
    """The YAML front matter of a product's index.md."""
    text_ = index.read_text(encoding="utf-8")
    if not text_.startswith("---"):
        raise SystemExit(f"{index}: no YAML front matter (the file must start with ---)")
    return yaml.safe_load(text_.split("---", 2)[1]) or {}


def shots_for(product_dir: Path) -> list[Shot]:
    """Every photo a demo product lists, with the colour to draw it in."""
    spec = DEMO[product_dir.name]
    meta = read_front_matter(product_dir / "index.md")
    swatches = {
        v.get("image"): hex_rgb(v["swatch"]) for v in meta.get("variants") or [] if v.get("swatch")
    }
    shots = []
    for img in meta.get("images") or []:
        colour = swatches.get(img["file"], hex_rgb(spec.colour))
        shots.append(
            Shot(
                product_dir.name,
                img["file"],
                img.get("angle", "front"),
                colour,
                meta["title"],
                spec,
            )
        )
    return shots


def render(shot: Shot, out_dir: Path) -> tuple[str, int]:
    """Draw and save one photo; returns its path and size in bytes."""
    path = out_dir / shot.slug / shot.file
    image = compose(shot)
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return str(path), path.stat().st_size


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the demo photos."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("products", type=Path, help="the content/products folder")
    parser.add_argument("--only", nargs="*", default=None, help="product slugs to redraw")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    args = parser.parse_args(argv)
    slugs = args.only or sorted(DEMO)
    shots = []
    for slug in slugs:
        folder = args.products / slug
        if slug not in DEMO or not (folder / "index.md").is_file():
            print(f"{folder}: not a demo product with an index.md; skipped", file=sys.stderr)
            continue
        shots.extend(shots_for(folder))
    total = 0
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, size in pool.map(render, shots, [args.products] * len(shots)):
            total += size
            print(f"{path}  {size // 1024} KB")
    print(f"{len(shots)} photos, {total / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
