"""Once the pages and site files are written, the build lets go of what they were made from
(the catalog, the page plans) before the audit reads the site: a 20,000-product build held
hundreds of MB through the audit, and every audit worker forked from it mapped them too."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from storefront import build
from storefront.build import build_site
from storefront_catalog import signals
from tests.sitebuild import copy_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_the_catalog_is_freed_before_the_audit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build, "RELEASE_FROM", 10)  # as for a store of thousands of pages
    project = copy_project(FIXTURES / "site", tmp_path / "shop")
    made: list[Any] = []  # weak references to what the build was made from
    staged: list[tuple[int, int, bool]] = []

    def on_finished(sender: Any, **_: Any) -> None:
        made.extend([weakref.ref(sender.catalog), weakref.ref(sender.catalog.products[0]),
                     weakref.ref(sender.plans[0])])

    def on_staged(sender: Any, **_: Any) -> None:  # sent after the audit
        staged.append((len(sender.catalog.products), len(sender.plans),
                       all(ref() is None for ref in made)))

    with signals.build_finished.connected_to(on_finished), \
            signals.site_staged.connected_to(on_staged):
        stats = build_site(project, project / "output")
    assert stats.timings["audit"] > 0 and stats.pages_written > 10
    assert len(made) == 3
    assert staged == [(0, 0, True)]
    assert list((project / "output" / "products").iterdir())
