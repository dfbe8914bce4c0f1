"""The full-text search index: Pagefind (extended build, with Chinese word segmentation).

Each language's site gets its own bundle (OUTPUT/pagefind, OUTPUT/en/pagefind),
built from its paper pages as soon as that language is written, so the
Chinese index is built while the English pages are still being written, and a
reader's search only ever loads their own language.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import cbor2

from .model import DigestError, Location, Problem

TIMEOUT_SECONDS = 1800
_SIGNATURE = b"pagefind_dcd"


PAGES = "papers/**/*.html"


def build_search_index(output: Path, pages: str = PAGES) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--glob", pages, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DigestError([Problem(Location(str(output), 0), f"the search index was not built: {error}")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise DigestError(
            [Problem(Location(str(output), 0), "the search index was not built (pagefind): " + " | ".join(detail))]
        )
    canonicalize_filters(output / "pagefind")


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
