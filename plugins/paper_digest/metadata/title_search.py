"""Asking arXiv for a paper by its title, for digests written without links: exact titles only.

arXiv's relevance order lists look-alikes first ("Revisiting X", "X: a survey"),
so a result is taken only when its title equals the digest's once case, width,
spaces and punctuation are set aside; the closest other one is reported, never
taken. Colons, quotes and brackets confuse arXiv's query parser, so the query is
the title's words as one `ti:` phrase. Several papers of exactly the same title
are reported too: which one the digest means, only its link can say.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable

import arxiv

from ..digest.text import alnum_key, fold
from ..retrying import RequestOptions, Retrying
from .fetch import RETRYABLE, arxiv_id_of, ask, record_of
from .record import ArxivRecord
from .titles import TitleAnswer

LISTED = 10  # results looked at per title: the exact one is among the first few when arXiv has it
_NEAR = 0.8  # how alike a title must be to be named as the closest (difflib's ratio of the folded titles)


def title_query(title: str) -> str:
    """ti:"word word …": the title's words only, so no colon, quote or bracket reaches the query parser."""
    words = re.findall(r"[^\W_]+", fold(title))
    return 'ti:"' + " ".join(words) + '"'


def best_match(title: str, results: list[arxiv.Result]) -> tuple[arxiv.Result | None, str]:
    """The result whose title is the digest's, or None and why: the closest look-alike, or the papers that
    share the title (which one the digest means, only its link can say)."""
    key = alnum_key(title)
    exact = [result for result in results if alnum_key(result.title) == key]
    if len(exact) > 1:
        ids = ", ".join(arxiv_id_of(result) for result in exact)
        return None, f"{len(exact)} papers have exactly this title: {ids}; add the link of the right one"
    if exact or not results:
        return (exact[0] if exact else None), ""

    def alike(result: arxiv.Result) -> float:
        other = alnum_key(result.title)
        if key in other or other in key:  # "Revisiting X", "X: a survey"
            return 1.0
        return difflib.SequenceMatcher(None, fold(title), fold(" ".join(result.title.split()))).ratio()

    closest = max(results, key=alike)
    if alike(closest) < _NEAR:
        return None, ""
    return None, f"the closest is '{' '.join(closest.title.split())}' ({arxiv_id_of(closest)}), not taken"


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
        results: list[arxiv.Result] = []
        for _ in range(2):  # an empty answer happens now and then: asked once more before it is believed
            results = retrying.call(lambda search=search, title=title: ask(client, search, f"'{title}'"), RETRYABLE)
            if results:
                break
        exact, why_not = best_match(title, results)
        if exact:
            record = record_of(exact)
            answered(TitleAnswer(title, record.arxiv_id, today), record)
        else:
            answered(TitleAnswer(title, "", today, why_not), None)
    return retrying.requests
