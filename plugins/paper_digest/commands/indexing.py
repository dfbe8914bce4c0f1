"""Each language's search bundles as its pages are written: indexed at once or handed back, reusing what the
build it replaces already made."""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..options import options_of
from ..roles import role_of
from ..site.search import Bundle, SearchIndex
from ..speed.bundle_store import BundleStore

if TYPE_CHECKING:  # sites.py runs the languages and imports this
    from .sites import SiteReport


@dataclass(frozen=True)
class LastBuild:
    """The site this build replaces and its bookkeeping, whose unchanged search shards and bundles are reused."""

    output: Path
    state: Path


def _search_index(settings: dict, last: LastBuild | None) -> SearchIndex:
    """A language's index, reusing the last build's shards and bundles and, with the speed-ups, the cache's."""
    options = options_of(settings)
    store = BundleStore(options.cache if options.speedups else None)
    output = Path(settings["OUTPUT_PATH"])
    if last is None:
        return SearchIndex(output, store=store)
    prefix = role_of(settings).prefix
    return SearchIndex(output, last.output / prefix, last.state / prefix, store)


class Indexing:
    """Each language's search bundles as its pages are written: their shards indexed there (in turn, or by
    Pagefind processes on the cores the languages leave free), then the bundles made (in the languages'
    processes, which are free by then); or the bundles kept by language prefix for the caller to make."""

    def __init__(
        self,
        last: LastBuild | None,
        index: bool,
        indexers: ThreadPoolExecutor | None = None,
        processes: Executor | None = None,
    ):
        self.last, self.index, self.indexers, self.processes = last, index, indexers, processes
        self.reports: list[SiteReport] = []
        self.unindexed: dict[str, list[Bundle]] = {}
        self.indexing: list[tuple[SearchIndex, list[Bundle], list]] = []

    def written(self, settings: dict, bundles: list[Bundle], report: SiteReport) -> None:
        self.reports.append(report)
        shards = [shard for bundle in bundles for shard in bundle.shards]
        if bundles and not self.index:
            self.unindexed[report.prefix] = bundles
        elif bundles:
            index = _search_index(settings, self.last)
            if self.indexers is None:
                for shard in shards:
                    index.index_shard(shard)
                index.finish(bundles)
            else:
                self.indexing.append((index, bundles, [self.indexers.submit(index.index_shard, s) for s in shards]))

    def finish(self) -> None:
        """Each language's bundles made as soon as its own shards are indexed, while Pagefind still runs for
        the other language's."""
        with ThreadPoolExecutor(max_workers=max(1, len(self.indexing))) as waiting:
            for made in [waiting.submit(self._finish, *language) for language in self.indexing]:
                made.result()

    def _finish(self, index: SearchIndex, bundles: list[Bundle], jobs: list) -> None:
        for job in jobs:
            job.result()
        if self.processes is None:
            index.finish(bundles)
        else:  # a merge is Python, which a thread of this process would run on one core for all languages
            self.processes.submit(index.finish, bundles).result()

    def jobs(self) -> list:
        return [job for _, _, jobs in self.indexing for job in jobs]

    def result(self, sites: list[dict]) -> tuple[list[SiteReport], dict[str, list[Bundle]]]:
        order = [role_of(settings).lang for settings in sites]
        return sorted(self.reports, key=lambda report: order.index(report.lang)), self.unindexed
