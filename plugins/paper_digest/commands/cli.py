"""The command line's front for tasks.py: it prints located messages and ends a task with an exit code.

Only tasks.py uses it; the plugin, the pipeline and the build never print or exit.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from invoke import Exit

from ..digest.load import Loaded, digest_files, load_digests
from ..digest.triage import triage_report, unmapped_tags
from ..metadata.titles import KnownTitles
from ..problems import DigestError, Location


def quiet_logging() -> None:
    """Warnings and errors only, as `LEVEL: message` lines on stderr (PELICAN_LOG_LEVEL=INFO says more)."""
    from pelican.log import init as init_logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init_logging(level=os.environ.get("PELICAN_LOG_LEVEL", "WARNING"), handler=handler)


def build(settings_file: Path, overrides: dict | None = None, summary: bool = False) -> list:
    """Build every language in-process; bad input ends the run with located messages, not a traceback."""
    from .sites import build_all

    quiet_logging()
    try:
        reports = build_all(str(settings_file), overrides or {})
    except DigestError as error:
        count = len(error.problems)
        if summary:
            from .summary import append_summary, failure_summary

            append_summary(failure_summary("The build stopped", [str(p) for p in error.problems]))
        raise Exit(f"{error}\n{count} problem(s) found; the build stopped.", code=1) from None
    for site in reports:  # only now: a success line never precedes a failure
        print(site)
    skipped_again(reports)
    return reports


def skipped_again(reports) -> None:
    """What the build did not publish, once more at the end of the run, where nobody misses it."""
    skipped = list(dict.fromkeys(str(problem) for report in reports for problem in report.skipped))
    for note in dict.fromkeys(note for report in reports for note in report.notes):
        print(f"note: {note}", file=sys.stderr)
    if skipped:
        print(f"{len(skipped)} part(s) of the digests not published (fix them and build again; "
              "--strict refuses to build while any is skipped):", file=sys.stderr)  # fmt: skip
        for line in skipped:
            print(f"  {line}", file=sys.stderr)


def loaded_or_exit(paths: list[str], registry: Path, records: Path, warnings: list | None = None) -> Loaded:
    """What the digests hold, papers in the order of the files and their lines (the site sorts them by date
    itself). Problems are printed, and added to `warnings` when given; errors end the task."""
    loaded = load_digests(paths, str(registry), known_title=KnownTitles(records))
    report(loaded.problems)
    if warnings is not None:
        warnings += [str(problem) for problem in loaded.problems]
    order = {path: n for n, path in enumerate(digest_files(paths)[0])}
    loaded.papers.sort(key=lambda paper: (order.get(paper.source.path, len(order)), paper.source.line))
    return loaded


def report(problems) -> None:
    for problem in problems:
        print(problem.shown(), file=sys.stderr)
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise Exit(f"{len(fatal)} problem(s) found.", code=1)


def check_or_review(papers, folder: Path, review: bool) -> None:
    """translate --check (coverage; exit 1 when anything is missing) or --review (unreviewed English)."""
    from ..translation.translate import coverage, plan, unreviewed

    plans, glossary, problems = plan(papers, folder)
    report(problems)
    if review:
        listing = unreviewed(plans)
        print("\n".join(listing) if listing else "Every translation has been reviewed.")
        return
    found = coverage(plans, glossary)
    for gap in found.gaps:
        print(gap)
    print(found.summary())
    if found.missing or found.stale:
        raise Exit(f"{found.missing} missing and {found.stale} stale segment(s): run 'invoke translate'.", code=1)


def seconds(value: str, option: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise Exit(f"{option} takes a number of seconds, like {option} 30 (got '{value}')", code=2)
    return seconds


def translated(result) -> None:
    """What a translate run did, and its exit code: 1 when segments are left, or the run stopped."""
    piecewise = f" ({result.piecewise} assembled piecewise, marked for review)" if result.piecewise else ""
    print(
        f"{result.translated} of {result.sent} segment(s) translated{piecewise} in {result.requests} request(s); "
        f"{len(result.saved_files)} memory file(s) written."
    )
    for failure in result.failures:
        print(f"failed: {failure}", file=sys.stderr)
    if result.stopped:
        raise Exit(f"stopped: {result.stopped}", code=1)
    if result.failures:
        raise Exit(
            f"{result.sent - result.translated} segment(s) not translated; everything else is saved. "
            "Run the same command again to continue.",
            code=1,
        )


def enrich(loaded: Loaded, folder: Path, url: str, refresh: bool, check: bool, delay: str) -> None:
    """`invoke enrich`: find link-less papers' ids by title and fetch the missing arXiv records (or, with
    `check`, list what lacks either, exit 1)."""
    from tqdm import tqdm

    from ..metadata.enrich import enrich as fetch_records
    from ..metadata.enrich import missing_records, titles_to_ask, without_record
    from ..metadata.fetch import API_URL
    from ..retrying import ProviderError

    papers = loaded.papers
    if check:
        lacking = without_record(papers, folder)
        for paper in lacking:
            print(f"{paper.source}: {paper.arxiv_id} has no arXiv record")
        for paper in loaded.unresolved:
            print(f"{paper.source}: '{paper.title}' has no arXiv id")
        if lacking or loaded.unresolved:
            count = len(lacking) + len(loaded.unresolved)
            raise Exit(f"{count} paper(s) without an arXiv record or id: run 'invoke enrich'.", code=1)
        return
    todo = len(papers if refresh else missing_records(papers, folder))
    todo += len(titles_to_ask(loaded.unresolved, folder, refresh, papers))
    try:
        with tqdm(total=todo, unit="paper", desc="arXiv", file=sys.stderr, disable=not todo) as bar:
            result = fetch_records(papers, folder, unresolved=loaded.unresolved, url=url or API_URL,
                                   refresh=refresh, delay=seconds(delay, "--delay"), progress=bar.update)  # fmt: skip
    except ProviderError as error:
        raise Exit(f"stopped: {error}", code=1) from None
    for paper, arxiv_id in result.found:
        print(f"{paper.source}: '{paper.title}' is arXiv {arxiv_id}")
    for paper, answer in result.not_found:
        why = f" ({answer.note})" if answer.note else ""
        print(f"warning: {paper.source}: arXiv gave no single paper titled '{paper.title}'{why}", file=sys.stderr)
    for paper in result.unknown:
        print(f"warning: {paper.source}: arXiv does not know {paper.arxiv_id}: check the paper's link", file=sys.stderr)
    for paper in result.unanswered:
        print(f"warning: {paper.source}: arXiv answered nothing for {paper.arxiv_id}; run again later", file=sys.stderr)
    titles = f", {len(result.found)} of {result.titles_asked} title(s) found" if result.titles_asked else ""
    print(f"{len(result.stored)} record(s) stored for {result.asked} paper(s){titles} in {result.requests} request(s).")


def tags(paths: list[str], registry: Path, records: Path, check: bool) -> None:
    """The triage of raw tags (see digest/triage.py); with `check`, exit 1 when a paper has no topic."""
    loaded = load_digests(paths, str(registry), known_title=KnownTitles(records))
    report([problem for problem in loaded.problems if problem.fatal])  # the rest is the build's to say
    untopical = [paper for paper in loaded.papers if not paper.tags]
    items = unmapped_tags(loaded.papers, loaded.unmapped, loaded.registry)
    for line in triage_report(items, untopical, str(Location(str(registry), 0))):
        print(line)
    if check and untopical:
        raise Exit(f"{len(untopical)} paper(s) have no topic (listed above).", code=1)
