"""What a campaign's hero shows in one market, and the files and markup it is published as
(pure functions from the campaign, the market and its products)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_percent

from storefront_catalog.model import Product
from storefront_catalog.urls import Market
from storefront_core.imaging import DEFAULT_QUALITY, EXTENSIONS, MIME_TYPES

from .fields import contrast_ratio
from .hero import (
    DESKTOP,
    DESKTOP_MEDIA,
    FRAMES,
    MAX_PHOTOS,
    MOBILE,
    MOBILE_MEDIA,
    Frame,
    HeroSpec,
)
from .model import Campaign, Colors

#: where hero images are published, relative to the output folder
HERO_DIR = "promotions/hero"
#: the displayed width of each composition (store.css: the page's wrap, 1240 px less padding)
SIZES = {MOBILE.name: "calc(100vw - 2rem)",
         DESKTOP.name: "(min-width: 1240px) 1176px, calc(100vw - 4rem)"}


def hero_products(products: Sequence[Product], campaign_id: str,
                  limit: int = MAX_PHOTOS) -> list[Product]:
    """The products a hero shows: those on this campaign's sale (all featured products of a
    coupon campaign, which changes no price), featured first, then by folder name."""
    chosen = [p for p in products if p.sale is not None and p.sale.campaign == campaign_id]
    if not chosen:
        chosen = [p for p in products if p.featured]
    return sorted(chosen, key=lambda p: (not p.featured, p.slug))[:limit]


def hero_discount(campaign: Campaign, market: Market) -> str | None:
    """The discount as a sticker says it, with a real minus sign ("−20 %" in German).

    >>> from decimal import Decimal
    >>> from storefront_promotions.model import Discount, Scope
    >>> c = Campaign("x", "x.yml", "X", None, Discount(percent=Decimal(20)), Scope(all=True))
    >>> hero_discount(c, Market("de-de", "de", "de_DE", "EUR"))
    '−20\\xa0%'
    >>> hero_discount(c, Market("en-us", "en", "en_US", "USD"))
    '−20%'
    """
    percent = campaign.discount.percent
    if percent is None:
        return None
    text = format_percent(-percent / 100, locale=market.locale, decimal_quantization=False)
    return text.replace("-", "\u2212", 1)


def hero_dates(first: date, last: date, market: Market) -> str:
    """The sale's days, short, as the market writes them ("Nov 24 – 30", "24.–30. Nov.").

    >>> de = Market("de-de", "de", "de_DE", "EUR")
    >>> hero_dates(date(2026, 11, 24), date(2026, 11, 30), de)
    '24.–30. Nov.'
    """
    if first == last:
        return format_skeleton("MMMd", first, locale=market.locale)
    return format_interval(first, last, skeleton="MMMd", locale=market.locale)


def hero_colors(colors: Colors | None) -> tuple[str, str, str, str]:
    """Background, text, sticker and sticker-label colours: the sticker's label is whichever
    campaign colour reads better on the accent (its 4.5:1 was checked when the file was read).

    >>> hero_colors(Colors("#111111", "#ffffff", "#f5c518"))
    ('#111111', '#ffffff', '#f5c518', '#111111')
    """
    background = colors.background if colors else "#111111"
    text = colors.text if colors else "#ffffff"
    accent = (colors.accent if colors else None) or text
    label = max((background, text), key=lambda c: contrast_ratio(c, accent))
    return background, text, accent, label


@dataclass(frozen=True)
class Hero:
    """A campaign's hero for one market: what it shows, its key and the formats it is in."""

    spec: HeroSpec
    key: str  # content address (hero_key, the formats and qualities)
    products: str  # the products shown, as a list in the market's language (the image's alt)
    formats: tuple[str, ...]  # modern formats first, the fallback (JPEG) last
    quality: tuple[tuple[str, int], ...]

    def path(self, frame: Frame, width: int, fmt: str) -> str:
        """Where one file is published, relative to the output folder."""
        return (f"{HERO_DIR}/{self.spec.lang}-{self.key[:12]}-{frame.name}-{width}."
                f"{EXTENSIONS[fmt]}")

    def files(self) -> list[tuple[Frame, int, str]]:
        """Every published file: (composition, width, format)."""
        return [(f, w, fmt) for f in FRAMES for w in f.widths for fmt in self.formats]


def make_hero(spec: HeroSpec, spec_key: str, products: Sequence[Product], market: Market,
              settings: Mapping[str, Any]) -> Hero:
    """The hero of ``spec`` in the formats and qualities product photos are encoded in."""
    configured = [str(f) for f in settings.get("IMAGE_FORMATS") or ("webp", "jpeg")]
    modern = [f for f in ("avif", "webp") if f in configured]
    formats = (*modern, "jpeg")
    quality = {**DEFAULT_QUALITY, **(settings.get("IMAGE_QUALITY") or {})}
    used = tuple(sorted((f, int(quality[f])) for f in formats))
    key = hashlib.sha256(json.dumps([spec_key, formats, used]).encode()).hexdigest()
    titles = format_list([p.title for p in products], locale=market.locale) if products else ""
    return Hero(spec, key, titles, formats, used)


@dataclass(frozen=True)
class HeroSource:
    """One ``<source>`` of the hero's ``<picture>``."""

    media: str | None
    type: str
    srcset: str
    sizes: str
    width: int
    height: int


@dataclass(frozen=True)
class HeroView:
    """What partials/promo_hero.html shows: the picture's sources and image, its alt text's
    product list, the call to action's fallback link and the colours."""

    sources: tuple[HeroSource, ...]
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    products: str
    link: str  # the campaign's collection, or the home page's products
    background: str
    color: str
    accent: str
    accent_text: str
    #: the most modern format of each composition, with the media it shows at: preloaded in
    #: the page's head, so the largest paint's request starts with the first bytes
    preloads: tuple[HeroSource, ...] = ()


def hero_view(hero: Hero, file_url: Callable[[str], str], link: str) -> HeroView:
    """The markup's data: per composition and format a srcset (mobile first, with its media
    query; the desktop JPEG is the ``<img>``)."""

    def srcset(frame: Frame, fmt: str) -> str:
        return ", ".join(f"{file_url(hero.path(frame, w, fmt))} {w}w" for w in frame.widths)

    sources = []
    for frame, media in ((MOBILE, MOBILE_MEDIA), (DESKTOP, None)):
        for fmt in hero.formats:
            if frame is DESKTOP and fmt == "jpeg":
                continue  # the <img>
            sources.append(HeroSource(media, MIME_TYPES[fmt], srcset(frame, fmt),
                                      SIZES[frame.name], frame.width, frame.height))
    first = hero.formats[0]
    preloads = tuple(HeroSource(media, MIME_TYPES[first], srcset(frame, first),
                                SIZES[frame.name], frame.width, frame.height)
                     for frame, media in ((MOBILE, MOBILE_MEDIA), (DESKTOP, DESKTOP_MEDIA)))
    spec = hero.spec
    return HeroView(
        tuple(sources), file_url(hero.path(DESKTOP, DESKTOP.widths[1], "jpeg")),
        srcset(DESKTOP, "jpeg"), SIZES[DESKTOP.name], DESKTOP.width, DESKTOP.height,
        hero.products, link, spec.background, spec.color, spec.accent, spec.accent_text,
        preloads)


def spec_photos(products: Sequence[Product]) -> tuple[Path, ...]:
    """The main photo of each product a hero shows."""
    return tuple(p.images[0].source for p in products if p.images)
