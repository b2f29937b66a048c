"""Customer reviews: reviews.yml validation (file:line: field), the rating they give, the
warm catalog cache and the up-to-date record noticing an edit, the review JSON-LD (first-party
only), the Merchant Center reviews feed, and `storefront reviews import` (Judge.me and CSV)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from storefront.cli import main
from storefront.uptodate import inputs_of
from storefront_catalog.loader import load_catalog
from storefront_catalog.model import Review
from storefront_catalog.reviews import for_market, summary
from storefront_seo.jsonld_reviews import reviews_jsonld
from storefront_seo.review_feed import ReviewedProduct, review_feed
from tests.unit import test_audit
from tests.unit.test_loader import product

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = """\
reviews:
  - author: Ana P.
    rating: 5
    title: Great pen
    body: Writes well.
    date: 2026-03-01
    language: en
    verified: true
  - author: Jonas
    rating: 3
    body: Geht so.
    date: 2026-04-01
    language: de
    reply: Danke, Jonas!
    reply_date: 2026-04-02
  - author: M. Rossi
    rating: 1
    body: Broke after a week.
    date: 2026-05-01
    source: Amazon
"""


def load(root: Path, cache: dict | None = None):
    return load_catalog(root / "content", currency="USD", root=root, cache=cache)


def with_reviews(root: Path, text: str, extra: str = "") -> Path:
    folder = product(root, "pen", sku="PEN-1", extra=extra)
    (folder / "reviews.yml").write_text(text)
    return folder


def test_reviews_are_read_newest_first_and_first_party_ones_make_the_rating(
        tmp_path: Path) -> None:
    with_reviews(tmp_path, GOOD)
    catalog, problems = load(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    pen = catalog.products[0]
    assert [r.author for r in pen.reviews] == ["M. Rossi", "Jonas", "Ana P."]
    assert pen.rating is not None and (pen.rating.value, pen.rating.count) == (Decimal("4.0"), 2)
    assert pen.reviews[0].source == "Amazon" and not pen.reviews[0].first_party
    assert pen.reviews[1].lang == "de" and pen.reviews[1].reply == "Danke, Jonas!"


def test_the_typed_rating_is_kept_without_first_party_reviews_and_replaced_with_a_warning(
        tmp_path: Path) -> None:
    typed = 'rating: {value: "4.7", count: 132}\n'
    with_reviews(tmp_path, GOOD, extra=typed)
    catalog, problems = load(tmp_path)
    assert catalog.products[0].rating.count == 2
    warning = [str(p) for p in problems if p.field == "rating"]
    assert warning == ["content/products/pen/index.md:9: rating: is replaced by the average of "
                       "the first-party reviews in reviews.yml; remove rating: from the front "
                       "matter"]
    with_reviews(tmp_path, "reviews:\n  - {author: X, rating: 2, body: Meh., "
                           "date: 2026-01-01, source: Etsy}\n", extra=typed)
    catalog, problems = load(tmp_path)
    assert catalog.products[0].rating.value == Decimal("4.7")  # kept: the reviews are elsewhere
    assert not [p for p in problems if p.field == "rating"]


BAD = """\
reviews:
  - author: Ana
    rating: 6
    body: Nice.
    date: 2026-02-30
  - author: Ben
    rating: 4
    date: 2026-01-01
    language: klingon
    sku: NOPE-1
    stars: 4
  - rating: 5
    body: Who am I?
    date: 2026-01-02
    reply_date: 2026-01-03
"""


def test_a_bad_reviews_file_names_file_line_field_and_the_fix(tmp_path: Path) -> None:
    with_reviews(tmp_path, BAD)
    _, problems = load(tmp_path)
    shown = [str(p) for p in problems if p.severity == "error"]
    file = "content/products/pen/reviews.yml"
    expected = [
        f'{file}:3: reviews[1].rating: 6 is not a rating; give whole stars from 1 to 5',
        f'{file}:5: reviews[1].date: "2026-02-30" is not a date; write it as YYYY-MM-DD',
        f"{file}:6: reviews[2].body: is missing; this field is required",
        f'{file}:9: reviews[2].language: "klingon" is not a language code',
        f'{file}:10: reviews[2].sku: "NOPE-1" is not a SKU of this product; use one of: PEN-1',
        f'{file}:11: reviews[2].stars: unknown field; allowed here: id, author, rating',
        f"{file}:12: reviews[3].author: is missing; this field is required",
        f"{file}:15: reviews[3].reply_date: is set but there is no reply",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in shown), (start, shown)


def test_a_reviews_file_that_is_not_yaml_says_where(tmp_path: Path) -> None:
    with_reviews(tmp_path, "reviews:\n  - author: Ana\n    body: Good: really\n")
    _, problems = load(tmp_path)
    assert any(p.file.endswith("pen/reviews.yml") and p.line == 3 for p in problems)


def test_the_warm_cache_and_the_up_to_date_record_notice_an_edited_reviews_file(
        tmp_path: Path) -> None:
    folder = with_reviews(tmp_path, GOOD)
    cache: dict = {}
    first, _ = load(tmp_path, cache)
    before = inputs_of(tmp_path, [], [])["files"]
    text = GOOD.replace("rating: 1", "rating: 2")
    (folder / "reviews.yml").write_text(text + "  - {author: Eve, rating: 5, body: Yes., "
                                               "date: 2026-06-01}\n")
    os.utime(folder / "reviews.yml", ns=(1, 1))  # a different mtime whatever the clock
    second, _ = load(tmp_path, cache)
    assert [r.author for r in second.products[0].reviews][0] == "Eve"
    assert second.products[0].digest != first.products[0].digest  # the page is made again
    assert inputs_of(tmp_path, [], [])["files"] != before


def review(rid: str, stars: int, day: int, lang: str = "en", source: str = "first-party",
           **more) -> Review:
    return Review(rid, f"Author {rid}", stars, f"Text {rid}", date(2026, 1, day), lang,
                  source=source, **more)


def test_summary_breaks_down_the_stars_of_the_reviews_it_counts() -> None:
    shown = summary([review("a", 5, 1), review("b", 5, 2), review("c", 2, 3),
                     review("d", 1, 4, source="Amazon")])
    assert shown is not None and shown.first_party
    assert (shown.average, shown.count) == (Decimal("4.0"), 3)
    assert shown.bars == ((5, 2, 67), (4, 0, 0), (3, 0, 0), (2, 1, 33), (1, 0, 0))
    assert shown.uncounted == ("Amazon",)  # listed on the page, said not to be counted
    only_imported = summary([review("d", 1, 4, source="Amazon"), review("e", 4, 5,
                                                                         source="Etsy")])
    assert only_imported is not None and not only_imported.first_party
    assert only_imported.sources == ("Amazon", "Etsy")


def test_a_market_lists_its_language_first_then_the_rest_newest_first() -> None:
    listed = for_market([review("en1", 5, 1), review("de1", 4, 2, "de"),
                         review("en2", 3, 9), review("ar1", 5, 5, "ar")], "de")
    assert [r.id for r in listed] == ["de1", "en2", "ar1", "en1"]


def test_review_json_ld_marks_up_only_first_party_reviews() -> None:
    marked = reviews_jsonld([review("own", 5, 1, title="Top"),
                             review("amz", 1, 2, source="Amazon")], "https://s.example/p/")
    assert [r["@id"] for r in marked] == ["https://s.example/p/#review-own"]
    assert marked[0]["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 5,
                                         "worstRating": 1}
    assert marked[0]["author"]["name"] == "Author own" and marked[0]["name"] == "Top"


def test_the_reviews_feed_has_a_review_per_first_party_review_in_schema_order(
        tmp_path: Path) -> None:
    with_reviews(tmp_path, GOOD)
    catalog, _ = load(tmp_path)
    pen = catalog.products[0]
    data = review_feed([ReviewedProduct(pen, "https://s.example/en-us/products/pen/")],
                       publisher="Voltaro")
    root = etree.fromstring(data)
    assert root.tag == "feed" and root.findtext("version") == "2.4"
    assert root.findtext("publisher/name") == "Voltaro"
    reviews = root.findall("reviews/review")
    assert len(reviews) == 2  # the Amazon review is left out
    first = reviews[0]
    assert [child.tag for child in first] == [
        "review_id", "reviewer", "review_timestamp", "content", "review_url", "ratings",
        "products", "is_spam"]
    assert first.findtext("reviewer/name") == "Jonas"
    assert first.findtext("review_timestamp") == "2026-04-01T00:00:00Z"
    assert first.find("review_url").get("type") == "group"
    overall = first.find("ratings/overall")
    assert (overall.text, overall.get("min"), overall.get("max")) == ("3", "1", "5")
    ids = first.find("products/product/product_ids")
    assert [e.tag for e in ids] == ["skus", "brands"]
    assert ids.findtext("skus/sku") == "PEN-1" and ids.findtext("brands/brand") == "Voltaro"
    assert first.findtext("products/product/product_url") == \
        "https://s.example/en-us/products/pen/"
    assert reviews[1].findtext("title") == "Great pen"


# -- storefront reviews import ----------------------------------------------------------------
@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A copy of the fixture store's content (its products: travel-charger, usb-cable...)."""
    shutil.copytree(FIXTURES / "site" / "content", tmp_path / "content")
    for old in (tmp_path / "content" / "products").glob("*/reviews.yml"):
        old.unlink()
    return tmp_path


def run_import(shop: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(shop), "reviews", "import", *args])


def test_judgeme_import_writes_reviews_once_without_personal_data(shop: Path) -> None:
    export = FIXTURES / "reviews" / "judgeme.csv"
    result = run_import(shop, str(export))
    assert result.exit_code == 1  # two rows are wrong, and say so
    assert "judgeme.csv:8: product_handle: \"no-such-product\" is neither a product" in \
        result.output
    assert "judgeme.csv:9: rating: \"7\" is not a rating" in result.output
    charger = shop / "content" / "products" / "travel-charger" / "reviews.yml"
    text = charger.read_text()
    for private in ("example.com", "example.jp", "203.0.113.7", "Berlin", "Osaka"):
        assert private not in text
    catalog, problems = load(shop)
    assert [p for p in problems if p.severity == "error"] == []
    by_slug = {p.slug: p for p in catalog.products}
    imported = by_slug["travel-charger"].reviews
    assert [(r.author, r.source, r.verified) for r in imported] == [
        ("Lena B.", "first-party", True), ("K. Ito", "AliExpress", False)]
    assert imported[0].body == "Tiny and charges my phone fast.\n\nWould buy again."
    assert imported[0].reply_date == date(2026, 3, 4)
    assert [r.author for r in by_slug["usb-cable"].reviews] == ["Tom R."]  # spam skipped
    again = run_import(shop, str(export), "--source", "Amazon")
    assert "Imported 0 reviews; 3 already there" in again.output
    assert charger.read_text() == text


def test_plain_csv_import_matches_skus_and_keeps_what_the_file_had(shop: Path,
                                                                   tmp_path: Path) -> None:
    stylus = shop / "content" / "products" / "stylus" / "reviews.yml"
    stylus.write_text("# our own notes stay\nreviews:\n  - {author: Old, rating: 4, body: Ok., "
                      "date: 2025-01-01}\n")
    export = tmp_path / "reviews.csv"
    export.write_text(
        "product,sku,author,rating,title,body,date,language,verified,source\n"
        ",FX-STY-01-WHT,Yuki,5,最高,とても書きやすい。,2026-02-02,ja,yes,Rakuten\n"
        ",FX-STY-01,Old,4,,Ok.,2025-01-01,,,\n"
        ",FX-STY-01,Sam,9,,Bad stars,2026-02-03,en,,\n"
        "stylus,FX-STY-01-BLK,Kim,4,,Nice grip.,2026-01-20,en,,\n", encoding="utf-8")
    result = run_import(shop, str(export), "--format", "csv")
    assert "reviews.csv:4: rating: \"9\" is not a rating" in result.output
    text = stylus.read_text()
    assert text.startswith("# our own notes stay\n")
    catalog, problems = load(shop)
    assert [p for p in problems if p.severity == "error"] == []
    pen = next(p for p in catalog.products if p.slug == "stylus")
    assert [(r.author, r.sku, r.lang, r.source, r.verified) for r in pen.reviews] == [
        ("Yuki", "FX-STY-01-WHT", "ja", "Rakuten", True),
        ("Kim", "FX-STY-01-BLK", "en", "first-party", False),
        ("Old", "", "en", "first-party", False)]


# -- the audit --------------------------------------------------------------------------------
def reviewed_page(root: Path, reviews: list[dict], aggregate: dict | None, shown: str) -> None:
    from tests.unit.test_audit import SITE, page_html, product_jsonld

    url = f"{SITE}/products/pen/"
    data = product_jsonld(url)
    data["review"] = reviews
    if aggregate:
        data["aggregateRating"] = aggregate
    head = (f'<script type="application/ld+json">{json.dumps(data)}</script>\n'
            '<meta property="product:price:amount" content="1299.50">\n'
            '<meta property="product:price:currency" content="USD">')
    body = ('<div data-offer><span class="price__now">$1,299.50</span></div>' + shown)
    (root / "products/pen/index.html").write_text(page_html(
        "products/pen/", title="Steel Pen | Shop", head=head, body=body, og_type="product"))


site = test_audit.site  # the audit's correct three-page site (a fixture)


def test_the_audit_refuses_marked_up_imported_or_unshown_reviews_and_a_wrong_average(
        site: Path) -> None:
    from tests.unit.test_audit import SITE, audit, fired

    def node(rid: str) -> dict:
        return {"@type": "Review", "@id": f"{SITE}/products/pen/#review-{rid}",
                "author": {"@type": "Person", "name": "Ana"},
                "reviewRating": {"@type": "Rating", "ratingValue": 5}}

    shown = ('<div data-review-summary data-review-basis="first-party" data-rating-value="4.5"'
             ' data-review-count="2"></div><ol><li data-review-id="own">a</li>'
             '<li data-review-id="own2">b</li>'
             '<li data-review-id="amz" data-review-source="Amazon">c</li></ol>')
    good = {"@type": "AggregateRating", "ratingValue": "4.5", "reviewCount": 2}
    reviewed_page(site, [node("own"), node("own2")], good, shown)
    assert "review-markup" not in fired(audit(site))
    reviewed_page(site, [node("own"), node("amz"), node("gone")],
                  {**good, "ratingValue": "4.8"}, shown)
    messages = [f.message for f in fired(audit(site))["review-markup"]]
    assert any('"amz" comes from Amazon but is marked up' in m for m in messages)
    assert any('"gone" is marked up but not shown' in m for m in messages)
    assert any("aggregateRating says 4.8 from 2 reviews but the page shows 4.5 from 2" in m
               for m in messages)
