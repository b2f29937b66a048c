"""The rules one page allows on its own: links and images, sale banners, head, social tags."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from storefront_catalog.settings import display_width

from ..sitemaps import check_hreflang
from .page import Img, PageData
from .rules import DESCRIPTION_MAX, DESCRIPTION_MIN, TITLE_MAX, X_DESCRIPTION_MAX, X_TITLE_MAX
from .site import Check
from .values import norm_space, width_text

X_CARDS = frozenset({"summary", "summary_large_image", "app", "player"})
OG_REQUIRED = ("og:title", "og:type", "og:url", "og:site_name")


class Head(NamedTuple):
    """What the head rules keep for the rules across pages (None when missing or wrong)."""

    title: str | None
    description: str | None
    canonical: str | None


def link_rules(page: PageData, check: Check) -> None:
    """Every internal href/src is a published file; every <img> has an alt and a size."""
    rel, url, link = page.path, page.url, check.link
    for ref in page.refs:
        if isinstance(ref, Img):
            img_rules(rel, url, ref, check)
        else:
            link(rel, ref[0], url, ref[1])


def img_rules(rel: str, page_url: str, img: Img, check: Check) -> None:
    """One <img>: alt, width and height, and its src and srcset are published files."""
    src = img.src
    name = f'<img src="{src}">' if src else "<img> without src"
    if img.alt is None:
        check.add("img-alt", rel, f'{name} has no alt attribute; describe the photo (its '
                  'alt text in the product\'s images list) or write alt="" if decorative')
    missing = [a for a, v in (("width", img.width), ("height", img.height)) if not v.strip()]
    if missing:
        check.add("img-size", rel, f"{name} has no {' or '.join(missing)}; give the "
                  "image's pixel size so the page does not shift while it loads")
    if src:
        check.link(rel, src, page_url, "<img src>")
    for candidate in img.srcset:
        check.link(rel, candidate, page_url, "<img srcset>")


def banner_rules(page: PageData, check: Check) -> None:
    """A published sale banner must not outlive its sale (JavaScript hides it, but the
    prices under it are the sale's until the site is rebuilt)."""
    for end_text, promotion in page.banners:
        text = end_text.strip()
        try:
            end = datetime.fromisoformat(text)
        except ValueError:
            end = None
        if end is None or end.tzinfo is None:
            check.add("promo-ended", page.path, f'data-promo-end="{text}" is not an ISO 8601 '
                      "moment with an offset; rebuild with the promotions plugin")
        elif end <= check.now:
            check.add("promo-ended", page.path, f"the {promotion or 'promotion'} banner's "
                      f"sale ended {end.isoformat()}; rebuild the site now (`storefront "
                      "schedule` lists the moments a rebuild is due)")


def head_rules(page: PageData, check: Check) -> Head:
    """lang, one title and description of a fitting width, the canonical and hreflang."""
    rel = page.path
    if not page.lang:
        check.add("html-lang", rel, "<html> has no lang attribute; the theme's base.html "
                  'must write the market\'s language, e.g. <html lang="de-DE">')
    titles, descriptions = page.titles, page.descriptions
    title = norm_space(titles[0]) if titles else ""
    if len(titles) != 1 or not title:
        what = "no <title>" if not titles else (
            f"{len(titles)} <title> elements" if len(titles) > 1 else "an empty <title>")
        check.add("title", rel, f"the page has {what}; give it exactly one with its "
                  "name (seo: {title: ...} in its front matter, or STORE_TITLES)")
    description = norm_space(descriptions[0]) if descriptions else ""
    if len(descriptions) != 1 or not description:
        what = "no meta description" if not descriptions else (
            f"{len(descriptions)} meta descriptions" if len(descriptions) > 1
            else "an empty meta description")
        check.add("description", rel, f"the page has {what}; give it one (a summary, or "
                  "seo: {description: ...} in its front matter)")
    head = Head(title or None, description or None, None)
    if page.noindex:
        return head
    if title and (width := display_width(title)) > TITLE_MAX:
        check.add("title-length", rel, f'<title> "{title}" is {width_text(width, title)}, '
                  f"over {TITLE_MAX}: search results cut it; shorten it with seo: "
                  "{title: ...} in the front matter (or STORE_TITLES)")
    if description and not DESCRIPTION_MIN <= (width := display_width(description)
                                               ) <= DESCRIPTION_MAX:
        side = "under" if width < DESCRIPTION_MIN else "over"
        limit = DESCRIPTION_MIN if side == "under" else DESCRIPTION_MAX
        check.add("description-length", rel, f"meta description is "
                  f"{width_text(width, description)}, {side} {limit}; write "
                  f"{DESCRIPTION_MIN}-{DESCRIPTION_MAX} (seo: {{description: ...}} in the "
                  "front matter)")
    canonical = canonical_rule(page, check)
    hreflang_rules(page, check)
    return head._replace(canonical=canonical)


def canonical_rule(page: PageData, check: Check) -> str | None:
    """Exactly one absolute canonical link, to the page itself; returns it when it is."""
    rel, canonicals = page.path, page.canonicals
    if len(canonicals) != 1:
        what = "no canonical link" if not canonicals else f"{len(canonicals)} canonical links"
        check.add("canonical", rel, f'the page has {what}; it needs exactly one <link '
                  f'rel="canonical" href="{page.url}">')
        return None
    href = canonicals[0].strip()
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        check.add("canonical", rel, f'canonical "{href}" is not an absolute URL; write '
                  f'"{page.url}" (set SITEURL to the site\'s https:// address)')
        return None
    target = check.site.local(href)
    found = check.site.existing(target) if target else None
    if found is None and target:
        check.missing.add(target)
    if found != rel:
        check.add("canonical", rel, f'canonical "{href}" does not point to this page; it '
                  f'should be "{page.url}"')
        return None
    return href


def hreflang_rules(page: PageData, check: Check) -> None:
    """The checks one page allows: codes, self reference, x-default."""
    if not page.hreflang:
        return
    rel, site = page.path, check.site
    seen: dict[str, str] = {}
    for code, href in page.hreflang:
        problem = check_hreflang(code)
        if problem:
            check.add("hreflang-code", rel, f"hreflang {problem}; use the market's "
                      "language-REGION code")
        elif code.lower() in seen and seen[code.lower()] != href:
            check.add("hreflang-code", rel, f'hreflang "{code}" is listed twice ('
                      f'{seen[code.lower()]} and {href}); keep one URL per code')
        seen.setdefault(code.lower(), href)
    if not any(site.existing(site.local(h) or "") == rel for _c, h in page.hreflang):
        check.add("hreflang-self", rel, "the hreflang alternates do not list this page; add "
                  f'<link rel="alternate" hreflang="{page.lang or "..."}" href="{page.url}">')
    if "x-default" not in seen:
        check.add("hreflang-x-default", rel, "the hreflang alternates have no x-default; "
                  "add one pointing to this page in the default market (the market "
                  "chooser, on home pages)")


def social_rules(page: PageData, check: Check) -> None:
    """Open Graph tags, the share image and the X card."""
    rel, meta, site = page.path, page.meta, check.site
    missing = [k for k in OG_REQUIRED if not meta.get(k, "").strip()]
    if meta.get("og:type") == "product":
        missing += [k for k in ("product:price:amount", "product:price:currency")
                    if not meta.get(k, "").strip()]
    if missing:
        check.add("og-required", rel, f"Open Graph tags missing: {', '.join(missing)}; "
                  "partials/social_meta.html writes them")
    og_url = meta.get("og:url", "").strip()
    if og_url and not page.noindex and og_url != page.url and (
            site.existing(site.local(og_url) or "") != page.path):
        check.add("og-required", rel, f'og:url "{og_url}" is not this page\'s URL '
                  f'"{page.url}"; write the canonical URL')
    images = [(k, meta[k].strip()) for k in ("og:image", "twitter:image")
              if meta.get(k, "").strip()]
    if not any(k == "og:image" for k, _ in images):
        if not page.noindex:
            check.add("og-image-missing", rel, "no og:image: shared links show no picture; "
                      "give the page a photo (a product, a category with products)")
    for key, src in images:
        share_image_rules(rel, key, src, meta, check)
    card = meta.get("twitter:card", "").strip()
    if card not in X_CARDS:
        what = f'twitter:card "{card}" is not a card type' if card else "no twitter:card"
        check.add("x-card", rel, f"{what}; write summary_large_image")
    x_title = meta.get("twitter:title") or meta.get("og:title") or ""
    if not x_title.strip():
        check.add("x-card", rel, "no twitter:title (nor og:title) for the X card; "
                  "partials/social_meta.html writes it from the page title")
    if len(x_title.strip()) > X_TITLE_MAX:
        check.add("x-card-length", rel, f"X card title has {len(x_title.strip())} "
                  f"characters, over {X_TITLE_MAX}; shorten the page title")
    x_desc = (meta.get("twitter:description") or meta.get("og:description") or "").strip()
    if len(x_desc) > X_DESCRIPTION_MAX:
        check.add("x-card-length", rel, f"X card description has {len(x_desc)} characters, "
                  f"over {X_DESCRIPTION_MAX}; shorten the meta description")


def share_image_rules(rel: str, key: str, src: str, meta: Mapping[str, str],
                      check: Check) -> None:
    """og:image or twitter:image: absolute, published, described, of the size it says."""
    parts = urlsplit(src)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        check.add("og-image", rel, f'{key} "{src}" is not an absolute URL; social networks '
                  "need https://...")
        return
    alt_key = f"{key}:alt"
    if not (meta.get(alt_key) or "").strip():
        check.add("og-image-tags", rel, f"{key} has no {alt_key}; describe the picture (the "
                  "photo's alt text)")
    target = check.site.local(src)
    if target is None:
        return  # another site's picture: nothing to measure
    found = check.site.existing(target)
    if found is None:
        check.missing.add(target)
        check.add("og-image", rel, f'{key} "{src}" is not a published file; point it to '
                  "a photo the build publishes")
        return
    if key != "og:image":
        return
    width, height = (meta.get("og:image:width") or "").strip(), (
        meta.get("og:image:height") or "").strip()
    if not (width.isdigit() and height.isdigit()):
        check.add("og-image-tags", rel, "og:image needs og:image:width and og:image:height "
                  "(whole pixels) so the first share shows the picture")
        return
    size = check.site.image_size(found)
    if size is not None and size != (int(width), int(height)):
        check.add("og-image-tags", rel, f"og:image:width/height say {width}x{height} but "
                  f"{found} is {size[0]}x{size[1]}; write the file's size")
