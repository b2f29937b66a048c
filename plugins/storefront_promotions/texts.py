"""Shoppers' text of a running campaign: its banner and badge in the market's language, with
the placeholders filled (pure functions)."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from babel.dates import format_date
from babel.numbers import format_percent

from storefront_catalog.money import format_money
from storefront_catalog.urls import Market

from . import calendar as festival_calendar
from .model import Campaign
from .schedule import Window

PLACEHOLDERS = ("discount", "start_date", "end_date", "coupon", "festival")


def discount_text(campaign: Campaign, market: Market) -> str | None:
    """The discount as the market writes it ("20 %", "10,00 €"); None when it has none there.

    >>> from decimal import Decimal
    >>> from storefront_promotions.model import Discount, Scope
    >>> de = Market("de-de", "de", "de_DE", "EUR")
    >>> c = Campaign("x", "x.yml", "X", None, Discount(percent=Decimal(20)), Scope(all=True))
    >>> discount_text(c, de)
    '20\\xa0%'
    """
    discount = campaign.discount
    if discount.percent is not None:
        return format_percent(discount.percent / 100, locale=market.locale,
                              decimal_quantization=False)
    if discount.amount:
        amount = discount.amount.get(market.currency)
        return None if amount is None else format_money(amount, market.currency, market.locale)
    return None


def _pick(texts: Mapping[str, str], msgid: str | None, market: Market,
          translate: Callable[[str], str] | None) -> str | None:
    template = texts.get(market.code) or texts.get(market.lang)
    if template is None and msgid is not None:
        template = translate(msgid) if translate else msgid
    return template


def banner_text(campaign: Campaign, window: Window, market: Market,
                translate: Callable[[str], str] | None = None) -> str | None:
    """The banner of a running campaign in the market's language with its placeholders
    filled; None when it has no text for that language. ``translate`` is the market
    language's gettext, for a msgid banner."""
    template = _pick(campaign.banner, campaign.banner_msgid, market, translate)
    return None if template is None else fill(template, campaign, window, market)


def badge_text(campaign: Campaign, window: Window, market: Market,
               translate: Callable[[str], str] | None = None) -> str | None:
    """The social-card badge in the market's language, placeholders filled (None: no badge)."""
    template = _pick(campaign.badge, campaign.badge_msgid, market, translate)
    return None if template is None else fill(template, campaign, window, market)


def fill(template: str, campaign: Campaign, window: Window, market: Market) -> str:
    """A banner or badge text with its placeholders replaced (unknown ones are kept)."""
    values = {
        "discount": discount_text(campaign, market),
        "start_date": format_date(window.first_day, format="long", locale=market.locale),
        "end_date": format_date(window.last_day, format="long", locale=market.locale),
        "coupon": campaign.coupon,
        "festival": (festival_calendar.festival_name(campaign.festival, market.lang,
                                                     campaign.country or market.country or None)
                     if campaign.festival else None),
    }
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:  # a broken translation: show it as written rather than fail the build
        return template
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        value = values.get(name)
        if value is None:
            rest = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            out.append("{" + name + rest + "}")
        else:
            out.append(value)
    return "".join(out)
