"""Numbers a build reports in its summary."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BuildStats:
    products: int = 0
    markets: int = 1
    pages_written: int = 0  # HTML files in the output
    pages_rendered: int = 0  # of which rendered by Jinja this build (the rest reused from cache)
    images_encoded: int = 0  # source photos decoded and encoded this build
    images_reused: int = 0  # source photos whose derivatives came from the cache
    renditions: int = 0  # derivative files published
    cards_drawn: int = 0  # share cards drawn this build (storefront_social_cards)
    cards_reused: int = 0  # share cards taken from the cache
    collection_files: int = 0  # collection JSON files made this build (the rest reused)
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    warnings: list[str] = field(default_factory=list)  # rendered Problem lines
