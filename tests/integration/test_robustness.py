"""Crash safety, concurrency, atomic and deterministic builds."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from libre_server import LibreServer
from paper_digest.digest.load import load_papers
from paper_digest.problems import DigestError
from paper_digest.translation.memory import memory_lock
from paper_digest.translation.translate import coverage, plan
from support import REGISTRY, ROOT, invoke, translate_command

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

DIGEST = "".join(
    f"# Paper {n}\n[pdf](https://arxiv.org/abs/2408.{n:05d})\n### 方法\n第{n}篇论文的第一句话。\n- 第{n}篇的要点甲。\n- 第{n}篇的要点乙。\n"
    for n in range(1, 9)
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_in_processes_with_other_hash_seeds_are_byte_identical(tmp_path):
    """Set and dict order of strings changes with PYTHONHASHSEED: two processes, two seeds, one site."""
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PAPER_DIGEST_CACHE": str(tmp_path / f"cache-{seed}")}
        result = subprocess.run(
            [sys.executable, "-m", "invoke", "publish", "--siteurl", "https://example.github.io/digest",
             "--output", str(output)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(output))
    first, second = outputs
    assert first.keys() == second.keys() and len(first) > 200
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_a_failed_build_leaves_the_previous_output_whole(site, write_digest, tmp_path, monkeypatch):
    good = write_digest(DIGEST, "2024-08-02.txt")
    out = site(good.parent)
    before = snapshot(out)
    bad = write_digest("# Broken\nno link here\n", "2024-08-03.txt")
    with pytest.raises(DigestError):
        site(good.parent, PAPER_DIGEST_STRICT=True)  # a skipped paper stops a strict build
    assert snapshot(out) == before
    bad.unlink()

    import paper_digest.commands.sites as sites

    def finish_fails(built, pending):
        assert (Path(built[0]["OUTPUT_PATH"]) / "index.html").exists()  # every page is written, in staging
        raise DigestError([])

    monkeypatch.setattr(sites, "finish_site", finish_fails)
    with pytest.raises(DigestError):
        site(good.parent)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".output")) == [".output.state"]


def test_bookkeeping_is_used_only_with_the_build_it_describes(site, write_digest):
    from paper_digest.commands.bookkeeping import previous_state, state_folder

    digest = write_digest(DIGEST, "2024-08-02.txt")
    out = site(digest.parent)
    assert previous_state(out) == state_folder(out)
    other = out / ".nojekyll.other"  # the site replaced by hand (or a crash between the renames)
    other.write_text("", encoding="utf-8")
    other.replace(out / ".nojekyll")
    assert previous_state(out) is None


def test_the_replaced_site_is_kept_whole_until_the_next_build_removes_it(site, write_digest):
    digest = write_digest(DIGEST, "2024-08-02.txt")
    out = site(digest.parent)
    retired = out.with_name(".output.old")
    assert not retired.exists()
    builds = [snapshot(out)]
    for n in (1, 2):
        digest.write_text(DIGEST.replace("第1篇论文的第一句话", f"第1篇论文的第{n + 1}版第一句话"), encoding="utf-8")
        site(digest.parent)
        builds.append(snapshot(out))
        assert builds[-1] != builds[-2]
        assert snapshot(retired) == builds[-2]  # the site this build replaced, untouched by it


def command(server, digest, memory, *extra):
    return translate_command(server.url, digest, memory, *extra)


def translated_sources(digest, memory) -> tuple[set[str], int]:
    papers, _ = load_papers([str(digest)], str(REGISTRY))
    plans, glossary, problems = plan(papers, memory)
    assert problems == []
    done = {s for item in plans for s in item.memory.entries if item.memory.lookup(s)}
    return done, coverage(plans, glossary).missing


def test_sigkill_at_any_moment_leaves_a_memory_that_loads(tmp_path):
    digest = tmp_path / "2024-08-02.txt"
    digest.write_text(DIGEST, encoding="utf-8")
    memory = tmp_path / "memory"
    rng = random.Random(7)
    seen: set[str] = set()
    with LibreServer() as server:
        server.faults.extend([("sleep", 0.05)] * 10_000)
        for _ in range(6):
            process = subprocess.Popen(
                command(server, digest, memory, "--batch-bytes", "30", "--concurrency", "2"),
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(rng.uniform(0.3, 2.5))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            done, _ = translated_sources(digest, memory)
            assert seen <= done  # every batch saved before the kill is still there
            seen = done
        server.faults.clear()
        finished = subprocess.run(
            command(server, digest, memory), cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert finished.returncode == 0, finished.stderr
    _, missing = translated_sources(digest, memory)
    assert missing == 0


def test_a_second_run_waits_for_the_lock_or_says_why_it_stops(tmp_path):
    digest = tmp_path / "2024-08-02.txt"
    digest.write_text(DIGEST, encoding="utf-8")
    memory = tmp_path / "memory"
    with LibreServer() as server:
        with memory_lock(memory, wait=1):
            blocked = subprocess.run(
                command(server, digest, memory, "--wait", "0.5"), cwd=ROOT, capture_output=True, text=True, timeout=60
            )
        assert blocked.returncode == 3
        assert "another translate run is writing" in blocked.stderr and "Traceback" not in blocked.stderr
        assert server.requests == 0

        holder_ready = threading.Event()

        def hold_briefly():
            with memory_lock(memory, wait=1):
                holder_ready.set()
                time.sleep(1.5)

        holder = threading.Thread(target=hold_briefly)
        holder.start()
        holder_ready.wait(5)
        waited = subprocess.run(
            command(server, digest, memory, "--wait", "30"), cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        holder.join()
        assert waited.returncode == 0, waited.stderr
    assert translated_sources(digest, memory)[1] == 0


def test_seed_memory_files_are_untouched_by_a_check():
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "content" / "translations").rglob("*.po")}
    assert invoke("translate", "--check").returncode == 0
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "content" / "translations").rglob("*.po")} == before
