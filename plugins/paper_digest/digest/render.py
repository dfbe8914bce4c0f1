"""Section Markdown -> safe HTML, shared by the site and the translation step so both see the same blocks.

Digests come from people and language models we do not control, so the HTML
Markdown produces goes through an allow-list sanitizer (nh3): ordinary
formatting stays; scripts, event handlers, iframes, images (a third-party
request), styles and javascript: or mailto: links go. The parser has already
removed and reported the e-mail addresses of the digest's text; an address that
only appears once entities are decoded is removed here and logged.
"""

from __future__ import annotations

import logging
import re

import markdown
import nh3

from .text import scrub_emails

DEFAULT_EXTENSIONS = ("extra", "sane_lists")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small",
    "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "abbr", "dfn",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "h3", "h4", "h5", "h6", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
logger = logging.getLogger(__name__)

URL_SCHEMES = {"http", "https"}
_TAG = re.compile(r"(<[^>]*>)")
_EMPTY_LINK = re.compile(r"<a\b[^>]*>\s*</a>")


# Built once: nh3.clean() converts the allow-lists on every call, which cost more than the cleaning.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html: str) -> str:
    clean = _CLEANER.clean(html)
    if "@" in clean:
        parts = _TAG.split(clean)
        for n, part in enumerate(parts):
            if not part.startswith("<"):
                parts[n], removed = scrub_emails(part)
                for address in removed:
                    logger.warning("e-mail address '%s' removed from a section: addresses are never published", address)
        clean = "".join(parts)
    return _EMPTY_LINK.sub("", clean)  # what is left of a mailto: link


class SectionRenderer:
    """One Markdown parser reused for speed, reset between sections."""

    def __init__(self, extensions: tuple[str, ...] | list[str] = DEFAULT_EXTENSIONS):
        self._md = markdown.Markdown(extensions=list(extensions), output_format="html")

    def render(self, text: str) -> str:
        self._md.reset()
        return sanitize(self._md.convert(text))
