"""Digest text -> Paper records or located problems.

Pure: knows nothing of Pelican, files or the tag registry. Each `# ` heading
outside a code fence opens a paper, unless it is a section label of the current
paper (`# **作者信息**`), a Chinese heading with no link under it, or the
generator's failure line (`# faild to  read !!!!`). A paper that cannot be
published is skipped with a Problem naming its line and why, so one failed
summary never costs the others, and nothing is dropped silently. A paper
written without a link is returned with an empty id, for loading to resolve.
"""

from __future__ import annotations

import datetime as dt
import re

from ..problems import SKIPPED, WARNING, Location, Problem
from .fields import Fields
from .ids import arxiv_month, parse_arxiv_url
from .labels import AUTHOR_HEADINGS, TITLE_LABELS, label_key
from .layout import digest_date
from .links import arxiv_link_below, find_link, link_below, next_content
from .model import Paper
from .names import dedupe, split_names
from .sections import FENCE, is_section_label, sections_of
from .text import CJK, alnum_key, hidden_emails, scrub_emails, strip_inline_markup
from .title_zh import clean_title_zh, title_from_intro

_H1 = re.compile(r"^#[ \t]+(.*?)[ \t]*#*[ \t]*$")
# What the generator writes instead of a summary when the LLM call failed (sic: "faild", two spaces).
_FAILURE = re.compile(r"^#\s*fai?le?d\s+to\s+read\s*!*\s*$", re.I)
_PAPER_PREFIX = re.compile(r"^(?:paper|论文)\s*[:：]\s*", re.I)
# Where a paper's preamble (title, link) ends: its first section heading.


def parse_digest(text: str, path: str) -> tuple[list[Paper], list[Problem]]:
    """Split one digest into papers; every `# ` heading yields a paper or a located problem."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed, hidden = _remove_emails(lines, path)
    starts, folded, linked = _paper_starts(lines)
    if not starts:
        return [], [
            *removed,
            Problem(
                Location(path, 1),
                "digest skipped: no papers found; each paper starts with a '# English Title' line "
                "(followed by its arXiv link)",
                SKIPPED,
            ),
        ]
    problems: list[Problem] = []
    stray = [i for i in range(starts[0]) if lines[i].strip()]
    if stray:
        problems.append(
            Problem(
                Location(path, stray[0] + 1),
                f"text skipped: {len(stray)} line(s) before the first '# Title' heading belong to no paper; "
                "move them into a paper or delete them",
                SKIPPED,
            )
        )
    date, is_day, wrong = digest_date(path)
    problems += [Problem(Location(path, 1), f"{why}; the papers are dated without it", WARNING) for why in wrong]
    papers = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        paper, paper_problems = _parse_paper(lines, start, end, path, (date, is_day), hidden, linked)
        problems += [
            Problem(
                Location(path, i + 1),
                f"the '# ' heading '{_title_of(_H1.match(lines[i]).group(1))}' has no arXiv link under it, unlike "
                "this digest's papers: it is kept as a section of the paper above; if it is a paper of its own, "
                "add its link after it",
                WARNING,
            )
            for i in sorted(folded)
            if start < i < end
        ]
        problems.extend(paper_problems)
        if paper:
            papers.append(paper)
    problems += removed
    return papers, sorted(problems, key=lambda problem: problem.location.line)


def _remove_emails(lines: list[str], path: str) -> tuple[list[Problem], dict[int, list[str]]]:
    """Take e-mail addresses out of every line, in place, with a warning for each: nothing goes unseen.
    Also returns the addresses that markup hides from the filter, by line index: their papers are skipped."""
    warnings, hidden = [], {}
    for i, line in enumerate(lines):
        clean, addresses = scrub_emails(line)
        if found := hidden_emails(clean):
            hidden[i] = found
        if addresses:
            lines[i] = clean
            warnings += [
                Problem(
                    Location(path, i + 1),
                    f"e-mail address '{address}' removed: addresses are never published; "
                    "delete it from the digest to silence this warning",
                    WARNING,
                )
                for address in dict.fromkeys(addresses)
            ]
    return warnings, hidden


def _paper_starts(lines: list[str]) -> tuple[list[int], set[int], bool]:
    """The lines that open papers; the headings with no link under them kept as sections of the paper above
    in a digest whose papers have links (reported: a paper whose link was forgotten would hide there); and
    whether its papers have links."""
    headings, fenced = [], False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not (fenced or _FAILURE.match(line)) and (heading := _H1.match(line)):
            if is_section_label(heading.group(1)):
                continue
            headings.append((i, _title_of(heading.group(1))))
    linked = {i for i, _ in headings if arxiv_link_below(lines, i)}
    failed = {i for i, _ in headings if (after := next_content(lines, i)) is not None and _FAILURE.match(lines[after])}
    starts: list[int] = []
    folded: set[int] = set()
    for i, title in headings:
        if i in linked or i in failed or not starts:
            if CJK.search(title) and i not in linked | failed:
                continue  # a Chinese heading above the first paper: text that belongs to none (reported)
            starts.append(i)
        elif alnum_key(title) == alnum_key(_title_of(_H1.match(lines[starts[-1]]).group(1))):
            continue  # the summary repeats its paper's title as a heading
        elif CJK.search(title):
            continue  # a Chinese heading with no link under it: a section, never an English title
        elif linked and not _has_own_parts(lines, i, headings) and not link_below(lines, i):
            folded.add(i)
        elif linked:
            starts.append(i)  # a link of another site, or its own title or author part: a paper (its id comes later)
        else:
            starts.append(i)  # a digest written without links: every English heading is a paper
    return starts, folded, bool(linked)


_PART_LABEL = re.compile(
    r"^\s*(?:#{1,6}\s+|\d+[.)、]\s+)?\*\*(?P<bold>[^*]+)\*\*\s*[：:]?\s*$|^\s*#{1,6}\s+(?P<atx>.+?)\s*$"
)


def _has_own_parts(lines: list[str], index: int, headings: list[tuple[int, str]]) -> bool:
    """Whether a heading's block holds a title or author part of its own: a paper, not a section."""
    stop = next((i for i, _ in headings if i > index), len(lines))
    for line in lines[index + 1 : stop]:
        match = _PART_LABEL.match(line)
        if match and label_key(match.group("bold") or match.group("atx")) in TITLE_LABELS | AUTHOR_HEADINGS:
            return True
    return False


def _title_of(heading: str) -> str:
    return _PAPER_PREFIX.sub("", strip_inline_markup(heading)).strip()


def _skip(where: Location, why: str) -> tuple[None, list[Problem]]:
    return None, [Problem(where, f"paper skipped: {why}", SKIPPED)]


def _parse_paper(
    lines: list[str],
    start: int,
    end: int,
    path: str,
    dated: tuple[dt.date | None, bool],
    hidden: dict[int, list[str]],
    linked: bool,
) -> tuple[Paper | None, list[Problem]]:
    here = Location(path, start + 1)
    title = _title_of(_H1.match(lines[start]).group(1))
    if not title:
        return _skip(here, "its '# ' heading is empty; write the paper's English title after '# '")
    failure = next((i for i in range(start + 1, end) if _FAILURE.match(lines[i])), None)
    if failure is not None:
        return _skip(
            here,
            f"the generator failed to summarise '{title}' (line {failure + 1}: '{lines[failure].strip()}'); "
            "summarise it again, or delete its lines",
        )
    link_index, url = find_link(lines, start, end)
    arxiv_id = ""
    if url is not None and not linked and "arxiv.org" not in url.lower():
        link_index, url = None, None  # another site's link in a digest without arXiv links: text; the id is looked up
    if url is not None:
        arxiv_id = parse_arxiv_url(url) or ""
        if not arxiv_id:
            return _skip(
                Location(path, link_index + 1),
                f"'{title}' links to {url}, which is not an arXiv paper URL; "
                "use https://arxiv.org/abs/ID or https://arxiv.org/pdf/ID",
            )
    split = next((i for i in range(start, end) if i in hidden), None)
    if split is not None:
        return _skip(
            Location(path, split + 1),
            f"an e-mail address in '{title}' is split by Markdown markup or a backslash "
            f"({', '.join(hidden[split])}): it would be published; delete it from the digest",
        )
    warnings = []
    if CJK.search(title):
        warnings.append(
            Problem(
                here,
                f"the '# ' heading '{title}' is Chinese: it should be the paper's English title "
                "(it is also the title of the English page); put the Chinese title under 论文标题",
                WARNING,
            )
        )
    body = [(i, lines[i]) for i in range(start + 1, end) if i != link_index]
    fields = Fields()
    sections = sections_of(body, title, path, fields)
    if not sections and not fields.authors:
        return _skip(
            here,
            f"'{title}' has no summary after its {'link' if url else 'title'} (the generator wrote none); "
            "write the summary, or delete the paper",
        )
    if fields.title_zh is None:
        fields.title_zh = title_from_intro(sections)
    shown = [
        *fields.authors,
        *fields.affiliations,
        *fields.links,
        fields.title_zh or "",
        *(t.text for t in fields.raw_tags),
    ]
    if leaked := [address for value in shown for address in hidden_emails(value)]:  # whatever form it came in
        return _skip(here, f"'{title}' would publish the e-mail address {leaked[0]}; delete it from the digest")
    warnings += [Problem(Location(path, no + 1), note, WARNING) for no, note in fields.notes]
    warnings += [
        Problem(Location(path, start + 1), f"a second code link ({link}) is not shown: a paper has one", WARNING)
        for link in dedupe(fields.links)[1:]
    ]
    date, is_day = dated
    paper = Paper(
        arxiv_id=arxiv_id,
        title=title,
        title_zh=fields.title_zh,
        authors=tuple(dedupe(fields.authors)),
        affiliations=tuple(dedupe(fields.affiliations)),
        date=date or (arxiv_month(arxiv_id) if arxiv_id else None),
        date_is_day=is_day,
        source=here,
        sections=tuple(sections),
        raw_tags=tuple(fields.raw_tags),
        code_url=fields.links[0] if fields.links else None,
    )
    return paper, warnings


__all__ = [
    "clean_title_zh",
    "digest_date",
    "parse_arxiv_url",
    "parse_digest",
    "split_names",
]
