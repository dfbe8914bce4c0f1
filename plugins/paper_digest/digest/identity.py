"""Which arXiv paper each digest paper is: ids for papers written without a link, one paper per id.

A generator's older digests carry no links; its day's paper list (JSON beside
the digest) or arXiv's records name the id by the title. The same day may also
arrive twice (the seed beside the generator's own copy): each id publishes once,
from the later digest. Pure but for reading the day's lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..problems import NOTE, SKIPPED, WARNING, Location, Problem, shown_path
from .layout import day_list_files, read_day_list
from .model import Paper
from .text import alnum_key

# A title -> (its arXiv id or None, why not when known: what `invoke enrich` found on arXiv)
TitleLookup = Callable[[str], tuple[str | None, str]]
LINK_ADVICE = "or add '[arxiv_pdf_url](https://arxiv.org/pdf/ID)' after the title"


def no_lookup(title: str) -> tuple[str | None, str]:
    return None, ""


def resolve_ids(
    papers: list[Paper], digest: str, roots: list[str], known_title: TitleLookup = no_lookup
) -> tuple[list[Paper], list[Problem], list[Paper]]:
    """The papers with ids (a link-less one's from the day's list, else from arXiv's records by title); the
    problems; and the link-less papers nothing names yet, which are skipped (`invoke enrich` asks arXiv)."""
    if all(paper.arxiv_id for paper in papers):
        return papers, [], []
    day_ids: dict[str, str] = {}
    problems: list[Problem] = []
    for file in day_list_files(digest, roots):
        ids, file_problems = read_day_list(file)
        problems += file_problems
        for title, arxiv_id in ids.items():
            day_ids.setdefault(title, arxiv_id)
    resolved, unresolved = [], []
    for paper in papers:
        arxiv_id, why_not = (paper.arxiv_id, "") if paper.arxiv_id else (day_ids.get(alnum_key(paper.title)), "")
        if not arxiv_id:
            arxiv_id, why_not = known_title(paper.title)
        if arxiv_id:
            resolved.append(paper if paper.arxiv_id else paper.with_id(arxiv_id))
            continue
        unresolved.append(paper)
        reason = why_not or (
            "no link follows its title, and neither the day's paper list nor a stored arXiv record names it; "
            "run 'invoke enrich' to look the title up on arXiv"
        )
        problems.append(
            Problem(paper.source, f"paper skipped: '{paper.title}' has no arXiv id: {reason}, {LINK_ADVICE}", SKIPPED)
        )
    return resolved, problems, unresolved


def one_per_id(papers: list[Paper]) -> tuple[list[Paper], list[Problem]]:
    """Each id once: from the later digest (by date, then path) when two digests hold it, with a warning naming
    both (one quiet note per pair of digests when their texts are the same); the second of one digest is
    skipped, located."""
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(paper.arxiv_id, []).append(paper)
    problems: list[Problem] = []
    same: Counter[tuple[str, str]] = Counter()
    winners = set()
    for arxiv_id, group in groups.items():
        first_in: dict[str, Paper] = {}
        for paper in group:
            first = first_in.setdefault(paper.source.path, paper)
            if first is not paper:
                problems.append(
                    Problem(
                        paper.source,
                        f"paper skipped: arXiv {arxiv_id} is already a paper at {first.source} of this digest; "
                        "delete one of the two",
                        SKIPPED,
                    )
                )
        candidates = list(first_in.values())
        winner = max(candidates, key=lambda paper: (paper.date, paper.source.path))
        winners.add(id(winner))
        for paper in candidates:
            if paper is winner:
                continue
            if paper.same_text(winner):
                same[(paper.source.path, winner.source.path)] += 1
            else:
                problems.append(
                    Problem(
                        paper.source,
                        f"arXiv {arxiv_id} is also at {winner.source}, a later digest, whose text differs: it is "
                        "published from there; delete one of the two to silence this warning",
                        WARNING,
                    )
                )
    for (earlier, later), count in same.items():
        problems.append(
            Problem(
                Location(earlier, 0),
                f"{count} paper(s) are also in {shown_path(later)} with the same text: published once, from there",
                NOTE,
            )
        )
    return [paper for paper in papers if id(paper) in winners], problems
