"""A paper's Chinese title, wherever the digest gives it: its title part, a heading, 《》 in its opening.
Pure functions."""

from __future__ import annotations

import re

from .labels import INTRO_HEADINGS, TITLE_PREFIX
from .model import Section
from .text import CJK, alnum_key, strip_inline_markup

_TITLE_QUOTE = re.compile(r"《([^《》]+)》")


def clean_title_zh(text: str, english_title: str) -> str | None:
    """The Chinese title without 《》, quotes or a repeat of the English title; None if not Chinese."""
    text = TITLE_PREFIX.sub("", strip_inline_markup(text).strip()).strip()
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
    if not sections or sections[0].heading not in INTRO_HEADINGS:
        return None
    opening = sections[0].markdown.split("\n\n")[0]
    quoted = _TITLE_QUOTE.search(opening)
    if quoted and CJK.search(quoted.group(1)):
        return quoted.group(1).strip()
    return None
