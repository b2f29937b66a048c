"""The B2B quote cart in a real browser, on the B2B fixture store (tests/fixtures/quote: three
request-for-quote products with different MOQs and volume tiers, four markets): products added
from their pages with quantities, tier prices live, the quote list (change, remove, Escape), one
itemized request by e-mail (decoded, in German on de-de) or as a POST to the form endpoint
(intercepted), each market's quote its own, prices written as the page's Babel prices, nothing
shown or moved without JavaScript or before a visitor acts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from babel.numbers import format_currency, format_decimal

from tests.browser.conftest import shops
from tests.browser.helpers import PHONE, Shop, ShopFactory, focused, settle, shifts_during
from tests.sitebuild import build

pytestmark = pytest.mark.browser

QUOTE_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "quote"
FORM = "https://forms.example.com/rfq"
LOCALES = {"en-us": ("en_US", "USD"), "de-de": ("de_DE", "EUR"), "ja-jp": ("ja_JP", "JPY"),
           "ar-sa": ("ar_SA", "SAR")}


@pytest.fixture(scope="module")
def quote_shop(browser: Any, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[ShopFactory]:
    """shop_factory for the B2B store taking requests by e-mail (STORE_CONTACT_EMAIL)."""
    base = tmp_path_factory.mktemp("quote-mail")
    site = build(QUOTE_FIXTURE, base / "out", base / "cache")
    with shops(browser, site) as make:
        yield make


@pytest.fixture(scope="module")
def form_shop(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShopFactory]:
    """shop_factory for the same store with a form endpoint (STORE_INQUIRY_URL)."""
    base = tmp_path_factory.mktemp("quote-form")
    site = build(QUOTE_FIXTURE, base / "out", base / "cache", STORE_INQUIRY_URL=FORM)
    with shops(browser, site) as make:
        yield make


def money(amount: str, market: str) -> str:
    """``amount`` as the build writes it in ``market`` (Babel, the page's own formatting)."""
    locale, currency = LOCALES[market]
    return format_currency(Decimal(amount), currency, locale=locale)


def number(n: int, market: str) -> str:
    return format_decimal(n, locale=LOCALES[market][0])


def add(page: Any, qty: int | None, add_label: str, qty_label: str) -> None:
    """Type a quantity (None: keep the MOQ) into "Add to quote" and add the product."""
    if qty is not None:
        page.get_by_label(qty_label, exact=True).fill(str(qty))
    page.get_by_role("button", name=add_label, exact=True).click()


def open_quote(page: Any) -> Any:
    """Open the quote list from the header; the dialog."""
    page.locator("[data-quote-open]").click()
    dialog = page.locator("#quote-dialog")
    assert dialog.is_visible()
    return dialog


def line(dialog: Any, title: str) -> Any:
    return dialog.locator("fieldset", has=dialog.page.get_by_role("link", name=title, exact=True))


def mail(page: Any) -> tuple[str, str, str]:
    """Address, subject and body (decoded) of the quote's e-mail link."""
    href = page.locator("[data-quote-mail]").get_attribute("href")
    assert href and href.startswith("mailto:"), href
    parts = urlsplit(href)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return unquote(parts.path), query["subject"], query["body"]


# -- German market, requests by e-mail -----------------------------------------------------------
DE_ADD, DE_QTY = "Zur Anfrage hinzufügen", "Menge für die Anfrage"


def test_three_products_make_one_itemized_german_email(quote_shop: ShopFactory) -> None:
    shop = quote_shop()
    page = shop.open("/de-de/products/flash-drive/")
    price = page.locator("[data-quote-price]")
    assert price.inner_text() == "50 × 6,00\xa0€ = 300,00\xa0€", "starts at the MOQ (50)"
    page.get_by_label(DE_QTY, exact=True).fill("99")
    assert price.inner_text() == "99 × 6,00\xa0€ = 594,00\xa0€"
    page.get_by_label(DE_QTY, exact=True).fill("100")
    assert price.inner_text() == "100 × 5,40\xa0€ = 540,00\xa0€", "the 100+ tier applies at once"
    add(page, 120, DE_ADD, DE_QTY)
    assert "USB-Stick 64 GB" in page.get_by_role("status").inner_text()
    assert page.locator("[data-quote-count]").inner_text() == "1"

    page = shop.open("/de-de/products/usb-cable/")
    assert page.locator("[data-quote-count]").inner_text() == "1", "the quote follows the buyer"
    add(page, None, DE_ADD, DE_QTY)  # the MOQ: 10

    page = shop.open("/de-de/products/charging-station/")
    page.locator("label", has_text="Weiß").click()  # the white variant
    add(page, 2, DE_ADD, DE_QTY)
    assert page.locator("[data-quote-count]").inner_text() == "3"

    dialog = open_quote(page)
    assert page.get_by_role("dialog", name="Ihre Angebotsanfrage").is_visible()
    assert focused(page).startswith("button"), "focus moves into the dialog"
    titles = dialog.locator("legend").all_inner_texts()
    assert titles == ["USB-Stick 64 GB", "USB-C-Kabel 1 m", "Ladestation mit 20 Ports – Weiß"]
    drive = line(dialog, "USB-Stick 64 GB")
    assert drive.locator("[data-line-price]").inner_text() == "120 × 5,40\xa0€ = 648,00\xa0€"

    # crossing the 500 tier in the list changes the unit price
    drive.get_by_label("Menge: USB-Stick 64 GB").fill("500")
    assert drive.locator("[data-line-price]").inner_text() == "500 × 4,40\xa0€ = 2.200,00\xa0€"
    # below the MOQ is raised to it when the field is left
    cable = line(dialog, "USB-C-Kabel 1 m")
    box = cable.get_by_label("Menge: USB-C-Kabel 1 m")
    box.fill("3")
    box.blur()
    assert box.input_value() == "10"
    cable.get_by_role("button", name="USB-C-Kabel 1 m entfernen").click()
    assert dialog.locator("legend").all_inner_texts() == [
        "USB-Stick 64 GB", "Ladestation mit 20 Ports – Weiß"]
    assert page.locator("[data-quote-count]").inner_text() == "2"
    # 2200 + 2 × 1234.50
    assert dialog.locator("[data-quote-total]").inner_text() == "4.669,00\xa0€"

    address, subject, body = mail(page)
    assert address == "sales@b2b.example.com"
    assert subject == "Angebotsanfrage"
    assert body.splitlines() == [
        "Guten Tag,",
        "",
        "bitte senden Sie mir ein Angebot für diese Produkte:",
        "",
        "USB-Stick 64 GB (Artikelnummer QF-FD-64): 500 × 4,40\xa0€ = 2.200,00\xa0€",
        "Ladestation mit 20 Ports – Weiß (Artikelnummer QF-STN-20-WHT): "
        "2 × 1.234,50\xa0€ = 2.469,00\xa0€",
        "",
        "Geschätzte Summe: 4.669,00\xa0€",
        "",
        "Firma:",
        "Lieferung nach (Land):",
    ]

    page.keyboard.press("Escape")
    assert not dialog.is_visible(), "Escape closes the quote list"
    assert "data-quote-open" in page.evaluate("document.activeElement.outerHTML"), (
        "focus returns to the button that opened it")
    assert not shop.problems.all(), shop.problems.all()


def test_adding_again_adds_up_and_removing_everything_empties_the_quote(
        quote_shop: ShopFactory) -> None:
    shop = quote_shop()
    page = shop.open("/de-de/products/usb-cable/")
    add(page, 200, DE_ADD, DE_QTY)
    add(page, 60, DE_ADD, DE_QTY)
    dialog = open_quote(page)
    cable = line(dialog, "USB-C-Kabel 1 m")
    # 260 crosses the 250 tier: 6,80 € each
    assert cable.locator("[data-line-price]").inner_text() == "260 × 6,80\xa0€ = 1.768,00\xa0€"
    cable.get_by_role("button", name="USB-C-Kabel 1 m entfernen").click()
    assert dialog.get_by_text("Ihre Angebotsanfrage ist leer.").is_visible()
    assert not dialog.locator("[data-quote-mail]").is_visible(), "nothing to send"
    assert focused(page).startswith("button"), "focus stays in the dialog"
    page.keyboard.press("Escape")
    assert not page.locator("[data-quote-open]").is_visible(), "an empty quote has no button"
    assert not shop.problems.all(), shop.problems.all()


def test_the_variant_in_the_address_is_the_one_added(quote_shop: ShopFactory) -> None:
    shop = quote_shop()
    page = shop.open("/en-us/products/charging-station/?variant=QF-STN-20-WHT")
    add(page, None, "Add to quote", "Quote quantity")
    dialog = open_quote(page)
    assert dialog.locator("legend").all_inner_texts() == ["Charging Station 20-Port – White"]
    assert dialog.locator("[data-line-sku]").inner_text() == "QF-STN-20-WHT"
    assert not shop.problems.all(), shop.problems.all()


# -- form endpoint ---------------------------------------------------------------------------------
def test_the_quote_is_posted_to_the_form_endpoint_one_field_set_per_line(
        form_shop: ShopFactory) -> None:
    shop = form_shop()
    page = shop.open("/en-us/products/flash-drive/")
    add(page, 500, "Add to quote", "Quote quantity")
    page = shop.open("/en-us/products/charging-station/")
    add(page, 5, "Add to quote", "Quote quantity")
    page = shop.open("/en-us/products/usb-cable/")
    add(page, None, "Add to quote", "Quote quantity")

    posted: list[Any] = []

    def answer(route: Any) -> None:
        posted.append(route.request)
        route.fulfill(status=200, content_type="text/html",
                      body="<!DOCTYPE html><title>Thanks</title><p>Thanks")

    page.route(FORM, answer)
    dialog = open_quote(page)
    assert dialog.locator("[data-quote-mail]").count() == 0, "a form store sends no e-mail"
    dialog.get_by_label("Your e-mail").fill("buyer@example.org")
    dialog.get_by_label("Company", exact=True).fill("Example GmbH")
    dialog.get_by_role("button", name="Request a quote").click()
    page.wait_for_load_state()
    assert len(posted) == 1, "one request for the whole quote"
    request = posted[0]
    assert request.method == "POST"
    fields = parse_qs(request.post_data, keep_blank_values=True)
    flat = {k: v[0] for k, v in fields.items()}
    assert all(len(v) == 1 for v in fields.values()), fields
    page_url = "https://b2b.example.com/en-us/products/{}/"
    assert flat == {
        "market": "en-us", "currency": "USD", "total": "8460.00",
        "email": "buyer@example.org", "company": "Example GmbH",
        "items[1][sku]": "QF-FD-64", "items[1][product]": "Flash Drive 64 GB",
        "items[1][quantity]": "500", "items[1][unit_price]": "4.75",
        "items[1][page]": page_url.format("flash-drive"),
        "items[2][sku]": "QF-STN-20-BLK", "items[2][product]": "Charging Station 20-Port – Black",
        "items[2][quantity]": "5", "items[2][unit_price]": "1199.00",
        "items[2][page]": page_url.format("charging-station"),
        "items[3][sku]": "QF-CBL-1M", "items[3][product]": "USB-C Cable 1 m",
        "items[3][quantity]": "10", "items[3][unit_price]": "9.00",
        "items[3][page]": page_url.format("usb-cable"),
    }  # 500 × 4.75 + 5 × 1199 + 10 × 9 = 2375 + 5995 + 90
    problems = [p for p in shop.problems.all() if FORM not in p]
    assert not problems, problems


def test_the_form_needs_an_email_before_it_sends(form_shop: ShopFactory) -> None:
    shop = form_shop()
    page = shop.open("/en-us/products/usb-cable/")
    add(page, None, "Add to quote", "Quote quantity")
    sent: list[str] = []
    page.route(FORM, lambda route: (sent.append(route.request.url), route.abort()))
    dialog = open_quote(page)
    dialog.get_by_role("button", name="Request a quote").click()
    page.wait_for_timeout(200)
    assert sent == [], "the browser asks for the e-mail first"
    assert dialog.get_by_label("Your e-mail").evaluate("e => e.matches(':invalid')")


# -- markets ---------------------------------------------------------------------------------------
def test_a_quote_belongs_to_its_market(quote_shop: ShopFactory) -> None:
    shop = quote_shop()
    page = shop.open("/de-de/products/flash-drive/")
    add(page, None, DE_ADD, DE_QTY)
    assert page.locator("[data-quote-open]").is_visible()

    page = shop.open("/en-us/products/usb-cable/")
    assert not page.locator("[data-quote-open]").is_visible(), "the euro quote is not shown in USD"
    page.get_by_role("button", name="View your quote").click()
    dialog = page.locator("#quote-dialog")
    assert dialog.get_by_text("Your quote is empty.").is_visible()
    assert dialog.locator("fieldset").count() == 0
    page.keyboard.press("Escape")
    add(page, None, "Add to quote", "Quote quantity")
    dialog = open_quote(page)
    assert dialog.locator("legend").all_inner_texts() == ["USB-C Cable 1 m"]
    assert dialog.locator("[data-quote-total]").inner_text() == "$90.00"

    page = shop.open("/de-de/")
    assert page.locator("[data-quote-count]").inner_text() == "1"
    dialog = open_quote(page)
    assert dialog.locator("legend").all_inner_texts() == ["USB-Stick 64 GB"]
    assert dialog.locator("[data-quote-total]").inner_text() == "300,00\xa0€"
    assert not shop.problems.all(), shop.problems.all()


@pytest.mark.parametrize("market", list(LOCALES))
def test_quote_prices_are_written_as_the_pages_babel_prices(
        quote_shop: ShopFactory, market: str) -> None:
    """quote.js formats with Intl.NumberFormat; every amount must read as the build's Babel
    text: the tier table's unit prices, and totals Babel formats here."""
    shop = quote_shop()
    page = shop.open(f"/{market}/products/flash-drive/")
    built = page.locator("[data-quote-price]").inner_text()
    table = [r.locator("td").first.inner_text() for r in page.locator(".tiers tbody tr").all()]
    qty_box = page.locator("[data-quote-qty]")
    seen = []
    for qty in (51, 100, 1234):
        qty_box.fill(str(qty))
        seen.append(page.locator("[data-quote-price]").inner_text())
    units = {"en-us": ("6.50", "5.90", "4.75"), "de-de": ("6.00", "5.40", "4.40"),
             "ja-jp": ("980", "890", "720"), "ar-sa": ("25.00", "22.50", "18.00")}[market]
    assert table == [money(u, market) for u in units], "the table is Babel's"
    qty_box.fill("50")
    assert page.locator("[data-quote-price]").inner_text() == built, (
        "quote.js writes the same text as the build")
    expected = [f"{number(q, market)} × {money(u, market)} = {money(str(Decimal(u) * q), market)}"
                for q, u in zip((51, 100, 1234), units, strict=True)]
    assert seen == expected
    assert not shop.problems.all(), shop.problems.all()


# -- without JavaScript, and without moving anything ---------------------------------------------
def test_without_javascript_each_product_keeps_its_own_request(quote_shop: ShopFactory) -> None:
    shop = quote_shop(javascript=False)
    page = shop.open("/de-de/products/flash-drive/")
    assert not page.locator("[data-quote-add]").is_visible()
    assert not page.locator("[data-quote-open]").is_visible()
    href = page.locator("[data-rfq-link]").get_attribute("href")
    assert href.startswith("mailto:sales@b2b.example.com")
    assert "QF-FD-64" in unquote(href)


# the header's items and the page below it, as laid out
HEADER_BOXES = """() => [...document.querySelectorAll('.site-header__inner > *, main')].map(e => {
  const r = e.getBoundingClientRect();
  return [e.className, r.x, r.y, r.width, r.height];
})"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("market", ["de-de", "ar-sa"])
def test_a_full_quote_fills_in_without_moving_anything(
        quote_shop: ShopFactory, size: str, market: str) -> None:
    shop: Shop = quote_shop(viewport=PHONE if size == "phone" else None)
    currency = LOCALES[market][1]
    page = shop.open(f"/{market}/products/usb-cable/")
    width = page.evaluate("innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "empty quote"
    page.evaluate("""([key, currency]) => localStorage.setItem(key, JSON.stringify({currency,
        lines: [...Array(12).keys()].map(i => ({sku: 'X' + i, title: 'X', url: '/', moq: 1,
        unit: '1.00', tiers: [], qty: 1}))}))""", [f"storefront-quote:{market}", currency])
    # the page as its HTML lays it out, then quote.js run on it
    page.route("**/quote.js*", lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto(shop.base_url + f"/{market}/products/charging-station/")
    settle(page)
    before = page.evaluate(HEADER_BOXES)
    page.unroute("**/quote.js*")
    shifts = shifts_during(page, lambda: page.evaluate("""() => new Promise(loaded => {
        const s = document.createElement('script');
        s.src = document.querySelector('script[src*="quote.js"]').src + '?run';
        s.onload = loaded;
        document.body.append(s);
      })"""))
    assert page.locator("[data-quote-count]").inner_text() == "12"  # two digits
    assert page.locator("[data-quote-open]").is_visible()
    assert page.evaluate(HEADER_BOXES) == before, f"the count moves the header ({size} size)"
    assert shifts == [], f"layout shifts on {market} at {size} size: {shifts}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        f"the header's quote button makes {market} scroll sideways at {size} size")
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] < 90, f"the header stays one row: {header}"
