"""What the live preview does on a change: apply saved digests to the kept site, else build everything.

A full build (sites.py) is the reference: the preview starts with one, runs one
for any change but an edit of existing papers, and again after any failure. An
edit is applied by the site kept in memory (preview/live.py) in a fraction of a
second. Either way the pages never wait for Pagefind: the search bundles whose
pages changed are made again afterwards (search_refresh.py; a full build swaps
its pages in with the last build's bundles, which search uses meanwhile).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ..commands.sites import build_pages_first, site_settings
from ..problems import DigestError, Problem
from .live import LiveSite, digests_on_disk, kept_site
from .search_refresh import SearchRefresh

logger = logging.getLogger(__name__)


class PreviewBuilds:
    """The preview's two ways to rebuild; `report` prints what each did, for the person editing."""

    def __init__(self, settings_file: str, overrides: dict, report: Callable[[str], None] = print):
        self.settings_file = settings_file
        self.overrides = dict(overrides)
        self.report = report
        self.live: LiveSite | None = None
        self.search = SearchRefresh()

    def full(self) -> list[Problem]:
        """Build everything (raises DigestError), then keep the new site in memory for the edits to come.
        Returns what of the digests was skipped, FILE:LINE and why."""
        self.search.settle()
        self.live = None
        sites = site_settings(self.settings_file, {**self.overrides, "DELETE_OUTPUT_DIRECTORY": False})
        read = digests_on_disk(sites)
        reports, search_jobs = build_pages_first(self.settings_file, self.overrides)
        for report in reports:
            self.report(str(report))
        skipped = list(dict.fromkeys(problem for report in reports for problem in report.skipped))
        try:
            with _quiet():  # the build has just reported the digests' warnings
                live = kept_site(sites)
        except Exception as error:  # the site is built; without a kept copy every edit is a full build
            logger.warning("the preview keeps no copy of the site (each edit will rebuild it): %s", error)
            live = None
        finally:
            self.search.add(search_jobs)  # only now: this thread must not run while a build forks
        if live is not None and digests_on_disk(sites) != read:
            live = None  # a digest was saved during the build: the copy may hold text the site lacks; its change,
            # already queued, rebuilds
        self.live = live
        return skipped

    def quick(self, changed: set[Path], written: Callable[[list[Path]], None]) -> list[Problem] | None:
        """Apply saved digests to the kept site: what of them is skipped (FILE:LINE and why), or None when the
        change needs a full build. `written` is told the files written, the edited pages first. Raises
        DigestError when the digests have fatal problems: the site stays as it was."""
        if self.live is None:
            return None
        started = time.perf_counter()
        skipped: list[Problem] = []
        try:
            jobs = self.live.apply(sorted(changed), written, skipped.extend)
        except DigestError:
            raise
        except Exception as error:  # the kept site may be half updated: a full build, which reports it itself
            logger.warning("the edit could not be applied in place (%s); building everything", error)
            self.live = None
            return None
        if jobs is None:
            return None
        seconds = time.perf_counter() - started
        self.report(f"{len(changed)} digest(s) applied to the preview in {seconds:.2f} s")
        self.search.add(jobs)
        return skipped


@contextmanager
def _quiet():
    """The plugin's warnings held back while the preview reads the site again, as a build already did."""
    plugin = logging.getLogger("paper_digest")
    level = plugin.level
    plugin.setLevel(logging.ERROR)
    try:
        yield
    finally:
        plugin.setLevel(level)
