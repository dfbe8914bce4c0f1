"""The shared vocabulary of what goes wrong: where (FILE:LINE), how bad, and the error that carries them.

Every part reports through these, so the module imports nothing of the plugin's own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """Where a fact came from, so every message can say FILE:LINE."""

    path: str
    line: int

    def __str__(self) -> str:
        path = shown_path(self.path)
        return f"{path}:{self.line}" if self.line else path


def shown_path(path: str) -> str:
    """A path below the working directory as the user would type it (seeds/x.txt), others as they are."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative == ".." or relative.startswith(".." + os.sep) else relative


# What a problem does to the build. A broken paper never blocks the others: it is skipped and reported.
ERROR = "error"  # stops the build: a wrong setting, an unreadable registry, nothing left to publish
SKIPPED = "skipped"  # part of a digest is not published (a paper, a file, stray text); the rest is
WARNING = "warning"  # published, but worth a look
NOTE = "note"  # said once, quietly: nothing is lost (the same paper in two digests with the same text)


@dataclass(frozen=True)
class Problem:
    """A located message about a digest; errors stop the build, skips stop it only when asked to be strict."""

    location: Location
    message: str
    kind: str = ERROR

    @property
    def fatal(self) -> bool:
        return self.kind == ERROR

    @property
    def skipped(self) -> bool:
        return self.kind == SKIPPED

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def shown(self) -> str:
        """The line a command prints: warnings and notes say so; errors and skips say what they stop."""
        return f"{self.kind}: {self}" if self.kind in (WARNING, NOTE) else str(self)


def strictly(problems: list[Problem]) -> list[Problem]:
    """`--strict`: anything skipped stops the build, as an error does."""
    return [Problem(p.location, p.message, ERROR) if p.skipped else p for p in problems]


class DigestError(Exception):
    """Raised with every fatal problem at once, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # crosses process boundaries whole (each language builds in its own process)
        return (DigestError, (self.problems,))
