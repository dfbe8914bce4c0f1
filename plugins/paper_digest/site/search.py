"""The full-text search index: Pagefind (extended build, with Chinese word segmentation), in shards.

Each language's site gets its own bundles (OUTPUT/pagefind/N/, OUTPUT/en/pagefind/N/),
built from its paper pages as soon as that language is written. The papers are
split, oldest first, into shards of at most PAPER_DIGEST_SEARCH_SHARD_PAPERS pages, one Pagefind
run and bundle each, which the search page merges (Pagefind's mergeIndex):
Pagefind's memory grows with the pages of a run, so shards bound it, and a
shard whose pages are byte-identical to the last build's is taken from that
build instead of being indexed again (new papers usually touch the last shard).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import cbor2

from ..files import link_or_copy_tree, read_json, write_json
from ..problems import DigestError, Location, Problem

TIMEOUT_SECONDS = 1800
BUNDLES = "pagefind"
MANIFEST = "shards.json"
STALE = "stale"  # the key of a bundle whose pages changed while it was made: carried, then indexed again
_SIGNATURE = b"pagefind_dcd"
_GLOB_SPECIAL = re.compile(r"[\\*?\[\]{},()<>:]")  # what Pagefind's glob parser treats as syntax


@dataclass(frozen=True)
class Shard:
    name: str  # the bundle's folder below OUTPUT/pagefind/
    pages: tuple[str, ...]  # page files, relative to the site's output folder


def shard_plan(pages: Iterable[tuple[object, str]], size: int) -> list[Shard]:
    """Page files grouped into shards of `size`, in the order of their keys (oldest paper first)."""
    ordered = [page for _, page in sorted(pages)]
    return [
        Shard(str(n), tuple(ordered[start : start + size])) for n, start in enumerate(range(0, len(ordered), size), 1)
    ]


class SearchIndex:
    """The bundles of one language's site: index_shard() per shard (they may run in parallel), then finish()."""

    def __init__(self, output: Path, previous: Path | None = None, previous_state: Path | None = None):
        """`previous_state` holds the last build's manifest (bookkeeping.py); its bundles are in `previous`."""
        self.output = output
        self.bundles = output / BUNDLES
        self.bundles.mkdir(parents=True, exist_ok=True)
        earlier = (read_json(previous_state / BUNDLES / MANIFEST) or {}) if previous and previous_state else {}
        self.reusable = {key: previous / BUNDLES / name for name, key in earlier.items()}
        self.keys: dict[str, str] = {}

    def index_shard(self, shard: Shard) -> None:
        """Link the last build's bundle for these exact pages, else run Pagefind on them."""
        key = _shard_key(self.output, shard)
        target = self.bundles / shard.name
        if not (key in self.reusable and _link_tree(self.reusable[key], target)):
            _index_shard(self.output, shard, target)
        self.keys[shard.name] = key

    def finish(self) -> None:
        """Record which pages each bundle was built from, for the next build to reuse."""
        write_json(self.bundles / MANIFEST, self.keys)


@dataclass(frozen=True)
class ShardJob:
    """A shard of a live site to index again: the site's folder, and the manifest of the build's bookkeeping."""

    site: Path
    shard: Shard
    manifest: Path


def reindex_in_place(job: ShardJob) -> bool:
    """Index one shard of a live site again (the preview, after its pages changed) unless its bundle was
    made from these very pages; False when it was. The new bundle is built beside the old one and put in
    its place, so a search meanwhile reads one or the other, never half of one; the manifest then names it."""
    key = _shard_key(job.site, job.shard)
    target = job.site / BUNDLES / job.shard.name
    keys = read_json(job.manifest)
    if keys is not None and keys.get(job.shard.name) == key and (target / "pagefind-entry.json").is_file():
        return False
    fresh, retired = target.with_name(f".{job.shard.name}.new"), target.with_name(f".{job.shard.name}.old")
    shutil.rmtree(fresh, ignore_errors=True)
    _index_shard(job.site, job.shard, fresh)
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(fresh, target)
    shutil.rmtree(retired, ignore_errors=True)
    keys = read_json(job.manifest)
    if keys is not None:  # pages rewritten while Pagefind read them: a key no pages have, so it is done again
        unchanged = _shard_key(job.site, job.shard) == key
        write_json(job.manifest, {**keys, job.shard.name: key if unchanged else STALE})
    return True


def carry_bundles(previous: Path, previous_manifest: Path, site: Path, shards: list[Shard]) -> None:
    """Give a site built without its index the last build's bundles of the shards it plans, and their keys,
    so its search works at once; reindex_in_place then refreshes those whose pages changed."""
    earlier = read_json(previous_manifest) or {}
    carried = {}
    for shard in shards:
        if shard.name in earlier and _link_tree(previous / BUNDLES / shard.name, site / BUNDLES / shard.name):
            carried[shard.name] = earlier[shard.name]
    if carried:
        write_json(site / BUNDLES / MANIFEST, carried)


def _shard_key(output: Path, shard: Shard) -> str:
    """What a shard's bundle depends on: Pagefind's version, this module, and every page's path and bytes."""
    digest = hashlib.sha256(f"pagefind={metadata.version('pagefind')}".encode())
    digest.update(Path(__file__).read_bytes())
    for page in shard.pages:
        digest.update(page.encode() + b"\0")
        digest.update(hashlib.sha256((output / page).read_bytes()).digest())
    return digest.hexdigest()


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link a previous bundle into place (copying where links fail); False if it is gone."""
    if not (source / "pagefind-entry.json").is_file():
        return False
    link_or_copy_tree(source, target)
    return True


def shard_glob(pages: Iterable[str]) -> str:
    """A Pagefind glob naming exactly these pages.

    Pages of the form FOLDER/NAME/FILE (papers/ID/index.html) become
    FOLDER/{NAME,…}/FILE, so Pagefind walks only FOLDER, not the whole site.
    """

    def escape(text: str) -> str:
        return _GLOB_SPECIAL.sub(r"\\\g<0>", text)

    pages = list(pages)
    parts = [page.rsplit("/", 2) for page in pages]
    if all(len(p) == 3 for p in parts) and len({(p[0], p[2]) for p in parts}) == 1:
        folder, _, file = parts[0]
        return f"{escape(folder)}/{{{','.join(escape(p[1]) for p in parts)}}}/{escape(file)}"
    return "{" + ",".join(escape(page) for page in pages) + "}"


def _index_shard(output: Path, shard: Shard, target: Path) -> None:
    """Run Pagefind on the site with a glob naming exactly the shard's pages."""
    command = [_pagefind(output), "--site", str(output), "--glob", shard_glob(shard.pages)]
    command += ["--output-path", str(target), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DigestError([Problem(Location(str(output), 0), f"the search index was not built: {error}")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise DigestError(
            [Problem(Location(str(output), 0), "the search index was not built (pagefind): " + " | ".join(detail))]
        )
    canonicalize_filters(target)


@cache
def _binary() -> str | None:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return str(get_executable())


def _pagefind(output: Path) -> str:
    """The extended Pagefind binary itself (not `python -m pagefind`, which costs an interpreter per run)."""
    binary = _binary()
    if binary is None:
        problem = "the search index needs Pagefind's extended build: pip install 'pagefind[extended]' (make site does)"
        raise DigestError([Problem(Location(str(output), 0), problem)])
    return binary


def _read(path: Path):
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(_SIGNATURE) :])


def _write(folder: Path, stem: str, suffix: str, value) -> str:
    """Write a canonical, gzip-timestamp-free chunk named by its content; returns the new key."""
    data = _SIGNATURE + cbor2.dumps(value, canonical=True)
    key = f"{stem}_{hashlib.sha256(data).hexdigest()[:12]}"
    (folder / f"{key}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return key


def canonicalize_filters(bundle: Path) -> None:
    """Make Pagefind's filter chunks byte-identical between builds.

    Pagefind 1.x writes filter values in hash-map order, which changes on every
    run; sorting them (and renaming the chunks and the metadata that point at
    them) keeps two builds of the same input identical.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, chunk in meta[3]:
            chunk_path = bundle / "filter" / f"{chunk}.pf_filter"
            value = _read(chunk_path)
            value[1] = sorted(value[1], key=lambda item: item[0])
            chunk_path.unlink()
            filters.append([name, _write(bundle / "filter", language, ".pf_filter", value)])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}", ".pf_meta", meta).removeprefix("pagefind.")
    entry["languages"] = dict(sorted(entry["languages"].items()))  # also written in hash-map order
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
