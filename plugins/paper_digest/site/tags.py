"""Topics with their counts for the tags page; topic and author lists made quick to search."""

from __future__ import annotations

from ..options import options_of
from ..speed.memos import TaggedArticles


def add_tag_counts(generator) -> None:
    """Topics with their paper counts, most used first, for the tags page; topic lists made quick to search."""
    if options_of(generator.settings).speedups:
        for tag, articles in generator.tags.items():
            generator.tags[tag] = TaggedArticles(articles)
        generator.authors[:] = [(key, TaggedArticles(articles)) for key, articles in generator.authors]
    generator.context["tags"] = list(generator.tags.items())
    counts = ((tag, len(articles)) for tag, articles in generator.tags.items())
    generator.context["tag_counts"] = sorted(counts, key=lambda pair: (-pair[1], pair[0].slug))
