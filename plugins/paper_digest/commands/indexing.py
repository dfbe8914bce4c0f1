"""Each language's search shards as its pages are written: indexed at once or handed back, reusing what the
build it replaces already indexed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..roles import role_of
from ..site.search import SearchIndex, Shard

if TYPE_CHECKING:  # sites.py runs the languages and imports this
    from .sites import SiteReport


@dataclass(frozen=True)
class LastBuild:
    """The site this build replaces and its bookkeeping, whose unchanged search shards are reused."""

    output: Path
    state: Path

    def index_for(self, settings: dict) -> SearchIndex:
        prefix = role_of(settings).prefix
        return SearchIndex(Path(settings["OUTPUT_PATH"]), self.output / prefix, self.state / prefix)


def _search_index(settings: dict, last: LastBuild | None) -> SearchIndex:
    return last.index_for(settings) if last else SearchIndex(Path(settings["OUTPUT_PATH"]))


class Shards:
    """Each language's search shards as its pages are written: indexed there (in turn, or by Pagefind processes
    on the cores the languages leave free), or kept by language prefix for the caller to index."""

    def __init__(self, last: LastBuild | None, index: bool, indexers: ThreadPoolExecutor | None = None):
        self.last, self.index, self.indexers = last, index, indexers
        self.reports: list[SiteReport] = []
        self.unindexed: dict[str, list[Shard]] = {}
        self.indexing: list[tuple[SearchIndex, list]] = []

    def written(self, settings: dict, shards: list[Shard], report: SiteReport) -> None:
        self.reports.append(report)
        if shards and not self.index:
            self.unindexed[report.prefix] = shards
        elif shards:
            bundles = _search_index(settings, self.last)
            if self.indexers is None:
                for shard in shards:
                    bundles.index_shard(shard)
                bundles.finish()
            else:
                self.indexing.append((bundles, [self.indexers.submit(bundles.index_shard, shard) for shard in shards]))

    def finish(self) -> None:
        for bundles, jobs in self.indexing:
            for job in jobs:
                job.result()
            bundles.finish()

    def jobs(self) -> list:
        return [job for _, jobs in self.indexing for job in jobs]

    def result(self, sites: list[dict]) -> tuple[list[SiteReport], dict[str, list[Shard]]]:
        order = [role_of(settings).lang for settings in sites]
        return sorted(self.reports, key=lambda report: order.index(report.lang)), self.unindexed
