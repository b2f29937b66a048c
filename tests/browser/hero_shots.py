"""Screenshots of the home pages' campaign heroes, for a person to look at.

    storefront build --date 2026-11-27
    .venv/bin/python -m tests.browser.hero_shots output /tmp/hero-shots [en-us de-de ja-jp ar-sa]

Serves the built site on 127.0.0.1 and saves ``<market>-<width>.png`` for each market at 375 px
(a phone, 2x) and 1280 px (a laptop), the top of the page as a shopper first sees it. Prints
the largest contentful paint and the layout shift of each page.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _serve
from tests.browser.helpers import settle

VIEWPORTS = {375: ({"width": 375, "height": 812}, 2), 1280: ({"width": 1280, "height": 900}, 1)}
MARKETS = ("en-us", "de-de", "ja-jp", "ar-sa")

#: the page's largest contentful paint (element and its URL) and summed layout shifts
VITALS_JS = """() => new Promise(done => {
  let lcp = null, cls = 0;
  new PerformanceObserver(l => { const e = l.getEntries().at(-1);
    lcp = {tag: e.element ? e.element.tagName.toLowerCase() : '',
           cls: e.element ? e.element.className : '', url: e.url || '',
           size: e.size}; }).observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(l => { for (const e of l.getEntries())
    if (!e.hadRecentInput) cls += e.value; }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done({lcp, cls}), 300);
})"""


def vitals(page: Any) -> dict[str, Any]:
    """The loaded page's LCP element and CLS."""
    return dict(page.evaluate(VITALS_JS))


def shoot(site: Path, out: Path, markets: tuple[str, ...] = MARKETS) -> list[str]:
    """Save the screenshots; one line per page (market, width, LCP element, CLS)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    lines = []
    with _serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for market in markets:
            for width, (viewport, scale) in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                              reduced_motion="reduce")
                page = context.new_page()
                page.goto(f"{url}/{market}/", wait_until="load")
                settle(page)
                found = vitals(page)
                page.screenshot(path=str(out / f"{market}-{width}.png"))
                lcp = found["lcp"] or {}
                lines.append(f"{market} {width}px: LCP <{lcp.get('tag')} class="
                             f"{lcp.get('cls')!r}> {lcp.get('url', '')}, CLS {found['cls']:.4f}")
                context.close()
        browser.close()
    return lines


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    print("\n".join(shoot(Path(args[0]), Path(args[1]), tuple(args[2:]) or MARKETS)))
