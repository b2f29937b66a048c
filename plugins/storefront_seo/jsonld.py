"""JSON-LD structured data: pure builders, one dict per schema.org object, and a safe script tag.

Every builder takes plain data (a Product already localized for the market, the Market,
absolute URLs, settings) and returns a JSON-ready dict without ``@context``; ``script_tag``
wraps one object, or several in an ``@graph``, in ``<script type="application/ld+json">``.
The shapes follow Google Search Central (merchant listings, product variants, merchant
shipping policy, merchant return policy, breadcrumbs, organization, site names).

Prices
    Every price comes from the ``offer_for`` callable (``money.offer_view``), the one place a
    price is computed, so the JSON-LD, the page and the feeds agree to the cent. ``price`` is
    ``OfferView.moq_total`` (the page's headline: one order of the minimum quantity) as a plain
    decimal string in the currency's minor units ("29.99", "4480", "295.00"). A regular "was"
    price is a ``UnitPriceSpecification`` with ``priceType`` StrikethroughPrice, for the same
    quantity (``list_price * moq``, as the page strikes it through). Above a minimum order
    quantity of 1 the Offer also carries ``eligibleQuantity`` (Google ignores it; other
    consumers read it).
Variants
    A product with variants is a ``ProductGroup`` (``productGroupID`` = the product SKU) with
    one ``Product`` per variant that has a price in the market: its own sku, GTIN/MPN (the
    product's when it has none, as the page shows), ``url`` ``<page>?variant=<SKU>`` (the
    picker preselects it), image and Offer. ``variesBy`` lists the schema.org properties Google
    reads as variant axes (color, size, material, pattern); our other options (capacity,
    length, style) have no such property and travel as ``additionalProperty`` and in the
    variant's name, "Voltaro Metal USB-C Flash Drive – 128 GB", as in the feeds.
Store-wide shipping and returns, referenced by ``@id``
    The ``OnlineStore`` (``store_jsonld``) carries one ``ShippingService`` per destination
    country (``hasShippingService``, Google's organization-level shipping policy: rates by
    order value, handling and transit time) and the ``MerchantReturnPolicy``
    (``hasMerchantReturnPolicy``), each with an ``@id``. Every Offer names the store as
    ``seller`` and the return policy by ``@id``, and has an ``OfferShippingDetails`` for the
    market's country (Google's required rate, destination and delivery time, in the Offer's
    currency, the rate already resolved for the Offer's price) linked to the store's service by
    ``hasShippingService``. Google resolves an ``@id`` only inside one page, so a product page
    emits ``script_tag(product, breadcrumbs, store)``: every reference then has its object (its
    store lists the service of the market's country only: its offers name no other).
Escaping
    ``script_tag`` writes JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u`` escapes,
    so no product text can close the script element, open an HTML comment or end a JavaScript
    line; keys are sorted so a rebuild writes the same bytes.

The store settings (``STORE_SHIPPING``, ``STORE_RETURNS``) are read by ``seo_settings``; the
builders take its ``ShippingRule`` and ``ReturnPolicy``.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from babel.numbers import get_currency_precision
from markupsafe import Markup

from storefront_catalog.model import VARIANT_OPTIONS, Product, Variant
from storefront_catalog.money import OfferView, quantize
from storefront_catalog.urls import Market

from .seo_settings import ReturnPolicy, ShippingRule, site_root

SCHEMA = "https://schema.org/"
AVAILABILITY = {
    "in_stock": SCHEMA + "InStock",
    "out_of_stock": SCHEMA + "OutOfStock",
    "preorder": SCHEMA + "PreOrder",
    "backorder": SCHEMA + "BackOrder",
}
CONDITION = {
    "new": SCHEMA + "NewCondition",
    "refurbished": SCHEMA + "RefurbishedCondition",
    "used": SCHEMA + "UsedCondition",
}
#: variant options that are schema.org properties Google reads as variant axes (``variesBy``)
VARIES_BY = ("color", "size", "material", "pattern")
GTIN_KEYS = {8: "gtin8", 12: "gtin12", 13: "gtin13", 14: "gtin14"}
RETURN_FEES = {
    "free": SCHEMA + "FreeReturn",
    "customer_pays": SCHEMA + "ReturnFeesCustomerResponsibility",
}
RETURN_METHODS = {
    "by_mail": SCHEMA + "ReturnByMail",
    "in_store": SCHEMA + "ReturnInStore",
    "at_kiosk": SCHEMA + "ReturnAtKiosk",
}
DAY = "DAY"  # UN/CEFACT unit code Google's examples use for handling and transit days
UNIT = "C62"  # UN/CEFACT "one": a count of items
_SPACE = re.compile(r"\s+")
#: characters that must not appear raw inside <script>: HTML syntax and JS line terminators
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")

JsonObject = dict[str, Any]


def store_id(site_url: str) -> str:
    """The ``@id`` of the store (the ``seller`` of every Offer).

    >>> store_id("https://voltaro.example")
    'https://voltaro.example/#store'
    """
    return site_root(site_url) + "#store"


def website_id(site_url: str) -> str:
    """The ``@id`` of the WebSite.

    >>> website_id("https://voltaro.example/")
    'https://voltaro.example/#website'
    """
    return site_root(site_url) + "#website"


def offer_valid_until(today: date, *, ends: date | None = None) -> date:
    """``priceValidUntil``: the end of a running sale, else the last day of next year.

    Never in the past, and the same all year long so rebuilds do not rewrite every page.

    >>> offer_valid_until(date(2026, 11, 23))
    datetime.date(2027, 12, 31)
    >>> offer_valid_until(date(2026, 11, 23), ends=date(2026, 11, 30))
    datetime.date(2026, 11, 30)
    >>> offer_valid_until(date(2026, 11, 23), ends=date(2026, 11, 1))  # a sale that ended
    datetime.date(2027, 12, 31)
    """
    if ends is not None and ends >= today:
        return ends
    year = today.year + 1
    return date(year, 12, calendar.monthrange(year, 12)[1])


# --- builders -------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """One line of plain text: whitespace collapsed."""
    return _SPACE.sub(" ", value).strip()


def _money(amount: Decimal, currency: str) -> str:
    """An amount as JSON-LD writes it: plain decimal text in the currency's minor units.

    >>> _money(Decimal("1249.5"), "USD"), _money(Decimal("4480"), "JPY")
    ('1249.50', '4480')
    """
    return f"{quantize(amount, currency):f}"


def _absolute(url: str, what: str) -> str:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ValueError(f"{what}: {url!r} is not an absolute URL; search engines need "
                         "https://host/path")
    return url


def _ref(node_id: str) -> JsonObject:
    return {"@id": node_id}


def _days_value(days: tuple[int, int]) -> JsonObject:
    return {"@type": "QuantitativeValue", "minValue": days[0], "maxValue": days[1],
            "unitCode": DAY}


def _identifiers(gtin: str | None, mpn: str | None) -> JsonObject:
    """``gtin8/12/13/14`` by the number of digits (``gtin`` otherwise) and ``mpn``.

    >>> _identifiers("0860012400072", None)
    {'gtin13': '0860012400072'}
    >>> _identifiers("12345670", "X-1")
    {'gtin8': '12345670', 'mpn': 'X-1'}
    """
    out: JsonObject = {}
    if gtin:
        out[GTIN_KEYS.get(len(gtin), "gtin")] = gtin
    if mpn and _text(mpn):
        out["mpn"] = _text(mpn)
    return out


def variant_url(url: str, sku: str) -> str:
    """The page URL that preselects the variant ``sku`` (as the variant picker writes it).

    >>> variant_url("https://shop.example/en-us/products/pen/", "PEN 1/B")
    'https://shop.example/en-us/products/pen/?variant=PEN%201%2FB'
    """
    return f"{url}{'&' if '?' in url else '?'}variant={quote(sku, safe='')}"


def _offer(offer: OfferView, product: Product, market: Market, *, url: str, seller_id: str,
           shipping: Sequence[ShippingRule], return_policy: ReturnPolicy | None,
           price_valid_until: date | None, valid_from: datetime | None = None) -> JsonObject:
    """One Offer: what the page offers in the market's currency."""
    if offer.currency != market.currency:
        raise ValueError(f"{product.sku}: the offer is in {offer.currency}, the {market.code} "
                         f"page in {market.currency}; pass offer_view(..., market.currency)")
    if offer.availability not in AVAILABILITY:
        raise ValueError(f"{product.sku}: unknown availability {offer.availability!r}")
    if product.condition not in CONDITION:
        raise ValueError(f"{product.sku}: unknown condition {product.condition!r}")
    if offer.moq_total <= 0:
        raise ValueError(f"{product.sku}: price {offer.moq_total} {offer.currency} is not above "
                         "0; Google drops offers without a price")
    currency = offer.currency
    out: JsonObject = {
        "@type": "Offer",
        "url": url,
        "price": _money(offer.moq_total, currency),
        "priceCurrency": currency,
        "availability": AVAILABILITY[offer.availability],
        "itemCondition": CONDITION[product.condition],
        "seller": _ref(seller_id),
    }
    if valid_from is not None:  # a dated sale: from when this price holds
        out["validFrom"] = valid_from.isoformat()
    if price_valid_until is not None:
        out["priceValidUntil"] = price_valid_until.isoformat()
    if offer.availability in ("preorder", "backorder") and product.release_date:
        out["availabilityStarts"] = product.release_date.isoformat()
    if offer.list_price is not None and offer.list_price > offer.unit_price:
        out["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "priceType": SCHEMA + "StrikethroughPrice",
            "price": _money(offer.list_price * offer.moq, currency),
            "priceCurrency": currency,
        }
    if offer.moq > 1:
        out["eligibleQuantity"] = {"@type": "QuantitativeValue", "minValue": offer.moq,
                                   "unitCode": UNIT}
    details = [_shipping_details(rule, offer) for rule in shipping
               if rule.country == market.country and currency in rule.rate]
    if details:
        out["shippingDetails"] = details
    if return_policy is not None and return_policy.applies_to(market.country):
        out["hasMerchantReturnPolicy"] = _ref(return_policy.id)
    return out


def _shipping_details(rule: ShippingRule, offer: OfferView) -> JsonObject:
    """OfferShippingDetails of one offer to ``rule``'s country, linked to the store's service."""
    rate = rule.rate_for(offer.moq_total, offer.currency)
    assert rate is not None  # the caller kept only rules with a rate in the currency
    return {
        "@type": "OfferShippingDetails",
        "shippingDestination": {"@type": "DefinedRegion", "addressCountry": rule.country},
        "shippingRate": {"@type": "MonetaryAmount", "value": _money(rate, offer.currency),
                         "currency": offer.currency},
        "deliveryTime": {
            "@type": "ShippingDeliveryTime",
            "handlingTime": _days_value(rule.handling_days),
            "transitTime": _days_value(rule.transit_days),
        },
        "hasShippingService": _ref(rule.id),
    }


def _options(variant: Variant) -> JsonObject:
    """A variant's options: schema.org properties where they exist, else PropertyValues."""
    out: JsonObject = {}
    extra = []
    for name in VARIANT_OPTIONS:
        value = _text(variant.options.get(name, ""))
        if not value:
            continue
        if name in VARIES_BY:
            out[name] = value
        else:
            extra.append({"@type": "PropertyValue", "name": name, "value": value})
    if extra:
        out["additionalProperty"] = extra
    return out


def product_jsonld(
    product: Product,
    market: Market,
    *,
    url: str,
    image_urls: Mapping[str, str],
    offer_for: Callable[[Variant | None], OfferView | None],
    seller_id: str,
    shipping: Sequence[ShippingRule] = (),
    return_policy: ReturnPolicy | None = None,
    price_valid_until: date | None = None,
    show_rating: bool = False,
    today: date | None = None,
    valid_from: datetime | None = None,
) -> JsonObject:
    """The product page's ``Product``, or ``ProductGroup`` with ``hasVariant`` for variants.

    ``product`` is localized for ``market``; ``url`` is the page's absolute URL;
    ``image_urls`` maps every image file name to its absolute URL; ``offer_for(variant)``
    (None: the product itself) gives the OfferView in the market's currency, e.g.
    ``lambda v: offer_view(product, market.currency, v)``; ``seller_id`` is ``store_id(...)``;
    ``shipping`` and ``return_policy`` are the parsed store settings; ``price_valid_until``
    comes from ``offer_valid_until`` (``today``, when given, refuses a date in the past);
    ``show_rating`` is true only when the page shows the rating; ``valid_from`` is the start
    of a running sale (with ``price_valid_until`` its last day).
    """
    _absolute(url, f"{product.sku}: url")
    if price_valid_until is not None and today is not None and price_valid_until < today:
        raise ValueError(f"{product.sku}: priceValidUntil {price_valid_until} is in the past; "
                         "use offer_valid_until(today)")
    images = []
    for img in product.images:
        if img.file not in image_urls:
            raise ValueError(f"{product.source_file}: no URL for the image {img.file!r}; pass "
                             "image_urls with every image of the product")
        images.append(_absolute(image_urls[img.file], f"{product.sku}: image {img.file}"))
    summary = _text(product.summary)
    common: JsonObject = {
        "@id": f"{url}#product",
        "name": _text(product.title),
        "url": url,
        "image": images,
    }
    if summary:
        common["description"] = summary
    if product.brand and _text(product.brand):
        common["brand"] = {"@type": "Brand", "name": _text(product.brand)}
    if product.category:
        common["category"] = " > ".join(_text(c) for c in product.category)
    if show_rating and product.rating is not None and product.rating.count > 0:
        common["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating.value:f}",
            "reviewCount": product.rating.count,
            "bestRating": product.rating.best,
            "worstRating": 1,
        }

    def offer_of(view: OfferView, page: str) -> JsonObject:
        return _offer(view, product, market, url=page, seller_id=seller_id, shipping=shipping,
                      return_policy=return_policy, price_valid_until=price_valid_until,
                      valid_from=valid_from)

    variants = []
    for variant in product.variants:
        view = offer_for(variant)
        if view is None:
            continue  # no price in this market: not sold here, as on the page
        page = variant_url(url, variant.sku)
        values = [_text(v) for v in variant.options.values() if _text(v)]
        main = product.image(variant.image)
        variants.append({
            "@type": "Product",
            "name": _text(product.title) + (f" – {', '.join(values)}" if values else ""),
            "sku": variant.sku,
            **_identifiers(variant.gtin or product.gtin, variant.mpn or product.mpn),
            "url": page,
            "image": image_urls[main.file],
            **_options(variant),
            "offers": offer_of(view, page),
        })
    if variants:
        axes = [SCHEMA + name for name in VARIES_BY
                if any(name in v.options for v in product.variants)]
        group: JsonObject = {"@type": "ProductGroup", **common, "productGroupID": product.sku,
                             "hasVariant": variants}
        if axes:
            group["variesBy"] = axes
        return group
    out: JsonObject = {"@type": "Product", **common, "sku": product.sku,
                       **_identifiers(product.gtin, product.mpn)}
    view = offer_for(None)
    if view is not None:
        out["offers"] = offer_of(view, url)
    return out


def breadcrumb_jsonld(crumbs: Sequence[tuple[str, str]]) -> JsonObject:
    """The ``BreadcrumbList`` of the visible breadcrumb: (name, absolute URL), home first.

    >>> breadcrumb_jsonld([("Home", "https://s.example/"), ("Pens", "https://s.example/c/")])[
    ...     "itemListElement"][1]
    {'@type': 'ListItem', 'position': 2, 'name': 'Pens', 'item': 'https://s.example/c/'}
    """
    if not crumbs:
        raise ValueError("a breadcrumb needs at least one (name, URL) pair")
    items = []
    for position, (name, link) in enumerate(crumbs, start=1):
        if not _text(name):
            raise ValueError(f"breadcrumb {position}: the name is empty")
        items.append({"@type": "ListItem", "position": position, "name": _text(name),
                      "item": _absolute(link, f"breadcrumb {position} ({name})")})
    return {"@type": "BreadcrumbList", "itemListElement": items}


def _shipping_service(rule: ShippingRule) -> JsonObject:
    """A country's ShippingService: a rate per currency, free from the order value set."""
    destination = {"@type": "DefinedRegion", "addressCountry": rule.country}
    transit = {"@type": "ServicePeriod", "duration": _days_value(rule.transit_days)}
    conditions = []
    for currency in sorted(rule.rate):
        rate = rule.rate[currency]
        threshold = rule.free_over.get(currency)
        base: JsonObject = {"@type": "ShippingConditions", "shippingDestination": destination,
                            "transitTime": transit}
        if threshold is None or rate == 0:
            conditions.append({**base, "shippingRate": _amount_of(rate, currency)})
            continue
        # below the threshold: up to one minor unit less (so the two ranges never overlap)
        below = threshold - Decimal(1).scaleb(-get_currency_precision(currency))
        conditions.append({
            **base,
            "orderValue": {"@type": "MonetaryAmount", "minValue": _money(Decimal(0), currency),
                           "maxValue": _money(below, currency), "currency": currency},
            "shippingRate": _amount_of(rate, currency),
        })
        conditions.append({
            **base,
            "orderValue": {"@type": "MonetaryAmount", "minValue": _money(threshold, currency),
                           "currency": currency},
            "shippingRate": _amount_of(Decimal(0), currency),
        })
    out: JsonObject = {
        "@type": "ShippingService",
        "@id": rule.id,
        "fulfillmentType": SCHEMA + "FulfillmentTypeDelivery",
        "handlingTime": {"@type": "ServicePeriod", "duration": _days_value(rule.handling_days)},
        "shippingConditions": conditions,
    }
    if rule.service:
        out["name"] = rule.service
    return out


def _amount_of(amount: Decimal, currency: str) -> JsonObject:
    return {"@type": "MonetaryAmount", "value": _money(amount, currency), "currency": currency}


def _return_policy(policy: ReturnPolicy) -> JsonObject:
    """The MerchantReturnPolicy, in Google's organization-level shape."""
    out: JsonObject = {"@type": "MerchantReturnPolicy", "@id": policy.id,
                       "applicableCountry": list(policy.countries)}
    if policy.days == 0:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnNotPermitted"
    elif policy.days is None:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnUnlimitedWindow"
    else:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnFiniteReturnWindow"
        out["merchantReturnDays"] = policy.days
    if policy.days != 0:
        if policy.method:
            out["returnMethod"] = RETURN_METHODS[policy.method]
        if policy.fees:
            out["returnFees"] = RETURN_FEES[policy.fees]
    if policy.return_to:
        out["returnPolicyCountry"] = policy.return_to
    if policy.link:
        out["merchantReturnLink"] = policy.link
    return out


def store_jsonld(
    name: str,
    markets: Sequence[Market],
    *,
    url: str,
    logo_url: str | None = None,
    same_as: Sequence[str] = (),
    email: str | None = None,
    shipping: Sequence[ShippingRule] = (),
    return_policy: ReturnPolicy | None = None,
) -> JsonObject:
    """The ``OnlineStore`` (an Organization) with its store-wide shipping and return policy.

    ``url`` is the site's root URL (SITEURL); the store's ``@id`` is ``store_id(url)``, the
    ``seller`` of every Offer. ``markets`` give the languages customer service answers in.
    """
    root = site_root(url)
    if not _text(name):
        raise ValueError("the store needs a name (SITENAME)")
    out: JsonObject = {"@type": "OnlineStore", "@id": store_id(url), "name": _text(name),
                       "url": root}
    if logo_url:
        out["logo"] = _absolute(logo_url, "logo")
    links = [_absolute(link, "sameAs") for link in same_as]
    if links:
        out["sameAs"] = links
    if email:
        languages = list(dict.fromkeys(m.lang for m in markets))
        contact: JsonObject = {"@type": "ContactPoint", "contactType": "customer service",
                               "email": email}
        if languages:
            contact["availableLanguage"] = languages
        out["email"] = email
        out["contactPoint"] = contact
    if shipping:
        out["hasShippingService"] = [_shipping_service(rule) for rule in shipping]
    if return_policy is not None:
        out["hasMerchantReturnPolicy"] = _return_policy(return_policy)
    return out


def website_jsonld(name: str, url: str, alternate_name: str | None = None, *,
                   publisher_id: str | None = None) -> JsonObject:
    """The ``WebSite`` (site name in Google): for the home page at the domain root.

    >>> website_jsonld("Voltaro", "https://voltaro.example", "Voltaro Store")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'@type': 'WebSite', '@id': 'https://voltaro.example/#website', 'name': 'Voltaro',
     'url': 'https://voltaro.example/', 'alternateName': 'Voltaro Store'}
    """
    if not _text(name):
        raise ValueError("the website needs a name (SITENAME)")
    out: JsonObject = {"@type": "WebSite", "@id": website_id(url), "name": _text(name),
                       "url": site_root(url)}
    if alternate_name and _text(alternate_name):
        out["alternateName"] = _text(alternate_name)
    if publisher_id:
        out["publisher"] = _ref(publisher_id)
    return out


class JsonText(str):
    """One JSON-LD object already written by ``json_text`` (a node every page of a market
    repeats, such as the store, is written once)."""


def json_text(obj: JsonObject) -> JsonText:
    """``obj`` as ``script_json`` writes it inside a graph, safe inside <script>.

    >>> print(json_text({"name": "</script>", "@type": "Thing"}))
    {"@type":"Thing","name":"\\u003c/script\\u003e"}
    """
    if not isinstance(obj, dict):
        raise TypeError(f"a JSON-LD object must be a dict, not {type(obj).__name__}")
    # no default=: a Decimal or date left in a builder's output is a bug, not a string
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return JsonText(_SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text))


def script_json(*objects: JsonObject | JsonText) -> str:
    """The JSON text of ``script_tag``: one object, or an ``@graph``, safe inside <script>;
    the same text as one ``json.dumps`` of the whole (keys sorted, ``@context`` first).

    >>> print(script_json({"name": "</script><!--&"}))
    {"@context":"https://schema.org","name":"\\u003c/script\\u003e\\u003c!--\\u0026"}
    >>> script_json({"@type": "A"}, json_text({"@type": "B"}))
    '{"@context":"https://schema.org","@graph":[{"@type":"A"},{"@type":"B"}]}'
    """
    if not objects:
        raise ValueError("script_tag needs at least one object")
    parts = [o if isinstance(o, JsonText) else json_text(o) for o in objects]
    if len(parts) == 1:  # "@context" sorts before every other key
        body = parts[0][1:]
        return '{"@context":"https://schema.org"' + ("," + body if body != "}" else "}")
    return '{"@context":"https://schema.org","@graph":[' + ",".join(parts) + "]}"


def script_tag(*objects: JsonObject | JsonText) -> Markup:
    """``<script type="application/ld+json">`` with the objects; the same bytes every build."""
    return Markup(f'<script type="application/ld+json">{script_json(*objects)}</script>')
