"""A daily generator's real output, in its own shapes (tests/fixtures/generator, written for these tests):
its folder layout, failed summaries, level-1 section headings, link-less older days, LaTeX and markers in
author lines, label prefixes, the same day twice. Everything it summarised publishes; the rest is reported."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from arxiv_server import ArxivServer, entry

from paper_digest.commands.sites import build_all
from paper_digest.digest.load import load_digests
from paper_digest.problems import NOTE, SKIPPED, WARNING, DigestError
from support import REGISTRY, ROOT, invoke, site_overrides, soup

FIXTURES = ROOT / "tests" / "fixtures" / "generator"
WEEK, MONTH = FIXTURES / "week", FIXTURES / "month"
DAY = WEEK / "2024" / "08" / "summary_info" / "2024-08-05.md"
FAILED_LINE = "2024-08-05.md:30: paper skipped: the generator failed to summarise 'Medical Gaussian Fields"
EMPTY_LINE = "2024-08-06.md:54: paper skipped: 'Sparse Autoencoders Find Interpretable Circuits' has no summary"
MARKUP = re.compile(r"[$^\\{}*∗†‡§]|^\d|\d$")


@pytest.fixture
def build(tmp_path):
    """Both languages of the given digest paths, with the project's theme; returns (output, reports)."""

    def run(*paths, **settings):
        overrides = site_overrides(tmp_path, *paths, PAPER_DIGEST_SEARCH=False, **settings)
        return Path(overrides["OUTPUT_PATH"]), build_all(str(ROOT / "pelicanconf.py"), overrides)

    return run


def test_a_week_in_the_generators_layout_publishes_every_summarised_paper(build):
    output, reports = build(WEEK)
    published = sorted(p.name for p in (output / "papers").iterdir())
    assert published == ["2408.01001", "2408.01003", "2408.02001", "2408.02002", "2408.02003", "2408.02004"]
    assert all((output / "en" / "papers" / arxiv_id / "index.html").exists() for arxiv_id in published)
    skipped = [str(problem) for problem in reports[0].skipped]
    assert [line.split("summary_info/")[1][: len(FAILED_LINE)] for line in skipped] == [
        FAILED_LINE,
        EMPTY_LINE[: len(FAILED_LINE)],
    ]
    assert all(problem.kind == SKIPPED for problem in reports[0].skipped)
    dated = soup(output / "papers" / "2408.01001" / "index.html").find("time")["datetime"]
    assert dated == "2024-08-05"  # the day from the file name, in the generator's folders


def test_level_1_section_headings_stay_in_their_paper(build):
    output, _ = build(WEEK)
    page = soup(output / "papers" / "2408.01003" / "index.html")
    assert page.h1.get_text() == "通过结构化辩论构建稳健的奖励模型"
    assert [h.get_text() for h in page.select(".paper-section h2")] == [
        "研究核心目标与问题", "采用方法与技术", "实验设计与主要发现", "结论及对未来研究的意义", "关键图表与数据",
    ]  # fmt: skip
    assert [a.get_text() for a in page.select(".paper-header .tags a")] == ["强化学习", "对齐与偏好学习"]  # topics
    assert [a.get_text() for a in page.select(".paper-header .keywords a")] == ["奖励模型", "对齐"]  # as written


def test_author_lines_reach_citations_without_markup_markers_or_indices(build):
    output, _ = build(WEEK)
    page = soup(output / "papers" / "2408.01001" / "index.html")
    cited = [m["content"] for m in page.select("meta[name=citation_author]")]
    assert cited == ["陈鹏程", "文嘉欣", "Yixin Liu", "Ilia Kulikov", "张文琪"]
    ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [person["name"] for person in ld["author"]] == cited
    assert "Yale University" in page.select_one(".affiliations").get_text()
    assert "清华大学" in page.select_one(".affiliations").get_text()
    assert page.h1.get_text() == "稀疏格点Transformer：面向长视频理解"  # no '论文标题：' prefix
    for arxiv_id in ("2408.01001", "2408.01003", "2408.02003"):
        for prefix in ("", "en"):
            page = soup(output / prefix / "papers" / arxiv_id / "index.html")
            names = [m["content"] for m in page.select("meta[name=citation_author]")]
            names += [
                p["name"] for p in json.loads(page.select_one('script[type="application/ld+json"]').string)["author"]
            ]
            bibtex = page.select_one(".cite code").get_text()
            assert names and not [name for name in names if MARKUP.search(name)], (prefix, arxiv_id, names)
            assert not re.search(r"[$^∗†‡§]|\\\*", bibtex.split("title")[0]), bibtex


def test_a_code_link_is_shown_in_both_languages_and_never_an_author(build):
    output, _ = build(WEEK)
    for prefix, label in (("", "代码"), ("en", "Code")):
        page = soup(output / prefix / "papers" / "2408.01001" / "index.html")
        links = {a.get_text(): a["href"] for a in page.select(".paper-header .meta a")}
        assert links[label] == "https://github.com/example/sparse-lattice"
        ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert ld["codeRepository"] == "https://github.com/example/sparse-lattice"
        assert "github" not in page.select_one(".authors").get_text().lower()
    project = soup(output / "en" / "papers" / "2408.02003" / "index.html")
    assert {a.get_text(): a["href"] for a in project.select(".paper-header .meta a")}["Project page"] == (
        "https://compact-fields.example.org"
    )


def test_publish_strict_refuses_a_skipped_paper_and_inspect_says_so(build):
    with pytest.raises(DigestError) as error:
        build(WEEK, PAPER_DIGEST_STRICT=True)
    assert FAILED_LINE in str(error.value).replace(str(DAY.parent) + "/", "")
    inspected = invoke("inspect", str(WEEK.relative_to(ROOT)))
    assert inspected.returncode == 1
    assert f"tests/fixtures/generator/week/2024/08/summary_info/{FAILED_LINE}" in inspected.stderr
    assert len(json.loads(inspected.stdout)) == 6


def test_the_same_day_twice_publishes_once_from_the_later_digest(tmp_path, build):
    seeds = tmp_path / "seeds"
    shutil.copytree(WEEK, seeds / "2024")  # the generator's copy of its days…
    flat = seeds / "0001_copy.md"
    flat.write_text(DAY.read_text(encoding="utf-8"), encoding="utf-8")  # …and a flat copy of one, undated
    loaded = load_digests([str(seeds)], str(REGISTRY))
    assert len({p.arxiv_id for p in loaded.papers}) == len(loaded.papers) == 6
    notes = [p for p in loaded.problems if p.kind == NOTE]
    assert [(str(p.location), p.message.split(" with ")[0]) for p in notes] == [
        (str(flat), f"2 paper(s) are also in {seeds / '2024/2024/08/summary_info/2024-08-05.md'}")
    ]
    flat.write_text(DAY.read_text(encoding="utf-8").replace("4.2个百分点", "4.3个百分点"), encoding="utf-8")
    loaded = load_digests([str(seeds)], str(REGISTRY))
    warned = [p for p in loaded.problems if p.kind == WARNING and "also at" in p.message]
    assert [p.location.line for p in warned] == [2] and "whose text differs" in warned[0].message
    assert [p.kind for p in loaded.problems if str(flat) in str(p.location) and "2408.01003" in p.message] == []
    output, reports = build(seeds)
    assert sorted(p.name for p in (output / "papers").iterdir()) == sorted(p.arxiv_id for p in loaded.papers)


def arxiv_records() -> dict:
    """What arXiv answers for the month: the exact titles, with look-alikes that relevance lists first."""
    found = [
        ("2407.00001", "Graph Diffusion Policies for Robot Assembly"),
        ("2407.00099", "Revisiting Graph Diffusion Policies for Robot Assembly"),  # listed first, never taken
        ("2407.00050", "Lightweight Vision Tokenizers: A Survey"),  # the closest to a title arXiv lacks
        ("2407.00201", "Token Budgets for Chain-of-Thought Reasoning"),
        ("2407.00202", "Federated Evaluation of Medical Foundation Models"),
        ("2407.00300", "Quantized Diffusion Samplers"),
    ]
    categories = {"2407.00001": ["cs.RO", "cs.LG"], "2407.00202": ["eess.IV", "cs.CV"], "2407.00201": ["cs.CL"]}
    return {
        i: entry(i, title, [("Ann Lee", "MIT")], "2024-07-01", categories=categories.get(i, ["cs.LG"]))
        for i, title in found
    }


def enrich(url, records, *extra):
    command = [sys.executable, "-m", "invoke", "enrich", "--url", url, "--seeds", str(MONTH), "--records",
               str(records), "--delay", "0", *extra]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_link_less_month_publishes_after_enrich_never_under_a_look_alikes_id(tmp_path, build):
    records = tmp_path / "arxiv"
    records.mkdir()
    stored = arxiv_records()["2407.00300"]  # a paper whose record is already stored: its title names its id
    (records / "2407.00300.toml").write_text(
        f'arxiv_id = "2407.00300"\nversion = 1\ntitle = "{stored["title"]}"\npublished = 2024-07-01\n'
        'updated = 2024-07-01\nabstract = "x"\nprimary_category = "cs.LG"\n[[authors]]\nname = "Dana Reyes"\n',
        encoding="utf-8",
    )
    before = load_digests([str(MONTH)], str(REGISTRY), known_title=__import__(
        "paper_digest.metadata.titles", fromlist=["KnownTitles"]).KnownTitles(records))  # fmt: skip
    assert sorted(p.title for p in before.unresolved) == ["Graph Diffusion Policies for Robot Assembly",
                                                          "Lightweight Vision Tokenizers"]  # fmt: skip
    assert sorted(p.arxiv_id for p in before.papers) == ["2407.00201", "2407.00202", "2407.00300"]

    with ArxivServer(arxiv_records(), faults={1: 503}) as server:
        run = enrich(server.url, records)
        assert run.returncode == 0, run.stderr
        searches = [ids[0] for _, ids in server.requests if ids and ids[0].startswith("ti:")]
        assert searches == [
            'ti:"graph diffusion policies for robot assembly"',  # asked again after the 503
            'ti:"graph diffusion policies for robot assembly"',
            'ti:"lightweight vision tokenizers"',
        ]
        assert "2024-07-01_summary_info.md:2: 'Graph Diffusion Policies for Robot Assembly' is arXiv 2407.00001" in (
            run.stdout
        )
        assert (
            "2024-07-01_summary_info.md:15: arXiv gave no single paper titled 'Lightweight Vision Tokenizers'"
            in run.stderr
        )
        assert "the closest is 'Lightweight Vision Tokenizers: A Survey' (2407.00050), not taken" in run.stderr
        asked = len(server.requests)
        rerun = enrich(server.url, records)
        assert rerun.returncode == 0 and len(server.requests) == asked  # answers and misses remembered
        refreshed = enrich(server.url, records, "--refresh")
        assert refreshed.returncode == 0
        again = [ids[0] for _, ids in server.requests[asked:] if ids and ids[0].startswith("ti:")]
        assert sorted(again) == [
            'ti:"graph diffusion policies for robot assembly"',
            'ti:"lightweight vision tokenizers"',
        ]
    assert not (records / "2407.00099.toml").exists() and (records / "2407.00001.toml").exists()
    answers = (records / "titles.toml").read_text(encoding="utf-8")
    assert (
        'arxiv_id = "2407.00001"' in answers
        and "note = \"the closest is 'Lightweight Vision Tokenizers: A Survey'" in answers
    )

    output, reports = build(MONTH, PAPER_DIGEST_ARXIV=str(records))
    published = sorted(p.name for p in (output / "papers").iterdir())
    assert published == ["2407.00001", "2407.00201", "2407.00202", "2407.00300"]
    page = soup(output / "papers" / "2407.00001" / "index.html")
    assert page.h1.get_text() == "面向机器人装配的图扩散策略"
    assert [m["content"] for m in page.select("meta[name=citation_author]")] == ["Ann Lee"]  # arXiv's list
    assert "Bozhong Tian, Xiaozhuan Liang" in page.select_one(".authors").get_text()  # the digest's, on the page
    skipped = [str(problem) for problem in reports[0].skipped]
    assert len(skipped) == 2
    assert "2024-07-01_summary_info.md:15: paper skipped: 'Lightweight Vision Tokenizers' has no arXiv id" in skipped[0]
    assert "the closest is 'Lightweight Vision Tokenizers: A Survey' (2407.00050), not taken" in skipped[0]
    assert "the generator failed to summarise 'Magic Brush: Style-Aware Editing'" in skipped[1]
    # Each paper is listed on its primary arXiv category's page in both languages, named in each.
    primary = {"2407.00001": "cs.RO", "2407.00201": "cs.CL", "2407.00202": "eess.IV", "2407.00300": "cs.LG"}
    named = {("", "cs.RO"): "机器人学", ("en", "cs.RO"): "Robotics", ("", "eess.IV"): "图像与视频处理",
             ("en", "eess.IV"): "Image and Video Processing"}  # fmt: skip
    for prefix in ("", "en"):
        for arxiv_id, code in primary.items():
            listing = soup(output / prefix / "category" / code / "index.html")
            assert any(a["href"] == f"../../papers/{arxiv_id}/" for a in listing.select("a[href]")), (prefix, code)
            if (prefix, code) in named:
                assert named[prefix, code] in listing.h1.get_text() and code in listing.h1.get_text()
            assert (output / prefix / "feeds" / "category" / f"{code}.atom.xml").exists()
    assert "arXiv 分类" in soup(output / "category" / "cs.RO" / "index.html").h1.get_text()
