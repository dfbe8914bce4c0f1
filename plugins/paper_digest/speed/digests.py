"""Parsing, rendering and translating each digest once per content: the cache in front of the pipeline."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..build.settings import settings_with_defaults
from ..digest.load import digest_files, load_papers, read_digest
from ..digest.model import DigestError, Location, Paper, Problem
from ..digest.parse import parse_digest
from ..digest.render import SectionRenderer
from ..site.articles import Rendered, Translated, first_block_text
from ..translation.english import EnglishMemory
from ..translation.memory import glossary_path, load_memory
from ..translation.segments import skeleton
from .cache import DigestCache


class CachedDigests:
    """Parse, render and translate each digest once per content: from the cache when it has them, else now.

    A digest's cache entries are split by who needs them, so each language's run
    reads only its own: the papers (both), their HTML (the Chinese site), the
    skeletons of that HTML (making the English) and the English itself.
    """

    def __init__(self, folder: str | None, extensions: list[str]):
        self.cache = DigestCache(folder)
        self.extensions = extensions
        self.renderer = SectionRenderer(extensions)
        self._keys: dict[str, str] = {}  # digest path -> its papers' cache key
        self._made: dict[str, object] = {}  # entries made by this process (the cache may be off)

    def _get(self, key: str):
        found = self._made.get(key)
        return self.cache.get(key) if found is None else found

    def _put(self, key: str, value) -> None:
        self._made[key] = value
        self.cache.put(key, value)

    def _digest_key(self, text: str, path: str) -> str:
        return self.cache.key(path, text, "|".join(self.extensions))

    def parse(self, text: str, path: str):
        key = self._digest_key(text, path)
        self._keys[path] = key
        entry = self._get(key)
        return self._parse_now(text, path, key) if entry is None else entry

    def _parse_now(self, text: str, path: str, key: str):
        papers, problems = parse_digest(text, path)
        html, skeletons = {}, {}
        for paper in papers:
            sections = tuple(self.renderer.render(s.markdown) for s in paper.sections)
            html[paper.arxiv_id] = Rendered(sections, first_block_text(sections))
            skeletons[paper.arxiv_id] = tuple(skeleton(body) for body in sections)
        self._put(self.cache.key(key, "html"), html)
        self._put(self.cache.key(key, "skeletons"), skeletons)
        self._put(key, (papers, problems))
        return papers, problems

    def rendered(self, papers: list[Paper]) -> dict[str, Rendered]:
        """The HTML of these papers, which must come from digests this object has parsed."""
        found: dict[str, Rendered] = {}
        for path in dict.fromkeys(paper.source.path for paper in papers):
            found.update(self._part(path, "html"))
        return found

    def _part(self, path: str, part: str) -> dict:
        key = self._keys[path]
        value = self._get(self.cache.key(key, part))
        if value is None:  # gone from the cache since the papers were read: parse again
            text, _ = read_digest(path)
            if text is None or self._digest_key(text, path) != key:  # never keep new text under the old key
                raise DigestError([Problem(Location(path, 0), "the digest changed during the build; build again")])
            self._parse_now(text, path, key)
            value = self._made[self.cache.key(key, part)]
        return value

    def translated(self, papers: list[Paper], memory: EnglishMemory, context: str) -> dict[str, Translated]:
        """Each paper's English, kept per digest for its Chinese, its catalogs and `context` (glossary, tags)."""
        by_digest: dict[str, list[Paper]] = {}
        for paper in papers:
            by_digest.setdefault(paper.source.path, []).append(paper)
        found: dict[str, Translated] = {}
        for path, group in by_digest.items():
            key = self.cache.key(self._keys[path], "english", context, memory.catalogs_key(group))
            entry = self._get(key)
            if entry is None:  # the key names the group's catalogs, so an entry holds every paper of it
                entry = self._translate(path, group, memory)
                self._put(key, entry)
            found.update(entry)
        return found

    def _translate(self, path: str, papers: list[Paper], memory: EnglishMemory) -> dict[str, Translated]:
        skeletons = self._part(path, "skeletons")
        memory.preload(papers)
        entry = {}
        for paper in papers:
            known = len(memory.problems)
            english = memory.for_paper(paper, list(skeletons[paper.arxiv_id]))
            summary = first_block_text(body for _, body in english.sections)
            entry[paper.arxiv_id] = Translated(english, summary, memory.problems[known:])
        return entry


def english_context(options: dict) -> str:
    """What every paper's English depends on besides its own digest and catalog: the glossary and the tags."""
    parts = []
    for path in (glossary_path(options["PAPER_DIGEST_MEMORY"]), Path(options["PAPER_DIGEST_TAGS"])):
        try:
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            parts.append("-")
    return "|".join(parts)


def prepare_digests(settings: dict, share: int = 0, shares: int = 1) -> None:
    """Parse and render into the cache every `shares`-th digest file, starting at `share` (a warm-up pass).

    When the site has translated languages, those papers' English is made too,
    so the English run does not do all of that work alone.
    """
    options = settings_with_defaults(settings)
    digests = CachedDigests(options["PAPER_DIGEST_CACHE"], options["PAPER_DIGEST_MARKDOWN_EXTENSIONS"])
    files, _ = digest_files(options["PAPER_DIGEST_PATHS"])
    papers, _ = load_papers(files[share::shares], options["PAPER_DIGEST_TAGS"], digests.parse)
    if options["PAPER_DIGEST_SUBSITES"] and papers:
        glossary, _ = load_memory(glossary_path(options["PAPER_DIGEST_MEMORY"]))
        memory = EnglishMemory(options["PAPER_DIGEST_MEMORY"], glossary, digests.cache)
        digests.translated(papers, memory, english_context(options))
