"""The synthetic store's markets: codes, languages, currencies and fixed rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class SynthMarket:
    """One market of the synthetic store, as written to content/markets.yml."""

    code: str
    language: str
    country: str
    currency: str


#: ``--markets M`` takes the first M; the first is the default market (the text of index.md)
MARKETS = (
    SynthMarket("en-us", "en", "US", "USD"),
    SynthMarket("de-de", "de", "DE", "EUR"),
    SynthMarket("ja-jp", "ja", "JP", "JPY"),
    SynthMarket("ar-sa", "ar", "SA", "SAR"),
    SynthMarket("en-gb", "en", "GB", "GBP"),
    SynthMarket("fr-fr", "fr", "FR", "EUR"),
    SynthMarket("es-es", "es", "ES", "EUR"),
    SynthMarket("ko-kr", "ko", "KR", "KRW"),
)
#: units of each currency per US dollar: fixed and rough, the amounts only need to look real
RATES = {
    "USD": Decimal(1),
    "EUR": Decimal("0.92"),
    "JPY": Decimal(150),
    "SAR": Decimal("3.75"),
    "GBP": Decimal("0.79"),
    "KRW": Decimal(1350),
}
#: currencies without minor units: amounts are whole numbers
WHOLE_CURRENCIES = frozenset({"JPY", "KRW"})


def synth_markets(count: int) -> tuple[SynthMarket, ...]:
    """The first ``count`` of MARKETS.

    >>> [m.code for m in synth_markets(3)]
    ['en-us', 'de-de', 'ja-jp']
    """
    if not 1 <= count <= len(MARKETS):
        raise ValueError(f"the synthetic store has 1 to {len(MARKETS)} markets, not {count}")
    return MARKETS[:count]


def currencies_of(markets: tuple[SynthMarket, ...]) -> tuple[str, ...]:
    """The currencies the markets need, the default market's first, without repeats."""
    return tuple(dict.fromkeys(m.currency for m in markets))


def translated_languages(markets: tuple[SynthMarket, ...]) -> tuple[str, ...]:
    """Languages that get an index.<lang>.md: every market language but the default one."""
    default = markets[0].language
    return tuple(dict.fromkeys(m.language for m in markets if m.language != default))


def plain_langs(markets: tuple[SynthMarket, ...]) -> dict[str, str]:
    """Pelican ``lang`` of each market's articles (by market code).

    Pelican keys translations by lang, so a second market in a language already used (en-gb
    next to en-us) gets its market code as its lang.

    >>> plain_langs(synth_markets(5))
    {'en-us': 'en', 'de-de': 'de', 'ja-jp': 'ja', 'ar-sa': 'ar', 'en-gb': 'en-gb'}
    """
    out: dict[str, str] = {}
    for market in markets:
        taken = market.language in out.values()
        out[market.code] = market.code if taken else market.language
    return out


def convert(usd: str, currency: str) -> str:
    """A USD amount in ``currency``, rounded to that currency's minor unit.

    >>> convert("29.99", "EUR"), convert("29.99", "JPY")
    ('27.59', '4499')
    """
    step = Decimal(1) if currency in WHOLE_CURRENCIES else Decimal("0.01")
    return str((Decimal(usd) * RATES[currency]).quantize(step, rounding=ROUND_HALF_UP))


def money(usd: float, currencies: tuple[str, ...]) -> str:
    """A price map in YAML flow style, one amount per currency.

    >>> money(29.99, ("USD", "GBP"))
    '{USD: "29.99", GBP: "23.69"}'
    """
    amount = f"{usd:.2f}"
    return "{" + ", ".join(f'{c}: "{convert(amount, c)}"' for c in currencies) + "}"


def markets_yaml(markets: tuple[SynthMarket, ...]) -> str:
    """content/markets.yml declaring ``markets`` (the first is the default)."""
    lines = [
        "# Synthetic markets written by `storefront bench`.",
        f"default: {markets[0].code}",
        "untranslated: fallback",
        "markets:",
    ]
    for m in markets:
        lines += [
            f"  - code: {m.code}",
            f"    language: {m.language}",
            f"    country: {m.country}",
            f"    currency: {m.currency}",
        ]
    return "\n".join(lines) + "\n"


def rates_yaml(markets: tuple[SynthMarket, ...]) -> str:
    """content/rates.yml for ``markets``: RATES per euro (base EUR, as the ECB publishes them),
    SAR by its peg to the US dollar, so every market price can be derived from the store's.

    >>> print(rates_yaml(synth_markets(4)))  # doctest: +NORMALIZE_WHITESPACE
    # Exchange rates written by `storefront bench` (fixed, synthetic).
    date: 2026-01-02
    source: storefront bench (synthetic rates)
    base: EUR
    rates: {USD: "1.0870", JPY: "163.0435"}
    pegs: {SAR: {USD: "3.75"}}
    """
    per_eur = {c: (RATES[c] / RATES["EUR"]).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
               for c in currencies_of(markets) if c not in ("EUR", "SAR")}
    rates = ", ".join(f'{c}: "{rate}"' for c, rate in per_eur.items())
    lines = [
        "# Exchange rates written by `storefront bench` (fixed, synthetic).",
        "date: 2026-01-02",
        "source: storefront bench (synthetic rates)",
        "base: EUR",
        "rates: {" + (rates or 'USD: "1.0870"') + "}",
    ]
    if "SAR" in currencies_of(markets):
        lines.append('pegs: {SAR: {USD: "3.75"}}')
    return "\n".join(lines) + "\n"
