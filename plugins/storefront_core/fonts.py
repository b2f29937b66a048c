"""Noto fonts for every script: find the files, pick the faces per language, know their coverage.

A :class:`FontSet` is made once per build (it caches cmaps, Pillow fonts and file hashes); a
:class:`FontChain` is the ordered list of faces for one language and weight: the script's own
font first, then Latin Noto Sans, then the symbol fonts and any other installed script font as
last resorts, so no character is drawn as a tofu box when some installed font has it.

Where a face comes from does not depend on what else the machine has: the merchant's own
folders (``font_dirs``) first, then fonts installed as Python packages (declared dependencies,
pinned by the lock file, so a card looks the same on a laptop, a CI runner and a fresh
machine), and the system's font folders only for scripts no package covers. A language whose
script font is missing is not an error: its cards are drawn without the text they cannot show,
and :meth:`FontSet.missing_problems` says which package to install.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ImageFont, features

from storefront_core.digests import DigestIndex
from storefront_core.errors import Problem, StorefrontError

#: Where Debian/Ubuntu put fonts-noto-core and fonts-noto-cjk, searched first; then the rest.
SYSTEM_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("~/.local/share/fonts").expanduser(),
    Path("/Library/Fonts"),
    Path("~/Library/Fonts").expanduser(),
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class Script:
    """The font files that can draw one script, in order of preference, and their package."""

    key: str
    regular: tuple[str, ...]  # file names; a .ttc is searched for a face named ``face``
    bold: tuple[str, ...]
    package: str  # the Debian/Ubuntu package that installs the first file names
    face: str = ""  # part of the face name inside a collection, e.g. "CJK JP"


@dataclass(frozen=True)
class PackagedFont:
    """A font file installed by a Python package (``pip install <requirement>``)."""

    requirement: str  # what to pip install, e.g. "fontpkg-noto-sans"
    module: str  # its import name, e.g. "fontpkg_noto_sans"
    file: str  # the file inside the package folder
    wght: int = 0  # the weight axis value of a variable font (0: a static font)
    face: str = ""  # part of the face name inside a collection, e.g. "CJK KR"

    def path(self) -> Path | None:
        """Where the file is installed, or None (found without importing the package)."""
        try:
            spec = importlib.util.find_spec(self.module)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        for folder in spec.submodule_search_locations:
            path = Path(folder) / self.file
            if path.is_file():
                return path
        return None


def _fontpkg(slug: str, family: str) -> tuple[PackagedFont, PackagedFont]:
    """The regular and bold instances of a variable Noto family packaged by fontpkg."""
    module = f"fontpkg_{slug.replace('-', '_')}"
    file = f"files/{family}[wdth,wght].ttf"
    return (PackagedFont(f"fontpkg-{slug}", module, file, 400),
            PackagedFont(f"fontpkg-{slug}", module, file, 700))


def _cjk_otc(region: str) -> tuple[PackagedFont, PackagedFont]:
    # every region in one collection, regular weight only: titles are drawn in it too
    face = PackagedFont("noto-cjk-sans-otc", "noto_cjk_sans_otc", "NotoSansCJK-Regular.ttc",
                        face=f"CJK {region}")
    return face, face


#: Scripts whose fonts PyPI has as packages: (regular, bold). The Latin, Arabic, Devanagari,
#: Thai and Japanese ones are dependencies of the project; the others are named in the warning
#: of a store that needs them. Korean and Chinese have only a regular weight as a package.
PACKAGED: Mapping[str, tuple[PackagedFont, PackagedFont]] = {
    "latin": _fontpkg("noto-sans", "NotoSans"),
    "arabic": _fontpkg("noto-sans-arabic", "NotoSansArabic"),
    "devanagari": _fontpkg("noto-sans-devanagari", "NotoSansDevanagari"),
    "thai": _fontpkg("noto-sans-thai", "NotoSansThai"),
    "khmer": _fontpkg("noto-sans-khmer", "NotoSansKhmer"),
    "tamil": _fontpkg("noto-sans-tamil", "NotoSansTamil"),
    "telugu": _fontpkg("noto-sans-telugu", "NotoSansTelugu"),
    "cjk-jp": (PackagedFont("noto-cjk-sans-jp-regular", "noto_cjk_sans_jp_regular",
                            "NotoSansCJKjp-Regular.otf"),
               PackagedFont("noto-cjk-sans-jp-bold", "noto_cjk_sans_jp_bold",
                            "NotoSansCJKjp-Bold.otf")),
    "cjk-kr": _cjk_otc("KR"),
    "cjk-sc": _cjk_otc("SC"),
    "cjk-tc": _cjk_otc("TC"),
    "cjk-hk": _cjk_otc("HK"),
}

#: Readable script names for messages.
SCRIPT_NAMES: Mapping[str, str] = {
    "latin": "Latin", "cjk-jp": "Japanese", "cjk-kr": "Korean", "cjk-sc": "Simplified Chinese",
    "cjk-tc": "Traditional Chinese", "cjk-hk": "Traditional Chinese (Hong Kong)",
}


def _noto(name: str, package: str = "fonts-noto-core", bold: bool = True) -> Script:
    reg = (f"Noto{name}-Regular.ttf", f"Noto{name}-Regular.otf")
    bld = (f"Noto{name}-Bold.ttf", f"Noto{name}-Bold.otf") if bold else reg
    return Script(name.removeprefix("Sans").lower() or "latin", reg, bld, package)


def _cjk(region: str) -> Script:
    # Debian's collection of every region, then the per-region OpenType files.
    files = ("NotoSansCJK-{w}.ttc", f"NotoSansCJK{region.lower()}-{{w}}.otf",
             f"NotoSans{region}-{{w}}.otf", f"NotoSans{region}-{{w}}.ttf")
    return Script(f"cjk-{region.lower()}", tuple(f.format(w="Regular") for f in files),
                  tuple(f.format(w="Bold") for f in files), "fonts-noto-cjk", f"CJK {region}")


SCRIPTS: Mapping[str, Script] = {
    s.key: s
    for s in (
        _noto("Sans"),
        _noto("SansArabic"), _noto("SansHebrew"), _noto("SansDevanagari"),
        _noto("SansBengali"), _noto("SansThai"), _noto("SansLao"), _noto("SansKhmer"),
        _noto("SansMyanmar"), _noto("SansTamil"), _noto("SansTelugu"), _noto("SansKannada"),
        _noto("SansMalayalam"), _noto("SansGujarati"), _noto("SansGurmukhi"),
        _noto("SansOriya"), _noto("SansSinhala"), _noto("SansGeorgian"),
        _noto("SansArmenian"), _noto("SansEthiopic"),
        _noto("SansSymbols"), _noto("SansSymbols2", bold=False),
        _cjk("JP"), _cjk("KR"), _cjk("SC"), _cjk("TC"), _cjk("HK"),
    )
}

#: The script font of each language (primary subtag); languages not listed are Latin,
#: Cyrillic or Greek, which Noto Sans covers.
LANG_SCRIPTS: Mapping[str, str] = {
    "ar": "arabic", "fa": "arabic", "ur": "arabic", "ps": "arabic", "ckb": "arabic",
    "sd": "arabic", "ug": "arabic", "he": "hebrew", "yi": "hebrew",
    "hi": "devanagari", "mr": "devanagari", "ne": "devanagari", "sa": "devanagari",
    "bn": "bengali", "as": "bengali", "th": "thai", "lo": "lao", "km": "khmer",
    "my": "myanmar", "ta": "tamil", "te": "telugu", "kn": "kannada", "ml": "malayalam",
    "gu": "gujarati", "pa": "gurmukhi", "or": "oriya", "si": "sinhala", "ka": "georgian",
    "hy": "armenian", "am": "ethiopic", "ti": "ethiopic",
    "ja": "cjk-jp", "ko": "cjk-kr", "zh": "cjk-sc",
}
#: Last resorts, tried only for characters no earlier font has; missing ones are skipped.
EXTRA_SCRIPTS = ("arabic", "hebrew", "devanagari", "bengali", "thai", "cjk-jp", "tamil",
                 "telugu", "kannada", "malayalam", "gujarati", "gurmukhi", "sinhala", "khmer",
                 "lao", "myanmar", "georgian", "armenian", "ethiopic")


def icu_available() -> bool:
    """Whether PyICU is installed (dictionary word breaks for Thai, Lao, Khmer, Burmese, CJK)."""
    return icu_version() is not None


def icu_version() -> str | None:
    """The ICU version PyICU uses, or None without PyICU (its dictionaries change breaks)."""
    try:
        import icu
    except ImportError:
        return None
    return str(icu.ICU_VERSION)


def script_of_lang(lang: str) -> str:
    """The font script key for a language tag (BCP 47 or POSIX style).

    >>> script_of_lang("ja-JP"), script_of_lang("zh_TW"), script_of_lang("zh-Hant-HK")
    ('cjk-jp', 'cjk-tc', 'cjk-hk')
    >>> script_of_lang("de"), script_of_lang("zh-Hans"), script_of_lang("ar-SA")
    ('latin', 'cjk-sc', 'arabic')
    """
    parts = lang.replace("_", "-").lower().split("-")
    if parts[0] == "zh":
        if "hk" in parts or "mo" in parts:
            return "cjk-hk"
        if "hant" in parts or "tw" in parts:
            return "cjk-tc"
        return "cjk-sc"
    return LANG_SCRIPTS.get(parts[0], "latin")


@dataclass(frozen=True)
class Face:
    """One font face: a file (and its index inside a .ttc collection)."""

    path: Path
    index: int = 0
    script: str = ""  # the SCRIPTS key it was chosen for ("" for overrides)
    wght: int = 0  # the weight of a variable font (0: the file's default instance)

    def __str__(self) -> str:
        text = f"{self.path}#{self.index}" if self.index else str(self.path)
        return f"{text}@{self.wght}" if self.wght else text


#: Characters that are never drawn (bidi marks, joiners, variation selectors): any face "has"
#: them, so they stay in the run around them instead of starting a new one.
#: regions that select an OpenType language system of their own (HarfBuzz's
#: hb_ot_tags_from_complex_language): Chinese in Hong Kong, Macao and Taiwan, Romanian in
#: Moldova, Mon in Thailand
_LANGSYS_REGIONS = frozenset({"hk", "mo", "tw", "md", "th"})


def same_shaping(a: str, b: str) -> bool:
    """Whether texts in the language tags ``a`` and ``b`` are shaped and broken into lines
    alike, so one measurement serves both: the same language, and at most a region that does
    not select another OpenType language system (no script or variant subtags).

    >>> same_shaping("en-US", "en-GB"), same_shaping("en-US", "de-DE")
    (True, False)
    >>> same_shaping("zh-CN", "zh-TW"), same_shaping("ro-RO", "ro-MD")
    (False, False)
    >>> same_shaping("sr-Latn", "sr")
    False
    """

    def language(tag: str) -> str | None:
        subtags = tag.replace("_", "-").lower().split("-")
        if len(subtags) == 1:
            return subtags[0]
        region = subtags[1]
        plain = (len(region) == 2 and region.isalpha()) or (len(region) == 3 and region.isdigit())
        return subtags[0] if len(subtags) == 2 and plain and region not in _LANGSYS_REGIONS \
            else None

    first = language(a)
    return first is not None and first == language(b)


def is_invisible(ch: str) -> bool:
    """True for format characters and selectors the shaper drops or uses without a glyph.

    >>> is_invisible("\\u200f"), is_invisible("\\u200d"), is_invisible("\\ufe0f"), is_invisible("a")
    (True, True, True, False)
    """
    cp = ord(ch)
    return (unicodedata.category(ch) == "Cf" or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF)


class FontChain:
    """The faces for one language and weight, in fallback order, with coverage and sizes."""

    def __init__(self, fonts: FontSet, lang: str, bold: bool, faces: Sequence[Face],
                 extras: Sequence[Face], missing: str = ""):
        self.fonts = fonts
        self.lang = lang
        self.bold = bold
        self.faces = tuple(faces)  # required: the language's font, then Latin
        self.extras = tuple(extras)  # installed last resorts: symbols, other scripts
        self.missing = missing  # the script key of the language's font when not installed
        #: runs of a text by (text, bidi levels): the same at every size, so fitting a title
        #: at many sizes and widths itemizes each candidate line once
        self.itemized: dict[tuple[str, bytes], list[tuple[str, Face, int, bool]]] = {}
        #: what the text engine measured with these faces (advances, ink boxes, line widths),
        #: by what and at which size: a card's texts are measured at several sizes and widths,
        #: and the brand, prices and titles repeat across cards and markets
        self.measured: dict[tuple[Any, ...], Any] = {}
        self._memo_raqm = fonts.raqm  # what the memos were made with
        self._face_for: dict[tuple[str, Face | None], Face | None] = {}

    def trim_memos(self, limit: int = 200_000) -> None:
        """Forget the memos when they hold more than ``limit`` entries (bounded memory over
        thousands of cards), or when the layout engine was switched since."""
        if self._memo_raqm != self.fonts.raqm:
            self._memo_raqm = self.fonts.raqm
            self.measured.clear()
            self.itemized.clear()
        if len(self.measured) > limit:
            self.measured.clear()
        if len(self.itemized) > limit // 4:
            self.itemized.clear()
        if len(self._face_for) > limit // 4:
            self._face_for.clear()

    def __repr__(self) -> str:
        names = ", ".join(f.path.name for f in self.faces)
        return f"FontChain({self.lang!r}, bold={self.bold}, [{names}] + {len(self.extras)})"

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def all_faces(self) -> tuple[Face, ...]:
        """Every face this chain may draw with, in order (part of a card's content key)."""
        return self.faces + self.extras

    def covers(self, face: Face, ch: str) -> bool:
        """Whether ``face`` has a glyph for ``ch`` (invisible characters count as covered)."""
        return is_invisible(ch) or ord(ch) in self.fonts.cmap(face)

    def has_glyphs(self, text: str) -> bool:
        """Whether some face of the chain has every visible character of ``text``."""
        faces = self.all_faces()
        return all(ch.isspace() or any(self.covers(f, ch) for f in faces) for ch in text)

    def face_for(self, cluster: str, current: Face | None = None) -> Face | None:
        """The face to draw a grapheme cluster with; None when no installed face has it.

        Digits, punctuation, symbols and spaces keep the current run's face when it has them,
        so "سماعة ٢ — 45" stays in as few runs as possible; letters take the first face in
        chain order.
        """
        key = (cluster, current)
        if key in self._face_for:
            return self._face_for[key]
        found = self._face_for[key] = self._find_face(cluster, current)
        return found

    def _find_face(self, cluster: str, current: Face | None) -> Face | None:
        visible = [c for c in cluster if not is_invisible(c)]
        if not visible:
            return current or self.primary
        if current is not None and _is_common(visible[0]) and all(
            self.covers(current, c) for c in visible
        ):
            return current
        for face in self.all_faces():
            if all(self.covers(face, c) for c in visible):
                return face
        for face in self.all_faces():  # a base character with a mark no face has
            if self.covers(face, visible[0]):
                return face
        return None

    def font(self, face: Face, size: int) -> ImageFont.FreeTypeFont:
        """The Pillow font of ``face`` at ``size`` pixels (raqm layout when available)."""
        return self.fonts.pil_font(face, size)

    def digests(self, faces: Sequence[Face] | None = None) -> tuple[str, ...]:
        """Content hashes of every face (cache keys change when a font file changes)."""
        return tuple(f"{self.fonts.digest(f)}#{f.index}" + (f"@{f.wght}" if f.wght else "")
                     for f in (self.all_faces() if faces is None else faces))


def _is_common(ch: str) -> bool:
    """Characters shared by scripts: digits, punctuation, symbols, spaces."""
    return unicodedata.category(ch)[0] in "NPSZ"


class FontSet:
    """Finds and loads fonts once per build: file lookup, cmaps, Pillow fonts, file hashes.

    ``overrides`` maps a language code (``"ja"``, ``"zh-TW"``), ``"latin"`` or ``"symbols"`` to
    ``{"regular": path, "bold": path}``; a path may end in ``#N`` to pick face N of a .ttc.
    ``dirs`` are the merchant's folders (``font_dirs``), searched first; then the fonts of
    ``packages`` (installed Python packages); then ``system_dirs``, for scripts no package
    covers. ``raqm`` and ``icu`` say what the text engine may use (tests switch them off).
    """

    def __init__(self, overrides: Mapping[str, Mapping[str, str | Path]] | None = None,
                 dirs: Sequence[str | Path] = (),
                 system_dirs: Sequence[Path] | None = None,
                 packages: Mapping[str, tuple[PackagedFont, PackagedFont]] | None = None):
        self.overrides = {k.replace("_", "-").lower(): dict(v)
                          for k, v in (overrides or {}).items()}
        self.own_dirs = tuple(Path(d) for d in dirs)
        self.dirs = self.own_dirs + tuple(SYSTEM_FONT_DIRS if system_dirs is None
                                          else system_dirs)
        self.packages = dict(PACKAGED if packages is None else packages)
        self.raqm = features.check("raqm")  # complex layout (shaping, bidi) available
        self.icu = icu_available()  # dictionary line breaks (Thai, CJK words) available
        self._files: dict[tuple[Path, ...], dict[str, Path]] = {}
        self._cmaps: dict[Face, frozenset[int]] = {}
        self._fonts: dict[tuple[Face, int], ImageFont.FreeTypeFont] = {}
        self._digests: dict[Path, str] = {}
        #: the build's index of file digests: a font file is read once, not every build
        self.digest_index: DigestIndex | None = None
        self._faces: dict[tuple[str, bool], Face | None] = {}
        self._chains: dict[tuple[str, bool], FontChain] = {}
        #: card_key's serialized style, fonts and engine, by (repr(style), language)
        self.key_parts: dict[tuple[str, str], str] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Pickled into worker processes: keep the found paths and hashes, drop loaded fonts.
        state = self.__dict__.copy()
        state["_fonts"] = {}
        state["_cmaps"] = {}
        state["_chains"] = {}
        state["digest_index"] = None  # the digests workers need are in _digests already
        return state

    # -- finding files ------------------------------------------------------------------

    def _index(self, dirs: tuple[Path, ...]) -> dict[str, Path]:
        """File name -> first path with that name in ``dirs`` (built once per folder list)."""
        files = self._files.get(dirs)
        if files is None:
            files = {}
            for root in dirs:
                for path in _walk_fonts(root):
                    files.setdefault(path.name, path)
            self._files[dirs] = files
        return files

    def _override(self, key: str, bold: bool) -> Face | None:
        entry = self.overrides.get(key)
        if not entry:
            return None
        value = entry.get("bold" if bold else "regular") or entry.get("regular")
        if not value:
            return None
        text = str(value)
        path, _, index = text.rpartition("#") if "#" in text else (text, "", "0")
        return Face(Path(path), int(index or 0))

    def _face(self, script: str, bold: bool) -> Face | None:
        """The face for a script key: the merchant's folders, then a package, then the
        system's folders (None when none has it)."""
        key = (script, bold)
        if key not in self._faces:
            self._faces[key] = (self._in_dirs(script, bold, self.own_dirs)
                                or self._packaged(script, bold)
                                or self._in_dirs(script, bold, self.dirs[len(self.own_dirs):]))
        return self._faces[key]

    def _in_dirs(self, script: str, bold: bool, dirs: tuple[Path, ...]) -> Face | None:
        spec = SCRIPTS[script]
        for name in spec.bold if bold else spec.regular:
            path = self._index(dirs).get(name)
            if path is not None:
                return Face(path, self._collection_index(path, spec.face), script)
        return None

    def _packaged(self, script: str, bold: bool) -> Face | None:
        if script not in self.packages:
            return None
        font = self.packages[script][bold]
        path = font.path()
        if path is None:
            return None
        return Face(path, self._collection_index(path, font.face), script, font.wght)

    def _collection_index(self, path: Path, face_name: str) -> int:
        """The index of the face whose name contains ``face_name`` in a .ttc (0 otherwise)."""
        if not face_name or path.suffix.lower() not in (".ttc", ".otc"):
            return 0
        from fontTools.ttLib import TTCollection

        with TTCollection(str(path), lazy=True) as collection:
            for i, font in enumerate(collection.fonts):
                name = font["name"].getDebugName(4) or ""
                if face_name in name and "Mono" not in name:
                    return i
        return 0

    def chain(self, lang: str, bold: bool = False) -> FontChain:
        """The faces for ``lang``: its script font, Latin, then symbols and installed extras.

        A missing script font leaves the chain with Latin only (``chain.missing`` names the
        script): cards leave out the text it cannot draw. Raises StorefrontError for a font
        file named in the settings that does not exist, and when not even Latin is installed.
        """
        key = (lang, bold)
        if key in self._chains:
            return self._chains[key]
        script = script_of_lang(lang)
        norm = lang.replace("_", "-").lower()
        lang_key = norm if norm in self.overrides else norm.split("-")[0]
        # (override keys tried in order, script key of the font found otherwise)
        wanted: list[tuple[tuple[str, ...], str]] = [
            ((lang_key,), script) if script != "latin" else ((lang_key, "latin"), "latin")]
        if script != "latin":
            wanted.append((("latin",), "latin"))
        faces: list[Face] = []
        problems: list[Problem] = []
        missing = ""
        for override_keys, script_key in wanted:
            used = next((k for k in override_keys if self._override(k, bold)), None)
            face = self._override(used, bold) if used else self._face(script_key, bold)
            if face is None:
                if script_key == "latin":
                    problems.append(self._missing(lang, "latin", severity="error"))
                missing = missing or script_key
            elif not face.path.is_file():
                problems.append(Problem(
                    "pelicanconf.py", f"STORE_SOCIAL_CARDS.fonts.{used}",
                    f"{face.path}: no such font file; give the path of a .ttf, .otf or .ttc "
                    "file, relative to the project folder"))
            elif face not in faces:
                faces.append(face)
        if problems:
            raise StorefrontError(problems)
        extras: list[Face] = []
        for extra in ("symbols", "symbols2") + EXTRA_SCRIPTS:
            used = "symbols" if extra.startswith("symbols") and self._override("symbols", bold) \
                else None
            face = self._override(used, bold) if used else self._face(extra, bold)
            if face is not None and face.path.is_file() and face not in faces + extras:
                extras.append(face)
        chain = FontChain(self, lang, bold, faces, extras, missing)
        twin = next((c for c in self._chains.values() if c.bold == bold and c.faces == chain.faces
                     and c.extras == chain.extras and same_shaping(c.lang, lang)), None)
        if twin is not None:  # en-US and en-GB: a title is measured and rendered once
            chain.measured, chain.itemized = twin.measured, twin.itemized
        self._chains[key] = chain
        return chain

    def _missing(self, lang: str | Sequence[str], script: str,
                 severity: str = "warning") -> Problem:
        """What to install for a script font that is missing (a warning: cards degrade)."""
        langs = [lang] if isinstance(lang, str) else list(lang)
        spec = SCRIPTS[script]
        name = SCRIPT_NAMES.get(script, script.capitalize())
        packaged = self.packages.get(script) or PACKAGED.get(script)
        if packaged:
            reqs = sorted({f.requirement for f in packaged})
            how = f"pip install {' '.join(reqs)}"
        else:
            how = f"apt-get install {spec.package}"
        return Problem(
            "pelicanconf.py", "STORE_SOCIAL_CARDS.fonts",
            f"share cards in {', '.join(langs)} are drawn without the text no installed font "
            f"can show (titles): no {name} font ({spec.regular[0]}) was found; install it with "
            f"`{how}`, or put the font files in a folder listed in "
            "STORE_SOCIAL_CARDS['font_dirs']", severity=severity)

    def missing_problems(self, langs: Iterable[str]) -> list[Problem]:
        """One warning per script whose font is missing, naming the languages and the package
        to install (raises StorefrontError for settings that name missing files)."""
        by_script: dict[str, list[str]] = {}
        for lang in sorted(set(langs)):
            for bold in (False, True):
                missing = self.chain(lang, bold).missing
                if missing and lang not in by_script.setdefault(missing, []):
                    by_script[missing].append(lang)
        return [self._missing(langs_, script) for script, langs_ in sorted(by_script.items())]

    def require(self, langs: Iterable[str]) -> None:
        """Fail once, listing every missing font, when any language cannot be drawn whole."""
        problems = [dataclasses.replace(p, severity="error")
                    for p in self.missing_problems(langs)]
        if problems:
            raise StorefrontError(problems)

    # -- loading ------------------------------------------------------------------------

    def preload(self, langs: Iterable[str]) -> None:
        """Read the coverage of the fonts of ``langs`` now: done before forking workers, it is
        done once, not once per worker (a CJK font takes a good part of a second)."""
        for lang in sorted(set(langs)):
            for bold in (False, True):
                for face in self.chain(lang, bold).faces:
                    self.cmap(face)

    def cmap(self, face: Face) -> frozenset[int]:
        """The code points ``face`` has glyphs for (read once with fontTools)."""
        found = self._cmaps.get(face)
        if found is None:
            from fontTools.ttLib import TTFont

            try:
                with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
                    # the code points only: naming the glyphs they map to (a CJK font's
                    # 45,000, from its CFF charset) is most of what reading a cmap costs
                    font.getGlyphNameMany = list
                    found = frozenset(font.getBestCmap() or {})
            except Exception as exc:  # OSError, or fontTools' TTLibError for a bad file
                raise StorefrontError([Problem(
                    "pelicanconf.py", "STORE_SOCIAL_CARDS.fonts",
                    f"{face}: cannot read this font ({exc}); give a TrueType/OpenType file "
                    "(.ttf, .otf, .ttc)")]) from exc
            self._cmaps[face] = found
        return found

    def pil_font(self, face: Face, size: int) -> ImageFont.FreeTypeFont:
        """A Pillow font for ``face`` at ``size`` px, with raqm layout when Pillow has it."""
        key = (face, size)
        font = self._fonts.get(key)
        if font is None:
            engine = ImageFont.Layout.RAQM if self.raqm else ImageFont.Layout.BASIC
            font = ImageFont.truetype(str(face.path), size, index=face.index,
                                      layout_engine=engine)
            if face.wght:  # a variable font: set its weight, other axes at their defaults
                axes = font.get_variation_axes()
                font.set_variation_by_axes([
                    float(face.wght if axis["name"] in (b"Weight", "Weight")
                          else axis["default"] or 0)
                    for axis in axes])
            self._fonts[key] = font
        return font

    def digest(self, face: Face) -> str:
        """SHA-256 of the face's file (identifies the font in cache keys)."""
        found = self._digests.get(face.path)
        if found is None:
            found = (self.digest_index.sha256(face.path) if self.digest_index is not None
                     else file_digest(face.path))
            self._digests[face.path] = found
        return found


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk_fonts(root: Path) -> Iterator[Path]:
    """Font files under ``root``, in a stable order (sorted folders and names)."""
    if not root.is_dir():
        return
    for folder, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            if name.lower().endswith(_FONT_SUFFIXES):
                yield Path(folder) / name


def font_set(fonts: Mapping[str, Mapping[str, str]] | None, font_dirs: Sequence[str],
             root: Path) -> FontSet:
    """A project's font set: its own font files and folders (paths relative to ``root``),
    then the packaged fonts, then the system's."""
    overrides = {lang: {w: str(root / p) for w, p in faces.items()}
                 for lang, faces in (fonts or {}).items()}
    return FontSet(overrides, [root / d for d in font_dirs])
