"""The audit on built stores: the demo store and the markets fixture pass; copies of the built
fixture broken one thing at a time each make their rule fire on the broken page; the command
prints the grouped report and exits 1 on errors; a build whose audit fails publishes nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storefront.bench import tree_digest
from storefront.build import BuildFailed, build_site
from storefront.cli import main
from storefront_seo.audit import AuditReport, Finding, audit_site
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SITE = "https://shop.example.com"


@pytest.fixture(scope="module")
def markets_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("audit-markets")
    return build(FIXTURES / "markets", base / "out", base / "cache")


@pytest.fixture
def broken(markets_out: Path, tmp_path: Path) -> Path:
    """A copy of the built markets store, to break one thing in."""
    return Path(shutil.copytree(markets_out, tmp_path / "out"))


def errors_by_rule(report: AuditReport) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in report.errors:
        out.setdefault(f.rule, []).append(f)
    return out


def warnings_of(report: AuditReport, rule: str) -> list[Finding]:
    """The warnings of one rule; the report must have no error at all (advice never fails)."""
    assert report.errors == [], "\n".join(map(str, report.errors[:20]))
    return [f for f in report.warnings if f.rule == rule]


def edit(path: Path, old: str | re.Pattern[str], new: str) -> None:
    """Replace the first match of ``old`` in ``path`` (it must be there)."""
    text = path.read_text(encoding="utf-8")
    if isinstance(old, str):
        assert old in text, f"{old!r} not in {path}"
        text = text.replace(old, new, 1)
    else:
        text, n = old.subn(new, text, count=1)
        assert n == 1, f"{old.pattern!r} not in {path}"
    path.write_text(text, encoding="utf-8")


# -- stores that pass ---------------------------------------------------------------------------
def test_the_markets_fixture_passes(markets_out: Path) -> None:
    report = audit_site(markets_out)
    assert report.site_url == f"{SITE}/"
    assert report.pages > 40
    assert report.errors == [], "\n".join(map(str, report.errors[:20]))


def test_the_demo_store_passes_with_no_errors(demo_site: Path) -> None:
    report = audit_site(demo_site)
    assert report.pages > 100
    assert report.errors == [], "\n".join(map(str, report.errors[:20]))
    # warnings stay one line per rule, whatever their number
    assert len(report.warning_lines()) == len({f.rule for f in report.warnings})


# -- broken copies: each break makes its rule fire on the page -----------------------------------
def test_a_missing_hreflang_return_link(broken: Path) -> None:
    page = broken / "de-de/products/usb-cable/index.html"
    edit(page, f'<link rel="alternate" hreflang="ja-JP" href="{SITE}/ja-jp/products/usb-cable/">',
         "")
    found = errors_by_rule(audit_site(broken))
    assert list(found) == ["hreflang-return"]
    assert [f.page for f in found["hreflang-return"]] == ["de-de/products/usb-cable/index.html"]
    assert f"{SITE}/ja-jp/products/usb-cable/" in found["hreflang-return"][0].message


def test_a_duplicate_title_is_advice(broken: Path) -> None:
    title = re.search(r"<title>[^<]*</title>",
                      (broken / "en-us/products/usb-cable/index.html").read_text("utf-8"))
    assert title is not None
    edit(broken / "en-us/products/flash-drive/index.html", re.compile(r"<title>[^<]*</title>"),
         title.group(0))
    found = warnings_of(audit_site(broken), "title-duplicate")
    assert sorted(f.page for f in found) == [
        "en-us/products/flash-drive/index.html", "en-us/products/usb-cable/index.html"]


def test_broken_json_ld(broken: Path) -> None:
    edit(broken / "ja-jp/products/usb-cable/index.html", '{"@context":', '{"@context" ')
    found = errors_by_rule(audit_site(broken))
    assert [f.page for f in found["jsonld-syntax"]] == ["ja-jp/products/usb-cable/index.html"]
    # with its JSON-LD gone, the page is a product page without Product data; the checkout's
    # prices are not compared with what cannot be read (one error per cause)
    assert set(found) == {"jsonld-syntax", "product-required"}


def test_a_feed_price_that_differs_from_the_page(broken: Path) -> None:
    feed = broken / "feeds/de-de/merchant.xml"
    text = feed.read_text(encoding="utf-8")
    item = text[text.index("<item>"):text.index("</item>")]
    link = re.search(r"<link>([^<]*)</link>", item)
    price = re.search(r"<g:price>([\d.]+) EUR</g:price>", item)
    assert link is not None and price is not None
    edit(feed, price.group(0), f"<g:price>{float(price.group(1)) + 1:.2f} EUR</g:price>")
    found = errors_by_rule(audit_site(broken))
    page = link.group(1).removeprefix(f"{SITE}/").split("?")[0] + "index.html"
    # the feed disagrees with the page, and with what the checkout charges
    assert set(found) == {"price-mismatch", "checkout-mismatch"}
    assert [f.page for f in found["price-mismatch"]] == [page]
    assert "feeds/de-de/merchant.xml" in found["price-mismatch"][0].message
    (checkout,) = found["checkout-mismatch"]
    assert checkout.page == "de-de/checkout.json"
    assert "feeds/de-de/merchant.xml" in checkout.message


def test_a_broken_link(broken: Path) -> None:
    edit(broken / "en-us/index.html", "</main>", '<a href="/en-us/products/gone/">x</a></main>')
    found = errors_by_rule(audit_site(broken))
    assert list(found) == ["link-broken"]
    assert [f.page for f in found["link-broken"]] == ["en-us/index.html"]
    assert "/en-us/products/gone/" in found["link-broken"][0].message


def test_an_image_without_alt_is_advice(broken: Path) -> None:
    edit(broken / "de-de/products/flash-drive/index.html", re.compile(r'(<img [^>]*?) alt="[^"]*"'),
         r"\1")
    found = warnings_of(audit_site(broken), "img-alt")
    assert [f.page for f in found] == ["de-de/products/flash-drive/index.html"]


def test_a_past_price_valid_until(broken: Path) -> None:
    edit(broken / "ar-sa/products/charging-station/index.html",
         re.compile(r'"priceValidUntil":"[^"]*"'), '"priceValidUntil":"2020-01-31"')
    found = errors_by_rule(audit_site(broken))
    assert list(found) == ["price-valid-until"]
    assert [f.page for f in found["price-valid-until"]] == [
        "ar-sa/products/charging-station/index.html"]
    assert "2020-01-31 is in the past" in found["price-valid-until"][0].message


def test_a_noindex_page_in_the_sitemap(broken: Path) -> None:
    assert 'content="noindex"' in (broken / "404.html").read_text(encoding="utf-8")
    edit(broken / "sitemap-en-us.xml", "</urlset>",
         f"<url><loc>{SITE}/404.html</loc></url></urlset>")
    found = warnings_of(audit_site(broken), "sitemap-extra")
    assert [f.page for f in found] == ["sitemap-en-us.xml"]
    assert "noindex page (404.html)" in found[0].message


def test_a_page_missing_from_the_sitemap(broken: Path) -> None:
    edit(broken / "sitemap-de-de.xml",
         re.compile(rf"<url>\s*<loc>{re.escape(SITE)}/de-de/pages/about/</loc>.*?</url>", re.S),
         "")
    found = warnings_of(audit_site(broken), "sitemap-missing")
    assert [f.page for f in found] == ["de-de/pages/about/index.html"]


# -- the command --------------------------------------------------------------------------------
def run_audit(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "audit", *args],
                                catch_exceptions=False)
    return result.exit_code, result.output


def test_the_command_prints_the_report_grouped_and_exits_1_on_errors(broken: Path,
                                                                     tmp_path: Path) -> None:
    for name in ("en-us/index.html", "de-de/index.html"):
        edit(broken / name, "</main>", '<a href="/nowhere/">x</a></main>')
    report = tmp_path / "ci" / "audit.json"
    code, output = run_audit(tmp_path, "--output", "out", "--json", str(report))
    assert code == 1
    assert "error: link-broken: 2 errors on 2 files" in output
    assert '    de-de/index.html: <a href> "/nowhere/" is not a published file' in output
    assert "2 errors: fix them and rebuild." in output
    # warnings: one line per rule, with a count and the first files
    warning_lines = [line for line in output.splitlines() if line.startswith("warning: ")]
    assert warning_lines and all(" files: " in w or " file: " in w for w in warning_lines)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["errors"] == 2 and data["pages"] > 40


def test_the_command_passes_a_clean_site_unless_strict(markets_out: Path, tmp_path: Path) -> None:
    code, output = run_audit(tmp_path, "--output", str(markets_out))
    assert code == 0, output
    assert "OK: no errors" in output
    code, _ = run_audit(tmp_path, "--output", str(markets_out), "--strict")
    assert code == 1  # the fixture has warnings (short category descriptions)


def test_the_command_says_when_there_is_nothing_to_audit(tmp_path: Path) -> None:
    code, output = run_audit(tmp_path)
    assert code == 1
    assert "run `storefront build` first" in output


# -- the build ----------------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the one-market fixture store that still finds the repository's theme."""
    return copy_project(FIXTURES / "site", tmp_path / "shop")


def test_a_build_whose_audit_fails_keeps_the_previous_output(project: Path) -> None:
    out = project / "output"
    stats = build_site(project, out)
    assert stats.timings["audit"] > 0
    assert any(w.startswith("audit: description-length: ") for w in stats.warnings)
    before = tree_digest(out)
    about = project / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [our shop](/shop/).\n",
                     encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(project, out)
    problems = failed.value.problems
    assert [(p.file, p.field) for p in problems] == [("output/pages/about/index.html",
                                                      "link-broken")]
    assert '"/shop/" is not a published file' in problems[0].message
    assert tree_digest(out) == before
    assert not list(project.glob(".output.building-*"))
    # the audit can be switched off
    build_site(project, out, extra_settings={"STORE_AUDIT": False})
    assert "/shop/" in (out / "pages/about/index.html").read_text(encoding="utf-8")


def test_audit_warnings_are_listed_but_never_block_a_build(project: Path) -> None:
    """Lengths and missing share images are advice; `storefront audit --strict` gates on them."""
    stats = build_site(project, project / "output", strict=True)
    assert any(w.startswith("audit: description-length: ") for w in stats.warnings)
    assert (project / "output" / "index.html").is_file()


def run_cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args],
                                catch_exceptions=False)
    return result.exit_code, result.output


def test_two_products_sharing_a_title_build_with_a_warning_and_fail_strict(project: Path
                                                                           ) -> None:
    """A catalog may hold two products of one name: the build passes and says so; CI that
    gates on advice (`storefront audit --strict`) fails."""
    conf = project / "pelicanconf.py"  # share cards (and their fonts) play no part here
    conf.write_text(conf.read_text(encoding="utf-8").replace(', "storefront_social_cards"', ""),
                    encoding="utf-8")
    stylus = project / "content/products/stylus/index.md"
    stylus.write_text(stylus.read_text(encoding="utf-8").replace(
        "title: Active Stylus", "title: Flash Drive 64 GB"), encoding="utf-8")
    code, output = run_cli(project, "build")
    assert code == 0, output
    assert "warning: audit: title-duplicate: 2 files: <title> unique among the indexable " \
           "pages of a market; e.g. products/flash-drive/index.html, " \
           "products/stylus/index.html" in " ".join(output.split())
    code, output = run_cli(project, "audit")
    assert code == 0 and "warning: title-duplicate: 2 files" in output, output
    code, output = run_cli(project, "audit", "--strict")
    assert code == 1 and "warning: title-duplicate: 2 files" in output, output


# -- scale (its speed is measured by `storefront bench`, never by a timed test) ------------------
def test_five_thousand_pages_audit_clean(markets_out: Path, tmp_path: Path) -> None:
    """Product pages copied under new slugs (their links and hreflang follow) up to 5,000:
    every page read, nothing reported that is not there."""
    out = Path(shutil.copytree(markets_out, tmp_path / "out"))
    products = sorted(out.glob("*/products/*/index.html"))
    copies = -(-(5000 - len(list(out.rglob("*.html")))) // len(products))
    extra: dict[str, list[str]] = {}
    for page in products:
        market, slug = page.parts[-4], page.parts[-2]
        text = page.read_text(encoding="utf-8")
        for k in range(copies):
            new = f"{slug}-{k}"
            dest = out / market / "products" / new / "index.html"
            dest.parent.mkdir(parents=True)
            dest.write_text(text.replace(f"/products/{slug}/", f"/products/{new}/")
                            .replace("<title>", f"<title>{k} "), encoding="utf-8")
            extra.setdefault(market, []).append(f"{SITE}/{market}/products/{new}/")
    for market, urls in extra.items():
        edit(out / f"sitemap-{market}.xml", "</urlset>",
             "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>")
    report = audit_site(out)
    assert report.pages >= 5000
    assert {f.rule for f in report.errors} == set()
