"""Writing files that other people and programs read: whole or not at all, with the usual permissions."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace `path` by `data`: a temporary file beside it, fsynced (unless not `durable`), then renamed over it.

    A cache, whose torn entry only costs a recomputation, skips the fsync: it is the slow part.
    A temporary file is created private (0600); the result gets the mode a plain write would give:
    the old file's, or 0666 less the umask for a new one (0644 on a default system), so other users
    and tools (a web editor running as another user) can read it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), mode)
            if durable:
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_json(path: Path, value) -> None:
    """A small manifest: sorted keys, one key a line, written whole."""
    write_atomically(Path(path), (json.dumps(value, indent=1, sort_keys=True) + "\n").encode())


def read_json(path: Path, expected: type = dict):
    """A manifest written by write_json, or None when it is missing, unreadable or of another shape."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, expected) else None


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """`target` as a hard link to `source` (a real copy where a link cannot be made)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_or_copy_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (real copies where a link cannot be made)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=link_or_copy)
