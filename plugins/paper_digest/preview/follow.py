"""What the preview tells open pages (a version, the problems, which pages changed) and what it does with each
batch of saved sources: apply saved digests to the kept site, else build everything."""

from __future__ import annotations

import logging
import os
import secrets
import threading
from functools import partial
from pathlib import Path

from ..problems import DigestError

logger = logging.getLogger(__name__)


class Broadcast:
    """The preview's state (a version, the problems, which pages each version rewrote) for open pages."""

    KEPT = 100  # versions whose pages are remembered; a page further behind reloads whatever it shows

    def __init__(self):
        self.condition = threading.Condition()
        self.epoch = secrets.token_hex(4)  # this preview's: a page served by an earlier one reloads
        self.version = 0
        self.problems: list[str] = []  # what stops the build: the pages show the last good site under them
        self.skipped: list[str] = []  # what the site leaves out (papers, files): shown beside the page
        self.rewritten: dict[int, list[str] | None] = {}  # version -> URL paths it rewrote (None: every page)

    def publish(self, problems: list[str], pages: list[str] | None = None, skipped: list[str] | None = None) -> None:
        with self.condition:
            self.version += 1
            self.problems = problems
            self.skipped = self.skipped if skipped is None else skipped
            self.rewritten[self.version] = pages
            self.rewritten.pop(self.version - self.KEPT, None)
            self.condition.notify_all()

    def wait(self, seen: int, timeout: float) -> dict:
        """The state once it differs from version `seen`, or after `timeout` as it is."""
        with self.condition:
            self.condition.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.since(seen)

    def since(self, seen: int) -> dict:
        """The version, the problems, what is skipped, and every page rewritten after version `seen` (None:
        maybe any)."""
        with self.condition:
            fresh = 0 <= seen <= self.version  # a page served by an earlier preview may be any age
            versions = [self.rewritten.get(v) for v in range(seen + 1, self.version + 1)] if fresh else [None]
            pages = None if any(p is None for p in versions) else sorted({page for p in versions for page in p})
            return {"version": self.version, "problems": list(self.problems), "skipped": list(self.skipped),
                    "pages": pages}  # fmt: skip


class Outstanding:
    """Problems the open pages show, by file: a digest's stay until that digest applies or a build passes."""

    def __init__(self):
        self.by_file: dict[str, list[str]] = {}

    def set(self, files: set[Path], problems: list) -> None:
        for file in files:
            self.by_file.pop(os.path.realpath(file), None)
        for problem in problems:  # one located in another file (a record, the registry) is listed once
            lines = self.by_file.setdefault(os.path.realpath(problem.location.path), [])
            if str(problem) not in lines:
                lines.append(str(problem))

    def replace(self, problems: list) -> None:
        self.by_file.clear()
        self.set(set(), problems)

    def listed(self, without: set[Path] = frozenset()) -> list[str]:
        skipped = {os.path.realpath(file) for file in without}
        return [line for file, lines in self.by_file.items() if file not in skipped for line in lines]


class Follow:
    """What the preview does with each batch of saved sources, and what it tells the open pages."""

    def __init__(self, builds, broadcast: Broadcast, root: Path):
        self.builds, self.broadcast, self.root = builds, broadcast, root
        self.outstanding = Outstanding()
        self.skips = Outstanding()  # what the served site leaves out, by digest
        self.unapplied: set[Path] = set()  # digests saved with a broken one: applied with it once it is fixed

    def rebuild(self, saved: set[Path] | None = None) -> None:
        """`saved`: the files a save left; None: something else (a deletion, the start) needs a full build."""
        batch = saved | self.unapplied if saved else None
        if batch and all(path.is_file() for path in batch):
            try:
                applied = self.builds.quick(batch, partial(self._written, batch))
            except DigestError as error:
                self.unapplied.update(batch)
                self.outstanding.set(batch, error.problems)
                self.broadcast.publish(self.outstanding.listed(), [])
                logger.warning("the digest has problems; the preview keeps the last good pages:\n%s", error)
                return
            if applied is not None:
                self.unapplied.clear()
                self.outstanding.set(batch, [])
                self.skips.set(batch, applied)
                # a page showing a fixed problem reloads
                self.broadcast.publish(self.outstanding.listed(), [], self.skips.listed())
                return
        self.unapplied.clear()  # a full build reads every source
        try:
            skipped = self.builds.full()
        except DigestError as error:
            self.outstanding.replace(error.problems)
            self.broadcast.publish(self.outstanding.listed(), [])  # the last good site stays: nothing to reload
            logger.warning("the build stopped; the preview keeps the last good site:\n%s", error)
            return
        self.outstanding.replace([])
        self.skips.replace(skipped or [])
        self.broadcast.publish([], None, self.skips.listed())

    def _written(self, batch: set[Path], files: list[Path]) -> None:  # open pages among these reload
        pages = [_url_path(file, self.root) for file in files if file.suffix == ".html"]
        self.broadcast.publish(self.outstanding.listed(without=batch), pages)


def _url_path(file: Path, root: Path) -> str:
    """The path a browser shows for a written page: /papers/ID/ for papers/ID/index.html."""
    relative = file.resolve().relative_to(root).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
