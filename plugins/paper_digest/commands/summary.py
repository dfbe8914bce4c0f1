"""Markdown for the GitHub Actions run page ($GITHUB_STEP_SUMMARY): what a translate or publish step did.

The daily pipeline runs with nobody watching; its summary says which papers came
in, how many segments each provider translated, which papers still wait for
English and every warning with its FILE:LINE, without opening a log.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def _code(text: str) -> str:
    return "`" + str(text).replace("`", "'").replace("\n", " ") + "`"


def _list(title: str, items: Iterable[str], empty: str | None = None) -> list[str]:
    items = list(items)
    if not items:
        return [f"**{title}:** {empty}", ""] if empty else []
    return [f"**{title}** ({len(items)}):", "", *(f"- {item}" for item in items), ""]


def translate_summary(origin: str, result, plans, added: list[str], warnings: list[str]) -> str:
    """A translate run: what it translated, the new papers, what is still pending, what went wrong."""
    pending = [(item.paper.arxiv_id, len(item.missing)) for item in plans if item.missing]
    problems = [*warnings, *(f"failed: {failure}" for failure in result.failures)]
    problems += [f"stopped: {result.stopped}"] if result.stopped else []
    lines = [f"### Translation ({origin})", ""]
    done = f"{result.translated} of {result.sent} segment(s) translated by {_code(origin)}"
    done += f", {result.piecewise} assembled piecewise (marked for review)." if result.piecewise else "."
    lines += [done, ""]
    lines += _list("New papers", (_code(arxiv_id) for arxiv_id in added), "none")
    lines += _list("Still pending", (f"{_code(arxiv_id)}: {count} segment(s)" for arxiv_id, count in pending), "none")
    lines += _list("Warnings and failures", (_code(problem) for problem in problems))
    return "\n".join(lines)


def publish_summary(siteurl: str, reports) -> str:
    lines = [f"### Published: {siteurl}", "", "| language | papers | awaiting translation | topics |"]
    lines.append("| --- | --- | --- | --- |")
    for report in reports:
        lines.append(f"| {report.lang} | {report.papers} | {len(report.pending)} | {report.tags} |")
    lines.append("")
    skipped = dict.fromkeys(str(problem) for report in reports for problem in report.skipped)
    lines += _list("Skipped (not published; fix and push again)", (_code(line) for line in skipped))
    for report in reports:
        if report.pending:
            lines += _list(
                f"{report.lang} pages published as pending (noindex, not in the sitemap or feeds)",
                (f"{_code(p.arxiv_id)}: {p.segments} segment(s) to translate" for p in report.pending),
            )
    warnings = dict.fromkeys(warning for report in reports for warning in (*report.warnings, *report.notes))
    lines += _list("Warnings and notes", (_code(warning) for warning in warnings))
    return "\n".join(lines)


def failure_summary(title: str, problems: list[str]) -> str:
    """What stopped a step, for the run page (the log has the rest)."""
    return "\n".join([f"### {title}", "", *_list("Problems", (_code(problem) for problem in problems))])


def append_summary(markdown: str) -> bool:
    """Append to the step summary when running in GitHub Actions; elsewhere do nothing."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(markdown.rstrip("\n") + "\n\n")
    return True
