"""Campaigns: dated sales per market, read from content/promotions/<id>.yml (pure functions).

File format
-----------
One campaign per file; the file name without ``.yml`` is the campaign's id (lowercase letters,
digits and hyphens), used in messages, in the banner's HTML and to break ties::

    # content/promotions/black-friday.yml
    name: Black Friday to Cyber Monday   # for people: check, schedule and festivals output
    festival: black-friday               # `storefront festivals` lists the festival ids
    from: -3                             # starts 3 days before the festival's first day
    to: +3                               # ends 3 days after its last day (Cyber Monday)
    markets: [en-us, en-gb, de-de]       # market codes from markets.yml, or: all
    discount: {percent: 20}
    scope: all
    banner:
      en: "Black Friday: {discount} off everything until {end_date}"
      de: "Black Friday: {discount} Rabatt auf alles bis {end_date}"
    badge: {en: "-{discount}", de: "-{discount}"}
    colors: {background: "#111111", text: "#ffffff"}
    image: promotions/black-friday.jpg
    priority: 0

Required: ``festival`` (or ``start`` and ``end``), ``markets``, ``discount``, ``scope`` (not
with ``prices``) and ``banner``; the rest is optional.

``name``
    Optional text for people (default: the id).
``festival``
    A festival id: the sale follows that festival's dates in each market's country, every
    year. ``country: CN`` (optional) uses one country's dates in every market instead.
``from``, ``to``
    With ``festival``: whole days relative to the festival. ``from`` counts from its first
    day (negative: before), ``to`` from its last day (positive: after); both default to 0 and
    go at most 90 days either way. A Lunar New Year sale with ``from: -45`` starts in the
    December before; ``from: 20`` on Ramadan starts on its 21st day.
``start``, ``end``
    Instead of ``festival``: the sale's own dates. A date (``2026-12-01``) is a whole day:
    ``start`` at 00:00, ``end`` at 24:00 of that day (so ``end`` is the last day of the sale).
    A date and time (``2026-12-01 09:00``) is that local time; with an offset
    (``2026-12-01T09:00+09:00``) it is that moment in every market. The end moment is
    exclusive.
``timezone``
    Every sale starts and ends at midnight of the market's time zone (markets.yml
    ``timezone``, by default the country's): Black Friday starts at 05:00 UTC in New York and at
    23:00 UTC the evening before in Berlin. An IANA zone here (``timezone: Europe/Berlin``)
    makes every market start and end at that zone's times instead.
``markets``
    A list of market codes, or ``all``.
``discount``
    Exactly one of:

    - ``percent: 20``: this much off each price and each quantity tier, rounded to the
      currency's minor unit (half up);
    - ``amount: {USD: "10", EUR: "9"}``: this much off each unit price (tiers too), per
      currency; a market whose currency is missing has no sale (``storefront check`` says so);
    - ``prices: {VT-STY-01: {USD: "24.99", EUR: "22.99"}}``: the sale price per SKU. A product
      SKU covers its variants, and a variant's own entry holds only the currencies that differ
      (as in index.md); the SKUs listed are the scope.
``scope``
    ``all``, or any of ``categories`` (category paths as in /collections/<path>/ or as written
    in index.md; subcategories included), ``tags``, ``products`` (folder names) and ``skus``
    (a variant SKU puts only that variant on sale). A product is in scope when it matches any
    of them. Not with ``prices``.
``coupon``
    Optional code (letters, digits, ``-`` and ``_``). The discount is then given at checkout
    with the code: pages show the banner and the code but keep the regular prices, because a
    shown price must not need a code (Google Merchant Center's rule for sale prices).
``banner``
    The banner text per language, ``{en: "...", de: "..."}`` (a market code such as ``en-gb``
    gives regional copy over ``en``), or one text, which is a gettext msgid translated with the
    theme's catalogs. A market whose language has no text shows no banner (``storefront
    check`` warns). Placeholders: ``{discount}`` (``20 %`` or the amount in the market's
    currency, as the market writes it; not with ``prices``), ``{start_date}`` and
    ``{end_date}`` (the first and last day of the sale), ``{coupon}``, ``{festival}`` (its
    local name). ``{{`` and ``}}`` write a brace.
``badge``
    Optional short text per language for social cards (``-{discount}``), same placeholders.
``colors``
    Optional ``{background: "#rrggbb", text: "#rrggbb"}`` in quotes (``#`` starts a YAML
    comment); the text must have a contrast of at least 4.5:1 on the background (WCAG AA).
``image``
    Optional banner background: a JPEG, PNG, WebP or AVIF file inside content/, e.g.
    ``promotions/black-friday.jpg``.
``priority``
    Optional whole number, default 0 (see Overlaps).
``hero``
    Optional ``true``: the home page of each of the campaign's markets shows a hero image of
    the banner text and the sale's dates, drawn with the share cards' text engine (every
    script) on the campaign's colours and ``image``.

Sale prices
-----------
During a sale the page, the JSON-LD and the feeds show the sale price with the regular price
struck through (not the product's ``list_price``: the strikethrough is what it cost before the
sale). Quantity tiers not below the sale price are dropped. A price a discount would take to
zero or below, or an explicit price not below the regular one, stays regular and ``storefront
check`` reports it as an error.

Festival dates
--------------
content/festivals.yml sets or corrects a festival's dates per country and year (Islamic
festivals and Diwali are expected dates until they are declared)::

    eid-al-fitr:
      SA:
        2026: 2026-03-20                  # one day
        2027: [2027-03-09, 2027-03-11]    # first and last day

Overlaps
--------
When several running campaigns cover the same product in a market, one of them sets its price:

1. the campaign with the highest ``priority``;
2. on equal priority, the one that gives the shopper the lower price (the product's sale
   price, then its variants' sale prices added up);
3. still equal, the campaign whose id comes first alphabetically.

``storefront check`` reports every overlap, naming both files, the number of products, the
dates and which campaign wins: a warning on equal priority, a note (a decision made, never
failing a strict build) when the priorities differ. Campaigns with a coupon never change
prices, so they never overlap. ``active()`` lists running campaigns by priority (highest
first), then id: the first one's banner is shown.
"""

from __future__ import annotations

import itertools
import re
import string
import zoneinfo
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_percent

from storefront_catalog.model import Prices, Product, Unbuilt, Variant, category_paths, last_day
from storefront_catalog.money import format_money
from storefront_catalog.urls import Market
from storefront_catalog.validate import FieldChecker, did_you_mean, is_slug, known_currencies
from storefront_core.errors import Problem, display_path
from storefront_core.slug import slugify
from storefront_core.yamlio import YamlError, parse_yaml

from . import calendar as festival_calendar
from . import pricing
from .calendar import Occurrence, Overrides

PROMOTIONS_DIR = "promotions"
FESTIVALS_FILE = "festivals.yml"
FIELDS = ("name", "festival", "country", "from", "to", "start", "end", "timezone", "markets",
          "discount", "scope", "coupon", "banner", "badge", "colors", "image", "priority",
          "hero")
DISCOUNT_FIELDS = ("percent", "amount", "prices")
SCOPE_FIELDS = ("categories", "tags", "products", "skus")
COLOR_FIELDS = ("background", "text")
PLACEHOLDERS = ("discount", "start_date", "end_date", "coupon", "festival")
#: how far a festival sale may start before or end after the festival, in days
MAX_OFFSET = 90
#: WCAG 2 AA contrast for normal-size text
MIN_CONTRAST = 4.5
BANNER_MAX = 100
BADGE_MAX = 24
NAME_MAX = 100
#: how far ahead ``check_campaigns`` looks for a campaign that never runs, and for overlaps
HORIZON = timedelta(days=365)

_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
_COUPON = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_NOT_ISO = {"UK": "GB", "EN": "GB", "EL": "GR"}
#: banner image formats every current browser shows
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif")
_SHOWN_MAX = 3  # names listed in one message before "and N more"
#: unknown top-level fields people write: (hint, the field they meant)
_FIELD_HINTS = {
    "percent": ("put it under discount, e.g. discount: {percent: 20}", "discount"),
    "amount": ('put it under discount, e.g. discount: {amount: {USD: "10"}}', "discount"),
    "prices": ('put it under discount, e.g. discount: {prices: {SKU-1: {USD: "24.99"}}}',
               "discount"),
    "categories": ("put it under scope, e.g. scope: {categories: [writing/stylus-pens]}",
                   "scope"),
    "tags": ("put it under scope, e.g. scope: {tags: [usb-c]}", "scope"),
    "skus": ("put it under scope, e.g. scope: {skus: [VT-STY-01]}", "scope"),
    "products": ("put it under scope, e.g. scope: {products: [active-stylus-pen]}", "scope"),
    "market": ("write markets: [en-us, de-de] (a list), or markets: all", "markets"),
    "title": ('the campaign\'s name for people is name: "..."; the shoppers\' text is banner',
              "name"),
    "text": ('shoppers\' text is banner: {en: "..."}', "banner"),
    "message": ('shoppers\' text is banner: {en: "..."}', "banner"),
    "background": ('write colors: {background: "#111111", text: "#ffffff"}', "colors"),
    "days_before": ("write from: -7 (days from the festival's first day)", "from"),
    "days_after": ("write to: 1 (days after the festival's last day)", "to"),
    "until": ("write end: 2026-12-01 (the last day of the sale)", "end"),
    "date": ("write start: and end: dates, or festival: with from: and to:", "start"),
}


# -- model ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Discount:
    """What a campaign takes off: exactly one of percent, amount or prices is set."""

    percent: Decimal | None = None  # 20 for 20 % off
    amount: Prices = field(default_factory=dict)  # off each unit price, per currency
    prices: dict[str, Prices] = field(default_factory=dict)  # SKU -> sale price per currency

    @property
    def kind(self) -> str:
        """"percent", "amount" or "prices"."""
        if self.percent is not None:
            return "percent"
        return "amount" if self.amount else "prices"

    def price_for(self, skus: Sequence[str], currency: str) -> Decimal | None:
        """The explicit sale price in ``currency`` of the first of ``skus`` that lists one
        (a variant's entry holds only what differs from its product's; SKUs match in any
        case)."""
        listed = {sku.casefold(): prices for sku, prices in self.prices.items()}
        for sku in skus:
            price = listed.get(sku.casefold(), {}).get(currency)
            if price is not None:
                return price
        return None


@dataclass(frozen=True)
class Scope:
    """Which products a campaign covers: all, or any of categories, tags, products, SKUs."""

    all: bool = False
    categories: tuple[str, ...] = ()  # slug paths, "writing/stylus-pens"
    tags: tuple[str, ...] = ()
    products: tuple[str, ...] = ()  # product folder names
    skus: tuple[str, ...] = ()  # product or variant SKUs

    def covers(self, product: Product) -> bool:
        """True when the whole product (every variant) is in scope."""
        if self.all or product.slug in self.products:
            return True
        path = product.category_path
        if any(path == c or path.startswith(c + "/") for c in self.categories):
            return True
        tags = {t.casefold() for t in product.tags}
        if any(t.casefold() in tags for t in self.tags):
            return True
        return product.sku.casefold() in {s.casefold() for s in self.skus}

    def covers_variant(self, product: Product, variant: Variant) -> bool:
        """True when this variant is in scope (its product is, or its own SKU is listed)."""
        return self.covers(product) or variant.sku.casefold() in {s.casefold()
                                                                    for s in self.skus}


@dataclass(frozen=True)
class Colors:
    """Banner colours, "#rrggbb", checked for WCAG AA contrast."""

    background: str
    text: str


@dataclass(frozen=True)
class Campaign:
    """One content/promotions/<id>.yml file, validated."""

    id: str  # the file name without .yml
    file: str  # display path, for messages
    name: str
    markets: tuple[str, ...] | None  # market codes; None: every market
    discount: Discount
    scope: Scope
    festival: str | None = None  # festival id; None: explicit start/end
    country: str | None = None  # whose festival dates to use; None: each market's country
    days_from: int = 0  # start: days from the festival's first day
    days_to: int = 0  # end: days after the festival's last day
    start: date | datetime | None = None  # explicit start (date: local 00:00)
    end: date | datetime | None = None  # explicit end (date: the last day, to 24:00 local)
    timezone: str | None = None  # IANA zone for every market instead of the market's own
    coupon: str | None = None
    banner: dict[str, str] = field(default_factory=dict)  # language or market code -> text
    banner_msgid: str | None = None  # gettext msgid instead of per-language text
    badge: dict[str, str] = field(default_factory=dict)  # language or market code -> text
    badge_msgid: str | None = None
    colors: Colors | None = None
    image: str | None = None  # path inside content/, "promotions/black-friday.jpg"
    image_path: Path | None = None  # the image on disk
    priority: int = 0
    hero: bool = False  # draw a hero image of the banner for the markets' home pages
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def changes_prices(self) -> bool:
        """False for coupon campaigns: the code gives the discount at checkout."""
        return self.coupon is None

    def sells_in(self, market_code: str) -> bool:
        """True when the campaign runs in this market."""
        return self.markets is None or market_code in self.markets

    def line(self, path: str) -> int | None:
        """The line of a field (or of the nearest enclosing field) in the file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def problem(self, path: str, message: str, severity: str = "error") -> Problem:
        return Problem(self.file, path, message, self.line(path), severity)


@dataclass(frozen=True)
class Window:
    """When a campaign runs in one market: [start, end), aware datetimes in the campaign's zone."""

    campaign_id: str
    market_code: str
    start: datetime
    end: datetime  # exclusive
    occurrence: Occurrence | None = None  # the festival it follows; None for explicit dates

    def contains(self, at: datetime) -> bool:
        """True when the sale is on at the moment ``at`` (an aware datetime)."""
        return _utc(self.start) <= _utc(at) < _utc(self.end)

    @property
    def first_day(self) -> date:
        """The local date of the first moment of the sale."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The local date of the last moment of the sale (``end`` is exclusive).

        >>> zone = zoneinfo.ZoneInfo("Europe/Berlin")
        >>> Window("x", "de-de", datetime(2026, 11, 27, tzinfo=zone),
        ...        datetime(2026, 12, 1, tzinfo=zone)).last_day
        datetime.date(2026, 11, 30)
        """
        return last_day(self.end)


@dataclass(frozen=True)
class Transition:
    """A moment a campaign starts or ends in a market: the site must be rebuilt then."""

    at: datetime  # UTC
    campaign_id: str
    market_code: str
    change: str  # "start" or "end"


# -- loading ----------------------------------------------------------------------------------
def load_campaigns(content_dir: Path, root: Path | None = None, *,
                   festivals: Collection[str] | None = None) -> tuple[list[Campaign],
                                                                     list[Problem]]:
    """Every campaign in content/promotions/, sorted by id, and the problems found."""
    folder = Path(content_dir) / PROMOTIONS_DIR
    if not folder.is_dir():
        return [], []
    campaigns: list[Campaign] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        file = display_path(path, root)
        suffix = path.suffix.lower()
        if suffix in _IMAGE_EXTENSIONS:
            continue  # banner images may live next to the campaigns
        if suffix not in (".yml", ".yaml"):
            problems.append(Problem(file, "", "is not read: a campaign is a .yml file; rename it "
                                              f"to {path.stem}.yml or move it out of "
                                              f"content/{PROMOTIONS_DIR}/", None, "warning"))
            continue
        campaign_id = path.stem
        if not is_slug(campaign_id):
            fixed = slugify(campaign_id) or "black-friday"
            problems.append(Problem(file, "", "the file name is the campaign's id: use lowercase "
                                              f"letters, digits and hyphens, e.g. {fixed}.yml"))
            continue
        if campaign_id in seen:
            problems.append(Problem(file, "", f"{seen[campaign_id]} has the same id "
                                              f'"{campaign_id}"; keep one of the two files'))
            continue
        seen[campaign_id] = file
        loaded = _read_yaml(path, file)
        if isinstance(loaded, Problem):
            problems.append(loaded)
            continue
        data, lines = loaded
        campaign, found = validate_campaign(data, lines, campaign_id=campaign_id, file=file,
                                            content_dir=Path(content_dir), festivals=festivals)
        problems.extend(found)
        if campaign is not None:
            campaigns.append(campaign)
    return campaigns, problems


def load_overrides(content_dir: Path, root: Path | None = None, *,
                   festivals: Collection[str] | None = None) -> tuple[dict[tuple[str, str, int],
                                                                          tuple[date, date]],
                                                                     list[Problem]]:
    """The merchant's festival dates from content/festivals.yml (none without the file)."""
    path = Path(content_dir) / FESTIVALS_FILE
    if not path.is_file():
        return {}, []
    file = display_path(path, root)
    loaded = _read_yaml(path, file)
    if isinstance(loaded, Problem):
        return {}, [loaded]
    data, lines = loaded
    return validate_overrides(data, lines, file=file, festivals=festivals)


def _read_yaml(path: Path, file: str) -> tuple[Any, dict[str, int]] | Problem:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(file, "", "is not UTF-8 text; save the file as UTF-8 in your editor", line)
    try:
        return parse_yaml(text.lstrip("\ufeff"))
    except YamlError as exc:
        return Problem(file, "", exc.message, exc.line)


# -- validation -------------------------------------------------------------------------------
class _Reader(FieldChecker):
    """The catalog's field checker with campaign hints for unknown fields."""

    def __init__(self, file: str, lines: Mapping[str, int], currency: str,
                 currencies: tuple[frozenset[str], frozenset[str]]):
        super().__init__(file, lines, currency, currencies)
        self.meant: set[str] = set()  # fields an unknown field was probably meant as

    def known_keys(self, data: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key in allowed:
                continue
            where = f"{path}.{key}" if path else key
            guess = did_you_mean(key, allowed)
            if not path and key.lower() in _FIELD_HINTS:
                hint, meant = _FIELD_HINTS[key.lower()]
            elif guess:
                hint, meant = f'did you mean "{guess}"?', guess
            else:
                hint, meant = "allowed here: " + ", ".join(allowed), ""
            self.meant.add(f"{path}.{meant}" if path and meant else meant)
            self.error(where, f"unknown field; {hint}")

    def missing(self, path: str, message: str) -> None:
        """A required field is missing, unless a misspelt field was already reported for it."""
        if path not in self.meant:
            self.error(path if path in self.lines else "", f"{path} {message}")


def validate_campaign(data: Any, lines: Mapping[str, int], *, campaign_id: str, file: str,
                      content_dir: Path, festivals: Collection[str] | None = None
                      ) -> tuple[Campaign | None, list[Problem]]:
    """Check one campaign file's parsed YAML; ``festivals`` defaults to the calendar's ids."""
    c = _Reader(file, lines, "USD", known_currencies())  # USD: only for examples
    if data is None:
        c.error("", "is empty; a campaign needs at least festival (or start and end), markets, "
                    "discount, scope and banner")
        return None, c.problems
    if not isinstance(data, dict):
        c.error("", "must be a list of fields like `festival: black-friday`, one per line")
        return None, c.problems
    c.known_keys(data, FIELDS, "")
    name = c.text(data.get("name"), "name", max_len=NAME_MAX) or campaign_id
    festival, country, days = _when_festival(c, data, festivals)
    start, end = _when_dates(c, data, festival is not None or "festival" in data)
    zone = _timezone(c, data.get("timezone"), "timezone")
    markets = _markets(c, data)
    discount = _discount(c, data.get("discount"))
    scope = _scope(c, data, discount)
    coupon = _coupon(c, data.get("coupon"))
    unavailable = {
        "coupon": "needs a code: add coupon: CODE, or remove {coupon}",
        "festival": "needs festival: (the sale follows no festival); write its name instead",
    }
    if coupon is not None:
        unavailable.pop("coupon")
    if "festival" in data:  # (a misspelt id is reported once, not again for {festival})
        unavailable.pop("festival")
    if discount is not None and discount.kind == "prices":
        unavailable["discount"] = ("has no single value with prices: (each SKU has its own sale "
                                   "price); write the text without {discount}")
    banner, msgid = _texts(c, data.get("banner"), "banner", unavailable, BANNER_MAX,
                           required=True)
    badge, badge_msgid = _texts(c, data.get("badge"), "badge", unavailable, BADGE_MAX)
    colors = _colors(c, data.get("colors"))
    image, image_path = _image(c, data.get("image"), Path(content_dir))
    priority = c.integer(data.get("priority", 0), "priority")
    hero = c.boolean(data.get("hero", False), "hero")
    if c.errors or discount is None or scope is None:
        return None, c.problems
    campaign = Campaign(
        id=campaign_id, file=file, name=name, markets=markets, discount=discount, scope=scope,
        festival=festival, country=country, days_from=days[0], days_to=days[1], start=start,
        end=end, timezone=zone, coupon=coupon, banner=banner, banner_msgid=msgid, badge=badge,
        badge_msgid=badge_msgid, colors=colors, image=image, image_path=image_path,
        priority=priority or 0, hero=bool(hero), lines=dict(lines),
    )
    return campaign, c.problems


def _when_festival(c: _Reader, data: Mapping[str, Any], festivals: Collection[str] | None
                   ) -> tuple[str | None, str | None, tuple[int, int]]:
    """(festival id, country, (from, to)) of a festival campaign."""
    days = [0, 0]
    if "festival" not in data and "festival" in c.meant:
        return None, None, (0, 0)  # misspelt: already reported
    if "festival" not in data:
        for key in ("from", "to"):
            if key in data:
                value = data[key]
                if isinstance(value, date):
                    c.meant.add("start" if key == "from" else "end")
                fix = (f"for a fixed date write {'start' if key == 'from' else 'end'}: "
                       f"{value.isoformat()}" if isinstance(value, date)
                       else "add festival: (e.g. festival: black-friday)")
                c.error(key, f"counts days from a festival, but no festival is given; {fix}")
        if "country" in data:
            c.error("country", "chooses whose festival dates to use, but no festival is given; "
                               "remove it")
        return None, None, (0, 0)
    festival = c.text(data.get("festival"), "festival", required=True)
    if festival is not None:
        known = tuple(festivals) if festivals is not None else festival_calendar.festival_ids()
        if festival not in known:
            guess = did_you_mean(festival, known) or did_you_mean(slugify(festival), known)
            hint = (f'did you mean "{guess}"?' if guess else
                    "`storefront festivals` lists them, e.g. " + ", ".join(known[:6]))
            c.error("festival", f'"{festival}" is not a festival the calendar knows; {hint}')
            festival = None
    for i, key in enumerate(("from", "to")):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, date):
            c.error(key, f"{value.isoformat()} is a date, but {key} counts days from the festival "
                         f"(e.g. {'-7' if key == 'from' else '1'}); for fixed dates write start: "
                         "and end: instead of festival:")
            continue
        number = c.integer(value, key)
        if number is not None and abs(number) > MAX_OFFSET:
            c.error(key, f"{number} days is too far from the festival (at most {MAX_OFFSET} "
                         "either way); for a longer sale write start: and end: dates")
        elif number is not None:
            days[i] = number
    country = None
    if "country" in data:
        country = _country(c, data.get("country"), "country")
    return festival, country, (days[0], days[1])


def _when_dates(c: _Reader, data: Mapping[str, Any], festival: bool
                ) -> tuple[date | datetime | None, date | datetime | None]:
    """The explicit (start, end) of a campaign without a festival."""
    has_dates = "start" in data or "end" in data
    if festival and has_dates:
        c.error("start" if "start" in data else "end",
                "give either festival: (the sale follows the festival's dates) or start: and "
                "end:, not both")
        return None, None
    if festival:
        return None, None
    if not has_dates and not {"festival", "start", "end"} & c.meant:
        c.error("", "says not when the sale runs; add festival: black-friday (with from: and "
                    "to:), or start: 2026-11-20 and end: 2026-11-30")
        return None, None
    start = _moment(c, data.get("start"), "start")
    end = _moment(c, data.get("end"), "end")
    for key, value in (("start", start), ("end", end)):
        if key not in data:
            c.missing(key, f"is missing; a sale with start: or end: needs both, e.g. {key}: "
                           "2026-11-30")
        elif value is None and data.get(key) is None:
            c.error(key, "is empty; write a date such as 2026-11-30")
    if start is not None and end is not None:
        first, stop = _naive_bounds(start, end)
        if first is not None and stop is not None and stop <= first:
            c.error("end", f"{_show_moment(end)} is not after start ({_show_moment(start)}); a "
                           "date as end is the last day of the sale")
    return start, end


def _naive_bounds(start: date | datetime, end: date | datetime
                  ) -> tuple[datetime | None, datetime | None]:
    """Comparable (start, end) moments when both are local or both have offsets."""
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    stop = end if isinstance(end, datetime) else datetime.combine(end + timedelta(days=1), time())
    if (first.tzinfo is None) != (stop.tzinfo is None):
        return None, None
    return first, stop


def _moment(c: _Reader, value: Any, path: str) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, date):  # datetime too
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    c.error(path, f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30, or with a "
                  "time of day as 2026-11-30 09:00")
    return None


def _timezone(c: _Reader, value: Any, path: str) -> str | None:
    zone = c.text(value, path)
    if zone is None:
        return None
    try:
        zoneinfo.ZoneInfo(zone)
        return zone
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        guess = did_you_mean(zone, zoneinfo.available_timezones())
        hint = f'did you mean "{guess}"?' if guess else 'write one such as "Europe/Berlin"'
        c.error(path, f'"{zone}" is not an IANA time zone; {hint}')
        return None


def _country(c: _Reader, value: Any, path: str) -> str | None:
    country = c.text(value, path, required=True)
    if country is None:
        return None
    upper = country.upper()
    if upper in _NOT_ISO:
        c.error(path, f'"{country}" is not an ISO 3166 country code; write "{_NOT_ISO[upper]}"')
    elif not _COUNTRY.match(upper) or upper not in get_global("territory_currencies"):
        c.error(path, f'"{country}" is not an ISO 3166 country code; use a two-letter code such '
                      'as "CN"')
    elif country != upper:
        c.error(path, f'country codes are written in capitals: write "{upper}"')
    else:
        return country
    return None


def _markets(c: _Reader, data: Mapping[str, Any]) -> tuple[str, ...] | None:
    value = data.get("markets")
    example = "markets: [en-us, de-de], or markets: all"
    if value is None:
        c.missing("markets", f"is missing; write {example}")
        return ()
    if isinstance(value, str) and value.strip().lower() == "all":
        return None
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"[,\s]+", value) if p.strip()]
        c.error("markets", f'must be a list; write markets: [{", ".join(parts)}], or '
                           "markets: all")
        return ()
    items = c.listing(value, "markets", "markets: [en-us, de-de]")
    if items is None:
        return ()
    if not items:
        c.error("markets", f"is empty, so the sale runs nowhere; write {example}")
        return ()
    codes: list[str] = []
    for i, item in enumerate(items, start=1):
        code = c.text(item, f"markets[{i}]", required=True)
        if code is None:
            continue
        if code.lower() == "all":
            c.error(f"markets[{i}]", "write markets: all on its own, not in a list")
        elif code in codes:
            c.error(f"markets[{i}]", f'"{code}" is listed twice; list each market once')
        else:
            codes.append(code)
    return tuple(codes)


def _discount(c: _Reader, value: Any) -> Discount | None:
    example = "discount: {percent: 20}"
    if value is None:
        c.missing("discount", f"is missing; write e.g. {example}, discount: {{amount: {{USD: "
                              '"10"}}, or discount: {prices: {SKU: {USD: "24.99"}}}')
        return None
    data = c.mapping(value, "discount", example)
    if data is None:
        return None
    c.known_keys(data, DISCOUNT_FIELDS, "discount")
    kinds = [k for k in DISCOUNT_FIELDS if k in data]
    if len(kinds) != 1:
        given = " and ".join(kinds) if kinds else "none of them"
        c.error("discount", f"must give exactly one of percent, amount or prices ({given} "
                            "given)")
        return None
    kind = kinds[0]
    path = f"discount.{kind}"
    if kind == "percent":
        percent = _percent(c, data[kind], path)
        return Discount(percent=percent) if percent is not None else None
    if kind == "amount":
        amount = c.prices(data[kind], path, need_store=False)
        if amount == {} and isinstance(data[kind], dict) and not data[kind]:
            c.error(path, 'lists no currency; write e.g. amount: {USD: "10", EUR: "9"}')
        return Discount(amount=amount) if amount else None
    entries = c.mapping(data[kind], path, 'prices: {VT-STY-01: {USD: "24.99"}}')
    if entries is None:
        return None
    if not entries:
        c.error(path, 'lists no SKU; write e.g. prices: {VT-STY-01: {USD: "24.99"}}')
        return None
    prices: dict[str, Prices] = {}
    seen: dict[str, str] = {}
    for key, raw in entries.items():
        where = f"{path}.{key}"
        sku = c.sku(key, where)
        if sku is None:
            continue
        if sku.casefold() in seen:
            c.error(where, f'"{sku}" is the same SKU as "{seen[sku.casefold()]}"; list it once')
            continue
        seen[sku.casefold()] = sku
        sale = c.prices(raw, where, need_store=False)
        if sale:
            prices[sku] = sale
    return Discount(prices=prices) if prices else None


def _percent(c: _Reader, value: Any, path: str) -> Decimal | None:
    number: Decimal | None = None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        bare = text.rstrip("% ")
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", bare):
            if bare != text:
                c.error(path, f'write the number without "%": percent: {bare}')
                return None
            number = Decimal(bare)
    if number is None:
        shown = f'"{value}"' if isinstance(value, str) else "this"
        c.error(path, f"{shown} is not a number; write how many percent off, e.g. percent: 20")
        return None
    if not 0 < number < 100:
        c.error(path, f"{number} must be above 0 and below 100 (the percent taken off)")
        return None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        c.error(path, f"{number} has more than two decimal digits; round it, e.g. "
                      f"{number.quantize(Decimal('0.01'))}")
        return None
    return number


def _scope(c: _Reader, data: Mapping[str, Any], discount: Discount | None) -> Scope | None:
    value = data.get("scope")
    if discount is not None and discount.kind == "prices":
        if "scope" in data:
            c.error("scope", "the SKUs under discount.prices are what is on sale; remove scope")
            return None
        return Scope(skus=tuple(discount.prices))
    example = "scope: {categories: [writing/stylus-pens], tags: [usb-c]}"
    if value is None:
        c.missing("scope", f"is missing; write scope: all for every product, or e.g. {example}")
        return None
    if isinstance(value, str):
        if value.strip().lower() == "all":
            return Scope(all=True)
        c.error("scope", f'"{value}" is not a scope; write scope: all, or e.g. {example}')
        return None
    entries = c.mapping(value, "scope", example)
    if entries is None:
        return None
    c.known_keys(entries, SCOPE_FIELDS, "scope")
    found: dict[str, tuple[str, ...]] = {}
    for key in SCOPE_FIELDS:
        if key not in entries:
            continue
        path = f"scope.{key}"
        raw = entries[key]
        if isinstance(raw, str):
            c.error(path, f"must be a list; write {key}: [{raw}]")
            continue
        items = c.listing(raw, path, f"{key}: [...]")
        if items is None:
            continue
        names: list[str] = []
        for i, item in enumerate(items, start=1):
            text = c.text(item, f"{path}[{i}]", required=True)
            if text is None:
                continue
            if key == "categories":
                text = "/".join(slugify(part) for part in text.strip("/").split("/"))
            if text not in names:
                names.append(text)
        found[key] = tuple(names)
    if not any(found.values()) and not c.errors:
        c.error("scope", f"names no products; write scope: all, or e.g. {example}")
        return None
    return Scope(categories=found.get("categories", ()), tags=found.get("tags", ()),
                 products=found.get("products", ()), skus=found.get("skus", ()))


def _coupon(c: _Reader, value: Any) -> str | None:
    code = c.text(value, "coupon")
    if code is None:
        return None
    if not _COUPON.match(code):
        fixed = re.sub(r"[^A-Za-z0-9_-]+", "", code) or "BLACKFRIDAY20"
        c.error("coupon", f'"{code}" must be 2 to 32 letters, digits, - or _ (shoppers type it '
                          f'at checkout), e.g. "{fixed}"')
        return None
    return code


def _texts(c: _Reader, value: Any, path: str, unavailable: Mapping[str, str], max_len: int,
           *, required: bool = False) -> tuple[dict[str, str], str | None]:
    """Per-language texts, or one gettext msgid, with their placeholders checked."""
    if value is None:
        if required:
            c.missing(path, f'is missing; write the shoppers\' text per language, e.g. {path}: '
                            '{en: "{discount} off until {end_date}", de: "..."}')
        return {}, None
    if isinstance(value, str):
        text = c.text(value, path, required=True)
        if text is not None:
            _placeholders(c, text, path, unavailable)
            _length(c, text, path, max_len)
        return {}, text
    entries = c.mapping(value, path, f'{path}: {{en: "...", de: "..."}}')
    if entries is None:
        return {}, None
    out: dict[str, str] = {}
    for lang, raw in entries.items():
        where = f"{path}.{lang}"
        if not _LANG.match(lang):
            c.error(where, f'"{lang}" is not a language code; write a lowercase code such as de '
                           "or ja (or a market code such as en-gb)")
            continue
        text = c.text(raw, where, required=True)
        if text is None:
            continue
        _placeholders(c, text, where, unavailable)
        _length(c, text, where, max_len)
        out[lang] = text
    if not out and not c.errors:
        c.error(path, f'gives no text; write e.g. {path}: {{en: "..."}}')
    return out, None


def _length(c: _Reader, text: str, path: str, max_len: int) -> None:
    if len(text) > max_len:
        c.warn(path, f"is {len(text)} characters; the space kept for it fits about {max_len}, "
                     "shorten it")


def _placeholders(c: _Reader, text: str, path: str, unavailable: Mapping[str, str]) -> None:
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        c.error(path, "has a { or } that opens or closes nothing; placeholders are written "
                      "{discount}, and {{ or }} writes a brace")
        return
    shown = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            guess = did_you_mean(name, PLACEHOLDERS)
            hint = f"did you mean {{{guess}}}? " if guess else ""
            c.error(path, f'"{{{name}}}" is not a placeholder; {hint}use {shown}')
        elif name in unavailable:
            c.error(path, f"{{{name}}} {unavailable[name]}")
        elif spec or conversion:
            c.error(path, f"write {{{name}}} without : or ! after the name")


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours, from 1 to 21.

    >>> round(contrast_ratio("#ffffff", "#000000"), 1), round(contrast_ratio("#777777", "#fff"), 2)
    (21.0, 4.48)
    """
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """Relative luminance of "#rrggbb" or "#rgb" (WCAG 2)."""
    hexa = _six_digits(colour)[1:]
    channels = []
    for i in (0, 2, 4):
        value = int(hexa[i:i + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _six_digits(colour: str) -> str:
    """"#rrggbb" in lowercase from "#rgb" or "#RRGGBB"."""
    hexa = colour.lstrip("#").lower()
    if len(hexa) == 3:
        hexa = "".join(ch * 2 for ch in hexa)
    return "#" + hexa


def _colors(c: _Reader, value: Any) -> Colors | None:
    if value is None:
        return None
    example = 'colors: {background: "#111111", text: "#ffffff"}'
    data = c.mapping(value, "colors", example)
    if data is None:
        return None
    c.known_keys(data, COLOR_FIELDS, "colors")
    found: dict[str, str] = {}
    for key in COLOR_FIELDS:
        path = f"colors.{key}"
        if key not in data:
            c.error("colors", f"{key} is missing; give both colours so their contrast can be "
                              f"checked, e.g. {example}")
            continue
        raw = data[key]
        if raw is None:
            c.error(path, 'is empty; a # starts a comment in YAML, so put the colour in quotes: '
                          f'{key}: "#1a1a1a"')
            continue
        text = raw if isinstance(raw, str) else str(raw)
        if not _COLOUR.match(text.strip()):
            c.error(path, f'"{text}" is not a colour; write it as "#rrggbb" in quotes, e.g. '
                          '"#1a1a1a"')
            continue
        found[key] = _six_digits(text.strip())
    if len(found) < 2:
        return None
    ratio = contrast_ratio(found["background"], found["text"])
    if ratio < MIN_CONTRAST:
        better = max(("#000000", "#ffffff"), key=lambda x: contrast_ratio(x, found["background"]))
        c.error("colors.text", f'{found["text"]} on {found["background"]} has a contrast of '
                               f"{ratio:.2f}:1; text needs at least {MIN_CONTRAST}:1 to be "
                               f'readable (WCAG AA), e.g. text: "{better}"')
        return None
    return Colors(background=found["background"], text=found["text"])


def _image(c: _Reader, value: Any, content_dir: Path) -> tuple[str | None, Path | None]:
    text = c.text(value, "image")
    if text is None:
        return None, None
    written = text.replace("\\", "/")
    relative = PurePosixPath(written)
    example = f"{PROMOTIONS_DIR}/{PurePosixPath(written).name or 'banner.jpg'}"
    if relative.is_absolute() or re.match(r"^[A-Za-z]:", written) or "://" in written:
        c.error("image", f'"{text}" must be a path inside content/, e.g. {example}')
        return None, None
    if ".." in relative.parts:
        c.error("image", f'"{text}" leaves content/ (".."); put the image inside content/, e.g. '
                         f"{example}")
        return None, None
    path = content_dir / relative
    try:
        inside = path.resolve().is_relative_to(content_dir.resolve())
    except OSError:
        inside = False
    if not inside:
        c.error("image", f'"{text}" is a link to a file outside content/; copy the image into '
                         f"content/, e.g. {example}")
        return None, None
    if not path.is_file():
        beside = content_dir / PROMOTIONS_DIR / relative
        if beside.is_file():
            hint = f"did you mean {PROMOTIONS_DIR}/{written}? (the path starts at content/)"
        else:
            folder = path.parent
            names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
            guess = did_you_mean(relative.name, names)
            hint = (f'did you mean "{relative.parent / guess}"?' if guess
                    else "put the image there or fix the path (it starts at content/)")
        c.error("image", f'"{text}" does not exist; {hint}')
        return None, None
    if path.suffix.lower() not in _IMAGE_EXTENSIONS or not _is_image(path):
        c.error("image", f'"{text}" is not a JPEG, PNG, WebP or AVIF image; export the banner in '
                         "one of those formats")
        return None, None
    return relative.as_posix(), path


def _is_image(path: Path) -> bool:
    """True when the file starts like a JPEG, PNG, WebP or AVIF file."""
    with path.open("rb") as handle:
        head = handle.read(16)
    return (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or (head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")))


def validate_overrides(data: Any, lines: Mapping[str, int], *, file: str,
                       festivals: Collection[str] | None = None
                       ) -> tuple[dict[tuple[str, str, int], tuple[date, date]], list[Problem]]:
    """Check content/festivals.yml: festival -> country -> year -> date or [first, last]."""
    c = _Reader(file, lines, "", (frozenset(), frozenset()))
    example = "eid-al-fitr: {SA: {2026: 2026-03-20, 2027: [2027-03-09, 2027-03-11]}}"
    out: dict[tuple[str, str, int], tuple[date, date]] = {}
    if data is None:
        return out, []
    if not isinstance(data, dict):
        c.error("", f"must map festivals to countries and years, e.g. {example}")
        return out, c.problems
    known = tuple(festivals) if festivals is not None else festival_calendar.festival_ids()
    for festival, by_country in data.items():
        if festival not in known:
            guess = did_you_mean(festival, known)
            hint = f'did you mean "{guess}"?' if guess else "`storefront festivals` lists them"
            c.error(festival, f'"{festival}" is not a festival the calendar knows; {hint}')
            continue
        countries = c.mapping(by_country, festival, f"{festival}: {{SA: {{2026: 2026-03-20}}}}")
        for country, by_year in (countries or {}).items():
            where = f"{festival}.{country}"
            if _country(c, country, where) is None:
                continue
            years = c.mapping(by_year, where, f"{country}: {{2026: 2026-03-20}}")
            for year_text, value in (years or {}).items():
                path = f"{where}.{year_text}"
                if not _YEAR.match(year_text):
                    c.error(path, f'"{year_text}" is not a year; write e.g. 2026: 2026-03-20')
                    continue
                span = _span(c, value, path, int(year_text))
                key = (festival, country, int(year_text))
                problem = None if span is None else festival_calendar.override_problem(key, span)
                if problem is not None:
                    c.error(path, problem)
                elif span is not None:
                    out[key] = span
    return out, c.problems


def _span(c: _Reader, value: Any, path: str, year: int) -> tuple[date, date] | None:
    """(first day, last day) from a date or a [first, last] list."""
    items = value if isinstance(value, list) else [value]
    if not 1 <= len(items) <= 2:
        c.error(path, f"must be one date or [first day, last day], e.g. [{year}-03-09, "
                      f"{year}-03-11]")
        return None
    days = []
    for item in items:
        if isinstance(item, datetime) or not isinstance(item, date):
            shown = f'"{item}"' if isinstance(item, str) else "this"
            c.error(path, f"{shown} is not a date; write it as YYYY-MM-DD, e.g. {year}-03-20")
            return None
        days.append(item)
    first, last = days[0], days[-1]
    if first.year != year:
        c.error(path, f"{first.isoformat()} is not in {year}; list a festival under the year it "
                      "starts in")
        return None
    if last < first:
        c.error(path, f"the last day {last.isoformat()} is before the first {first.isoformat()}")
        return None
    if (last - first).days > 45:
        c.error(path, f"spans {(last - first).days + 1} days; a festival lasts at most 46")
        return None
    return first, last


# -- resolution -------------------------------------------------------------------------------
def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC)


def _midnight(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    """The first moment of ``day`` in ``zone`` (01:00 where clocks skip midnight).

    >>> _midnight(date(2026, 11, 27), zoneinfo.ZoneInfo("America/New_York")).isoformat()
    '2026-11-27T00:00:00-05:00'
    """
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC).astimezone(zone)


def _at(value: date | datetime, zone: zoneinfo.ZoneInfo, *, end: bool) -> datetime:
    """An explicit start or end as an aware moment in ``zone`` (a date as end: its 24:00)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
        return value.astimezone(zone)
    return _midnight(value + timedelta(days=1) if end else value, zone)


def campaign_zone(campaign: Campaign, market: Market) -> zoneinfo.ZoneInfo:
    """The time zone a campaign starts and ends in, in a market."""
    return zoneinfo.ZoneInfo(campaign.timezone or market.timezone or "UTC")


def windows(campaign: Campaign, market: Market, years: Iterable[int],
            overrides: Overrides | None = None) -> list[Window]:
    """The campaign's runs in a market that overlap any of the (local) Gregorian ``years``.

    A festival sale is found from the festival in the year before to the year after, so a
    Lunar New Year sale starting in December belongs to both years it touches.
    """
    wanted = sorted(set(years))
    if not wanted or not campaign.sells_in(market.code):
        return []
    zone = campaign_zone(campaign, market)
    found: list[Window] = []
    if campaign.festival is None:
        if campaign.start is not None and campaign.end is not None:
            start = _at(campaign.start, zone, end=False)
            stop = _at(campaign.end, zone, end=True)
            if start < stop:
                found.append(Window(campaign.id, market.code, start, stop))
    else:
        country = campaign.country or market.country
        if not country:
            return []
        for year in range(wanted[0] - 1, wanted[-1] + 2):
            for occ in _occurrences(campaign.festival, country, year, overrides)[0]:
                first = occ.start + timedelta(days=campaign.days_from)
                last = occ.end + timedelta(days=campaign.days_to)
                if last < first:
                    continue
                found.append(Window(campaign.id, market.code, _midnight(first, zone),
                                    _midnight(last + timedelta(days=1), zone), occ))
    bounds = [(_midnight(date(y, 1, 1), zone), _midnight(date(y + 1, 1, 1), zone))
              for y in wanted]
    kept = {(w.start, w.end): w for w in found
            if any(_utc(w.start) < _utc(hi) and _utc(lo) < _utc(w.end) for lo, hi in bounds)}
    return sorted(kept.values(), key=lambda w: _utc(w.start))


def _occurrences(festival: str, country: str, year: int, overrides: Overrides | None
                 ) -> tuple[list[Occurrence], str | None]:
    """The festival's occurrences, or none and why (not listed in the country, or no table
    covers the year: the calendar says how to set the dates)."""
    try:
        return festival_calendar.occurrences(festival, country, year, overrides), None
    except LookupError as exc:  # FestivalError (a KeyError) and DatesUnknown
        return [], str(exc)


def _years_around(start: datetime, end: datetime) -> range:
    """Gregorian years any time zone can be in between two moments."""
    return range(_utc(start).year - 1, _utc(end).year + 2)


def precedence(campaign: Campaign) -> tuple[int, str]:
    """Sort key of running campaigns: highest priority first, then id."""
    return -campaign.priority, campaign.id


def active(campaigns: Iterable[Campaign], market: Market, at: datetime,
           overrides: Overrides | None = None) -> list[tuple[Campaign, Window]]:
    """The campaigns running in a market at the moment ``at``, by priority then id."""
    running = []
    for campaign in campaigns:
        for window in windows(campaign, market, _years_around(at, at), overrides):
            if window.contains(at):
                running.append((campaign, window))
                break
    return sorted(running, key=lambda item: precedence(item[0]))


def upcoming(campaigns: Iterable[Campaign], market: Market, at: datetime, days: int,
             overrides: Overrides | None = None) -> list[tuple[Campaign, Window]]:
    """Campaign runs in a market starting after ``at`` and within ``days``, by start then id."""
    until = _utc(at) + timedelta(days=days)
    found = []
    for campaign in campaigns:
        for window in windows(campaign, market, _years_around(at, until), overrides):
            if _utc(at) < _utc(window.start) <= until:
                found.append((campaign, window))
    return sorted(found, key=lambda item: (_utc(item[1].start), item[0].id))


def transitions(campaigns: Iterable[Campaign], markets: Iterable[Market], start: datetime,
                end: datetime, overrides: Overrides | None = None) -> list[Transition]:
    """Every moment in [start, end) a campaign starts or ends in a market, in UTC, sorted."""
    lo, hi = _utc(start), _utc(end)
    found: set[Transition] = set()
    markets = list(markets)
    for campaign in campaigns:
        for market in markets:
            for window in windows(campaign, market, _years_around(start, end), overrides):
                for moment, change in ((window.start, "start"), (window.end, "end")):
                    if lo <= _utc(moment) < hi:
                        found.add(Transition(_utc(moment), campaign.id, market.code, change))
    return sorted(found, key=lambda t: (t.at, t.change != "end", t.campaign_id, t.market_code))


def preview_moment(day: date, market: Market) -> datetime:
    """Noon of ``day`` in the market's time zone: what a ``--date`` preview takes as now.

    >>> preview_moment(date(2026, 11, 27), Market("de-de", "de", "de_DE", "EUR",
    ...                timezone="Europe/Berlin")).isoformat()
    '2026-11-27T12:00:00+01:00'
    """
    return datetime.combine(day, time(12), tzinfo=zoneinfo.ZoneInfo(market.timezone or "UTC"))


# -- shoppers' text ---------------------------------------------------------------------------
def discount_text(campaign: Campaign, market: Market) -> str | None:
    """The discount as the market writes it ("20 %", "10,00 €"); None when it has none there.

    >>> de = Market("de-de", "de", "de_DE", "EUR")
    >>> c = Campaign("x", "x.yml", "X", None, Discount(percent=Decimal(20)), Scope(all=True))
    >>> discount_text(c, de)
    '20\\xa0%'
    """
    discount = campaign.discount
    if discount.percent is not None:
        return format_percent(discount.percent / 100, locale=market.locale,
                              decimal_quantization=False)
    if discount.amount:
        amount = discount.amount.get(market.currency)
        return None if amount is None else format_money(amount, market.currency, market.locale)
    return None


def _pick(texts: Mapping[str, str], msgid: str | None, market: Market,
          translate: Callable[[str], str] | None) -> str | None:
    template = texts.get(market.code) or texts.get(market.lang)
    if template is None and msgid is not None:
        template = translate(msgid) if translate else msgid
    return template


def banner_text(campaign: Campaign, window: Window, market: Market,
                translate: Callable[[str], str] | None = None) -> str | None:
    """The banner of a running campaign in the market's language with its placeholders
    filled; None when it has no text for that language. ``translate`` is the market
    language's gettext, for a msgid banner."""
    template = _pick(campaign.banner, campaign.banner_msgid, market, translate)
    return None if template is None else fill(template, campaign, window, market)


def badge_text(campaign: Campaign, window: Window, market: Market,
               translate: Callable[[str], str] | None = None) -> str | None:
    """The social-card badge in the market's language, placeholders filled (None: no badge)."""
    template = _pick(campaign.badge, campaign.badge_msgid, market, translate)
    return None if template is None else fill(template, campaign, window, market)


def fill(template: str, campaign: Campaign, window: Window, market: Market) -> str:
    """A banner or badge text with its placeholders replaced (unknown ones are kept)."""
    values = {
        "discount": discount_text(campaign, market),
        "start_date": format_date(window.first_day, format="long", locale=market.locale),
        "end_date": format_date(window.last_day, format="long", locale=market.locale),
        "coupon": campaign.coupon,
        "festival": (festival_calendar.festival_name(campaign.festival, market.lang,
                                                     campaign.country or market.country or None)
                     if campaign.festival else None),
    }
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:  # a broken translation: show it as written rather than fail the build
        return template
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        value = values.get(name)
        if value is None:
            rest = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            out.append("{" + name + rest + "}")
        else:
            out.append(value)
    return "".join(out)


# -- checks -----------------------------------------------------------------------------------
def check_campaigns(campaigns: Sequence[Campaign], products: Sequence[Product],
                    markets: Sequence[Market], at: datetime,
                    overrides: Overrides | None = None,
                    unbuilt: Sequence[Unbuilt] = ()) -> list[Problem]:
    """Problems with campaigns against the catalog, the markets and the next year of dates;
    ``unbuilt`` products (kept out by their errors) may be named without a second error."""
    by_code = {m.code: m for m in markets}
    problems: list[Problem] = []
    for campaign in campaigns:
        targets = [m for m in markets if campaign.sells_in(m.code)]
        problems += _check_markets(campaign, by_code)
        problems += _check_scope(campaign, products, unbuilt)
        problems += _check_languages(campaign, targets)
        problems += _check_dates(campaign, targets, at, overrides)
        problems += _check_prices(campaign, products, targets)
    problems += _check_overlaps(campaigns, products, markets, at, overrides)
    return problems


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN_MAX])
    more = len(names) - _SHOWN_MAX
    return shown + (f" and {more} more" if more > 0 else "")


def _check_markets(campaign: Campaign, by_code: Mapping[str, Market]) -> list[Problem]:
    problems = []
    for i, code in enumerate(campaign.markets or (), start=1):
        if code not in by_code:
            guess = did_you_mean(code, by_code)
            hint = (f'did you mean "{guess}"?' if guess
                    else "markets: " + ", ".join(by_code))
            problems.append(campaign.problem(f"markets[{i}]", f'"{code}" is not a market in '
                                                              f"markets.yml; {hint}"))
    return problems


def _check_scope(campaign: Campaign, products: Sequence[Product],
                 unbuilt: Sequence[Unbuilt] = ()) -> list[Problem]:
    scope = campaign.scope
    known: dict[str, set[str]] = {
        "categories": {path for p in products for path in category_paths(p.category)},
        "tags": {t for p in products for t in p.tags},
        "products": {p.slug for p in products},
        "skus": {p.sku for p in products} | {v.sku for p in products for v in p.variants},
    }
    named = {  # what products kept out by their errors name: no second error about them
        "categories": {path for u in unbuilt for path in u.category_paths},
        "tags": {t for u in unbuilt for t in u.tags},
        "products": {u.slug for u in unbuilt},
        "skus": {sku for u in unbuilt for sku in u.skus},
    }
    folded = {key: {n.casefold() for n in names} for key, names in known.items()}
    problems = []
    for key in SCOPE_FIELDS:
        for i, name in enumerate(getattr(scope, key), start=1):
            fold = key in ("tags", "skus")
            if (name.casefold() in folded[key]) if fold else (name in known[key]):
                continue
            if name in named[key] or (fold and name.casefold() in {
                    n.casefold() for n in named[key]}):
                continue
            if key != "products" and not all(u.read for u in unbuilt):
                continue  # an unreadable product file may have it
            guess = did_you_mean(name, known[key])
            hint = f'did you mean "{guess}"?' if guess else (
                f"{key}: " + (_listing(sorted(known[key])) or "none yet"))
            what = {"categories": "a category path", "tags": "a tag of any product",
                    "products": "a product folder", "skus": "a product or variant SKU"}[key]
            if campaign.discount.kind == "prices":
                path = f"discount.prices.{name}"
            else:
                path = f"scope.{key}[{i}]"
            problems.append(campaign.problem(path, f'"{name}" is not {what}, so nothing is on '
                                                   f"sale for it; {hint}"))
    return problems


def _check_languages(campaign: Campaign, targets: Sequence[Market]) -> list[Problem]:
    problems = []
    for key, texts in (("banner", campaign.banner), ("badge", campaign.badge)):
        if not texts:
            continue
        missing = [m.code for m in targets if m.code not in texts and m.lang not in texts]
        if missing:
            langs = sorted({m.lang for m in targets if m.code in missing})
            problems.append(campaign.problem(
                key, f"has no text in {', '.join(langs)}, so {', '.join(missing)} "
                     f"{'shows' if len(missing) == 1 else 'show'} no {key}; add "
                     + ", ".join(f'{lang}: "..."' for lang in langs), "warning"))
        used = {m.lang for m in targets} | {m.code for m in targets}
        for lang in texts:
            if lang not in used:
                problems.append(campaign.problem(
                    f"{key}.{lang}", f'no market of this campaign is in "{lang}", so this text '
                                     "is never shown; remove it or add the market",
                    "warning"))
    return problems


def _check_dates(campaign: Campaign, targets: Sequence[Market], at: datetime,
                 overrides: Overrides | None) -> list[Problem]:
    if not targets:
        return []
    horizon = _utc(at) + HORIZON
    if campaign.festival is None:
        if campaign.start is None or campaign.end is None:
            return []
        own = range(campaign.start.year - 1, campaign.end.year + 2)
        runs = [w for m in targets for w in windows(campaign, m, own, overrides)]
        if runs and all(_utc(w.end) <= _utc(at) for w in runs):
            last = max(runs, key=lambda w: _utc(w.end))
            return [campaign.problem("end", f"the sale ended on {last.last_day.isoformat()}; "
                                            "delete the file, or give it new dates", "warning")]
        if runs and all(_utc(w.start) >= horizon for w in runs):
            first = min(runs, key=lambda w: _utc(w.start))
            return [campaign.problem("start", f"{first.first_day.isoformat()} is more than a "
                                              "year away, so the sale does not run in the next "
                                              "year; check the dates", "warning")]
        return []
    no_country = [m.code for m in targets if not (campaign.country or m.country)]
    if no_country:
        return [campaign.problem("festival", f"{', '.join(no_country)} has no country, so the "
                                             "festival's dates are unknown there; add country: "
                                             "to the campaign")]
    runs = [w for m in targets for w in windows(campaign, m, _years_around(at, horizon),
                                                 overrides)]
    if any(_utc(w.end) > _utc(at) and _utc(w.start) < horizon for w in runs):
        return []
    countries = sorted({campaign.country or m.country for m in targets})
    falls: list[Occurrence] = []
    why: list[str] = []
    for country in countries:
        for year in _years_around(at, horizon):
            found, reason = _occurrences(campaign.festival, country, year, overrides)
            falls += [o for o in found if _utc(at).date() - timedelta(days=MAX_OFFSET) <= o.start
                      <= horizon.date() + timedelta(days=MAX_OFFSET)]
            if reason and reason not in why:
                why.append(reason)
    if falls and not runs:
        return [campaign.problem(
            "from", f"from: {campaign.days_from} starts the sale after it ends (to: "
                    f"{campaign.days_to} days after the festival's last day), so it never runs; "
                    "make from smaller or to larger")]
    reason = f" ({'; '.join(why)})" if why else ""
    return [campaign.problem(
        "festival", f'"{campaign.festival}" has no date in the next year in '
                    f"{', '.join(countries)}{reason}, so the sale never runs; set its dates in "
                    f"content/{FESTIVALS_FILE}, use country: for another country's dates, or "
                    "choose another festival", "warning")]


def _sold_in(products: Sequence[Product], market: Market) -> list[Product]:
    return [p for p in products if market.currency in p.price
            and not market.excludes(p.slug, p.category_path)]


def _check_prices(campaign: Campaign, products: Sequence[Product],
                  targets: Sequence[Market]) -> list[Problem]:
    if not campaign.changes_prices:
        return []
    problems = []
    discount = campaign.discount
    seen_currencies: set[str] = set()
    for market in targets:
        currency = market.currency
        if discount.kind == "amount" and currency not in discount.amount:
            problems.append(campaign.problem(
                "discount.amount", f"has no {currency} amount, so the {market.code} market gets "
                                   f'no sale; add {currency}: "..."', "warning"))
            continue
        if discount.kind == "prices":
            lacking = [sku for sku, prices in discount.prices.items() if currency not in prices]
            if lacking:
                one = len(lacking) == 1
                problems.append(campaign.problem(
                    "discount.prices", f"{_listing(lacking)} {'has' if one else 'have'} no "
                                       f"{currency} price, so {'it is' if one else 'they are'} "
                                       f'not on sale in {market.code}; add {currency}: "..."',
                    "warning"))
        if currency in seen_currencies:
            continue
        seen_currencies.add(currency)
        refused = [r for p in _sold_in(products, market)
                   for r in pricing.cut_prices(p, campaign, currency).refused]
        if refused:
            problems.append(_refusal_problem(campaign, refused, currency))
    return problems


def _refusal_problem(campaign: Campaign, refused: Sequence[pricing.Refusal],
                     currency: str) -> Problem:
    kind = campaign.discount.kind
    first = refused[0]
    path = {"percent": "discount.percent", "amount": f"discount.amount.{currency}",
            "prices": f"discount.prices.{first.key}.{currency}"}[kind]
    shown = _listing([f"{r.sku} ({r.sale} instead of {r.regular} {currency})" for r in refused])
    if all(r.sale <= 0 for r in refused):
        fix = "make the discount smaller, or leave these products out of the scope"
        what = "at or below zero"
    elif kind == "prices":
        fix = "a sale price must be below the regular price; lower it or remove the SKU"
        what = "not below the regular price"
    else:
        fix = "make the discount smaller, or leave these products out of the scope"
        what = "at or below zero, or not below the regular price"
    return campaign.problem(path, f"puts the price {what} for {shown}; these stay at the "
                                  f"regular price: {fix}")


def _check_overlaps(campaigns: Sequence[Campaign], products: Sequence[Product],
                    markets: Sequence[Market], at: datetime,
                    overrides: Overrides | None) -> list[Problem]:
    horizon = _utc(at) + HORIZON
    pricing_campaigns = [c for c in sorted(campaigns, key=lambda c: c.id) if c.changes_prices]
    found: dict[tuple[str, str], list[str]] = {}
    wins: dict[tuple[str, str], Counter[str]] = {}
    for market in markets:
        runs = {c.id: [w for w in windows(c, market, _years_around(at, horizon), overrides)
                       if _utc(w.end) > _utc(at) and _utc(w.start) < horizon]
                for c in pricing_campaigns if c.sells_in(market.code)}
        sold = _sold_in(products, market)
        zone = zoneinfo.ZoneInfo(market.timezone or "UTC")
        for a, b in itertools.combinations([c for c in pricing_campaigns if runs.get(c.id)], 2):
            spans = [(max(wa.start, wb.start, key=_utc), min(wa.end, wb.end, key=_utc), wa, wb)
                     for wa in runs[a.id] for wb in runs[b.id]
                     if _utc(max(wa.start, wb.start, key=_utc)) < _utc(min(wa.end, wb.end,
                                                                          key=_utc))]
            if not spans:
                continue
            start, end, wa, wb = spans[0]
            count = 0
            for product in sold:
                if any(pricing.cut_prices(product, c, market.currency).product is None
                       for c in (a, b)):
                    continue
                sale = pricing.best_sale(product, market, [(a, wa), (b, wb)])
                if sale is not None:
                    count += 1
                    wins.setdefault((a.id, b.id), Counter())[sale.campaign.id] += 1
            if count:
                found.setdefault((a.id, b.id), []).append(
                    f"{market.code} ({count} product{'s' if count != 1 else ''}, "
                    f"{_show_moment(start.astimezone(zone))} to "
                    f"{_show_moment(end.astimezone(zone), end=True)})")
    by_id = {c.id: c for c in campaigns}
    problems = []
    for (a_id, b_id), where in found.items():
        a, b = by_id[a_id], by_id[b_id]
        if a.priority != b.priority:  # the merchant decided: a note for `check`, no warning
            winner, loser = (a, b) if a.priority > b.priority else (b, a)
            problems.append(a.problem(
                "", f"runs at the same time as {b.file} on the same products in "
                    f"{'; '.join(where)}; {winner.id} sets the price (priority "
                    f"{winner.priority} over {loser.priority})", "note"))
            continue
        else:
            counted = wins[(a_id, b_id)]
            if len(counted) == 1:
                rule = (f"{next(iter(counted))} sets the price (equal priority: the lower price "
                        "wins)")
            else:
                rule = ("with equal priority the lower price wins: " + ", ".join(
                    f"{cid} on {n}" for cid, n in counted.most_common()))
        problems.append(a.problem(
            "", f"runs at the same time as {b.file} on the same products in "
                f"{'; '.join(where)}; {rule}. Give one a higher priority, or narrow the scope "
                "or dates, if that is not what you want", "warning"))
    return problems


def _show_moment(moment: date | datetime, *, end: bool = False) -> str:
    """A date, or a date and time when not at midnight; an exclusive end at midnight shows the
    day before (the last day of the sale)."""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    if moment.time() == time() and moment.tzinfo is not None:
        return (moment.date() - timedelta(days=1) if end else moment.date()).isoformat()
    if moment.time() == time():
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M")
