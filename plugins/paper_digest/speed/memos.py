"""Small memos for Pelican's hot paths: paper cards rendered once, article URLs computed once, one tag object per
tag, tag lists quick to search.

Each gives the same bytes as the plain path (site/theme.py renders the card macro
each time; Pelican's Article computes its URLs on every call; Pelican's lists are
searched one by one); PAPER_DIGEST_SPEEDUPS = False turns them off.
"""

from __future__ import annotations

import os
import re
from functools import cached_property

from jinja2 import pass_context
from markupsafe import Markup
from pelican.contents import Article

_TAGS: dict[str, dict] = {}  # a run's output folder -> its shared tag objects by (slug, label)
# An attribute whose value starts like one of Pelican's intrasite links ({filename}, |static|): Pelican resolves it.
_INTRASITE = re.compile(r"=\s*[\"']?\s*[{|]")


class FastArticle(Article):
    """An article whose URLs are computed once (templates ask for them on every page that lists it), and whose
    HTML is its own: Pelican memoizes every article's HTML for the life of the process, which would keep the
    articles the live preview replaces alive. HTML with a link for Pelican to resolve ({filename}, {index}…)
    goes through Pelican's own get_content, as a plain Article's does."""

    def __init__(self, content: str, metadata: dict, **kwargs):
        super().__init__(content, metadata=metadata, **kwargs)
        self.html = content
        self.summary_html = metadata["summary"]

    def get_content(self, siteurl: str) -> str:
        return super().get_content(siteurl) if _INTRASITE.search(self.html) else self.html

    def get_summary(self, siteurl: str) -> str:
        return super().get_summary(siteurl) if _INTRASITE.search(self.summary_html) else self.summary_html

    @cached_property
    def url(self):
        return super().url

    @cached_property
    def save_as(self):
        return super().save_as


def tag_memo(settings: dict) -> dict:
    """One tag object per (slug, label) for one run, shared by all its papers."""
    return _TAGS.setdefault(os.path.realpath(settings["OUTPUT_PATH"]), {})


def forget_run(settings: dict) -> None:
    """A new run into the same folder starts with no memo of the last one."""
    _TAGS.pop(os.path.realpath(settings["OUTPUT_PATH"]), None)


class CardMemo:
    """The theme's paper_card macro, rendered once per article and site root.

    A paper is listed on the home pages, its tags' pages and its day's archive, and
    its card is the same on all of them (the links differ only by SITEURL).
    """

    def __init__(self):
        self.cards: dict[tuple[int, str], tuple[object, Markup]] = {}
        self.macros: dict[str, object] = {}

    @pass_context
    def paper_card(self, context, article) -> Markup:
        siteurl = context.get("SITEURL")
        key = (id(article), siteurl)  # not save_as: ARTICLE_SAVE_AS = "" gives every article the same one
        if key not in self.cards:
            if siteurl not in self.macros:  # the card reads SITEURL and the globals, never the page's lists
                macros = context.environment.get_template("_macros.html")
                self.macros[siteurl] = macros.make_module({"SITEURL": siteurl})
            self.cards[key] = (article, self.macros[siteurl].paper_card(article))  # kept alive: its id stays
        return self.cards[key][1]

    def forget(self, articles) -> None:
        """Articles another has replaced (the live preview's edits)."""
        gone = {id(article) for article in articles}
        for key in [key for key in self.cards if key[0] in gone]:
            del self.cards[key]


def card_memo():
    """The memo's paper_card, for the theme's globals (the memo is its __self__)."""
    return CardMemo().paper_card


class TaggedArticles(list):
    """A tag's articles with constant-time membership: Pelican tests every article against every tag's list."""

    def __init__(self, articles):
        super().__init__(articles)
        self.reindex()

    def reindex(self) -> None:
        """After articles were put in place of others (the live preview's edits)."""
        self._ids = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._ids
