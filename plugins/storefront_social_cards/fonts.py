"""Noto fonts for every script: find the files, pick the faces per language, know their coverage.

A :class:`FontSet` is made once per build (it caches cmaps, Pillow fonts and file hashes); a
:class:`FontChain` is the ordered list of faces for one language and weight: the script's own
font first, then Latin Noto Sans, then the symbol fonts, then any other installed script font as
a last resort, so no character is drawn as a tofu box when some installed font has it.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ImageFont, features

from storefront_catalog.errors import Problem, StorefrontError

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
#: After the language's own font: Latin, then symbols (arrows, stars, check marks...).
COMMON_SCRIPTS = ("latin", "symbols", "symbols2")
#: Last resorts, tried only for characters no earlier font has; missing ones are skipped.
EXTRA_SCRIPTS = ("arabic", "hebrew", "devanagari", "bengali", "thai", "cjk-jp", "tamil",
                 "telugu", "kannada", "malayalam", "gujarati", "gurmukhi", "sinhala", "khmer",
                 "lao", "myanmar", "georgian", "armenian", "ethiopic")


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

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


#: Characters that are never drawn (bidi marks, joiners, variation selectors): any face "has"
#: them, so they stay in the run around them instead of starting a new one.
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
                 extras: Sequence[Face]):
        self.fonts = fonts
        self.lang = lang
        self.bold = bold
        self.faces = tuple(faces)  # required: the language's font, Latin, symbols
        self.extras = tuple(extras)  # installed last resorts
        #: runs of a text by (text, bidi levels): the same at every size, so fitting a title
        #: at many sizes and widths itemizes each candidate line once
        self.itemized: dict[tuple[str, bytes], list[tuple[str, Face, int, bool]]] = {}

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

    def face_for(self, cluster: str, current: Face | None = None) -> Face | None:
        """The face to draw a grapheme cluster with; None when no installed face has it.

        Digits, punctuation, symbols and spaces keep the current run's face when it has them,
        so "سماعة ٢ — 45" stays in as few runs as possible; letters take the first face in
        chain order.
        """
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

    def digests(self) -> tuple[str, ...]:
        """Content hashes of every face (cache keys change when a font file changes)."""
        return tuple(f"{self.fonts.digest(f)}#{f.index}" for f in self.all_faces())


def _is_common(ch: str) -> bool:
    """Characters shared by scripts: digits, punctuation, symbols, spaces."""
    return unicodedata.category(ch)[0] in "NPSZ"


class FontSet:
    """Finds and loads fonts once per build: file lookup, cmaps, Pillow fonts, file hashes.

    ``overrides`` maps a language code (``"ja"``, ``"zh-TW"``), ``"latin"`` or ``"symbols"`` to
    ``{"regular": path, "bold": path}``; a path may end in ``#N`` to pick face N of a .ttc.
    ``dirs`` are searched before the system font folders (e.g. fonts shipped in the theme).
    ``raqm`` and ``icu`` say what the text engine may use (tests switch them off).
    """

    def __init__(self, overrides: Mapping[str, Mapping[str, str | Path]] | None = None,
                 dirs: Sequence[str | Path] = (),
                 system_dirs: Sequence[Path] = SYSTEM_FONT_DIRS):
        self.overrides = {k.replace("_", "-").lower(): dict(v)
                          for k, v in (overrides or {}).items()}
        self.dirs = tuple(Path(d) for d in dirs) + tuple(system_dirs)
        from .text import icu_available  # (text imports this module)

        self.raqm = features.check("raqm")  # complex layout (shaping, bidi) available
        self.icu = icu_available()  # dictionary line breaks (Thai, CJK words) available
        self._files: dict[str, Path] | None = None
        self._cmaps: dict[Face, frozenset[int]] = {}
        self._fonts: dict[tuple[Face, int], ImageFont.FreeTypeFont] = {}
        self._digests: dict[Path, str] = {}
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
        return state

    # -- finding files ------------------------------------------------------------------

    def _index(self) -> dict[str, Path]:
        """File name -> first path with that name in the search folders (built once)."""
        if self._files is None:
            files: dict[str, Path] = {}
            for root in self.dirs:
                for path in _walk_fonts(root):
                    files.setdefault(path.name, path)
            self._files = files
        return self._files

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
        """The face for a script key, from the search folders (None when not installed)."""
        key = (script, bold)
        if key not in self._faces:
            spec = SCRIPTS[script]
            found = None
            for name in spec.bold if bold else spec.regular:
                path = self._index().get(name)
                if path is not None:
                    found = Face(path, self._collection_index(path, spec.face), script)
                    break
            self._faces[key] = found
        return self._faces[key]

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
        """The faces for ``lang``: its script font, Latin, symbols, then installed extras.

        Raises StorefrontError naming the missing files and the package that installs them.
        """
        key = (lang, bold)
        if key in self._chains:
            return self._chains[key]
        script = script_of_lang(lang)
        norm = lang.replace("_", "-").lower()
        lang_key = norm if norm in self.overrides else norm.split("-")[0]
        # (override keys tried in order, script key of the system font)
        wanted: list[tuple[tuple[str, ...], str]] = [
            ((lang_key,), script) if script != "latin" else ((lang_key, "latin"), "latin")]
        if script != "latin":
            wanted.append((("latin",), "latin"))
        wanted += [(("symbols",), "symbols"), (("symbols",), "symbols2")]
        faces: list[Face] = []
        missing: list[Problem] = []
        for override_keys, script_key in wanted:
            used = next((k for k in override_keys if self._override(k, bold)), None)
            face = self._override(used, bold) if used else self._face(script_key, bold)
            if face is None:
                missing.append(self._missing(lang, script_key, bold))
            elif not face.path.is_file():
                missing.append(Problem(
                    "pelicanconf.py", f"STORE_SOCIAL_CARDS.fonts.{used}",
                    f"{face.path}: no such font file; give the path of a .ttf, .otf or .ttc "
                    "file, relative to the project folder"))
            elif face not in faces:
                faces.append(face)
        if missing:
            raise StorefrontError(missing)
        extras = []
        for extra in EXTRA_SCRIPTS:
            face = self._face(extra, bold)
            if face is not None and face not in faces and face not in extras:
                extras.append(face)
        chain = FontChain(self, lang, bold, faces, extras)
        self._chains[key] = chain
        return chain

    def _missing(self, lang: str, script: str, bold: bool) -> Problem:
        spec = SCRIPTS[script]
        names = spec.bold if bold else spec.regular
        return Problem(
            "pelicanconf.py", "STORE_SOCIAL_CARDS.fonts",
            f'share cards in language "{lang}" need the font {names[0]}, which is not '
            f"installed; install the package {spec.package} (apt-get install {spec.package}), "
            "or put the file in a folder listed in STORE_SOCIAL_CARDS['font_dirs'] "
            f"(searched: {', '.join(str(d) for d in self.dirs[:3])}, ...)")

    def require(self, langs: Iterable[str]) -> None:
        """Fail once, listing every missing font, when any language cannot be drawn."""
        problems: list[Problem] = []
        for lang in sorted(set(langs)):
            for bold in (False, True):
                try:
                    self.chain(lang, bold)
                except StorefrontError as exc:
                    problems += [p for p in exc.problems if p not in problems]
        if problems:
            raise StorefrontError(problems)

    # -- loading ------------------------------------------------------------------------

    def cmap(self, face: Face) -> frozenset[int]:
        """The code points ``face`` has glyphs for (read once with fontTools)."""
        found = self._cmaps.get(face)
        if found is None:
            from fontTools.ttLib import TTFont

            try:
                with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
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
            self._fonts[key] = font
        return font

    def digest(self, face: Face) -> str:
        """SHA-256 of the face's file (identifies the font in cache keys)."""
        found = self._digests.get(face.path)
        if found is None:
            found = file_digest(face.path)
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
