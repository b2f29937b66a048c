"""Reads content/products/<slug>/index.md bundles and content/pages/<slug>.md into a Catalog.

Translations sit next to what they translate: ``index.<lang>.md`` in a product bundle,
``<slug>.<lang>.md`` in content/pages. They are validated against the default-language file
and attached to its Product or Page (``translations``); content/categories.yml gives category
names per language.

The caller may pass a ``cache`` dict that it keeps between builds (its values pickle). Parsed
front matter, rendered Markdown and photo hashes are stored in it under the file's absolute
path with its (size, mtime_ns), so a warm rebuild only stats files and re-validates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import cmarkgfm
from cmarkgfm import cmark

from storefront_core.digests import DigestIndex, file_sha256
from storefront_core.errors import Problem, display_path
from storefront_core.forkpool import run_chunks, split, workers_available
from storefront_core.slug import slugify
from storefront_core.yamlio import YamlError, parse_front_matter, parse_yaml

from .checker import is_slug, known_currencies
from .model import (
    Catalog,
    Page,
    PageText,
    Product,
    ProductText,
    Review,
    Unbuilt,
    category_paths,
)
from .product_rules import Checked, validate_product
from .reviews import REVIEWS_FILE, parse_reviews, reviews_rating
from .sanitize import SANITIZE, HtmlPolicy, is_active, sanitize_html
from .text_rules import (
    check_text_language,
    validate_category_names,
    validate_page,
    validate_page_text,
    validate_product_text,
)
from .validate import build_categories, check_catalog, product_sort_key

#: Bump when what is cached changes shape or meaning; old entries are then ignored.
CACHE_VERSION = 6
_TRANSLATION = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\.md$")
CATEGORIES_FILE = "categories.yml"


_MARKDOWN_VERSION = importlib.metadata.version("cmarkgfm")


def default_markdown() -> Callable[[str], str]:
    r"""The Markdown renderer for product and page bodies: GitHub's own, cmark-gfm, with its
    tables and strikethrough, so a description looks as the GitHub editor's preview showed it
    (CommonMark: nested lists indented by two spaces, as marketers write them). Column
    alignment as a style (HTML5 has no ``align``); strikethrough needs two tildes. About 15
    times as fast as the pure-Python renderers (issue 15).

    >>> print(default_markdown()("| Size | Fit |\n| --- | :-: |\n| M | ~~slim~~ ~a~ |"))
    <table>
    <thead>
    <tr>
    <th>Size</th>
    <th style="text-align: center">Fit</th>
    </tr>
    </thead>
    <tbody>
    <tr>
    <td>M</td>
    <td style="text-align: center"><del>slim</del> ~a~</td>
    </tr>
    </tbody>
    </table>
    """
    options = (cmark.Options.CMARK_OPT_UNSAFE  # raw HTML kept: the sanitizer decides
               | cmark.Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
               | cmark.Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)
    extensions = ["table", "strikethrough"]

    def render(text: str) -> str:
        return str(cmarkgfm.markdown_to_html_with_extensions(
            text, options=options, extensions=extensions)).rstrip("\n")

    return render


@dataclass(frozen=True)
class _Doc:
    """What reading one Markdown file yields; cached between builds."""

    sha256: str
    data: dict[str, Any] | None
    lines: dict[str, int]
    body_html: str
    body_empty: bool
    body_line: int = 1
    error: tuple[int | None, str] | None = None
    removed: tuple[str, ...] = ()  # raw HTML the sanitizer left out of body_html


def load_catalog(
    content_dir: Path,
    *,
    currency: str,
    root: Path | None = None,
    markdown_factory: Callable[[], Callable[[str], str]] | None = None,
    cache: dict | None = None,
    default_lang: str = "en",
    languages: Collection[str] | None = None,
    meanwhile: Callable[[], object] | None = None,
    html_policy: HtmlPolicy = SANITIZE,
    digests: DigestIndex | None = None,
) -> tuple[Catalog, list[Problem]]:
    """Read and validate every product and page; return the catalog and all problems found.

    ``default_lang`` is the language index.md and <slug>.md are written in; ``languages``
    (when given) are the languages some market shows: a translation into any other language
    is reported as unpublished. ``meanwhile`` runs while worker processes read (cold builds).
    ``html_policy`` says whether raw HTML in descriptions is published as written or cleaned.
    ``digests`` (the build's index of file digests) spares reading photos it already knows,
    and learns every photo digest this load takes.
    """
    loader = _CatalogLoader(Path(content_dir), currency, root, markdown_factory, cache,
                            html_policy)
    loader.default_lang = default_lang
    loader.languages = tuple(languages) if languages is not None else None
    loader.meanwhile = meanwhile
    loader.digests = digests or DigestIndex()
    found = loader.load()
    for key in loader.used:  # what workers hashed reaches the index here, in the parent
        if key[0] == "storefront_catalog.file" and key in loader.cache:
            stamp, sha = loader.cache[key]
            loader.digests.record(key[2], stamp, sha)
    return found


class _CatalogLoader:
    """State of one load: the cache, the Markdown instance, the problems found."""

    def __init__(self, content_dir: Path, currency: str, root: Path | None,
                 markdown_factory: Callable[[], Callable[[str], str]] | None,
                 cache: dict | None, html_policy: HtmlPolicy = SANITIZE):
        self.content_dir = content_dir.resolve()
        self.currency = currency
        self.root = root
        self.markdown_factory = markdown_factory or default_markdown
        self._md: Callable[[str], str] | None = None
        self.cache: dict = cache if cache is not None else {}
        self.used: set[tuple] = set()
        self.problems: list[Problem] = []
        self.currencies = known_currencies()
        self.html_policy = html_policy
        # the policy and the Markdown library are part of every cache key: trusting raw HTML,
        # or another cmark-gfm, renders every description again
        self.version = (CACHE_VERSION, _code_stamp(), html_policy, _MARKDOWN_VERSION)
        self.default_lang = "en"
        self.languages: tuple[str, ...] | None = None
        self.meanwhile: Callable[[], object] | None = None
        self.digests = DigestIndex()
        #: each bundle's files, listed once per build (the cache check, the forked workers
        #: and the final pass all need them; files are taken as they were at the first look)
        self._listed: dict[Path, tuple[dict[str, tuple[int, int]], dict[str, str]]] = {}

    def _bundle_files(self, bundle: Path) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
        """``_bundle_files`` of ``bundle``, listed once per build."""
        listed = self._listed.get(bundle)
        if listed is None:
            listed = self._listed[bundle] = _bundle_files(bundle, self.content_dir)
        return listed

    def load(self) -> tuple[Catalog, list[Problem]]:
        checked = self._load_products()
        self.problems.extend(check_catalog(checked))
        products: list[Product] = []
        drafts: list[Product] = []
        unbuilt: list[Unbuilt] = []
        for entry in checked:
            if entry.product is not None:
                (drafts if entry.product.draft else products).append(entry.product)
            else:
                unbuilt.append(Unbuilt(entry.file.rsplit("/", 2)[-2], entry.category,
                                       entry.tags, tuple(sku for sku, _ in entry.skus),
                                       entry.read))
        products.sort(key=product_sort_key)
        drafts.sort(key=product_sort_key)
        pages = self._load_pages()
        category_names = self._load_category_names(checked)
        pages.sort(key=lambda p: (p.order, p.title.casefold(), p.slug))
        self._prune_cache()
        # top-down per file, as the marketer reads it (sort is stable: same line keeps order)
        self.problems.sort(key=lambda p: (p.file, p.line or 0))
        catalog = Catalog(
            products=products,
            pages=[p for p in pages if not p.draft],
            categories=build_categories(products),
            drafts=drafts,
            unbuilt=unbuilt,
            category_names=category_names,
        )
        return catalog, self.problems

    # -- products ----------------------------------------------------------------------------
    def _load_products(self) -> list[Checked]:
        folder = self.content_dir / "products"
        if not folder.is_dir() or not self._inside_content(folder, "products folder"):
            return []
        shown = display_path(folder, self.root)
        checked: list[Checked] = []
        entries = [e for e in sorted(os.scandir(folder), key=lambda e: e.name)
                   if not e.name.startswith(".")
                   and not (e.is_symlink() and not self._inside_content(
                       Path(e.path), "folder" if e.is_dir() else "file"))]
        self._prefetch([Path(e.path) for e in entries if e.is_dir()], shown)
        for entry in entries:
            if not entry.is_dir():
                self.problems.append(Problem(
                    f"{shown}/{entry.name}", "", "is not a product folder and is ignored; a "
                    "product lives in content/products/<name>/index.md", None, "warning"))
                continue
            result = self._load_product(Path(entry.path), f"{shown}/{entry.name}")
            if result is not None:
                self.problems.extend(result.problems)
                checked.append(result)
        return checked

    def _load_product(self, bundle: Path, shown: str) -> Checked | None:
        stamps, outside = self._bundle_files(bundle)
        if "index.md" in outside:
            self.problems.append(Problem(
                f"{shown}/index.md", "", f"is a link to a file outside the content folder "
                                         f"({outside['index.md']}); copy the file into the "
                                         "product folder"))
            return None
        if "index.md" not in stamps:
            self.problems.append(Problem(
                shown, "", "this product folder has no index.md; add one (for example with "
                           "`storefront new-product`) or remove the folder"))
            return None
        index = bundle / "index.md"
        file = f"{shown}/index.md"
        # A bundle whose files all kept their size and mtime validates the same as last time.
        key = ("storefront_catalog.product", self.version, str(index))
        signature = self._signature(file, stamps, outside)
        self.used.add(key)
        hit = self.cache.get(key)
        if hit is not None and hit[0] == signature:
            self.used.update(hit[2])
            return hit[1]
        deps: list[tuple] = []
        result = self._check_product(bundle, index, file, stamps, outside, deps)
        self.cache[key] = (signature, result, deps)
        return result

    def _check_product(self, bundle: Path, index: Path, file: str,
                       stamps: dict[str, tuple[int, int]], outside: dict[str, str],
                       deps: list[tuple]) -> Checked:
        slug = bundle.name
        problems: list[Problem] = []
        if not is_slug(slug):
            fixed = slugify(slug) or "my-product"
            problems.append(Problem(file.rsplit("/", 1)[0], "", f'the folder name "{slug}" '
                                    f'cannot be a web address; rename the folder to "{fixed}"'))
        doc = self._document(index)
        problems.extend(_document_problems(doc, file, "description"))
        if doc.data is None or not doc.data:
            return Checked(file=file, lines=doc.lines, product=None, problems=problems,
                           read=False)
        result = validate_product(
            doc.data, doc.lines, slug=slug, source_dir=bundle, source_file=index, file=file,
            bundle_files=stamps, body_html=doc.body_html, digest="", currency=self.currency,
            currencies=self.currencies, linked_outside=outside,
        )
        result.problems[:0] = problems
        if result.product is not None:
            if any(p.severity == "error" for p in problems):
                result.product = None
            else:
                digest = hashlib.sha256(doc.sha256.encode())
                for image in result.product.images:
                    sha = self._file_hash(image.source, stamps[image.file], deps)
                    digest.update(f"\0{image.file}\0{sha}".encode())
                texts, text_shas = self._product_texts(bundle, file, stamps, outside, result,
                                                       deps)
                for name, sha in text_shas:  # an edited translation re-renders the product
                    digest.update(f"\0{name}\0{sha}".encode())
                reviews, sha = self._product_reviews(bundle, file, stamps, outside, result)
                if sha:  # a new or edited review re-renders the page and the review feed
                    digest.update(f"\0{REVIEWS_FILE}\0{sha}".encode())
                result.product = dataclasses.replace(
                    result.product, digest=digest.hexdigest(), lang=self.default_lang,
                    translations=texts, reviews=reviews,
                    rating=reviews_rating(reviews) or result.product.rating)
        return result

    def _product_texts(self, bundle: Path, file: str, stamps: dict[str, tuple[int, int]],
                       outside: dict[str, str], result: Checked, deps: list[tuple]) -> tuple[
                           dict[str, ProductText], list[tuple[str, str]]]:
        """The bundle's index.<lang>.md translations, validated against its product."""
        product = result.product
        assert product is not None
        folder = file.rsplit("/", 1)[0]
        texts: dict[str, ProductText] = {}
        shas: list[tuple[str, str]] = []
        for lang, name in self._translation_files(folder, "index", stamps, result.problems):
            path = bundle / name
            shown = f"{folder}/{name}"
            if name in outside:
                result.problems.append(Problem(
                    shown, "", f"is a link to a file outside the content folder "
                               f"({outside[name]}); copy the file into the product folder"))
                continue
            doc = self._document(path)
            shas.append((name, doc.sha256))
            problems = self._text_problems(doc, shown, lang, "index", "description")
            if doc.data is not None and not any(p.severity == "error" for p in problems):
                text, found = validate_product_text(
                    doc.data, doc.lines, lang=lang, product=product, source_file=path,
                    file=shown, body_html=None if doc.body_empty else doc.body_html,
                    digest=doc.sha256)
                problems.extend(found)
                if text is not None:
                    texts[lang] = text
            result.problems.extend(problems)
        return texts, shas

    def _product_reviews(self, bundle: Path, file: str, stamps: dict[str, tuple[int, int]],
                         outside: dict[str, str], result: Checked) -> tuple[
                             tuple[Review, ...], str]:
        """The bundle's reviews.yml, validated (newest first), and the file's digest."""
        product = result.product
        assert product is not None
        if REVIEWS_FILE not in stamps:
            return (), ""
        shown = f"{file.rsplit('/', 1)[0]}/{REVIEWS_FILE}"
        if REVIEWS_FILE in outside:
            result.problems.append(Problem(
                shown, "", f"is a link to a file outside the content folder "
                           f"({outside[REVIEWS_FILE]}); copy the file into the product folder"))
            return (), ""
        raw = (bundle / REVIEWS_FILE).read_bytes()
        reviews, problems = parse_reviews(raw, file=shown, product=product,
                                          lines=result.lines, product_file=file,
                                          default_lang=self.default_lang)
        result.problems.extend(problems)
        return reviews, hashlib.sha256(raw).hexdigest()

    def _translation_files(self, folder: str, stem: str, names: Collection[str],
                           problems: list[Problem]) -> list[tuple[str, str]]:
        """(language, file name) of each ``<stem>.<lang>.md`` among ``names``, by language.

        Language codes are compared lowercase with a hyphen (``pt_BR`` is ``pt-br``); a near
        miss such as ``index.DE.md`` is reported instead of silently ignored.
        """
        found: dict[str, str] = {}
        for name in sorted(names):
            match = _TRANSLATION.match(name)
            if match is None or match["stem"] != stem:
                if (name.lower().startswith(f"{stem.lower()}.") and name.lower().endswith(".md")
                        and name != f"{stem}.md" and "/" not in name):
                    fixed = f"{stem}.{name[len(stem) + 1:].lower().replace('_', '-')}"
                    near = _TRANSLATION.match(fixed)
                    hint = (f"rename it to {fixed}" if near and near["stem"] == stem
                            else f"a translation is named {stem}.<language code>.md, e.g. "
                                 f"{stem}.de.md")
                    problems.append(Problem(
                        f"{folder}/{name}", "", f"is not read as a translation; {hint}", None,
                        "warning"))
                continue
            lang = match["lang"].lower().replace("_", "-")
            if lang in found:
                problems.append(Problem(
                    f"{folder}/{name}", "", f'is a second "{lang}" translation next to '
                                            f"{found[lang]}; keep one of them"))
                continue
            found[lang] = name
        return sorted(found.items())

    def _text_problems(self, doc: _Doc, file: str, lang: str, stem: str,
                       body_field: str) -> list[Problem]:
        """Problems with a translation file as a whole: unreadable, wrong language, empty,
        raw HTML left out of its ``body_field``."""
        if doc.error is not None:
            line, message = doc.error
            return [Problem(file, "", message, line)]
        problems = check_text_language(lang, file=file, stem=stem,
                                       default_lang=self.default_lang, languages=self.languages)
        if not doc.data and doc.body_empty:
            problems.append(Problem(file, "", "translates nothing; add the fields to translate "
                                              "(title, summary, ...) between the --- lines and the "
                                              "description below them, or delete the file", 1,
                                    "warning"))
        problems.extend(_html_problems(doc, file, body_field))
        return problems

    def _signature(self, file: str, stamps: dict[str, tuple[int, int]],
                   outside: dict[str, str]) -> tuple:
        """What a bundle's validation depends on besides the code: settings and every file."""
        return (self.currency, self.default_lang, self.languages, file,
                tuple(sorted(stamps.items())), tuple(sorted(outside.items())))

    def _inside_content(self, path: Path, what: str) -> bool:
        """Whether ``path`` really is in the content folder; a link out of it is reported
        (photos and text linked from elsewhere on the machine are never published)."""
        real = os.path.realpath(path)
        if _is_inside(real, self.content_dir):
            return True
        self._problem(path, "", f"is a link to a {what} outside the content folder ({real}); "
                                f"put the {what} itself in {display_path(path.parent, self.root)}"
                                "/, not a link to it")
        return False

    # -- pages -------------------------------------------------------------------------------
    def _load_pages(self) -> list[Page]:
        folder = self.content_dir / "pages"
        if not folder.is_dir() or not self._inside_content(folder, "pages folder"):
            return []
        shown = display_path(folder, self.root)
        names: dict[str, os.DirEntry] = {}
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".md") and not entry.name.startswith(".") and \
                    not entry.is_dir() and not (entry.is_symlink() and not self._inside_content(
                        Path(entry.path), "file")):
                names[entry.name] = entry
        texts: dict[str, list[str]] = {}  # base page file name -> its translations' names
        bases: list[os.DirEntry] = []
        for name, entry in names.items():
            match = _TRANSLATION.match(name) or _TRANSLATION.match(name.lower())
            if match is None or (match.string != name and f"{match['stem']}.md" not in names):
                bases.append(entry)  # not a translation (a bad name gets its own message)
            elif f"{match['stem']}.md" not in names:
                stem = match["stem"]
                self._problem(Path(entry.path), "", f"translates {stem}.md, which does not "
                                                    f"exist; add {stem}.md in the default "
                                                    "language, or rename this file")
            else:
                texts.setdefault(f"{match['stem']}.md", []).append(name)
        pages: list[Page] = []
        for entry in bases:
            page = self._load_page(entry, shown, texts.get(entry.name, []), names)
            if page is not None:
                pages.append(page)
        return pages

    def _load_page(self, entry: os.DirEntry, shown: str, text_names: list[str],
                   entries: dict[str, os.DirEntry]) -> Page | None:
        path = Path(entry.path)
        slug = entry.name[: -len(".md")]
        file = display_path(path, self.root)
        slug_ok = is_slug(slug)
        if not slug_ok:
            fixed = slugify(slug) or "my-page"
            self._problem(path, "", f'the file name "{entry.name}" cannot be a web address; '
                                    f'rename it to "{fixed}.md"')
        doc = self._document(path, _stamp(entry))
        found = _document_problems(doc, file, "text")
        self.problems.extend(found)
        if doc.data is None or not doc.data:
            return None
        page, problems = validate_page(
            doc.data, doc.lines, slug=slug, source_file=path, file=file,
            body_html=doc.body_html, digest=doc.sha256,
        )
        self.problems.extend(problems)
        if page is None or not slug_ok:
            return None  # its translations are not checked: they could not be used anyway
        digest = hashlib.sha256(doc.sha256.encode())
        translations: dict[str, PageText] = {}
        for lang, name in self._translation_files(shown, slug, text_names, self.problems):
            text_path = Path(entries[name].path)
            text_file = f"{shown}/{name}"
            text_doc = self._document(text_path, _stamp(entries[name]))
            digest.update(f"\0{name}\0{text_doc.sha256}".encode())
            found = self._text_problems(text_doc, text_file, lang, slug, "text")
            if text_doc.data is not None and not any(p.severity == "error" for p in found):
                text, more = validate_page_text(
                    text_doc.data, text_doc.lines, lang=lang, page=page, source_file=text_path,
                    file=text_file, body_html=None if text_doc.body_empty else text_doc.body_html,
                    digest=text_doc.sha256)
                found.extend(more)
                if text is not None:
                    translations[lang] = text
            self.problems.extend(found)
        return dataclasses.replace(
            page, lang=self.default_lang, translations=translations,
            digest=digest.hexdigest() if text_names else page.digest)

    # -- category names ----------------------------------------------------------------------
    def _load_category_names(self, checked: list[Checked]) -> dict[str, dict[str, str]]:
        """Translated category names from content/categories.yml (optional)."""
        path = self.content_dir / CATEGORIES_FILE
        if not path.is_file():
            return {}
        file = display_path(path, self.root)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problems.append(Problem(file, "", "is not UTF-8 text; save the file as UTF-8 in "
                                                   "your editor", line))
            return {}
        try:
            data, lines = parse_yaml(text.lstrip("\ufeff"))
        except YamlError as exc:
            self.problems.append(Problem(file, "", exc.message, exc.line))
            return {}
        # a product kept out by its errors still has its category: its name is no mistake
        paths = {path for entry in checked for path in category_paths(entry.category)}
        names, problems = validate_category_names(data, lines, file=file, paths=paths,
                                                  languages=self.languages,
                                                  all_known=all(e.read for e in checked))
        self.problems.extend(problems)
        return names

    # -- reading and caching -----------------------------------------------------------------
    def _document(self, path: Path, stamp: tuple[int, int] | None = None) -> _Doc:
        """One Markdown file read and parsed. A product's documents are not cached on their
        own: its checked result is (they are parsed again only when a file of the bundle
        changed, in about a millisecond each), and keeping every document's data doubled the
        catalog cache in memory and on disk. A page's (``stamp`` given) is, by that stamp."""
        key = ("storefront_catalog.doc", self.version, str(path))
        if stamp is not None:
            self.used.add(key)
            hit = self.cache.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        raw = path.read_bytes()
        # what the file yields, not only its bytes: pages and feeds cached under this digest
        # are made again when the HTML policy changes
        sha = hashlib.sha256(repr(self.html_policy).encode() + b"\0" + raw).hexdigest()
        doc = self._parse(raw, sha)
        if stamp is not None:
            self.cache[key] = (stamp, doc)
        return doc

    def _prefetch(self, bundles: list[Path], shown: str) -> None:
        """Read and check the bundles missing from the cache on every core (cold builds)."""
        todo = []
        for bundle in bundles:
            key = ("storefront_catalog.product", self.version, str(bundle / "index.md"))
            hit = self.cache.get(key)
            signature = self._signature(f"{shown}/{bundle.name}/index.md",
                                        *self._bundle_files(bundle))
            if hit is None or hit[0] != signature:
                todo.append(bundle)
        if len(todo) < 64:
            return  # not worth starting workers
        for delta in run_chunks(partial(self._check_bundles, shown),
                                split(todo, workers_available()), self.meanwhile):
            self.cache.update(delta)

    def _check_bundles(self, shown: str, bundles: list[Path]) -> dict:
        """In a worker: check bundles into the (forked) cache; return the new cache entries."""
        self.used = set()
        for bundle in bundles:
            self._load_product(bundle, f"{shown}/{bundle.name}")
        return {key: self.cache[key] for key in self.used if key in self.cache}

    def _parse(self, raw: bytes, sha: str) -> _Doc:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return _Doc(sha, None, {}, "", True, 1, (line, "is not UTF-8 text; save the file as "
                                                      "UTF-8 in your editor"))
        try:
            fm = parse_front_matter(text)
        except YamlError as exc:
            return _Doc(sha, None, {}, "", True, 1, (exc.line, exc.message))
        body_empty = not fm.body.strip()
        html, removed = ("", ()) if body_empty else sanitize_html(self._render(fm.body),
                                                                  self.html_policy)
        return _Doc(sha, fm.data, fm.lines, html, body_empty, fm.body_line, removed=removed)

    def _render(self, body: str) -> str:
        if self._md is None:
            self._md = self.markdown_factory()
        return self._md(body)

    def _file_hash(self, path: Path, stamp: tuple[int, int], deps: list[tuple]) -> str:
        key = ("storefront_catalog.file", CACHE_VERSION, str(path))
        self.used.add(key)
        deps.append(key)
        hit = self.cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        sha = self.digests.known(path, stamp) or file_sha256(path)
        self.cache[key] = (stamp, sha)
        return sha

    def _prune_cache(self) -> None:
        """Forget files that are gone, so the persisted cache does not grow forever."""
        stale = [
            key for key in self.cache
            if isinstance(key, tuple) and key and isinstance(key[0], str)
            and key[0].startswith("storefront_catalog.") and key not in self.used
        ]
        for key in stale:
            del self.cache[key]

    def _problem(self, path: Path, field: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(display_path(path, self.root), field, message, None,
                                     severity))


def _document_problems(doc: _Doc, file: str, body_field: str) -> list[Problem]:
    """Problems with a file as a whole: unreadable, malformed, empty, raw HTML left out of its
    ``body_field`` (the Markdown below the front matter)."""
    if doc.error is not None:
        line, message = doc.error
        return [Problem(file, "", message, line)]
    if not doc.data:
        return [Problem(file, "", "the front matter is empty; add the fields between the --- "
                                  "lines (title, sku, ...)", 1)]
    if doc.body_empty:
        return [Problem(file, "", "has no description below the front matter; write a few "
                                  "sentences in Markdown after the closing ---",
                        doc.body_line - 1, "warning")]
    return _html_problems(doc, file, body_field)


def _html_problems(doc: _Doc, file: str, body_field: str) -> list[Problem]:
    """One problem per file naming the raw HTML the sanitizer left out (the first few): a
    warning when it was code, a foreign embed or a form, a note when only presentation."""
    if not doc.removed:
        return []
    shown = ", ".join(doc.removed[:5])
    more = f" and {len(doc.removed) - 5} more" if len(doc.removed) > 5 else ""
    severity = "warning" if any(map(is_active, doc.removed)) else "note"
    return [Problem(file, body_field, f"raw HTML is sanitized; removed {shown}{more}; set "
                                      "STORE_TRUST_HTML = True in pelicanconf.py to publish it "
                                      "as written", None, severity)]


def _stamp(entry: os.DirEntry) -> tuple[int, int]:
    stat = entry.stat()
    return stat.st_size, stat.st_mtime_ns


def _code_stamp() -> tuple[tuple[int, int], ...]:
    """Size and mtime of the modules whose output is cached: editing them invalidates it."""
    here = Path(__file__).parent
    stats = [(here / name).stat() for name in ("loader.py", "validate.py", "checker.py",
                                               "product_rules.py", "text_rules.py", "model.py",
                                               "sanitize.py", "reviews.py")]
    stats.append((here.parent / "storefront_core" / "yamlio.py").stat())
    return tuple((st.st_size, st.st_mtime_ns) for st in stats)


def _is_inside(real: str, folder: Path) -> bool:
    """Whether the real (resolved) path ``real`` is ``folder`` or in it (``folder`` resolved)."""
    base = os.fspath(folder)
    return real == base or real.startswith(os.path.join(base, ""))


def _bundle_files(bundle: Path, content_dir: Path) -> tuple[dict[str, tuple[int, int]],
                                                            dict[str, str]]:
    """(size, mtime_ns) of every file in a bundle folder by relative POSIX path (no hidden),
    and the real path of each link in it (file or folder) that leads out of ``content_dir``.

    A folder linked from outside is not walked, nor is a folder linked twice (a link loop).
    """
    out: dict[str, tuple[int, int]] = {}
    outside: dict[str, str] = {}
    walked = {os.path.realpath(bundle)}
    stack = [(bundle, "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if not _is_inside(real, content_dir):
                        outside[prefix + entry.name] = real
                    if entry.is_dir() and (real in walked or prefix + entry.name in outside):
                        continue
                    walked.add(real)
                if entry.is_dir():
                    stack.append((Path(entry.path), f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    stat = entry.stat()
                    out[prefix + entry.name] = (stat.st_size, stat.st_mtime_ns)
    return out, outside
