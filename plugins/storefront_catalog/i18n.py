"""UI translations for the templates: gettext callables with Jinja's "newstyle" semantics.

Jinja's own newstyle wrappers look up, wrap and %-format every string on every call; a product
page calls them ~40 times with the same few dozen constant strings. These give the same result
(the translation is trusted markup, the variables are escaped, ``%%`` becomes ``%``) and
remember what a constant string renders to.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from markupsafe import Markup


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
