"""The plugin's entry at article_generator_pretaxonomy: every digest paper becomes an article of this site."""

from __future__ import annotations

import logging
from itertools import pairwise

from pelican.contents import Article

from ..digest.model import Paper
from ..options import Options, options_of
from ..pipeline import Pipeline
from ..problems import NOTE, SKIPPED, WARNING, DigestError, Location, Problem, shown_path, strictly
from ..roles import babel_locale, outcome_of, role_of
from ..speed.digests import make_pipeline
from ..translation.memory import glossary_path, load_memory
from .articles import chinese_article, english_article
from .related import related_papers
from .search import bundle_plan, shard_plan

logger = logging.getLogger(__name__)


def add_papers(generator) -> None:
    """Turn every digest paper into an article before Pelican builds tags and archives."""
    settings = generator.settings
    options = options_of(settings)
    pipeline = make_pipeline(options)
    papers, problems = pipeline.load()
    if options.strict:
        problems = strictly(problems)
    if not papers and not any(problem.fatal for problem in problems):
        where = Location(", ".join(shown_path(p) for p in options.paths), 0)
        problems.append(Problem(where, "nothing to publish: every paper was skipped (the lines above say why)"))
    role, outcome = role_of(settings), outcome_of(settings)
    _raise_fatal(problems, logged=not role.prefix)  # warnings once, from the main language's run
    if role.prefix:
        problems = []
    outcome.warnings = [str(p) for p in problems if p.kind == WARNING]  # for the build's report
    outcome.skipped = [p for p in problems if p.skipped]
    outcome.notes = [str(p) for p in problems if p.kind == NOTE]
    articles = paper_articles(generator, options, papers, pipeline)
    by_id = {article.paper.arxiv_id: article for article in articles}
    for arxiv_id, related in related_papers(papers).items():
        by_id[arxiv_id].related = [by_id[other] for other in related]
    generator.articles = sorted([*generator.articles, *articles], key=lambda a: (a.date, a.slug), reverse=True)
    for newer, older in pairwise(generator.articles):  # "previous" is the newer neighbour
        older.prev_article, newer.next_article = newer, older
    outcome.bundles = []
    if options.search:
        pages = (((a.paper.published, a.slug), a.save_as) for a in articles)
        outcome.bundles = bundle_plan(shard_plan(pages, options.search_shard_papers), options.search_merge)
    generator.context["SEARCH_BUNDLES"] = [bundle.name for bundle in outcome.bundles]
    logger.info("paper_digest: %d papers (%s)", len(articles), settings.get("DEFAULT_LANG"))


def paper_articles(generator, options: Options, papers: list[Paper], pipeline: Pipeline) -> list[Article]:
    """These papers as articles of the generator's language (the live preview remakes a few at a time)."""
    if babel_locale(generator.settings).language != "zh":
        return _english_articles(generator, options, papers, pipeline)
    role = role_of(generator.settings)
    rendered, citations = pipeline.rendered(papers), pipeline.citations(papers)
    articles = [chinese_article(p, generator, rendered[p.arxiv_id], citations[p.arxiv_id]) for p in papers]
    for article in articles:
        article.pending_in = []
    if role.translated_prefixes and role.public:  # hreflang only points at complete pages
        english = pipeline.translated(papers)
        for article in articles:
            if english[article.paper.arxiv_id].english.missing:
                article.pending_in = role.translated_prefixes
    return articles


def _english_articles(generator, options: Options, papers: list[Paper], pipeline: Pipeline) -> list[Article]:
    _, problems = load_memory(glossary_path(options.memory))  # the glossary's own problems
    translated, citations = pipeline.translated(papers), pipeline.citations(papers)
    articles, pending = [], []
    for paper in papers:
        english = translated[paper.arxiv_id]
        problems += english.problems
        if english.english.missing:
            pending.append((paper, len(english.english.missing)))
        articles.append(english_article(paper, generator, english, citations[paper.arxiv_id]))
    if pending and options.require_translations:
        problems += [
            Problem(paper.source, f"paper {paper.arxiv_id} has {count} untranslated segment(s): run 'invoke translate'")
            for paper, count in pending
        ]
    elif pending:
        listing = ", ".join(f"{paper.arxiv_id} ({count})" for paper, count in pending)
        published = (
            " (noindex, left out of the sitemap and the English feeds)" if role_of(generator.settings).public else ""
        )
        logger.warning(
            "English pending for %d paper(s), shown in Chinese where untranslated%s: %s. Run 'invoke translate'.",
            len(pending),
            published,
            listing,
        )
    _raise_fatal(problems)
    return articles


def _raise_fatal(problems: list[Problem], logged: bool = True) -> None:
    """Log what does not stop the build (when `logged`); raise with what does (and with what was skipped, which
    often says why nothing is left to publish)."""
    fatal = [p for p in problems if p.fatal]
    for problem in problems if logged else ():
        if problem.kind == WARNING or (problem.kind == SKIPPED and not fatal):
            logger.warning("%s", problem)
        elif problem.kind == NOTE:  # said again, quietly, at the end of the run
            logger.info("%s", problem)
    if fatal:
        raise DigestError([p for p in problems if p.skipped] + fatal)
