"""Pelican wiring of the SEO plugin: site-wide files after the pages are written.

Thin on purpose: everything it writes comes from the pure builders in this package
(``feeds``, ``sitemaps``), fed with the same market views, URL map and offers as the pages.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from storefront_catalog.caches import settings_fingerprint
from storefront_catalog.context import BuildContext, Media, SiteInfo
from storefront_catalog.model import Page, Product
from storefront_catalog.money import offer_view
from storefront_catalog.plans import PagePlan
from storefront_catalog.settings import build_now
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, StorefrontError
from storefront_core.files import atomic_open, link_tree, write_atomic
from storefront_core.forkpool import run_chunks, split, workers_available

from .feeds import FeedItem, feed_items, plain_text, write_merchant_rss, write_meta_csv
from .feeds import Sale as FeedSale
from .jsonld import (
    JsonObject,
    JsonText,
    breadcrumb_jsonld,
    json_text,
    offer_valid_until,
    product_jsonld,
    script_tag,
    store_id,
    store_jsonld,
    website_jsonld,
)
from .jsonld_reviews import reviews_jsonld
from .lastmod import LastmodResolver
from .review_feed import ReviewedProduct, review_feed
from .seo_settings import (
    ShippingRule,
    check_returns,
    check_shipping,
    parse_returns,
    parse_shipping,
    shipping_gaps,
)
from .sitemaps import INDEX_PATH, SitemapEntry, build_sitemaps, check_robots_rules, robots_txt

FEEDS_DIR = "feeds"
#: Google Merchant Center's product reviews feed: one store-wide file at a stable URL
REVIEWS_FEED = f"{FEEDS_DIR}/reviews.xml"


def register() -> None:
    from pelican import signals as pelican_signals

    from storefront_catalog import signals

    pelican_signals.initialized.connect(check_seo_settings)
    signals.market_globals.connect(add_globals)
    signals.site_written.connect(write_site_files)


def check_seo_settings(pelican: Any) -> None:
    """Stop the build before any work when STORE_SHIPPING, STORE_RETURNS or STORE_ROBOTS is
    wrong, with a message naming the setting."""
    problems = []
    settings = pelican.settings
    for name, check in (("STORE_SHIPPING", check_shipping), ("STORE_RETURNS", check_returns),
                        ("STORE_ROBOTS", check_robots_rules)):
        value = settings.get(name)
        message = check(value) if value else None
        if message:
            problems.append(Problem("pelicanconf.py", name, message))
    if problems:
        raise StorefrontError(problems)


def add_globals(context: BuildContext, *, market: Market, globals: dict[str, Any],
                site: SiteInfo, **_: Any) -> None:
    """Signal receiver: ``structured_data()`` for the templates, one per market.

    Product pages get their Product (or ProductGroup), the BreadcrumbList they show and the
    OnlineStore their offers reference (with the shipping service of the market's country
    only: the one their offers name); home pages and the root chooser the OnlineStore and
    the WebSite (Google reads the site name at the root).
    """
    settings = context.settings
    markets = context.markets
    site_url = settings["SITEURL"].rstrip("/")
    shipping = parse_shipping(settings.get("STORE_SHIPPING") or {}, site_url=site_url)
    returns = parse_returns(settings.get("STORE_RETURNS"), site_url=site_url,
                            countries=[m.country for m in markets.markets if m.country])
    seller = store_id(site_url)
    urls = context.urls
    def store_with(services: Sequence[ShippingRule]) -> JsonText:
        return json_text(store_jsonld(  # the same on every page: written once per market
            site.name, markets.markets, url=urls.abs_file_url(""),
            logo_url=site.logo_url and f"{urls.origin}{site.logo_url}", same_as=site.social,
            email=site.contact_email, shipping=services, return_policy=returns))

    store = store_with(shipping)  # home pages and the chooser: every destination
    # a product page's offers ship to its market's country: its store lists that service,
    # so each reference has its object on the page without every country's rates
    page_store = store_with([rule for rule in shipping if rule.country == market.country])
    today = build_now(settings).date()
    valid_until = offer_valid_until(today)
    media = context.media
    translate = context.translations(market).gettext

    @pass_context
    def structured_data(ctx: Any) -> Markup:
        plan: PagePlan | None = ctx.get("plan")
        kind = plan.kind if plan is not None else None
        objects: list[JsonObject | JsonText] = []
        if plan is not None and isinstance(plan.item, Product):
            product = plan.item
            image_urls = {img.file: media.image_url(img, None, urls.origin)
                          for img in product.images} if media else {}
            sale = product.sale
            data = product_jsonld(
                product, market, url=plan.url, image_urls=image_urls,
                offer_for=lambda v: offer_view(product, market.currency, v), seller_id=seller,
                shipping=shipping, return_policy=returns,
                price_valid_until=offer_valid_until(today, ends=sale.last_day)
                if sale else valid_until,
                valid_from=sale.start if sale else None,
                show_rating=product.rating is not None)
            marked = reviews_jsonld(product.reviews, plan.url)
            if marked:  # only the store's own reviews (Google's review-snippet rules)
                data["review"] = marked
            objects.append(data)
        crumbs = ctx.get("breadcrumbs") or []
        if kind in ("product", "category") and len(crumbs) > 1:
            objects.append(breadcrumb_jsonld([
                (translate(name) if i == 0 else name, urls.origin + href)
                for i, (name, href) in enumerate(crumbs)]))
        if kind == "product":
            objects.append(page_store)
        elif kind in ("home", "chooser"):
            objects.append(store)
        if kind in ("chooser", "home"):  # the root one is where Google reads the site name
            objects.append(website_jsonld(site.name, urls.abs_file_url(""), publisher_id=seller))
        return script_tag(*objects) if objects else Markup("")

    globals["structured_data"] = structured_data


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, making its folder first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


def write_site_files(context: BuildContext, *, output: Path, **_: Any) -> None:
    """Signal receiver: sitemaps, robots.txt and the shopping feeds of every market."""
    settings = context.settings
    if settings.get("STORE_SHIPPING"):  # declared, but not for every market: say which
        rules = parse_shipping(settings["STORE_SHIPPING"], site_url=settings["SITEURL"])
        context.stats.warnings.extend(shipping_gaps(rules, context.markets.markets))
    key = _inputs_digest(context)
    cached = context.cache_dir / "site-files" / key
    if cached.is_dir():  # nothing they are made from changed: the files of the last build
        link_tree(cached, output)
        return
    _write_site_files(context, output)
    shutil.rmtree(cached.parent, ignore_errors=True)  # only the newest set is kept
    cached.parent.mkdir(parents=True)
    # filled beside, then renamed: a build killed midway leaves no half set to be reused
    filling = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cached.parent))
    for path in _site_files(output):
        target = filling / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(output / path, target)
    os.replace(filling, cached)
    link_tree(cached, output)  # the same files (inodes) as the next builds': no audit re-read


def _inputs_digest(context: BuildContext) -> str:
    """What the site files are made from: every page's data digests, the code, git HEAD."""
    h = hashlib.sha256(context.code_digest.encode())
    for plan in context.plans:
        h.update("\0".join([plan.output, *plan.depends]).encode())
    h.update(_git_head(context.root).encode())
    return h.hexdigest()[:32]


def _git_head(root: Path) -> str:
    """The commit checked out (sitemap dates follow commits), "" outside git."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                             text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _site_files(root: Path) -> list[Path]:
    """The files this plugin writes, relative to ``root``."""
    found = [*root.glob("sitemap*.xml"), root / "robots.txt", *(root / FEEDS_DIR).rglob("*")]
    return sorted(p.relative_to(root) for p in found if p.is_file())


def _write_site_files(context: BuildContext, output: Path) -> None:
    """The feeds of each market in forked workers while this process writes the sitemaps
    (git history, one file per market) and robots.txt."""
    settings, markets, views, urls = context.settings, context.markets, context.views, context.urls
    library = context.media
    memo = _FeedMemo(context.cache_dir / "feed-items.pickle",
                     context.code_digest + repr(settings_fingerprint(settings)))
    strip_html = lru_cache(maxsize=None)(plain_text)  # markets sharing a language share text
    by_code = {m.code: m for m in markets.markets}

    def write_feeds(codes: list[str]) -> dict[str, list[FeedItem]]:
        """Write these markets' feeds; the items made or reused, for the memo."""
        for code in codes:
            market = by_code[code]
            items = []
            for product in views[code].catalog.products:
                image_urls = {
                    img.file: library.image_url(img, None, urls.origin) if library else ""
                    for img in product.images
                }
                url = urls.abs_url(product, market)
                key = "\0".join([repr(market), product.slug, product.digest, url,
                                 *image_urls.values()])
                made = memo.get(key)
                if made is None:
                    made = memo.put(key, feed_items(
                        product.sale.regular if product.sale else product, market, url=url,
                        image_urls=image_urls, shipping=settings.get("STORE_SHIPPING"),
                        strip_html=strip_html, sale=_feed_sale(product, market)))
                items += made
            site = context.sites[code]
            folder = output / FEEDS_DIR / code
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_open(folder / "merchant.xml") as fh:  # written item by item
                write_merchant_rss(
                    fh, items, title=f"{site.name} ({code})", link=urls.abs_url("home", market),
                    description=str(site.tagline or site.name), language=market.hreflang)
            with atomic_open(folder / "meta.csv") as fh:
                write_meta_csv(fh, items)
        return memo.new

    def sitemaps_and_robots() -> None:
        write_sitemaps(context, output)
        write_file(output / REVIEWS_FEED, review_feed(
            reviewed_products(context), publisher=context.sites[markets.default.code].name))
        (output / "robots.txt").write_text(
            robots_txt(urls.abs_file_url(""), rules=settings.get("STORE_ROBOTS"),
                       sitemap_url=urls.abs_file_url(INDEX_PATH)), encoding="utf-8")

    chunks = split(list(by_code), workers_available())
    for made in run_chunks(write_feeds, chunks, meanwhile=sitemaps_and_robots):
        memo.new.update(made)
    memo.save()


def reviewed_products(context: BuildContext) -> list[ReviewedProduct]:
    """Every product with first-party reviews, with its page in the first market (default
    first) that sells it: the review feed names one page per product."""
    seen: set[str] = set()
    out = []
    for market in context.markets.markets:
        for product in context.views[market.code].catalog.products:
            if product.slug not in seen and any(r.first_party for r in product.reviews):
                seen.add(product.slug)
                out.append(ReviewedProduct(product, context.urls.abs_url(product, market)))
    return out


def _feed_sale(product: Product, market: Market) -> dict[str, FeedSale] | None:
    """The running sale of each item of a product (sale price and dates), for the feeds:
    they send the regular price with a dated ``sale_price``."""
    sale = product.sale
    if sale is None:
        return None
    out = {}
    regular_variants = sale.regular.variants or (None,)
    for variant, was in zip(product.variants or (None,), regular_variants, strict=True):
        offer = offer_view(product, market.currency, variant)
        regular = offer_view(sale.regular, market.currency, was)
        if offer is not None and regular is not None and offer.moq_total < regular.moq_total:
            out[variant.sku if variant else product.sku] = FeedSale(offer, sale.start, sale.end)
    return out


class _FeedMemo:
    """Feed items of the last build by product (its digest, market, URL and photos), so an edit
    to one product does not rebuild every item of every market."""

    def __init__(self, path: Path, env: str) -> None:
        self.path, self.env = path, env
        self.old: dict[str, list[FeedItem]] = {}
        self.new: dict[str, list[FeedItem]] = {}
        try:
            with path.open("rb") as fh:
                env_was, old = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return  # no memo, or a damaged one: only a slower build
        if env_was == env and isinstance(old, dict):
            self.old = old

    def get(self, key: str) -> list[FeedItem] | None:
        found = self.old.get(key)
        if found is not None:
            self.new[key] = found
        return found

    def put(self, key: str, items: list[FeedItem]) -> list[FeedItem]:
        self.new[key] = items
        return items

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(self.path) as fh:  # pickled into the file: no copy of it in memory
            pickle.dump((self.env, self.new), fh, pickle.HIGHEST_PROTOCOL)


def write_sitemaps(context: BuildContext, output: Path) -> None:
    """One sitemap per market (plus the index) from the planned pages: every indexable page
    with its hreflang alternates, its product photos and a lastmod from git history."""
    resolver = LastmodResolver(context.root, context.cache_dir / "lastmod.json",
                               digests=context.digests)
    entries: dict[str, list[SitemapEntry]] = {m.code: [] for m in context.markets.markets}
    for plan in context.plans:
        if plan.noindex or plan.kind == "404":
            continue
        entries[plan.market.code].append(
            sitemap_entry(plan, resolver, context.media, context.urls.origin))
    for path, data in build_sitemaps(entries, context.urls.abs_file_url("")).items():
        write_file(output / path, data)
    resolver.save()
    for warning in resolver.warnings:
        context.stats.warnings.append(warning)


def sitemap_entry(plan: PagePlan, resolver: LastmodResolver, media: Media | None,
                  origin: str) -> SitemapEntry:
    """A planned page's sitemap entry: its alternates (x-default included, as its head says),
    its product's photos and its last change."""
    alternates = [(m.hreflang, href) for m, href in plan.alternates]
    if alternates and plan.x_default:
        alternates.append(("x-default", plan.x_default))
    images: list[str] = []
    lastmod = None
    if isinstance(plan.item, Product):
        if media is not None:
            images = [media.image_url(img, None, origin) for img in plan.item.images]
        lastmod = resolver.lastmod([plan.item.source_dir])
    elif isinstance(plan.item, Page):
        lastmod = resolver.lastmod(_page_files(plan.item))
    return SitemapEntry(loc=plan.url, alternates=alternates, images=images, lastmod=lastmod)


def _page_files(page: Page) -> list[Path]:
    """A static page's file and its translations."""
    stem = page.source_file.name.removesuffix(".md")
    return sorted(page.source_file.parent.glob(f"{stem}.*md"))
