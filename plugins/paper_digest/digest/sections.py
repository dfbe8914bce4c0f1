"""A paper's body -> its sections and fields (Chinese title, authors, affiliations, tags).

Digest writers head their parts with ATX headings, bold lines or numbered bold items,
and put fields under their own headings or on label lines ('- **作者**：…'); this module
sorts the lines of one paper into those. Pure: no files, no Pelican.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .fields import Fields, items, tag_items, take_inline_fields, title_part
from .labels import (
    AFFILIATION_HEADINGS,
    AUTHOR_HEADINGS,
    TAG_LABELS,
    TITLE_LABELS,
    heading_text,
    is_section_label,
    label_key,
)
from .marks import normalise_marks
from .model import Section
from .orgs import split_affiliations
from .people import parse_people
from .text import alnum_key
from .title_zh import clean_title_zh

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BOLD_LINE = re.compile(r"^\*\*([^*\n]+?)\*\*\s*[：:]?\s*$")
_NUMBERED = re.compile(r"^(\d+)[.)、]\s+\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass
class _Heading:
    index: int
    level: int
    text: str
    rest: str = ""


def _headings(body: list[tuple[int, str]]) -> list[_Heading]:
    """Section heading candidates: ATX headings, else bold lines, else numbered bold items."""
    atx, bold, numbered, fenced = [], [], [], False
    for pos, (_, line) in enumerate(body):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if match := _ATX.match(line):
            atx.append(_Heading(pos, len(match.group(1)), heading_text(match.group(2))))
        elif match := _BOLD_LINE.match(line):
            bold.append(_Heading(pos, 2, heading_text(match.group(1))))
        elif match := _NUMBERED.match(line):
            numbered.append(_Heading(pos, 2, heading_text(match.group(2)), match.group(3).strip()))
    if atx:  # a template label written bold among ATX headings ('# **作者信息**' in a bold-label paper) is one too
        deeper = Counter(h.level for h in atx if h.level > 1)
        level = max(deeper, key=lambda lvl: (deeper[lvl], -lvl)) if deeper else 2
        labels = [_Heading(h.index, level, h.text, h.rest) for h in bold + numbered if is_section_label(h.text)]
        return sorted(atx + labels, key=lambda h: h.index)
    return bold or numbered


def _next_content(body: list[tuple[int, str]], pos: int) -> int | None:
    return next((p for p in range(pos + 1, len(body)) if body[p][1].strip()), None)


def sections_of(body: list[tuple[int, str]], title: str, path: str, fields: Fields) -> list[Section]:
    """A paper's lines as its sections; its title, people, links and tags go to `fields`."""
    heads = _headings(body)
    body, heads = _chinese_title_heading(body, heads, title, fields)
    sections = []
    for heading, lines in _chunks(body, _section_heads(heads)):
        section = _read_part(heading, lines, title, path, fields)
        if section is not None:
            sections.append(section)
    return sections


def _chinese_title_heading(body, heads: list[_Heading], title: str, fields: Fields):
    """A first heading above the usual level that is the Chinese title (or repeats the English one) is the
    title, not a section: taken into `fields`, its line emptied."""
    first_content = next((p for p, (_, line) in enumerate(body) if line.strip()), None)
    if len(heads) < 2 or heads[0].index != first_content:
        return body, heads
    rest_levels = Counter(h.level for h in heads[1:])
    usual = max(rest_levels, key=lambda lvl: (rest_levels[lvl], -lvl))
    zh = clean_title_zh(heads[0].text, title)
    if (
        heads[0].level < usual
        and _next_content(body, heads[0].index) == heads[1].index
        and not is_section_label(heads[0].text)
        and (zh or alnum_key(heads[0].text) == alnum_key(title))  # an English subtitle stays a section
        and not any(_heading_kind(h.text) == "title" for h in heads[1:])  # a title part says it better
    ):
        fields.title_zh = zh
        return body[: heads[0].index] + [(body[heads[0].index][0], "")] + body[heads[0].index + 1 :], heads[1:]
    return body, heads


def _section_heads(heads: list[_Heading]) -> list[_Heading]:
    """The headings at the section level; level-1 headings among deeper ones (a label, one without a link) are
    sections whatever the rest."""
    if not heads:
        return heads
    levels = Counter(h.level for h in heads if h.level > 1) or Counter(h.level for h in heads)
    section_level = max(levels, key=lambda lvl: (levels[lvl], -lvl))
    return [h for h in heads if h.level <= section_level]


def _chunks(body: list[tuple[int, str]], heads: list[_Heading]) -> list[tuple[str | None, list[tuple[int, str]]]]:
    """(heading, its lines) for each part, the text before the first heading first (heading None)."""
    first = heads[0].index if heads else len(body)
    chunks: list[tuple[str | None, list[tuple[int, str]]]] = [(None, body[:first])]
    for n, head in enumerate(heads):
        stop = heads[n + 1].index if n + 1 < len(heads) else len(body)
        lines = body[head.index + 1 : stop]
        if head.rest:
            lines = [(body[head.index][0], head.rest), *lines]
        chunks.append((head.text, _dedent(lines)))
    return chunks


def _read_part(heading: str | None, lines: list[tuple[int, str]], title: str, path: str, fields: Fields):
    """A field part (title, authors, affiliations, tags) into `fields`; anything else a Section (or None when
    it holds nothing)."""
    kind = _heading_kind(heading) if heading is not None else None
    first_line = next((no for no, line in lines if line.strip()), lines[0][0] if lines else 0)
    if kind == "title":
        title_part(lines, title, fields, first_line)
    elif kind == "authors":
        fields.add_people(parse_people(items(lines)), first_line)
    elif kind == "affiliations":
        for item in items(lines):
            fields.affiliations += split_affiliations(normalise_marks(item))
    elif kind == "tags":
        fields.raw_tags.extend(tag_items(lines, path))
    else:
        empty = not any(line.strip() for _, line in lines)  # a heading over sub-headings (### 概述, then ####)
        markdown = _markdown(take_inline_fields(lines, title, path, fields, plain=heading is None))
        if markdown or (heading and empty):
            return Section(heading or "", markdown)
    return None


def _heading_kind(heading: str) -> str | None:
    key = label_key(heading)
    if key in TITLE_LABELS:
        return "title"
    if key in TAG_LABELS:
        return "tags"
    if key in AUTHOR_HEADINGS:
        return "authors"
    if key in AFFILIATION_HEADINGS:
        return "affiliations"
    return None


def _dedent(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    indents = [len(line) - len(line.lstrip(" ")) for _, line in lines if line.strip()]
    cut = min(indents, default=0)
    return [(no, line[cut:] if line.strip() else "") for no, line in lines]


def _markdown(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line.rstrip() for _, line in lines).strip("\n")
