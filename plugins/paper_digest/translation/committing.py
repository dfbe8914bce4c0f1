"""Commit what a pipeline step fetched (the translation memory) as a bot, and push it, retrying on a race.

Used by the daily workflow's translate job (`invoke commit-data --push`). Only the
committed data the build reads is ever staged, never anything else in the tree.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"  # GitHub's documented bot address
DATA = ("content/translations",)


class CommitError(Exception):
    """Git refused: the message says what to do."""


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and result.returncode:
        raise CommitError(f"git {' '.join(args)} failed: {(result.stderr or result.stdout).strip()}")
    return result


def commit_message(changed: list[str]) -> str:
    """A subject naming the papers whose catalogs changed, so the history reads as a list of papers."""
    papers = sorted(PurePosixPath(path).stem for path in changed if "/papers/" in path and path.endswith(".po"))
    others = sorted(PurePosixPath(path).name for path in changed if "/papers/" not in path)
    subject = (
        f"Translate {len(papers)} paper(s): {', '.join(papers[:12])}" if papers else "Update the translation memory"
    )
    if len(papers) > 12:
        subject += f" and {len(papers) - 12} more"
    body = "Machine English from the daily workflow (marked fuzzy): review it in a pull request or with Poedit."
    if others:
        body += "\n\nAlso changed: " + ", ".join(others)
    return f"{subject}\n\n{body}\n"


def commit_data(root: Path, paths: tuple[str, ...] = DATA, push: bool = False, attempts: int = 3) -> str:
    """Commit the data that changed (nothing if none did); push with rebase-and-retry. Returns HEAD's sha."""
    _git(root, "add", "--all", "--", *paths)
    changed = _git(root, "diff", "--cached", "--name-only", "--", *paths).stdout.split()
    if changed:
        identity = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
        _git(root, *identity, "commit", "--quiet", "-m", commit_message(changed), "--", *paths)
    if push and changed:
        _push(root, attempts)
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
    identity = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
    for _ in range(attempts):
        if _git(root, "push", "--quiet", "origin", f"HEAD:refs/heads/{branch}", check=False).returncode == 0:
            return
        rebased = _git(root, *identity, "pull", "--quiet", "--rebase", "origin", branch, check=False)
        if rebased.returncode:
            _git(root, "rebase", "--abort", check=False)
            raise CommitError(
                f"the translation memory changed on {branch} while this run translated, and the two do not "
                "merge; run the workflow again (it translates only what is still missing)"
            )
    raise CommitError(f"could not push to {branch} after {attempts} attempts; run the workflow again")
