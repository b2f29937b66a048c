"""Sitemaps, robots.txt and lastmod dates: what a crawler reads from the files we write."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from storefront_core.errors import StorefrontError
from storefront_seo import lastmod as lastmod_module
from storefront_seo.lastmod import LastmodResolver, build_date
from storefront_seo.sitemaps import (
    IMAGE_NS,
    MAX_IMAGES_PER_URL,
    SITEMAP_NS,
    XHTML_NS,
    SitemapEntry,
    build_sitemaps,
    check_robots_rules,
    robots_txt,
)

BASE = "https://shop.example.com/"
MARKETS = {"en-us": "en-US", "de-de": "de-DE", "ja-jp": "ja-JP"}
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NS = {"sm": SITEMAP_NS, "xhtml": XHTML_NS, "image": IMAGE_NS}


# --- validation helpers ---------------------------------------------------------------------


def _schema(name: str) -> etree.XMLSchema:
    path = SCHEMAS / name
    return etree.XMLSchema(etree.parse(str(path)))


def validate_urlset(data: bytes) -> etree._Element:
    """Parse a sitemap and validate it as the schemas README says; return the root."""
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    data.decode("utf-8")  # UTF-8, or this raises
    root = etree.fromstring(data)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    # image:image is not in the shipped schemas: check it by hand, then strip it
    stripped = copy.deepcopy(root)
    for image in stripped.iter(f"{{{IMAGE_NS}}}image"):
        children = list(image)
        assert [c.tag for c in children] == [f"{{{IMAGE_NS}}}loc"], "image:image holds one loc"
        assert children[0].text and children[0].text.startswith("https://")
        assert image.getparent().tag == f"{{{SITEMAP_NS}}}url"
    for url in stripped.iterfind("sm:url", NS):
        assert len(url.findall("image:image", NS)) <= MAX_IMAGES_PER_URL
        for image in url.findall("image:image", NS):
            url.remove(image)
    schema = _schema("sitemap-xhtml.xsd")
    assert schema.validate(stripped), schema.error_log
    return root


def validate_index(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    schema = _schema("siteindex.xsd")
    assert schema.validate(root), schema.error_log
    return root


def page_url(market: str, page: str) -> str:
    return f"{BASE}{market}/{page}"


def entry(market: str, page: str, *, lastmod: date | None = None,
          images: tuple[str, ...] = ()) -> SitemapEntry:
    """A page that exists in every market, with reciprocal alternates and x-default."""
    alternates = [(code, page_url(m, page)) for m, code in MARKETS.items()]
    return SitemapEntry(
        loc=page_url(market, page),
        alternates=alternates + [("x-default", BASE)],
        images=list(images),
        lastmod=lastmod,
    )


def site(pages: list[str], **kw: Any) -> dict[str, list[SitemapEntry]]:
    return {m: [entry(m, p, **kw) for p in pages] for m in MARKETS}


def url_locs(root: etree._Element) -> list[str]:
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


# --- sitemaps ---------------------------------------------------------------------------------


def test_index_lists_one_valid_sitemap_per_market() -> None:
    entries = site(["", "products/pen/", "collections/writing/"], lastmod=date(2024, 5, 1))
    entries["de-de"][1] = entry("de-de", "products/pen/", lastmod=date(2024, 6, 30))
    files = build_sitemaps(entries, BASE)

    assert list(files) == [
        "sitemap.xml", "sitemap-de-de.xml", "sitemap-en-us.xml", "sitemap-ja-jp.xml"
    ]
    index = validate_index(files["sitemap.xml"])
    listed = [(s.findtext("sm:loc", namespaces=NS), s.findtext("sm:lastmod", namespaces=NS))
              for s in index.iterfind("sm:sitemap", NS)]
    assert listed == [
        (BASE + "sitemap-de-de.xml", "2024-06-30"),  # the newest page of that sitemap
        (BASE + "sitemap-en-us.xml", "2024-05-01"),
        (BASE + "sitemap-ja-jp.xml", "2024-05-01"),
    ]
    for market in MARKETS:
        root = validate_urlset(files[f"sitemap-{market}.xml"])
        assert url_locs(root) == sorted(page_url(market, p) for p in
                                        ["", "products/pen/", "collections/writing/"])


def test_every_url_carries_alternates_images_and_only_known_lastmod() -> None:
    photos = (BASE + "media/pen-front.jpg", BASE + "media/pen-side.jpg")
    entries = {"en-us": [entry("en-us", "products/pen/", images=photos,
                               lastmod=date(2024, 1, 2)),
                         entry("en-us", "about/")]}
    root = validate_urlset(build_sitemaps(entries, BASE)["sitemap-en-us.xml"])
    about, pen = root.iterfind("sm:url", NS)
    assert about.find("sm:lastmod", NS) is None  # unknown: left out, never the build date
    assert pen.findtext("sm:lastmod", namespaces=NS) == "2024-01-02"
    links = [(link.get("rel"), link.get("hreflang"), link.get("href"))
             for link in pen.iterfind("xhtml:link", NS)]
    assert links == [
        ("alternate", "de-DE", page_url("de-de", "products/pen/")),
        ("alternate", "en-US", page_url("en-us", "products/pen/")),
        ("alternate", "ja-JP", page_url("ja-jp", "products/pen/")),
        ("alternate", "x-default", BASE),
    ]
    # main photo first, as given; sitemaps.org namespace for images is Google's
    assert [i.text for i in pen.iterfind("image:image/image:loc", NS)] == list(photos)
    # the index has no lastmod when no page of the sitemap has one
    index = build_sitemaps({"en-us": [entry("en-us", "about/")]}, BASE)["sitemap.xml"]
    assert validate_index(index).find("sm:sitemap/sm:lastmod", NS) is None


def test_the_validation_is_strict() -> None:
    """The schema check would catch an unknown element (so the other tests mean something)."""
    data = build_sitemaps({"en-us": [entry("en-us", "a/")]}, BASE)["sitemap-en-us.xml"]
    bad = data.replace(b"<xhtml:link ", b"<xhtml:lnk ")
    schema = _schema("sitemap-xhtml.xsd")
    assert not schema.validate(etree.fromstring(bad))
    with_images = build_sitemaps(
        {"en-us": [entry("en-us", "a/", images=(BASE + "a.jpg",))]}, BASE
    )["sitemap-en-us.xml"]
    assert not schema.validate(etree.fromstring(with_images))  # hence validate_urlset strips


def test_same_entries_give_the_same_bytes_in_any_order() -> None:
    pages = [f"products/p{i}/" for i in range(20)]
    first = build_sitemaps(site(pages, lastmod=date(2024, 1, 1)), BASE)
    shuffled = {}
    for market in reversed(list(MARKETS)):
        entries = [entry(market, p, lastmod=date(2024, 1, 1)) for p in reversed(pages)]
        shuffled[market] = [
            SitemapEntry(e.loc, list(reversed(e.alternates)), e.images, e.lastmod)
            for e in entries
        ]
    assert build_sitemaps(shuffled, BASE) == first


def test_split_at_max_urls_keeps_every_url_once() -> None:
    pages = [f"products/p{i:02d}/" for i in range(5)]
    entries = {"en-us": [entry("en-us", p, lastmod=date(2024, 1, 1 + i))
                         for i, p in enumerate(pages)]}
    files = build_sitemaps(entries, BASE, max_urls=2)
    assert list(files) == [
        "sitemap.xml", "sitemap-en-us.xml", "sitemap-en-us-2.xml", "sitemap-en-us-3.xml"
    ]
    parts = [url_locs(validate_urlset(files[p])) for p in list(files)[1:]]
    assert [len(p) for p in parts] == [2, 2, 1]
    assert sum(parts, []) == [page_url("en-us", p) for p in pages]
    index = validate_index(files["sitemap.xml"])
    assert [s.findtext("sm:lastmod", namespaces=NS) for s in index.iterfind("sm:sitemap", NS)] \
        == ["2024-01-02", "2024-01-04", "2024-01-05"]


def test_split_at_max_bytes_fills_each_file_as_far_as_it_fits() -> None:
    pages = [f"products/{'x' * (i * 7)}{i}/" for i in range(12)]  # entries of varied size
    entries = {"en-us": [entry("en-us", p, images=(BASE + f"media/{i}.jpg",))
                         for i, p in enumerate(pages)]}
    whole = build_sitemaps(entries, BASE)["sitemap-en-us.xml"]
    limit = len(whole) // 4
    files = build_sitemaps(entries, BASE, max_bytes=limit)
    paths = list(files)[1:]
    assert len(paths) >= 4
    parts = []
    for path in paths:
        assert len(files[path]) <= limit
        parts.append(url_locs(validate_urlset(files[path])))
    assert sorted(sum(parts, [])) == sorted(page_url("en-us", p) for p in pages)
    by_loc = {e.loc: e for e in entries["en-us"]}
    for part, following in zip(parts, parts[1:], strict=False):
        # the split is tight: the next URL would not have fit in this file
        grown = build_sitemaps({"en-us": [by_loc[u] for u in part + following[:1]]}, BASE)
        assert len(grown["sitemap-en-us.xml"]) > limit


def test_one_url_larger_than_max_bytes_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"products/pen/: its entry alone needs \d+ bytes"):
        build_sitemaps({"en-us": [entry("en-us", "products/pen/")]}, BASE, max_bytes=300)


def test_ampersands_and_non_ascii_urls_are_escaped() -> None:
    loc = BASE + "en-us/search?q=pens&sort=price"
    umlaut = BASE + "de-de/produkte/füller-&-tinte/"
    entries = {
        "en-us": [SitemapEntry(loc, [("en-US", loc), ("de-DE", umlaut)],
                               [BASE + "media/füller <1>.jpg"])],
        "de-de": [SitemapEntry(umlaut, [("en-US", loc), ("de-DE", umlaut)])],
    }
    files = build_sitemaps(entries, BASE)
    en = files["sitemap-en-us.xml"]
    assert b"search?q=pens&amp;sort=price</loc>" in en
    assert b'href="https://shop.example.com/en-us/search?q=pens&amp;sort=price"' in en
    root = validate_urlset(en)
    assert url_locs(root) == [loc]  # a parser reads the & back
    encoded = BASE + "de-de/produkte/f%C3%BCller-&-tinte/"
    assert [link.get("href") for link in root.iterfind("sm:url/xhtml:link", NS)] == [
        encoded, loc
    ]
    assert root.findtext("sm:url/image:image/image:loc", namespaces=NS) == (
        BASE + "media/f%C3%BCller%20%3C1%3E.jpg"
    )
    assert url_locs(validate_urlset(files["sitemap-de-de.xml"])) == [encoded]
    for data in files.values():
        assert data.isascii()  # every URL percent-encoded: no raw UTF-8 left


def test_idn_hosts_are_punycoded_and_existing_escapes_kept() -> None:
    base = "https://bücher.example/"
    loc = base + "a%20b/100%/"
    files = build_sitemaps({"de-de": [SitemapEntry(loc)]}, base)
    root = validate_urlset(files["sitemap-de-de.xml"])
    assert url_locs(root) == ["https://xn--bcher-kva.example/a%20b/100%25/"]
    assert validate_index(files["sitemap.xml"]).findtext("sm:sitemap/sm:loc", namespaces=NS) \
        == "https://xn--bcher-kva.example/sitemap-de-de.xml"


def test_alternates_stay_reciprocal_nothing_dropped() -> None:
    pages = ["", "products/pen/", "products/ink/", "collections/writing/"]
    entries = site(pages)
    files = build_sitemaps(entries, BASE)
    listed: dict[str, set[tuple[str, str]]] = {}
    for market in MARKETS:
        root = validate_urlset(files[f"sitemap-{market}.xml"])
        for url in root.iterfind("sm:url", NS):
            links = [(a.get("hreflang"), a.get("href")) for a in url.iterfind("xhtml:link", NS)]
            assert len(links) == len(MARKETS) + 1  # every market and x-default
            listed[url.findtext("sm:loc", namespaces=NS)] = set(links)
    given = {e.loc: set(e.alternates) for es in entries.values() for e in es}
    assert listed == given
    for loc, alternates in listed.items():
        assert any(href == loc for _code, href in alternates)  # lists itself
        for code, href in alternates:
            if code != "x-default":
                assert listed[href] == alternates  # the other version lists the same set back


def test_lastmod_is_a_w3c_date_in_utc() -> None:
    late = datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    files = build_sitemaps({"en-us": [SitemapEntry(BASE + "en-us/", lastmod=late)]}, BASE)
    assert validate_urlset(files["sitemap-en-us.xml"]).findtext(
        "sm:url/sm:lastmod", namespaces=NS) == "2024-03-02"


def test_images_are_deduplicated_and_capped() -> None:
    photo = BASE + "media/a.jpg"
    root = validate_urlset(build_sitemaps(
        {"en-us": [SitemapEntry(BASE + "en-us/", images=[photo, BASE + "media/b.jpg", photo])]},
        BASE)["sitemap-en-us.xml"])
    assert [i.text for i in root.iterfind("sm:url/image:image/image:loc", NS)] == [
        photo, BASE + "media/b.jpg"
    ]
    too_many = [BASE + f"media/{i}.jpg" for i in range(MAX_IMAGES_PER_URL + 1)]
    with pytest.raises(ValueError, match="1001 images"):
        build_sitemaps({"en-us": [SitemapEntry(BASE + "en-us/", images=too_many)]}, BASE)


def test_markets_without_pages_get_no_file() -> None:
    files = build_sitemaps({"en-us": [entry("en-us", "")], "ja-jp": []}, BASE)
    assert list(files) == ["sitemap.xml", "sitemap-en-us.xml"]
    with pytest.raises(ValueError, match="no sitemap entries"):
        build_sitemaps({"en-us": []}, BASE)


US = "https://shop.example.com/en-us/"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"en-us": [SitemapEntry("/en-us/pen/")]}, r'loc "/en-us/pen/" is not absolute'),
        ({"en-us": [SitemapEntry(US, [("en-US", US), ("de-DE", "/de-de/")])]},
         "alternate de-DE \"/de-de/\" is not absolute"),
        ({"en-us": [SitemapEntry(US, [("en-US", US), ("en-UK", US + "uk/")])]},
         '"UK" is not an ISO 3166-1 region code'),
        ({"en-us": [SitemapEntry(US, [("en-US", US), ("es-419", US + "es/")])]},
         "not a language-region code"),
        ({"en-us": [SitemapEntry(US, [("en-US", US), ("en-us", US + "x/")])]},
         "points to both"),
        ({"en-us": [SitemapEntry(US, [("de-DE", US + "de/")])]},
         "do not list the page itself"),
        ({"en-us": [SitemapEntry(US), SitemapEntry(US)]}, "listed twice"),
        ({"en-us": [SitemapEntry(US + "ü/"), SitemapEntry(US + "%C3%BC/")]}, "listed twice"),
        ({"en-us": [SitemapEntry("https://other.example/en-us/")]},
         "not under the site URL"),
        ({"en-us": [SitemapEntry("http://shop.example.com/en-us/")]},
         "not under the site URL"),
        ({"en-us": [SitemapEntry(US, images=["media/a.jpg"])]}, "image \"media/a.jpg\""),
        ({"en-us": [SitemapEntry(US, lastmod="2024-01-01")]},  # type: ignore[arg-type]
         "lastmod '2024-01-01' is not a date"),
        ({"en-us": [SitemapEntry(US + "x" * 2100)]}, "longer than 2048"),
        ({"EN US": [SitemapEntry(US)]}, "market key 'EN US'"),
        ({"en-us": [US]}, "expected a SitemapEntry"),
    ],
)
def test_bad_entries_are_refused_with_where_and_what(
    entries: dict[str, list[SitemapEntry]], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as err:
        build_sitemaps(entries, BASE)
    assert "sitemap" in str(err.value)  # says which market's sitemap


@pytest.mark.parametrize(("kw", "message"), [
    ({"max_urls": 0}, "max_urls"), ({"max_urls": 50_001}, "max_urls"),
    ({"max_bytes": 50 * 1024 * 1024 + 1}, "max_bytes"),
])
def test_limits_above_the_protocol_are_refused(kw: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_sitemaps({"en-us": [entry("en-us", "")]}, BASE, **kw)


def test_relative_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="base_url"):
        build_sitemaps({"en-us": [entry("en-us", "")]}, "/")


def test_base_path_is_kept_and_the_trailing_slash_added() -> None:
    base = "https://example.com/shop"
    files = build_sitemaps({"en-us": [SitemapEntry(base + "/en-us/")]}, base)
    assert validate_index(files["sitemap.xml"]).findtext("sm:sitemap/sm:loc", namespaces=NS) \
        == "https://example.com/shop/sitemap-en-us.xml"


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_default_allows_everything_and_names_the_index() -> None:
    assert robots_txt(BASE) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://shop.example.com/sitemap.xml\n"
    )
    # the same file whatever market asks: no market argument, rules=None is the default
    assert robots_txt(BASE, rules=None, sitemap_url=None) == robots_txt(BASE)


def test_robots_renders_configured_groups() -> None:
    rules: list[dict[str, Any]] = [
        {"user_agent": "*", "disallow": ["/cart/", "/search"], "allow": "/search/help"},
        {"user-agent": ["GPTBot", "CCBot"], "disallow": "/"},
        {"user_agent": "Googlebot-Image", "disallow": [""]},
        {"user_agent": "*", "disallow": "/bücher/*.pdf$"},
    ]
    assert robots_txt("https://example.com/shop/", rules=rules,
                      sitemap_url="https://example.com/shop/sitemap.xml") == (
        "User-agent: *\n"
        "Allow: /search/help\n"
        "Disallow: /cart/\n"
        "Disallow: /search\n"
        "\n"
        "User-agent: GPTBot\n"
        "User-agent: CCBot\n"
        "Disallow: /\n"
        "\n"
        "User-agent: Googlebot-Image\n"
        "Disallow:\n"
        "\n"
        "User-agent: *\n"
        "Disallow: /b%C3%BCcher/*.pdf$\n"
        "\n"
        "Sitemap: https://example.com/shop/sitemap.xml\n"
    )


def test_robots_sitemap_line_is_always_absolute() -> None:
    text = robots_txt("https://example.com/shop/", sitemap_url="sitemap.xml")
    assert text.endswith("\nSitemap: https://example.com/shop/sitemap.xml\n")
    text = robots_txt("https://example.com/shop/", sitemap_url="/sitemap.xml")
    assert text.endswith("\nSitemap: https://example.com/sitemap.xml\n")


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"user_agent": "*"}, "must be a list of rules"),
        ([], "must be a list of rules"),
        (["*"], "must be a dict"),
        ([{"user_agent": "*", "disalow": "/cart/"}], "unknown key 'disalow'"),
        ([{"disallow": "/cart/"}], "give user_agent"),
        ([{"user_agent": "Google bot", "disallow": "/"}], "is not a crawler name"),
        ([{"user_agent": "*"}], "give allow or disallow"),
        ([{"user_agent": "*", "disallow": "cart/"}], "start it with \"/\""),
        ([{"user_agent": "*", "disallow": "/a\nSitemap: https://evil.example/"}],
         "without spaces"),
        ([{"user_agent": "*", "allow": ""}], "give allow or disallow"),
        ([{"user_agent": "*", "disallow": {"/": 1}}], "must be a path or a list"),
    ],
)
def test_bad_robots_rules_say_what_to_fix(rules: Any, message: str) -> None:
    problem = check_robots_rules(rules)
    assert problem is not None and message in problem
    with pytest.raises(StorefrontError, match="robots rules"):
        robots_txt(BASE, rules=rules)


# --- lastmod: git dates and hash history ------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Git that ignores the machine's config and never looks above tmp_path."""
    for key, value in {
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield


def git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_store(root: Path) -> None:
    write(root / "content/products/pen/index.md", "---\ntitle: Pen\n---\n")
    write(root / "content/products/pen/front.jpg", b"\xff\xd8pen")
    write(root / "content/products/ink/index.md", "---\ntitle: Ink\n---\n")


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> Path:
    """A store in its own git repository: two commits, ink edited in the second."""
    root = tmp_path / "store"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    make_store(root)
    write(root / "README.md", "store")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", when="2024-01-10T09:00:00+00:00")
    write(root / "content/products/ink/index.md", "---\ntitle: Ink, blue\n---\n")
    git(root, "commit", "-qam", "ink", when="2024-02-20T23:30:00-05:00")  # 21st in UTC
    return root


PEN = "content/products/pen"
INK = "content/products/ink"
BUILD_DAY = date(2024, 5, 5)


@needs_git
def test_git_commit_dates_date_each_bundle(repo: Path, tmp_path: Path) -> None:
    resolver = LastmodResolver(repo, tmp_path / "cache.json", today=BUILD_DAY)
    assert resolver.lastmod([repo / PEN]) == date(2024, 1, 10)
    assert resolver.lastmod([INK]) == date(2024, 2, 21)  # relative to the project, UTC date
    assert resolver.lastmod([PEN, INK]) == date(2024, 2, 21)  # the newest of them
    assert resolver.lastmod([repo / PEN / "front.jpg"]) == date(2024, 1, 10)
    assert resolver.lastmod(["content/products/missing"]) is None
    assert resolver.warnings == []
    resolver.save()
    assert not (tmp_path / "cache.json").exists()  # nothing needed the hash history


@needs_git
def test_git_is_read_once_for_thousands_of_bundles(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(200):
        write(repo / f"content/products/p{i}/index.md", f"p{i}")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "many", when="2024-03-03T10:00:00+00:00")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kw: Any) -> Any:
        calls.append(args)
        return real_run(args, **kw)

    monkeypatch.setattr(lastmod_module.subprocess, "run", counting_run)
    resolver = LastmodResolver(repo, tmp_path / "cache.json", today=BUILD_DAY)
    dates = {resolver.lastmod([f"content/products/p{i}"]) for i in range(200)}
    assert dates == {date(2024, 3, 3)}
    assert sum("log" in args for args in calls) == 1
    assert len(calls) <= 5  # rev-parse, shallow check, log, status: not one per bundle


@needs_git
def test_uncommitted_changes_get_the_build_date_then_keep_it(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    write(repo / PEN / "index.md", "---\ntitle: Pen, now red\n---\n")  # modified, not committed
    write(repo / "content/products/nib/index.md", "new")  # untracked
    first = LastmodResolver(repo, cache, today=BUILD_DAY)
    assert first.lastmod([PEN]) == BUILD_DAY
    assert first.lastmod(["content/products/nib"]) == BUILD_DAY
    assert first.lastmod([INK]) == date(2024, 2, 21)  # clean: still its commit date
    first.save()
    later = LastmodResolver(repo, cache, today=date(2024, 6, 1))
    assert later.lastmod([PEN]) == BUILD_DAY  # unchanged since: the date holds across builds
    later.save()
    write(repo / PEN / "index.md", "---\ntitle: Pen, now green\n---\n")
    assert LastmodResolver(repo, cache, today=date(2024, 6, 1)).lastmod([PEN]) == date(2024, 6, 1)


@needs_git
def test_merged_content_counts_from_the_merge(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-qb", "restyle")
    write(repo / PEN / "index.md", "---\ntitle: Pen v2\n---\n")
    git(repo, "commit", "-qam", "pen v2", when="2024-03-01T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    write(repo / "README.md", "store v2")
    git(repo, "commit", "-qam", "readme", when="2024-03-05T10:00:00+00:00")
    git(repo, "merge", "-q", "--no-ff", "restyle", "-m", "merge", when="2024-04-01T10:00:00+00:00")
    resolver = LastmodResolver(repo, tmp_path / "cache.json", today=BUILD_DAY)
    assert resolver.lastmod([PEN]) == date(2024, 4, 1)  # when the shop went live with it


@needs_git
def test_project_inside_a_larger_repository(tmp_path: Path, git_env: None) -> None:
    top = tmp_path / "mono"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    make_store(top / "shop")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "shop", when="2024-01-15T12:00:00+00:00")
    write(top / "shop" / PEN / "index.md", "changed")
    resolver = LastmodResolver(top / "shop", tmp_path / "cache.json", today=BUILD_DAY)
    assert resolver.lastmod([INK]) == date(2024, 1, 15)
    assert resolver.lastmod([PEN]) == BUILD_DAY  # the dirty file is seen despite the subfolder


@needs_git
def test_shallow_clone_does_not_date_everything_at_the_cut(repo: Path, tmp_path: Path) -> None:
    write(repo / PEN / "front.jpg", b"\xff\xd8pen v2")
    git(repo, "commit", "-qam", "pen photo", when="2024-04-04T10:00:00+00:00")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    resolver = LastmodResolver(clone, tmp_path / "cache.json", today=BUILD_DAY)
    # changed inside the fetched history: dated by git
    assert resolver.lastmod([f"{PEN}/front.jpg"]) == date(2024, 4, 4)
    # last changed at the cut-off commit, which looks as if it added every file: not trusted
    assert resolver.lastmod([INK]) == BUILD_DAY
    assert resolver.lastmod([f"{PEN}/index.md"]) == BUILD_DAY
    assert any("fetch-depth: 0" in w for w in resolver.warnings)


def test_without_git_the_hash_history_keeps_dates_stable(tmp_path: Path, git_env: None) -> None:
    root = tmp_path / "store"
    make_store(root)
    cache = tmp_path / "cache" / "lastmod.json"
    first = LastmodResolver(root, cache, today=date(2024, 1, 1))
    assert first.lastmod([PEN]) == date(2024, 1, 1)
    assert first.lastmod([INK]) == date(2024, 1, 1)
    first.save()
    saved = json.loads(cache.read_text())
    stat = (root / PEN / "index.md").stat()
    assert saved[f"{PEN}/index.md"] == [
        hashlib.sha256((root / PEN / "index.md").read_bytes()).hexdigest(), "2024-01-01",
        f"{stat.st_size}:{stat.st_mtime_ns}",  # an unchanged file is not read again
    ]
    second = LastmodResolver(root, cache, today=date(2024, 2, 2))
    assert second.lastmod([PEN]) == date(2024, 1, 1)  # a rebuild changes nothing
    assert second.lastmod([INK]) == date(2024, 1, 1)
    second.save()
    write(root / INK / "index.md", "---\ntitle: Ink, black\n---\n")
    write(root / PEN / ".DS_Store", b"finder noise")  # hidden files do not count
    third = LastmodResolver(root, cache, today=date(2024, 3, 3))
    assert third.lastmod([INK]) == date(2024, 3, 3)  # edited: the build date
    assert third.lastmod([PEN]) == date(2024, 1, 1)
    (root / INK / "index.md").unlink()
    third.save()
    history = json.loads(cache.read_text())
    assert f"{INK}/index.md" not in history  # deleted files pruned
    assert not any(".DS_Store" in key for key in history)
    before = cache.stat().st_mtime_ns
    fourth = LastmodResolver(root, cache, today=date(2024, 4, 4))
    assert fourth.lastmod([PEN]) == date(2024, 1, 1)
    fourth.save()
    assert cache.stat().st_mtime_ns == before  # nothing changed: the file is not rewritten


def test_not_a_repository_is_normal_not_a_warning(tmp_path: Path, git_env: None) -> None:
    root = tmp_path / "store"
    make_store(root)
    resolver = LastmodResolver(root, tmp_path / "cache.json", today=BUILD_DAY)
    assert resolver.lastmod([PEN]) == BUILD_DAY
    assert resolver.warnings == []


def test_a_broken_cache_file_starts_a_new_history(tmp_path: Path, git_env: None) -> None:
    root = tmp_path / "store"
    make_store(root)
    cache = write(tmp_path / "cache.json", "{not json")
    resolver = LastmodResolver(root, cache, today=BUILD_DAY)
    assert resolver.lastmod([PEN]) == BUILD_DAY
    assert any("cache.json" in w for w in resolver.warnings)
    resolver.save()
    assert json.loads(cache.read_text())[f"{PEN}/front.jpg"][1] == BUILD_DAY.isoformat()


def test_source_date_epoch_is_the_build_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_env: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")  # 2024-06-01 12:00 UTC
    assert build_date() == date(2024, 6, 1)
    root = tmp_path / "store"
    make_store(root)
    assert LastmodResolver(root, tmp_path / "c.json").lastmod([PEN]) == date(2024, 6, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == datetime.now(tz=UTC).date()


def test_resolved_dates_feed_the_sitemap(tmp_path: Path, git_env: None) -> None:
    root = tmp_path / "store"
    make_store(root)
    resolver = LastmodResolver(root, tmp_path / "c.json", today=BUILD_DAY)
    entries = {"en-us": [SitemapEntry(US + "products/pen/", lastmod=resolver.lastmod([PEN]))]}
    root_el = validate_urlset(build_sitemaps(entries, BASE)["sitemap-en-us.xml"])
    assert root_el.findtext("sm:url/sm:lastmod", namespaces=NS) == "2024-05-05"
