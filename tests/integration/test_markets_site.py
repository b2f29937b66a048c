"""Markets end to end: the multi-market fixture store (and the demo store) built, then read as
a crawler and a shopper would: hreflang clusters, languages, prices, exclusions, the chooser,
the market switcher, and the errors a broken content/markets.yml gives."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from babel import Locale

from storefront_catalog import signals
from storefront_catalog.markets import load_markets
from storefront_catalog.stats import BuildStats
from storefront_core.errors import StorefrontError
from tests.cldr import money
from tests.sitebuild import build, copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"
SITE = "https://shop.example.com"
#: the fixture's markets: code (URL prefix) -> hreflang, default first
MARKETS = {"en-us": "en-US", "de-de": "de-DE", "ja-jp": "ja-JP", "ar-sa": "ar-SA"}
#: each market's name in its own language, as Babel (CLDR) writes it: "Deutsch (Deutschland)"
NATIVE_NAMES = {m: Locale.parse(m.replace("-", "_")).get_display_name() for m in
                ("en-us", "de-de", "ja-jp", "ar-sa")}


# -- building -----------------------------------------------------------------------------------
@dataclass
class Built:
    out: Path
    warnings: list[str] = field(default_factory=list)


def build_with_warnings(project: Path, base: Path, **overrides: object) -> Built:
    """Build ``project`` and keep the warnings it reported (what `storefront build` prints)."""
    seen: list[BuildStats] = []

    def receive(sender: object, stats: BuildStats) -> None:
        seen.append(stats)

    signals.build_finished.connect(receive)
    try:
        out = build(project, base / "out", base / "cache", **overrides)
    finally:
        signals.build_finished.disconnect(receive)
    assert len(seen) == 1
    return Built(out, list(seen[0].warnings))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_with_warnings(FIXTURE, tmp_path_factory.mktemp("markets"))


# -- reading pages ------------------------------------------------------------------------------
_SIMPLE = re.compile(r'^(?P<tag>[a-z][a-z0-9]*)?(?P<classes>(?:\.[\w-]+)*)'
                     r'(?:\[(?P<attr>[\w-]+)(?:="(?P<value>[^"]*)")?\])?$')


def xpath_of(selector: str) -> str:
    """XPath of a simple CSS selector: descendant steps of tag, .class and [attr(="value")].

    >>> xpath_of('.card [data-x="1"]')
    '//*[contains(concat(" ", normalize-space(@class), " "), " card ")]//*[@data-x="1"]'
    """
    steps = []
    for part in selector.split():
        m = _SIMPLE.match(part)
        assert m is not None, f"unsupported selector {part!r}"
        tests = [f'contains(concat(" ", normalize-space(@class), " "), " {c} ")'
                 for c in m["classes"].split(".")[1:]]
        if m["attr"]:
            tests.append(f'@{m["attr"]}="{m["value"]}"' if m["value"] is not None
                         else f"@{m['attr']}")
        steps.append((m["tag"] or "*") + "".join(f"[{t}]" for t in tests))
    return "//" + "//".join(steps)


def select(element: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """Elements under ``element`` matching a simple CSS selector (see xpath_of)."""
    return list(element.xpath("." + xpath_of(selector)))


@dataclass
class Html:
    """What a crawler reads in one page's <head>, plus the parsed document."""

    path: str  # relative to the output folder, e.g. "de-de/products/x/index.html"
    doc: lxml.html.HtmlElement
    lang: str
    canonical: str | None
    alternates: dict[str, str]  # hreflang -> href (x-default included)
    duplicates: list[str]  # hreflang values listed twice
    og_locale: str | None
    og_alternates: list[str]
    noindex: bool

    def one(self, css: str) -> lxml.html.HtmlElement:
        found = select(self.doc, css)
        assert len(found) == 1, f"{self.path}: expected one {css}, found {len(found)}"
        return found[0]

    def text(self, css: str) -> str:
        return " ".join(self.one(css).text_content().split())

    def hrefs(self) -> list[str]:
        return [a.get("href", "") for a in self.doc.iter("a")]


def read_page(out: Path, path: str) -> Html:
    doc = lxml.html.fromstring((out / path).read_bytes())
    alternates: dict[str, str] = {}
    duplicates = []
    for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]"):
        code = link.get("hreflang")
        if code in alternates:
            duplicates.append(code)
        alternates[code] = link.get("href")
    canonical = doc.xpath("//head/link[@rel='canonical']/@href")
    og = doc.xpath("//head/meta[@property='og:locale']/@content")
    robots = " ".join(doc.xpath("//head/meta[@name='robots']/@content"))
    return Html(
        path=path,
        doc=doc,
        lang=doc.get("lang", ""),
        canonical=canonical[0] if canonical else None,
        alternates=alternates,
        duplicates=duplicates,
        og_locale=og[0] if og else None,
        og_alternates=doc.xpath("//head/meta[@property='og:locale:alternate']/@content"),
        noindex="noindex" in robots,
    )


def page(out: Path, path: str) -> Html:
    """The page at URL ``path`` ("/de-de/products/x/")."""
    rel = path.lstrip("/")
    return read_page(out, rel + "index.html" if rel.endswith("/") or not rel else rel)


def html_pages(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))


def url_of(path: str, site_url: str) -> str:
    """Absolute URL of an output file: "de-de/x/index.html" -> "https://.../de-de/x/"."""
    return f"{site_url}/{path.removesuffix('index.html')}"


def file_of(url: str, site_url: str) -> str | None:
    """Output file an absolute URL of this site points at (None: another site)."""
    if not url.startswith(site_url + "/"):
        return None
    rel = urlsplit(url).path[len(urlsplit(site_url).path) + 1:]
    return rel + "index.html" if rel.endswith("/") or not rel else rel


# -- hreflang -----------------------------------------------------------------------------------
_TAG = re.compile(r"^(?P<lang>[a-z]{2,3})(?:-(?P<region>[A-Z]{2}))?$")


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a valid hreflang value (None when it is)."""
    if tag == "x-default":
        return None
    m = _TAG.match(tag)
    if m is None:
        return "is not language or language-REGION (ISO 639 + ISO 3166 alpha-2, e.g. en-GB)"
    english = Locale("en")
    if m["lang"] not in english.languages:
        return f"language {m['lang']!r} is not an ISO 639 code Babel knows"
    if m["region"] and m["region"] not in english.territories:
        return f"region {m['region']!r} is not an ISO 3166 country code (en-GB, not en-UK)"
    return None


def hreflang_problems(out: Path, markets: dict[str, str], site_url: str) -> list[str]:
    """Everything wrong with the hreflang annotations of every HTML page under ``out``.

    ``markets`` maps each market's URL prefix to its hreflang, the default market first.
    """
    problems: list[str] = []
    pages = {p: read_page(out, p) for p in html_pages(out)}
    chooser = f"{site_url}/"
    default_tag = next(iter(markets.values()))
    og = {tag: tag.replace("-", "_") for tag in markets.values()}

    for path, p in pages.items():
        say = lambda msg, path=path: problems.append(f"/{path}: {msg}")  # noqa: E731
        prefix, _, rest = path.partition("/")
        if p.duplicates:
            say(f"lists hreflang {p.duplicates} twice")
        for tag in p.alternates:
            if (why := tag_problem(tag)) is not None:
                say(f'hreflang="{tag}" {why}')
        for tag, href in p.alternates.items():
            target = file_of(href, site_url)
            if target is None or target not in pages:
                say(f"hreflang {tag} points at {href}, which the build did not write")
        if path == "404.html":
            if not p.noindex or p.alternates:
                say("the 404 page must be noindex and list no hreflang alternates")
            if p.lang != default_tag:
                say(f'<html lang="{p.lang}">, expected the default market\'s "{default_tag}"')
            continue
        if p.canonical != url_of(path, site_url):
            say(f"canonical is {p.canonical}, expected its own URL {url_of(path, site_url)}")
        if path == "index.html":  # the market chooser: x-default of the home pages
            expected = {markets[c]: f"{site_url}/{c}/" for c in markets}
            expected["x-default"] = chooser
            own, lang = "x-default", default_tag
        elif prefix in markets:
            # the same page exists in these markets: exactly those are listed
            expected = {
                markets[c]: url_of(f"{c}/{rest}", site_url)
                for c in markets if f"{c}/{rest}" in pages
            }
            own = lang = markets[prefix]
            # x-default: the chooser for home pages, else the same page in the default market
            # (or in the first market showing it)
            expected["x-default"] = chooser if rest == "index.html" else next(
                iter(expected.values()))
        else:
            say("is outside every market folder")
            continue
        if p.alternates != expected:
            say(f"hreflang set {sorted(p.alternates.items())} != the markets showing this page "
                f"{sorted(expected.items())}")
        if p.alternates.get(own) != p.canonical:
            say(f"does not list itself (hreflang {own} -> {p.canonical})")
        if p.lang != lang:
            say(f'<html lang="{p.lang}"> but its own hreflang is "{lang}"')
        if p.og_locale != og[lang]:
            say(f"og:locale is {p.og_locale}, expected {og[lang]}")
        others = sorted(og[t] for t in p.alternates if t in og and t != lang)
        if sorted(p.og_alternates) != others:
            say(f"og:locale:alternate {sorted(p.og_alternates)} != {others}")
        # reciprocal: every page of the cluster (x-default too) lists exactly the same cluster
        for tag, href in p.alternates.items():
            target = file_of(href, site_url)
            if target in pages and pages[target].alternates != p.alternates:
                say(f"lists {tag} -> /{target}, which does not list the same alternates back "
                    f"({sorted(pages[target].alternates)})")
    return problems


def test_every_fixture_page_has_a_complete_reciprocal_hreflang_cluster(site: Built) -> None:
    assert len(html_pages(site.out)) > 30
    assert hreflang_problems(site.out, MARKETS, SITE) == []


def test_hreflang_check_catches_a_broken_cluster(site: Built, tmp_path: Path) -> None:
    """The checker itself: a page that forgets a market and one with en-UK are both reported."""
    out = tmp_path / "out"
    shutil.copytree(site.out, out, ignore=shutil.ignore_patterns("media", "theme"))
    product = out / "de-de/products/usb-cable/index.html"
    html = product.read_text(encoding="utf-8")
    product.write_text(re.sub(r'<link rel="alternate" hreflang="ja-JP"[^>]*>\n?', "", html)
                       .replace('hreflang="en-US"', 'hreflang="en-UK"'), encoding="utf-8")
    found = "\n".join(hreflang_problems(out, MARKETS, SITE))
    assert "/de-de/products/usb-cable/index.html: hreflang=\"en-UK\" region 'UK'" in found
    assert "/ja-jp/products/usb-cable/index.html: lists de-DE" in found  # not reciprocal


def test_tag_validation() -> None:
    assert tag_problem("en-GB") is None and tag_problem("ja") is None
    assert "ISO 3166" in (tag_problem("en-UK") or "")
    assert "ISO 639" in (tag_problem("xx-DE") or "")
    assert tag_problem("en_GB") is not None and tag_problem("EN-gb") is not None


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Built, dict[str, str], str]]:
    if not (REPO / "content" / "markets.yml").is_file():
        pytest.skip("the demo store has no content/markets.yml yet (single market: no hreflang)")
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"))
    markets, problems = load_markets(settings, REPO / "content", REPO)
    assert problems == []
    # one small rendition per photo: this test reads HTML, not photos
    built = build_with_warnings(REPO, tmp_path_factory.mktemp("demo"),
                         IMAGE_WIDTHS=[320], IMAGE_FORMATS=["jpeg"])
    yield built, {m.code: m.hreflang for m in markets.markets}, settings["SITEURL"].rstrip("/")


def test_every_demo_page_has_a_complete_reciprocal_hreflang_cluster(
    demo: tuple[Built, dict[str, str], str],
) -> None:
    built, markets, site_url = demo
    assert len(markets) >= 2 and len(html_pages(built.out)) > 5 * len(markets)
    assert hreflang_problems(built.out, markets, site_url) == []


# -- what each market sells ---------------------------------------------------------------------
def pages_of(out: Path, market: str) -> list[str]:
    return [p for p in html_pages(out) if p.startswith(f"{market}/")]


@pytest.mark.parametrize(
    ("market", "slug", "category"),
    [("ar-sa", "travel-adapter", "charging/adapters"), ("ja-jp", "flash-drive", "storage")],
)
def test_product_not_sold_in_a_market_is_absent_from_it(
    site: Built, market: str, slug: str, category: str
) -> None:
    out = site.out
    assert not (out / market / "products" / slug).exists()
    # its only category is empty there, so it is not made either
    assert not (out / market / "collections" / category).exists()
    for path in pages_of(out, market):
        p = read_page(out, path)
        linked = [h for h in p.hrefs() if f"/products/{slug}/" in h or f"/{category}/" in h]
        assert linked == [], f"/{path} links to {linked}"  # grids, related, nav, switcher
    home = page(out, f"/{market}/")
    assert select(home.doc, ".site-nav__list a"), "the navigation is missing"
    sold_elsewhere = [m for m in MARKETS if m != market]
    for other in sold_elsewhere:
        p = page(out, f"/{other}/products/{slug}/")
        assert set(p.alternates) == {MARKETS[m] for m in sold_elsewhere} | {"x-default"}


def test_product_without_the_market_currency_is_a_warning_naming_file_and_market(
    site: Built,
) -> None:
    about_flash = [w for w in site.warnings if "flash-drive" in w]
    assert about_flash == [
        "content/products/flash-drive/index.md: price: has no JPY price, so it is not sold in "
        "the ja-jp market; add JPY to price, derive it from exchange rates (`storefront prices "
        "rates --update` writes content/rates.yml), or exclude the product from ja-jp in "
        "markets.yml"
    ]
    assert not [w for w in site.warnings if "travel-adapter" in w], "excluded on purpose: silent"


# -- language and money -------------------------------------------------------------------------
def test_untranslated_product_shows_english_marked_as_english(site: Built) -> None:
    p = page(site.out, "/ja-jp/products/usb-cable/")
    assert p.lang == "ja-JP"
    title = p.one("h1.product__title")
    assert (title.text_content(), title.get("lang")) == ("USB-C Cable 1 m", "en")
    summary = p.one(".product__summary")
    assert (summary.text_content(), summary.get("lang")) == ("A braided 60 W USB-C cable.", "en")
    assert p.one(".product-details__description .prose").get("lang") == "en"
    length = [row for row in select(p.doc, ".specs tr") if row[0].text_content() == "Length"]
    assert [row.get("lang") for row in length] == ["en"]
    # its card on the category page is marked the same way
    cables = page(site.out, "/ja-jp/collections/charging/cables/")
    card = cables.one('.card__link[href="/ja-jp/products/usb-cable/"]')
    assert card.get("lang") == "en"
    # translated text carries no lang of its own (it is the page's language)
    de = page(site.out, "/de-de/products/usb-cable/")
    assert de.one("h1.product__title").get("lang") is None
    assert de.text("h1.product__title") == "USB-C-Kabel 1 m"


def test_untranslated_page_falls_back_to_english_marked_as_english(site: Built) -> None:
    assert page(site.out, "/ja-jp/pages/about/").one("article").get("lang") == "en"
    for market, title in (("de-de", "Über uns"), ("ar-sa", "من نحن"), ("en-us", "About us")):
        p = page(site.out, f"/{market}/pages/about/")
        assert p.text("h1") == title and p.one("article").get("lang") is None


EXPECTED_OFFER = {
    # market: (title, price, list price); the same SKU everywhere, prices as Babel writes them
    "en-us": ("Charging Station 20-Port", "$1,349.00", "$1,499.00"),
    "de-de": ("Ladestation mit 20 Ports", money("1234.50", "EUR", "de_DE"),
              money("1399.00", "EUR", "de_DE")),
    "ja-jp": ("20ポート充電ステーション", money("189800", "JPY", "ja_JP"),
              money("209800", "JPY", "ja_JP")),
    "ar-sa": ("محطة شحن بعشرين منفذًا", money("4999.00", "SAR", "ar_SA"),
              money("5499.00", "SAR", "ar_SA")),
}


@pytest.mark.parametrize("market", MARKETS)
def test_translated_product_text_with_the_market_prices(site: Built, market: str) -> None:
    p = page(site.out, f"/{market}/products/charging-station/")
    title, price, was = EXPECTED_OFFER[market]
    assert p.text("h1.product__title") == title
    assert p.one("h1.product__title").get("lang") is None
    assert p.one("[data-offer] .price__now").text_content().strip() == price
    assert was in p.one("[data-offer] .price__was").text_content()
    assert p.text(".buy-box__sku [data-sku-text]") == "MK-STN-20-BLK"
    assert p.text(".specs [data-sku-text]") == "MK-STN-20-BLK"
    assert p.doc.get("dir") == ("rtl" if market == "ar-sa" else "ltr")
    variants = [v.get("data-offer-for") for v in select(p.doc, "template[data-offer-for]")]
    assert variants == ["MK-STN-20-BLK", "MK-STN-20-WHT"]


def test_translated_product_in_german(site: Built) -> None:
    p = page(site.out, "/de-de/products/charging-station/")
    assert p.text(".product__summary").startswith("Lädt zwanzig Tablets")
    assert "abschließbare Tür" in p.text(".product-details__description .prose")
    specs = {th.text_content().strip(): td.text_content().strip()
             for th, td in (row.getchildren() for row in select(p.doc, ".specs tbody tr"))}
    assert specs["Anschlüsse"] == "20 × USB-C" and specs["Gewicht"] == "4,2 kg"
    assert "Ports" not in specs and "Weight" not in specs
    # option values as German shoppers read them, for the picker and the no-JS table
    assert p.text("[data-option-current]") == "Schwarz"
    swatches = [label.get("title") for label in select(p.doc, ".swatch")]
    assert swatches == ["Schwarz", "Weiß"]
    assert "Weiß" in p.text(".variant-table")
    alts = p.doc.xpath("//*[@data-gallery]//img/@alt")
    assert "Ladestation von vorne mit zwanzig USB-C-Ports" in alts
    assert p.doc.xpath("//title")[0].text == "Ladestation mit 20 Ports | Fixture Goods"
    # the category names come from content/categories.yml
    crumbs = [a.text_content().strip() for a in select(p.doc, ".breadcrumbs a")]
    assert crumbs[1:] == ["Laden", "Ladestationen", "Ladestation mit 20 Ports"]


def test_tax_note_follows_the_market(site: Built) -> None:
    us = page(site.out, "/en-us/products/charging-station/").text(".tax-note")
    assert us == "Price excludes sales tax."
    for market in ("de-de", "ja-jp", "ar-sa"):
        note = page(site.out, f"/{market}/products/charging-station/").text(".tax-note")
        assert note and note != us, f"{market} includes VAT: {note!r}"


# -- switching markets ----------------------------------------------------------------------------
def switcher(p: Html) -> dict[str, tuple[str, str, bool]]:
    """hreflang -> (href, native name, is current) of the market switcher's links."""
    links = {}
    for a in select(p.doc, "[data-market-switcher] a"):
        name = " ".join(select(a, ".market-switcher__name")[0].text_content().split())
        links[a.get("hreflang")] = (a.get("href"), name, a.get("aria-current") == "true")
    return links


@pytest.mark.parametrize(
    ("path", "missing_in"),
    [("/de-de/products/travel-adapter/", "ar-sa"), ("/ar-sa/products/flash-drive/", "ja-jp"),
     ("/ja-jp/products/charging-station/", None)],
)
def test_switcher_links_the_same_product_or_the_market_home(
    site: Built, path: str, missing_in: str | None
) -> None:
    here, rest = path.strip("/").split("/", 1)
    links = switcher(page(site.out, path))
    expected = {
        MARKETS[m]: (f"/{m}/" if m == missing_in else f"/{m}/{rest}/", NATIVE_NAMES[m], m == here)
        for m in MARKETS
    }
    assert links == expected


def test_chooser_lists_every_market_by_its_native_name_and_never_redirects(site: Built) -> None:
    p = page(site.out, "/")
    links = select(p.doc, "[data-market-chooser] a")
    assert [(" ".join(select(a, ".chooser__name")[0].text_content().split()), a.get("href"),
             a.get("lang")) for a in links] == [
        (NATIVE_NAMES[m], f"/{m}/", MARKETS[m]) for m in MARKETS
    ]
    assert [select(a, ".chooser__currency")[0].text_content() for a in links] == [
        "USD", "EUR", "JPY", "SAR"]
    assert not p.doc.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']")
    inline = [s.text_content() for s in p.doc.iter("script") if not s.get("src")
              and s.get("type") not in ("application/json", "application/ld+json")]
    assert inline == [], "the chooser runs no inline script (no redirect)"
    assert not p.noindex


# -- markets.yml mistakes, through the build ------------------------------------------------------
GOOD_MARKETS = (FIXTURE / "content" / "markets.yml").read_text(encoding="utf-8")
BAD_MARKETS: dict[str, tuple[str, str, int | None, str]] = {
    "unknown currency": (
        GOOD_MARKETS.replace("currency: EUR", "currency: ERU"),
        "markets[2].currency", 6, '"ERU" is not an ISO 4217 currency code; did you mean "EUR"?'),
    "unknown currency, suggested from current ones": pytest.param(
        GOOD_MARKETS.replace("currency: EUR", "currency: EUX"),
        "markets[2].currency", 6, '"EUX" is not an ISO 4217 currency code; did you mean "EUR"?',
    ),
    "unknown locale": (
        GOOD_MARKETS.replace("currency: JPY}", "currency: JPY, locale: ja_XX}"),
        "markets[3].locale", 7, '"ja_XX" is not a locale Babel knows'),
    "duplicate code": (
        GOOD_MARKETS.replace("{code: ja-jp, language: ja, country: JP, currency: JPY}",
                             "{code: de-de, language: de, country: DE, currency: EUR}"),
        "markets[3].code", 7, '"de-de" is used by two markets'),
    "no default": (
        GOOD_MARKETS.replace("default: en-us\n", ""),
        "default", None, "is missing; name the market whose language index.md is written in"),
    "default not a market": (
        GOOD_MARKETS.replace("default: en-us", "default: en-uk"),
        "default", 2, '"en-uk" is not one of the markets; did you mean "en-us"?'),
    "UK is not ISO 3166": (
        GOOD_MARKETS.replace("  - {code: de-de", "  - {code: en-uk, language: en, country: UK, "
                                                 "currency: GBP}\n  - {code: de-de"),
        "markets[2].country", 6, '"UK" is not an ISO 3166 country code; write "GB"'),
}


@pytest.mark.parametrize(
    ("text", "field_name", "line", "message"),
    list(BAD_MARKETS.values()),
    ids=list(BAD_MARKETS),
)
def test_bad_markets_file_stops_the_build_with_a_specific_error(
    text: str, field_name: str, line: int | None, message: str, tmp_path: Path
) -> None:
    project = copy_project(FIXTURE, tmp_path / "site")
    (project / "content" / "markets.yml").write_text(text, encoding="utf-8")
    with pytest.raises(StorefrontError) as info:
        build(project, tmp_path / "out", tmp_path / "cache")
    problems = info.value.problems
    assert [(p.file, p.field) for p in problems] == [("content/markets.yml", field_name)], str(
        info.value)
    assert message in problems[0].message
    assert problems[0].line == line
    assert not (tmp_path / "out" / "index.html").exists()
