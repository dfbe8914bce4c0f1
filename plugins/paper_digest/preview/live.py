"""The live preview's kept site: every language's Pelican generators after a build, brought up to date per edit.

After a full build the preview keeps, in its own process, what Pelican makes
before writing (each language's articles, tags, archives and templates): Pelican.run()
itself, with a writer that writes nothing, its generators taken at the public
all_generators_finalized signal; nothing private of Pelican's is used. A saved
digest whose papers keep their ids, dates and tags is then applied here, in
milliseconds rather than a rebuild's seconds: its papers are parsed again and
made articles, which take the old ones' place wherever Pelican and the plugin
hold them, and only the pages that show them are written: first their own pages
in every language (the preview shows those at once), then the neighbours and
related papers that link them, the listings and feeds that hold them and, when
their citation changed, the bibliographies; then their search bundles are named
for re-indexing. Anything else (a paper added or gone, a date or tag changed, a
new digest, theme, settings, memory) needs a full build: apply() says so.
tests/integration/test_live_site.py checks that the result is a cold build's bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from jinja2 import meta
from pelican import signals
from pelican.writers import Writer

from ..commands.bookkeeping import shard_store, site_identity
from ..commands.sites import connected
from ..digest.load import digest_files
from ..digest.model import Paper
from ..options import options_of
from ..problems import DigestError, Problem, strictly
from ..roles import role_of
from ..site.bibfiles import write_bibliographies
from ..site.papers import paper_articles
from ..site.search import BundleJob
from ..speed.digests import make_pipeline
from ..speed.memos import CardMemo
from .kept import KeptLanguage, keep
from .selective import OwnPages, PagesShowing

logger = logging.getLogger(__name__)


class LiveSite:
    """The site a full build wrote, kept in memory: apply() brings it up to date after a digest is saved."""

    def __init__(self, sites: list[dict]):
        """`sites`: every language's settings (commands/sites.py site_settings), writing into the live output."""
        self.options = options_of(sites[0])
        self.output = Path(sites[0]["OUTPUT_PATH"])
        self.identity = site_identity(self.output)  # the build this keeps; `invoke clean` or build replace it
        self.languages = [keep(settings) for settings in sites]
        # a paper page that reads the listings would change with any edit: such a theme is always built whole
        self.pages_read_listings = any(_reads_listings(language.generator.env) for language in self.languages)
        main = self.languages[0].articles_by_id()
        self.papers: dict[str, Paper] = {arxiv_id: article.paper for arxiv_id, article in main.items()}
        self.files: dict[str, list[str]] = {}  # a digest's real path -> its papers' ids, in digest order
        for paper in sorted(self.papers.values(), key=lambda p: p.source):
            self.files.setdefault(os.path.realpath(paper.source.path), []).append(paper.arxiv_id)
        self._paths = {os.path.realpath(p.source.path): p.source.path for p in self.papers.values()}
        self.linked_from: dict[str, set[str]] = {}  # a paper -> the papers whose pages link it (prev, next, related)
        for article in main.values():
            for other in [getattr(article, "prev_article", None), getattr(article, "next_article", None),
                          *getattr(article, "related", ())]:  # fmt: skip
                if other is not None:
                    self.linked_from.setdefault(other.paper.arxiv_id, set()).add(article.paper.arxiv_id)

    def apply(
        self,
        changed: Iterable[Path],
        written: Callable[[list[Path]], None] = lambda files: None,
        skipped: Callable[[list[Problem]], None] = lambda problems: None,
    ):
        """Apply saved digests: the search bundles to make again, or None when the change needs a full build.

        `written` is told the files written, twice: the edited papers' own pages
        first, then the rest; `skipped`, what of the digests is still not
        published. Raises DigestError when the digests have fatal problems
        (nothing is written then).
        """
        files = [os.path.realpath(path) for path in changed]
        if role_of(self.languages[0].settings).public:
            return None  # a published site's sitemap follows each page's translation: built whole
        if not files or any(file not in self.files for file in files) or self.pages_read_listings:
            return None
        if site_identity(self.output) != self.identity:
            return None
        pipeline = make_pipeline(self.options)
        papers, problems = pipeline.load([self._paths[file] for file in files])
        if self.options.strict:
            problems = strictly(problems)
        fatal = [problem for problem in problems if problem.fatal]
        if fatal:
            raise DigestError(fatal)
        edited = self._edited(files, papers)
        if edited is None:
            return None
        for problem in problems:
            logger.warning("%s", problem)
        skipped([problem for problem in problems if problem.skipped])
        if not edited:
            return []
        made = [self._articles(language, edited, pipeline) for language in self.languages]
        swaps = [self._swap_in(language, articles) for language, articles in zip(self.languages, made, strict=True)]
        self.papers.update((paper.arxiv_id, paper) for paper in edited)
        with _files_written() as files_written:
            for language, (swap, _) in zip(self.languages, swaps, strict=True):
                own = OwnPages(self._writer(language), swap.values())
                language.generator.generate_articles(partial(own.write_file, relative_urls=_relative(language)))
            written(files_written[:])
            files_written.clear()
            jobs, unchanged = [], set()
            for language, (swap, linking) in zip(self.languages, swaps, strict=True):
                showing = PagesShowing(
                    self._writer(language), swap.values(), linking, language.settings["FEED_MAX_ITEMS"]
                )
                language.generator.generate_feeds(showing)
                language.generator.generate_pages(showing)
                unchanged |= showing.unchanged
                if any(old.bibtex != new.bibtex for old, new in swap.items()):
                    write_bibliographies(language.generator)
                jobs += self._bundle_jobs(language, swap.values())
            written([file for file in files_written if file not in unchanged])
        return jobs

    def _edited(self, files: list[str], papers: list[Paper]) -> list[Paper] | None:
        """The papers that differ from the kept ones, or None when the edit moves anything between pages."""
        ids: dict[str, list[str]] = {file: [] for file in files}
        for paper in sorted(papers, key=lambda p: p.source):
            ids[os.path.realpath(paper.source.path)].append(paper.arxiv_id)
        if any(ids[file] != self.files[file] for file in files):
            return None  # a paper added, removed or moved: listings, search bundles, neighbours all change
        edited = [paper for paper in papers if paper != self.papers[paper.arxiv_id]]
        for paper in edited:
            old = self.papers[paper.arxiv_id]
            if (paper.date, paper.published, paper.tags) != (old.date, old.published, old.tags):
                return None  # its place in the listings, tag pages, archives or search bundles change
        return edited

    def _articles(self, language: KeptLanguage, papers: list[Paper], pipeline) -> list:
        """The papers as this language's articles, made as a build makes them (its links refreshed as
        Pelican.run() does once every article exists, when the context's page is the site root)."""
        generator = language.generator
        articles = paper_articles(generator, options_of(language.settings), papers, pipeline)
        generator.context["localsiteurl"] = language.settings["SITEURL"]
        for article in articles:
            article.refresh_metadata_intersite_links()
        return articles

    def _swap_in(self, language: KeptLanguage, new: list) -> tuple[dict, list]:
        """The edited papers' new articles of this language, put in place of the old ones everywhere;
        returns old -> new, and the articles whose pages link an edited one (their neighbours, related)."""
        generator = language.generator
        by_id = language.articles_by_id()
        swap = {}
        for article in new:
            old = by_id[article.paper.arxiv_id]
            for name in ("prev_article", "next_article", "related"):
                if hasattr(old, name):
                    setattr(article, name, getattr(old, name))
            swap[old] = article
        by_old = {id(old): new for old, new in swap.items()}
        lists = [generator.articles, generator.dates, *generator.tags.values()]
        lists += [articles for _, articles in (*generator.categories, *generator.authors)]
        lists += [period[key] for periods in generator.period_archives.values() for period in periods
                  for key in ("articles", "dates")]  # fmt: skip
        for articles in lists:
            _replace(articles, by_old)
        linked = {other for article in new for other in self.linked_from.get(article.paper.arxiv_id, ())}
        linking = [by_old.get(id(by_id[other]), by_id[other]) for other in sorted(linked)]
        for article in linking:
            for name in ("prev_article", "next_article"):
                if id(getattr(article, name, None)) in by_old:
                    setattr(article, name, by_old[id(getattr(article, name))])
            related = getattr(article, "related", None)
            if related:
                _replace(related, by_old)
        cards = getattr(generator.env.globals.get("paper_card"), "__self__", None)
        if isinstance(cards, CardMemo):
            cards.forget(swap)
        return swap, linking

    def _writer(self, language: KeptLanguage) -> Writer:
        """A fresh writer for each apply: Pelican's refuses to write a file twice."""
        return Writer(language.pelican.output_path, settings=language.pelican.settings)

    def _bundle_jobs(self, language: KeptLanguage, articles) -> list[BundleJob]:
        pages = {article.save_as for article in articles}
        prefix = role_of(language.settings).prefix
        site = Path(language.settings["OUTPUT_PATH"])
        store = shard_store(self.output, prefix)
        return [BundleJob(site, bundle, store) for bundle in language.bundles if pages & bundle.pages]


@contextmanager
def _files_written():
    """The pages and feeds Pelican writes meanwhile (its signals say which), to reload those open in a browser."""
    found: list[Path] = []

    def note(path, **_) -> None:
        found.append(Path(path))

    with connected(note, signals.content_written, signals.feed_written):
        yield found


_LISTINGS = {"articles", "dates", "all_articles", "period_archives", "tags", "tag_counts", "categories"}


def _relative(language: KeptLanguage) -> bool:
    return language.settings["RELATIVE_URLS"]  # as generate_pages passes it to the writer


def _reads_listings(env) -> bool:
    """Whether the paper page's templates read a variable that lists other papers (their cards, titles):
    then each page shows every paper, and the selective writer, which follows prev/next/related, would miss
    some. (Pelican's `authors` is left out: this theme uses the name for a paper's own authors.)"""
    names, seen, todo = set(), set(), ["article.html"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        syntax = env.parse(env.loader.get_source(env, name)[0])
        names |= meta.find_undeclared_variables(syntax)
        todo += [template for template in meta.find_referenced_templates(syntax) if template]
    return bool(names & _LISTINGS)


def _replace(articles: list, by_old: dict[int, object]) -> None:
    for position, article in enumerate(articles):
        new = by_old.get(id(article))
        if new is not None:
            articles[position] = new
    if hasattr(articles, "reindex"):
        articles.reindex()


def digests_on_disk(sites: list[dict]) -> dict[str, str]:
    """Every digest file's bytes, hashed: whether what a build read is what the kept site read after it."""
    files, _ = digest_files(options_of(sites[0]).paths)
    found = {}
    for file in files:
        try:
            found[file] = hashlib.sha256(Path(file).read_bytes()).hexdigest()
        except OSError:
            found[file] = "-"
    return found


def kept_site(sites: list[dict]) -> LiveSite | None:
    """The kept site for the preview, or None (every change is a full build then) when the speed-ups are off or
    another plugin gives Pelican its own writer (the edits would not be written the way builds write)."""
    if not options_of(sites[0]).speedups or signals.get_writer.receivers:
        return None
    return LiveSite(sites)
