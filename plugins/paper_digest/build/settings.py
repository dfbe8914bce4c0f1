"""The plugin's settings: defaults as module constants, merged with the user's and validated in one place."""

from __future__ import annotations

import os

DEFAULTS = {
    # Digest files, folders or globs; relative paths are taken from the project root.
    "PAPER_DIGEST_PATHS": ["seeds"],
    # The tag registry and the translation memory folder, relative to the content folder.
    "PAPER_DIGEST_TAGS": "tags.toml",
    "PAPER_DIGEST_MEMORY": "translations",
    # Production builds refuse to publish a paper whose English is incomplete.
    "PAPER_DIGEST_REQUIRE_TRANSLATIONS": False,
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
}


def settings_with_defaults(settings: dict) -> dict:
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in settings.items() if k.startswith("PAPER_DIGEST_")})
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    merged["PAPER_DIGEST_PATHS"] = [os.path.join(root, p) for p in merged["PAPER_DIGEST_PATHS"]]
    if merged["PAPER_DIGEST_CACHE"]:
        merged["PAPER_DIGEST_CACHE"] = os.path.join(root, merged["PAPER_DIGEST_CACHE"])
    for key in ("PAPER_DIGEST_TAGS", "PAPER_DIGEST_MEMORY"):
        merged[key] = os.path.join(settings["PATH"], merged[key])
    return merged
