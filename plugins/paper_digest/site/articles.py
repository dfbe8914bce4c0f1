"""Papers -> Pelican articles in the site's language: titles, tags with the registry's slugs, sections, summary."""

from __future__ import annotations

import datetime as dt
import html
import os

from pelican.contents import Article
from pelican.urlwrappers import Tag as PelicanTag

from ..digest.model import Paper
from ..options import options_of
from ..pipeline import Rendered, Translated, cut
from ..roles import role_of
from ..speed.memos import FastArticle, tag_memo
from .categories import arxiv_categories


def _pelican_tags(tags, label, generator) -> list:
    """Pelican tags with the registry's ASCII slug in every language, never a transliteration."""
    memo = tag_memo(generator.settings) if options_of(generator.settings).speedups else None
    result = []
    for tag in tags:
        key = (tag.slug, label(tag))
        if memo is not None and key in memo:
            result.append(memo[key])
            continue
        pelican_tag = PelicanTag(key[1], generator.settings)
        pelican_tag.slug = tag.slug
        if memo is not None:
            memo[key] = pelican_tag
        result.append(pelican_tag)
    return result


def _article(paper: Paper, generator, *, title, tags, keywords, sections, summary, bibtex, extra) -> Article:
    categories = arxiv_categories(paper, generator.settings)
    content = "\n".join((f"<h2>{h}</h2>\n" if h else "") + body for h, body in sections)
    metadata = {
        "title": title,
        "date": dt.datetime.combine(paper.date, dt.time()),
        "slug": paper.arxiv_id,
        "tags": tags,
        "keywords": keywords,
        "arxiv_categories": categories,
        **({"category": categories[0]} if categories else {}),
        "summary": summary or cut(paper.title),
        "paper": paper,
        "paper_sections": sections,
        "bibtex": bibtex,
        **extra,
    }
    article_class = FastArticle if options_of(generator.settings).speedups else Article
    return article_class(
        content,
        metadata=metadata,
        settings=generator.settings,
        source_path=os.path.abspath(paper.source.path),
        context=generator.context,
    )


def chinese_article(paper: Paper, generator, rendered: Rendered, bibtex: str) -> Article:
    return _article(
        paper,
        generator,
        title=paper.title_zh or paper.title,
        tags=_pelican_tags(paper.tags, lambda t: t.zh, generator),
        keywords=list(paper.keywords),
        sections=[(html.escape(s.heading), body) for s, body in zip(paper.sections, rendered.sections, strict=True)],
        summary=rendered.summary,
        bibtex=bibtex,
        extra={"authors_shown": paper.shown_authors, "affiliations_shown": paper.affiliations},
    )


def english_article(paper: Paper, generator, translated: Translated, bibtex: str) -> Article:
    english = translated.english
    return _article(
        paper,
        generator,
        title=paper.title,
        tags=_pelican_tags(paper.tags, lambda t: t.en, generator),
        keywords=english.keywords,
        sections=english.sections,
        summary=translated.summary,
        bibtex=bibtex,
        extra={
            "translation": english.status,
            "pending_blocks": english.pending_blocks,
            "pending_segments": len(english.missing),
            "pending_in": [role_of(generator.settings).prefix] if english.missing else [],
            "authors_shown": english.authors or paper.shown_authors,
            "affiliations_shown": english.affiliations,
        },
    )
