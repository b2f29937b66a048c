"""The site comparison, without building: snapshots made by hand or from small files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from storefront.sitediff.compare import diff_sites
from storefront.sitediff.render import render_json, render_markdown, render_text
from storefront.sitediff.snapshot import (
    NotABuiltSite,
    Offer,
    PageFacts,
    ProductFacts,
    SiteSnapshot,
    offers_of,
    read_feed,
    read_site,
)

REPO = Path(__file__).resolve().parents[2]


def snapshot(*offers: Offer, pages: tuple[PageFacts, ...] = ()) -> SiteSnapshot:
    snap = SiteSnapshot(Path("."), markets={"de-de": "de-DE", "ja-jp": "ja-JP"})
    for offer in offers:
        snap.offers[(offer.market, offer.sku)] = offer
        snap.products[(offer.market, offer.product)] = ProductFacts(
            offer.market, offer.product, offer.fields.get("name", ""), offer.page)
    for page in pages:
        snap.pages[page.path] = page
    return snap


def charger(market: str = "de-de", price: str = "36.99", currency: str = "EUR",
            **fields: str) -> Offer:
    return Offer(market, "VT-CH-65G", "VT-CH-65G", f"/{market}/products/charger/",
                 Decimal(price), currency, None, {"name": "Charger 65 W", **fields})


def test_a_price_change_reads_as_the_market_writes_money() -> None:
    changes = diff_sites(snapshot(charger()), snapshot(charger(price="99.00")))
    text = render_text(changes)
    assert "de-de (de-DE)\n  Prices:\n    VT-CH-65G 36,99\xa0€ -> 99,00\xa0€  Charger 65 W" in text
    assert changes.data_changes == []  # the price is not repeated as a structured-data change


def test_yen_keeps_no_decimals() -> None:
    old = charger("ja-jp", "4480", "JPY")
    changes = diff_sites(snapshot(old), snapshot(charger("ja-jp", "4980", "JPY")))
    assert "VT-CH-65G ￥4,480 -> ￥4,980" in render_text(changes)


def test_a_sale_starting_shows_the_strikethrough_price() -> None:
    on_sale = Offer("de-de", "VT-CH-65G", "VT-CH-65G", "/de-de/products/charger/",
                    Decimal("29.99"), "EUR", Decimal("36.99"), {"name": "Charger 65 W"})
    changes = diff_sites(snapshot(charger()), snapshot(on_sale))
    assert [(c.kind, c.old, c.new) for c in changes.prices] == [
        ("price", Decimal("36.99"), Decimal("29.99")),
        ("strikethrough", None, Decimal("36.99"))]
    assert "VT-CH-65G none -> 36,99\xa0€ (strikethrough)" in render_text(changes)


def test_other_offer_fields_are_structured_data_changes() -> None:
    changes = diff_sites(snapshot(charger(availability="InStock", gtin="4006381333931")),
                         snapshot(charger(availability="OutOfStock", gtin="4006381333931")))
    assert [(c.where, c.field, c.old, c.new) for c in changes.data_changes] == [
        ("VT-CH-65G", "availability", "InStock", "OutOfStock")]


def test_a_removed_product_is_one_line_not_one_per_variant() -> None:
    changes = diff_sites(snapshot(charger(), charger("ja-jp", "4480", "JPY")),
                         snapshot(charger("ja-jp", "4480", "JPY")))
    assert [(i.market, i.key) for i in changes.products_removed] == [("de-de", "VT-CH-65G")]
    assert changes.prices == [] and changes.data_changes == []
    assert changes.changed_markets() == ["de-de"]


def test_page_head_changes_and_only_the_hreflang_that_moved() -> None:
    alt = (("de-DE", "https://x/de-de/"), ("ja-JP", "https://x/ja-jp/"))
    old = PageFacts("/de-de/", "de-de", "de-DE", "Shop", "Alles", "https://x/de-de/", alt)
    new = PageFacts("/de-de/", "de-de", "de-DE", "Laden", "Alles", "https://x/de-de/", alt[:1])
    changes = diff_sites(snapshot(pages=(old,)), snapshot(pages=(new,)))
    assert [(c.field, c.old, c.new) for c in changes.page_changes] == [
        ("title", "Shop", "Laden"), ("hreflang", "ja-JP=https://x/ja-jp/", "")]
    assert "/de-de/: hreflang -ja-JP=https://x/ja-jp/" in render_text(changes)


def test_markdown_folds_long_tables_into_details() -> None:
    pages = tuple(PageFacts(f"/de-de/p{i:02}/", "de-de", "de-DE", f"Page {i}")
                  for i in range(14))
    md = render_markdown(diff_sites(snapshot(), snapshot(pages=pages)))
    assert "**Pages added** (14)" in md
    shown, folded = md.split("<details><summary>4 more</summary>")
    assert shown.count("| `/de-de/p") == 10 and folded.count("| `/de-de/p") == 4
    assert folded.rstrip().endswith("</details>")
    assert "| `/de-de/p00/` | Page 0 |" in shown


def test_markdown_cells_cannot_break_the_table() -> None:
    old = PageFacts("/de-de/", "de-de", "de-DE", "A | B")
    new = PageFacts("/de-de/", "de-de", "de-DE", "A <b>|</b>\nC")
    md = render_markdown(diff_sites(snapshot(pages=(old,)), snapshot(pages=(new,))))
    assert "| `/de-de/` | title | A \\| B | A &lt;b>\\|&lt;/b> C |" in md


def test_json_amounts_are_exact_strings() -> None:
    doc = json.loads(render_json(diff_sites(snapshot(charger()),
                                            snapshot(charger(price="99.00")))))
    assert doc["markets"]["de-de"]["prices"][0]["old"] == "36.99"
    assert doc["summary"]["changes"] == 1 and doc["summary"]["prices"] == 1


def test_variants_inherit_the_group_fields_they_leave_out() -> None:
    node = {"@type": "ProductGroup", "productGroupID": "MK-STN", "name": "Station",
            "gtin13": "4006381333931", "hasVariant": [
                {"@type": "Product", "sku": "MK-STN-BLK", "name": "Station – Black",
                 "offers": {"@type": "Offer", "price": "1234.50", "priceCurrency": "EUR",
                            "availability": "https://schema.org/InStock",
                            "priceSpecification": {"price": "1399.00",
                                                   "priceType":
                                                   "https://schema.org/StrikethroughPrice"}}}]}
    (offer,) = offers_of(node, "de-de", "/de-de/products/station/")
    assert (offer.sku, offer.product, offer.price, offer.strikethrough) == (
        "MK-STN-BLK", "MK-STN", Decimal("1234.50"), Decimal("1399.00"))
    assert offer.fields["gtin"] == "4006381333931"
    assert offer.fields["availability"] == "InStock"


def test_feeds_are_read_field_by_field(tmp_path: Path) -> None:
    xml = tmp_path / "merchant.xml"
    xml.write_text(
        '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>A-1</g:id>'
        "<g:price>9.00 USD</g:price><g:additional_image_link>a</g:additional_image_link>"
        "<g:additional_image_link>b</g:additional_image_link><g:shipping><g:country>US"
        "</g:country><g:price>0 USD</g:price></g:shipping></item></channel></rss>",
        encoding="utf-8")
    assert read_feed(xml) == {"A-1": {"id": "A-1", "price": "9.00 USD",
                                      "additional_image_link": "a b",
                                      "shipping": "country=US; price=0 USD"}}
    csv_file = tmp_path / "meta.csv"
    csv_file.write_text('"id","price","gtin"\n"A-1","9.00 USD",""\n', encoding="utf-8")
    assert read_feed(csv_file) == {"A-1": {"id": "A-1", "price": "9.00 USD"}}


def test_a_folder_that_is_not_a_built_site_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(NotABuiltSite, match="no such folder"):
        read_site(tmp_path / "missing")
    (tmp_path / "pelicanconf.py").write_text("", encoding="utf-8")
    with pytest.raises(NotABuiltSite, match="not a built site .* not the project"):
        read_site(tmp_path)


def test_the_pull_request_workflow_writes_the_markdown_report_to_the_summary() -> None:
    flow = yaml.safe_load((REPO / ".github/workflows/pr-diff.yml").read_text(encoding="utf-8"))
    assert "pull_request" in flow.get("on", flow.get(True))
    steps = flow["jobs"]["diff"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there
    script = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -c requirements.lock -e ." in script
    assert 'storefront diff --base "$BASE_SHA" --format markdown' in script
    assert "$GITHUB_STEP_SUMMARY" in script
    env = {k: v for s in steps for k, v in (s.get("env") or {}).items()}
    assert env["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
