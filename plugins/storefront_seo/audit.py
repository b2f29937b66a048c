"""Audit a built site as a crawler reads it: head tags, structured data, links, prices, sitemaps.

``audit_site(output)`` reads the published files only (never the catalog model): every HTML
page is parsed once with lxml, per-page rules run on it, and the rules that compare pages with
each other (uniqueness per market, hreflang return links, sitemap coverage, feed prices) run
once every page is read. The result is an ``AuditReport`` of ``Finding`` objects, each naming
a rule of ``RULES``, the file (relative to the output folder) and what to fix.

What a page is
    Every ``*.html`` file. Its market is its ``<html lang>`` (titles and descriptions must be
    unique per market); a ``<meta name="robots" content="noindex">`` page is not indexable:
    it is exempt from the uniqueness, canonical and sitemap rules but still checked for broken
    links, images and structured data.
Internal URLs
    Root-relative (``/media/a.jpg``), relative, or absolute on the site's origin; the query and
    fragment are ignored (``/theme/css/store.css?v=1``); ``/a/`` is ``/a/index.html``. The
    site URL is the build's ``SITEURL``, else read from robots.txt's ``Sitemap:`` line or the
    home page's canonical link.
Prices
    The visible ``.price__now`` text is parsed with Babel in the page's ``<html lang>`` locale
    and must equal the JSON-LD offer price, ``product:price:amount`` and the price of the feed
    items (``g:id`` = the SKU, ``link`` = the page) in ``feeds/<market>/merchant.xml`` and
    ``meta.csv`` (the sale price while a dated sale runs). On a page with variants each
    ``<template data-offer-for="SKU">`` is compared with that variant's Offer.

Speed
    Each page is parsed once (lxml's HTML parser, iterating only the elements the rules read);
    from ``PARALLEL_FROM`` pages the pages are read in forked workers while this process reads
    the feeds. 5,000 pages take a few seconds.
Incremental
    With ``cache_dir``, what was read from each page, feed and sitemap is kept with the file's
    stamp (size, mtime, inode: the build hard-links unchanged pages from its page cache, so
    they keep theirs). The next audit reads again only the files whose stamp changed, pages
    that had a broken link to a file now published, and everything when a file was removed,
    the date changed, the site URL changed or this module changed; the rules across pages
    always run on the whole site.

Severities: an error stops the build, so it is kept for what is broken or misleading: a link,
share image or sitemap URL to nothing, prices that disagree (page, JSON-LD, og, feeds), invalid
structured data or GTINs, hreflang mistakes, a missing or wrong canonical, an ended sale still
offered or bannered, a page without <title> or lang. Everything else is advice, a warning
(`storefront audit --strict` fails on them): lengths, duplicate titles and descriptions (a
5,000-product catalog may hold two products of one name; Google shows both), a missing
description, Open Graph or X tags, share-image alt and size, image alt and size, the
recommended Product properties, feed coverage and sitemap completeness.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import posixpath
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from storefront_catalog.settings import DESCRIPTION_WIDTH, TITLE_WIDTH, display_width
from storefront_catalog.validate import gtin_check_digit
from storefront_core.errors import Problem
from storefront_core.files import atomic_open
from storefront_core.forkpool import run_chunks, split, workers_available

from .sitemaps import INDEX_PATH, check_hreflang

ERROR = "error"
WARNING = "warning"
TITLE_MAX = TITLE_WIDTH  # display width: a CJK character counts two (see display_width)
DESCRIPTION_MIN, DESCRIPTION_MAX = DESCRIPTION_WIDTH
X_TITLE_MAX, X_DESCRIPTION_MAX = 70, 200
#: from this many pages the pages are read in forked workers (below, forking costs more)
PARALLEL_FROM = 400
#: bump when what the audit keeps between runs changes shape
MEMO_FORMAT = 1
#: what a `storefront build --date` preview records in its output: the moment it was built for
BUILD_FILE = ".storefront-build.json"
#: where storefront_seo writes the feeds (plugin.FEEDS_DIR), one folder per market
FEED_FILES = ("feeds/*/merchant.xml", "feeds/*/meta.csv")
GOOGLE_NS = "http://base.google.com/ns/1.0"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
X_CARDS = frozenset({"summary", "summary_large_image", "app", "player"})
OG_REQUIRED = ("og:title", "og:type", "og:url", "og:site_name")
GTIN_KEYS = ("gtin", "gtin8", "gtin12", "gtin13", "gtin14")
_IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "blob:", "about:")
#: every character CLDR writes between digit groups or before the decimals: dot, comma, both
#: apostrophes (de-CH went from ’ to ' in CLDR 47), the spaces (no-break, narrow no-break, thin,
#: plain) and the Arabic separators. A page built with one Babel release must still be read by
#: another, so any of them may group digits; only the locale's decimal sign starts decimals.
_SEPARATORS = ".,'\u2019\u00a0\u202f\u2009 \u066b\u066c"
_NUMBER = re.compile(rf"\d(?:[\d{re.escape(_SEPARATORS)}]*\d)?")
_SPACE = re.compile(r"\s+")
_READ_TAGS = ("meta", "link", "title", "script", "img", "a", "source", "iframe", "video",
              "audio", "embed", "track")


@dataclass(frozen=True)
class Rule:
    """One audit rule: its id (what reports and ``--json`` name), severity and what it checks."""

    id: str
    severity: str  # "error" or "warning"
    checks: str


RULES: tuple[Rule, ...] = (
    Rule("html-lang", ERROR, "the page is HTML whose <html lang> names its language"),
    Rule("title", ERROR, "exactly one non-empty <title>"),
    Rule("title-length", WARNING, f"<title> at most {TITLE_MAX} characters wide"),
    Rule("title-duplicate", WARNING, "<title> unique among the indexable pages of a market"),
    Rule("description", WARNING, "exactly one non-empty meta description"),
    Rule("description-length", WARNING,
         f"meta description {DESCRIPTION_MIN}-{DESCRIPTION_MAX} characters wide"),
    Rule("description-duplicate", WARNING, "meta description unique per market"),
    Rule("canonical", ERROR, "exactly one absolute canonical link, pointing to the page itself"),
    Rule("hreflang-code", ERROR, "hreflang values are valid language-region codes, once each"),
    Rule("hreflang-self", ERROR, "the hreflang alternates list the page itself"),
    Rule("hreflang-x-default", ERROR, "the hreflang alternates include x-default"),
    Rule("hreflang-target", ERROR, "every hreflang URL is an indexable page of the site"),
    Rule("hreflang-return", ERROR,
         "every hreflang alternate, x-default included, links back (reciprocity)"),
    Rule("og-required", WARNING, "og:title, og:type, og:url (= canonical), og:site_name; "
         "product pages also product:price:amount and product:price:currency"),
    Rule("og-image", ERROR, "og:image/twitter:image is an absolute URL of a published file"),
    Rule("og-image-tags", WARNING,
         "og:image/twitter:image have an alt, og:image its width and height matching the file"),
    Rule("og-image-missing", WARNING, "the page has an image to share (og:image)"),
    Rule("x-card", WARNING, "twitter:card is a known card type, with a title"),
    Rule("x-card-length", WARNING,
         f"X title at most {X_TITLE_MAX}, description at most {X_DESCRIPTION_MAX} characters"),
    Rule("jsonld-syntax", ERROR, "every application/ld+json script is valid JSON"),
    Rule("product-required", ERROR, "Product/ProductGroup has Google's required properties: "
         "name, image, offers with price, priceCurrency, availability"),
    Rule("product-recommended", WARNING,
         "Product has brand, gtin or mpn, description and sku (Google recommends them)"),
    Rule("gtin-checksum", ERROR, "GTINs (JSON-LD and feeds) have 8, 12, 13 or 14 digits and a "
         "valid check digit"),
    Rule("price-valid-until", ERROR,
         "no priceValidUntil, validThrough or feed sale end in the past"),
    Rule("promo-ended", ERROR, "no promotion banner whose sale has ended (data-promo-end)"),
    Rule("img-alt", WARNING, "every <img> has an alt attribute"),
    Rule("img-size", WARNING, "every <img> has width and height (no layout shift)"),
    Rule("link-broken", ERROR, "every internal href/src (pages and feeds) is a published file"),
    Rule("price-mismatch", ERROR,
         "visible price == JSON-LD offer price == og price == feed price"),
    Rule("feed-missing", WARNING, "every product (variant) on a page has a feed item"),
    Rule("sitemap-missing", WARNING, "the sitemaps list every indexable page"),
    Rule("sitemap-extra", WARNING,
         "the sitemaps list nothing else (no noindex or non-canonical URL, no duplicate)"),
    Rule("sitemap-broken", ERROR, "every sitemap URL (and sitemap-index entry) exists"),
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


@dataclass(frozen=True)
class Finding:
    """One thing a rule found wrong: the file (relative to the output folder) and what to fix."""

    rule: str
    page: str
    message: str

    @property
    def severity(self) -> str:
        return RULES_BY_ID[self.rule].severity

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.message}"


@dataclass
class AuditReport:
    """Everything an audit found in one output folder."""

    output: Path
    site_url: str | None
    pages: int
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    pages_read: int = 0  # pages parsed this time (the others were unchanged since the last audit)
    preview: datetime | None = None  # the preview moment read from BUILD_FILE, when it was used

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def ok(self, *, strict: bool = False) -> bool:
        """True without errors (and, when ``strict``, without warnings)."""
        return not self.errors and not (strict and self.warnings)

    def by_rule(self) -> list[tuple[Rule, list[Finding]]]:
        """The rules that fired with their findings, errors first, in ``RULES`` order."""
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[f.rule].append(f)
        fired = [(r, groups[r.id]) for r in RULES if groups.get(r.id)]
        return sorted(fired, key=lambda item: item[0].severity != ERROR)

    def warning_lines(self, examples: int = 3) -> list[str]:
        """One line per warning rule: its count, what it checks and the first pages."""
        return [rule_line(rule, found, examples)
                for rule, found in self.by_rule() if rule.severity == WARNING]

    def problems(self, prefix: str = "", per_rule: int = 5) -> list[Problem]:
        """The errors as Problems (the first ``per_rule`` of each rule, then a count line)."""
        out: list[Problem] = []
        for rule, found in self.by_rule():
            if rule.severity != ERROR:
                continue
            out += [Problem(prefix + f.page, rule.id, f.message) for f in found[:per_rule]]
            if len(found) > per_rule:
                out.append(Problem("", rule.id, f"... and {len(found) - per_rule} more "
                                   f"({rule.checks}); run `storefront audit` for the full list"))
        return out

    def to_json(self) -> dict[str, Any]:
        """The report as CI reads it: totals, then every rule with its findings."""
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[f.rule].append(f)
        return {
            "output": str(self.output),
            "site_url": self.site_url,
            "pages": self.pages,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "seconds": round(self.seconds, 3),
            "rules": [
                {"id": r.id, "severity": r.severity, "checks": r.checks,
                 "count": len(groups.get(r.id, [])),
                 "findings": [{"page": f.page, "message": f.message}
                              for f in groups.get(r.id, [])]}
                for r in RULES
            ],
        }

    def write_json(self, path: Path) -> None:
        """Write ``to_json()`` to ``path`` (UTF-8, indented)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


def rule_line(rule: Rule, found: Sequence[Finding], examples: int = 3) -> str:
    """One line for a rule: how many files fail it, what it checks, the first files.

    >>> rule = RULES_BY_ID["title-length"]
    >>> rule_line(rule, [Finding(rule.id, f"p{i}.html", "long") for i in range(5)], 2)
    'title-length: 5 files: <title> at most 60 characters wide; e.g. p0.html, p1.html (+3 more)'
    """
    pages = list(dict.fromkeys(f.page for f in found))
    shown = ", ".join(pages[:examples])
    more = f" (+{len(pages) - examples} more)" if len(pages) > examples else ""
    files = f"{len(pages)} file{'' if len(pages) == 1 else 's'}"
    count = files if len(found) == len(pages) else f"{len(found)} findings on {files}"
    return f"{rule.id}: {count}: {rule.checks}; e.g. {shown}{more}"


# --- reading -----------------------------------------------------------------------------------


@dataclass
class _Offer:
    """One JSON-LD offer of a product page: a Product's, or one variant's of a ProductGroup."""

    sku: str | None
    label: str  # how messages name it: 'Product "VT-1"', 'variant "VT-1-BLK"'
    price: Decimal | None
    currency: str | None


@dataclass
class _Page:
    """What the rules across pages need to know about one page."""

    path: str  # relative to the output folder, "de-de/products/pen/index.html"
    url: str
    lang: str = ""
    noindex: bool = False
    title: str | None = None
    description: str | None = None
    canonical: str | None = None  # the one absolute canonical, else None
    hreflang: list[tuple[str, str]] = field(default_factory=list)
    offers: list[_Offer] = field(default_factory=list)
    is_product: bool = False


@dataclass
class _FeedItem:
    """One item of a shopping feed, with the price a shopper pays now."""

    file: str
    id: str
    link: str
    price: tuple[Decimal, str] | None
    sale: tuple[Decimal, str] | None
    sale_window: tuple[datetime, datetime] | None


def _wide(width: int, text: str) -> str:
    """ "62 characters", or for text with wide (CJK) characters "31 characters, 62 wide"."""
    chars = len(text)
    return f"{chars} characters" if chars == width else f"{chars} characters, {width} wide"


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _tokens(value: str | None) -> set[str]:
    return set((value or "").lower().split())


def _amount(value: Any) -> Decimal | None:
    """A JSON-LD or feed number as a Decimal; None when it is not one.

    >>> _amount("29.90"), _amount(4480), _amount("abc")
    (Decimal('29.90'), Decimal('4480'), None)
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def parse_feed_price(text: str | None) -> tuple[Decimal, str] | None:
    """``"29.99 USD"`` as (amount, currency); None when it is not a feed price.

    >>> parse_feed_price("4480 JPY")
    (Decimal('4480'), 'JPY')
    >>> parse_feed_price("29,99 EUR") is None
    True
    """
    parts = (text or "").split()
    if len(parts) != 2 or not re.fullmatch("[A-Z]{3}", parts[1]):
        return None
    amount = _amount(parts[0])
    return (amount, parts[1]) if amount is not None else None


@lru_cache(maxsize=64)
def _babel_locale(lang: str) -> Any:
    from babel import Locale, UnknownLocaleError

    for candidate in (lang.replace("-", "_"), lang.split("-")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def parse_shown_price(text: str, lang: str) -> Decimal | None:
    """The amount in a price as shoppers of ``lang`` read it, or None.

    The locale (Babel) says which sign starts the decimals; every other separator between
    digits groups them, whichever grouping this or an older CLDR release writes.

    >>> parse_shown_price("1.100,00\\xa0€", "de-DE"), parse_shown_price("￥4,480", "ja-JP")
    (Decimal('1100.00'), Decimal('4480'))
    >>> parse_shown_price("\\u200f١٬١٠٠٫٠٠\\xa0ر.س.\\u200f", "ar-SA")
    Decimal('1100.00')
    >>> [parse_shown_price(f"CHF\\xa01{group}299.50", "de-CH") for group in "’'"]
    [Decimal('1299.50'), Decimal('1299.50')]
    """
    # other scripts' digits (Arabic-Indic, Devanagari...) as ASCII, separators kept
    chars = [str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c
             for c in text]
    match = _NUMBER.search("".join(chars))
    if not match:
        return None
    number = match.group(0)
    cut = max(number.rfind(sep) for sep in _SEPARATORS)  # the last separator, -1 for none
    whole, decimals = number, ""
    if cut >= 0 and number[cut] in _decimal_signs(lang):
        whole, decimals = number[:cut], number[cut + 1:]
    digits = "".join(c for c in whole if c.isdigit())
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


@lru_cache(maxsize=64)
def _decimal_signs(lang: str) -> frozenset[str]:
    """The decimal signs of ``lang`` in Latin digits and in its own (Arabic: "." and "٫")."""
    from babel.numbers import get_decimal_symbol

    locale = _babel_locale(lang)
    signs = set()
    for system in ("latn", "default"):
        try:
            signs.add(get_decimal_symbol(locale, numbering_system=system))
        except (KeyError, ValueError):
            continue
    return frozenset(signs or {"."})


def _types(node: Mapping[str, Any]) -> set[str]:
    value = node.get("@type")
    items = value if isinstance(value, list) else [value]
    return {str(t).rsplit("/", 1)[-1] for t in items if t}


#: JSON-LD properties that hold neither products nor price validity: not walked into (the
#: store's shipping services repeat on every product page and would dominate the audit time)
_SKIP_KEYS = frozenset({
    "hasShippingService", "shippingDetails", "hasMerchantReturnPolicy", "contactPoint",
    "aggregateRating", "review", "brand", "image", "sameAs", "logo",
    "additionalProperty", "eligibleQuantity", "address",
})


def _walk(obj: Any, products: list[dict[str, Any]], dated: list[dict[str, Any]],
          in_variant: bool = False) -> None:
    """Collect the top-level Product/ProductGroup nodes (not their variants) and every node
    carrying a price validity (offers, price specifications) of a JSON-LD document."""
    if isinstance(obj, list):
        for item in obj:
            _walk(item, products, dated, in_variant)
        return
    if not isinstance(obj, dict):
        return
    if not in_variant and _types(obj) & {"Product", "ProductGroup"}:
        products.append(obj)
    if "priceValidUntil" in obj or "validThrough" in obj:
        dated.append(obj)
    for key, value in obj.items():
        if isinstance(value, dict | list) and key not in _SKIP_KEYS:
            _walk(value, products, dated, in_variant or key == "hasVariant")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _spec_price(offer: Mapping[str, Any]) -> Any:
    """The price of an Offer's own ``priceSpecification`` (not a strikethrough one), if any."""
    for spec in _as_list(offer.get("priceSpecification")):
        if isinstance(spec, dict) and "StrikethroughPrice" not in str(spec.get("priceType")):
            return spec.get("price")
    return None


def _has_image(node: Mapping[str, Any]) -> bool:
    for image in _as_list(node.get("image")):
        if isinstance(image, str) and image.strip():
            return True
        if isinstance(image, dict) and (image.get("url") or image.get("contentUrl")):
            return True
    return False


def _has_text(node: Mapping[str, Any], key: str) -> bool:
    value = node.get(key)
    if isinstance(value, dict):
        return bool(value.get("name") or value.get("@id"))
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def gtin_problem(value: Any, key: str = "gtin") -> str | None:
    """Why ``value`` is not a valid GTIN for property ``key``, or None.

    >>> gtin_problem("4006381333931") is None
    True
    >>> gtin_problem("4006381333932", "gtin13")
    'gtin13 "4006381333932": the check digit should be 1, not 2'
    >>> gtin_problem("12345", "gtin8")
    'gtin8 "12345": has 5 digits; a gtin8 has 8'
    """
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        return f'{key} "{text}": digits only (no spaces, dashes or letters)'
    want = {"gtin8": (8,), "gtin12": (12,), "gtin13": (13,), "gtin14": (14,)}.get(
        key, (8, 12, 13, 14))
    if len(text) not in want:
        lengths = " or ".join(str(n) for n in want)
        return f'{key} "{text}": has {len(text)} digits; a {key} has {lengths}'
    check = gtin_check_digit(text[:-1])
    if check != int(text[-1]):
        return f'{key} "{text}": the check digit should be {check}, not {text[-1]}'
    return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _feed_datetime(text: str) -> datetime | None:
    """A Merchant Center date ("2025-11-28T09:30-0800", or a plain date) with a time zone."""
    text = text.strip()
    for fmt in ("%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sale_window(text: str | None) -> tuple[datetime, datetime] | None:
    if not text or "/" not in text:
        return None
    start, end = (_feed_datetime(t) for t in text.split("/", 1))
    return (start, end) if start and end else None


def _file_url_path(rel: str) -> str:
    """The URL path of an output file: ``a/index.html`` is ``a/``."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def write_build_moment(output: Path, moment: datetime) -> None:
    """Record in ``output`` the moment a preview build shows (``BUILD_FILE``)."""
    text = json.dumps({"date": moment.isoformat()}, indent=2) + "\n"
    (output / BUILD_FILE).write_text(text, encoding="utf-8")


def build_moment(output: Path) -> datetime | None:
    """The moment a preview build in ``output`` was built for, or None (not a preview).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> build_moment(folder) is None
    True
    >>> write_build_moment(folder, datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    >>> build_moment(folder).isoformat()
    '2026-11-27T12:00:00+00:00'
    """
    try:
        data = json.loads((output / BUILD_FILE).read_text(encoding="utf-8"))
        moment = datetime.fromisoformat(str(data["date"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no preview (or a damaged file: judge as of now)
    return moment if moment.tzinfo is not None else None


def infer_site_url(output: Path) -> str | None:
    """The site's base URL, read from robots.txt's Sitemap line or the home page's canonical."""
    robots = output / "robots.txt"
    if robots.is_file():
        for line in robots.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and "://" in value:
                return value.strip().rsplit("/", 1)[0] + "/"
    home = output / "index.html"
    if home.is_file():
        doc = etree.fromstring(home.read_bytes(), etree.HTMLParser())
        for link in doc.iter("link") if doc is not None else ():
            if "canonical" in _tokens(link.get("rel")) and "://" in (link.get("href") or ""):
                return str(link.get("href"))
    return None


# --- what earlier audits read --------------------------------------------------------------------

Stamp = tuple[int, int, int]


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class _Memo:
    """What earlier audits read from each file, by the file's stamp; see "Incremental"."""

    def __init__(self, folder: Path | None, env: str, files: set[str]) -> None:
        self.path = folder / f"audit.v{MEMO_FORMAT}.pickle" if folder is not None else None
        self.env = env
        self.files = files
        self.old: dict[tuple[str, str], tuple[Stamp, Any, frozenset[str]]] = {}
        self.new: dict[tuple[str, str], tuple[Stamp, Any, frozenset[str]]] = {}
        if self.path is None or not self.path.is_file():
            return
        try:
            with self.path.open("rb") as fh:
                env_was, files_was, old = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return  # a damaged memo is only a slower audit
        if env_was == env and not (files_was - files):  # a removed file may break any link
            self.old = old

    def get(self, kind: str, rel: str, stamp: Stamp | None) -> Any | None:
        """The value kept for ``rel`` when its stamp is unchanged and no target it missed has
        been published since; None when it must be read again."""
        entry = self.old.get((kind, rel))
        if entry is None or stamp is None or entry[0] != stamp:
            return None
        if entry[2] and not entry[2].isdisjoint(self.files):
            return None
        self.new[(kind, rel)] = entry
        return entry[1]

    def put(self, kind: str, rel: str, stamp: Stamp | None, value: Any,
            missing: Iterable[str] = ()) -> None:
        if stamp is not None:
            self.new[(kind, rel)] = (stamp, value, frozenset(missing))

    def save(self) -> None:
        if self.path is None or self.new == self.old:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(self.path) as fh:
            pickle.dump((self.env, self.files, self.new), fh, protocol=pickle.HIGHEST_PROTOCOL)


# --- the crawl ---------------------------------------------------------------------------------


class _Audit:
    """One audit run: the file list, the pages read so far and the findings."""

    def __init__(self, output: Path, site_url: str | None, now: datetime) -> None:
        self.output = output
        base = (site_url or "https://site.invalid/").rstrip("/") + "/"
        parts = urlsplit(base)
        self.base = base
        self.origin = (parts.scheme.lower(), parts.netloc.lower())
        self.base_path = parts.path or "/"
        self.now = now
        self.today = now.date()
        self.files: set[str] = set()
        self.pages: dict[str, _Page] = {}
        self.findings: list[Finding] = []
        self._targets: dict[str, str | None] = {}
        self._fine: set[str] = set()
        self._sizes: dict[str, tuple[int, int] | None] = {}
        self._feed: dict[str, list[_FeedItem]] = defaultdict(list)  # page path -> items
        self.feeds_found = False
        self.missing: set[str] = set()  # link targets found missing by the file being read
        self.memo = _Memo(None, "", set())
        self.parser = etree.HTMLParser()
        self.find_prices = etree.XPath('//*[contains(@class, "price__now")]')
        self.find_banners = etree.XPath("//*[@data-promo-end]")

    def add(self, rule: str, page: str, message: str) -> None:
        self.findings.append(Finding(rule, page, message))

    # -- URLs --
    def local(self, url: str, page_url: str | None = None) -> str | None:
        """The output file an internal URL names (maybe missing), or None when external."""
        url = url.strip()
        if not url or url.startswith("#") or url.lower().startswith(_IGNORED_SCHEMES):
            return None
        rooted = url.startswith("/") or "://" in url
        key = url if rooted or page_url is None else f"{page_url}\0{url}"
        if key in self._targets:
            return self._targets[key]
        target: str | None = None
        # the common case without urllib: "https://site/a/b/" or "/a/b/", nothing to decode
        prefix = self.base if url.startswith(self.base) else (
            self.base_path if url.startswith(self.base_path) and not url.startswith("//")
            else None)
        if prefix is not None:
            rest = url[len(prefix):].partition("#")[0].partition("?")[0]
            if "%" not in rest and "/." not in "/" + rest and "//" not in rest:
                target = rest + "index.html" if rest == "" or rest.endswith("/") else rest
                self._targets[key] = target
                return target
        parts = urlsplit(urljoin(page_url or self.base, url))
        if parts.scheme in ("http", "https") and parts.netloc.lower() == self.origin[1]:
            path = posixpath.normpath(unquote(parts.path)) if parts.path else "/"
            if parts.path.endswith("/") and not path.endswith("/"):
                path += "/"
            if path.startswith(self.base_path) or path + "/" == self.base_path:
                rel = path[len(self.base_path):]
                target = rel + "index.html" if rel == "" or rel.endswith("/") else rel
            else:
                target = "\0outside:" + path  # on the origin, outside the site: never a file
        self._targets[key] = target
        return target

    def existing(self, target: str) -> str | None:
        """The published file for a target (``a`` also finds ``a/index.html``), or None."""
        if target in self.files:
            return target
        if f"{target}/index.html" in self.files:
            return f"{target}/index.html"
        return None

    def check_link(self, page: str, url: str, page_url: str | None, what: str) -> None:
        if url in self._fine:  # every page links the same theme files, menus and photos
            return
        target = self.local(url, page_url)
        if target is None or self.existing(target) is not None:
            if url.startswith(("/", "#")) or "://" in url or target is None:
                self._fine.add(url)  # does not depend on the page it is on
            return
        self.missing.add(target)
        self.add("link-broken", page, f'{what} "{url}" is not a published file; fix the '
                 "link or publish the file it names")

    def image_size(self, rel: str) -> tuple[int, int] | None:
        if rel not in self._sizes:
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(self.output / rel) as img:
                    self._sizes[rel] = img.size
            except (OSError, UnidentifiedImageError):
                self._sizes[rel] = None
        return self._sizes[rel]

    # -- pages --
    def read_page(self, rel: str) -> None:
        """Parse one page once: run its own rules, keep what the rules across pages need."""
        url = self.base + _file_url_path(rel)
        page = _Page(rel, url)
        self.pages[rel] = page
        try:
            data = (self.output / rel).read_bytes()
            doc = etree.fromstring(data, self.parser)
        except (etree.LxmlError, ValueError):
            self.add("html-lang", rel, "the page cannot be read as HTML; rebuild it")
            return
        if doc is None:
            self.add("html-lang", rel, "the page is empty; rebuild the site")
            return
        titles: list[str] = []
        descriptions: list[str] = []
        canonicals: list[str] = []
        meta: dict[str, str] = {}
        scripts: list[str] = []
        page.lang = (doc.get("lang") or "").strip() if doc.tag == "html" else ""
        # only the elements the rules read: iterating in C is what keeps 5,000 pages fast
        for el in doc.iter(*_READ_TAGS):
            tag = el.tag
            if tag == "meta":
                key = el.get("property") or el.get("name")
                if not key:
                    continue
                key = key.strip().lower()
                content = el.get("content") or ""
                if key == "description":
                    descriptions.append(content)
                elif key in ("robots", "googlebot") and _tokens(content.replace(",", " ")) & {
                        "noindex", "none"}:
                    page.noindex = True
                meta.setdefault(key, content)
            elif tag == "a":
                href = el.get("href")
                if href:
                    self.check_link(rel, href, url, "<a href>")
            elif tag == "img":
                self.check_img(rel, el, url)
            elif tag == "link":
                rel_tokens = _tokens(el.get("rel"))
                href = el.get("href") or ""
                if "canonical" in rel_tokens:
                    canonicals.append(href)
                elif "alternate" in rel_tokens and el.get("hreflang") is not None:
                    page.hreflang.append((el.get("hreflang") or "", href))
                elif href:
                    self.check_link(rel, href, url, "<link href>")
            elif tag == "title":
                parent = el.getparent()
                if parent is not None and parent.tag == "head":  # not an SVG <title>
                    titles.append("".join(el.itertext()))
            elif tag == "script":
                if (el.get("type") or "").strip().lower() == "application/ld+json":
                    scripts.append(el.text or "")
                elif el.get("src"):
                    self.check_link(rel, el.get("src") or "", url, "<script src>")
            else:
                for attr in ("src", "poster"):
                    if el.get(attr):
                        self.check_link(rel, el.get(attr) or "", url, f"<{tag} {attr}>")
                if el.get("srcset"):
                    self.check_srcset(rel, el.get("srcset") or "", url, tag)
        shown: dict[str | None, str] = {}  # None: the headline price; else per variant SKU
        for el in self.find_prices(doc) if b"price__now" in data else ():
            if "price__now" not in (el.get("class") or "").split():
                continue
            sku = None
            for ancestor in el.iterancestors("template"):
                sku = ancestor.get("data-offer-for")
                break
            shown.setdefault(sku, "".join(el.itertext()))
        if b"data-promo-end" in data:
            self.check_banners(rel, doc)
        self.check_head(page, titles, descriptions, canonicals)
        self.check_social(page, meta)
        products = self.check_jsonld(page, scripts)
        page.is_product = bool(products) or meta.get("og:type") == "product" or bool(shown)
        self.check_products(page, products, shown, meta)

    def check_banners(self, rel: str, doc: Any) -> None:
        """A published sale banner must not outlive its sale (JavaScript hides it, but the
        prices under it are the sale's until the site is rebuilt)."""
        for el in self.find_banners(doc):
            text = (el.get("data-promo-end") or "").strip()
            try:
                end = datetime.fromisoformat(text)
            except ValueError:
                end = None
            if end is None or end.tzinfo is None:
                self.add("promo-ended", rel, f'data-promo-end="{text}" is not an ISO 8601 moment '
                         "with an offset; rebuild with the promotions plugin")
            elif end <= self.now:
                self.add("promo-ended", rel, f"the {el.get('data-promo') or 'promotion'} banner's "
                         f"sale ended {end.isoformat()}; rebuild the site now (`storefront "
                         "schedule` lists the moments a rebuild is due)")

    def check_img(self, rel: str, el: Any, page_url: str) -> None:
        src = el.get("src") or ""
        name = f'<img src="{src}">' if src else "<img> without src"
        if el.get("alt") is None:
            self.add("img-alt", rel, f'{name} has no alt attribute; describe the photo (its '
                     'alt text in the product\'s images list) or write alt="" if decorative')
        missing = [a for a in ("width", "height") if not (el.get(a) or "").strip()]
        if missing:
            self.add("img-size", rel, f"{name} has no {' or '.join(missing)}; give the "
                     "image's pixel size so the page does not shift while it loads")
        if src:
            self.check_link(rel, src, page_url, "<img src>")
        if el.get("srcset"):
            self.check_srcset(rel, el.get("srcset") or "", page_url, "img")

    def check_srcset(self, rel: str, srcset: str, page_url: str, tag: str) -> None:
        for candidate in srcset.split(","):
            bits = candidate.split()
            if bits:
                self.check_link(rel, bits[0], page_url, f"<{tag} srcset>")

    def check_head(self, page: _Page, titles: list[str], descriptions: list[str],
                   canonicals: list[str]) -> None:
        rel = page.path
        if not page.lang:
            self.add("html-lang", rel, "<html> has no lang attribute; the theme's base.html "
                     'must write the market\'s language, e.g. <html lang="de-DE">')
        title = _norm(titles[0]) if titles else ""
        if len(titles) != 1 or not title:
            what = "no <title>" if not titles else (
                f"{len(titles)} <title> elements" if len(titles) > 1 else "an empty <title>")
            self.add("title", rel, f"the page has {what}; give it exactly one with its "
                     "name (seo: {title: ...} in its front matter, or STORE_TITLES)")
        page.title = title or None
        description = _norm(descriptions[0]) if descriptions else ""
        if len(descriptions) != 1 or not description:
            what = "no meta description" if not descriptions else (
                f"{len(descriptions)} meta descriptions" if len(descriptions) > 1
                else "an empty meta description")
            self.add("description", rel, f"the page has {what}; give it one (a summary, or "
                     "seo: {description: ...} in its front matter)")
        page.description = description or None
        if page.noindex:
            return
        if title and (width := display_width(title)) > TITLE_MAX:
            self.add("title-length", rel, f'<title> "{title}" is {_wide(width, title)}, over '
                     f"{TITLE_MAX}: search results cut it; shorten it with seo: "
                     "{title: ...} in the front matter (or STORE_TITLES)")
        if description and not DESCRIPTION_MIN <= (width := display_width(description)
                                                   ) <= DESCRIPTION_MAX:
            side = "under" if width < DESCRIPTION_MIN else "over"
            limit = DESCRIPTION_MIN if side == "under" else DESCRIPTION_MAX
            self.add("description-length", rel, f"meta description is "
                     f"{_wide(width, description)}, {side} {limit}; write "
                     f"{DESCRIPTION_MIN}-{DESCRIPTION_MAX} (seo: {{description: ...}} in the "
                     "front matter)")
        self.check_canonical(page, canonicals)
        self.check_hreflang_here(page)

    def check_canonical(self, page: _Page, canonicals: list[str]) -> None:
        rel = page.path
        if len(canonicals) != 1:
            what = "no canonical link" if not canonicals else f"{len(canonicals)} canonical links"
            self.add("canonical", rel, f'the page has {what}; it needs exactly one <link '
                     f'rel="canonical" href="{page.url}">')
            return
        href = canonicals[0].strip()
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.add("canonical", rel, f'canonical "{href}" is not an absolute URL; write '
                     f'"{page.url}" (set SITEURL to the site\'s https:// address)')
            return
        target = self.local(href)
        found = self.existing(target) if target else None
        if found is None and target:
            self.missing.add(target)
        if found != rel:
            self.add("canonical", rel, f'canonical "{href}" does not point to this page; it '
                     f'should be "{page.url}"')
            return
        page.canonical = href

    def check_hreflang_here(self, page: _Page) -> None:
        """The checks one page allows: codes, self reference, x-default."""
        if not page.hreflang:
            return
        rel = page.path
        seen: dict[str, str] = {}
        for code, href in page.hreflang:
            problem = check_hreflang(code)
            if problem:
                self.add("hreflang-code", rel, f"hreflang {problem}; use the market's "
                         "language-REGION code")
            elif code.lower() in seen and seen[code.lower()] != href:
                self.add("hreflang-code", rel, f'hreflang "{code}" is listed twice ('
                         f'{seen[code.lower()]} and {href}); keep one URL per code')
            seen.setdefault(code.lower(), href)
        self_path = page.path
        if not any(self.existing(self.local(h) or "") == self_path for _c, h in page.hreflang):
            self.add("hreflang-self", rel, "the hreflang alternates do not list this page; add "
                     f'<link rel="alternate" hreflang="{page.lang or "..."}" href="{page.url}">')
        if "x-default" not in seen:
            self.add("hreflang-x-default", rel, "the hreflang alternates have no x-default; "
                     "add one pointing to this page in the default market (the market "
                     "chooser, on home pages)")

    def check_social(self, page: _Page, meta: Mapping[str, str]) -> None:
        rel = page.path
        missing = [k for k in OG_REQUIRED if not meta.get(k, "").strip()]
        if meta.get("og:type") == "product":
            missing += [k for k in ("product:price:amount", "product:price:currency")
                        if not meta.get(k, "").strip()]
        if missing:
            self.add("og-required", rel, f"Open Graph tags missing: {', '.join(missing)}; "
                     "partials/social_meta.html writes them")
        og_url = meta.get("og:url", "").strip()
        if og_url and not page.noindex and og_url != page.url and (
                self.existing(self.local(og_url) or "") != page.path):
            self.add("og-required", rel, f'og:url "{og_url}" is not this page\'s URL '
                     f'"{page.url}"; write the canonical URL')
        images = [(k, meta[k].strip()) for k in ("og:image", "twitter:image")
                  if meta.get(k, "").strip()]
        if not any(k == "og:image" for k, _ in images):
            if not page.noindex:
                self.add("og-image-missing", rel, "no og:image: shared links show no picture; "
                         "give the page a photo (a product, a category with products)")
        for key, src in images:
            self.check_share_image(rel, key, src, meta)
        card = meta.get("twitter:card", "").strip()
        if card not in X_CARDS:
            what = f'twitter:card "{card}" is not a card type' if card else "no twitter:card"
            self.add("x-card", rel, f"{what}; write summary_large_image")
        x_title = meta.get("twitter:title") or meta.get("og:title") or ""
        if not x_title.strip():
            self.add("x-card", rel, "no twitter:title (nor og:title) for the X card; "
                     "partials/social_meta.html writes it from the page title")
        if len(x_title.strip()) > X_TITLE_MAX:
            self.add("x-card-length", rel, f"X card title has {len(x_title.strip())} "
                     f"characters, over {X_TITLE_MAX}; shorten the page title")
        x_desc = (meta.get("twitter:description") or meta.get("og:description") or "").strip()
        if len(x_desc) > X_DESCRIPTION_MAX:
            self.add("x-card-length", rel, f"X card description has {len(x_desc)} characters, "
                     f"over {X_DESCRIPTION_MAX}; shorten the meta description")

    def check_share_image(self, rel: str, key: str, src: str, meta: Mapping[str, str]) -> None:
        parts = urlsplit(src)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.add("og-image", rel, f'{key} "{src}" is not an absolute URL; social networks '
                     "need https://...")
            return
        alt_key = f"{key}:alt"
        if not (meta.get(alt_key) or "").strip():
            self.add("og-image-tags", rel, f"{key} has no {alt_key}; describe the picture (the "
                     "photo's alt text)")
        target = self.local(src)
        if target is None:
            return  # another site's picture: nothing to measure
        found = self.existing(target)
        if found is None:
            self.missing.add(target)
            self.add("og-image", rel, f'{key} "{src}" is not a published file; point it to '
                     "a photo the build publishes")
            return
        if key != "og:image":
            return
        width, height = (meta.get("og:image:width") or "").strip(), (
            meta.get("og:image:height") or "").strip()
        if not (width.isdigit() and height.isdigit()):
            self.add("og-image-tags", rel, "og:image needs og:image:width and og:image:height "
                     "(whole pixels) so the first share shows the picture")
            return
        size = self.image_size(found)
        if size is not None and size != (int(width), int(height)):
            self.add("og-image-tags", rel, f"og:image:width/height say {width}x{height} but "
                     f"{found} is {size[0]}x{size[1]}; write the file's size")

    def check_jsonld(self, page: _Page, scripts: list[str]) -> list[dict[str, Any]]:
        products: list[dict[str, Any]] = []
        for i, text in enumerate(scripts, 1):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                self.add("jsonld-syntax", page.path, f"JSON-LD script {i} is not valid JSON "
                         f"(line {exc.lineno}, column {exc.colno}); crawlers ignore all of it: "
                         "rebuild, and check any theme template that writes ld+json itself")
                continue
            dated: list[dict[str, Any]] = []
            _walk(data, products, dated)
            for node in dated:
                for key in ("priceValidUntil", "validThrough"):
                    if key not in node:
                        continue
                    when = _date(node[key])
                    if when is None:
                        self.add("price-valid-until", page.path, f'{key} "{node[key]}" is not '
                                 "an ISO 8601 date (YYYY-MM-DD)")
                    elif when < self.today:
                        self.add("price-valid-until", page.path, f"{key} {node[key]} is in "
                                 f"the past (today is {self.today}); Google drops the offer: "
                                 "rebuild, or end the sale in the product's front matter")
        return products

    def check_products(self, page: _Page, products: list[dict[str, Any]],
                       shown: Mapping[str | None, str], meta: Mapping[str, str]) -> None:
        rel = page.path
        if page.is_product and not products:
            self.add("product-required", rel, "a product page (it shows a price or has "
                     "og:type product) without Product JSON-LD; the storefront_seo plugin "
                     "writes it (is it in PLUGINS, and does the theme's <head> include "
                     "partials/head_meta.html?)")
        for node in products:
            name = str(node.get("name") or node.get("sku") or "Product")
            if "ProductGroup" in _types(node):
                variants = [v for v in _as_list(node.get("hasVariant")) if isinstance(v, dict)]
                if not _has_text(node, "name"):
                    self.add("product-required", rel, "ProductGroup has no name; give the "
                             "product a title")
                if not variants:
                    self.add("product-required", rel, f'ProductGroup "{name}" has no '
                             "hasVariant products; give its variants a price in this market")
                for variant in variants:
                    page.offers.append(self.check_product(rel, variant, node))
            else:
                page.offers.append(self.check_product(rel, node, None))
        self.check_shown_prices(page, products, shown, meta)

    def check_product(self, rel: str, node: Mapping[str, Any],
                      group: Mapping[str, Any] | None) -> _Offer:
        """Google's required and recommended properties of one Product (a variant inherits
        its group's brand, description and image) and its GTINs; returns its offer."""
        sku = str(node["sku"]).strip() if node.get("sku") else None
        kind = "variant" if group is not None else "Product"
        label = f'{kind} "{sku or node.get("name") or "?"}"'
        missing = []
        if not _has_text(node, "name"):
            missing.append("name")
        if not _has_image(node) and not (group is not None and _has_image(group)):
            missing.append("image")
        offers = [o for o in _as_list(node.get("offers")) if isinstance(o, dict)]
        price = currency = None
        if not offers:
            missing.append("offers")
        else:
            offer = offers[0]
            raw = offer.get("price", offer.get("lowPrice", _spec_price(offer)))
            price = _amount(raw)
            currency = str(offer.get("priceCurrency") or "").strip() or None
            if raw is None:
                missing.append("offers.price")
            elif price is None or price <= 0:
                self.add("product-required", rel, f'{label}: offers.price "{raw}" is not a '
                         "number above 0 (write it with a dot: \"29.99\")")
            if currency is None:
                missing.append("offers.priceCurrency")
            elif not re.fullmatch("[A-Z]{3}", currency):
                self.add("product-required", rel, f'{label}: priceCurrency "{currency}" is not '
                         "an ISO 4217 code such as EUR")
            if not offer.get("availability"):
                missing.append("offers.availability")
        if missing:
            self.add("product-required", rel, f"{label} lacks {', '.join(missing)}, which "
                     "Google requires for product results; complete the product's front "
                     "matter (title, images, price)")
        inherited = dict(group or {})
        inherited.update({k: v for k, v in node.items() if v})
        recommended = [k for k in ("brand", "description", "sku") if not _has_text(inherited, k)]
        ids = [k for k in (*GTIN_KEYS, "mpn") if inherited.get(k)]
        if not ids:
            recommended.insert(1, "gtin or mpn")
        if recommended:
            self.add("product-recommended", rel, f"{label} lacks {', '.join(recommended)}, "
                     "which Google recommends; add them to the product's front matter")
        for key in GTIN_KEYS:
            if node.get(key):
                problem = gtin_problem(node[key], key)
                if problem:
                    self.add("gtin-checksum", rel, f"{label}: {problem}; copy the barcode "
                             "number again (gtin: in the front matter)")
        return _Offer(sku, label, price if price and price > 0 else None, currency)

    def check_shown_prices(self, page: _Page, products: list[dict[str, Any]],
                           shown: Mapping[str | None, str], meta: Mapping[str, str]) -> None:
        """The visible price and og price against the JSON-LD offers."""
        rel = page.path
        if not page.offers:
            return
        lang = page.lang or "en"
        priced = [o for o in page.offers if o.price is not None]
        headline = shown.get(None)
        grouped = any("ProductGroup" in _types(p) for p in products)
        if headline is None and priced:
            self.add("price-mismatch", rel, "the page shows no price (.price__now) while its "
                     "JSON-LD offers one; the buy box must show the offer's price")
            return
        headline_amount = parse_shown_price(headline, lang) if headline is not None else None
        if headline is not None and headline_amount is None:
            self.add("price-mismatch", rel, f'the shown price "{_norm(headline)}" cannot be '
                     f"read as a price in {lang}; show prices with the |money filter, as "
                     "partials/price.html does")
        if not grouped:
            for offer in priced[:1]:
                if headline_amount is not None and headline_amount != offer.price:
                    self.add("price-mismatch", rel, f'the page shows "{_norm(headline)}" '
                             f"({headline_amount}) but the JSON-LD {offer.label} offers "
                             f"{offer.price} {offer.currency}; shoppers and Google would see "
                             "different prices: rebuild (a hand-edited page, or a theme "
                             "template that computes the price itself?)")
                self._check_currency(rel, headline or "", offer, lang)
        else:
            if headline_amount is not None and priced and headline_amount not in {
                    o.price for o in priced}:
                self.add("price-mismatch", rel, f'the page shows "{_norm(headline)}" but no '
                         "JSON-LD variant offers that price; the headline must be the "
                         "preselected variant's")
            for offer in priced:
                text = shown.get(offer.sku) if offer.sku else None
                if text is None:
                    continue
                amount = parse_shown_price(text, lang)
                if amount != offer.price:
                    self.add("price-mismatch", rel, f'the {offer.sku} offer shows '
                             f'"{_norm(text)}" but its JSON-LD offers {offer.price} '
                             f"{offer.currency}; rebuild (a hand-edited page, or a theme "
                             "template that computes the price itself?)")
        og_amount = _amount(meta.get("product:price:amount"))
        og_currency = (meta.get("product:price:currency") or "").strip()
        if og_amount is not None and priced:
            expected = headline_amount if grouped and headline_amount is not None else (
                priced[0].price)
            if og_amount != expected or (og_currency and og_currency != priced[0].currency):
                self.add("price-mismatch", rel, f"product:price:amount says {og_amount} "
                         f"{og_currency} but the page's offer is {expected} "
                         f"{priced[0].currency}; social_meta.html must use the same offer")

    def _check_currency(self, rel: str, text: str, offer: _Offer, lang: str) -> None:
        if not offer.currency or not text:
            return
        from babel.numbers import get_currency_symbol

        symbol = get_currency_symbol(offer.currency, locale=_babel_locale(lang))
        if offer.currency not in text and symbol.strip("\u200f\u200e") not in text:
            self.add("price-mismatch", rel, f'the page shows "{_norm(text)}", not a price in '
                     f"{offer.currency} (the JSON-LD currency); show the offer's price "
                     "in the market's currency")

    # -- across pages --
    def check_uniqueness(self) -> None:
        for attr, rule in (("title", "title-duplicate"), ("description",
                                                          "description-duplicate")):
            seen: dict[tuple[str, str], list[str]] = defaultdict(list)
            for page in self.pages.values():
                value = getattr(page, attr)
                if value and not page.noindex:
                    seen[(page.lang.lower(), value)].append(page.path)
            what = "<title>" if attr == "title" else "meta description"
            fix = ("seo: {title: ...} in the front matter, or STORE_TITLES" if attr == "title"
                   else "seo: {description: ...} in the front matter")
            for (lang, value), paths in seen.items():
                if len(paths) < 2:
                    continue
                for path in paths:
                    others = [p for p in paths if p != path]
                    shown = ", ".join(others[:3]) + (
                        f" (+{len(others) - 3} more)" if len(others) > 3 else "")
                    self.add(rule, path, f'{what} "{value}" is also on {shown} '
                             f"({lang or 'no lang'}); give each page its own ({fix})")

    def check_hreflang_links(self) -> None:
        """Targets exist and are indexable; every alternate, x-default included, links back
        (search engines ignore annotations that are not returned)."""
        listed: dict[str, set[str]] = {}  # page -> the pages it lists (x-default too)
        for page in self.pages.values():
            if page.noindex or not page.hreflang:
                continue
            paths: set[str] = set()
            for code, href in page.hreflang:
                target = self.local(href)
                found = self.existing(target) if target else None
                if "://" not in href:
                    self.add("hreflang-target", page.path, f'hreflang="{code}" href "{href}" is '
                             "not an absolute URL; write it with https:// and the host")
                elif found is None or found not in self.pages:
                    self.add("hreflang-target", page.path, f'hreflang="{code}" points to '
                             f'"{href}", which is not a published page; drop it or publish it')
                elif self.pages[found].noindex:
                    self.add("hreflang-target", page.path, f'hreflang="{code}" points to '
                             f'"{href}", a noindex page; list indexable pages only')
                else:
                    paths.add(found)
            listed[page.path] = paths
        for path, targets in listed.items():
            here = self.pages[path]
            code = next((c for c, h in here.hreflang
                         if self.existing(self.local(h) or "") == path), here.lang)
            for target in sorted(targets - {path}):
                if path not in listed.get(target, set()):
                    self.add("hreflang-return", target, f"the hreflang alternates do not link "
                             f"back to {here.url} ({code}), which lists this page; add "
                             f'<link rel="alternate" hreflang="{code}" href="{here.url}">')

    # -- feeds --
    def read_feeds(self) -> list[Finding]:
        """Index the feed items by the page they link to; return what is wrong in the feeds.

        Runs while forked workers read the pages, so its findings are kept apart.
        """
        saved, self.findings = self.findings, []
        try:
            self._read_feeds()
        finally:
            found, self.findings = self.findings, saved
        return found

    def _read_feeds(self) -> None:
        for pattern in FEED_FILES:
            for path in sorted(self.output.glob(pattern)):
                self.feeds_found = True
                rel = path.relative_to(self.output).as_posix()
                items = self._feed_items(path, rel)
                for item in items:
                    target = self.local(item.link)
                    found = self.existing(target) if target else None
                    if found is not None:
                        self._feed[found].append(item)
                    if item.sale_window and item.sale_window[1] < self.now:
                        self.add("price-valid-until", rel, f"{item.id}: the sale ended "
                                 f"{item.sale_window[1].isoformat()} (sale_price_effective_date);"
                                 " rebuild, or remove the ended sale")

    def _feed_items(self, path: Path, rel: str) -> list[_FeedItem]:
        """The items of one feed, read again only when the file changed."""
        stamp = _stamp(str(path))
        kept = self.memo.get("feed", rel, stamp)
        if kept is not None:
            items, found = kept
            self.findings += found
            return list(items)
        start, self.missing = len(self.findings), set()
        items = (self._merchant_items(path, rel) if path.suffix == ".xml"
                 else self._meta_items(path, rel))
        self.memo.put("feed", rel, stamp, (items, self.findings[start:]), self.missing)
        return items

    def _feed_links(self, rel: str, item_id: str, links: Iterable[str]) -> None:
        for link in links:
            if link:
                self.check_link(rel, link, None, f"{item_id}: link")

    def _merchant_items(self, path: Path, rel: str) -> list[_FeedItem]:
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as exc:
            self.add("price-mismatch", rel, f"the feed is not valid XML (line {exc.lineno}); "
                     "rebuild it")
            return []
        g = f"{{{GOOGLE_NS}}}"
        items = []
        for el in root.iter("item"):
            item_id = (el.findtext(f"{g}id") or "").strip()
            link = (el.findtext("link") or "").strip()
            self._feed_links(rel, item_id, [link, el.findtext(f"{g}image_link") or "",
                             *[e.text or "" for e in el.findall(f"{g}additional_image_link")]])
            gtin = (el.findtext(f"{g}gtin") or "").strip()
            if gtin and (problem := gtin_problem(gtin)):
                self.add("gtin-checksum", rel, f"{item_id}: {problem}; correct gtin: in "
                         "the product's front matter")
            items.append(_FeedItem(
                rel, item_id, link, parse_feed_price(el.findtext(f"{g}price")),
                parse_feed_price(el.findtext(f"{g}sale_price")),
                _sale_window(el.findtext(f"{g}sale_price_effective_date"))))
        return items

    def _meta_items(self, path: Path, rel: str) -> list[_FeedItem]:
        items = []
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                item_id = (row.get("id") or "").strip()
                link = (row.get("link") or "").strip()
                extra = (row.get("additional_image_link") or "").split(",")
                self._feed_links(rel, item_id, [link, row.get("image_link") or "", *extra])
                gtin = (row.get("gtin") or "").strip()
                if gtin and (problem := gtin_problem(gtin)):
                    self.add("gtin-checksum", rel, f"{item_id}: {problem}; correct gtin: in "
                         "the product's front matter")
                items.append(_FeedItem(
                    rel, item_id, link, parse_feed_price(row.get("price")),
                    parse_feed_price(row.get("sale_price")),
                    _sale_window(row.get("sale_price_effective_date"))))
        return items

    def check_feed_prices(self) -> None:
        if not self.feeds_found:
            return
        for page in self.pages.values():
            if not page.is_product:
                continue
            items = self._feed.get(page.path, [])
            for offer in page.offers:
                if offer.price is None:
                    continue
                if offer.sku:
                    matching = [i for i in items if i.id == offer.sku]
                else:
                    matching = [i for i in items if "variant=" not in i.link]
                if not matching:
                    self.add("feed-missing", page.path, f"{offer.label} has no item in the "
                             "shopping feeds (g:id = its SKU, link = this page); give it a "
                             "sku and a price in the market's currency")
                for item in matching:
                    active = item.price
                    if item.sale is not None and (item.sale_window is None or (
                            item.sale_window[0] <= self.now <= item.sale_window[1])):
                        active = item.sale
                    if active != (offer.price, offer.currency):
                        said = f"{active[0]} {active[1]}" if active else "no valid price"
                        self.add("price-mismatch", page.path, f"{item.file} prices {item.id} "
                                 f"at {said} but the page's JSON-LD {offer.label} offers "
                                 f"{offer.price} {offer.currency}; Merchant Center disapproves "
                                 "mismatches: rebuild, so page and feeds are written from the "
                                 "same catalog")

    # -- sitemaps --
    def check_sitemaps(self) -> None:
        index = self.output / INDEX_PATH
        if not index.is_file():
            self.add("sitemap-missing", INDEX_PATH, f"there is no {INDEX_PATH}; the "
                     "storefront_seo plugin writes it (is it in PLUGINS?)")
            return
        listed: dict[str, str] = {}  # page path -> sitemap file
        queue, done = [INDEX_PATH], set()
        while queue:
            rel = queue.pop(0)
            if rel in done:
                continue
            done.add(rel)
            read = self._sitemap_locs(rel)
            if read is None:
                continue
            tag, locs = read
            for loc in locs:
                target = self.local(loc)
                found = self.existing(target) if target else None
                if found is None:
                    self.add("sitemap-broken", rel, f'<loc>{loc}</loc> is not a published '
                             "file on this site; remove it or publish the page")
                elif tag == "sitemapindex":
                    queue.append(found)
                else:
                    self._sitemap_url(rel, loc, found, listed)
        for page in self.pages.values():
            if not page.noindex and page.path not in listed:
                self.add("sitemap-missing", page.path, f"the page ({page.url}) is indexable "
                         "but in no sitemap; it is written from the pages of the build: "
                         "rebuild, or mark the page noindex: true")

    def _sitemap_locs(self, rel: str) -> tuple[str, list[str]] | None:
        """(root element name, every <loc>) of a sitemap file, parsed again only when it
        changed; None (and a finding) when it cannot be read."""
        path = str(self.output / rel)
        stamp = _stamp(path)
        kept = self.memo.get("sitemap", rel, stamp)
        if kept is not None:
            return kept  # type: ignore[no-any-return]
        try:
            root = etree.parse(path).getroot()
        except OSError:
            self.add("sitemap-broken", rel, "the sitemap cannot be read; rebuild")
            return None
        except etree.XMLSyntaxError as exc:
            self.add("sitemap-broken", rel, f"the sitemap is not valid XML (line {exc.lineno}); "
                     "rebuild")
            return None
        locs = [(el.text or "").strip() for el in root.iter(f"{{{SITEMAP_NS}}}loc")]
        read = (etree.QName(root).localname, locs)
        self.memo.put("sitemap", rel, stamp, read)
        return read

    def _sitemap_url(self, rel: str, loc: str, found: str, listed: dict[str, str]) -> None:
        page = self.pages.get(found)
        if page is None:
            self.add("sitemap-extra", rel, f"<loc>{loc}</loc> is {found}, not an HTML page; "
                     "list pages only")
        elif page.noindex:
            self.add("sitemap-extra", rel, f"<loc>{loc}</loc> is a noindex page ({found}); "
                     "list indexable pages only")
        elif page.canonical is not None and unquote(page.canonical) != unquote(loc):
            self.add("sitemap-extra", rel, f"<loc>{loc}</loc> is not the page's canonical "
                     f"URL {page.canonical}; list canonical URLs only")
        elif found in listed:
            self.add("sitemap-extra", rel, f"<loc>{loc}</loc> is listed twice (also in "
                     f"{listed[found]}); list each page once")
        listed.setdefault(found, rel)


def _walk_files(output: Path) -> tuple[set[str], list[str]]:
    """Every file of the output (relative, posix) and the HTML pages among them, sorted."""
    files: set[str] = set()
    pages: list[str] = []
    folders = [("", str(output))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((rel + "/", entry.path))
                else:
                    files.add(rel)
                    if rel.endswith(".html"):
                        pages.append(rel)
    pages.sort()
    return files, pages


PageRead = tuple[_Page, list[Finding], frozenset[str]]  # the page, its findings, missing targets


def _read_pages(audit: _Audit, rels: list[str]) -> list[PageRead]:
    """Read pages (in a forked worker, or here) and return each with its findings."""
    out = []
    for rel in rels:
        start, audit.missing = len(audit.findings), set()
        audit.read_page(rel)
        out.append((audit.pages[rel], audit.findings[start:], frozenset(audit.missing)))
    return out


def audit_site(output: Path, *, site_url: str | None = None, now: datetime | None = None,
               cache_dir: Path | None = None) -> AuditReport:
    """Audit the site built in ``output``; ``site_url`` defaults to what the site says.

    ``now`` (with a time zone) is when offers and sales must still be valid: unless given, the
    moment a `--date` preview was built for (``BUILD_FILE``), else the current time. With
    ``cache_dir`` only what changed since the last audit is read again (see "Incremental").
    """
    started = time.perf_counter()
    output = Path(output)
    site_url = site_url or infer_site_url(output)
    preview = build_moment(output) if now is None else None
    audit = _Audit(output, site_url, now or preview or datetime.now(UTC))
    audit.files, pages = _walk_files(output)
    env = "\0".join([_code_digest(), site_url or "", audit.today.isoformat()])
    audit.memo = memo = _Memo(cache_dir, env, audit.files)
    root = str(output) + os.sep
    stamps = {rel: _stamp(root + rel) for rel in pages}
    kept: dict[str, tuple[_Page, list[Finding]]] = {}
    for rel in pages:
        hit = memo.get("page", rel, stamps[rel])
        if hit is not None:
            kept[rel] = hit
    todo = [rel for rel in pages if rel not in kept]
    chunks = split(todo, workers_available()) if len(todo) >= PARALLEL_FROM else [todo]
    in_feeds: list[list[Finding]] = []
    read = run_chunks(partial(_read_pages, audit), chunks,
                      meanwhile=lambda: in_feeds.append(audit.read_feeds()))
    for chunk in read:
        for page, found, missing in chunk:
            kept[page.path] = (page, found)
            memo.put("page", page.path, stamps[page.path], (page, found), missing)
    audit.pages, audit.findings = {}, []  # the pages again, in order, from every worker
    for rel in pages:
        audit.pages[rel], found = kept[rel]
        audit.findings += found
    audit.findings += in_feeds[0] if in_feeds else audit.read_feeds()
    audit.check_uniqueness()
    audit.check_hreflang_links()
    audit.check_feed_prices()
    if pages:
        audit.check_sitemaps()
    memo.save()
    report = AuditReport(output, site_url, len(pages), audit.findings)
    report.pages_read = len(todo)
    report.preview = preview
    report.seconds = time.perf_counter() - started
    return report
