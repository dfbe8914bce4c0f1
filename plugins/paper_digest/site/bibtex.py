"""BibTeX entries in arXiv's style (@misc with eprint and archivePrefix)."""

from __future__ import annotations

import re
import unicodedata

from ..digest.model import Paper

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_]")
_STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward"}


def _escape(text: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(text.split()))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _bib_name(name: str) -> str:
    """'Piotr Dollár' -> 'Dollár, Piotr'; a team or a one-word name stays whole, braced."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() in {"team", "group", "lab", "consortium"}:
        return "{" + _escape(name) + "}"
    return f"{_escape(words[-1])}, {_escape(' '.join(words[:-1]))}"


def cite_key(paper: Paper) -> str:
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else "anon"
    first = next((w for w in (_ascii_word(w) for w in paper.title.split()) if w and w not in _STOP), "paper")
    return f"{surname or 'anon'}{paper.published.year}{first}"


def bibtex_entry(paper: Paper) -> str:
    fields = [("title", "{" + _escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in paper.authors)))
    fields += [
        ("year", str(paper.published.year)),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
        ("url", paper.abs_url),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{cite_key(paper)},\n{body}\n}}\n"


def bibliography(papers: list[Paper], known: dict[str, str] | None = None) -> str:
    """Entries for many papers (from `known`, by arXiv id, when already made); a repeated key gets
    a -1, -2 suffix so the file stays valid."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        entry = known[paper.arxiv_id] if known and paper.arxiv_id in known else bibtex_entry(paper)
        key = cite_key(paper)
        if key in seen:
            seen[key] += 1
            entry = entry.replace(f"@misc{{{key},", f"@misc{{{key}-{seen[key]},", 1)
        else:
            seen[key] = 0
        entries.append(entry)
    return "\n".join(entries)
