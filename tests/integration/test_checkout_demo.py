"""The demo store sells through Stripe Payment Links (issue 14, "Done when"), built into a temp
folder as on 12 December 2026 (SOURCE_DATE_EPOCH), a day with a sale (12.12 in Singapore) and a
coupon campaign (GIFT10) running:

- every in-stock variant of every market is in ``<market>/checkout.json`` at the price its
  page's JSON-LD gives, with a Stripe link that is on that page; one SKU has another link in
  every market (each market has its own currency);
- editing one price in a built manifest makes `storefront audit` fail naming that SKU;
- the committed lock is what the documented command makes against the local test server
  (reproducible), and it covers a sale of every campaign: `storefront build --date` of any
  campaign's start finds its sale's link at the page's price;
- a changed US dollar price stops `storefront build` (SKU, market, fix; no traceback, nothing
  published) until `storefront checkout sync` against the local server, which changes only
  that SKU's entries in the lock.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from storefront.build import build_site
from storefront.checker import register_plugins
from storefront.cli import main
from storefront.project import read_project_settings
from storefront.schedule import load_promotions, upcoming_transitions
from storefront_catalog.settings import SETTINGS, apply_defaults
from storefront_catalog.store import load_store
from storefront_checkout.build import make_provider
from storefront_checkout.items import line_items
from storefront_checkout.provider import Setup
from storefront_checkout.settings import market_checkout
from tests.fixtures.stripe_server import stripe_server
from tests.sitebuild import page_offers

REPO = Path(__file__).resolve().parents[2]
LOCK = "content/checkout/stripe.lock.yml"
MARKETS = ("en-us", "en-gb", "en-sg", "de-de", "ja-jp", "ar-sa")
BUILT_ON = datetime(2026, 12, 12, 12, 0, tzinfo=UTC)  # 12.12 in en-sg, GIFT10 elsewhere
#: the command README ("Checkout", the demo) gives for remaking the lock
SYNC = ["checkout", "sync", "--from", "2026-12-06T00:00:00Z", "--days", "366"]
KEY = "sk_test_local123"


def demo_copy(dest: Path) -> Path:
    """The demo store in ``dest``: its content and settings, finding this repository's theme,
    plugins and translations; one small JPEG per photo and no share cards (not tested here)."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "content", dest / "content")
    conf = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    theme, plugins = str(REPO / "themes" / "storefront"), str(REPO / "plugins")
    for old, new in (('THEME = "themes/storefront"', f"THEME = {theme!r}"),
                     ('PLUGIN_PATHS = ["plugins"]', f"PLUGIN_PATHS = [{plugins!r}]"),
                     ('"storefront_social_cards", ', "")):
        assert old in conf, old
        conf = conf.replace(old, new)
    conf += (f"\nSTORE_I18N_DIR = {str(REPO / 'i18n')!r}\n"
             'IMAGE_WIDTHS = [320]\nIMAGE_FORMATS = ["jpeg"]\n')
    (dest / "pelicanconf.py").write_text(conf, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = demo_copy(tmp_path_factory.mktemp("demo") / "shop")
    out = project / "output"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(int(BUILT_ON.timestamp())))
        result = build_site(project, out)  # its audit (checkout-mismatch too) must pass
    # no warning but the one of pages without share cards (turned off here)
    assert [w for w in result.warnings if "og-image-missing" not in w] == []
    yield out


def manifest(out: Path, market: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / market / "checkout.json").read_text("utf-8"))
    return data


def test_every_in_stock_variant_of_every_market_has_its_own_stripe_link(built: Path) -> None:
    links: dict[str, dict[str, str]] = {}  # sku -> market -> link
    for market in MARKETS:
        data = manifest(built, market)
        assert (data["market"], data["provider"], data["build_date"]) == (
            market, "stripe", "2026-12-12")
        items = {item["sku"]: item for item in data["items"]}
        in_stock = 0
        for page in sorted((built / market / "products").glob("*/index.html")):
            hrefs = set(lxml.html.parse(str(page)).xpath("//a/@href"))
            for sku, offer in page_offers(page).items():
                if not offer["availability"].endswith("/InStock"):
                    continue
                in_stock += 1
                item = items.get(sku)
                assert item is not None, f"{sku} is missing from {market}/checkout.json"
                assert (Decimal(item["price"]), item["currency"]) == (
                    Decimal(offer["price"]), offer["priceCurrency"]), (market, sku)
                checkout = item["checkout"]
                assert checkout["type"] == "link", (market, sku, checkout)
                assert checkout["url"].startswith("https://buy.stripe.com/test_"), checkout
                assert checkout["url"] in hrefs, f"{market} {sku}: {checkout['url']} not on page"
                links.setdefault(sku, {})[market] = checkout["url"]
        assert in_stock >= 15, market
    # the same SKU has another link in every market: each market has another currency
    for sku, by_market in links.items():
        bare = {url.split("?")[0] for url in by_market.values()}
        assert len(bare) == len(by_market), (sku, by_market)
    assert sum(len(m) > 4 for m in links.values()) > 10


def test_sales_and_coupons_of_the_day_reach_the_links(built: Path) -> None:
    lock = yaml.safe_load((REPO / LOCK).read_text("utf-8"))["skus"]
    sg = {item["sku"]: item for item in manifest(built, "en-sg")["items"]}
    cable = sg["VT-CB-CC-1M"]  # 12.12: 12 % off everything in Singapore, its sale link
    (sale,) = [c for c in lock["VT-CB-CC-1M"]["markets"]["en-sg"]["campaigns"]
               if c["campaign"] == "double-twelve"]
    assert cable["checkout"]["url"] == sale["url"]
    assert Decimal(cable["unit_price"]) * 100 == sale["unit_amount"]
    # GIFT10 (a coupon: the page keeps its price) is pre-filled on Stripe's page
    us = {item["sku"]: item for item in manifest(built, "en-us")["items"]}
    regular = lock["VT-STY-01-BLK"]["markets"]["en-us"]
    assert regular["promotion_codes"] is True
    assert us["VT-STY-01-BLK"]["checkout"]["url"] == (
        regular["url"] + "?prefilled_promo_code=GIFT10")


def test_a_price_edited_in_a_built_manifest_fails_the_audit_naming_the_sku(
        built: Path, tmp_path: Path) -> None:
    out = Path(shutil.copytree(built, tmp_path / "out"))
    path = out / "de-de" / "checkout.json"
    data = json.loads(path.read_text("utf-8"))
    item = next(i for i in data["items"] if i["sku"] == "VT-CH-65G")
    item["price"] = str(Decimal(item["price"]) - 1)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(REPO), "audit", "-o", str(out),
                                       "--date", "2026-12-12"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "checkout-mismatch" in result.output and "VT-CH-65G" in result.output
    assert "Traceback" not in result.output


def test_the_lock_covers_a_sale_of_every_campaign_at_every_campaign_start() -> None:
    """What `storefront build --date <day>` checks for each campaign start of two years (the
    provider's check on every market's line items), without rendering the site."""
    settings = read_project_settings(REPO, "pelicanconf.py")
    apply_defaults(settings, SETTINGS)
    register_plugins(settings)  # the campaigns' sale prices, as a build applies them
    promotions = load_promotions(REPO)
    found = [t for t in upcoming_transitions(promotions, BUILT_ON, 2 * 366)
             if t.change == "start"]
    starts = sorted({t.at for t in found})
    assert len({t.campaign_id for t in found}) >= 9 and len(starts) >= 18
    cache: dict[Any, Any] = {}
    for moment in starts:
        store = load_store({**settings, "STORE_DATE": moment.isoformat()},
                           Path(settings["PATH"]), REPO, cache=cache)
        assert not isinstance(store, list), store
        for market in store.markets.markets:
            conf = market_checkout(settings["STORE_CHECKOUT"], market.code)
            setup = Setup(root=REPO, settings_file="pelicanconf.py",
                          build_date=moment.date(), site_url="https://voltaro.example",
                          market=market.code, currency=market.currency)
            provider = make_provider(conf.provider, conf.options, setup)
            assert provider.name == "stripe"
            items = line_items(store.views[market.code].catalog, market,
                               url_for=lambda p: "https://voltaro.example/",
                               image_for=lambda p, v: "")
            assert provider.check(items) == [], (moment, market.code)


def sync(project: Path, base: str) -> Any:
    return CliRunner().invoke(main, ["--project", str(project), *SYNC],
                              env={"STRIPE_API_KEY": KEY, "STRIPE_API_BASE": base},
                              catch_exceptions=False)


def test_a_changed_dollar_price_stops_the_build_until_the_sync_and_only_its_sku_changes(
        tmp_path: Path) -> None:
    project = demo_copy(tmp_path / "shop")
    lock = project / LOCK
    env = {"SOURCE_DATE_EPOCH": str(int(BUILT_ON.timestamp()))}
    with stripe_server(KEY) as (base, fake):
        # the committed lock is what the documented command makes (ids are the local
        # server's, in the order the sync asks for them)
        lock.unlink()
        made = sync(project, base)
        assert made.exit_code == 0, made.output
        assert lock.read_text("utf-8") == (REPO / LOCK).read_text("utf-8")
        before = yaml.safe_load(lock.read_text("utf-8"))

        product = project / "content" / "products" / "gan-charger-65w" / "index.md"
        text = product.read_text("utf-8")
        assert 'price: {USD: "45.99", JPY: "6980"}' in text
        product.write_text(text.replace('{USD: "45.99"', '{USD: "47.99"'), encoding="utf-8")

        out = project / "output"
        failed = CliRunner().invoke(main, ["--project", str(project), "build", "-o", str(out)],
                                    env=env, catch_exceptions=False)
        assert failed.exit_code == 1, failed.output
        assert "Traceback" not in failed.output
        assert ("VT-CH-65G in en-us: the price on the page is 47.99 USD but its Stripe link "
                "charges 45.99 USD; run `storefront checkout sync`") in " ".join(
                    failed.output.split())
        assert not out.exists()  # nothing published

        calls = len(fake.mutations())
        synced = sync(project, base)
        assert synced.exit_code == 0, synced.output
        changed = [line.strip() for line in synced.output.splitlines()
                   if line.startswith("  ")]
        assert changed and all(line.startswith("VT-CH-65G ") for line in changed), changed
        assert len(fake.mutations()) > calls
    after = yaml.safe_load(lock.read_text("utf-8"))
    assert (after["stripe"], after["coupons"]) == (before["stripe"], before["coupons"])
    differ = {sku for sku in before["skus"] | after["skus"]
              if before["skus"].get(sku) != after["skus"].get(sku)}
    assert differ == {"VT-CH-65G"}
    old, new = before["skus"]["VT-CH-65G"]["markets"], after["skus"]["VT-CH-65G"]["markets"]
    assert new["en-us"]["unit_amount"] == 4799 and new["en-us"]["url"] != old["en-us"]["url"]
    assert new["ja-jp"] == old["ja-jp"]  # its yen price is set by hand: unchanged

    passed = CliRunner().invoke(main, ["--project", str(project), "build", "-o", str(out)],
                                env=env, catch_exceptions=False)
    assert passed.exit_code == 0, passed.output
    us = {i["sku"]: i for i in manifest(out, "en-us")["items"]}
    assert (us["VT-CH-65G"]["price"], us["VT-CH-65G"]["checkout"]["url"]) == (
        "47.99", new["en-us"]["url"])
