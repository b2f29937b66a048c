"""UI translation catalogs: extract the theme's strings, merge, check, compile and count them.

A thin layer over Babel's message API (the same steps as ``pybabel extract/update/compile``)
with what the storefront needs on top: stable files (re-running on unchanged templates
rewrites nothing, not even the dates), a placeholder check strict enough for newstyle gettext
and per-language counts for CI.
"""

from __future__ import annotations

import datetime
import gettext as gettext_module
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2 import TemplateSyntaxError

from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.files import write_atomic

DOMAIN = "messages"
MAPPING_FILE = "babel.cfg"
#: comments in the source starting with this reach the translators (``{# TRANSLATORS: ... #}``)
COMMENT_TAG = "TRANSLATORS:"
#: ``N_()`` marks labels in plugins/ (views.py); Babel extracts it by default, said here anyway
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
PROJECT = "storefront-generator"
VERSION = "theme"  # no package version: a release must not rewrite every catalog
POT_HEADER = (
    "# Translatable text of the storefront theme and plugins.\n"
    "# Written by `storefront i18n extract` from the templates; do not edit.\n"
    "#"
)
WIDTH = 76
#: the numbers that tell plural forms apart: 0 to 999 and the round millions (CLDR's French,
#: Spanish and Italian "many": "1 000 000 de produits")
PLURAL_SAMPLES: tuple[int, ...] = (
    *range(1000), *(k * 10**6 for k in range(1, 4)), *(10**k for k in range(7, 10)))
# Both lines change without the strings changing (the clock, a Babel upgrade).
_VOLATILE_HEADERS = re.compile(rb'^"(?:POT-Creation-Date|Generated-By): [^"]*"\n', re.M)
# One printf conversion as Python's ``%`` operator reads it.
_CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # %(name)
    r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"  # flags, width, precision, length
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)


# -- paths ----------------------------------------------------------------------------------
def pot_path(i18n_dir: Path) -> Path:
    return i18n_dir / f"{DOMAIN}.pot"


def po_path(i18n_dir: Path, lang: str) -> Path:
    return i18n_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(i18n_dir: Path) -> list[str]:
    """The languages with a catalog in ``i18n_dir``, sorted."""
    if not i18n_dir.is_dir():
        return []
    return sorted(p.name for p in i18n_dir.iterdir() if po_path(i18n_dir, p.name).is_file())


def babel_locale(lang: str) -> Locale:
    """The Babel locale of a catalog folder name (``de``, ``pt-br``, ``pt_BR``)."""
    return Locale.parse(lang.replace("-", "_"))


# -- extract --------------------------------------------------------------------------------
def extract(root: Path, i18n_dir: Path | None = None) -> Catalog:
    """Every translatable string of the templates and plugins, as babel.cfg in i18n/ maps them.

    Patterns in babel.cfg are relative to ``root`` (the project folder).
    """
    i18n_dir = i18n_dir or root / "i18n"
    mapping = i18n_dir / MAPPING_FILE
    if not mapping.is_file():
        raise StorefrontError([Problem(
            display_path(mapping, root), "", "not found; it tells which files hold translatable "
            "text, e.g. [jinja2: themes/**/templates/**.html] and [python: plugins/**.py]")])
    with mapping.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(mapping))
    catalog = new_template()
    current = [""]  # the file being read, to name it when Jinja cannot parse it

    def reading(filename: str, method: str, options: dict[str, object]) -> None:
        current[0] = filename

    found = extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True, callback=reading,
    )
    try:
        for filename, lineno, message, comments, context in found:
            path = Path(filename).as_posix()
            catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    except TemplateSyntaxError as exc:
        raise StorefrontError([Problem(
            Path(current[0]).as_posix(), "", f"Jinja cannot read this template ({exc.message}); "
            "fix it so its strings can be extracted", exc.lineno)]) from None
    return catalog


def new_template() -> Catalog:
    """An empty messages.pot catalog with this project's header."""
    return Catalog(
        project=PROJECT,
        version=VERSION,
        header_comment=POT_HEADER,
        charset="utf-8",
        creation_date=_now(),
    )


def message_keys(catalog: Catalog) -> set[tuple[str | tuple[str, ...], str | None]]:
    """(msgid or (singular, plural), context) of every message: what makes two catalogs agree."""
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id
    }


def write_pot(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` as messages.pot; False (and nothing written) when it is unchanged."""
    return _write_catalog(catalog, path)


# -- update / init --------------------------------------------------------------------------
@dataclass
class UpdateResult:
    lang: str
    path: Path
    added: list[str] = field(default_factory=list)  # new, untranslated msgids
    obsoleted: list[str] = field(default_factory=list)  # gone from the templates
    changed: bool = False
    #: the Plural-Forms header Babel gives the language, when it replaced the catalog's own
    plural_forms: str | None = None
    #: plural msgids whose forms no longer line up one to one (marked fuzzy to be checked)
    plurals_to_check: list[str] = field(default_factory=list)


def read_template(i18n_dir: Path) -> Catalog:
    """messages.pot, or a StorefrontError telling how to make it."""
    path = pot_path(i18n_dir)
    if not path.is_file():
        raise StorefrontError([Problem(
            _shown(path, i18n_dir), "", "not found; run: storefront i18n extract")])
    with path.open("rb") as fh:
        return read_po(fh)


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=babel_locale(lang))


def update(i18n_dir: Path, template: Catalog | None = None) -> list[UpdateResult]:
    """Merge messages.pot into every language's .po (like ``pybabel update``, no fuzzy guesses).

    New strings arrive untranslated, strings gone from the templates are kept as obsolete
    (``#~``) entries, and an obsolete string that comes back gets its old translation again.
    A catalog whose plural rule is not the one Babel (CLDR) now gives its language gets
    Babel's (see ``adopt_plural_rule``).
    """
    template = template if template is not None else read_template(i18n_dir)
    results = []
    for lang in languages(i18n_dir):
        path = po_path(i18n_dir, lang)
        catalog = read_catalog(path, lang)
        result = UpdateResult(lang, path)
        result.plural_forms, result.plurals_to_check = adopt_plural_rule(catalog)
        before = {_key(m) for m in catalog if m.id}
        wanted = {_key(m) for m in template if m.id}
        for key in list(catalog.obsolete):
            message = catalog.obsolete[key]
            if _key(message) in wanted and _key(message) not in before:
                del catalog.obsolete[key]
                catalog[message.id] = message
                before.add(_key(message))
            elif _key(message) in wanted:
                del catalog.obsolete[key]
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
        result.added = [_text(m.id) for m in catalog if m.id and _key(m) not in before]
        result.obsoleted = [_text(m.id) for m in catalog.obsolete.values()
                            if _key(m) in before]
        result.changed = _write_catalog(catalog, path)
        results.append(result)
    return results


def init(i18n_dir: Path, lang: str) -> Path:
    """Start ``<lang>/LC_MESSAGES/messages.po`` from messages.pot (every string untranslated)."""
    path = po_path(i18n_dir, lang)
    if path.exists():
        raise StorefrontError([Problem(
            _shown(path, i18n_dir), "", "already exists; to add new strings to it run: "
            "storefront i18n update")])
    try:
        locale = babel_locale(lang)
    except (ValueError, UnknownLocaleError):
        raise StorefrontError([Problem(
            "", "", f'"{lang}" is not a language Babel knows; use a language code like de, '
            "fr, ja, ar or pt-br")]) from None
    template = read_template(i18n_dir)
    catalog = Catalog(
        locale=locale,
        project=template.project,
        version=template.version,
        msgid_bugs_address=template.msgid_bugs_address,
        charset="utf-8",
        creation_date=template.creation_date,
        revision_date=_now(),
        language_team=locale.english_name or lang,
        fuzzy=False,
    )
    forms = plural_form_examples(catalog)
    catalog.header_comment = "\n".join([
        f"# {locale.english_name} translation of the storefront theme.",
        "# Fill in every msgstr; keep %(name)s placeholders and %% as they are.",
        *([f"# Plural forms: {forms}"] if forms else []),
        "#",
    ])
    for m in template:
        if m.id:
            empty = "" if isinstance(m.id, str) else ("",) * catalog.num_plurals
            catalog.add(m.id, empty, m.locations, flags=m.flags, auto_comments=m.auto_comments,
                        user_comments=m.user_comments, context=m.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_catalog(catalog, path)
    return path


def adopt_plural_rule(catalog: Catalog) -> tuple[str | None, list[str]]:
    """Give ``catalog`` the Plural-Forms of its language as Babel (CLDR) writes it now.

    A CLDR release may number the forms differently (Arabic "many" and "other" swapped places
    in Babel 2.19) or add one (French and Spanish "many", for 1 000 000). Each translation
    moves to the form that now serves its numbers, so no page changes; a message whose forms
    do not line up one to one (a form was split or merged) keeps its text in every new form
    and is marked fuzzy for the translator. Returns the new header (None when the catalog
    already had an equivalent rule) and the msgids marked fuzzy.
    """
    if catalog.locale is None:
        return None, []
    babels = Catalog(locale=catalog.locale)
    if catalog.plural_forms == babels.plural_forms:
        return None, []
    old = gettext_module.c2py(catalog.plural_expr)
    new = gettext_module.c2py(babels.plural_expr)
    served: dict[int, Counter[int]] = {}  # new form -> how many of its numbers each old form had
    for n in PLURAL_SAMPLES:
        served.setdefault(new(n), Counter())[old(n)] += 1
    # each new form takes the text of the old form that served most of its numbers
    sources = [min(served[j], key=lambda i: (-served[j][i], i)) if j in served else 0
               for j in range(babels.num_plurals)]
    renumbered = all(len(served.get(j, ())) == 1 for j in range(babels.num_plurals)) and (
        sorted(sources) == list(range(catalog.num_plurals)))
    to_check = []
    for message in [*catalog, *catalog.obsolete.values()]:
        if not message.id or isinstance(message.id, str) or isinstance(message.string, str):
            continue
        strings = list(message.string or ())
        if not any(strings):
            message.string = ("",) * babels.num_plurals
            continue
        message.string = tuple(strings[i] if i < len(strings) else "" for i in sources)
        if not renumbered:
            message.flags.add("fuzzy")
            to_check.append(_text(message.id))
    catalog.mime_headers = [("Plural-Forms", babels.plural_forms)]
    forms = plural_form_examples(catalog)
    lines = (catalog.header_comment or "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("# Plural forms:")), None)
    if start is None:  # no line yet (a one-form language): before the closing "#"
        start = end = len(lines) - 1 if lines and lines[-1] == "#" else len(lines)
    else:
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("# ")),
                   len(lines))
    lines[start:end] = [f"# Plural forms: {forms}"] if forms else []
    catalog.header_comment = "\n".join(lines)
    return babels.plural_forms, to_check


# -- checks ---------------------------------------------------------------------------------
def check_message(message: Message, single_forms: frozenset[int] = frozenset()) -> list[str]:
    """What is wrong with one translated message, as sentences (empty when it is fine).

    Templates use newstyle gettext, so *every* translation goes through ``%`` formatting:
    a translation may not add a placeholder, must write a percent sign as ``%%``, and must
    keep every placeholder of the English text (Babel's own check lets a translation drop
    one, but the number of units or the price must not vanish from the page). Only a plural
    form used for exactly one number (``single_forms``, e.g. Arabic "two") may leave out
    ``%(num)s``.
    """
    if not message.id:
        return []
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    source: set[str] = set()
    problems: list[str] = []
    for text in ids:
        names, _ = _placeholders(text)
        source |= names
    for i, text in enumerate(strings):
        if not text:
            continue
        where = f"msgstr[{i}]" if not isinstance(message.id, str) else "the translation"
        names, errors = _placeholders(text)
        problems += [f"{where} {e}" for e in errors]
        for name in sorted(names - source):
            problems.append(
                f"{where} uses %({name})s, which the English text does not have; the page "
                f"would fail to render (placeholders: {_list(source) or 'none'})")
        allowed_missing = {"num"} if i in single_forms else set()
        for name in sorted(source - names - allowed_missing):
            problems.append(f"{where} lost %({name})s; keep every placeholder of the English "
                            f"text ({_list(source)})")
    return problems


def single_number_forms(catalog: Catalog) -> frozenset[int]:
    """Plural forms of the catalog's language that only one number uses (0, 1 or 2)."""
    if catalog.num_plurals < 2:
        return frozenset()
    plural = gettext_module.c2py(catalog.plural_expr)
    counts: dict[int, int] = {}
    for n in PLURAL_SAMPLES:
        index = plural(n)
        counts[index] = counts.get(index, 0) + 1
    return frozenset(i for i, c in counts.items() if c == 1)


def plural_form_examples(catalog: Catalog) -> str:
    """Which numbers use which plural form, for translators ("" for one-form languages).

    >>> plural_form_examples(Catalog(locale="de"))
    'msgstr[0] for 1; msgstr[1] for 0, 2, 3, ...'
    """
    if catalog.num_plurals < 2:
        return ""
    plural = gettext_module.c2py(catalog.plural_expr)
    seen: dict[int, list[int]] = {}
    for n in PLURAL_SAMPLES:
        seen.setdefault(plural(n), []).append(n)
    parts = []
    for index in sorted(seen):
        numbers = seen[index]
        shown = ", ".join(str(n) for n in numbers[:3]) + (", ..." if len(numbers) > 3 else "")
        parts.append(f"msgstr[{index}] for {shown}")
    return "; ".join(parts)


def _placeholders(text: str) -> tuple[set[str], list[str]]:
    """Named placeholders of ``text`` and what is malformed in it."""
    names: set[str] = set()
    errors: list[str] = []
    pos = 0
    while (pos := text.find("%", pos)) != -1:
        match = _CONVERSION.match(text, pos)
        if match is None:
            snippet = text[pos : pos + 12]
            errors.append(f'has a lone % in "{snippet}"; write %% for a percent sign or '
                          "%(name)s for a placeholder")
            pos += 1
            continue
        if match.group("type") != "%":
            name = match.group("name")
            if name is None:
                errors.append(f'has the positional placeholder "{match.group(0)}"; use the '
                              "named placeholders of the English text")
            else:
                names.add(name)
        pos = match.end()
    return names, errors


def _list(names: Iterable[str]) -> str:
    return ", ".join(f"%({n})s" for n in sorted(names))


# -- status ---------------------------------------------------------------------------------
@dataclass
class LanguageStatus:
    lang: str
    path: Path
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    total: int = 0
    problems: list[Problem] = field(default_factory=list)  # placeholder mistakes
    todo: list[Problem] = field(default_factory=list)  # one per missing or fuzzy string

    @property
    def complete(self) -> bool:
        return not (self.fuzzy or self.missing or self.problems)


def status(i18n_dir: Path, template: Catalog | None = None) -> list[LanguageStatus]:
    """Per language: translated, fuzzy, missing (untranslated or not merged yet) and total."""
    template = template if template is not None else read_template(i18n_dir)
    rows = []
    for lang in languages(i18n_dir):
        path = po_path(i18n_dir, lang)
        shown = _shown(path, i18n_dir)
        catalog = read_catalog(path, lang)
        row = LanguageStatus(lang, path)
        row.problems = check_catalog(catalog, shown)
        for wanted in template:
            if not wanted.id:
                continue
            row.total += 1
            message = catalog.get(wanted.id, wanted.context)
            where = f'msgid "{_short(_text(wanted.id))}"'
            if message is None:
                row.missing += 1
                row.todo.append(Problem(shown, where, "not in this catalog yet; run: "
                                        "storefront i18n update"))
            elif message.fuzzy:
                row.fuzzy += 1
                row.todo.append(Problem(shown, where, "fuzzy: check the translation, then "
                                        "delete the '#, fuzzy' line", message.lineno))
            elif not _complete(message, catalog.num_plurals):
                row.missing += 1
                forms = ", ".join(f"msgstr[{i}]" for i in range(catalog.num_plurals))
                what = "not translated" + ("" if isinstance(message.id, str) else
                                           f" (fill {forms})")
                row.todo.append(Problem(shown, where, what, message.lineno))
            else:
                row.translated += 1
        rows.append(row)
    return rows


def check_catalog(catalog: Catalog, shown: str) -> list[Problem]:
    """Placeholder and plural-form mistakes of every translated message in one catalog.

    ``shown`` is the catalog's path as the problems name it.
    """
    single = single_number_forms(catalog)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        where = f'msgid "{_short(_text(message.id))}"'
        if not isinstance(message.id, str) and not isinstance(message.string, str):
            forms = list(message.string or ())
            count = len(forms)
            if any(forms) and count != catalog.num_plurals:
                problems.append(Problem(
                    shown, where, f"has {count} plural forms but the Plural-Forms header says "
                    f"{catalog.num_plurals}; give msgstr[0] to msgstr[{catalog.num_plurals - 1}]",
                    message.lineno))
        for text in check_message(message, single):
            problems.append(Problem(shown, where, text, message.lineno))
    return problems


def untranslated_ids(catalog: Catalog) -> list[str]:
    """The msgids without a complete, non-fuzzy translation (for messages that name them)."""
    return [_text(m.id) for m in catalog
            if m.id and (m.fuzzy or not _complete(m, catalog.num_plurals))]


# -- compile --------------------------------------------------------------------------------
@dataclass
class CompileResult:
    lang: str
    po: Path
    mo: Path | None  # None when the catalog has errors (nothing written)
    messages: int = 0
    skipped: list[str] = field(default_factory=list)  # untranslated or fuzzy: shown in English
    problems: list[Problem] = field(default_factory=list)


def compile(i18n_dir: Path, out_dir: Path | None = None) -> list[CompileResult]:  # noqa: A001
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` into a ``.mo`` under ``out_dir``.

    A catalog with a broken placeholder is not compiled (its pages would fail to render or
    show the wrong number); fuzzy entries are left out, as gettext does.
    """
    out_dir = out_dir or i18n_dir
    results = []
    for lang in languages(i18n_dir):
        po = po_path(i18n_dir, lang)
        catalog = read_catalog(po, lang)
        result = CompileResult(lang, po, None)
        result.problems = check_catalog(catalog, _shown(po, i18n_dir))
        result.skipped = untranslated_ids(catalog)
        result.messages = sum(1 for m in catalog if m.id) - len(result.skipped)
        if not result.problems:
            mo = out_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            buf = io.BytesIO()
            write_mo(buf, catalog, use_fuzzy=False)
            write_atomic(mo, buf.getvalue())
            result.mo = mo
        results.append(result)
    return results


# -- helpers --------------------------------------------------------------------------------
def _shown(path: Path, i18n_dir: Path) -> str:
    """A catalog's path relative to the project (the folder holding i18n/)."""
    return display_path(path, i18n_dir.parent)


def _key(message: Message) -> tuple[str, str | None]:
    return (_text(message.id), message.context)


def _text(msgid: str | Iterable[str]) -> str:
    return msgid if isinstance(msgid, str) else next(iter(msgid))


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _complete(message: Message, num_plurals: int) -> bool:
    if isinstance(message.string, str):
        return bool(message.string)
    strings = list(message.string or ())
    return len(strings) >= num_plurals and all(strings[:num_plurals])


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)


def _render(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, include_lineno=False)
    return buf.getvalue()


def _write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write a .po/.pot unless only its volatile header lines would change; True if written."""
    data = _render(catalog)
    if path.is_file() and _stable(path.read_bytes()) == _stable(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return True


def _stable(data: bytes) -> bytes:
    return _VOLATILE_HEADERS.sub(b"", data)


