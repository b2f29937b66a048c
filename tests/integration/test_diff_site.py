"""`storefront diff` end to end: the multi-market fixture built twice, a price, a title and a
market's product list changed in between, and the report read as a marketer would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_currency
from click.testing import CliRunner

from storefront.cli import main
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "markets"
CABLE = "content/products/usb-cable/index.md"
#: the cable's prices before and after, per market: (currency, Babel locale, old, new).
#: Every written price changes: the fixture writes one per currency. (With prices derived
#: from the USD base, changing USD alone moves them all.)
CABLE_PRICES = {
    "en-us": ("USD", "en_US", "9.00", "12.00"),
    "de-de": ("EUR", "de_DE", "8.50", "11.50"),
    "ja-jp": ("JPY", "ja_JP", "1280", "1680"),
    "ar-sa": ("SAR", "ar_SA", "35.00", "45.00"),
}


def shown(market: str, which: int) -> str:
    currency, locale, *amounts = CABLE_PRICES[market]
    return format_currency(Decimal(amounts[which]), currency, locale=locale)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found; the fixture changed"
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_store(project: Path) -> None:
    """One price (every currency), one German title, one product out of one market."""
    old = "{" + ", ".join(f'{c}: "{o}"' for c, _, o, _ in CABLE_PRICES.values()) + "}"
    new = "{" + ", ".join(f'{c}: "{n}"' for c, _, _, n in CABLE_PRICES.values()) + "}"
    edit(project / CABLE, f"price: {old}", f"price: {new}")
    edit(project / "content/products/usb-cable/index.de.md", "title: USB-C-Kabel 1 m",
         "title: USB-C-Kabel 1 Meter")
    edit(project / "content/markets.yml", "products: [travel-adapter]",
         "products: [travel-adapter, flash-drive]")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("diff")
    project = copy_project(FIXTURE, base / "project")
    old = build(project, base / "old", base / "cache")
    change_store(project)
    new = build(project, base / "new", base / "cache")
    return old, new


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def sections(text: str) -> dict[str, str]:
    """The text report cut at its market headings: "de-de" -> its indented lines."""
    out: dict[str, str] = {}
    for block in text.split("\n\n")[1:]:
        head, _, body = block.partition("\n")
        out[head.split(" ")[0]] = body
    return out


def test_the_text_report_names_the_price_change_in_every_market(sites: tuple[Path, Path]) -> None:
    code, text = run("diff", str(sites[0]), str(sites[1]))
    assert code == 0, text  # a report: changes are not a failure
    by_market = sections(text)
    for market in CABLE_PRICES:
        assert f"MK-CBL-1M {shown(market, 0)} -> {shown(market, 1)}" in by_market[market], (
            market, by_market[market])
    assert "1,280" in shown("ja-jp", 0) and "8,50" in shown("de-de", 0)  # the market's own form
    # nothing else was repriced
    priced = [line.split()[0] for body in by_market.values()
              for line in body.partition("  Prices:\n")[2].split("\n  ")[0].splitlines()]
    assert priced == ["MK-CBL-1M"] * 4, priced


def test_the_text_report_names_the_removed_product_title_and_pages(
        sites: tuple[Path, Path]) -> None:
    _, text = run("diff", str(sites[0]), str(sites[1]))
    by_market = sections(text)
    ar = by_market["ar-sa"]
    assert "Products removed:\n    - MK-FD-64  Flash Drive 64 GB" in ar
    assert "- /ar-sa/products/flash-drive/" in ar
    assert "- merchant.xml MK-FD-64" in ar and "- meta.csv MK-FD-64" in ar
    assert "- https://shop.example.com/ar-sa/products/flash-drive/" in ar
    assert "MK-FD-64" not in by_market["de-de"].split("Page changes")[0]  # still sold there
    de = by_market["de-de"]
    assert ('/de-de/products/usb-cable/: title "USB-C-Kabel 1 m | Fixture Goods" -> '
            '"USB-C-Kabel 1 Meter | Fixture Goods"') in de
    assert 'MK-CBL-1M: name "USB-C-Kabel 1 m" -> "USB-C-Kabel 1 Meter"' in de
    # the other markets' flash-drive pages lost their ar-SA alternate, and say so
    assert ("/en-us/products/flash-drive/: hreflang "
            "-ar-SA=https://shop.example.com/ar-sa/products/flash-drive/") in by_market["en-us"]
    assert "title" not in by_market["ja-jp"]  # the Japanese title did not change


def test_markdown_is_a_pull_request_summary_with_tables(sites: tuple[Path, Path]) -> None:
    code, md = run("diff", "--format", "markdown", str(sites[0]), str(sites[1]))
    assert code == 0
    assert md.startswith("## What this change does to the store")
    assert "### de-de (de-DE)" in md and "### ar-sa (ar-SA)" in md
    assert "| SKU | product | which | before | after |\n|---|---|---|---|---|" in md
    assert (f"| `MK-CBL-1M` | USB-C-Kabel 1 Meter | price | {shown('de-de', 0)} | "
            f"{shown('de-de', 1)} |") in md
    assert "| `MK-FD-64` | Flash Drive 64 GB |" in md
    counts = re.search(r"^\| ar-sa \(ar-SA\) \| (.*) \|$", md, re.M)
    assert counts, md
    head = re.search(r"^\| market \| (.*) \|$", md, re.M)
    assert head
    row = dict(zip(head.group(1).split(" | "), counts.group(1).split(" | "), strict=True))
    assert row["price changes"] == "1" and row["products removed"] == "1"


def test_json_has_the_documented_schema(sites: tuple[Path, Path]) -> None:
    code, out = run("diff", "--format", "json", str(sites[0]), str(sites[1]))
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "storefront-diff/1"
    assert set(doc) == {"schema", "old", "new", "summary", "markets"}
    assert set(doc["markets"]) == set(CABLE_PRICES)
    de = doc["markets"]["de-de"]
    assert set(de) == {"locale", "prices", "products_added", "products_removed", "pages_added",
                       "pages_removed", "page_changes", "data_changes", "feed_added",
                       "feed_removed", "feed_changes", "sitemap_added", "sitemap_removed"}
    assert de["locale"] == "de-DE"
    assert de["prices"] == [{
        "sku": "MK-CBL-1M", "name": "USB-C-Kabel 1 Meter", "kind": "price",
        "old": "8.50", "old_currency": "EUR", "new": "11.50", "new_currency": "EUR",
        "old_text": shown("de-de", 0), "new_text": shown("de-de", 1)}]
    assert {"feed": "merchant.xml", "id": "MK-CBL-1M", "field": "price", "old": "8.50 EUR",
            "new": "11.50 EUR"} in de["feed_changes"]
    assert doc["markets"]["ar-sa"]["products_removed"] == [
        {"id": "MK-FD-64", "name": "Flash Drive 64 GB"}]
    assert doc["summary"]["prices"] == 4 and doc["summary"]["products_removed"] == 1


def test_the_same_site_twice_has_no_changes(sites: tuple[Path, Path]) -> None:
    code, text = run("diff", str(sites[0]), str(sites[0]))
    assert code == 0
    assert "No changes" in text
    _, out = run("diff", "--format", "json", str(sites[0]), str(sites[0]))
    assert json.loads(out)["markets"] == {}


def test_a_missing_folder_or_an_unbuilt_one_is_a_clear_error(
        sites: tuple[Path, Path], tmp_path: Path) -> None:
    code, text = run("diff", str(sites[0]), str(tmp_path / "nope"))
    assert code == 2 and "nope: no such folder" in text and "storefront build" in text
    copy_project(FIXTURE, tmp_path / "project")
    code, text = run("diff", str(tmp_path / "project"), str(sites[1]))
    assert code == 2 and "not a built site" in text
    code, text = run("diff", str(sites[0]))
    assert code == 2 and "OLD_SITE NEW_SITE" in text


# --- --base: a real Git repository ----------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=t@example.com",
         "-c", "commit.gpgsign=false", *args],
        check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_base_builds_the_commit_and_compares_with_the_working_tree(tmp_path: Path) -> None:
    repo = copy_project(FIXTURE, tmp_path / "store")
    (repo / ".gitignore").write_text(".cache/\noutput/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the store")
    edit(repo / CABLE, 'USD: "9.00"', 'USD: "12.00"')
    git(repo, "commit", "-q", "-am", "the cable costs more")

    code, out = run("--project", str(repo), "diff", "--base", "HEAD~1", "--format", "json")
    assert code == 0, out
    doc = json.loads(out[out.index("{"):])
    assert doc["new"] == "working tree" and doc["old"].startswith("HEAD~1 (")
    prices = doc["markets"]["en-us"]["prices"]
    assert [(p["sku"], p["old_text"], p["new_text"]) for p in prices] == [
        ("MK-CBL-1M", "$9.00", "$12.00")]
    assert all(not m["products_removed"] for m in doc["markets"].values())
    assert "base-checkout" not in git(repo, "worktree", "list")  # the worktree is gone

    # the head can also be a site built before
    head = build(repo, tmp_path / "head", tmp_path / "cache")
    code, text = run("--project", str(repo), "diff", "--base", "main~1", "--head-output",
                     str(head))
    assert code == 0 and "MK-CBL-1M $9.00 -> $12.00" in text

    code, text = run("--project", str(repo), "diff", "--base", "no-such-branch")
    assert code == 2 and "'no-such-branch' is not a commit of this repository" in text
