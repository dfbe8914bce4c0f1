"""The translation step: find what the memory lacks, fill it through a provider, report coverage.

Flow: papers -> segments (minus the glossary) -> per-paper memory -> missing
and stale sources -> deduplicated, batched requests -> memory saved after
every batch. Knows no HTTP (the engines of providers.py and llm.py do), no
markup checks (ladder.py does) and no Pelican.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ..digest.model import Paper
from ..digest.render import SectionRenderer
from ..digest.taxonomy import Registry
from ..digest.text import CJK
from ..problems import Problem
from ..retrying import StopRun
from .ladder import Engine, Outcome, Translator
from .memory import (
    Entry,
    Memory,
    glossary_path,
    load_memory,
    paper_memory_path,
    render_memory,
    save_memory,
    stale_sources,
    sync_entries,
)
from .segments import Segment, paper_segments, plain

logger = logging.getLogger(__name__)


@dataclass
class PaperPlan:
    paper: Paper
    memory: Memory
    segments: list[Segment]
    stale: dict[str, Entry] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Sources without a translation (new or stale), each once, in reading order."""
        return list(dict.fromkeys(s.source for s in self.segments if not self.memory.lookup(s.source)))


@dataclass
class Coverage:
    """How much of the papers' text has English, for `translate --check`; `gaps` names each hole."""

    gaps: list[str] = field(default_factory=list)
    papers: int = 0
    segments: int = 0
    translated: int = 0
    reviewed: int = 0
    stale: int = 0
    missing: int = 0

    def summary(self) -> str:
        return (
            f"papers {self.papers}, segments {self.segments}, translated {self.translated}, "
            f"reviewed {self.reviewed}, stale {self.stale}, missing {self.missing}"
        )


def load_glossary(folder: Path) -> tuple[Memory, list[Problem]]:
    return load_memory(glossary_path(folder))


def plan(
    papers: list[Paper], folder: Path, renderer: SectionRenderer | None = None
) -> tuple[list[PaperPlan], Memory, list[Problem]]:
    """Each paper's segments that the glossary does not cover, with its memory as on disk."""
    renderer = renderer or SectionRenderer()
    glossary, problems = load_glossary(folder)
    plans = []
    for paper in papers:
        memory, memory_problems = load_memory(paper_memory_path(folder, paper.arxiv_id))
        problems += memory_problems
        sections = [renderer.render(s.markdown) for s in paper.sections]
        segments = [s for s in paper_segments(paper, sections) if not glossary.lookup(s.source)]
        plans.append(PaperPlan(paper, memory, segments, stale_sources(memory, segments)))
    return plans, glossary, problems


def prompt_terms(glossary: Memory, registry: Registry) -> dict[str, str]:
    """Chinese terms with their reviewed English: the glossary's entries and the topics' labels (not their
    aliases: 心理健康 is filed under medicine, but is not 'Medicine')."""
    terms = {plain(e.source): plain(e.target) for e in glossary.entries.values() if e.target and CJK.search(e.source)}
    for entry in registry.entries:
        if CJK.search(entry.tag.zh):
            terms.setdefault(entry.tag.zh, entry.tag.en)
    return terms


def new_papers(plans: list[PaperPlan]) -> list[str]:
    """Papers nothing of which is translated yet (a failed run may have left empty catalogs behind)."""
    return [
        item.paper.arxiv_id for item in plans if item.missing and not any(map(item.memory.lookup, item.memory.entries))
    ]


def unreviewed(plans: list[PaperPlan]) -> list[str]:
    """Machine English nobody has reviewed yet: paper, segment, Chinese and English, for `translate --review`."""
    lines = []
    for item in plans:
        for segment in item.segments:
            entry = item.memory.lookup(segment.source)
            if entry and not entry.reviewed:
                lines.append(
                    f"{item.paper.source}: {item.paper.arxiv_id} {segment.where} ({entry.origin or 'unknown origin'})"
                    f"\n  zh: {plain(segment.source)}\n  en: {plain(entry.target)}"
                )
    return lines


def coverage(plans: list[PaperPlan], glossary: Memory) -> Coverage:
    report = Coverage(papers=len(plans))
    for item in plans:
        for segment in item.segments:
            report.segments += 1
            entry = item.memory.lookup(segment.source)
            if entry:
                report.translated += 1
                report.reviewed += entry.reviewed
                continue
            kind = "stale" if segment.source in item.stale else "missing"
            if kind == "stale":
                report.stale += 1
            else:
                report.missing += 1
            report.gaps.append(f"{item.paper.arxiv_id} {segment.where}: {kind}: {_preview(segment.source)}")
    return report


def _preview(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class RunResult:
    """What a translate run did: segments sent and translated, requests, failures, files written."""

    sent: int = 0
    translated: int = 0
    piecewise: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    stopped: str = ""  # why the run stopped early (the engine cannot be reached, refuses the key…)
    saved_files: set[Path] = field(default_factory=set)


def write_if_changed(memory: Memory) -> bool:
    """Save unless the file already holds exactly this; a run with nothing new touches nothing."""
    if memory.path.exists() and memory.path.read_bytes() == render_memory(memory):
        return False
    save_memory(memory)
    return True


def run(
    plans: list[PaperPlan],
    engine: Engine,
    *,
    concurrency: int = 4,
    today: dt.date | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> RunResult:
    """Translate every missing or stale segment once; save each touched memory after every batch.

    `progress` is told how many segments were translated, never how many were merely tried.
    """
    result = RunResult(saved_files=_synced(plans))
    wanted = _wanted(plans)
    result.sent = len(wanted)
    origin = f"machine: {engine.origin} {(today or dt.date.today()).isoformat()}"
    storing = _Storing(wanted, origin, result, progress)
    translator = Translator(engine)
    result.stopped = _in_parallel(
        translator.requests_for(list(wanted)), translator.translate, storing.apply, concurrency
    )
    result.requests = engine.requests
    return result


def _synced(plans: list[PaperPlan]) -> set[Path]:
    """Each memory made to hold exactly its paper's segments; the files that changed."""
    saved = set()
    for item in plans:
        sync_entries(item.memory, item.segments)
        if write_if_changed(item.memory):
            saved.add(item.memory.path)
    return saved


def _wanted(plans: list[PaperPlan]) -> dict[str, list[PaperPlan]]:
    """Each segment to translate, once, with the papers that want it (one sentence may be in several)."""
    wanted: dict[str, list[PaperPlan]] = {}
    for item in plans:
        for source in item.missing:
            wanted.setdefault(source, []).append(item)
    return wanted


@dataclass
class _Storing:
    """Outcomes into the memory of every paper that wants them, each touched memory saved at once."""

    wanted: dict[str, list[PaperPlan]]
    origin: str
    result: RunResult
    progress: Callable[[int], None]

    def apply(self, outcomes: list[Outcome]) -> None:
        touched = {}
        for outcome in outcomes:
            if outcome.target is None:
                self.result.failures.append(_failure(outcome, self.wanted[outcome.source]))
                continue
            for item in self.wanted[outcome.source]:
                entry = item.memory.entries[outcome.source]
                if entry.reviewed:  # a reviewer got there first: never overwrite
                    continue
                entry.target, entry.reviewed, entry.origin = outcome.target, False, self.origin
                entry.notes = tuple(outcome.notes)
                touched[id(item)] = item
            self.result.translated += 1
            self.result.piecewise += bool(outcome.notes)
        for item in touched.values():
            save_memory(item.memory)
            self.result.saved_files.add(item.memory.path)
        self.progress(sum(outcome.target is not None for outcome in outcomes))


def _in_parallel(requests: Iterable, translate: Callable, apply: Callable, concurrency: int) -> str:
    """`concurrency` requests in flight, each answer applied as it comes, the next one sent when one is done;
    a StopRun stops sending (its reason is returned, "" when every request was made)."""
    stopped = ""
    queue = iter(requests)
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        pending = {pool.submit(translate, group) for group in islice(queue, max(1, concurrency))}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                if future.cancelled():  # sent after another request's StopRun, never started
                    continue
                try:
                    apply(future.result())
                except StopRun as error:
                    stopped = str(error)
                    for other in pending:
                        other.cancel()
                group = None if stopped else next(queue, None)
                if group is not None:
                    pending.add(pool.submit(translate, group))
    return stopped


def _failure(outcome: Outcome, items: list[PaperPlan]) -> str:
    """FILE:LINE of the paper, the segment's place and text, and the last error."""
    item = items[0]
    where = next((s.where for s in item.segments if s.source == outcome.source), "?")
    more = f" (and {len(items) - 1} more paper(s))" if len(items) > 1 else ""
    return f"{item.paper.source}: {item.paper.arxiv_id} {where}{more}: '{_preview(outcome.source)}': {outcome.error}"
