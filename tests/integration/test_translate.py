"""The translation step against a LibreTranslate-compatible server on 127.0.0.1, through
deep-translator's real LibreTranslator client. No test touches the internet."""

import os
import signal
import subprocess
import time
from collections import Counter

import pytest

from libre_server import LibreServer, fake_english
from paper_digest.digest.load import load_papers
from paper_digest.translation.memory import Entry, load_memory, paper_memory_path, save_memory
from paper_digest.translation.providers import make_engine
from paper_digest.translation.translate import coverage, plan, run
from support import REGISTRY, ROOT, invoke, soup, translate_command

DIGEST = """# Alpha: Video Segmentation
[arxiv_pdf_url](https://arxiv.org/pdf/2408.00001)
### **论文标题**
阿尔法：视频分割

### **研究核心目标与问题**
- 研究**视频分割**，并与[基线](https://example.org/base)比较，代码见`run.py`。
- 共享的一句话。

### **采用方法与技术**
SAM 2在任务上更快6倍。

# Beta: Image Generation
[arxiv_pdf_url](https://arxiv.org/pdf/2408.00002)
### **研究核心目标与问题**
- 共享的一句话。
- 第二篇的独有句子。
"""


@pytest.fixture
def server():
    with LibreServer() as running:
        yield running


def engine(server, **kwargs):
    return make_engine("libre", server.url, backoff=kwargs.pop("backoff", 0.01), **kwargs)


def prepared(write_digest, memory_folder, text=DIGEST):
    path = write_digest(text)
    papers, problems = load_papers([str(path)], str(REGISTRY))
    assert [p for p in problems if p.fatal] == []
    return path, papers


def test_full_run_fills_the_memory_and_a_second_run_sends_nothing(write_digest, memory_folder, server):
    _, papers = prepared(write_digest, memory_folder)
    plans, glossary, problems = plan(papers, memory_folder)
    assert problems == []
    before = coverage(plans, glossary)
    assert before.missing == before.segments == 6  # Alpha: title and 3 blocks; Beta: 2 blocks (headings: glossary)
    result = run(plans, engine(server))
    assert result.failures == []
    assert result.sent == 5  # the shared sentence is sent once
    sent_lines = Counter(line for text in server.texts for line in text.split("\n"))
    assert max(sent_lines.values()) == 1
    plans, glossary, _ = plan(papers, memory_folder)
    after = coverage(plans, glossary)
    assert (after.missing, after.stale, after.translated, after.reviewed) == (0, 0, 6, 0)
    alpha, _ = load_memory(paper_memory_path(memory_folder, "2408.00001"))
    entry = alpha.lookup("共享的一句话。")
    assert entry.origin.startswith("machine: libre ") and not entry.reviewed
    assert "#, fuzzy" in alpha.path.read_text(encoding="utf-8")

    requests_before = server.requests
    mtimes = {p: p.stat().st_mtime_ns for p in memory_folder.rglob("*.po")}
    second = run(plan(papers, memory_folder)[0], engine(server))
    assert (second.sent, server.requests - requests_before) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in memory_folder.rglob("*.po")} == mtimes


def test_batching_groups_segments_into_few_requests(write_digest, memory_folder, server):
    _, papers = prepared(write_digest, memory_folder)
    result = run(plan(papers, memory_folder)[0], engine(server), concurrency=1)
    assert result.sent == 5
    assert server.requests == 1  # all five fit in one request of 600 characters
    assert len(server.texts[0].split("\n")) == 5


def test_markup_and_protected_tokens_round_trip(write_digest, memory_folder, server, site):
    path, papers = prepared(write_digest, memory_folder)
    run(plan(papers, memory_folder)[0], engine(server))
    sent = "\n".join(server.texts)
    assert "SAM 2" not in sent and "run.py" not in sent and "<1>" in sent  # protected as placeholders
    out = site(path, memory=memory_folder)
    page = soup(out / "en" / "papers" / "2408.00001" / "index.html")
    first = page.select(".paper-section li")[0]
    assert first.strong.get_text().strip() == fake_english("视频分割")
    assert first.a["href"] == "https://example.org/base"
    assert first.code.get_text() == "run.py"
    assert (
        "SAM 2" in page.select(".paper-section p")[0].get_text()
        and "6" in page.select(".paper-section p")[0].get_text()
    )
    assert page.html["lang"] == "en"
    assert "Machine-translated" in page.select_one(".notice").get_text()


@pytest.mark.parametrize("faults", [[429, 503], ["null", "empty"], ["drop"], [500, 502, 504]])
def test_retries_then_succeeds(write_digest, memory_folder, server, faults):
    _, papers = prepared(write_digest, memory_folder)
    server.faults.extend(faults)
    result = run(plan(papers, memory_folder)[0], engine(server), concurrency=1)
    assert result.failures == []
    assert result.translated == 5
    assert server.requests == len(faults) + 1


def test_a_request_that_hangs_times_out_and_is_retried(write_digest, memory_folder, server):
    _, papers = prepared(write_digest, memory_folder)
    server.faults.append(("sleep", 20))  # answered after 20 s: only a timeout gets a second request in
    result = run(plan(papers, memory_folder)[0], engine(server, timeout=0.5), concurrency=1)
    assert result.failures == [] and result.translated == 5
    assert server.requests == 2


def test_final_failure_is_reported_and_other_batches_are_kept(write_digest, memory_folder, server):
    _, papers = prepared(write_digest, memory_folder)
    server.faults.extend([503, 503])  # the first request fails twice: given up
    result = run(plan(papers, memory_folder)[0], engine(server, attempts=2, max_bytes=5), concurrency=1)
    assert len(result.failures) == 1 and "gave up after 2 attempts" in result.failures[0]
    assert result.translated == 4
    plans, glossary, _ = plan(papers, memory_folder)
    gaps = coverage(plans, glossary).gaps
    assert len({gap.split(": missing: ")[1] for gap in gaps}) == 1  # one source (used by both papers) left


def test_an_engine_that_strips_markup_degrades_line_by_line_and_never_stores_broken_tags(
    write_digest, memory_folder, server
):
    from paper_digest.translation.segments import check_translation

    _, papers = prepared(write_digest, memory_folder)
    server.faults.extend(["mangle"] * 20)  # every answer loses its numbered tags and placeholders
    result = run(plan(papers, memory_folder)[0], engine(server, attempts=1), concurrency=1)
    assert (result.failures, result.translated, result.piecewise) == ([], 5, 1)
    alpha, _ = load_memory(paper_memory_path(memory_folder, "2408.00001"))
    tagged = next(e for e in alpha.entries.values() if "<1>" in e.source)
    assert tagged.notes and "piecewise" in tagged.notes[0] and not tagged.reviewed
    assert tagged.target.startswith(fake_english("研究") + " <1>" + fake_english("视频分割") + "</1>")
    for entry in alpha.entries.values():
        check_translation(entry.source, entry.target)  # the source's own tags, always
    text = alpha.path.read_text(encoding="utf-8")
    assert "# machine translation assembled piecewise" in text and "#, fuzzy" in text


def test_reviewed_entries_survive(write_digest, memory_folder, server):
    _, papers = prepared(write_digest, memory_folder)
    alpha_path = paper_memory_path(memory_folder, "2408.00001")
    memory, _ = load_memory(alpha_path)
    memory.entries["共享的一句话。"] = Entry("共享的一句话。", "A shared sentence, reviewed.", True, "human: editor")
    save_memory(memory)
    run(plan(papers, memory_folder)[0], engine(server))
    alpha, _ = load_memory(alpha_path)
    assert alpha.lookup("共享的一句话。").target == "A shared sentence, reviewed."
    assert alpha.lookup("共享的一句话。").reviewed
    # Beta's copy of the same sentence was missing, so it was translated (once) for Beta only
    beta, _ = load_memory(paper_memory_path(memory_folder, "2408.00002"))
    assert not beta.lookup("共享的一句话。").reviewed


def test_edited_chinese_is_stale_and_translated_again(write_digest, memory_folder, server):
    path, papers = prepared(write_digest, memory_folder)
    run(plan(papers, memory_folder)[0], engine(server))
    alpha_path = paper_memory_path(memory_folder, "2408.00001")
    memory, _ = load_memory(alpha_path)
    memory.entries["SAM 2在任务上更快6倍。"].reviewed = True
    save_memory(memory)

    path.write_text(DIGEST.replace("更快6倍", "快了整整6倍"), encoding="utf-8")
    papers, _ = load_papers([str(path)], str(REGISTRY))
    plans, glossary, _ = plan(papers, memory_folder)
    report = coverage(plans, glossary)
    assert (report.stale, report.missing) == (1, 0)
    assert report.gaps == ["2408.00001 section/2/1: stale: SAM 2在任务上快了整整6倍。"]

    before = server.requests
    result = run(plans, engine(server))
    assert result.sent == 1 and server.requests - before == 1
    memory, _ = load_memory(alpha_path)
    assert memory.lookup("SAM 2在任务上快了整整6倍。")
    assert "SAM 2在任务上更快6倍。" in memory.obsolete  # the reviewed old text stays as a reference
    assert '#~ msgid "SAM 2在任务上更快6倍。"' in alpha_path.read_text(encoding="utf-8")


def test_check_names_paper_and_segment_and_exits_non_zero(write_digest, memory_folder):
    path, _ = prepared(write_digest, memory_folder)
    result = invoke("translate", "--check", "--seeds", str(path), "--memory", str(memory_folder))
    assert result.returncode == 1
    assert "2408.00001 title: missing: 阿尔法：视频分割" in result.stdout
    assert "papers 2, segments 6, translated 0, reviewed 0, stale 0, missing 6" in result.stdout
    assert not list(memory_folder.glob("papers/*.po"))  # --check writes nothing


def test_check_passes_on_the_committed_memory():
    result = invoke("translate", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "papers 17" in result.stdout and "stale 0, missing 0" in result.stdout


def test_cli_run_killed_mid_way_keeps_its_progress(write_digest, memory_folder, server):
    """SIGKILL during a run leaves loadable catalogs holding every finished batch; the next run sends the rest."""
    path, papers = prepared(write_digest, memory_folder)
    command = translate_command(server.url, path, memory_folder, "--concurrency", "1", "--batch-bytes", "5")
    server.hang_after = 2  # two requests are answered, the third never is
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while server.requests < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    server.hang_after = None

    plans, glossary, problems = plan(papers, memory_folder)
    assert problems == []
    translated = {s for item in plans for s in item.memory.entries if item.memory.lookup(s)}
    assert len(translated) == 2
    assert not list(memory_folder.rglob("*.tmp"))

    before = server.requests
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert server.requests - before == 3
    assert "3 of 3 segment(s) translated in 3 request(s)" in result.stdout
    plans, glossary, _ = plan(papers, memory_folder)
    assert coverage(plans, glossary).missing == 0


def test_api_key_never_reaches_output_or_disk(write_digest, memory_folder, server):
    path, _ = prepared(write_digest, memory_folder)
    server.faults.extend([403] * 5)
    secret = "sk-very-secret-key-123"
    result = subprocess.run(
        translate_command(server.url, path, memory_folder),
        cwd=ROOT,
        env={**os.environ, "LIBRE_API_KEY": secret},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "AuthorizationException" in result.stderr
    assert secret not in result.stdout + result.stderr
    assert all(secret not in p.read_text(encoding="utf-8") for p in memory_folder.rglob("*.po"))
    assert "Traceback" not in result.stderr
