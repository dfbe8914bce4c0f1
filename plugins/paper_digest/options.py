"""The plugin's settings: defaults as module constants, merged with the user's and validated in one place."""

from __future__ import annotations

import os
import re
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
    # page, and a rebuild re-indexes the shards whose pages changed; readers fetch one more small
    # metadata file per shard, and one more index chunk per query word.
    "PAPER_DIGEST_SEARCH_SHARD_PAPERS": 500,
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


def speedups(settings: dict) -> bool:
    """PAPER_DIGEST_SPEEDUPS, read where it is asked often (every article): checked once per run by the build."""
    return settings.get("PAPER_DIGEST_SPEEDUPS", DEFAULTS["PAPER_DIGEST_SPEEDUPS"])


def project_paths(settings: dict) -> dict:
    """The project's folders as the settings name them, so the tasks never repeat where things are."""
    options = settings_with_defaults(settings)
    return {
        "output": Path(settings["OUTPUT_PATH"]),
        "seeds": [Path(p) for p in options["PAPER_DIGEST_PATHS"]],
        "registry": Path(options["PAPER_DIGEST_TAGS"]),
        "memory": Path(options["PAPER_DIGEST_MEMORY"]),
        "arxiv": Path(options["PAPER_DIGEST_ARXIV"]),
        "theme": Path(settings["THEME"]),
    }


def settings_with_defaults(settings: dict) -> dict:
    """The plugin's settings, the user's over the defaults, with paths made absolute; DigestError if wrong."""
    problems = check(settings)
    if problems:
        raise DigestError(problems)
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in settings.items() if k.startswith("PAPER_DIGEST_")})
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    merged["PAPER_DIGEST_PATHS"] = [os.path.join(root, p) for p in merged["PAPER_DIGEST_PATHS"]]
    if merged["PAPER_DIGEST_CACHE"]:
        merged["PAPER_DIGEST_CACHE"] = os.path.join(root, merged["PAPER_DIGEST_CACHE"])
    for key in ("PAPER_DIGEST_TAGS", "PAPER_DIGEST_MEMORY", "PAPER_DIGEST_ARXIV"):
        merged[key] = os.path.join(settings["PATH"], merged[key])
    return merged
