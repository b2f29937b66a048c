"""Product rules: one product's front matter (index.md) in, a Product and Problems out.

Pure functions: no Pelican, no file reads (the caller passes the list of files in a bundle).
Every problem names the file, the dotted field (``variants[1].price.USD``; list positions count
from 1), the line where known, what is wrong and how to fix it. Validation never stops at the
first mistake.

Rules a marketer may ask about:
- price tiers have strictly increasing ``min_qty`` and strictly falling unit prices, all below
  the base price; the first tier may sit at exactly ``moq`` only if it repeats the base price
  (the base price applies from ``moq`` units, so a different price there would hide it);
- tiers must list the store currency; their currencies must also be in ``price``;
- variant ``price``/``list_price`` hold only what differs and are merged over the product's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from storefront_core.errors import Problem
from storefront_core.slug import slugify

from .checker import (
    TITLE_MAX,
    FieldChecker,
    did_you_mean,
    known_currencies,
    seo_field,
    show_value,
)
from .model import (
    ANGLES,
    AVAILABILITY,
    CONDITIONS,
    VARIANT_OPTIONS,
    Image,
    Prices,
    PriceTier,
    Product,
    Rating,
    Variant,
    default_alt,
)

PRODUCT_FIELDS = (
    "title", "sku", "brand", "gtin", "mpn", "category", "tags", "summary", "price",
    "list_price", "availability", "condition", "moq", "price_tiers", "images", "variants",
    "specs", "buy_url", "checkout", "inquiry", "rating", "seo", "draft", "featured", "order",
    "release_date", "date",
)  # fmt: skip
IMAGE_FIELDS = ("file", "angle", "alt")
VARIANT_FIELDS = (
    ("sku",) + VARIANT_OPTIONS + ("image", "price", "list_price", "availability", "gtin", "mpn",
                                  "swatch", "checkout")
)
TIER_FIELDS = ("min_qty", "price")
RATING_FIELDS = ("value", "count")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif")
_ID_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass
class Checked:
    """The outcome of validating one product file."""

    file: str  # display path
    lines: dict[str, int]
    product: Product | None  # None when the file has errors
    problems: list[Problem] = field(default_factory=list)
    skus: list[tuple[str, str]] = field(default_factory=list)  # (sku, field path)
    category: tuple[str, ...] = ()  # when it could be read, even if the file has errors
    tags: tuple[str, ...] = ()
    read: bool = True  # False: the front matter could not be parsed


def validate_product(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    slug: str,
    source_dir: Path,
    source_file: Path,
    file: str,
    bundle_files: Iterable[str],
    body_html: str,
    digest: str,
    currency: str,
    currencies: tuple[frozenset[str], frozenset[str]] | None = None,
    linked_outside: Mapping[str, str] | None = None,
) -> Checked:
    """Validate one product's front matter; ``bundle_files`` are the bundle's relative paths,
    ``linked_outside`` the real paths of those that are links out of the content folder."""
    c = FieldChecker(file, lines, currency, currencies or known_currencies())
    result = Checked(file=file, lines=dict(lines), product=None, problems=c.problems)
    c.known_keys(data, PRODUCT_FIELDS, "")

    title = c.text(data.get("title"), "title", required=True, max_len=TITLE_MAX)
    sku = c.sku(data.get("sku"), "sku")
    if sku:
        result.skus.append((sku, "sku"))
    brand = c.text(data.get("brand"), "brand", required=True)
    gtin = c.gtin(data.get("gtin"), "gtin")
    mpn = c.text(data.get("mpn"), "mpn")
    category = _category(c, data.get("category"))
    tags = _tags(c, data.get("tags"))
    result.category, result.tags = category or (), tags
    summary = c.text(data.get("summary"), "summary", required=True)
    price = c.prices(data.get("price"), "price", need_store=True)
    list_price = c.prices(data.get("list_price"), "list_price", need_store=False) or {}
    if price is not None:
        _check_list_price(c, list_price, price, "list_price", "the price")
    availability = c.choice(data.get("availability", "in_stock"), "availability", AVAILABILITY)
    condition = c.choice(data.get("condition", "new"), "condition", CONDITIONS)
    moq = c.integer(data.get("moq", 1), "moq", minimum=1)
    tiers = _tiers(c, data.get("price_tiers"), price or {}, moq or 1)
    images = _images(c, data.get("images"), source_dir, bundle_files, title or slug,
                     linked_outside or {})
    variants = _variants(c, data.get("variants"), images, price or {}, list_price,
                         availability or "in_stock", result.skus)
    specs = specs_field(c, data.get("specs"))
    buy_url = _url(c, data.get("buy_url"), "buy_url")
    checkout = checkout_ids(c, data.get("checkout"), "checkout")
    inquiry = c.boolean(data.get("inquiry"), "inquiry")
    rating = _rating(c, data.get("rating"))
    seo_title, seo_description = seo_field(c, data.get("seo"))
    draft = c.boolean(data.get("draft"), "draft")
    featured = c.boolean(data.get("featured"), "featured")
    order = c.integer(data.get("order", 0), "order")
    release_date = c.date(data.get("release_date"), "release_date")
    added = c.date(data.get("date"), "date")
    if availability == "preorder" and release_date is None and "release_date" not in data:
        c.warn("availability", "preorder products should say when they ship; add "
                               "release_date: YYYY-MM-DD")

    if c.errors:
        return result
    assert title and sku and brand and summary and category and price is not None
    assert images is not None and variants is not None
    result.product = Product(
        slug=slug, source_dir=source_dir, source_file=source_file, title=title, sku=sku,
        brand=brand, category=category, summary=summary, body_html=body_html, price=price,
        images=images, digest=digest, gtin=gtin, mpn=mpn, tags=tags, list_price=list_price,
        availability=availability or "in_stock", condition=condition or "new", moq=moq or 1,
        price_tiers=tiers, variants=variants, specs=specs, buy_url=buy_url,
        checkout=checkout, inquiry=bool(inquiry), rating=rating, seo_title=seo_title,
        seo_description=seo_description, draft=bool(draft), featured=bool(featured),
        order=order or 0, release_date=release_date, added=added,
    )
    return result


def checkout_ids(c: FieldChecker, value: Any, path: str) -> dict[str, str]:
    """The ``checkout:`` ids of a product or variant (names a checkout URL template uses)."""
    example = 'checkout: {shopify_variant_id: "44012345678901"}'
    if value is None:
        return {}
    ids = c.mapping(value, path, example)
    if ids is None:
        return {}
    out: dict[str, str] = {}
    for name, raw in ids.items():
        where = f"{path}.{name}"
        if not (isinstance(name, str) and _ID_NAME.fullmatch(name)):
            c.error(where, f"{name!r} is not an id name; use lowercase letters, digits and _, "
                           f"e.g. {example}")
        elif isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
            c.error(where, f"must be the id as text, e.g. {example}")
        else:
            out[name] = str(raw).strip()
    return out


def _category(c: FieldChecker, value: Any) -> tuple[str, ...] | None:
    text = c.text(value, "category", required=True)
    if text is None:
        return None
    names = tuple(part.strip() for part in text.split("/"))
    if any(not name for name in names):
        fixed = "/".join(n for n in names if n) or "Accessories/Stylus Pens"
        c.error("category", f'"{text}" has an empty part; write the path with single slashes, '
                            f'e.g. "{fixed}"')
        return None
    for name in names:
        slug = slugify(name)
        if not slug:
            c.error("category", f'"{name}" has no letters or digits that can go in a web '
                                "address; add a Latin-letter or digit word to the name")
            return None
        if slug == "page":
            c.error("category", f'"{name}" is reserved for page numbers in web addresses; '
                                'choose another name, e.g. "Pages"')
            return None
    return names


def _tags(c: FieldChecker, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = c.listing(value, "tags", "tags: [wireless, usb-c]")
    if items is None:
        return ()
    tags: list[str] = []
    for i, item in enumerate(items, start=1):
        tag = c.text(item, f"tags[{i}]", required=True)
        if tag is not None and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _check_list_price(c: FieldChecker, list_price: Prices, price: Prices, path: str,
                      against: str) -> None:
    for code, was in list_price.items():
        if code not in price and c.failed(f"price.{code}"):
            continue  # the price is reported already: one bad price, one error
        if code not in price:
            c.error(f"{path}.{code}", f"there is no {code} price to compare with; add "
                                      f"price.{code} or remove this line")
        elif was <= price[code]:
            c.error(f"{path}.{code}", f"{was} is not above {against} ({price[code]}); a list "
                                      "(was) price must be higher, or remove it")


def _tiers(c: FieldChecker, value: Any, price: Prices, moq: int) -> tuple[PriceTier, ...]:
    if value is None:
        return ()
    example = f'price_tiers: [{{min_qty: 50, price: {{{c.currency}: "24.99"}}}}]'
    items = c.listing(value, "price_tiers", example)
    if items is None:
        return ()
    tiers: list[PriceTier] = []
    last_qty = moq
    # per currency: the unit price each tier must undercut, and what it was
    bar: dict[str, tuple[Decimal, str]] = {code: (amount, "the base price")
                                           for code, amount in price.items()}
    for i, item in enumerate(items, start=1):
        path = f"price_tiers[{i}]"
        tier = c.mapping(item, path, f'{{min_qty: 50, price: {{{c.currency}: "24.99"}}}}')
        if tier is None:
            continue
        c.known_keys(tier, TIER_FIELDS, path)
        if "min_qty" not in tier:
            c.error(f"{path}.min_qty", "is missing; say from how many units this price applies")
        qty = c.integer(tier.get("min_qty"), f"{path}.min_qty", minimum=1)
        tier_price = c.prices(tier.get("price"), f"{path}.price", need_store=True)
        # A first tier at exactly moq may restate the base price (a common way to write
        # the table); anything else at or below moq would hide the base price.
        restating = qty == moq and not tiers and i == 1
        if qty is not None:
            if qty < moq:
                c.error(f"{path}.min_qty", f"{qty} is below moq ({moq}); nobody can order "
                                           f"fewer than {moq}, start the tier at {moq} or more")
            elif qty <= last_qty and not restating:
                c.error(f"{path}.min_qty", f"{qty} is not above the previous tier's min_qty "
                                           f"({last_qty}); list tiers from small to large "
                                           "quantities, each with a larger min_qty")
            last_qty = max(last_qty, qty)
        for code, amount in (tier_price or {}).items():
            where = f"{path}.price.{code}"
            if code not in bar:
                if not c.failed(f"price.{code}"):  # else reported already
                    c.error(where, f"the product has no {code} price; add price.{code} or "
                                   "remove this line")
                continue
            limit, what = bar[code]
            if restating:
                if amount != limit:
                    c.error(where, f"{amount} differs from the base price ({limit}); a tier at "
                                   f"moq ({moq}) must repeat the base price, or start it above "
                                   f"{moq}")
                continue
            if amount >= limit:
                c.error(where, f"{amount} is not below {what} ({limit}); each tier must lower "
                               "the unit price")
            bar[code] = (min(amount, limit), "the previous tier's price")
        if qty is not None and tier_price:
            tiers.append(PriceTier(min_qty=qty, price=tier_price))
    return tuple(tiers)


def _images(c: FieldChecker, value: Any, source_dir: Path, bundle_files: Iterable[str],
            title: str, linked_outside: Mapping[str, str]) -> tuple[Image, ...] | None:
    example = "images: [{file: front.jpg, angle: front}]"
    if value is None or value == []:
        c.error("images", f"at least one photo is required, e.g. {example}")
        return None
    items = c.listing(value, "images", example)
    if items is None:
        return None
    files = set(bundle_files)
    photos = sorted(f for f in files if f.lower().endswith(IMAGE_EXTENSIONS))
    images: list[Image] = []
    seen: dict[str, str] = {}
    ok = True
    for i, item in enumerate(items, start=1):
        path = f"images[{i}]"
        if isinstance(item, str):
            c.error(path, f"each photo needs a file and an angle, e.g. "
                          f"{{file: {item}, angle: front}}")
            ok = False
            continue
        image = c.mapping(item, path, "{file: front.jpg, angle: front}")
        if image is None:
            ok = False
            continue
        c.known_keys(image, IMAGE_FIELDS, path)
        name = _image_file(c, image.get("file"), f"{path}.file", files, photos,
                           linked_outside)
        angle = c.choice(image.get("angle"), f"{path}.angle", ANGLES)
        if "angle" not in image:
            c.error(f"{path}.angle", f"is missing; say what the photo shows, one of: "
                                     f"{', '.join(ANGLES)}")
        alt = c.text(image.get("alt"), f"{path}.alt")
        if name is not None and name in seen:
            c.error(f"{path}.file", f'"{name}" is already listed as {seen[name]}; list each '
                                    "photo once")
            name = None
        if name is None or angle is None:
            ok = False
            continue
        seen[name] = path
        images.append(Image(
            file=name, source=source_dir / name, angle=angle,
            alt=alt or default_alt(title, angle),
        ))
    return tuple(images) if ok else None


def _image_file(c: FieldChecker, value: Any, path: str, files: set[str],
                photos: list[str], linked_outside: Mapping[str, str]) -> str | None:
    name = c.text(value, path, required=True)
    if name is None:
        return None
    if "\\" in name:
        c.error(path, f'"{name}" uses a backslash; write folders with / (or put the photo next '
                      "to index.md)")
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("~") or ".." in pure.parts or ":" in name:
        c.error(path, f'"{name}" points outside the product folder; copy the photo into the '
                      f'product folder and write just its name, e.g. "{pure.name}"')
        return None
    name = str(pure)
    link = next((part for part in (name, *(str(p) for p in pure.parents))
                 if part in linked_outside), None)
    if link is not None:
        what = "file" if link == name else f'folder ("{link}")'
        c.error(path, f'"{name}" is a link to a {what} outside the content folder '
                      f"({linked_outside[link]}); copy the photo into the product folder")
        return None
    if not name.lower().endswith(IMAGE_EXTENSIONS):
        c.error(path, f'"{name}" is not a supported photo type; use a .jpg, .jpeg, .png, '
                      ".webp or .avif file")
        return None
    if name not in files:
        guess = did_you_mean(name, photos, cutoff=0.85)
        if guess:
            hint = f'did you mean "{guess}"? (names are case-sensitive)'
        elif photos:
            hint = "photos in the folder: " + ", ".join(photos[:8])
        else:
            hint = "the folder has no photos yet; add it next to index.md"
        c.error(path, f'"{name}" is not in the product folder; {hint}')
        return None
    return name


def _variants(c: FieldChecker, value: Any, images: tuple[Image, ...] | None, price: Prices,
              list_price: Prices, availability: str,
              skus: list[tuple[str, str]]) -> tuple[Variant, ...] | None:
    if value is None:
        return ()
    items = c.listing(value, "variants", "variants: [{sku: TS-01-BLK, color: Black}]")
    if items is None:
        return None
    image_files = [img.file for img in images] if images is not None else None
    variants: list[Variant] = []
    option_sets = _OptionSets()
    for i, item in enumerate(items, start=1):
        path = f"variants[{i}]"
        data = c.mapping(item, path, "{sku: TS-01-BLK, color: Black}")
        if data is None:
            continue
        c.known_keys(data, VARIANT_FIELDS, path)
        sku = c.sku(data.get("sku"), f"{path}.sku")
        if sku:
            skus.append((sku, f"{path}.sku"))
        options = _variant_options(c, data, path)
        option_sets.check(c, path, tuple(k for k in VARIANT_OPTIONS if k in data), options)
        image = _variant_image(c, data.get("image"), f"{path}.image", image_files)
        merged_price, merged_list = _variant_prices(c, data, path, price, list_price)
        var_availability = c.choice(data.get("availability", availability),
                                    f"{path}.availability", AVAILABILITY)
        gtin = c.gtin(data.get("gtin"), f"{path}.gtin")
        mpn = c.text(data.get("mpn"), f"{path}.mpn")
        swatch = _swatch(c, data, f"{path}.swatch")
        ids = checkout_ids(c, data.get("checkout"), f"{path}.checkout")
        if sku and var_availability:
            variants.append(Variant(
                sku=sku, options=options, image=image, price=merged_price,
                list_price=merged_list, availability=var_availability, gtin=gtin, mpn=mpn,
                swatch=swatch, checkout=ids,
            ))
    return tuple(variants)


def _variant_options(c: FieldChecker, data: Mapping[str, Any], path: str) -> dict[str, str]:
    """A variant's option values (color, size, ...) that are usable text."""
    options: dict[str, str] = {}
    for key in VARIANT_OPTIONS:
        if key in data:
            text = c.text(data[key], f"{path}.{key}", required=True)
            if text is not None:
                options[key] = text
    return options


@dataclass
class _OptionSets:
    """The option names of a product's first variant and every option combination seen."""

    first_keys: tuple[str, ...] | None = None
    combos: dict[tuple[str, ...], str] = field(default_factory=dict)

    def check(self, c: FieldChecker, path: str, keys: tuple[str, ...],
              options: Mapping[str, str]) -> None:
        """Report a variant without options, with other options than the first, or a repeat."""
        if not keys:
            c.error(path, "has no option; give at least one of: " + ", ".join(VARIANT_OPTIONS))
        elif self.first_keys is None:
            self.first_keys = keys
        elif keys != self.first_keys:
            c.error(path, f"uses the options {', '.join(keys)} but variants[1] uses "
                          f"{', '.join(self.first_keys)}; give every variant the same options")
        combo = tuple(options.get(k, "").casefold() for k in keys)
        if keys and len(options) == len(keys):
            if combo in self.combos:
                c.error(path, f"has the same options as {self.combos[combo]}; each variant "
                              "needs a different combination")
            else:
                self.combos[combo] = path


def _variant_image(c: FieldChecker, value: Any, path: str,
                   image_files: list[str] | None) -> str | None:
    """A variant's photo, which must be one of the product's images."""
    image = c.text(value, path)
    if image is not None and image_files is not None and image not in image_files:
        c.error(path, f'"{image}" is not one of the product\'s images '
                      f"({', '.join(image_files)}); add it to images first")
    return image


def _variant_prices(c: FieldChecker, data: Mapping[str, Any], path: str, price: Prices,
                    list_price: Prices) -> tuple[Prices, Prices]:
    """A variant's price and list price: the product's, overridden per currency by its own."""
    own_price = c.prices(data.get("price"), f"{path}.price", need_store=False) or {}
    own_list = c.prices(data.get("list_price"), f"{path}.list_price",
                        need_store=False) or {}
    for code in own_price:
        if price and code not in price and not c.failed(f"price.{code}"):
            c.error(f"{path}.price.{code}", f"the product has no {code} price; add "
                                            f"price.{code} too")
    merged_price = {**price, **own_price}
    merged_list = {**list_price, **own_list}
    for code in own_list:
        if code not in merged_price and not c.failed(f"price.{code}") and not c.failed(
                f"{path}.price.{code}"):
            c.error(f"{path}.list_price.{code}", f"there is no {code} price to compare "
                                                 f"with; add price.{code} or remove this line")
    for code, was in merged_list.items():
        if code not in own_price and code not in own_list:
            continue  # the product's own pair, checked (and reported) once for the product
        if code in merged_price and was <= merged_price[code]:
            where = f"{path}.list_price.{code}" if code in own_list else f"{path}.price.{code}"
            c.error(where, f"the variant's list price {was} is not above its price "
                           f"{merged_price[code]}; raise list_price or give this variant "
                           "its own list_price")
    return merged_price, merged_list


def _swatch(c: FieldChecker, data: Mapping[str, Any], path: str) -> str | None:
    if "swatch" not in data:
        return None
    value = data["swatch"]
    if value is None:
        c.error(path, 'is empty; # starts a comment in YAML, so write the colour in quotes, '
                      'e.g. swatch: "#1a1a1a"')
        return None
    text = c.text(value, path)
    if text is None:
        return None
    if not _HEX_COLOUR.match(text):
        c.error(path, f'"{text}" is not a hex colour; write it like "#1a1a1a" (in quotes)')
        return None
    return text.lower()


def specs_field(c: FieldChecker, value: Any) -> tuple[tuple[str, str], ...]:
    """Product facts from ``specs``: (label, text) pairs in the order written."""
    if value is None:
        return ()
    specs = c.mapping(value, "specs", "specs: {Weight: 14 g, Battery: 10 h}")
    if specs is None:
        return ()
    out: list[tuple[str, str]] = []
    for label, raw in specs.items():
        path = f"specs.{label}"
        if isinstance(raw, bool):
            c.error(path, f'{show_value(raw)} is a yes/no value; write the text to show in quotes, '
                          'e.g. "Yes"')
            continue
        text = c.text(raw, path)
        if text is None:
            if raw is None:
                c.error(path, "has no value; write one or remove the line")
            continue
        out.append((label.strip(), text))
    return tuple(out)


def _url(c: FieldChecker, value: Any, path: str) -> str | None:
    text = c.text(value, path)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        c.error(path, f'"{text}" is not a web address; write the full address starting with '
                      "https://")
        return None
    return text


def _rating(c: FieldChecker, value: Any) -> Rating | None:
    if value is None:
        return None
    data = c.mapping(value, "rating", 'rating: {value: "4.7", count: 132}')
    if data is None:
        return None
    c.known_keys(data, RATING_FIELDS, "rating")
    score = None
    raw = data.get("value")
    if raw is None:
        c.error("rating.value", 'is missing; give the average stars, e.g. value: "4.7"')
    else:
        try:
            score = Decimal(str(raw)) if not isinstance(raw, bool | list | dict) else None
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 5:
            c.error("rating.value", f"{show_value(raw)} is not an average between 0 and 5; write "
                                    'e.g. "4.7"')
            score = None
    count = c.integer(data.get("count"), "rating.count", minimum=1)
    if "count" not in data:
        c.error("rating.count", "is missing; give the number of reviews, e.g. count: 132")
    if score is None or count is None:
        return None
    return Rating(value=score, count=count)
