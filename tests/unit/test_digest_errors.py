"""Bad digests give located problems; a broken paper is skipped and reported, never silently, and never
at the cost of the others."""

import pytest

from paper_digest.digest.load import load_digests, load_papers
from paper_digest.digest.parse import parse_digest
from paper_digest.problems import ERROR, NOTE, SKIPPED, WARNING, strictly
from support import REGISTRY


def without_registry(problems):
    """The digests' own problems, without the registry's summary of papers with no topic (tested elsewhere)."""
    return [problem for problem in problems if problem.location.path != str(REGISTRY)]


GOOD = "# Good Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00001)\n### 方法\n正文\n"


def problems_of(text, path="d.txt"):
    papers, problems = parse_digest(text, path)
    return papers, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        (
            GOOD + "# Not arXiv\n[pdf](https://example.org/paper.pdf)\n### 方法\n正文\n",
            "d.txt:6",
            "not an arXiv paper URL",
        ),
        ("# Bad month\n[pdf](https://arxiv.org/abs/2413.00001)\n### 方法\n正文\n", "d.txt:2", "not an arXiv paper URL"),
        ("# Empty\n[pdf](https://arxiv.org/abs/2408.00002)\n\n", "d.txt:1", "no summary after its link"),
        ("# Last paper\n", "d.txt:1", "no summary after its title"),
        ("#   \n[pdf](https://arxiv.org/abs/2408.00002)\n正文\n", "d.txt:1", "heading is empty"),
        (
            "# Failed\n[pdf](https://arxiv.org/pdf/2408.00002)\n# faild to  read !!!!\n",
            "d.txt:1",
            "failed to summarise",
        ),
        ("只是一段话。\n", "d.txt:1", "no papers found"),
        ("", "d.txt:1", "no papers found"),
        ("前言\n\n" + GOOD, "d.txt:1", "belong to no paper"),
    ],
)
def test_located_skip(text, location, words):
    _, problems = parse_digest(text, "d.txt")
    assert len(problems) == 1
    assert problems[0].kind == SKIPPED and str(problems[0]).startswith(location + ": ")
    assert words in problems[0].message


def test_a_broken_paper_costs_only_itself():
    broken = "# Broken\n[pdf](https://arxiv.org/pdf/2408.00009)\n# faild to  read !!!!\n"
    text = GOOD + broken + GOOD.replace("00001", "00003").replace("Good", "Third")
    papers, problems = problems_of(text)
    assert [p.title for p in papers] == ["Good Paper", "Third Paper"]
    assert problems == [
        "d.txt:5: paper skipped: the generator failed to summarise 'Broken' (line 7: '# faild to  read !!!!'); "
        "summarise it again, or delete its lines"
    ]


def test_only_the_generators_own_failure_line_is_a_failure():
    text = "# Failed to Summarize? A Study of Summaries\n[pdf](https://arxiv.org/abs/2408.00005)\n### 方法\n正文\n"
    text += "### Failed to read the proof\n我们检查了证明。\n"
    papers, problems = problems_of(text)
    assert [p.title for p in papers] == ["Failed to Summarize? A Study of Summaries"] and problems == []


def test_a_paper_cited_in_the_text_is_not_the_papers_link_and_an_arxiv_link_beats_a_code_link():
    cited = "# Uses a Baseline\n### 方法\n- 基线：https://arxiv.org/abs/2301.00001\n"
    papers, _ = problems_of(cited)
    assert papers[0].arxiv_id == "" and "2301.00001" in papers[0].sections[0].markdown
    code_first = (
        "# Code First\n[code](https://github.com/a/b)\n[pdf](https://arxiv.org/abs/2408.00007)\n### 方法\n正文\n"
    )
    papers, problems = problems_of(code_first)
    assert papers[0].arxiv_id == "2408.00007" and problems == []


def test_another_sites_link_in_a_digest_without_arxiv_links_is_text_and_the_id_is_looked_up():
    papers, problems = problems_of("# On OpenReview\n[pdf](https://openreview.net/pdf?id=x)\n### 方法\n正文\n")
    assert [(p.arxiv_id, "openreview.net" in p.sections[0].markdown) for p in papers] == [("", True)] and problems == []


def test_a_paper_without_a_link_is_left_to_loading():
    papers, problems = problems_of("# No Link\n### 方法\n正文\n")
    assert [(p.title, p.arxiv_id, p.date) for p in papers] == [("No Link", "", None)] and problems == []


def test_a_paper_without_a_link_nothing_names_is_skipped_with_what_to_do(write_digest):
    path = write_digest("# paper: Linked Nowhere\n### 方法\n正文\n#   No Link Here\n### 方法\n正文\n")
    loaded = load_digests([str(path)], str(REGISTRY))
    assert loaded.papers == []
    assert [p.title for p in loaded.unresolved] == ["Linked Nowhere", "No Link Here"]
    assert [(str(p.location), p.kind) for p in loaded.problems] == [(f"{path}:1", SKIPPED), (f"{path}:4", SKIPPED)]
    assert "has no arXiv id" in loaded.problems[1].message and "invoke enrich" in loaded.problems[1].message


def test_in_a_digest_of_linked_papers_a_heading_without_a_link_stays_in_the_paper_above():
    text = (
        GOOD + "# A Closer Look at Sparsity\n稀疏性正文。\n# 项目地址\nhttps://github.com/a/b\n# Good Paper\n另一段。\n"
    )
    text += "# Limitations\n局限性。\n"
    papers, problems = parse_digest(text, "d.txt")
    assert [p.title for p in papers] == ["Good Paper"]
    assert [s.heading for s in papers[0].sections] == [
        "方法", "A Closer Look at Sparsity", "项目地址", "Good Paper", "Limitations",
    ]  # fmt: skip
    assert [(p.location.line, p.kind) for p in problems] == [(5, WARNING)]  # the echo of the title is no news
    assert "has no arXiv link under it" in problems[0].message


def test_a_paper_whose_link_line_was_forgotten_is_a_paper_of_its_own_not_part_of_the_one_above():
    second = "# Paper Two Without Link\n### 论文标题\n- 第二篇\n\n### 作者信息\n- Carol White, Dan Brown\n\n### 方法\n正文二\n"
    papers, problems = parse_digest(GOOD + second, "d.txt")
    assert [(p.title, p.arxiv_id, p.authors) for p in papers] == [
        ("Good Paper", "2408.00001", ()),
        ("Paper Two Without Link", "", ("Carol White", "Dan Brown")),
    ]  # the second waits for its id from the day's list, a stored record or invoke enrich
    assert problems == []


def test_a_bold_label_among_atx_headings_is_a_section_too():
    text = "# A Paper\n[pdf](https://arxiv.org/abs/2408.00002)\n**论文标题**\n- 粗体标签论文\n\n# **作者信息**\n"
    text += "- Alice Smith, Bob Jones\n\n**研究核心目标与问题**\n- 目标。\n"
    [paper], problems = parse_digest(text, "d.txt")
    assert (paper.title_zh, paper.authors) == ("粗体标签论文", ("Alice Smith", "Bob Jones"))
    assert [s.heading for s in paper.sections] == ["研究核心目标与问题"] and problems == []


def test_labelled_title_lines_give_the_chinese_title_and_what_else_is_there_is_reported():
    text = "# Segment Anything Two\n[pdf](https://arxiv.org/abs/2408.00003)\n### 论文标题\n- 英文标题：Segment Anything Two\n"
    text += "- 中文标题：分割一切二\n- Preprint\n\n### 方法\n正文\n"
    [paper], problems = parse_digest(text, "d.txt")
    assert paper.title_zh == "分割一切二" and paper.authors == () and paper.affiliations == ()
    assert [(p.location.line, p.kind) for p in problems] == [(6, WARNING)] and "'Preprint'" in problems[0].message


def test_invalid_date_in_file_name_is_a_warning_and_the_papers_publish():
    papers, problems = parse_digest(GOOD, "2024-13-40.txt")
    assert len(papers) == 1 and papers[0].date.isoformat() == "2024-08-01"
    assert [(str(p), p.kind) for p in problems] == [
        ("2024-13-40.txt:1: '2024-13-40' in the file name is not a real date; the papers are dated without it", WARNING)
    ]


def test_the_second_of_one_id_in_one_digest_is_skipped_naming_the_first(write_digest):
    path = write_digest(GOOD + GOOD)
    papers, problems = load_papers([str(path)], str(REGISTRY))
    problems = without_registry(problems)
    assert len(papers) == 1 and papers[0].source.line == 1
    assert [(str(p), p.kind) for p in problems] == [
        (
            f"{path}:5: paper skipped: arXiv 2408.00001 is already a paper at {path}:1 of this digest; "
            "delete one of the two",
            SKIPPED,
        )
    ]


def test_one_id_in_two_digests_publishes_from_the_later_with_a_warning_naming_both(write_digest):
    first = write_digest(GOOD, "2024-08-01.txt")
    second = write_digest("\n\n" + GOOD.replace("正文", "另一段正文"), "2024-08-02.txt")
    papers, problems = load_papers([str(first.parent)], str(REGISTRY))
    problems = without_registry(problems)
    assert [str(p.source) for p in papers] == [f"{second}:3"]
    assert [(str(p), p.kind) for p in problems] == [
        (
            f"{first}:1: arXiv 2408.00001 is also at {second}:3, a later digest, whose text differs: it is "
            "published from there; delete one of the two to silence this warning",
            WARNING,
        )
    ]


def test_the_same_day_twice_with_the_same_text_is_one_quiet_note(write_digest):
    two = GOOD + GOOD.replace("00001", "00002").replace("Good", "Other")
    seed = write_digest(two, "000_seed.txt")  # no date: dated by the arXiv month, so the dated copy is later
    copy = write_digest(two, "2024-08-02.md")
    papers, problems = load_papers([str(seed.parent)], str(REGISTRY))
    problems = without_registry(problems)
    assert sorted(p.source.path for p in papers) == [str(copy)] * 2
    assert [(str(p), p.kind) for p in problems] == [
        (f"{seed}: 2 paper(s) are also in {copy} with the same text: published once, from there", NOTE)
    ]


def test_invalid_utf8_skips_the_file_and_the_others_load(write_digest):
    path = write_digest(GOOD.encode() + b"\n\xff\xfe broken\n")
    other = write_digest(GOOD.replace("00001", "00005"), "other.txt")
    papers, problems = load_papers([str(path.parent)], str(REGISTRY))
    problems = without_registry(problems)
    assert [p.arxiv_id for p in papers] == ["2408.00005"] and str(other) == papers[0].source.path
    assert [(str(p), p.kind) for p in problems] == [
        (f"{path}:6: digest skipped: not valid UTF-8 (byte 0xff at column 1); re-save the file as UTF-8", SKIPPED)
    ]


def test_strict_turns_every_skip_into_an_error():
    _, problems = parse_digest(
        GOOD + "# Failed\n[pdf](https://arxiv.org/pdf/2408.00002)\n# faild to  read !!!!\n", "d.txt"
    )
    assert [p.kind for p in problems] == [SKIPPED]
    assert [p.kind for p in strictly(problems)] == [ERROR]


def test_missing_path_and_empty_folder(tmp_path):
    _, problems = load_papers([str(tmp_path / "nope.txt")], str(REGISTRY))
    assert [str(p) for p in problems] == [f"{tmp_path / 'nope.txt'}: no such file or folder"]
    (tmp_path / "empty").mkdir()
    _, problems = load_papers([str(tmp_path / "empty")], str(REGISTRY))
    assert "no digest files" in str(problems[0]) and problems[0].fatal


def test_unknown_raw_tags_stay_as_keywords_and_are_reported_in_one_line(write_digest):
    path = write_digest(
        GOOD.replace("### 方法", "### 论文标签\n- 挂毯编织学, Tapestry Weaving, 计算机视觉\n\n### 方法")
    )
    loaded = load_digests([str(path)], str(REGISTRY))
    (paper,) = loaded.papers
    assert [t.slug for t in paper.tags] == ["computer-vision"]
    assert paper.keywords == ("挂毯编织学", "Tapestry Weaving")  # the topic's own label is not repeated
    assert [(str(raw.location), raw.text) for raw in loaded.unmapped] == [
        (f"{path}:4", "挂毯编织学"),
        (f"{path}:4", "Tapestry Weaving"),
    ]
    assert [(p.message, p.kind) for p in loaded.problems] == [
        ("2 raw tag(s) map to no topic (shown as keywords only); `invoke tags` lists them", NOTE),
    ]
    assert loaded.problems[0].location.path == str(REGISTRY)
