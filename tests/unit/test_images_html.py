"""``<picture>`` markup and image settings validation."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from storefront_catalog.settings import check_settings
from storefront_images import ImageSet, Rendition, picture_html
from storefront_images.settings import IMAGE_SETTINGS


def image_set(fallback: str = "jpg") -> ImageSet:
    fmt = {"jpg": "jpeg", "png": "png"}[fallback]
    renditions = []
    for ext, f in (("avif", "avif"), ("webp", "webp"), (fallback, fmt)):
        for w in (480, 960, 1600):
            renditions.append(Rendition(f"media/pen-0123456789-{w}.{ext}", w, w * 3 // 4, f))
    return ImageSet("k" * 64, 1600, 1200, tuple(renditions))


class Element:
    """A parsed start tag: ``.tag``, ``.get(name)``, and the tags that followed it."""

    def __init__(self, tag: str, attrs: dict[str, str | None], rest: list[Element]):
        self.tag, self.attrs, self.rest = tag, attrs, rest

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def findall(self, tag: str) -> list[Element]:
        return [e for e in self.rest if e.tag == tag]

    def find(self, tag: str) -> Element | None:
        return next(iter(self.findall(tag)), None)


def parse(markup: str) -> Element:
    """Start tags of an HTML fragment, the way a browser's tokenizer reads them."""
    tags: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collect().feed(str(markup))
    elements: list[Element] = []
    for tag, attrs in reversed(tags):
        elements.insert(0, Element(tag, attrs, list(elements)))
    return elements[0]


def test_picture_has_modern_sources_then_a_sized_lazy_img():
    pic = parse(picture_html(image_set(), alt="Pen", sizes="(min-width: 60em) 50vw, 100vw"))
    assert pic.tag == "picture"
    sources = pic.findall("source")
    assert [s.get("type") for s in sources] == ["image/avif", "image/webp"]
    assert sources[1].get("srcset") == (
        "/media/pen-0123456789-480.webp 480w, /media/pen-0123456789-960.webp 960w, "
        "/media/pen-0123456789-1600.webp 1600w"
    )
    assert all(s.get("sizes") == "(min-width: 60em) 50vw, 100vw" for s in sources)
    img = pic.find("img")
    assert img.get("src") == "/media/pen-0123456789-960.jpg"
    assert (img.get("width"), img.get("height")) == ("960", "720")
    assert img.get("srcset").endswith("/media/pen-0123456789-1600.jpg 1600w")
    assert img.get("loading") == "lazy" and img.get("fetchpriority") is None
    assert img.get("decoding") == "async"


def test_priority_photo_is_eager_with_high_fetchpriority():
    img = parse(picture_html(image_set(), alt="Pen", sizes="100vw", priority=True)).find("img")
    assert img.get("fetchpriority") == "high"
    assert img.get("loading") is None


def test_formats_limit_the_sources_and_base_prefixes_urls():
    markup = picture_html(
        image_set(), alt="Pen", sizes="100vw", formats=["webp", "jpeg"],
        base="https://shop.example/", css_class="gallery__photo",
    )
    pic = parse(markup)
    assert [s.get("type") for s in pic.findall("source")] == ["image/webp"]
    img = pic.find("img")
    assert img.get("src").startswith("https://shop.example/media/")
    assert img.get("class") == "gallery__photo"


def test_alt_and_attributes_are_escaped():
    alt = 'Pen 5" <b>bold</b> & "quoted"'
    markup = picture_html(image_set(), alt=alt, sizes='100vw" onload="x')
    assert "<b>" not in markup and 'onload="x"' not in markup
    img = parse(markup).find("img")
    assert img.get("alt") == alt
    assert img.get("sizes") == '100vw" onload="x'


def test_transparent_photo_falls_back_to_png():
    img = parse(picture_html(image_set("png"), alt="Cut-out", sizes="100vw")).find("img")
    assert img.get("src").endswith("-960.png")
    assert img.get("srcset").count(".png ") == 3 and ".jpg" not in img.get("srcset")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("IMAGE_WIDTHS", [480, 0], "whole numbers above 0"),
        ("IMAGE_WIDTHS", "480", "whole numbers above 0"),
        ("IMAGE_FORMATS", ["webp"], "must include 'jpeg'"),
        ("IMAGE_FORMATS", ["gif", "jpeg"], "['gif'] not supported"),
        ("IMAGE_QUALITY", {"webp": 120}, "from 1 to 100"),
        ("IMAGE_QUALITY", {"heic": 50}, "is not a format"),
        ("IMAGE_WORKERS", 0, "above 0"),
        ("IMAGE_MAX_MEGAPIXELS", "60", "megapixels above 0"),
    ],
)
def test_bad_image_settings_are_reported(name, value, message):
    [problem] = check_settings({name: value}, IMAGE_SETTINGS)
    assert problem.field == name and message in problem.message


def test_default_image_settings_are_valid():
    defaults = {s.name: s.default for s in IMAGE_SETTINGS}
    assert check_settings(defaults, IMAGE_SETTINGS) == []
