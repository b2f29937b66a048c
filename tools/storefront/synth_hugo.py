"""The synthetic catalog as a Hugo site: the other baseline `storefront bench` builds.

Every product is a page bundle, ``content/products/<slug>/index.md`` with the storefront's
title, Markdown body, category and tags, and its photos linked next to it (a realistic bundle;
no template processes them). With several markets the site is multilingual, one Hugo language
per market (the same keys as plain Pelican's ``lang``), each product translated by an
``index.<lang>.md`` file. The layouts are minimal: a product page is its title and content.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from .synth import SynthProduct, link_file
from .synth_markets import plain_langs, synth_markets
from .synth_plain import read_article

#: folders a cold Hugo build starts without (output, resources and the file cache)
HUGO_OUTPUT = "public"
HUGO_CACHES = ("public", "resources", ".hugo-cache")

_SINGLE = (
    '<!DOCTYPE html>\n<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">'
    "<title>{{ .Title }}</title></head>\n<body><h1>{{ .Title }}</h1>\n{{ .Content }}"
    "</body></html>\n"
)
_LIST = (
    '<!DOCTYPE html>\n<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">'
    "<title>{{ .Title }}</title></head>\n<body><ul>\n{{ range .Pages }}"
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\n{{ end }}</ul></body></html>\n'
)


def hugo_binary() -> str | None:
    """The ``hugo`` on PATH, or None."""
    return shutil.which("hugo")


def hugo_version(binary: str) -> str:
    """``hugo version``'s first line (e.g. ``hugo v0.111.3+extended linux/amd64 ...``)."""
    proc = subprocess.run([binary, "version"], capture_output=True, text=True, check=False)
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else ""


def hugo_config(langs: list[str]) -> str:
    """config.toml: one language, or one Hugo language per market (the first is the default).

    >>> print(hugo_config(["en", "de"]))
    baseURL = "https://bench.example/"
    title = "Bench"
    defaultContentLanguage = "en"
    [languages]
    [languages.en]
    weight = 1
    [languages.de]
    weight = 2
    <BLANKLINE>
    """
    lines = ['baseURL = "https://bench.example/"', 'title = "Bench"',
             f'defaultContentLanguage = "{langs[0]}"']
    if len(langs) > 1:
        lines.append("[languages]")
        for weight, lang in enumerate(langs, 1):
            lines += [f"[languages.{lang}]", f"weight = {weight}"]
    return "\n".join(lines) + "\n"


def _front_matter(title: str, when: datetime, category: str, tags: list[str]) -> str:
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {when:%Y-%m-%dT%H:%M:%SZ}\n"
        f"categories: [{json.dumps(category)}]\ntags: {json.dumps(tags)}\n---\n"
    )


def write_hugo(project: Path, products: list[SynthProduct], markets: int = 1) -> None:
    """The same products (title, body, photos) as Hugo page bundles, in ``markets`` languages."""
    chosen = synth_markets(markets)
    langs = plain_langs(chosen)
    start = datetime(2024, 1, 1, 10, 0)
    for i, prod in enumerate(products):
        fields, body = read_article(prod.folder / "index.md")
        category = fields["category"].split("/")[-1]
        tags = [t.strip() for t in fields["tags"].strip("[]").split(",") if t.strip()]
        when = start + timedelta(hours=i)
        bundle = project / "content" / "products" / prod.slug
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "index.md").write_text(
            _front_matter(fields["title"], when, category, tags) + body, encoding="utf-8"
        )
        for market in chosen[1:]:
            title, text = fields["title"], body
            if market.language in prod.translations:
                own, text = read_article(prod.folder / f"index.{market.language}.md")
                title = own["title"]
            (bundle / f"index.{langs[market.code]}.md").write_text(
                _front_matter(title, when, category, tags) + text, encoding="utf-8"
            )
        for path, _ in prod.photos:
            link_file(path, bundle / path.name)
    default = project / "layouts" / "_default"
    default.mkdir(parents=True, exist_ok=True)
    (default / "single.html").write_text(_SINGLE, encoding="utf-8")
    (default / "list.html").write_text(_LIST, encoding="utf-8")
    (project / "config.toml").write_text(hugo_config(list(langs.values())), encoding="utf-8")


def hugo_command(binary: str, project: Path) -> list[str]:
    """The cold build: output in public/, Hugo's file cache inside the project."""
    return [binary, "--source", str(project), "--destination", str(project / HUGO_OUTPUT),
            "--cacheDir", str(project / ".hugo-cache"), "--quiet"]


def clear_hugo(project: Path) -> None:
    """Remove what an earlier Hugo build left, so the next one is cold."""
    for name in HUGO_CACHES:
        shutil.rmtree(project / name, ignore_errors=True)


def hugo_product_pages(
    output: Path, products: list[SynthProduct], markets: int = 1
) -> dict[str, int]:
    """Product pages Hugo wrote, by market code (the default language at the root)."""
    langs = plain_langs(synth_markets(markets))
    default = next(iter(langs.values()))
    counts = {}
    for code, lang in langs.items():
        folder = output if lang == default else output / lang
        counts[code] = sum(
            (folder / "products" / p.slug / "index.html").is_file() for p in products
        )
    return counts
