"""Pagefind run on a set of pages: one bundle, and the key of what it was made from."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

from ..problems import DigestError, Location, Problem
from . import bundles

TIMEOUT_SECONDS = 1800
_GLOB_SPECIAL = re.compile(r"[\\*?\[\]{},()<>:]")  # what Pagefind's glob parser treats as syntax


def pages_key(output: Path, pages: Iterable[str]) -> str:
    """What a bundle of these pages depends on: Pagefind's version, the code that runs it, every page's path
    and the bytes Pagefind reads (not the related papers and neighbours, which change as papers come)."""
    versions = f"pagefind={metadata.version('pagefind')} binary={metadata.version('pagefind-bin-extended')}"
    digest = hashlib.sha256(versions.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(bundles.__file__).read_bytes())
    for page in pages:
        digest.update(page.encode() + b"\0")
        digest.update(hashlib.sha256(indexed_bytes((output / page).read_bytes())).digest())
    return digest.hexdigest()


_IGNORE_ALL = b'data-pagefind-ignore="all"'
_IGNORED = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\sdata-pagefind-ignore=\"all\"[^>]*>")
_NOT_MARKUP = re.compile(rb"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def indexed_bytes(html: bytes) -> bytes:
    """A page without its elements marked data-pagefind-ignore="all", of which Pagefind reads nothing (no text,
    no filter, no metadata); the whole page when such an element has no closing tag to be found."""
    if _IGNORE_ALL not in html:
        return html
    markup = _NOT_MARKUP.sub(lambda found: b" " * len(found.group()), html)  # the same places, tags only
    kept, position = [], 0
    for start in _ignoring_tags(markup):
        if start.start() < position:
            continue  # inside an element already left out
        end = _closing_tag_end(markup, start.group(1), start.end())
        if end is None:
            return html
        kept.append(html[position : start.start()])
        position = end
    kept.append(html[position:])
    return b"".join(kept)


def _ignoring_tags(markup: bytes) -> Iterator[re.Match]:
    """The start tags that carry the mark, found from the mark itself (a scan of every tag costs ten times more)."""
    at = markup.find(_IGNORE_ALL)
    while at >= 0:
        tag = _IGNORED.match(markup, markup.rfind(b"<", 0, at))
        if tag and tag.end() > at:
            yield tag
        at = markup.find(_IGNORE_ALL, at + 1)


def _closing_tag_end(html: bytes, tag: bytes, position: int) -> int | None:
    depth = 1
    for found in re.compile(rb"<(/?)" + re.escape(tag) + rb"[\s>/]", re.IGNORECASE).finditer(html, position):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            end = html.find(b">", found.start())
            return None if end < 0 else end + 1
    return None


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


def index_pages(output: Path, pages: Iterable[str], target: Path) -> None:
    """Run Pagefind on the site with a glob naming exactly these pages; its bundle goes to `target`."""
    command = [_pagefind(output), "--site", str(output), "--glob", shard_glob(pages)]
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
    bundles.canonicalize_filters(target)


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
