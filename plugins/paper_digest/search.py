"""The full-text search index: Pagefind (extended build, with Chinese word segmentation) over the built site.

Runs after every language is written; pages opt in with data-pagefind-body, and
Pagefind keeps one index per <html lang>, so a reader searches their own language.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .model import DigestError, Location, Problem

TIMEOUT_SECONDS = 1800


def build_search_index(output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DigestError([Problem(Location(str(output), 0), f"the search index was not built: {error}")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise DigestError(
            [Problem(Location(str(output), 0), "the search index was not built (pagefind): " + " | ".join(detail))]
        )
