"""Property-based tests: on any input the parser returns papers or located problems, never a traceback,
and every `# ` heading is accounted for."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_digest.digest.labels import heading_text, is_section_label
from paper_digest.digest.parse import parse_digest
from paper_digest.digest.text import alnum_key

FRAGMENTS = [
    "# Title A\n",
    "# 标题\n",
    "#\n",
    "# \n",
    "[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)\n",
    "[pdf](https://arxiv.org/abs/2408.00715v2)\n",
    "[pdf](https://example.org/x.pdf)\n",
    "https://arxiv.org/abs/1301.0001\n",
    "### **论文标题**\n",
    "### **作者信息**\n",
    "### **论文标签**\n",
    "#### 方法\n",
    "# faild to  read !!!!\n",
    "# **作者信息**\n",
    "# paper: Title B\n",
    "#   Title C\n",
    "## 结论\n",
    "1. **论文标题**\n",
    "   - 嵌套项\n",
    "- **作者**：A B, C D\n",
    "- **机构**：X University\n",
    "- 计算机视觉，机器学习\n",
    "**论文标题**：《中文》\n",
    "正文段落。\n",
    "```\n",
    "<script>alert(1)</script>\n",
    "\ufeff",
    "\r\n",
    "\n",
]

digests = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40).map("".join)


def h1_lines(text: str) -> list[int]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found, fenced = [], False
    for number, line in enumerate(lines, 1):
        if re.match(r"^\s{0,3}(```|~~~)", line):
            fenced = not fenced
        elif not fenced and re.match(r"^#[ \t]+", line):
            found.append(number)
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(digests)
def test_any_input_gives_papers_or_located_problems(text):
    papers, problems = parse_digest(text, "fuzz.txt")
    headings = h1_lines(text)
    for problem in problems:
        assert problem.location.path == "fuzz.txt"
        assert problem.location.line >= 1
        assert problem.message
    starts = {paper.source.line for paper in papers}
    assert starts <= set(headings)
    for paper in papers:  # a paper is published with its id, or left for loading to resolve
        assert paper.arxiv_id == "" or re.fullmatch(r"\d{4}\.\d{4,5}", paper.arxiv_id)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in headings:
        if line in starts:
            continue
        # a heading that opens no paper is a section of the paper above (a label, a heading kept with its
        # text), or something in its block is reported (a skipped paper, a heading without a link)
        owner = max((start for start in starts if start < line), default=0)
        shown = heading_text(re.sub(r"^#[ \t]+", "", lines[line - 1]).rstrip("# \t"))
        paper = next((p for p in papers if p.source.line == owner), None)
        kept = paper is not None and (
            is_section_label(shown)
            or shown in {s.heading for s in paper.sections}
            or alnum_key(shown) == alnum_key(paper.title)
        )
        reported = any(p.location.line in (line, line + 1) for p in problems) or any(
            owner < p.location.line < line for p in problems if p.kind == "skipped"
        )  # on its own title or link line, or it lies inside a paper (or text) that was skipped
        assert kept or reported, (line, shown, problems)
    if not headings:
        assert papers == [] and problems


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_decoded_leniently_never_crash(data):
    parse_digest(data.decode("utf-8", errors="replace"), "bytes.txt")
