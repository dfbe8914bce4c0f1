"""Names on an author line: split, cleaned of marks and memberships, turned round when written surname first.
Pure functions, no I/O."""

from __future__ import annotations

import re

from .marks import normalise_marks, strip_markers
from .text import split_outside_brackets, strip_inline_markup

SUP = re.compile(r"<sup>(.*?)</sup>", re.I)
MEMBERSHIP = re.compile(
    r"[,，]?\s*\(?\b(?:(?:Student|Senior|Life|Graduate\s+Student)\s+)?(?:Member|Fellow)\b"
    r"(?:\s*[,，]\s*|\s+)(?:IEEE|ACM|AAAI|SIAM)\b\)?"
    r"|[,，]?\s*\(?\b(?:IEEE|ACM|AAAI)\s+(?:(?:Student|Senior|Life)\s+)?(?:Member|Fellow)\b\)?"
    r"|\s*[（(]\s*(?:IEEE|ACM|AAAI)\s*(?:高级|终身|学生)?(?:会员|院士|Fellow)\s*[)）]",
    re.I,
)
# A role after a name is a marker in words: (通讯作者), (corresponding author).
ROLE = re.compile(
    r"\s*[（(]\s*(?:通讯作者|对应作者|共同一作|共同第一作者|第一作者|项目负责人|corresponding author|equal contribution"
    r"|project lead)\s*[)）]",
    re.I,
)
_NAME_MARKERS = re.compile(r"[\d*∗†‡§¶♠♡⋆#¹²³⁴⁵⁶⁷⁸⁹⁰,]+$")
_NO_SUPERSCRIPTS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")
CJK_AND = re.compile(r"\s*(?<![\u3400-\u9fff])(?:和|以及|及|与)(?![\u3400-\u9fff])\s*")  # Jinsong Su 和 Dong Yu
_SURNAME_FIRST = re.compile(r"[A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+)*,\s*[A-Z][\w'’.\- ]*")
_ONE_WORD = re.compile(r"[A-Z][\w'’\-]+")


def clean_name(name: str) -> str:
    text = MEMBERSHIP.sub("", strip_inline_markup(SUP.sub("", name))).translate(_NO_SUPERSCRIPTS)
    text = _NAME_MARKERS.sub("", strip_markers(text.strip(" ,，、;；.*"))).strip()
    text = re.sub(r"^(?:and\s+|和\s+|以及|及)", "", strip_markers(text))  # A, B, and C; …、及郭百宁
    return re.sub(r"\s+", " ", text)


def given_names_first(text: str) -> list[str] | None:
    """'Tian, Bozhong, Liang, Xiaozhuan' and 'Tian, Bozhong and Liang, Xiaozhuan' (surname first, as
    BibTeX writes them) as 'Bozhong Tian', 'Xiaozhuan Liang'; None for any other line."""
    pieces = [p.strip() for p in re.split(r"\s+and\s+|\s+&\s+|[;；]", text) if p.strip()]
    if len(pieces) > 1 and all(_SURNAME_FIRST.fullmatch(p) for p in pieces):
        return [" ".join(reversed([w.strip() for w in p.split(",", 1)])) for p in pieces]
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 4 and len(parts) % 2 == 0 and all(_ONE_WORD.fullmatch(p) for p in parts):
        return [f"{given} {surname}" for surname, given in zip(parts[::2], parts[1::2], strict=True)]
    return None


def name_list(text: str) -> str:
    """Names apart: 'A<sup>1</sup> B<sup>2</sup>' (space-separated, as PDF text gives Chinese names) gets commas."""
    return re.sub(r"</sup>\s+(?=[^\s,，、;；<])", "</sup>, ", text)


def split_names(text: str) -> list[str]:
    text = MEMBERSHIP.sub("", SUP.sub("", name_list(normalise_marks(text))))
    flipped = given_names_first(strip_inline_markup(text))
    if flipped:
        return flipped
    parts = split_outside_brackets(CJK_AND.sub(",", re.sub(r"\s+and\s+|\s+&\s+", ",", text)), ",，、;；")
    return [name for name in (clean_name(p) for p in parts) if name]


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for item in items:
        key = re.sub(r"\s+", " ", item).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
