"""Digest files on disk -> tagged papers, newest first, or located problems.

The one place that touches the file system for digests; shared by the Pelican
plugin and by `invoke inspect`, so both report exactly the same problems.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .model import Location, Paper, Problem
from .parse import parse_digest
from .taxonomy import Registry, assign_tags, load_registry

DIGEST_SUFFIXES = (".txt", ".md")


def digest_files(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand files, folders and globs into digest files, in a stable order."""
    found: list[str] = []
    problems = []
    for path in paths:
        matches = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
        if not matches or not all(os.path.exists(m) for m in matches):
            problems.append(Problem(Location(path, 0), "no such file or folder"))
            continue
        for match in matches:
            if os.path.isdir(match):
                found.extend(
                    str(p)
                    for p in sorted(Path(match).iterdir())
                    if p.suffix in DIGEST_SUFFIXES and not p.name.startswith(".")
                )
            else:
                found.append(match)
    return list(dict.fromkeys(found)), problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_digest(path: str) -> tuple[str | None, Problem | None]:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, Problem(
            Location(path, line),
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); re-save the file as UTF-8",
        )
    control = _CONTROL.search(text)
    if control:  # XML feeds cannot carry them, and no digest needs them
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, Problem(
            Location(path, line),
            f"control character U+{ord(control.group()):04X} at column {column}; delete it",
        )
    return text, None


def read_registry(path: str) -> tuple[Registry, list[Problem]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Registry([]), [Problem(Location(path, 0), f"cannot read the tag registry: {error}")]
    return load_registry(text, path)


Parser = Callable[[str, str], tuple[list[Paper], list[Problem]]]


def load_papers(
    paths: list[str], registry_path: str, parse: Parser = parse_digest
) -> tuple[list[Paper], list[Problem]]:
    """Every paper of every digest, tagged and sorted newest first; problems in file order.

    `parse` lets the site glue put a cache in front of the parser.
    """
    registry, problems = read_registry(registry_path)
    files, missing = digest_files(paths)
    problems += missing
    papers: list[Paper] = []
    for path in files:
        text, problem = read_digest(path)
        if problem:
            problems.append(problem)
            continue
        parsed, parse_problems = parse(text, path)
        problems += parse_problems
        papers += parsed
    if not files and not missing:
        problems.append(Problem(Location(", ".join(paths) or ".", 0), "no digest files (*.txt, *.md) found"))

    first_seen: dict[str, Paper] = {}
    unique = []
    for paper in papers:
        earlier = first_seen.setdefault(paper.arxiv_id, paper)
        if earlier is not paper:
            problems.append(
                Problem(
                    paper.source,
                    f"arXiv {paper.arxiv_id} is already a paper at {earlier.source}; keep one of the two",
                )
            )
            continue
        tags, warnings = assign_tags(paper, registry)
        problems += warnings
        unique.append(replace(paper, tags=tags))
    unique.sort(key=lambda p: (p.date, p.arxiv_id), reverse=True)
    return unique, problems
