"""The review rules of a product page (Google's review-snippet guidelines): the reviews in its
JSON-LD are reviews the page shows and the store collected itself, and the aggregateRating
states the average and count the page shows."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .page import PageData
from .site import Check


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _review_problem(node: Mapping[str, Any], page: PageData) -> str | None:
    """What is wrong with one JSON-LD Review of the page, or None."""
    rid = str(node.get("@id") or "").rpartition("#review-")[2]
    rating = node.get("reviewRating")
    value = _number(rating.get("ratingValue")) if isinstance(rating, dict) else None
    author = node.get("author")
    name = author.get("name") if isinstance(author, dict) else author
    if not rid or rid not in page.reviews:
        return (f'review "{rid or node.get("name", "")}" is marked up but not shown on the '
                "page; Google requires marked-up reviews to be visible: rebuild")
    if page.reviews[rid] is not None:
        return (f'review "{rid}" comes from {page.reviews[rid]} but is marked up; only reviews '
                "the store collected (source: first-party) may be: rebuild")
    if value is None or not 1 <= value <= 5:
        return f'review "{rid}" has no reviewRating.ratingValue from 1 to 5'
    if not isinstance(name, str) or not name.strip():
        return f'review "{rid}" has no author name'
    return None


def review_rules(page: PageData, products: list[dict[str, Any]], check: Check) -> None:
    """Each Product's ``review`` list and ``aggregateRating`` against what the page shows."""
    for product in products:
        reviews = product.get("review") or []
        for node in reviews if isinstance(reviews, list) else [reviews]:
            problem = _review_problem(node, page) if isinstance(node, dict) else \
                "a review is not a Review object"
            if problem:
                check.add("review-markup", page.path, problem)
        aggregate = product.get("aggregateRating")
        shown = page.review_summary
        if not isinstance(aggregate, dict) or shown is None or shown[0] != "first-party":
            continue
        stated = (_number(aggregate.get("ratingValue")), _number(aggregate.get("reviewCount")))
        if stated != (_number(shown[1]), _number(shown[2])):
            check.add("review-markup", page.path, f"aggregateRating says "
                      f"{aggregate.get('ratingValue')} from {aggregate.get('reviewCount')} "
                      f"reviews but the page shows {shown[1]} from {shown[2]}: rebuild")
