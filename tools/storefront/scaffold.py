"""`storefront new-product`: a new product bundle with a commented front matter template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storefront_core.errors import Problem, StorefrontError, display_path
from storefront_core.slug import slugify

TEMPLATE = """\
---
# {title}: product bundle created by `storefront new-product`.
# Fields marked (required) must stay; remove the # in front of an optional field to use it.
# Text with a colon, a leading zero or a # must be in "quotes". Money is always "quoted".
# Run `storefront check` after every change: it names the line and field of any mistake.

title: "{title}"                  # (required) product name, shown as the page heading
sku: "{sku}"                      # (required) your stock-keeping unit; unique in the store
brand: "{brand}"                  # (required) brand name, used in Google results
category: "{category}"            # (required) nested path: "Top/Sub", e.g. "Power/Chargers"
summary: "One or two sentences that sell the product; shown in listings and search results."
price: {{{currency}: "19.99"}}    # (required) unit price per currency code, in quotes
availability: in_stock           # in_stock | out_of_stock | preorder | backorder
condition: new                   # new | refurbished | used
draft: true                      # true keeps the product unpublished; set false to go live

# (required) photos in this folder; the first is the main photo. Add the files, then list them.
# angle: front | back | side | left | right | top | bottom | detail | in_use | packaging |
#        lifestyle | other. alt describes the photo for blind shoppers (default: title + angle).
images:
  - {{file: front.jpg, angle: front, alt: "{title}, front view"}}
#  - {{file: back.jpg, angle: back}}
#  - {{file: detail.jpg, angle: detail, alt: "Close-up of the ..."}}

# gtin: "0123456789012"          # barcode (GTIN-8/12/13/14), in quotes; checksum is verified
# mpn: "ABC-123"                 # manufacturer part number (when there is no GTIN)
# tags: [usb-c, travel]
# list_price: {{{currency}: "24.99"}}     # strikethrough "was" price, above price
# moq: 1                         # minimum order quantity (whole number, at least 1)
# price_tiers:                   # wholesale price breaks: from min_qty units, each costs price
#   - {{min_qty: 50, price: {{{currency}: "17.99"}}}}
#   - {{min_qty: 200, price: {{{currency}: "15.99"}}}}
# variants:                      # options: color, size, capacity, material, pattern, style, length
#   - {{sku: "{sku}-BLK", color: Black, image: front.jpg}}
#   - {{sku: "{sku}-WHT", color: White, image: white.jpg, price: {{{currency}: "21.99"}},
#      availability: preorder, swatch: "#f4f4f4"}}
# specs:                         # label: value pairs shown in the specifications table
#   Weight: 14 g
#   Battery life: 10 h
# buy_url: https://buy.example.com/{slug}   # checkout / payment link for the Buy button
# inquiry: true                  # show a request-for-quote button
# rating: {{value: "4.7", count: 132}}      # average review score out of 5, and review count
# seo: {{title: "...", description: "..."}} # overrides for the search-result title/snippet
# featured: true                 # show on the home page first
# order: 0                       # position inside its category (lower first)
# release_date: 2026-12-01       # expected shipping date of a preorder product
# date: 2026-11-02               # when it was added: collections sorted "Newest" use it
---
Describe **{title}** here in Markdown: what it is, who it is for, what is in the box.

## Highlights

- First reason to buy
- Second reason to buy
"""


@dataclass(frozen=True)
class Scaffold:
    """What `new-product` created and what the marketer must do next."""

    folder: Path
    index: Path
    next_steps: tuple[str, ...]


def default_sku(slug: str) -> str:
    """A readable placeholder SKU from the slug, e.g. "NEW-TRAVEL-CHARGER-65W".

    >>> default_sku("travel-charger-65w")
    'NEW-TRAVEL-CHARGER-65W'
    """
    return ("NEW-" + slug.upper())[:40].rstrip("-")


def render_template(
    title: str, *, category: str, brand: str, currency: str, slug: str, sku: str
) -> str:
    """The commented index.md text for a new product."""

    def q(text: str) -> str:  # keep the value valid inside "double quotes"
        return text.replace("\\", "\\\\").replace('"', '\\"')

    return TEMPLATE.format(
        title=q(title),
        category=q(category),
        brand=q(brand),
        currency=currency,
        slug=slug,
        sku=q(sku),
    )


def new_product(
    project: Path,
    name: str,
    *,
    category: str = "Uncategorized",
    brand: str = "",
    currency: str = "USD",
    content_dir: str = "content",
) -> Scaffold:
    """Create content/products/<slug>/index.md; refuses to overwrite an existing bundle."""
    slug = slugify(name)
    if not slug:
        raise StorefrontError(
            [
                Problem(
                    "",
                    "name",
                    f"{name!r} has no letters or digits to make a folder name from; "
                    'give the product a name such as "Travel Charger 65W"',
                )
            ]
        )
    folder = project / content_dir / "products" / slug
    index = folder / "index.md"
    shown = display_path(folder, project)
    if folder.exists():
        raise StorefrontError(
            [
                Problem(
                    shown,
                    "",
                    "this product folder already exists; nothing was changed. "
                    "Edit its index.md, or choose another name",
                )
            ]
        )
    folder.mkdir(parents=True)
    sku = default_sku(slug)
    index.write_text(
        render_template(
            name,
            category=category,
            brand=brand or "Your Brand",
            currency=currency,
            slug=slug,
            sku=sku,
        ),
        encoding="utf-8",
    )
    steps = (
        f"Copy the product photos into {shown}/ (JPEG or PNG, at least 1600 px wide), "
        "e.g. front.jpg, back.jpg, detail.jpg.",
        f"Open {shown}/index.md: list every photo under images:, set sku, price, summary "
        "and category, and write the description below the second ---.",
        "Run `storefront check` until it reports no problems; preview with `storefront serve`.",
        "Change draft: true to draft: false to publish the product on the next build.",
    )
    return Scaffold(folder=folder, index=index, next_steps=steps)
