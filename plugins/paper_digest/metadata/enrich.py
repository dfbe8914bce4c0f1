"""`invoke enrich`: find the ids of papers written without a link (by exact title), then fetch the arXiv
records the repository lacks and store them, one file per paper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from ..digest.model import Paper
from ..digest.text import alnum_key
from ..retrying import RequestOptions
from .fetch import API_URL, DELAY, fetch, make_client
from .record import ArxivRecord, load_record, record_path, save_record, save_unknown
from .title_search import search_titles
from .titles import TitleAnswer, load_answers, save_answers


@dataclass
class EnrichResult:
    asked: int = 0
    stored: list[Path] = field(default_factory=list)
    unknown: list[Paper] = field(default_factory=list)
    unanswered: list[Paper] = field(default_factory=list)
    requests: int = 0
    titles_asked: int = 0
    found: list[tuple[Paper, str]] = field(default_factory=list)  # link-less papers and the id arXiv gave
    not_found: list[tuple[Paper, TitleAnswer]] = field(default_factory=list)  # … and those it has no exact title for


def missing_records(papers: list[Paper], folder: Path) -> list[Paper]:
    """Papers nobody has asked arXiv about yet (an id arXiv does not know is remembered as such)."""
    return [paper for paper in papers if not record_path(folder, paper.arxiv_id).exists()]


def without_record(papers: list[Paper], folder: Path) -> list[Paper]:
    """Papers the build has no arXiv record for (never asked, or unknown to arXiv): `enrich --check`."""
    return [paper for paper in papers if load_record(folder, paper.arxiv_id)[0] is None]


def titles_to_ask(
    unresolved: list[Paper], folder: Path, refresh: bool = False, papers: list[Paper] = ()
) -> list[Paper]:
    """The link-less papers whose title arXiv has not been asked about (each title once); with `refresh`,
    every title asked before that a paper still bears, found or not."""
    answers = load_answers(folder)
    asked_before = [paper for paper in papers if alnum_key(paper.title) in answers] if refresh else []
    wanted = {}
    for paper in [*unresolved, *asked_before]:
        key = alnum_key(paper.title)
        if refresh or key not in answers:
            wanted.setdefault(key, paper)
    return list(wanted.values())


def enrich(
    papers: list[Paper],
    folder: Path,
    *,
    unresolved: list[Paper] = (),
    url: str = API_URL,
    refresh: bool = False,
    delay: float = DELAY,
    options: RequestOptions = RequestOptions(),  # noqa: B008 - frozen
    progress: Callable[[int], None] = lambda n: None,
) -> EnrichResult:
    """Ask arXiv for the id of every link-less paper by its title, then store the record of every paper
    without one (of every paper and title with `refresh`); a rerun asks nothing."""
    titled = titles_to_ask(list(unresolved), folder, refresh, papers)
    wanted = papers if refresh else missing_records(papers, folder)
    result = EnrichResult(asked=len(wanted), titles_asked=len(titled))
    if not wanted and not titled:
        return result
    client = make_client(url, delay, options.timeout)
    host = urlparse(url).netloc or url
    answers = load_answers(folder)

    def answered(answer: TitleAnswer, record: ArxivRecord | None) -> None:
        answers[alnum_key(answer.title)] = answer
        save_answers(folder, answers)  # after each answer: an interrupted run keeps what it learnt
        if record is not None:
            result.stored.append(save_record(folder, record))
        progress(1)

    if titled:
        result.requests += search_titles([paper.title for paper in titled], client, options, host, answered)
        for paper in titled:
            answer = answers[alnum_key(paper.title)]
            if answer.arxiv_id:
                result.found.append((paper, answer.arxiv_id))
            else:
                result.not_found.append((paper, answer))
    found_ids = {arxiv_id for _, arxiv_id in result.found}
    wanted = [paper for paper in wanted if paper.arxiv_id not in found_ids]  # their records came with the answer
    if not wanted:
        return result

    def store(records) -> None:
        count = 0
        for record in records:
            result.stored.append(save_record(folder, record))
            count += 1
        progress(count)

    by_id = {paper.arxiv_id: paper for paper in wanted}
    fetched = fetch(list(by_id), client, options, host, store)
    result.unknown = [by_id[arxiv_id] for arxiv_id in fetched.unknown]
    result.unanswered = [by_id[arxiv_id] for arxiv_id in fetched.unanswered]
    for paper in result.unknown:  # remembered, so a rerun does not ask; a good record is never overwritten
        if load_record(folder, paper.arxiv_id)[0] is None:
            save_unknown(folder, paper.arxiv_id)
    result.requests += fetched.requests
    return result
