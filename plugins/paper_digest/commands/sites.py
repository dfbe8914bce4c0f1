"""The build: one Pelican run per language, in parallel, into a staging folder swapped in whole.

The Chinese site is the main site at OUTPUT_PATH; each translated site is a
second run into OUTPUT_PATH/<prefix>/ with the same page paths (languages.py).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import read_settings

from ..options import options_of
from ..problems import Problem
from ..roles import Language, SiteRole, assign, built_by_us, role_of, take_outcome
from ..site.search import Bundle, BundleJob, carry_bundles
from ..speed.digests import prepare_digests
from ..speed.memos import forget_run
from . import bookkeeping
from .indexing import Indexing, LastBuild
from .sitemap import finish_site
from .staging import Retired, check_replaceable, folders_beside, swap_in


def site_settings(settings_file: str, overrides: dict | None = None) -> list[dict]:
    """Settings of the main site, then of each translated site (OUTPUT_PATH/prefix, SITEURL/prefix),
    each assigned its role in the bilingual build."""
    overrides = dict(overrides or {})
    first = read_settings(settings_file, override=overrides)
    sites = []
    for extra, role in language_plan(first):
        settings = read_settings(settings_file, override={**overrides, **extra})
        assign(settings, role)
        sites.append(settings)
    return sites


def language_plan(first: dict) -> list[tuple[dict, SiteRole]]:
    """For the main site, then each translated site: what its settings add to the file's, and its role."""
    subsites = options_of(first).subsites
    root = first["SITEURL"].rstrip("/")
    languages = (Language.of("", first["DEFAULT_LANG"]),) + tuple(
        Language.of(prefix, extra.get("DEFAULT_LANG", first["DEFAULT_LANG"])) for prefix, extra in subsites.items()
    )
    plan = [({}, SiteRole("", languages[0].lang, languages, root))]
    for (prefix, extra), language in zip(subsites.items(), languages[1:], strict=True):
        siteurl = f"{root}/{prefix}" if root else ""
        overrides = {
            **extra,
            "OUTPUT_PATH": os.path.join(first["OUTPUT_PATH"], prefix),
            "SITEURL": siteurl,
            "FEED_DOMAIN": siteurl,
            "DELETE_OUTPUT_DIRECTORY": False,  # the main site's run has already emptied the folder
            "PAPER_DIGEST_SUBSITES": {},
        }
        plan.append((overrides, SiteRole(prefix, language.lang, languages, root)))
    return plan


@dataclass(frozen=True)
class Pending:
    """A paper whose page in a translated language is published incomplete (noindex, not in sitemap or feeds)."""

    arxiv_id: str
    page: str  # its page's path below the language's root: papers/ID/
    segments: int  # how many segments still lack a translation


@dataclass(frozen=True)
class SiteReport:
    """One line per language for the person who ran the build (Pelican's own line names no language)."""

    lang: str
    prefix: str
    papers: int
    tags: int
    seconds: float
    pending: tuple[Pending, ...] = ()
    warnings: tuple[str, ...] = ()
    skipped: tuple[Problem, ...] = ()  # what of the digests was not published, FILE:LINE and why
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        waiting = f", {len(self.pending)} awaiting translation" if self.pending else ""
        return f"{self.lang}: {self.papers} papers{waiting}, {self.tags} topics, written in {self.seconds:.1f} s"


@contextmanager
def connected(receiver, *events):
    """`receiver` connected to Pelican's `events` (its signals) for the block only."""
    for signal in events:
        signal.connect(receiver, weak=False)
    try:
        yield
    finally:
        for signal in events:
            signal.disconnect(receiver)


@contextmanager
def pelican_quiet():
    """Pelican.run()'s "Done: Processed …" silenced: it would name neither the language nor a failure."""
    from pelican.log import console

    quiet, console.quiet = console.quiet, True
    try:
        yield
    finally:
        console.quiet = quiet


def run_site(settings: dict) -> tuple[list[Bundle], SiteReport]:
    """Write one language; returns its search bundles (indexed afterwards, so they can share the cores)."""
    from pelican import Pelican, signals
    from pelican.generators import ArticlesGenerator

    found: dict = {}

    def collect(generators) -> None:
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                found["counts"] = [len(generator.articles), len(generator.tags)]
                found["pending"] = tuple(
                    Pending(a.paper.arxiv_id, a.url, a.pending_segments)
                    for a in generator.articles
                    if getattr(a, "translation", None) == "pending"
                )

    start = time.perf_counter()
    forget_run(settings)
    with built_by_us(settings), pelican_quiet(), connected(collect, signals.all_generators_finalized):
        Pelican(settings).run()
    outcome, role = take_outcome(settings), role_of(settings)
    report = SiteReport(
        role.lang,
        role.prefix,
        *found.get("counts", [0, 0]),
        time.perf_counter() - start,
        found.get("pending", ()),
        tuple(outcome.warnings),
        tuple(outcome.skipped),
        tuple(outcome.notes),
    )
    return outcome.bundles, report  # none when PAPER_DIGEST_SEARCH is off


def _build_sites(
    sites: list[dict],
    last: LastBuild | None = None,
    alongside: Callable[[], None] = lambda: None,
    index: bool = True,
) -> tuple[list[SiteReport], dict[str, list[Bundle]]]:
    """One process per language on a multi-core machine; else in turn.

    Each language's search bundles are made as soon as its pages are written (see indexing.Indexing); without `index`,
    they are returned by language prefix, for the caller to index. `alongside` is called once the processes
    exist (it may start a thread, which must not be running when a process is forked).
    """
    workers = min(len(sites), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        alongside()
        indexing = Indexing(last, index)
        for settings in sites:
            indexing.written(settings, *run_site(settings))
        return indexing.result(sites)
    return _forked(sites, workers, last, index, alongside)


def _forked(sites: list[dict], workers: int, last: LastBuild | None, index: bool, alongside: Callable[[], None]):
    """The languages in forked processes. First the digests the cache lacks are parsed, rendered and translated,
    shared out among the processes, so the languages do not each do that work again."""
    context = multiprocessing.get_context("fork")
    with (
        ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as indexers,
    ):
        options = options_of(sites[0])
        if options.cache and options.speedups:
            warming = [pool.submit(prepare_digests, sites[0], n, workers) for n in range(workers)]
        else:
            warming = [pool.submit(os.getpid)]
        alongside()  # the first submit has forked every worker process
        for future in warming:
            future.result()
        languages = {pool.submit(run_site, settings): settings for settings in sites}
        indexing = Indexing(last, index, indexers, pool)
        try:
            for future in as_completed(languages):
                indexing.written(languages[future], *future.result())
            indexing.finish()
        except BaseException:
            for future in [*languages, *indexing.jobs()]:
                future.cancel()
            raise  # a site's DigestError, problems and all
    return indexing.result(sites)


def build_all(settings_file: str, overrides: dict | None = None) -> list[SiteReport]:
    """Build every language with its search index, then the site-wide files, then swap them in whole.

    Everything is written to a staging folder beside OUTPUT_PATH; only a build that
    finished replaces OUTPUT_PATH, so a failure never leaves half a site behind.
    The site it replaces is kept beside it (.NAME.old) until the next build, which
    removes it in a thread while it works. Raises DigestError on bad input; returns a
    report per language, to show once everything succeeded.
    """
    reports, _ = _build(settings_file, overrides, index=True)
    return reports


def build_pages_first(settings_file: str, overrides: dict | None = None) -> tuple[list[SiteReport], list[BundleJob]]:
    """build_all for the live preview: the pages are swapped in without waiting for Pagefind.

    The new site gets the last build's bundles it plans (its search works at once,
    on the last index); the jobs returned make again, afterwards, every bundle whose
    pages changed (search.refresh_bundle).
    """
    reports, unindexed = _build(settings_file, overrides, index=False)
    final = Path(read_settings(settings_file, override=dict(overrides or {}))["OUTPUT_PATH"])
    jobs = []
    for prefix, bundles in unindexed.items():
        store = bookkeeping.start_store(final, prefix)  # the jobs keep there the shards and bundles they make
        jobs += [BundleJob(final / prefix, bundle, store) for bundle in bundles]
    return reports, jobs


def _build(settings_file: str, overrides: dict | None, index: bool) -> tuple[list[SiteReport], dict[str, list[Bundle]]]:
    planned = read_settings(settings_file, override=dict(overrides or {}))
    final = Path(planned["OUTPUT_PATH"])
    check_replaceable(final, planned)
    staging, kept, *_ = folders_beside(final)
    retired = Retired(kept)
    shutil.rmtree(staging, ignore_errors=True)
    staged = {**(overrides or {}), "OUTPUT_PATH": str(staging), "DELETE_OUTPUT_DIRECTORY": False}
    sites = site_settings(settings_file, staged)
    state = bookkeeping.previous_state(final)  # reused only when its bookkeeping surely describes it
    speedups = options_of(sites[0]).speedups
    last = LastBuild(final, state) if state and speedups else None
    try:
        reports, unindexed = _build_sites(sites, last, retired.remove_in_background, index)
        if last:
            for prefix, bundles in unindexed.items():
                carry_bundles(final / prefix, state / prefix, staging / prefix, bundles)
        finish_site(sites, {report.prefix: {pending.page for pending in report.pending} for report in reports})
        new_state = bookkeeping.take_out(staging, [role_of(s).prefix for s in sites], final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        retired.wait()
    swap_in(staging, final, retired.folder)
    bookkeeping.swap_in(new_state, final)
    return reports, unindexed
