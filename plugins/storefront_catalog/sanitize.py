"""Raw HTML in descriptions: what a page may publish, and what was left out.

A description pasted from a supplier can carry ``<script>``, ``javascript:`` links and
``on*=`` handlers. Markdown's own output is safe; raw HTML in it is cleaned with an allow-list
by nh3 (the binding of Rust's ammonia, a well-kept HTML5 sanitizer) rather than by patterns of
our own. nh3 does not say what it removed, so a small parser walks the same allow-list to name
it in the build's warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

#: where a description may embed a video from: an <iframe src> starts with one of these
VIDEO_HOSTS: tuple[str, ...] = (
    "https://www.youtube-nocookie.com/embed/",
    "https://www.youtube.com/embed/",
    "https://player.vimeo.com/video/",
)
#: what descriptions need: Markdown's output, plain formatting, tables, photos, videos
TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd", "strong", "b", "em", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "abbr", "span", "div", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "a", "img", "iframe",
})
#: removed with everything inside them (the rest lose the tag and keep their text)
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
#: attributes per tag; "*" on every allowed tag
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"lang", "dir", "title"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading"}),
    "th": frozenset({"align", "style", "colspan", "rowspan", "scope"}),
    "td": frozenset({"align", "style", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start", "type"}),
    "code": frozenset({"class"}),  # language-python from a fenced code block
    "abbr": frozenset({"title"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: the only style a description keeps: a table column's alignment, as Markdown writes it
STYLE_PROPERTIES = frozenset({"text-align"})
EXTERNAL_REL = "noopener noreferrer"

# nh3 serializes every attribute as name="value" with " escaped, so this reads its output
_A_TAG = re.compile(r'<a((?:\s[a-z][a-z0-9-]*="[^"]*")*)>')
_EXTERNAL_HREF = re.compile(r'\shref="(?:https?:)?//', re.IGNORECASE)
_EMPTY_IFRAME = re.compile(r'<iframe(?:\s(?!src=)[a-z][a-z0-9-]*="[^"]*")*>[^<]*</iframe>')
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]+$")


@dataclass(frozen=True)
class HtmlPolicy:
    """How a build treats raw HTML in Markdown: trusted as written, or cleaned."""

    trust: bool = False
    video_hosts: tuple[str, ...] = VIDEO_HOSTS


#: the default: raw HTML is cleaned, videos from YouTube and Vimeo players are kept
SANITIZE = HtmlPolicy()


def sanitize_html(html: str, policy: HtmlPolicy = SANITIZE) -> tuple[str, tuple[str, ...]]:
    """The HTML a page may publish and what was removed from it, e.g. ``("<script>",)``.

    >>> sanitize_html('<p>Hi <img src="x.jpg" onerror="alert(1)"></p>')
    ('<p>Hi <img src="x.jpg"></p>', ('onerror=',))
    >>> sanitize_html('<a href="https://example.com">shop</a>')[0]
    '<a href="https://example.com" rel="noopener noreferrer">shop</a>'
    """
    if policy.trust:
        return html, ()
    hosts = policy.video_hosts

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            return value if _video_allowed(value, hosts) else None
        if tag == "code" and attribute == "class":
            kept = [c for c in value.split() if _LANGUAGE_CLASS.match(c)]
            return " ".join(kept) or None
        return value

    cleaned = nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=keep, link_rel=None, url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES), strip_comments=True,
    )
    cleaned = _EMPTY_IFRAME.sub("", cleaned)
    cleaned = _A_TAG.sub(_external_rel, cleaned)
    return cleaned, removed_html(html, policy) if cleaned != html else ()


def removed_html(html: str, policy: HtmlPolicy = SANITIZE) -> tuple[str, ...]:
    """What ``sanitize_html`` leaves out of ``html``, once each, in the order written.

    >>> removed_html('<p onclick="x()">Hi</p><script>alert(1)</script>'
    ...              '<a href="javascript:alert(1)">go</a><iframe src="https://evil.test/"></iframe>')
    ('onclick=', '<script>', 'href="javascript:…"', '<iframe> from evil.test')
    """
    finder = _Finder(policy.video_hosts)
    finder.feed(html)
    finder.close()
    return tuple(dict.fromkeys(finder.removed))


#: removed tags that run code, load other pages or ask for input: worth a warning
ACTIVE_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "applet", "frame",
                         "frameset", "form", "input", "button", "textarea", "select", "link",
                         "meta", "base", "svg", "math", "template", "noscript"})


def is_active(removed: str) -> bool:
    """Whether a removed item (as ``removed_html`` names it) was code, a foreign embed or a
    form: a warning. Presentational leftovers (``class=``, ``<font>``) are only a note.

    >>> [is_active(r) for r in ("<script>", "onclick=", 'href="javascript:…"', "class=",
    ...                         "<font>", "style=")]
    [True, True, True, False, False, False]
    """
    if removed.startswith("<"):
        return removed[1:].split(">", 1)[0].split()[0] in ACTIVE_TAGS
    return removed.startswith("on") or removed.startswith(("href=", "src="))


def _video_allowed(src: str, hosts: Iterable[str]) -> bool:
    return any(src.startswith(host) for host in hosts)


def _external_rel(match: re.Match[str]) -> str:
    attributes = match.group(1)
    if _EXTERNAL_HREF.search(attributes):
        return f'<a{attributes} rel="{EXTERNAL_REL}">'
    return match.group(0)


def _scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (blanks and case ignored); None if relative."""
    compact = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", compact)
    return match.group(1).lower() if match else None


class _Finder(HTMLParser):
    """Lists the tags, attributes and URLs of some HTML that the allow-list does not keep."""

    def __init__(self, video_hosts: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.video_hosts = video_hosts
        self.removed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.removed.append(f"<{tag}>")
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.removed.append(f"{name}=")
            elif tag == "iframe" and name == "src" and not _video_allowed(value,
                                                                           self.video_hosts):
                host = urlsplit(value).hostname or value or "nowhere"
                self.removed.append(f"<iframe> from {host}")
            elif name in ("href", "src"):
                scheme = _scheme(value)
                if scheme is not None and scheme not in URL_SCHEMES:
                    self.removed.append(f'{name}="{scheme}:…"')
            elif name == "style":
                names = {p.split(":", 1)[0].strip().lower() for p in value.split(";")
                         if p.strip()}
                if names - STYLE_PROPERTIES:
                    self.removed.append("style=")
        if tag == "iframe" and not any(name == "src" for name, _ in attrs):
            self.removed.append("<iframe> without src")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
