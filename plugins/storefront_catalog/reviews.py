"""Customer reviews: a product bundle's reviews.yml in, Reviews and Problems out; the summary a
product page shows (average, count, star breakdown) and the order a market lists them in.

Pure functions: the loader reads the file and passes its parsed data and field lines. Review
text is the customer's, untrusted: it is kept as plain text (control and bidi-override
characters removed) and escaped wherever it is shown.

File format (``content/products/<slug>/reviews.yml``)::

    reviews:
      - author: Jana K.
        rating: 5                 # whole stars, 1-5
        title: Charges my laptop and phone at once
        body: |
          Small enough for the travel bag ...
        date: 2026-03-14
        language: de              # what it is written in; default: the store's language
        verified: true            # a verified buyer
        source: first-party       # collected by the store; else where it comes from (Amazon)
        sku: VT-GAN65-BLK         # optional: the variant reviewed
        reply: Danke, Jana! ...   # optional: the merchant's public answer
        reply_date: 2026-03-16
        id: jm-8d2f...            # optional: a stable id (imports write one)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from storefront_core.errors import Problem
from storefront_core.yamlio import YamlError, parse_yaml

from .checker import FieldChecker, show_value
from .model import FIRST_PARTY, Product, Rating, Review

REVIEWS_FILE = "reviews.yml"
REVIEW_FIELDS = ("id", "author", "rating", "title", "body", "date", "language", "verified",
                 "source", "sku", "reply", "reply_date")
AUTHOR_MAX = 80
TITLE_MAX = 150
BODY_MAX = 5000
SOURCE_MAX = 40
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
#: control characters and the bidi embeddings and overrides a review could use to reorder
#: the text around it (the page isolates each review with its own ``dir`` instead)
_UNSAFE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]")
_FIRST_PARTY_NAMES = frozenset({"first-party", "first party", "firstparty", "own", "store"})


def clean_text(text: str) -> str:
    """Customer text as plain text: NFC, no control or bidi-override characters, trimmed.

    >>> clean_text("Gut\\u202e!  \\r\\n")
    'Gut!'
    """
    return _UNSAFE.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n"))).strip()


def review_id(author: str, day: date, body: str) -> str:
    """A review's stable id from who wrote what when (a re-import finds the same id, whatever
    source it is imported as).

    >>> review_id("Ana", date(2026, 1, 2), "Great.")
    'r-24d4baff3ae7'
    """
    key = "\0".join([author.casefold(), day.isoformat(),
                     " ".join(body.split()).casefold()])
    return "r-" + hashlib.sha256(key.encode()).hexdigest()[:12]


@lru_cache(maxsize=256)
def language_tag(value: str) -> str | None:
    """A language tag Babel knows, normalized ("pt_BR" -> "pt-br"); None when unknown.

    >>> language_tag("DE"), language_tag("pt_BR"), language_tag("xx")
    ('de', 'pt-br', None)
    """
    tag = value.strip().replace("_", "-")
    try:
        Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    return tag.lower()


def source_name(value: str) -> str:
    """The ``source`` as stored: ``first-party`` for the store's own, else the name as written.

    >>> source_name("First party"), source_name(" Amazon ")
    ('first-party', 'Amazon')
    """
    text = " ".join(value.split())
    return FIRST_PARTY if text.casefold() in _FIRST_PARTY_NAMES else text


def parse_reviews(raw: bytes, *, file: str, product: Product, lines: Mapping[str, int],
                  product_file: str, default_lang: str) -> tuple[tuple[Review, ...],
                                                                 list[Problem]]:
    """A product's reviews.yml (its bytes; shown as ``file``) read and validated against the
    product; ``lines`` are the product front matter's (for the ``rating`` it replaces)."""
    try:
        data, found_lines = parse_yaml(raw.decode("utf-8").lstrip("\ufeff"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return (), [Problem(file, "", "is not UTF-8 text; save the file as UTF-8 in your "
                                      "editor", line)]
    except YamlError as exc:
        return (), [Problem(file, "", exc.message, exc.line)]
    skus = {product.sku, *(v.sku for v in product.variants)}
    reviews, problems = validate_reviews(data, found_lines, file=file, skus=skus,
                                         default_lang=default_lang)
    if product.rating is not None and any(r.first_party for r in reviews):
        problems.append(Problem(
            product_file, "rating", f"is replaced by the average of the first-party reviews "
                                    f"in {REVIEWS_FILE}; remove rating: from the front matter",
            lines.get("rating"), "warning"))
    return reviews, problems


def validate_reviews(data: Any, lines: Mapping[str, int], *, file: str, skus: Collection[str],
                     default_lang: str) -> tuple[tuple[Review, ...], list[Problem]]:
    """Validate a parsed reviews.yml: its reviews newest first, and every problem found.

    ``skus`` are the product's and its variants' SKUs (a review's ``sku`` must be one);
    ``default_lang`` is the language of a review that names none.
    """
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    if data is None:
        return (), []
    top = c.mapping(data, "", "reviews: [{author: Ana, rating: 5, body: ..., date: 2026-01-31}]")
    if top is None:
        return (), c.problems
    c.known_keys(top, ("reviews",), "")
    items = c.listing(top.get("reviews"), "reviews", "reviews: [{author: Ana, rating: 5, ...}]")
    out: list[Review] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(items or [], start=1):
        path = f"reviews[{index}]"
        review = _review(c, item, path, skus, default_lang)
        if review is None:
            continue
        if review.id in seen:
            c.error(f"{path}.id" if "id" in item else path,
                    f"repeats the review {seen[review.id]} (same id {review.id}); remove one of "
                    "them")
            continue
        seen[review.id] = path
        out.append(review)
    out.sort(key=lambda r: (r.date, r.id), reverse=True)
    return tuple(out), c.problems


def _review(c: FieldChecker, item: Any, path: str, skus: Collection[str],
            default_lang: str) -> Review | None:
    """One review of the list, or None when it has errors (reported on ``c``)."""
    data = c.mapping(item, path, "{author: Ana, rating: 5, body: ..., date: 2026-01-31}")
    if data is None:
        return None
    before = c.errors
    c.known_keys(data, REVIEW_FIELDS, path)
    author = _plain(c, data.get("author"), f"{path}.author", AUTHOR_MAX, required=True)
    rating = _rating(c, data.get("rating"), f"{path}.rating")
    body = _plain(c, data.get("body"), f"{path}.body", BODY_MAX, required=True)
    title = _plain(c, data.get("title"), f"{path}.title", TITLE_MAX) or ""
    day = c.date(data.get("date"), f"{path}.date")
    if data.get("date") is None:
        c.error(f"{path}.date", "is missing; give the day it was written, e.g. date: 2026-01-31")
    lang = default_lang
    if data.get("language") is not None:
        raw = c.text(data.get("language"), f"{path}.language") or ""
        found = language_tag(raw) if raw else None
        if found is None:
            c.error(f"{path}.language", f"{show_value(data.get('language'))} is not a language "
                                        "code; write the code of the language the review is "
                                        "written in, e.g. en, de, ja, pt-br")
        else:
            lang = found
    verified = c.boolean(data.get("verified"), f"{path}.verified")
    source_text = _plain(c, data.get("source"), f"{path}.source", SOURCE_MAX)
    source = source_name(source_text) if source_text else FIRST_PARTY
    sku = c.text(data.get("sku"), f"{path}.sku") or ""
    if sku and sku not in skus:
        c.error(f"{path}.sku", f'"{sku}" is not a SKU of this product; use one of: '
                               f"{', '.join(sorted(skus))}, or leave sku out")
    reply = _plain(c, data.get("reply"), f"{path}.reply", BODY_MAX) or ""
    reply_date = c.date(data.get("reply_date"), f"{path}.reply_date")
    if reply_date is not None and not reply:
        c.error(f"{path}.reply_date", "is set but there is no reply; add reply: <your answer> "
                                      "or remove reply_date")
    if reply_date is not None and day is not None and reply_date < day:
        c.error(f"{path}.reply_date", f"{reply_date} is before the review's date ({day}); "
                                      "correct one of them")
    given = c.text(data.get("id"), f"{path}.id")
    if given is not None and not _ID.match(given):
        c.error(f"{path}.id", f'"{given}" cannot be an id; use letters, digits, "-", "_", "." '
                              "or \":\" (64 at most)")
    if c.errors > before or author is None or rating is None or body is None or day is None:
        return None
    return Review(id=given or review_id(author, day, body), author=author,
                  rating=rating, body=body, date=day, lang=lang, title=title,
                  verified=bool(verified), source=source, sku=sku, reply=reply,
                  reply_date=reply_date)


def _plain(c: FieldChecker, value: Any, path: str, max_len: int, *,
           required: bool = False) -> str | None:
    """A customer's text field, cleaned (``clean_text``)."""
    text = c.text(value, path, required=required, max_len=max_len)
    if text is None:
        return None
    cleaned = clean_text(text)
    if not cleaned and required:
        c.error(path, "is empty; this field is required")
        return None
    return cleaned or None


def _rating(c: FieldChecker, value: Any, path: str) -> int | None:
    if value is None:
        c.error(path, "is missing; give the stars from 1 to 5, e.g. rating: 5")
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    if isinstance(value, str) and value.strip() in ("1", "2", "3", "4", "5"):
        return int(value.strip())
    c.error(path, f"{show_value(value)} is not a rating; give whole stars from 1 to 5, e.g. "
                  "rating: 4")
    return None


# -- what a page shows -----------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewSummary:
    """The average, count and star breakdown a product page shows above its reviews."""

    average: Decimal  # one decimal, e.g. Decimal("4.6")
    count: int
    bars: tuple[tuple[int, int, int], ...]  # (stars 5..1, reviews, percent of count)
    first_party: bool  # counted from the store's own reviews (else from imported ones)
    sources: tuple[str, ...]  # the imported sources counted, when not first_party
    uncounted: tuple[str, ...] = ()  # sources of imported reviews listed but not counted


def average(ratings: Iterable[int]) -> Decimal | None:
    """The mean of whole-star ratings to one decimal (half up), None for none.

    >>> average([5, 4, 4]), average([])
    (Decimal('4.3'), None)
    """
    values = list(ratings)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def counted(reviews: Iterable[Review]) -> list[Review]:
    """The reviews a product's rating counts: the store's own when it has any (what its
    structured data may state), else every imported one."""
    reviews = list(reviews)
    own = [r for r in reviews if r.first_party]
    return own or reviews


def summary(reviews: Iterable[Review]) -> ReviewSummary | None:
    """The summary over ``counted(reviews)``; None without reviews.

    >>> r = [Review("a", "A", 5, "x", date(2026, 1, 1), "en"),
    ...      Review("b", "B", 3, "y", date(2026, 1, 2), "en")]
    >>> s = summary(r); (s.average, s.count, s.bars[0], s.bars[2])
    (Decimal('4.0'), 2, (5, 1, 50), (3, 1, 50))
    """
    reviews = list(reviews)
    shown = counted(reviews)
    mean = average(r.rating for r in shown)
    if mean is None:
        return None
    total = len(shown)
    bars = tuple((stars, n, round(n * 100 / total))
                 for stars in range(5, 0, -1)
                 for n in [sum(1 for r in shown if r.rating == stars)])
    first = shown[0].first_party
    sources = () if first else tuple(sorted({r.source for r in shown}, key=str.casefold))
    left_out = tuple(sorted({r.source for r in reviews if not r.first_party}, key=str.casefold)
                     ) if first else ()
    return ReviewSummary(mean, total, bars, first, sources, left_out)


def reviews_rating(reviews: Iterable[Review]) -> Rating | None:
    """The product's ``Rating`` from its first-party reviews (None without any)."""
    own = [r.rating for r in reviews if r.first_party]
    mean = average(own)
    return Rating(mean, len(own)) if mean is not None else None


def for_market(reviews: Iterable[Review], lang: str) -> list[Review]:
    """Every review, those in the market's language first, each group newest first (a
    shopper reads their own language first and still sees every opinion).

    >>> r = [Review("a", "A", 5, "x", date(2026, 1, 3), "en"),
    ...      Review("b", "B", 4, "y", date(2026, 1, 2), "de"),
    ...      Review("c", "C", 4, "z", date(2026, 1, 1), "de-at")]
    >>> [x.id for x in for_market(r, "de")], [x.id for x in for_market(r, "en")]
    (['b', 'c', 'a'], ['a', 'b', 'c'])
    """
    base = lang.split("-")[0]
    ordered = sorted(reviews, key=lambda r: (r.date, r.id), reverse=True)
    return sorted(ordered, key=lambda r: r.lang.split("-")[0] != base)
