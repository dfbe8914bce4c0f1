"""arXiv's categories as a second way to browse: a page and feeds per category, in each language.

Topics are ours (content/tags.toml); categories are arXiv's, from the stored records, named as arXiv
names them (arxiv_categories.toml, with a Chinese name for the Chinese site). A paper is listed under
every category its record gives, its primary one first, as arXiv's own listings do.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pelican.urlwrappers import Category

from ..options import options_of
from ..roles import role_of
from ..speed.memos import TaggedArticles

TABLE = Path(__file__).with_name("arxiv_categories.toml")


@cache
def _names() -> dict[str, dict[str, str]]:
    return tomllib.loads(TABLE.read_text(encoding="utf-8"))


def category_name(code: str, chinese: bool) -> str:
    """arXiv's English name or our Chinese one; the code itself for a category the table lacks."""
    names = _names().get(code)
    return names["zh" if chinese else "en"] if names else code


def category_codes(paper) -> tuple[str, ...]:
    """The categories arXiv's stored record gives the paper, primary first; none without a record."""
    record = paper.record
    if record is None:
        return ()
    return tuple(code for code in dict.fromkeys((record.primary_category, *record.categories)) if code)


def arxiv_categories(paper, settings: dict) -> list[Category]:
    """Pelican categories named in the site's language, slugged by arXiv's code (/category/cs.CV/)."""
    chinese = role_of(settings).lang.startswith("zh")
    found = []
    for code in category_codes(paper):
        category = Category(category_name(code, chinese), settings)
        category.slug = code
        found.append(category)
    return found


def group_by_category(generator) -> None:
    """Pelican's category listings rebuilt from arXiv's categories (cross-lists included); a paper without
    a stored record is in none, and Pelican's default category gets no page."""
    grouped: dict[str, tuple[Category, list]] = {}
    for article in generator.articles:
        for category in getattr(article, "arxiv_categories", ()):
            grouped.setdefault(category.slug, (category, []))[1].append(article)
    wrap = TaggedArticles if options_of(generator.settings).speedups else list
    generator.categories = [(grouped[code][0], wrap(grouped[code][1])) for code in sorted(grouped, key=str.casefold)]
    generator.context["categories"] = generator.categories
