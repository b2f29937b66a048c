"""Plugins talk through the build context and page plans: none reads or sets attributes on
Pelican's generator, reads another object's private attributes, or imports the generator."""

from __future__ import annotations

import ast
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent.parent / "plugins"
#: the one module that is the Pelican generator (its methods use ``self``)
GENERATOR = PLUGINS / "storefront_catalog" / "generator.py"


def sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PLUGINS.glob("storefront_*/*.py"))]


def imported_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PLUGINS.parent)}:{getattr(node, 'lineno', 0)}"


def test_no_receiver_takes_the_pelican_generator() -> None:
    found = [
        f"{where(path, node)} {node.name}({arg.arg})"
        for path, tree in sources()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)
        if arg.arg in ("generator", "generators")
    ]
    assert found == [], "receivers take the BuildContext, not the generator"


def test_no_private_attribute_of_another_object_is_read_or_set() -> None:
    found = []
    for path, tree in sources():
        modules = imported_names(tree)  # a library's own names (lxml's etree._Element)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in {"self", "cls"} | modules:
                    continue
                found.append(f"{where(path, node)} {ast.unparse(node)}")
    assert found == []


def test_no_plugin_hangs_attributes_on_other_objects() -> None:
    found = [
        f"{where(path, node)} {ast.unparse(node)}"
        for path, tree in sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id == "setattr" and node.args
        and not (isinstance(node.args[0], ast.Name) and node.args[0].id == "self")
    ]
    assert found == []


def test_only_the_catalog_wiring_imports_the_generator() -> None:
    found = [
        where(path, node)
        for path, tree in sources()
        if path.parent.name != "storefront_catalog"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("generator")
    ]
    assert found == []
    assert GENERATOR.is_file()
