"""A paper's English counterpart, assembled from the translation memory (read-only, no network)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..digest.model import Paper
from ..digest.text import CJK
from ..problems import Problem
from .memory import Memory, load_memory, paper_memory_path
from .segments import Skeleton, decode, plain, skeleton

_FULL_WIDTH = str.maketrans({"（": " (", "）": ")", "：": ": ", "，": ", ", "；": "; ", "！": "!", "？": "?"})


SOURCE_LANG = "zh-CN"  # the digests' language, marked on text shown before it is translated
PENDING_CLASS = "untranslated"


@dataclass
class EnglishPaper:
    """What the English page shows; `missing` non-empty means the translation is pending.

    Sections are (heading HTML, body HTML). A segment without English is shown in place, in Chinese,
    marked as awaiting translation: nothing translated is hidden because a neighbour is pending.
    """

    sections: list[tuple[str, str]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # the digest's raw tags in English (as written while pending)
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    title_translation: str | None = None
    reviewed: bool = True
    missing: list[str] = field(default_factory=list)
    pending_blocks: int = 0  # headings and text runs of the sections shown in Chinese

    @property
    def status(self) -> str:
        if self.missing:
            return "pending"
        return "reviewed" if self.reviewed else "machine"


Catalogs = dict[Path, tuple[Memory, list[Problem]]]


def catalogs_by_digest(folder: Path, papers: Iterable[Paper]) -> dict[str, list[Path]]:
    """The catalog files of these papers, grouped by the digest they come from."""
    by_digest: dict[str, list[Path]] = {}
    for paper in papers:
        by_digest.setdefault(paper.source.path, []).append(paper_memory_path(folder, paper.arxiv_id))
    return {digest: sorted(paths) for digest, paths in by_digest.items()}


def catalog_bytes(paths: list[Path]) -> dict[Path, bytes | None]:
    contents: dict[Path, bytes | None] = {}
    for path in paths:
        try:
            contents[path] = path.read_bytes()
        except FileNotFoundError:
            contents[path] = None
    return contents


def read_catalogs(paths: list[Path]) -> Catalogs:
    """Each paper's catalog (an empty memory for a paper nobody has translated yet) and its problems."""
    return {p: (Memory(p), []) if d is None else load_memory(p, d) for p, d in catalog_bytes(paths).items()}


class EnglishMemory:
    """Lookups in the glossary first, then in the paper's own catalog, remembering what was used.

    `read` loads a group of catalogs (the speed layer passes one that caches them).
    """

    def __init__(self, folder: Path, glossary: Memory, read: Callable[[list[Path]], Catalogs] = read_catalogs):
        self.folder = Path(folder)
        self.glossary = glossary
        self.read = read
        self.problems: list[Problem] = []
        self._loaded: Catalogs = {}

    def preload(self, papers: Iterable[Paper]) -> None:
        """Read the catalogs of many papers, a digest's at a time."""
        for paths in catalogs_by_digest(self.folder, papers).values():
            self._loaded.update(self.read(paths))

    def for_paper(self, paper: Paper, sections: list[str] | list[Skeleton]) -> EnglishPaper:
        path = paper_memory_path(self.folder, paper.arxiv_id)
        if path not in self._loaded:
            self._loaded.update(self.read([path]))
        memory, problems = self._loaded[path]
        self.problems += problems
        english = EnglishPaper()

        def lookup(source: str) -> str | None:
            entry = self.glossary.lookup(source) or memory.lookup(source)
            if entry is None:
                english.missing.append(source)
                return None
            english.reviewed = english.reviewed and entry.reviewed
            return entry.target

        def text(value: str) -> str | None:
            """Short fields: translated when Chinese, else kept as written; None while untranslated."""
            if not CJK.search(value):
                return " ".join(value.translate(_FULL_WIDTH).split())
            found = lookup(_escape(value))
            return plain(found) if found else None

        def pending(source_html: str) -> str:
            english.pending_blocks += 1
            return pending_html(source_html)

        english.title_translation = text(paper.title_zh) if paper.title_zh else None
        # Until the memory has them, Chinese labels and names are shown as written, never dropped or coded.
        english.keywords = [text(k) or k for k in paper.keywords]
        english.authors = [text(a) or a for a in paper.authors]
        english.affiliations = [text(a) or a for a in paper.affiliations]
        for section, body in zip(paper.sections, sections, strict=True):
            heading = ""
            if section.heading:
                found = text(section.heading)
                heading = _escape(found) if found is not None else pending(_escape(section.heading))
            frame = body if isinstance(body, Skeleton) else skeleton(body)
            translated = frame.fill(lookup, lambda slot: pending(decode(slot.source, slot.elements)))
            english.sections.append((heading, translated))
        english.missing = list(dict.fromkeys(english.missing))
        return english


def pending_html(source_html: str) -> str:
    """Chinese shown on an English page, marked so readers (and screen readers) know what it is."""
    return f'<span class="{PENDING_CLASS}" lang="{SOURCE_LANG}" title="Awaiting translation">{source_html}</span>'


def _escape(value: str) -> str:
    return html.escape(value, quote=False)  # as segments are keyed (segments.paper_segments)
