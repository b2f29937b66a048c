"""Sitemap index, per-market sitemaps (hreflang alternates, product photos) and robots.txt.

Pure functions: entries in, ``{relative output path: bytes}`` or text out. The files follow
sitemaps.org 0.9 with Google's ``xhtml:link`` and ``image:image`` extensions.

Every file sits at the site root (``sitemap.xml``, ``sitemap-de-de.xml``,
``sitemap-de-de-2.xml``...), not in a ``sitemaps/`` folder: a sitemap only covers URLs at or
below its own folder (sitemaps.org "Sitemap file location"; Google: "a sitemap affects only
descendants of the parent directory"), so ``/sitemaps/de-de.xml`` could not list
``/de-de/products/...``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from lxml import etree

from storefront_core.errors import StorefrontError

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
_NSMAP = {None: SITEMAP_NS, "xhtml": XHTML_NS, "image": IMAGE_NS}

#: protocol limits per file (sitemaps.org): URLs, and bytes before compression
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
#: Google reads at most this many ``image:image`` per ``<url>``
MAX_IMAGES_PER_URL = 1_000
#: schema limit on ``<loc>`` (tLoc maxLength)
MAX_URL_LENGTH = 2048
#: the sitemap index, relative to the site root; robots.txt points here
INDEX_PATH = "sitemap.xml"

_MARKET_KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_HREFLANG = re.compile(r"([A-Za-z]{2,3})(?:-([A-Za-z]{4}))?(?:-([A-Za-z]{2}))?")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 3986 reserved and sub-delimiter characters keep their meaning; "%" stays so existing
# escapes are not escaped twice (stray "%" are fixed first).
#: an ASCII http(s) URL of characters ``quote`` keeps as they are: already a URI (fast path)
_PLAIN_URI = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9._~/:@!$&'()*+,;=?#-]*)?")
_SAFE_PATH = "/:@!$&'()*+,;=%"
_SAFE_QUERY = _SAFE_PATH + "?"


@dataclass(frozen=True)
class SitemapEntry:
    """One indexable page: its canonical URL, language alternates, photos and last change.

    ``alternates`` lists (hreflang, absolute URL) for every version, this one and
    ``x-default`` included; ``images`` are absolute photo URLs, main photo first; ``lastmod``
    is the date the content last really changed, or None when unknown (then it is left out).
    Lists are accepted and stored as tuples.
    """

    loc: str
    alternates: Sequence[tuple[str, str]] = ()
    images: Sequence[str] = ()
    lastmod: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "alternates", tuple(tuple(a) for a in self.alternates))
        object.__setattr__(self, "images", tuple(self.images))


class _Url(NamedTuple):
    """A validated entry: URI-encoded URLs in output order."""

    loc: str
    alternates: tuple[tuple[str, str], ...]
    images: tuple[str, ...]
    lastmod: date | None


def to_uri(url: str, what: str = "URL") -> str:
    """An absolute http(s) URL as an RFC 3986 URI: non-ASCII as UTF-8 %XX, host in IDNA.

    Sitemaps must list URIs (sitemaps.org "Entity escaping"); existing escapes are kept.

    >>> to_uri("https://example.com/café?a=1&b=ü")
    'https://example.com/caf%C3%A9?a=1&b=%C3%BC'
    >>> to_uri("https://bücher.example/a%20b c")
    'https://xn--bcher-kva.example/a%20b%20c'
    >>> to_uri("/products/pen/")
    Traceback (most recent call last):
    ...
    ValueError: URL "/products/pen/" is not absolute; give scheme and host, e.g. "https://example.com/products/pen/"
    """
    if isinstance(url, str) and _PLAIN_URI.fullmatch(url) and url.count("#") < 2:
        return url  # nothing to encode: the common case, thousands of times per sitemap
    if not isinstance(url, str) or url != url.strip() or not url:
        raise ValueError(f"{what} {url!r} is empty or has surrounding spaces")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        example = "https://example.com/" + url.lstrip("/") if not parts.scheme else ""
        hint = f', e.g. "{example}"' if example else ""
        raise ValueError(f'{what} "{url}" is not absolute; give scheme and host{hint}')
    netloc = parts.netloc
    if not netloc.isascii():
        if "@" in netloc or parts.hostname is None:
            raise ValueError(f'{what} "{url}": the host cannot be encoded')
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError as err:
            raise ValueError(f'{what} "{url}": the host is not a valid domain name') from err
        netloc = host + (f":{parts.port}" if parts.port else "")

    def enc(text: str, safe: str) -> str:
        return quote(_STRAY_PERCENT.sub("%25", text), safe=safe)

    return urlunsplit((
        parts.scheme,
        netloc,
        enc(parts.path, _SAFE_PATH),
        enc(parts.query, _SAFE_QUERY),
        enc(parts.fragment, _SAFE_QUERY),
    ))


@lru_cache(maxsize=1)
def _iso_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(language codes, ISO 3166-1 alpha-2 region codes) known to CLDR, via Babel."""
    from babel import Locale

    en = Locale("en")
    regions = frozenset(
        code for code in en.territories if isinstance(code, str) and re.fullmatch("[A-Z]{2}", code)
    )
    return frozenset(en.languages), regions


@lru_cache(maxsize=1024)  # a site has a handful of codes, checked on every page
def check_hreflang(code: str) -> str | None:
    """Why ``code`` is not a valid hreflang value, or None.

    >>> check_hreflang("en-GB") is None, check_hreflang("x-default") is None
    (True, True)
    >>> check_hreflang("en-UK")
    '"en-UK": "UK" is not an ISO 3166-1 region code (the United Kingdom is "GB")'
    """
    if code == "x-default":
        return None
    match = _HREFLANG.fullmatch(code)
    if not match:
        return f'"{code}" is not a language-region code such as "de-DE" or "x-default"'
    lang, _script, region = match.groups()
    languages, regions = _iso_codes()
    if lang.lower() not in languages:
        return f'"{code}": "{lang}" is not an ISO 639 language code'
    if region and region.upper() not in regions:
        fix = ' (the United Kingdom is "GB")' if region.upper() == "UK" else ""
        return f'"{code}": "{region}" is not an ISO 3166-1 region code{fix}'
    return None


def _w3c_date(value: date) -> str:
    """``YYYY-MM-DD`` (W3C date); datetimes are taken in UTC.

    >>> _w3c_date(date(2024, 3, 1))
    '2024-03-01'
    """
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value.isoformat()


def _validate(entry: SitemapEntry, where: str) -> _Url:
    """The entry with encoded URLs and sorted alternates; ValueError saying what is wrong."""
    if not isinstance(entry, SitemapEntry):
        raise ValueError(f"{where}: expected a SitemapEntry, got {type(entry).__name__}")
    loc = to_uri(entry.loc, f"{where}: loc")
    if len(loc) > MAX_URL_LENGTH:
        raise ValueError(f"{where}: {loc[:80]}...: longer than {MAX_URL_LENGTH} characters")
    alternates: dict[str, tuple[str, str]] = {}  # by lowercased code: hreflang ignores case
    for pair in entry.alternates:
        if len(pair) != 2:
            raise ValueError(f"{where}: {loc}: alternate {pair!r} is not (hreflang, URL)")
        code, href = pair
        problem = check_hreflang(code)
        if problem:
            raise ValueError(f"{where}: {loc}: hreflang {problem}")
        href = to_uri(href, f"{where}: {loc}: alternate {code}")
        seen = alternates.setdefault(code.lower(), (code, href))
        if seen[1] != href:
            raise ValueError(
                f"{where}: {loc}: hreflang {code} points to both {seen[1]} and {href}; "
                "give one URL per language-region"
            )
    if alternates and loc not in {href for _code, href in alternates.values()}:
        raise ValueError(
            f"{where}: {loc}: the alternates do not list the page itself; every version must "
            "list itself and all the others"
        )
    images = tuple(dict.fromkeys(to_uri(i, f"{where}: {loc}: image") for i in entry.images))
    if len(images) > MAX_IMAGES_PER_URL:
        raise ValueError(
            f"{where}: {loc}: {len(images)} images; a sitemap lists at most "
            f"{MAX_IMAGES_PER_URL} per page"
        )
    if entry.lastmod is not None and not isinstance(entry.lastmod, date):
        raise ValueError(f"{where}: {loc}: lastmod {entry.lastmod!r} is not a date")
    ordered = tuple(sorted(alternates.values(), key=lambda a: (a[0] == "x-default", a[0].lower())))
    return _Url(loc, ordered, images, entry.lastmod)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _url_element(parent: etree._Element, url: _Url) -> etree._Element:
    """Append ``<url>`` for ``url`` to ``parent`` (the order the schema requires)."""
    el = etree.SubElement(parent, _q(SITEMAP_NS, "url"))
    etree.SubElement(el, _q(SITEMAP_NS, "loc")).text = url.loc
    if url.lastmod is not None:
        etree.SubElement(el, _q(SITEMAP_NS, "lastmod")).text = _w3c_date(url.lastmod)
    for code, href in url.alternates:
        etree.SubElement(
            el, _q(XHTML_NS, "link"), {"rel": "alternate", "hreflang": code, "href": href}
        )
    for image in url.images:
        holder = etree.SubElement(el, _q(IMAGE_NS, "image"))
        etree.SubElement(holder, _q(IMAGE_NS, "loc")).text = image
    return el


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Meter:
    """Exact byte size each ``<url>`` takes inside a pretty-printed urlset file."""

    def __init__(self) -> None:
        self.root = etree.Element(_q(SITEMAP_NS, "urlset"), nsmap=_NSMAP)
        empty = etree.SubElement(self.root, _q(SITEMAP_NS, "url"))
        # serialized alone, an element repeats the namespace declarations it inherits
        self.declarations = len(etree.tostring(empty)) - len(b"<url/>")
        self.root.remove(empty)

    def size(self, url: _Url) -> int:
        el = _url_element(self.root, url)
        alone = etree.tostring(el, encoding="UTF-8", pretty_print=True)
        self.root.remove(el)
        # inside the file every line of the element is indented by two more spaces
        return len(alone) - self.declarations + 2 * alone.count(b"\n")

    def overhead(self, url: _Url) -> int:
        """Bytes of the file around its ``<url>`` elements (declaration, root tags)."""
        return len(_urlset([url])) - self.size(url)


def _urlset(urls: Sequence[_Url]) -> bytes:
    root = etree.Element(_q(SITEMAP_NS, "urlset"), nsmap=_NSMAP)
    for url in urls:
        _url_element(root, url)
    return _serialize(root)


def _split(urls: Sequence[_Url], max_urls: int, max_bytes: int, market: str) -> list[list[_Url]]:
    """Consecutive runs of ``urls``, each within ``max_urls`` and ``max_bytes`` once written."""
    meter = _Meter()
    overhead = meter.overhead(urls[0])
    parts: list[list[_Url]] = [[]]
    used = overhead
    for url in urls:
        size = meter.size(url)
        if overhead + size > max_bytes:
            raise ValueError(
                f"sitemap {market}: {url.loc}: its entry alone needs {overhead + size} bytes, "
                f"more than the {max_bytes} allowed per file"
            )
        if parts[-1] and (len(parts[-1]) >= max_urls or used + size > max_bytes):
            parts.append([])
            used = overhead
        parts[-1].append(url)
        used += size
    return parts


def sitemap_path(market: str, part: int = 1) -> str:
    """Output path of a market's sitemap, relative to the site root.

    >>> sitemap_path("de-de"), sitemap_path("de-de", 2)
    ('sitemap-de-de.xml', 'sitemap-de-de-2.xml')
    """
    return f"sitemap-{market}.xml" if part == 1 else f"sitemap-{market}-{part}.xml"


def _base(base_url: str) -> str:
    """The site's base URL as a URI ending in "/"."""
    base = to_uri(base_url, "base_url")
    return base if base.endswith("/") else base + "/"


def _newest(urls: Sequence[_Url]) -> date | None:
    known = [_w3c_date(u.lastmod) for u in urls if u.lastmod is not None]
    return date.fromisoformat(max(known)) if known else None


def build_sitemaps(
    entries_by_market: Mapping[str, Sequence[SitemapEntry]],
    base_url: str,
    *,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> dict[str, bytes]:
    """The sitemap index and every market's sitemap files: ``{relative path: UTF-8 bytes}``.

    ``sitemap.xml`` (the index) comes first, then ``sitemap-<market>.xml`` per market with
    entries, split into ``sitemap-<market>-2.xml``... past ``max_urls`` URLs or ``max_bytes``
    bytes; URLs are sorted, so the same entries give the same bytes. Every ``loc`` must lie
    under ``base_url`` (a sitemap may only list URLs below its own folder). Raises
    ValueError, naming the market and URL, on relative URLs, bad hreflang codes, conflicting
    or self-less alternates, duplicate URLs and limits that cannot be met.
    """
    if not 1 <= max_urls <= MAX_URLS:
        raise ValueError(f"max_urls must be between 1 and {MAX_URLS}, not {max_urls}")
    if not 1 <= max_bytes <= MAX_BYTES:
        raise ValueError(f"max_bytes must be between 1 and {MAX_BYTES}, not {max_bytes}")
    base = _base(base_url)
    files: dict[str, bytes] = {}
    index: list[tuple[str, date | None]] = []
    for market in sorted(entries_by_market):
        if not isinstance(market, str) or not _MARKET_KEY.fullmatch(market):
            raise ValueError(
                f"sitemap market key {market!r} must be lowercase letters, digits and "
                'dashes, e.g. "de-de" (it becomes a file name)'
            )
        urls: dict[str, _Url] = {}
        for entry in entries_by_market[market]:
            url = _validate(entry, f"sitemap {market}")
            if not url.loc.startswith(base):
                raise ValueError(
                    f"sitemap {market}: {url.loc} is not under the site URL {base}; a sitemap "
                    "may only list its own site's pages"
                )
            if url.loc in urls:
                raise ValueError(f"sitemap {market}: {url.loc} is listed twice")
            urls[url.loc] = url
        if not urls:
            continue  # an empty <urlset> is invalid: markets without pages get no file
        ordered = [urls[loc] for loc in sorted(urls)]
        # the usual case, one file: written once and measured, without metering every <url>
        whole = _urlset(ordered) if len(ordered) <= max_urls else None
        if whole is not None and len(whole) <= max_bytes:
            parts, written = [ordered], [whole]
        else:
            parts = _split(ordered, max_urls, max_bytes, market)
            written = [_urlset(part) for part in parts]
        for number, (part, data) in enumerate(zip(parts, written, strict=True), start=1):
            path = sitemap_path(market, number)
            if path in files:
                raise ValueError(f"sitemap {market}: {path} is also another market's file")
            if len(data) > max_bytes:  # _Meter is exact; this guards a serializer change
                raise RuntimeError(f"{path}: {len(data)} bytes, over {max_bytes}")
            files[path] = data
            index.append((path, _newest(part)))
    if not index:
        raise ValueError("no sitemap entries: a sitemap index must list at least one sitemap")
    if len(index) > MAX_URLS:
        raise ValueError(f"{len(index)} sitemap files; an index lists at most {MAX_URLS}")
    root = etree.Element(_q(SITEMAP_NS, "sitemapindex"), nsmap={None: SITEMAP_NS})
    for path, lastmod in index:
        el = etree.SubElement(root, _q(SITEMAP_NS, "sitemap"))
        etree.SubElement(el, _q(SITEMAP_NS, "loc")).text = base + path
        if lastmod is not None:
            etree.SubElement(el, _q(SITEMAP_NS, "lastmod")).text = _w3c_date(lastmod)
    return {INDEX_PATH: _serialize(root), **files}


# --- robots.txt -------------------------------------------------------------------------

#: allow every crawler everywhere
DEFAULT_ROBOTS_RULES: tuple[Mapping[str, Any], ...] = ({"user_agent": "*", "allow": ["/"]},)
_RULE_KEYS = ("user_agent", "allow", "disallow")
_AGENT = re.compile(r"\*|[A-Za-z0-9_-]+")
_ROBOTS_EXAMPLE = '[{"user_agent": "*", "disallow": ["/search/"]}]'


def _as_list(value: Any) -> list[Any] | None:
    """A str as a one-item list, a list/tuple as a list, anything else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    return None


def _rule_problem(i: int, rule: Any) -> str | None:
    if not isinstance(rule, Mapping):
        return f"[{i}] must be a dict such as {{\"user_agent\": \"*\", \"disallow\": [\"/cart/\"]}}"
    rule = {str(k).replace("-", "_").lower(): v for k, v in rule.items()}
    unknown = sorted(set(rule) - set(_RULE_KEYS))
    if unknown:
        return f"[{i}]: unknown key {unknown[0]!r}; use user_agent, allow and disallow"
    agents = _as_list(rule.get("user_agent"))
    if not agents:
        return f'[{i}]: give user_agent, e.g. "*" for every crawler or "Googlebot"'
    for agent in agents:
        if not isinstance(agent, str) or not _AGENT.fullmatch(agent):
            return (
                f"[{i}].user_agent: {agent!r} is not a crawler name; use letters, digits, "
                '"-" and "_" (e.g. "Googlebot"), or "*"'
            )
    if not rule.get("allow") and not rule.get("disallow"):
        return f'[{i}]: give allow or disallow paths, e.g. "disallow": ["/cart/"]'
    for key in ("allow", "disallow"):
        paths = _as_list(rule.get(key, []))
        if paths is None:
            return f'[{i}].{key} must be a path or a list of paths such as ["/cart/"]'
        for path in paths:
            if key == "disallow" and path == "":
                continue  # "Disallow:" with nothing blocks nothing
            if (
                not isinstance(path, str)
                or not path.startswith(("/", "*"))
                or any(c.isspace() or c == "#" for c in path)
            ):
                return (
                    f'[{i}].{key}: {path!r} is not a URL path; start it with "/" (e.g. "/cart/")'
                    ', without spaces or "#"'
                )
    return None


def check_robots_rules(rules: Any) -> str | None:
    """Why ``rules`` is not a robots.txt rule list, or None (usable as a Setting check).

    >>> check_robots_rules([{"user_agent": "*", "disallow": ["/cart/"]}]) is None
    True
    >>> check_robots_rules([{"user_agent": "*", "disalow": ["/cart/"]}])
    "[0]: unknown key 'disalow'; use user_agent, allow and disallow"
    """
    if rules is None:
        return None
    if not isinstance(rules, list | tuple) or not rules:
        return f"must be a list of rules such as {_ROBOTS_EXAMPLE}, or None to allow everything"
    for i, rule in enumerate(rules):
        problem = _rule_problem(i, rule)
        if problem:
            return problem
    return None


def _robots_path(path: str) -> str:
    """A rule path with non-ASCII percent-encoded (RFC 9309 compares encoded paths)."""
    return quote(_STRAY_PERCENT.sub("%25", path), safe=_SAFE_QUERY)


def robots_txt(
    base_url: str,
    *,
    rules: Sequence[Mapping[str, Any]] | None = None,
    sitemap_url: str | None = None,
) -> str:
    """The site's robots.txt: rule groups, then the absolute ``Sitemap:`` line.

    One file for every market (crawlers only read ``/robots.txt`` at the host root, so a
    site served below a path needs it copied there). ``rules`` is a list of
    ``{"user_agent": str | list, "allow": str | list, "disallow": str | list}``; None
    allows everything. ``sitemap_url`` defaults to the index under ``base_url``; a relative
    one is resolved against it. Raises StorefrontError for malformed rules.

    >>> print(robots_txt("https://example.com/"), end="")
    User-agent: *
    Allow: /
    <BLANKLINE>
    Sitemap: https://example.com/sitemap.xml
    """
    problem = check_robots_rules(rules)
    if problem:
        raise StorefrontError(f"robots rules{problem if problem[0] == '[' else ': ' + problem}")
    base = _base(base_url)
    sitemap = to_uri(urljoin(base, sitemap_url or INDEX_PATH), "sitemap_url")
    lines: list[str] = []
    for rule in rules or DEFAULT_ROBOTS_RULES:
        norm = {str(k).replace("-", "_").lower(): v for k, v in rule.items()}
        if lines:
            lines.append("")
        lines += [f"User-agent: {agent}" for agent in _as_list(norm["user_agent"]) or []]
        # Allow first: crawlers that take the first matching line (not the longest) still
        # honour an Allow carved out of a broader Disallow
        lines += [f"Allow: {_robots_path(p)}" for p in _as_list(norm.get("allow", [])) or []]
        lines += [
            f"Disallow: {_robots_path(p)}".rstrip()
            for p in _as_list(norm.get("disallow", [])) or []
        ]
    lines += ["", f"Sitemap: {sitemap}"]
    return "\n".join(lines) + "\n"
