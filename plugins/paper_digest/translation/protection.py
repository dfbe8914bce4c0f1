"""What a segment looks like to a machine-translation engine, and how its answer is checked.

Latin names and numbers become numbered placeholders (<N/>) the engine should
leave alone; the answer is tidied (engines put spaces inside tags), the
placeholders are restored, and the result must keep exactly the source's
inline tags. Pure text functions: no HTTP, no memory.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from ..digest.text import CJK
from .segments import MarkupError, check_translation

# Latin names, numbers and ids pass through untouched: a provider sees a placeholder instead.
# Numbers followed by a Chinese numeral unit (20亿) are left for the provider to convert.
# An entity (&amp;, &#64;) stays whole: its name is not a Latin word.
_PROTECT = re.compile(
    r"<\d+\s*/?>|</\d+>|&#?\w+;"
    r"|(?<![A-Za-z0-9&#])[A-Za-z0-9][A-Za-z0-9.+\-_/@]*(?:[ ][A-Za-z0-9][A-Za-z0-9.+\-_/@]*)*%?"
    r"(?![A-Za-z0-9.%+\-_/@亿万千百])"
)
_PLACEHOLDER = re.compile(r"<(\d+)\s*/>|<(\d+)>|</(\d+)>")
_INLINE_TAG = re.compile(r"(<\d+>|</\d+>|<\d+/>)")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_END = re.compile(r"(?<=[，、,：:])")


class DroppedTokens(MarkupError):
    """The answer lost a Latin name or number that was protected as a placeholder."""


def protect(segment: str) -> tuple[str, dict[int, str]]:
    """Replace Latin runs and numbers by <N/> placeholders numbered after the segment's own."""
    own = [int(n) for groups in _PLACEHOLDER.findall(segment) for n in groups if n]
    next_number = max(own, default=0) + 1
    saved: dict[int, str] = {}

    def swap(match: re.Match) -> str:
        nonlocal next_number
        text = match.group(0)
        if _PLACEHOLDER.fullmatch(text) or text.startswith("&"):
            return text
        saved[next_number] = text
        next_number += 1
        return f"<{next_number - 1}/>"

    return _PROTECT.sub(swap, segment), saved


def unprotect(text: str, saved: dict[int, str]) -> str:
    """Put the protected text back; every placeholder must come back exactly once."""
    seen = Counter(int(m.group(1)) for m in _PLACEHOLDER.finditer(text) if m.group(1))
    missing = [value for number, value in saved.items() if seen[number] != 1]
    if missing:
        raise DroppedTokens("the translation dropped or repeated protected text: " + ", ".join(missing))

    def swap(match: re.Match) -> str:
        number = int(match.group(1)) if match.group(1) else None
        return saved.get(number, match.group(0)) if number is not None else match.group(0)

    return _PLACEHOLDER.sub(swap, text)


def tidy(text: str) -> str:
    """Undo what engines do to placeholders: spaces inside tags, full-width brackets."""
    text = text.replace("＜", "<").replace("＞", ">").replace("／", "/")
    text = re.sub(r"<\s*(\d+)\s*/\s*>", r"<\1/>", text)
    text = re.sub(r"<\s*/\s*(\d+)\s*>", r"</\1>", text)
    text = re.sub(r"<\s*(\d+)\s*>", r"<\1>", text)
    return text.strip()


def accept(segment: str, answer: str, saved: dict[int, str]) -> str:
    """The answer as a translation of `segment`, or MarkupError (DroppedTokens when a name was lost)."""
    result = unprotect(tidy(answer), saved)
    check_translation(segment, result)
    return result


def accept_unprotected(segment: str, answer: str) -> str:
    """An answer to the segment sent as it is: its tags must match and its Latin names and numbers be there."""
    result = tidy(answer)
    check_translation(segment, result)
    wanted = Counter(protect(segment)[1].values())
    missing = sorted(value for value, count in wanted.items() if _occurrences(value, result) < count)
    if missing:
        raise DroppedTokens("the translation dropped: " + ", ".join(missing))
    return result


def _occurrences(value: str, text: str) -> int:
    """How often a name or number stands in `text` on its own (GPT-4 is not in GPT-4o)."""
    return len(re.findall(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])", text))


def runs(segment: str) -> list[str]:
    """The segment cut at its inline tags: tags and the text between them, alternating, in order."""
    return [part for part in _INLINE_TAG.split(segment) if part]


def is_tag(part: str) -> bool:
    return bool(_INLINE_TAG.fullmatch(part))


def needs_words(text: str) -> bool:
    """Whether a piece of text has anything for a translator (Chinese); names, numbers, punctuation do not."""
    return bool(CJK.search(html.unescape(text)))


_WESTERN = str.maketrans(
    {"。": ". ", "，": ", ", "、": ", ", "：": ": ", "；": "; ", "！": "! ", "？": "? ", "（": " (", "）": ") "}
    | {"“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"'}
)


def western_punctuation(text: str) -> str:
    """Chinese punctuation between tags, as English writes it (a piece no translator needs to see)."""
    return re.sub(r"\s+", " ", text.translate(_WESTERN)).strip() or text


def split_long(segment: str, fits) -> list[str]:
    """Cut a segment that is too long for one request at sentence ends (then clause ends) outside its tags.

    `fits(text)` says whether a piece may go in one request; a piece no end can shorten is cut where it must.
    """
    if fits(segment):
        return [segment]
    for boundary in (_SENTENCE_END, _CLAUSE_END):
        pieces = _outside_tags(boundary, segment)
        if len(pieces) > 1:
            return [piece for part in _pack(pieces, fits) for piece in split_long(part, fits)]
    return _hard_cut(segment, fits)


def _outside_tags(boundary: re.Pattern, segment: str) -> list[str]:
    pieces, depth, current = [], 0, ""
    for part in runs(segment):
        if is_tag(part):
            depth += 1 if re.fullmatch(r"<\d+>", part) else -1 if part.startswith("</") else 0
            current += part
            continue
        chunks = boundary.split(part) if depth == 0 else [part]
        for n, chunk in enumerate(chunks):
            current += chunk
            if n < len(chunks) - 1 and current.strip():
                pieces.append(current)
                current = ""
    if current.strip():
        pieces.append(current)
    return pieces


def _pack(pieces: list[str], fits) -> list[str]:
    """Join consecutive pieces back together as long as they fit, so requests stay few."""
    packed: list[str] = []
    for piece in pieces:
        if packed and fits(packed[-1] + piece):
            packed[-1] += piece
        else:
            packed.append(piece)
    return packed


_UNIT = re.compile(r"<\d+/?>|</\d+>|&#?\w+;|[A-Za-z0-9][A-Za-z0-9.+\-_/@%]*|.", re.S)


def _hard_cut(segment: str, fits) -> list[str]:
    """The last resort for a sentence longer than a request: cut between characters, never inside a tag pair,
    a name or number (MRR@10) or an entity."""
    pieces, current = [], ""
    for unit in _UNIT.findall(segment):
        if current and _balanced(current) and not fits(current + unit):
            pieces.append(current)
            current = ""
        current += unit
    if current:
        pieces.append(current)
    return pieces


def _balanced(text: str) -> bool:
    return len(re.findall(r"<\d+>", text)) == len(re.findall(r"</\d+>", text))
