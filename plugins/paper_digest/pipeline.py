"""The whole flow, plainly: digests -> papers -> section HTML -> segments -> memory -> each language's papers.

No cache and no Pelican: every step is made from scratch, in the order the
folders read (digest/, translation/). speed/digests.py puts a cache in front of
the same steps; a build with or without it writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from bs4 import BeautifulSoup

from .digest.load import load_digests
from .digest.model import Paper
from .digest.parse import parse_digest
from .digest.render import SectionRenderer
from .metadata.bibtex import bibtex_entry
from .metadata.merge import attach_records
from .metadata.titles import KnownTitles
from .options import Options
from .problems import Problem
from .translation.english import PENDING_CLASS, EnglishMemory, EnglishPaper
from .translation.memory import glossary_path, load_memory
from .translation.segments import Skeleton, skeleton

SUMMARY_CHARS = 160


class Rendered(NamedTuple):
    """A paper's sections as HTML, and its summary."""

    sections: tuple[str, ...]
    summary: str


class Translated(NamedTuple):
    """A paper's English, its summary, and the problems its catalog had."""

    english: EnglishPaper
    summary: str
    problems: list[Problem]


class Pipeline:
    """One project's digests, tag registry and translation memory, as the papers each language shows."""

    def __init__(self, options: Options):
        self.options = options
        self.renderer = SectionRenderer(options.markdown_extensions)

    def load(self, paths: list[str] | None = None) -> tuple[list[Paper], list[Problem]]:
        """Every paper of the digests (all of the project's when `paths` is None), tagged, newest first."""
        paths = self.options.paths if paths is None else paths
        records = self.options.arxiv
        loaded = load_digests(paths, self.options.registry, self.parse, KnownTitles(records))
        papers, disagreements = attach_records(loaded.papers, records)
        return papers, loaded.problems + disagreements

    def parse(self, text: str, path: str) -> tuple[list[Paper], list[Problem]]:
        return parse_digest(text, path)

    def sections(self, paper: Paper) -> tuple[str, ...]:
        return tuple(self.renderer.render(section.markdown) for section in paper.sections)

    def rendered(self, papers: list[Paper]) -> dict[str, Rendered]:
        """The Chinese site's papers: their sections as HTML and their summaries."""
        found = {}
        for paper in papers:
            sections = self.sections(paper)
            found[paper.arxiv_id] = Rendered(sections, first_block_text(sections))
        return found

    def citations(self, papers: list[Paper]) -> dict[str, str]:
        """Each paper's BibTeX entry, the same in every language."""
        return {paper.arxiv_id: bibtex_entry(paper) for paper in papers}

    def english_memory(self) -> EnglishMemory:
        glossary, _ = load_memory(glossary_path(self.options.memory))
        return EnglishMemory(self.options.memory, glossary)

    def translated(self, papers: list[Paper]) -> dict[str, Translated]:
        """The English site's papers: what the memory has of each, the rest marked pending."""
        memory = self.english_memory()
        return {
            paper.arxiv_id: english_of(paper, [skeleton(b) for b in self.sections(paper)], memory) for paper in papers
        }


def english_of(paper: Paper, skeletons: list[Skeleton], memory: EnglishMemory) -> Translated:
    known = len(memory.problems)
    english = memory.for_paper(paper, skeletons)
    return Translated(english, first_block_text(body for _, body in english.sections), memory.problems[known:])


def first_block_text(bodies: Iterable[str]) -> str:
    """Plain text of the first paragraph or list item, cut to a meta description's length.

    Text still awaiting translation is passed over: an English description is English or empty.
    """
    for body in bodies:
        soup = BeautifulSoup(body, "html.parser")
        for block in soup.find_all(["p", "li"]) or [soup]:
            if block.find(class_=PENDING_CLASS) is None and block.get_text().strip():
                return cut(" ".join(block.get_text().split()))
    return ""


def cut(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"
