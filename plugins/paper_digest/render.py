"""Section Markdown -> HTML, shared by the site and the translation step so both see the same blocks."""

from __future__ import annotations

import markdown

DEFAULT_EXTENSIONS = ("extra", "sane_lists")


class SectionRenderer:
    """One Markdown parser reused for speed, reset between sections."""

    def __init__(self, extensions: tuple[str, ...] | list[str] = DEFAULT_EXTENSIONS):
        self._md = markdown.Markdown(extensions=list(extensions), output_format="html")

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)
