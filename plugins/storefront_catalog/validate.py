"""Front-matter validation: parsed YAML in, catalog model objects and Problems out.

The rules live beside this module: ``checker`` (the field checker every file is read with),
``product_rules`` (a product's index.md) and ``text_rules`` (pages, translations, category
names). This module holds what spans the catalog: SKUs used twice, categories that collide in
URLs, the category tree and the display order. It re-exports the checker's public names, which
the campaign reader (storefront_promotions) and the audit import from here.
"""

from __future__ import annotations

from typing import Any

from storefront_core.errors import Problem
from storefront_core.slug import slugify

from .checker import FieldChecker, did_you_mean, gtin_check_digit, is_slug, known_currencies
from .model import Category, Product
from .product_rules import Checked

__all__ = [
    "FieldChecker",
    "build_categories",
    "check_catalog",
    "did_you_mean",
    "gtin_check_digit",
    "is_slug",
    "known_currencies",
    "product_sort_key",
]


def check_catalog(checked: list[Checked]) -> list[Problem]:
    """Catalog-wide problems: SKUs used twice, categories that collide in URLs."""
    problems: list[Problem] = []
    first_sku: dict[str, tuple[str, str]] = {}
    for entry in checked:
        for sku, path in entry.skus:
            key = sku.casefold()  # feeds and spreadsheets treat SKUs case-insensitively
            if key in first_sku:
                other_file, other_path = first_sku[key]
                where = "this file" if other_file == entry.file else other_file
                problems.append(Problem(
                    entry.file, path,
                    f'SKU "{sku}" is already used by {other_path} in {where}; every product '
                    "and variant needs its own SKU", entry.lines.get(path)))
            else:
                first_sku[key] = (entry.file, path)
    spelled: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
    for entry in checked:
        product = entry.product
        if product is None:
            continue
        for depth in range(1, len(product.category) + 1):
            names = product.category[:depth]
            slugs = tuple(slugify(n) for n in names)
            if slugs not in spelled:
                spelled[slugs] = (names, entry.file)
            elif spelled[slugs][0] != names:
                other, other_file = spelled[slugs]
                problems.append(Problem(
                    entry.file, "category",
                    f'"{"/".join(names)}" gets the same web address as "{"/".join(other)}" in '
                    f"{other_file}; spell the category the same way in both",
                    entry.lines.get("category")))
                break
    return problems


def product_sort_key(product: Product) -> tuple[Any, ...]:
    """Display order: category, then ``order``, then title."""
    return (tuple(n.casefold() for n in product.category), product.order,
            product.title.casefold(), product.slug)


def build_categories(products: list[Product]) -> list[Category]:
    """The category tree of these products (already in display order), sorted by name."""
    roots: list[Category] = []
    index: dict[tuple[str, ...], Category] = {}
    for product in products:
        siblings = roots
        node: Category | None = None
        for depth in range(1, len(product.category) + 1):
            slugs = tuple(slugify(n) for n in product.category[:depth])
            node = index.get(slugs)
            if node is None:
                node = Category(names=product.category[:depth], slugs=slugs)
                index[slugs] = node
                siblings.append(node)
            siblings = node.children
        if node is not None:
            node.products.append(product)
    _sort_tree(roots)
    return roots


def _sort_tree(nodes: list[Category]) -> None:
    nodes.sort(key=lambda cat: (cat.title.casefold(), cat.path))
    for node in nodes:
        _sort_tree(node.children)
