"""Each layout digest writers produce parses to the same record."""

import datetime as dt

import pytest

from paper_digest.digest.parse import clean_title_zh, digest_date, parse_arxiv_url, parse_digest

LINK = "[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)"


def parse_one(body: str, link: str = LINK, title: str = "SAM 2: Segment Anything", path: str = "d.txt"):
    papers, problems = parse_digest(f"# {title}\n{link}\n{body}", path)
    assert problems == []
    assert len(papers) == 1
    return papers[0]


STANDARD = """### **论文标题**
《SAM 2：面向图像和视频的可提示视觉分割》

### **作者信息**
- Nikhila Ravi, Valentin Gabeur
- Meta FAIR

### **论文标签**
计算机视觉，视觉分割

### **研究核心目标与问题**
本文旨在解决可提示视觉分割。
"""

LAYOUTS = {
    "h3 bold headings": STANDARD,
    "h4 headings": STANDARD.replace("### **", "#### ").replace("**\n", "\n"),
    "h2 headings": STANDARD.replace("### **", "## ").replace("**\n", "\n"),
    "numbered list": """1. **论文标题**
   - 《SAM 2：面向图像和视频的可提示视觉分割》

2. **作者信息**
   - Nikhila Ravi, Valentin Gabeur
   - Meta FAIR

3. **论文标签**
   - 计算机视觉
   - 视觉分割

4. **研究核心目标与问题**
   - 本文旨在解决可提示视觉分割。
""",
    "inline label lines": """**论文标题**：《SAM 2：面向图像和视频的可提示视觉分割》
**作者**：Nikhila Ravi, Valentin Gabeur
**机构**：Meta FAIR
**标签**：计算机视觉、视觉分割

### 研究核心目标与问题
本文旨在解决可提示视觉分割。
""",
    "bulleted label lines in an info section": """## 基本信息
- **论文标题**：SAM 2：面向图像和视频的可提示视觉分割
- **作者**：Nikhila Ravi, Valentin Gabeur
- **机构**：Meta FAIR
- **关键词**：计算机视觉, 视觉分割

## 研究核心目标与问题
本文旨在解决可提示视觉分割。
""",
    "English label lines": """**Title**：SAM 2：面向图像和视频的可提示视觉分割
**Authors**: Nikhila Ravi, Valentin Gabeur
**Affiliations**: Meta FAIR
**Keywords**: 计算机视觉, 视觉分割

## 研究核心目标与问题
本文旨在解决可提示视觉分割。
""",
    "bold-line headings": """**论文标题**
SAM 2：面向图像和视频的可提示视觉分割

**作者信息**
- **作者**: Nikhila Ravi, Valentin Gabeur
- **机构**: Meta FAIR

**论文标签**
- **关键词**：计算机视觉、视觉分割

**研究核心目标与问题**
本文旨在解决可提示视觉分割。
""",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layouts_give_the_same_record(layout):
    paper = parse_one(LAYOUTS[layout])
    assert paper.arxiv_id == "2408.00714"
    assert paper.title == "SAM 2: Segment Anything"
    assert paper.title_zh == "SAM 2：面向图像和视频的可提示视觉分割"
    assert paper.authors == ("Nikhila Ravi", "Valentin Gabeur")
    assert paper.affiliations == ("Meta FAIR",)
    assert [t.text for t in paper.raw_tags] == ["计算机视觉", "视觉分割"]
    assert [s.heading for s in paper.sections] == ["研究核心目标与问题"]
    assert paper.sections[0].markdown.lstrip("- ") == "本文旨在解决可提示视觉分割。"


def test_subtitle_heading_becomes_the_chinese_title():
    paper = parse_one("### FINCH：面向大型语言模型的压缩\n\n#### 作者信息\n- A B\n\n#### 方法\n正文。\n", title="Finch")
    assert paper.title_zh == "FINCH：面向大型语言模型的压缩"
    assert [s.heading for s in paper.sections] == ["方法"]


def test_opening_paragraph_is_kept_as_an_untitled_section():
    paper = parse_one("这篇论文提出了一种方法。\n\n### 方法概述\n- 要点\n")
    assert [(s.heading, s.markdown) for s in paper.sections] == [
        ("", "这篇论文提出了一种方法。"),
        ("方法概述", "- 要点"),
    ]


def test_title_quoted_in_a_summary_opening():
    paper = parse_one("### 总结\n\n《平滑能量引导》一文提出了方法。\n\n#### 方法\n正文\n", title="SEG")
    assert paper.title_zh == "平滑能量引导"


def test_crlf_and_bom_are_accepted():
    text = "\ufeff# T\r\n" + LINK + "\r\n" + STANDARD.replace("\n", "\r\n")
    papers, problems = parse_digest(text, "d.txt")
    assert problems == []
    assert papers[0].title == "T"
    assert papers[0].authors == ("Nikhila Ravi", "Valentin Gabeur")
    assert "\r" not in papers[0].sections[0].markdown


@pytest.mark.parametrize(
    "link",
    [
        "[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714v2)",
        "[arXiv](https://arxiv.org/abs/2408.00714)",
        "https://arxiv.org/abs/2408.00714v3",
        "<https://arxiv.org/pdf/2408.00714.pdf>",
        "- 链接：https://www.arxiv.org/abs/2408.00714",
        "arXiv: 2408.00714v1",
        "论文链接：[arXiv](https://arxiv.org/abs/2408.00714v3)",
        "Link: <https://arxiv.org/abs/2408.00714>",
        '[PDF](https://arxiv.org/pdf/2408.00714 "the paper")',
        "arxiv.org/abs/2408.00714",
        "https://arxiv.org/abs/2408.00714?context=cs。",
        "https://arxiv.org/abs/2408.00714#section",
    ],
)
def test_link_forms(link):
    assert parse_one(STANDARD, link=link).arxiv_id == "2408.00714"


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://arxiv.org/pdf/2408.00714", "2408.00714"),
        ("https://arxiv.org/abs/2408.00714v2", "2408.00714"),
        ("http://export.arxiv.org/abs/1501.00001", "1501.00001"),
        ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("https://arxiv.org/abs/2413.00001", None),
        ("https://example.org/pdf/2408.00714", None),
        ("https://arxiv.org/list/cs.CV/recent", None),
    ],
)
def test_parse_arxiv_url(url, arxiv_id):
    assert parse_arxiv_url(url) == arxiv_id


@pytest.mark.parametrize(
    ("separator_line", "expected"),
    [
        ("计算机视觉，机器学习，深度学习", ["计算机视觉", "机器学习", "深度学习"]),
        ("- 语言模型、Transformer架构、知识蒸馏", ["语言模型", "Transformer架构", "知识蒸馏"]),
        ("- 计算机视觉, 三维重建", ["计算机视觉", "三维重建"]),
        ("- **关键词**：大型语言模型（LLMs）、键值缓存压缩", ["大型语言模型（LLMs）", "键值缓存压缩"]),
        ("- **主题**：音频驱动、面部动画\n- **关键词**：统一模型", ["音频驱动", "面部动画", "统一模型"]),
        (
            "- Matryoshka Learning, Nested Embedding, Arabic NLP",
            ["Matryoshka Learning", "Nested Embedding", "Arabic NLP"],
        ),
        ("- 自动语音识别 (ASR)\n- 知识蒸馏", ["自动语音识别 (ASR)", "知识蒸馏"]),
    ],
)
def test_tag_lines(separator_line, expected):
    paper = parse_one(f"### 论文标签\n{separator_line}\n\n### 方法\n正文\n")
    assert [t.text for t in paper.raw_tags] == expected
    assert all(t.location.line > 2 for t in paper.raw_tags)


def test_paper_without_tag_section_has_no_raw_tags():
    assert parse_one("### 方法\n正文\n").raw_tags == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《Segment Anything: 分割一切》", "Segment Anything: 分割一切"),
        ("- SF3D: Stable Fast 3D", None),
        ("《Reenact Anything》", None),
        ("分割一切（SAM 2: Segment Anything）", "分割一切"),
        ("SAM 2: Segment Anything：分割一切", "分割一切"),
        ("**改进小型语言模型的文本嵌入**", "改进小型语言模型的文本嵌入"),
        ("SAM 2: Segment Anything（分割一切）", "分割一切"),
    ],
)
def test_clean_title_zh(text, expected):
    assert clean_title_zh(text, english_title="SAM 2: Segment Anything") == expected


def test_dates_come_from_the_file_name_or_the_arxiv_id():
    assert digest_date("seeds/2024-08-02-daily.txt") == (dt.date(2024, 8, 2), True, [])
    assert digest_date("seeds/000_263217c7a4351fe0.txt") == (None, False, [])
    named = parse_one(STANDARD, path="seeds/2024-08-02.txt")
    assert named.date == dt.date(2024, 8, 2)
    assert parse_one(STANDARD).date == dt.date(2024, 8, 1)


def test_code_fences_hide_headings():
    paper = parse_one("### 方法\n```\n# not a paper\n### not a section\n```\n")
    assert [s.heading for s in paper.sections] == ["方法"]
    assert "# not a paper" in paper.sections[0].markdown


def test_a_chinese_heading_is_reported():
    papers, problems = parse_digest(f"# 分割一切\n{LINK}\n### 方法\n正文\n", "d.txt")
    assert len(papers) == 1
    assert [(str(p.location), p.fatal) for p in problems] == [("d.txt:1", False)]
    assert "should be the paper's English title" in problems[0].message
