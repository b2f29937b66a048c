"""Content translations: index.<lang>.md, <slug>.<lang>.md and content/categories.yml."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from PIL import Image as PILImage

from storefront_catalog import loader as loader_module
from storefront_catalog.loader import load_catalog

PRODUCT = """---
title: Active Stylus Pen
sku: TS-STY-01
brand: Voltaro
category: Accessories/Stylus Pens
summary: A fine-tip stylus.
price: {USD: "29.99", EUR: "27.99"}
images:
  - {file: front.jpg, angle: front, alt: "Stylus, front view"}
  - {file: back.jpg, angle: back}
variants:
  - {sku: TS-STY-01-BLK, color: Black, image: front.jpg}
  - {sku: TS-STY-01-WHT, color: White, image: back.jpg, price: {USD: "31.99"}}
specs: {Weight: 14 g, Battery: 10 h}
seo: {title: "Active Stylus Pen | Voltaro", description: "The stylus in English."}
---
The **description** in English.
"""

GERMAN = """---
title: Aktiver Eingabestift
summary: Ein feiner Stift.
images:
  - {file: front.jpg, alt: "Eingabestift von vorne"}
specs:
  Gewicht: 14 g
  Akkulaufzeit: 10 Stunden
options: {Black: Schwarz}
---
Die **Beschreibung** auf Deutsch.
"""


def photo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (16, 12), (40, 90, 200)).save(path, "JPEG")


def bundle(root: Path, slug: str = "pen", text: str = PRODUCT, **translations: str) -> Path:
    """A product folder with index.md, its two photos and ``index.<lang>.md`` files."""
    folder = root / "content" / "products" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(text)
    for name in ("front.jpg", "back.jpg"):
        if not (folder / name).exists():
            photo(folder / name)
    for lang, body in translations.items():
        (folder / f"index.{lang.replace('_', '-')}.md").write_text(body)
    return folder


def write(root: Path, name: str, text: str) -> Path:
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def load(root: Path, cache: dict | None = None, languages=("en", "de", "ja")):
    return load_catalog(root / "content", currency="USD", root=root, cache=cache,
                        default_lang="en", languages=languages)


def messages(problems) -> list[str]:
    return [f"{p.severity}: {p}" for p in problems]


# -- merging -------------------------------------------------------------------------------


def test_translation_overrides_text_and_inherits_commerce(tmp_path):
    bundle(tmp_path, de=GERMAN)
    catalog, problems = load(tmp_path)
    assert problems == []
    base = catalog.products[0]
    assert (base.lang, base.title, base.has_text("en"), base.has_text("de"),
            base.has_text("ja")) == ("en", "Active Stylus Pen", True, True, False)

    de = base.localized("de")
    assert de.lang == "de" and de.translations == {}
    assert (de.title, de.summary) == ("Aktiver Eingabestift", "Ein feiner Stift.")
    assert de.body_html == "<p>Die <strong>Beschreibung</strong> auf Deutsch.</p>"
    assert de.specs == (("Gewicht", "14 g"), ("Akkulaufzeit", "10 Stunden"))
    # alt texts by file; the untranslated default alt ("<English title>, back view") becomes
    # the translated title rather than English text on a German page
    assert [(i.file, i.angle, i.alt) for i in de.images] == [
        ("front.jpg", "front", "Eingabestift von vorne"), ("back.jpg", "back",
                                                             "Aktiver Eingabestift")]
    # option values are translated for display; untranslated ones stay as written
    assert [(v.sku, v.options, v.image, v.price) for v in de.variants] == [
        (v.sku, {"color": "Schwarz" if v.options["color"] == "Black" else "White"}, v.image,
         v.price) for v in base.variants]
    # the English SEO texts would describe a German page: they are derived from the
    # translated title and summary instead
    assert (de.seo_title, de.seo_description) == (None, None)
    # commerce data and the bundle's digest are the product's own
    for name in ("slug", "sku", "brand", "category", "price", "list_price", "availability",
                 "moq", "price_tiers", "digest", "category_path"):
        assert getattr(de, name) == getattr(base, name), name
    assert [i.source for i in de.images] == [i.source for i in base.images]


def test_seo_texts_and_empty_body_inherit(tmp_path):
    bundle(tmp_path, de="---\nseo: {description: Der Stift.}\nspecs: {}\n---\n\n")
    catalog, problems = load(tmp_path)
    assert problems == []
    base = catalog.products[0]
    de = base.localized("de")
    # nothing but the SEO description and the (now empty) specs table is translated
    assert (de.title, de.summary, de.body_html) == (base.title, base.summary, base.body_html)
    assert (de.seo_title, de.seo_description) == ("Active Stylus Pen | Voltaro", "Der Stift.")
    assert de.specs == () and de.variants == base.variants
    # alt texts the translation left alone stay, marked as written in the default language
    assert [(i.file, i.alt, i.alt_lang) for i in de.images] == [
        (i.file, i.alt, "en") for i in base.images]
    assert de.lang == "de"


def test_no_translation_falls_back_to_the_default_text(tmp_path):
    bundle(tmp_path, de=GERMAN)
    product = load(tmp_path)[0].products[0]
    assert product.localized("ja") is product and product.localized("ja").lang == "en"
    assert product.localized("en") is product
    assert product.localized("de").localized("de").title == "Aktiver Eingabestift"


def test_language_codes_are_lowercase_with_a_hyphen(tmp_path):
    folder = bundle(tmp_path)
    (folder / "index.pt_BR.md").write_text("---\ntitle: Caneta\n---\n")
    catalog, problems = load(tmp_path, languages=None)  # no markets known: nothing to warn about
    assert problems == []
    assert catalog.products[0].localized("pt-br").title == "Caneta"


# -- digest and cache ----------------------------------------------------------------------


def test_digest_covers_translations(tmp_path):
    folder = bundle(tmp_path)
    alone = load(tmp_path)[0].products[0].digest
    (folder / "index.de.md").write_text(GERMAN)
    with_de = load(tmp_path)[0].products[0].digest
    (folder / "index.de.md").write_text(GERMAN.replace("feiner", "dünner"))
    edited = load(tmp_path)[0].products[0].digest
    assert len({alone, with_de, edited}) == 3
    (folder / "index.de.md").unlink()
    assert load(tmp_path)[0].products[0].digest == alone


def count_parses(monkeypatch) -> list[int]:
    calls = [0]
    real = loader_module.parse_front_matter

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(loader_module, "parse_front_matter", counting)
    return calls


def test_edited_translation_is_read_again_untouched_files_are_not(tmp_path, monkeypatch):
    folder = bundle(tmp_path, de=GERMAN, ja="---\ntitle: スタイラスペン\n---\n")
    write(tmp_path, "pages/about.md", "---\ntitle: About\n---\nHi.\n")
    about_de = write(tmp_path, "pages/about.de.md", "---\ntitle: Über uns\n---\nHallo.\n")
    parses = count_parses(monkeypatch)
    cache: dict = {}
    load(tmp_path, cache)
    assert parses[0] == 5

    cache = pickle.loads(pickle.dumps(cache))  # the generator persists it between builds
    warm, problems = load(tmp_path, cache)
    assert problems == [] and parses[0] == 5

    german = folder / "index.de.md"
    german.write_text(GERMAN.replace("Aktiver Eingabestift", "Eingabestift Pro"))
    os.utime(german, ns=(1, 1))  # a different mtime even on coarse file systems
    about_de.write_text("---\ntitle: Wer wir sind\n---\nHallo.\n")
    os.utime(about_de, ns=(1, 1))
    catalog, problems = load(tmp_path, cache)
    # the edited page translation; the product's bundle is checked again, its three
    # documents read (a product caches its checked result, not each document)
    assert problems == [] and parses[0] == 5 + 1 + 3
    assert catalog.products[0].localized("de").title == "Eingabestift Pro"
    assert catalog.products[0].localized("ja").title == "スタイラスペン"
    assert catalog.pages[0].localized("de").title == "Wer wir sind"
    assert catalog.products[0].digest != warm.products[0].digest
    assert catalog.pages[0].digest != warm.pages[0].digest


def test_cold_parallel_load_caches_translations(tmp_path, monkeypatch):
    for i in range(70):  # enough bundles for the loader to read them on every core
        bundle(tmp_path, f"pen-{i:02}",
               PRODUCT.replace("TS-STY-01", f"TS-{i:02}"), de=GERMAN)
    cache: dict = {}
    catalog, problems = load(tmp_path, cache)
    assert problems == []
    assert {p.localized("de").title for p in catalog.products} == {"Aktiver Eingabestift"}
    parses = count_parses(monkeypatch)
    catalog, problems = load(tmp_path, cache)  # the workers' results were kept: nothing read
    assert problems == [] and parses[0] == 0
    assert catalog.products[7].translations["de"].title == "Aktiver Eingabestift"
    index = tmp_path / "content/products/pen-07/index.md"
    os.utime(index, ns=(3, 3))
    catalog, problems = load(tmp_path, cache)
    assert problems == [] and parses[0] == 2  # that bundle's index.md and index.de.md only
    assert catalog.products[7].translations["de"].title == "Aktiver Eingabestift"


def test_cached_result_depends_on_the_market_languages(tmp_path):
    bundle(tmp_path, fr="---\ntitle: Stylet\n---\n")
    cache: dict = {}
    assert load(tmp_path, cache, languages=("en", "fr"))[1] == []
    problems = load(tmp_path, cache, languages=("en", "de"))[1]
    assert messages(problems) == [
        'warning: content/products/pen/index.fr.md: is in "fr", which no market uses, so it is '
        "not published; add a market with language: fr to content/markets.yml, or delete the "
        "file (market languages: en, de)"
    ]


# -- mistakes ------------------------------------------------------------------------------

F = "content/products/pen/index.de.md"


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: Stift\nsku: X-1\n---\n",
     f"error: {F}:3: sku: is inherited from index.md and is the same in every language; remove "
     "it here"),
    ('---\nprice: {USD: "1.00"}\n---\n',
     f"error: {F}:2: price: is inherited from index.md and is the same in every language; "
     "remove it here"),
    ("---\nvariants: [{sku: A, color: Schwarz}]\n---\n",
     f"error: {F}:2: variants: is inherited from index.md and is the same in every language; "
     "remove it here (translate option values under options, e.g. options: {Black: Schwarz})"),
    ("---\ncategory: Zubehör\n---\n",
     f"error: {F}:2: category: is inherited from index.md and is the same in every language; "
     "remove it here (translate category names in content/categories.yml)"),
    ("---\ntitel: Stift\n---\n", f'error: {F}:2: titel: unknown field; did you mean "title"?'),
    ("---\ndescription: Text\n---\n",
     f"error: {F}:2: description: unknown field; the description is the Markdown text below "
     "the front matter; for the search-engine description use seo: {description: ...}"),
    ("---\nimages:\n  - {file: side.jpg, alt: Seite}\n---\n",
     f"error: {F}:3: images[1].file: \"side.jpg\" is not among the photos in index.md's images "
     "(front.jpg, back.jpg); a translation gives alt texts only for those photos; add it to "
     "index.md's images first"),
    ("---\nimages:\n  - {file: Front.jpg, alt: Vorne}\n---\n",
     f'error: {F}:3: images[1].file: "Front.jpg" is not among the photos in index.md\'s images '
     '(front.jpg, back.jpg); did you mean "front.jpg"? (names are case-sensitive)'),
    ("---\nimages:\n  - {file: front.jpg, angle: front, alt: Vorne}\n---\n",
     f"error: {F}:3: images[1].angle: is inherited from index.md and is the same in every "
     "language; remove it here (a translation gives only alt texts)"),
    ("---\nimages:\n  - {file: front.jpg}\n---\n",
     f"error: {F}:3: images[1].alt: is missing; this field is required"),
    ("---\noptions:\n  Black: Schwarz\n  Whyte: Weiß\n---\n",
     f'error: {F}:4: options.Whyte: "Whyte" is not an option value of the variants in index.md; '
     'did you mean "White"? write the value as index.md does, one of: Black, White'),
    ("---\noptions:\n  Black:\n---\n",
     f"error: {F}:3: options.Black: has no translation; write one or remove the line"),
    ("---\nspecs: [Gewicht]\n---\n",
     f"error: {F}:2: specs: must be a group of fields, e.g. specs: {{Weight: 14 g, Battery: "
     "10 h}"),
    ("---\ntitle: [Stift]\n---\n",
     f"error: {F}:2: title: must be a single text, not a list or a group of fields"),
    ("---\ntitle: Stift\n  summary: x\n---\n", None),  # malformed YAML: the yamlio message
    ("---\n---\n\n",
     f"warning: {F}:1: translates nothing; add the fields to translate (title, summary, ...) "
     "between the --- lines and the description below them, or delete the file"),
])
def test_bad_product_translation(tmp_path, text, expected):
    bundle(tmp_path, de=text)
    catalog, problems = load(tmp_path)
    if expected is None:
        assert len(problems) == 1 and problems[0].file == F and problems[0].line == 3
        assert problems[0].severity == "error"
    else:
        assert messages(problems) == [expected]
    assert catalog.products[0].title == "Active Stylus Pen"  # index.md is still read
    if expected is None or expected.startswith("error"):
        assert not catalog.products[0].has_text("de")


def test_options_without_variants(tmp_path):
    plain = PRODUCT.split("variants:")[0] + "specs" + PRODUCT.split("specs", 1)[1]
    bundle(tmp_path, text=plain, de="---\noptions: {Black: Schwarz}\n---\n")
    assert messages(load(tmp_path)[1]) == [
        f"error: {F}:2: options: index.md has no variants, so there are no option values to "
        "translate; remove options"
    ]


def test_translation_file_names(tmp_path):
    folder = bundle(tmp_path, en="---\ntitle: Pen\n---\n", fr="---\ntitle: Stylet\n---\n",
                    jp="---\ntitle: ペン\n---\n")
    (folder / "index.DE.md").write_text("---\ntitle: Stift\n---\n")
    (folder / "index.german.md").write_text("---\ntitle: Stift\n---\n")
    (folder / "index.v2.de.md").write_text("---\ntitle: Stift\n---\n")
    (folder / "index.pt_BR.md").write_text("---\ntitle: Caneta\n---\n")
    (folder / "index.pt-br.md").write_text("---\ntitle: Caneta\n---\n")
    (folder / "notes.md").write_text("not a translation: left alone")
    catalog, problems = load(tmp_path)
    d = "content/products/pen"
    assert messages(problems) == [
        f"warning: {d}/index.DE.md: is not read as a translation; rename it to index.de.md",
        f'error: {d}/index.en.md: repeats index.md, which is already the "en" text (the default '
        "language); move what differs into index.md and delete this file",
        f'warning: {d}/index.fr.md: is in "fr", which no market uses, so it is not published; '
        "add a market with language: fr to content/markets.yml, or delete the file (market "
        "languages: en, de, ja)",
        f"warning: {d}/index.german.md: is not read as a translation; a translation is named "
        "index.<language code>.md, e.g. index.de.md",
        f'warning: {d}/index.jp.md: is in "jp", which no market uses, so it is not published; '
        'if it is meant for "ja", rename it to index.ja.md',
        f"warning: {d}/index.pt-br.md: is in \"pt-br\", which no market uses, so it is not "
        "published; add a market with language: pt-br to content/markets.yml, or delete the "
        "file (market languages: en, de, ja)",
        f'error: {d}/index.pt_BR.md: is a second "pt-br" translation next to index.pt-br.md; '
        "keep one of them",
        f"warning: {d}/index.v2.de.md: is not read as a translation; a translation is named "
        "index.<language code>.md, e.g. index.de.md",
    ]
    assert sorted(catalog.products[0].translations) == ["fr", "jp", "pt-br"]


def test_translation_of_a_broken_product_is_skipped(tmp_path):
    bundle(tmp_path, text=PRODUCT.replace("sku: TS-STY-01\n", ""),
           de="---\nsku: NOT-CHECKED\n---\n")
    catalog, problems = load(tmp_path)
    assert messages(problems) == [
        "error: content/products/pen/index.md: sku: is missing; this field is required"
    ]
    assert catalog.products == []


# -- static pages --------------------------------------------------------------------------


def test_page_translation(tmp_path):
    write(tmp_path, "pages/about.md", "---\ntitle: About us\nsummary: Who we are.\norder: 2\n"
                                      "seo: {title: About Voltaro}\n---\nHello.\n")
    write(tmp_path, "pages/about.de.md", "---\ntitle: Über uns\n---\nHallo.\n")
    write(tmp_path, "pages/about.ja.md", "---\nsummary: 私たち\n---\n")
    write(tmp_path, "pages/returns.md", "---\ntitle: Returns\norder: 1\n---\nThirty days.\n")
    catalog, problems = load(tmp_path)
    assert problems == []
    returns, about = catalog.pages
    assert about.lang == "en" and about.has_text("de") and not returns.has_text("de")
    de = about.localized("de")
    assert (de.lang, de.title, de.summary, de.body_html, de.order, de.seo_title) == (
        "de", "Über uns", "Who we are.", "<p>Hallo.</p>", 2, None)
    ja = about.localized("ja")
    assert (ja.title, ja.summary, ja.body_html, ja.seo_title) == (
        "About us", "私たち", "<p>Hello.</p>", "About Voltaro")
    assert returns.localized("de") is returns and about.localized("fr") is about
    assert de.digest == about.digest != returns.digest


def test_page_digest_covers_translations(tmp_path):
    write(tmp_path, "pages/about.md", "---\ntitle: About\n---\nHi.\n")
    alone = load(tmp_path)[0].pages[0].digest
    german = write(tmp_path, "pages/about.de.md", "---\ntitle: Über uns\n---\nHallo.\n")
    with_de = load(tmp_path)[0].pages[0].digest
    german.write_text("---\ntitle: Wir\n---\nHallo.\n")
    assert len({alone, with_de, load(tmp_path)[0].pages[0].digest}) == 3


def test_page_translation_problems(tmp_path):
    write(tmp_path, "pages/about.md", "---\ntitle: About\n---\nHi.\n")
    write(tmp_path, "pages/about.de.md", "---\ntitle: Über uns\norder: 3\nnoindex: true\n"
                                         "summmary: x\n---\nHallo.\n")
    write(tmp_path, "pages/about.en.md", "---\ntitle: About\n---\n")
    write(tmp_path, "pages/about.DE.md", "---\ntitle: Über\n---\n")
    write(tmp_path, "pages/faq.de.md", "---\ntitle: FAQ\n---\nFragen.\n")
    write(tmp_path, "pages/broken.md", "---\ntitel: Broken\n---\nHi.\n")
    write(tmp_path, "pages/broken.de.md", "---\nnot: checked\n---\n")
    catalog, problems = load(tmp_path)
    p = "content/pages"
    assert messages(problems) == [
        f"warning: {p}/about.DE.md: is not read as a translation; rename it to about.de.md",
        f"error: {p}/about.de.md:3: order: is inherited from about.md and is the same in every "
        "language; remove it here",
        f"error: {p}/about.de.md:4: noindex: is inherited from about.md and is the same in every "
        "language; remove it here",
        f'error: {p}/about.de.md:5: summmary: unknown field; did you mean "summary"?',
        f'error: {p}/about.en.md: repeats about.md, which is already the "en" text (the default '
        "language); move what differs into about.md and delete this file",
        f"error: {p}/broken.md: title: is missing; this field is required",
        f'error: {p}/broken.md:2: titel: unknown field; did you mean "title"?',
        f"error: {p}/faq.de.md: translates faq.md, which does not exist; add faq.md in the "
        "default language, or rename this file",
    ]
    assert [page.slug for page in catalog.pages] == ["about"]
    assert catalog.pages[0].translations == {}


# -- category names ------------------------------------------------------------------------


def test_category_names(tmp_path):
    bundle(tmp_path)
    write(tmp_path, "categories.yml", "# translated names\naccessories:\n  de: Zubehör\n"
                                      "  ja: アクセサリー\n"
                                      "accessories/stylus-pens: {de: Eingabestifte}\n")
    catalog, problems = load(tmp_path)
    assert problems == []
    assert catalog.category_names == {"accessories": {"de": "Zubehör", "ja": "アクセサリー"},
                                      "accessories/stylus-pens": {"de": "Eingabestifte"}}
    pens = catalog.category("accessories/stylus-pens")
    assert catalog.category_title(pens, "de") == "Eingabestifte"
    assert catalog.category_title(pens, "ja") == "Stylus Pens"  # falls back to index.md's name
    assert catalog.category_title(catalog.category("accessories"), "ja") == "アクセサリー"


def test_no_categories_file(tmp_path):
    bundle(tmp_path)
    catalog, problems = load(tmp_path)
    assert problems == [] and catalog.category_names == {}


C = "content/categories.yml"


@pytest.mark.parametrize(("text", "expected"), [
    ("- accessories\n", [f"error: {C}:1: must list category paths with their names per "
                         "language, e.g. power/chargers: {de: Ladegeräte, ja: 充電器}"]),
    ("accessories:\n  de: Zubehör\naccesories:\n  de: Zubehör\n",
     [f'warning: {C}:3: accesories: is not the path of any product\'s category, so this name '
      'is not used; did you mean "accessories"? (write the path as in the web address '
      "/collections/<path>/)"]),
    ("Accessories/Stylus Pens: {de: Eingabestifte}\n",
     [f"warning: {C}:1: Accessories/Stylus Pens: is not the path of any product's category, so "
      'this name is not used; did you mean "accessories/stylus-pens"? (write the path as in the '
      "web address /collections/<path>/)"]),
    ("power: {de: Strom}\n",
     [f"warning: {C}:1: power: is not the path of any product's category, so this name is not "
      "used; categories: accessories, accessories/stylus-pens"]),
    ("accessories: Zubehör\n",
     [f"error: {C}:1: accessories: must be a group of fields, e.g. accessories: {{de: ..., "
      "ja: ...}"]),
    ("accessories:\n  de: [Zubehör]\n  ja: true\n",
     [f"error: {C}:2: accessories.de: must be a single text, not a list or a group of fields",
      f"error: {C}:3: accessories.ja: true is a yes/no value here; put the text in quotes"]),
    ("accessories:\n  de:\n",
     [f"error: {C}:2: accessories.de: is missing; this field is required"]),
    ("accessories:\n  German: Zubehör\n",
     [f'error: {C}:2: accessories.German: "German" is not a language code; write a lowercase '
      "code such as de or ja"]),
    ("accessories:\n  fr: Accessoires\n",
     [f'warning: {C}:2: accessories.fr: no market uses "fr", so this name is not shown; add a '
      "market with language: fr to content/markets.yml, or remove the line"]),
    ("accessories:\n  de: Zubehör\n de: x\n", None),  # malformed YAML: the yamlio message
])
def test_bad_categories_file(tmp_path, text, expected):
    bundle(tmp_path)
    write(tmp_path, "categories.yml", text)
    problems = load(tmp_path)[1]
    if expected is None:
        assert len(problems) == 1 and problems[0].file == C and problems[0].line == 3
    else:
        assert messages(problems) == expected


def test_categories_of_drafts_are_known(tmp_path):
    bundle(tmp_path, text=PRODUCT.replace("category: Accessories/Stylus Pens",
                                          "category: Audio\ndraft: true"))
    write(tmp_path, "categories.yml", "audio: {de: Audio}\n")
    catalog, problems = load(tmp_path)
    assert problems == [] and catalog.drafts[0].lang == "en"
