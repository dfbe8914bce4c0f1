"""Digest files on disk -> tagged papers, newest first, and located problems.

The one place that touches the file system for digests; shared by the Pelican
plugin and by `invoke inspect`, so both report exactly the same problems. A
file or paper that cannot be published is skipped and reported; the rest load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..problems import SKIPPED, Location, Problem
from .identity import TitleLookup, no_lookup, one_per_id, resolve_ids
from .layout import DIGEST_SUFFIXES, digest_files
from .model import Paper, RawTag
from .parse import parse_digest
from .taxonomy import Registry, assign_topics, keywords_of, load_registry, unmapped_summary, wordless

__all__ = ["DIGEST_SUFFIXES", "Loaded", "digest_files", "load_digests", "load_papers", "read_digest"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_digest(path: str) -> tuple[str | None, Problem | None]:
    try:
        data = Path(path).read_bytes()
    except OSError as error:  # a dangling link, a file without read permission
        return None, Problem(Location(path, 0), f"digest skipped: cannot be read ({error.strerror}); fix it", SKIPPED)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Problem(
            Location(path, line),
            f"digest skipped: not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
            "re-save the file as UTF-8",
            SKIPPED,
        )
    control = _CONTROL.search(text)
    if control:  # XML feeds cannot carry them, and no digest needs them
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, Problem(
            Location(path, line),
            f"digest skipped: control character U+{ord(control.group()):04X} at column {column}; delete it",
            SKIPPED,
        )
    return text, None


def read_registry(path: str) -> tuple[Registry, list[Problem]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Registry([]), [Problem(Location(path, 0), f"cannot read the tag registry: {error}")]
    return load_registry(text, path)


Parser = Callable[[str, str], tuple[list[Paper], list[Problem]]]


@dataclass
class Loaded:
    papers: list[Paper] = field(default_factory=list)  # tagged, one per arXiv id, newest first
    problems: list[Problem] = field(default_factory=list)  # in file order
    unresolved: list[Paper] = field(default_factory=list)  # written without a link, and nothing names their id
    unmapped: list[RawTag] = field(default_factory=list)  # raw tags that name no topic, for `invoke tags`
    registry: Registry = field(default_factory=lambda: Registry([]))  # the topics they were filed under


def load_digests(
    paths: list[str], registry_path: str, parse: Parser = parse_digest, known_title: TitleLookup = no_lookup
) -> Loaded:
    """Every paper of every digest under `paths`. `parse` lets the site glue put a cache in front of the
    parser; `known_title` gives a link-less paper its id from arXiv's stored records."""
    registry, problems = read_registry(registry_path)
    files, missing = digest_files(paths)
    loaded = Loaded(problems=problems + missing, registry=registry)
    papers: list[Paper] = []
    for path in files:
        text, problem = read_digest(path)
        if problem:
            loaded.problems.append(problem)
            continue
        parsed, parse_problems = parse(text, path)
        resolved, resolve_problems, unresolved = resolve_ids(parsed, path, paths, known_title)
        loaded.problems += sorted(parse_problems + resolve_problems, key=lambda p: p.location.line)
        loaded.unresolved += unresolved
        papers += resolved
    if not files and not missing:
        loaded.problems.append(Problem(Location(", ".join(paths) or ".", 0), "no digest files (*.txt, *.md) found"))
    unique, duplicates = one_per_id(papers)
    loaded.problems += duplicates
    for paper in unique:
        topics, unmapped = assign_topics(paper, registry)
        loaded.unmapped += unmapped
        loaded.problems += wordless(paper)
        loaded.papers.append(replace(paper, tags=topics, keywords=keywords_of(paper, topics)))
    untopical = [paper for paper in loaded.papers if not paper.tags]
    loaded.problems += unmapped_summary(loaded.unmapped, untopical, registry_path)
    loaded.papers.sort(key=lambda p: (p.date, p.arxiv_id), reverse=True)
    return loaded


def load_papers(
    paths: list[str], registry_path: str, parse: Parser = parse_digest, known_title: TitleLookup = no_lookup
) -> tuple[list[Paper], list[Problem]]:
    """load_digests' papers and problems."""
    loaded = load_digests(paths, registry_path, parse, known_title)
    return loaded.papers, loaded.problems
