"""Front matter reading: YAML that never changes a value's type behind the marketer's back.

PyYAML's default (YAML 1.1) resolver turns ``sku: 0012`` into 10, ``lang: no`` into False and
``price: 19.90`` into a binary float. Here plain scalars resolve only to:

- ``true``/``false`` (any case as in YAML 1.2) -> bool; ``yes``/``no``/``on``/``off`` stay text;
- whole numbers without leading zeros (``12``, ``-3``) -> int; ``0012`` stays the text "0012";
- decimal numbers with digits on both sides of the dot (``19.90``) -> ``Decimal("19.90")``,
  exactly as written (no float is ever made);
- ``null``, ``~`` or nothing -> None; ISO dates (``2026-12-01``) -> ``datetime.date``;
- everything else -> text.

Mapping keys are always text (their source spelling). Duplicate keys are errors. The line of
every mapping key and list item is recorded under a field path such as
``variants[1].price.USD`` (list positions count from 1, as a marketer counts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's parser is ~10x faster; the composed nodes are the same
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None  # type: ignore[assignment,misc]

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?$"
)
#: what follows the comma when `{USD: 29,99}` is read as two fields (`99`, or `299.00` of 1,299.00)
_NUMBER_TAIL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MAX_DEPTH = 50
_PLAIN_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


class _Resolver(yaml.resolver.BaseResolver):
    """Resolves nothing implicitly: every plain scalar is text until ``_scalar`` decides."""


if _Parser is not None:

    class _Loader(_Parser, _Resolver):  # type: ignore[misc,valid-type,unused-ignore]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)


class YamlError(Exception):
    """Malformed YAML: a 1-based line (or None) and a plain-English message with a hint."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class FrontMatter:
    """A Markdown file split into its parsed YAML front matter and its body."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # field path -> 1-based line
    body: str = ""
    body_line: int = 1  # line of the file where the body starts


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---`` front matter from the body: (yaml text, body, body's first line number).

    >>> split_front_matter("---\\ntitle: Pen\\n---\\nHello\\n")
    ('title: Pen\\n', 'Hello\\n', 4)
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise YamlError(
            1,
            "the file must start with front matter: a line with only ---, the fields "
            "(title: ..., sku: ...), then another line with only ---",
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise YamlError(
        1,
        "the front matter is not closed; add a line with only --- after the last field "
        "and before the description",
    )


def parse_yaml(text: str, *, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse one YAML document: (value, field path -> line), lines offset by ``first_line``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text, first_line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise YamlError(None, f"this is not valid YAML ({exc})") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    return _Builder(lines, first_line).value(node, "", 0), lines


def parse_front_matter(text: str) -> FrontMatter:
    """Parse a Markdown file with YAML front matter; raises YamlError when it is malformed."""
    yaml_text, body, body_line = split_front_matter(text)
    data, lines = parse_yaml(yaml_text, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise YamlError(
            2, "the front matter must be a list of fields like `title: My product`, one per line"
        )
    return FrontMatter(data=data, lines=lines, body=body, body_line=body_line)


def scalar(text: str) -> Any:
    """The value of a plain (unquoted) scalar under our rules.

    >>> scalar("0012"), scalar("19.90"), scalar("no"), scalar("12"), scalar("true")
    ('0012', Decimal('19.90'), 'no', 12, True)
    """
    if text in _BOOL:
        return _BOOL[text]
    if text in _NULL:
        return None
    first = text[:1]
    if first.isdigit() or first in "+-":
        if _INT.match(text):
            return int(text)
        if _DECIMAL.match(text):
            return Decimal(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        if _DATETIME.match(text):
            try:
                return dt.datetime.fromisoformat(text.replace("t", "T"))
            except ValueError:
                return text
    return text


class _Builder:
    """Turns composed nodes into plain values, recording each key's and item's line."""

    def __init__(self, lines: dict[str, int], first_line: int):
        self.lines = lines
        self.offset = first_line  # node marks are 0-based

    def line(self, node: Node) -> int:
        return node.start_mark.line + self.offset

    def value(self, node: Node, path: str, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise YamlError(self.line(node), "the YAML nests too deeply (or an alias loops)")
        if node.tag not in _PLAIN_TAGS:
            raise YamlError(
                self.line(node), f'YAML tags like "{node.tag}" are not supported; remove the tag'
            )
        if isinstance(node, ScalarNode):
            if not node.style:  # plain (unquoted): None from PyYAML, "" from libyaml
                return scalar(node.value)
            return node.value  # quoted or block text: always text
        if isinstance(node, SequenceNode):
            out = []
            for i, item in enumerate(node.value, start=1):
                item_path = f"{path}[{i}]"
                self.lines.setdefault(item_path, self.line(item))
                out.append(self.value(item, item_path, depth + 1))
            return out
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for index, (key_node, value_node) in enumerate(node.value):
                if not isinstance(key_node, ScalarNode):
                    raise YamlError(
                        self.line(key_node),
                        "a field name must be plain text; check the indentation and colons",
                    )
                key = key_node.value
                if key == "<<":
                    raise YamlError(
                        self.line(key_node),
                        "YAML merge keys (<<) are not supported; write the fields out",
                    )
                key_path = f"{path}.{key}" if path else key
                if key in result:
                    raise YamlError(
                        self.line(key_node),
                        f"{key_path} is given twice (first on line {self.lines[key_path]});"
                        " keep only one",
                    )
                self.lines[key_path] = self.line(key_node)
                if node.flow_style:
                    self.check_split_number(node, index, key_path)
                result[key] = self.value(value_node, key_path, depth + 1)
            return result
        raise YamlError(self.line(node), "unsupported YAML node")  # pragma: no cover

    def check_split_number(self, node: MappingNode, index: int, key_path: str) -> None:
        """Inside { } a comma separates fields: `{USD: 29,99}` is read as USD: 29 and a field
        "99" without value. Say so, at the field the marketer wrote, instead of a puzzle about
        a currency "99" (or "price.99 is given twice" with two such prices)."""
        key_node, value_node = node.value[index]
        if not (_plain(value_node) and _INT.match(value_node.value)):
            return
        parts = [value_node.value]
        for next_key, next_value in node.value[index + 1 :]:
            if not (_plain(next_key) and _NUMBER_TAIL.match(next_key.value)
                    and _plain(next_value) and next_value.value == ""
                    and next_key.start_mark.line == value_node.start_mark.line):
                break
            parts.append(next_key.value)
        if len(parts) == 1:
            return
        written = ",".join(parts)
        field = key_node.value
        if "price" in key_path.rsplit(".", 1)[0].rsplit(".", 1)[-1]:  # price, list_price...
            if all(len(p.split(".")[0]) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
                fixed, how = "".join(parts), "without thousands separators"
            else:
                fixed, how = ".".join(parts), "with a dot"
            hint = f'write the amount {how}, in quotes: {field}: "{fixed}"'
        else:
            hint = f'put the value in quotes: {field}: "{written}"'
        raise YamlError(
            self.line(value_node),
            f"{key_path}: {written} is read as {parts[0]} and a separate field "
            f'"{parts[1]}", because a comma separates the fields inside {{ }}; {hint}',
        )


def _plain(node: Node) -> bool:
    """A plain (unquoted) scalar: None from PyYAML, "" from libyaml."""
    return isinstance(node, ScalarNode) and not node.style


def _explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    """A MarkedYAMLError as a plain-English message with a hint, at the line that matters."""
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark = exc.problem_mark or exc.context_mark
    line_index = mark.line if mark is not None else None
    src = text.splitlines()

    def at(index: int | None) -> int | None:
        return None if index is None else index + first_line

    tab_message = "this line contains a tab; YAML only allows spaces, replace the tab with spaces"
    if "\\t" in problem or "\t" in problem:
        return YamlError(at(line_index), tab_message)
    tab_line = _first_tab_line(src)
    if tab_line is not None:  # a tab in the indentation confuses every later message
        return YamlError(at(tab_line), tab_message)
    if "quoted scalar" in context:
        start = exc.context_mark.line if exc.context_mark is not None else line_index
        return YamlError(
            at(start),
            "a quote is opened but never closed; add the closing quote at the end of the value",
        )
    if "simple key" in context or "could not find expected ':'" in problem:
        start = exc.context_mark.line if exc.context_mark is not None else line_index
        return YamlError(
            at(start),
            "a colon is missing; write each field as `name: value` (with a space after the "
            "colon)",
        )
    if "mapping values are not allowed" in problem:
        return YamlError(
            at(line_index),
            "a value contains ': ' (colon and space) or the indentation is off; put the "
            'value in quotes, e.g. title: "Pen: blue", or fix the indentation',
        )
    if "block end" in problem or "did not find expected key" in problem or (
        "block mapping" in context
    ):
        return YamlError(
            at(line_index),
            "the indentation is inconsistent; indent the fields of one block with the same "
            "number of spaces",
        )
    if "flow" in context or "flow" in problem:
        first = exc.context_mark.line if exc.context_mark is not None else line_index
        if first is not None and any(" #" in row for row in src[first : (line_index or 0) + 1]):
            return YamlError(
                at(first),
                "a # starts a comment in YAML and hides the rest of the line; put values "
                'with # in quotes, e.g. swatch: "#1a1a1a"',
            )
        return YamlError(
            at(exc.context_mark.line if exc.context_mark is not None else line_index),
            "a { } or [ ] list is not closed or is missing a comma; check the brackets",
        )
    if "found unexpected ':'" in problem:
        return YamlError(
            at(line_index),
            'a ":" is out of place; put values that contain ":" in quotes, and give every '
            "field inside { } a value",
        )
    if "cannot start any token" in problem:
        ch = _quoted_char(exc.problem or "")
        if ch == "this character" and mark is not None and mark.line < len(src):
            row = src[mark.line]
            ch = repr(row[mark.column]) if mark.column < len(row) else ch
        return YamlError(
            at(line_index),
            f"a value cannot start with {ch}; put the whole value in quotes",
        )
    if "alias" in problem or "anchor" in problem or "alias" in context:
        return YamlError(
            at(line_index),
            "an * or & at the start of a value means an alias in YAML; put the value in quotes",
        )
    detail = exc.problem or exc.context or "syntax error"
    return YamlError(at(line_index), f"this is not valid YAML ({detail}); check this line")


def _first_tab_line(src: list[str]) -> int | None:
    for i, line in enumerate(src):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return i
    return None


def _quoted_char(problem: str) -> str:
    match = re.search(r"'(.+?)'", problem)
    return repr(match.group(1)) if match else "this character"


def field_line(lines: Mapping[str, int], path: str) -> int | None:
    """The line of a field, or of the nearest field around it, in a file read by ``parse_yaml``.

    >>> field_line({"price": 7, "variants[2]": 12}, "variants[2].price.EUR")
    12
    >>> field_line({"price": 7}, "images[1].alt") is None
    True
    """
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
