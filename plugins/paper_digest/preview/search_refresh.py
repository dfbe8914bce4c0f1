"""The live preview's search index, kept up with its pages: bundles made again one at a time, in a thread.

The preview writes pages first (an applied edit, or a full build that swapped its
pages in with the last build's bundles); the bundles whose pages changed are then
handed here, so no page waits for Pagefind. Meanwhile a search reads the last
build of each bundle.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..site.search import BundleJob, refresh_bundle

logger = logging.getLogger(__name__)


class SearchRefresh:
    """Bundles to make again, oldest request first; a bundle asked for again while waiting is made once."""

    def __init__(self):
        self._pending: dict[tuple[Path, str], BundleJob] = {}
        self._condition = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None

    def add(self, jobs: list[BundleJob]) -> None:
        with self._condition:
            for job in jobs:
                self._pending.setdefault((job.site, job.bundle.name), job)
            if jobs and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-refresh", daemon=True)
                self._thread.start()
            self._condition.notify_all()

    def settle(self) -> None:
        """Drop what waits and let the running bundle finish: a full build asks again for what it changed,
        and it forks processes, which must not happen while this thread works."""
        with self._condition:
            self._pending.clear()
            self._condition.wait_for(lambda: not self._busy)

    def wait(self, timeout: float | None = None) -> bool:
        """Until every bundle asked for is made (for tests); False if `timeout` passed first."""
        with self._condition:
            return self._condition.wait_for(lambda: not self._busy and not self._pending, timeout=timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending)
                job = self._pending.pop(next(iter(self._pending)))
                self._busy = True
            try:
                refresh_bundle(job)
            except Exception as error:  # one bundle's failure must not stop the others, nor this thread
                logger.warning("search bundle %s of %s was not made again: %s", job.bundle.name, job.site, error)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
