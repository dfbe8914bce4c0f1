"""Where digests live: found at any depth, dated by file name or folders, paper lists found beside them."""

import datetime as dt
import json

import pytest

from paper_digest.digest.identity import resolve_ids
from paper_digest.digest.layout import date_of_folders, day_list_files, digest_date, digest_files, read_day_list
from paper_digest.digest.parse import parse_digest


def test_digests_are_found_at_any_depth_and_other_files_are_not(tmp_path):
    for name in ("2024/08/summary_info/2024-08-01.md", "2024/08/summary_info/2024-08-02.md", "flat.txt",
                 "2024/08/paper_info/2024-08-01.json", "README.md", "README_zh.md", "docs/CHANGELOG.md", ".git/x.md",
                 "2024/.hidden.md", "notes.rst", "requirements.txt", "tools/prompt.md", "LICENSE.txt"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found, problems = digest_files([str(tmp_path)])
    assert [p.removeprefix(str(tmp_path) + "/") for p in found] == [
        "flat.txt",
        "2024/08/summary_info/2024-08-01.md",
        "2024/08/summary_info/2024-08-02.md",
    ]
    assert problems == []
    by_glob, _ = digest_files([str(tmp_path / "**" / "*.md")])
    assert [p.removeprefix(str(tmp_path) + "/") for p in by_glob] == [
        "2024/08/summary_info/2024-08-01.md",
        "2024/08/summary_info/2024-08-02.md",
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("seeds/2024/08/summary_info/2024-08-01.md", (dt.date(2024, 8, 1), True, [])),
        ("seeds/2024-08-01-x.txt", (dt.date(2024, 8, 1), True, [])),
        ("seeds/2024-07-01_summary_info.md", (dt.date(2024, 7, 1), True, [])),
        ("seeds/2024/08/summary_info/daily.md", (dt.date(2024, 8, 1), False, [])),
        ("seeds/2024/08/15/daily.md", (dt.date(2024, 8, 15), True, [])),
        ("seeds/2024-08-15/daily.md", (dt.date(2024, 8, 15), True, [])),
        ("seeds/000_263217c7a4351fe0.txt", (None, False, [])),
        (
            "seeds/2024/09/2024-02-30.md",
            (dt.date(2024, 9, 1), False, ["'2024-02-30' in the file name is not a real date"]),
        ),
    ],
)
def test_the_date_comes_from_the_file_name_else_the_folders(path, expected):
    assert digest_date(path) == expected


def test_the_nearest_folders_give_the_date_and_none_further_up():
    assert date_of_folders("/home/2019/03/projects/seeds/2024/08/daily.md") == (dt.date(2024, 8, 1), False)
    assert date_of_folders("/home/ci/2024/10/site/seeds/000_x.txt") == (None, False)


def test_a_file_that_cannot_be_read_is_skipped(tmp_path):
    from paper_digest.digest.load import load_papers
    from support import REGISTRY

    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "2024-08-01.md").write_text("# A\n[pdf](https://arxiv.org/abs/2408.00001)\n正文\n", encoding="utf-8")
    papers, problems = load_papers([str(tmp_path)], str(REGISTRY))
    problems = [problem for problem in problems if problem.location.path != str(REGISTRY)]  # papers without topic
    assert [p.arxiv_id for p in papers] == ["2408.00001"]
    assert [(p.kind, p.message.split(" (")[0]) for p in problems] == [("skipped", "digest skipped: cannot be read")]


def write_list(path, papers):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{"title": t, "link": f"/papers/{i}", "arxiv_url": f"https://arxiv.org/abs/{i}",
                                 "arxiv_pdf_url": f"https://arxiv.org/pdf/{i}", "arxiv_id": i} for t, i in papers]),
                    encoding="utf-8")  # fmt: skip


def test_the_days_paper_list_is_found_beside_or_above_the_digest(tmp_path):
    digest = tmp_path / "seeds" / "2024" / "08" / "summary_info" / "2024-08-01.md"
    digest.parent.mkdir(parents=True)
    write_list(tmp_path / "seeds" / "2024" / "08" / "paper_info" / "2024-08-01.json", [("A", "2408.00001")])
    write_list(tmp_path / "seeds" / "2024" / "08" / "paper_info" / "2024-08-02.json", [("B", "2408.00002")])
    old = tmp_path / "seeds" / "2024-07-01_summary_info.md"
    write_list(tmp_path / "seeds" / "2024-07-01_paper_info.json", [("C", "2407.00003")])
    roots = [str(tmp_path / "seeds")]
    assert [p.name for p in day_list_files(str(digest), roots)] == ["2024-08-01.json"]
    assert [p.name for p in day_list_files(str(old), roots)] == ["2024-07-01_paper_info.json"]
    assert [p.name for p in day_list_files(str(digest), [str(digest)])] == ["2024-08-01.json"]  # given alone
    assert day_list_files(str(tmp_path / "seeds" / "undated.md"), roots) == []


def test_titles_match_after_case_width_space_and_punctuation_and_a_bad_list_is_a_warning(tmp_path):
    digest = tmp_path / "2024-08-01.md"
    write_list(tmp_path / "2024-08-01.json", [("µ-Bench: A Vision–Language Benchmark", "2408.00009")])
    (tmp_path / "2024-08-01-broken.json").write_text("{not json", encoding="utf-8")
    papers, _ = parse_digest("# paper:  Μ-BENCH  a vision-language benchmark\n### 方法\n正文\n", str(digest))
    resolved, problems, unresolved = resolve_ids(papers, str(digest), [str(tmp_path)])
    assert [(p.arxiv_id, p.date) for p in resolved] == [("2408.00009", dt.date(2024, 8, 1))] and unresolved == []
    assert [p.kind for p in problems] == ["warning"] and "not a readable paper list" in problems[0].message


def test_a_list_that_is_not_the_generators_is_ignored(tmp_path):
    path = tmp_path / "2024-08-01.json"
    path.write_text(json.dumps({"papers": []}), encoding="utf-8")
    ids, problems = read_day_list(path)
    assert ids == {} and "not a paper list" in problems[0].message
