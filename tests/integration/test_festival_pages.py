"""Festival pages on the demo store, read as a shopper and a crawler read them: during Black
Friday (27 November 2026) /<market>/black-friday/ lists the products on sale at the prices
their own pages show, and the banner links to it; on 1 March 2027 it names the next Black
Friday in the market's language; all year it is in the sitemaps with reciprocal hreflang, its
structured data is a CollectionPage with an ItemList (no Event), the audit passes and vnu
finds nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import extruct
import lxml.html
import pytest
from lxml import etree

from storefront_seo.audit import audit_site
from tests.integration.test_html_valid import vnu_jar
from tests.sitebuild import build

REPO = Path(__file__).resolve().parent.parent.parent
SITE = "https://voltaro.example"
#: the demo's markets that run Black Friday (black-friday.yml, black-friday-japan.yml)
BLACK_FRIDAY = ("en-us", "en-gb", "de-de", "ja-jp")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo built during Black Friday and on 1 March 2027 (one cache: photos once)."""
    base = tmp_path_factory.mktemp("festivals")
    return {day: build(REPO, base / day, base / "cache", IMAGE_WIDTHS=[320],
                       IMAGE_FORMATS=["jpeg"], STORE_DATE=day)
            for day in ("2026-11-27", "2027-03-01")}


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / path.strip("/") / "index.html")).getroot()


def text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def cards(doc: lxml.html.HtmlElement) -> list[tuple[str, str, bool]]:
    """(product URL, shown price, struck regular price shown) of every product card."""
    return [(card.xpath(".//a[@class='card__link']/@href")[0],
             text(card.find_class("card__now")[0]), bool(card.find_class("card__was")))
            for card in doc.find_class("card")]


def headline_price(site: Path, url: str) -> str:
    """The price a product's own page shows first."""
    return text(page(site, url).find_class("price__now")[0])


def test_during_black_friday_the_page_lists_the_sale_at_the_product_pages_prices(
        sites: dict[str, Path]) -> None:
    site = sites["2026-11-27"]
    windows = {"en-us": ("2026-11-24", "2026-11-30"), "en-gb": ("2026-11-24", "2026-11-30"),
               "de-de": ("2026-11-24", "2026-11-30"), "ja-jp": ("2026-11-20", "2026-11-30")}
    for market in BLACK_FRIDAY:
        doc = page(site, f"/{market}/black-friday/")
        shown = cards(doc)
        assert len(shown) >= 5, f"{market}: {len(shown)} products"
        for url, price, on_sale in shown:
            assert on_sale, f"{market}: {url} is listed without its sale price"
            assert price == headline_price(site, url), f"{market}: {url}"
        sale = doc.find_class("festival__sale")[0]
        assert tuple(sale.xpath(".//time/@datetime")) == windows[market], market
    # the sale's own words and discount, in the market's language
    de = page(site, "/de-de/black-friday/")
    assert de.findtext(".//h1") == "Black Friday 2026: Angebote"
    assert "20 % Rabatt" in text(de.find_class("festival__facts")[0])
    assert text(de.find_class("breadcrumbs")[0]) == "Startseite Black Friday"
    assert de.xpath("//link[@rel='canonical']/@href") == [f"{SITE}/de-de/black-friday/"]
    ja = page(site, "/ja-jp/black-friday/")
    assert "15%オフ" in text(ja.find_class("festival__facts")[0])
    # Japan's campaign takes in the USB-C products only; the others' takes in everything
    assert 0 < len(cards(ja)) < len(cards(de)) == len(cards(page(site, "/en-us/black-friday/")))
    for market in ("ar-sa", "en-sg"):  # no Black Friday campaign there
        assert not (site / market / "black-friday").exists()


def test_the_banner_links_to_its_festival_page(sites: dict[str, Path]) -> None:
    site = sites["2026-11-27"]
    for market, slug in (("en-us", "black-friday"), ("ja-jp", "black-friday"),
                         ("ar-sa", "white-friday")):
        doc = page(site, f"/{market}/products/active-stylus-pen/")
        links = doc.xpath("//section[@data-promo]//a/@href")
        assert links == [f"/{market}/{slug}/"], market
        assert (site / market / slug / "index.html").is_file()
        # the skip link stays the first thing to tab to
        assert doc.body[0].get("class") == "skip-link"


def test_outside_the_sale_the_page_names_the_next_black_friday(
        sites: dict[str, Path]) -> None:
    site = sites["2027-03-01"]
    expected = {"en-us": "Black Friday 2027: November 26",
                "en-gb": "Black Friday 2027: 26 November",
                "de-de": "Black Friday 2027: 26. November",
                "ja-jp": "2027年のブラックフライデー：11月26日"}
    for market, line in expected.items():
        doc = page(site, f"/{market}/black-friday/")
        nxt = doc.find_class("festival__next")[0]
        assert text(nxt) == line, market
        assert nxt.xpath(".//time/@datetime") == ["2027-11-26"]
        assert not doc.find_class("festival__sale"), f"{market}: a sale shown in March"
        # last year's products at today's prices, as their pages show them
        shown = cards(doc)
        assert shown, market
        for url, price, _on_sale in shown:
            assert price == headline_price(site, url), f"{market}: {url}"
    en = page(site, "/en-us/black-friday/")
    assert text(en.find_class("section__title")[0]) == "Highlights of Black Friday 2026"
    assert en.findtext(".//title") == "Black Friday 2027 deals | Voltaro"


@pytest.mark.parametrize("day", ["2026-11-27", "2027-03-01"])
def test_the_pages_are_in_the_sitemaps_with_reciprocal_hreflang(
        sites: dict[str, Path], day: str) -> None:
    site = sites[day]
    links: dict[str, dict[str, str]] = {}
    for market in BLACK_FRIDAY:
        tree = etree.parse(str(site / f"sitemap-{market}.xml"))
        loc = f"{SITE}/{market}/black-friday/"
        found = [u for u in tree.iter(f"{SM}url") if u.findtext(f"{SM}loc") == loc]
        assert len(found) == 1, f"{loc} not in sitemap-{market}.xml"
        links[loc] = {a.get("hreflang"): a.get("href") for a in found[0].iter(f"{XHTML}link")}
    cluster = {f"{SITE}/{m}/black-friday/" for m in BLACK_FRIDAY}
    for loc, alternates in links.items():
        assert alternates["x-default"] == f"{SITE}/en-us/black-friday/"
        assert set(alternates.values()) == cluster, loc
        assert alternates[{"en-us": "en-US", "en-gb": "en-GB", "de-de": "de-DE",
                           "ja-jp": "ja-JP"}[loc.split("/")[3]]] == loc
        for href in alternates.values():  # every alternate lists this page back
            assert loc in links[href].values()


def test_structured_data_as_a_crawler_reads_it(sites: dict[str, Path]) -> None:
    for day, running in (("2026-11-27", True), ("2027-03-01", False)):
        site = sites[day]
        path = site / "de-de" / "black-friday" / "index.html"
        data = extruct.extract(path.read_text(encoding="utf-8"), base_url=SITE,
                               syntaxes=["json-ld"], uniform=True)["json-ld"]
        nodes = [n for d in data for n in d.get("@graph", [d])]
        types = sorted(n["@type"] for n in nodes)
        assert types == ["BreadcrumbList", "CollectionPage"], types
        collection = next(n for n in nodes if n["@type"] == "CollectionPage")
        assert collection["url"] == f"{SITE}/de-de/black-friday/"
        assert collection["inLanguage"] == "de-DE"
        listed = [item["url"] for item in collection["mainEntity"]["itemListElement"]]
        shown = [SITE + url for url, _p, _s in cards(page(site, "/de-de/black-friday/"))]
        assert listed == shown and collection["mainEntity"]["numberOfItems"] == len(shown)
        assert ("temporalCoverage" in collection) == running, day
        if running:
            assert collection["temporalCoverage"] == (
                "2026-11-24T00:00:00+01:00/2026-12-01T00:00:00+01:00")


@pytest.mark.parametrize("day", ["2026-11-27", "2027-03-01"])
def test_the_audit_passes_on_the_festival_pages(sites: dict[str, Path], day: str) -> None:
    # judged as of the day built for (as `storefront build --date` records it)
    report = audit_site(sites[day], now=datetime.fromisoformat(f"{day}T12:00:00+00:00"))
    assert report.errors == [], "\n".join(map(str, report.errors[:20]))
    about = [str(f) for f in report.warnings
             if f.page.split("/")[1:2] and f.page.split("/")[1] in (
                 "black-friday", "cyber-monday", "christmas", "white-friday", "singles-day",
                 "double-twelve", "lunar-new-year", "eid-al-fitr")]
    assert about == [], "\n".join(about)


def test_the_audit_finds_a_card_that_disagrees_with_its_product_page(
        sites: dict[str, Path], tmp_path: Path) -> None:
    site = Path(shutil.copytree(sites["2026-11-27"], tmp_path / "out"))
    path = site / "de-de" / "black-friday" / "index.html"
    html = path.read_text(encoding="utf-8")
    url, price, _on_sale = cards(page(site, "/de-de/black-friday/"))[0]
    html, n = re.subn(r'<span class="card__now">[^<]*</span>',
                      '<span class="card__now">1,00 €</span>', html, count=1)
    assert n == 1
    path.write_text(html, encoding="utf-8")
    report = audit_site(site, now=datetime.fromisoformat("2026-11-27T12:00:00+00:00"))
    found = [f for f in report.errors if f.rule == "card-price"]
    assert [f.page for f in found] == ["de-de/black-friday/index.html"]
    assert url in found[0].message and "1,00 €" in found[0].message


def test_the_festival_pages_are_valid_html(sites: dict[str, Path]) -> None:
    jar = vnu_jar()
    if jar is None or shutil.which("java") is None:
        if os.environ.get("STOREFRONT_REQUIRE_BROWSER") == "1":
            pytest.fail("Nu HTML Checker missing: `npm install -g vnu-jar` and a Java runtime")
        pytest.skip("the Nu HTML Checker (npm vnu-jar + Java) is not installed")
    pages = sorted(str(p) for site in sites.values()
                   for p in site.glob("*/*/index.html")
                   if p.parent.name not in ("search", "pagefind") and p.parent.parent.name
                   not in ("products", "collections", "pages"))
    assert len(pages) >= 20
    result = subprocess.run(["java", "-jar", str(jar), "--format", "json", *pages],
                            capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{m.get('url', '')}:{m.get('lastLine')}: {m.get('message')}" for m in messages
                if m.get("type") in ("error", "non-document-error")
                or m.get("subType") == "warning"]
    assert problems == [], "\n".join(problems)
