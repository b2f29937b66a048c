"""The built site as a crawler follows it: every URL a page, sitemap, feed or robots.txt names is
a published file, also for a store served below a path (SITEURL "https://example.com/shop") on
a campaign day (hero images, a banner background image); and every hreflang cluster, in the
pages' heads and in the sitemaps, is reciprocal, x-default included.

The store is a copy of the markets fixture (tests/fixtures/markets) with two changes: a coupon
campaign with a background image in ja-jp, and the flash drive not sold in the default market
(en-us), so one cluster has no page in the default market."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from storefront_catalog.settings import parse_moment
from storefront_seo.audit import audit_site
from tests.integration.test_promotions_site import COUPON_CAMPAIGN, copy_markets
from tests.sitebuild import build

SITE = "https://example.com/shop"
HOST = "example.com"
DAY = "2026-11-18"  # the fixture's autumn sale (hero images) and the coupon week both run
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa")  # markets.yml order, the default first
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
G = "{http://base.google.com/ns/1.0}"
#: attributes holding one URL, and those holding a srcset list
URL_ATTRS = ("href", "src", "poster", "action", "data-src", "data-url")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built under /shop on a campaign day."""
    base = tmp_path_factory.mktemp("shop")
    project = copy_markets(base / "project")
    content = project / "content"
    (content / "promotions" / "coupon-week.yml").write_text(COUPON_CAMPAIGN, encoding="utf-8")
    shutil.copyfile(content / "products" / "usb-cable" / "front.jpg",
                    content / "promotions" / "autumn.jpg")
    markets = content / "markets.yml"
    markets.write_text(markets.read_text(encoding="utf-8").replace(
        "  - {code: en-us, language: en, country: US, currency: USD}",
        "  - {code: en-us, language: en, country: US, currency: USD,\n"
        "     exclude: {products: [flash-drive]}}"), encoding="utf-8")
    return build(project, base / "out", base / "cache", SITEURL=SITE, STORE_DATE=DAY)


# -- where a URL leads --------------------------------------------------------------------------
def missing(out: Path, url: str, base: str) -> str | None:
    """Why a URL of the site at ``base`` leads nowhere (None: it names a published file)."""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in ("http", "https") or parts.netloc != HOST:
        return None  # another site, or an e-mail link
    path, root = parts.path, urlsplit(base).path  # "/shop/..." and "/shop/"
    if not path.startswith(root):
        return f"is outside the site's path {root}"
    file = out / unquote(path.removeprefix(root))
    if path.endswith("/"):
        file = file / "index.html"
    return None if file.is_file() else f"names {file.relative_to(out)}, which was not published"


def page_url(rel: str) -> str:
    return f"{SITE}/{rel.removesuffix('index.html')}"


def srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def json_urls(node: object) -> Iterator[str]:
    """Every string of a JSON-LD tree that is a URL of this site."""
    if isinstance(node, dict):
        for value in node.values():
            yield from json_urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from json_urls(value)
    elif isinstance(node, str) and node.startswith(("https://", "http://", "/")):
        yield node


def html_links(doc: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(where, URL) of every link, source, srcset entry, CSS url(), meta URL and JSON-LD URL."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in URL_ATTRS:
            if el.get(attr):
                yield f"<{el.tag} {attr}>", el.get(attr)
        for attr in ("srcset", "imagesrcset"):
            for url in srcset_urls(el.get(attr) or ""):
                yield f"<{el.tag} {attr}>", url
        for url in CSS_URL.findall(el.get("style") or ""):
            yield f"<{el.tag} style>", url
        content = el.get("content") or ""
        if el.tag == "meta" and content.startswith(("https://", "http://", "/")):
            yield f"<meta {el.get('property') or el.get('name')}>", content
        if el.tag == "script" and el.get("type") == "application/ld+json":
            for url in json_urls(json.loads(el.text or "null")):
                yield "JSON-LD", url
        if el.tag == "style":
            for url in CSS_URL.findall(el.text or ""):
                yield "<style>", url


def every_link(out: Path) -> Iterator[tuple[str, str, str]]:
    """(file, where, URL) of every URL the site's pages, sitemaps, feeds and robots.txt name,
    with relative URLs resolved against the file's own URL."""
    for file in sorted(out.rglob("*.html")):
        rel = file.relative_to(out).as_posix()
        for where, url in html_links(lxml.html.parse(str(file)).getroot()):
            yield rel, where, urljoin(page_url(rel), url)
    for file in sorted(out.glob("sitemap*.xml")):
        root = etree.parse(str(file)).getroot()
        for el in root.iter(f"{SM}loc", f"{IMAGE}loc"):
            yield file.name, "<loc>", (el.text or "").strip()
        for el in root.iter(f"{XHTML}link"):
            yield file.name, f"<xhtml:link {el.get('hreflang')}>", el.get("href") or ""
    for file in sorted(out.glob("feeds/*/merchant.xml")):
        rel = file.relative_to(out).as_posix()
        root = etree.parse(str(file)).getroot()
        for el in root.iter("link", f"{G}image_link", f"{G}additional_image_link"):
            yield rel, el.tag.rsplit("}", 1)[-1], (el.text or "").strip()
    for file in sorted(out.glob("feeds/*/meta.csv")):
        rel = file.relative_to(out).as_posix()
        with file.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in ("link", "image_link", "additional_image_link"):
                    for url in filter(None, (row.get(column) or "").split(",")):
                        yield rel, column, url.strip()
    for line in (out / "robots.txt").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("sitemap:"):
            yield "robots.txt", "Sitemap", line.split(":", 1)[1].strip()


def test_every_url_of_a_store_under_a_path_on_a_campaign_day_is_a_published_file(
        shop: Path) -> None:
    links = list(every_link(shop))
    broken = sorted({f"{file}: {where} {url} {why}" for file, where, url in links
                     if (why := missing(shop, url, SITE + "/")) is not None})
    assert broken == [], f"{len(broken)} broken:\n" + "\n".join(broken[:40])
    # what the campaign day adds was followed too: hero images and the banner's background
    urls = {url for _f, _w, url in links}
    heroes = {found.group(1) for u in urls
              if (found := re.search(r"/promotions/hero/([a-z]+-[0-9a-f]{12})-", u))}
    assert len(heroes) == 3  # en-us, de-de, ar-sa: each with its sources (widths, formats)
    assert {u.rsplit("-", 2)[-2] for u in urls if "/promotions/hero/" in u} == {
        "mobile", "desktop"}
    assert any(re.search(r"/shop/promotions/coupon-week-[0-9a-f]+\.jpg", u) for u in urls)
    assert any(u.endswith("/shop/sitemap.xml") for u in urls)  # robots.txt
    assert any("/shop/media/" in u for u in urls) and any("/shop/theme/" in u for u in urls)
    assert any("/shop/cards/" in u for u in urls)
    # and the build's own audit finds nothing wrong on that day
    report = audit_site(shop, now=parse_moment(DAY))
    assert report.site_url == f"{SITE}/"
    assert report.errors == [], "\n".join(map(str, report.errors[:20]))


def test_the_link_check_sees_a_link_outside_the_path(shop: Path, tmp_path: Path) -> None:
    site = Path(shutil.copytree(shop, tmp_path / "out"))
    page = site / "en-us" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('src="/shop/promotions/hero/', 'src="/promotions/hero/', 1),
                    encoding="utf-8")
    broken = [url for file, _w, url in every_link(site)
              if file == "en-us/index.html" and missing(site, url, SITE + "/")]
    assert len(broken) == 1 and broken[0].startswith("https://example.com/promotions/hero/")


# -- hreflang -----------------------------------------------------------------------------------
Clusters = dict[str, dict[str, str]]  # page URL -> {hreflang: URL}


def head_clusters(out: Path) -> Clusters:
    """The hreflang annotations in every HTML page's <head>, by the page's canonical URL."""
    found: Clusters = {}
    for file in sorted(out.rglob("*.html")):
        doc = lxml.html.parse(str(file)).getroot()
        links = doc.xpath('//head/link[@rel="alternate"][@hreflang]')
        if links:
            (canonical,) = doc.xpath('//head/link[@rel="canonical"]/@href')
            found[canonical] = {el.get("hreflang"): el.get("href") for el in links}
    return found


def sitemap_clusters(out: Path) -> Clusters:
    """The xhtml:link annotations of every <url> in the market sitemaps, by its <loc>."""
    found: Clusters = {}
    for file in sorted(out.glob("sitemap-*.xml")):
        for url in etree.parse(str(file)).getroot().iter(f"{SM}url"):
            links = url.findall(f"{XHTML}link")
            if links:
                found[url.findtext(f"{SM}loc") or ""] = {
                    el.get("hreflang") or "": el.get("href") or "" for el in links}
    return found


def non_reciprocal(clusters: Clusters) -> list[str]:
    """Every (page, alternate) pair, x-default included, whose alternate does not list the page
    back (or lists no hreflang at all)."""
    return [f"{page} lists {code} {target}, which does not list it back"
            for page, links in clusters.items() for code, target in links.items()
            if page not in clusters.get(target, {}).values()]


@pytest.mark.parametrize("where", ["head", "sitemaps"])
def test_every_hreflang_pair_is_reciprocal_x_default_included(shop: Path, where: str) -> None:
    clusters = head_clusters(shop) if where == "head" else sitemap_clusters(shop)
    assert len(clusters) > 30
    pairs = sum(len(links) for links in clusters.values())
    assert pairs > 150
    problems = non_reciprocal(clusters)
    assert problems == [], f"{len(problems)} of {pairs} pairs:\n" + "\n".join(problems[:20])
    # the convention: x-default is the same page in the default market...
    assert clusters[f"{SITE}/de-de/products/usb-cable/"]["x-default"] == \
        f"{SITE}/en-us/products/usb-cable/"
    assert clusters[f"{SITE}/ja-jp/collections/charging/"]["x-default"] == \
        f"{SITE}/en-us/collections/charging/"
    # ...else in the first market showing it (the flash drive is not sold in en-us)...
    assert clusters[f"{SITE}/ar-sa/products/flash-drive/"]["x-default"] == \
        f"{SITE}/de-de/products/flash-drive/"
    # ...and the market chooser for home pages, which lists them all and itself
    assert clusters[f"{SITE}/ja-jp/"]["x-default"] == f"{SITE}/"
    assert clusters[f"{SITE}/"] == {
        **{tag: f"{SITE}/{code}/" for tag, code in zip(
            ("en-US", "de-DE", "ja-JP", "ar-SA"), MARKETS, strict=True)},
        "x-default": f"{SITE}/"}


def test_the_audit_reports_a_one_way_x_default(shop: Path, tmp_path: Path) -> None:
    """A page whose x-default does not list it back is an error of the audit."""
    site = Path(shutil.copytree(shop, tmp_path / "out"))
    page = site / "de-de" / "products" / "usb-cable" / "index.html"
    html = page.read_text(encoding="utf-8")
    x_default = (f'<link rel="alternate" hreflang="x-default" '
                 f'href="{SITE}/en-us/products/usb-cable/">')
    assert x_default in html
    page.write_text(html.replace(x_default, x_default.replace(
        "/en-us/products/usb-cable/", "/en-us/products/charging-station/")), encoding="utf-8")
    returns = [f for f in audit_site(site, now=parse_moment(DAY)).errors
               if f.rule == "hreflang-return"]
    assert [(f.page, f.rule) for f in returns] == [
        ("en-us/products/charging-station/index.html", "hreflang-return")]
    assert f"{SITE}/de-de/products/usb-cable/" in returns[0].message
