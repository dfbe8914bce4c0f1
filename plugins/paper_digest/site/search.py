"""The full-text search index: Pagefind (extended build, with Chinese word segmentation), in shards merged
as they age.

Each language's site publishes its own bundles (OUTPUT/pagefind/NAME/, OUTPUT/en/pagefind/NAME/), which
the search page loads together (Pagefind's mergeIndex); each costs a reader's first search its entry,
metadata, filters and one word chunk per query word. The papers are split, oldest first, into shards of
PAPER_DIGEST_SEARCH_SHARD_PAPERS pages, one Pagefind run each (Pagefind's memory grows with the pages of
a run). The full shards are then merged without Pagefind (bundles.merge_bundles) on a fixed schedule:
grouped like the digits of their count in base MERGE_BASE, most significant first, one bundle per digit,
while the newest, partial shard stays a bundle of its own. So a site has at most one bundle per power of
the base, plus one (two up to 15 full shards); a new day re-indexes the partial shard alone, and a shard
that fills up re-merges the bundle of the lowest digit (at most 15 shards), rarely a higher one.

A shard or bundle made from byte-identical inputs in the last build is taken from that build, or from the
cache's store (speed/bundle_store.py) when there is no last build. The shards' own bundles and their keys
are build bookkeeping, moved beside the published folder (commands/bookkeeping.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..files import link_or_copy_tree, read_json, write_json
from ..problems import DigestError, Location, Problem
from ..speed.bundle_store import BundleStore
from . import bundles as bundle_files
from .indexer import index_pages, pages_key

BUNDLES = "pagefind"
SHARDS = "shards"  # the shards' bundles, in BUNDLES while a site is built, then in the bookkeeping
MANIFEST = "shards.json"
MERGE_BASE = 16
STALE = "stale"  # the key of a bundle whose pages changed while it was made: carried, then made again


@dataclass(frozen=True)
class Shard:
    name: str
    pages: tuple[str, ...]  # page files, relative to the site's output folder
    full: bool = True  # holds as many pages as a shard can: it changes no more as new papers come


@dataclass(frozen=True)
class Bundle:
    name: str  # its folder below OUTPUT/pagefind/
    shards: tuple[Shard, ...]

    @property
    def pages(self) -> set[str]:
        return {page for shard in self.shards for page in shard.pages}


def shard_plan(pages: Iterable[tuple[object, str]], size: int) -> list[Shard]:
    """Page files grouped into shards of `size`, in the order of their keys (oldest paper first)."""
    ordered = [page for _, page in sorted(pages)]
    return [
        Shard(str(n), tuple(ordered[start : start + size]), len(ordered[start : start + size]) == size)
        for n, start in enumerate(range(0, len(ordered), size), 1)
    ]


def bundle_plan(shards: list[Shard], merge: bool = True) -> list[Bundle]:
    """The published bundles: the full shards grouped by the base-MERGE_BASE digits of their count (or
    each shard alone, without `merge`), then the partial shard."""
    if not merge:
        return [Bundle(shard.name, (shard,)) for shard in shards]
    full = [shard for shard in shards if shard.full]
    digits, count = [], len(full)
    while count:
        count, digit = divmod(count, MERGE_BASE)
        digits.append(digit)
    groups, start = [], 0
    for level in reversed(range(len(digits))):
        size = digits[level] * MERGE_BASE**level
        if size:
            groups.append(full[start : start + size])
            start += size
    groups += [[shard] for shard in shards[len(full) :]]
    return [Bundle(_bundle_name(group), tuple(group)) for group in groups]


def _bundle_name(shards: list[Shard]) -> str:
    return shards[0].name if len(shards) == 1 else f"{shards[0].name}-{shards[-1].name}"


@dataclass
class Manifest:
    """What each shard and each published bundle was made from, for the next build to reuse them."""

    shards: dict[str, str] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        value = read_json(path)
        if value is None or not all(isinstance(value.get(part), dict) for part in ("shards", "bundles")):
            return None  # missing, or written by a build before bundles were merged
        return cls(value["shards"], value["bundles"])

    def write(self, path: Path) -> None:
        write_json(path, {"shards": self.shards, "bundles": self.bundles})


class SearchIndex:
    """The bundles of one language's site: index_shard() per shard (they may run in parallel), then finish()."""

    def __init__(
        self,
        output: Path,
        previous: Path | None = None,
        previous_state: Path | None = None,
        store: BundleStore | None = None,
    ):
        """`previous_state` holds the last build's shards and manifest (bookkeeping.py); its bundles are in
        `previous`. `store` keeps every shard and bundle by key, for builds that have no last build."""
        self.output = output
        self.store = store or BundleStore(None)
        self.folder = output / BUNDLES
        self.folder.mkdir(parents=True, exist_ok=True)
        self.reusable_shards: dict[str, Path] = {}
        self.reusable_bundles: dict[str, Path] = {}
        if previous and previous_state:
            kept = previous_state / BUNDLES
            earlier = Manifest.read(kept / MANIFEST) or Manifest()
            self.reusable_shards = {key: kept / SHARDS / name for name, key in earlier.shards.items()}
            self.reusable_bundles = {key: previous / BUNDLES / name for name, key in earlier.bundles.items()}
        self.made = Manifest()

    def index_shard(self, shard: Shard) -> None:
        """Link the last build's bundle of these exact pages, else run Pagefind on them."""
        key = pages_key(self.output, shard.pages)
        target = self.folder / SHARDS / shard.name
        if not self._reused(key, self.reusable_shards.get(key), target):
            index_pages(self.output, shard.pages, target)
        self.store.keep(key, target)
        self.made.shards[shard.name] = key

    def publish(self, bundles: list[Bundle]) -> None:
        """Put each bundle in place once its shards are indexed: the last build's, or made from the shards."""
        for bundle in bundles:
            key = _bundle_key(bundle, self.made.shards)
            target = self.folder / bundle.name
            if not self._reused(key, self.reusable_bundles.get(key), target):
                _assemble(bundle, self.folder / SHARDS, target)
            self.store.keep(key, target)
            self.made.bundles[bundle.name] = key

    def _reused(self, key: str, previous: Path | None, target: Path) -> bool:
        """Link what the last build made of these very inputs, or what any build kept in the store."""
        return bool(previous and _link_tree(previous, target)) or self.store.fetch(key, target)

    def finish(self, bundles: list[Bundle]) -> None:
        """publish(), and record what the shards and bundles were made from, for the next build."""
        self.publish(bundles)
        self.made.write(self.folder / MANIFEST)


def _bundle_key(bundle: Bundle, shard_keys: dict[str, str]) -> str:
    """What a published bundle depends on: the merging code and each of its shards' keys."""
    keys = [shard_keys.get(shard.name, STALE) for shard in bundle.shards]
    if STALE in keys:
        return STALE
    digest = hashlib.sha256(Path(bundle_files.__file__).read_bytes())
    for shard, key in zip(bundle.shards, keys, strict=True):
        digest.update(f"{shard.name}={key}\0".encode())
    return digest.hexdigest()


def _assemble(bundle: Bundle, shards: Path, target: Path) -> None:
    """A bundle from its shards' bundles: a shard alone is linked as it is, shards together are merged."""
    if len(bundle.shards) == 1:
        link_or_copy_tree(shards / bundle.shards[0].name, target)
        return
    try:
        bundle_files.merge_bundles([shards / shard.name for shard in bundle.shards], target)
    except bundle_files.Unmergeable as error:
        problem = (
            f"search bundle {bundle.name} not made: {error}; "
            "pin Pagefind to the version in requirements.txt, or set PAPER_DIGEST_SEARCH_MERGE = False"
        )
        raise DigestError([Problem(Location(str(target), 0), problem)]) from None


@dataclass(frozen=True)
class BundleJob:
    """A bundle of a live site to make again: the site's folder, and its shards' folder in the bookkeeping."""

    site: Path
    bundle: Bundle
    store: Path  # holds MANIFEST and SHARDS/


def refresh_bundle(job: BundleJob) -> bool:
    """Make one bundle of a live site again (the preview, after its pages changed), indexing again those of
    its shards whose pages changed; False when nothing had. Each new shard or bundle is made beside the old
    one and put in its place, so a search meanwhile reads one or the other, never half of one."""
    recorded = Manifest.read(job.store / MANIFEST) or Manifest()
    keys, changed = {}, False
    for shard in job.bundle.shards:
        key = pages_key(job.site, shard.pages)
        folder = job.store / SHARDS / shard.name
        if recorded.shards.get(shard.name) != key or not (folder / bundle_files.ENTRY).is_file():
            _record(job.store, {shard.name: STALE})  # until its key is recorded, nothing may reuse the new shard
            _replace(folder, lambda fresh, shard=shard: index_pages(job.site, shard.pages, fresh))
            changed = True
            if pages_key(job.site, shard.pages) != key:  # rewritten while Pagefind read them: done again later
                key = STALE
        keys[shard.name] = key
    key = _bundle_key(job.bundle, keys)
    target = job.site / BUNDLES / job.bundle.name
    if not changed and recorded.bundles.get(job.bundle.name) == key and (target / bundle_files.ENTRY).is_file():
        return False
    _replace(target, lambda fresh: _assemble(job.bundle, job.store / SHARDS, fresh))
    _record(job.store, keys, {job.bundle.name: key})
    return True


def _record(store: Path, shards: dict[str, str], bundles: dict[str, str] | None = None) -> None:
    """Update a live site's manifest, unless a build has replaced the bookkeeping meanwhile."""
    latest = Manifest.read(store / MANIFEST)
    if latest is not None:
        latest.shards.update(shards)
        latest.bundles.update(bundles or {})
        latest.write(store / MANIFEST)


def _replace(target: Path, make: Callable[[Path], None]) -> None:
    fresh, retired = target.with_name(f".{target.name}.new"), target.with_name(f".{target.name}.old")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        make(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(fresh, target)
    shutil.rmtree(retired, ignore_errors=True)


def carry_bundles(previous: Path, previous_state: Path, site: Path, bundles: list[Bundle]) -> None:
    """Give a site built without its index the last build's bundles it plans, and their shards and keys, so
    its search works at once; refresh_bundle then makes again those whose pages changed. A bundle the last
    build did not have (a shard filled up: "1-9" and "10" became "1-10") is merged at once from the shards
    carried, as the search page's first bundle it is the one Pagefind's UI cannot start without."""
    store = previous_state / BUNDLES
    earlier = Manifest.read(store / MANIFEST) or Manifest()
    carried = Manifest()
    for bundle in bundles:
        for name in (shard.name for shard in bundle.shards if shard.name in earlier.shards):
            if _link_tree(store / SHARDS / name, site / BUNDLES / SHARDS / name):
                carried.shards[name] = earlier.shards[name]
        name = bundle.name
        if name in earlier.bundles and _link_tree(previous / BUNDLES / name, site / BUNDLES / name):
            carried.bundles[name] = earlier.bundles[name]
        elif all(shard.name in carried.shards for shard in bundle.shards):
            try:
                _assemble(bundle, site / BUNDLES / SHARDS, site / BUNDLES / name)
            except (DigestError, OSError):  # shards of another Pagefind, a full disk: the refresh makes it
                shutil.rmtree(site / BUNDLES / name, ignore_errors=True)
            else:
                carried.bundles[name] = _bundle_key(bundle, carried.shards)
    if carried.shards or carried.bundles:
        carried.write(site / BUNDLES / MANIFEST)


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link a previous bundle into place (copying where links fail); False if it is gone."""
    if not (source / bundle_files.ENTRY).is_file():
        return False
    link_or_copy_tree(source, target)
    return True
