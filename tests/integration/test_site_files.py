"""The site-wide files of a built multi-market store, read as search engines and Merchant
Center read them: sitemaps valid and complete, robots.txt, feeds priced like the pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from tests.sitebuild import build
from tests.unit.test_seo_jsonld import walk
from tests.unit.test_seo_sitemaps import validate_index, validate_urlset

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "markets"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site-files")
    return build(FIXTURE, base / "out", base / "cache")


def indexable_pages(site: Path) -> set[str]:
    out = set()
    for page in site.rglob("*.html"):
        doc = lxml.html.parse(str(page)).getroot()
        robots = doc.find(".//meta[@name='robots']")
        if robots is not None and "noindex" in robots.get("content", ""):
            continue
        out.add(doc.find(".//link[@rel='canonical']").get("href"))
    return out


def test_sitemaps_are_valid_and_list_exactly_the_indexable_pages(site: Path) -> None:
    index = validate_index((site / "sitemap.xml").read_bytes())
    listed: set[str] = set()
    for loc in index.iter(f"{SM}loc"):
        name = loc.text.rsplit("/", 1)[1]
        urlset = validate_urlset((site / name).read_bytes())
        listed |= {u.text for u in urlset.iter(f"{SM}loc")}
    assert listed == indexable_pages(site)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://" in robots and robots.rstrip().endswith("/sitemap.xml")


def test_feed_json_ld_and_page_agree_on_every_price(site: Path) -> None:
    checked = 0
    for feed in sorted(site.glob("feeds/*/merchant.xml")):
        market = feed.parent.name
        items = etree.parse(str(feed)).getroot().iter("item")
        feed_prices = {i.findtext(f"{G}id"): i.findtext(f"{G}price") for i in items}
        rows = list(csv.DictReader(io.StringIO((feed.parent / "meta.csv").read_text("utf-8"))))
        assert {r["id"]: r["price"] for r in rows} == feed_prices
        for page in (site / market / "products").glob("*/index.html"):
            doc = lxml.html.parse(str(page)).getroot()
            data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
            for node in data.get("@graph", [data]):
                if node["@type"] not in ("Product", "ProductGroup"):
                    continue
                variants = node.get("hasVariant") or [node]
                for v in variants:
                    offer = v["offers"]
                    assert feed_prices[v["sku"]] == f'{offer["price"]} {offer["priceCurrency"]}'
                    checked += 1
    assert checked >= 10


def test_site_files_are_reused_until_a_page_they_describe_changes(tmp_path: Path) -> None:
    import shutil

    project = Path(shutil.copytree(FIXTURE, tmp_path / "shop"))
    repo = FIXTURE.parents[2]
    paths = {"THEME": str(repo / "themes" / "storefront"),
             "PLUGIN_PATHS": [str(repo / "plugins")], "STORE_I18N_DIR": str(repo / "i18n")}
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "out1", cache, **paths)
    feed = first / "feeds" / "en-us" / "merchant.xml"
    again = build(project, tmp_path / "out2", cache, **paths)
    reused = again / "feeds" / "en-us" / "merchant.xml"
    assert reused.read_bytes() == feed.read_bytes()
    assert reused.stat().st_ino == (cache / "site-files").glob("*/feeds/en-us/merchant.xml")\
        .__next__().stat().st_ino  # linked from the cache, not written again
    index = project / "content" / "products" / "usb-cable" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("USD: \"9.00\"", "USD: \"8.49\""), encoding="utf-8")
    changed = build(project, tmp_path / "out3", cache, **paths)
    assert "8.49 USD" in (changed / "feeds" / "en-us" / "merchant.xml").read_text("utf-8")
    assert "8.49 USD" not in feed.read_text("utf-8")
    # the other items were kept from the last build; every item is still in the new feed
    items = etree.parse(str(changed / "feeds" / "en-us" / "merchant.xml")).getroot()
    old_items = etree.parse(str(feed)).getroot()
    assert len(items.findall(".//item")) == len(old_items.findall(".//item"))
    # a market setting they depend on (here the shop's name in the feed title) is not stale
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8").replace("SITENAME = ", "SITENAME = 'Renamed' or "),
                    encoding="utf-8")
    renamed = build(project, tmp_path / "out4", cache, **paths)
    assert "Renamed" in (renamed / "feeds" / "en-us" / "merchant.xml").read_text("utf-8")


def _graph(page: Path) -> list[dict]:
    doc = lxml.html.parse(str(page)).getroot()
    data = json.loads(doc.find(".//script[@type='application/ld+json']").text)
    return data.get("@graph", [data])


def test_product_pages_carry_the_store_their_offers_reference_not_every_country(
        demo_site: Path) -> None:
    """Google resolves an @id only inside one page: every reference of a product page has
    its object there; the store on a product page lists the shipping service of its own
    market's country (the one its offers name), the home page every country's."""
    site = demo_site
    home = next(n for n in _graph(site / "en-us" / "index.html") if n["@type"] == "OnlineStore")
    everywhere = {s["@id"] for s in home["hasShippingService"]}
    assert len(everywhere) >= 3
    checked = 0
    for page in sorted(site.glob("*/products/*/index.html")):
        graph = _graph(page)
        defined = {n["@id"] for n in walk(graph) if "@id" in n and len(n) > 1}
        refs = {n["@id"] for n in walk(graph) if set(n) == {"@id"}}
        assert refs and refs <= defined, (page, refs - defined)
        store = next(n for n in graph if n["@type"] == "OnlineStore")
        named = {n["hasShippingService"]["@id"] for n in walk(graph)
                 if n.get("@type") == "OfferShippingDetails"}
        listed = {s["@id"] for s in store.get("hasShippingService", [])}
        assert named <= listed < everywhere, page
        checked += 1
    assert checked >= 10
