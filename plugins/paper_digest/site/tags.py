"""Tags with their counts for the tags page; tag, category and author lists made quick to search."""

from __future__ import annotations

from ..build.settings import speedups
from ..speed.memos import TaggedArticles
from .categories import group_by_category


def add_tag_counts(generator) -> None:
    """Tags with their paper counts, most used first, for the tags page; arXiv's categories as listings;
    tag lists made quick to search."""
    group_by_category(generator)
    if speedups(generator.settings):
        for tag, articles in generator.tags.items():
            generator.tags[tag] = TaggedArticles(articles)
        for grouped in (generator.categories, generator.authors):  # one author and category hold every paper
            grouped[:] = [(key, TaggedArticles(articles)) for key, articles in grouped]
    generator.context["tags"] = list(generator.tags.items())
    counts = ((tag, len(articles)) for tag, articles in generator.tags.items())
    generator.context["tag_counts"] = sorted(counts, key=lambda pair: (-pair[1], pair[0].slug))
