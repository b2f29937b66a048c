"""The synthetic catalog `storefront bench` builds is the same for the same seed, and the
baselines it is compared with build the same products."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest

from storefront.bench import git_commit, tree_digest
from storefront.bench_run import run_child
from storefront.synth import SynthProduct, write_catalog
from storefront.synth_hugo import HUGO_OUTPUT, hugo_command, hugo_product_pages, write_hugo
from storefront.synth_plain import MINIMAL_THEME, plain_product_pages, write_plain_pelican

REPO = Path(__file__).resolve().parents[2]


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


def test_a_scale_catalog_draws_one_photo_and_links_it_as_every_photo(tmp_path: Path) -> None:
    made = write_catalog(tmp_path / "content", products=4, photos=2, same_photo=True)
    photos = [path for product in made for path, _seed in product.photos]
    assert len(photos) == 8 and len({p.parent for p in photos}) == 4  # every bundle has its own
    assert len({p.stat().st_ino for p in photos}) == 1  # one picture, hard-linked
    assert photos[0].stat().st_size > 10_000  # a real JPEG


# -- the baselines: plain Pelican's minimal theme, Hugo page bundles, derived prices ---------
@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SynthProduct]]:
    root = tmp_path_factory.mktemp("synth")
    made = write_catalog(root / "content", products=3, photos=2, markets=3, workers=1,
                         base_currency_only=True)
    return root, made


def _text(page: Path) -> tuple[str, list[str], str]:
    """A page's <title>, the tags inside its <body>, and its body text."""
    doc = lxml.html.parse(str(page)).getroot()
    body = doc.find("body")
    assert body is not None
    return doc.findtext("head/title") or "", [el.tag for el in body], body.text_content()


def test_the_minimal_pelican_theme_writes_one_page_per_product_and_market_with_its_text(
    catalog: tuple[Path, list[SynthProduct]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pelican.settings import read_settings

    root, made = catalog
    write_plain_pelican(tmp_path / "plain", made, markets=3)
    monkeypatch.chdir(tmp_path / "plain")
    settings = read_settings("pelicanconf.py", override={"OUTPUT_PATH": str(tmp_path / "out")})
    assert settings["THEME"].endswith(MINIMAL_THEME)
    # in a fresh process, as the bench runs it: this one may hold the storefront's receivers
    run = run_child("pelican", tmp_path / "plain", tmp_path / "out", REPO)
    assert run.ok, run.error

    counts = plain_product_pages(tmp_path / "out", made, markets=3)
    assert counts == {"en-us": 3, "de-de": 3, "ja-jp": 3}
    title, tags, text = _text(tmp_path / "out" / f"{made[0].slug}.html")
    assert title == "Compact Charger 00000"
    assert tags[0] == "h1" and "nav" not in tags and "footer" not in tags
    assert "Highlights" in text and "In the box" in text  # the product's Markdown, rendered
    ja_title, _, _ = _text(tmp_path / "out" / f"{made[0].slug}-ja.html")
    assert ja_title != title and ja_title.endswith("00000")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not on PATH")
def test_hugo_builds_the_same_products_as_multilingual_page_bundles(
    catalog: tuple[Path, list[SynthProduct]], tmp_path: Path
) -> None:
    root, made = catalog
    write_hugo(tmp_path / "hugo", made, markets=3)
    binary = shutil.which("hugo")
    assert binary is not None
    subprocess.run(hugo_command(binary, tmp_path / "hugo"), check=True, capture_output=True)

    public = tmp_path / "hugo" / HUGO_OUTPUT
    assert hugo_product_pages(public, made, markets=3) == {"en-us": 3, "de-de": 3, "ja-jp": 3}
    page = public / "products" / made[0].slug / "index.html"
    title, tags, text = _text(page)
    assert title == "Compact Charger 00000" and tags[0] == "h1"
    assert "Highlights" in text and "In the box" in text
    de_title, _, _ = _text(public / "de" / "products" / made[0].slug / "index.html")
    assert de_title != title and de_title.endswith("00000")
    # the bundle's photos are published next to the page, as given (no image processing)
    assert (page.parent / "front.jpg").read_bytes() == (made[0].folder / "front.jpg").read_bytes()


def test_store_currency_prices_only_come_with_rates_for_every_other_market_currency(
    catalog: tuple[Path, list[SynthProduct]],
) -> None:
    from storefront_catalog.pricing.rates import load_rates

    root, made = catalog
    index = (made[0].folder / "index.md").read_text(encoding="utf-8")
    assert 'price: {USD: "' in index and "EUR:" not in index and "JPY:" not in index
    snapshot, problems = load_rates(root / "content", root)
    assert problems == [] and snapshot is not None
    # derived prices need a rate from USD to every market currency
    eur, jpy = snapshot.rate("USD", "EUR"), snapshot.rate("USD", "JPY")
    assert eur is not None and abs(eur - Decimal("0.92")) < Decimal("0.0001")
    assert jpy is not None and abs(jpy - Decimal(150)) < Decimal("0.01")


def test_the_bench_commits_without_gits_housekeeping(tmp_path: Path) -> None:
    """A bench with --git commits its catalog; git's automatic gc must not start packing it
    (in the background, beside the builds being timed) whatever the repository's settings."""
    project = tmp_path / "store"
    (project / "content").mkdir(parents=True)
    for n in range(30):
        (project / "content" / f"p{n}.md").write_text(f"product {n}\n")
    git_commit(project, "catalog", init=True)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    # two packs where one is the limit, and gc in the foreground: a commit would repack now
    git("repack", "-q")
    (project / "content" / "p1.md").write_text("edited\n")
    git_commit(project, "first edit")
    git("repack", "-q")
    for key, value in (("gc.autoPackLimit", "1"), ("gc.autoDetach", "false")):
        git("config", key, value)
    (project / "content" / "p0.md").write_text("edited\n")
    git_commit(project, "second edit")
    packs = list((project / ".git" / "objects" / "pack").glob("*.pack"))
    assert len(packs) == 2, "git gc ran after the bench's commit"
