"""``STORE_CHECKOUT`` read from pelicanconf.py: which provider sells in each market, checked at
start-up (each provider checks its own options with ``option_problems``)."""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storefront_catalog.settings import Setting
from storefront_core.errors import Problem

from .provider import PROVIDERS

NAME = "STORE_CHECKOUT"
FILE = "pelicanconf.py"
DEFAULT_PROVIDER = "buy_url"
_MARKET_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
EXAMPLE = ('{"provider": "links", "url": "https://shop.example/cart/{shopify_variant_id}:{qty}", '
           '"markets": {"de-de": {"url": "https://wa.me/4915112345678?text={message}"}}}')

#: (key path, message) pairs a provider module's ``option_problems(options)`` returns
OptionProblems = Callable[[Mapping[str, Any]], list[tuple[str, str]]]


@dataclass(frozen=True)
class MarketCheckout:
    """The provider of one market and its options (the market's overrides applied)."""

    provider: str
    options: Mapping[str, Any]
    where: str  # the setting's key path for messages: "STORE_CHECKOUT" or ..."markets.de-de"


def market_checkout(value: Mapping[str, Any] | None, code: str) -> MarketCheckout:
    """The checkout of market ``code``: the store's, with the market's overrides.

    A market that names another provider takes only its own options.

    >>> conf = {"provider": "links", "url": "https://a/{sku}",
    ...         "markets": {"de-de": {"url": "https://b/{sku}"}, "ja-jp": {"provider": "buy_url"}}}
    >>> market_checkout(conf, "de-de").options["url"], market_checkout(conf, "en-us").where
    ('https://b/{sku}', 'STORE_CHECKOUT')
    >>> market_checkout(conf, "ja-jp")
    MarketCheckout(provider='buy_url', options={}, where='STORE_CHECKOUT.markets.ja-jp')
    >>> market_checkout(None, "en-us").provider
    'buy_url'
    """
    if not value:
        return MarketCheckout(DEFAULT_PROVIDER, {}, NAME)
    base = {k: v for k, v in value.items() if k not in ("provider", "markets")}
    provider = str(value.get("provider", DEFAULT_PROVIDER))
    override = (value.get("markets") or {}).get(code)
    if not override:
        return MarketCheckout(provider, base, NAME)
    where = f"{NAME}.markets.{code}"
    own = {k: v for k, v in override.items() if k != "provider"}
    if override.get("provider", provider) != provider:
        return MarketCheckout(str(override["provider"]), own, where)
    return MarketCheckout(provider, {**base, **own}, where)


def option_checker(provider: str) -> OptionProblems | None:
    """The ``option_problems`` function of a provider's module, if it has one."""
    module = importlib.import_module(PROVIDERS[provider].split(":")[0])
    found = getattr(module, "option_problems", None)
    return found if callable(found) else None


def checkout_problems(value: Any) -> list[Problem]:
    """Every mistake in ``STORE_CHECKOUT`` that can be seen without the markets.

    >>> [p.message for p in checkout_problems({"provider": "snipcrt"})]
    ['"snipcrt" is not a checkout provider; did you mean "snipcart"?']
    >>> [str(p) for p in checkout_problems({"provider": "links"})]  # doctest: +ELLIPSIS
    ['pelicanconf.py: STORE_CHECKOUT.url: is missing; give the URL template...']
    """
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(FILE, f"{NAME}.{key}" if key else NAME, message))

    if value is None:
        return problems
    if not isinstance(value, Mapping):
        problem("", f"must be a dict such as {EXAMPLE}")
        return problems
    if "provider" not in value:
        problem("provider", f"is missing; name the checkout: {_known()}")
        return problems
    markets = value.get("markets", {})
    if not isinstance(markets, Mapping):
        problem("markets", 'must be a dict of market code -> options, e.g. {"de-de": '
                '{"url": "https://..."}}')
        markets = {}
    for code, override in markets.items():
        if not (isinstance(code, str) and _MARKET_CODE.fullmatch(code)):
            problem(f"markets.{code}", f"{code!r} is not a market code; use the codes of "
                    "content/markets.yml, e.g. \"de-de\"")
        elif not isinstance(override, Mapping):
            problem(f"markets.{code}", 'must be a dict of options, e.g. {"url": "https://..."}')
    if not _provider_ok(value.get("provider"), "provider", problem):
        return problems
    codes = [""] + [c for c, o in markets.items() if isinstance(o, Mapping)]
    for code in codes:
        conf = market_checkout(value, code) if code else market_checkout(
            {k: v for k, v in value.items() if k != "markets"}, "")
        if code and not _provider_ok(conf.provider, f"markets.{code}.provider", problem):
            continue
        check = option_checker(conf.provider)
        for key, message in check(conf.options) if check else ():
            problems.append(Problem(FILE, f"{conf.where}.{key}", message))
    return _unique(problems)


def market_problems(value: Any, codes: Iterable[str]) -> list[Problem]:
    """``STORE_CHECKOUT.markets`` naming a market the store does not have."""
    if not isinstance(value, Mapping) or not isinstance(value.get("markets"), Mapping):
        return []
    known = list(codes)
    out = []
    for code in value["markets"]:
        if code not in known:
            close = difflib.get_close_matches(str(code), known, n=1)
            hint = f'did you mean "{close[0]}"?' if close else f"the markets are {', '.join(known)}"
            out.append(Problem(FILE, f"{NAME}.markets.{code}", f'"{code}" is not a market of '
                               f"content/markets.yml; {hint}"))
    return out


def _provider_ok(name: Any, key: str, problem: Callable[[str, str], None]) -> bool:
    if name in PROVIDERS:
        return True
    close = difflib.get_close_matches(str(name), list(PROVIDERS), n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else _known()
    problem(key, f'"{name}" is not a checkout provider; {hint}')
    return False


def _known() -> str:
    return "use one of " + ", ".join(PROVIDERS)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a store option is checked again with each market's overrides)."""
    return list(dict.fromkeys(problems))


def _check(value: Any) -> str | None:
    problems = checkout_problems(value)
    return "; ".join(f"{p.field}: {p.message}" for p in problems) or None


CHECKOUT_SETTINGS: tuple[Setting, ...] = (
    Setting(NAME, None,
            "Where shoppers buy: {'provider': 'buy_url' | 'links' | 'snipcart' | 'stripe', "
            "...its options, 'markets': {'<market code>': {...overrides}}}; None: each "
            "product's buy_url link.", _check),
)
