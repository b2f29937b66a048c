"""Golden-output tests: the fixture stores built end to end must match their golden copies.

- tests/fixtures/site (one market) against tests/golden/expected: every text file;
- tests/fixtures/markets (four markets, translations, right-to-left) against
  tests/golden/expected-markets: the full file list, and the text of a few pages per market
  (the chooser, 404, each market's home, one product and one category page).

Regenerate after an intended change (then read `git diff tests/golden` before committing):

    python -m pytest tests/golden --update-goldens

(`-k markets` or `-k site` regenerates one fixture's goldens only.)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.sitebuild import build

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BUILD_DATE_EPOCH = 1_795_000_000  # 2026-11-18
HERE = Path(__file__).resolve().parent
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".csv", ".css", ".js"}
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa")
#: the pages of the markets fixture kept as goldens (the rest is covered by the file list)
MARKET_PAGES = {"index.html", "404.html"} | {
    f"{m}/{page}"
    for m in MARKETS
    for page in ("index.html", "products/charging-station/index.html",
                 "collections/charging/index.html")
}


#: a share card's (and a campaign hero image's) name ends with its content key, which includes
#: the font files' and Pillow's versions: masked, so the goldens hold on any machine (the card
#: tests check the pixels)
_CARD_KEY = re.compile(r"((?:cards|promotions/hero)/[^\s\"'<>]*?-)[0-9a-f]{12}"
                       r"((?:-(?:mobile|desktop)-\d+)?\.(?:jpg|png|webp|avif))")


def _masked(text: str) -> str:
    return _CARD_KEY.sub(r"\1KEY\2", text)


def _is_sitemap_like(name: str) -> bool:
    """Site-wide machine-read files at the root (sitemaps, robots.txt), when a plugin makes them."""
    return "/" not in name and (name.startswith("sitemap") or name == "robots.txt")


@dataclass(frozen=True)
class Golden:
    fixture: Path
    expected: Path
    keep: Callable[[str], bool]  # which text files are compared


GOLDENS = {
    "site": Golden(FIXTURES / "site", HERE / "expected", lambda name: True),
    "markets": Golden(FIXTURES / "markets", HERE / "expected-markets",
                      lambda name: name in MARKET_PAGES or _is_sitemap_like(name)),
}


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module", params=sorted(GOLDENS))
def golden(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> tuple[Golden, Path]:
    spec = GOLDENS[request.param]
    base = tmp_path_factory.mktemp(f"golden-{request.param}")
    # a fixed build date: the copyright year and priceValidUntil must not age the goldens
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(BUILD_DATE_EPOCH))
        return spec, build(spec.fixture, base / "out", base / "cache")


def test_output_matches_goldens(golden: tuple[Golden, Path], update_goldens: bool) -> None:
    spec, built = golden
    files = _tree(built)
    listing = _masked("\n".join(files) + "\n")
    texts = {f: _masked((built / f).read_text(encoding="utf-8")) for f in files
             if Path(f).suffix in TEXT_SUFFIXES and not f.startswith("theme/") and spec.keep(f)}
    if update_goldens:
        shutil.rmtree(spec.expected, ignore_errors=True)
        spec.expected.mkdir(parents=True)
        (spec.expected / "FILES.txt").write_text(listing, encoding="utf-8")
        for name, text in texts.items():
            dest = spec.expected / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        shown = spec.expected.relative_to(HERE.parent.parent)
        pytest.skip(f"goldens rewritten; review `git diff {shown}`")
    assert (spec.expected / "FILES.txt").read_text(encoding="utf-8") == listing, (
        "the set of output files changed; see the module docstring to regenerate"
    )
    kept = sorted(str(p.relative_to(spec.expected)) for p in spec.expected.rglob("*")
                  if p.is_file() and p.name != "FILES.txt")
    assert kept == sorted(texts), "the set of golden pages changed; regenerate the goldens"
    for name, text in texts.items():
        expected = (spec.expected / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden copy"


def test_second_build_is_byte_identical(golden: tuple[Golden, Path], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    spec, built = golden
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_DATE_EPOCH))  # the same day: same sales
    again = build(spec.fixture, tmp_path / "out", tmp_path / "cache")
    assert _tree(again) == _tree(built)
    for name in _tree(built):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name
