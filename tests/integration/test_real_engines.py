"""Machine translation against engines that behave like real ones, all stand-ins on 127.0.0.1.

A LibreTranslate-compatible server that alters markup in a third of the lines
(tags dropped, spaces inside tags, placeholders lost, lines run together), an
OpenAI-compatible chat server that answers 429 now and then, a host that
refuses connections and one whose name does not resolve.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time

import pytest
from openai_server import OpenAIServer

from libre_server import LibreServer, fake_english, like_a_real_engine
from paper_digest.digest.load import load_papers
from paper_digest.translation.memory import Entry, load_memory, paper_memory_path, save_memory
from paper_digest.translation.segments import check_translation
from paper_digest.translation.translate import coverage, plan
from support import REGISTRY, ROOT, SEEDS, soup, translate_command

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

NEW_DIGEST = """# Llama 3: A Herd of Models
[arxiv_pdf_url](https://arxiv.org/pdf/2407.21783)
### **论文标题**
Llama 3 模型家族

### **研究核心目标与问题**
- <b>基础架构</b>：使用了**Transformer**，在MRR@10上提升1.2个百分点，pass@1达到72.5%。
- 与[基线](https://example.org/base)相比，Llama 3 405B在`GSM8K`上更好，计算机视觉任务也更强。
- 训练数据共15T个词元，上下文长度为128K。

### **采用方法与技术**
1. **预训练**：在大规模多语言语料上训练。
2. **后训练**：使用*监督微调*与**直接偏好优化**（DPO）。

### **主要发现**
| 模型 | 得分 |
| --- | --- |
| Llama 3 8B | 66.7 |
| 对比模型 | 更低 |
"""


@pytest.fixture
def digests(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "000_263217c7a4351fe0.txt", folder)
    (folder / "2024-08-05-daily.txt").write_text(NEW_DIGEST, encoding="utf-8")
    return folder


def missing(digests, memory_folder) -> int:
    papers, _ = load_papers([str(digests)], str(REGISTRY))
    plans, glossary, problems = plan(papers, memory_folder)
    assert problems == []
    report = coverage(plans, glossary)
    return report.missing + report.stale


def every_entry(memory_folder):
    for path in sorted((memory_folder / "papers").glob("*.po")):
        memory, problems = load_memory(path)
        assert problems == []  # a catalog whose msgstr breaks its tags would be reported here
        yield from memory.entries.values()


def test_an_engine_that_alters_markup_in_a_third_of_the_lines_translates_everything(
    digests, memory_folder, site, tmp_path
):
    reviewed = Entry("Llama 3 模型家族", "The Llama 3 Herd of Models (reviewed)", True, "human: editor")
    save_memory_with(memory_folder, "2407.21783", reviewed)
    with LibreServer(translate=like_a_real_engine) as server:
        result = subprocess.run(translate_command(server.url, digests, memory_folder), cwd=ROOT,
                                capture_output=True, text=True, timeout=600)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert missing(digests, memory_folder) == 0
        assert "assembled piecewise" in result.stdout  # some lines only made it that way
        altered = [text for text in server.texts if like_a_real_engine(text) != fake_english(text)]
        assert len(altered) > len(server.texts) / 10  # the engine really did alter markup

        for entry in every_entry(memory_folder):
            check_translation(entry.source, entry.target)
        llama, _ = load_memory(paper_memory_path(memory_folder, "2407.21783"))
        kept = llama.lookup("Llama 3 模型家族")  # a reviewed entry is never touched
        assert (kept.target, kept.reviewed, kept.origin) == (reviewed.target, True, reviewed.origin)

        before = server.requests
        rerun = subprocess.run(translate_command(server.url, digests, memory_folder), cwd=ROOT,
                               capture_output=True, text=True, timeout=120)  # fmt: skip
        assert rerun.returncode == 0 and server.requests == before  # nothing new: nothing sent

    out = site(digests, memory=memory_folder)
    for page in (out / "en" / "papers").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"&lt;\s*/?\s*\d+\s*/?\s*&gt;|<\d+/?>|</\d+>", text), page  # no literal numbered tag
        assert not soup(page).select(".untranslated"), page
    english = soup(out / "en" / "papers" / "2407.21783" / "index.html").select_one(".paper-section")
    assert "MRR@10" in english.get_text() and "pass@1" in english.get_text()
    assert english.find("a")["href"] == "https://example.org/base" and english.find("code").get_text() == "GSM8K"


def save_memory_with(folder, arxiv_id, entry):
    memory, _ = load_memory(paper_memory_path(folder, arxiv_id))
    memory.entries[entry.source] = entry
    save_memory(memory)


def openai_command(url, digests, memory_folder, *extra):
    return [sys.executable, "-m", "invoke", "translate", "--provider", "openai", "--url", url, "--model", "test-model",
            "--seeds", str(digests), "--memory", str(memory_folder), *extra]  # fmt: skip


def test_the_llm_provider_fills_every_segment_retries_429s_and_sends_nothing_on_a_rerun(
    tmp_path, memory_folder, write_digest
):
    digest = write_digest(NEW_DIGEST, "2024-08-05-daily.txt")
    env = {**os.environ, "OPENAI_API_KEY": "sk-test"}
    with OpenAIServer(rate_limit_every=3) as server:
        command = openai_command(server.url, digest, memory_folder, "--batch-bytes", "400")
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert missing(digest, memory_folder) == 0
        assert len(server.answered) > 1 and server.requests > len(server.answered)  # 429s were sent again
        assert set(server.models) == {"test-model"}
        assert any("计算机视觉 = Computer Vision" in prompt for prompt in server.prompts)  # registry terms
        assert all("<1>" in prompt and "JSON array" in prompt for prompt in server.prompts)
        memory, _ = load_memory(paper_memory_path(memory_folder, "2407.21783"))
        assert all(e.origin.startswith("machine: openai/test-model ") for e in memory.entries.values())
        assert "sk-test" not in result.stdout + result.stderr + memory.path.read_text(encoding="utf-8")

        before = server.requests
        rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0 and server.requests == before


def test_the_llm_provider_needs_a_key_and_a_model(tmp_path, memory_folder, write_digest):
    digest = write_digest(NEW_DIGEST)
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    no_key = subprocess.run(openai_command("http://127.0.0.1:9/v1", digest, memory_folder), cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert no_key.returncode == 2 and "set OPENAI_API_KEY" in no_key.stderr and "Traceback" not in no_key.stderr


def test_an_over_long_segment_is_cut_at_sentence_ends_and_translated(tmp_path, memory_folder, write_digest):
    sentence = "本研究提出了一种新的方法来处理非常长的中文段落并保持其含义不变"
    paragraph = "".join(f"{sentence}第{n}句。" for n in range(60))  # ~2,000 characters, 18 KB URL-encoded
    digest = write_digest(f"# Long\n[pdf](https://arxiv.org/abs/2408.09999)\n### 方法\n{paragraph}\n")
    with LibreServer() as server:
        result = subprocess.run(translate_command(server.url, digest, memory_folder), cwd=ROOT,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert max(len(text) for text in server.texts) < len(paragraph)  # never sent whole
    memory, _ = load_memory(paper_memory_path(memory_folder, "2408.09999"))
    entry = memory.lookup(paragraph)
    assert [int(n) for n in re.findall(r"\b\d+\b", entry.target)] == list(range(60))  # every sentence, in order
    check_translation(entry.source, entry.target)


def test_an_unreachable_host_fails_within_the_timeout_with_one_short_line(tmp_path, memory_folder, write_digest):
    digest = write_digest(NEW_DIGEST)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: the connection is refused
    started = time.monotonic()
    result = subprocess.run(
        translate_command(f"http://127.0.0.1:{port}/", digest, memory_folder, "--timeout", "5"),
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and time.monotonic() - started < 30
    assert result.stderr.strip().splitlines()[-1] == (
        f"stopped: libre: 127.0.0.1:{port} refused the connection: is the server running?"
    )
    assert "Traceback" not in result.stderr and "?q=" not in result.stderr and "translate?" not in result.stderr
    assert "0 of " in result.stdout  # the bar and the count say what was translated: nothing


def test_a_name_that_does_not_resolve_stops_at_once(monkeypatch):
    from paper_digest.retrying import Unreachable
    from paper_digest.translation.providers import make_engine

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)  # as on a machine that is offline
    engine = make_engine("google", timeout=5)
    with pytest.raises(Unreachable) as raised:
        engine.send(["你好" * 1000])
    assert str(raised.value) == "google: cannot resolve translate.google.com: is the machine online?"
    assert engine.requests == 1
