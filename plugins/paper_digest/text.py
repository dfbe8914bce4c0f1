"""Small text helpers shared by the parser's parts."""

from __future__ import annotations

import re
import unicodedata

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)、]|[（(]\d+[)）])\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
EMAIL = re.compile(r"\{[^{}]*\}@[\w.-]+\.\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OPEN = "([（【「『《"
_CLOSE = ")]）】」』》"


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


def strip_inline_markup(text: str, keep_sup: bool = False) -> str:
    """Plain text of a short Markdown fragment (labels, names, tags)."""
    text = strip_bullet(text)
    text = _EMPHASIS.sub(r"\2", text).replace("**", "")
    if not keep_sup:
        text = _TAGS.sub("", text)
    return text.strip()


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any separator character that is not inside (), （）, 《》 and the like."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def fold(text: str) -> str:
    """A comparison key: width-, case- and space-insensitive."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def alnum_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


def scrub_emails(text: str) -> str:
    """Text without e-mail addresses: they are never published, not even as plain text."""
    return EMAIL.sub("", text) if "@" in text else text
