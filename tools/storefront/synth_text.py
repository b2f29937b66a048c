"""Word lists and deterministic pseudo-text (English and per language) for synthetic products."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

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


def sentence(rng: random.Random, n: int) -> str:
    """An English pseudo-sentence of ``n`` words."""
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    """English pseudo-sentences, ``words`` words in all."""
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 16))
        out.append(sentence(rng, n))
        left -= n
    return " ".join(out)


def description(rng: random.Random, title: str) -> str:
    """About 300 words of Markdown: intro, highlights, details, box contents."""
    bullets = "\n".join(
        f"- **{rng.choice(WORDS).capitalize()}**: {sentence(rng, 9)}" for _ in range(5)
    )
    intro = paragraph(rng, 60)
    return (
        f"The **{title}** {intro[0].lower()}{intro[1:]}\n\n"
        f"## Highlights\n\n{bullets}\n\n"
        f"## Details\n\n{paragraph(rng, 70)}\n\n{paragraph(rng, 70)}\n\n"
        f"## In the box\n\n- 1 x {title}\n- 1 x quick start guide\n- 1 x travel pouch\n"
    )
