"""The `storefront` command as a marketer uses it (click's CliRunner, a tiny project in tmp)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from storefront.bench import synth_settings, tree_digest
from storefront.cli import main
from storefront.console import summary_lines
from storefront.synth import write_catalog
from storefront_catalog.stats import BuildStats

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two valid products with one photo each, using the repo's theme and plugins."""
    root = tmp_path_factory.mktemp("template") / "shop"
    root.mkdir()
    (root / "pelicanconf.py").write_text(synth_settings(REPO), encoding="utf-8")
    write_catalog(root / "content", products=2, photos=1)
    return root


@pytest.fixture
def project(template_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template project (tests edit it)."""
    dest = tmp_path / "shop"
    shutil.copytree(template_project, dest, ignore=shutil.ignore_patterns(".cache", "output"))
    return dest


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def product_index(project: Path, n: int = 0) -> Path:
    return sorted((project / "content" / "products").glob("*/index.md"))[n]


def set_price(index_md: Path, price: str) -> None:
    text = index_md.read_text(encoding="utf-8")
    start = text.index("price: {USD:")
    end = text.index("\n", start)
    index_md.write_text(text[:start] + f'price: {{USD: "{price}"}}' + text[end:], encoding="utf-8")


# -- new-product ----------------------------------------------------------------------------
def test_new_product_creates_commented_bundle_and_says_what_to_do_next(project: Path) -> None:
    result = run(project, "new-product", "Travel Charger 65W", "--category", "Power/Chargers")
    assert result.exit_code == 0, result.output
    index = project / "content/products/travel-charger-65w/index.md"
    text = index.read_text(encoding="utf-8")
    assert 'title: "Travel Charger 65W"' in text
    assert 'category: "Power/Chargers"' in text
    for field in (
        "sku:",
        "price:",
        "images:",
        "# variants:",
        "# price_tiers:",
        "# gtin:",
        "# specs:",
        "# buy_url:",
        "# rating:",
        "# seo:",
        "draft: true",
    ):
        assert field in text, field
    assert "Copy the product photos into content/products/travel-charger-65w/" in result.output
    assert "storefront check" in result.output


def test_new_product_validates_once_its_photo_is_added(project: Path) -> None:
    run(project, "new-product", "Travel Charger 65W", "--category", "Power/Chargers")
    folder = project / "content/products/travel-charger-65w"
    before = run(project, "check")
    assert before.exit_code == 1
    assert "content/products/travel-charger-65w/index.md" in before.output
    assert "front.jpg" in before.output
    Image.new("RGB", (1600, 1600), (200, 60, 30)).save(folder / "front.jpg")
    after = run(project, "check")
    assert after.exit_code == 0, after.output


def test_new_product_refuses_to_overwrite(project: Path) -> None:
    run(project, "new-product", "Travel Charger 65W")
    index = project / "content/products/travel-charger-65w/index.md"
    index.write_text("my edits", encoding="utf-8")
    result = run(project, "new-product", "Travel Charger 65W")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert index.read_text(encoding="utf-8") == "my edits"


# -- check ----------------------------------------------------------------------------------
def test_check_passes_on_a_valid_project(project: Path) -> None:
    result = run(project, "check")
    assert result.exit_code == 0, result.output
    assert "OK: 2 products checked" in result.output


def test_check_reports_file_line_and_field_of_a_broken_product(project: Path) -> None:
    index = product_index(project)
    set_price(index, "-5.00")
    result = run(project, "check")
    assert result.exit_code == 1
    rel = index.relative_to(project).as_posix()
    line = next(
        i for i, text in enumerate(index.read_text().splitlines(), 1) if text.startswith("price:")
    )
    assert f"{rel}:{line}: price" in result.output
    assert "Traceback" not in result.output


def test_check_reports_every_problem_not_just_the_first(project: Path) -> None:
    set_price(product_index(project, 0), "-5.00")
    set_price(product_index(project, 1), "12,50")
    result = run(project, "check")
    assert result.exit_code == 1
    assert product_index(project, 0).parent.name in result.output
    assert product_index(project, 1).parent.name in result.output


@pytest.mark.parametrize(("price", "message"), [
    ('"24,00"', 'price.USD: "24,00" is not a number; write it with a dot, e.g. "24.00"'),
    ("24,00", 'price.USD: 24,00 is read as 24 and a separate field "00", because a comma '
              'separates the fields inside { }; write the amount with a dot, in quotes: '
              'USD: "24.00"'),  # the front matter cannot be read: its category is unknown
])
def test_one_bad_price_is_one_message_in_a_store_that_names_the_product(
        tmp_path: Path, price: str, message: str) -> None:
    """The markets fixture with one bad price: the product is left out of the build, but the
    campaign, markets.yml and categories.yml that name it (or its category) are not told it
    does not exist (three more messages about one typo)."""
    shop = tmp_path / "shop"
    shutil.copytree(REPO / "tests/fixtures/markets", shop)
    conf = shop / "pelicanconf.py"  # share cards (and their fonts) play no part here
    conf.write_text(re.sub(r',\s*"storefront_social_cards"', "", conf.read_text("utf-8")).replace(
        'os.path.join(os.path.dirname(__file__), "..", "..", "..")', repr(str(REPO))),
        encoding="utf-8")
    campaign = shop / "content/promotions/autumn-sale.yml"
    campaign.write_text(re.sub(r"(?m)^hero: .*$", "", campaign.read_text("utf-8")).replace(
        "  categories: [charging]", "  categories: [charging]\n  products: [travel-adapter]"),
        encoding="utf-8")
    index = shop / "content/products/travel-adapter/index.md"
    index.write_text(re.sub(r'(?m)^price: \{USD: "24.00"', "price: {USD: " + price,
                            index.read_text("utf-8")), encoding="utf-8")
    result = run(shop, "check")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    named = [line for line in lines if "adapter" in line]  # the folder, its category
    assert named == [f"content/products/travel-adapter/index.md:7: {message}"], result.output
    assert lines[-1].startswith("1 error, "), result.output


def test_check_warnings_fail_only_in_strict_mode(project: Path) -> None:
    (project / "content/products/notes.txt").write_text("todo", encoding="utf-8")
    relaxed = run(project, "check")
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning: content/products/notes.txt" in relaxed.output
    assert run(project, "check", "--strict").exit_code == 1


# -- build ----------------------------------------------------------------------------------
def test_build_writes_the_site_and_prints_a_summary(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = run(project, "build", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    slug = product_index(project).parent.name
    assert list(out.rglob(f"{slug}/index.html")), "product page missing"
    assert "Built 2 products" in result.output
    assert "photos: 2 (2 encoded, 0 reused" in result.output
    again = run(project, "build", "--output", str(out), "--force")
    assert "photos: 2 (0 encoded, 2 reused" in again.output
    # only the previous generation is kept (to be recycled); no temporary folder is left
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public.")] == [
        ".public.previous"
    ]


def _published(out: Path) -> int:
    return out.stat().st_ino  # every build publishes a new folder in its place


def test_a_build_with_nothing_changed_keeps_the_output_and_says_so(project: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(project, "build", "--output", str(out)).exit_code == 0
    first = _published(out)
    again = run(project, "build", "--output", str(out))
    assert again.exit_code == 0, again.output
    assert "Up to date: nothing changed" in again.output
    assert _published(out) == first  # not rebuilt
    forced = run(project, "build", "--output", str(out), "--force")
    assert "Built 2 products" in forced.output and _published(out) != first


@pytest.mark.parametrize("change", ["edit a product", "add a photo", "edit the theme",
                                    "other options", "environment", "output removed",
                                    "midnight passed"])
def test_any_change_makes_the_next_build_run(project: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              change: str) -> None:
    out = tmp_path / "public"
    assert run(project, "build", "--output", str(out)).exit_code == 0
    options = ["--output", str(out)]
    index = product_index(project)
    if change == "edit a product":
        index.write_text(index.read_text(encoding="utf-8").replace("title:", "title: New", 1),
                         encoding="utf-8")
    elif change == "add a photo":
        shutil.copy(next(index.parent.glob("*.jpg")), index.parent / "extra.jpg")
    elif change == "edit the theme":  # the theme is read from the repository: copy it first
        theme = tmp_path / "theme"
        shutil.copytree(REPO / "themes" / "storefront", theme)
        conf = project / "pelicanconf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + f"\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
        assert run(project, "build", *options).exit_code == 0
        footer = theme / "templates" / "partials" / "footer.html"
        footer.write_text(footer.read_text(encoding="utf-8") + "<!-- edited -->",
                          encoding="utf-8")
    elif change == "other options":
        options.append("--strict")
    elif change == "environment":
        monkeypatch.setenv("STORE_SOMETHING", "1")  # pelicanconf.py may read any variable
    elif change == "output removed":
        shutil.rmtree(out)
    elif change == "midnight passed":
        record = project / ".cache" / "storefront" / "last-build.json"
        data = json.loads(record.read_text(encoding="utf-8"))
        data["valid_until"] = "2000-01-01T00:00:00+00:00"
        record.write_text(json.dumps(data), encoding="utf-8")
    again = run(project, "build", *options)
    assert "Up to date" not in again.output, change
    assert (out / "index.html").is_file()
    if change == "edit the theme":
        assert "<!-- edited -->" in (out / "index.html").read_text(encoding="utf-8")


def test_summary_counts_the_share_cards_drawn_and_reused() -> None:
    lines = summary_lines(BuildStats(products=3, cards_drawn=12, cards_reused=528), Path("out"))
    assert "  cards:  540 (12 drawn, 528 reused)" in lines
    without = summary_lines(BuildStats(products=3), Path("out"))  # the cards plugin is off
    assert not [line for line in without if "cards" in line]


def test_a_second_build_reuses_every_share_card(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = run(project, "build", "--output", str(out))
    assert first.exit_code == 0, first.output
    drawn = re.search(r"cards: +(\d+) \((\d+) drawn, 0 reused\)", first.output)
    assert drawn and drawn[1] == drawn[2] and int(drawn[1]) >= 3, first.output
    again = run(project, "build", "--output", str(out), "--force")
    assert f"cards:  {drawn[1]} (0 drawn, {drawn[1]} reused)" in again.output


def test_rebuilds_recycle_the_previous_tree_without_leaving_stale_pages(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    for _ in range(2):  # the second build leaves a previous generation to recycle
        assert run(project, "build", "--output", str(out)).exit_code == 0
    gone = product_index(project).parent
    shutil.rmtree(gone)
    assert run(project, "build", "--output", str(out)).exit_code == 0
    assert not list(out.rglob(f"{gone.name}*")), "a deleted product is still published"
    fresh = tmp_path / "fresh"
    assert run(project, "build", "--output", str(fresh)).exit_code == 0
    assert tree_digest(out) == tree_digest(fresh)


def test_failed_build_leaves_previous_output_intact(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run(project, "build", "--output", str(out)).exit_code == 0
    before = tree_digest(out)
    index = product_index(project)
    set_price(index, "-5.00")
    result = run(project, "build", "--output", str(out))
    assert result.exit_code == 1
    assert f"{index.relative_to(project).as_posix()}:" in result.output
    assert "price" in result.output
    assert "previous output was left as it was" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "shop"]


def test_first_build_that_fails_creates_no_output(project: Path, tmp_path: Path) -> None:
    set_price(product_index(project), "-5.00")
    out = tmp_path / "public"
    assert run(project, "build", "--output", str(out)).exit_code == 1
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop"]


def test_strict_build_fails_on_warnings(project: Path, tmp_path: Path) -> None:
    (project / "content/products/notes.txt").write_text("todo", encoding="utf-8")
    out = tmp_path / "public"
    relaxed = run(project, "build", "--output", str(out))
    assert relaxed.exit_code == 0, relaxed.output
    assert "notes.txt" in relaxed.output
    shutil.rmtree(out)
    strict = run(project, "build", "--output", str(out), "--strict")
    assert strict.exit_code == 1
    assert "notes.txt" in strict.output
    assert not out.exists()


def test_build_refuses_an_output_folder_that_would_replace_the_project(project: Path) -> None:
    digest = hashlib.sha256(product_index(project).read_bytes()).hexdigest()
    result = run(project, "build", "--output", str(project))
    assert result.exit_code == 1
    assert "--output" in result.output
    assert hashlib.sha256(product_index(project).read_bytes()).hexdigest() == digest


def test_build_without_settings_file_explains_where_to_run(tmp_path: Path) -> None:
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert "pelicanconf.py" in result.output
    assert "--project" in result.output


def test_photo_progress_bar_is_gone_before_the_pages_render(project: Path) -> None:
    """Its refresh thread, left running, kept big builds from rendering on every core."""
    import threading

    from storefront_catalog import signals
    from storefront_core import forkpool

    seen: list[bool] = []

    def on_finished(sender: object, **kw: object) -> None:
        seen.append(forkpool.can_fork())

    before = threading.active_count()
    with signals.build_finished.connected_to(on_finished):
        result = run(project, "build")
    assert result.exit_code == 0, result.output
    assert "photos:" in result.output  # the bar had work to show
    assert seen == [before == 1]


# -- bench ----------------------------------------------------------------------------------
def test_bench_reports_every_row_for_1_and_m_markets_with_ratios_of_its_own_medians(
    tmp_path: Path,
) -> None:
    import json
    import statistics
    import subprocess

    report = tmp_path / "bench.json"
    result = CliRunner().invoke(
        main,
        ["bench", "-n", "5", "-k", "1", "-m", "2", "-r", "1", "--git", "--base-currency-only",
         "--keep", "--json", str(report)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "5 products x 1, 2 market(s)" in out
    assert "catalog in git" in out and "store-currency prices only" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    kept = Path(data["project"])
    try:
        # the store was a git repository: the catalog, then the one product changed
        log = subprocess.run(["git", "-C", str(kept / "2-markets" / "site"), "log",
                              "--format=%s"], capture_output=True, text=True, check=True)
        assert log.stdout.splitlines()[-1] == "Synthetic catalog written by storefront bench"
        assert log.stdout.splitlines()[0].startswith("Edit ")
        # every product carries only the store currency's price; the others come from rates
        index = next((kept / "2-markets" / "site" / "content" / "products").glob("*/index.md"))
        assert re.search(r'^price: \{USD: "[\d.]+"\}$', index.read_text("utf-8"), re.M)
        assert (kept / "2-markets" / "site" / "content" / "rates.yml").is_file()
    finally:
        shutil.rmtree(kept, ignore_errors=True)

    hugo = shutil.which("hugo") is not None
    assert [s["markets"] for s in data["scenarios"]] == [1, 2]
    for scenario in data["scenarios"]:
        label = scenario["label"]
        for row in (f"cold pages, {label}", f"warm, nothing changed, {label}",
                    f"one product changed, {label}",
                    f"first build, {label}, photos cached:"):
            assert row in out, (row, out)
        m = scenario["metrics"]

        def med(series: str, runs: dict[str, object] = scenario) -> float:
            values = [r["seconds"] for r in runs[series] if r["ok"]]  # type: ignore[attr-defined]
            return float(statistics.median(values))

        for series in ("cold_pages", "warm", "changed", "pelican", "pelican_simple"):
            assert len(scenario[series]) == 1
            run = scenario[series][0]
            assert run["ok"] and run["cpu_seconds"] > 0 and run["rss_main_mb"] > 0, run
        assert m["cold_pages_over_pelican"] == med("cold_pages") / med("pelican")
        assert m["cold_pages_over_pelican_simple"] == med("cold_pages") / med("pelican_simple")
        assert f"{m['cold_pages_over_pelican']:.2f}x Pelican" in out
        # the minimal theme and plain Pelican wrote one page per product and market
        assert [mp["plain_product_pages"] for mp in scenario["pages"]] == [5] * len(
            scenario["pages"])
        assert [mp["product_pages"] for mp in scenario["pages"]] == [5] * len(scenario["pages"])
        assert scenario["same_product_pages"] is True
        assert scenario["cards"]["ok"] and m["cards_drawn"] > 0
        assert scenario["reproducible"] is True
        # cold pages: every page rendered, no photo encoded, no share card drawn; warm: nothing
        cold = scenario["cold_pages"][0]["stats"]
        assert cold["pages_rendered"] == cold["pages_written"] > 10
        assert cold["images_encoded"] == 0 and cold["cards_drawn"] == 0
        # warm: `storefront build` finds nothing changed and stops (the bench's children run
        # with other hash seeds: the output does not depend on them); --force renders nothing
        assert scenario["warm"][0]["up_to_date"] is True, scenario["warm"][0]
        assert scenario["warm_forced"][0]["stats"]["pages_rendered"] == 0
        assert 0 < scenario["changed"][0]["stats"]["pages_rendered"] < cold["pages_rendered"]
        assert f"cold pages, {label}, the build's own summary (medians): read " in out
        if hugo:
            assert m["cold_pages_over_hugo"] == med("cold_pages") / med("hugo")
            assert m["warm_over_hugo"] == med("warm") / med("hugo")
            assert m["changed_over_hugo"] == med("changed") / med("hugo")
            assert f"{m['warm_over_hugo']:.2f}x Hugo cold" in out
            assert f"{m['changed_over_hugo']:.2f}x Hugo cold" in out
            assert scenario["hugo_same_product_pages"] is True
        else:
            assert scenario["hugo"] == [] and m["warm_over_hugo"] is None
    assert "hugo" in data["hugo"] if hugo else "hugo is not on PATH" in out
    # photos are encoded once: the 2-market store reuses the 1-market store's
    one, two = data["scenarios"]
    assert one["photos"]["stats"]["images_encoded"] == 5
    assert "first build, 1 market: photos" in out and "share cards" in out
    assert two["photos"] is None and two["cards"]["stats"]["images_encoded"] == 0


def test_bench_refuses_more_markets_than_the_synthetic_store_has() -> None:
    result = CliRunner().invoke(main, ["bench", "-n", "1", "-m", "9"])
    assert result.exit_code == 2
    assert "--markets" in result.output
    assert "9 is not in the range 1<=x<=8" in result.output


@pytest.mark.parametrize(("line", "expected"), [
    ("THEME = '/nowhere/theme'", "pelicanconf.py: THEME: Could not find the theme /nowhere/theme"),
    ("SITEURL = 'https://example.com", "pelicanconf.py:"),
    ("raise RuntimeError('no key')", "raised RuntimeError while it was read: no key"),
])
def test_a_settings_file_pelican_cannot_use_is_named_without_a_traceback(
        project: Path, tmp_path: Path, line: str, expected: str) -> None:
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = run(project, "build", "--output", str(tmp_path / "public"))
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output and not (tmp_path / "public").exists()
