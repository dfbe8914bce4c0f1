"""HTML blocks <-> segments: inline markup is protected and comes back exactly."""

import pytest
from bs4 import BeautifulSoup

from paper_digest.digest.load import load_papers
from paper_digest.digest.render import SectionRenderer
from paper_digest.digest.text import CJK
from paper_digest.translation.memory import glossary_path, load_memory, paper_memory_path
from paper_digest.translation.segments import MarkupError, check_translation, decode, paper_segments, skeleton
from support import REGISTRY, ROOT, SEEDS

HTML = (
    "<p>这是<strong>加粗</strong>和<a href='https://example.org/x'>链接</a>，代码<code>a&lt;b</code>。</p>\n"
    "<ul>\n<li>第一项\n<ul><li>嵌套项</li></ul></li>\n<li>English only</li>\n</ul>\n"
    "<table><tr><th>列</th><td>值 42</td></tr></table>\n<pre><code>不翻译的代码</code></pre>"
)


def test_segments_in_reading_order():
    assert [slot.source for slot in skeleton(HTML).slots] == [
        "这是<1>加粗</1>和<2>链接</2>，代码<3/>。",
        "第一项",
        "嵌套项",
        "列",
        "值 42",
    ]


def fill(html: str, translate) -> str:
    return skeleton(html).fill(translate, lambda slot: f"<mark>{slot.source}</mark>")


def fake(source: str) -> str:
    return (
        source.replace("这是", "This is ")
        .replace("加粗", "bold")
        .replace("和", " and ")
        .replace("链接", "link")
        .replace("，代码", ", code ")
        .replace("。", ".")
        .replace("第一项", "first")
        .replace("嵌套项", "nested")
        .replace("列", "column")
        .replace("值", "value")
    )


def test_translation_keeps_markup_attributes_and_code():
    soup = BeautifulSoup(fill(HTML, fake), "html.parser")
    assert soup.p.decode_contents() == (
        'This is <strong>bold</strong> and <a href="https://example.org/x">link</a>, code <code>a&lt;b</code>.'
    )
    assert [li.find(string=True, recursive=False).strip() for li in soup.select("ul > li")][:1] == ["first"]
    assert soup.select_one("ul ul li").get_text() == "nested"
    assert soup.th.get_text() == "column" and soup.td.get_text() == "value 42"
    assert soup.pre.get_text() == "不翻译的代码"
    assert "English only" in soup.get_text()


def test_a_missing_translation_leaves_its_neighbours_translated():
    missing = "列"
    out = fill(HTML, lambda s: None if s == missing else fake(s))
    soup = BeautifulSoup(out, "html.parser")
    assert soup.th.decode_contents() == "<mark>列</mark>"
    assert soup.td.get_text() == "value 42" and soup.select_one("ul ul li").get_text() == "nested"


def test_a_translation_cannot_inject_markup():
    out = fill("<p>你好</p>", lambda s: '<script>alert(1)</script><img src=x onerror="y">')
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert "<script>" in soup.get_text()


@pytest.mark.parametrize(
    ("translation", "words"),
    [
        ("This is bold and link, code <3/>.", "missing placeholder"),
        ("This is <1>bold</1> and <2>link</2>, code <3/> <3/>.", "appears twice"),
        ("This is <1>bold and <2>link</1></2>, code <3/>.", "closes the wrong"),
        ("This is <1>bold</1> and <2>link, code <3/>.", "never closed"),
        ("This is <1>bold</1> and <2/>, code <3/>.", "must wrap text"),
        ("This is <1>bold</1> and <2>link</2>, code <3>x</3>.", "untranslated content"),
        ("This is <1>bold</1> and <2>link</2> <4/> <3/>.", "does not exist"),
    ],
)
def test_broken_placeholders_are_rejected(translation, words):
    source = "这是<1>加粗</1>和<2>链接</2>，代码<3/>。"
    with pytest.raises(MarkupError, match=words):
        check_translation(source, translation)


def test_decode_escapes_text():
    assert decode("a &lt; b & c <i>", []) == "a &lt; b &amp; c &lt;i&gt;"


PAPERS, _ = load_papers([str(SEEDS)], str(REGISTRY))
FOLDER = ROOT / "content" / "translations"
GLOSSARY, _ = load_memory(glossary_path(FOLDER))


@pytest.mark.parametrize("paper", PAPERS, ids=[p.arxiv_id for p in PAPERS])
def test_seed_paper_translates_completely_from_the_committed_memory(paper):
    renderer = SectionRenderer()
    memory, problems = load_memory(paper_memory_path(FOLDER, paper.arxiv_id))
    assert problems == []
    sections = [renderer.render(s.markdown) for s in paper.sections]
    segments = paper_segments(paper, sections)
    assert segments and all(CJK.search(s.source) for s in segments)

    def lookup(source):
        entry = GLOSSARY.lookup(source) or memory.lookup(source)
        return entry.target if entry else None

    for segment in segments:
        assert lookup(segment.source), (segment.where, segment.source)
    for body in sections:
        english = fill(body, lookup)
        assert "<mark>" not in english
        assert not CJK.search(BeautifulSoup(english, "html.parser").get_text())
        assert english.count("<strong>") == body.count("<strong>")
        assert english.count("<li>") == body.count("<li>")
