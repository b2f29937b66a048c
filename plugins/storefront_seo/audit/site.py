"""The published files of a built site and how its URLs name them; where findings are written."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from .rules import Finding
from .values import tokens

#: Pillow's format of an image file by its extension (a first guess: its bytes decide)
_FORMATS = {"jpg": ("JPEG",), "jpeg": ("JPEG",), "png": ("PNG",), "webp": ("WEBP",),
            "gif": ("GIF",)}
_IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "blob:", "about:")


class Site:
    """One output folder: its files, its base URL, and which file an internal URL names."""

    def __init__(self, output: Path, site_url: str | None, files: set[str]) -> None:
        self.output = output
        base = (site_url or "https://site.invalid/").rstrip("/") + "/"
        parts = urlsplit(base)
        self.base = base
        self.origin = (parts.scheme.lower(), parts.netloc.lower())
        self.base_path = parts.path or "/"
        self.files = files
        self._targets: dict[str, str | None] = {}
        self.fine: set[str] = set()  # URLs that name a published file (or none) on any page
        self._sizes: dict[str, tuple[int, int] | None] = {}

    def local(self, url: str, page_url: str | None = None) -> str | None:
        """The output file an internal URL names (maybe missing), or None when external."""
        url = url.strip()
        if not url or url.startswith("#") or url.lower().startswith(_IGNORED_SCHEMES):
            return None
        rooted = url.startswith("/") or "://" in url
        key = url if rooted or page_url is None else f"{page_url}\0{url}"
        if key in self._targets:
            return self._targets[key]
        target: str | None = None
        # the common case without urllib: "https://site/a/b/" or "/a/b/", nothing to decode
        prefix = self.base if url.startswith(self.base) else (
            self.base_path if url.startswith(self.base_path) and not url.startswith("//")
            else None)
        if prefix is not None:
            rest = url[len(prefix):].partition("#")[0].partition("?")[0]
            if "%" not in rest and "/." not in "/" + rest and "//" not in rest:
                target = rest + "index.html" if rest == "" or rest.endswith("/") else rest
                self._targets[key] = target
                return target
        parts = urlsplit(urljoin(page_url or self.base, url))
        if parts.scheme in ("http", "https") and parts.netloc.lower() == self.origin[1]:
            path = posixpath.normpath(unquote(parts.path)) if parts.path else "/"
            if parts.path.endswith("/") and not path.endswith("/"):
                path += "/"
            if path.startswith(self.base_path) or path + "/" == self.base_path:
                rel = path[len(self.base_path):]
                target = rel + "index.html" if rel == "" or rel.endswith("/") else rel
            else:
                target = "\0outside:" + path  # on the origin, outside the site: never a file
        self._targets[key] = target
        return target

    def existing(self, target: str) -> str | None:
        """The published file for a target (``a`` also finds ``a/index.html``), or None."""
        if target in self.files:
            return target
        if f"{target}/index.html" in self.files:
            return f"{target}/index.html"
        return None

    def image_size(self, rel: str) -> tuple[int, int] | None:
        """The pixel size of a published image, or None when it is not one."""
        if rel not in self._sizes:
            from PIL import Image, UnidentifiedImageError

            # the format its name says first (most files are what they are named), then any
            likely = _FORMATS.get(rel.rpartition(".")[2].lower())
            size = None
            for formats in (likely, None) if likely else (None,):
                try:
                    with Image.open(self.output / rel, formats=formats) as img:
                        size = img.size
                    break
                except UnidentifiedImageError:
                    continue
                except OSError:
                    break
            self._sizes[rel] = size
        return self._sizes[rel]


@dataclass
class Check:
    """Where the rules reading one file (or the whole site) write: findings, missing targets."""

    site: Site
    now: datetime
    findings: list[Finding] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # link targets found missing

    def add(self, rule: str, page: str, message: str) -> None:
        """Record that ``rule`` found ``message`` wrong in ``page``."""
        self.findings.append(Finding(rule, page, message))

    def link(self, page: str, url: str, page_url: str | None, what: str) -> None:
        """``link-broken`` when an internal ``url`` of ``page`` names no published file."""
        site = self.site
        if url in site.fine:  # every page links the same theme files, menus and photos
            return
        target = site.local(url, page_url)
        if target is None or site.existing(target) is not None:
            if url.startswith(("/", "#")) or "://" in url or target is None:
                site.fine.add(url)  # does not depend on the page it is on
            return
        self.missing.add(target)
        self.add("link-broken", page, f'{what} "{url}" is not a published file; fix the '
                 "link or publish the file it names")


def walk_files(output: Path) -> tuple[set[str], list[str]]:
    """Every file of the output (relative, posix) and the HTML pages among them, sorted."""
    files: set[str] = set()
    pages: list[str] = []
    folders = [("", str(output))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((rel + "/", entry.path))
                else:
                    files.add(rel)
                    if rel.endswith(".html"):
                        pages.append(rel)
    pages.sort()
    return files, pages


def file_url_path(rel: str) -> str:
    """The URL path of an output file: ``a/index.html`` is ``a/``.

    >>> file_url_path("de-de/products/pen/index.html"), file_url_path("index.html")
    ('de-de/products/pen/', '')
    """
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def infer_site_url(output: Path) -> str | None:
    """The site's base URL, read from robots.txt's Sitemap line or the home page's canonical."""
    robots = output / "robots.txt"
    if robots.is_file():
        for line in robots.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and "://" in value:
                return value.strip().rsplit("/", 1)[0] + "/"
    home = output / "index.html"
    if home.is_file():
        doc = etree.fromstring(home.read_bytes(), etree.HTMLParser())
        for link in doc.iter("link") if doc is not None else ():
            if "canonical" in tokens(link.get("rel")) and "://" in (link.get("href") or ""):
                return str(link.get("href"))
    return None
