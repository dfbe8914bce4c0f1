"""Pelican's writer, passed only the pages and feeds that show some articles: what an edit of them changes.

The live preview (live.py) calls Pelican's own generate_articles, generate_pages
and generate_feeds with this in place of the writer, so every page it writes is
made by the same call, with the same arguments, as in a full build; the calls for
pages that do not show the edited articles are dropped before anything renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class OwnPages:
    """Only the edited articles' own pages: the first thing the preview shows after an edit."""

    def __init__(self, writer, edited: Iterable):
        self.writer = writer
        self.edited = {id(article) for article in edited}

    def write_file(self, name, template, context, *args, **kwargs):
        if id(kwargs.get("article")) in self.edited:
            self.writer.write_file(name, template, context, *args, **kwargs)


class PagesShowing:
    """Every other page and feed that shows an edited article: its neighbours and related papers (which
    link it by title), the listings that hold its card, the feeds it is in."""

    def __init__(self, writer, edited: Iterable, linking: Iterable, feed_items: int | None):
        """`linking`: the articles whose pages link an edited one (its neighbours, the papers it is related to)."""
        self.writer = writer
        self.edited = {id(article) for article in edited}
        self.linking = {id(article) for article in linking}
        self.feed_items = feed_items
        self.unchanged: set[Path] = set()  # listing pages written back as they were (see _PagesHolding)

    def _shows(self, articles) -> bool:
        return any(id(article) in self.edited for article in articles or ())

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        if article is not None:
            shown = id(article) in self.linking and id(article) not in self.edited  # those written first
        else:
            shown = self._shows(kwargs.get("articles")) or self._shows(kwargs.get("dates"))
        if shown:
            template = _PagesHolding(template, self.edited, Path(self.writer.output_path), self.unchanged)
            self.writer.write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, *args, **kwargs):
        if self._shows(elements[: self.feed_items]):
            self.writer.write_feed(elements, *args, **kwargs)


class _PagesHolding:
    """A listing's template that renders only the pages holding an edited article.

    Pelican's writer renders every page of a paginated listing (a tag's, the home
    pages: hundreds at 10,000 papers). An edit the live site applies keeps every
    paper's place, so a page that holds none of the edited papers is unchanged:
    its file is given back as it is, and noted, so open copies of it do not reload.
    """

    def __init__(self, template, edited: set[int], output: Path, unchanged: set[Path]):
        self.template, self.edited, self.output, self.unchanged = template, edited, output, unchanged

    def render(self, context) -> str:
        pages = [context.get(key) for key in ("articles_page", "dates_page")]
        holding = [page for page in pages if page is not None]
        if holding and not any(id(a) in self.edited for page in holding for a in page.object_list):
            path = self.output / context["output_file"]
            with open(path, encoding="utf-8", newline="") as page:  # exactly as Pelican wrote it
                kept = page.read()
            self.unchanged.add(path)
            return kept
        return self.template.render(context)
