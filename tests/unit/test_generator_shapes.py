"""The shapes a daily generator's LLM writes inside a paper: author lines with LaTeX, markers and indices,
label-value lines, code links, tags behind labels and separators, titles behind labels."""

import pytest

from paper_digest.digest.marks import leftover_markup, normalise_marks
from paper_digest.digest.parse import parse_digest
from paper_digest.digest.people import parse_people
from paper_digest.digest.sections import is_section_label
from paper_digest.digest.text import scrub_emails

LINK = "[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)"


def people(*lines):
    """As the parser calls it: its lines have had their addresses taken out (and reported) first."""
    found = parse_people([scrub_emails(line)[0] for line in lines])
    return found.authors, found.affiliations


@pytest.mark.parametrize(
    ("lines", "authors", "affiliations"),
    [
        (["- 陈鹏程$^1$$^2$*, 文嘉欣$^{1,2}$, 詹金$^{1}$"], ["陈鹏程", "文嘉欣", "詹金"], []),
        (["- Ann Lee\\(^*\\), Bo Chen$^\\dagger$, Cy Dow\\*"], ["Ann Lee", "Bo Chen", "Cy Dow"], []),
        (["- Yixin Liu1, Bo Li2,3, 张文琪1"], ["Yixin Liu", "Bo Li", "张文琪"], []),
        (
            ["- Ann Lee∗, Bo Chen†, Cy Dow‡, Di Fox§, Ed Gray¶, Flo Hu♠, Gus Ivy♡, Hal Jo⋆"],
            ["Ann Lee", "Bo Chen", "Cy Dow", "Di Fox", "Ed Gray", "Flo Hu", "Gus Ivy", "Hal Jo"],
            [],
        ),  # fmt: skip
        (["- Ilia Kulikov\\", "- 1Yale University, 2Meta"], ["Ilia Kulikov"], ["Yale University", "Meta"]),
        (
            ["- 刘翔燕1,2,∗ 兰波3,∗ 胡智远1 刘洋2", "- 1 新加坡国立大学 2 阿里巴巴集团"],
            ["刘翔燕", "兰波", "胡智远", "刘洋"],
            ["新加坡国立大学", "阿里巴巴集团"],
        ),  # fmt: skip
        (
            ["- **Zhiyu Tan**, **Hao Li**<sup>*</sup>", "- 机构: 1.复旦大学 2.上海科学智能研究院"],
            ["Zhiyu Tan", "Hao Li"],
            ["复旦大学", "上海科学智能研究院"],
        ),  # fmt: skip
        (["- Tian, Bozhong, Liang, Xiaozhuan, Cheng, Siyuan"], ["Bozhong Tian", "Xiaozhuan Liang", "Siyuan Cheng"], []),
        (["- Tian, Bozhong and Liang, Xiaozhuan"], ["Bozhong Tian", "Xiaozhuan Liang"], []),
        (["- 约书亚·本吉奥, 杨立昆"], ["约书亚·本吉奥", "杨立昆"], []),
        (["- 作者：OpenAI"], [], ["OpenAI"]),  # a company alone is an affiliation, never a cited person
        (
            ["- Alejandro Lozano, Department of Biomedical Data Science, Stanford University"],
            ["Alejandro Lozano"],
            ["Department of Biomedical Data Science, Stanford University"],
        ),  # fmt: skip
        (
            ["- Ante Wang, Linfeng Song*, Jinsong Su* 和 Dong Yu"],
            ["Ante Wang", "Linfeng Song", "Jinsong Su", "Dong Yu"],
            [],
        ),
        (["- 南京大学的Kepan Nan、Rui Xie"], ["Kepan Nan", "Rui Xie"], ["南京大学"]),
        (
            ["- A. Bee, C. Dee; 分别来自北京大学、斯坦福大学和Pika Labs。"],
            ["A. Bee", "C. Dee"],
            ["北京大学", "斯坦福大学", "Pika Labs"],
        ),  # fmt: skip
        (["- 上海人工智能实验室 ($^1$)", "- 华盛顿大学 ($^2$)"], [], ["上海人工智能实验室", "华盛顿大学"]),
        (
            ["- **主要贡献者**: Ann Lee, Pannag R. Sanketi (Google DeepMind)"],
            ["Ann Lee", "Pannag R. Sanketi"],
            ["Google DeepMind"],
        ),  # fmt: skip
        (["- Ann Lee, Bo Chen, and Cy Dow"], ["Ann Lee", "Bo Chen", "Cy Dow"], []),
        (["- 作者：Ann Lee, Bo Chen；机构：MIT；邮箱：a@b.org"], ["Ann Lee", "Bo Chen"], ["MIT"]),
        (
            ["- Dan Brown [1], Alice Wu (1,2)", "- [1] MIT (2) Stanford University"],
            ["Dan Brown", "Alice Wu"],
            ["MIT", "Stanford University"],
        ),  # fmt: skip
        (
            ["- 李再静$^{1,2}$, 谢宇权$^1$", "- $^1$哈尔滨工业大学 $^2$鹏城实验室", "- $\\{$lzj,xyq$\\}@gmail.com$"],
            ["李再静", "谢宇权"],
            ["哈尔滨工业大学", "鹏城实验室"],
        ),  # fmt: skip
    ],
)
def test_author_lines_as_llms_write_them(lines, authors, affiliations):
    assert people(*lines) == (authors, affiliations)


def test_no_name_keeps_markup_markers_or_an_index():
    lines = ["- Xu Xi$^{1}$, Yan Yu\\(^*\\), Zoe Zhu\\*, Wei Wu1, Qin Qi$^{\\dagger}$*", "- *: Core contributor.",
             "- †Corresponding author"]  # fmt: skip
    found = parse_people(lines)
    assert found.authors == ["Xu Xi", "Yan Yu", "Zoe Zhu", "Wei Wu", "Qin Qi"]
    assert not any(leftover_markup(name) for name in found.authors)
    assert [note.split("'")[1] for note in found.notes] == ["*: Core contributor.", "†Corresponding author"]


def test_a_code_or_project_url_in_the_author_block_is_a_link_never_an_author():
    for line in ("- GitHub地址：https://github.com/a/b", "- 代码：<https://github.com/a/b>", "- Code: https://github.com/a/b",
                 "- 项目主页：https://github.com/a/b", "- Project page: https://github.com/a/b", "- https://github.com/a/b"):  # fmt: skip
        found = parse_people(["- Ann Lee, Bo Chen", line])
        assert (found.authors, found.links) == (["Ann Lee", "Bo Chen"], ["https://github.com/a/b"]), line
    assert parse_people(["- 主页：暂无"]).notes  # a label without an address: reported, not a name
    assert parse_people(["- 邮箱：见论文主页"]).notes  # what is not an address is reported, not dropped
    beside = parse_people(["- 代码：https://github.com/a/b（即将开源）"])
    assert beside.links == ["https://github.com/a/b"] and "即将开源" in beside.notes[0]
    homepage = parse_people(["- Alice Wu (https://alice.example.org), Bo Chen"])
    assert (homepage.authors, homepage.links) == (["Alice Wu", "Bo Chen"], []) and homepage.notes
    assert parse_people(["- Code: https://user:secret@github.com/a/b"]).links == ["https://github.com/a/b"]


def test_normalised_marks_are_superscripts():
    assert normalise_marks("陈鹏程$^1$$^2$*") == "陈鹏程<sup>1</sup><sup>2</sup><sup>*</sup>"
    assert normalise_marks("1 Shanghai AI Laboratory, 2 Fudan University") == (
        "<sup>1</sup>Shanghai AI Laboratory, <sup>2</sup>Fudan University"
    )
    assert normalise_marks("3D Vision Lab, Riyadh 12435") == "3D Vision Lab, Riyadh 12435"  # not indices


PAPER = """# {title}
{link}
### 论文标题
- 论文标题：MiniCPM-V: 手机端的GPT-4V级多模态大型语言模型

### 作者信息
- 作者：Yuan Yao, Tianyu Yu
- GitHub地址：https://github.com/OpenBMB/MiniCPM-V

### 论文标签
- 主题分类：多模态大型语言模型、手机端部署 | 高效计算 · 端侧推理
- 关键词：视觉语言模型
- 主题分类/关键词：模型压缩

### 研究核心目标与问题
- 正文。
"""


def test_label_prefixes_are_stripped_from_title_authors_and_tags():
    [paper], _ = parse_digest(PAPER.format(title="paper: MiniCPM-V: A GPT-4V Level MLLM", link=LINK), "d.txt")
    assert paper.title == "MiniCPM-V: A GPT-4V Level MLLM"
    assert paper.title_zh == "MiniCPM-V: 手机端的GPT-4V级多模态大型语言模型"
    assert paper.authors == ("Yuan Yao", "Tianyu Yu") and paper.code_url == "https://github.com/OpenBMB/MiniCPM-V"
    assert [t.text for t in paper.raw_tags] == [
        "多模态大型语言模型", "手机端部署", "高效计算", "端侧推理", "视觉语言模型", "模型压缩",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "heading",
    [
        "**标题**",
        "**作者信息**",
        "论文标签",
        "**研究核心目标与问题**",
        "1. **采用方法与技术**",
        "实验设计与主要发现：",
        "**结论及对未来研究的意义**",
        "关键图表与数据",
        "Abstract",
        "论文标题（中文翻译）",
    ],  # fmt: skip
)
def test_the_templates_labels_are_sections(heading):
    assert is_section_label(heading)


def test_a_failed_summary_and_a_title_with_nothing_after_it_are_the_generators_failures():
    text = "\n#   First Paper\n# faild to  read !!!!\n#   Second Paper\n**论文标题**\n- 第二篇\n\n**研究核心目标与问题**\n- 正文\n#   Third\n"
    papers, problems = parse_digest(text, "2024-07-01_summary_info.md")
    assert [(p.title, p.arxiv_id) for p in papers] == [("Second Paper", "")]
    assert [(p.location.line, p.kind) for p in problems] == [(2, "skipped"), (10, "skipped")]
    assert "failed to summarise 'First Paper'" in problems[0].message
    assert "'Third' has no summary after its title" in problems[1].message


def test_lines_of_spaces_and_a_closing_paragraph_keep_every_word():
    text = f"# A Paper\n{LINK}\n1. **论文标题**  \n   - 甲\n   \n2. **研究核心目标与问题**  \n   - 目标。\n\n总的来说，这是结语。\n"
    [paper], problems = parse_digest(text, "d.txt")
    assert problems == [] and paper.sections[-1].markdown.endswith("总的来说，这是结语。")
