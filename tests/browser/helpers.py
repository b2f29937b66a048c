"""Small page queries shared by the browser tests (what a shopper sees, read through the DOM)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}

# index (1-based, as in #photo-N) of the gallery photo that fills the stage, or 0 if none does
_SHOWN_PHOTO_JS = """() => {
  const stage = document.querySelector('[data-gallery-stage]');
  if (!stage) return 0;
  const s = stage.getBoundingClientRect();
  const photos = [...stage.querySelectorAll('[data-photo]')];
  const hit = photos.findIndex(p => {
    const r = p.getBoundingClientRect();
    return Math.abs(r.left - s.left) < 2 && r.width > 0;
  });
  return hit + 1;
}"""


def shown_photo(page: Any) -> int:
    """The 1-based number of the photo currently shown in the gallery stage (0: none)."""
    return int(page.evaluate(_SHOWN_PHOTO_JS))


def wait_for_photo(page: Any, n: int, timeout: float = 3.0) -> None:
    """Wait until photo ``n`` fills the gallery stage (smooth scrolling takes a moment)."""
    deadline = time.monotonic() + timeout
    while (shown := shown_photo(page)) != n:
        assert time.monotonic() < deadline, f"gallery should show photo {n}, but shows {shown}"
        page.wait_for_timeout(50)


_WATCH_SHIFTS = """() => { window.__shifts = [];
  new PerformanceObserver(list => window.__shifts.push(...list.getEntries()
      .filter(e => !e.hadRecentInput)
      .map(e => ({value: e.value, nodes: e.sources.map(
        s => s.node ? (s.node.className || s.node.nodeName) : '')}))))
    .observe({type: 'layout-shift'}); }"""


def shifts_during(page: Any, action: Callable[[], None]) -> list[dict[str, Any]]:
    """The layout shifts (value, moved nodes) that ``action`` causes on a loaded page: only the
    script under test, never the parser's own progressive painting of a page that loads under
    a busy CPU (which moves the header as it arrives, with or without our scripts)."""
    page.evaluate(_WATCH_SHIFTS)
    action()
    page.wait_for_timeout(500)  # shifts are reported after the next frames
    return list(page.evaluate("window.__shifts"))


def settle(page: Any) -> None:
    """Wait until the images in the viewport are loaded and decoded (before a screenshot)."""
    page.evaluate(
        """() => Promise.all([...document.images]
          .filter(i => i.getBoundingClientRect().top < innerHeight)
          .map(i => i.decode().catch(() => null)))"""
    )


def current_thumbs(page: Any) -> list[int]:
    """Numbers of the thumbnails marked aria-current="true"."""
    return [
        int(t.get_attribute("data-thumb"))
        for t in page.locator('[data-thumb][aria-current="true"]').all()
    ]


def focused(page: Any) -> str:
    """A short description of the focused element (tag, id, href, data-thumb)."""
    return str(
        page.evaluate(
            """() => {
          const e = document.activeElement;
          if (!e) return '';
          return [e.tagName.toLowerCase(), e.id && '#' + e.id,
                  e.getAttribute('href') || '', e.getAttribute('data-thumb') || '']
                 .filter(Boolean).join(' ');
        }"""
        )
    )


def box(page: Any, selector: str) -> dict[str, float]:
    """Bounding box of the first visible match of ``selector`` (fails when there is none)."""
    loc = page.locator(selector).filter(visible=True).first
    found = loc.bounding_box()
    assert found is not None, f"{selector} is not rendered on {page.url}"
    return found


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two bounding boxes overlap by more than one pixel each way."""
    return (
        a["x"] + a["width"] - 1 > b["x"]
        and b["x"] + b["width"] - 1 > a["x"]
        and a["y"] + a["height"] - 1 > b["y"]
        and b["y"] + b["height"] - 1 > a["y"]
    )


def scripts_ready(page: Any, timeout: float = 10_000) -> None:
    """Wait until store.js has run the scripts it loads once the page has loaded (the search
    box's, the quote cart's); nothing to wait for on a page without them."""
    page.wait_for_function(
        """() => !document.querySelector('template[data-script]')
                 || document.documentElement.hasAttribute('data-scripts-ready')""",
        timeout=timeout)


@dataclass
class Problems:
    """What went wrong while pages were open: console errors, page errors, bad requests."""

    console: list[str] = field(default_factory=list)
    page: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        """Every problem as one line each."""
        return (
            [f"console error: {m}" for m in self.console]
            + [f"page error: {m}" for m in self.page]
            + [f"request failed: {m}" for m in self.failed]
            + [f"request to another host: {m}" for m in self.external]
        )


@dataclass
class Shop:
    """A browser context on the served store, with the problems it ran into."""

    base_url: str
    context: Any
    problems: Problems
    javascript: bool = True

    def open(self, path: str, **goto: Any) -> Any:
        """A new page at ``path`` (relative to the site root), loaded, with the scripts it
        loads after the page (store.js: the search box's, the quote cart's) run."""
        page = self.context.new_page()
        self.watch(page)
        page.goto(self.base_url + path, wait_until="load", **goto)
        if self.javascript:
            scripts_ready(page)
        return page

    def watch(self, page: Any) -> None:
        """Record console errors, uncaught exceptions and failed requests of ``page``."""
        problems = self.problems

        def on_console(msg: Any) -> None:
            source = (msg.location or {}).get("url", "")
            # Chromium asks for /favicon.ico when it shows a bare image (the large-photo link)
            if msg.type == "error" and not source.endswith("/favicon.ico"):
                problems.console.append(f"{page.url}: {msg.text} ({source})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: problems.page.append(f"{page.url}: {exc}"))

        def on_response(response: Any) -> None:
            if response.status >= 400:
                problems.failed.append(f"{response.status} {response.url}")

        page.on("response", on_response)


ShopFactory = Callable[..., Shop]
