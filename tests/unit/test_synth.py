"""The synthetic catalog `storefront bench` builds is the same for the same seed."""

from __future__ import annotations

from pathlib import Path

from storefront.bench import tree_digest
from storefront.synth import write_catalog
from storefront.synth_plain import write_plain_pelican


def _catalog(root: Path, seed: int) -> dict[str, str]:
    made = write_catalog(root / "content", products=3, photos=1, markets=3, seed=seed, workers=1)
    write_plain_pelican(root / "plain", made, markets=3)
    return tree_digest(root)


def test_one_seed_writes_byte_identical_catalogs(tmp_path: Path) -> None:
    first = _catalog(tmp_path / "a", seed=1)
    assert {"content/markets.yml", "content/products/compact-charger-00000/index.ja.md"} <= set(
        first
    )
    assert first == _catalog(tmp_path / "b", seed=1)
    assert first != _catalog(tmp_path / "c", seed=2)
