"""What a build remembers between builds: pickled caches and the digests that key them."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from storefront_core.files import atomic_open

from .settings import enabled_plugins

CACHE_FORMAT = 1  # bump when the pickled cache layout changes
#: the build's index of source-file digests (storefront_core.digests), relative to the cache
#: folder: inside the photo cache, because it records what the cached renditions were made
#: from; deleting every other cache (pages, catalog) must not make 4,000 photos be read again
DIGESTS_FILE = "images/digests.v1.pickle"

#: settings that differ between two builds of the same site without changing any page
_VOLATILE_SETTINGS = {"OUTPUT_PATH", "DELETE_OUTPUT_DIRECTORY", "CACHE_PATH", "LOAD_CONTENT_CACHE"}


def project_root(settings: dict[str, Any]) -> Path:
    """The merchant's repository: the folder holding content/."""
    return Path(settings["PATH"]).resolve().parent


def settings_fingerprint(settings: dict[str, Any]) -> list[tuple[str, str]]:
    """Settings that can change what a page shows, as stable text."""
    out = []
    for key in sorted(settings):
        if key.isupper() and key not in _VOLATILE_SETTINGS:
            text = repr(settings[key])
            if " at 0x" not in text:  # functions and objects: not data
                out.append((key, text))
    return out


def hash_tree(folder: Path) -> str:
    """Digest of every file under ``folder`` (names and bytes), in a stable order."""
    h = hashlib.sha256()
    if folder.is_dir():
        files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in sorted(files):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def code_digest(theme: Path, settings: dict[str, Any]) -> str:
    """What every page depends on besides its data: templates, static files, the code of
    our plugins this build runs (a plugin switched off cannot change a page)."""
    plugins = Path(__file__).resolve().parent.parent
    enabled = enabled_plugins(settings) | {"storefront_catalog", "storefront_core"}
    h = hashlib.sha256()
    for folder in [theme / "templates", theme / "static"] + sorted(
        p for p in plugins.iterdir() if p.name.startswith("storefront_") and p.name in enabled
    ):
        h.update(hash_tree(folder).encode())
    return h.hexdigest()


def cache_file(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}.v{CACHE_FORMAT}.pickle"


def load_cache(cache_dir: Path, name: str) -> dict[str, Any]:
    """The pickled cache ``name``, or {} when it is missing or unreadable."""
    try:
        with cache_file(cache_dir, name).open("rb") as fh:
            data = pickle.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}


def save_cache(cache_dir: Path, name: str, data: dict[str, Any]) -> None:
    """Write the pickled cache ``name`` atomically."""
    path = cache_file(cache_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path) as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
