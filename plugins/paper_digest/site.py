"""Pelican glue: papers -> Article objects, plus the theme's gettext and date filters.

Knows Pelican and Jinja; does no parsing (that is load/parse) and no HTTP.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import os
from functools import partial

import markdown
from babel import Locale
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from pelican.contents import Article
from pelican.urlwrappers import Tag as PelicanTag

from .load import load_papers
from .model import DigestError, Location, Paper, Problem

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Digest files, folders or globs; relative paths are taken from the project root.
    "PAPER_DIGEST_PATHS": ["seeds"],
    # The tag registry; relative to the content folder.
    "PAPER_DIGEST_TAGS": "tags.toml",
    # Markdown extensions used to render each section body.
    "PAPER_DIGEST_MARKDOWN_EXTENSIONS": ["extra", "sane_lists"],
}
SUMMARY_CHARS = 160


def settings_with_defaults(settings: dict) -> dict:
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in settings.items() if k.startswith("PAPER_DIGEST_")})
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    merged["PAPER_DIGEST_PATHS"] = [os.path.join(root, p) for p in merged["PAPER_DIGEST_PATHS"]]
    merged["PAPER_DIGEST_TAGS"] = os.path.join(settings["PATH"], merged["PAPER_DIGEST_TAGS"])
    return merged


def babel_locale(settings: dict) -> Locale:
    return Locale.parse(settings.get("DEFAULT_LANG", "en"), sep="-")


def load_translations(theme: str, locale: Locale) -> NullTranslations:
    """The theme's catalog for `locale`, compiled in memory (compiled files are never committed)."""
    folder = os.path.join(theme, "translations")
    for name in (str(locale), f"{locale.language}_{locale.territory}", locale.language):
        po_path = os.path.join(folder, name, "LC_MESSAGES", "messages.po")
        if os.path.exists(po_path):
            break
    else:
        if locale.language == "en":
            return NullTranslations()  # msgids are English
        raise DigestError(
            [
                Problem(
                    Location(folder, 0), f"the theme has no catalog for '{locale}': create it with 'invoke i18n-update'"
                )
            ]
        )
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def html_lang(locale: Locale) -> str:
    """BCP 47 tag for lang/hreflang attributes: zh-CN, en."""
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def install_theme_helpers(generator) -> None:
    """Give the theme gettext and Babel dates before anything renders (Pelican installs neither)."""
    settings = generator.settings
    locale = babel_locale(settings)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(load_translations(settings["THEME"], locale), newstyle=True)
    env.globals["HTML_LANG"] = html_lang(locale)
    env.filters["month"] = partial(_format_month, locale=locale)
    env.filters["isodate"] = lambda value: (
        value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    )


def _format_month(value: dt.date, locale: Locale) -> str:
    return format_skeleton("yMMMM", value, locale=locale)


class SectionRenderer:
    """Markdown for section bodies; one parser reused for speed, reset between sections."""

    def __init__(self, extensions: list[str]):
        self._md = markdown.Markdown(extensions=extensions, output_format="html")

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def paper_article(paper: Paper, generator, renderer: SectionRenderer) -> Article:
    settings = generator.settings
    sections = [(s.heading, renderer.render(s.markdown)) for s in paper.sections]
    content = "\n".join((f"<h2>{html.escape(heading)}</h2>\n" if heading else "") + body for heading, body in sections)
    tags = []
    for tag in paper.tags:
        pelican_tag = PelicanTag(tag.zh, settings)
        pelican_tag.slug = tag.slug  # the registry's ASCII slug, never a transliteration
        tags.append(pelican_tag)
    metadata = {
        "title": paper.title_zh or paper.title,
        "date": dt.datetime.combine(paper.date, dt.time()),
        "slug": paper.arxiv_id,
        "tags": tags,
        "summary": _summary(paper),
        "paper": paper,
        "paper_sections": sections,
    }
    return Article(
        content,
        metadata=metadata,
        settings=settings,
        source_path=os.path.abspath(paper.source.path),
        context=generator.context,
    )


def _summary(paper: Paper) -> str:
    text = next((s.markdown for s in paper.sections), "")
    first = " ".join(line.strip("-*# ") for line in text.split("\n\n")[0].splitlines())
    first = first.replace("**", "")
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1] + "…"


def add_papers(generator) -> None:
    """Turn every digest paper into an article before Pelican builds tags and archives."""
    options = settings_with_defaults(generator.settings)
    papers, problems = load_papers(options["PAPER_DIGEST_PATHS"], options["PAPER_DIGEST_TAGS"])
    fatal = [p for p in problems if p.fatal]
    for warning in (p for p in problems if not p.fatal):
        logger.warning("%s", warning)
    if fatal:
        raise DigestError(fatal)
    renderer = SectionRenderer(options["PAPER_DIGEST_MARKDOWN_EXTENSIONS"])
    articles = [paper_article(paper, generator, renderer) for paper in papers]
    generator.articles = sorted([*generator.articles, *articles], key=lambda a: (a.date, a.slug), reverse=True)
    logger.info("paper_digest: %d papers from %d digest path(s)", len(articles), len(options["PAPER_DIGEST_PATHS"]))


def add_tag_counts(generator) -> None:
    """Tags with their paper counts, most used first, for the tags page."""
    counts = ((tag, len(articles)) for tag, articles in generator.tags.items())
    generator.context["tag_counts"] = sorted(counts, key=lambda pair: (-pair[1], pair[0].slug))
