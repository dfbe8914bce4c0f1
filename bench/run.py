"""Side-by-side benchmark: ours (cold and warm), plain Pelican + i18n_subsites, Hugo, on N synthetic papers."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "plugins")]

from generate import generate  # noqa: E402
from systems import hugo_command, ours_command, pelican_command, with_pagefind  # noqa: E402

from paper_digest.commands.staging import folders_beside  # noqa: E402


@dataclass
class Run:
    name: str
    seconds: float  # the median of the repeats
    pages: int
    peak_mb: float  # the largest of the repeats
    fastest: float
    slowest: float


class BenchError(Exception):
    pass


def measure(name: str, command: list[str], output: Path, log: Path) -> tuple[float, int, float]:
    """Wall time, pages written and peak resident memory (the largest process of the run) of one build."""
    with open(log, "wb") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise BenchError(f"{name} failed ({' '.join(command[:3])} …):\n{log.read_text(errors='replace')[-2000:]}")
    pages = sum(1 for _ in output.rglob("*.html"))
    return seconds, pages, usage.ru_maxrss / 1024


def repeated(name: str, repeat: int, before, command: list[str], output: Path, log: Path) -> Run:
    """`repeat` runs of one build, each after `before()`: the median time, the largest memory."""
    results = []
    for _ in range(repeat):
        before()
        os.sync()  # what earlier runs wrote or deleted reaches the disk now, not during this run
        results.append(measure(name, command, output, log))
    times = sorted(seconds for seconds, _, _ in results)
    return Run(name, statistics.median(times), results[-1][1], max(peak for _, _, peak in results), times[0], times[-1])


def _fresh(*folders: Path):
    def remove() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    return remove


def touch_one_paper(seeds: Path, nth: int = 0) -> tuple[str, str]:
    """Change one sentence of one paper's summary, as an editor fixing a typo would (the `nth` such line of the
    first digest); returns the text it now shows and the paper's arXiv id."""
    digest = sorted(seeds.glob("*.txt"))[0]
    text = digest.read_text(encoding="utf-8")
    sentence = re.compile(r"^[-\d.* ]*[^\n#*：:]*[\u4e00-\u9fff][^\n]*。$", re.M)  # a summary line, not a label line
    line = list(sentence.finditer(text))[nth]
    mark = f"（第{time.monotonic_ns() % 10**9}次修订）"
    edited = line.group()[:-1] + mark + "。"
    digest.write_text(text[: line.start()] + edited + text[line.end() :], encoding="utf-8")
    arxiv_id = re.findall(r"arxiv\.org/(?:pdf|abs)/([^)\s]+)", text[: line.start()])[-1]
    return mark, arxiv_id


def edit_to_page(corpus, work: Path, edits: int = 3) -> float:
    """The median time from saving a one-sentence edit to the live preview serving the page that shows it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    output = work / "out-preview"
    command = ours_command(corpus, output, "--preview", str(port))
    with open(work / "preview.log", "wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    try:
        if b"Preview at" not in process.stdout.readline():
            raise BenchError(
                f"the preview did not start:\n{(work / 'preview.log').read_text(errors='replace')[-2000:]}"
            )
        times = []
        for n in range(edits):
            started = time.perf_counter()
            mark, arxiv_id = touch_one_paper(corpus.seeds, n)
            url = f"http://127.0.0.1:{port}/papers/{arxiv_id}/"
            while mark not in _get(url):
                if time.perf_counter() - started > 600:
                    raise BenchError(f"the preview never showed the edit of {arxiv_id}")
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - the preview on 127.0.0.1
            return answer.read().decode("utf-8", "replace")
    except OSError:
        return ""


def run_benchmark(papers: int, work: Path | None = None, keep: bool = False, repeat: int = 1) -> list[Run]:
    """Every system `repeat` times on the same corpus; cold runs start without caches or output.

    The warm runs are rebuilds after a rebuild (a first, unmeasured one follows the
    cold build), each after a one-sentence edit: the steady state of an editor
    fixing typos, in which each build also removes the site the one before replaced.
    """
    work = Path(work or tempfile.mkdtemp(prefix="paper-bench-"))
    if keep:
        print(f"work folder: {work}", file=sys.stderr)
    try:
        corpus = generate(papers, work / "corpus")
        cache = corpus.seeds.parent / "cache"
        ours_out = work / "out-ours"
        ours = ours_command(corpus, ours_out)
        runs = [
            repeated(
                "ours", repeat, _fresh(cache, ours_out, *folders_beside(ours_out)), ours, ours_out, work / "ours.log"
            )
        ]
        touch_one_paper(corpus.seeds)
        measure("settle", ours, ours_out, work / "settle.log")
        runs.append(repeated("warm", repeat, lambda: touch_one_paper(corpus.seeds), ours, ours_out, work / "warm.log"))
        bare_out = work / "out-ours-no-search"
        bare = ours_command(corpus, bare_out, "--no-search")
        runs.append(
            repeated("ours without search index", repeat, _fresh(cache, bare_out), bare, bare_out, work / "bare.log")
        )
        pelican_out = work / "out-pelican"
        pelican = pelican_command(corpus, pelican_out, work / "pelican")
        runs.append(repeated("pelican", repeat, _fresh(pelican_out), pelican, pelican_out, work / "pelican.log"))
        searched = with_pagefind(pelican, pelican_out)
        runs.append(repeated("pelican + pagefind", repeat, _fresh(pelican_out), searched, pelican_out, work / "pp.log"))
        hugo_out = work / "out-hugo"
        hugo = hugo_command(corpus, hugo_out, work)
        runs.append(repeated("hugo", repeat, _fresh(hugo_out), hugo, hugo_out, work / "hugo.log"))
        searched = with_pagefind(hugo, hugo_out)
        runs.append(repeated("hugo + pagefind", repeat, _fresh(hugo_out), searched, hugo_out, work / "hp.log"))
        edit = edit_to_page(corpus, work, edits=3 * repeat)
        runs.append(Run("edit", edit, 0, 0, edit, edit))
        return runs
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report(papers: int, runs: list[Run]) -> str:
    by = {run.name: run for run in runs}
    rows = ["| system | wall s | fastest–slowest s | pages | peak MB |", "| --- | ---: | ---: | ---: | ---: |"]
    rows += [
        f"| {r.name} | {r.seconds:.2f} | {r.fastest:.2f}–{r.slowest:.2f} | {r.pages} | {r.peak_mb:.0f} |" for r in runs
    ]
    rows.append("(wall s: the median of the runs; ours, warm: the full pipeline, search index included; edit: from")
    rows.append(" saving a one-sentence edit to the live preview serving the page, the median of 3 edits per repeat;")
    rows.append(" the last line compares ours with the peers that also build a search index: X + pagefind)")
    ours = by["ours"].seconds
    line = (
        f"papers={papers} ours_s={ours:.2f} warm_s={by['warm'].seconds:.2f} edit_s={by['edit'].seconds:.2f} "
        f"pelican_s={by['pelican'].seconds:.2f} pelican_pagefind_s={by['pelican + pagefind'].seconds:.2f} "
        f"hugo_s={by['hugo'].seconds:.2f} hugo_pagefind_s={by['hugo + pagefind'].seconds:.2f} "
        f"vs_pelican_pagefind={ours / by['pelican + pagefind'].seconds:.2f} "
        f"vs_hugo_pagefind={ours / by['hugo + pagefind'].seconds:.2f} "
        f"peak_rss_mb={max(by['ours'].peak_mb, by['warm'].peak_mb):.0f}"
    )
    return "\n".join(rows) + "\n" + line


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(report(count, run_benchmark(count, repeat=int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
