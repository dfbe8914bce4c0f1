"""A language of the site a full build wrote, as Pelican made it: its generators with their context, kept in the
preview's process for the edits to come (live.py). Made by Pelican.run() itself, through its public signals."""

from __future__ import annotations

from dataclasses import dataclass

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

from ..commands.sites import connected, pelican_quiet
from ..roles import built_by_us, take_outcome
from ..site.search import Bundle
from ..speed.memos import forget_run


@dataclass
class KeptLanguage:
    settings: dict
    pelican: Pelican
    generator: ArticlesGenerator
    bundles: list[Bundle]

    def articles_by_id(self) -> dict[str, object]:
        return {article.paper.arxiv_id: article for article in self.generator.articles if hasattr(article, "paper")}


class _NothingWritten(Writer):
    """Pelican's writer, writing nothing: the kept site is what Pelican.run() makes, its pages already on disk.
    The plugin's own files written after the pages (the bibliographies) follow it (`writes_files`)."""

    writes_files = False

    def write_file(self, *args, **kwargs) -> None:
        return None

    def write_feed(self, *args, **kwargs) -> None:
        return None


def keep(settings: dict) -> KeptLanguage:
    """Pelican.run() itself, through its public signals: the generators it made (all_generators_finalized), with
    a writer that writes nothing (get_writer). The built site is neither deleted nor written again: static files
    are copied only when changed, and the plugin's bibliographies are left alone."""
    forget_run(settings)
    settings = {
        **settings,
        "DELETE_OUTPUT_DIRECTORY": False,
        "THEME_STATIC_PATHS": [],
        "STATIC_CHECK_IF_MODIFIED": True,
    }
    made: list = []

    def collect(generators) -> None:
        made.extend(generators)

    def writer(sender):
        return _NothingWritten if sender is pelican else None

    with built_by_us(settings), pelican_quiet():  # before Pelican() says `initialized`: a run of ours
        pelican = Pelican(settings)
        with connected(collect, signals.all_generators_finalized), connected(writer, signals.get_writer):
            pelican.run()
    articles = next(g for g in made if isinstance(g, ArticlesGenerator))
    return KeptLanguage(settings, pelican, articles, list(take_outcome(settings).bundles))
