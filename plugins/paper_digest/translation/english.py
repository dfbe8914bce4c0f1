"""A paper's English counterpart, assembled from the translation memory (read-only, no network)."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..digest.model import Paper, Problem, Tag
from ..digest.text import CJK
from ..speed.cache import DigestCache
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
    tags: list[Tag] = field(default_factory=list)
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


class EnglishMemory:
    """Lookups in the glossary first, then in the paper's own catalog, remembering what was used."""

    def __init__(self, folder: Path, glossary: Memory, cache: DigestCache | None = None):
        self.folder = Path(folder)
        self.glossary = glossary
        self.cache = cache or DigestCache(None)
        self.problems: list[Problem] = []
        self._loaded: dict[Path, tuple[Memory, list[Problem]]] = {}

    def preload(self, papers: Iterable[Paper]) -> None:
        """Read the catalogs of many papers, from the cache when their bytes are unchanged (parsing PO
        files is slow); one cache entry per digest, not per paper, so a build writes few files."""
        for paths in self._by_digest(papers).values():
            self._loaded.update(self._load_group(paths))

    def catalogs_key(self, papers: Iterable[Paper]) -> str:
        """A key that changes whenever any of these papers' catalogs does (appears, goes or is edited)."""
        parts = [self._group_key(self._contents(paths)) for paths in self._by_digest(papers).values()]
        return self.cache.key("catalogs", *parts)

    def _by_digest(self, papers: Iterable[Paper]) -> dict[str, list[Path]]:
        by_digest: dict[str, list[Path]] = {}
        for paper in papers:
            by_digest.setdefault(paper.source.path, []).append(paper_memory_path(self.folder, paper.arxiv_id))
        return {digest: sorted(paths) for digest, paths in by_digest.items()}

    @staticmethod
    def _contents(paths: list[Path]) -> dict[Path, bytes | None]:
        contents: dict[Path, bytes | None] = {}
        for path in paths:
            try:
                contents[path] = path.read_bytes()
            except FileNotFoundError:
                contents[path] = None
        return contents

    def _group_key(self, contents: dict[Path, bytes | None]) -> str:
        parts = [f"{p}\0{'-' if d is None else hashlib.sha256(d).hexdigest()}" for p, d in contents.items()]
        return self.cache.key("memories", *parts)

    def _load_group(self, paths: list[Path]) -> dict[Path, tuple[Memory, list[Problem]]]:
        contents = self._contents(paths)
        key = self._group_key(contents)
        loaded = self.cache.get(key)
        if loaded is None:
            loaded = {p: (Memory(p), []) if d is None else load_memory(p, d) for p, d in contents.items()}
            self.cache.put(key, loaded)
        return loaded

    def for_paper(self, paper: Paper, sections: list[str] | list[Skeleton]) -> EnglishPaper:
        path = paper_memory_path(self.folder, paper.arxiv_id)
        if path not in self._loaded:
            self._loaded.update(self._load_group([path]))
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
        english.tags = [Tag(t.slug, t.zh, text(t.en) or t.en) for t in paper.tags]
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
