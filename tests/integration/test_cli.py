"""The maintainer's commands: `invoke inspect` and `invoke build`, on good and bad digests."""

import json
import re

import pytest

from support import ROOT, SEEDS, invoke

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

KEYS = {
    "arxiv_id",
    "title",
    "title_zh",
    "authors",
    "affiliations",
    "tags",
    "keywords",
    "date",
    "source",
    "code_url",
    "sections",
}


def test_inspect_lists_the_seed_papers():
    result = invoke("inspect", "seeds/000_263217c7a4351fe0.txt")
    assert result.returncode == 0, result.stderr
    papers = json.loads(result.stdout)
    assert len(papers) == 17
    assert all(set(p) == KEYS for p in papers)
    sam = next(p for p in papers if p["arxiv_id"] == "2408.00714")
    assert sam["source"] == "seeds/000_263217c7a4351fe0.txt:2"
    assert sam["date"] == "2024-08-01"
    assert sam["tags"][0] == {"slug": "computer-vision", "zh": "计算机视觉", "en": "Computer Vision"}
    assert sam["sections"][0]["heading"] == "研究核心目标与问题"
    assert sam["sections"][0]["markdown"].startswith("本文旨在解决")
    lines = result.stderr.splitlines()  # the seed's three e-mail addresses, and nothing else
    assert [line.split(": e-mail address ")[0] for line in lines] == [
        f"warning: seeds/000_263217c7a4351fe0.txt:{n}" for n in (147, 185, 347)
    ]
    lines = [int(p["source"].rsplit(":", 1)[1]) for p in papers]
    assert lines == sorted(lines)  # in the order of the file, not by date


def test_build_says_one_line_per_language_with_paths_as_typed(tmp_path):
    result = invoke("build", "--seeds", str(SEEDS.resolve()), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"zh-CN: 17 papers, \d+ topics, written in [\d.]+ s\nen: 17 papers, \d+ topics, written in [\d.]+ s\n",
                        result.stdout)  # fmt: skip
    assert "Done: Processed" not in result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING: ")]
    assert warnings and all(line.startswith("WARNING: seeds/000_263217c7a4351fe0.txt:") for line in warnings)
    assert str(ROOT) not in result.stderr


def test_help_shows_values_and_the_same_short_flags_everywhere():
    translate = invoke("--help", "translate").stdout
    assert "-t STRING, --timeout=STRING" in translate and "-w STRING, --wait=STRING" in translate
    for task in ("build", "publish", "gh-pages", "translate"):
        shown = invoke("--help", task).stdout
        assert "-s STRING, --seeds=STRING" in shown, task
    for task in ("publish", "gh-pages"):
        shown = invoke("--help", task).stdout
        assert "-o STRING, --output=STRING" in shown and "-i STRING, --siteurl=STRING" in shown, task


def test_inspect_takes_a_folder_and_a_glob():
    by_folder = invoke("inspect", "seeds")
    by_glob = invoke("inspect", "seeds/*.txt")
    assert by_folder.returncode == by_glob.returncode == 0
    assert json.loads(by_folder.stdout) == json.loads(by_glob.stdout)


BAD = "# No Link Here\n### 方法\n正文\n"
GOOD = "# A Good Paper\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)\n### 方法\n正文。\n"
FAILED = "# A Failed Summary\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.00715)\n# faild to  read !!!!\n"


@pytest.mark.parametrize("command", ["inspect", "build"])
def test_a_digest_with_nothing_to_publish_exits_non_zero_with_a_located_message(tmp_path, command):
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    args = (
        ["inspect", str(bad)]
        if command == "inspect"
        else ["build", "--seeds", str(bad), "--output", str(tmp_path / "out")]
    )
    result = invoke(*args)
    assert result.returncode == 1
    assert f"{bad}:1: paper skipped: 'No Link Here' has no arXiv id" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ("[]\n" if command == "inspect" else "")
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_broken_paper_is_skipped_and_reported_while_the_rest_publish(tmp_path):
    digest = tmp_path / "2024-08-02.md"
    digest.write_text(GOOD + FAILED, encoding="utf-8")
    result = invoke("build", "--seeds", str(digest), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("zh-CN: 1 papers")
    line = f"{digest}:5: paper skipped: the generator failed to summarise 'A Failed Summary'"
    assert result.stderr.count(line) == 2  # when it happens, and again at the end of the run
    assert result.stderr.rstrip().splitlines()[-1].strip().startswith(line)
    assert (tmp_path / "out" / "papers" / "2408.00714" / "index.html").exists()
    assert not (tmp_path / "out" / "papers" / "2408.00715").exists()

    strict = invoke("build", "--seeds", str(digest), "--output", str(tmp_path / "out"), "--strict")
    assert strict.returncode == 1 and line in strict.stderr and strict.stdout == ""
    inspected = invoke("inspect", str(digest))
    assert inspected.returncode == 1 and line in inspected.stderr
    assert [paper["arxiv_id"] for paper in json.loads(inspected.stdout)] == ["2408.00714"]


def test_not_utf8_exits_non_zero(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("# Café\n".encode("latin-1"))
    result = invoke("inspect", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1: digest skipped: not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_writes_the_site(tmp_path):
    result = invoke("build", "--seeds", str(SEEDS), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "papers" / "2408.00714" / "index.html").exists()
    assert "Traceback" not in result.stderr


UNTRANSLATED = "# New Paper\n[pdf](https://arxiv.org/abs/2409.00001)\n### 方法\n全新的句子。\n"


def test_preview_warns_and_strict_publish_refuses_untranslated_papers(tmp_path):
    digest = tmp_path / "2024-09-02.txt"
    digest.write_text(UNTRANSLATED, encoding="utf-8")
    preview = invoke("build", "--seeds", str(digest), "--output", str(tmp_path / "preview"))
    assert preview.returncode == 0, preview.stderr
    assert "English pending for 1 paper(s)" in preview.stderr and "2409.00001 (1)" in preview.stderr
    assert (tmp_path / "preview" / "en" / "papers" / "2409.00001" / "index.html").exists()

    production = invoke(
        "publish",
        "--siteurl",
        "https://example.github.io/digest",
        "--seeds",
        str(digest),
        "--output",
        str(tmp_path / "prod"),
        "--strict",
    )
    assert production.returncode == 1
    assert f"{digest}:1: paper 2409.00001 has 1 untranslated segment(s): run 'invoke translate'" in production.stderr
    assert "Traceback" not in production.stderr
    assert production.stdout == ""  # no success line before the failure


def test_control_characters_are_located(tmp_path):
    bad = tmp_path / "ctl.txt"
    bad.write_text("# Title\n[pdf](https://arxiv.org/abs/2408.00001)\n### 方法\n正文\x0c有换页符\n", encoding="utf-8")
    result = invoke("build", "--seeds", str(bad), "--output", str(tmp_path / "out"))
    assert result.returncode == 1  # its only digest skipped: nothing to publish
    assert f"{bad}:4: digest skipped: control character U+000C at column 3; delete it" in result.stderr
    assert "nothing to publish" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_folder_that_was_not_built_here_is_not_replaced(tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = invoke("build", "--seeds", str(SEEDS), "--output", str(precious))
    assert result.returncode == 1 and "refusing to replace a folder this tool did not build" in result.stderr
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"
    sources = invoke("build", "--seeds", str(SEEDS), "--output", str(SEEDS.parent))
    assert sources.returncode == 1 and "holds sources" in sources.stderr


def test_publish_needs_an_absolute_site_url(tmp_path):
    result = invoke("publish", "--siteurl", "example.github.io/digest", "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "must be an absolute URL" in result.stderr
