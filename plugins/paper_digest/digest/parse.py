"""Digest text -> Paper records or located problems.

Pure: knows nothing of Pelican, files or the tag registry. Each `# ` heading
outside a code fence opens a paper, and each paper either parses or yields a
Problem naming its line, so nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from .model import Location, Paper, Problem, RawTag, arxiv_month
from .people import dedupe, split_names
from .sections import FENCE, Fields, clean_title_zh, sections_of, title_from_intro
from .text import (
    CJK,
    hidden_emails,
    scrub_emails,
    strip_inline_markup,
)

_H1 = re.compile(r"^#[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.I,
)
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def digest_date(path: str) -> dt.date | None:
    """The digest's date when its file name holds YYYY-MM-DD."""
    match = _DATE_IN_NAME.search(os.path.basename(path))
    if not match:
        return None
    return dt.date(*(int(g) for g in match.groups()))


def parse_arxiv_url(url: str) -> str | None:
    """The id without version of an arXiv abs/pdf/html URL, else None."""
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0].rstrip(".,;。，；)）")
    if not re.match(r"^https?://", url, re.I):
        url = "https://" + url
    match = _ARXIV_URL.match(url)
    if not match:
        return None
    arxiv_id = match.group("id")
    if "/" in arxiv_id:  # old style, as arXiv names it: archive in lower case, no subject class (math.GT -> math)
        archive, number = arxiv_id.split("/")
        arxiv_id = f"{archive.lower().split('.')[0]}/{number}"
    month = int(arxiv_id.split("/")[-1][2:4])
    return arxiv_id if 1 <= month <= 12 else None


def parse_digest(text: str, path: str) -> tuple[list[Paper], list[Problem]]:
    """Split one digest into papers; every `# ` heading yields a paper or a problem."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed = _remove_emails(lines, path)
    starts = _paper_starts(lines)
    problems: list[Problem] = []
    if not starts:
        return [], [
            Problem(
                Location(path, 1),
                "no papers found: each paper starts with a '# English Title' line followed by its arXiv link",
            )
        ]
    stray = next((i for i in range(starts[0]) if lines[i].strip()), None)
    if stray is not None:
        problems.append(
            Problem(
                Location(path, stray + 1),
                "text before the first '# Title' heading belongs to no paper; move it into a paper or delete it",
            )
        )
    try:
        date = digest_date(path)
    except ValueError:
        date = None
        problems.append(Problem(Location(path, 1), "the date in the file name is not a real date; rename the file"))
    papers = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        paper, paper_problems = _parse_paper(lines, start, end, path, date)
        problems.extend(paper_problems)
        if paper:
            papers.append(paper)
    return papers, sorted(problems + removed, key=lambda problem: problem.location.line)


def _remove_emails(lines: list[str], path: str) -> list[Problem]:
    """Take e-mail addresses out of every line, in place, with a warning for each: nothing goes unseen."""
    warnings = []
    for i, line in enumerate(lines):
        clean, addresses = scrub_emails(line)
        warnings += [
            Problem(
                Location(path, i + 1),
                f"an e-mail address is split by Markdown markup or a backslash ({hidden}): it would be "
                "published; delete it from the digest",
            )
            for hidden in hidden_emails(clean)
        ]
        if addresses:
            lines[i] = clean
            warnings += [
                Problem(
                    Location(path, i + 1),
                    f"e-mail address '{address}' removed: addresses are never published; "
                    "delete it from the digest to silence this warning",
                    fatal=False,
                )
                for address in dict.fromkeys(addresses)
            ]
    return warnings


def _paper_starts(lines: list[str]) -> list[int]:
    starts, fenced = [], False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            starts.append(i)
    return starts


_LINK_ONLY = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:[^\s:：\[<(]{1,12}\s*[:：]\s*)?"
    r"(?:\[[^\]]*\]\(\s*<?(?P<md>[^\s)>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"|[<‹](?P<angle>[^>›\s]+)[>›]"
    r"|(?P<bare>(?:https?://|(?:www\.)?arxiv\.org/)\S+))"
    r"\s*[。.，,;；]?\s*$",
    re.I,
)


def _find_link(lines: list[str], start: int, end: int) -> tuple[int | None, str | None]:
    """The line index and URL of the paper's link: the first line that holds only a link (maybe labelled)."""
    for i in range(start + 1, end):
        match = _LINK_ONLY.match(lines[i])
        if match:
            return i, match.group("md") or match.group("angle") or match.group("bare")
        bare_id = re.match(r"^\s*arxiv\s*[:：]\s*(\d{4}\.\d{4,5}(?:v\d+)?)\s*$", lines[i], re.I)
        if bare_id:
            return i, f"https://arxiv.org/abs/{bare_id.group(1)}"
    return None, None


def _parse_paper(
    lines: list[str], start: int, end: int, path: str, date: dt.date | None
) -> tuple[Paper | None, list[Problem]]:
    here = Location(path, start + 1)
    title = strip_inline_markup(_H1.match(lines[start]).group(1))
    if not title:
        return None, [Problem(here, "empty '# ' heading: write the paper's English title after '# '")]
    link_index, url = _find_link(lines, start, end)
    if url is None:
        return None, [
            Problem(
                here,
                f"paper '{title}' has no arXiv link: add a line "
                "'[arxiv_pdf_url](https://arxiv.org/pdf/ID)' right after the title",
            )
        ]
    arxiv_id = parse_arxiv_url(url)
    if arxiv_id is None:
        return None, [
            Problem(
                Location(path, link_index + 1),
                f"paper '{title}' links to {url}, which is not an arXiv paper URL: "
                "use https://arxiv.org/abs/ID or https://arxiv.org/pdf/ID",
            )
        ]
    warnings = []
    if CJK.search(title):
        warnings.append(
            Problem(
                here,
                f"the '# ' heading '{title}' is Chinese: it should be the paper's English title "
                "(it is also the title of the English page); put the Chinese title under 论文标题",
                fatal=False,
            )
        )
    body = [(i, lines[i]) for i in range(start + 1, end) if i != link_index]
    fields = Fields()
    raw_tags: list[RawTag] = []
    sections = sections_of(body, title, path, fields, raw_tags)
    if not sections and not fields.authors:
        return None, [
            Problem(here, f"paper '{title}' has no summary after its arXiv link: write the summary or delete the paper")
        ]
    if fields.title_zh is None:
        fields.title_zh = title_from_intro(sections)
    paper = Paper(
        arxiv_id=arxiv_id,
        title=title,
        title_zh=fields.title_zh,
        authors=tuple(dedupe(fields.authors)),
        affiliations=tuple(dedupe(fields.affiliations)),
        date=date or arxiv_month(arxiv_id),
        date_is_day=date is not None,
        source=here,
        sections=tuple(sections),
        raw_tags=tuple(raw_tags),
    )
    return paper, warnings


__all__ = [
    "clean_title_zh",
    "digest_date",
    "parse_arxiv_url",
    "parse_digest",
    "split_names",
]
