"""The synthetic catalog as a plain Pelican project: the baseline `storefront bench` builds."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from storefront_core.yamlio import split_front_matter

from .synth import SynthProduct
from .synth_markets import plain_langs, synth_markets


def _plain_article(source: Path) -> tuple[dict[str, str], str]:
    """Top-level front-matter fields (quotes stripped) and the body of a synthetic file."""
    fm, body, _ = split_front_matter(source.read_text(encoding="utf-8"))
    fields = dict(
        line.split(": ", 1) for line in fm.splitlines() if ": " in line and not line.startswith(" ")
    )
    return {k: v.strip('"') for k, v in fields.items()}, body


def write_plain_pelican(project: Path, products: list[SynthProduct], markets: int = 1) -> None:
    """The same products as plain Pelican articles (its Markdown reader, "simple" theme).

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
        fields, body = _plain_article(prod.folder / "index.md")
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
                own, text = _plain_article(prod.folder / f"index.{market.language}.md")
                title = own["title"]
            lang = langs[market.code]
            (content / f"{prod.slug}--{lang}.md").write_text(
                f"Title: {title}\n{head}Slug: {prod.slug}\nLang: {lang}\n\n{text}",
                encoding="utf-8",
            )
    (project / "pelicanconf.py").write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nPATH = "content"\n'
        f'TIMEZONE = "UTC"\nDEFAULT_LANG = "{langs[chosen[0].code]}"\nTHEME = "simple"\n',
        encoding="utf-8",
    )


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
