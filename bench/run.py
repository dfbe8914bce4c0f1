"""Side-by-side benchmark: ours (cold and warm), plain Pelican + i18n_subsites, Hugo, on N synthetic papers."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "plugins")]

from generate import generate  # noqa: E402
from systems import hugo_command, ours_command, pelican_command  # noqa: E402

from paper_digest.build.sites import folders_beside  # noqa: E402


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


def touch_one_paper(seeds: Path) -> str:
    """Change one sentence of one paper's summary, as an editor fixing a typo would; returns the edited line."""
    digest = sorted(seeds.glob("*.txt"))[0]
    text = digest.read_text(encoding="utf-8")
    sentence = re.compile(r"^[-\d.* ]*[^\n#*：:]*[\u4e00-\u9fff][^\n]*。$", re.M)  # a summary line, not a label line
    line = next(m for m in sentence.finditer(text))
    edited = line.group()[:-1] + "（已修订）。"
    digest.write_text(text[: line.start()] + edited + text[line.end() :], encoding="utf-8")
    return edited


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
        hugo_out = work / "out-hugo"
        hugo = hugo_command(corpus, hugo_out, work)
        runs.append(repeated("hugo", repeat, _fresh(hugo_out), hugo, hugo_out, work / "hugo.log"))
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
    rows.append("(wall s: the median of the runs; ours, warm: the full pipeline, search index included;")
    rows.append(" the last line compares those)")
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
    print(report(count, run_benchmark(count, repeat=int(sys.argv[2]) if len(sys.argv) > 2 else 1)))
