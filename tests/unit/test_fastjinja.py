"""The faster template output (storefront_catalog.fastjinja) writes the same pages as Jinja's
own: every kind of value and every place output ends up (text, a {% set %} block, a macro, a
caller, a filter block), escaped character for character like markupsafe."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from jinja2 import (
    DictLoader,
    Environment,
    StrictUndefined,
    UndefinedError,
    pass_context,
    pass_environment,
    pass_eval_context,
)
from markupsafe import Markup, escape

from storefront_catalog.fastjinja import escape_output, use_fast_output

TEMPLATES = {
    "page.html": """<title>{{ title }}</title>
{%- set block %}<b>{{ title }}</b> {{ price }}{% endset %}
{%- macro tag(text) %}<i>{{ text }}</i>{{ caller() if caller }}{% endmacro %}
<p>{{ block }}|{{ block|length }}|{{ tag(title) }}|{% call tag(safe) %}{{ title }}{% endcall %}</p>
<p>{{ safe }} {{ none }} {{ number }} {{ price }} {{ items|join(", ") }} {{ missing }}</p>
{% filter upper %}{{ title }}{% endfilter %}
{% for item in items %}<li data-x="{{ item }}">{{ loop.index }}</li>{% endfor %}
{% include "part.html" %}
{% autoescape false %}{{ title }}{% endautoescape %}""",
    "part.html": "<footer>{{ title ~ '!' }} {{ safe ~ title }}</footer>",
}
VALUES = {
    "title": 'Tom & "Jerry\'s" <script>alert(1)</script>',
    "safe": Markup("<em>ok</em>"),
    "none": None,
    "number": 3.5,
    "price": Decimal("12.50"),
    "items": ["<a>", "b&c", Markup("<br>")],
}


def _env(fast: bool) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    if fast:
        use_fast_output(env)
    return env


def test_pages_are_the_same_as_jinjas_own() -> None:
    stock = _env(False).get_template("page.html").render(VALUES)
    fast = _env(True).get_template("page.html").render(VALUES)
    assert fast == stock
    assert "&lt;script&gt;" in fast and "<em>ok</em>" in fast  # escaped, and safe kept


@pytest.mark.parametrize("value", ["", "plain", "a&b<c>d\"e'f", "日本語 & 中文", "\x00\ud800",
                                   Markup("<b>"), 0, -1.5, None, Decimal("1E+3")])
def test_output_is_escaped_like_markupsafe(value: object) -> None:
    assert escape_output(value) == str(escape(value))
    assert type(escape_output(value)) is str


def test_a_strict_template_still_fails_on_a_missing_name() -> None:
    env = Environment(loader=DictLoader({"t": "{{ nothing }}"}), autoescape=True,
                      undefined=StrictUndefined)
    use_fast_output(env)
    with pytest.raises(UndefinedError):
        env.get_template("t").render()


class _Greeter:
    """A callable object whose __call__ wants the context (Jinja passes it)."""

    @pass_context
    def __call__(self, context: Any, name: str) -> str:
        return f"{context['greeting']}, {name}"

    def shout(self, text: str, *, times: int = 1) -> str:
        return text.upper() * times


def _stop() -> str:
    raise StopIteration


CALLS = """{%- macro m(x) %}[{{ x }}]{% endmacro -%}
{{ plain("a", n=2) }} {{ range(3)|list }} {{ "t".upper() }} {{ obj.shout("x", times=2) }}
{{ ctx_fn() }} {{ env_fn() }} {{ eval_fn() }} {{ obj("Ann") }} {{ m(plain("b")) }}
{{ stop() is undefined }}
{%- for i in range(2) %}{% set greeting = "Hi" ~ i %} {{ ctx_fn() }} {{ plain(i) }}{% endfor %}
{% block body %}{% set greeting = "Yo" %}{{ ctx_fn() }} {{ plain("in block") }}{% endblock %}"""


def test_calls_of_every_kind_give_what_jinja_gives() -> None:
    values = {
        "plain": lambda x, n=1: f"{x}" * n,
        "ctx_fn": pass_context(lambda c: c["greeting"]),
        "env_fn": pass_environment(lambda e: type(e).__name__),
        "eval_fn": pass_eval_context(lambda e: e.autoescape),
        "obj": _Greeter(),
        "stop": _stop,
        "greeting": "Hello",
    }
    pages = []
    for fast in (False, True):
        env = Environment(loader=DictLoader({"calls.html": CALLS}), autoescape=True)
        if fast:
            use_fast_output(env)
        pages.append(env.get_template("calls.html").render(values))
    assert pages[1] == pages[0]
    assert pages[1].split("\n") == ["aa [0, 1, 2] T XX", "Hello Environment True Hello, Ann [b]",
                                    "True Hi0 0 Hi1 1", "Yo in block"]
