"""The audit's entry points: ``audit_site`` and the preview moment a `--date` build records.

Each page is parsed once; from ``PARALLEL_FROM`` pages the pages are read in forked workers
while this process reads the feeds (5,000 pages take a few seconds). The rules across pages
run once every page is read.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from storefront_core.forkpool import run_chunks, split, workers_available

from .checkout_rules import checkout_rules
from .feed_items import Feeds, read_feeds
from .memo import Memo, code_digest, stamp
from .page import Page, PageReader, UnreadablePage
from .page_rules import banner_rules, head_rules, link_rules, social_rules
from .product_rules import jsonld_rules, product_rules, shown_price_rules
from .review_rules import review_rules
from .rules import AuditReport, Finding
from .site import Check, Site, file_url_path, infer_site_url, walk_files
from .site_rules import (
    card_price_rules,
    feed_price_rules,
    hreflang_link_rules,
    sitemap_rules,
    uniqueness_rules,
)

#: from this many pages the pages are read in forked workers (below, forking costs more)
PARALLEL_FROM = 400
#: what a `storefront build --date` preview records in its output: the moment it was built for
BUILD_FILE = ".storefront-build.json"

PageRead = tuple[Page, list[Finding], frozenset[str]]  # the page, its findings, missing targets


def write_build_moment(output: Path, moment: datetime) -> None:
    """Record in ``output`` the moment a preview build shows (``BUILD_FILE``)."""
    text = json.dumps({"date": moment.isoformat()}, indent=2) + "\n"
    (output / BUILD_FILE).write_text(text, encoding="utf-8")


def build_moment(output: Path) -> datetime | None:
    """The moment a preview build in ``output`` was built for, or None (not a preview).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> build_moment(folder) is None
    True
    >>> write_build_moment(folder, datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    >>> build_moment(folder).isoformat()
    '2026-11-27T12:00:00+00:00'
    """
    try:
        data = json.loads((output / BUILD_FILE).read_text(encoding="utf-8"))
        moment = datetime.fromisoformat(str(data["date"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no preview (or a damaged file: judge as of now)
    return moment if moment.tzinfo is not None else None


def audit_page(rel: str, site: Site, reader: PageReader, now: datetime) -> PageRead:
    """Parse one page once, run its own rules, keep what the rules across pages need."""
    url = site.base + file_url_path(rel)
    check = Check(site, now)
    try:
        page = reader.read(rel, url, (site.output / rel).read_bytes())
    except UnreadablePage as exc:
        check.add("html-lang", rel, str(exc))
        return Page(rel, url), check.findings, frozenset(check.missing)
    link_rules(page, check)
    banner_rules(page, check)
    head = head_rules(page, check)
    social_rules(page, check)
    products = jsonld_rules(page, check)
    is_product = bool(products) or page.meta.get("og:type") == "product" or bool(page.shown)
    offers = product_rules(page, products, is_product, check)
    review_rules(page, products, check)
    shown_price_rules(page, products, offers, check)
    summary = Page(rel, url, page.lang, page.noindex, head.title, head.description,
                   head.canonical, page.hreflang, offers, is_product, page.buy,
                   page.shown.get(None), page.cards)
    return summary, check.findings, frozenset(check.missing)


def read_pages(site: Site, reader: PageReader, now: datetime, rels: list[str]) -> list[PageRead]:
    """Read pages (in a forked worker, or here) and return each with its findings."""
    return [audit_page(rel, site, reader, now) for rel in rels]


def audit_site(output: Path, *, site_url: str | None = None, now: datetime | None = None,
               cache_dir: Path | None = None) -> AuditReport:
    """Audit the site built in ``output``; ``site_url`` defaults to what the site says.

    ``now`` (with a time zone) is when offers and sales must still be valid: unless given, the
    moment a `--date` preview was built for (``BUILD_FILE``), else the current time. With
    ``cache_dir`` only what changed since the last audit is read again (see ``memo``).
    """
    started = time.perf_counter()
    output = Path(output)
    site_url = site_url or infer_site_url(output)
    preview = build_moment(output) if now is None else None
    moment = now or preview or datetime.now(UTC)
    files, pages = walk_files(output)
    site = Site(output, site_url, files)
    env = "\0".join([code_digest(), site_url or "", moment.date().isoformat()])
    memo = Memo(cache_dir, env, files)
    root = str(output) + os.sep
    stamps = {rel: stamp(root + rel) for rel in pages}
    kept: dict[str, tuple[Page, list[Finding]]] = {}
    for rel in pages:
        hit = memo.get("page", rel, stamps[rel])
        if hit is not None:
            kept[rel] = hit
    todo = [rel for rel in pages if rel not in kept]
    chunks = split(todo, workers_available()) if len(todo) >= PARALLEL_FROM else [todo]
    in_feeds = Check(site, moment)  # the feeds' findings, apart from the pages'
    feeds: list[Feeds] = []
    read = run_chunks(partial(read_pages, site, PageReader(), moment), chunks,
                      meanwhile=lambda: feeds.append(read_feeds(in_feeds, memo)))
    for chunk in read:
        for page, found, missing in chunk:
            kept[page.path] = (page, found)
            memo.put("page", page.path, stamps[page.path], (page, found), missing)
    check = Check(site, moment)
    summaries: dict[str, Page] = {}  # the pages in order, from every worker and the memo
    for rel in pages:
        summaries[rel], found = kept[rel]
        check.findings += found
    check.findings += in_feeds.findings
    uniqueness_rules(summaries, check)
    hreflang_link_rules(summaries, check)
    feed_price_rules(summaries, feeds[0], check)
    card_price_rules(summaries, check)
    checkout_rules(summaries, feeds[0], check)
    if pages:
        sitemap_rules(summaries, check, memo)
    memo.save()
    report = AuditReport(output, site_url, len(pages), check.findings)
    report.pages_read = len(todo)
    report.preview = preview
    report.seconds = time.perf_counter() - started
    return report
