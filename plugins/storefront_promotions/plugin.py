"""Pelican wiring of the promotions plugin: campaigns are read with the store, sale prices are
applied to each market's view before anything is rendered, and the running campaign becomes
the ``promotion`` template global (the banner).

Thin on purpose: the campaign rules live in ``campaigns`` and ``pricing``. Because the sale is
applied to the market's products (``Product.sale``, sale ``price`` over the regular
``list_price``), the page, the JSON-LD, the feeds and the cards read one set of numbers.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storefront_catalog import signals
from storefront_catalog.context import BuildContext
from storefront_catalog.markets import COUPONS
from storefront_catalog.model import Product, Sale, last_day
from storefront_catalog.settings import build_now, plugin_enabled
from storefront_catalog.urls import Market
from storefront_core.errors import Problem, display_path
from storefront_core.files import link_or_copy, write_atomic
from storefront_core.fonts import FontSet, font_set

from . import calendar
from .checks import check_campaigns
from .festival_pages import FESTIVAL_PAGES, FestivalState, festival_states, slug_for
from .festival_plans import FestivalPlanner, festival_url
from .hero import FRAMES, HeroSpec, draw_hero, hero_key, renditions
from .hero_plan import (
    Hero,
    HeroView,
    hero_colors,
    hero_dates,
    hero_discount,
    hero_products,
    hero_view,
    make_hero,
    spec_photos,
)
from .model import FESTIVALS_FILE, Campaign
from .pricing import best_sale, coupon_codes, with_market_amounts
from .reader import load_campaigns, load_festival_slugs, load_overrides
from .schedule import Window, active
from .texts import badge_text, banner_text

NAME = "storefront_promotions"
#: where campaign background images are published (content-addressed names)
IMAGES_DIR = "promotions"


@dataclass(frozen=True)
class Running:
    """The campaign whose banner a market shows now (a view extra: part of every page's key)."""

    campaign: Campaign
    window: Window
    image_path: str | None  # published background image, relative to the output folder
    hero: Hero | None = None
    preview: datetime | None = None  # the moment a `--date` preview is built for
    festival_slug: str | None = None  # the festival page it links to (None: no festival)


@dataclass(frozen=True)
class Banner:
    """What the banner partial shows (see partials/promo_banner.html)."""

    id: str  # campaign id
    text: str
    coupon: str | None
    start: datetime  # aware, in the campaign's zone for the market
    end: datetime  # aware; exclusive
    background: str | None  # "#rrggbb"
    color: str | None
    image_url: str | None
    hero: HeroView | None = None  # the home page's campaign hero (partials/promo_hero.html)
    #: a `storefront build --date` preview: the moment the banner's clock starts from, so the
    #: preview shows the sale as it will be then, whatever the day it is opened
    preview: datetime | None = None
    #: the campaign's festival page (root-relative, from the URL map: "/de-de/black-friday/");
    #: None when the campaign follows no festival. The banner and the hero link to it.
    festival_url: str | None = None

    @property
    def preview_iso(self) -> str | None:
        return self.preview.isoformat() if self.preview is not None else None

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()

    @property
    def last_day(self) -> date:
        """The local date of the last moment of the sale (for "until 30 November")."""
        return last_day(self.end)


def register() -> None:
    signals.store_loaded.connect(apply_promotions)
    signals.catalog_ready.connect(add_festival_pages)
    signals.market_globals.connect(add_banner)
    signals.site_written.connect(publish_images)


def image_path(campaign: Campaign) -> str | None:
    """Where a campaign's background image is published, relative to the output folder, named
    by its content."""
    if campaign.image_path is None:
        return None
    digest = hashlib.sha256(campaign.image_path.read_bytes()).hexdigest()[:10]
    return f"{IMAGES_DIR}/{campaign.id}-{digest}{campaign.image_path.suffix.lower()}"


def apply_promotions(sender: Any, *, store: Any, settings: Mapping[str, Any], content_dir: Path,
                     root: Path | None, **_: Any) -> None:
    """Signal receiver (load_store): validate the campaigns, then put the running sales on
    each market's products and its banner in the view's extras."""
    if not plugin_enabled(settings, NAME):
        return
    festivals = calendar.festival_ids()
    campaigns, problems = load_campaigns(Path(content_dir), root, festivals=festivals)
    overrides, found = load_overrides(Path(content_dir), root, festivals=festivals)
    problems += found
    slugs, found = load_festival_slugs(Path(content_dir), root)
    problems += found
    now = build_now(settings)
    preview = now if settings.get("STORE_DATE") else None
    prices = store.prices  # derived market prices: a sale cuts what each market shows
    if prices is not None:
        campaigns = [with_market_amounts(c, store.markets.markets, prices.amount)
                     for c in campaigns]
    if not any(p.severity == "error" for p in problems):
        products = list(store.catalog.products) + list(store.catalog.drafts)
        problems += check_campaigns(campaigns, products, store.markets.markets, now, overrides,
                                    store.catalog.unbuilt,
                                    prices.products if prices is not None else None)
    store.problems += problems
    if any(p.severity == "error" for p in problems):
        return
    fonts: list[FontSet] = []  # made once, when a campaign has a hero image
    digests: dict[Path, str] = {}  # the photos' SHA-256, read once for every market

    def hero_fonts() -> FontSet:
        if not fonts:
            fonts.append(_fonts(settings, root))
        return fonts[0]

    for market in store.markets.markets:
        pages = festival_states(campaigns, market, now, overrides, slugs)
        clash = _slug_clash(pages, market, display_path(Path(content_dir) / FESTIVALS_FILE, root))
        if clash is not None:
            store.problems.append(clash)
            return
        if pages:  # the festival pages live all year, sale or not
            view = store.views[market.code]
            view.extras = {**view.extras, FESTIVAL_PAGES: pages}
        running = active(campaigns, market, now, overrides)
        if not running:
            continue
        view = store.views[market.code].with_products(_sale_applier(market, running))
        coupons = coupon_codes(view.catalog.products, market, running)
        if coupons:
            view.extras = {**view.extras, COUPONS: coupons}
        shown = next(((c, w) for c, w in running
                      if c.banner.get(market.code) or c.banner.get(market.lang)
                      or c.banner_msgid), None)
        if shown is not None:
            campaign, window = shown
            hero = (_hero(campaign, window, market, view.catalog.products, hero_fonts,
                          settings, digests) if campaign.hero else None)
            view.extras = {**view.extras, "promotion": Running(
                campaign, window, image_path(campaign), hero, preview,
                slug_for(campaign.festival, market, slugs) if campaign.festival else None)}
        store.views[market.code] = view


def _slug_clash(pages: tuple[FestivalState, ...], market: Market, file: str) -> Problem | None:
    """Two festivals of a market at one address (the same slug in content/festivals.yml)."""
    seen: dict[str, str] = {}
    for page in pages:
        other = seen.setdefault(page.slug, page.festival)
        if other != page.festival:
            return Problem(file, f"{page.festival}.slug",
                           f'{other} already has the address "{page.slug}" in {market.code} '
                           f"(/{market.code}/{page.slug}/); give each festival its own slug")
    return None


def _hero(campaign: Campaign, window: Window, market: Market, products: Sequence[Product],
          fonts: Callable[[], FontSet], settings: Mapping[str, Any],
          digests: dict[Path, str]) -> Hero | None:
    """The hero a campaign shows on the market's home page (None without banner text)."""
    if not banner_text(campaign, window, market):
        return None
    background, color, accent, label = hero_colors(campaign.colors)
    shown = hero_products(products, campaign.id)
    title = (calendar.festival_name(campaign.festival, market.lang,
                                    campaign.country or market.country or None)
             if campaign.festival else None)
    spec = HeroSpec(
        lang=market.lang, rtl=market.dir == "rtl", background=background, color=color,
        accent=accent, accent_text=label, title=title,
        discount=hero_discount(campaign, market) or badge_text(campaign, window, market),
        dates=hero_dates(window.first_day, window.last_day, market),
        photos=spec_photos(shown), image=campaign.image_path)
    return make_hero(spec, hero_key(spec, fonts(), digests), shown, market, settings)


def _fonts(settings: Mapping[str, Any], root: Path | None) -> FontSet:
    """The project's fonts, as the share cards have them (STORE_SOCIAL_CARDS fonts and
    font_dirs, validated there): a hero image draws its text like a card."""
    cards = settings.get("STORE_SOCIAL_CARDS") or {}
    return font_set(cards.get("fonts"), cards.get("font_dirs") or [], root or Path("."))


def _sale_applier(market: Market, running: list[tuple[Campaign, Window]]
                  ) -> Callable[[Product], Product]:
    def apply(product: Product) -> Product:
        found = best_sale(product, market, running)
        if found is None:
            return product
        window = found.window
        sale = Sale(found.campaign.id, window.start, window.end, found.regular,
                    badge_text(found.campaign, window, market))
        # a new digest: the product's pages, cards and feed items change with the sale
        digest = hashlib.sha256(
            f"{product.digest}\0{sale.campaign}\0{window.start}\0{window.end}\0"
            f"{found.product.price}\0{[v.price for v in found.product.variants]}".encode()
        ).hexdigest()
        return replace(found.product, sale=sale, digest=digest)

    return apply


def _hero_link(context: BuildContext, campaign: Campaign, market: Market, catalog: Any) -> str:
    """Where a hero's call to action leads without a festival page: the campaign's one
    collection, else the home page's products."""
    scope = campaign.scope
    if len(scope.categories) == 1 and not (scope.tags or scope.products or scope.skus):
        category = catalog.category(scope.categories[0]) if catalog is not None else None
        if category is not None:
            return context.urls.url(category, market)
    return "#featured-title"


def add_banner(context: BuildContext, *, market: Market, globals: dict[str, Any],
               catalog: Any = None, **_: Any) -> None:
    """Signal receiver (market globals): ``promotion``, the banner of the running campaign in
    the market's language (None when nothing runs)."""
    running = globals.get("promotion")
    if not isinstance(running, Running):
        globals["promotion"] = None
        return
    campaign, window = running.campaign, running.window
    text = banner_text(campaign, window, market, globals.get("gettext"))
    colors = campaign.colors
    urls = context.urls  # sites served below a path (SITEURL ".../shop") get "/shop/..."
    globals["promotion"] = Banner(
        id=campaign.id, text=text or "", coupon=campaign.coupon, start=window.start,
        end=window.end, background=colors.background if colors else None,
        color=colors.text if colors else None,
        image_url=urls.file_url(running.image_path) if running.image_path else None,
        hero=hero_view(running.hero, urls.file_url, _hero_link(context, campaign, market,
                                                               catalog))
        if running.hero else None,
        preview=running.preview,
        festival_url=festival_url(urls, market, running.festival_slug)
        if running.festival_slug else None,
    ) if text else None


def add_festival_pages(context: BuildContext, **_: Any) -> None:
    """Signal receiver (catalog ready): the festival pages join every market's plans."""
    if plugin_enabled(context.settings, NAME):
        context.festivals = FestivalPlanner(context.views)


def publish_images(context: BuildContext, *, output: Path, **_: Any) -> None:
    """Signal receiver (site written): copy the running campaigns' background images and
    draw (or reuse, by content address) their hero images."""
    fonts: list[FontSet] = []  # made only when a hero is drawn (a warm build draws none)

    def hero_fonts() -> FontSet:
        if not fonts:
            fonts.append(_fonts(context.settings, context.root))
        return fonts[0]

    cache = context.cache_dir / "promotions"
    for view in context.views.values():
        running = view.extras.get("promotion")
        if not isinstance(running, Running):
            continue
        if running.hero is not None:
            _publish_hero(running.hero, cache, output, hero_fonts)
        path = running.campaign.image_path
        if running.image_path is None or path is None:
            continue
        target = output / running.image_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(path, target)


def _publish_hero(hero: Hero, cache: Path, output: Path, fonts: Callable[[], FontSet]) -> None:
    """Draw and encode a hero's files into the cache (once per content key), then link them
    into the site."""
    folder = cache / f"hero-{hero.key}"
    files = hero.files()
    if not all((folder / Path(hero.path(*f)).name).exists() for f in files):
        folder.mkdir(parents=True, exist_ok=True)
        quality = dict(hero.quality)
        for frame in FRAMES:
            drawn = renditions(draw_hero(hero.spec, frame, fonts()), frame, hero.formats,
                               quality)
            for (width, fmt), data in drawn.items():
                write_atomic(folder / Path(hero.path(frame, width, fmt)).name, data)
    for f in files:
        target = output / hero.path(*f)
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(folder / target.name, target)
