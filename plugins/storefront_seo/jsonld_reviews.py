"""Review structured data: the ``review`` list of a product page's Product (JSON-LD).

Google's review-snippet rules: a store marks up only the reviews it collected itself
(``source: first-party``); reviews imported from a marketplace are shown on the page, named
with their source, and never marked up. The ``aggregateRating`` beside them comes from the
same first-party reviews (``storefront_catalog.reviews.reviews_rating``), so the average the
page shows is the one the markup states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storefront_catalog.model import Review

from .jsonld import JsonObject

_SPACE = re.compile(r"\s+")


def review_jsonld(review: Review, page_url: str) -> JsonObject:
    """One first-party review as a schema.org ``Review`` (its text as the customer wrote it;
    ``|tojson`` escapes it for the script element).

    >>> from datetime import date
    >>> r = Review("r-1", "Ana P.", 5, "Works.\\n\\nGreat.", date(2026, 1, 2), "de", title="Top")
    >>> d = review_jsonld(r, "https://s.example/p/")
    >>> d["author"], d["reviewRating"]["ratingValue"], d["reviewBody"], d["inLanguage"]
    ({'@type': 'Person', 'name': 'Ana P.'}, 5, 'Works. Great.', 'de')
    """
    out: JsonObject = {
        "@type": "Review",
        "@id": f"{page_url}#review-{review.id}",
        "author": {"@type": "Person", "name": review.author},
        "datePublished": review.date.isoformat(),
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5,
                         "worstRating": 1},
        "reviewBody": _SPACE.sub(" ", review.body).strip(),
        "inLanguage": review.lang,
    }
    if review.title:
        out["name"] = review.title
    return out


def reviews_jsonld(reviews: Iterable[Review], page_url: str) -> list[JsonObject]:
    """The ``review`` list of a product: its first-party reviews, newest first; imported
    ones are left out (Google counts only reviews the store collected)."""
    own = sorted((r for r in reviews if r.first_party), key=lambda r: (r.date, r.id),
                 reverse=True)
    return [review_jsonld(r, page_url) for r in own]
