"""`storefront serve`: local preview that rebuilds when the merchant's files change."""

from __future__ import annotations

import functools
import gzip
import io
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rich.console import Console

from storefront_core.errors import Problem, StorefrontError

#: what static hosts compress (pages, styles, scripts, feeds, search metadata, SVG)
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request; resolves the folder on every request.
    Text files go out gzipped when the browser accepts it, as static hosts send them, so a
    preview loads (and Lighthouse measures) like the published store."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not kind.startswith(COMPRESSED)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


def watched_paths(project: Path, settings_file: str) -> list[Path]:
    """Folders and files whose changes trigger a rebuild (those that exist)."""
    candidates = [
        project / "content",
        project / "themes",
        project / "plugins",
        project / "i18n",
        project / settings_file,
    ]
    try:
        from .project import read_project_settings

        settings = read_project_settings(project, settings_file)
        candidates += [Path(settings["PATH"]), Path(settings["THEME"])]
        candidates += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    except Exception:  # a broken pelicanconf.py still gets watched and reported by the build
        pass
    seen: list[Path] = []
    for p in candidates:
        p = p.resolve()
        if p.exists() and not any(p == s or s in p.parents for s in seen):
            seen = [s for s in seen if p not in s.parents] + [p]
    return seen


def build_once(project: Path, output: Path, settings_file: str) -> bool:
    """Build in a fresh interpreter (so edited plugin code is picked up); True on success."""
    cmd = [
        sys.executable,
        "-m",
        "storefront",
        "--project",
        str(project),
        "build",
        "--output",
        str(output),
        "--settings",
        settings_file,
    ]
    return subprocess.run(cmd, check=False).returncode == 0


def serve_project(
    project: Path,
    output: Path,
    *,
    port: int = 8000,
    bind: str = "127.0.0.1",
    settings_file: str = "pelicanconf.py",
    console: Console | None = None,
) -> None:
    """Build, serve ``output`` over HTTP, and rebuild on every change until Ctrl-C."""
    import watchfiles

    console = console or Console()
    output = output if output.is_absolute() else project / output
    handler = functools.partial(_QuietHandler, directory=str(output))
    try:
        server = ThreadingHTTPServer((bind, port), handler)
    except OSError as exc:
        raise StorefrontError(
            [
                Problem(
                    "",
                    "--port",
                    f"cannot listen on {bind}:{port} ({exc.strerror}); "
                    "another program uses it: pass another port, e.g. --port 8001",
                )
            ]
        ) from None
    build_once(project, output, settings_file)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host = "localhost" if bind in ("127.0.0.1", "0.0.0.0", "::") else bind
    console.print(f"Serving {output} at http://{host}:{port}/ (Ctrl-C to stop)")
    paths = watched_paths(project, settings_file)
    console.print(
        "Watching "
        + ", ".join(
            str(p.relative_to(project)) if p.is_relative_to(project) else str(p) for p in paths
        )
    )
    try:
        for changes in watchfiles.watch(*paths, debounce=400, raise_interrupt=False):
            names = sorted({Path(path).name for _, path in changes})
            console.print(
                f"Changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding"
            )
            if build_once(project, output, settings_file):
                console.print("Reload the page in your browser to see the changes.")
            else:
                console.print(
                    "The site being served is the last good build; fix the problems "
                    "above and save again."
                )
    finally:
        server.shutdown()
        server.server_close()
