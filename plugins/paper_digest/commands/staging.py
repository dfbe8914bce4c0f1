"""The folders a build keeps beside OUTPUT_PATH, and the swap that replaces the site whole."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from ..options import options_of
from ..problems import DigestError, Location, Problem
from . import bookkeeping
from .bookkeeping import MARKER


def folders_beside(final: Path) -> tuple[Path, ...]:
    """What a build keeps beside OUTPUT_PATH: its staging folder, the replaced site, the bookkeeping."""
    state = bookkeeping.state_folder(final)
    return (
        final.with_name(f".{final.name}.building"),
        final.with_name(f".{final.name}.old"),
        state,
        state.with_name(state.name + ".new"),
    )


class Retired:
    """The site the last build replaced: nobody serves it any more, so it is removed while this build works."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._thread: threading.Thread | None = None

    def remove_in_background(self) -> None:
        if self._thread is None and self.folder.exists():
            self._thread = threading.Thread(target=shutil.rmtree, args=(self.folder,), kwargs={"ignore_errors": True})
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)  # what a thread never started for, or could not remove


def check_replaceable(final: Path, settings: dict) -> None:
    """Refuse to replace a folder this tool did not build (a typo in --output must not delete work)."""
    target = final.resolve()
    precious = [Path(settings["PATH"]).resolve(), Path.cwd().resolve(), Path(settings["THEME"]).resolve()]
    precious += [Path(p).resolve() for p in options_of(settings).paths]
    if any(target == p or target in p.parents for p in precious):
        raise DigestError([Problem(Location(str(final), 0), "refusing to build into a folder that holds sources")])
    if target.exists() and any(target.iterdir()) and not (target / MARKER).exists():
        raise DigestError(
            [
                Problem(
                    Location(str(final), 0),
                    "refusing to replace a folder this tool did not build; choose a new or empty output folder",
                )
            ]
        )


def swap_in(staging: Path, final: Path, retired: Path) -> None:
    """Replace `final` by `staging` with two renames; the old site is kept as `retired` (which must be gone)."""
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
