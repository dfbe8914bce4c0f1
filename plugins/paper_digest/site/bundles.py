"""Pagefind's bundles as files: made canonical, and merged into one without running Pagefind again.

Pagefind 1.x writes gzip'd CBOR behind a signature: a metadata file (pages with
their word counts, the word chunks by range, the filter chunks), word chunks
(each word's pages as gaps between page numbers, with the positions of the word),
filter chunks (each value's pages) and one fragment per page, named by its hash.
A merge renumbers the pages of each bundle after those of the bundles before it
and cuts the merged words into chunks by Pagefind's own rule, so the result is
the bundle one Pagefind run over all those pages writes, up to page order and
file names (tests/integration/test_search_merge.py checks that against Pagefind).
The format is not a public API: anything this module does not know stops the
merge (Unmergeable) rather than guessing.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, pairwise
from pathlib import Path

import cbor2

from ..files import link_or_copy

ENTRY = "pagefind-entry.json"
_SIGNATURE = b"pagefind_dcd"
_CHUNK_SIZE = 20_000  # Pagefind closes a word chunk once its postings reach this (one plus the locations each)
_ENTRY_KEYS = {"version", "languages", "include_characters"}
_META_FIELDS = 6  # version, pages, word chunks, filters, sorts, metadata fields
_FOLDERS = {"index", "filter", "fragment"}


class Unmergeable(Exception):
    """The bundles hold something a merge cannot keep (sorted results, another Pagefind version or format)."""


def read_chunk(path: Path):
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(_SIGNATURE) :])


def write_chunk(folder: Path, stem: str, suffix: str, value) -> str:
    """Write a canonical, gzip-timestamp-free chunk named by its content; returns its name without the suffix."""
    data = _SIGNATURE + cbor2.dumps(value, canonical=True)
    key = f"{stem}_{hashlib.sha256(data).hexdigest()[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}{suffix}").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))  # Pagefind's level
    return key


def read_entry(bundle: Path) -> dict:
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


def _write_entry(bundle: Path, entry: dict) -> None:
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind writes them in hash-map order
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _meta_path(bundle: Path, info: dict) -> Path:
    return bundle / f"pagefind.{info['hash']}.pf_meta"


def _write_meta(bundle: Path, language: str, meta: list) -> str:
    return write_chunk(bundle, f"pagefind.{language}", ".pf_meta", meta).removeprefix("pagefind.")


def canonicalize_filters(bundle: Path) -> None:
    """Make Pagefind's filter chunks byte-identical between builds.

    Pagefind 1.x writes filter values in hash-map order, which changes on every
    run; sorting them (and renaming the chunks and the metadata that point at
    them) keeps two builds of the same input identical.
    """
    entry = read_entry(bundle)
    for language, info in entry["languages"].items():
        meta_path = _meta_path(bundle, info)
        meta = read_chunk(meta_path)
        filters = []
        for name, chunk in meta[3]:
            chunk_path = bundle / "filter" / f"{chunk}.pf_filter"
            value = read_chunk(chunk_path)
            value[1] = sorted(value[1], key=lambda item: item[0])
            chunk_path.unlink()
            filters.append([name, write_chunk(bundle / "filter", language, ".pf_filter", value)])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write_meta(bundle, language, meta)
    _write_entry(bundle, entry)


def merge_bundles(sources: list[Path], target: Path) -> None:
    """One bundle at `target` (which must not exist) holding the pages of every source bundle, in their order."""
    entries = [read_entry(source) for source in sources]
    _check_entries(sources, entries)
    target.mkdir(parents=True)
    for source in sources:
        for item in source.iterdir():  # pagefind.js, its UI, the WebAssembly: the same in every bundle of a version
            if item.is_file() and item.name != ENTRY and item.suffix != ".pf_meta":
                if not (target / item.name).exists():  # the same file in every source
                    link_or_copy(item, target / item.name)
            elif item.is_dir() and item.name not in _FOLDERS:
                raise Unmergeable(f"{item}: a folder this merge does not know")
    languages = {}
    for language in sorted({language for entry in entries for language in entry["languages"]}):
        parts = [
            _Part(source, entry["languages"][language], read_chunk(_meta_path(source, entry["languages"][language])))
            for source, entry in zip(sources, entries, strict=True)
            if language in entry["languages"]
        ]
        languages[language] = _merge_language(language, parts, target)
    _write_entry(target, {**entries[0], "languages": languages})


def _check_entries(sources: list[Path], entries: list[dict]) -> None:
    for source, entry in zip(sources, entries, strict=True):
        if set(entry) != _ENTRY_KEYS:
            raise Unmergeable(f"{source / ENTRY}: unknown fields {sorted(set(entry) ^ _ENTRY_KEYS)}")
        for field in ("version", "include_characters"):
            if entry[field] != entries[0][field]:
                raise Unmergeable(f"{source / ENTRY}: {field} differs from {sources[0] / ENTRY}")


@dataclass
class _Part:
    """One language of one source bundle, and where its pages and metadata fields go in the merged one."""

    source: Path
    info: dict  # its entry for the language: hash, wasm, page_count
    meta: list
    offset: int = 0  # its first page's number in the merged bundle
    fields: dict[int, int] | None = None  # its metadata field numbers -> the merged ones, when they differ


def _merge_language(language: str, parts: list[_Part], target: Path) -> dict:
    first = parts[0]
    for part in parts:
        where = _meta_path(part.source, part.info)
        if len(part.meta) != _META_FIELDS or part.meta[4]:
            raise Unmergeable(f"{where}: sorted results or an unknown metadata layout")
        if part.meta[0] != first.meta[0] or _settings(part.info) != _settings(first.info):
            raise Unmergeable(f"{where}: another Pagefind version or language settings than {first.source}")
    fields = sorted({field for part in parts for field in part.meta[5]})  # Pagefind lists them sorted
    pages: list = []
    for part in parts:
        part.offset = len(pages)
        numbers = {old: fields.index(field) for old, field in enumerate(part.meta[5])}
        part.fields = None if all(old == new for old, new in numbers.items()) else numbers
        pages += [[_copy_fragment(part.source, page_hash, target), words] for page_hash, words in part.meta[1]]
    meta = [first.meta[0], pages, _write_words(language, parts, target), _merge_filters(language, parts, target)]
    meta += [[], fields]
    return {**first.info, "hash": _write_meta(target, language, meta), "page_count": len(pages)}


def _settings(info: dict) -> dict:
    """A language's entry but for what a merge recomputes (the metadata's name, the page count)."""
    return {key: value for key, value in info.items() if key not in ("hash", "page_count")}


def _copy_fragment(source: Path, page_hash: str, target: Path) -> str:
    """Link a page's fragment into the merged bundle; a different fragment of the same short hash (two
    bundles' pages can share one) gets a longer name, as Pagefind does within a bundle."""
    fragment = source / "fragment" / f"{page_hash}.pf_fragment"
    data = fragment.read_bytes()
    name, extra = page_hash, hashlib.sha256(data).hexdigest()
    while True:
        copy = target / "fragment" / f"{name}.pf_fragment"
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(fragment, copy)
            return name
        if copy.read_bytes() == data:
            return name
        name, extra = name + extra[:1], extra[1:]


def _words(part: _Part, order: int) -> Iterator[tuple[str, int, list]]:
    """A bundle's words in order, one chunk read at a time."""
    for _, _, chunk in part.meta[2]:
        for word in read_chunk(part.source / "index" / f"{chunk}.pf_index")[0]:
            if len(word) != 3 or any(len(posting) != 3 for posting in word[1]):
                raise Unmergeable(f"{part.source / 'index' / chunk}.pf_index: a word entry this merge does not know")
            yield word[0], order, word


def _joined(lists: list[tuple[list, _Part]]) -> list:
    """Gap-coded postings of several bundles as one list, each bundle's pages moved up by its offset: within a
    bundle the gaps stay, so only the first posting of each bundle changes (and the metadata field numbers of a
    bundle that had other fields)."""
    joined, last = [], 0
    for postings, part in lists:
        if part.fields is not None:
            postings = [[gap, locations, _renumbered(found, part.fields)] for gap, locations, found in postings]
        if postings:
            first, *rest = postings
            joined.append([first[0] + part.offset - last, *first[1:]])
            joined += rest
            last = part.offset + sum(posting[0] for posting in postings)
    return joined


def _renumbered(meta_locations: list[int], fields: dict[int, int]) -> list[int]:
    """A posting's metadata locations with the merged field numbers (a field is marked by minus its number
    less one, before the positions of the word in it)."""
    if any(value < 0 and -value - 1 not in fields for value in meta_locations):
        raise Unmergeable(f"a metadata location names a field the bundle does not list: {meta_locations}")
    return [-(fields[-value - 1] + 1) if value < 0 else value for value in meta_locations]


def _merged_word(word: str, entries: list[tuple[int, list]], parts: list[_Part]) -> list:
    """One word's entry from the bundles that have it: pages in order, and the same for each accented variant."""
    variants: dict[str, list] = {}
    for order, entry in entries:
        for variant, postings in entry[2]:
            variants.setdefault(variant, []).append((postings, parts[order]))
    postings = _joined([(entry[1], parts[order]) for order, entry in entries])
    return [word, postings, [[variant, _joined(found)] for variant, found in variants.items()]]


def _write_words(language: str, parts: list[_Part], target: Path) -> list:
    """Merge the bundles' sorted words and cut them into chunks as Pagefind does; returns the chunk table."""
    streams = [_words(part, order) for order, part in enumerate(parts)]
    table, chunk, size = [], [], 0
    for word, group in groupby(heapq.merge(*streams, key=lambda item: (item[0], item[1])), key=lambda item: item[0]):
        entry = _merged_word(word, [(order, found) for _, order, found in group], parts)
        chunk.append(entry)
        size += sum(len(posting[1]) + len(posting[2]) + 1 for posting in entry[1])
        if size >= _CHUNK_SIZE:
            table.append(_write_word_chunk(language, chunk, target))
            chunk, size = [], 0
    if chunk:
        table.append(_write_word_chunk(language, chunk, target))
    for before, after in pairwise(table):
        before[1], after[0] = _shortest_bounds(before[1], after[0])
    return table


def _write_word_chunk(language: str, words: list, target: Path) -> list:
    return [words[0][0], words[-1][0], write_chunk(target / "index", language, ".pf_index", [words])]


def _shortest_bounds(last: str, first: str) -> tuple[str, str]:
    """Pagefind's bounds between two chunks: each word cut one character past their common prefix."""
    common = len(os.path.commonprefix([last, first]))
    return last[: common + 1], first[: common + 1]


def _merge_filters(language: str, parts: list[_Part], target: Path) -> list:
    merged: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, chunk in part.meta[3]:
            path = part.source / "filter" / f"{chunk}.pf_filter"
            value = read_chunk(path)
            if len(value) != 2 or not all(isinstance(item, list) and len(item) == 2 for item in value[1]):
                raise Unmergeable(f"{path}: a filter this merge does not know")
            for filter_value, pages in value[1]:
                merged.setdefault(name, {}).setdefault(filter_value, []).extend(page + part.offset for page in pages)
    return sorted(
        [name, write_chunk(target / "filter", language, ".pf_filter", [name, sorted(map(list, values.items()))])]
        for name, values in merged.items()
    )
