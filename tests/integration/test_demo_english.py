"""The demo store's English reads right per market, as a merchant selling to the US and the UK
publishes it: American spelling and dates on en-US (index.md and content/pages/<slug>.md),
British on en-GB and en-SG (their index.en-gb.md / <slug>.en-sg.md regional texts).

Read as a visitor reads the built pages: the text of <main>, its images' alt texts, the page
title and meta description, every English page of each market.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

MONTH = ("(?:January|February|March|April|May|June|July|August|September|October|November"
         "|December)")
#: Words a US shop does not write, each with its American spelling (the fix to name).
BRITISH = {
    r"colour(?:s|ed|ful|ing)?": "color",
    r"catalogues?": "catalog",
    r"(?:centi|milli)metres?": "-meter",
    r"centres?|centred": "center",
    r"licences?": "license",
    r"grey(?:s|ish)?": "gray",
    r"cancell(?:ed|ing)": "canceled",
    r"aluminium": "aluminum",
    r"favourites?": "favorite",
    r"(?:organis|recognis|personalis|customis|optimis|anodis)(?:e|es|ed|ing|ation)": "-ize",
    r"labell(?:ed|ing)": "labeled",
    r"moulded|moulds?": "molded",
    r"microfibre|fibres?": "fiber",
    r"programmes?": "program",
    r"enquir(?:y|ies)": "inquiry",
    r"keyrings?": "key ring",
    rf"\d{{1,2}} {MONTH} \d{{4}}": "month day, year: February 16, 2027",
}
#: ... and the American words a UK or Singapore shop does not write ("license" is the British
#: verb and "program" British for software, so they are not here).
AMERICAN = {
    r"colors?|colored|colorful|coloring": "colour",
    r"catalogs?": "catalogue",
    r"(?:centi|milli)meters?": "-metre",
    r"centers?|centered": "centre",
    r"gray(?:s|ish)?": "grey",
    r"cancel(?:ed|ing)": "cancelled",
    r"aluminum": "aluminium",
    r"favorites?": "favourite",
    r"(?:organiz|recogniz|personaliz|customiz|optimiz|anodiz)(?:e|es|ed|ing|ation)": "-ise",
    r"label(?:ed|ing)": "labelled",
    r"molded": "moulded",
    r"microfiber|fibers?": "fibre",
    rf"{MONTH} \d{{1,2}}, \d{{4}}": "day month year: 16 February 2027",
}
#: Names written as their owners spell them, in any market (none of the demo's yet).
BRANDS: tuple[str, ...] = ()
SPELLINGS = {"en-us": BRITISH, "en-gb": AMERICAN, "en-sg": AMERICAN}


def compile_words(words: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b(?:{w})\b" for w in words), re.IGNORECASE)


def shown_text(page: Path) -> str:
    """What a visitor reads of ``page``: <main> (without scripts), its images' alt texts, the
    title and the meta description, with brand names left out."""
    root = lxml.html.parse(str(page)).getroot()
    parts = root.xpath("//title/text() | //meta[@name='description']/@content")
    for main in root.xpath("//main"):
        for node in main.xpath(".//script | .//style | .//template"):
            node.drop_tree()
        parts.append(main.text_content())
        parts.extend(main.xpath(".//img/@alt"))
    text = " ".join(" ".join(parts).split())
    for brand in BRANDS:
        text = text.replace(brand, " ")
    return text


def wrong_words(site: Path, market: str) -> list[str]:
    """"page: word (write ...)" for each word of another English on a market's pages."""
    words = SPELLINGS[market]
    pattern = compile_words(words)
    fixes = [(re.compile(rf"^(?:{w})$", re.IGNORECASE), fix) for w, fix in words.items()]
    found = []
    for page in sorted((site / market).rglob("*.html")):
        for word in sorted({m.group(0) for m in pattern.finditer(shown_text(page))}):
            fix = next(f for p, f in fixes if p.match(word))
            found.append(f"{page.relative_to(site)}: {word!r} (write {fix})")
    return found


def test_the_word_lists_catch_each_spelling() -> None:
    british, american = compile_words(BRITISH), compile_words(AMERICAN)
    us = ("Four body colors, a catalog, one centimeter, training centers, a license key, "
          "dark gray, canceled, anodized aluminum, favorites, organize, labeled, molded, "
          "microfiber, the MFi program, press inquiries, a key ring; ships February 16, 2027.")
    uk = ("Four body colours, a catalogue, one centimetre, training centres, a licence key, "
          "dark grey, cancelled, anodised aluminium, favourites, organise, labelled, moulded, "
          "microfibre, the MFi programme, press enquiries, a keyring; ships 16 February 2027.")
    assert british.findall(us) == [] and american.findall(uk) == []
    assert len(british.findall(uk)) == len(BRITISH) + 1  # "anodised" and "aluminium"
    assert len(american.findall(us)) == len(AMERICAN) + 1  # "anodized" and "aluminum"
    assert not american.search("Voltaro Ltd licenses its logo; a coloured cable; a carry-on")


@pytest.mark.parametrize("market", list(SPELLINGS))
def test_each_english_market_reads_in_its_own_spelling(demo_site: Path, market: str) -> None:
    pages = list((demo_site / market).rglob("*.html"))
    assert len(pages) > 20, "the demo did not build this market"
    found = wrong_words(demo_site, market)
    assert found == [], f"{market} pages in the wrong English:\n" + "\n".join(found)


def test_the_regional_text_is_what_en_gb_shows(demo_site: Path) -> None:
    """The British description and alt texts of index.en-gb.md, not index.md's, on en-GB;
    the American ones on en-US (one product with text, alts and specs laid over)."""
    def text(market: str) -> str:
        return shown_text(demo_site / market / "products" / "braided-usb-c-cable" / "index.html")

    assert "dark grey" in text("en-gb") and "aluminium plug housings" in text("en-gb")
    assert "dark gray" in text("en-us") and "aluminum plug housings" in text("en-us")
    assert "16 February 2027" in shown_text(demo_site / "en-sg" / "products" / "stylus-pro"
                                            / "index.html")
    assert "February 16, 2027" in shown_text(demo_site / "en-us" / "products" / "stylus-pro"
                                             / "index.html")
