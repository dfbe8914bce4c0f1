"""`invoke enrich`: fetch the arXiv records the repository lacks and store them, one file per paper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from ..digest.model import Paper
from ..retrying import RequestOptions
from .fetch import API_URL, DELAY, fetch, make_client
from .record import load_record, record_path, save_record, save_unknown


@dataclass
class EnrichResult:
    asked: int = 0
    stored: list[Path] = field(default_factory=list)
    unknown: list[Paper] = field(default_factory=list)
    unanswered: list[Paper] = field(default_factory=list)
    requests: int = 0


def missing_records(papers: list[Paper], folder: Path) -> list[Paper]:
    """Papers nobody has asked arXiv about yet (an id arXiv does not know is remembered as such)."""
    return [paper for paper in papers if not record_path(folder, paper.arxiv_id).exists()]


def without_record(papers: list[Paper], folder: Path) -> list[Paper]:
    """Papers the build has no arXiv record for (never asked, or unknown to arXiv): `enrich --check`."""
    return [paper for paper in papers if load_record(folder, paper.arxiv_id)[0] is None]


def enrich(
    papers: list[Paper],
    folder: Path,
    *,
    url: str = API_URL,
    refresh: bool = False,
    delay: float = DELAY,
    options: RequestOptions = RequestOptions(),  # noqa: B008 - frozen
    progress: Callable[[int], None] = lambda n: None,
) -> EnrichResult:
    """Store the record of every paper without one (of every paper with `refresh`); a rerun asks nothing."""
    wanted = papers if refresh else missing_records(papers, folder)
    result = EnrichResult(asked=len(wanted))
    if not wanted:
        return result
    client = make_client(url, delay, options.timeout)

    def store(records) -> None:
        count = 0
        for record in records:
            result.stored.append(save_record(folder, record))
            count += 1
        progress(count)

    by_id = {paper.arxiv_id: paper for paper in wanted}
    fetched = fetch(list(by_id), client, options, urlparse(url).netloc or url, store)
    result.unknown = [by_id[arxiv_id] for arxiv_id in fetched.unknown]
    result.unanswered = [by_id[arxiv_id] for arxiv_id in fetched.unanswered]
    for paper in result.unknown:  # remembered, so a rerun does not ask; a good record is never overwritten
        if load_record(folder, paper.arxiv_id)[0] is None:
            save_unknown(folder, paper.arxiv_id)
    result.requests = fetched.requests
    return result
