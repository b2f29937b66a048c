"""Markets as a marketer declares them in content/markets.yml: what is accepted, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from storefront_catalog.markets import load_markets, single_market
from storefront_catalog.urls import Market

SETTINGS = {"STORE_LOCALE": "en_US", "STORE_LANG": "en", "STORE_CURRENCY": "USD"}

GOOD = """\
default: de-de
markets:
  - {code: en-us, language: en, country: US, currency: USD}
  - {code: en-gb, language: en, country: GB, currency: GBP}
  - {code: de-de, language: de, country: DE, currency: EUR}
  - {code: ja-jp, language: ja, country: JP, currency: JPY}
  - code: ar-sa
    language: ar
    country: SA
    currency: SAR
    exclude: {products: [big-charger], categories: [power/cables]}
"""


def markets_from(tmp_path: Path, text: str, settings: dict | None = None):
    (tmp_path / "markets.yml").write_text(text, encoding="utf-8")
    return load_markets(settings or SETTINGS, tmp_path, tmp_path.parent)


def messages(problems) -> list[str]:
    return [f"{p.field}: {p.message}" for p in problems]


def test_markets_yml_gives_every_market_its_prefix_locale_and_direction(tmp_path: Path) -> None:
    markets, problems = markets_from(tmp_path, GOOD)
    assert problems == []
    assert markets.multi and markets.default.code == "de-de"  # the default comes first
    assert [m.code for m in markets.markets] == ["de-de", "en-us", "en-gb", "ja-jp", "ar-sa"]
    assert markets.languages == ("de", "en", "ja", "ar")
    gb = markets.by_code("en-gb")
    assert gb is not None
    assert (gb.prefix, gb.locale, gb.hreflang, gb.og_locale) == ("en-gb", "en_GB", "en-GB", "en_GB")
    ar = markets.by_code("ar-sa")
    assert ar is not None and ar.dir == "rtl" and ar.native_name.startswith("العربية")
    assert markets.by_code("ja-jp").native_name == "日本語 (日本)"  # type: ignore[union-attr]
    # VAT is included everywhere but in the US and Canada, unless the market says otherwise
    assert not markets.by_code("en-us").tax_included  # type: ignore[union-attr]
    assert markets.by_code("de-de").tax_included  # type: ignore[union-attr]
    assert ar.excludes("big-charger", "power/chargers")
    assert ar.excludes("usb-c", "power/cables/usb")  # subcategories too
    assert not ar.excludes("usb-c", "power/cables-and-more")


def test_without_markets_file_the_store_is_one_market_at_the_root(tmp_path: Path) -> None:
    markets, problems = load_markets(
        {"STORE_LOCALE": "de_DE", "STORE_LANG": "de", "STORE_CURRENCY": "EUR"}, tmp_path
    )
    assert problems == [] and not markets.multi
    assert markets.default == Market("de-de", "de", "de_DE", "EUR", "", "ltr", "DE", True,
                                     timezone="Europe/Berlin")
    assert single_market(SETTINGS).tax_included is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("currency: SAR", "currency: RIYAL"),
         'markets[5].currency: "RIYAL" is not an ISO 4217 currency code'),
        (GOOD.replace("currency: GBP", "currency: gbp"),
         'markets[2].currency: "gbp" is not an ISO 4217 currency code; did you mean "GBP"?'),
        (GOOD.replace("{code: ja-jp, language: ja, country: JP, currency: JPY}",
                      "{code: ja-jp, language: ja, country: JP, currency: JPY, locale: xx_YY}"),
         'markets[4].locale: "xx_YY" is not a locale Babel knows'),
        (GOOD.replace("code: en-gb, language: en, country: GB", "code: en-uk, language: en, "
                      "country: UK"),
         'markets[2].country: "UK" is not an ISO 3166 country code; write "GB"'),
        (GOOD.replace("code: en-gb, language: en, country: GB", "code: en-us, language: en, "
                      "country: US"),
         'markets[2].code: "en-us" is used by two markets'),
        (GOOD.replace("default: de-de\n", ""), "default: is missing"),
        (GOOD.replace("default: de-de", "default: de"),
         'default: "de" is not one of the markets'),
        (GOOD.replace("code: de-de", "code: de-at"),
         'markets[3].code: "de-at" does not match the language and country; write "de-de"'),
        (GOOD.replace("code: de-de", "code: DE_de"),
         'markets[3].code: "DE_de" must be a lowercase language-country code'),
        (GOOD.replace("currency: JPY}", "currency: JPY, curency: JPY}"),
         'markets[4].curency: is not a market field; did you mean "currency"?'),
        (GOOD.replace("country: JP, ", ""), "markets[4]: country is missing"),
        (GOOD + "untranslated: hide\n", 'untranslated: must be "fallback"'),
        ("markets: []\n", "markets: must list at least one market"),
    ],
)
def test_each_mistake_gets_its_own_message_with_field_and_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    markets, problems = markets_from(tmp_path, text)
    assert any(m.startswith(expected) for m in messages(problems)), messages(problems)
    assert all(p.file.endswith("markets.yml") for p in problems)
    assert not markets.multi  # a broken declaration never half-applies


def test_errors_carry_the_line_of_the_field(tmp_path: Path) -> None:
    _, problems = markets_from(tmp_path, GOOD.replace("currency: SAR", "currency: XXX1"))
    (problem,) = problems
    assert problem.line == 10


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    _, problems = markets_from(tmp_path, "default: en-us\nmarkets:\n  - {code: en-us\n")
    assert problems and problems[0].file.endswith("markets.yml") and problems[0].line


def test_markets_in_pelicanconf_work_the_same_and_not_twice(tmp_path: Path) -> None:
    declared = {"default": "en-us", "markets": [
        {"code": "en-us", "language": "en", "country": "US", "currency": "USD"},
        {"code": "fr-fr", "language": "fr", "country": "FR", "currency": "EUR"}]}
    markets, problems = load_markets({**SETTINGS, "STORE_MARKETS": declared}, tmp_path)
    assert problems == [] and [m.code for m in markets.markets] == ["en-us", "fr-fr"]
    (tmp_path / "markets.yml").write_text(GOOD, encoding="utf-8")
    _, problems = load_markets({**SETTINGS, "STORE_MARKETS": declared}, tmp_path)
    assert "declared twice" in problems[0].message


def test_each_market_sees_its_language_and_regional_text_of_the_demo_store() -> None:
    from storefront.project import read_project_settings
    from storefront_catalog.settings import SETTINGS, apply_defaults
    from storefront_catalog.store import load_store

    repo = Path(__file__).resolve().parents[2]
    settings = read_project_settings(repo, "pelicanconf.py")
    apply_defaults(settings, SETTINGS)
    store = load_store(settings, repo / "content", repo)
    assert not isinstance(store, list)
    assert [p for p in store.problems if p.severity == "error"] == []

    def product(market: str, slug: str):
        return next(p for p in store.views[market].catalog.products if p.slug == slug)

    # index.en-gb.md: British text over index.md for en-GB only
    assert "£45" in product("en-gb", "active-stylus-pen").seo_description
    assert "$50" in product("en-us", "active-stylus-pen").seo_description
    gb, us = product("en-gb", "active-stylus-pen"), product("en-us", "active-stylus-pen")
    assert gb.title == us.title
    # index.de.md: German text, the same commerce data
    de = product("de-de", "active-stylus-pen")
    assert (de.lang, de.title) == ("de", "Voltaro Aktiver Eingabestift")
    assert de.sku == product("en-us", "active-stylus-pen").sku
    # no Japanese translation: English text, marked as English (untranslated: fallback)
    assert product("ja-jp", "fine-tip-stylus-2-pack").lang == "en"
    # category names from categories.yml, same paths (URLs) in every market
    tops = {m: [(c.path, c.title) for c in store.views[m].catalog.categories]
            for m in ("en-us", "ja-jp")}
    assert [p for p, _ in tops["en-us"]] == [p for p, _ in tops["ja-jp"]]
    assert ("charging", "充電") in tops["ja-jp"]
    pages = {p.slug: p for p in store.views["en-gb"].catalog.pages}
    assert "£45" in pages["shipping"].summary


def test_an_obsolete_currency_names_the_one_the_country_uses(tmp_path: Path) -> None:
    _, problems = markets_from(tmp_path, GOOD.replace("currency: EUR", "currency: DEM"))
    assert messages(problems) == ['markets[3].currency: "DEM" is no longer in use; DE uses "EUR"']


def test_a_mistake_in_the_default_market_is_reported_once(tmp_path: Path) -> None:
    text = GOOD.replace("default: de-de", "default: en-uk").replace(
        "code: en-gb, language: en, country: GB", "code: en-uk, language: en, country: UK")
    _, problems = markets_from(tmp_path, text)
    assert messages(problems) == [
        'markets[2].country: "UK" is not an ISO 3166 country code; write "GB" (and code: en-gb)']


def test_untranslated_exclude_leaves_out_what_has_no_text_in_the_language() -> None:
    from dataclasses import replace

    from storefront.project import read_project_settings
    from storefront_catalog.markets import MarketSet, localize_catalog
    from storefront_catalog.settings import SETTINGS, apply_defaults
    from storefront_catalog.store import load_store

    repo = Path(__file__).resolve().parents[2]
    settings = read_project_settings(repo, "pelicanconf.py")
    apply_defaults(settings, SETTINGS)
    store = load_store(settings, repo / "content", repo)
    assert not isinstance(store, list)
    strict = replace(store.markets, untranslated="exclude")
    assert isinstance(strict, MarketSet)
    ja = strict.by_code("ja-jp")
    assert ja is not None
    assert store.prices is not None
    view, problems = localize_catalog(store.catalog, ja, strict, store.prices.products["ja-jp"])
    sold = {p.slug for p in view.catalog.products}
    assert "fine-tip-stylus-2-pack" not in sold  # no index.ja.md
    assert view.not_sold["fine-tip-stylus-2-pack"] == "untranslated"
    assert "active-stylus-pen" in sold and all(p.lang == "ja" for p in view.catalog.products)
    assert problems == []  # a policy, not a mistake: no warning
    # the default language never loses anything
    us = strict.default
    view, _ = localize_catalog(store.catalog, us, strict)
    assert len(view.catalog.products) == len(store.catalog.products)


def test_title_patterns_are_checked_and_applied(tmp_path: Path) -> None:
    from storefront_catalog.settings import SETTINGS, check_settings
    from tests.sitebuild import build

    bad = check_settings({"STORE_TITLES": {"product": "{name} | {site}"}}, SETTINGS)
    assert [(p.field, p.message.split(" (")[0]) for p in bad] == [(
        "STORE_TITLES",
        'product: "{name}" is not a placeholder; use {title}, {site}, {brand}, {category}, {sku}')]
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "site"
    out = build(fixture, tmp_path / "out", tmp_path / "cache",
                STORE_TITLES={"product": "{title} – {brand} | {site}", "home": "{site}"},
                STORE_DESCRIPTIONS={"product": "{summary} From {price} at {site}."})
    page = (out / "products" / "stylus" / "index.html").read_text(encoding="utf-8")
    assert "<title>Active Stylus – Fixture Goods | Fixture Goods</title>" in page
    assert ('<meta name="description" content="Palm-rejection stylus with a 10-hour battery. '
            'From $29.99 at Fixture Goods.">') in page
    bad = check_settings({"STORE_DESCRIPTIONS": {"category": "{summary}"}}, SETTINGS)
    assert bad and '"{summary}" is not a placeholder' in bad[0].message
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Fixture Goods</title>" in home


def test_each_market_keeps_its_country_clock_unless_told_otherwise(tmp_path: Path) -> None:
    markets, problems = markets_from(tmp_path, GOOD)
    assert problems == []
    zones = {m.code: m.timezone for m in markets.markets}
    assert zones["de-de"] == "Europe/Berlin" and zones["en-gb"] == "Europe/London"
    text = GOOD.replace("currency: EUR", "currency: EUR, timezone: Europe/Berln")
    _, problems = markets_from(tmp_path, text)
    assert messages(problems) == [
        'markets[3].timezone: "Europe/Berln" is not an IANA time zone; write one such as '
        '"Europe/Berlin"']
