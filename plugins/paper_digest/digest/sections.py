"""A paper's body -> its sections and fields (Chinese title, authors, affiliations, tags).

Digest writers head their parts with ATX headings, bold lines or numbered bold items,
and put fields under their own headings or on label lines ('- **作者**：…'); this module
sorts the lines of one paper into those. Pure: no files, no Pelican.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..problems import Location
from .labels import (
    AFFILIATION_HEADINGS,
    AUTHOR_HEADINGS,
    INLINE_FIELDS,
    LABEL_PREFIX,
    TAG_LABELS,
    TAG_SEPARATORS,
    TAGGISH,
    TITLE_LABELS,
    TITLE_PREFIX,
    heading_text,
    is_section_label,
    label_key,
)
from .marks import normalise_marks
from .model import RawTag, Section
from .names import SUP
from .orgs import is_org, is_person, is_team, split_affiliations
from .people import People, is_link_label, parse_people
from .text import (
    CJK,
    alnum_key,
    split_outside_brackets,
    strip_bullet,
    strip_inline_markup,
)
from .title_zh import clean_title_zh

_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BOLD_LINE = re.compile(r"^\*\*([^*\n]+?)\*\*\s*[：:]?\s*$")
_NUMBERED = re.compile(r"^(\d+)[.)、]\s+\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")

_INLINE_FIELD = re.compile(r"^(?:[-*+]\s+)?\*\*([^*]{1,14})\*\*\s*[：:]\s*(.+)$")
_INLINE_FIELD_PLAIN = re.compile(r"^(?:[-*+]\s+)?([^\s*：:][^*：:]{0,13}?)\s*[：:]\s*(.+)$")


@dataclass
class _Heading:
    index: int
    level: int
    text: str
    rest: str = ""


@dataclass
class Fields:
    title_zh: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # code or project pages named in the author block
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line index, what was left out and why)

    def add_people(self, people: People, line: int) -> None:
        self.authors += people.authors
        self.affiliations += people.affiliations
        self.links += people.links
        self.notes += [(line, note) for note in people.notes]


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


def sections_of(
    body: list[tuple[int, str]], title: str, path: str, fields: Fields, raw_tags: list[RawTag]
) -> list[Section]:
    heads = _headings(body)
    first_content = next((p for p, (_, line) in enumerate(body) if line.strip()), None)
    if len(heads) > 1 and heads[0].index == first_content:
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
            body = body[: heads[0].index] + [(body[heads[0].index][0], "")] + body[heads[0].index + 1 :]
            heads = heads[1:]
    if heads:  # level-1 headings among deeper ones (a label, one without a link) are sections whatever the rest
        levels = Counter(h.level for h in heads if h.level > 1) or Counter(h.level for h in heads)
        section_level = max(levels, key=lambda lvl: (levels[lvl], -lvl))
        heads = [h for h in heads if h.level <= section_level]

    chunks: list[tuple[str | None, list[tuple[int, str]]]] = []
    first = heads[0].index if heads else len(body)
    chunks.append((None, body[:first]))
    for n, head in enumerate(heads):
        stop = heads[n + 1].index if n + 1 < len(heads) else len(body)
        lines = body[head.index + 1 : stop]
        if head.rest:
            lines = [(body[head.index][0], head.rest), *lines]
        chunks.append((head.text, _dedent(lines)))

    sections = []
    for heading, lines in chunks:
        kind = _heading_kind(heading) if heading is not None else None
        first_line = next((no for no, line in lines if line.strip()), lines[0][0] if lines else 0)
        if kind == "title":
            _title_part(lines, title, fields, first_line)
        elif kind == "authors":
            fields.add_people(parse_people(_items(lines)), first_line)
        elif kind == "affiliations":
            for item in _items(lines):
                fields.affiliations += split_affiliations(normalise_marks(item))
        elif kind == "tags":
            raw_tags.extend(_tag_items(lines, path))
        else:
            empty = not any(line.strip() for _, line in lines)  # a heading over sub-headings (### 概述, then ####)
            markdown = _markdown(_take_inline_fields(lines, title, path, fields, raw_tags, plain=heading is None))
            if markdown or (heading and empty):
                sections.append(Section(heading or "", markdown))
    return sections


def _title_part(lines: list[tuple[int, str]], title: str, fields: Fields, first_line: int) -> None:
    """The title part: its Chinese title, and a repeat of the English one (labelled or not); names and an
    institution written there (as LLMs sometimes put them) go to the people; anything else is reported."""
    people = []
    for no, line in lines:
        text = TITLE_PREFIX.sub("", strip_inline_markup(strip_bullet(line))).strip()
        if not text or _repeats(text, title):
            continue
        zh = clean_title_zh(text, title)
        if zh and fields.title_zh in (None, zh):
            fields.title_zh = zh
        elif _names_or_places(text):
            people.append(text)
        else:
            shown = fields.title_zh or title
            fields.notes.append((no, f"'{text}' in the title part is left out: the page's title is '{shown}'"))
    if people:
        fields.add_people(parse_people(people), first_line)


def _repeats(text: str, title: str) -> bool:
    """The English title again, maybe in capitals or a word short (as the PDF's own title page has it)."""
    if CJK.search(text):
        return False
    return SequenceMatcher(None, alnum_key(text), alnum_key(title)).ratio() >= 0.8


def _names_or_places(text: str) -> bool:
    """Names and institutions only (a one-word 'name' such as 'Preprint' is no evidence)."""
    parts = split_outside_brackets(SUP.sub("", normalise_marks(text)), ",，、;；")
    named = [part for part in parts if is_person(part) and (CJK.search(part) or len(part.split()) > 1)]
    return bool(parts) and all(part in named or is_org(part) or is_team(part) for part in parts)


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


_NESTED_ITEM = re.compile(r"^\s+(?:[-*+]|\d+[.)、])\s")


def _items(lines: list[tuple[int, str]]) -> list[str]:
    """Top-level list items or lines, with their continuation lines joined; items nested under a label with
    no value of its own ('- **机构**:' then '  - A', '  - B') become that label's value ('机构: A; B')."""
    items: list[str] = []
    gathering = False  # the last item is a label whose value is its nested items
    for _, line in lines:
        if not line.strip():
            continue
        nested = bool(items) and line[:1] == " " and not re.match(r"^\s{0,1}[-*+]\s", line)
        if nested and gathering and _NESTED_ITEM.match(line):
            items[-1] += ("; " if not items[-1].endswith(("：", ":")) else " ") + strip_bullet(line.strip())
        elif nested and _NESTED_ITEM.match(line):
            items.append(line.strip())
        elif nested:
            items[-1] += " " + line.strip()
        else:
            items.append(line.strip())
            gathering = strip_inline_markup(line).rstrip().endswith(("：", ":"))
    return items


def tag_text(text: str) -> str:
    """A tag line without its label ('主题分类：', '关键词:', '主题分类/关键词：')."""
    label = LABEL_PREFIX.match(text)
    if label and (TAGGISH.search(label.group("label")) or label_key(label.group("label")) in TAG_LABELS):
        return label.group("rest")
    return text


def _tag_items(lines: list[tuple[int, str]], path: str) -> list[RawTag]:
    tags = []
    for no, line in lines:
        text = strip_inline_markup(line)
        if not text:
            continue
        for piece in split_outside_brackets(tag_text(text), TAG_SEPARATORS):
            piece = tag_text(piece.strip(" 。.`#*")).strip(" 。.`#*")
            if piece:
                tags.append(RawTag(piece, Location(path, no + 1)))
    return tags


def _take_inline_fields(
    lines: list[tuple[int, str]],
    title: str,
    path: str,
    fields: Fields,
    raw_tags: list[RawTag],
    plain: bool,
) -> list[tuple[int, str]]:
    """Move '**作者**：…'-style label lines out of a section's body into the paper's fields (a code link only
    when the line holds an address)."""
    kept = []
    for no, line in lines:
        match = _INLINE_FIELD.match(line) or (plain and _INLINE_FIELD_PLAIN.match(line))
        label = match.group(1).strip() if match else ""
        field = INLINE_FIELDS.get(label_key(label)) if match else None
        if match and field is None and is_link_label(label) and "://" in match.group(2):
            field = "link"
        if field is None:
            kept.append((no, line))
            continue
        value = match.group(2).strip()
        if field == "title":
            zh = clean_title_zh(value, title)
            if zh and fields.title_zh not in (None, zh) or not zh and alnum_key(value) != alnum_key(title):
                kept.append((no, line))  # a second Chinese title, or an English one of its own: text to show
                continue
            fields.title_zh = fields.title_zh or zh
        elif field == "authors":
            fields.add_people(parse_people([value]), no)
        elif field == "link":
            fields.add_people(parse_people([strip_inline_markup(line)]), no)
        elif field == "affiliations":
            fields.affiliations += split_affiliations(normalise_marks(value))
        else:
            raw_tags.extend(_tag_items([(no, value)], path))
    return kept


def _markdown(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line.rstrip() for _, line in lines).strip("\n")
