"""Wholesale buying on the flash-drive page: MOQ, volume tiers and the request-for-quote e-mail."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.browser.helpers import Shop, ShopFactory

pytestmark = pytest.mark.browser

DRIVE = "/products/flash-drive/"


def mailto(page: Any) -> tuple[str, dict[str, str]]:
    """Address and decoded subject/body of the request-for-quote link."""
    href = page.locator("[data-rfq-link]").get_attribute("href")
    assert href and href.startswith("mailto:"), f"request-for-quote should be a mailto: {href!r}"
    parts = urlsplit(href)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return unquote(parts.path), query


def test_moq_and_volume_tiers_are_shown(shop: Shop) -> None:
    page = shop.open(DRIVE)
    offer = page.locator("[data-offer]")
    assert offer.locator(".price__now").inner_text().strip() == "$325.00"
    assert "50 units at $6.50 each" in offer.inner_text()
    moq = offer.get_by_text("Minimum order: 50 units")
    assert moq.is_visible()
    table = offer.get_by_role("table", name="Volume pricing")
    assert table.is_visible(), "the quantity-tier table should be visible"
    rows = [" ".join(r.split()) for r in table.locator("tbody tr").all_inner_texts()]
    assert rows == ["50–99 $6.50 –", "100–499 $5.90 9%", "500+ $4.75 27%"]
    assert not shop.problems.all(), shop.problems.all()


def test_quote_email_carries_product_sku_and_quantity(shop: Shop) -> None:
    page = shop.open(DRIVE)
    address, query = mailto(page)
    assert address == "hello@shop.example.com"
    assert "Flash Drive 64 GB" in query["subject"] and "0012" in query["subject"], query
    assert "SKU: 0012" in query["body"], query["body"]
    assert "Quantity: 50" in query["body"], "the body starts at the minimum order"

    qty = page.get_by_label("Quantity", exact=True)
    qty.fill("250")
    _, query = mailto(page)
    assert "Quantity: 250" in query["body"], f"typed quantity not in the e-mail: {query['body']!r}"
    assert "SKU: 0012" in query["body"] and "Flash Drive 64 GB" in query["body"]
    assert "0012" in query["subject"], "the subject should survive the rewrite"

    qty.fill("10")
    _, query = mailto(page)
    assert "Quantity: 50" in query["body"], "a quantity below the MOQ is raised to the MOQ"
    assert not shop.problems.all(), shop.problems.all()


def test_quote_email_is_prefilled_without_javascript(shop_factory: ShopFactory) -> None:
    shop = shop_factory(javascript=False)
    page = shop.open(DRIVE)
    _, query = mailto(page)
    assert "0012" in query["subject"], query
    assert "SKU: 0012" in query["body"] and "Quantity: 50" in query["body"], query
