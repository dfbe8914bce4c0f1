"""Digest papers meet arXiv's records: each paper gets its stored record, and disagreements are reported.

A digest that names no authors takes arXiv's; one whose authors share no name with
arXiv's, or whose title differs from arXiv's (case, spaces and punctuation aside),
may link to the wrong paper: a warning with the paper's FILE:LINE says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..digest.model import Paper
from ..digest.text import CJK, alnum_key, scrub_emails
from ..problems import WARNING, Location, Problem
from .record import ArxivRecord, load_record, record_path


def _name_key(name: str) -> frozenset[str]:
    """A name as a set of ASCII words: 'Wang Jun' and 'Jun Wang', 'Dollár' and 'Dollar' are the same."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return frozenset(re.findall(r"[a-z0-9]+", ascii_name))


def disagreements(paper: Paper, record: ArxivRecord) -> list[str]:
    found = []
    latin = [name for name in paper.authors if not CJK.search(name)]
    if latin and record.authors and not {_name_key(n) for n in latin} & {_name_key(n) for n in record.author_names}:
        found.append(
            f"the digest's authors ({', '.join(latin[:3])}…) share no name with arXiv's "
            f"({', '.join(record.author_names[:3])}…): does the link point at the right paper?"
        )
    if alnum_key(paper.title) != alnum_key(record.title):
        found.append(f"the title differs from arXiv's '{record.title}': check the heading or the link")
    return found


def attach_records(papers: list[Paper], folder: Path) -> tuple[list[Paper], list[Problem]]:
    """Each paper with its stored record (offline: files only), and the located warnings."""
    attached, problems = [], []
    for paper in papers:
        record, record_problems = load_record(folder, paper.arxiv_id)
        problems += record_problems
        if record is None:
            attached.append(paper)
            continue
        problems += [Problem(paper.source, message, WARNING) for message in disagreements(paper, record)]
        record, removed = without_addresses(record)
        where = Location(str(record_path(folder, paper.arxiv_id)), 0)
        problems += [
            Problem(where, f"e-mail address '{address}' in arXiv's comment or abstract is not published", WARNING)
            for address in removed
        ]
        attached.append(replace(paper, record=record))
    return attached, problems


def without_addresses(record: ArxivRecord) -> tuple[ArxivRecord, list[str]]:
    """arXiv's comments and abstracts do carry addresses ('Contact: …'): the pages never show them."""
    abstract, found = scrub_emails(record.abstract)
    comment, more = scrub_emails(record.comment)
    if not found and not more:
        return record, []
    return replace(record, abstract=abstract, comment=comment), found + more
