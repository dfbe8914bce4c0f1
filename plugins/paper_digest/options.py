"""The plugin's settings: defaults as module constants, merged with the user's and validated in one place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import DigestError, Location, Problem

DEFAULTS = {
    # Digest files, folders or globs; relative paths are taken from the project root.
    "PAPER_DIGEST_PATHS": ["seeds"],
    # The tag registry and the translation memory folder, relative to the content folder.
    "PAPER_DIGEST_TAGS": "tags.toml",
    "PAPER_DIGEST_MEMORY": "translations",
    # arXiv's records of the papers (`invoke enrich` writes them), relative to the content folder.
    "PAPER_DIGEST_ARXIV": "arxiv",
    # Production builds refuse to publish a paper whose English is incomplete.
    "PAPER_DIGEST_REQUIRE_TRANSLATIONS": False,
    # A paper or digest that cannot be published is skipped and reported while the rest publish; True stops
    # the build instead (`--strict`).
    "PAPER_DIGEST_STRICT": False,
    # Markdown extensions used to render each section body.
    "PAPER_DIGEST_MARKDOWN_EXTENSIONS": ["extra", "sane_lists"],
    # Parsed and rendered digests are kept here between builds (relative to the project root; None: off).
    "PAPER_DIGEST_CACHE": "cache",
    # Translated sites: {prefix: settings overrides}; each is built into OUTPUT_PATH/prefix.
    "PAPER_DIGEST_SUBSITES": {},
    # Build the Pagefind search index of each language (the search page needs it).
    "PAPER_DIGEST_SEARCH": True,
    # Papers per search shard (one Pagefind run each): Pagefind needs about 60 MB + 0.25 MB per Chinese
    # page, and a rebuild re-indexes the shards whose pages changed.
    "PAPER_DIGEST_SEARCH_SHARD_PAPERS": 500,
    # Merge full shards into a few bundles as the archive grows (site/search.py): a reader's first search
    # fetches an entry, a metadata file, the filters and a word chunk per query word from each bundle.
    # False publishes each shard as a bundle of its own (the same results, more requests).
    "PAPER_DIGEST_SEARCH_MERGE": True,
    # The speed-ups (speed/: the cache, reused search shards, memos); False builds the same bytes, slower.
    "PAPER_DIGEST_SPEEDUPS": True,
}


def _paths(value) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) and item for item in value)


_PREFIX = re.compile(r"[a-z][a-z0-9-]*")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


# What each setting must be, said the way the error says it.
_VALID = {
    "PAPER_DIGEST_PATHS": (_paths, "a list of digest files, folders or globs, like ['seeds']"),
    "PAPER_DIGEST_TAGS": (lambda v: isinstance(v, str) and v, "the registry's file name, like 'tags.toml'"),
    "PAPER_DIGEST_MEMORY": (lambda v: isinstance(v, str) and v, "the memory's folder name, like 'translations'"),
    "PAPER_DIGEST_ARXIV": (lambda v: isinstance(v, str) and v, "the arXiv records' folder name, like 'arxiv'"),
    "PAPER_DIGEST_REQUIRE_TRANSLATIONS": (lambda v: isinstance(v, bool), "True or False"),
    "PAPER_DIGEST_STRICT": (lambda v: isinstance(v, bool), "True or False"),
    "PAPER_DIGEST_MARKDOWN_EXTENSIONS": (_paths, "a list of Markdown extension names, like ['extra']"),
    "PAPER_DIGEST_CACHE": (lambda v: v is None or (isinstance(v, str) and v), "a folder name, or None for no cache"),
    "PAPER_DIGEST_SUBSITES": (
        lambda v: isinstance(v, dict) and all(_PREFIX.fullmatch(str(k)) and isinstance(o, dict) for k, o in v.items()),
        "a dict of {prefix: settings overrides}, each prefix a folder name like 'en' or 'zh-tw', "
        "like {'en': {'DEFAULT_LANG': 'en'}}",
    ),
    "PAPER_DIGEST_SEARCH": (lambda v: isinstance(v, bool), "True or False"),
    "PAPER_DIGEST_SEARCH_MERGE": (lambda v: isinstance(v, bool), "True or False"),
    "PAPER_DIGEST_SPEEDUPS": (lambda v: isinstance(v, bool), "True or False"),
    "PAPER_DIGEST_SEARCH_SHARD_PAPERS": (_whole, "a positive whole number of papers"),
}


def check(settings: dict) -> list[Problem]:
    """A located problem for each PAPER_DIGEST_* setting that is unknown or of the wrong kind."""
    problems = []
    for key, value in settings.items():
        if not key.startswith("PAPER_DIGEST_"):
            continue
        where = Location(f"setting {key}", 0)
        if key not in _VALID:
            known = ", ".join(sorted(_VALID))
            problems.append(Problem(where, f"is not a setting of this plugin (a typo?); known: {known}"))
        elif not _VALID[key][0](value):
            problems.append(Problem(where, f"must be {_VALID[key][1]}, not {value!r}"))
    return problems


@dataclass(frozen=True)
class Options:
    """The plugin's settings for one run: the user's over the defaults, checked once, paths made absolute."""

    paths: tuple[str, ...]  # digest files, folders or globs
    registry: str  # the topic registry (tags.toml)
    memory: str  # the translation memory's folder
    arxiv: str  # arXiv's records' folder
    require_translations: bool
    strict: bool
    markdown_extensions: tuple[str, ...]
    cache: str | None
    subsites: dict = field(compare=False)  # {prefix: settings overrides}
    search: bool
    search_shard_papers: int
    search_merge: bool
    speedups: bool

    @classmethod
    def of(cls, settings: dict) -> Options:
        """Made from Pelican's settings; DigestError names each wrong PAPER_DIGEST_* setting."""
        problems = check(settings)
        if problems:
            raise DigestError(problems)
        merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k.startswith("PAPER_DIGEST_")}}
        root = os.path.dirname(os.path.abspath(settings["PATH"]))
        cache = merged["PAPER_DIGEST_CACHE"]
        return cls(
            paths=tuple(os.path.join(root, p) for p in merged["PAPER_DIGEST_PATHS"]),
            registry=os.path.join(settings["PATH"], merged["PAPER_DIGEST_TAGS"]),
            memory=os.path.join(settings["PATH"], merged["PAPER_DIGEST_MEMORY"]),
            arxiv=os.path.join(settings["PATH"], merged["PAPER_DIGEST_ARXIV"]),
            require_translations=merged["PAPER_DIGEST_REQUIRE_TRANSLATIONS"],
            strict=merged["PAPER_DIGEST_STRICT"],
            markdown_extensions=tuple(merged["PAPER_DIGEST_MARKDOWN_EXTENSIONS"]),
            cache=os.path.join(root, cache) if cache else None,
            subsites=dict(merged["PAPER_DIGEST_SUBSITES"]),
            search=merged["PAPER_DIGEST_SEARCH"],
            search_shard_papers=merged["PAPER_DIGEST_SEARCH_SHARD_PAPERS"],
            search_merge=merged["PAPER_DIGEST_SEARCH_MERGE"],
            speedups=merged["PAPER_DIGEST_SPEEDUPS"],
        )


_RUNS: dict[str, tuple[dict, Options]] = {}  # a run's output folder -> the settings it ran with, their options


def options_of(settings: dict) -> Options:
    """The run's options, made and checked once for its settings (Pelican hands its handlers the same dict all
    run long); a new run, or changed settings, makes them again."""
    key = os.path.realpath(settings["OUTPUT_PATH"])
    kept = _RUNS.get(key)
    if kept is None or kept[0] is not settings:
        kept = _RUNS[key] = (settings, Options.of(settings))
    return kept[1]


def project_paths(settings: dict) -> dict:
    """The project's folders as the settings name them, so the tasks never repeat where things are."""
    options = Options.of(settings)
    return {
        "output": Path(settings["OUTPUT_PATH"]),
        "seeds": [Path(p) for p in options.paths],
        "registry": Path(options.registry),
        "memory": Path(options.memory),
        "arxiv": Path(options.arxiv),
        "theme": Path(settings["THEME"]),
    }
