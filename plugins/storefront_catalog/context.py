"""The build context: one typed object per build, passed to every step and storefront signal.

The products generator makes it once the catalog is read; plugins read what they need from it
and fill the slot that is theirs (``media``: the images plugin; ``cards``: the share cards;
``search``: the site search; ``festivals``: the festival pages),
instead of reading the generator or hanging attributes on Pelican's objects.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from storefront_core.digests import DigestIndex

from .markets import MarketCatalog, MarketSet
from .model import Catalog, Image
from .stats import BuildStats
from .urls import Market, UrlMap

if TYPE_CHECKING:
    from .plans import MarketInputs, PagePlan


class LangText(str):
    """Text that knows its language (a per-language setting that fell back to another)."""

    lang: str = ""

    @classmethod
    def of(cls, text: str, lang: str) -> LangText:
        out = cls(text)
        out.lang = lang
        return out


@dataclass
class SiteInfo:
    """Site identity passed to every template as ``site``."""

    name: str
    url: str
    tagline: str
    logo_url: str | None
    colors: dict[str, str]
    fonts: dict[str, str]
    contact_email: str | None
    inquiry_url: str | None
    shipping_note: str
    returns_note: str
    payment_methods: list[str]
    social: list[str]
    year: int  # for the copyright line


class Media(Protocol):
    """What the images plugin puts in ``BuildContext.media``: this build's processed photos."""

    def image_url(self, image: Image, width: int | None = None, absolute: str = "") -> str:
        """URL of the photo's JPEG (PNG) rendition closest to ``width`` (largest when None)."""
        ...

    def photo_keys(self) -> Mapping[Path, str]:
        """SHA-256 of every source photo read this build, by path."""
        ...

    def publish(self, output: Path) -> int:
        """Link every rendition into ``output``; the count."""
        ...


class ShareCard(Protocol):
    """A page's planned share card (what the page plan carries)."""

    @property
    def key(self) -> str:
        """Content address of the card: the page depends on it."""
        ...


class ShareCards(Protocol):
    """What the share-card plugin puts in ``BuildContext.cards``: this build's cards."""

    def plan(self, context: BuildContext) -> None:
        """Plan the card of every home, product and category page of every market."""
        ...

    def card_for(self, plan: PagePlan) -> ShareCard | None:
        """The card a planned page shows (None when its market has none)."""
        ...

    def draw(self) -> None:
        """Draw the planned cards missing from the card cache, on every core (called before
        the pages render, so the cards have the machine to themselves)."""
        ...


class Checkout(Protocol):
    """What storefront_checkout puts in ``BuildContext.checkout``: this build's buy targets."""

    def publish(self, output: Path) -> int:
        """Write every market's checkout manifest and provider files into ``output``; the
        count of files."""
        ...


class Search(Protocol):
    """What storefront_search puts in ``BuildContext.search``: this build's site search."""

    #: page kind -> the template of its search document: what the index reads of such a
    #: page (a small HTML file rendered beside the page, not the page itself)
    documents: Mapping[str, str]

    def start(self, context: BuildContext, output: Path,
              documents: Sequence[tuple[str, str, Path]]) -> None:
        """Start indexing every market's search ``documents`` (market code, the page's
        output path, the rendered file; one index per market, re-made only when its pages
        changed) and return at once; the indexes are waited for and put in place in
        ``output`` on ``site_staged``, after the audit."""
        ...


class FestivalPages(Protocol):
    """What storefront_promotions puts in ``BuildContext.festivals``: the pages it adds to
    each market (one per festival the market runs campaigns for)."""

    def plan(self, inputs: MarketInputs) -> list[PagePlan]:
        """The festival pages of the market ``inputs`` plans (linked to their alternates with
        the other pages)."""
        ...


@dataclass
class BuildContext:
    """Everything one build shares between its steps and plugins."""

    settings: dict[str, Any]
    root: Path  # the merchant's repository (holds content/)
    content_dir: Path
    theme: Path
    cache_dir: Path
    output: Path
    urls: UrlMap
    markets: MarketSet
    views: dict[str, MarketCatalog]  # market code -> what the market sells and shows
    catalog: Catalog
    #: UI translations and their digest, by market code (see ``i18n.market_translations``)
    ui: dict[str, tuple[gettext.NullTranslations, str]]
    sites: dict[str, SiteInfo]  # market code -> site identity in its language
    #: templates, theme static files and the code of the plugins this build runs
    code_digest: str
    stats: BuildStats
    plans: list[PagePlan] = field(default_factory=list)  # every page, once planned
    media: Media | None = None  # filled by storefront_images on catalog_ready
    cards: ShareCards | None = None  # filled by storefront_social_cards on catalog_ready
    checkout: Checkout | None = None  # filled by storefront_checkout on catalog_ready
    search: Search | None = None  # filled by storefront_search on catalog_ready
    festivals: FestivalPages | None = None  # filled by storefront_promotions on catalog_ready
    #: SHA-256 of source files (photos, fonts) by stamp: read each file once, not per step
    digests: DigestIndex = field(default_factory=DigestIndex)

    def release(self) -> None:
        """Forget what the pages and site files were made from once they are written: the
        catalog, the market views, the page plans and the plugins' slots but ``search`` (the
        running indexes, which ``site_staged`` waits for). The audit reads the written files;
        what a 20,000-product build held (hundreds of MB) would otherwise stay resident
        through it, and in every audit worker forked from this process."""
        self.catalog = Catalog(products=[], pages=[], categories=[])
        self.views = {}
        self.plans = []
        self.media = self.cards = self.checkout = self.festivals = None

    def translations(self, market: Market) -> gettext.NullTranslations:
        """The UI translations of ``market`` (its language's, or its region's: en_US)."""
        return self.ui[market.code][0]
