"""What the live preview does on a change: apply saved digests to the kept site, else build everything.

A full build (sites.py) is the reference: the preview starts with one, runs one
for any change but an edit of existing papers, and again after any failure. An
edit is applied by the site kept in memory (speed/live.py) in a fraction of a
second. Either way the pages never wait for Pagefind: the search shards whose
pages changed are indexed again afterwards, one at a time in a thread (a full
build swaps its pages in with the last build's bundles, which search uses
meanwhile).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..digest.model import DigestError
from ..site.search import ShardJob, reindex_in_place
from ..speed.live import LiveSite, live_sites
from .sites import build_pages_first, site_settings

logger = logging.getLogger(__name__)


class SearchRefresh:
    """Search shards to index again, in order, in one thread; a shard named twice is indexed once more."""

    def __init__(self):
        self._pending: dict[tuple[Path, str], ShardJob] = {}
        self._condition = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None

    def add(self, jobs: list[ShardJob]) -> None:
        with self._condition:
            for job in jobs:
                self._pending[(job.site, job.shard.name)] = job
            if jobs and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-refresh", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def settle(self) -> None:
        """Drop what waits and let the running shard finish: a full build indexes everything itself, and it
        forks its processes, which must not happen while this thread works."""
        with self._condition:
            self._pending.clear()
            self._condition.wait_for(lambda: not self._busy)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending)
                _, job = self._pending.popitem()
                self._busy = True
            try:
                reindex_in_place(job)
            except DigestError as error:
                logger.warning("the search index was not refreshed (the next full build will): %s", error)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()


class PreviewBuilds:
    """The preview's two ways to rebuild; `report` prints what each did, for the person editing."""

    def __init__(self, settings_file: str, overrides: dict, report: Callable[[str], None] = print):
        self.settings_file = settings_file
        self.overrides = dict(overrides)
        self.report = report
        self.live: LiveSite | None = None
        self.search = SearchRefresh()

    def full(self) -> None:
        """Build everything (raises DigestError), then keep the new site in memory for the edits to come."""
        self.search.settle()
        if self.live is not None:
            self.live.close()
            self.live = None
        reports, search_jobs = build_pages_first(self.settings_file, self.overrides)
        for report in reports:
            self.report(str(report))
        sites = site_settings(self.settings_file, {**self.overrides, "DELETE_OUTPUT_DIRECTORY": False})
        plugin = logging.getLogger("paper_digest")
        level = plugin.level
        plugin.setLevel(logging.ERROR)  # the build has just reported the digests' warnings
        try:
            self.live = live_sites(sites)
        finally:
            plugin.setLevel(level)
        self.search.add(search_jobs)  # after the kept site is made: the thread must not run while a build forks

    def quick(self, changed: set[Path], written: Callable[[list[Path]], None]) -> bool:
        """Apply saved digests to the kept site; False when the change needs a full build. `written` is told
        the files written, the edited pages first. Raises DigestError when the digests have fatal problems:
        the site stays as it was."""
        if self.live is None:
            return False
        started = time.perf_counter()
        try:
            jobs = self.live.apply(sorted(changed), written)
        except DigestError:
            raise
        except Exception:  # the kept site may be half updated: a full build, which reports the problem itself
            logger.exception("the edit could not be applied in place; building everything")
            self.live.close()
            self.live = None
            return False
        if jobs is None:
            return False
        seconds = time.perf_counter() - started
        self.report(f"{len(changed)} digest(s) applied to the preview in {seconds:.2f} s")
        self.search.add(jobs)
        return True
