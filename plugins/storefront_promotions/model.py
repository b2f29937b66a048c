"""The campaign model: dated sales per market, read from content/promotions/<id>.yml.

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
    year. ``country: CN`` (optional) uses one country's dates in every market instead. Each
    of its markets gets the festival's page, ``/<market>/<festival>/``, all year (see
    ``festival_pages``; content/festivals.yml can give it another ``slug``).
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from storefront_catalog.model import Prices, Product, Variant
from storefront_core.errors import Problem
from storefront_core.yamlio import field_line

#: the folder of campaign files inside content/
PROMOTIONS_DIR = "promotions"
#: the merchant's festival dates inside content/
FESTIVALS_FILE = "festivals.yml"
SCOPE_FIELDS = ("categories", "tags", "products", "skus")
#: how far a festival sale may start before or end after the festival, in days
MAX_OFFSET = 90
#: banner image formats every current browser shows
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif")


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
    #: the hero's discount sticker and call to action (None: the text colour); its label is
    #: whichever of ``text`` and ``background`` contrasts more with it (at least 4.5:1)
    accent: str | None = None


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
        return field_line(self.lines, path)

    def problem(self, path: str, message: str, severity: str = "error") -> Problem:
        return Problem(self.file, path, message, self.line(path), severity)
