"""Front-matter YAML: no silent type changes, line numbers, plain-English syntax errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from storefront_core.yamlio import YamlError, parse_front_matter, split_front_matter


def fm(text: str):
    return parse_front_matter("---\n" + text + "---\nBody text.\n")


def error_of(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        fm(text)
    return info.value


def test_classic_yaml_traps_keep_their_written_value():
    data = fm(
        "sku: 0012\nlang: no\nanswer: yes\nswitch: off\nprice: 19.90\nqty: 12\nneg: -3\n"
        "octal: 0o17\nhexa: 0x1F\nsexa: 1:30\nexp: 1e3\nflag: true\nFlag: False\n"
        "nothing:\nwhen: 2026-12-01\nver: 1.10\n"
    ).data
    assert data["sku"] == "0012"
    assert data["lang"] == "no"
    assert data["answer"] == "yes"
    assert data["switch"] == "off"
    assert data["price"] == Decimal("19.90") and str(data["price"]) == "19.90"
    assert data["qty"] == 12 and data["neg"] == -3
    assert data["octal"] == "0o17" and data["hexa"] == "0x1F" and data["sexa"] == "1:30"
    assert data["exp"] == "1e3"
    assert data["flag"] is True and data["Flag"] is False
    assert data["nothing"] is None
    assert data["when"] == dt.date(2026, 12, 1)
    assert str(data["ver"]) == "1.10"


def test_no_float_is_ever_made():
    data = fm("a: 0.1\nb: [0.2, 3.50]\nc: {d: 12.000}\n").data
    values = [data["a"], *data["b"], data["c"]["d"]]
    assert all(isinstance(v, Decimal) for v in values)
    assert [str(v) for v in values] == ["0.1", "0.2", "3.50", "12.000"]


def test_quoted_values_are_always_text():
    data = fm('a: "12"\nb: \'true\'\nc: "19.90"\n').data
    assert data == {"a": "12", "b": "true", "c": "19.90"}


def test_keys_are_text_as_written():
    data = fm("specs:\n  2024: launch year\n  no: limit\n  1.50: x\n").data
    assert list(data["specs"]) == ["2024", "no", "1.50"]


def test_lines_of_keys_and_list_items():
    doc = fm(
        "title: Pen\nprice:\n  USD: 1\nvariants:\n  - sku: A\n    color: Black\n"
        "  - {sku: B, price: {USD: 2}}\n"
    )
    assert doc.lines["title"] == 2
    assert doc.lines["price.USD"] == 4
    assert doc.lines["variants[1]"] == 6
    assert doc.lines["variants[1].color"] == 7
    assert doc.lines["variants[2].price.USD"] == 8
    assert doc.body == "Body text.\n"
    assert doc.body_line == 10


def test_split_without_front_matter():
    with pytest.raises(YamlError, match="must start with front matter"):
        split_front_matter("title: Pen\n")
    with pytest.raises(YamlError, match="not closed"):
        split_front_matter("---\ntitle: Pen\n")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: Pen\nprice:\n\tUSD: 1\n", 4, "contains a tab"),
        ("title: Pen\nsku TS-1\nbrand: X\n", 3, "a colon is missing"),
        ('title: "Pen\nsku: X\n', 2, "a quote is opened but never closed"),
        ("title: 'Pen\nsku: X\n", 2, "a quote is opened but never closed"),
        ("title: Pen: blue\n", 2, 'put the value in quotes, e.g. title: "Pen: blue"'),
        ("price:\n  USD: 1\n EUR: 2\n", 4, "indentation is inconsistent"),
        ("price: {USD: 1, EUR: 2\nsku: X\n", 2, "is not closed or is missing a comma"),
        ("v: {sku: A, swatch: #fff}\nx: 1\n", 2, "a # starts a comment in YAML"),
        ("specs: {a: 1, b:}\n", 2, 'a ":" is out of place'),
        ("title: @pen\n", 2, "cannot start with '@'; put the whole value in quotes"),
        ("title: *pen\n", 2, "put the value in quotes"),
        ("title: a\nsku: 1\ntitle: b\n", 4, "title is given twice (first on line 2)"),
        ("tags: !!set {a}\n", 2, "tags like"),
    ],
)
def test_malformed_yaml_says_line_and_hint(text, line, words):
    error = error_of(text)
    assert error.line == line
    assert words in error.message


def test_front_matter_must_be_fields():
    error = error_of("- a\n- b\n")
    assert "must be a list of fields like `title: My product`" in error.message


def test_empty_front_matter_is_an_empty_mapping():
    assert fm("").data == {}
