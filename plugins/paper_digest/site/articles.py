"""Papers -> Pelican articles in the site's language: titles, tags with the registry's slugs, sections, summary."""

from __future__ import annotations

import datetime as dt
import html
import os
from functools import cached_property

from pelican.contents import Article
from pelican.urlwrappers import Tag as PelicanTag

from ..build.context import outcome_of, role_of
from ..digest.model import Paper
from ..pipeline import Rendered, Translated, cut
from .bibtex import bibtex_entry


class PaperArticle(Article):
    """An article whose URLs are computed once: templates ask for them on every page that lists it."""

    @cached_property
    def url(self):
        return super().url

    @cached_property
    def save_as(self):
        return super().save_as


class Tag(PelicanTag):
    """Pelican's Tag with its URLs computed once: every card and page that shows a tag asks for them.

    Named Tag because Pelican finds TAG_URL and TAG_SAVE_AS by the class name.
    """

    @cached_property
    def url(self):
        return self._from_settings("URL")

    @cached_property
    def save_as(self):
        return self._from_settings("SAVE_AS")

    @cached_property
    def page_name(self):
        return self._from_settings("URL", get_page_name=True)


def _pelican_tags(tags, label, generator) -> list[Tag]:
    """One Pelican tag per registry tag and site, shared by all its papers."""
    shared = outcome_of(generator.settings).tags
    result = []
    for tag in tags:
        key = (tag.slug, label(tag))
        if key not in shared:
            pelican_tag = Tag(key[1], generator.settings)
            pelican_tag.slug = tag.slug  # the registry's ASCII slug in every language, never a transliteration
            shared[key] = pelican_tag
        result.append(shared[key])
    return result


def _article(paper: Paper, generator, *, title, tags, sections, summary, extra) -> Article:
    content = "\n".join((f"<h2>{h}</h2>\n" if h else "") + body for h, body in sections)
    metadata = {
        "title": title,
        "date": dt.datetime.combine(paper.date, dt.time()),
        "slug": paper.arxiv_id,
        "tags": tags,
        "summary": summary or cut(paper.title),
        "paper": paper,
        "paper_sections": sections,
        "bibtex": bibtex_entry(paper),
        **extra,
    }
    return PaperArticle(
        content,
        metadata=metadata,
        settings=generator.settings,
        source_path=os.path.abspath(paper.source.path),
        context=generator.context,
    )


def chinese_article(paper: Paper, generator, rendered: Rendered) -> Article:
    return _article(
        paper,
        generator,
        title=paper.title_zh or paper.title,
        tags=_pelican_tags(paper.tags, lambda t: t.zh, generator),
        sections=[(html.escape(s.heading), body) for s, body in zip(paper.sections, rendered.sections, strict=True)],
        summary=rendered.summary,
        extra={"authors_shown": paper.authors, "affiliations_shown": paper.affiliations},
    )


def english_article(paper: Paper, generator, translated: Translated) -> Article:
    english = translated.english
    return _article(
        paper,
        generator,
        title=paper.title,
        tags=_pelican_tags(english.tags, lambda t: t.en, generator),
        sections=english.sections,
        summary=translated.summary,
        extra={
            "translation": english.status,
            "pending_blocks": english.pending_blocks,
            "pending_segments": len(english.missing),
            "pending_in": [role_of(generator.settings).prefix] if english.missing else [],
            "authors_shown": english.authors,
            "affiliations_shown": english.affiliations,
        },
    )
