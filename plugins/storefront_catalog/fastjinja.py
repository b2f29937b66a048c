"""Three costs Jinja pays on every page that a build of thousands of pages does not need.

- Output: with autoescape, each ``{{ value }}`` compiles to ``escape(value)``, a ``Markup``
  object made for every value (about 300 on a product page) only to be joined into the page's
  text at once. A ``FastOutputTemplate``'s ``escape`` is ``escape_output``, which escapes the
  same characters the same way into a plain ``str``: the page's bytes do not change. Where a
  template keeps output as a value (``{% set %}`` blocks, macros, ``caller``), Jinja wraps the
  joined text in ``Markup`` itself, as before; nothing but output statements calls the
  compiled module's ``escape``. The compiled code is Jinja's own (its bytecode cache stays).
- Includes: each ``{% include %}`` asks the environment for the template again, through an
  LRU cache with a lock; a build's few dozen templates fit in a plain dict (``use_fast_output``).
- Calls: each call in a template (``_("...")``, ``url(...)``, about a hundred on a product
  page) goes through ``Context.call``, which looks for ``pass_context`` markers four times
  before calling. A ``FastContext`` calls a plain function or method without such a marker at
  once, as Jinja would (the block and loop variables Jinja passes along are dropped, a
  ``StopIteration`` is undefined); everything else goes through Jinja's own ``call``.

>>> from markupsafe import Markup
>>> escape_output('Tom & "Jerry" <b>')
'Tom &amp; &#34;Jerry&#34; &lt;b&gt;'
>>> escape_output(Markup("<b>safe</b>")), escape_output(3)
('<b>safe</b>', '3')
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from types import BuiltinFunctionType, CodeType, FunctionType, MethodType
from typing import Any

from jinja2 import Environment, Template
from jinja2.runtime import Context
from markupsafe import escape

# markupsafe's own escaping without the Markup object around it: a private name of markupsafe
# 3.0 (the lock file pins the version); with another version, the public escape
try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C speedups
    try:
        from markupsafe._native import _escape_inner
    except ImportError:
        def _escape_inner(s: str, /) -> str:
            return str(escape(s))


def escape_output(value: Any, /) -> str:
    """``markupsafe.escape(value)`` as a plain ``str`` (the same characters)."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape_inner(str(value))


class FastOutputTemplate(Template):
    """A template whose output statements escape with ``escape_output``."""

    @classmethod
    def from_code(cls, environment: Environment, code: CodeType,
                  globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        # the compiled module's globals: what its render and block functions look names up in
        template.root_render_func.__globals__["escape"] = escape_output
        return template


#: callables whose only ``pass_context``-style marker can be their own ``jinja_pass_arg``
_PLAIN_CALLABLES = frozenset({FunctionType, BuiltinFunctionType, MethodType})


class FastContext(Context):
    """A template context whose ``call`` skips Jinja's marker lookups for plain callables."""

    def call(self, obj: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        if type(obj) not in _PLAIN_CALLABLES or hasattr(obj, "jinja_pass_arg"):
            return super().call(obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def use_fast_output(env: Environment) -> None:
    """Make ``env``'s templates ``FastOutputTemplate``s kept in a plain dict, rendered with a
    ``FastContext`` (before any template is loaded)."""
    env.template_class = FastOutputTemplate
    env.context_class = FastContext
    env.cache = {}  # type: ignore[assignment]
