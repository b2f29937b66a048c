"""The rules across pages: uniqueness per market, hreflang reciprocity, feed prices, sitemaps.

They run once every page is read (from this audit or, unchanged, from the memo of the last).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from urllib.parse import unquote

from lxml import etree

from ..sitemaps import INDEX_PATH
from .feed_items import Feeds
from .memo import Memo, stamp
from .page import Page
from .site import Check

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def uniqueness_rules(pages: Mapping[str, Page], check: Check) -> None:
    """Titles and descriptions are unique among the indexable pages of a market."""
    for attr, rule in (("title", "title-duplicate"), ("description",
                                                      "description-duplicate")):
        seen: dict[tuple[str, str], list[str]] = defaultdict(list)
        for page in pages.values():
            value = getattr(page, attr)
            if value and not page.noindex:
                seen[(page.lang.lower(), value)].append(page.path)
        what = "<title>" if attr == "title" else "meta description"
        fix = ("seo: {title: ...} in the front matter, or STORE_TITLES" if attr == "title"
               else "seo: {description: ...} in the front matter")
        for (lang, value), paths in seen.items():
            if len(paths) < 2:
                continue
            for path in paths:
                others = [p for p in paths if p != path]
                shown = ", ".join(others[:3]) + (
                    f" (+{len(others) - 3} more)" if len(others) > 3 else "")
                check.add(rule, path, f'{what} "{value}" is also on {shown} '
                          f"({lang or 'no lang'}); give each page its own ({fix})")


def hreflang_link_rules(pages: Mapping[str, Page], check: Check) -> None:
    """Targets exist and are indexable; every alternate, x-default included, links back
    (search engines ignore annotations that are not returned)."""
    site = check.site
    listed: dict[str, set[str]] = {}  # page -> the pages it lists (x-default too)
    for page in pages.values():
        if page.noindex or not page.hreflang:
            continue
        paths: set[str] = set()
        for code, href in page.hreflang:
            target = site.local(href)
            found = site.existing(target) if target else None
            if "://" not in href:
                check.add("hreflang-target", page.path, f'hreflang="{code}" href "{href}" is '
                          "not an absolute URL; write it with https:// and the host")
            elif found is None or found not in pages:
                check.add("hreflang-target", page.path, f'hreflang="{code}" points to '
                          f'"{href}", which is not a published page; drop it or publish it')
            elif pages[found].noindex:
                check.add("hreflang-target", page.path, f'hreflang="{code}" points to '
                          f'"{href}", a noindex page; list indexable pages only')
            else:
                paths.add(found)
        listed[page.path] = paths
    for path, targets in listed.items():
        here = pages[path]
        code = next((c for c, h in here.hreflang
                     if site.existing(site.local(h) or "") == path), here.lang)
        for target in sorted(targets - {path}):
            if path not in listed.get(target, set()):
                check.add("hreflang-return", target, f"the hreflang alternates do not link "
                          f"back to {here.url} ({code}), which lists this page; add "
                          f'<link rel="alternate" hreflang="{code}" href="{here.url}">')



def feed_price_rules(pages: Mapping[str, Page], feeds: Feeds, check: Check) -> None:
    """Every priced offer of a product page has feed items, at the price the page offers."""
    if not feeds.found:
        return
    for page in pages.values():
        if not page.is_product:
            continue
        items = feeds.by_page.get(page.path, [])
        for offer in page.offers:
            if offer.price is None:
                continue
            if offer.sku:
                matching = [i for i in items if i.id == offer.sku]
            else:
                matching = [i for i in items if "variant=" not in i.link]
            if not matching:
                check.add("feed-missing", page.path, f"{offer.label} has no item in the "
                          "shopping feeds (g:id = its SKU, link = this page); give it a "
                          "sku and a price in the market's currency")
            for item in matching:
                active = item.price
                if item.sale is not None and (item.sale_window is None or (
                        item.sale_window[0] <= check.now <= item.sale_window[1])):
                    active = item.sale
                if active != (offer.price, offer.currency):
                    said = f"{active[0]} {active[1]}" if active else "no valid price"
                    check.add("price-mismatch", page.path, f"{item.file} prices {item.id} "
                              f"at {said} but the page's JSON-LD {offer.label} offers "
                              f"{offer.price} {offer.currency}; Merchant Center disapproves "
                              "mismatches: rebuild, so page and feeds are written from the "
                              "same catalog")


def card_price_rules(pages: Mapping[str, Page], check: Check) -> None:
    """Every product card shows the price its product page shows first (a sale price on a
    grid or a festival page that the product page does not honour misleads the shopper)."""
    site = check.site
    for page in pages.values():
        for href, shown in page.cards:
            target = site.local(href, page.url)
            found = site.existing(target) if target else None
            product = pages.get(found) if found else None
            if product is None or product.headline is None:
                continue  # a broken link is link-broken's finding
            if " ".join(shown.split()) != " ".join(product.headline.split()):
                check.add("card-price", page.path, f'the card of {href} shows "{shown.strip()}" '
                          f'but its page shows "{product.headline.strip()}"; rebuild, so every '
                          "grid and the product page are written from the same prices")


def sitemap_rules(pages: Mapping[str, Page], check: Check, memo: Memo) -> None:
    """The sitemaps list every indexable page once, by its canonical URL, and nothing else."""
    site = check.site
    index = site.output / INDEX_PATH
    if not index.is_file():
        check.add("sitemap-missing", INDEX_PATH, f"there is no {INDEX_PATH}; the "
                  "storefront_seo plugin writes it (is it in PLUGINS?)")
        return
    listed: dict[str, str] = {}  # page path -> sitemap file
    queue, done = [INDEX_PATH], set()
    while queue:
        rel = queue.pop(0)
        if rel in done:
            continue
        done.add(rel)
        read = _sitemap_locs(rel, check, memo)
        if read is None:
            continue
        tag, locs = read
        for loc in locs:
            target = site.local(loc)
            found = site.existing(target) if target else None
            if found is None:
                check.add("sitemap-broken", rel, f'<loc>{loc}</loc> is not a published '
                          "file on this site; remove it or publish the page")
            elif tag == "sitemapindex":
                queue.append(found)
            else:
                _sitemap_url(rel, loc, found, listed, pages, check)
    for page in pages.values():
        if not page.noindex and page.path not in listed:
            check.add("sitemap-missing", page.path, f"the page ({page.url}) is indexable "
                      "but in no sitemap; it is written from the pages of the build: "
                      "rebuild, or mark the page noindex: true")


def _sitemap_locs(rel: str, check: Check, memo: Memo) -> tuple[str, list[str]] | None:
    """(root element name, every <loc>) of a sitemap file, parsed again only when it
    changed; None (and a finding) when it cannot be read."""
    path = str(check.site.output / rel)
    file_stamp = stamp(path)
    kept = memo.get("sitemap", rel, file_stamp)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    try:
        root = etree.parse(path).getroot()
    except OSError:
        check.add("sitemap-broken", rel, "the sitemap cannot be read; rebuild")
        return None
    except etree.XMLSyntaxError as exc:
        check.add("sitemap-broken", rel, f"the sitemap is not valid XML (line {exc.lineno}); "
                  "rebuild")
        return None
    locs = [(el.text or "").strip() for el in root.iter(f"{{{SITEMAP_NS}}}loc")]
    read = (etree.QName(root).localname, locs)
    memo.put("sitemap", rel, file_stamp, read)
    return read


def _sitemap_url(rel: str, loc: str, found: str, listed: dict[str, str],
                 pages: Mapping[str, Page], check: Check) -> None:
    """One <loc> of a sitemap of pages: an indexable page, by its canonical URL, once."""
    page = pages.get(found)
    if page is None:
        check.add("sitemap-extra", rel, f"<loc>{loc}</loc> is {found}, not an HTML page; "
                  "list pages only")
    elif page.noindex:
        check.add("sitemap-extra", rel, f"<loc>{loc}</loc> is a noindex page ({found}); "
                  "list indexable pages only")
    elif page.canonical is not None and unquote(page.canonical) != unquote(loc):
        check.add("sitemap-extra", rel, f"<loc>{loc}</loc> is not the page's canonical "
                  f"URL {page.canonical}; list canonical URLs only")
    elif found in listed:
        check.add("sitemap-extra", rel, f"<loc>{loc}</loc> is listed twice (also in "
                  f"{listed[found]}); list each page once")
    listed.setdefault(found, rel)
