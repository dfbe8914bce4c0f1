"""Build bookkeeping (the search shards, and what each shard and bundle was made from) kept beside the
published folder, never in it.

A build writes them into its staging folder like any file; before the
swap they are moved out into `.NAME.state/`, which records which build of
OUTPUT_PATH they describe (the identity of its `.nojekyll`, written fresh by
every build). A state that does not match the live site (a crash between the
renames, a site copied in by hand) is ignored, so nothing is ever reused from
the wrong build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..files import read_json, write_json
from ..site.search import BUNDLES, MANIFEST, SHARDS, Manifest

MARKER = ".nojekyll"  # every build writes it; a folder without it was not built here
FILES = (f"{BUNDLES}/{MANIFEST}", f"{BUNDLES}/{SHARDS}")  # in each language's folder
_IDENTITY = "built.json"


def state_folder(final: Path) -> Path:
    return final.with_name(f".{final.name}.state")


def shard_store(final: Path, prefix: str) -> Path:
    """Where the bookkeeping of the site at `final` keeps one language's search shards and their manifest."""
    return state_folder(final) / prefix / BUNDLES


def start_store(final: Path, prefix: str) -> Path:
    """The shard store of the site at `final`, its manifest created empty when the build that wrote it indexed
    nothing."""
    store = shard_store(final, prefix)
    if Manifest.read(store / MANIFEST) is None:
        Manifest().write(store / MANIFEST)
    return store


def site_identity(site: Path) -> list[int] | None:
    """Which build wrote the site at `site` (its marker file's inode and time): a replaced site has another."""
    try:
        stat = (site / MARKER).stat()
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino, stat.st_mtime_ns]


def previous_state(final: Path) -> Path | None:
    """The bookkeeping of the live site at `final`, or None when there is none that surely belongs to it."""
    folder = state_folder(final)
    recorded = read_json(folder / _IDENTITY, list)
    identity = site_identity(final)
    return folder if identity is not None and recorded == identity else None


def take_out(staging: Path, prefixes: list[str], final: Path) -> Path:
    """Move the shards and manifests out of the staged site into a new state folder (swapped in with the site)."""
    folder = final.with_name(f".{final.name}.state.new")
    shutil.rmtree(folder, ignore_errors=True)
    for prefix in prefixes:
        for name in FILES:
            source = staging / prefix / name
            if source.exists():
                target = folder / prefix / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / _IDENTITY, site_identity(staging))
    return folder


def swap_in(new_state: Path, final: Path) -> None:
    """Replace the state of the last build (called once the site itself is in place)."""
    old = state_folder(final)
    shutil.rmtree(old, ignore_errors=True)
    os.replace(new_state, old)
