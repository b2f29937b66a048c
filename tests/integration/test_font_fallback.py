"""A machine without a font for a market's script (no package, no system font): the build
still succeeds, warns once per script naming the package to install, and every page keeps a
1200x630 share card; `storefront doctor` names the same fix. No system font is touched: the
test hides the Japanese package and the system's font folders from the font lookup."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from PIL import Image

from storefront import cli
from storefront_core import fonts
from tests.sitebuild import copy_project

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "markets"


def not_installed(script: str) -> dict[str, tuple[fonts.PackagedFont, fonts.PackagedFont]]:
    """The packaged fonts as they are where the packages of ``script`` are not installed."""
    gone = tuple(dataclasses.replace(f, module=f"not_installed_{f.module}")
                 for f in fonts.PACKAGED[script])
    return {**fonts.PACKAGED, script: gone}  # type: ignore[dict-item]


@pytest.fixture
def no_japanese_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "PACKAGED", not_installed("cjk-jp"))
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIXTURE, tmp_path / "shop")


def test_a_missing_script_font_warns_once_and_every_page_keeps_a_card(
        project: Path, no_japanese_font: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        result = CliRunner().invoke(cli.main, ["--project", str(project), "build"],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [r.getMessage() for r in caplog.records if "font" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert "pip install noto-cjk-sans-jp-bold noto-cjk-sans-jp-regular" in warnings[0]
    assert "ja-JP" in warnings[0]
    out = project / "output"
    pages = sorted((out / "ja-jp").rglob("index.html"))
    assert len(pages) > 5
    for page in pages:
        doc = lxml.html.parse(str(page)).getroot()
        noindex = doc.xpath('//meta[@name="robots"][contains(@content, "noindex")]')
        image = doc.xpath('//meta[@property="og:image"]/@content')
        if noindex and not image:
            continue
        assert image, f"{page}: no og:image"
        path = out / re.sub(r"^https?://[^/]+/", "", image[0])
        with Image.open(path) as card:
            assert card.size == (1200, 630), page
    # with --strict (the deploy command) the missing font is a warning that fails the build
    strict = CliRunner().invoke(cli.main, ["--project", str(project), "build", "--strict"],
                                catch_exceptions=False)
    assert strict.exit_code == 1 and "noto-cjk-sans-jp" in strict.output
    assert "the previous output was left as it was" in strict.output


def test_doctor_names_what_is_missing_and_how_to_fix_it(project: Path,
                                                        no_japanese_font: None) -> None:
    result = CliRunner().invoke(cli.main, ["--project", str(project), "doctor", "--no-tests"],
                                catch_exceptions=False, env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if "font: Japanese" in x)
    assert "MISSING" in line and "pip install noto-cjk-sans-jp-bold noto-cjk-sans-jp-regular" \
        in line
    assert re.search(r"ok +│ font: Arabic \(ar-SA\) +│ NotoSansArabic\[wdth,wght\]\.ttf "
                     r"\(package fontpkg-noto-sans-arabic\)", result.output), result.output


def test_doctor_on_a_complete_machine_passes(project: Path) -> None:
    result = CliRunner().invoke(cli.main, ["--project", str(project), "doctor"],
                                catch_exceptions=False, env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Everything this project's build needs is here." in result.output
    assert "For the tests" in result.output and "Chromium" in result.output


def test_a_campaign_hero_without_its_script_font_leaves_that_text_out_the_banner_keeps_it(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "PACKAGED", not_installed("arabic"))
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    # the fixture's autumn sale runs with a hero image in en-us, de-de and ar-sa
    result = CliRunner().invoke(cli.main, ["--project", str(project), "build", "--date",
                                           "2026-11-18"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = project / "output"

    def home(code: str) -> lxml.html.HtmlElement:
        return lxml.html.parse(str(out / code / "index.html")).getroot()

    assert home("en-us").xpath('//img[contains(@src, "/hero/")]')
    arabic = home("ar-sa")
    # the hero keeps its photos and discount, and leaves out the Arabic it cannot draw (no
    # image of tofu boxes: tests/unit/test_promo_hero.py); its sentence is HTML, in Arabic
    (img,) = arabic.xpath('//img[contains(@src, "/hero/")]')
    (title,) = arabic.xpath('//*[@id="campaign-hero-title"]')
    assert "الخريف" in title.text_content() and img.get("fetchpriority") == "high"
    banner = arabic.xpath('//*[contains(@class, "promo")]')
    assert banner and banner[0].text_content().strip()  # the banner still says it in Arabic
    for card in (out / "cards" / "ar-sa" / "products").iterdir():
        with Image.open(card) as image:
            assert image.size == (1200, 630)
