"""Rendered HTML <-> translatable segments, with inline markup protected.

A segment is the inline content of one block (paragraph, list item, table
cell, heading). Inline elements become numbered placeholders: <1>bold</1>,
and <2/> for elements whose content is not translated (code, images, line
breaks). Translators and providers see readable text with a few tags; the
English page rebuilds each block from the original elements, so a translation
can change words but never markup, links or attributes.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from ..digest.model import Paper
from ..digest.text import CJK

BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption"}
CONTAINERS = {"ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "dl", "div", "section", "figure"}
OPAQUE = {"code", "kbd", "img", "br", "math", "svg", "samp", "var"}
UNTRANSLATED_BLOCKS = {"pre", "script", "style", "hr"}
_TOKEN = re.compile(r"<(\d+)>|</(\d+)>|<(\d+)\s*/>")


class MarkupError(ValueError):
    """A translation lost, repeated or misnested a placeholder."""


@dataclass(frozen=True)
class Segment:
    """One unit of translation: `source` is the msgid; `where` says where it is used."""

    source: str
    where: str


def _is_inline(node) -> bool:
    return isinstance(node, NavigableString) or (
        isinstance(node, Tag) and node.name not in BLOCKS | CONTAINERS | UNTRANSLATED_BLOCKS
    )


def _runs(block: Tag) -> Iterator[list]:
    """Consecutive inline children of a block; nested blocks are visited separately."""
    run: list = []
    for child in list(block.children):
        if _is_inline(child):
            run.append(child)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _blocks(root: Tag) -> Iterator[Tag]:
    for child in root.children:
        if not isinstance(child, Tag) or child.name in UNTRANSLATED_BLOCKS:
            continue
        if child.name in BLOCKS or child.name in CONTAINERS:
            yield child
        if child.name in BLOCKS | CONTAINERS:
            yield from _blocks(child)


def _encode(nodes: list, elements: list[Tag]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, NavigableString):
            parts.append(html.escape(str(node), quote=False))
        elif isinstance(node, Tag):
            elements.append(node)
            number = len(elements)
            if node.name in OPAQUE:
                parts.append(f"<{number}/>")
            else:
                parts.append(f"<{number}>{_encode(list(node.children), elements)}</{number}>")
    return "".join(parts)


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source_runs(fragment: BeautifulSoup) -> Iterator[tuple[list, str, list[Tag]]]:
    roots = [fragment, *_blocks(fragment)]
    for block in roots:
        for run in _runs(block):
            elements: list[Tag] = []
            source = _normalize(_encode(run, elements))
            if _translatable(source):
                yield run, source, elements


def _translatable(source: str) -> bool:
    """Only text with Chinese in it needs a translator; Latin names and numbers stay as they are."""
    return bool(CJK.search(_TOKEN.sub("", source)))


@dataclass(frozen=True)
class Element:
    """An inline element of a segment, as HTML strings, so translations are assembled without a parser."""

    name: str
    opening: str
    closing: str
    whole: str

    @classmethod
    def of(cls, tag: Tag) -> Element:
        whole = str(tag)
        shell = copy.copy(tag)
        shell.clear()
        empty = str(shell)
        cut = empty.rfind("</")
        if cut < 0:
            return cls(tag.name, empty, "", whole)
        return cls(tag.name, empty[:cut], empty[cut:], whole)


@dataclass(frozen=True)
class Slot:
    source: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Skeleton:
    """A fragment as static HTML with slots where its segments go; cheap to fill, safe to cache."""

    parts: tuple[str | Slot, ...]

    @property
    def slots(self) -> list[Slot]:
        return [part for part in self.parts if isinstance(part, Slot)]

    def fill(self, translate: Callable[[str], str | None], untranslated: Callable[[Slot], str]) -> str:
        """The fragment with every segment translated; `untranslated` gives the HTML of a segment without one."""
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            translation = translate(part.source)
            out.append(untranslated(part) if translation is None else decode(translation, part.elements))
        return "".join(out)


_MARK = re.compile("\ue000(\\d+)\ue001")


def skeleton(fragment_html: str) -> Skeleton:
    fragment = BeautifulSoup(fragment_html, "html.parser")
    slots: list[Slot] = []
    for run, source, elements in list(_source_runs(fragment)):
        slots.append(Slot(source, tuple(Element.of(e) for e in elements)))
        run[0].insert_before(NavigableString(f"\ue000{len(slots) - 1}\ue001"))
        for node in run:
            node.extract()
    pieces = _MARK.split(str(fragment))
    parts: list[str | Slot] = []
    for n, piece in enumerate(pieces):
        if n % 2:
            parts.append(slots[int(piece)])
        elif piece:
            parts.append(piece)
    return Skeleton(tuple(parts))


def decode(translation: str, elements: tuple[Element, ...] | list[Element]) -> str:
    """HTML for a translated segment, rebuilt from the source's own elements; text is escaped."""
    seen: set[int] = set()
    stack: list[tuple[int, list[str]]] = [(0, [])]
    position = 0

    def text(fragment: str) -> str:
        return html.escape(html.unescape(fragment), quote=False)

    for match in _TOKEN.finditer(translation):
        if match.start() > position:
            stack[-1][1].append(text(translation[position : match.start()]))
        position = match.end()
        opening, closing, void = match.groups()
        number = int(opening or closing or void)
        if not 1 <= number <= len(elements):
            raise MarkupError(f"placeholder <{number}> does not exist in the source")
        element = elements[number - 1]
        if closing:
            if stack[-1][0] != number:
                raise MarkupError(f"</{number}> closes the wrong placeholder")
            _, inner = stack.pop()
            stack[-1][1].append(element.opening + "".join(inner) + element.closing)
            continue
        if number in seen:
            raise MarkupError(f"placeholder <{number}> appears twice")
        seen.add(number)
        if void:
            if element.name not in OPAQUE:
                raise MarkupError(f"<{number}/> must wrap text: write <{number}>…</{number}>")
            stack[-1][1].append(element.whole)
        else:
            if element.name in OPAQUE:
                raise MarkupError(f"<{number}> stands for untranslated content: write <{number}/>")
            stack.append((number, []))
    if len(stack) != 1:
        raise MarkupError(f"<{stack[-1][0]}> is never closed")
    if position < len(translation):
        stack[0][1].append(text(translation[position:]))
    missing = set(range(1, len(elements) + 1)) - seen
    if missing:
        raise MarkupError("missing placeholder(s) " + ", ".join(f"<{n}>" for n in sorted(missing)))
    return "".join(stack[0][1])


def check_translation(source: str, translation: str) -> None:
    """Raise MarkupError unless `translation` keeps exactly the source's placeholders, well nested."""
    kinds: dict[int, str] = {}
    for opening, _, void in _TOKEN.findall(source):
        if opening or void:
            kinds[int(opening or void)] = "code" if void else "b"
    decode(translation, [Element(kinds.get(n, "b"), "", "", "") for n in range(1, len(kinds) + 1)])


def paper_segments(paper: Paper, sections: list[str] | list[Skeleton]) -> list[Segment]:
    """Everything of a paper that needs an English counterpart, in reading order (sections as HTML or skeletons)."""
    segments = []
    if paper.title_zh:
        segments.append(Segment(html.escape(paper.title_zh, quote=False), "title"))
    for kind, values in (("keyword", paper.keywords), ("author", paper.authors), ("affiliation", paper.affiliations)):
        for n, value in enumerate(values, 1):
            if CJK.search(value):
                segments.append(Segment(html.escape(value, quote=False), f"{kind}/{n}"))
    for n, (section, body) in enumerate(zip(paper.sections, sections, strict=True), 1):
        if section.heading and CJK.search(section.heading):
            segments.append(Segment(html.escape(section.heading, quote=False), f"section/{n}/heading"))
        slots = body.slots if isinstance(body, Skeleton) else skeleton(body).slots
        for m, slot in enumerate(slots, 1):
            segments.append(Segment(slot.source, f"section/{n}/{m}"))
    return segments


def plain(segment_text: str) -> str:
    """A segment or its translation as plain text (titles, labels, meta tags)."""
    return html.unescape(_TOKEN.sub("", segment_text))
