"""Small memos for Pelican's hot paths: each paper card rendered once, tag lists quick to search.

Both give the same bytes as the plain path (site/theme.py renders the card macro
each time; Pelican's lists are searched one by one); PAPER_DIGEST_SPEEDUPS = False
turns them off.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup


def card_memo():
    """The theme's paper_card macro, rendered once per article and site root.

    A paper is listed on the home pages, its tags' pages and its day's archive, and
    its card is the same on all of them (the links differ only by SITEURL).
    """
    cards: dict[tuple[int, str], tuple[object, Markup]] = {}
    macros: dict[str, object] = {}

    @pass_context
    def paper_card(context, article) -> Markup:
        siteurl = context.get("SITEURL")
        key = (id(article), siteurl)  # not save_as: ARTICLE_SAVE_AS = "" gives every article the same one
        if key not in cards:
            if siteurl not in macros:
                macros[siteurl] = context.environment.get_template("_macros.html").make_module(context.get_all())
            cards[key] = (article, macros[siteurl].paper_card(article))  # the article kept alive: its id stays
        return cards[key][1]

    return paper_card


class TaggedArticles(list):
    """A tag's articles with constant-time membership: Pelican tests every article against every tag's list."""

    def __init__(self, articles):
        super().__init__(articles)
        self._ids = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._ids
