"""The site audit on small hand-written sites: each rule fires on the mistake it is for, names
the file, and stays quiet on a correct site; plus its parsing helpers and report shapes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from storefront_seo.audit import (
    RULES,
    RULES_BY_ID,
    AuditReport,
    Finding,
    audit_site,
    gtin_problem,
    infer_site_url,
    parse_feed_price,
    parse_shown_price,
    rule_line,
)

SITE = "https://shop.test"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DESCRIPTION = ("A refillable steel pen with a smooth 0.5 mm tip, sold in packs and shipped in "
               "two days.")
HOME_DESCRIPTION = "Pens and paper for people who write every day, shipped from Berlin in two days."


def product_jsonld(url: str, **offer: object) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Steel Pen",
        "image": [f"{SITE}/media/pen.jpg"],
        "description": "A refillable steel pen.",
        "sku": "PEN-1",
        "brand": {"@type": "Brand", "name": "Acme"},
        "gtin13": "4006381333931",
        "offers": {
            "@type": "Offer",
            "price": "1299.50",
            "priceCurrency": "USD",
            "availability": "https://schema.org/InStock",
            "priceValidUntil": "2027-12-31",
            "url": url,
            **offer,
        },
    }


def page_html(path: str, *, title: str, description: str = DESCRIPTION, lang: str = "en-US",
              head: str = "", body: str = "", og_type: str = "website") -> str:
    url = f"{SITE}/{path}"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Shop">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:type" content="{og_type}">
<meta property="og:image" content="{SITE}/media/pen.jpg">
<meta property="og:image:width" content="120">
<meta property="og:image:height" content="60">
<meta property="og:image:alt" content="A steel pen">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{title}">
<meta name="twitter:image" content="{SITE}/media/pen.jpg">
<meta name="twitter:image:alt" content="A steel pen">
<link rel="stylesheet" href="/theme/store.css?v=1">
{head}
</head>
<body>
<a href="/">Home</a> <a href="/products/pen/#reviews">Pen</a> <a href="mailto:a@shop.test">Mail</a>
<a href="https://elsewhere.example/x">Elsewhere</a>
<img src="/media/pen.jpg" srcset="/media/pen.jpg 120w" alt="A steel pen" width="120" height="60">
{body}
</body>
</html>
"""


def product_page(jsonld: object | None = None, shown: str = "$1,299.50") -> str:
    url = f"{SITE}/products/pen/"
    ld = json.dumps(product_jsonld(url) if jsonld is None else jsonld)
    head = (f'<script type="application/ld+json">{ld}</script>\n'
            '<meta property="product:price:amount" content="1299.50">\n'
            '<meta property="product:price:currency" content="USD">')
    body = f'<div data-offer><span class="price__now">{shown}</span></div>'
    return page_html("products/pen/", title="Steel Pen | Shop", head=head, body=body,
                     og_type="product")


def merchant_xml(price: str = "1299.50 USD", extra: str = "") -> str:
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel>
<item><g:id>PEN-1</g:id><title>Steel Pen</title><link>{SITE}/products/pen/</link>
<g:image_link>{SITE}/media/pen.jpg</g:image_link><g:price>{price}</g:price>
<g:gtin>4006381333931</g:gtin>{extra}</item>
</channel></rss>
"""


def sitemap(*paths: str) -> str:
    urls = "".join(f"<url><loc>{SITE}/{p}</loc></url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A correct three-page site: home, a product (with feed item) and a noindex 404."""
    root = tmp_path / "out"
    files = {
        "index.html": page_html("", title="Shop | Pens and paper", description=HOME_DESCRIPTION),
        "products/pen/index.html": product_page(),
        "404.html": page_html("404.html", title="Not found | Shop",
                              head='<meta name="robots" content="noindex">'),
        "theme/store.css": "body{}",
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {SITE}/sitemap.xml\n",
        "sitemap.xml": sitemap("", "products/pen/"),
        "feeds/en-us/merchant.xml": merchant_xml(),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "media").mkdir()
    Image.new("RGB", (120, 60), "white").save(root / "media" / "pen.jpg")
    return root


def audit(root: Path) -> AuditReport:
    return audit_site(root, now=NOW)


def fired(report: AuditReport) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- the correct site -----------------------------------------------------------------------------
def test_a_correct_site_has_no_findings(site: Path) -> None:
    report = audit(site)
    assert report.pages == 3
    assert report.site_url == f"{SITE}/"
    assert report.findings == []
    assert report.ok(strict=True)


# -- head ---------------------------------------------------------------------------------------
def test_missing_title_and_description_are_errors_naming_the_page(site: Path) -> None:
    page = site / "products/pen/index.html"
    edit(page, "<title>Steel Pen | Shop</title>", "")
    edit(page, f'<meta name="description" content="{DESCRIPTION}">', "")
    found = fired(audit(site))
    assert [f.page for f in found["title"]] == ["products/pen/index.html"]
    assert [f.page for f in found["description"]] == ["products/pen/index.html"]
    assert "seo:" in found["description"][0].message  # says how to fix it


def test_an_svg_title_is_not_the_page_title(site: Path) -> None:
    edit(site / "index.html", "<body>", '<body><svg><title>Menu</title></svg>')
    assert audit(site).findings == []


def test_long_title_and_short_description_are_warnings(site: Path) -> None:
    long_title = "Shop | Pens and paper for people who write every single day of the year"
    edit(site / "index.html", "<title>Shop | Pens and paper</title>",
         f"<title>{long_title}</title>")
    edit(site / "index.html", HOME_DESCRIPTION, "Pens.")
    report = audit(site)
    assert {f.rule for f in report.findings} == {"title-length", "description-length"}
    assert report.errors == [] and report.ok() and not report.ok(strict=True)
    assert f"is {len(long_title)} characters, over 60" in report.findings[0].message


def test_title_and_description_lengths_count_cjk_characters_double(site: Path) -> None:
    # 28 Japanese characters show as wide as 56 Latin ones: within 60; 31 are not
    fits, wide = "充電器" * 9 + "です", "充電器" * 10 + "ペ"
    edit(site / "index.html", "<title>Shop | Pens and paper</title>", f"<title>{fits}</title>")
    edit(site / "index.html", HOME_DESCRIPTION, "旅のためのペンと電源とストレージ。" * 3)
    assert audit(site).findings == []  # 51 characters of description, 102 wide: fine
    edit(site / "index.html", fits, wide)
    (found,) = audit(site).findings
    assert found.rule == "title-length" and "is 31 characters, 62 wide, over 60" in found.message


def test_duplicate_titles_in_one_market_are_warnings_but_not_across_markets(site: Path
                                                                           ) -> None:
    edit(site / "index.html", "<title>Shop | Pens and paper</title>",
         "<title>Steel Pen | Shop</title>")
    report = audit(site)
    found = fired(report)
    assert report.errors == [] and report.ok() and not report.ok(strict=True)
    assert sorted(f.page for f in found["title-duplicate"]) == ["index.html",
                                                                 "products/pen/index.html"]
    assert "products/pen/index.html" in found["title-duplicate"][0].message
    edit(site / "index.html", 'lang="en-US"', 'lang="en-GB"')
    assert "title-duplicate" not in fired(audit(site))


def test_a_noindex_page_may_share_its_title(site: Path) -> None:
    edit(site / "404.html", "<title>Not found | Shop</title>", "<title>Steel Pen | Shop</title>")
    assert audit(site).findings == []


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (f'<link rel="canonical" href="{SITE}/products/pen/">', "", "no canonical"),
        (f'<link rel="canonical" href="{SITE}/products/pen/">',
         '<link rel="canonical" href="/products/pen/">', "not an absolute URL"),
        (f'<link rel="canonical" href="{SITE}/products/pen/">',
         f'<link rel="canonical" href="{SITE}/">', "does not point to this page"),
        (f'<link rel="canonical" href="{SITE}/products/pen/">',
         f'<link rel="canonical" href="{SITE}/products/pen/"><link rel="canonical" href="{SITE}/">',
         "2 canonical links"),
    ],
)
def test_canonical_must_be_one_absolute_self_link(site: Path, old: str, new: str,
                                                  says: str) -> None:
    edit(site / "products/pen/index.html", old, new)
    found = fired(audit(site))["canonical"]
    assert [f.page for f in found] == ["products/pen/index.html"]
    assert says in found[0].message


def test_missing_html_lang_is_an_error(site: Path) -> None:
    edit(site / "index.html", '<html lang="en-US">', "<html>")
    assert [f.page for f in fired(audit(site))["html-lang"]] == ["index.html"]


# -- hreflang -----------------------------------------------------------------------------------
def hreflang(*pairs: tuple[str, str]) -> str:
    return "".join(f'<link rel="alternate" hreflang="{c}" href="{SITE}/{p}">' for c, p in pairs)


def test_hreflang_needs_valid_codes_self_and_x_default(site: Path) -> None:
    edit(site / "products/pen/index.html", "<head>",
         "<head>" + hreflang(("en-UK", "products/pen/")))
    found = fired(audit(site))
    assert '"UK" is not an ISO 3166-1 region code' in found["hreflang-code"][0].message
    assert "x-default" in found["hreflang-x-default"][0].message
    assert "hreflang-self" not in found  # the URL is the page's own, under a bad code
    edit(site / "products/pen/index.html", 'hreflang="en-UK" href="https://shop.test/products/pen/"',
         'hreflang="en-US" href="https://shop.test/"')
    found = fired(audit(site))
    assert [f.page for f in found["hreflang-self"]] == ["products/pen/index.html"]


def test_hreflang_targets_must_exist_and_link_back(site: Path) -> None:
    edit(site / "products/pen/index.html", "<head>", "<head>" + hreflang(
        ("en-US", "products/pen/"), ("de-DE", "de/products/pen/"), ("en-GB", ""),
        ("x-default", "")))
    edit(site / "index.html", "<head>", "<head>" + hreflang(("en-GB", ""), ("x-default", "")))
    found = fired(audit(site))
    assert [f.page for f in found["hreflang-target"]] == ["products/pen/index.html"]
    assert "de/products/pen/" in found["hreflang-target"][0].message
    # the home page is listed as en-GB but does not list the product page back
    assert [f.page for f in found["hreflang-return"]] == ["index.html"]
    assert f"{SITE}/products/pen/" in found["hreflang-return"][0].message


# -- social -------------------------------------------------------------------------------------
def test_a_share_image_is_measured_whatever_its_name_says(site: Path) -> None:
    # a PNG published as pen.jpg: its bytes decide, not its extension
    Image.new("RGB", (300, 200), "white").save(site / "media" / "pen.jpg", "PNG")
    messages = [f.message for f in fired(audit(site))["og-image-tags"]]
    assert any("120x60" in m and "300x200" in m for m in messages), messages


def test_open_graph_and_x_card_completeness_is_advice(site: Path) -> None:
    page = site / "products/pen/index.html"
    edit(page, '<meta property="og:site_name" content="Shop">', "")
    edit(page, '<meta property="og:image:alt" content="A steel pen">', "")
    edit(page, '<meta property="og:image:width" content="120">',
         '<meta property="og:image:width" content="1200">')
    edit(page, '<meta name="twitter:card" content="summary_large_image">',
         '<meta name="twitter:card" content="large">')
    report = audit(site)
    found = fired(report)
    assert "og:site_name" in found["og-required"][0].message
    messages = " | ".join(f.message for f in found["og-image-tags"])
    assert "og:image:alt" in messages and "1200x60" in messages and "120x60" in messages
    assert 'twitter:card "large"' in found["x-card"][0].message
    assert {f.page for f in found["og-image-tags"] + found["x-card"]} == {
        "products/pen/index.html"}
    # share previews degrade, the page is not broken: warnings, not errors
    assert report.errors == [] and report.ok() and not report.ok(strict=True)


def test_a_missing_share_image_file_is_an_error(site: Path) -> None:
    edit(site / "index.html", f'<meta property="og:image" content="{SITE}/media/pen.jpg">',
         f'<meta property="og:image" content="{SITE}/media/gone.jpg">')
    found = fired(audit(site))
    assert [f.page for f in found["og-image"]] == ["index.html"]
    assert "gone.jpg" in found["og-image"][0].message


def test_a_page_without_a_share_image_is_a_warning(site: Path) -> None:
    for tag in ("og:image", "og:image:width", "og:image:height", "og:image:alt"):
        text = (site / "index.html").read_text(encoding="utf-8")
        start = text.index(f'<meta property="{tag}" ')
        (site / "index.html").write_text(text[:start] + text[text.index(">", start) + 1:],
                                         encoding="utf-8")
    report = audit(site)
    assert [(f.rule, f.page) for f in report.findings] == [("og-image-missing", "index.html")]


# -- structured data ----------------------------------------------------------------------------
def test_invalid_json_ld_is_an_error_with_its_position(site: Path) -> None:
    edit(site / "products/pen/index.html", '"name": "Steel Pen",', '"name": "Steel Pen",,')
    found = fired(audit(site))
    assert [f.page for f in found["jsonld-syntax"]] == ["products/pen/index.html"]
    assert "(line 1, column 76)" in found["jsonld-syntax"][0].message
    # the page still shows a price, so the missing Product is reported too
    assert "without Product JSON-LD" in found["product-required"][0].message


def test_required_and_recommended_product_properties(site: Path) -> None:
    ld = product_jsonld(f"{SITE}/products/pen/")
    del ld["image"], ld["brand"], ld["gtin13"]
    offers = ld["offers"]
    assert isinstance(offers, dict)
    del offers["availability"]
    (site / "products/pen/index.html").write_text(product_page(ld), encoding="utf-8")
    found = fired(audit(site))
    assert "lacks image, offers.availability" in found["product-required"][0].message
    assert "lacks brand, gtin or mpn" in found["product-recommended"][0].message
    assert found["product-recommended"][0].severity == "warning"


def test_product_group_variants_inherit_brand_and_are_priced_one_by_one(site: Path) -> None:
    url = f"{SITE}/products/pen/"
    base = product_jsonld(url)

    def variant(sku: str, price: str) -> dict[str, object]:
        return {"@type": "Product", "name": f"Steel Pen {sku}", "sku": sku,
                "gtin13": "4006381333931", "image": f"{SITE}/media/pen.jpg",
                "offers": {**base["offers"], "price": price}}  # type: ignore[dict-item]

    group = {"@context": "https://schema.org", "@type": "ProductGroup", "name": "Steel Pen",
             "brand": {"@type": "Brand", "name": "Acme"}, "description": "A pen.",
             "productGroupID": "PEN", "image": [f"{SITE}/media/pen.jpg"],
             "hasVariant": [variant("PEN-1", "1299.50"), variant("PEN-2", "15.00")]}
    html = product_page(group).replace(
        "</body>", '<template data-offer-for="PEN-1"><span class="price__now">$1,299.50</span>'
        '</template><template data-offer-for="PEN-2"><span class="price__now">$14.00</span>'
        "</template></body>")
    (site / "products/pen/index.html").write_text(html, encoding="utf-8")
    found = fired(audit(site))
    assert "product-recommended" not in found and "product-required" not in found
    assert ["PEN-2" in f.message and "$14.00" in f.message for f in found["price-mismatch"]] == [
        True]
    # PEN-2 has no feed item
    assert [f.page for f in found["feed-missing"]] == ["products/pen/index.html"]


def test_a_wrong_gtin_check_digit_is_an_error_in_pages_and_feeds(site: Path) -> None:
    edit(site / "products/pen/index.html", "4006381333931", "4006381333932")
    edit(site / "feeds/en-us/merchant.xml", "4006381333931", "4006381333932")
    found = fired(audit(site))
    assert sorted(f.page for f in found["gtin-checksum"]) == [
        "feeds/en-us/merchant.xml", "products/pen/index.html"]
    assert "check digit should be 1" in found["gtin-checksum"][0].message


def test_a_past_price_valid_until_or_sale_end_is_an_error(site: Path) -> None:
    edit(site / "products/pen/index.html", "2027-12-31", "2026-05-31")
    edit(site / "feeds/en-us/merchant.xml", "<g:gtin>", "<g:sale_price>1299.50 USD</g:sale_price>"
         "<g:sale_price_effective_date>2026-05-01T00:00+0000/2026-05-31T23:59+0000"
         "</g:sale_price_effective_date><g:gtin>")
    found = fired(audit(site))
    assert sorted(f.page for f in found["price-valid-until"]) == [
        "feeds/en-us/merchant.xml", "products/pen/index.html"]
    messages = [f.message for f in found["price-valid-until"]]
    assert "priceValidUntil 2026-05-31 is in the past" in messages[0]
    assert "the sale ended 2026-05-31T23:59" in messages[1]


def test_a_sale_banner_left_up_after_its_end_is_an_error(site: Path) -> None:
    banner = ('<aside data-promo="bf" data-promo-start="2026-05-20T00:00:00-04:00" '
              'data-promo-end="{end}">Sale</aside></body>')
    edit(site / "index.html", "</body>", banner.format(end="2026-06-02T00:00:00-04:00"))
    assert "promo-ended" not in fired(audit(site))  # NOW is 2026-06-01 12:00 UTC: still on
    edit(site / "index.html", "2026-06-02T00:00:00-04:00", "2026-06-01T08:00:00-04:00")
    found = fired(audit(site))["promo-ended"]  # 12:00 UTC is 08:00 in New York: just over
    assert [f.page for f in found] == ["index.html"]
    assert "bf banner's sale ended 2026-06-01T08:00:00-04:00; rebuild" in found[0].message


# -- images and links ---------------------------------------------------------------------------
def test_images_need_alt_width_and_height(site: Path) -> None:
    edit(site / "index.html", "</body>", '<img src="/media/pen.jpg"></body>')
    found = fired(audit(site))
    assert [f.page for f in found["img-alt"]] == ["index.html"]
    assert "width or height" in found["img-size"][0].message
    assert found["img-alt"][0].severity == "warning"  # a screen reader says the file name
    assert found["img-size"][0].severity == "warning"


def test_decorative_images_may_have_an_empty_alt(site: Path) -> None:
    edit(site / "index.html", "</body>", '<img src="/media/pen.jpg" alt="" width="1" height="1">'
         "</body>")
    assert audit(site).findings == []


@pytest.mark.parametrize(
    "link",
    ['<a href="/products/gone/">x</a>', f'<a href="{SITE}/products/gone/?q=1#top">x</a>',
     '<a href="../gone.html">x</a>', '<img src="/media/a.jpg" srcset="/media/gone.jpg 2x" '
     'alt="" width="1" height="1">', '<script src="/theme/gone.js"></script>'],
)
def test_broken_internal_links_are_errors(site: Path, link: str) -> None:
    if "/media/a.jpg" in link:
        Image.new("RGB", (1, 1)).save(site / "media" / "a.jpg")
    edit(site / "products/pen/index.html", "</body>", link + "</body>")
    found = fired(audit(site))
    assert [f.page for f in found["link-broken"]] == ["products/pen/index.html"]
    assert "gone" in found["link-broken"][0].message



def test_links_in_a_variant_template_are_checked_too(site: Path) -> None:
    # a <template>'s content is not in an HTML5 document tree: the audit reads it apart
    edit(site / "products/pen/index.html", "</body>",
         '<template data-offer-for="PEN-2"><a href="/products/gone/" data-buy>Buy</a>'
         '<template><img src="/media/also-gone.jpg" alt="" width="1" height="1"></template>'
         "</template></body>")
    found = fired(audit(site))
    assert [f.page for f in found["link-broken"]] == ["products/pen/index.html"] * 2
    assert ["gone/" in found["link-broken"][0].message,
            "also-gone.jpg" in found["link-broken"][1].message] == [True, True]


def test_an_alt_written_without_a_value_is_an_empty_alt(site: Path) -> None:
    edit(site / "index.html", "</body>", '<img src="/media/pen.jpg" alt width="1" height="1">'
         "</body>")
    assert audit(site).findings == []


def test_an_empty_page_file_is_named(site: Path) -> None:
    (site / "about.html").write_text("  \n", encoding="utf-8")
    found = fired(audit(site))
    assert [(f.page, f.message) for f in found["html-lang"]] == [
        ("about.html", "the page is empty; rebuild the site")]

def test_links_that_resolve_or_leave_the_site_are_fine(site: Path) -> None:
    (site / "docs").mkdir()
    (site / "docs" / "guide.pdf").write_bytes(b"%PDF")
    edit(site / "products/pen/index.html", "</body>",
         '<a href="../../docs/guide.pdf">x</a><a href="/products/pen">x</a><a href="?page=2">x</a>'
         '<a href="#top">x</a><a href="tel:+4930">x</a><a href="//cdn.example/x.js">x</a>'
         '<a href="/theme/store.css#x">x</a></body>')
    assert audit(site).findings == []


def test_feed_links_and_images_are_checked(site: Path) -> None:
    edit(site / "feeds/en-us/merchant.xml", f"{SITE}/media/pen.jpg", f"{SITE}/media/gone.jpg")
    found = fired(audit(site))
    assert [f.page for f in found["link-broken"]] == ["feeds/en-us/merchant.xml"]
    assert "PEN-1" in found["link-broken"][0].message


# -- prices -------------------------------------------------------------------------------------
def test_page_price_must_equal_the_json_ld_price(site: Path) -> None:
    edit(site / "products/pen/index.html", '<span class="price__now">$1,299.50</span>',
         '<span class="price__now">$1,299.00</span>')
    found = fired(audit(site))
    assert [f.page for f in found["price-mismatch"]] == ["products/pen/index.html"]
    assert "$1,299.00" in found["price-mismatch"][0].message
    assert "1299.50 USD" in found["price-mismatch"][0].message


def test_prices_are_read_in_the_pages_locale(site: Path) -> None:
    page = site / "products/pen/index.html"
    edit(page, 'lang="en-US"', 'lang="de-DE"')
    edit(page, "$1,299.50", "1.299,50\u00a0$")
    assert audit(site).findings == []
    edit(page, "1.299,50\u00a0$", "1.299,50\u00a0€")  # the right number, the wrong currency
    assert "not a price in USD" in fired(audit(site))["price-mismatch"][0].message


def test_feed_price_must_equal_the_json_ld_price(site: Path) -> None:
    edit(site / "feeds/en-us/merchant.xml", "<g:price>1299.50 USD", "<g:price>1199.50 USD")
    found = fired(audit(site))
    assert [f.page for f in found["price-mismatch"]] == ["products/pen/index.html"]
    assert "feeds/en-us/merchant.xml prices PEN-1 at 1199.50 USD" in found["price-mismatch"][
        0].message


def test_a_running_sale_price_is_the_feed_price(site: Path) -> None:
    sale = ("<g:sale_price>1299.50 USD</g:sale_price><g:sale_price_effective_date>"
            "2026-05-01T00:00+0000/2026-07-01T00:00+0000</g:sale_price_effective_date>")
    edit(site / "feeds/en-us/merchant.xml", "<g:price>1299.50 USD</g:price>",
         "<g:price>1500.00 USD</g:price>" + sale)
    assert audit(site).findings == []


def test_the_meta_csv_price_is_compared_too(site: Path) -> None:
    (site / "feeds/en-us/meta.csv").write_text(
        '"id","title","price","link","image_link"\r\n'
        f'"PEN-1","Steel Pen","12.99 USD","{SITE}/products/pen/","{SITE}/media/pen.jpg"\r\n',
        encoding="utf-8")
    found = fired(audit(site))
    assert "feeds/en-us/meta.csv prices PEN-1 at 12.99 USD" in found["price-mismatch"][0].message


def test_og_price_must_equal_the_offer(site: Path) -> None:
    edit(site / "products/pen/index.html", 'content="1299.50"', 'content="1300.00"')
    found = fired(audit(site))
    assert "product:price:amount says 1300.00" in found["price-mismatch"][0].message


#: what a message must not show: Python names (money.offer_view, structured_data()),
#: exception class names or the parser's own wording
_INTERNAL = re.compile(r"\w\(\)|\b[a-z]+\.[a-z]+_[a-z_]+\b|Error|Exception|line \d+ column|"
                       r"Expecting|Opening and ending")


def test_messages_name_no_internal_functions_or_exception_text(site: Path) -> None:
    page = site / "products/pen/index.html"
    edit(page, '<span class="price__now">$1,299.50</span>',
         '<span class="price__now">$1,299.00</span>')
    edit(site / "feeds/en-us/merchant.xml", "<g:price>1299.50 USD", "<g:price>1199.50 USD")
    (site / "more/index.html").parent.mkdir()
    (site / "more/index.html").write_text(
        product_page(shown="call us").replace('"name": "Steel Pen",', '"name": "Steel Pen",,'),
        encoding="utf-8")
    (site / "sitemap.xml").write_text(sitemap("", "products/pen/") + "<url>",
                                      encoding="utf-8")
    (site / "feeds/de-de").mkdir()
    (site / "feeds/de-de/merchant.xml").write_text("<rss><channel><item>", encoding="utf-8")
    found = fired(audit(site))
    messages = [f.message for rule in ("price-mismatch", "jsonld-syntax", "product-required",
                                       "sitemap-broken") for f in found[rule]]
    assert len(messages) >= 5, found
    assert [m for m in messages if _INTERNAL.search(m)] == []
    assert any("shoppers and Google would see different prices" in m for m in messages)
    assert "the sitemap is not valid XML (line 3); rebuild" in messages


# -- sitemaps -----------------------------------------------------------------------------------
def test_sitemap_lists_every_indexable_page_and_nothing_else(site: Path) -> None:
    (site / "sitemap.xml").write_text(sitemap("products/pen/", "404.html", "gone/",
                                              "products/pen/"), encoding="utf-8")
    found = fired(audit(site))
    assert [f.page for f in found["sitemap-missing"]] == ["index.html"]
    extra = " | ".join(f.message for f in found["sitemap-extra"])
    assert "noindex page (404.html)" in extra and "listed twice" in extra
    assert [f.page for f in found["sitemap-broken"]] == ["sitemap.xml"]
    assert f"{SITE}/gone/" in found["sitemap-broken"][0].message


def test_a_sitemap_index_is_followed(site: Path) -> None:
    (site / "sitemap-en-us.xml").write_text(sitemap("", "products/pen/"), encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9"><sitemap><loc>{SITE}/sitemap-en-us.xml</loc></sitemap>'
        f"<sitemap><loc>{SITE}/sitemap-de-de.xml</loc></sitemap></sitemapindex>",
        encoding="utf-8")
    found = fired(audit(site))
    assert list(found) == ["sitemap-broken"]
    assert "sitemap-de-de.xml" in found["sitemap-broken"][0].message


def test_no_sitemap_at_all_is_reported_once(site: Path) -> None:
    (site / "sitemap.xml").unlink()
    assert [(f.rule, f.page) for f in audit(site).findings] == [("sitemap-missing",
                                                                  "sitemap.xml")]


# -- a site below a path --------------------------------------------------------------------------
def test_a_site_under_a_sub_path_resolves_its_own_urls(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    url = "https://host.test/shop/"
    (root / "index.html").write_text(
        '<html lang="en"><head><title>Shop</title>'
        f'<meta name="description" content="{HOME_DESCRIPTION}">'
        f'<link rel="canonical" href="{url}"></head><body>'
        '<a href="/shop/">home</a><a href="/other/">outside</a></body></html>', encoding="utf-8")
    report = audit_site(root, site_url="https://host.test/shop", now=NOW)
    broken = [f for f in report.findings if f.rule == "link-broken"]
    assert len(broken) == 1 and '"/other/"' in broken[0].message


# -- report -------------------------------------------------------------------------------------
def test_every_rule_has_an_id_a_severity_and_what_it_checks() -> None:
    assert len({r.id for r in RULES}) == len(RULES) >= 25
    assert {r.severity for r in RULES} == {"error", "warning"}
    assert all(r.checks for r in RULES)


def test_the_readme_lists_every_rule_with_its_severity() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", readme, re.M)
    assert rows == [(r.id, r.severity) for r in RULES]


def test_only_what_is_broken_or_misleading_stops_a_build() -> None:
    """Duplicates, lengths and missing extras are advice; a 5,000-product catalog may hold two
    products of one name."""
    advice = {"title-length", "title-duplicate", "description", "description-length",
              "description-duplicate", "og-required", "og-image-tags", "og-image-missing",
              "x-card", "x-card-length", "product-recommended", "img-alt", "img-size",
              "feed-missing", "sitemap-missing", "sitemap-extra"}
    assert {r.id for r in RULES if r.severity == "warning"} == advice


def test_errors_become_problems_without_flooding(tmp_path: Path) -> None:
    report = AuditReport(tmp_path, None, 10, [
        Finding("link-broken", f"p{i}/index.html", "<a> to nowhere") for i in range(8)
    ] + [Finding("title-length", "a.html", "long")])
    problems = report.problems(prefix="output/", per_rule=3)
    assert [str(p) for p in problems[:3]] == [
        f"output/p{i}/index.html: link-broken: <a> to nowhere" for i in range(3)]
    assert len(problems) == 4 and "and 5 more" in problems[3].message
    assert report.warning_lines() == [
        "title-length: 1 file: <title> at most 60 characters wide; e.g. a.html"]


def test_json_report_lists_every_rule_with_its_findings(site: Path, tmp_path: Path) -> None:
    edit(site / "index.html", "</body>", '<a href="/nowhere/">x</a></body>')
    report = audit(site)
    report.write_json(tmp_path / "ci" / "audit.json")
    data = json.loads((tmp_path / "ci" / "audit.json").read_text(encoding="utf-8"))
    assert (data["pages"], data["errors"], data["warnings"]) == (3, 1, 0)
    rules = {r["id"]: r for r in data["rules"]}
    assert set(rules) == set(RULES_BY_ID)
    assert rules["link-broken"]["findings"] == [
        {"page": "index.html", "message": rules["link-broken"]["findings"][0]["message"]}]
    assert rules["link-broken"]["count"] == 1 and rules["title"]["count"] == 0


def test_rule_line_counts_findings_and_files() -> None:
    rule = RULES_BY_ID["x-card-length"]
    found = [Finding(rule.id, "a.html", "t"), Finding(rule.id, "a.html", "d")]
    assert rule_line(rule, found).startswith("x-card-length: 2 findings on 1 file: ")


# -- helpers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "amount"),
    [
        ("$1,299.50", "en-US", "1299.50"),
        ("1.299,50\u00a0€", "de-DE", "1299.50"),
        ("￥4,480", "ja-JP", "4480"),
        ("\u200f1,100.00\u00a0ر.س.\u200f", "ar-SA", "1100.00"),
        ("1\u202f299,50\u00a0€", "fr-FR", "1299.50"),
        ("£12.99", "xx-YY", "12.99"),  # unknown locale: English rules
        # Swiss prices as CLDR wrote them before release 47 (’) and since (')
        ("CHF\u00a01’299.50", "de-CH", "1299.50"),
        ("CHF\u00a01'299.50", "de-CH", "1299.50"),
        ("CHF\u00a01’234’567.50", "de-CH", "1234567.50"),
        ("1\u202f299,50\u00a0CHF", "fr-CH", "1299.50"),
        ("1’299,50\u00a0CHF", "fr-CH", "1299.50"),
        ("1'299,50\u00a0CHF", "fr-CH", "1299.50"),
        ("1\u00a0299,50\u00a0€", "fr-FR", "1299.50"),  # no-break space, as older CLDR wrote it
        ("₹12,34,567.50", "en-IN", "1234567.50"),  # Indian grouping: lakh, crore
        ("1.299\u00a0¥", "de-DE", "1299"),  # a group sign is not a decimal sign
    ],
)
def test_shown_prices_are_parsed_as_their_locale_writes_them(text: str, lang: str,
                                                              amount: str) -> None:
    assert parse_shown_price(text, lang) == Decimal(amount)


@pytest.mark.parametrize("amount", ["1299.50", "1234567.50", "4480", "0.99"])
@pytest.mark.parametrize(
    ("lang", "currency", "numbering"),
    [
        ("de-CH", "CHF", "latn"),
        ("fr-CH", "CHF", "latn"),
        ("it-CH", "CHF", "latn"),
        ("fr-FR", "EUR", "latn"),
        ("de-DE", "EUR", "latn"),
        ("en-IN", "INR", "latn"),
        ("ja-JP", "JPY", "latn"),
        ("ar-SA", "SAR", "latn"),  # what the store shows: Latin digits, Arabic signs
        ("ar-SA", "SAR", "default"),  # Arabic-Indic digits with ٬ and ٫
        ("sv-SE", "SEK", "latn"),
        ("en-US", "USD", "latn"),
    ],
)
def test_prices_as_the_installed_babel_writes_them_are_read_back(
        lang: str, currency: str, numbering: str, amount: str) -> None:
    """Whatever separators this CLDR release uses, the audit reads the store's own prices."""
    from babel.numbers import format_currency, get_currency_precision

    value = Decimal(amount)
    if get_currency_precision(currency) == 0:
        value = value.quantize(Decimal(1))
    text = format_currency(value, currency, locale=lang.replace("-", "_"),
                           numbering_system=numbering)
    assert parse_shown_price(text, lang) == value, text


def test_a_shown_price_without_a_number_is_none() -> None:
    assert parse_shown_price("Price on request", "en-US") is None


def test_feed_prices() -> None:
    assert parse_feed_price("12.99 USD") == (Decimal("12.99"), "USD")
    assert parse_feed_price("12.99") is None and parse_feed_price("12,99 EUR") is None
    assert parse_feed_price(None) is None


@pytest.mark.parametrize(
    ("value", "key", "problem"),
    [("96385074", "gtin8", None), ("012345678905", "gtin12", None),
     ("10012345678902", "gtin14", None), ("4006381333931", "gtin", None),
     ("4006381333931", "gtin12", "has 13 digits"), ("4006 381333931", "gtin13", "digits only"),
     ("4006381333930", "gtin13", "should be 1, not 0")],
)
def test_gtin_problems(value: str, key: str, problem: str | None) -> None:
    found = gtin_problem(value, key)
    assert found is None if problem is None else problem in (found or "")


def test_the_site_url_is_read_from_robots_txt_or_the_home_page(site: Path) -> None:
    assert infer_site_url(site) == f"{SITE}/"
    (site / "robots.txt").unlink()
    assert infer_site_url(site) == f"{SITE}/"
    (site / "index.html").unlink()
    assert infer_site_url(site) is None


# -- incremental ----------------------------------------------------------------------------------
def test_a_second_audit_reads_only_what_changed_and_finds_the_same(site: Path,
                                                                 tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    edit(site / "products/pen/index.html", "</body>", '<a href="/products/gone/">x</a></body>')
    first = audit_site(site, now=NOW, cache_dir=cache)
    assert first.pages_read == 3 and [f.rule for f in first.findings] == ["link-broken"]

    again = audit_site(site, now=NOW, cache_dir=cache)
    assert again.pages_read == 0
    assert again.findings == first.findings

    # a page that changes is read again, alone; its new mistake is found
    edit(site / "index.html", "</body>", '<img src="/media/pen.jpg" width="1" height="1"></body>')
    changed = audit_site(site, now=NOW, cache_dir=cache)
    assert changed.pages_read == 1
    assert sorted(f.rule for f in changed.findings) == ["img-alt", "link-broken"]

    # publishing the missing page mends the link without touching the page that had it
    (site / "products/gone").mkdir()
    (site / "products/gone/data.txt").write_text("now here", encoding="utf-8")
    (site / "products/gone/index.html").write_text(
        (site / "404.html").read_text(encoding="utf-8"), encoding="utf-8")
    mended = audit_site(site, now=NOW, cache_dir=cache)
    assert "link-broken" not in fired(mended)

    # removing a file can break any page: everything is read again
    (site / "media/pen.jpg").unlink()
    gone = audit_site(site, now=NOW, cache_dir=cache)
    assert gone.pages_read == 4 and "link-broken" in fired(gone)

    # a new day re-checks dates (priceValidUntil) on every page
    later = audit_site(site, now=NOW + timedelta(days=1), cache_dir=cache)
    assert later.pages_read == 4
