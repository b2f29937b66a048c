"""Checks of a campaign file's fields (markets, discount, scope, coupon, texts, colours,
image): the catalog's field checker with campaign hints."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from storefront_catalog.model import Prices
from storefront_catalog.validate import FieldChecker, did_you_mean
from storefront_core.slug import slugify

from .model import IMAGE_EXTENSIONS, PROMOTIONS_DIR, SCOPE_FIELDS, Colors, Discount, Scope
from .texts import PLACEHOLDERS

DISCOUNT_FIELDS = ("percent", "amount", "prices")
COLOR_FIELDS = ("background", "text")
#: WCAG 2 AA contrast for normal-size text
MIN_CONTRAST = 4.5

_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
_COUPON = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
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


class CampaignChecker(FieldChecker):
    """The catalog's field checker with campaign hints for unknown fields."""

    def field_hint(self, key: str) -> tuple[str, str] | None:
        """The well-known mistakes in a campaign file, and the field each was meant as."""
        return _FIELD_HINTS.get(key.lower())

    def missing(self, path: str, message: str) -> None:
        """A required field is missing, unless a misspelt field was already reported for it."""
        if path not in self.meant:
            self.error(path if path in self.lines else "", f"{path} {message}")


def read_markets(c: CampaignChecker, data: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The market codes of ``markets:``; None for ``all``."""
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


def read_discount(c: CampaignChecker, value: Any) -> Discount | None:
    """The ``discount:`` (exactly one of percent, amount or prices)."""
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


def _percent(c: CampaignChecker, value: Any, path: str) -> Decimal | None:
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


def read_scope(c: CampaignChecker, data: Mapping[str, Any],
               discount: Discount | None) -> Scope | None:
    """The ``scope:``; with ``prices`` the SKUs listed there."""
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


def read_coupon(c: CampaignChecker, value: Any) -> str | None:
    """The ``coupon:`` code shoppers type at checkout."""
    code = c.text(value, "coupon")
    if code is None:
        return None
    if not _COUPON.match(code):
        fixed = re.sub(r"[^A-Za-z0-9_-]+", "", code) or "BLACKFRIDAY20"
        c.error("coupon", f'"{code}" must be 2 to 32 letters, digits, - or _ (shoppers type it '
                          f'at checkout), e.g. "{fixed}"')
        return None
    return code


def read_texts(c: CampaignChecker, value: Any, path: str, unavailable: Mapping[str, str],
               max_len: int, *, required: bool = False) -> tuple[dict[str, str], str | None]:
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


def _length(c: CampaignChecker, text: str, path: str, max_len: int) -> None:
    if len(text) > max_len:
        c.warn(path, f"is {len(text)} characters; the space kept for it fits about {max_len}, "
                     "shorten it")


def _placeholders(c: CampaignChecker, text: str, path: str, unavailable: Mapping[str, str]) -> None:
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


def read_colors(c: CampaignChecker, value: Any) -> Colors | None:
    """The banner ``colors:``, checked for WCAG AA contrast."""
    if value is None:
        return None
    example = 'colors: {background: "#111111", text: "#ffffff"}'
    data = c.mapping(value, "colors", example)
    if data is None:
        return None
    c.known_keys(data, (*COLOR_FIELDS, "accent"), "colors")
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
    return Colors(background=found["background"], text=found["text"],
                  accent=_read_accent(c, data.get("accent"), found))


def _read_accent(c: CampaignChecker, raw: Any, found: Mapping[str, str]) -> str | None:
    """The optional ``colors.accent`` of the hero's sticker and button: a warning, and the text
    colour instead, when neither campaign colour is readable on it."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not _COLOUR.match(text):
        c.error("colors.accent", f'"{text}" is not a colour; write it as "#rrggbb" in quotes, '
                                 'e.g. "#f5c518"')
        return None
    accent = _six_digits(text)
    best = max(contrast_ratio(accent, found["text"]), contrast_ratio(accent, found["background"]))
    if best < MIN_CONTRAST:
        c.warn("colors.accent", f"{accent} has a contrast of {best:.2f}:1 with both colours (the "
                                f"hero's discount is written on it in one of them); text needs "
                                f"at least {MIN_CONTRAST}:1 (WCAG AA), so the hero uses the text "
                                f'colour {found["text"]} instead; pick a lighter or darker accent')
        return None
    return accent


def read_image(c: CampaignChecker, value: Any, content_dir: Path) -> tuple[str | None, Path | None]:
    """The banner ``image:`` path inside content/ and the file on disk."""
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
    if path.suffix.lower() not in IMAGE_EXTENSIONS or not _is_image(path):
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
