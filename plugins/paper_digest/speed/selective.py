"""Pelican's writer, passed only the pages and feeds that show some articles: what an edit of them changes.

The live preview (live.py) calls Pelican's own generate_articles, generate_pages
and generate_feeds with this in place of the writer, so every page it writes is
made by the same call, with the same arguments, as in a full build; the calls for
pages that do not show the edited articles are dropped before anything renders.
"""

from __future__ import annotations

from collections.abc import Iterable


class OwnPages:
    """Only the edited articles' own pages: the first thing the preview shows after an edit."""

    def __init__(self, writer, edited: Iterable):
        self.writer = writer
        self.edited = {id(article) for article in edited}

    def write_file(self, name, template, context, *args, **kwargs):
        if id(kwargs.get("article")) in self.edited:
            self.writer.write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *args, **kwargs):
        pass


class PagesShowing:
    """Every other page and feed that shows an edited article: its neighbours and related papers (which
    link it by title), the listings that hold its card, the feeds it is in."""

    def __init__(self, writer, edited: Iterable, feed_items: int | None):
        self.writer = writer
        self.edited = {id(article) for article in edited}
        self.feed_items = feed_items

    def _shows(self, articles) -> bool:
        return any(id(article) in self.edited for article in articles or ())

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        if article is not None:
            if id(article) in self.edited:
                return  # written first, by OwnPages
            linked = [getattr(article, "prev_article", None), getattr(article, "next_article", None)]
            shown = self._shows([*linked, *getattr(article, "related", ())])
        else:
            shown = self._shows(kwargs.get("articles")) or self._shows(kwargs.get("dates"))
        if shown:
            self.writer.write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, *args, **kwargs):
        if self._shows(elements[: self.feed_items]):
            self.writer.write_feed(elements, *args, **kwargs)
