"""The ``links`` provider: a URL template per market, filled in per SKU and quantity.

Covers Shopify cart permalinks (``https://shop.example/cart/{shopify_variant_id}:{qty}``),
WooCommerce (``https://shop.example/?add-to-cart={woo_id}&quantity={qty}``), marketplace
listings, WhatsApp click-to-chat (``https://wa.me/4915112345678?text={message}``) and e-mail
(``mailto:orders@shop.example?subject={subject}&body={message}``). Each value is URL-encoded
for where it stands (path or query); ``{message}`` is an itemized order in the market's
language (the theme's translations), with money written by Babel for the market.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import quote

from storefront_catalog.money import format_money
from storefront_core.errors import Problem

from .items import money_text
from .provider import LineItem, Setup, Target, unknown_options

#: what a template may name besides the ids of a product's ``checkout:`` front matter
PLACEHOLDERS = ("sku", "variant_sku", "product_sku", "qty", "currency", "market", "price",
                "unit_price", "title", "url", "message", "subject")
OPTIONS = ("url", "label")
LABELS = ("buy", "order_chat", "order_email")
SCHEMES = ("https://", "http://", "mailto:")
CHAT_HOSTS = ("https://wa.me/", "https://api.whatsapp.com/")
#: stand-ins for the quantity and the unit price in ``href_template``: they survive URL
#: encoding as %00q%00 / %00u%00 and become "{qty}" / "{unit}" for the page's script
_QTY, _UNIT = "\x00q\x00", "\x00u\x00"
_MARKS = {quote(_QTY): "{qty}", quote(_UNIT): "{unit}"}

Label = Literal["buy", "preorder", "add_to_cart", "order_chat", "order_email"]


def N_(text: str) -> str:  # noqa: N802 - the gettext marker Babel extracts by default
    return text


ORDER_MESSAGE = N_("Hello, I would like to order:\n\n%(title)s\nSKU: %(sku)s\n"
                   "Quantity: %(qty)s\nUnit price: %(unit)s\nPage: %(url)s")
ORDER_SUBJECT = N_("Order: %(title)s")


def placeholders(template: str) -> list[str]:
    """The names a template uses, in order.

    >>> placeholders("https://shop.example/cart/{shopify_variant_id}:{qty}")
    ['shopify_variant_id', 'qty']
    """
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def encode(value: str, part: str) -> str:
    """``value`` URL-encoded for its place: a path segment keeps nothing that would end it.

    >>> encode("A/B 1&2#", "path"), encode("Café & co/1", "query")
    ('A%2FB%201%262%23', 'Caf%C3%A9%20%26%20co/1')
    """
    return quote(value, safe="" if part == "path" else "/:@?")


def expand(template: str, values: Mapping[str, str]) -> str:
    """The template with each placeholder replaced by its encoded value.

    >>> expand("https://wa.me/49151?text={message}", {"message": "2 × Stift"})
    'https://wa.me/49151?text=2%20%C3%97%20Stift'
    >>> expand("https://s.example/p/{sku}?q={qty}#{title}", {"sku": "A B", "qty": "3",
    ...        "title": "ü"})
    'https://s.example/p/A%20B?q=3#%C3%BC'
    """
    out: list[str] = []
    part = "path"
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if part == "path" and "?" in literal:
            part = "query"
        if "#" in literal:
            part = "fragment"
        if name is not None:
            out.append(encode(values[name], part))
    return "".join(out)


def auto_label(template: str) -> Label:
    """The button's label a template implies: WhatsApp and e-mail orders say so."""
    if template.startswith(CHAT_HOSTS):
        return "order_chat"
    if template.startswith("mailto:"):
        return "order_email"
    return "buy"


class Links:
    """Targets from one market's URL template."""

    name = "links"
    cart = False

    def __init__(self, template: str, label: str | None, gettext: Callable[[str], str]):
        self.template = template
        self.names = placeholders(template)
        self.ids = [n for n in self.names if n not in PLACEHOLDERS]
        self.label = label
        self.gettext = gettext

    def values(self, item: LineItem, qty: str, unit: str) -> dict[str, str]:
        """Every placeholder's value for ``item`` (``qty`` and ``unit``: as text)."""
        title = item.title + (f" – {item.variant_label}" if item.variant_label else "")
        out = {
            "sku": item.sku, "variant_sku": item.sku, "product_sku": item.product_sku,
            "qty": qty, "currency": item.currency, "market": item.market,
            "price": money_text(item.price, item.currency),
            "unit_price": money_text(item.unit_price, item.currency),
            "title": title, "url": item.url,
        }
        fill = {"title": title, "sku": item.sku, "qty": qty, "unit": unit, "url": item.url}
        if "message" in self.names:
            out["message"] = self.gettext(ORDER_MESSAGE) % fill
        if "subject" in self.names:
            out["subject"] = self.gettext(ORDER_SUBJECT) % fill
        return {**out, **{k: v for k, v in item.ids.items() if k not in out}}

    def target(self, item: LineItem) -> Target:
        missing = [n for n in self.ids if n not in item.ids]
        if missing:
            return Target("none", reason=f"no checkout id {missing[0]}")
        unit = format_money(item.unit_price, item.currency, item.locale)
        href = expand(self.template, self.values(item, str(item.min_qty), unit))
        template = ""
        if "qty" in self.names or "message" in self.names:
            template = expand(self.template, self.values(item, _QTY, _UNIT))
            for mark, name in _MARKS.items():
                template = template.replace(mark, name)
        label: Label = "preorder" if item.availability == "preorder" else "buy"
        chosen = self.label or auto_label(self.template)
        if chosen != "buy":
            label = chosen  # type: ignore[assignment]  # one of LABELS
        return Target("link", href=href, href_template=template, label=label)

    def head(self, market: str) -> str:
        return ""

    def files(self, market: str, items: Sequence[LineItem]) -> Mapping[str, bytes]:
        return {}

    def check(self, items: Sequence[LineItem]) -> list[Problem]:
        """A SKU on sale without an id the template needs cannot be bought: an error."""
        out = []
        for item in items:
            missing = [n for n in self.ids if n not in item.ids]
            if missing and item.availability != "out_of_stock":
                out.append(Problem(
                    "pelicanconf.py", "STORE_CHECKOUT.url", f"{item.market}: {item.sku} has no "
                    f'checkout id "{missing[0]}", which the URL template uses; add checkout: '
                    f'{{{missing[0]}: "..."}} to {item.sku} in its product\'s index.md (the '
                    "variant, or the product for all its variants)"))
        return out


def option_problems(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong in the options of the links provider.

    >>> option_problems({"url": "shop.example/{sku}", "lable": "buy"})[1]
    ('lable', 'is not an option of the links provider; did you mean "label"?')
    >>> option_problems({"url": "https://wa.me/49?text={mesage}"})  # doctest: +ELLIPSIS
    [('url', '"{mesage}" is not a placeholder...did you mean "{message}"?...')]
    """
    out = unknown_options(options, OPTIONS, "links")
    label = options.get("label")
    if label is not None and label not in LABELS:
        out.append(("label", f'"{label}" is not a label; use one of {", ".join(LABELS)}'))
    url = options.get("url")
    if url is None:
        return [("url", "is missing; give the URL template, e.g. "
                 '"https://shop.example/cart/{shopify_variant_id}:{qty}"'), *out]
    if not isinstance(url, str) or not url.startswith(SCHEMES):
        return [("url", f"{url!r} must start with https://, http:// or mailto:, e.g. "
                 '"https://wa.me/4915112345678?text={message}"'), *out]
    return out + _template_problems(url)


def _template_problems(url: str) -> list[tuple[str, str]]:
    try:
        parsed = list(string.Formatter().parse(url))
    except ValueError as exc:
        return [("url", f"{url!r} cannot be read ({exc}); write placeholders as {{name}} and "
                 "a literal brace as {{ or }}")]
    out = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            out.append(("url", f'"{{{name}}}" takes no format; write "{{{name.split(":")[0]}}}"'))
        elif not name.isidentifier() or (name not in PLACEHOLDERS and not name.islower()):
            close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
            hint = f'did you mean "{{{close[0]}}}"?' if close else ""
            out.append(("url", f'"{{{name}}}" is not a placeholder; {hint} use '
                        + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                        + " or an id of the products' checkout: front matter"))
        elif name not in PLACEHOLDERS and (typo := _misspelt(name)):
            out.append(("url", f'"{{{name}}}" is not a placeholder; did you mean '
                        f'"{{{typo}}}"? (other names are ids of the products\' checkout: '
                        "front matter)"))
    return out


def _misspelt(name: str) -> str | None:
    """The placeholder ``name`` is a typo of (letters swapped, or nearly the same), if any.

    >>> _misspelt("qyt"), _misspelt("titel"), _misspelt("shopify_variant_id")
    ('qty', 'title', None)
    """
    for known in PLACEHOLDERS:
        if sorted(known) == sorted(name):
            return known
    close = difflib.get_close_matches(name, PLACEHOLDERS, n=1, cutoff=0.8)
    return close[0] if close else None


def make(options: Mapping[str, Any], setup: Setup) -> Links:
    return Links(str(options["url"]), options.get("label"), setup.gettext)
