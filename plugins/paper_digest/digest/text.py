"""Small text helpers shared by the parser's parts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)、]|[（(]\d+[)）])\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_TAGS = re.compile(r"</?[a-zA-Z](?![a-zA-Z+.-]*://)[^>]*>")  # not an autolink: <https://github.com/x>
_SUP_TAG = re.compile(r"</?sup>", re.I)
# An e-mail address is ASCII: a local part (or a {a, b} group), "@", and a domain with a dot and a
# letters-only top-level domain. A Chinese character ends an address, so "MRR@10上" or "pass@1达到"
# never match, and neither do "user@localhost", "a@b" or "@handle". Written out, not \w: in Python
# \w matches Chinese.
_LOCAL = r"(?:\{[A-Za-z0-9._%+\-,\s]+\}|[A-Za-z0-9._%+\-]+)"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}"
_ADDRESS = rf"(?<![A-Za-z0-9._%+\-@])(?<!//){_LOCAL}@{_DOMAIN}(?![A-Za-z0-9\-]|\.[A-Za-z0-9]|:[A-Za-z0-9/~])"
EMAIL = re.compile(_ADDRESS)
# What goes with an address: a Markdown mailto: link keeps its text; a mailto: prefix and the brackets
# around an address go with it.
_WITH_WRAPPING = re.compile(
    rf"\[(?P<text>[^\[\]]*)\]\(\s*<?mailto:(?P<linked>{_ADDRESS})>?\s*\)"
    rf"|<\s*(?:mailto:)?(?P<angled>{_ADDRESS})\s*>|\(\s*(?:mailto:)?(?P<round>{_ADDRESS})\s*\)"
    rf"|（\s*(?P<wide>{_ADDRESS})\s*）|\s*href\s*=\s*(?P<quote>[\"'])mailto:(?P<href>{_ADDRESS})(?P=quote)"
    rf"|(?:mailto:)?(?P<bare>{_ADDRESS})"
)
_ADDRESS_GROUPS = ("linked", "angled", "round", "wide", "href", "bare")
_AT_ENTITY = re.compile(r"&#0*64;|&#x0*40;|&commat;|＠", re.I)  # and the full-width ＠
_ESCAPED = re.compile(r"\\([_.+\-])")  # first\_last@example.org, as Markdown escapes an underscore
# A group of local parts as LaTeX writes it, copied from a PDF: $\{$alice,bob$\}@example.org$
_LATEX_GROUP = re.compile(r"\$?\\\{\$?\s*([A-Za-z0-9._%+\-,\s]+?)\s*\$?\\\}\$?\s*@\s*([A-Za-z0-9.\-]+)\$?")
_OPEN = "([（【「『《"
_CLOSE = ")]）】」』》"


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


@lru_cache(maxsize=16384)  # pure, and asked of the same short strings again and again
def strip_inline_markup(text: str, keep_sup: bool = False) -> str:
    """Plain text of a short Markdown fragment (labels, names, tags); `keep_sup` keeps <sup> marks."""
    text = strip_bullet(text)
    text = _EMPHASIS.sub(r"\2", text).replace("**", "")
    text = _TAGS.sub(lambda tag: tag.group() if keep_sup and _SUP_TAG.fullmatch(tag.group()) else "", text)
    return text.strip()


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any separator character that is not inside (), （）, 《》 and the like."""
    if not any(ch in _OPEN for ch in text):  # most lines: nothing to step around
        return [p.strip() for p in _splitter(separators).split(text) if p.strip()]
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


@lru_cache(maxsize=64)
def _splitter(separators: str) -> re.Pattern:
    return re.compile("[" + re.escape(separators) + "]")


def fold(text: str) -> str:
    """A comparison key: width-, case- and space-insensitive."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def alnum_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


_MARKUP = re.compile(r"[*_`~\\]")


def hidden_emails(text: str) -> list[str]:
    """Addresses that Markdown emphasis or a backslash splits (carol@**example**.org, bob\\@x.org): the
    rendered text shows them, but no filter of the source can see them."""
    return EMAIL.findall(_MARKUP.sub("", text)) if "@" in text else []


def scrub_emails(text: str) -> tuple[str, list[str]]:
    """Text without e-mail addresses (never published, not even as plain text), and the addresses removed.

    Nothing else is removed: callers report every address, so no text disappears unseen.
    """
    if "@" not in text and "&" not in text:
        return text, []
    for encoded, plain in ((_AT_ENTITY, "@"), (_LATEX_GROUP, r"{\1}@\2"), (_ESCAPED, r"\1")):
        decoded = encoded.sub(plain, text)
        if decoded != text and EMAIL.search(decoded):  # alice&#64;example.org, $\{$a,b$\}@x.org$ are addresses
            text = decoded
    removed: list[str] = []

    def remove(match: re.Match) -> str:
        groups = match.groupdict()
        removed.append(next(groups[name] for name in _ADDRESS_GROUPS if groups[name]))
        return groups["text"] or ""

    text = _WITH_WRAPPING.sub(remove, text)
    if removed:  # a link's text may hold the address too
        text = EMAIL.sub(lambda match: removed.append(match.group()) or "", text)
    return text, removed
