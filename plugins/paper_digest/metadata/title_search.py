"""Asking arXiv for a paper by its title, for digests written without links: exact titles only.

arXiv's relevance order lists look-alikes first ("Revisiting X", "X: a survey"),
so a result is taken only when its title equals the digest's once case, width,
spaces and punctuation are set aside; the closest other one is reported, never
taken. Colons, quotes and brackets confuse arXiv's query parser, so the query is
the title's words as one `ti:` phrase.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable

import arxiv

from ..digest.text import alnum_key, fold
from ..retrying import RequestOptions, Retrying
from .fetch import RETRYABLE, ask, record_of
from .record import ArxivRecord
from .titles import TitleAnswer

LISTED = 10  # results looked at per title: the exact one is among the first few when arXiv has it
_NEAR = 0.8  # how alike a title must be to be named as the closest (difflib's ratio of the folded titles)


def title_query(title: str) -> str:
    """ti:"word word …": the title's words only, so no colon, quote or bracket reaches the query parser."""
    words = re.findall(r"[^\W_]+", fold(title))
    return 'ti:"' + " ".join(words) + '"'


def best_match(title: str, results: list[arxiv.Result]) -> tuple[arxiv.Result | None, arxiv.Result | None]:
    """The result whose title is the digest's (None if none is), and else the closest look-alike."""
    key = alnum_key(title)
    exact = next((result for result in results if alnum_key(result.title) == key), None)
    if exact or not results:
        return exact, None

    def alike(result: arxiv.Result) -> float:
        other = alnum_key(result.title)
        if key in other or other in key:  # "Revisiting X", "X: a survey"
            return 1.0
        return difflib.SequenceMatcher(None, fold(title), fold(" ".join(result.title.split()))).ratio()

    closest = max(results, key=alike)
    return None, closest if alike(closest) >= _NEAR else None


def search_titles(
    titles: list[str],
    client: arxiv.Client,
    options: RequestOptions,
    host: str,
    answered: Callable[[TitleAnswer, ArxivRecord | None], None],
) -> int:
    """Ask arXiv for each title, one request each at the client's delay; `answered` gets each answer as it
    comes (with the record when found). Returns the number of requests sent."""
    retrying = Retrying("arxiv", host, options)
    today = dt.datetime.now(dt.UTC).date()
    for title in titles:
        search = arxiv.Search(query=title_query(title), max_results=LISTED)
        results = retrying.call(lambda search=search, title=title: ask(client, search, f"'{title}'"), RETRYABLE)
        exact, near = best_match(title, results)
        if exact:
            record = record_of(exact)
            answered(TitleAnswer(title, record.arxiv_id, today), record)
        else:
            closest = f"{' '.join(near.title.split())} ({record_of(near).arxiv_id})" if near else ""
            answered(TitleAnswer(title, "", today, closest), None)
    return retrying.requests
