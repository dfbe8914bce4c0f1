"""A paper's fields (Chinese title, authors, affiliations, code links, tags) from its parts and from the label
lines ('- **作者**：…') written among its sections. Pure: no files, no Pelican."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..problems import Location
from .labels import (
    INLINE_FIELDS,
    LABEL_PREFIX,
    TAG_LABELS,
    TAG_SEPARATORS,
    TAGGISH,
    TITLE_PREFIX,
    label_key,
)
from .marks import normalise_marks
from .model import RawTag
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

_INLINE_FIELD = re.compile(r"^(?:[-*+]\s+)?\*\*([^*]{1,14})\*\*\s*[：:]\s*(.+)$")
_INLINE_FIELD_PLAIN = re.compile(r"^(?:[-*+]\s+)?([^\s*：:][^*：:]{0,13}?)\s*[：:]\s*(.+)$")


@dataclass
class Fields:
    title_zh: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # code or project pages named in the author block
    raw_tags: list[RawTag] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line index, what was left out and why)

    def add_people(self, people: People, line: int) -> None:
        self.authors += people.authors
        self.affiliations += people.affiliations
        self.links += people.links
        self.notes += [(line, note) for note in people.notes]


def title_part(lines: list[tuple[int, str]], title: str, fields: Fields, first_line: int) -> None:
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


_NESTED_ITEM = re.compile(r"^\s+(?:[-*+]|\d+[.)、])\s")


def items(lines: list[tuple[int, str]]) -> list[str]:
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


def tag_items(lines: list[tuple[int, str]], path: str) -> list[RawTag]:
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


def take_inline_fields(
    lines: list[tuple[int, str]],
    title: str,
    path: str,
    fields: Fields,
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
            fields.raw_tags.extend(tag_items([(no, value)], path))
    return kept
