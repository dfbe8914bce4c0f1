"""The benchmark keeps working: a tiny run of every system, and a generator that mirrors the seed."""

import re
import sys

import pytest

from support import REGISTRY, ROOT, invoke

pytestmark = pytest.mark.slow

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate, load_templates  # noqa: E402

from paper_digest.digest.load import load_papers  # noqa: E402
from paper_digest.translation.translate import coverage, plan  # noqa: E402

LINE = re.compile(
    r"^papers=20 ours_s=[\d.]+ warm_s=[\d.]+ edit_s=[\d.]+ pelican_s=[\d.]+ pelican_pagefind_s=[\d.]+ "
    r"hugo_s=[\d.]+ hugo_pagefind_s=[\d.]+ vs_pelican_pagefind=[\d.]+ vs_hugo_pagefind=[\d.]+ peak_rss_mb=\d+$"
)


def test_bench_runs_every_system_at_a_tiny_size():
    result = invoke("bench", "--papers", "20", "--repeat", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert LINE.match(lines[-1]), lines[-1]
    rows = {
        row.split("|")[1].strip(): row.split("|")[2:-1] for row in lines if row.startswith("| ") and "---" not in row
    }
    assert set(rows) == {"system", "ours", "warm", "ours without search index", "pelican", "pelican + pagefind",
                         "hugo", "hugo + pagefind", "edit"}  # fmt: skip
    for name in ("ours", "warm", "pelican", "pelican + pagefind", "hugo", "hugo + pagefind"):
        _, spread, pages, _ = rows[name]
        assert len(spread.split("–")) == 2, rows[name]  # two runs each, fastest–slowest
        assert int(pages) > 40, rows[name]  # both languages of every paper, at least


def test_generator_is_deterministic_and_mirrors_the_seed(tmp_path):
    first = generate(40, tmp_path / "a")
    second = generate(40, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)

    papers, problems = load_papers([str(first.seeds)], str(REGISTRY))
    assert [p for p in problems if p.fatal] == [] and len(papers) == 40
    templates = load_templates()
    by_template = {}
    for paper in papers:
        k = int(paper.arxiv_id.split(".")[1]) - 1
        by_template.setdefault(k % len(templates), []).append(paper)
    assert len(by_template) == len(templates) == 17  # every seed layout recurs
    for index, copies in by_template.items():
        template = templates[index].paper
        for paper in copies:
            assert [s.heading for s in paper.sections] == [s.heading for s in template.sections]
            assert [len(s.markdown) for s in paper.sections] == [len(s.markdown) for s in template.sections]
            assert paper.sections != template.sections  # the text differs
    plans, glossary, problems = plan(papers, first.memory)
    assert problems == [] and coverage(plans, glossary).missing == 0
    assert len(list((first.markdown / "en").glob("*.md"))) == len(list((first.markdown / "zh").glob("*.md"))) == 40
    assert second.papers == 40


def test_the_warm_edit_changes_one_paper_summary(tmp_path):
    from run import touch_one_paper

    corpus = generate(40, tmp_path / "corpus")
    before, _ = load_papers([str(corpus.seeds)], str(REGISTRY))
    mark, arxiv_id = touch_one_paper(corpus.seeds)
    after, _ = load_papers([str(corpus.seeds)], str(REGISTRY))
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert old.tags == new.tags and old.title == new.title and new.arxiv_id == arxiv_id  # the page edit_s watches
    assert any(mark in s.markdown for s in new.sections), mark
