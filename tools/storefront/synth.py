"""Synthetic catalogs for `storefront bench`: realistic bundles and distinct product photos.

With several markets the catalog also gets content/markets.yml, prices in every market's
currency, and per non-English language an ``index.<lang>.md`` translation of every product
(deterministic pseudo-text in the language's script, as long as the English text).
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from storefront_catalog.urls import slugify

CATEGORIES = (
    "Power/Chargers",
    "Power/Power Banks",
    "Power/Cables",
    "Storage/USB Flash Drives",
    "Storage/Memory Cards",
    "Storage/SSD Enclosures",
    "Input/Stylus Pens",
    "Input/Keyboards",
    "Audio/Earbuds",
    "Audio/Speakers",
)
ANGLES = ("front", "back", "side", "detail", "in_use", "top", "bottom", "packaging", "lifestyle")
ADJECTIVES = (
    "Compact",
    "Rugged",
    "Slim",
    "Pro",
    "Travel",
    "Ultra",
    "Mini",
    "Smart",
    "Dual",
    "Fast",
    "Magnetic",
    "Foldable",
)
NOUNS = {
    "Power/Chargers": "Charger",
    "Power/Power Banks": "Power Bank",
    "Power/Cables": "Cable",
    "Storage/USB Flash Drives": "Flash Drive",
    "Storage/Memory Cards": "Memory Card",
    "Storage/SSD Enclosures": "SSD Enclosure",
    "Input/Stylus Pens": "Stylus Pen",
    "Input/Keyboards": "Keyboard",
    "Audio/Earbuds": "Earbuds",
    "Audio/Speakers": "Speaker",
}
COLORS = (
    ("Black", "#1a1a1a"),
    ("White", "#f4f4f4"),
    ("Blue", "#1d4ed8"),
    ("Red", "#b91c1c"),
    ("Green", "#15803d"),
    ("Grey", "#6b7280"),
)
WORDS = (
    "charge travel power port cable compact aluminium shell design battery hours day desk bag "
    "pocket fast safe smart chip heat protection voltage current device phone laptop tablet "
    "watch earbuds studio office trip airport hotel cafe commute weekend durable finish matte "
    "grip texture light weight gram millimetre capacity storage file photo video backup drive "
    "speed transfer second copy folder archive music podcast call clear sound bass battery life "
    "case cover tip pressure sketch note draw precise palm rejection pairing bluetooth wireless "
    "magnetic snap stand angle adjustable fold flat spare warranty support certified tested "
    "standard quality everyday reliable simple clean minimal robust flexible braided nylon "
    "connector usb type plug socket adapter universal worldwide region outlet"
).split()


@dataclass(frozen=True)
class SynthProduct:
    """Where one synthetic product lives and which photos it needs."""

    slug: str
    folder: Path
    photos: tuple[tuple[Path, int], ...]  # (path, drawing seed)


def gtin13(number: int) -> str:
    """A GTIN-13 with a valid check digit from a running number.

    >>> gtin13(42)
    '2000000000428'
    """
    body = f"200{number:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 16))
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def description(rng: random.Random, title: str) -> str:
    """About 300 words of Markdown: intro, highlights, details, box contents."""
    bullets = "\n".join(
        f"- **{rng.choice(WORDS).capitalize()}**: {_sentence(rng, 9)}" for _ in range(5)
    )
    intro = _paragraph(rng, 60)
    return (
        f"The **{title}** {intro[0].lower()}{intro[1:]}\n\n"
        f"## Highlights\n\n{bullets}\n\n"
        f"## Details\n\n{_paragraph(rng, 70)}\n\n{_paragraph(rng, 70)}\n\n"
        f"## In the box\n\n- 1 x {title}\n- 1 x quick start guide\n- 1 x travel pouch\n"
    )


def front_matter(index: int, photos: int, rng: random.Random) -> tuple[str, str, str]:
    """(slug, front matter YAML, title) of synthetic product number ``index``."""
    category = CATEGORIES[index % len(CATEGORIES)]
    title = f"{ADJECTIVES[index % len(ADJECTIVES)]} {NOUNS[category]} {index:05d}"
    slug = slugify(title)
    sku = f"BN-{index:05d}"
    price = rng.randint(9, 149) + 0.99
    images = []
    for k in range(photos):
        angle = ANGLES[k] if k < len(ANGLES) else "other"
        file = f"{angle}.jpg" if k < len(ANGLES) else f"photo-{k}.jpg"
        images.append(f'  - {{file: {file}, angle: {angle}, alt: "{title}, {angle} view"}}')
    lines = [
        "---",
        f'title: "{title}"',
        f'sku: "{sku}"',
        'brand: "Benchmark"',
        f'gtin: "{gtin13(index)}"',
        f'category: "{category}"',
        "tags: [" + ", ".join(rng.sample(sorted(set(WORDS)), 2)) + "]",
        f'summary: "{_sentence(rng, 14)}"',
        f'price: {{USD: "{price:.2f}"}}',
    ]
    if index % 3 == 0:
        lines.append(f'list_price: {{USD: "{price + 10:.2f}"}}')
    lines.append("availability: " + ("out_of_stock" if index % 17 == 5 else "in_stock"))
    if index % 7 == 0:
        lines += [
            "moq: 10",
            "price_tiers:",
            f'  - {{min_qty: 50, price: {{USD: "{price - 2:.2f}"}}}}',
            f'  - {{min_qty: 200, price: {{USD: "{price - 4:.2f}"}}}}',
        ]
    lines.append("images:")
    lines += images
    if index % 5 == 0:
        lines.append("variants:")
        for name, swatch in rng.sample(COLORS, 3):
            lines.append(
                f'  - {{sku: "{sku}-{name.upper()}", color: {name}, '
                f'image: front.jpg, swatch: "{swatch}"}}'
            )
    lines += [
        "specs:",
        f"  Weight: {rng.randint(10, 400)} g",
        f'  Dimensions: "{rng.randint(20, 160)} x {rng.randint(10, 80)} x {rng.randint(5, 30)} mm"',
        f"  Warranty: {rng.randint(1, 3)} years",
        f"  Colour: {rng.choice(COLORS)[0]}",
        f"buy_url: https://buy.example.com/{slug}",
        "inquiry: true",
        f'rating: {{value: "{rng.randint(35, 50) / 10:.1f}", count: {rng.randint(3, 900)}}}',
        "---",
    ]
    return slug, "\n".join(lines) + "\n", title


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
    content: Path, products: int, photos: int, *, seed: int = 1, workers: int | None = None
) -> list[SynthProduct]:
    """Write ``products`` bundles (and two pages) under ``content``; photos drawn in a pool."""
    rng = random.Random(seed)
    made: list[SynthProduct] = []
    for i in range(products):
        slug, fm, title = front_matter(i, photos, rng)
        folder = content / "products" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(fm + description(rng, title), encoding="utf-8")
        files = [
            line.split("file: ")[1].split(",")[0]
            for line in fm.splitlines()
            if line.startswith("  - {file: ")
        ]
        made.append(
            SynthProduct(
                slug,
                folder,
                tuple((folder / f, seed * 1_000_003 + i * 97 + k) for k, f in enumerate(files)),
            )
        )
    pages = content / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("About", "Shipping"):
        (pages / f"{slugify(name)}.md").write_text(
            f'---\ntitle: "{name}"\n---\n{_paragraph(rng, 120)}\n', encoding="utf-8"
        )
    jobs = [(str(p), s) for prod in made for p, s in prod.photos]
    with ProcessPoolExecutor(max(1, workers or os.cpu_count() or 1)) as pool:
        list(pool.map(_draw_job, jobs, chunksize=4))
    return made


def write_plain_pelican(project: Path, products: list[SynthProduct]) -> None:
    """The same products as plain Pelican articles (its Markdown reader, "simple" theme)."""
    from storefront_catalog.yamlio import split_front_matter

    content = project / "content"
    content.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, 10, 0)
    for i, prod in enumerate(products):
        fm, body, _ = split_front_matter((prod.folder / "index.md").read_text(encoding="utf-8"))
        fields = dict(
            line.split(": ", 1)
            for line in fm.splitlines()
            if ": " in line and not line.startswith(" ")
        )
        title = fields["title"].strip('"')
        category = fields["category"].strip('"').split("/")[-1]
        tags = fields["tags"].strip("[]")
        when = start + timedelta(hours=i)
        (content / f"{prod.slug}.md").write_text(
            f"Title: {title}\nDate: {when:%Y-%m-%d %H:%M}\nCategory: {category}\n"
            f"Tags: {tags}\nSlug: {prod.slug}\n\n{body}",
            encoding="utf-8",
        )
    (project / "pelicanconf.py").write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nPATH = "content"\n'
        'TIMEZONE = "UTC"\nDEFAULT_LANG = "en"\nTHEME = "simple"\n',
        encoding="utf-8",
    )
