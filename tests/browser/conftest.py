"""Browser-test fixtures: the fixture store built once, served on localhost, one headless Chromium.

The multi-market fixture store (tests/fixtures/markets) has its own fixtures: markets_site_dir,
markets_base_url (its own port) and markets_shop_factory.

Chromium comes from Debian (/usr/bin/chromium, or $STOREFRONT_CHROMIUM), driven by Playwright's
Python package; `playwright install` is never needed. Without a browser the tests are skipped,
unless STOREFRONT_REQUIRE_BROWSER=1 (set in CI), where they fail instead.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import DESKTOP, Problems, Shop, ShopFactory
from tests.sitebuild import build

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"
MARKETS_FIXTURE = FIXTURE.parent / "markets"
CHROMIUM = os.environ.get("STOREFRONT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip the browser tests, or fail them when CI requires a browser."""
    if os.environ.get("STOREFRONT_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"browser tests are required (STOREFRONT_REQUIRE_BROWSER=1) but {reason}; "
            "install Debian's `chromium` package and `pip install -e .[test]`",
            pytrace=False,
        )
    pytest.skip(f"browser tests skipped: {reason} (set STOREFRONT_REQUIRE_BROWSER=1 to fail)")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture store, built once per session."""
    base = tmp_path_factory.mktemp("browser-site")
    return build(FIXTURE, base / "out", base / "cache")


@contextlib.contextmanager
def _serve(directory: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving ``directory`` on a free port (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving the built site (no trailing slash)."""
    with _serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def markets_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-market fixture store (en-us, de-de, ja-jp, ar-sa), built once per session."""
    base = tmp_path_factory.mktemp("browser-markets")
    return build(MARKETS_FIXTURE, base / "out", base / "cache")


@pytest.fixture(scope="session")
def markets_base_url(markets_site_dir: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving the multi-market store, on a port of its own."""
    with _serve(markets_site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the `playwright` Python package is not installed")
    with sync_playwright() as p:
        try:
            instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        try:
            yield instance
        finally:
            instance.close()


@contextlib.contextmanager
def shops(browser: Any, site: Path) -> Iterator[ShopFactory]:
    """A maker of browser contexts on ``site`` served locally; every context closed after."""
    with _serve(site) as url:
        make, contexts = _contexts(browser, url)
        yield make
        for context in contexts:
            context.close()


def _contexts(browser: Any, base_url: str) -> tuple[ShopFactory, list[Any]]:
    """A maker of browser contexts on ``base_url`` and the list of contexts it made."""
    contexts: list[Any] = []
    host = urlsplit(base_url).netloc

    def make(
        viewport: dict[str, int] | None = None,
        javascript: bool = True,
        motion: bool = False,
        locale: str | None = None,
    ) -> Shop:
        # reduced motion by default: the gallery then scrolls instantly and tests stay fast
        options: dict[str, Any] = {"locale": locale} if locale else {}
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            java_script_enabled=javascript,
            device_scale_factor=1,
            reduced_motion="no-preference" if motion else "reduce",
            **options,
        )
        context.set_default_timeout(5000)
        problems = Problems()

        def note_external(request: Any) -> None:
            # a storefront loads nothing from other hosts (no CDNs, fonts, trackers)
            if urlsplit(request.url).netloc != host and not request.url.startswith("data:"):
                problems.external.append(request.url)

        context.on("request", note_external)
        contexts.append(context)
        return Shop(base_url, context, problems, javascript)

    return make, contexts


@pytest.fixture
def shop_factory(browser: Any, base_url: str) -> Iterator[ShopFactory]:
    """Make browser contexts (viewport, JavaScript, motion); all are closed after the test."""
    make, contexts = _contexts(browser, base_url)
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def markets_shop_factory(browser: Any, markets_base_url: str) -> Iterator[ShopFactory]:
    """shop_factory for the multi-market store; also takes ``locale`` (the browser's language)."""
    make, contexts = _contexts(browser, markets_base_url)
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shop(shop_factory: ShopFactory) -> Shop:
    """A desktop-sized context with JavaScript on."""
    return shop_factory()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where layout tests save their screenshots (for a human look)."""
    return tmp_path_factory.mktemp("screenshots")
