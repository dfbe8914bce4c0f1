"""A paper's body -> its sections and fields (Chinese title, authors, affiliations, tags).

Digest writers head their parts with ATX headings, bold lines or numbered bold items,
and put fields under their own headings or on label lines ('- **作者**：…'); this module
sorts the lines of one paper into those. Pure: no files, no Pelican.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Location, RawTag, Section
from .people import parse_people, split_affiliations
from .text import (
    CJK,
    alnum_key,
    split_outside_brackets,
    strip_bullet,
    strip_inline_markup,
)

_ATX = re.compile(r"^(#{2,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BOLD_LINE = re.compile(r"^\*\*([^*\n]+?)\*\*\s*[：:]?\s*$")
_NUMBERED = re.compile(r"^(\d+)[.)、]\s+\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TITLE_QUOTE = re.compile(r"《([^《》]+)》")

_TITLE_LABELS = {"论文标题", "标题", "中文标题", "题目", "论文题目", "title", "paper title", "chinese title"}
_TAG_LABELS = {"论文标签", "标签", "关键词", "关键字", "主题", "tags", "keywords", "topics", "topic"}
_AUTHOR_HEADINGS = {
    "作者",
    "作者信息",
    "作者与机构",
    "作者及机构",
    "作者和机构",
    "作者与单位",
    "authors",
    "author information",
    "authors and affiliations",
}
_AFFILIATION_HEADINGS = {"机构", "单位", "作者单位", "affiliations", "institutions"}
# Label lines that carry a field even outside their own section ("- **作者**：…").
_INLINE_FIELDS = {
    **{label: "title" for label in ("论文标题", "标题", "中文标题", "论文题目", "title", "paper title")},
    **{label: "authors" for label in ("作者", "作者信息", "authors", "author")},
    **{label: "affiliations" for label in ("机构", "单位", "作者单位", "affiliations", "affiliation")},
    **{label: "tags" for label in ("论文标签", "标签", "关键词", "关键字", "tags", "keywords")},
}
_INLINE_FIELD = re.compile(r"^(?:[-*+]\s+)?\*\*([^*]{1,14})\*\*\s*[：:]\s*(.+)$")
_INLINE_FIELD_PLAIN = re.compile(r"^(?:[-*+]\s+)?([^\s*：:]{1,6})\s*[：:]\s*(.+)$")
_INTRO_HEADINGS = {"", "总结", "摘要", "概述", "摘要总结", "论文概述", "简介", "summary", "overview"}
_TAG_LABEL = re.compile(r"^(关键词|关键字|主题|标签|论文标签|keywords?|tags?|topics?)\s*[：:]\s*(.*)$", re.I)


def heading_text(text: str) -> str:
    text = strip_inline_markup(text)
    text = re.sub(r"^(?:\d+[.)、]|[一二三四五六七八九十]+[、.])\s*", "", text)
    return text.strip().rstrip("：:").strip()


@dataclass
class _Heading:
    index: int
    level: int
    text: str
    rest: str = ""


@dataclass
class Fields:
    title_zh: str | None = None
    authors: list[str] | None = None
    affiliations: list[str] | None = None

    def __post_init__(self):
        self.authors = self.authors or []
        self.affiliations = self.affiliations or []


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
    return atx or bold or numbered


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
        if heads[0].level < usual and _next_content(body, heads[0].index) == heads[1].index:
            fields.title_zh = clean_title_zh(heads[0].text, title)
            body = body[: heads[0].index] + [(body[heads[0].index][0], "")] + body[heads[0].index + 1 :]
            heads = heads[1:]
    if heads:
        levels = Counter(h.level for h in heads)
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
        if kind == "title":
            text = next((strip_bullet(line).strip() for _, line in lines if line.strip()), "")
            fields.title_zh = fields.title_zh or clean_title_zh(text, title)
        elif kind == "authors":
            authors, affiliations = parse_people(_items(lines))
            fields.authors += authors
            fields.affiliations += affiliations
        elif kind == "affiliations":
            for item in _items(lines):
                fields.affiliations += split_affiliations(item)
        elif kind == "tags":
            raw_tags.extend(_tag_items(lines, path))
        else:
            lines = _take_inline_fields(lines, title, path, fields, raw_tags, plain=heading is None)
            markdown = _markdown(lines)
            if markdown:
                sections.append(Section(heading or "", markdown))
    return sections


def _heading_kind(heading: str) -> str | None:
    key = heading.casefold()
    if key in _TITLE_LABELS:
        return "title"
    if key in _TAG_LABELS:
        return "tags"
    if key in _AUTHOR_HEADINGS:
        return "authors"
    if key in _AFFILIATION_HEADINGS:
        return "affiliations"
    return None


def _dedent(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    indents = [len(line) - len(line.lstrip(" ")) for _, line in lines if line.strip()]
    cut = min(indents, default=0)
    return [(no, line[cut:] if line.strip() else "") for no, line in lines]


def _items(lines: list[tuple[int, str]]) -> list[str]:
    """Top-level list items or lines, with their continuation lines joined."""
    items: list[str] = []
    for _, line in lines:
        if not line.strip():
            continue
        if items and line[:1] == " " and not re.match(r"^\s{0,1}[-*+]\s", line):
            if re.match(r"^\s+[-*+]\s", line):
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        else:
            items.append(line.strip())
    return items


def _tag_items(lines: list[tuple[int, str]], path: str) -> list[RawTag]:
    tags = []
    for no, line in lines:
        text = strip_inline_markup(line)
        if not text:
            continue
        label = _TAG_LABEL.match(text)
        if label:
            text = label.group(2)
        for piece in split_outside_brackets(text, "，、,;；"):
            piece = piece.strip(" 。.`#*")
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
    """Move '**作者**：…'-style label lines out of a section's body into the paper's fields."""
    kept = []
    for no, line in lines:
        match = _INLINE_FIELD.match(line) or (plain and _INLINE_FIELD_PLAIN.match(line))
        field = _INLINE_FIELDS.get(match.group(1).strip().casefold()) if match else None
        if field is None:
            kept.append((no, line))
            continue
        value = match.group(2).strip()
        if field == "title":
            fields.title_zh = fields.title_zh or clean_title_zh(value, title)
        elif field == "authors":
            authors, affiliations = parse_people([value])
            fields.authors += authors
            fields.affiliations += affiliations
        elif field == "affiliations":
            fields.affiliations += split_affiliations(value)
        else:
            raw_tags.extend(_tag_items([(no, value)], path))
    return kept


def _markdown(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line.rstrip() for _, line in lines).strip("\n")


def clean_title_zh(text: str, english_title: str) -> str | None:
    """The Chinese title without 《》, quotes or a repeat of the English title; None if not Chinese."""
    text = strip_inline_markup(text).strip()
    quoted = _TITLE_QUOTE.fullmatch(text)
    if quoted:
        text = quoted.group(1).strip()
    text = text.strip('"“”「」『』')
    english = alnum_key(english_title)

    def repeats_english(fragment: str) -> bool:
        # A one-word title ("Finch") is a name, which Chinese titles keep as their prefix.
        return len(english_title.split()) > 1 and alnum_key(fragment) == english

    text = re.sub(
        r"\s*[（(]([^（）()]+)[)）]\s*",
        lambda m: "" if repeats_english(m.group(1)) else m.group(0),
        text,
    ).strip()
    pair = re.fullmatch(r"(.+?)\s*[（(]([^（）()]+)[)）]", text)
    if pair and repeats_english(pair.group(1)) and CJK.search(pair.group(2)):
        text = pair.group(2).strip()
    for separator in ("：", ": ", " - ", " — ", " / ", " | "):
        parts = text.split(separator)
        if len(parts) > 1 and any(repeats_english(p) for p in parts):
            text = separator.join(p for p in parts if not repeats_english(p)).strip()
    if not CJK.search(text):
        return None
    return text


def title_from_intro(sections: list[Section]) -> str | None:
    """A title quoted as 《…》 in the opening paragraph, for digests with no title part."""
    if not sections or sections[0].heading not in _INTRO_HEADINGS:
        return None
    opening = sections[0].markdown.split("\n\n")[0]
    quoted = _TITLE_QUOTE.search(opening)
    if quoted and CJK.search(quoted.group(1)):
        return quoted.group(1).strip()
    return None
