"""A content-addressed cache of parsed, rendered and translated digests, kept between builds.

An entry is keyed by everything it was made from (a digest's path and bytes, the
Markdown extensions, for the English also the catalogs, glossary and tag
registry) and the plugin's own source code, so any change to any of them misses;
a damaged or missing entry is simply made again. Writes are atomic, so the
processes of one build (one per language) can share the folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from importlib import metadata
from pathlib import Path

from ..files import write_atomically


@cache
def code_version() -> str:
    """The plugin's source and the versions of the libraries whose output is cached."""
    digest = hashlib.sha256()
    plugin = Path(__file__).resolve().parents[1]  # every module of the plugin, in every subpackage
    for path in sorted(plugin.rglob("*.py")):
        digest.update(path.relative_to(plugin).as_posix().encode() + b"\0" + path.read_bytes())
    for package in ("markdown", "nh3", "beautifulsoup4", "babel", "pybtex", "latexcodec"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()


class DigestCache:
    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(code_version().encode())
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / f"{key}.pickle").is_file()

    def get(self, key: str):
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pickle"
        try:
            with open(path, "rb") as handle:
                value = pickle.load(handle)
            os.utime(path)  # used by this build: `invoke prune-cache` keeps it
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def prune(self, unused_since: float) -> int:
        """Delete the entries no build has read or written since `unused_since` (a time.time()); how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.glob("*.pickle"):
            try:
                if entry.stat().st_mtime < unused_since:
                    entry.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        write_atomically(
            self.folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False
        )
