"""Catalog loading: folders, pages, drafts, ordering, categories, digests and the warm cache."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from PIL import Image as PILImage

from storefront_catalog import loader as loader_module
from storefront_catalog.loader import load_catalog


def photo(path: Path, colour=(40, 90, 200)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (16, 12), colour).save(path, "JPEG")


def product(root: Path, slug: str, *, sku: str | None = None, category: str = "Pens",
            extra: str = "", body: str = "About it.\n", title: str | None = None) -> Path:
    folder = root / "content" / "products" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(
        f"---\ntitle: {title or slug.title()}\nsku: {sku or slug.upper()}\nbrand: Voltaro\n"
        f"category: {category}\nsummary: Good.\nprice: {{USD: \"9.99\"}}\n"
        f"images: [{{file: front.jpg, angle: front}}]\n{extra}---\n{body}"
    )
    if not (folder / "front.jpg").exists():
        photo(folder / "front.jpg")
    return folder


def page(root: Path, name: str, text: str) -> Path:
    path = root / "content" / "pages" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def load(root: Path, cache: dict | None = None):
    return load_catalog(root / "content", currency="USD", root=root, cache=cache)


def test_sorting_categories_and_drafts(tmp_path):
    product(tmp_path, "b-pen", category="Writing/Pens", extra="order: 2\n")
    product(tmp_path, "a-pen", category="Writing/Pens", extra="order: 2\n", title="Alpha")
    product(tmp_path, "first-pen", category="Writing/Pens", extra="order: 1\n")
    product(tmp_path, "charger", category="Charging")
    product(tmp_path, "pad", category="Writing")
    product(tmp_path, "secret", category="Secret/Stuff", extra="draft: true\n")
    catalog, problems = load(tmp_path)
    assert problems == []
    assert [p.slug for p in catalog.products] == ["charger", "pad", "first-pen", "a-pen", "b-pen"]
    assert [p.slug for p in catalog.drafts] == ["secret"]
    assert [c.path for c in catalog.iter_categories()] == ["charging", "writing", "writing/pens"]
    writing = catalog.category("writing")
    assert writing.names == ("Writing",) and writing.children[0].names == ("Writing", "Pens")
    assert [p.slug for p in writing.products] == ["pad"]
    assert [p.slug for p in writing.all_products()] == ["pad", "first-pen", "a-pen", "b-pen"]
    assert catalog.category("secret") is None


def test_pages_sorted_drafts_hidden_translations_attached(tmp_path):
    page(tmp_path, "shipping.md", "---\ntitle: Shipping\norder: 1\n---\nWe ship.\n")
    page(tmp_path, "about.md", "---\ntitle: About us\norder: 1\nsummary: Who we are.\n"
                               "seo: {title: About Voltaro}\nnoindex: false\n---\nHello.\n")
    page(tmp_path, "returns.md", "---\ntitle: Returns\n---\nThirty days.\n")
    page(tmp_path, "about.de.md", "---\ntitle: Über uns\n---\nHallo.\n")
    page(tmp_path, "wip.md", "---\ntitle: Soon\ndraft: true\n---\nLater.\n")
    page(tmp_path, "notes.txt", "not a page")
    catalog, problems = load(tmp_path)
    assert problems == []
    assert [p.slug for p in catalog.pages] == ["returns", "about", "shipping"]
    about = catalog.pages[1]
    assert (about.title, about.summary, about.seo_title) == ("About us", "Who we are.",
                                                             "About Voltaro")
    assert about.body_html == "<p>Hello.</p>"
    assert about.lang == "en" and list(about.translations) == ["de"]  # merged per market


def test_page_problems(tmp_path):
    page(tmp_path, "About Us.md", "---\ntitel: About\n---\nHi.\n")
    _catalog, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        'content/pages/About Us.md: the file name "About Us.md" cannot be a web address; rename '
        'it to "about-us.md"',
        "content/pages/About Us.md: title: is missing; this field is required",
        'content/pages/About Us.md:2: titel: unknown field; did you mean "title"?',
    ]


def test_product_translations_are_attached_not_merged(tmp_path):
    folder = product(tmp_path, "pen")
    (folder / "index.de.md").write_text("---\ntitle: Stift\n---\nText.\n")
    catalog, problems = load(tmp_path)
    assert problems == [] and catalog.products[0].title == "Pen"  # index.md's text
    assert catalog.products[0].translations["de"].title == "Stift"  # localized per market


def test_folder_problems(tmp_path):
    (tmp_path / "content/products/empty-folder").mkdir(parents=True)
    photo(tmp_path / "content/products/no-index/front.jpg")
    product(tmp_path, "Bad Name", sku="BAD-1")
    blank = tmp_path / "content/products/blank"
    blank.mkdir()
    (blank / "index.md").write_text("---\n---\nText\n")
    product(tmp_path, "no-body", body="")
    catalog, problems = load(tmp_path)
    assert [(p.severity, str(p)) for p in problems] == [
        ("error", 'content/products/Bad Name: the folder name "Bad Name" cannot be a web '
                  'address; rename the folder to "bad-name"'),
        ("error", "content/products/blank/index.md:1: the front matter is empty; add the fields "
                  "between the --- lines (title, sku, ...)"),
        ("error", "content/products/empty-folder: this product folder has no index.md; add one "
                  "(for example with `storefront new-product`) or remove the folder"),
        ("warning", "content/products/no-body/index.md:9: has no description below the front "
                    "matter; write a few sentences in Markdown after the closing ---"),
        ("error", "content/products/no-index: this product folder has no index.md; add one (for "
                  "example with `storefront new-product`) or remove the folder"),
    ]
    assert [p.slug for p in catalog.products] == ["no-body"]


def test_not_utf8(tmp_path):
    folder = product(tmp_path, "pen")
    (folder / "index.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    _catalog, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        "content/products/pen/index.md:2: is not UTF-8 text; save the file as UTF-8 in your editor"
    ]


def test_missing_content_folders_give_empty_catalog(tmp_path):
    (tmp_path / "content").mkdir()
    catalog, problems = load(tmp_path)
    assert (catalog.products, catalog.pages, catalog.categories, problems) == ([], [], [], [])


def test_digest_is_stable_and_follows_text_and_photos(tmp_path):
    folder = product(tmp_path, "pen")
    first = load(tmp_path)[0].products[0].digest
    assert len(first) == 64 and int(first, 16) >= 0
    assert load(tmp_path)[0].products[0].digest == first
    photo(folder / "front.jpg", colour=(200, 0, 0))
    second = load(tmp_path)[0].products[0].digest
    assert second != first
    photo(folder / "unused.jpg", colour=(0, 200, 0))  # not referenced: digest unchanged
    assert load(tmp_path)[0].products[0].digest == second
    text = (folder / "index.md").read_text()
    (folder / "index.md").write_text(text.replace("About it.", "About it!"))
    assert load(tmp_path)[0].products[0].digest not in (first, second)


def count_calls(monkeypatch, name: str) -> list[int]:
    calls = [0]
    real = getattr(loader_module, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(loader_module, name, counting)
    return calls


def test_warm_load_reuses_cache_without_reparsing(tmp_path, monkeypatch):
    for i in range(3):
        product(tmp_path, f"pen-{i}")
    page(tmp_path, "about.md", "---\ntitle: About\n---\nHi.\n")
    parses = count_calls(monkeypatch, "parse_front_matter")
    validations = count_calls(monkeypatch, "validate_product")
    cache: dict = {}
    cold, _ = load(tmp_path, cache)
    assert (parses[0], validations[0]) == (4, 3)

    cache = pickle.loads(pickle.dumps(cache))  # the caller persists it between builds
    warm, problems = load(tmp_path, cache)
    assert problems == []
    assert (parses[0], validations[0]) == (4, 3)  # nothing re-read
    assert warm.products == cold.products and warm.pages == cold.pages

    index = tmp_path / "content/products/pen-1/index.md"
    index.write_text(index.read_text().replace("About it.", "Changed."))
    os.utime(index, ns=(1, 1))  # a different mtime even on coarse file systems
    changed, _ = load(tmp_path, cache)
    assert (parses[0], validations[0]) == (5, 4)  # only the changed bundle
    assert "Changed." in changed.products[1].body_html


def test_cache_keeps_reporting_problems_and_forgets_deleted_files(tmp_path):
    product(tmp_path, "pen", extra="prise: 1\n")
    gone = product(tmp_path, "gone", sku="G-1")
    cache: dict = {}
    first = load(tmp_path, cache)[1]
    assert len(first) == 1 and "prise" in str(first[0])
    size = len(cache)
    for name in os.listdir(gone):
        os.remove(gone / name)
    gone.rmdir()
    again = load(tmp_path, cache)[1]
    assert [str(p) for p in again] == [str(p) for p in first]
    assert len(cache) < size


def test_photo_not_rehashed_when_unchanged(tmp_path, monkeypatch):
    product(tmp_path, "pen")
    cache: dict = {}
    load(tmp_path, cache)
    # touch index.md only: the bundle is re-validated but the photo's hash comes from the cache
    index = tmp_path / "content/products/pen/index.md"
    os.utime(index, ns=(2, 2))
    opened: list[str] = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    load(tmp_path, cache)
    assert "front.jpg" not in opened


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_cache_is_per_store_currency(tmp_path, currency):
    product(tmp_path, "pen")
    cache: dict = {}
    load(tmp_path, cache)
    _catalog, problems = load_catalog(tmp_path / "content", currency=currency, root=tmp_path,
                                      cache=cache)
    assert bool(problems) == (currency == "EUR")
