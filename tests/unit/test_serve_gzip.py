"""`storefront serve` sends text gzipped when the browser accepts it (as static hosts do, so a
preview loads and measures like the published store), and everything else as it is."""

from __future__ import annotations

import functools
import gzip
import threading
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from storefront.serve import _QuietHandler


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "en-us").mkdir()
    (tmp_path / "en-us" / "index.html").write_text("<!DOCTYPE html><p>Hallo</p>" * 50)
    (tmp_path / "store.css").write_text("body { color: red; }\n" * 50)
    (tmp_path / "photo.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBP" + bytes(500))
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:
        return dict(response.headers), response.read()


def test_pages_and_styles_go_out_gzipped_to_browsers_that_accept_it(site: str,
                                                                    tmp_path: Path) -> None:
    for path, file in (("/en-us/", "en-us/index.html"), ("/store.css", "store.css")):
        headers, body = fetch(site + path, gzip_ok=True)
        assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
        assert gzip.decompress(body) == (tmp_path / file).read_bytes()
        assert len(body) < (tmp_path / file).stat().st_size / 5
        plain_headers, plain = fetch(site + path, gzip_ok=False)
        assert "Content-Encoding" not in plain_headers and plain == (tmp_path / file).read_bytes()


def test_photos_and_folders_without_a_slash_are_served_as_before(site: str,
                                                                 tmp_path: Path) -> None:
    headers, body = fetch(site + "/photo.webp", gzip_ok=True)
    assert "Content-Encoding" not in headers and body == (tmp_path / "photo.webp").read_bytes()
    headers, body = fetch(site + "/en-us", gzip_ok=True)  # redirected to /en-us/ first
    assert gzip.decompress(body) == (tmp_path / "en-us" / "index.html").read_bytes()
