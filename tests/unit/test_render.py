"""Section Markdown -> HTML: ordinary formatting stays, everything else goes."""

import pytest

from paper_digest.digest.render import SectionRenderer, sanitize


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("**粗体** 与 *斜体* 与 `code`", "<p><strong>粗体</strong> 与 <em>斜体</em> 与 <code>code</code></p>"),
        ("- 一\n- 二", "<ul>\n<li>一</li>\n<li>二</li>\n</ul>"),
        ("[链接](https://example.org)", '<p><a href="https://example.org" rel="noopener noreferrer">链接</a></p>'),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
    ],
)
def test_ordinary_formatting_is_kept(markdown, html):
    assert html in SectionRenderer().render(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>文字",
        '<img src="https://tracker.example/p.gif">',
        '<a href="javascript:alert(1)">x</a>',
        '<div onclick="x()">点</div>',
        "<iframe src=https://evil.example></iframe>",
        "<style>body{}</style>",
        "联系 someone@example.org 获取",
    ],
)
def test_dangerous_or_private_content_is_removed(markdown):
    html = SectionRenderer().render(markdown)
    for needle in ("<script", "<img", "javascript:", "onclick", "<iframe", "<style", "@example.org"):
        assert needle not in html


def test_a_mailto_link_leaves_nothing_behind():
    assert sanitize('<p>写信 <a href="mailto:a@b.com">a@b.com</a> 吧</p>') == "<p>写信  吧</p>"
