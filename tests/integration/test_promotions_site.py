"""Promotions end to end: the markets fixture built on days before, during and after its autumn
sale (tests/fixtures/markets/content/promotions/autumn-sale.yml: 10 % off the charging
category, 16 to 20 November 2026, in en-us, de-de and ar-sa), read as a shopper, a crawler and
Merchant Center read it: the banner, the prices on the page, in the JSON-LD and in the feeds."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import extruct
import lxml.html
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol
from click.testing import CliRunner
from lxml import etree

from storefront.cli import main
from storefront_catalog.settings import parse_moment
from storefront_seo.audit import audit_site
from tests.cldr import long_date, percent
from tests.integration.test_html_valid import vnu_jar
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"
SITE = "https://shop.example.com"
LOCALES = {"en-us": "en_US", "de-de": "de_DE", "ja-jp": "ja_JP", "ar-sa": "ar_SA"}
CURRENCIES = {"en-us": "USD", "de-de": "EUR", "ja-jp": "JPY", "ar-sa": "SAR"}
#: the campaign's markets and when its sale runs there: midnight to midnight, local time
SALE_MARKETS = {
    "en-us": ("2026-11-16T00:00:00-05:00", "2026-11-21T00:00:00-05:00"),
    "de-de": ("2026-11-16T00:00:00+01:00", "2026-11-21T00:00:00+01:00"),
    "ar-sa": ("2026-11-16T00:00:00+03:00", "2026-11-21T00:00:00+03:00"),
}
#: the same windows as Merchant Center's sale_price_effective_date writes them
FEED_WINDOWS = {
    "en-us": "2026-11-16T00:00-0500/2026-11-21T00:00-0500",
    "de-de": "2026-11-16T00:00+0100/2026-11-21T00:00+0100",
    "ar-sa": "2026-11-16T00:00+0300/2026-11-21T00:00+0300",
}
LAST_DAY = "2026-11-20"
#: what the shopper reads in the banner (the text, then the last day)
#: (the discount and the date as Babel writes them, spaces as `text` reads them)
BANNER = {
    "en-us": ("Autumn sale: 10% off chargers, cables and adapters", "until November 20, 2026",
              "Promotion"),
    "de-de": (" ".join(f"Herbstaktion: {percent(10, 'de_DE')} Rabatt auf Ladegeräte, Kabel und "
                       "Adapter".split()),
              " ".join(f"bis {long_date(date(2026, 11, 20), 'de_DE')}".split()), "Aktion"),
    "ar-sa": (" ".join(f"تخفيضات الخريف: خصم {percent(10, 'ar_SA')} على الشواحن والكابلات "
                       "والمحولات".split()),
              " ".join(f"حتى {long_date(date(2026, 11, 20), 'ar_SA')}".split()), "عرض ترويجي"),
}
#: regular prices of the fixture (index.md `price`), by product folder and market
REGULAR = {
    "charging-station": {"en-us": "1349.00", "de-de": "1234.50", "ja-jp": "189800",
                         "ar-sa": "4999.00"},
    "travel-adapter": {"en-us": "24.00", "de-de": "22.00", "ja-jp": "3480"},  # not in ar-sa
    "usb-cable": {"en-us": "9.00", "de-de": "8.50", "ja-jp": "1280", "ar-sa": "35.00"},
    "flash-drive": {"en-us": "6.50", "de-de": "6.00", "ar-sa": "25.00"},  # storage: no sale
}
#: 10 % off, rounded to the cent: what a marketer checks by hand
SALE = {
    ("en-us", "charging-station"): "1214.10", ("en-us", "travel-adapter"): "21.60",
    ("en-us", "usb-cable"): "8.10",
    ("de-de", "charging-station"): "1111.05", ("de-de", "travel-adapter"): "19.80",
    ("de-de", "usb-cable"): "7.65",
    ("ar-sa", "charging-station"): "4499.10", ("ar-sa", "usb-cable"): "31.50",
}
BEFORE, DURING, AFTER = "2026-11-15", "2026-11-18", "2026-11-21"  # each at 12:00 UTC


# -- building -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The fixture store built as it is at a moment (STORE_DATE), once per moment."""
    sites: dict[str, Path] = {}

    def at(moment: str) -> Path:
        if moment not in sites:
            base = tmp_path_factory.mktemp("promo")
            sites[moment] = build(FIXTURE, base / "out", base / "cache", STORE_DATE=moment)
        return sites[moment]

    return at


def copy_markets(dest: Path) -> Path:
    """A copy of the markets fixture whose pelicanconf.py still finds the repository's theme."""
    return copy_project(FIXTURE, dest)


COUPON_CAMPAIGN = """\
name: Japan coupon week
start: 2026-11-18
end: 2026-11-25
markets: [ja-jp]
coupon: AKI10
discount: {percent: 10}
scope: all
banner:
  ja: "コードAKI10で全品{discount}オフ（{end_date}まで）"
colors: {background: "#fff4d6", text: "#5a3300"}
image: promotions/autumn.jpg
"""


@pytest.fixture(scope="module")
def with_coupon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The store on 18 November with a second campaign: a coupon with a background image in
    ja-jp (the autumn sale runs in the other markets)."""
    base = tmp_path_factory.mktemp("coupon")
    project = copy_markets(base / "project")
    promotions = project / "content" / "promotions"
    (promotions / "coupon-week.yml").write_text(COUPON_CAMPAIGN, encoding="utf-8")
    shutil.copyfile(project / "content" / "products" / "usb-cable" / "front.jpg",
                    promotions / "autumn.jpg")
    yield build(project, base / "out", base / "cache", STORE_DATE=DURING)


# -- reading pages and feeds --------------------------------------------------------------------
def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / rel)).getroot()


def text(el: Any) -> str:
    return " ".join(el.text_content().split())


def banners(doc: lxml.html.HtmlElement) -> list[Any]:
    return doc.xpath("//*[@data-promo]")


def amount(shown: str, market: str) -> Decimal:
    """The number in a price as the page shows it ("1.111,05 €" -> 1111.05)."""
    locale = LOCALES[market]
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    number = shown[digits[0]:digits[-1] + 1].replace(get_group_symbol(locale), "")
    return Decimal(number.replace(get_decimal_symbol(locale), "."))


def shown_prices(doc: lxml.html.HtmlElement, market: str) -> tuple[Decimal, Decimal | None]:
    """The headline price and the struck-through regular price of a product page."""
    now = doc.xpath("//*[contains(@class, 'price__now')][not(ancestor::template)]")[0]
    was = doc.xpath("//s[contains(@class, 'price__was')][not(ancestor::template)]")
    regular = None
    if was:
        hidden = was[0].xpath(".//*[contains(@class, 'visually-hidden')]")
        label = text(hidden[0]) if hidden else ""
        regular = amount(text(was[0])[len(label):], market)
    return amount(text(now), market), regular


def offers(site: Path, rel: str) -> list[dict[str, Any]]:
    """Every schema.org Offer in the page's JSON-LD, as a crawler reads it."""
    html = (site / rel).read_text(encoding="utf-8")
    found = extruct.extract(html, base_url=f"{SITE}/{rel}", syntaxes=["json-ld"],
                            uniform=True)["json-ld"]
    out: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("@type") == "Offer":
                out.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(found)
    return out


def strikethrough(offer: dict[str, Any]) -> str | None:
    specs = offer.get("priceSpecification") or []
    for spec in specs if isinstance(specs, list) else [specs]:
        if spec.get("priceType") == "https://schema.org/StrikethroughPrice":
            return str(spec["price"])
    return None


G = "{http://base.google.com/ns/1.0}"


def merchant_items(site: Path, market: str) -> dict[str, dict[str, str]]:
    """The Merchant Center feed's items by product folder (variants: the last one read)."""
    tree = etree.parse(str(site / "feeds" / market / "merchant.xml"))
    items = {}
    for item in tree.iter("item"):
        folder = item.findtext("link").split("/products/")[1].split("/")[0]
        items[folder] = {child.tag.replace(G, ""): child.text or "" for child in item}
    return items


def merchant_rows(site: Path, market: str) -> list[dict[str, str]]:
    """Every item of the Merchant Center feed (one per variant), as tag -> text."""
    tree = etree.parse(str(site / "feeds" / market / "merchant.xml"))
    return [{child.tag.replace(G, ""): child.text or "" for child in item}
            for item in tree.iter("item")]


def meta_rows(site: Path, market: str) -> list[dict[str, str]]:
    with (site / "feeds" / market / "meta.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def folder_of(link: str) -> str:
    return link.split("/products/")[1].split("/")[0]


# -- the banner ---------------------------------------------------------------------------------
def test_the_banner_is_on_every_page_of_the_sale_markets_and_nowhere_else(
        built: Callable[[str], Path]) -> None:
    site = built(DURING)
    pages = html_pages(site)
    seen = {m: 0 for m in LOCALES}
    for rel in pages:
        market = rel.split("/")[0]
        found = banners(page(site, rel))
        if market not in SALE_MARKETS:  # ja-jp, and the chooser and 404 shared by all markets
            assert found == [], f"{rel}: a banner outside the campaign's markets"
            continue
        assert len(found) == 1, f"{rel}: {len(found)} banners"
        seen[market] += 1
        banner = found[0]
        start, end = SALE_MARKETS[market]
        message, until, label = BANNER[market]
        assert banner.get("data-promo") == "autumn-sale" and banner.get("id") == "promo-autumn-sale"
        assert (banner.get("data-promo-start"), banner.get("data-promo-end")) == (start, end), rel
        assert banner.get("aria-label") == label, rel
        assert text(banner.find_class("promo__text")[0]) == message, rel
        assert text(banner.find_class("promo__until")[0]) == until, rel
        assert banner.xpath(".//time/@datetime") == [LAST_DAY], rel
        assert "--promo-bg:#1d3557" in banner.get("style") and "--promo-fg:#ffffff" in banner.get(
            "style"), rel
        # first in <body> after the skip link (the first thing to tab to), before the header
        body = banner.getparent()
        assert body.tag == "body" and body.index(banner) == 1, rel
        assert body[0].get("class") == "skip-link", rel
        assert not banner.xpath(".//a | .//button | .//input | .//*[@tabindex]"), rel
        countdown = banner.xpath(".//*[@data-promo-countdown]")[0]
        assert "js-only" in countdown.get("class") and countdown.get("aria-live") == "off"
        assert text(countdown) == "", "the countdown is JavaScript's; the HTML has the last day"
    assert seen["ja-jp"] == 0
    assert all(seen[m] >= 8 for m in SALE_MARKETS), seen


@pytest.mark.parametrize("moment", [BEFORE, AFTER])
def test_before_and_after_the_sale_no_banner_and_regular_prices_everywhere(
        built: Callable[[str], Path], moment: str) -> None:
    site = built(moment)
    for rel in html_pages(site):
        assert banners(page(site, rel)) == [], f"{rel} on {moment}: a banner outside the sale"
    for market in LOCALES:
        for row in merchant_rows(site, market) + meta_rows(site, market):
            assert not row.get("sale_price"), f"{market} feed on {moment}: {row}"
            assert not row.get("sale_price_effective_date"), f"{market} feed on {moment}: {row}"
        for folder, prices in REGULAR.items():
            if market not in prices:
                continue
            rel = f"{market}/products/{folder}/index.html"
            now, _ = shown_prices(page(site, rel), market)
            assert now == Decimal(prices[market]), f"{rel} on {moment}"
            for offer in offers(site, rel):
                assert Decimal(offer["price"]) == Decimal(prices[market]), rel
                assert "validFrom" not in offer, rel


# -- sale prices --------------------------------------------------------------------------------
def test_during_the_sale_page_jsonld_and_feeds_show_the_same_sale_price(
        built: Callable[[str], Path]) -> None:
    site = built(DURING)
    checked = 0
    for market, currency in CURRENCIES.items():
        merchant = merchant_rows(site, market)
        meta = meta_rows(site, market)
        for folder, prices in REGULAR.items():
            if market not in prices:
                continue
            rel = f"{market}/products/{folder}/index.html"
            regular = Decimal(prices[market])
            sale = SALE.get((market, folder))
            now, was = shown_prices(page(site, rel), market)
            in_feeds = [r for r in merchant if folder_of(r["link"]) == folder]
            in_meta = [r for r in meta if folder_of(r["link"]) == folder]
            assert in_feeds and in_meta and offers(site, rel), rel
            if sale is None:  # not in the campaign: regular price, no sale anywhere
                assert now == regular, rel
                assert all(not r.get("sale_price") for r in in_feeds + in_meta), rel
                assert all("validFrom" not in o for o in offers(site, rel)), rel
                continue
            start, end = SALE_MARKETS[market]
            # the page: the sale price, the regular price struck through
            assert (now, was) == (Decimal(sale), regular), rel
            # the JSON-LD: every offer (each variant) at the sale price, dated
            for offer in offers(site, rel):
                assert offer["price"] == sale and offer["priceCurrency"] == currency, rel
                assert strikethrough(offer) == prices[market], rel
                assert offer["priceValidUntil"] == LAST_DAY, rel
                assert offer["validFrom"] == start, rel
            # the feeds: regular price, sale price and the sale's window
            window = FEED_WINDOWS[market]
            for row in in_feeds + in_meta:
                assert row["price"] == f"{prices[market]} {currency}", rel
                assert row["sale_price"] == f"{sale} {currency}", rel
                assert row["sale_price_effective_date"] == window, rel
            checked += 1
    assert checked == len(SALE)


def test_the_sale_starts_and_ends_at_midnight_in_each_market(
        built: Callable[[str], Path]) -> None:
    """One moment, three clocks: Riyadh is past midnight while Berlin and New York are not;
    New York is still on the last day when Berlin and Riyadh have ended it."""
    expected = {
        "2026-11-15T22:30+00:00": {"ar-sa"},  # 01:30 in Riyadh, 23:30 in Berlin, 17:30 in NY
        "2026-11-15T23:30+00:00": {"ar-sa", "de-de"},  # 00:30 in Berlin
        "2026-11-20T21:30+00:00": {"en-us", "de-de"},  # 00:30 on 21 November in Riyadh
        "2026-11-20T23:30+00:00": {"en-us"},  # 00:30 in Berlin, 18:30 in New York
    }
    for moment, running in expected.items():
        site = built(moment)
        for market in LOCALES:
            home = page(site, f"{market}/index.html")
            cable = merchant_items(site, market)["usb-cable"]
            on_sale = market in running
            assert bool(banners(home)) is on_sale, f"{market} banner at {moment}"
            assert bool(cable.get("sale_price")) is on_sale, f"{market} feed at {moment}"
            now, _ = shown_prices(page(site, f"{market}/products/usb-cable/index.html"), market)
            wanted = SALE[(market, "usb-cable")] if on_sale else REGULAR["usb-cable"][market]
            assert now == Decimal(wanted), f"{market} cable price at {moment}"


# -- the audit ----------------------------------------------------------------------------------
def test_the_audit_passes_during_the_sale_and_flags_banners_left_after_it(
        built: Callable[[str], Path]) -> None:
    site = built(DURING)
    during = audit_site(site, now=parse_moment(DURING))
    assert during.errors == [], "\n".join(map(str, during.errors))
    # the same files still online after the sale: every banner page is an error
    late = audit_site(site, now=datetime(2026, 11, 21, 12, tzinfo=UTC))
    flagged = {f.page for f in late.errors if f.rule == "promo-ended"}
    banner_pages = {rel for rel in html_pages(site) if banners(page(site, rel))}
    assert banner_pages and flagged == banner_pages


# -- a `storefront build --date` preview ----------------------------------------------------------
def run_cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args],
                                catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project built twice on 18 November: `storefront build --date` into output/ (a
    preview), and as the real build of that day (SOURCE_DATE_EPOCH) into real/. Share cards
    and the hero image play no part here (nor do their fonts)."""
    project = copy_markets(tmp_path_factory.mktemp("preview") / "project")
    conf = project / "pelicanconf.py"
    conf.write_text(re.sub(r',\s*"storefront_social_cards"', "", conf.read_text("utf-8")),
                    encoding="utf-8")
    campaign = project / "content/promotions/autumn-sale.yml"
    campaign.write_text(re.sub(r"(?m)^hero: .*$", "", campaign.read_text("utf-8")),
                        encoding="utf-8")
    code, output = run_cli(project, "build", "--date", DURING)
    assert code == 0, output
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(int(parse_moment(DURING).timestamp())))
        code, output = run_cli(project, "build", "--output", "real")
    assert code == 0, output
    yield project


def test_a_preview_banner_carries_the_previewed_moment_for_its_countdown(previewed: Path
                                                                         ) -> None:
    """store.js counts down from data-promo-now, not from the day the preview is opened (a
    sale previewed after it ended would hide its own banner)."""
    preview, real = previewed / "output", previewed / "real"
    for rel in ("en-us/index.html", "de-de/products/usb-cable/index.html"):
        (banner,) = banners(page(preview, rel))
        assert banner.get("data-promo-now") == "2026-11-18T12:00:00+00:00", rel
        (banner,) = banners(page(real, rel))  # the real build: the visitor's clock
        assert banner.get("data-promo-now") is None, rel
        assert banner.get("data-promo-end") == SALE_MARKETS[rel.split("/")[0]][1]


def test_the_audit_of_a_preview_judges_it_as_of_the_previewed_day(previewed: Path) -> None:
    assert json.loads((previewed / "output/.storefront-build.json").read_text("utf-8")) == {
        "date": "2026-11-18T12:00:00+00:00"}
    assert not (previewed / "real/.storefront-build.json").exists()
    code, output = run_cli(previewed, "audit")  # today the sale is over; on the 18th it ran
    assert code == 0, output
    assert "Dates judged as of 2026-11-18T12:00:00+00:00, the moment this preview was built " \
           "for" in " ".join(output.split())
    code, output = run_cli(previewed, "audit", "--date", AFTER)
    assert code == 1 and "error: promo-ended" in output, output


# -- a coupon campaign with a background image ----------------------------------------------------
def test_a_coupon_banner_shows_the_code_and_image_and_keeps_prices(with_coupon: Path) -> None:
    site = with_coupon
    doc = page(site, "ja-jp/products/usb-cable/index.html")
    [banner] = banners(doc)
    assert banner.get("data-promo") == "coupon-week"
    assert banner.get("data-promo-end") == "2026-11-26T00:00:00+09:00"
    assert banner.xpath(".//code/text()") == ["AKI10"]
    assert text(banner.find_class("promo__coupon")[0]) == "コードAKI10をご利用ください"
    # the text already says the last day: it is not written twice
    shown = text(banner.find_class("promo__text")[0])
    until = long_date(date(2026, 11, 25), "ja_JP")
    assert shown == " ".join(f"コードAKI10で全品{percent(10, 'ja_JP')}オフ（{until}まで）".split())
    assert banner.find_class("promo__until") == []
    style = banner.get("style")
    image = style.split("--promo-image:url('")[1].split("')")[0]
    assert image.startswith("/promotions/coupon-week-") and (site / image.lstrip("/")).is_file()
    # a coupon never changes a shown price (Merchant Center: a sale price needs no code)
    now, _ = shown_prices(doc, "ja-jp")
    assert now == Decimal("1280")
    assert all("validFrom" not in o for o in offers(site, "ja-jp/products/usb-cable/index.html"))
    assert not merchant_items(site, "ja-jp")["usb-cable"].get("sale_price")


def test_pages_with_banners_are_valid_html(with_coupon: Path) -> None:
    """The Nu HTML Checker, as tests/integration/test_html_valid.py runs it, on banner pages of
    both campaigns (the fixture store alone, built today, has no running sale)."""
    jar = vnu_jar()
    if jar is None or shutil.which("java") is None:
        if os.environ.get("STOREFRONT_REQUIRE_BROWSER") == "1":
            pytest.fail("Nu HTML Checker missing: `npm install -g vnu-jar` and a Java runtime")
        pytest.skip("the Nu HTML Checker (npm vnu-jar + Java) is not installed")
    pages = [str(with_coupon / m / rel) for m in LOCALES
             for rel in ("index.html", "products/charging-station/index.html",
                         "collections/charging/index.html")]
    assert all(banners(lxml.html.parse(p).getroot()) for p in pages)
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *pages],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{m.get('url', '')}:{m.get('lastLine')}: {m.get('type')}: {m.get('message')}"
                for m in messages
                if m.get("type") in ("error", "non-document-error")
                or m.get("subType") == "warning"]
    assert problems == [], "\n".join(problems)


HERO = '//img[contains(@class, "campaign-hero__img")]'


def test_a_hero_campaign_shows_its_drawn_picture_first_on_the_home_page_of_each_sale_market(
        built: Callable[[str], Path]) -> None:
    from PIL import Image

    site = built("2026-11-18")
    keys = set()
    for market in ("en-us", "de-de", "ar-sa"):
        doc = page(site, f"{market}/index.html")
        (img,) = doc.xpath(HERO)
        (banner,) = banners(doc)
        (section,) = doc.xpath('//section[contains(@class, "campaign-hero")]')
        (picture,) = img.xpath("ancestor::picture")  # (lxml nests the void <source>s)
        # the largest paint, and nothing else asks to come first or waits for scrolling
        assert img.get("fetchpriority") == "high" and img.get("loading") is None
        assert doc.xpath('//img[@fetchpriority="high"]') == [img]
        first = doc.xpath('//main//img')[0]
        assert first is img  # above the store's own hero photo, which now waits (lazy)
        # art direction: a portrait picture on phones, a wide one from 700 px, every source
        # with its own width and height (no layout shift whichever is chosen)
        phone = picture.xpath('.//source[@media="(max-width: 699px)"]')
        wide = picture.xpath(".//source[not(@media)]")
        assert phone and wide
        for source in phone + wide:
            first_file = source.get("srcset").split(",")[0].split()[0]
            with Image.open(site / first_file.lstrip("/")) as drawn:
                ratio = drawn.width / drawn.height
            assert abs(ratio - int(source.get("width")) / int(source.get("height"))) < 0.01
        assert int(phone[0].get("height")) > int(phone[0].get("width"))
        assert int(img.get("width")) > 2 * int(img.get("height"))
        # the sentence and the call to action are HTML; the alt names the products shown
        (title,) = section.xpath(".//h2")
        assert text(title) == text(banner.xpath('.//*[@class="promo__text"]')[0])
        (cta,) = section.xpath(".//a[@href]")
        assert cta.get("href") == f"/{market}/collections/charging/"  # the sale's collection
        alt = img.get("alt")
        assert alt and text(title) not in alt and alt not in text(title)
        keys.add(img.get("src").rsplit("-", 3)[0])
        assert not page(site, f"{market}/collections/charging/index.html").xpath(
            HERO)  # the home page only
    assert len(keys) == 3  # one per language: en, de, ar
    en = page(site, "en-us/index.html")
    assert en.xpath(HERO)[0].get("alt").startswith("On sale: ")
    ar = page(site, "ar-sa/index.html")
    assert ar.xpath(HERO)[0].get("alt").startswith("ضمن العرض: ")
    ja = page(site, "ja-jp/index.html")
    assert not ja.xpath(HERO)
    # without a campaign hero the store's own photo is the page's priority again
    assert ja.xpath('//img[@fetchpriority="high"]/@class') == ["hero__img"]
    assert not page(built("2026-11-21"), "en-us/index.html").xpath(HERO)
