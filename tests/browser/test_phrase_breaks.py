"""Japanese titles wrap between phrases on a phone, in a real browser.

The multi-market fixture store, its Japanese product title made as long as the demo's
("Voltaro ノートPC対応モバイルバッテリー 20,000mAh 65W"), built and opened at phone widths:
every line of the title must end at a space or a <wbr> (a phrase boundary), so
"モバイルバッテリー" never splits as "モバイルバッ / テリー". Chromium alone would find phrases
by itself (word-break: auto-phrase); the pages must not need that, so the test also checks the
breaks are the page's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import MARKETS_FIXTURE, shops
from tests.browser.helpers import ShopFactory
from tests.sitebuild import build, copy_project

pytestmark = pytest.mark.browser

TITLE = "Voltaro ノートPC対応モバイルバッテリー 20,000mAh 65W"
PRODUCT = "/ja-jp/products/charging-station/"
WORDS = ("モバイルバッテリー", "Voltaro", "20,000mAh")

#: the text of each line box of the first match, as the browser laid it out
LINES_JS = """(sel) => {
  const el = document.querySelector(sel);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = [];
  let top = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (!rects.length) { if (lines.length) lines[lines.length - 1] += node.data[i]; continue; }
      const y = Math.round(rects[0].top);
      if (top === null || y > top + 2) { lines.push(""); top = y; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""


@pytest.fixture(scope="module")
def long_title_shops(browser: Any, tmp_path_factory: pytest.TempPathFactory
                     ) -> Iterator[ShopFactory]:
    base = tmp_path_factory.mktemp("phrases")
    project = copy_project(MARKETS_FIXTURE, base / "shop")
    ja = project / "content" / "products" / "charging-station" / "index.ja.md"
    text = ja.read_text(encoding="utf-8")
    ja.write_text(text.replace("title: 20ポート充電ステーション", f'title: "{TITLE}"', 1),
                  encoding="utf-8")
    with shops(browser, build(project, base / "out", base / "cache")) as make:
        yield make


def boundaries(page: Any, selector: str) -> set[int]:
    """Offsets in the element's text where the page allows a break: after a space, at <wbr>."""
    return set(page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      const out = [];
      let pos = 0;
      const walk = (node) => {
        if (node.nodeType === Node.TEXT_NODE) {
          for (const ch of node.data) { pos += ch.length; if (ch === " ") out.push(pos); }
        } else {
          if (node.nodeName === "WBR") out.push(pos);
          node.childNodes.forEach(walk);
        }
      };
      walk(el);
      return out;
    }""", selector))


@pytest.mark.parametrize("width", [320, 360, 390])
def test_long_japanese_title_wraps_at_phrase_boundaries_on_a_phone(
        long_title_shops: ShopFactory, width: int) -> None:
    shop = long_title_shops(viewport={"width": width, "height": 780})
    page = shop.open(PRODUCT)
    laid_out = page.evaluate(LINES_JS, "h1")
    lines = [line.strip() for line in laid_out]
    assert "".join(laid_out) == TITLE
    assert len(lines) >= 2, f"the title should wrap at {width}px: {lines}"
    allowed = boundaries(page, "h1")
    ends, pos = [], 0
    for line in laid_out[:-1]:
        pos += len(line)
        ends.append(pos)
    assert set(ends) <= allowed, f"{width}px: a line breaks inside a phrase: {lines}"
    for word in WORDS:
        assert any(word in line for line in lines), f"{width}px: {word} was split: {lines}"
    assert not shop.problems.all()
