"""Side-by-side benchmark: ours (cold and warm), plain Pelican + i18n_subsites, Hugo, on N synthetic papers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "plugins")]

from generate import generate  # noqa: E402
from systems import hugo_command, ours_command, pelican_command  # noqa: E402


@dataclass
class Run:
    name: str
    seconds: float
    pages: int
    peak_mb: float


class BenchError(Exception):
    pass


def measure(name: str, command: list[str], output: Path, log: Path) -> Run:
    """Wall time and peak resident memory (the largest process of the run) of one build."""
    with open(log, "wb") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise BenchError(f"{name} failed ({' '.join(command[:3])} …):\n{log.read_text(errors='replace')[-2000:]}")
    pages = sum(1 for _ in output.rglob("*.html"))
    return Run(name, seconds, pages, usage.ru_maxrss / 1024)


def touch_one_paper(seeds: Path) -> str:
    """Change one sentence of one paper's summary, as an editor fixing a typo would; returns the edited line."""
    digest = sorted(seeds.glob("*.txt"))[0]
    text = digest.read_text(encoding="utf-8")
    sentence = re.compile(r"^[-\d.* ]*[^\n#*：:]*[\u4e00-\u9fff][^\n]*。$", re.M)  # a summary line, not a label line
    line = next(m for m in sentence.finditer(text))
    edited = line.group()[:-1] + "（已修订）。"
    digest.write_text(text[: line.start()] + edited + text[line.end() :], encoding="utf-8")
    return edited


def run_benchmark(papers: int, work: Path | None = None, keep: bool = False) -> list[Run]:
    work = Path(work or tempfile.mkdtemp(prefix="paper-bench-"))
    if keep:
        print(f"work folder: {work}", file=sys.stderr)
    try:
        corpus = generate(papers, work / "corpus")
        runs = []
        ours_out = work / "out-ours"
        runs.append(measure("ours", ours_command(corpus, ours_out), ours_out, work / "ours.log"))
        touch_one_paper(corpus.seeds)
        runs.append(measure("warm", ours_command(corpus, ours_out), ours_out, work / "warm.log"))
        shutil.rmtree(corpus.seeds.parent / "cache", ignore_errors=True)  # cold again, to see what search costs
        bare_out = work / "out-ours-no-search"
        bare = ours_command(corpus, bare_out, "--no-search")
        runs.append(measure("ours without search index", bare, bare_out, work / "bare.log"))
        pelican_out = work / "out-pelican"
        runs.append(
            measure(
                "pelican", pelican_command(corpus, pelican_out, work / "pelican"), pelican_out, work / "pelican.log"
            )
        )
        hugo_out = work / "out-hugo"
        runs.append(measure("hugo", hugo_command(corpus, hugo_out, work), hugo_out, work / "hugo.log"))
        return runs
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report(papers: int, runs: list[Run]) -> str:
    by = {run.name: run for run in runs}
    rows = ["| system | wall s | pages | peak MB |", "| --- | ---: | ---: | ---: |"]
    rows += [f"| {r.name} | {r.seconds:.2f} | {r.pages} | {r.peak_mb:.0f} |" for r in runs]
    rows.append("(ours, warm: the full pipeline, search index included; the last line compares those)")
    line = (
        f"papers={papers} ours_s={by['ours'].seconds:.2f} warm_s={by['warm'].seconds:.2f} "
        f"pelican_s={by['pelican'].seconds:.2f} hugo_s={by['hugo'].seconds:.2f} "
        f"vs_pelican={by['ours'].seconds / by['pelican'].seconds:.2f} "
        f"vs_hugo={by['ours'].seconds / by['hugo'].seconds:.2f} "
        f"peak_rss_mb={max(by['ours'].peak_mb, by['warm'].peak_mb):.0f}"
    )
    return "\n".join(rows) + "\n" + line


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(report(count, run_benchmark(count)))
