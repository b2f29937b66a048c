"""Store settings read from pelicanconf.py: declared once, with defaults and help."""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from babel.lists import format_list

from storefront_core.errors import Problem

from .pricing.market import check_store_pricing


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    check: Callable[[Any], str | None] | None = None  # returns a message when invalid


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be text in quotes"


def _is_opt_str(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else "must be text or None"


def _is_moment(value: Any) -> str | None:
    if value is None:
        return None
    try:
        parse_moment(str(value))
    except ValueError as exc:
        return str(exc)
    return None


def _is_text_per_lang(value: Any) -> str | None:
    """Text, or text per language: {"en": "...", "de": "..."}."""
    if isinstance(value, str):
        return None
    if isinstance(value, dict) and value and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return None
    return 'must be text, or text per language such as {"en": "Free shipping", "de": "..."}'


def text_for(value: str | Mapping[str, str], lang: str, default_lang: str) -> tuple[str, str]:
    """(text, its language) of a per-language setting for ``lang``.

    >>> text_for({"en": "Hi", "de": "Hallo"}, "de", "en")
    ('Hallo', 'de')
    >>> text_for({"en": "Hi"}, "ja", "en")
    ('Hi', 'en')
    >>> text_for("Hi", "ja", "en")
    ('Hi', 'en')
    """
    if isinstance(value, str):
        return value, default_lang
    if lang in value:
        return value[lang], lang
    if default_lang in value:
        return value[default_lang], default_lang
    first = next(iter(value))
    return value[first], first


#: the default <title> of each kind of page; placeholders per kind in TITLE_FIELDS
TITLE_PATTERNS = {
    "home": "{site} | {tagline}",
    "product": "{title} | {site}",
    "category": "{title} | {site}",
    "page": "{title} | {site}",
}
#: the default meta description of each kind of page (seo.description wins)
DESCRIPTION_PATTERNS = {
    "home": "{tagline} {site}: {categories}",
    "product": "{summary}",
    "category": "{title}: {products}",
    "page": "{summary}",
    "chooser": "{tagline} {site}: {markets}",
    "search": "{search} {site}: {categories}. {tagline}",
}
DESCRIPTION_FIELDS = {
    "home": ("site", "tagline", "categories"),
    "product": ("title", "summary", "site", "brand", "category", "price"),
    "category": ("title", "products", "site", "count"),
    "page": ("title", "summary", "site"),
    "chooser": ("site", "tagline", "markets"),
    "search": ("search", "site", "tagline", "categories"),
}
TITLE_FIELDS = {
    "home": ("site", "tagline", "categories"),
    "product": ("title", "site", "brand", "category", "sku"),
    "category": ("title", "site", "parent"),
    "page": ("title", "site"),
}


def _is_title_patterns(value: Any, fields: Mapping[str, tuple[str, ...]] | None = None
                       ) -> str | None:
    """{"product": "{title} – {brand} | {site}"}: known kinds, known placeholders.

    >>> _is_title_patterns({"product": "{name} | {site}"})
    'product: "{name}" is not a placeholder; use {title}, {site}, {brand}, {category}, {sku}'
    """
    import string

    if not isinstance(value, dict):
        return 'must be a dict such as {"product": "{title} | {site}"}'
    for kind, pattern in value.items():
        known = fields or TITLE_FIELDS
        if kind not in known:
            return f'"{kind}" is not a page kind; use {", ".join(known)}'
        if not isinstance(pattern, str):
            return f"{kind}: must be text"
        try:
            names = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
        except ValueError as exc:
            return f"{kind}: {exc} (write a literal brace as {{{{ or }}}})"
        for name in names:
            if name not in known[kind]:
                allowed = ", ".join("{" + f + "}" for f in known[kind])
                return f'{kind}: "{{{name}}}" is not a placeholder; use {allowed}'
    return None


#: what a search result shows, in display width (a CJK character is two): beyond, it is cut
TITLE_WIDTH = 60
DESCRIPTION_WIDTH = (70, 160)


def display_width(text: str) -> int:
    """How wide text shows in a search result, in Latin characters: wide (CJK) characters
    count two, combining marks none (Google cuts titles by pixels, not by characters).

    >>> display_width("Voltaro"), display_width("充電器"), display_width("e\u0301")
    (7, 6, 1)
    """
    if text.isascii():  # no wide characters, no combining marks
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit_list(items: Sequence[str], render: Callable[..., str], field: str, locale: str,
             limit: int = DESCRIPTION_WIDTH[1]) -> str:
    """``render(**{field: list})`` with as many of ``items`` as keep it within ``limit``
    (display width), the list joined the locale's way ("A, B and C", "A、B、C").

    >>> fit_list(["Pens", "Chargers", "Cables"], "Shop {x}".format, "x", "en_US", 24)
    'Shop Pens and Chargers'
    """
    for n in range(len(items), 0, -1):
        text = render(**{field: format_list(list(items[:n]), locale=locale)})
        if display_width(text) <= limit:
            return text
    return render(**{field: items[0] if items else ""})


def title_within(make: Callable[..., str], **fields: str) -> str:
    """A title from ``make(**fields)``; when it is wider than a search result shows, the same
    without the site name (the separator goes with it), if that fits better."""
    text = make(**fields)
    if display_width(text) > TITLE_WIDTH and fields.get("site"):
        shorter = make(**{**fields, "site": ""})
        if shorter and display_width(shorter) < display_width(text):
            return shorter
    return text


def description_for(patterns: Mapping[str, str], kind: str, **fields: str) -> str:
    """A meta description from the site's pattern, whitespace tidied.

    >>> description_for({}, "category", title="Chargers", products="A, B", site="S", count="2")
    'Chargers: A, B'
    """
    text = (patterns.get(kind) or DESCRIPTION_PATTERNS[kind]).format_map(fields)
    return " ".join(text.split()).strip(" :|–-")


def title_for(patterns: Mapping[str, str], kind: str, **fields: str) -> str:
    """A page title from the site's pattern; separators around an empty field are dropped.

    >>> title_for({}, "home", site="Voltaro", tagline="")
    'Voltaro'
    >>> title_for({"product": "{title} – {brand} | {site}"}, "product", title="Pen",
    ...           brand="Acme", site="Shop", category="", sku="P1")
    'Pen – Acme | Shop'
    """
    pattern = patterns.get(kind) or TITLE_PATTERNS[kind]
    text = pattern.format_map(fields)
    for sep in (" | ", " – ", " - ", " · "):
        text = text.replace(sep + sep.strip() + " ", sep)
        text = text.removesuffix(sep.rstrip()).removesuffix(sep).removeprefix(sep)
    return text.strip()


def _is_pos_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a whole number above 0"


def _is_str_list(value: Any) -> str | None:
    ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    return None if ok else "must be a list of texts, e.g. ['Visa', 'PayPal']"


def _is_dict(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be a dict"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _is_embed_prefixes(value: Any) -> str | None:
    """A list of https:// URL prefixes that end with a / after the host and a path.

    >>> _is_embed_prefixes(["https://fast.wistia.net/embed/"]) is None
    True
    >>> print(_is_embed_prefixes(["http://fast.wistia.net"]))
    "http://fast.wistia.net" must be an https:// address ending with a folder and /, e.g. \
"https://fast.wistia.net/embed/"
    """
    if not isinstance(value, list | tuple):
        return 'must be a list of addresses, e.g. ["https://fast.wistia.net/embed/"]'
    for item in value:
        match = isinstance(item, str) and re.match(r"^https://([a-z0-9.-]+)/[^?#\s]+/$", item)
        if not match:
            host = re.sub(r"^[a-z]+://|/.*$", "", str(item)) or "player.example.com"
            return (f'"{item}" must be an https:// address ending with a folder and /, e.g. '
                    f'"https://{host}/embed/"')
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting("STORE_LOCALE", "en_US", "Babel locale used to format prices, numbers and dates.",
            _is_str),
    Setting("STORE_LANG", "en", "Language tag of the content (the <html lang> value).", _is_str),
    Setting("STORE_CURRENCY", "USD", "ISO 4217 currency the store sells in.", _is_str),
    Setting("STORE_TIMEZONE", None,
            "IANA time zone of a single-market store (campaign starts and ends); None: the "
            "country's own, e.g. America/New_York for en_US.", _is_opt_str),
    Setting("STORE_TAGLINE", "",
            "One line under the store name on the home page (text, or text per language).",
            _is_text_per_lang),
    Setting("STORE_LOGO", None, "Path of the logo inside the theme or content folder.",
            _is_opt_str),
    Setting("STORE_CONTACT_EMAIL", None, "Address for request-for-quote e-mails.", _is_opt_str),
    Setting("STORE_INQUIRY_URL", None,
            "Form endpoint for request-for-quote; None uses a mailto: link.", _is_opt_str),
    Setting("STORE_SHIPPING_NOTE", "", "Trust block: shipping promise shown on product pages.",
            _is_text_per_lang),
    Setting("STORE_RETURNS_NOTE", "", "Trust block: returns promise shown on product pages.",
            _is_text_per_lang),
    Setting("STORE_PAYMENT_METHODS", [], "Trust block: payment methods accepted.", _is_str_list),
    Setting("STORE_I18N_DIR", "i18n", "Folder (in the project) of the UI translation catalogs.",
            _is_str),
    Setting("STORE_PER_PAGE", 24, "Products per category page.", _is_pos_int),
    Setting("STORE_FEATURED_COUNT", 8, "Products on the home page (featured: true first).",
            _is_pos_int),
    Setting("STORE_RELATED_COUNT", 4, "Related products shown on a product page.", _is_pos_int),
    Setting("STORE_COLORS", {}, "Brand colours: keys brand, accent, text, background, muted.",
            _is_dict),
    Setting("STORE_FONTS", {}, "Font stacks: keys body, heading (system fonts by default).",
            _is_dict),
    Setting("STORE_SOCIAL", [], "Profile URLs of the brand (footer links).", _is_str_list),
    Setting("STORE_SHIPPING", {}, "Shipping per destination country for structured data and "
            "feeds: {'US': {'rate': {'USD': '4.95'}, 'free_over': {'USD': '50'}, "
            "'handling_days': [0, 1], 'transit_days': [2, 5]}}.", _is_dict),
    Setting("STORE_RETURNS", None, "Return policy for structured data: {'days': 30, 'fees': "
            "'free', 'method': 'by_mail'}.", lambda v: None if v is None else _is_dict(v)),
    Setting("STORE_ROBOTS", None, "robots.txt rules: [{'user_agent': '*', 'disallow': "
            "['/drafts/']}]; None allows everything.",
            lambda v: None if v is None or isinstance(v, list) else "must be a list of rules"),
    Setting("STORE_DATE", None,
            "Build the site as it is on this day (YYYY-MM-DD, read as 12:00 UTC) or at this "
            "moment (ISO 8601 with offset): which campaigns run. None: now. `storefront build "
            "--date` sets it to preview a sale.", _is_moment),
    Setting("STORE_AUDIT", True, "Audit the built site as a crawler reads it, as the last build "
            "step (`storefront audit` runs it alone): its errors fail the build, its warnings "
            "are listed; False skips it.",
            _is_bool),
    Setting("STORE_PRICING", {}, "Derived market prices: {'base_includes_tax': False, "
            "'floor': {'JPY': '300'}, 'max_move_percent': 10, 'rates_max_age_days': 60}; "
            "warns where rounding moves a price more than max_move_percent, where a derived "
            "price falls below its currency's floor, and when content/rates.yml is older than "
            "rates_max_age_days.", check_store_pricing),
    Setting("STORE_TRUST_HTML", False, "Publish raw HTML in descriptions and pages as written; "
            "False (the default) removes scripts, event handlers, javascript: links, forms and "
            "iframes other than video players, and warns once per file. Only for text you "
            "trust.", _is_bool),
    Setting("STORE_EMBED_HOSTS", [], "Address prefixes an <iframe> in a description may load "
            "besides YouTube and Vimeo players, e.g. ['https://fast.wistia.net/embed/'].",
            _is_embed_prefixes),
    Setting("STORE_TITLES", {}, "Page title patterns per kind (home, product, category, page), "
            "e.g. {'product': '{title} – {brand} | {site}'}; a product's seo.title wins.",
            _is_title_patterns),
    Setting("STORE_DESCRIPTIONS", {}, "Meta description patterns per kind (home, product, "
            "category, page), e.g. {'product': '{summary} From {price}.'}; seo.description wins.",
            lambda v: _is_title_patterns(v, DESCRIPTION_FIELDS)),
    Setting("STORE_MARKETS", None, "Markets, when not declared in content/markets.yml: the same "
            "structure as a dict ({'default': 'en-us', 'markets': [...]}).",
            lambda v: None if v is None else _is_dict(v)),
)


def check_settings(settings: Mapping[str, Any], declared: tuple[Setting, ...]) -> list[Problem]:
    """Problems with the declared settings found in pelicanconf.py."""
    problems = []
    for s in declared:
        if s.name in settings and s.check is not None:
            msg = s.check(settings[s.name])
            if msg:
                problems.append(Problem("pelicanconf.py", s.name, f"{msg} ({s.help})"))
    return problems


def apply_defaults(settings: dict[str, Any], declared: tuple[Setting, ...]) -> None:
    """Fill in the default of every declared setting the merchant did not set."""
    for s in declared:
        settings.setdefault(s.name, s.default)


#: Pelican's own content machinery, switched off: the storefront plugins read and write the
#: site (no articles, pages, static folders, feeds or tag/author/archive pages), and a build
#: starts from an empty output folder
PELICAN_SETTINGS: Mapping[str, Any] = {
    "ARTICLE_PATHS": ["_no_articles"],
    "PAGE_PATHS": ["_no_pages"],
    "STATIC_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "ARCHIVES_SAVE_AS": "",
    "AUTHORS_SAVE_AS": "",
    "CATEGORIES_SAVE_AS": "",
    "TAGS_SAVE_AS": "",
    "DELETE_OUTPUT_DIRECTORY": True,
}


def apply_pelican_settings(settings: dict[str, Any], pelican_defaults: Mapping[str, Any]) -> None:
    """Set each of PELICAN_SETTINGS the merchant left at Pelican's default.

    >>> s = {"ARTICLE_PATHS": [""], "STATIC_PATHS": ["extra"]}
    >>> apply_pelican_settings(s, {"ARTICLE_PATHS": [""], "STATIC_PATHS": ["images"]})
    >>> s["ARTICLE_PATHS"], s["STATIC_PATHS"]
    (['_no_articles'], ['extra'])
    """
    for name, value in PELICAN_SETTINGS.items():
        if settings.get(name) == pelican_defaults.get(name):
            settings[name] = copy.deepcopy(value)


def enabled_plugins(settings: Mapping[str, Any]) -> set[str]:
    """The plugin names PLUGINS lists. Receivers check it: Pelican's signals outlive a build
    in one process, so a plugin registered for one site must not act on the next.

    >>> sorted(enabled_plugins({"PLUGINS": ["storefront_seo", "pkg.sub"]}))
    ['pkg', 'storefront_seo']
    """
    return {getattr(p, "__name__", str(p)).split(".")[0] for p in settings.get("PLUGINS") or ()}


def plugin_enabled(settings: Mapping[str, Any], name: str) -> bool:
    """True when PLUGINS lists the plugin ``name`` (signals outlive a build in one process).

    >>> plugin_enabled({"PLUGINS": ["storefront_seo"]}, "storefront_promotions")
    False
    """
    return name in enabled_plugins(settings)


def parse_moment(text: str) -> datetime:
    """A build moment: a day (12:00 UTC, the same calendar day in nearly every market) or an
    ISO 8601 date and time with an offset.

    >>> parse_moment("2026-11-27")
    datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_moment("2026-11-27T09:30+09:00").isoformat()
    '2026-11-27T09:30:00+09:00'
    """
    text = text.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(12, 0), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a date; write YYYY-MM-DD, e.g. "2026-11-27", or a '
                         'date and time with an offset, e.g. "2026-11-27T09:00+01:00"') from None
    if moment.tzinfo is None:
        raise ValueError(f'"{text}" has no offset; add one, e.g. "{text}+00:00"')
    return moment


def build_now(settings: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> datetime:
    """The moment the site is built for: ``STORE_DATE`` (a preview), else ``SOURCE_DATE_EPOCH``
    (reproducible builds), else now; always with a time zone."""
    if settings.get("STORE_DATE"):
        return parse_moment(str(settings["STORE_DATE"]))
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def build_date(environ: Mapping[str, str] | None = None) -> date:
    """Today in UTC, or the day of ``SOURCE_DATE_EPOCH`` when set (reproducible builds).

    >>> build_date({"SOURCE_DATE_EPOCH": "1700000000"})
    datetime.date(2023, 11, 14)
    """
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()
