"""Tags with their counts for the tags page; tag lists made quick to search."""

from __future__ import annotations


class TaggedArticles(list):
    """A tag's articles with constant-time membership: Pelican tests every article against every tag's list."""

    def __init__(self, articles):
        super().__init__(articles)
        self._ids = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._ids


def add_tag_counts(generator) -> None:
    """Tags with their paper counts, most used first, for the tags page; tag lists made quick to search."""
    for tag, articles in generator.tags.items():
        generator.tags[tag] = TaggedArticles(articles)
    generator.context["tags"] = list(generator.tags.items())
    counts = ((tag, len(articles)) for tag, articles in generator.tags.items())
    generator.context["tag_counts"] = sorted(counts, key=lambda pair: (-pair[1], pair[0].slug))
