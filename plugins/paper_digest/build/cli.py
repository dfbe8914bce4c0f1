"""The command line's front for tasks.py: it prints located messages and ends a task with an exit code.

Only tasks.py uses it; the plugin, the pipeline and the build never print or exit.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from invoke import Exit

from ..digest.load import digest_files, load_papers
from ..digest.model import DigestError


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
    return reports


def papers_or_exit(paths: list[str], registry: Path, warnings: list | None = None):
    """The papers in the order of the files and their lines (the site sorts them by date itself).

    Warnings are printed, and added to `warnings` when given."""
    papers, problems = load_papers(paths, str(registry))
    report(problems)
    if warnings is not None:
        warnings += [str(problem) for problem in problems]
    order = {path: n for n, path in enumerate(digest_files(paths)[0])}
    return sorted(papers, key=lambda paper: (order.get(paper.source.path, len(order)), paper.source.line))


def report(problems) -> None:
    for problem in problems:
        print(f"{problem}" if problem.fatal else f"warning: {problem}", file=sys.stderr)
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


def enrich(papers, folder: Path, url: str, refresh: bool, check: bool, delay: str) -> None:
    """`invoke enrich`: fetch and store the missing arXiv records (or, with `check`, list them, exit 1)."""
    from tqdm import tqdm

    from ..metadata.enrich import enrich as fetch_records
    from ..metadata.enrich import missing_records, without_record
    from ..metadata.fetch import API_URL
    from ..retrying import ProviderError

    if check:
        lacking = without_record(papers, folder)
        for paper in lacking:
            print(f"{paper.source}: {paper.arxiv_id} has no arXiv record")
        if lacking:
            raise Exit(f"{len(lacking)} paper(s) without an arXiv record: run 'invoke enrich'.", code=1)
        return
    todo = len(papers if refresh else missing_records(papers, folder))
    try:
        with tqdm(total=todo, unit="paper", desc="arXiv", file=sys.stderr, disable=not todo) as bar:
            result = fetch_records(papers, folder, url=url or API_URL, refresh=refresh,
                                   delay=seconds(delay, "--delay"), progress=bar.update)  # fmt: skip
    except ProviderError as error:
        raise Exit(f"stopped: {error}", code=1) from None
    for paper in result.unknown:
        print(f"warning: {paper.source}: arXiv does not know {paper.arxiv_id}: check the paper's link", file=sys.stderr)
    for paper in result.unanswered:
        print(f"warning: {paper.source}: arXiv answered nothing for {paper.arxiv_id}; run again later", file=sys.stderr)
    print(f"{len(result.stored)} record(s) stored for {result.asked} paper(s) in {result.requests} request(s).")
