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

from storefront_core.slug import slugify

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
class SynthMarket:
    """One market of the synthetic store, as written to content/markets.yml."""

    code: str
    language: str
    country: str
    currency: str


#: ``--markets M`` takes the first M; the first is the default market (the text of index.md)
MARKETS = (
    SynthMarket("en-us", "en", "US", "USD"),
    SynthMarket("de-de", "de", "DE", "EUR"),
    SynthMarket("ja-jp", "ja", "JP", "JPY"),
    SynthMarket("ar-sa", "ar", "SA", "SAR"),
    SynthMarket("en-gb", "en", "GB", "GBP"),
    SynthMarket("fr-fr", "fr", "FR", "EUR"),
    SynthMarket("es-es", "es", "ES", "EUR"),
    SynthMarket("ko-kr", "ko", "KR", "KRW"),
)
#: units of each currency per US dollar: fixed and rough, the amounts only need to look real
RATES = {
    "USD": Decimal(1),
    "EUR": Decimal("0.92"),
    "JPY": Decimal(150),
    "SAR": Decimal("3.75"),
    "GBP": Decimal("0.79"),
    "KRW": Decimal(1350),
}
#: currencies without minor units: amounts are whole numbers
WHOLE_CURRENCIES = frozenset({"JPY", "KRW"})


def synth_markets(count: int) -> tuple[SynthMarket, ...]:
    """The first ``count`` of MARKETS.

    >>> [m.code for m in synth_markets(3)]
    ['en-us', 'de-de', 'ja-jp']
    """
    if not 1 <= count <= len(MARKETS):
        raise ValueError(f"the synthetic store has 1 to {len(MARKETS)} markets, not {count}")
    return MARKETS[:count]


def currencies_of(markets: tuple[SynthMarket, ...]) -> tuple[str, ...]:
    """The currencies the markets need, the default market's first, without repeats."""
    return tuple(dict.fromkeys(m.currency for m in markets))


def translated_languages(markets: tuple[SynthMarket, ...]) -> tuple[str, ...]:
    """Languages that get an index.<lang>.md: every market language but the default one."""
    default = markets[0].language
    return tuple(dict.fromkeys(m.language for m in markets if m.language != default))


def plain_langs(markets: tuple[SynthMarket, ...]) -> dict[str, str]:
    """Pelican ``lang`` of each market's articles (by market code).

    Pelican keys translations by lang, so a second market in a language already used (en-gb
    next to en-us) gets its market code as its lang.

    >>> plain_langs(synth_markets(5))
    {'en-us': 'en', 'de-de': 'de', 'ja-jp': 'ja', 'ar-sa': 'ar', 'en-gb': 'en-gb'}
    """
    out: dict[str, str] = {}
    for market in markets:
        taken = market.language in out.values()
        out[market.code] = market.code if taken else market.language
    return out


def convert(usd: str, currency: str) -> str:
    """A USD amount in ``currency``, rounded to that currency's minor unit.

    >>> convert("29.99", "EUR"), convert("29.99", "JPY")
    ('27.59', '4499')
    """
    step = Decimal(1) if currency in WHOLE_CURRENCIES else Decimal("0.01")
    return str((Decimal(usd) * RATES[currency]).quantize(step, rounding=ROUND_HALF_UP))


def money(usd: float, currencies: tuple[str, ...]) -> str:
    """A price map in YAML flow style, one amount per currency.

    >>> money(29.99, ("USD", "GBP"))
    '{USD: "29.99", GBP: "23.69"}'
    """
    amount = f"{usd:.2f}"
    return "{" + ", ".join(f'{c}: "{convert(amount, c)}"' for c in currencies) + "}"


@dataclass(frozen=True)
class PseudoLanguage:
    """What pseudo-text in one language is made of, and the few real labels it uses."""

    code: str
    alphabet: tuple[str, ...]  # syllables or characters that words are made of
    parts: tuple[int, int]  # pieces per word, fewest and most
    headings: tuple[str, str, str]  # highlights, details, in the box
    box: tuple[str, str]  # quick start guide, travel pouch
    spec_labels: tuple[str, str, str, str]  # weight, dimensions, warranty, colour
    years: str  # warranty value, "{n} years"
    colors: dict[str, str] = field(default_factory=dict)  # English colour -> this language
    spaced: bool = True  # False: no spaces between words (Japanese)
    comma: str = ","
    stop: str = "."


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_KANJI = (
    "電池充電器高速安全小型軽量品質保証旅行携帯接続端子容量記録写真動画音楽通話設計素材表面重量寸法"
)
_HIRAGANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
)
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロン"

LANGUAGES = {
    "de": PseudoLanguage(
        "de",
        _syllables(
            "ge ber lich keit ung schr sta ein ver auf zu tür höh läs über dich wer ach rund "
            "fest klein groß än schnell bau zeit tag wei ß leis ten"
        ),
        (1, 4),
        ("Highlights", "Details", "Lieferumfang"),
        ("Kurzanleitung", "Reisetasche"),
        ("Gewicht", "Abmessungen", "Garantie", "Farbe"),
        "{n} Jahre",
        {
            "Black": "Schwarz",
            "White": "Weiß",
            "Blue": "Blau",
            "Red": "Rot",
            "Green": "Grün",
            "Grey": "Grau",
        },
    ),
    "ja": PseudoLanguage(
        "ja",
        tuple(_KANJI + _HIRAGANA + _KATAKANA),
        (2, 5),
        ("特長", "詳細", "同梱物"),
        ("クイックスタートガイド", "トラベルポーチ"),
        ("重量", "寸法", "保証", "カラー"),
        "{n}年",
        {
            "Black": "ブラック",
            "White": "ホワイト",
            "Blue": "ブルー",
            "Red": "レッド",
            "Green": "グリーン",
            "Grey": "グレー",
        },
        spaced=False,
        comma="、",
        stop="。",
    ),
    "ar": PseudoLanguage(
        "ar",
        tuple("ابتثجحخدذرزسشصضطظعغفقكلمنهوية"),
        (3, 7),
        ("أبرز المزايا", "التفاصيل", "محتويات العلبة"),
        ("دليل البدء السريع", "حقيبة سفر"),
        ("الوزن", "الأبعاد", "الضمان", "اللون"),
        "{n} سنوات",
        {
            "Black": "أسود",
            "White": "أبيض",
            "Blue": "أزرق",
            "Red": "أحمر",
            "Green": "أخضر",
            "Grey": "رمادي",
        },
        comma="،",
    ),
    "fr": PseudoLanguage(
        "fr",
        _syllables(
            "re con tion ment é è par lé fra que ain eau ser vi ç ê bon ne char ge pre mi ra "
            "leur ou té sou dé"
        ),
        (1, 4),
        ("Points forts", "Détails", "Contenu de la boîte"),
        ("guide de démarrage rapide", "pochette de voyage"),
        ("Poids", "Dimensions", "Garantie", "Couleur"),
        "{n} ans",
        {
            "Black": "Noir",
            "White": "Blanc",
            "Blue": "Bleu",
            "Red": "Rouge",
            "Green": "Vert",
            "Grey": "Gris",
        },
    ),
    "es": PseudoLanguage(
        "es",
        _syllables(
            "ca de ción mien to ñ ar pa re sa ble ti gu lla ro mo es pre ví á ó ra dad en los "
            "car ga"
        ),
        (1, 4),
        ("Lo más destacado", "Detalles", "Contenido de la caja"),
        ("guía de inicio rápido", "funda de viaje"),
        ("Peso", "Dimensiones", "Garantía", "Color"),
        "{n} años",
        {
            "Black": "Negro",
            "White": "Blanco",
            "Blue": "Azul",
            "Red": "Rojo",
            "Green": "Verde",
            "Grey": "Gris",
        },
    ),
    "ko": PseudoLanguage(
        "ko",
        tuple(chr(c) for c in range(0xAC00, 0xD7A4, 53)),  # ~210 Hangul syllables
        (1, 4),
        ("주요 특징", "세부 정보", "구성품"),
        ("빠른 시작 가이드", "여행용 파우치"),
        ("무게", "크기", "보증", "색상"),
        "{n}년",
        {
            "Black": "블랙",
            "White": "화이트",
            "Blue": "블루",
            "Red": "레드",
            "Green": "그린",
            "Grey": "그레이",
        },
    ),
}


class PseudoText:
    """Words, sentences and paragraphs of deterministic pseudo-text in one language."""

    def __init__(self, lang: PseudoLanguage, size: int = 400):
        rng = random.Random(f"vocabulary-{lang.code}")  # str seeds do not depend on the hash seed
        low, high = lang.parts
        self.lang = lang
        self.words = tuple(
            "".join(rng.choice(lang.alphabet) for _ in range(rng.randint(low, high)))
            for _ in range(size)
        )
        self._gap = " " if lang.spaced else ""

    def word(self, rng: random.Random) -> str:
        return rng.choice(self.words)

    def phrase(self, rng: random.Random, n: int) -> str:
        """``n`` words, capitalized where the script has capitals, without a full stop."""
        text = self._gap.join(rng.choice(self.words) for _ in range(n))
        return text[:1].upper() + text[1:]

    def sentence(self, rng: random.Random, n: int) -> str:
        words = [rng.choice(self.words) for _ in range(n)]
        if n > 7:
            words[n // 2] += self.lang.comma
        text = self._gap.join(words)
        return text[:1].upper() + text[1:] + self.lang.stop

    def paragraph(self, rng: random.Random, words: int) -> str:
        out, left = [], words
        while left > 0:
            n = min(left, rng.randint(8, 16))
            out.append(self.sentence(rng, n))
            left -= n
        return self._gap.join(out)


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
        f'summary: "{_sentence(rng, 14)}"',
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


def markets_yaml(markets: tuple[SynthMarket, ...]) -> str:
    """content/markets.yml declaring ``markets`` (the first is the default)."""
    lines = [
        "# Synthetic markets written by `storefront bench`.",
        f"default: {markets[0].code}",
        "untranslated: fallback",
        "markets:",
    ]
    for m in markets:
        lines += [
            f"  - code: {m.code}",
            f"    language: {m.language}",
            f"    country: {m.country}",
            f"    currency: {m.currency}",
        ]
    return "\n".join(lines) + "\n"


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
) -> list[SynthProduct]:
    """Write ``products`` bundles (and two pages) under ``content``; photos drawn in a pool.

    With ``markets`` > 1 also content/markets.yml, content/categories.yml, prices in every
    market currency and one index.<lang>.md per product and non-default market language. One
    market writes no markets.yml: the store stays a single market at the site root.
    """
    chosen = synth_markets(markets)
    currencies = currencies_of(chosen)
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
    if markets > 1:
        (content / "markets.yml").write_text(markets_yaml(chosen), encoding="utf-8")
        if texts:
            (content / "categories.yml").write_text(categories_yaml(texts), encoding="utf-8")
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


def _plain_article(source: Path) -> tuple[dict[str, str], str]:
    """Top-level front-matter fields (quotes stripped) and the body of a synthetic file."""
    from storefront_core.yamlio import split_front_matter

    fm, body, _ = split_front_matter(source.read_text(encoding="utf-8"))
    fields = dict(
        line.split(": ", 1) for line in fm.splitlines() if ": " in line and not line.startswith(" ")
    )
    return {k: v.strip('"') for k, v in fields.items()}, body


def write_plain_pelican(project: Path, products: list[SynthProduct], markets: int = 1) -> None:
    """The same products as plain Pelican articles (its Markdown reader, "simple" theme).

    Every non-default market adds one translation per product (same slug, the market's
    ``lang`` from plain_langs, its language's text), so Pelican writes ``markets`` pages per
    product, as the storefront does.
    """
    chosen = synth_markets(markets)
    langs = plain_langs(chosen)
    content = project / "content"
    content.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, 10, 0)
    for i, prod in enumerate(products):
        fields, body = _plain_article(prod.folder / "index.md")
        category = fields["category"].split("/")[-1]
        tags = fields["tags"].strip("[]")
        when = start + timedelta(hours=i)
        head = f"Date: {when:%Y-%m-%d %H:%M}\nCategory: {category}\nTags: {tags}\n"
        (content / f"{prod.slug}.md").write_text(
            f"Title: {fields['title']}\n{head}Slug: {prod.slug}\n\n{body}", encoding="utf-8"
        )
        for market in chosen[1:]:
            title, text = fields["title"], body
            if market.language in prod.translations:
                own, text = _plain_article(prod.folder / f"index.{market.language}.md")
                title = own["title"]
            lang = langs[market.code]
            (content / f"{prod.slug}--{lang}.md").write_text(
                f"Title: {title}\n{head}Slug: {prod.slug}\nLang: {lang}\n\n{text}",
                encoding="utf-8",
            )
    (project / "pelicanconf.py").write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nPATH = "content"\n'
        f'TIMEZONE = "UTC"\nDEFAULT_LANG = "{langs[chosen[0].code]}"\nTHEME = "simple"\n',
        encoding="utf-8",
    )


def plain_product_pages(
    output: Path, products: list[SynthProduct], markets: int = 1
) -> dict[str, int]:
    """Product pages plain Pelican wrote, by market code (its default save-as patterns)."""
    langs = plain_langs(synth_markets(markets))
    default = next(iter(langs.values()))
    counts = {}
    for code, lang in langs.items():
        names = (f"{p.slug}.html" if lang == default else f"{p.slug}-{lang}.html" for p in products)
        counts[code] = sum((output / name).is_file() for name in names)
    return counts
