"""Page plans: a small catalog in two markets planned without Pelican (canonical URLs,
hreflang alternates with x-default, noindex, kinds, dependencies, share cards)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from storefront_catalog.context import SiteInfo
from storefront_catalog.markets import MarketSet
from storefront_catalog.model import Catalog, Category, Image, Page, Product
from storefront_catalog.plans import (
    MarketInputs,
    PagePlan,
    link_alternates,
    page_context,
    plan_market,
    with_cards,
)
from storefront_catalog.settings import SETTINGS, apply_defaults
from storefront_catalog.urls import Market, UrlMap

SITE = "https://shop.example.com"
US = Market("en-us", "en", "en_US", "USD", prefix="en-us", country="US")
DE = Market("de-de", "de", "de_DE", "EUR", prefix="de-de", country="DE")
MARKETS = MarketSet((US, DE))


def product(slug: str, **kw: Any) -> Product:
    base: dict[str, Any] = dict(
        slug=slug, source_dir=Path(slug), source_file=Path(f"content/products/{slug}/index.md"),
        title=slug.title(), sku=slug.upper(), brand="B", category=("Writing",), summary="s",
        body_html="", digest=f"digest-{slug}",
        price={"USD": Decimal("10"), "EUR": Decimal("9")},
        images=(Image("front.jpg", Path("front.jpg"), "front", "alt"),))
    base.update(kw)
    return Product(**base)


def catalog(products: list[Product]) -> Catalog:
    writing = Category(("Writing",), ("writing",), products=list(products))
    pages = [Page("about", Path("content/pages/about.md"), "About", "", "d-about"),
             Page("legal", Path("content/pages/legal.md"), "Legal", "", "d-legal", noindex=True)]
    return Catalog(products=list(products), pages=pages, categories=[writing])


def site() -> SiteInfo:
    return SiteInfo("Shop", SITE, "Good pens", None, {}, {}, None, None, "", "", [], [], 2026)


def plans_of(markets: MarketSet = MARKETS) -> list[PagePlan]:
    """Both markets planned and linked: the pen everywhere, the ink (not sold in the default
    market) only in Germany."""
    settings: dict[str, Any] = {"SITENAME": "Shop", "SITEURL": SITE}
    apply_defaults(settings, SETTINGS)
    urls = UrlMap(SITE)
    pen, ink = product("pen"), product("ink")
    sold = {"en-us": [pen], "de-de": [pen, ink]}
    plans: list[PagePlan] = []
    for market in markets.markets:
        plans += plan_market(MarketInputs(
            market=market, markets=markets, catalog=catalog(sold[market.code]), site=site(),
            urls=urls, settings=settings, root=Path("."), nav_digest=f"nav-{market.code}",
            card_digest=lambda p, level: f"card-{p.slug}-{level}", gettext=lambda s: s))
    return link_alternates(plans, markets, urls)


def find(plans: list[PagePlan], market: Market, key: tuple[Any, ...]) -> PagePlan:
    return next(p for p in plans if p.market == market and p.key == key)


def test_each_market_gets_its_pages_and_the_default_market_the_root_pages() -> None:
    plans = plans_of()
    assert [(p.market.code, p.kind) for p in plans] == [
        ("en-us", "home"), ("en-us", "product"), ("en-us", "category"), ("en-us", "page"),
        ("en-us", "page"), ("en-us", "chooser"), ("en-us", "404"),
        ("de-de", "home"), ("de-de", "product"), ("de-de", "product"), ("de-de", "category"),
        ("de-de", "page"), ("de-de", "page"),
    ]
    pen = find(plans, DE, ("product", "pen"))
    assert pen.url == f"{SITE}/de-de/products/pen/"
    assert pen.output == "de-de/products/pen/index.html"
    assert pen.template == "product.html" and isinstance(pen.item, Product)
    assert find(plans, US, ("chooser",)).output == "index.html"


def test_alternates_link_every_market_showing_the_page_and_name_x_default() -> None:
    plans = plans_of()
    pen = find(plans, US, ("product", "pen"))
    assert [(m.code, url) for m, url in pen.alternates] == [
        ("en-us", f"{SITE}/en-us/products/pen/"), ("de-de", f"{SITE}/de-de/products/pen/")]
    assert pen.x_default == f"{SITE}/en-us/products/pen/"
    # the ink is not sold in the default market: its only page is its own x-default
    ink = find(plans, DE, ("product", "ink"))
    assert [(m.code, url) for m, url in ink.alternates] == [
        ("de-de", f"{SITE}/de-de/products/ink/")]
    assert ink.x_default == f"{SITE}/de-de/products/ink/"
    # the switcher of a page missing in a market sends shoppers to that market's home
    assert [(m.code, url) for m, url in ink.switch] == [
        ("en-us", "/en-us/"), ("de-de", "/de-de/products/ink/")]
    # home pages: the root chooser is their x-default; the chooser lists every home
    home = find(plans, DE, ("home",))
    assert home.x_default == f"{SITE}/"
    chooser = find(plans, US, ("chooser",))
    assert [url for _, url in chooser.alternates] == [f"{SITE}/en-us/", f"{SITE}/de-de/"]
    not_found = find(plans, US, ("404",))
    assert not_found.alternates == () and not_found.x_default is None


def test_noindex_and_dependencies() -> None:
    plans = plans_of()
    assert find(plans, US, ("page", "legal")).noindex
    assert not find(plans, US, ("page", "about")).noindex
    assert find(plans, US, ("404",)).noindex
    # navigation, the product, the cards of its related products, then its alternates
    pen = find(plans, DE, ("product", "pen"))
    assert pen.depends[:3] == ("nav-de-de", "digest-pen", "card-ink-3") and len(pen.depends) == 4
    assert find(plans, US, ("product", "pen")).depends[:2] == ("nav-en-us", "digest-pen")
    category = find(plans, DE, ("category", "writing", 1))
    assert category.depends[1:3] == ("card-pen-2", "card-ink-2")


def test_one_market_has_no_alternates_and_no_chooser() -> None:
    plans = plans_of(MarketSet((Market("en-us", "en", "en_US", "USD", country="US"),)))
    assert "chooser" not in [p.kind for p in plans]
    assert all(p.alternates == () and p.x_default is None and p.switch == () for p in plans)


def test_template_context_is_made_from_the_plan() -> None:
    plan = find(plans_of(), DE, ("category", "writing", 1))
    context = page_context(plan, {"market": DE})
    assert context["page_kind"] == "category" and context["canonical"] == plan.url
    assert context["market"] == DE and context["plan"] is plan
    assert [m.code for m, _ in context["alternates"]] == ["en-us", "de-de"]
    assert context["paginator"].count == 1 and context["noindex"] is False


class Card:
    def __init__(self, key: str):
        self.key = key


class Cards:
    def plan(self, context: Any) -> None:
        pass

    def card_for(self, plan: PagePlan) -> Card | None:
        return None if plan.kind == "404" else Card(f"card:{plan.market.code}:{plan.key}")


def test_a_page_carries_its_share_card_and_depends_on_it() -> None:
    plans = with_cards(plans_of(), Cards())
    pen = find(plans, DE, ("product", "pen"))
    assert pen.card is not None and pen.depends[-1] == pen.card.key
    assert find(plans, US, ("404",)).card is None
