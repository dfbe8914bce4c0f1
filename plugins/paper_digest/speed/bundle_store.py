"""Search bundles kept by key in the cache folder, so a build anywhere (the daily workflow, which restores
`cache/` but not the last site) reuses the Pagefind runs and merges of any earlier build.

A key names everything a bundle was made from (site/search.py, site/indexer.py), so an entry is the bundle
those inputs make wherever it was made. Entries are hard-linked trees, put in place whole by a rename and
taken out whole by one before they are deleted; a build that uses one touches its folder, which is what
`prune` goes by. The store is a speed-up: when it fails, the bundle is made again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from ..files import link_or_copy_tree

ENTRY = "pagefind-entry.json"
logger = logging.getLogger(__name__)


class BundleStore:
    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) / "search" if folder else None

    def fetch(self, key: str, target: Path) -> bool:
        """Link the bundle kept under `key` to `target`; False when there is none."""
        if self.folder is None or not (self.folder / key / ENTRY).is_file():
            return False
        try:
            link_or_copy_tree(self.folder / key, target)
        except OSError as error:  # pruned meanwhile by another run, or a disk error: made again instead
            logger.warning("search bundle %s not taken from %s: %s", key, self.folder, error)
            shutil.rmtree(target, ignore_errors=True)
            return False
        self._touch(key)
        return True

    def keep(self, key: str, made: Path) -> None:
        """Keep the bundle at `made` under `key` (once: a second build of the same key made the same files)."""
        if self.folder is None:
            return
        if (self.folder / key / ENTRY).is_file():
            return self._touch(key)
        partial = self.folder / f".{key}.{os.getpid()}.{threading.get_ident()}"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            link_or_copy_tree(made, partial)
            os.replace(partial, self.folder / key)
        except OSError as error:  # another process kept it meanwhile, or the disk is full: not kept
            if not (self.folder / key / ENTRY).is_file():
                logger.warning("search bundle %s not kept in %s: %s", key, self.folder, error)
            shutil.rmtree(partial, ignore_errors=True)
        self._touch(key)

    def prune(self, unused_since: float) -> int:
        """Delete the bundles no build has used or kept since `unused_since` (a time.time()); how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.iterdir():
            try:
                if entry.stat().st_mtime < unused_since:
                    retired = entry.with_name(f".{entry.name}.pruned.{os.getpid()}")
                    os.replace(entry, retired)  # out of reach at once: never found half deleted
                    shutil.rmtree(retired)
                    removed += not entry.name.startswith(".")
            except FileNotFoundError:
                pass
        return removed

    def _touch(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):  # the folder: its files are linked into sites
            os.utime(self.folder / key, (time.time(), time.time()))
