"""BibTeX entries in arXiv's style (@misc with eprint and archivePrefix), written with pybtex."""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from ..digest.model import Paper

_STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward"}


def _escape(text: str) -> str:
    """What pybtex's LaTeX encoding leaves alone (it escapes _ & % #): backslashes, dollars, stray braces."""
    text = " ".join(text.split()).replace("\\", r"\textbackslash ").replace("$", r"\$")
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth == 0:
        return text
    return text.replace("{", "\x00").replace("}", r"\textbraceright{}").replace("\x00", r"\textbraceleft{}")


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


class _Writer(Writer):
    """pybtex's BibTeX writer, minus the LaTeX encoding of identifiers (a DOI's '_' stays '_')."""

    def _write_field(self, stream, type, value):
        if type in _RAW:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


_RAW = {"doi", "url", "eprint", "archivePrefix", "primaryClass", "version", "year"}
_TEAM = re.compile(r"(?:\b(?:team|group|lab|consortium)|团队)$", re.I)


def _person(name: str) -> Person:
    """A name for BibTeX (pybtex sorts out particles: 'Ann van der Berg' -> 'van der Berg, Ann');
    a team or a one-word name stays whole, braced."""
    if len(name.split()) < 2 or _TEAM.search(name):
        return Person("{" + _escape(name) + "}")
    return Person(_escape(name))


def cite_key(paper: Paper) -> str:
    authors = paper.cited_authors
    surname = _ascii_word(_person(authors[0]).last_names[-1]) if authors else "anon"
    first = next((w for w in (_ascii_word(w) for w in paper.title.split()) if w and w not in _STOP), "paper")
    return f"{surname or 'anon'}{paper.published.year}{first}"


def bibtex_entry(paper: Paper) -> str:
    """arXiv's style of entry (@misc with eprint, archivePrefix, primaryClass), written by pybtex."""
    record = paper.record
    fields = [("title", "{" + _escape(paper.title) + "}"), ("year", str(paper.published.year))]
    fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
    if record:
        fields += [("primaryClass", record.primary_category), ("version", str(record.version))]
        fields += [("doi", record.doi)] if record.doi else []
    fields.append(("url", paper.abs_url))
    persons = {"author": [_person(name) for name in paper.cited_authors]} if paper.cited_authors else {}
    entry = Entry("misc", fields=fields, persons=persons)
    return _Writer().to_string(BibliographyData({cite_key(paper): entry}))


def bibliography(papers: list[Paper], known: dict[str, str] | None = None) -> str:
    """Entries for many papers (from `known`, by arXiv id, when already made); a repeated key gets
    a -1, -2 suffix so the file stays valid."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        entry = known[paper.arxiv_id] if known and paper.arxiv_id in known else bibtex_entry(paper)
        key = entry[entry.index("{") + 1 : entry.index(",")]  # cite_key(paper), as the entry has it
        if key in seen:
            seen[key] += 1
            entry = entry.replace(f"@misc{{{key},", f"@misc{{{key}-{seen[key]},", 1)
        else:
            seen[key] = 0
        entries.append(entry)
    return "\n".join(entries)
