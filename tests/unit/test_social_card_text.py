"""Text in images for every script: fonts per language, runs, bidi, line breaks, fitting."""

from __future__ import annotations

import dataclasses
import shutil
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from storefront_core.bidi import require_complex_layout
from storefront_core.breaks import NO_END, NO_START, break_points, cluster_starts, preferred_breaks
from storefront_core.errors import StorefrontError
from storefront_core.fonts import PACKAGED, FontSet, icu_available, script_of_lang
from storefront_core.text import ELLIPSIS, Box, TextBlock, draw_text, fit_text

#: Titles of every script of a store's markets, with digits, currency signs and Latin names
#: inside: each must draw without a tofu box.
TITLES = {
    "en": "Voltaro 65 W GaN Charger, 3 Ports – USB-C & USB-A",
    "de": "Voltaro 65-W-GaN-Ladegerät mit 3 Anschlüssen, 1.245,50 €",
    "ja": "Voltaro 65W GaN充電器 3ポート（ブラック）、ノートパソコン・スマホ対応 ￥4,980",
    "zh-CN": "Voltaro 65W 氮化镓充电器，3 个接口（黑色）¥299",
    "zh-TW": "Voltaro 65W 氮化鎵充電器，3 個連接埠（黑色）NT$1,290",
    "ko": "Voltaro 65W GaN 충전기 3포트 (블랙) ₩59,000",
    "ar": "سماعة لاسلكية ٢ — 45 ر.س من Voltaro (جديد)",
    "fa": "شارژر Voltaro مدل GaN با توان ۶۵ وات",
    "he": "מטען Voltaro GaN בהספק 65 W עם 3 יציאות ₪199",
    "hi": "वायरलेस हेडफ़ोन, 30 घंटे की बैटरी — ₹2,499",
    "bn": "ওয়্যারলেস হেডফোন, ৩০ ঘণ্টা ব্যাটারি ৳2,499",
    "th": "หูฟังไร้สายตัดเสียงรบกวน แบตเตอรี่ 30 ชั่วโมง ราคา ฿1,290",
    "ru": "Зарядное устройство Voltaro GaN 65 Вт, 3 порта — 4 990 ₽",
    "el": "Φορτιστής Voltaro GaN 65 W, 3 θύρες — 39,99 €",
    "ta": "வயர்லெஸ் ஹெட்ஃபோன்கள் ₹2,499",
}


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def _chars(block: TextBlock) -> str:
    return "".join(r.text for line in block.lines for r in line.runs)


def _render(block: TextBlock, size: tuple[int, int] = (1200, 630)) -> Image.Image:
    image = Image.new("L", size, 0)
    draw_text(image, block, 255)
    return image


# -- fonts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, family, bold", [
    ("ja-JP", "Noto Sans CJK JP", "Bold"), ("zh-CN", "Noto Sans CJK SC", "Regular"),
    ("zh-TW", "Noto Sans CJK TC", "Regular"), ("zh-HK", "Noto Sans CJK HK", "Regular"),
    ("ko", "Noto Sans CJK KR", "Regular"), ("ar", "Noto Sans Arabic", 700),
    ("hi", "Noto Sans Devanagari", 700), ("th", "Noto Sans Thai", 700), ("en", "Noto Sans", 700),
    ("de", "Noto Sans", 700),
])
def test_each_language_gets_its_own_packaged_face_first(fonts: FontSet, lang: str, family: str,
                                                        bold: str | int) -> None:
    chain = fonts.chain(lang, bold=True)
    primary = chain.primary
    name, style = chain.font(primary, 20).getname()
    assert name == family
    # from the Python packages, whatever the system has: a variable font at weight 700, or
    # a static bold (Korean and Chinese come as one regular-weight collection)
    assert "site-packages" in str(primary.path) or ".venv" in str(primary.path)
    assert (primary.wght == bold) if isinstance(bold, int) else (style == bold)
    # then Latin Noto Sans, from its package too
    assert chain.faces[-1].path.name == "NotoSans[wdth,wght].ttf"
    assert not chain.missing


@pytest.mark.parametrize("lang", ["en", "ja-JP", "zh-TW", "ko", "ar", "hi", "th"])
def test_a_face_covers_exactly_the_characters_its_best_cmap_maps(fonts: FontSet,
                                                                 lang: str) -> None:
    """Coverage is read without naming the glyphs (most of what a CJK font's cmap costs):
    the same characters as fontTools' getBestCmap with its glyph names."""
    from fontTools.ttLib import TTFont

    for bold in (False, True):
        for face in fonts.chain(lang, bold).faces:
            with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
                named = font.getBestCmap()
            assert fonts.cmap(face) == frozenset(named), face


def test_a_packaged_font_wins_over_the_system_one(system_noto: Path) -> None:
    chain = FontSet().chain("ar", bold=True)
    assert chain.primary.path.name == "NotoSansArabic[wdth,wght].ttf"
    assert system_noto not in chain.primary.path.parents
    # the system's fonts still serve scripts no package covers
    assert any(f.path.name == "NotoSansHebrew-Bold.ttf" for f in chain.extras)


def test_a_missing_font_names_the_package_to_install(tmp_path: Path) -> None:
    gone = tuple(dataclasses.replace(f, module="not_installed") for f in PACKAGED["cjk-jp"])
    fonts = FontSet(system_dirs=[tmp_path], packages={**PACKAGED, "cjk-jp": gone})
    chain = fonts.chain("ja-JP", bold=True)
    assert chain.missing == "cjk-jp" and not chain.has_glyphs("充電器")
    problems = fonts.missing_problems(["ja-JP", "en-US", "ar-SA"])
    assert len(problems) == 1  # one warning per missing script, not per weight or language
    (problem,) = problems
    assert problem.severity == "warning"
    assert "`pip install noto-cjk-sans-jp-bold noto-cjk-sans-jp-regular`" in problem.message
    assert "ja-JP" in problem.message and "font_dirs" in problem.message
    with pytest.raises(StorefrontError):
        fonts.require(["ja-JP"])
    # without a package, a script no package covers names the Debian package
    (hebrew,) = FontSet(system_dirs=[tmp_path]).missing_problems(["he"])
    assert "apt-get install fonts-noto-core" in hebrew.message
    # without even Latin the installation is broken: an error naming the package
    with pytest.raises(StorefrontError, match="pip install fontpkg-noto-sans"):
        FontSet(system_dirs=[tmp_path], packages={}).chain("en")


def test_fonts_shipped_in_a_folder_are_found_and_override_files_win(tmp_path: Path) -> None:
    shipped = tmp_path / "theme-fonts"
    shipped.mkdir()
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    packaged = FontSet().chain("en").primary.path
    shutil.copy(packaged, shipped / "NotoSans-Regular.ttf")  # the merchant's own copy
    own = FontSet(dirs=[shipped], system_dirs=[])
    assert own.chain("en").primary.path.parent == shipped
    branded = FontSet({"latin": {"regular": dejavu}}, dirs=[shipped], system_dirs=[])
    assert branded.chain("en").primary.path == dejavu
    broken = FontSet({"latin": {"regular": tmp_path / "nope.ttf"}})
    with pytest.raises(StorefrontError, match=r"STORE_SOCIAL_CARDS\.fonts\.latin: .*nope\.ttf"):
        broken.chain("en")


def test_script_of_lang_reads_regions_and_scripts() -> None:
    assert script_of_lang("zh_Hant_TW") == "cjk-tc"
    assert script_of_lang("pt-BR") == "latin"


# -- runs: no tofu ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(TITLES))
@pytest.mark.parametrize("bold", [False, True])
def test_every_character_is_drawn_with_a_face_that_has_it(fonts: FontSet, lang: str,
                                                          bold: bool,
                                                          request: pytest.FixtureRequest) -> None:
    if lang in ("he", "bn"):  # no Python package has these scripts: the system's fonts do
        request.getfixturevalue("system_noto")
    chain = fonts.chain(lang, bold)
    block = fit_text(TITLES[lang], Box(0, 0, 1000, 400), chain, 60, 20, 4)
    assert not block.truncated
    for line in block.lines:
        for run in line.runs:
            tofu = [c for c in run.text if not chain.covers(run.face, c)]
            assert not tofu, f"{run.face.path.name} has no glyph for {tofu} in {run.text!r}"
    assert block.missing == ""
    # nothing is lost on the way: every visible character of the title is drawn once
    visible = [c for c in TITLES[lang] if unicodedata.category(c) != "Cf" and c != " "]
    assert sorted(visible) == sorted(c for c in _chars(block) if c != " ")


def test_digits_and_currency_inside_arabic_and_cjk_use_fonts_that_have_them(
        fonts: FontSet) -> None:
    ar = fonts.chain("ar", True)
    block = fit_text("سماعة لاسلكية ٢ — 45 ر.س", Box(0, 0, 1100, 200), ar, 60, 30, 1)
    faces = {r.text.strip(): r.face.path.name for r in block.lines[0].runs if r.text.strip()}
    assert faces["ر.س"] == "NotoSansArabic[wdth,wght].ttf"
    # the em dash comes from a face that has it, not as a box
    dash = next(r for r in block.lines[0].runs if "—" in r.text)
    assert ar.covers(dash.face, "—")
    ja = fonts.chain("ja")
    block = fit_text("価格 ₹2,499 と ￥4,980", Box(0, 0, 1100, 200), ja, 40, 20, 1)
    rupee = next(r for r in block.lines[0].runs if "₹" in r.text)
    assert rupee.face.path.name == "NotoSans[wdth,wght].ttf"  # the CJK font lacks ₹
    assert block.missing == ""


def test_a_character_only_another_script_has_comes_from_an_installed_extra(
        fonts: FontSet) -> None:
    block = fit_text("Made in Japan 日本製", Box(0, 0, 1100, 200), fonts.chain("en"), 40, 20, 1)
    han = next(r for r in block.lines[0].runs if "日" in r.text)
    assert "CJK" in han.face.path.name and block.missing == ""


# -- bidi and shaping ------------------------------------------------------------------------

def test_rtl_line_puts_runs_right_to_left_and_latin_and_digits_left_to_right(
        fonts: FontSet) -> None:
    block = fit_text("سماعة Voltaro Pro بسعر 45 ر.س", Box(0, 0, 1100, 200),
                     fonts.chain("ar", True), 50, 30, 1)
    runs = block.lines[0].runs
    x = {r.text.strip(): r.x for r in runs if r.text.strip()}
    # reading from the right: سماعة, Voltaro Pro, بسعر, 45, ر.س
    assert x["سماعة"] > x["Voltaro Pro"] > x["بسعر"] > x["45"] > x["ر.س"]
    rtl = {r.text.strip(): r.rtl for r in runs if r.text.strip()}
    assert rtl == {"سماعة": True, "Voltaro Pro": False, "بسعر": True, "45": False, "ر.س": True}
    # right-aligned: the line ends at the box's right edge
    assert block.lines[0].box.x1 == 1100


def test_ltr_paragraph_with_an_arabic_phrase_orders_it_right_to_left(fonts: FontSet) -> None:
    block = fit_text("Voltaro سماعة لاسلكية 2", Box(0, 0, 1100, 200), fonts.chain("en"), 50,
                     30, 1)
    runs = [r for r in block.lines[0].runs if r.text.strip()]
    assert [r.text.strip() for r in runs][0] == "Voltaro"
    arabic = next(r for r in runs if "سماعة" in r.text)
    assert arabic.rtl and block.rtl is False


def _column_segments(image: Image.Image) -> int:
    """How many separate pieces the ink forms, seen from above (joined letters: few)."""
    box = image.getbbox()
    assert box is not None
    columns = [image.crop((x, 0, x + 1, image.height)).getbbox() is not None
               for x in range(box[0], box[2])]
    return sum(1 for i, on in enumerate(columns) if on and (i == 0 or not columns[i - 1]))


def test_arabic_letters_are_joined(fonts: FontSet) -> None:
    word = "سلسلة"  # five letters that all join: one piece of ink when shaped
    block = fit_text(word, Box(0, 0, 600, 200), fonts.chain("ar"), 80, 80, 1)
    shaped = _render(block, (600, 200))
    assert _column_segments(shaped) <= 2
    # Pillow's basic layout draws the same letters unjoined: five pieces
    basic = ImageFont.truetype(str(fonts.chain("ar").primary.path), 80,
                               layout_engine=ImageFont.Layout.BASIC)
    unjoined = Image.new("L", (600, 200), 0)
    ImageDraw.Draw(unjoined).text((20, 150), word, font=basic, fill=255, anchor="ls")
    assert _column_segments(unjoined) >= 4


def test_devanagari_is_shaped(fonts: FontSet) -> None:
    """The vowel sign ि is drawn before its consonant (to its left), as Hindi readers expect."""
    chain = fonts.chain("hi")
    shaped = _render(fit_text("कि", Box(0, 0, 400, 200), chain, 100, 100, 1), (400, 200))
    ka = _render(fit_text("क", Box(0, 0, 400, 200), chain, 100, 100, 1), (400, 200))
    # Pillow's basic layout keeps the logical order: ka first, the sign after it
    basic = ImageFont.truetype(str(chain.primary.path), 100,
                               layout_engine=ImageFont.Layout.BASIC)
    naive = Image.new("L", (400, 200), 0)
    ImageDraw.Draw(naive).text((0, 150), "कि", font=basic, fill=255, anchor="ls")
    for image in (shaped, naive):
        box = image.getbbox()
        assert box is not None

    def left_stem(image: Image.Image) -> int:
        """Height of the ink in the leftmost eighth of the drawing (the sign's tall stem)."""
        x0, y0, x1, y1 = image.getbbox()
        part = image.crop((x0, 0, x0 + (x1 - x0) // 8, image.height)).getbbox()
        return part[3] - part[1] if part else 0

    assert left_stem(shaped) > left_stem(ka) * 1.3  # shaped: the stem stands at the left
    assert left_stem(naive) < left_stem(shaped)


def test_missing_raqm_is_a_clear_error_for_complex_languages_only() -> None:
    with pytest.raises(StorefrontError) as err:
        require_complex_layout(["en", "ar", "hi", "ja"], available=False)
    message = str(err.value)
    assert "ar, hi" in message and "libraqm0" in message and "libfribidi0" in message
    require_complex_layout(["en", "ja", "de"], available=False)
    require_complex_layout(["ar", "th"], available=True)


# -- line breaks ---------------------------------------------------------------------------

JAPANESE = [
    "ワイヤレス充電器（ブラック）、「急速充電」対応。ノートパソコン・スマホ用ケーブル付き！",
    "【新発売】モバイルバッテリー２００００ｍＡｈ「PD対応」――旅行にも、出張にも。",
    "USB-Cケーブル 2m（編み込み）——ちょっとした、ゆったりとした使い心地ですね？はい。",
    "充電器、ケーブル、バッテリー。すべて「Voltaro」で。ちょっと、ゆっくり。",
]


@pytest.mark.parametrize("text", JAPANESE)
def test_kinsoku_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_one(
        fonts: FontSet, text: str) -> None:
    chain = fonts.chain("ja")
    for width in range(200, 900, 37):
        block = fit_text(text, Box(0, 0, width, 2000), chain, 30, 30, 40, balance=False)
        assert not block.truncated
        for n, line in enumerate(block.lines):
            if n:
                assert line.text[0] not in NO_START, (width, [x.text for x in block.lines])
            if n < len(block.lines) - 1:
                assert line.text[-1] not in NO_END, (width, [x.text for x in block.lines])
        assert "".join(line.text for line in block.lines).replace(" ", "") == text.replace(
            " ", "")


def test_break_points_follow_kinsoku_and_keep_latin_words_whole() -> None:
    t = "新型「USB-C」ケーブル、2m。ー"
    starts = {t[i] for i in break_points(t, "ja")}
    assert not starts & set("」、。ーSB")  # never before closing marks or inside USB
    assert all(t[i - 1] != "「" for i in break_points(t, "ja"))
    assert break_points("ab cd", "en") == [3]
    assert break_points("100\u00a0W", "en") == []  # a no-break space holds
    t = "Voltaro 65 W USB-C GaN-Ladegerät 5,000 mAh"
    assert [t[i:].split()[0] for i in break_points(t)] == ["65", "USB-C", "GaN-Ladegerät",
                                                            "Ladegerät", "5,000"]


def test_cjk_prefers_phrase_boundaries(fonts: FontSet) -> None:
    t = "ノートパソコン対応ワイヤレス充電器"
    good = preferred_breaks(t, "ja", use_icu=False)
    assert [t[i] for i in good] == ["対", "ワ", "充"]
    block = fit_text(t, Box(0, 0, 330, 400), fonts.chain("ja"), 40, 24, 3, use_icu=False)
    assert len(block.lines) > 1
    starts = [t.index(line.text) for line in block.lines[1:]]
    assert set(starts) <= set(good), [line.text for line in block.lines]


def test_cjk_with_icu_prefers_dictionary_words(icu: None) -> None:
    t = "ワイヤレスモバイルバッテリー"
    assert [t[i] for i in preferred_breaks(t, "ja", use_icu=True)] == ["モ", "バ"]
    assert preferred_breaks(t, "ja", use_icu=False) == []


THAI = "หูฟังไร้สายตัดเสียงรบกวนแบตเตอรี่ใช้งานได้นานสามสิบชั่วโมง"


def test_thai_without_icu_breaks_only_between_clusters_keeping_vowels_with_consonants() -> None:
    points = break_points(THAI, "th", use_icu=False)
    clusters = set(cluster_starts(THAI))
    assert points and set(points) <= clusters
    for i in points:
        assert THAI[i - 1] not in "เแโใไ"  # a leading vowel stays with its consonant
        assert THAI[i] not in "ะาำ"
        assert unicodedata.category(THAI[i])[0] != "M"  # never before a tone mark or vowel sign


def test_thai_with_icu_breaks_between_words(icu: None) -> None:
    points = break_points(THAI, "th", use_icu=True)
    for word in ("เสียง", "รบกวน", "แบตเตอรี่", "ชั่วโมง"):
        start = THAI.index(word)
        assert not [p for p in points if start < p < start + len(word)], word


@pytest.mark.parametrize("use_icu", [False, True] if icu_available() else [False])
def test_thai_lines_never_split_a_cluster(fonts: FontSet, use_icu: bool) -> None:
    chain = fonts.chain("th")
    starts = set(cluster_starts(THAI))
    for width in range(150, 700, 50):
        block = fit_text(THAI, Box(0, 0, width, 3000), chain, 36, 36, 40, use_icu=use_icu)
        assert "".join(line.text for line in block.lines) == THAI
        position = 0
        for line in block.lines:
            assert position in starts
            position += len(line.text)


def test_grapheme_clusters_keep_marks_and_emoji_sequences() -> None:
    assert cluster_starts("e\u0301a") == [0, 2]
    assert cluster_starts("👍🏽x") == [0, 2]
    assert cluster_starts("🇯🇵🇩🇪") == [0, 2]
    assert cluster_starts("👩\u200d💻!") == [0, 3]


# -- fitting ---------------------------------------------------------------------------------

def test_short_text_keeps_the_largest_size_and_longer_text_shrinks_then_wraps(
        fonts: FontSet) -> None:
    chain = fonts.chain("en", True)
    box = Box(100, 50, 700, 350)
    short = fit_text("Pen", box, chain, 72, 30, 3)
    assert short.size == 72 and len(short.lines) == 1
    longer = fit_text("Voltaro 65 W GaN Charger with 3 Ports for Laptop and Phone", box, chain,
                      72, 30, 3)
    assert 30 <= longer.size < 72 and 1 < len(longer.lines) <= 3 and not longer.truncated


def test_text_too_long_for_the_box_ends_with_an_ellipsis_after_a_whole_word(
        fonts: FontSet) -> None:
    chain = fonts.chain("en", True)
    text = ("An extremely long product title that goes on and on about wireless noise "
            "cancelling headphones with thirty hours of battery and a case in the box")
    block = fit_text(text, Box(60, 60, 560, 260), chain, 60, 30, 3)
    assert block.truncated and block.size == 30 and len(block.lines) <= 3
    last = block.lines[-1].text
    assert last.endswith(ELLIPSIS)
    kept = last.removesuffix(ELLIPSIS)
    assert text.startswith(" ".join(line.text for line in block.lines[:-1]) + " " + kept)
    assert text[text.index(kept) + len(kept)] == " "  # the cut is between words


@pytest.mark.parametrize("lang", ["ja", "ar", "th"])
def test_truncation_works_in_every_script(fonts: FontSet, lang: str) -> None:
    text = TITLES[lang] * 6
    block = fit_text(text, Box(0, 0, 500, 120), fonts.chain(lang, True), 50, 30, 2)
    assert block.truncated and block.text.endswith(ELLIPSIS)
    assert block.missing == ""


def test_a_word_wider_than_the_box_is_broken_rather_than_overflowing(fonts: FontSet) -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
    block = fit_text(word, Box(0, 0, 300, 400), fonts.chain("de", True), 60, 24, 4)
    assert block.size == 24 and len(block.lines) > 1 and not block.truncated
    assert "".join(line.text for line in block.lines) == word


@pytest.mark.parametrize("lang", sorted(TITLES))
@pytest.mark.parametrize("box, align", [(Box(60, 60, 560, 300), "start"),
                                        (Box(300, 200, 1140, 330), "center"),
                                        (Box(0, 0, 240, 200), "end")])
def test_every_pixel_drawn_lies_inside_the_box(fonts: FontSet, lang: str, box: Box,
                                               align: str) -> None:
    block = fit_text(TITLES[lang], box, fonts.chain(lang, True), 72, 18, 3, align=align,
                     valign="middle")
    assert box.contains(block.box) and box.contains(block.ink)
    drawn = _render(block).getbbox()
    assert drawn is not None
    assert box.contains(Box(*drawn)), (drawn, box)
    assert block.ink.contains(Box(*drawn))


def test_alignment_and_vertical_placement(fonts: FontSet) -> None:
    box = Box(100, 100, 900, 500)
    chain = fonts.chain("en")
    start = fit_text("Pen", box, chain, 40, 40, 1)
    end = fit_text("Pen", box, chain, 40, 40, 1, align="end", valign="bottom")
    middle = fit_text("Pen", box, chain, 40, 40, 1, align="center", valign="middle")
    assert start.box.x0 == 100 and start.box.y0 == 100
    assert end.box.x1 == 900 and end.box.y1 == 500
    assert abs((middle.box.x0 + middle.box.x1) / 2 - 500) <= 1
    assert abs((middle.box.y0 + middle.box.y1) / 2 - 300) <= 1
    rtl = fit_text("قلم", box, fonts.chain("ar"), 40, 40, 1)
    assert rtl.box.x1 == 900  # start is the right edge in Arabic


def test_same_input_draws_the_same_pixels(fonts: FontSet) -> None:
    box = Box(0, 0, 800, 300)
    a = _render(fit_text(TITLES["ar"], box, fonts.chain("ar"), 50, 20, 2))
    b = _render(fit_text(TITLES["ar"], box, FontSet().chain("ar"), 50, 20, 2))
    assert ImageChops.difference(a, b).getbbox() is None


def test_bad_arguments_are_refused(fonts: FontSet) -> None:
    with pytest.raises(ValueError, match="align"):
        fit_text("x", Box(0, 0, 100, 100), fonts.chain("en"), 20, 10, 1, align="left")
    with pytest.raises(ValueError, match="sizes"):
        fit_text("x", Box(0, 0, 100, 100), fonts.chain("en"), 10, 20, 1)
    with pytest.raises(ValueError, match="too small"):
        fit_text("Wireless headphones", Box(0, 0, 100, 10), fonts.chain("en"), 40, 30, 1)


def test_without_raqm_latin_and_cjk_still_draw_and_arabic_fails_loudly() -> None:
    basic = FontSet()
    basic.raqm = False  # as on a system without FriBiDi
    block = fit_text("Voltaro 65W GaN充電器", Box(0, 0, 800, 200), basic.chain("ja"), 40, 20, 2)
    assert _render(block).getbbox() is not None
    with pytest.raises(StorefrontError, match="libraqm0 libfribidi0"):
        fit_text("سماعة لاسلكية", Box(0, 0, 800, 200), basic.chain("ar"), 40, 20, 2)
    with pytest.raises(StorefrontError, match="hi"):
        fit_text("वायरलेस", Box(0, 0, 800, 200), basic.chain("hi"), 40, 20, 2)
