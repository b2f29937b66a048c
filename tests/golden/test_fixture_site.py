"""Golden-output test: the fixture store built end to end must match tests/golden/expected.

Regenerate after an intended change (then read `git diff tests/golden/expected` before committing):

    python -m pytest tests/golden --update-goldens
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitebuild import build

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"
EXPECTED = Path(__file__).resolve().parent / "expected"
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".csv", ".css", ".js"}


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("golden")
    return build(FIXTURE, base / "out", base / "cache")


def test_output_matches_goldens(built: Path, update_goldens: bool) -> None:
    files = _tree(built)
    listing = "\n".join(files) + "\n"
    texts = {f: (built / f).read_text(encoding="utf-8") for f in files
             if Path(f).suffix in TEXT_SUFFIXES and not f.startswith("theme/")}
    if update_goldens:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        EXPECTED.mkdir(parents=True)
        (EXPECTED / "FILES.txt").write_text(listing, encoding="utf-8")
        for name, text in texts.items():
            dest = EXPECTED / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        pytest.skip("goldens rewritten; review `git diff tests/golden/expected`")
    assert (EXPECTED / "FILES.txt").read_text(encoding="utf-8") == listing, (
        "the set of output files changed; see the module docstring to regenerate"
    )
    for name, text in texts.items():
        expected = (EXPECTED / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden copy"


def test_second_build_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = build(FIXTURE, tmp_path / "out", tmp_path / "cache")
    assert _tree(again) == _tree(built)
    for name in _tree(built):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name
