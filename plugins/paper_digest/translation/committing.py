"""Commit what a pipeline step fetched (the translation memory) as a bot, and push it, retrying on a race.

Used by the daily workflow's translate job (`invoke commit-data --push`). Only the
committed data the build reads is ever staged, never anything else in the tree.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path, PurePosixPath

BOT = ("-c", "user.name=github-actions[bot]", "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com")
DATA = ("content/translations", "content/arxiv")
_RACE = ("non-fast-forward", "fetch first", "[rejected]")  # someone pushed first: rebase and try again


class CommitError(Exception):
    """Git refused: the message says what to do."""


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and result.returncode:
        raise CommitError(f"git {' '.join(args)} failed: {(result.stderr or result.stdout).strip()}")
    return result


def _translated(root: Path, path: str) -> bool:
    """Whether the staged change of a catalog adds English (a msgstr with text), not only empty entries."""
    diff = _git(root, "diff", "--cached", "-U0", "--", path).stdout
    return bool(re.search(r'^\+msgstr "[^"]', diff, re.M))


def commit_message(translated: list[str], waiting: list[str], others: list[str], records: list[str] = ()) -> str:
    """A subject naming the papers that gained English, so the history reads as a list of papers."""
    if translated:
        subject = f"Translate {len(translated)} paper(s): {', '.join(translated[:12])}"
        subject += f" and {len(translated) - 12} more" if len(translated) > 12 else ""
    elif waiting:
        subject = f"Record {len(waiting)} paper(s) awaiting translation"
    elif records:
        subject = f"arXiv records of {len(records)} paper(s)"
    elif others == ["titles.toml"]:
        subject = "arXiv's answers for the titles of papers without a link"
    else:
        subject = "Update the translation memory"
    body = []
    if translated or waiting:
        body.append(
            "Machine English from the daily workflow (marked fuzzy): review it in a pull request or with Poedit."
        )
    if waiting:
        body.append("Still without English: " + ", ".join(waiting))
    if records:
        body.append("arXiv records: " + ", ".join(records[:40]) + (" …" if len(records) > 40 else ""))
    if others:
        body.append("Also changed: " + ", ".join(others))
    return subject + ("\n\n" + "\n\n".join(body) if body else "") + "\n"


def commit_data(root: Path, paths: tuple[str, ...] = DATA, push: bool = False, attempts: int = 3) -> str:
    """Commit the data that changed (nothing if none did); push with rebase-and-retry. Returns HEAD's sha."""
    paths = tuple(path for path in paths if (root / path).exists())
    if not paths:
        return _head(root)
    _git(root, "add", "--all", "--", *paths)
    changed = _git(root, "diff", "--cached", "--name-only", "--", *paths).stdout.split()
    if changed:
        catalogs = [path for path in changed if "/papers/" in path and path.endswith(".po")]
        translated = sorted(PurePosixPath(p).stem for p in catalogs if _translated(root, p))
        waiting = sorted(PurePosixPath(p).stem for p in catalogs if PurePosixPath(p).stem not in translated)
        records = sorted(PurePosixPath(p).stem for p in changed if p.startswith("content/arxiv/") and _is_record(p))
        others = sorted(
            PurePosixPath(p).name
            for p in changed
            if p not in catalogs and p.startswith(("content/translations/", "content/arxiv/")) and not _is_record(p)
        )
        message = commit_message(translated, waiting, others, records)
        _git(root, *BOT, "commit", "--quiet", "-m", message, "--", *paths)
        if push:
            _push(root, attempts)
    return _head(root)


def _is_record(path: str) -> bool:
    """One paper's arXiv record (content/arxiv/<id>.toml), not the title answers beside them."""
    return PurePosixPath(path).name != "titles.toml"


def _head(root: Path) -> str:
    """HEAD's sha, also given to the workflow's next job through $GITHUB_OUTPUT."""
    sha = _git(root, "rev-parse", "HEAD").stdout.strip()
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"sha={sha}\n")
    return sha


def _branch(root: Path) -> str:
    branch = _git(root, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    return branch if branch != "HEAD" else os.environ.get("GITHUB_REF_NAME", "main")


def _push(root: Path, attempts: int) -> None:
    """Push; when someone pushed first (a non-fast-forward), rebase onto theirs and try again."""
    branch = _branch(root)
    for _ in range(attempts):
        pushed = _git(root, "push", "--quiet", "origin", f"HEAD:refs/heads/{branch}", check=False)
        if pushed.returncode == 0:
            return
        if not any(sign in pushed.stderr for sign in _RACE):  # a protected branch, a refused token…
            raise CommitError(f"git push to {branch} failed: {pushed.stderr.strip()}")
        if _git(root, *BOT, "pull", "--quiet", "--rebase", "origin", branch, check=False).returncode:
            _git(root, "rebase", "--abort", check=False)
            raise CommitError(
                f"the translation memory changed on {branch} while this run translated, and the two do not "
                "merge; run the workflow again (it translates only what is still missing)"
            )
    raise CommitError(f"could not push to {branch} after {attempts} attempts; run the workflow again")
