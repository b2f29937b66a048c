"""Text rules: static pages, translations (index.<lang>.md, <slug>.<lang>.md) and the category
names of content/categories.yml, the files that hold text but no commerce data.

Pure functions, like the product rules: parsed YAML in, model objects and Problems out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from storefront_core.errors import Problem
from storefront_core.slug import slugify

from .checker import FIELD_HINTS, TITLE_MAX, FieldChecker, did_you_mean, seo_field
from .model import Page, PageText, Product, ProductText
from .product_rules import PRODUCT_FIELDS, specs_field

PAGE_FIELDS = ("title", "summary", "seo", "order", "noindex", "draft")
#: What a translation (index.<lang>.md) may set; everything else comes from index.md.
PRODUCT_TEXT_FIELDS = ("title", "summary", "seo", "images", "specs", "options")
PAGE_TEXT_FIELDS = ("title", "summary", "seo")
TEXT_IMAGE_FIELDS = ("file", "alt")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
#: country codes written where a language code belongs (Japan is JP, Japanese is ja)
_LANGUAGE_MIXUPS = {"jp": "ja", "cn": "zh", "kr": "ko", "dk": "da", "gr": "el", "cz": "cs",
                    "se": "sv", "us": "en", "gb": "en", "br": "pt", "at": "de", "ch": "de"}
#: The same hints in a translation file, where the commerce fields are not allowed.
_TEXT_FIELD_HINTS = {key: FIELD_HINTS[key] for key in ("name", "description", "photos",
                                                        "pictures", "weight")}
#: How to translate what a translation may not set.
_INHERITED_HINTS = {
    "category": " (translate category names in content/categories.yml)",
    "variants": " (translate option values under options, e.g. options: {Black: Schwarz})",
}


def validate_page(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    slug: str,
    source_file: Path,
    file: str,
    body_html: str,
    digest: str,
) -> tuple[Page | None, list[Problem]]:
    """Validate one static page's front matter."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    c.known_keys(data, PAGE_FIELDS, "")
    title = c.text(data.get("title"), "title", required=True, max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary") or ""
    seo_title, seo_description = seo_field(c, data.get("seo"))
    order = c.integer(data.get("order", 0), "order")
    noindex = c.boolean(data.get("noindex"), "noindex")
    draft = c.boolean(data.get("draft"), "draft")
    if c.errors or title is None:
        return None, c.problems
    page = Page(
        slug=slug, source_file=source_file, title=title, body_html=body_html, digest=digest,
        summary=summary, seo_title=seo_title, seo_description=seo_description,
        order=order or 0, noindex=bool(noindex), draft=bool(draft),
    )
    return page, c.problems


def check_text_language(lang: str, *, file: str, stem: str, default_lang: str,
                        languages: Collection[str] | None) -> list[Problem]:
    """Problems with the language of a translation file (``<stem>.<lang>.md``)."""
    if lang == default_lang:
        return [Problem(file, "", f'repeats {stem}.md, which is already the "{lang}" text (the '
                                  f"default language); move what differs into {stem}.md and "
                                  "delete this file")]
    if languages is None or lang in languages:
        return []
    guess = _LANGUAGE_MIXUPS.get(lang)
    if guess not in languages:
        guess = did_you_mean(lang, languages)
    if guess:
        fix = f'if it is meant for "{guess}", rename it to {stem}.{guess}.md'
    else:
        fix = (f"add a market with language: {lang} to content/markets.yml, or delete the file "
               f"(market languages: {', '.join(languages)})")
    return [Problem(file, "", f'is in "{lang}", which no market uses, so it is not published; '
                              f"{fix}", None, "warning")]


def validate_product_text(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    lang: str,
    product: Product,
    source_file: Path,
    file: str,
    body_html: str | None,
    digest: str,
) -> tuple[ProductText | None, list[Problem]]:
    """Validate a product translation (index.<lang>.md) against its product from index.md."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    _text_keys(c, data, PRODUCT_TEXT_FIELDS, PRODUCT_FIELDS, "index.md", _TEXT_FIELD_HINTS)
    title = c.text(data.get("title"), "title", max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary")
    seo_title, seo_description = seo_field(c, data.get("seo"))
    alts = _text_alts(c, data.get("images"), product)
    specs = specs_field(c, data["specs"]) if "specs" in data else None
    options = _text_options(c, data.get("options"), product)
    if c.errors:
        return None, c.problems
    text = ProductText(
        lang=lang, source_file=source_file, title=title, summary=summary, body_html=body_html,
        seo_title=seo_title, seo_description=seo_description, alts=alts, specs=specs,
        options=options, digest=digest,
    )
    return text, c.problems


def validate_page_text(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    lang: str,
    page: Page,
    source_file: Path,
    file: str,
    body_html: str | None,
    digest: str,
) -> tuple[PageText | None, list[Problem]]:
    """Validate a static page translation (<slug>.<lang>.md)."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    _text_keys(c, data, PAGE_TEXT_FIELDS, PAGE_FIELDS, f"{page.slug}.md",
               {"description": FIELD_HINTS["description"]})
    title = c.text(data.get("title"), "title", max_len=TITLE_MAX)
    summary = c.text(data.get("summary"), "summary")
    seo_title, seo_description = seo_field(c, data.get("seo"))
    if c.errors:
        return None, c.problems
    text = PageText(
        lang=lang, source_file=source_file, title=title, summary=summary, body_html=body_html,
        seo_title=seo_title, seo_description=seo_description, digest=digest,
    )
    return text, c.problems


def _text_keys(c: FieldChecker, data: Mapping[str, Any], allowed: tuple[str, ...],
               base_fields: tuple[str, ...], source: str, hints: Mapping[str, str]) -> None:
    """Unknown keys, and keys a translation inherits and so may not set."""
    for key in data:
        if key in allowed:
            continue
        if key in base_fields:
            hint = _INHERITED_HINTS.get(key, "")
            c.error(key, f"is inherited from {source} and is the same in every language; remove "
                         f"it here{hint}")
            continue
        guess = did_you_mean(key, allowed)
        if key.lower() in hints:
            hint = hints[key.lower()]
        elif guess:
            hint = f'did you mean "{guess}"?'
        else:
            hint = "a translation may set: " + ", ".join(allowed)
        c.error(key, f"unknown field; {hint}")


def _text_alts(c: FieldChecker, value: Any, product: Product) -> dict[str, str]:
    """Alt texts by photo file from a translation's ``images`` list."""
    example = 'images: [{file: front.jpg, alt: "..."}]'
    if value is None:
        return {}
    items = c.listing(value, "images", example)
    if items is None:
        return {}
    files = [img.file for img in product.images]
    alts: dict[str, str] = {}
    seen: dict[str, str] = {}
    for i, item in enumerate(items, start=1):
        path = f"images[{i}]"
        entry = c.mapping(item, path, '{file: front.jpg, alt: "..."}')
        if entry is None:
            continue
        for key in entry:
            if key == "angle":
                c.error(f"{path}.angle", "is inherited from index.md and is the same in every "
                                         "language; remove it here (a translation gives only "
                                         "alt texts)")
        c.known_keys({k: v for k, v in entry.items() if k != "angle"}, TEXT_IMAGE_FIELDS, path)
        name = c.text(entry.get("file"), f"{path}.file", required=True)
        alt = c.text(entry.get("alt"), f"{path}.alt", required=True)
        if name is None:
            continue
        if name not in files:
            guess = did_you_mean(name, files, cutoff=0.85)
            hint = (f'did you mean "{guess}"? (names are case-sensitive)' if guess
                    else "a translation gives alt texts only for those photos; add it to "
                         "index.md's images first")
            c.error(f"{path}.file", f'"{name}" is not among the photos in index.md\'s images '
                                    f"({', '.join(files[:8])}); {hint}")
        elif name in seen:
            c.error(f"{path}.file", f'"{name}" is already given in {seen[name]}; list each photo '
                                    "once")
        else:
            seen[name] = path
            if alt is not None:
                alts[name] = alt
    return alts


def _text_options(c: FieldChecker, value: Any, product: Product) -> dict[str, str]:
    """Shown names of variant option values from a translation's ``options`` map."""
    if value is None:
        return {}
    data = c.mapping(value, "options", "options: {Black: Schwarz, White: Weiß}")
    if data is None:
        return {}
    values = list(dict.fromkeys(v for var in product.variants for v in var.options.values()))
    if not values:
        c.error("options", "index.md has no variants, so there are no option values to "
                           "translate; remove options")
        return {}
    out: dict[str, str] = {}
    for key, raw in data.items():
        path = f"options.{key}"
        if key not in values:
            guess = did_you_mean(key, values)
            hint = f'did you mean "{guess}"? ' if guess else ""
            c.error(path, f'"{key}" is not an option value of the variants in index.md; {hint}'
                          f"write the value as index.md does, one of: {', '.join(values[:12])}")
            continue
        text = c.text(raw, path)
        if text is None:
            if raw is None or raw == "":
                c.error(path, "has no translation; write one or remove the line")
            continue
        out[key] = text
    return out


def validate_category_names(
    data: Any,
    lines: Mapping[str, int],
    *,
    file: str,
    paths: Collection[str],
    languages: Collection[str] | None,
    all_known: bool = True,
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Check content/categories.yml: category slug path -> {language: name}; names of paths
    no product has are reported only when ``all_known`` (every product file could be read)."""
    c = FieldChecker(file, lines, "", (frozenset(), frozenset()))
    example = "power/chargers: {de: Ladegeräte, ja: 充電器}"
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        c.problems.append(Problem(file, "", "must list category paths with their names per "
                                            f"language, e.g. {example}", 1))
        return {}, c.problems
    names: dict[str, dict[str, str]] = {}
    for path, value in data.items():
        if path not in paths and all_known:
            written = "/".join(slugify(part) for part in path.split("/"))
            guess = written if written in paths else did_you_mean(path, paths)
            if guess:
                hint = f'did you mean "{guess}"? (write the path as in the web address ' \
                       "/collections/<path>/)"
            else:
                hint = "categories: " + (", ".join(sorted(paths)[:8]) or "none yet")
            c.warn(path, f"is not the path of any product's category, so this name is not "
                         f"used; {hint}")
        entry = c.mapping(value, path, f"{path}: {{de: ..., ja: ...}}")
        if entry is None:
            continue
        shown: dict[str, str] = {}
        for lang, raw in entry.items():
            where = f"{path}.{lang}"
            if not _LANG.match(lang):
                c.error(where, f'"{lang}" is not a language code; write a lowercase code such as '
                               "de or ja")
                continue
            name = c.text(raw, where, required=True)
            if name is None:
                continue
            if languages is not None and lang not in languages:
                c.warn(where, f'no market uses "{lang}", so this name is not shown; add a market '
                              f"with language: {lang} to content/markets.yml, or remove the line")
            shown[lang] = name
        if shown:
            names[path] = shown
    return names, c.problems
