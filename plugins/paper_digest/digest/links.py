"""Where a paper's arXiv link is: the line under its heading (or a few lines further down, in its preamble),
written as a Markdown link, a bare URL or 'arXiv: ID'. Pure: no files, no Pelican."""

from __future__ import annotations

import re

from .ids import parse_arxiv_url

# A part of the paper begins: its preamble (where its link is) ends.
SECTION_START = re.compile(r"^\s*(?:#{1,6}\s|\*\*[^*]+\*\*\s*[：:]?\s*$|\d+[.)、]\s+\*\*)")
_LINK_ONLY = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:[^\s:：\[<(]{1,12}\s*[:：]\s*)?"
    r"(?:\[[^\]]*\]\(\s*<?(?P<md>[^\s)>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"|[<‹](?P<angle>[^>›\s]+)[>›]"
    r"|(?P<bare>(?:https?://|(?:www\.)?arxiv\.org/)\S+))"
    r"\s*[。.，,;；]?\s*$",
    re.I,
)
_BARE_ID = re.compile(r"^\s*arxiv\s*[:：]\s*(\d{4}\.\d{4,5}(?:v\d+)?)\s*$", re.I)


def link_of(line: str) -> str | None:
    """The URL of a line that holds only a link (maybe labelled), else None."""
    match = _LINK_ONLY.match(line)
    if match:
        return match.group("md") or match.group("angle") or match.group("bare")
    bare_id = _BARE_ID.match(line)
    return f"https://arxiv.org/abs/{bare_id.group(1)}" if bare_id else None


def next_content(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)


def link_below(lines: list[str], index: int) -> str | None:
    """The URL of the line under a heading when that line holds only a link."""
    after = next_content(lines, index)
    return link_of(lines[after]) if after is not None else None


def arxiv_link_below(lines: list[str], index: int) -> bool:
    url = link_below(lines, index)
    return url is not None and parse_arxiv_url(url) is not None


def find_link(lines: list[str], start: int, end: int) -> tuple[int | None, str | None]:
    """The paper's link: the first line of its preamble (before its first section) that holds only an arXiv
    link, else its first line when that holds only some other link (reported); None for a paper written
    without one. A paper cited further down is text, not the paper's link."""
    first = next_content(lines, start)
    for i in range(start + 1, end):
        if SECTION_START.match(lines[i]):
            break
        url = link_of(lines[i])
        if url and parse_arxiv_url(url):
            return i, url
    if first is not None and first < end and (url := link_of(lines[first])):
        return first, url
    return None, None
