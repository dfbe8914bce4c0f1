"""Bad digests give located problems; nothing is skipped silently."""

import pytest

from paper_digest.digest.load import load_papers
from paper_digest.digest.parse import parse_digest
from support import REGISTRY

GOOD = "# Good Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00001)\n### 方法\n正文\n"


def problems_of(text, path="d.txt"):
    papers, problems = parse_digest(text, path)
    return papers, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        ("# No Link\n### 方法\n正文\n", "d.txt:1", "no arXiv link"),
        ("# Not arXiv\n[pdf](https://example.org/paper.pdf)\n### 方法\n正文\n", "d.txt:2", "not an arXiv paper URL"),
        ("# Bad month\n[pdf](https://arxiv.org/abs/2413.00001)\n### 方法\n正文\n", "d.txt:2", "not an arXiv paper URL"),
        ("# Empty\n[pdf](https://arxiv.org/abs/2408.00002)\n\n", "d.txt:1", "no summary"),
        ("#   \n[pdf](https://arxiv.org/abs/2408.00002)\n正文\n", "d.txt:1", "empty '# ' heading"),
        ("只是一段话。\n", "d.txt:1", "no papers found"),
        ("", "d.txt:1", "no papers found"),
        ("前言\n\n" + GOOD, "d.txt:1", "belongs to no paper"),
    ],
)
def test_located_problem(text, location, words):
    _, problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith(location + ": ")
    assert words in problems[0]


def test_every_heading_is_a_paper_or_a_problem():
    text = GOOD + "# Second\n### 方法\n正文\n" + GOOD.replace("00001", "00003").replace("Good", "Third")
    papers, problems = problems_of(text)
    assert [p.title for p in papers] == ["Good Paper", "Third Paper"]
    assert problems == [
        "d.txt:5: paper 'Second' has no arXiv link: add a line "
        "'[arxiv_pdf_url](https://arxiv.org/pdf/ID)' right after the title"
    ]


def test_invalid_date_in_file_name():
    _, problems = problems_of(GOOD, path="2024-13-40.txt")
    assert problems == ["2024-13-40.txt:1: the date in the file name is not a real date; rename the file"]


def test_duplicate_within_a_digest_names_both_places(write_digest):
    path = write_digest(GOOD + GOOD)
    papers, problems = load_papers([str(path)], str(REGISTRY))
    assert len(papers) == 1
    assert [str(p) for p in problems] == [
        f"{path}:5: arXiv 2408.00001 is already a paper at {path}:1; keep one of the two"
    ]


def test_duplicate_across_digests_names_both_places(write_digest):
    first = write_digest(GOOD, "2024-08-01.txt")
    second = write_digest("\n\n" + GOOD.replace("Good Paper", "Same again"), "2024-08-02.txt")
    papers, problems = load_papers([str(first.parent)], str(REGISTRY))
    assert len(papers) == 1
    assert [str(p) for p in problems] == [
        f"{second}:3: arXiv 2408.00001 is already a paper at {first}:1; keep one of the two"
    ]


def test_invalid_utf8_is_located(write_digest):
    path = write_digest(GOOD.encode() + b"\n\xff\xfe broken\n")
    papers, problems = load_papers([str(path)], str(REGISTRY))
    assert papers == []
    assert [str(p) for p in problems] == [
        f"{path}:6: not valid UTF-8 (byte 0xff at column 1); re-save the file as UTF-8"
    ]


def test_missing_path_and_empty_folder(tmp_path):
    _, problems = load_papers([str(tmp_path / "nope.txt")], str(REGISTRY))
    assert [str(p) for p in problems] == [f"{tmp_path / 'nope.txt'}: no such file or folder"]
    (tmp_path / "empty").mkdir()
    _, problems = load_papers([str(tmp_path / "empty")], str(REGISTRY))
    assert "no digest files" in str(problems[0])


def test_unknown_tag_is_kept_and_reported(write_digest):
    path = write_digest(GOOD.replace("### 方法", "### 论文标签\n- 量子计算, Graph Neural Networks\n\n### 方法"))
    papers, problems = load_papers([str(path)], str(REGISTRY))
    assert [(t.slug, t.zh) for t in papers[0].tags] == [
        ("tag-" + papers[0].tags[0].slug[4:], "量子计算"),
        ("graph-neural-networks", "Graph Neural Networks"),
    ]
    assert all(not p.fatal for p in problems)
    assert [str(p).split(":")[:2] for p in problems] == [[str(path), "4"], [str(path), "4"]]
    assert "not in the tag registry" in str(problems[0])
