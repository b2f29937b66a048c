"""Product front-matter validation: each mistake gives its own message with file, field, line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image as PILImage

from storefront_catalog.checker import did_you_mean, gtin_check_digit
from storefront_catalog.loader import load_catalog

FILE = "content/products/pen/index.md"

#: (key, raw YAML) in file order; line numbers: title 2, sku 3, brand 4, category 5,
#: summary 6, price 7, images 8 (items on 9 and 10); extra fields start at line 11.
BASE = {
    "title": "Active Stylus Pen",
    "sku": "TS-STY-01",
    "brand": "Voltaro",
    "category": "Accessories/Stylus Pens",
    "summary": "A pen for every screen.",
    "price": '{USD: "29.99", JPY: "4480"}',
    "images": "\n  - {file: front.jpg, angle: front}\n  - {file: back.jpg, angle: back}",
}


def photo(path: Path) -> None:
    """A real (tiny) JPEG made with Pillow."""
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (16, 12), (40, 90, 200)).save(path, "JPEG")


def write_product(root: Path, slug: str = "pen", photos=("front.jpg", "back.jpg"),
                  body: str = "A fine pen.\n", **fields: str | None) -> Path:
    """Write content/products/<slug>/index.md; fields override BASE (None drops a field)."""
    merged = {**BASE, **fields}
    lines = [f"{k}: {v}" for k, v in merged.items() if v is not None]
    folder = root / "content" / "products" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text("---\n" + "\n".join(lines) + "\n---\n" + body)
    for name in photos:
        photo(folder / name)
    return folder


def load(root: Path, currency: str = "USD"):
    return load_catalog(root / "content", currency=currency, root=root)


def problems_of(root: Path, currency: str = "USD") -> list[str]:
    _catalog, problems = load(root, currency)
    return [str(p) for p in problems]


def only_problem(tmp_path: Path, **fields: str | None) -> str:
    write_product(tmp_path, **fields)
    found = problems_of(tmp_path)
    assert len(found) == 1, found
    return found[0]


def test_valid_product_loads_with_exact_types(tmp_path):
    write_product(tmp_path, sku="0012", gtin='"6901234567892"', moq="1",
                  specs="{Weight: 14.0 g, Battery: 10, Version: 1.10}")
    catalog, problems = load(tmp_path)
    assert problems == []
    (product,) = catalog.products
    assert product.sku == "0012"
    assert product.price == {"USD": Decimal("29.99"), "JPY": Decimal("4480")}
    assert product.specs == (("Weight", "14.0 g"), ("Battery", "10"), ("Version", "1.10"))
    assert product.category == ("Accessories", "Stylus Pens")
    assert product.images[1].alt == "Active Stylus Pen, back view"
    assert product.images[0].source == tmp_path.resolve() / "content/products/pen/front.jpg"
    assert "<p>A fine pen.</p>" in product.body_html


def test_unquoted_decimal_price_is_exact(tmp_path):
    write_product(tmp_path, price="{USD: 19.90}")
    catalog, problems = load(tmp_path)
    assert problems == []
    assert str(catalog.products[0].price["USD"]) == "19.90"


def test_comma_price(tmp_path):
    assert only_problem(tmp_path, price='{USD: "29,99"}') == (
        f'{FILE}:7: price.USD: "29,99" is not a number; write it with a dot, e.g. "29.99"'
    )


def test_thousands_separator_and_currency_sign(tmp_path):
    write_product(tmp_path, price='{USD: "1,299.00", JPY: "¥4480"}')
    assert problems_of(tmp_path) == [
        f'{FILE}:7: price.USD: "1,299.00" is not a number; write it without thousands '
        'separators, e.g. "1299.00"',
        f'{FILE}:7: price.JPY: "¥4480" is not a number; write only the amount, without currency '
        'signs or words, e.g. "4480"',
    ]


def test_negative_and_zero_price(tmp_path):
    write_product(tmp_path, price='{USD: "-5.00", JPY: 0}')
    assert problems_of(tmp_path) == [
        f"{FILE}:7: price.USD: -5.00 must be above 0",
        f"{FILE}:7: price.JPY: 0 must be above 0",
    ]


def test_jpy_with_decimals(tmp_path):
    assert only_problem(tmp_path, price='{USD: "29.99", JPY: "4480.50"}') == (
        f'{FILE}:7: price.JPY: JPY has no decimal digits; write a whole amount, e.g. "4480"'
    )


def test_usd_with_three_decimals(tmp_path):
    assert only_problem(tmp_path, price="{USD: 29.999}") == (
        f'{FILE}:7: price.USD: USD has 2 decimal digits; round 29.999 to e.g. "30.00"'
    )


def test_unknown_and_lowercase_and_old_currency(tmp_path):
    write_product(tmp_path, price='\n  USD: "29.99"\n  USS: 1\n  eur: 2\n  DEM: 3')
    assert problems_of(tmp_path) == [
        f'{FILE}:9: price.USS: "USS" is no longer in use; use today\'s ISO 4217 code',
        f'{FILE}:10: price.eur: currency codes are written in capitals: write "EUR"',
        f'{FILE}:11: price.DEM: "DEM" is no longer in use; use today\'s ISO 4217 code',
    ]
    write_product(tmp_path, price='{USD: "29.99", UDS: 1}')
    assert problems_of(tmp_path) == [
        f'{FILE}:7: price.UDS: "UDS" is not an ISO 4217 currency code; did you mean "USD"? use '
        "codes such as USD, EUR, GBP, JPY",
    ]


def test_missing_store_currency(tmp_path):
    write_product(tmp_path)
    assert problems_of(tmp_path, currency="EUR") == [
        f'{FILE}:7: price: has no EUR price, the store\'s currency (STORE_CURRENCY); add EUR: "..."'
    ]


def test_price_as_bare_number(tmp_path):
    assert only_problem(tmp_path, price="19.90") == (
        f'{FILE}:7: price: must list an amount per currency, e.g. price: {{USD: "19.90"}}'
    )


def test_price_as_bare_number_with_a_comma_suggests_a_dot(tmp_path):
    assert only_problem(tmp_path, price="29,99") == (
        f'{FILE}:7: price: must list an amount per currency, e.g. price: {{USD: "29.99"}}'
    )


COMMA_IN_BRACES = ('{FILE}:7: price.USD: 29,99 is read as 29 and a separate field "99", because '
                   'a comma separates the fields inside {{ }}; write the amount with a dot, in '
                   'quotes: USD: "29.99"')


@pytest.mark.parametrize("price", [
    "{USD: 29,99}",
    "{USD: 29,99, JPY: 4480}",
    "{USD: 29,99, EUR: 27,99}",  # was: 'price.99' is given twice
])
def test_an_unquoted_comma_price_in_braces_says_to_quote_it_with_a_dot(tmp_path, price):
    assert only_problem(tmp_path, price=price) == COMMA_IN_BRACES.format(FILE=FILE)


def test_unquoted_comma_amounts_in_braces_elsewhere(tmp_path):
    assert only_problem(tmp_path, price="{USD: 1,299.00}") == (
        f'{FILE}:7: price.USD: 1,299.00 is read as 1 and a separate field "299.00", because a '
        "comma separates the fields inside { }; write the amount without thousands separators, "
        'in quotes: USD: "1299.00"'
    )
    assert only_problem(
        tmp_path, variants='\n  - {sku: V-A, color: Black, price: {USD: 31,50}}') == (
        f'{FILE}:12: variants[1].price.USD: 31,50 is read as 31 and a separate field "50", '
        "because a comma separates the fields inside { }; write the amount with a dot, in "
        'quotes: USD: "31.50"'
    )
    assert only_problem(tmp_path, variants=None, specs="{Sizes: 10,20}") == (
        f'{FILE}:11: specs.Sizes: 10,20 is read as 10 and a separate field "20", because a comma '
        'separates the fields inside { }; put the value in quotes: Sizes: "10,20"'
    )


#: fields whose checks compare with the base price (each once had its own message about it)
DEPENDENT = {
    "list_price": '{USD: "39.99"}',
    "price_tiers": '[{min_qty: 10, price: {USD: "25.00"}}]',
    "variants": '\n  - {sku: V-A, color: Black, price: {USD: "31.00"}}'
                '\n  - {sku: V-B, color: White, list_price: {USD: "45.00"}}',
}


@pytest.mark.parametrize(("price", "message"), [
    ('{USD: "29,99", JPY: "4480"}',
     'price.USD: "29,99" is not a number; write it with a dot, e.g. "29.99"'),
    ('{USD: "abc", JPY: "4480"}',
     'price.USD: "abc" is not a number; write only the amount, without currency signs or '
     'words, e.g. "29.99"'),
    ('{USD: 29,99, JPY: "4480"}', COMMA_IN_BRACES.format(FILE=FILE).split(":7: ", 1)[1]),
    ("29.99", 'price: must list an amount per currency, e.g. price: {USD: "29.99"}'),
    ('{UDS: "29.99", JPY: "4480"}',
     'price.UDS: "UDS" is not an ISO 4217 currency code; did you mean "USD"? use codes such as '
     "USD, EUR, GBP, JPY"),
    ('{usd: "29.99", JPY: "4480"}',
     'price.usd: currency codes are written in capitals: write "USD"'),
])
def test_one_bad_price_gives_one_error_not_one_per_field_that_uses_it(tmp_path, price, message):
    write_product(tmp_path, price=price, **DEPENDENT)
    assert [p.split(": ", 1)[1] for p in problems_of(tmp_path)] == [message]


def test_a_list_price_below_the_price_is_reported_once_not_per_variant(tmp_path):
    write_product(tmp_path, list_price='{USD: "19.99"}',
                  variants="\n  - {sku: V-A, color: Black}\n  - {sku: V-B, color: White}")
    assert problems_of(tmp_path) == [
        f"{FILE}:11: list_price.USD: 19.99 is not above the price (29.99); a list (was) price "
        "must be higher, or remove it",
    ]


def test_unquoted_gtin(tmp_path):
    assert only_problem(tmp_path, gtin="6901234567892") == (
        f'{FILE}:11: gtin: write the GTIN in quotes, e.g. gtin: "6901234567892"; as a bare '
        "number YAML may drop leading zeros"
    )


def test_gtin_checksum_and_length(tmp_path):
    assert only_problem(tmp_path, gtin='"6901234567891"') == (
        f'{FILE}:11: gtin: "6901234567891" has a wrong check digit (the last digit should be 2); '
        "copy the GTIN again from the barcode or GS1 record"
    )
    assert "must be 8, 12, 13 or 14 digits" in only_problem(tmp_path, gtin='"12345"')


def test_gtin_check_digit_examples():
    assert gtin_check_digit("400638133393") == 1  # EAN-13 4006381333931
    assert gtin_check_digit("9638507") == 4  # EAN-8 96385074


def test_unknown_key_did_you_mean(tmp_path):
    assert only_problem(tmp_path, prise='{USD: "1"}') == (
        f'{FILE}:11: prise: unknown field; did you mean "price"?'
    )


def test_unknown_keys_in_nested_mappings(tmp_path):
    write_product(
        tmp_path,
        images="\n  - {file: front.jpg, angel: front}",
        variants="\n  - {sku: V-1, colour: Black}",
        rating="{value: 4.5, cont: 3}",
        seo="{titel: Pen}",
    )
    found = problems_of(tmp_path)
    assert f'{FILE}:9: images[1].angel: unknown field; did you mean "angle"?' in found
    assert f'{FILE}:11: variants[1].colour: unknown field; did you mean "color"?' in found
    assert f'{FILE}:12: rating.cont: unknown field; did you mean "count"?' in found
    assert f'{FILE}:13: seo.titel: unknown field; did you mean "title"?' in found


def test_unknown_key_without_close_match_lists_hint(tmp_path):
    assert only_problem(tmp_path, description="Nice") == (
        f"{FILE}:11: description: unknown field; the description is the Markdown text below the "
        "front matter; for the search-engine description use seo: {description: ...}"
    )


def test_missing_required_fields(tmp_path):
    write_product(tmp_path, title=None, sku=None, brand=None, summary=None, category=None)
    assert problems_of(tmp_path) == [
        f"{FILE}: title: is missing; this field is required",
        f"{FILE}: sku: is missing; this field is required",
        f"{FILE}: brand: is missing; this field is required",
        f"{FILE}: category: is missing; this field is required",
        f"{FILE}: summary: is missing; this field is required",
    ]


def test_sku_with_space_and_too_long_title(tmp_path):
    write_product(tmp_path, sku="TS STY 01", title="x" * 151)
    assert problems_of(tmp_path) == [
        f"{FILE}:2: title: is 151 characters long; keep it to 150 or fewer",
        f'{FILE}:3: sku: "TS STY 01" contains spaces; use letters, digits, . _ - only, '
        'e.g. "TS-STY-01"',
    ]


def test_category_empty_segment_and_reserved_page(tmp_path):
    assert only_problem(tmp_path, category="Accessories//Pens") == (
        f'{FILE}:5: category: "Accessories//Pens" has an empty part; write the path with single '
        'slashes, e.g. "Accessories/Pens"'
    )
    assert "reserved for page numbers" in only_problem(tmp_path, category="Accessories/Page")


def test_missing_image_file(tmp_path):
    write_product(tmp_path, images="\n  - {file: Front.jpg, angle: front}\n  - {file: x.jpg, "
                                   "angle: back}")
    assert problems_of(tmp_path) == [
        f'{FILE}:9: images[1].file: "Front.jpg" is not in the product folder; did you mean '
        '"front.jpg"? (names are case-sensitive)',
        f'{FILE}:10: images[2].file: "x.jpg" is not in the product folder; photos in the '
        "folder: back.jpg, front.jpg",
    ]


def test_image_path_escape_and_type(tmp_path):
    photo(tmp_path / "content" / "products" / "x.jpg")
    write_product(
        tmp_path,
        images="\n  - {file: ../x.jpg, angle: front}\n  - {file: /etc/x.jpg, angle: back}"
               "\n  - {file: notes.txt, angle: side}",
    )
    assert problems_of(tmp_path) == [
        f'{FILE}:9: images[1].file: "../x.jpg" points outside the product folder; copy the photo '
        'into the product folder and write just its name, e.g. "x.jpg"',
        f'{FILE}:10: images[2].file: "/etc/x.jpg" points outside the product folder; copy the '
        'photo into the product folder and write just its name, e.g. "x.jpg"',
        f'{FILE}:11: images[3].file: "notes.txt" is not a supported photo type; use a .jpg, '
        ".jpeg, .png, .webp or .avif file",
        "content/products/x.jpg: is not a product folder and is ignored; a product lives in "
        "content/products/<name>/index.md",
    ]


def test_duplicate_image_bad_angle_and_no_images(tmp_path):
    write_product(tmp_path, images="\n  - {file: front.jpg, angle: front}\n  - {file: front.jpg,"
                                   " angle: in use}")
    assert problems_of(tmp_path) == [
        f'{FILE}:10: images[2].angle: "in use" is not allowed; did you mean "in_use"? use one of:'
        " front, back, side, left, right, top, bottom, detail, in_use, packaging, lifestyle, "
        "other",
        f'{FILE}:10: images[2].file: "front.jpg" is already listed as images[1]; list each photo'
        " once",
    ]
    assert only_problem(tmp_path, images="[]") == (
        f"{FILE}:8: images: at least one photo is required, e.g. images: "
        "[{file: front.jpg, angle: front}]"
    )


def test_alt_default_for_in_use(tmp_path):
    write_product(tmp_path, photos=("front.jpg", "use.jpg"),
                  images="\n  - {file: front.jpg, angle: front, alt: Custom}"
                         "\n  - {file: use.jpg, angle: in_use}")
    catalog, problems = load(tmp_path)
    assert problems == []
    assert [i.alt for i in catalog.products[0].images] == [
        "Custom", "Active Stylus Pen, in use view"]


def test_yes_as_boolean(tmp_path):
    write_product(tmp_path, inquiry="yes", draft='"false"', featured="1")
    assert problems_of(tmp_path) == [
        f'{FILE}:11: inquiry: "yes" is text, not true/false; write true without quotes',
        f'{FILE}:12: draft: "false" is text, not true/false; write false without quotes',
        f"{FILE}:13: featured: 1 is not true or false; write true or false",
    ]


def test_list_price_must_be_above_price(tmp_path):
    write_product(tmp_path, list_price='{USD: "19.99", EUR: "30.00"}')
    assert problems_of(tmp_path) == [
        f"{FILE}:11: list_price.USD: 19.99 is not above the price (29.99); a list (was) price "
        "must be higher, or remove it",
        f"{FILE}:11: list_price.EUR: there is no EUR price to compare with; add price.EUR or "
        "remove this line",
    ]


def test_tiers_must_increase_and_lower_the_price(tmp_path):
    write_product(
        tmp_path,
        moq="10",
        price_tiers="\n  - {min_qty: 50, price: {USD: \"24.99\"}}"
                    "\n  - {min_qty: 20, price: {USD: \"22.99\"}}"
                    "\n  - {min_qty: 100, price: {USD: \"23.99\"}}"
                    "\n  - {min_qty: 5, price: {USD: \"1.00\"}}",
    )
    assert problems_of(tmp_path) == [
        f"{FILE}:14: price_tiers[2].min_qty: 20 is not above the previous tier's min_qty (50); "
        "list tiers from small to large quantities, each with a larger min_qty",
        f"{FILE}:15: price_tiers[3].price.USD: 23.99 is not below the previous tier's price "
        "(22.99); each tier must lower the unit price",
        f"{FILE}:16: price_tiers[4].min_qty: 5 is below moq (10); nobody can order fewer than "
        "10, start the tier at 10 or more",
    ]


def test_tier_at_moq_must_repeat_base_price(tmp_path):
    write_product(tmp_path, moq="50", price_tiers='\n  - {min_qty: 50, price: {USD: "29.99"}}'
                                                  '\n  - {min_qty: 200, price: {USD: "25.00"}}')
    catalog, problems = load(tmp_path)
    assert problems == []
    assert [t.min_qty for t in catalog.products[0].price_tiers] == [50, 200]
    write_product(tmp_path, moq="50", price_tiers='\n  - {min_qty: 50, price: {USD: "28.00"}}')
    assert problems_of(tmp_path) == [
        f"{FILE}:13: price_tiers[1].price.USD: 28.00 differs from the base price (29.99); a tier "
        "at moq (50) must repeat the base price, or start it above 50"
    ]


def test_tier_price_above_base(tmp_path):
    assert only_problem(tmp_path, price_tiers='[{min_qty: 10, price: {USD: "35.00"}}]') == (
        f"{FILE}:11: price_tiers[1].price.USD: 35.00 is not below the base price (29.99); each "
        "tier must lower the unit price"
    )


def test_variants(tmp_path):
    write_product(
        tmp_path,
        variants="\n  - {sku: TS-1-BLK, color: Black, image: front.jpg, swatch: \"#111\"}"
                 "\n  - {sku: TS-1-WHT, color: White, image: white.jpg, price: {USD: \"31.99\"}}"
                 "\n  - {sku: TS-1-RED, color: Red, size: L}"
                 "\n  - {sku: TS-1-BLK2, color: black}"
                 "\n  - {sku: TS-1-X}"
                 "\n  - sku: TS-1-GRN\n    color: Green\n    swatch: #00ff00",
    )
    assert problems_of(tmp_path) == [
        f'{FILE}:13: variants[2].image: "white.jpg" is not one of the product\'s images '
        "(front.jpg, back.jpg); add it to images first",
        f"{FILE}:14: variants[3]: uses the options color, size but variants[1] uses color; give "
        "every variant the same options",
        f"{FILE}:15: variants[4]: has the same options as variants[1]; each variant needs a "
        "different combination",
        f"{FILE}:16: variants[5]: has no option; give at least one of: color, size, capacity, "
        "material, pattern, style, length",
        f'{FILE}:19: variants[6].swatch: is empty; # starts a comment in YAML, so write the '
        'colour in quotes, e.g. swatch: "#1a1a1a"',
    ]


def test_variant_prices_merge_over_product(tmp_path):
    write_product(
        tmp_path,
        list_price='{USD: "39.99"}',
        variants="\n  - {sku: V-A, capacity: 64 GB}"
                 "\n  - {sku: V-B, capacity: 128 GB, price: {USD: \"34.99\"}, "
                 "availability: preorder}",
        release_date="2026-12-01",
    )
    catalog, problems = load(tmp_path)
    assert problems == []
    a, b = catalog.products[0].variants
    assert a.price == {"USD": Decimal("29.99"), "JPY": Decimal("4480")}
    assert b.price == {"USD": Decimal("34.99"), "JPY": Decimal("4480")}
    assert b.list_price == {"USD": Decimal("39.99")}
    assert (a.availability, b.availability) == ("in_stock", "preorder")
    assert b.options == {"capacity": "128 GB"}


def test_variant_price_above_list_price(tmp_path):
    assert only_problem(
        tmp_path, list_price='{USD: "39.99"}',
        variants='\n  - {sku: V-A, color: Red, price: {USD: "45.00"}}',
    ) == (
        f"{FILE}:13: variants[1].price.USD: the variant's list price 39.99 is not above its "
        "price 45.00; raise list_price or give this variant its own list_price"
    )


def test_variant_list_price_in_unknown_currency(tmp_path):
    assert only_problem(
        tmp_path, variants='\n  - {sku: V-A, color: Red, list_price: {EUR: "45.00"}}',
    ) == (
        f"{FILE}:12: variants[1].list_price.EUR: there is no EUR price to compare with; add "
        "price.EUR or remove this line"
    )


def test_preorder_without_release_date_warns(tmp_path):
    write_product(tmp_path, availability="preorder")
    _catalog, problems = load(tmp_path)
    assert [(p.severity, str(p)) for p in problems] == [
        ("warning", f"{FILE}:11: availability: preorder products should say when they ship; add "
                    "release_date: YYYY-MM-DD"),
    ]


def test_misc_field_types(tmp_path):
    write_product(
        tmp_path,
        availability="in stock",
        moq="0",
        buy_url="shop.example.com/pen",
        rating="{value: 5.5, count: 0}",
        tags="wireless",
        specs="\n  Waterproof: true\n  Colour:",
        release_date="soon",
    )
    assert problems_of(tmp_path) == [
        f'{FILE}:11: availability: "in stock" is not allowed; did you mean "in_stock"? use one '
        "of: in_stock, out_of_stock, preorder, backorder",
        f"{FILE}:12: moq: 0 is too small; it must be 1 or more",
        f'{FILE}:13: buy_url: "shop.example.com/pen" is not a web address; write the full '
        "address starting with https://",
        f'{FILE}:14: rating.value: 5.5 is not an average between 0 and 5; write e.g. "4.7"',
        f"{FILE}:14: rating.count: 0 is too small; it must be 1 or more",
        f"{FILE}:15: tags: must be a list, e.g. tags: [wireless, usb-c]",
        f'{FILE}:17: specs.Waterproof: true is a yes/no value; write the text to show in quotes,'
        ' e.g. "Yes"',
        f"{FILE}:18: specs.Colour: has no value; write one or remove the line",
        f'{FILE}:19: release_date: "soon" is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01',
    ]


def test_seo_lengths_warn(tmp_path):
    write_product(tmp_path, seo=f'{{title: "{"t" * 71}", description: "{"d" * 161}"}}')
    _catalog, problems = load(tmp_path)
    assert [(p.severity, p.field, p.line) for p in problems] == [
        ("warning", "seo.title", 11), ("warning", "seo.description", 11)]
    assert "is 71 characters; search engines show about 70, shorten it" in problems[0].message


def test_duplicate_sku_across_products(tmp_path):
    write_product(tmp_path, slug="pen")
    write_product(tmp_path, slug="pencil", sku="ts-sty-01")
    write_product(tmp_path, slug="quill", sku="Q-1", variants="\n  - {sku: TS-STY-01, color: Red}")
    assert problems_of(tmp_path) == [
        'content/products/pencil/index.md:3: sku: SKU "ts-sty-01" is already used by sku in '
        f"{FILE}; every product and variant needs its own SKU",
        'content/products/quill/index.md:12: variants[1].sku: SKU "TS-STY-01" is already used by '
        f"sku in {FILE}; every product and variant needs its own SKU",
    ]


def test_category_spelling_collision(tmp_path):
    write_product(tmp_path, slug="pen")
    write_product(tmp_path, slug="pencil", sku="P-2", category="accessories/Stylus-Pens")
    assert problems_of(tmp_path) == [
        'content/products/pencil/index.md:5: category: "accessories" gets the same web address as'
        f' "Accessories" in {FILE}; spell the category the same way in both',
    ]


def test_all_errors_of_all_files_reported_together(tmp_path):
    write_product(tmp_path, slug="pen", price='{USD: "29,99"}', gtin="6901234567892")
    write_product(tmp_path, slug="cable", sku="C-1", prise="1")
    (tmp_path / "content/products/broken").mkdir()
    (tmp_path / "content/products/broken/index.md").write_text('---\ntitle: "Oops\n---\n')
    found = problems_of(tmp_path)
    assert found == [
        "content/products/broken/index.md:2: a quote is opened but never closed; add the closing"
        " quote at the end of the value",
        'content/products/cable/index.md:11: prise: unknown field; did you mean "price"?',
        f'{FILE}:7: price.USD: "29,99" is not a number; write it with a dot, e.g. "29.99"',
        f'{FILE}:11: gtin: write the GTIN in quotes, e.g. gtin: "6901234567892"; as a bare '
        "number YAML may drop leading zeros",
    ]


def test_did_you_mean():
    assert did_you_mean("prise", ["price", "title"]) == "price"
    assert did_you_mean("zzz", ["price", "title"]) is None


@pytest.mark.parametrize("sku", ["0012", "00.5", "1e3"])
def test_sku_traps_keep_text(tmp_path, sku):
    write_product(tmp_path, sku=sku)
    catalog, problems = load(tmp_path)
    assert problems == []
    assert catalog.products[0].sku == sku


def test_date_added_is_read_and_a_bad_one_named(tmp_path):
    write_product(tmp_path, date="2026-11-02")
    catalog, problems = load(tmp_path)
    assert problems == [] and catalog.products[0].added == date(2026, 11, 2)
    write_product(tmp_path, date="last week")
    assert problems_of(tmp_path) == [
        f'{FILE}:11: date: "last week" is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01']
