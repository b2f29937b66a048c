"""The synthetic catalog as a plain Pelican project: the baseline `storefront bench` builds.

Two settings files share its content: ``pelicanconf.py`` builds with a minimal theme written
next to it (``minimal-theme/``: a product page is its title and its Markdown, nothing else),
``pelicanconf_simple.py`` with Pelican's own "simple" theme.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from storefront_core.yamlio import split_front_matter

from .synth import SynthProduct
from .synth_markets import plain_langs, synth_markets

#: the minimal theme's folder in the plain project
MINIMAL_THEME = "minimal-theme"
_PAGE = (
    '<!DOCTYPE html>\n<html lang="{{ %s.lang }}"><head><meta charset="utf-8">'
    "<title>{{ %s.title|striptags }}</title></head>\n"
    "<body><h1>{{ %s.title }}</h1>\n{{ %s.content }}</body></html>\n"
)
_LIST = (
    '<!DOCTYPE html>\n<html lang="{{ DEFAULT_LANG }}"><head><meta charset="utf-8">'
    "<title>{{ SITENAME }}</title></head>\n<body><ul>\n"
    '{%% for item in %s %%}<li><a href="{{ SITEURL }}/{{ item%s.url }}">'
    "{{ item%s }}</a></li>\n{%% endfor %%}</ul></body></html>\n"
)


def read_article(source: Path) -> tuple[dict[str, str], str]:
    """Top-level front-matter fields (quotes stripped) and the body of a synthetic file."""
    fm, body, _ = split_front_matter(source.read_text(encoding="utf-8"))
    fields = dict(
        line.split(": ", 1) for line in fm.splitlines() if ": " in line and not line.startswith(" ")
    )
    return {k: v.strip('"') for k, v in fields.items()}, body


def write_plain_pelican(project: Path, products: list[SynthProduct], markets: int = 1) -> None:
    """The same products as plain Pelican articles (its default Markdown reader), with the
    minimal theme (pelicanconf.py) and the "simple" theme (pelicanconf_simple.py).

    Every non-default market adds one translation per product (same slug, the market's
    ``lang`` from plain_langs, its language's text), so Pelican writes ``markets`` pages per
    product, as the storefront does.
    """
    chosen = synth_markets(markets)
    langs = plain_langs(chosen)
    content = project / "content"
    content.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, 10, 0)
    for i, prod in enumerate(products):
        fields, body = read_article(prod.folder / "index.md")
        category = fields["category"].split("/")[-1]
        tags = fields["tags"].strip("[]")
        when = start + timedelta(hours=i)
        head = f"Date: {when:%Y-%m-%d %H:%M}\nCategory: {category}\nTags: {tags}\n"
        (content / f"{prod.slug}.md").write_text(
            f"Title: {fields['title']}\n{head}Slug: {prod.slug}\n\n{body}", encoding="utf-8"
        )
        for market in chosen[1:]:
            title, text = fields["title"], body
            if market.language in prod.translations:
                own, text = read_article(prod.folder / f"index.{market.language}.md")
                title = own["title"]
            lang = langs[market.code]
            (content / f"{prod.slug}--{lang}.md").write_text(
                f"Title: {title}\n{head}Slug: {prod.slug}\nLang: {lang}\n\n{text}",
                encoding="utf-8",
            )
    common = (
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nPATH = "content"\n'
        f'TIMEZONE = "UTC"\nDEFAULT_LANG = "{langs[chosen[0].code]}"\n'
    )
    (project / "pelicanconf.py").write_text(
        common + f"THEME = {MINIMAL_THEME!r}\n", encoding="utf-8"
    )
    (project / "pelicanconf_simple.py").write_text(common + 'THEME = "simple"\n', "utf-8")
    write_minimal_theme(project / MINIMAL_THEME)


def write_minimal_theme(folder: Path) -> None:
    """A theme with nothing but what Pelican needs: an article page is its title and content;
    the index, archives, category, tag and author pages are lists of links."""
    templates = folder / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    pages = {
        "article.html": _PAGE % (("article",) * 4),
        "page.html": _PAGE % (("page",) * 4),
    }
    for name in ("index", "archives", "period_archives", "category", "tag", "author"):
        pages[f"{name}.html"] = _LIST % ("articles", "", ".title")
    for name, var in (("categories", "categories"), ("tags", "tags"), ("authors", "authors")):
        pages[f"{name}.html"] = _LIST % (var, "[0]", "[0]")
    for name, text in pages.items():
        (templates / name).write_text(text, encoding="utf-8")


def plain_product_pages(
    output: Path, products: list[SynthProduct], markets: int = 1
) -> dict[str, int]:
    """Product pages plain Pelican wrote, by market code (its default save-as patterns)."""
    langs = plain_langs(synth_markets(markets))
    default = next(iter(langs.values()))
    counts = {}
    for code, lang in langs.items():
        names = (f"{p.slug}.html" if lang == default else f"{p.slug}-{lang}.html" for p in products)
        counts[code] = sum((output / name).is_file() for name in names)
    return counts
