"""Audit a built site as a crawler reads it: head tags, structured data, links, prices, sitemaps.

``audit_site(output)`` reads the published files only (never the catalog model): every HTML
page is parsed once with lxml, per-page rules run on it, and the rules that compare pages with
each other (uniqueness per market, hreflang return links, sitemap coverage, feed prices) run
once every page is read. The result is an ``AuditReport`` of ``Finding`` objects, each naming
a rule of ``RULES``, the file (relative to the output folder) and what to fix.

What a page is
    Every ``*.html`` file. Its market is its ``<html lang>`` (titles and descriptions must be
    unique per market); a ``<meta name="robots" content="noindex">`` page is not indexable:
    it is exempt from the uniqueness, canonical and sitemap rules but still checked for broken
    links, images and structured data.
Internal URLs
    Root-relative (``/media/a.jpg``), relative, or absolute on the site's origin; the query and
    fragment are ignored (``/theme/css/store.css?v=1``); ``/a/`` is ``/a/index.html``. The
    site URL is the build's ``SITEURL``, else read from robots.txt's ``Sitemap:`` line or the
    home page's canonical link.
Prices
    The visible ``.price__now`` text is parsed with Babel in the page's ``<html lang>`` locale
    and must equal the JSON-LD offer price, ``product:price:amount`` and the price of the feed
    items (``g:id`` = the SKU, ``link`` = the page) in ``feeds/<market>/merchant.xml`` and
    ``meta.csv`` (the sale price while a dated sale runs). On a page with variants each
    ``<template data-offer-for="SKU">`` is compared with that variant's Offer. Each SKU of a
    checkout manifest (``<market>/checkout.json``, read as a file) must cost what its page's
    Offer and the feeds say, and its checkout target must be its page's buy action
    (``[data-buy]``).
Speed and incremental audits
    See ``run`` (each page parsed once, forked workers from ``PARALLEL_FROM`` pages) and
    ``memo`` (with ``cache_dir``, only the files changed since the last audit are read again).

Severities: an error stops the build, so it is kept for what is broken or misleading: a link,
share image or sitemap URL to nothing, prices that disagree (page, JSON-LD, og, feeds), invalid
structured data or GTINs, hreflang mistakes, a missing or wrong canonical, an ended sale still
offered or bannered, a page without <title> or lang. Everything else is advice, a warning
(`storefront audit --strict` fails on them): lengths, duplicate titles and descriptions (a
5,000-product catalog may hold two products of one name; Google shows both), a missing
description, Open Graph or X tags, share-image alt and size, image alt and size, the
recommended Product properties, feed coverage and sitemap completeness.

The modules, in the order an audit runs: ``rules`` (the rules table, ``Finding``,
``AuditReport``), ``values`` (amounts, shown prices, GTINs, dates), ``site`` (the published
files and URLs), ``page`` (a page as ``PageData``), ``page_rules`` and ``product_rules`` (the
rules of one page), ``feed_items`` (the feeds), ``site_rules`` (the rules across pages),
``checkout_rules`` (the checkout manifests), ``memo`` (what earlier audits read) and ``run``
(``audit_site``). This package exports the
public API the `storefront` command and the build use.
"""

from __future__ import annotations

from .rules import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    ERROR,
    RULES,
    RULES_BY_ID,
    TITLE_MAX,
    WARNING,
    X_DESCRIPTION_MAX,
    X_TITLE_MAX,
    AuditReport,
    Finding,
    Rule,
    rule_line,
)
from .run import BUILD_FILE, audit_site, build_moment, write_build_moment
from .site import infer_site_url
from .values import gtin_problem, parse_feed_price, parse_shown_price

__all__ = [
    "BUILD_FILE",
    "DESCRIPTION_MAX",
    "DESCRIPTION_MIN",
    "ERROR",
    "RULES",
    "RULES_BY_ID",
    "TITLE_MAX",
    "WARNING",
    "X_DESCRIPTION_MAX",
    "X_TITLE_MAX",
    "AuditReport",
    "Finding",
    "Rule",
    "audit_site",
    "build_moment",
    "gtin_problem",
    "infer_site_url",
    "parse_feed_price",
    "parse_shown_price",
    "rule_line",
    "write_build_moment",
]
