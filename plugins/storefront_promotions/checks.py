"""What ``storefront check`` says about campaigns: their markets, scope, languages, dates and
prices against the catalog and the next year, and where they overlap."""

from __future__ import annotations

import itertools
import zoneinfo
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from storefront_catalog.model import Product, Unbuilt, category_paths
from storefront_catalog.urls import Market
from storefront_catalog.validate import did_you_mean
from storefront_core.errors import Problem

from . import pricing
from .calendar import Occurrence, Overrides
from .model import FESTIVALS_FILE, MAX_OFFSET, SCOPE_FIELDS, Campaign
from .schedule import festival_occurrences, show_moment, utc, windows, years_around

#: how far ahead ``check_campaigns`` looks for a campaign that never runs, and for overlaps
HORIZON = timedelta(days=365)
_SHOWN_MAX = 3  # names listed in one message before "and N more"


#: each market's products priced in its currency, by market code and slug
Priced = Mapping[str, Mapping[str, Product]]

def check_campaigns(campaigns: Sequence[Campaign], products: Sequence[Product],
                    markets: Sequence[Market], at: datetime,
                    overrides: Overrides | None = None,
                    unbuilt: Sequence[Unbuilt] = (),
                    priced: Priced | None = None) -> list[Problem]:
    """Problems with campaigns against the catalog, the markets and the next year of dates;
    ``unbuilt`` products (kept out by their errors) may be named without a second error.
    ``priced`` holds each market's products priced in its currency (derived prices), by
    market code and slug: sales are checked against the prices each market shows."""
    priced = priced or {}
    by_code = {m.code: m for m in markets}
    problems: list[Problem] = []
    for campaign in campaigns:
        targets = [m for m in markets if campaign.sells_in(m.code)]
        problems += _check_markets(campaign, by_code)
        problems += _check_scope(campaign, products, unbuilt)
        problems += _check_languages(campaign, targets)
        problems += _check_dates(campaign, targets, at, overrides)
        problems += _check_prices(campaign, products, targets, priced)
    problems += _check_overlaps(campaigns, products, markets, at, overrides, priced)
    return problems


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN_MAX])
    more = len(names) - _SHOWN_MAX
    return shown + (f" and {more} more" if more > 0 else "")


def _check_markets(campaign: Campaign, by_code: Mapping[str, Market]) -> list[Problem]:
    problems = []
    for i, code in enumerate(campaign.markets or (), start=1):
        if code not in by_code:
            guess = did_you_mean(code, by_code)
            hint = (f'did you mean "{guess}"?' if guess
                    else "markets: " + ", ".join(by_code))
            problems.append(campaign.problem(f"markets[{i}]", f'"{code}" is not a market in '
                                                              f"markets.yml; {hint}"))
    return problems


def _check_scope(campaign: Campaign, products: Sequence[Product],
                 unbuilt: Sequence[Unbuilt] = ()) -> list[Problem]:
    scope = campaign.scope
    known: dict[str, set[str]] = {
        "categories": {path for p in products for path in category_paths(p.category)},
        "tags": {t for p in products for t in p.tags},
        "products": {p.slug for p in products},
        "skus": {p.sku for p in products} | {v.sku for p in products for v in p.variants},
    }
    named = {  # what products kept out by their errors name: no second error about them
        "categories": {path for u in unbuilt for path in u.category_paths},
        "tags": {t for u in unbuilt for t in u.tags},
        "products": {u.slug for u in unbuilt},
        "skus": {sku for u in unbuilt for sku in u.skus},
    }
    folded = {key: {n.casefold() for n in names} for key, names in known.items()}
    problems = []
    for key in SCOPE_FIELDS:
        for i, name in enumerate(getattr(scope, key), start=1):
            fold = key in ("tags", "skus")
            if (name.casefold() in folded[key]) if fold else (name in known[key]):
                continue
            if name in named[key] or (fold and name.casefold() in {
                    n.casefold() for n in named[key]}):
                continue
            if key != "products" and not all(u.read for u in unbuilt):
                continue  # an unreadable product file may have it
            guess = did_you_mean(name, known[key])
            hint = f'did you mean "{guess}"?' if guess else (
                f"{key}: " + (_listing(sorted(known[key])) or "none yet"))
            what = {"categories": "a category path", "tags": "a tag of any product",
                    "products": "a product folder", "skus": "a product or variant SKU"}[key]
            if campaign.discount.kind == "prices":
                path = f"discount.prices.{name}"
            else:
                path = f"scope.{key}[{i}]"
            problems.append(campaign.problem(path, f'"{name}" is not {what}, so nothing is on '
                                                   f"sale for it; {hint}"))
    return problems


def _check_languages(campaign: Campaign, targets: Sequence[Market]) -> list[Problem]:
    problems = []
    for key, texts in (("banner", campaign.banner), ("badge", campaign.badge)):
        if not texts:
            continue
        missing = [m.code for m in targets if m.code not in texts and m.lang not in texts]
        if missing:
            langs = sorted({m.lang for m in targets if m.code in missing})
            problems.append(campaign.problem(
                key, f"has no text in {', '.join(langs)}, so {', '.join(missing)} "
                     f"{'shows' if len(missing) == 1 else 'show'} no {key}; add "
                     + ", ".join(f'{lang}: "..."' for lang in langs), "warning"))
        used = {m.lang for m in targets} | {m.code for m in targets}
        for lang in texts:
            if lang not in used:
                problems.append(campaign.problem(
                    f"{key}.{lang}", f'no market of this campaign is in "{lang}", so this text '
                                     "is never shown; remove it or add the market",
                    "warning"))
    return problems


def _check_dates(campaign: Campaign, targets: Sequence[Market], at: datetime,
                 overrides: Overrides | None) -> list[Problem]:
    if not targets:
        return []
    horizon = utc(at) + HORIZON
    if campaign.festival is None:
        if campaign.start is None or campaign.end is None:
            return []
        own = range(campaign.start.year - 1, campaign.end.year + 2)
        runs = [w for m in targets for w in windows(campaign, m, own, overrides)]
        if runs and all(utc(w.end) <= utc(at) for w in runs):
            last = max(runs, key=lambda w: utc(w.end))
            return [campaign.problem("end", f"the sale ended on {last.last_day.isoformat()}; "
                                            "delete the file, or give it new dates", "warning")]
        if runs and all(utc(w.start) >= horizon for w in runs):
            first = min(runs, key=lambda w: utc(w.start))
            return [campaign.problem("start", f"{first.first_day.isoformat()} is more than a "
                                              "year away, so the sale does not run in the next "
                                              "year; check the dates", "warning")]
        return []
    no_country = [m.code for m in targets if not (campaign.country or m.country)]
    if no_country:
        return [campaign.problem("festival", f"{', '.join(no_country)} has no country, so the "
                                             "festival's dates are unknown there; add country: "
                                             "to the campaign")]
    runs = [w for m in targets for w in windows(campaign, m, years_around(at, horizon),
                                                 overrides)]
    if any(utc(w.end) > utc(at) and utc(w.start) < horizon for w in runs):
        return []
    countries = sorted({campaign.country or m.country for m in targets})
    falls: list[Occurrence] = []
    why: list[str] = []
    for country in countries:
        for year in years_around(at, horizon):
            found, reason = festival_occurrences(campaign.festival, country, year, overrides)
            falls += [o for o in found if utc(at).date() - timedelta(days=MAX_OFFSET) <= o.start
                      <= horizon.date() + timedelta(days=MAX_OFFSET)]
            if reason and reason not in why:
                why.append(reason)
    if falls and not runs:
        return [campaign.problem(
            "from", f"from: {campaign.days_from} starts the sale after it ends (to: "
                    f"{campaign.days_to} days after the festival's last day), so it never runs; "
                    "make from smaller or to larger")]
    reason = f" ({'; '.join(why)})" if why else ""
    return [campaign.problem(
        "festival", f'"{campaign.festival}" has no date in the next year in '
                    f"{', '.join(countries)}{reason}, so the sale never runs; set its dates in "
                    f"content/{FESTIVALS_FILE}, use country: for another country's dates, or "
                    "choose another festival", "warning")]


def _sold_in(products: Sequence[Product], market: Market, priced: Priced) -> list[Product]:
    """The products the market sells, priced in its currency."""
    own = priced.get(market.code, {})
    return [p for p in (own.get(q.slug, q) for q in products)
            if market.currency in p.price and not market.excludes(p.slug, p.category_path)]


def _check_prices(campaign: Campaign, products: Sequence[Product],
                  targets: Sequence[Market], priced: Priced) -> list[Problem]:
    if not campaign.changes_prices:
        return []
    problems = []
    discount = campaign.discount
    seen_currencies: set[str] = set()
    for market in targets:
        currency = market.currency
        if discount.kind == "amount" and currency not in discount.amount:
            problems.append(campaign.problem(
                "discount.amount", f"has no {currency} amount, so the {market.code} market gets "
                                   f'no sale; add {currency}: "..."', "warning"))
            continue
        if discount.kind == "prices":
            lacking = [sku for sku, prices in discount.prices.items() if currency not in prices]
            if lacking:
                one = len(lacking) == 1
                problems.append(campaign.problem(
                    "discount.prices", f"{_listing(lacking)} {'has' if one else 'have'} no "
                                       f"{currency} price, so {'it is' if one else 'they are'} "
                                       f'not on sale in {market.code}; add {currency}: "..."',
                    "warning"))
        if currency in seen_currencies:
            continue
        seen_currencies.add(currency)
        refused = [r for p in _sold_in(products, market, priced)
                   for r in pricing.cut_prices(p, campaign, currency).refused]
        if refused:
            problems.append(_refusal_problem(campaign, refused, currency))
    return problems


def _refusal_problem(campaign: Campaign, refused: Sequence[pricing.Refusal],
                     currency: str) -> Problem:
    kind = campaign.discount.kind
    first = refused[0]
    path = {"percent": "discount.percent", "amount": f"discount.amount.{currency}",
            "prices": f"discount.prices.{first.key}.{currency}"}[kind]
    shown = _listing([f"{r.sku} ({r.sale} instead of {r.regular} {currency})" for r in refused])
    if all(r.sale <= 0 for r in refused):
        fix = "make the discount smaller, or leave these products out of the scope"
        what = "at or below zero"
    elif kind == "prices":
        fix = "a sale price must be below the regular price; lower it or remove the SKU"
        what = "not below the regular price"
    else:
        fix = "make the discount smaller, or leave these products out of the scope"
        what = "at or below zero, or not below the regular price"
    return campaign.problem(path, f"puts the price {what} for {shown}; these stay at the "
                                  f"regular price: {fix}")


def _check_overlaps(campaigns: Sequence[Campaign], products: Sequence[Product],
                    markets: Sequence[Market], at: datetime,
                    overrides: Overrides | None, priced: Priced) -> list[Problem]:
    horizon = utc(at) + HORIZON
    pricing_campaigns = [c for c in sorted(campaigns, key=lambda c: c.id) if c.changes_prices]
    found: dict[tuple[str, str], list[str]] = {}
    wins: dict[tuple[str, str], Counter[str]] = {}
    for market in markets:
        runs = {c.id: [w for w in windows(c, market, years_around(at, horizon), overrides)
                       if utc(w.end) > utc(at) and utc(w.start) < horizon]
                for c in pricing_campaigns if c.sells_in(market.code)}
        sold = _sold_in(products, market, priced)
        zone = zoneinfo.ZoneInfo(market.timezone or "UTC")
        for a, b in itertools.combinations([c for c in pricing_campaigns if runs.get(c.id)], 2):
            spans = [(max(wa.start, wb.start, key=utc), min(wa.end, wb.end, key=utc), wa, wb)
                     for wa in runs[a.id] for wb in runs[b.id]
                     if utc(max(wa.start, wb.start, key=utc)) < utc(min(wa.end, wb.end,
                                                                          key=utc))]
            if not spans:
                continue
            start, end, wa, wb = spans[0]
            count = 0
            for product in sold:
                if any(pricing.cut_prices(product, c, market.currency).product is None
                       for c in (a, b)):
                    continue
                sale = pricing.best_sale(product, market, [(a, wa), (b, wb)])
                if sale is not None:
                    count += 1
                    wins.setdefault((a.id, b.id), Counter())[sale.campaign.id] += 1
            if count:
                found.setdefault((a.id, b.id), []).append(
                    f"{market.code} ({count} product{'s' if count != 1 else ''}, "
                    f"{show_moment(start.astimezone(zone))} to "
                    f"{show_moment(end.astimezone(zone), end=True)})")
    by_id = {c.id: c for c in campaigns}
    problems = []
    for (a_id, b_id), where in found.items():
        a, b = by_id[a_id], by_id[b_id]
        if a.priority != b.priority:  # the merchant decided: a note for `check`, no warning
            winner, loser = (a, b) if a.priority > b.priority else (b, a)
            problems.append(a.problem(
                "", f"runs at the same time as {b.file} on the same products in "
                    f"{'; '.join(where)}; {winner.id} sets the price (priority "
                    f"{winner.priority} over {loser.priority})", "note"))
            continue
        else:
            counted = wins[(a_id, b_id)]
            if len(counted) == 1:
                rule = (f"{next(iter(counted))} sets the price (equal priority: the lower price "
                        "wins)")
            else:
                rule = ("with equal priority the lower price wins: " + ", ".join(
                    f"{cid} on {n}" for cid, n in counted.most_common()))
        problems.append(a.problem(
            "", f"runs at the same time as {b.file} on the same products in "
                f"{'; '.join(where)}; {rule}. Give one a higher priority, or narrow the scope "
                "or dates, if that is not what you want", "warning"))
    return problems
