"""Site search on built stores: every market of the demo store has its own Pagefind index in
its own language, holding only its own pages and prices (en-us, en-gb and en-sg share a
language, never results); each result's price is the one its page shows; the search page is
one URL to search engines (its canonical has no query); an unchanged market is never indexed
again; a Pagefind failure stops the build with a message and publishes nothing; STORE_SEARCH
turns it all off."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from storefront.build import build_site
from storefront_core.errors import StorefrontError
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures"
DEMO_MARKETS = {m["code"]: m["language"] for m in
                yaml.safe_load((REPO / "content" / "markets.yml").read_text())["markets"]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search-demo")
    return build(REPO, base / "out", base / "cache")


def fragments(out: Path, code: str) -> list[dict[str, Any]]:
    """Every page record of a market's index, as Pagefind's script reads it, with ``url`` the
    page a result links to (the page's own URL, which its search document names)."""
    found = []
    for path in sorted((out / code / "pagefind" / "fragment").iterdir()):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found.append({**record, "url": record["meta"]["url"]})
    return found


def test_every_market_has_its_own_index_in_its_language(demo: Path) -> None:
    assert len(DEMO_MARKETS) >= 6
    for code, lang in DEMO_MARKETS.items():
        bundle = demo / code / "pagefind"
        assert (bundle / "pagefind.js").is_file(), f"{code} has no search index"
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [lang], f"{code} is indexed as {entry['languages']}"
        products = {p.name for p in (demo / code / "products").iterdir()}
        indexed = {r["url"].split("/")[3] for r in fragments(demo, code)
                   if r["url"].startswith(f"/{code}/products/")}
        assert indexed == products, f"{code}: every product it sells, and only those"
        assert not list(bundle.glob("pagefind-ui*")), "Pagefind's own UI is not published"


def test_the_en_gb_index_holds_only_en_gb_pages_and_pound_prices(demo: Path) -> None:
    records = fragments(demo, "en-gb")
    assert records
    assert all(r["url"].startswith("/en-gb/") for r in records), [r["url"] for r in records]
    prices = [r["meta"]["price"] for r in records if "price" in r["meta"]]
    assert prices and all(p.startswith("£") for p in prices), prices
    for path in (demo / "en-gb" / "pagefind").rglob("*"):
        if path.is_file() and path.suffix != ".js":
            data = path.read_bytes()
            if path.name.endswith("pf_fragment"):
                data = gzip.decompress(data)
            for other in ("/en-us/", "/en-sg/"):
                assert other.encode() not in data, f"{path.name} mentions {other}"


@pytest.mark.parametrize("code", ["en-us", "de-de", "ja-jp"])
def test_each_result_shows_the_price_and_photo_its_page_shows(demo: Path, code: str) -> None:
    products = [r for r in fragments(demo, code) if "/products/" in r["url"]]
    assert products
    for record in products:
        page = lxml.html.parse(str(demo / record["url"].lstrip("/") / "index.html"))
        shown = page.xpath('string((//*[@data-offer]//*[@class="price__now"])[1])').strip()
        assert record["meta"]["price"] == shown, record["url"]
        assert record["meta"]["title"] == page.xpath("string(//h1)").strip()
        assert (demo / record["meta"]["image"].lstrip("/")).is_file()
        filters = record["filters"]
        assert filters["category"] and filters["availability"] and filters["price"], filters


def test_price_bands_are_round_amounts_without_cents(demo: Path) -> None:
    bands = {band for r in fragments(demo, "en-us") for band in r["filters"].get("price", [])}
    assert bands and all(".00" not in band for band in bands), bands
    assert "Under $20" in bands or any(band.startswith("Under $") for band in bands), bands


def test_skus_gtins_and_categories_are_searchable_words(demo: Path) -> None:
    record = next(r for r in fragments(demo, "en-us") if r["meta"].get("price"))
    page = lxml.html.parse(str(demo / record["url"].lstrip("/") / "index.html"))
    sku = page.xpath('string(//*[@class="specs"]//*[@data-sku-text])').strip()
    assert sku and sku in record["content"]
    assert record["filters"]["category"][0] in record["content"]


def test_the_index_reads_search_documents_and_the_pages_carry_no_search_markup(
        demo: Path) -> None:
    """Pagefind reads a small document per page, rendered beside it and never published: a
    result holds the page's title, description and text; the pages stay as small as without
    search."""
    records = {r["url"]: r for r in fragments(demo, "de-de")}
    products = [url for url in records if "/products/" in url]
    texts = [url for url in records if "/pages/" in url]
    assert products and texts, "products and text pages are both found"
    for url in products + texts:
        page = lxml.html.parse(str(demo / url.lstrip("/") / "index.html"))
        prose = " ".join(page.xpath('string((//*[@class="prose"])[1])').split())
        assert prose[:60] in records[url]["content"], url
    published = [p for p in demo.rglob("*.html") if "data-pagefind" in p.read_text()]
    assert published == [], "no page carries Pagefind's markup"
    assert not list(demo.rglob("*.search.html")), "search documents are not published"


def test_a_festival_page_is_found_all_year_by_the_festivals_name(demo: Path) -> None:
    """The festival pages are search results too: "Black Friday" finds /<market>/black-friday/
    (its heading as the result's title), in the market's own language."""
    for code, word in (("de-de", "Black Friday"), ("ja-jp", "ブラックフライデー")):
        found = [r for r in fragments(demo, code) if r["url"] == f"/{code}/black-friday/"]
        assert found, f"{code}: the Black Friday page is not in its index"
        page = lxml.html.parse(str(demo / code / "black-friday" / "index.html"))
        assert found[0]["meta"]["title"] == page.xpath("string(//h1)").strip()
        assert word in found[0]["content"].replace("\u200b", "")  # Pagefind marks its word breaks


def test_the_search_page_is_in_every_market_as_one_url(demo: Path) -> None:
    for code in DEMO_MARKETS:
        page = lxml.html.parse(str(demo / code / "search" / "index.html"))
        canonical = page.xpath('//link[@rel="canonical"]/@href')
        assert canonical == [f"https://voltaro.example/{code}/search/"], canonical
        assert page.xpath('//input[@type="search"][@name="q"]')
    for path in ("en-us/index.html", "de-de/products", "ja-jp/collections"):
        file = demo / path
        file = file if file.is_file() else next(file.rglob("index.html"))
        page = lxml.html.parse(str(file))
        code = path.split("/")[0]
        forms = page.xpath("//header//form[@data-search]")
        assert len(forms) == 1, f"{file}: one search box in the header"
        assert forms[0].get("action") == f"/{code}/search/"
        assert forms[0].get("data-search-bundle") == f"/{code}/pagefind/"


def inode_of(out: Path, code: str) -> int:
    return (out / code / "pagefind" / "pagefind-entry.json").stat().st_ino


def test_only_a_market_whose_pages_changed_is_indexed_again(tmp_path: Path) -> None:
    i18n = Path(shutil.copytree(REPO / "i18n", tmp_path / "i18n"))
    cache = tmp_path / "cache"
    first = build(FIXTURES / "markets", tmp_path / "one", cache, STORE_I18N_DIR=str(i18n))
    again = build(FIXTURES / "markets", tmp_path / "two", cache, STORE_I18N_DIR=str(i18n))
    codes = ["en-us", "de-de", "ja-jp", "ar-sa"]
    # nothing changed: every market's index is the cached one (hard links to the same files)
    assert {c: inode_of(again, c) for c in codes} == {c: inode_of(first, c) for c in codes}
    # a German UI text changes every German page, and only those
    german = i18n / "de" / "LC_MESSAGES" / "messages.po"
    german.write_text(german.read_text(encoding="utf-8").replace(
        'msgstr "Technische Daten"', 'msgstr "Produktdaten"', 1), encoding="utf-8")
    changed = build(FIXTURES / "markets", tmp_path / "three", cache, STORE_I18N_DIR=str(i18n))
    assert inode_of(changed, "de-de") != inode_of(first, "de-de")
    assert {c: inode_of(changed, c) for c in codes if c != "de-de"} == \
        {c: inode_of(first, c) for c in codes if c != "de-de"}
    assert any("Produktdaten" in r["content"] for r in fragments(changed, "de-de"))


def part_inodes(out: Path, code: str) -> dict[str, int]:
    """Each part of a market's index (its folder) -> the inode of its metadata file (a hard
    link of the cached part's)."""
    bundle = out / code / "pagefind"
    return {p.parent.name if p.parent != bundle else "": p.stat().st_ino
            for p in bundle.glob("**/pagefind.*.pf_meta")}


def test_a_product_edit_indexes_one_part_of_each_market_again(tmp_path: Path) -> None:
    """A market's index in parts (shard_size 2): a product's description edited, its page in
    each market is indexed again with the pages of its part, every other part is linked, the
    Japanese market's too (its parts indexed by one Pagefind service, which loads the
    dictionary once)."""
    project = copy_project(FIXTURES / "markets", tmp_path / "project")
    cache = tmp_path / "cache"
    first = build(project, tmp_path / "one", cache, STORE_SEARCH={"shard_size": 2})
    codes = ["en-us", "de-de", "ja-jp", "ar-sa"]
    before = {c: part_inodes(first, c) for c in codes}
    assert all(len(before[c]) >= 2 for c in codes), before
    product = project / "content" / "products" / "travel-adapter" / "index.md"
    product.write_text(product.read_text(encoding="utf-8") + "\nNow with a zebrawood case.\n",
                       encoding="utf-8")
    again = build(project, tmp_path / "two", cache, STORE_SEARCH={"shard_size": 2})
    for code in codes:
        after = part_inodes(again, code)
        assert after.keys() == before[code].keys()
        remade = [part for part in after if after[part] != before[code][part]]
        sold = (again / code / "products" / "travel-adapter").is_dir()
        assert len(remade) == sold, f"{code}: {remade} indexed again"
    assert sum((again / c / "products" / "travel-adapter").is_dir() for c in codes) >= 2
    records = [r for r in fragments_in_parts(again, "en-us") if "zebrawood" in r["content"]]
    assert [r["url"] for r in records] == ["/en-us/products/travel-adapter/"]
    assert (again / "ja-jp" / "products" / "travel-adapter").is_dir()
    japanese = [r["url"] for r in fragments_in_parts(again, "ja-jp")]
    assert sorted(japanese) == sorted(r["url"] for r in fragments_in_parts(first, "ja-jp"))


def fragments_in_parts(out: Path, code: str) -> list[dict[str, Any]]:
    """Every page record of every part of a market's index."""
    found = []
    for path in sorted((out / code / "pagefind").glob("**/fragment/*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found.append({**record, "url": record["meta"]["url"]})
    return found


def test_a_failed_index_stops_the_build_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in_pagefind(tmp_path, monkeypatch, "echo 'Error: disk full' >&2\nexit 3")
    project = copy_project(FIXTURES / "site", tmp_path / "project")
    output = tmp_path / "output"
    with pytest.raises(StorefrontError) as raised:
        build_site(project, output)
    message = str(raised.value)
    assert "STORE_SEARCH" in message and "disk full" in message and "exit code 3" in message
    assert not output.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def stand_in_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """The build runs this shell ``script`` as Pagefind."""
    stand_in = tmp_path / "pagefind"
    stand_in.write_text(f"#!/bin/sh\n{script}\n")
    stand_in.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stand_in))


def broken_theme(tmp_path: Path) -> Path:
    """A copy of the theme whose product page calls a helper that does not exist."""
    theme = Path(shutil.copytree(REPO / "themes" / "storefront", tmp_path / "theme"))
    product = theme / "templates" / "product.html"
    product.write_text(product.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ no_such_helper() }}", 1), encoding="utf-8")
    return theme


def test_a_template_mistake_stops_the_indexes_already_running(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the indexes are made while the pages render: a page that fails to render must stop them
    pids = tmp_path / "pids"
    stand_in_pagefind(tmp_path, monkeypatch, f"echo $$ >> {pids}\nexec sleep 60")
    theme = broken_theme(tmp_path)
    project = copy_project(FIXTURES / "site", tmp_path / "project")
    output = tmp_path / "output"
    with pytest.raises(StorefrontError) as raised:
        build_site(project, output, extra_settings={"THEME": str(theme)})
    assert "product.html" in str(raised.value) and "no_such_helper" in str(raised.value)
    started = [int(pid) for pid in pids.read_text().split()]
    assert started, "the index was started before the pages rendered"
    for pid in started:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    cache = project / ".cache" / "storefront" / "search"
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".")], \
        "the stopped runs' files are removed"
    assert not output.exists()


def test_a_template_mistake_stops_the_japanese_service_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real Pagefind (each process it starts noted): the Japanese market's parts go to
    one service, started before the pages render and killed when a page fails."""
    from storefront_search.pagefind import pagefind_binary

    real = pagefind_binary()
    started = tmp_path / "started"
    stand_in_pagefind(tmp_path, monkeypatch, f'echo "$$ $*" >> {started}\nexec {real} "$@"')
    theme = broken_theme(tmp_path)
    project = copy_project(FIXTURES / "markets", tmp_path / "project")
    output = tmp_path / "output"
    with pytest.raises(StorefrontError):
        build_site(project, output, extra_settings={"THEME": str(theme),
                                                    "STORE_SEARCH": {"shard_size": 2}})
    runs = [line.split(" ", 1) for line in started.read_text().splitlines()]
    assert [args for _, args in runs].count("--service") == 1, runs
    assert not [args for _, args in runs if "--force-language ja" in args], \
        "no Japanese part is a run of its own"
    for pid, _ in runs:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
    cache = project / ".cache" / "storefront" / "search"
    assert not list(cache.iterdir()), "nothing of the stopped runs is kept"
    assert not output.exists()


def test_search_can_be_turned_off(tmp_path: Path) -> None:
    out = build(FIXTURES / "site", tmp_path / "out", tmp_path / "cache",
                STORE_SEARCH={"enabled": False})
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "data-search" not in home and "pagefind" not in home
    assert "data-pagefind" not in next((out / "products").rglob("index.html")).read_text()


def test_a_wrong_setting_names_the_key_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StorefrontError) as raised:
        build(FIXTURES / "site", tmp_path / "out", tmp_path / "cache",
              STORE_SEARCH={"enable": False})
    assert 'STORE_SEARCH.enable: "enable" is not a setting of site search; did you mean ' \
           '"enabled"?' in str(raised.value)


@pytest.fixture(autouse=True)
def _no_binary_override(monkeypatch: pytest.MonkeyPatch) -> None:
    if "PAGEFIND_BINARY_PATH" in os.environ:
        monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert shutil.which("sh")
