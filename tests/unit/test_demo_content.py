"""The demo store in content/ meets the numbers the project promises (issue 2)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PRODUCTS = ROOT / "content" / "products"
PAGES = ROOT / "content" / "pages"


def front_matter(path: Path) -> dict:
    """The YAML front matter of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path}: must start with a --- front matter block"
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict), f"{path}: front matter is not a mapping"
    return data


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def gtin_ok(code: str) -> bool:
    """GS1 check digit: weights 3,1,3,... from the right, excluding the check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(code[:-1])))
    return (10 - total % 10) % 10 == int(code[-1])


PRODUCT_DIRS = sorted(p.parent for p in PRODUCTS.glob("*/index.md"))
CATALOG = {d.name: front_matter(d / "index.md") for d in PRODUCT_DIRS}


def test_gtin_checker_rejects_a_wrong_check_digit() -> None:
    assert gtin_ok("4006381333931")
    assert not gtin_ok("4006381333932")


def test_enough_products_and_categories() -> None:
    assert len(CATALOG) >= 12
    leaf_categories = {meta["category"] for meta in CATALOG.values()}
    assert len(leaf_categories) >= 3
    assert any("/" in c for c in leaf_categories), "expected nested categories"


@pytest.mark.parametrize("product_dir", PRODUCT_DIRS, ids=lambda p: p.name)
def test_product_has_four_to_six_real_photos(product_dir: Path) -> None:
    images = CATALOG[product_dir.name]["images"]
    assert 4 <= len(images) <= 6
    assert len({img["angle"] for img in images}) >= 3, "photos should show different angles"
    for img in images:
        path = product_dir / img["file"]
        assert path.is_file(), f"{path} is listed but missing"
        assert img.get("alt"), f"{path}: no alt text"
        with Image.open(path) as photo:
            assert photo.format == "JPEG"
            assert max(photo.size) >= 1600
            photo.verify()
        assert path.stat().st_size < 600_000, f"{path} is too heavy for a demo photo"


@pytest.mark.parametrize("product_dir", PRODUCT_DIRS, ids=lambda p: p.name)
def test_product_text_is_real(product_dir: Path) -> None:
    meta = CATALOG[product_dir.name]
    words = len(body(product_dir / "index.md").split())
    assert 120 <= words <= 300
    assert "lorem" not in body(product_dir / "index.md").lower()
    assert isinstance(meta["price"]["USD"], str), "money must be quoted"
    assert meta.get("gtin") or meta.get("mpn"), "every product needs a gtin or an mpn"
    variant_images = {v.get("image") for v in meta.get("variants") or []} - {None}
    assert variant_images <= {img["file"] for img in meta["images"]}


def test_commerce_cases_are_covered() -> None:
    metas = list(CATALOG.values())
    with_variants = [m for m in metas if m.get("variants")]
    assert len(with_variants) >= 3
    variants = [v for m in with_variants for v in m["variants"]]
    assert any("price" in v for v in variants), "one variant should override the price"
    assert any(v.get("availability") == "out_of_stock" for v in variants)
    wholesale = [m for m in metas if m.get("moq", 1) > 1 and m.get("price_tiers")]
    assert len(wholesale) >= 2
    availability = Counter(m.get("availability", "in_stock") for m in metas)
    assert availability["out_of_stock"] >= 1
    assert availability["preorder"] >= 1
    assert all(m.get("release_date") for m in metas if m.get("availability") == "preorder")
    assert sum(1 for m in metas if m.get("list_price")) >= 3
    assert 4 <= sum(1 for m in metas if m.get("featured")) <= 8


def test_every_gtin_has_a_valid_check_digit() -> None:
    codes = []
    for meta in CATALOG.values():
        codes += [meta.get("gtin")] + [v.get("gtin") for v in meta.get("variants") or []]
    codes = [c for c in codes if c is not None]
    assert len(codes) >= 12
    assert [c for c in codes if not (isinstance(c, str) and gtin_ok(c))] == []
    assert len(codes) == len(set(codes)), "a GTIN identifies one item only"


def test_skus_are_unique() -> None:
    skus = []
    for meta in CATALOG.values():
        skus += [meta["sku"]] + [v["sku"] for v in meta.get("variants") or []]
    assert len(skus) == len(set(skus))


def test_static_pages_exist_with_text() -> None:
    for slug in ("about", "shipping", "returns", "contact", "privacy"):
        path = PAGES / f"{slug}.md"
        meta = front_matter(path)
        assert meta["title"] and meta["summary"] and isinstance(meta["order"], int)
        assert 100 <= len(body(path).split()) <= 300, f"{path}: expected 100-300 words"
    assert "sales@voltaro.example" in (PAGES / "contact.md").read_text(encoding="utf-8")
