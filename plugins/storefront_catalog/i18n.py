"""UI translations for the templates: gettext callables with Jinja's "newstyle" semantics.

Jinja's own newstyle wrappers look up, wrap and %-format every string on every call; a product
page calls them ~40 times with the same few dozen constant strings. These give the same result
(the translation is trusted markup, the variables are escaped, ``%%`` becomes ``%``) and
remember what a constant string renders to.
"""

from __future__ import annotations

import gettext as gettext_module
import hashlib
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from babel.support import Translations
from jinja2 import Environment
from markupsafe import Markup

from storefront_core.errors import Problem, display_path
from storefront_core.files import atomic_open

from .urls import Market


def gettext_callables(
    translations: gettext_module.NullTranslations,
) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """``(gettext, ngettext)`` for templates, for one language.

    >>> _, n_ = gettext_callables(gettext_module.NullTranslations())
    >>> _("Save %(pct)s%%", pct="<b>5</b>")
    Markup('Save &lt;b&gt;5&lt;/b&gt;%')
    >>> n_("%(num)s unit", "%(num)s units", 3)
    Markup('3 units')
    >>> n_("%(num)s unit", "%(num)s units", 1000, num="1,000")
    Markup('1,000 units')
    """
    constant: dict[str, Markup] = {}

    def gettext(message: str, /, **variables: Any) -> Markup:
        if not variables:
            rv = constant.get(message)
            if rv is None:
                rv = constant[message] = Markup(translations.gettext(message)) % {}
            return rv
        return Markup(translations.gettext(message)) % variables

    def ngettext(singular: str, plural: str, n: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return Markup(translations.ngettext(singular, plural, n)) % variables

    return gettext, ngettext


def install_translations(env: Environment, translations: gettext_module.NullTranslations) -> None:
    """Make ``_``, ``gettext`` and ``ngettext`` (and ``{% trans %}``) use ``translations``."""
    gettext, ngettext = gettext_callables(translations)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


#: the language the theme's strings are written in (msgids; British English)
SOURCE_LANGUAGE = "en"


def catalog_name(i18n_dir: Path, lang: str, country: str) -> str:
    """The UI catalog a market reads: its language and country's when ``i18n_dir`` has one
    (``en_US``, or ``pt-br`` as ``storefront i18n init pt-br`` names it), else its language's.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "en_US" / "LC_MESSAGES").mkdir(parents=True)
    ...     _ = (Path(tmp) / "en_US" / "LC_MESSAGES" / "messages.po").write_text("")
    ...     [catalog_name(Path(tmp), "en", c) for c in ("US", "GB", "")]
    ['en_US', 'en', 'en']
    """
    if country:
        for name in (f"{lang}_{country.upper()}", f"{lang}-{country.lower()}"):
            if (i18n_dir / name / "LC_MESSAGES" / "messages.po").is_file():
                return name
    return lang


def load_translations(
    i18n_dir: Path, lang: str, cache_dir: Path
) -> tuple[gettext_module.NullTranslations, str, list[Problem]]:
    """The UI catalog ``lang`` (a folder of ``i18n_dir``, see ``catalog_name``): (translations,
    digest of the catalog, problems).

    ``i18n/<lang>/LC_MESSAGES/messages.po`` is compiled to a ``.mo`` in the build cache (named
    by the .po's hash, so an edited catalog is compiled again and an unchanged one never is).
    """
    po = i18n_dir / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        if lang == SOURCE_LANGUAGE:  # the msgids themselves
            return gettext_module.NullTranslations(), "", []
        return gettext_module.NullTranslations(), "", [Problem(
            display_path(po), "", f"there is no UI translation for \"{lang}\", so its pages show "
            f"the theme's English labels; run: storefront i18n init {lang}", None, "warning")]
    raw = po.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:16]
    mo = cache_dir / "i18n" / f"{lang}-{digest}.mo"
    if not mo.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        try:
            catalog = read_po(io.BytesIO(raw), locale=lang.replace("-", "_"))
        except Exception as exc:  # noqa: BLE001 - Babel raises many kinds on a broken file
            return gettext_module.NullTranslations(), digest, [Problem(
                display_path(po), "", f"cannot be read as a gettext catalog ({exc})")]
        mo.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(mo) as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    with mo.open("rb") as fh:
        return Translations(fh), digest, []


def market_translations(
    i18n_dir: Path, markets: Iterable[Market], cache_dir: Path
) -> tuple[dict[str, tuple[gettext_module.NullTranslations, str]], list[Problem]]:
    """Each market's UI catalog by market code, (translations, digest), and the problems;
    markets that share a catalog (en-GB and en-SG: the British source text) share one load."""
    names = {m.code: catalog_name(i18n_dir, m.lang, m.country) for m in markets}
    loaded: dict[str, tuple[gettext_module.NullTranslations, str]] = {}
    problems: list[Problem] = []
    for name in dict.fromkeys(names.values()):
        translations, digest, found = load_translations(i18n_dir, name, cache_dir)
        loaded[name] = (translations, digest)
        problems += found
    return {code: loaded[name] for code, name in names.items()}, problems
