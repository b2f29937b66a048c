"""Site changes as text (a terminal), Markdown (a pull-request summary) or JSON (a program).

Prices are written as shoppers of the market read them (Babel, the market's locale from the
page's ``<html lang>``); feed values and other fields as published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from storefront_catalog.money import format_money

from .compare import FieldChange, Item, PriceChange, SiteChanges
from .snapshot import SITE

_SPACES = re.compile(r"[ \t\r\n]+")
#: the version of the JSON document; bumped when a key is renamed or removed
JSON_SCHEMA = "storefront-diff/1"
#: lines per section and market in the text report before "... and N more"
TEXT_LIMIT = 20
#: rows of a Markdown table shown before the rest is folded into <details>
MARKDOWN_OPEN_ROWS = 10

_TITLES = {
    "prices": "Prices", "products_added": "Products added", "products_removed":
    "Products removed", "pages_added": "Pages added", "pages_removed": "Pages removed",
    "page_changes": "Page changes (title, description, canonical, hreflang, robots)",
    "data_changes": "Structured data (JSON-LD, other than prices)", "feed_added":
    "Feed items added", "feed_removed": "Feed items removed", "feed_changes":
    "Feed item changes", "sitemap_added": "Sitemap URLs added", "sitemap_removed":
    "Sitemap URLs removed",
}


@lru_cache(maxsize=64)
def babel_locale(lang: str) -> str:
    """The Babel locale of a page language tag, "en_US" when Babel knows neither it nor its
    language.

    >>> babel_locale("de-DE"), babel_locale("ja"), babel_locale("xx-YY"), babel_locale("")
    ('de_DE', 'ja', 'en_US', 'en_US')
    """
    from babel import Locale, UnknownLocaleError

    for candidate in (lang.replace("-", "_"), lang.split("-")[0]):
        if not candidate:
            continue
        try:
            return str(Locale.parse(candidate))
        except (ValueError, UnknownLocaleError):
            continue
    return "en_US"


def money(value: Decimal | None, currency: str, lang: str) -> str:
    """A price as shoppers of the market read it; "none" when there is none.

    >>> money(Decimal("36.99"), "EUR", "de-DE"), money(None, "EUR", "de-DE")
    ('36,99\\xa0€', 'none')
    >>> money(Decimal("4480"), "JPY", "ja-JP")
    '￥4,480'
    """
    if value is None:
        return "none"
    if not currency:
        return str(value)
    return format_money(value, currency, babel_locale(lang))


def price_text(change: PriceChange, lang: str) -> tuple[str, str]:
    """The old and new price of a change, formatted for the market."""
    return (money(change.old, change.old_currency, lang),
            money(change.new, change.new_currency, lang))


def _market_name(code: str, lang: str) -> str:
    if code == SITE:
        return "site-wide (outside the market folders)"
    return f"{code} ({lang})" if lang else code


def _squash(text: str) -> str:
    """Runs of line breaks and spaces as one space; no-break spaces (in prices) kept."""
    return _SPACES.sub(" ", text).strip()


def _clip(text: str, width: int = 70) -> str:
    text = _squash(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _quoted(text: str) -> str:
    return f'"{_clip(text)}"' if text else "(none)"


# --- text --------------------------------------------------------------------------------------


def _text_line(name: str, item: object, lang: str) -> str:
    if isinstance(item, PriceChange):
        old, new = price_text(item, lang)
        what = "" if item.kind == "price" else " (strikethrough)"
        return f"{item.sku} {old} -> {new}{what}" + (f"  {item.name}" if item.name else "")
    if isinstance(item, FieldChange):
        where = f"{item.source} {item.where}" if name == "feed_changes" else item.where
        if item.field == "hreflang":
            return f"{where}: hreflang " + " ".join(
                [f"-{x}" for x in item.old.split()] + [f"+{x}" for x in item.new.split()])
        return f"{where}: {item.field} {_quoted(item.old)} -> {_quoted(item.new)}"
    assert isinstance(item, Item)
    sign = "+" if name.endswith("_added") else "-"
    label = f"  {item.label}" if item.label else ""
    if name.startswith("feed"):
        return f"{sign} {item.label} {item.key}"
    return f"{sign} {item.key}{label}"


#: how a count of each section is written: (one, many)
_COUNTED = {
    "prices": ("price change", "price changes"), "products_added": ("product added",
    "products added"), "products_removed": ("product removed", "products removed"),
    "pages_added": ("page added", "pages added"), "pages_removed": ("page removed",
    "pages removed"), "page_changes": ("page change", "page changes"), "data_changes": (
    "structured-data change", "structured-data changes"), "feed_added": ("feed item added",
    "feed items added"), "feed_removed": ("feed item removed", "feed items removed"),
    "feed_changes": ("feed change", "feed changes"), "sitemap_added": (
    "sitemap URL added", "sitemap URLs added"), "sitemap_removed": ("sitemap URL removed",
    "sitemap URLs removed"),
}


def _counted(n: int, section: str) -> str:
    """ "1 price change", "3 pages removed"."""
    one, many = _COUNTED[section]
    return f"{n} {one if n == 1 else many}"


def summary_line(changes: SiteChanges) -> str:
    """ "12 changes in 3 markets: 4 prices, 1 product removed, ..." or "No changes"."""
    if not changes.count():
        return "No changes: both builds publish the same store."
    parts = [_counted(len(items), name) for name, items in changes.sections() if items]
    markets = [m for m in changes.changed_markets() if m != SITE]
    where = f" in {len(markets)} market{'s' if len(markets) != 1 else ''}" if markets else ""
    total = changes.count()
    return f"{total} change{'s' if total != 1 else ''}{where}: " + ", ".join(parts)


def render_text(changes: SiteChanges, *, old_name: str = "old", new_name: str = "new",
                limit: int = TEXT_LIMIT) -> str:
    """A concise report grouped by market; at most ``limit`` lines per section."""
    lines = [f"{old_name} -> {new_name}", summary_line(changes)]
    for market in changes.changed_markets():
        lang = changes.markets.get(market, "")
        part = changes.for_market(market)
        lines += ["", _market_name(market, lang)]
        for name, items in part.sections():
            if not items:
                continue
            lines.append(f"  {_TITLES[name].split(' (')[0]}:")
            lines += [f"    {_text_line(name, item, lang)}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"    ... and {len(items) - limit} more (--format json lists all)")
    return "\n".join(lines) + "\n"


# --- Markdown ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    text = _squash(str(text))
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;") or "–"


def _code(text: str) -> str:
    return f"`{text}`" if text and "`" not in text else _cell(text)


def _rows(name: str, items: Sequence[object], lang: str) -> tuple[list[str], list[list[str]]]:
    if name == "prices":
        rows = []
        for item in items:
            assert isinstance(item, PriceChange)
            old, new = price_text(item, lang)
            kind = "price" if item.kind == "price" else "strikethrough"
            rows.append([_code(item.sku), _cell(item.name), kind, _cell(old), _cell(new)])
        return ["SKU", "product", "which", "before", "after"], rows
    if name in ("page_changes", "data_changes", "feed_changes"):
        head = {"page_changes": "page", "data_changes": "SKU", "feed_changes": "feed item"}
        rows = []
        for item in items:
            assert isinstance(item, FieldChange)
            where = f"{item.source} {_code(item.where)}" if name == "feed_changes" else _code(
                item.where)
            rows.append([where, item.field, _cell(_clip(item.old, 120)),
                         _cell(_clip(item.new, 120))])
        return [head[name], "field", "before", "after"], rows
    rows = []
    for item in items:
        assert isinstance(item, Item)
        if name.startswith("feed"):
            rows.append([item.label, _code(item.key)])
        else:
            rows.append([_code(item.key), _cell(item.label)])
    if name.startswith("feed"):
        return ["feed", "item"], rows
    if name.startswith("sitemap"):
        return ["URL"], [row[:1] for row in rows]
    first = {"products_added": "product", "products_removed": "product"}.get(name, "URL")
    return [first, "name" if first == "product" else "title"], rows


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *["| " + " | ".join(row) + " |" for row in rows]]


def render_markdown(changes: SiteChanges, *, old_name: str = "base", new_name: str = "head",
                    open_rows: int = MARKDOWN_OPEN_ROWS) -> str:
    """A pull-request summary: a table of counts per market, then per market a table per kind
    of change; a long table shows its first rows and folds the rest into <details>."""
    lines = ["## What this change does to the store", "",
             f"Compared the built sites `{old_name}` and `{new_name}`.", "",
             f"**{summary_line(changes)}**"]
    markets = changes.changed_markets()
    if not markets:
        return "\n".join(lines) + "\n"
    shown = [name for name, items in changes.sections() if items]
    lines += ["", *_table(["market", *[_COUNTED[n][1] for n in shown]], [
        [_market_name(m, changes.markets.get(m, "")),
         *[str(len(getattr(changes.for_market(m), n))) for n in shown]]
        for m in markets])]
    for market in markets:
        lang = changes.markets.get(market, "")
        lines += ["", f"### {_market_name(market, lang)}"]
        for name, items in changes.for_market(market).sections():
            if not items:
                continue
            head, rows = _rows(name, items, lang)
            lines += ["", f"**{_TITLES[name]}** ({len(items)})", ""]
            lines += _table(head, rows[:open_rows])
            if len(rows) > open_rows:
                lines += ["", f"<details><summary>{len(rows) - open_rows} more</summary>", "",
                          *_table(head, rows[open_rows:]), "", "</details>"]
    return "\n".join(lines) + "\n"


# --- JSON --------------------------------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _json_item(name: str, item: object, lang: str) -> dict[str, Any]:
    if isinstance(item, PriceChange):
        old, new = price_text(item, lang)
        return {"sku": item.sku, "name": item.name, "kind": item.kind,
                "old": _num(item.old), "old_currency": item.old_currency or None,
                "new": _num(item.new), "new_currency": item.new_currency or None,
                "old_text": old, "new_text": new}
    if isinstance(item, FieldChange):
        key = {"page_changes": "path", "data_changes": "sku", "feed_changes": "id"}[name]
        out = {key: item.where, "field": item.field, "old": item.old, "new": item.new}
        if name == "feed_changes":
            out["feed"] = item.source
        return out
    assert isinstance(item, Item)
    if name.startswith("feed"):
        return {"feed": item.label, "id": item.key}
    if name.startswith("sitemap"):
        return {"url": item.key}
    if name.startswith("products"):
        return {"id": item.key, "name": item.label}
    return {"path": item.key, "title": item.label}


def to_json(changes: SiteChanges, *, old_name: str = "old", new_name: str = "new"
            ) -> dict[str, Any]:
    """The report as plain data (schema in README: "Review a change before it goes live")."""
    markets: dict[str, Any] = {}
    for market in changes.changed_markets():
        lang = changes.markets.get(market, "")
        part = changes.for_market(market)
        entry: dict[str, Any] = {"locale": lang or None}
        for name, items in part.sections():
            entry[name] = [_json_item(name, item, lang) for item in items]
        markets[market] = entry
    return {
        "schema": JSON_SCHEMA,
        "old": old_name,
        "new": new_name,
        "summary": {"changes": changes.count(),
                    **{name: len(items) for name, items in changes.sections()}},
        "markets": markets,
    }


def render_json(changes: SiteChanges, *, old_name: str = "old", new_name: str = "new") -> str:
    """``to_json`` as indented, key-sorted JSON text."""
    return json.dumps(to_json(changes, old_name=old_name, new_name=new_name), indent=2,
                      ensure_ascii=False, sort_keys=True) + "\n"
