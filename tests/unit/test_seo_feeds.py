"""Shopping feeds: what Merchant Center and Meta read, checked against the page's own prices."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from storefront_catalog.model import Image, PriceTier, Product, Variant
from storefront_catalog.money import offer_view
from storefront_catalog.urls import Market, UrlMap
from storefront_seo.feeds import (
    GOOGLE_NS,
    META_COLUMNS,
    BulkPrice,
    FeedItem,
    Sale,
    Shipping,
    feed_items,
    merchant_rss,
    meta_csv,
    write_merchant_rss,
    write_meta_csv,
)

REPO = Path(__file__).resolve().parents[2]
G = f"{{{GOOGLE_NS}}}"
US = Market("en-us", "en", "en_US", "USD", "en-us", country="US", tax_included=False)
DE = Market("de-de", "de", "de_DE", "EUR", "de-de", country="DE")
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa", "en-gb", "en-sg")
PAGE = "https://shop.example/en-us/products/pen/"


@pytest.fixture(scope="module")
def store():
    from storefront.project import read_project_settings
    from storefront_catalog.settings import SETTINGS, apply_defaults
    from storefront_catalog.store import load_store

    settings = read_project_settings(REPO, "pelicanconf.py")

    settings["STORE_DATE"] = "2026-06-01"  # no campaign runs: regular prices
    apply_defaults(settings, SETTINGS)
    loaded = load_store(settings, REPO / "content", REPO)
    assert not isinstance(loaded, list)
    return loaded, UrlMap(settings["SITEURL"])


def image_urls(product: Product) -> dict[str, str]:
    return {img.file: f"https://shop.example/img/{product.slug}/{img.file}"
            for img in product.images}


def demo_items(store, code: str) -> dict[str, list[FeedItem]]:
    """Every demo product's feed items in one market, by product slug."""
    loaded, urls = store
    market = loaded.markets.by_code(code)
    return {p.slug: feed_items(p, market, url=urls.abs_url(p, market), image_urls=image_urls(p))
            for p in loaded.views[code].catalog.products}


def product(**kw: object) -> Product:
    base: dict[str, object] = dict(
        slug="pen", source_dir=Path("."), source_file=Path("content/products/pen/index.md"),
        title="Pen", sku="PEN-1", brand="Acme", category=("Writing",), summary="A pen.",
        body_html="<p>A pen.</p>", digest="d", price={"USD": Decimal("24.99")},
        images=(Image("front.jpg", Path("front.jpg"), "front", "alt"),), gtin="0860012400072",
    )
    base.update(kw)
    return Product(**base)  # type: ignore[arg-type]


def items_of(p: Product, market: Market = US, **kw: object) -> list[FeedItem]:
    return feed_items(p, market, url=PAGE, image_urls=image_urls(p), **kw)  # type: ignore[arg-type]


def rss_items(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap["g"] == GOOGLE_NS
    return root.findall("channel/item")


def rss(items: list[FeedItem]) -> bytes:
    return merchant_rss(items, title="Shop", link="https://shop.example/en-us/",
                        description="Everything we sell", language="en-US")


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM glued to the "id" header
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --- the demo store: every product, variant and market -------------------------------------


def test_feed_price_is_the_page_price_for_every_variant_and_market(store) -> None:
    loaded, _ = store
    checked = set()
    for code in MARKETS:
        market = loaded.markets.by_code(code)
        for p in loaded.views[code].catalog.products:
            expected = []
            for variant in p.variants or (None,):
                offer = offer_view(p, market.currency, variant)
                assert offer is not None
                expected.append((variant.sku if variant else p.sku,
                                 f"{offer.moq_total} {market.currency}"))
            got = [(i.id, i.price) for i in demo_items(store, code)[p.slug]]
            assert got == expected, (code, p.slug)
            checked.add(market.currency)
    assert checked == {"USD", "EUR", "JPY", "SAR", "GBP", "SGD"}
    ja = demo_items(store, "ja-jp")
    # the yen price the merchant wrote wins, exactly as written (yen has no minor unit)
    assert ja["gan-charger-65w"][0].price == "6980 JPY"
    # MOQ: the headline price is one order of 50 drives, sold as a pack of 50
    nano = demo_items(store, "en-us")["nano-flash-drive-bulk"][0]
    assert (nano.price, nano.multipack) == ("295.00 USD", 50)
    assert [(b.min_quantity, b.price) for b in nano.bulk_prices] == [
        (4, "230.00 USD"), (20, "197.50 USD")]  # 200 and 1,000 drives, 50 per item


def test_ids_are_the_same_in_every_market_and_language(store) -> None:
    by_market = {code: {slug: [(i.id, i.item_group_id) for i in items]
                        for slug, items in demo_items(store, code).items()} for code in MARKETS}
    assert all(ids == by_market["en-us"] for ids in by_market.values())
    us, de = demo_items(store, "en-us"), demo_items(store, "de-de")
    stylus_us, stylus_de = us["active-stylus-pen"], de["active-stylus-pen"]
    assert [i.id for i in stylus_us] == ["VT-STY-01-BLK", "VT-STY-01-WHT", "VT-STY-01-SLV"]
    assert {i.item_group_id for i in stylus_us} == {"VT-STY-01"}
    assert us["usb-c-to-lightning-cable"][0].item_group_id is None  # no variants, no group
    # the text is the market's language; the options are shown as the page shows them
    assert stylus_us[0].title == "Voltaro Active Stylus Pen – Graphite Black"
    assert stylus_de[0].title == "Voltaro Aktiver Eingabestift – Graphitschwarz"
    assert stylus_de[0].options == (("color", "Graphitschwarz"),)
    assert stylus_de[0].description.startswith("Der Voltaro")


def test_variants_link_to_their_preselected_page_with_their_own_photo(store) -> None:
    loaded, urls = store
    black, white, silver = demo_items(store, "en-us")["active-stylus-pen"]
    page = "https://voltaro.example/en-us/products/active-stylus-pen/"
    assert white.link == page + "?variant=VT-STY-01-WHT"
    assert white.image_link.endswith("/white.jpg")
    # the other colours' photos are not extra photos of this colour
    assert [u.rsplit("/", 1)[1] for u in white.additional_image_links] == [
        "tip-detail.jpg", "in-use.jpg", "packaging.jpg"]
    assert silver.availability == "out_of_stock"
    # a variant without its own GTIN shows the product's, on the page and in the feed
    assert (black.gtin, white.gtin) == ("0860012400072", "0860012400140")
    preorder = demo_items(store, "ja-jp")["stylus-pro"][0]
    assert (preorder.availability, preorder.availability_date) == (
        "preorder", "2027-02-16T00:00+0000")


def test_the_demo_feeds_parse_and_agree_with_the_items(store) -> None:
    items = [i for found in demo_items(store, "ar-sa").values() for i in found]
    xml = rss(items)
    parsed = rss_items(xml)
    assert [(n.findtext(G + "id"), n.findtext(G + "price")) for n in parsed] == [
        (i.id, i.price) for i in items]
    assert all(n.findtext("title") and n.findtext("link") for n in parsed)
    assert xml == rss(items)  # the same bytes on every build
    rows = csv_rows(meta_csv(items))
    assert [(r["id"], r["price"]) for r in rows] == [(i.id, i.price) for i in items]
    assert {r["availability"] for r in rows} <= {"in stock", "out of stock", "preorder",
                                                 "available for order"}
    assert all(r["brand"] and r["description"] and r["image_link"] for r in rows)
    assert meta_csv(items) == meta_csv(items)


# --- Merchant Center RSS ------------------------------------------------------------------


def test_rss_carries_every_merchant_center_field() -> None:
    p = product(moq=10, list_price={"USD": Decimal("29.99")}, price_tiers=(
        PriceTier(10, {"USD": Decimal("24.99")}), PriceTier(50, {"USD": Decimal("19.99")})))
    ship = {"US": {"rate": {"USD": "4.95"}, "service": "Standard", "handling_days": [0, 1],
                   "transit_days": [2, 5]},
            "DE": {"rate": {"EUR": "9.95"}}}  # not in this feed's currency: left out
    [item] = items_of(p, shipping=ship)
    [node] = rss_items(rss([item]))
    assert node.findtext(G + "price") == "249.90 USD"  # 10 pens, as the page shows
    assert node.find(G + "sale_price") is None  # a list price is not a sale
    assert node.findtext(G + "multipack") == "10"
    assert [(b.findtext(G + "min_quantity"), b.findtext(G + "price"))
            for b in node.findall(G + "bulk_price")] == [("5", "199.90 USD")]
    [shipping] = node.findall(G + "shipping")
    assert [(c.tag.replace(G, ""), c.text) for c in shipping] == [
        ("country", "US"), ("service", "Standard"), ("price", "4.95 USD"),
        ("min_handling_time", "0"), ("max_handling_time", "1"),
        ("min_transit_time", "2"), ("max_transit_time", "5")]
    assert (node.findtext(G + "condition"), node.findtext(G + "brand")) == ("new", "Acme")
    assert node.findtext(G + "gtin") == "0860012400072"
    assert node.find(G + "identifier_exists") is None
    assert node.findtext(G + "availability") == "in_stock"
    assert node.findtext("link") == PAGE


def test_without_gtin_or_mpn_the_item_says_identifier_exists_no() -> None:
    [item] = items_of(product(gtin=None))
    assert rss_items(rss([item]))[0].findtext(G + "identifier_exists") == "no"
    [item] = items_of(product(gtin=None, mpn="AC-PEN-1"))
    node = rss_items(rss([item]))[0]
    assert node.findtext(G + "mpn") == "AC-PEN-1" and node.find(G + "identifier_exists") is None


def test_bulk_tiers_are_per_unit_without_moq_and_at_most_six() -> None:
    tiers = tuple(PriceTier(q, {"USD": Decimal("24.99") - q // 5}) for q in range(5, 45, 5))
    [item] = items_of(product(price_tiers=tiers))
    assert [(b.min_quantity, b.price) for b in item.bulk_prices] == [
        (5, "23.99 USD"), (10, "22.99 USD"), (15, "21.99 USD"), (20, "20.99 USD"),
        (25, "19.99 USD"), (30, "18.99 USD")]
    assert item.multipack is None


def test_a_sale_has_a_price_and_a_window_with_time_zones() -> None:
    p = product()
    cheaper = offer_view(replace(p, price={"USD": Decimal("19.99")}), "USD")
    assert cheaper is not None
    berlin = ZoneInfo("Europe/Berlin")
    sale = Sale(cheaper, datetime(2025, 11, 28, 0, 0, tzinfo=berlin),
                datetime(2025, 12, 1, 23, 59, tzinfo=berlin))
    [item] = items_of(p, sale={"PEN-1": sale})
    assert (item.price, item.sale_price) == ("24.99 USD", "19.99 USD")
    assert item.sale_price_effective_date == "2025-11-28T00:00+0100/2025-12-01T23:59+0100"
    node = rss_items(rss([item]))[0]
    assert node.findtext(G + "sale_price_effective_date") == item.sale_price_effective_date
    row = csv_rows(meta_csv([item]))[0]
    assert (row["price"], row["sale_price"]) == ("24.99 USD", "19.99 USD")
    # a sale of another item does not touch this one
    assert items_of(p, sale={"OTHER": sale})[0].sale_price is None


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: replace(s, start=s.start.replace(tzinfo=None)), "has no time zone"),
    (lambda s: replace(s, end=s.start - timedelta(days=1)), "ends"),
    (lambda s: replace(s, offer=replace(s.offer, moq_total=Decimal("30.00"))), "not below"),
    (lambda s: replace(s, offer=replace(s.offer, currency="EUR")), "in EUR"),
])
def test_a_broken_sale_is_refused_with_the_reason(change, message) -> None:
    p = product()
    cheaper = offer_view(replace(p, price={"USD": Decimal("19.99")}), "USD")
    assert cheaper is not None
    sale = Sale(cheaper, datetime(2025, 11, 28, tzinfo=UTC), datetime(2025, 12, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match=message):
        items_of(p, sale={"PEN-1": change(sale)})


def test_preorder_date_is_in_the_store_time_zone() -> None:
    p = product(availability="preorder", release_date=date(2027, 2, 16))
    tokyo = timezone(timedelta(hours=9))
    assert items_of(p, tz=tokyo)[0].availability_date == "2027-02-16T00:00+0900"
    assert items_of(replace(p, release_date=None))[0].availability_date is None
    assert items_of(replace(p, availability="in_stock"))[0].availability_date is None


def test_shipping_rates_that_are_not_amounts_say_how_to_write_them() -> None:
    with pytest.raises(ValueError, match=r"shipping\['US'\].rate.USD: '4,95' is not an amount"):
        items_of(product(), shipping={"US": {"rate": {"USD": "4,95"}}})
    with pytest.raises(ValueError, match="fewest, most"):
        items_of(product(), shipping={"US": {"rate": {"USD": "4.95"}, "transit_days": [5, 2]}})
    with pytest.raises(ValueError, match="rate per currency"):
        items_of(product(), shipping={"US": "4.95"})  # type: ignore[dict-item]
    [item] = items_of(product(), shipping={"US": {"rate": {"USD": "0"}}})
    assert item.shipping[0].price == "0.00 USD"  # free shipping is a price too


# --- text: plain, escaped, short enough -------------------------------------------------


def test_description_is_plain_text_from_the_localized_body() -> None:
    body = ("<h2>Fish &amp; chips</h2>\n<p>Hot&nbsp;and\n\n  <b>salty</b>.</p>"
            "<ul><li>one</li><li>two</li></ul><script>alert(1)</script><!-- note -->"
            "<p>&lt;not a tag&gt; &#8364;5</p>")
    [item] = items_of(product(body_html=body))
    assert item.description == "Fish & chips Hot and salty. one two <not a tag> €5"
    [long] = items_of(product(body_html="<p>" + "word " * 2000 + "</p>"))
    assert len(long.description) <= 5000 and long.description.endswith("word…")
    [empty] = items_of(product(body_html="", summary="Just the summary."))
    assert empty.description == "Just the summary."


HOSTILE = 'Pen & "Co" <b>x</b> </script><!-- =HYPERLINK("https://evil.example","x")'


@pytest.mark.parametrize("title", [
    HOSTILE, '=HYPERLINK("https://evil.example","Click")', "+cmd|' /C calc'!A0",
    "-2+3", "@SUM(A1)", "Two\nlines,\r\nand, commas\x00\x0b",
])
def test_hostile_text_is_only_text_in_both_feeds(title: str) -> None:
    p = product(title=title, brand=title, body_html=f"<p>{title.replace('<', '&lt;')}</p>")
    [item] = items_of(p)
    one_line = " ".join(title.replace("\x00", "").replace("\x0b", "").split())
    assert item.title == one_line
    xml = rss([item])
    assert b"</script>" not in xml and b"<b>" not in xml  # escaped, not markup
    node = rss_items(xml)[0]
    assert (node.findtext("title"), node.findtext(G + "brand")) == (one_line, one_line)
    assert node.findtext("description") == one_line
    rows = csv_rows(meta_csv([item]))
    assert len(rows) == 1 and rows[0]["id"] == "PEN-1"
    for column in ("title", "brand", "description"):
        cell = rows[0][column]
        assert not cell.startswith(("=", "+", "-", "@")), (column, cell)  # no live formula
        assert cell.lstrip("'") == one_line


def test_csv_has_metas_columns_and_quotes_every_field() -> None:
    p = product(variants=(
        Variant("PEN-1-BLK", {"color": "Black"}, None, {"USD": Decimal("24.99")}, {},
                "backorder"),))
    [item] = items_of(p)
    data = meta_csv([item])
    header, row = data.decode().split("\r\n")[:2]
    assert header.startswith('"id","title","description","availability","condition","price",'
                             '"link","image_link","brand"')
    # every field quoted, so a row never starts with "#" (a comment line for Meta)
    assert row.startswith('"') and row.endswith('"')
    assert row.count('","') == len(META_COLUMNS) - 1
    parsed = csv_rows(data)[0]
    assert tuple(parsed) == META_COLUMNS
    assert parsed["availability"] == "available for order"
    assert (parsed["item_group_id"], parsed["color"], parsed["title"]) == (
        "PEN-1", "Black", "Pen – Black")
    assert parsed["link"] == PAGE + "?variant=PEN-1-BLK"


def test_additional_images_stop_at_ten() -> None:
    photos = tuple(Image(f"p{i}.jpg", Path(f"p{i}.jpg"), "other", "alt") for i in range(13))
    [item] = items_of(product(images=photos))
    assert item.image_link.endswith("/p0.jpg")
    assert [u.rsplit("/", 1)[1] for u in item.additional_image_links] == [
        f"p{i}.jpg" for i in range(1, 11)]
    [node] = rss_items(rss([item]))
    assert len(node.findall(G + "additional_image_link")) == 10
    row = csv_rows(meta_csv([item]))[0]
    assert row["additional_image_link"].split(",") == list(item.additional_image_links)


def test_long_titles_keep_the_variant_values() -> None:
    p = product(title="Very long title " * 20, variants=(
        Variant("PEN-1-BLK", {"color": "Midnight Black", "size": "XL"}, None,
                {"USD": Decimal("24.99")}, {}, "in_stock"),))
    [item] = items_of(p)
    assert len(item.title) <= 150 and item.title.endswith("… – Midnight Black, XL")
    assert item.options == (("color", "Midnight Black"), ("size", "XL"))


def test_no_price_in_the_market_currency_means_no_item() -> None:
    assert items_of(product(), DE) == []
    assert items_of(product(price={"USD": Decimal("24.99"), "EUR": Decimal("22.99")}), DE)[
        0].price == "22.99 EUR"
    assert items_of(product(draft=True)) == []


def test_a_missing_image_url_or_an_overlong_sku_is_refused() -> None:
    with pytest.raises(ValueError, match="no URL for the image 'front.jpg'"):
        feed_items(product(), US, url=PAGE, image_urls={})
    with pytest.raises(ValueError, match="longer than 50"):
        items_of(product(sku="X" * 51))


def test_shipping_is_free_from_the_threshold_as_in_the_structured_data() -> None:
    shipping = {"US": {"rate": {"USD": "4.95"}, "free_over": {"USD": "50"}}}
    cheap = items_of(product(price={"USD": Decimal("49.99")}), shipping=shipping)
    dear = items_of(product(price={"USD": Decimal("50.00")}), shipping=shipping)
    assert [s.price for s in cheap[0].shipping] == ["4.95 USD"]
    assert [s.price for s in dear[0].shipping] == ["0.00 USD"]


# --- written item by item ------------------------------------------------------------------


def _many_items(count: int) -> list[FeedItem]:
    return [FeedItem(
        f"PEN-{i}", f"Füller «{i}» & Co", f"Ein Stift, {i} ✓", f"https://shop.example/p/{i}/",
        f"https://shop.example/p/{i}.jpg", (f"https://shop.example/p/{i}-b.jpg",), "in_stock",
        f"{i}.00 EUR", "new", "Acme", item_group_id="PEN", options=(("color", "Blau"),),
        bulk_prices=(BulkPrice(2, f"{i}.50 EUR"),),
        shipping=(Shipping("DE", "4.95 EUR", min_handling_time=1, max_handling_time=2),),
    ) for i in range(count)]


def test_the_merchant_feed_is_its_tree_pretty_printed() -> None:
    """Written one item at a time, the feed still has the bytes of the whole tree printed
    at once (what earlier builds wrote): parsed and printed again, nothing moves."""
    data = merchant_rss(_many_items(3), title="Shop ü", link="https://shop.example/",
                        description="Alles", language="de-DE")
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    assert etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True) == data
    assert [i.findtext(f"{G}id") for i in rss_items(data)] == ["PEN-0", "PEN-1", "PEN-2"]
    empty = merchant_rss([], title="Shop", link="https://shop.example/", description="All",
                         language="en")
    assert rss_items(empty) == []
    assert etree.tostring(etree.fromstring(empty, etree.XMLParser(remove_blank_text=True)),
                          xml_declaration=True, encoding="UTF-8", pretty_print=True) == empty


def test_feeds_are_written_while_their_items_are_made() -> None:
    """A 20,000-product feed is never held whole: most of the file is written before its
    last item is made."""
    for write in (partial(write_merchant_rss, title="Shop", link="https://shop.example/",
                          description="All", language="de-DE"), write_meta_csv):
        out = io.BytesIO()
        written: list[int] = []

        def items(out: io.BytesIO = out, written: list[int] = written):
            for item in _many_items(300):
                written.append(len(out.getvalue()))
                yield item

        write(out, items())
        assert written[0] < 1000 and written[-1] > len(out.getvalue()) * 0.9
