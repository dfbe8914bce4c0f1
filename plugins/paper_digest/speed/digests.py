"""The pipeline with a cache in front: each digest parsed, rendered and translated once per content.

A digest's cache entries are split by who needs them, so each language's run
reads only its own: the papers (both), their HTML (the Chinese site), the
skeletons of that HTML (making the English) and the English itself; catalogs are
cached a digest's at a time. Keys name everything an entry was made from, so a
hit gives what the plain pipeline would make (a test builds both ways).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..digest.load import digest_files, read_digest
from ..digest.model import Paper
from ..digest.parse import parse_digest
from ..options import Options, options_of
from ..pipeline import Pipeline, Rendered, Translated, english_of, first_block_text
from ..problems import DigestError, Location, Problem
from ..translation.english import Catalogs, EnglishMemory, catalog_bytes, catalogs_by_digest
from ..translation.memory import Memory, glossary_path, load_memory
from ..translation.segments import skeleton
from .cache import DigestCache


class CachedPipeline(Pipeline):
    def __init__(self, options: Options):
        super().__init__(options)
        self.cache = DigestCache(options.cache)
        self.extensions = options.markdown_extensions
        self.context = english_context(options)
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
        for paper in papers:  # by line: a paper written without a link has its id only once loaded
            sections = self.sections(paper)
            html[paper.source.line] = Rendered(sections, first_block_text(sections))
            skeletons[paper.source.line] = tuple(skeleton(body) for body in sections)
        self._put(self.cache.key(key, "html"), html)
        self._put(self.cache.key(key, "skeletons"), skeletons)
        self._put(key, (papers, problems))
        return papers, problems

    def rendered(self, papers: list[Paper]) -> dict[str, Rendered]:
        """The HTML of these papers, which must come from digests this object has parsed."""
        found: dict[str, Rendered] = {}
        for path, group in _by_digest(papers).items():
            html = self._part(path, "html")
            found.update((paper.arxiv_id, html[paper.source.line]) for paper in group)
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

    def citations(self, papers: list[Paper]) -> dict[str, str]:
        """pybtex is slow: a digest's entries are one cache entry, keyed by its papers and their arXiv records."""
        found: dict[str, str] = {}
        for path, group in _by_digest(papers).items():
            papers_and_records = repr([(paper.arxiv_id, paper.record) for paper in group])  # a group may be a subset
            records = hashlib.sha256(papers_and_records.encode()).hexdigest()
            key = self.cache.key(self._keys[path], "bibtex", records)
            entry = self._get(key)
            if entry is None:
                entry = super().citations(group)
                self._put(key, entry)
            found.update(entry)
        return {paper.arxiv_id: found[paper.arxiv_id] for paper in papers}

    def english_memory(self) -> EnglishMemory:
        glossary, _ = load_memory(glossary_path(self.options.memory))
        return EnglishMemory(self.options.memory, glossary, self.read_catalogs)

    def read_catalogs(self, paths: list[Path]) -> Catalogs:
        """Parsing PO files is slow: a digest's catalogs are one cache entry, keyed by their bytes."""
        contents = catalog_bytes(paths)
        key = self._catalogs_key(contents)
        loaded = self.cache.get(key)
        if loaded is None:
            loaded = {p: (Memory(p), []) if d is None else load_memory(p, d) for p, d in contents.items()}
            self.cache.put(key, loaded)
        return loaded

    def _catalogs_key(self, contents: dict[Path, bytes | None]) -> str:
        parts = [f"{p}\0{'-' if d is None else hashlib.sha256(d).hexdigest()}" for p, d in contents.items()]
        return self.cache.key("memories", *parts)

    def translated(self, papers: list[Paper]) -> dict[str, Translated]:
        """Each paper's English, kept per digest for its Chinese, its catalogs, the glossary and the tags."""
        by_digest = _by_digest(papers)
        memory = self.english_memory()
        found: dict[str, Translated] = {}
        for path, group in by_digest.items():
            catalogs = [
                self._catalogs_key(catalog_bytes(paths)) for paths in catalogs_by_digest(memory.folder, group).values()
            ]
            ids = repr([(paper.source.line, paper.arxiv_id) for paper in group])  # a link-less paper's id may change
            key = self.cache.key(self._keys[path], "english", self.context, ids, *catalogs)
            entry = self._get(key)
            if entry is None:  # the key names the group's catalogs, so an entry holds every paper of it
                skeletons = self._part(path, "skeletons")
                memory.preload(group)
                entry = {p.arxiv_id: english_of(p, list(skeletons[p.source.line]), memory) for p in group}
                self._put(key, entry)
            found.update(entry)
        return found


def _by_digest(papers: list[Paper]) -> dict[str, list[Paper]]:
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(paper.source.path, []).append(paper)
    return groups


def english_context(options: Options) -> str:
    """What every paper's English depends on besides its own digest and catalog: the glossary and the tags."""
    parts = []
    for path in (glossary_path(options.memory), Path(options.registry)):
        try:
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            parts.append("-")
    return "|".join(parts)


def make_pipeline(options: Options) -> Pipeline:
    """The cached pipeline, or the plain one when the speed-ups are off (PAPER_DIGEST_SPEEDUPS = False)."""
    return CachedPipeline(options) if options.speedups else Pipeline(options)


def prepare_digests(settings: dict, share: int = 0, shares: int = 1) -> None:
    """Parse and render into the cache every `shares`-th digest file, starting at `share` (a warm-up pass).

    When the site has translated languages, those papers' English is made too,
    so the English run does not do all of that work alone.
    """
    options = options_of(settings)
    pipeline = CachedPipeline(options)
    files, _ = digest_files(options.paths)
    papers, _ = pipeline.load(files[share::shares])
    pipeline.citations(papers)
    if options.subsites and papers:
        pipeline.translated(papers)
