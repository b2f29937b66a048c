"""Collection sort and filter data on built fixture stores: every collection's products.json
says what its cards show (read back from the built pages with lxml), the pages link it and
load the script, and a warm build publishes the last build's files without making them again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from tests.integration.test_incremental import build_with_stats
from tests.sitebuild import copy_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def markets_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The markets fixture built during its autumn sale (10 % off charging in three markets)."""
    base = tmp_path_factory.mktemp("facets-markets")
    build_with_stats(FIXTURES / "markets", base / "out", base / "cache",
                     STORE_DATE="2026-11-18T12:00:00Z")
    return base / "out"


def collection_pages(first: Path) -> list[Path]:
    """A collection's pages: its first page and its /page/N/ pages."""
    return [first / "index.html", *sorted((first / "page").glob("*/index.html"))]


def cards(pages: list[Path]) -> dict[str, dict[str, Any]]:
    """What each card of the pages shows, by product URL."""
    found = {}
    for page in pages:
        root = html.parse(str(page)).getroot()
        for card in root.xpath("//article[@class='card'][not(ancestor::template)]"):
            link = card.find_class("card__link")[0]
            now = card.find_class("card__now")
            was = card.find_class("card__was")
            badge = card.xpath(".//p[@class='card__meta']/span[contains(@class,'badge')]")
            found[link.get("href")] = {
                "title": link.text_content(),
                "price_text": now[0].text_content() if now else None,
                "was_text": was[0].xpath("string(text())").strip() if was else None,
                "availability": badge[0].get("class").split("--")[1] if badge else None,
                "picture": html.tostring(card.find_class("card__media")[0].find("picture"),
                                         encoding="unicode", with_tail=False),
            }
    return found


def test_every_collection_json_says_what_its_cards_show(markets_site: Path) -> None:
    files = sorted(markets_site.glob("*/collections/**/products.json"))
    assert {f.relative_to(markets_site).parts[0] for f in files} == {
        "en-us", "de-de", "ja-jp", "ar-sa"}
    checked = 0
    for file in files:
        doc = json.loads(file.read_text())
        shown = cards(collection_pages(file.parent))
        assert [p["url"] for p in doc["products"]] == list(shown)  # all, in the server's order
        assert [p["position"] for p in doc["products"]] == list(range(len(shown)))
        for record in doc["products"]:
            card = shown[record["url"]]
            assert record["title"] == card["title"]
            assert record.get("price_text") == card["price_text"], file
            assert record.get("was_text") == card["was_text"], file
            assert record["availability"] == card["availability"]
            # the same photo markup (parsed the same way: attribute order aside)
            assert html.tostring(html.fragment_fromstring(record["picture"]),
                                 encoding="unicode") == card["picture"]
            checked += 1
    assert checked == 11  # the charging collection of each market (3 + 3 + 3 + 2 in ar-sa)


def test_counts_and_attributes_are_those_of_the_collections_products(markets_site: Path) -> None:
    doc = json.loads((markets_site / "de-de/collections/charging/products.json").read_text())
    # the station is the only product with colours; German option names from index.de.md
    assert doc["facets"]["options"] == {"color": {"Schwarz": 1, "Weiß": 1}}
    assert doc["facets"]["availability"] == {"in_stock": 3}
    assert doc["currency"] == "EUR" and doc["digits"] == 2
    prices = {p["url"].split("/")[-2]: (p["price"], p["price_text"], p.get("was_text"))
              for p in doc["products"]}
    # the sale price the cards show (10 % off), the regular price struck through
    assert prices == {"travel-adapter": (1980, "19,80\xa0€", "22,00\xa0€"),
                      "usb-cable": (765, "7,65\xa0€", "8,50\xa0€"),
                      "charging-station": (111105, "1.111,05\xa0€", "1.234,50\xa0€")}
    assert doc["messages"]["count"] == {"one": "{n} Produkt", "other": "{n} Produkte"}
    assert doc["messages"]["availability"]["in_stock"] == "Auf Lager"
    storage = json.loads((markets_site / "en-us/collections/storage/products.json").read_text()
                         ) if (markets_site / "en-us/collections/storage/products.json").exists() \
        else None
    assert storage is None  # one product: nothing to sort or filter, no controls, no file


def test_collection_pages_link_their_json_and_load_the_script_other_pages_do_not(
        markets_site: Path) -> None:
    page = html.parse(str(markets_site / "ja-jp/collections/charging/index.html")).getroot()
    [form] = page.xpath("//form[@data-facets]")
    assert form.get("data-facets") == "/ja-jp/collections/charging/products.json"
    assert "js-only" in form.get("class").split()  # hidden without JavaScript
    assert form.xpath(".//label[@for='facets-sort']")[0].text_content() == "並べ替え"
    assert [o.text_content() for o in form.xpath(".//select/option")] == [
        "おすすめ順", "価格の安い順", "価格の高い順", "新着順", "名前順"]
    assert form.xpath(".//*[@role='status']")
    assert page.xpath("//template[@id='facets-card']")
    [script] = page.xpath("//script[contains(@src, 'js/facets.js')]")
    assert script.get("defer") is not None
    for other in ("ja-jp/index.html", "ja-jp/products/usb-cable/index.html",
                  "ja-jp/collections/charging/cables/index.html"):
        assert b"facets.js" not in (markets_site / other).read_bytes(), other


def test_warm_build_publishes_the_same_files_and_a_price_change_remakes_only_its_own(
        tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "site", tmp_path / "site")
    cache = tmp_path / "cache"
    cold = build_with_stats(project, tmp_path / "a", cache)
    charging = "collections/charging/products.json"
    assert cold.collection_files == 1  # the one collection with more than one product
    warm = build_with_stats(project, tmp_path / "b", cache)
    assert warm.collection_files == 0
    assert (tmp_path / "b" / charging).read_bytes() == (tmp_path / "a" / charging).read_bytes()

    md = project / "content/products/usb-cable/index.md"
    md.write_text(md.read_text().replace('price: {USD: "9.00"}', 'price: {USD: "99.00"}'))
    changed = build_with_stats(project, tmp_path / "c", cache)
    assert changed.collection_files == 1
    doc = json.loads((tmp_path / "c" / charging).read_text())
    assert {p["title"]: p["price_text"] for p in doc["products"]} == {
        "Travel Charger 65W <GaN>": "$49.00", "USB-C Cable 1 m": "$99.00"}

    # an edited description changes nothing a collection shows: its file is not made again
    md.write_text(md.read_text().replace("Braided nylon", "Braided nylon in three colours"))
    described = build_with_stats(project, tmp_path / "d", cache)
    assert described.collection_files == 0
    assert (tmp_path / "d" / charging).read_bytes() == (tmp_path / "c" / charging).read_bytes()
    # its date sorts "Newest" (the card does not show it): made again
    md.write_text(md.read_text().replace("sku: FX-CBL-1M", "sku: FX-CBL-1M\ndate: 2026-03-02"))
    dated = build_with_stats(project, tmp_path / "e", cache)
    assert dated.collection_files == 1
    doc = json.loads((tmp_path / "e" / charging).read_text())
    assert {p["title"]: p["date"] for p in doc["products"]}["USB-C Cable 1 m"] == "2026-03-02"
    shutil.rmtree(tmp_path / "a")
