"""Customer reviews on the built demo store: product pages show them (summary, breakdown,
badges, each review's language, imported ones with their source), Review JSON-LD only for the
store's own reviews as a crawler reads it (extruct), and the Merchant Center reviews feed."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
import yaml
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
PRODUCTS = REPO / "content" / "products"


def demo_reviews() -> dict[str, list[dict]]:
    """The demo's reviews.yml files as written (slug -> reviews)."""
    return {path.parent.name: yaml.safe_load(path.read_text(encoding="utf-8"))["reviews"]
            for path in sorted(PRODUCTS.glob("*/reviews.yml"))}


def own(reviews: list[dict]) -> list[dict]:
    return [r for r in reviews if r.get("source", "first-party") == "first-party"]


def crawled(html: str, url: str) -> list[dict]:
    """The Product JSON-LD nodes of a page, as a crawler extracts them."""
    extruct = pytest.importorskip("extruct")
    found = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]
    nodes = [node for doc in found for node in doc.get("@graph", [doc])]
    return [node for node in nodes if node.get("@type") in ("Product", "ProductGroup")]


def test_at_least_five_demo_products_have_first_party_and_imported_reviews() -> None:
    reviews = demo_reviews()
    assert len(reviews) >= 5
    every = [r for items in reviews.values() for r in items]
    assert own(every) and len(own(every)) < len(every)  # some imported, labelled by source
    assert {r["language"] for r in every} >= {"en", "de", "ja", "ar"}
    assert sum(1 for r in every if r.get("reply")) >= 2


@pytest.mark.parametrize("market", ["en-us", "de-de", "ar-sa"])
def test_product_pages_show_the_reviews_and_mark_up_only_first_party_ones(
        demo_site: Path, market: str) -> None:
    for slug, written in demo_reviews().items():
        path = demo_site / market / "products" / slug / "index.html"
        html = path.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(html)
        items = doc.xpath('//*[@id="reviews"]//li[@data-review-id]')
        assert len(items) == len(written), slug  # every review, some behind "show more"
        imported = [r for r in written if r not in own(written)]
        labelled = doc.xpath('//li[@data-review-source]')
        assert sorted(li.get("data-review-source") for li in labelled) == sorted(
            r["source"] for r in imported), slug
        for li in labelled:  # "Originally posted on Amazon", in the market's language
            assert li.get("data-review-source") in li.xpath(
                'string(.//*[@class="review__source"])')
        bars = doc.xpath('//table[@class="reviews__bars"]//tr')
        assert len(bars) == 5  # 5 stars down to 1
        counted = own(written) or written
        uncounted = doc.xpath('string(//*[@class="reviews__uncounted"])')
        assert bool(uncounted) == bool(own(written) and imported), slug
        for review in imported if own(written) else []:
            assert review["source"] in uncounted
        shown_counts = [int(r.xpath('string(td[@class="reviews__n"])')) for r in bars]
        assert shown_counts == [sum(1 for r in counted if r["rating"] == s)
                                for s in (5, 4, 3, 2, 1)], slug
        verified = doc.xpath('//li[@data-review-id][.//*[@class="review__verified"]]')
        assert len(verified) == sum(1 for r in written if r.get("verified")), slug
        market_lang = market.split("-")[0]
        for item in items:
            lang = item.get("lang")
            author = item.xpath('string(.//*[@class="review__author"])')
            review = next(r for r in written if r["author"] == author)
            assert (lang or market_lang) == review["language"], (slug, author)
            if review["language"] == "ar" and market_lang != "ar":
                assert item.get("dir") == "rtl"
        nodes = crawled(html, f"https://voltaro.example/{market}/products/{slug}/")
        assert len(nodes) == 1
        marked = nodes[0].get("review", [])
        assert len(marked) == len(own(written)), slug
        assert {r["author"]["name"] for r in marked} == {r["author"] for r in own(written)}
        if own(written):
            shown = doc.xpath('string(//*[@data-review-summary]/@data-rating-value)')
            aggregate = nodes[0]["aggregateRating"]
            assert aggregate["ratingValue"] == shown
            assert aggregate["reviewCount"] == len(own(written))
        else:
            assert "aggregateRating" not in nodes[0]  # imported reviews are not marked up


def test_the_market_language_comes_first_and_each_group_newest_first(demo_site: Path) -> None:
    page = demo_site / "de-de" / "products" / "gan-charger-65w" / "index.html"
    doc = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    dates = [(item.get("lang") or "de", item.xpath("string(.//time/@datetime)"))
             for item in doc.xpath('//li[@data-review-id]')]
    langs = [lang for lang, _ in dates]
    assert langs[: langs.count("de")] == ["de"] * langs.count("de")
    german = [d for lang, d in dates if lang == "de"]
    others = [d for lang, d in dates if lang != "de"]
    assert german == sorted(german, reverse=True) and others == sorted(others, reverse=True)
    # dates as the German market writes them; the first five shown, the rest behind a button
    assert doc.xpath('string(//li[@data-review-id][1]//time)') == "2. Nov. 2026"
    assert len(doc.xpath('(//ol[@class="reviews__items"])[1]/li')) == 5
    assert "3 weitere Bewertungen anzeigen" in doc.xpath(
        'string(//details[@class="reviews__more"]/summary)')


def test_the_reviews_feed_lists_each_first_party_review_once(demo_site: Path) -> None:
    feed = demo_site / "feeds" / "reviews.xml"
    root = etree.parse(str(feed)).getroot()
    assert root.tag == "feed" and root.findtext("version") == "2.4"
    reviews = root.findall("reviews/review")
    written = [r for items in demo_reviews().values() for r in own(items)]
    assert len(reviews) == len(written)
    assert len({r.findtext("review_id") for r in reviews}) == len(reviews)
    for review in reviews:
        for required in ("review_id", "reviewer/name", "review_timestamp", "content",
                         "review_url", "ratings/overall", "products/product/product_url"):
            assert (review.findtext(required) or "").strip(), required
        url = review.findtext("products/product/product_url")
        page = demo_site / url.split("voltaro.example/", 1)[1] / "index.html"
        assert page.is_file()
        rid = review.findtext("review_id")
        assert f'id="review-{rid}"' in page.read_text(encoding="utf-8")
    assert "Amazon" not in json.dumps([etree.tostring(r).decode() for r in reviews])
