"""Synthetic catalogs for `storefront bench`: realistic bundles and distinct product photos.

With several markets the catalog also gets content/markets.yml, prices in every market's
currency, and per non-English language an ``index.<lang>.md`` translation of every product
(deterministic pseudo-text in the language's script, as long as the English text).
"""

from __future__ import annotations

import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from storefront_core.slug import slugify

from .synth_markets import (
    currencies_of,
    markets_yaml,
    money,
    rates_yaml,
    synth_markets,
    translated_languages,
)
from .synth_text import (
    ADJECTIVES,
    ANGLES,
    CATEGORIES,
    COLORS,
    LANGUAGES,
    NOUNS,
    WORDS,
    PseudoText,
    description,
    paragraph,
    sentence,
)


@dataclass(frozen=True)
class SynthProduct:
    """Where one synthetic product lives, which photos it needs, its translations."""

    slug: str
    folder: Path
    photos: tuple[tuple[Path, int], ...]  # (path, drawing seed)
    translations: tuple[str, ...] = ()  # languages with an index.<lang>.md


def gtin13(number: int) -> str:
    """A GTIN-13 with a valid check digit from a running number.

    >>> gtin13(42)
    '2000000000428'
    """
    body = f"200{number:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Draft:
    """One synthetic product before it is written: its index.md and what translations reuse."""

    index: int
    slug: str
    title: str
    text: str  # front matter of index.md, with the --- lines
    images: tuple[tuple[str, str], ...]  # (file, angle)
    colors: tuple[str, ...]  # colours of its variants (English names)
    weight: int  # grams
    dimensions: tuple[int, int, int]  # millimetres
    warranty: int  # years
    colour: str  # English colour name


def front_matter(
    index: int, photos: int, rng: random.Random, currencies: tuple[str, ...] = ("USD",)
) -> Draft:
    """Synthetic product number ``index`` with prices in ``currencies`` (USD first)."""
    category = CATEGORIES[index % len(CATEGORIES)]
    title = f"{ADJECTIVES[index % len(ADJECTIVES)]} {NOUNS[category]} {index:05d}"
    slug = slugify(title)
    sku = f"BN-{index:05d}"
    price = rng.randint(9, 149) + 0.99
    images = []
    files: list[tuple[str, str]] = []
    for k in range(photos):
        angle = ANGLES[k] if k < len(ANGLES) else "other"
        file = f"{angle}.jpg" if k < len(ANGLES) else f"photo-{k}.jpg"
        files.append((file, angle))
        images.append(f'  - {{file: {file}, angle: {angle}, alt: "{title}, {angle} view"}}')
    lines = [
        "---",
        f'title: "{title}"',
        f'sku: "{sku}"',
        'brand: "Benchmark"',
        f'gtin: "{gtin13(index)}"',
        f'category: "{category}"',
        "tags: [" + ", ".join(rng.sample(sorted(set(WORDS)), 2)) + "]",
        f'summary: "{sentence(rng, 14)}"',
        f"price: {money(price, currencies)}",
    ]
    if index % 3 == 0:
        lines.append(f"list_price: {money(price + 10, currencies)}")
    lines.append("availability: " + ("out_of_stock" if index % 17 == 5 else "in_stock"))
    if index % 7 == 0:
        lines += [
            "moq: 10",
            "price_tiers:",
            f"  - {{min_qty: 50, price: {money(price - 2, currencies)}}}",
            f"  - {{min_qty: 200, price: {money(price - 4, currencies)}}}",
        ]
    lines.append("images:")
    lines += images
    colors: list[str] = []
    if index % 5 == 0:
        lines.append("variants:")
        for name, swatch in rng.sample(COLORS, 3):
            colors.append(name)
            lines.append(
                f'  - {{sku: "{sku}-{name.upper()}", color: {name}, '
                f'image: front.jpg, swatch: "{swatch}"}}'
            )
    weight = rng.randint(10, 400)
    dims = (rng.randint(20, 160), rng.randint(10, 80), rng.randint(5, 30))
    warranty = rng.randint(1, 3)
    colour = rng.choice(COLORS)[0]
    lines += [
        "specs:",
        f"  Weight: {weight} g",
        f'  Dimensions: "{dims[0]} x {dims[1]} x {dims[2]} mm"',
        f"  Warranty: {warranty} years",
        f"  Colour: {colour}",
        f"buy_url: https://buy.example.com/{slug}",
        "inquiry: true",
        f'rating: {{value: "{rng.randint(35, 50) / 10:.1f}", count: {rng.randint(3, 900)}}}',
        "---",
    ]
    return Draft(
        index,
        slug,
        title,
        "\n".join(lines) + "\n",
        tuple(files),
        tuple(colors),
        weight,
        dims,
        warranty,
        colour,
    )


def translation(draft: Draft, text: PseudoText, rng: random.Random) -> str:
    """index.<lang>.md of ``draft``: title, summary, alt texts, specs, options and ~300 words."""
    lang = text.lang
    title = f"{text.phrase(rng, 2)} {draft.index:05d}"
    weight, dims, years, colour = lang.spec_labels
    lines = [
        "---",
        f'title: "{title}"',
        f'summary: "{text.sentence(rng, 14)}"',
        "images:",
        *(f'  - {{file: {file}, alt: "{title}, {text.word(rng)}"}}' for file, _ in draft.images),
        "specs:",
        f'  "{weight}": "{draft.weight} g"',
        f'  "{dims}": "{draft.dimensions[0]} x {draft.dimensions[1]} x {draft.dimensions[2]} mm"',
        f'  "{years}": "{lang.years.format(n=draft.warranty)}"',
        f'  "{colour}": "{lang.colors[draft.colour]}"',
    ]
    if draft.colors:
        lines.append("options:")
        lines += [f'  {name}: "{lang.colors[name]}"' for name in draft.colors]
    lines.append("---")
    bullets = "\n".join(
        f"- **{text.word(rng).capitalize()}**: {text.sentence(rng, 9)}" for _ in range(5)
    )
    highlights, details, in_box = lang.headings
    guide, pouch = lang.box
    body = (
        f"**{title}** {text.paragraph(rng, 60)}\n\n"
        f"## {highlights}\n\n{bullets}\n\n"
        f"## {details}\n\n{text.paragraph(rng, 70)}\n\n{text.paragraph(rng, 70)}\n\n"
        f"## {in_box}\n\n- 1 x {title}\n- 1 x {guide}\n- 1 x {pouch}\n"
    )
    return "\n".join(lines) + "\n" + body


def categories_yaml(texts: dict[str, PseudoText]) -> str:
    """content/categories.yml: a pseudo name per category path and translated language."""
    paths = sorted(
        {slugify(c.split("/")[0]) for c in CATEGORIES}
        | {"/".join(slugify(part) for part in c.split("/")) for c in CATEGORIES}
    )
    lines = ["# Translated category names written by `storefront bench`."]
    for path in paths:
        lines.append(f"{path}:")
        for lang, text in texts.items():
            lines.append(f'  {lang}: "{text.phrase(random.Random(f"{path}-{lang}"), 2)}"')
    return "\n".join(lines) + "\n"


def draw_photo(path: Path, seed: int, size: int = 2000) -> None:
    """Draw a distinct, product-shot-like JPEG: gradient backdrop, shadow, shaped object."""
    from PIL import Image, ImageDraw, ImageOps

    rng = random.Random(seed)

    def colour() -> tuple[int, int, int]:
        return (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))

    grad = Image.linear_gradient("L").resize((size, size))
    grad = grad.rotate(rng.choice((0, 90, 180, 270)))
    light = tuple(200 + c // 5 for c in colour())
    img = ImageOps.colorize(grad, light, tuple(c // 2 + 100 for c in colour()))
    draw = ImageDraw.Draw(img)
    cx, cy = size // 2 + rng.randint(-200, 200), size // 2 + rng.randint(-150, 150)
    w, h = rng.randint(400, 900), rng.randint(300, 800)
    draw.ellipse(
        (cx - w // 2 - 40, cy + h // 2 - 30, cx + w // 2 + 40, cy + h // 2 + 90), fill=(70, 70, 70)
    )
    body = colour()
    draw.rounded_rectangle(
        (cx - w // 2, cy - h // 2, cx + w // 2, cy + h // 2),
        radius=rng.randint(20, 200),
        fill=body,
        outline=(30, 30, 30),
        width=6,
    )
    for _ in range(rng.randint(3, 8)):
        r = rng.randint(20, 120)
        x, y = (
            rng.randint(cx - w // 2 + r, cx + w // 2 - r),
            rng.randint(cy - h // 2 + r, cy + h // 2 - r),
        )
        shape = rng.choice(("ellipse", "rectangle"))
        getattr(draw, shape)((x - r, y - r, x + r, y + r), fill=colour())
    # sensor-like grain, drawn small and scaled up: fast, and keeps every photo distinct
    grain = Image.effect_noise((size // 4, size // 4), 24).resize((size, size)).convert("RGB")
    img = Image.blend(img, grain, 0.05)
    img.save(path, "JPEG", quality=90)


def _draw_job(job: tuple[str, int]) -> None:
    draw_photo(Path(job[0]), job[1])


def write_catalog(
    content: Path,
    products: int,
    photos: int,
    *,
    markets: int = 1,
    seed: int = 1,
    workers: int | None = None,
    base_currency_only: bool = False,
    photos_from: Path | None = None,
    same_photo: bool = False,
) -> list[SynthProduct]:
    """Write ``products`` bundles (and two pages) under ``content``; photos drawn in a pool.

    With ``markets`` > 1 also content/markets.yml, content/categories.yml, prices in every
    market currency and one index.<lang>.md per product and non-default market language. One
    market writes no markets.yml: the store stays a single market at the site root.

    ``base_currency_only`` writes only the store currency's price (the first market's) and a
    content/rates.yml every other market price is derived from. ``photos_from`` is the content
    folder of a catalog written with the same seed, products and photos: its photos are linked
    (hard links, else copies) instead of drawn again. ``same_photo`` draws one picture and
    links it as every photo (scale runs: the photo cache encodes it once; every product still
    has its own page, card, feed item and sitemap entry).
    """
    chosen = synth_markets(markets)
    currencies = currencies_of(chosen)[:1] if base_currency_only else currencies_of(chosen)
    texts = {lang: PseudoText(LANGUAGES[lang]) for lang in translated_languages(chosen)}
    rng = random.Random(seed)
    made: list[SynthProduct] = []
    for i in range(products):
        draft = front_matter(i, photos, rng, currencies)
        folder = content / "products" / draft.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(draft.text + description(rng, draft.title), "utf-8")
        for lang, text in texts.items():
            # its own generator: the default text stays the same whatever the markets
            own = random.Random(f"{seed}-{i}-{lang}")
            (folder / f"index.{lang}.md").write_text(translation(draft, text, own), "utf-8")
        made.append(
            SynthProduct(
                draft.slug,
                folder,
                tuple(
                    (folder / f, seed * 1_000_003 + i * 97 + k)
                    for k, (f, _) in enumerate(draft.images)
                ),
                tuple(texts),
            )
        )
    if base_currency_only:
        (content / "rates.yml").write_text(rates_yaml(chosen), encoding="utf-8")
    if markets > 1:
        (content / "markets.yml").write_text(markets_yaml(chosen), encoding="utf-8")
        if texts:
            (content / "categories.yml").write_text(categories_yaml(texts), encoding="utf-8")
    pages = content / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("About", "Shipping"):
        (pages / f"{slugify(name)}.md").write_text(
            f'---\ntitle: "{name}"\n---\n{paragraph(rng, 120)}\n', encoding="utf-8"
        )
    if photos_from is not None:
        for prod in made:
            for path, _ in prod.photos:
                link_file(photos_from / path.relative_to(content), path)
        return made
    jobs = [(str(p), s) for prod in made for p, s in prod.photos]
    if same_photo and jobs:
        _draw_job(jobs[0])
        for other, _seed in jobs[1:]:
            link_file(jobs[0][0], other)
        return made
    with ProcessPoolExecutor(max(1, workers or os.cpu_count() or 1)) as pool:
        list(pool.map(_draw_job, jobs, chunksize=4))
    return made


def link_file(source: str | Path, target: str | Path) -> None:
    """``target`` as a hard link to ``source`` (same size and mtime), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
