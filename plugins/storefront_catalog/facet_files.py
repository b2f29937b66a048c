"""Publishing the collections' JSON (``facets``): made only when what it shows changed.

Each file is content-addressed in ``.cache/storefront/collections/`` by its inputs (the
code, the market's navigation digest, every product's card digest, option values and date); a
build that changed none of them (a description edited, say) links the last build's file
instead of making it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from storefront_core.files import link_or_copy, write_atomic

from .context import BuildContext
from .facets import CardParts, CollectionData, collection_document, document_bytes, plural_messages
from .i18n import gettext_callables
from .urls import Market
from .views import availability_labels

CACHE_DIR = "collections"


def collections_of(context: BuildContext) -> list[tuple[Market, CollectionData]]:
    """Every collection JSON the plans link to, once each (from their first pages)."""
    found: dict[str, tuple[Market, CollectionData]] = {}
    for plan in context.plans:
        data = plan.values.get("collection_data") if plan.kind == "category" else None
        if isinstance(data, CollectionData) and data.summary.total > 1:  # controls shown
            found.setdefault(data.output, (plan.market, data))
    return list(found.values())


def write_collections(context: BuildContext, output: Path,
                      card_parts: Callable[[Market], CardParts]) -> int:
    """Publish every collection JSON into ``output``; the count made this build (not reused)."""
    cache = context.cache_dir / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    made = 0
    parts: dict[str, CardParts] = {}
    for market, data in collections_of(context):
        key = hashlib.sha256(f"{context.code_digest}\0{data.key}".encode()).hexdigest()
        cached = cache / f"{key}.json"
        used.add(cached.name)
        if not cached.exists():
            if market.code not in parts:
                parts = {market.code: card_parts(market)}  # one market's helpers at a time
            messages = _messages(context, market)
            document = collection_document(data.products, market, parts[market.code],
                                           per_page=data.per_page, messages=messages)
            write_atomic(cached, document_bytes(document))
            made += 1
        target = output / data.output
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(cached, target)
    for stale in cache.iterdir():
        if stale.name not in used:
            stale.unlink(missing_ok=True)
    return made


def _messages(context: BuildContext, market: Market) -> dict[str, dict[str, str]]:
    """What the script says in the market's language: the result count (one message per
    plural category) and the availability labels (as the card's badge)."""
    translations = context.translations(market)
    _, ngettext = gettext_callables(translations)
    return {
        "count": plural_messages(lambda s, p, n: str(ngettext(s, p, n, num="%(num)s")),
                                 market.locale, "%(num)s product", "%(num)s products"),
        "availability": {code: translations.gettext(label)
                         for code, label in availability_labels().items()},
    }
