"""The audit's rules, what one of them found (``Finding``) and the report of a whole audit."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from storefront_catalog.settings import DESCRIPTION_WIDTH, TITLE_WIDTH
from storefront_core.errors import Problem

ERROR = "error"
WARNING = "warning"
TITLE_MAX = TITLE_WIDTH  # display width: a CJK character counts two (see display_width)
DESCRIPTION_MIN, DESCRIPTION_MAX = DESCRIPTION_WIDTH
X_TITLE_MAX, X_DESCRIPTION_MAX = 70, 200


@dataclass(frozen=True)
class Rule:
    """One audit rule: its id (what reports and ``--json`` name), severity and what it checks."""

    id: str
    severity: str  # "error" or "warning"
    checks: str


RULES: tuple[Rule, ...] = (
    Rule("html-lang", ERROR, "the page is HTML whose <html lang> names its language"),
    Rule("title", ERROR, "exactly one non-empty <title>"),
    Rule("title-length", WARNING, f"<title> at most {TITLE_MAX} characters wide"),
    Rule("title-duplicate", WARNING, "<title> unique among the indexable pages of a market"),
    Rule("description", WARNING, "exactly one non-empty meta description"),
    Rule("description-length", WARNING,
         f"meta description {DESCRIPTION_MIN}-{DESCRIPTION_MAX} characters wide"),
    Rule("description-duplicate", WARNING, "meta description unique per market"),
    Rule("canonical", ERROR, "exactly one absolute canonical link, pointing to the page itself"),
    Rule("hreflang-code", ERROR, "hreflang values are valid language-region codes, once each"),
    Rule("hreflang-self", ERROR, "the hreflang alternates list the page itself"),
    Rule("hreflang-x-default", ERROR, "the hreflang alternates include x-default"),
    Rule("hreflang-target", ERROR, "every hreflang URL is an indexable page of the site"),
    Rule("hreflang-return", ERROR,
         "every hreflang alternate, x-default included, links back (reciprocity)"),
    Rule("og-required", WARNING, "og:title, og:type, og:url (= canonical), og:site_name; "
         "product pages also product:price:amount and product:price:currency"),
    Rule("og-image", ERROR, "og:image/twitter:image is an absolute URL of a published file"),
    Rule("og-image-tags", WARNING,
         "og:image/twitter:image have an alt, og:image its width and height matching the file"),
    Rule("og-image-missing", WARNING, "the page has an image to share (og:image)"),
    Rule("x-card", WARNING, "twitter:card is a known card type, with a title"),
    Rule("x-card-length", WARNING,
         f"X title at most {X_TITLE_MAX}, description at most {X_DESCRIPTION_MAX} characters"),
    Rule("jsonld-syntax", ERROR, "every application/ld+json script is valid JSON"),
    Rule("product-required", ERROR, "Product/ProductGroup has Google's required properties: "
         "name, image, offers with price, priceCurrency, availability"),
    Rule("product-recommended", WARNING,
         "Product has brand, gtin or mpn, description and sku (Google recommends them)"),
    Rule("gtin-checksum", ERROR, "GTINs (JSON-LD and feeds) have 8, 12, 13 or 14 digits and a "
         "valid check digit"),
    Rule("price-valid-until", ERROR,
         "no priceValidUntil, validThrough or feed sale end in the past"),
    Rule("promo-ended", ERROR, "no promotion banner whose sale has ended (data-promo-end)"),
    Rule("review-markup", ERROR, "JSON-LD reviews are reviews the page shows and the store "
         "collected (not imported ones), each with author and a 1-5 rating; aggregateRating = "
         "the average and count the page shows"),
    Rule("img-alt", WARNING, "every <img> has an alt attribute"),
    Rule("img-size", WARNING, "every <img> has width and height (no layout shift)"),
    Rule("link-broken", ERROR, "every internal href/src (pages and feeds) is a published file"),
    Rule("price-mismatch", ERROR,
         "visible price == JSON-LD offer price == og price == feed price"),
    Rule("card-price", ERROR,
         "every product card (grids, festival pages) shows the price its product page shows"),
    Rule("checkout-mismatch", ERROR,
         "every SKU of <market>/checkout.json costs what its page's JSON-LD offer and the feeds "
         "say, and its checkout target (link or cart item) is on its page"),
    Rule("feed-missing", WARNING, "every product (variant) on a page has a feed item"),
    Rule("sitemap-missing", WARNING, "the sitemaps list every indexable page"),
    Rule("sitemap-extra", WARNING,
         "the sitemaps list nothing else (no noindex or non-canonical URL, no duplicate)"),
    Rule("sitemap-broken", ERROR, "every sitemap URL (and sitemap-index entry) exists"),
)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


@dataclass(frozen=True)
class Finding:
    """One thing a rule found wrong: the file (relative to the output folder) and what to fix."""

    rule: str
    page: str
    message: str

    @property
    def severity(self) -> str:
        return RULES_BY_ID[self.rule].severity

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.message}"


@dataclass
class AuditReport:
    """Everything an audit found in one output folder."""

    output: Path
    site_url: str | None
    pages: int
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    pages_read: int = 0  # pages parsed this time (the others were unchanged since the last audit)
    preview: datetime | None = None  # the preview moment read from BUILD_FILE, when it was used

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def ok(self, *, strict: bool = False) -> bool:
        """True without errors (and, when ``strict``, without warnings)."""
        return not self.errors and not (strict and self.warnings)

    def by_rule(self) -> list[tuple[Rule, list[Finding]]]:
        """The rules that fired with their findings, errors first, in ``RULES`` order."""
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[f.rule].append(f)
        fired = [(r, groups[r.id]) for r in RULES if groups.get(r.id)]
        return sorted(fired, key=lambda item: item[0].severity != ERROR)

    def warning_lines(self, examples: int = 3) -> list[str]:
        """One line per warning rule: its count, what it checks and the first pages."""
        return [rule_line(rule, found, examples)
                for rule, found in self.by_rule() if rule.severity == WARNING]

    def problems(self, prefix: str = "", per_rule: int = 5) -> list[Problem]:
        """The errors as Problems (the first ``per_rule`` of each rule, then a count line)."""
        out: list[Problem] = []
        for rule, found in self.by_rule():
            if rule.severity != ERROR:
                continue
            out += [Problem(prefix + f.page, rule.id, f.message) for f in found[:per_rule]]
            if len(found) > per_rule:
                out.append(Problem("", rule.id, f"... and {len(found) - per_rule} more "
                                   f"({rule.checks}); run `storefront audit` for the full list"))
        return out

    def to_json(self) -> dict[str, Any]:
        """The report as CI reads it: totals, then every rule with its findings."""
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[f.rule].append(f)
        return {
            "output": str(self.output),
            "site_url": self.site_url,
            "pages": self.pages,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "seconds": round(self.seconds, 3),
            "rules": [
                {"id": r.id, "severity": r.severity, "checks": r.checks,
                 "count": len(groups.get(r.id, [])),
                 "findings": [{"page": f.page, "message": f.message}
                              for f in groups.get(r.id, [])]}
                for r in RULES
            ],
        }

    def write_json(self, path: Path) -> None:
        """Write ``to_json()`` to ``path`` (UTF-8, indented)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


def rule_line(rule: Rule, found: Sequence[Finding], examples: int = 3) -> str:
    """One line for a rule: how many files fail it, what it checks, the first files.

    >>> rule = RULES_BY_ID["title-length"]
    >>> rule_line(rule, [Finding(rule.id, f"p{i}.html", "long") for i in range(5)], 2)
    'title-length: 5 files: <title> at most 60 characters wide; e.g. p0.html, p1.html (+3 more)'
    """
    pages = list(dict.fromkeys(f.page for f in found))
    shown = ", ".join(pages[:examples])
    more = f" (+{len(pages) - examples} more)" if len(pages) > examples else ""
    files = f"{len(pages)} file{'' if len(pages) == 1 else 's'}"
    count = files if len(found) == len(pages) else f"{len(found)} findings on {files}"
    return f"{rule.id}: {count}: {rule.checks}; e.g. {shown}{more}"
