"""`storefront reviews import`: reviews exported from a review app (Judge.me's CSV) or a plain
CSV, written into each product bundle's reviews.yml.

Rows name their product by handle (the product folder, as Shopify handles are) or by SKU (a
variant's SKU also records which variant was reviewed). Each review gets the id the catalog
would derive from its source, author, date and text (``storefront_catalog.reviews.review_id``),
so importing the same export again adds nothing. New reviews are appended to the file as
YAML text: what the merchant wrote there (comments, order) stays as it was. Reviewer e-mail
addresses, IP addresses and locations are never written: the repository is no place for
personal data the page does not show.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from storefront_catalog.model import FIRST_PARTY
from storefront_catalog.reviews import (
    REVIEWS_FILE,
    clean_text,
    language_tag,
    source_name,
    validate_reviews,
)
from storefront_core.errors import Problem, display_path
from storefront_core.yamlio import YamlError, parse_front_matter, parse_yaml

FORMATS = ("judgeme", "csv")
#: Judge.me's CSV export columns (the ones read; the rest, e-mail and IP among them, are not)
JUDGEME_COLUMNS = ("title", "body", "rating", "review_date", "source", "curated",
                   "reviewer_name", "reviewer_email", "product_id", "product_handle", "reply",
                   "reply_date", "picture_urls", "ip_address", "location", "metaobject_handle")
#: a plain CSV's columns: product (handle) or sku, then the reviews.yml fields
CSV_COLUMNS = ("product", "sku", "author", "rating", "title", "body", "date", "language",
               "verified", "source", "reply", "reply_date")
#: Judge.me sources that are the store's own collection (its widget, its request e-mails)
_JUDGEME_OWN = frozenset({"web", "email", "e-mail", "shop", "shopify", "judgeme", "judge.me",
                          "app", "sms", "push", "qr", "checkout", "widget", "store"})
_JUDGEME_VERIFIED = frozenset({"email", "e-mail", "sms", "push"})  # sent after an order
_KNOWN_SOURCES = {"amazon": "Amazon", "aliexpress": "AliExpress", "etsy": "Etsy",
                  "ebay": "eBay", "rakuten": "Rakuten", "walmart": "Walmart",
                  "trustpilot": "Trustpilot", "google": "Google"}
_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_HEADER = ("# Customer reviews of this product: README, \"Customer reviews\".\n"
           "# `storefront reviews import` appends new reviews below.\n")


@dataclass
class ImportReport:
    """What an import did: reviews added per file, rows already there, problems by row."""

    added: dict[str, int] = field(default_factory=dict)  # file shown -> reviews added
    already: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Product:
    folder: Path
    skus: frozenset[str]


def product_index(content_dir: Path) -> tuple[dict[str, _Product], dict[str, tuple[str, str]]]:
    """Products by folder name (handle), and (handle, SKU) by every product and variant SKU,
    read from the bundles' front matter (no build)."""
    by_handle: dict[str, _Product] = {}
    by_sku: dict[str, tuple[str, str]] = {}
    folder = content_dir / "products"
    for index in sorted(folder.glob("*/index.md")) if folder.is_dir() else []:
        try:
            data = parse_front_matter(index.read_text(encoding="utf-8")).data or {}
        except (YamlError, UnicodeDecodeError, OSError):
            continue  # `storefront check` reports it; its reviews cannot be placed
        skus = [str(data.get("sku") or "")]
        for variant in data.get("variants") or []:
            if isinstance(variant, dict) and variant.get("sku"):
                skus.append(str(variant["sku"]))
        handle = index.parent.name
        by_handle[handle] = _Product(index.parent, frozenset(s for s in skus if s))
        for sku in skus:
            if sku:
                by_sku.setdefault(sku, (handle, sku if sku != skus[0] else ""))
    return by_handle, by_sku


def _rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, row by lower-case column) of each CSV record (bodies may span lines)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    last = reader.line_num
    for cells in reader:
        start, last = last + 1, reader.line_num
        if any(c.strip() for c in cells):
            yield start, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}


def judgeme_source(value: str, override: str | None) -> tuple[str | None, bool]:
    """(the reviews.yml source, verified) of a Judge.me ``source`` cell; None: unknown origin.

    >>> judgeme_source("email", None), judgeme_source("aliexpress", None)
    (('first-party', True), ('AliExpress', False))
    >>> judgeme_source("import", None), judgeme_source("import", "Amazon")
    ((None, False), ('Amazon', False))
    """
    key = value.strip().casefold()
    verified = key in _JUDGEME_VERIFIED
    if override:
        return source_name(override), verified and source_name(override) == FIRST_PARTY
    if key in _JUDGEME_OWN or not key:
        return FIRST_PARTY, verified
    if key in _KNOWN_SOURCES:
        return _KNOWN_SOURCES[key], False
    if key in ("import", "imported", "csv"):
        return None, False
    return value.strip(), False


def _day(value: str) -> str:
    """The YYYY-MM-DD a date cell starts with ("2026-03-01 10:39:00 UTC"), else as given."""
    found = _DAY.match(value)
    return found.group(1) if found else value.strip()


def _entry(fmt: str, row: Mapping[str, str], source: str | None, language: str,
           ) -> tuple[dict[str, Any], str, str | None]:
    """(reviews.yml fields, product handle or SKU cell, problem) of one row."""
    if fmt == "judgeme":
        if row.get("curated", "").strip().casefold() == "spam":
            return {}, "", "skip"
        found, verified = judgeme_source(row.get("source", ""), source)
        if found is None:
            return {}, "", (f'source: "{row.get("source")}" does not say where the review was '
                            "written; run again with --source NAME (e.g. --source Amazon, or "
                            "--source first-party for reviews your store collected)")
        entry: dict[str, Any] = {
            "author": row.get("reviewer_name", ""), "rating": row.get("rating", ""),
            "title": row.get("title", ""), "body": row.get("body", ""),
            "date": _day(row.get("review_date", "")), "language": language,
            "verified": verified, "source": found,
            "reply": row.get("reply", ""), "reply_date": _day(row.get("reply_date", ""))}
        return entry, row.get("product_handle", "").strip(), None
    entry = {key: row.get(key, "") for key in ("author", "rating", "title", "body", "reply")}
    entry["date"] = _day(row.get("date", ""))
    entry["reply_date"] = _day(row.get("reply_date", ""))
    entry["language"] = row.get("language", "").strip() or language
    entry["verified"] = row.get("verified", "").strip().casefold() in ("true", "yes", "1", "y")
    entry["source"] = source_name(source or row.get("source", "") or FIRST_PARTY)
    return entry, (row.get("product", "") or row.get("sku", "")).strip(), None


def _existing_ids(path: Path, default_lang: str, skus: frozenset[str]) -> set[str]:
    """The ids of the reviews already in a reviews.yml (given, or derived as the build does)."""
    if not path.is_file():
        return set()
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except (YamlError, UnicodeDecodeError):
        return set()
    ids: set[str] = set()
    reviews, _ = validate_reviews(data, lines, file=str(path), skus=skus,
                                  default_lang=default_lang)
    ids.update(r.id for r in reviews)
    return ids


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a ``|`` block, as a merchant writes it by hand."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def _yaml_entry(entry: Mapping[str, Any]) -> str:
    """One review as a YAML list item under ``reviews:``."""
    text = yaml.dump([dict(entry)], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100)
    return "".join(f"  {line}\n" if line.strip() else "\n" for line in text.splitlines())


def import_reviews(path: Path, *, content_dir: Path, root: Path, fmt: str,
                   source: str | None, language: str) -> ImportReport:
    """Read an export and append its new reviews to the bundles' reviews.yml files."""
    report = ImportReport()
    shown = display_path(path, root)
    by_handle, by_sku = product_index(content_dir)
    text = path.read_text(encoding="utf-8")
    pending: dict[str, list[dict[str, Any]]] = {}
    known: dict[str, set[str]] = {}
    for line, row in _rows(text):
        entry, key, problem = _entry(fmt, row, source, language)
        if problem == "skip":
            report.skipped += 1
            continue
        if problem:
            report.problems.append(Problem(shown, "source", problem, line))
            continue
        handle, sku = (key, "") if key in by_handle else by_sku.get(key, ("", ""))
        named = row.get("sku", "").strip()  # a plain CSV may give the product and its variant
        if handle and not sku and named and by_sku.get(named, ("", ""))[0] == handle:
            sku = by_sku[named][1]
        if not handle:
            column = "product_handle" if fmt == "judgeme" else "product"
            report.problems.append(Problem(
                shown, column, f'"{key}" is neither a product folder in content/products nor a '
                               "SKU; import it after adding the product, or correct the row",
                line))
            continue
        product = by_handle[handle]
        if sku:
            entry["sku"] = sku
        entry = {k: v for k, v in entry.items() if v not in ("", None)}
        # the row validated exactly as the build will read it, its messages at its CSV line
        reviews, problems = validate_reviews({"reviews": [entry]}, {}, file=shown,
                                             skus=product.skus, default_lang=language)
        if problems or not reviews:
            report.problems.extend(Problem(shown, p.field.removeprefix("reviews[1]."),
                                           p.message, line, p.severity) for p in problems)
            continue
        review = reviews[0]
        target = product.folder / REVIEWS_FILE
        ids = known.setdefault(str(target), _existing_ids(target, language, product.skus))
        if review.id in ids:
            report.already += 1
            continue
        ids.add(review.id)
        entry = _clean(entry)
        pending.setdefault(str(target), []).append({"id": review.id, **entry})
    for name, entries in pending.items():
        problem = _append(Path(name), entries)
        if problem:
            report.problems.append(Problem(display_path(Path(name), root), "", problem))
        else:
            report.added[display_path(Path(name), root)] = len(entries)
    return report


def _clean(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The fields as written to the file: customer text cleaned, rating a number, the
    language normalized, ``verified`` only when true."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        if key in ("author", "title", "body", "reply", "source"):
            value = clean_text(str(value))
        elif key == "rating":
            value = int(str(value).strip())
        elif key == "language":
            value = language_tag(str(value)) or value
        elif key == "verified" and not value:
            continue
        out[key] = value
    return out


def _count(text: str) -> int | None:
    """How many reviews a reviews.yml text lists (None: not a file of that shape)."""
    try:
        data, _ = parse_yaml(text)
    except YamlError:
        return None
    if data is None:
        return 0
    items = data.get("reviews") if isinstance(data, dict) else None
    return len(items) if isinstance(items, list) else None


def _append(target: Path, entries: list[dict[str, Any]]) -> str | None:
    """Append reviews to a reviews.yml (made with its header when new); a message instead
    when the file does not end with its ``reviews:`` list (nothing is written then)."""
    text = target.read_text(encoding="utf-8") if target.is_file() else ""
    before = _count(text)
    if not text.strip():
        text, before = _HEADER + "reviews:\n", 0
    elif not text.endswith("\n"):
        text += "\n"
    text += "".join(_yaml_entry(e) for e in entries)
    if before is None or _count(text) != before + len(entries):
        return ("cannot take the imported reviews: the file must be a reviews: list at the "
                "end of the file; fix it (storefront check) and import again")
    target.write_text(text, encoding="utf-8")
    return None


def default_language(content_dir: Path) -> str:
    """The language of the default market (content/markets.yml), "en" without one."""
    path = content_dir / "markets.yml"
    try:
        data, _ = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, YamlError, UnicodeDecodeError):
        return "en"
    if not isinstance(data, dict):
        return "en"
    markets = [m for m in data.get("markets") or [] if isinstance(m, dict)]
    chosen = next((m for m in markets if m.get("code") == data.get("default")),
                  markets[0] if markets else {})
    return str(chosen.get("language") or "en")

