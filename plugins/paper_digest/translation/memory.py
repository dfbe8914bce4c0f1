"""The translation memory on disk: one gettext PO catalog per paper, plus a glossary.

msgid is the Chinese segment, msgstr its English. `#, fuzzy` marks machine
output nobody has reviewed; an entry without it is reviewed and the machine
never overwrites it. `#.` comments say who translated it and when; `#:` lines
say where the segment is used, which is how an edited sentence is recognised
as stale rather than new. Files are written atomically so a killed run never
leaves half a catalog.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po
from filelock import FileLock, Timeout

from ..files import write_atomically
from ..problems import Location, Problem, shown_path
from .segments import MarkupError, Segment, check_translation

FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # keeps headers constant: files diff only by entries
_ORIGIN = re.compile(r"^(machine|human): (.+)$")
_WAS_AT = "was used at:"


@dataclass
class Entry:
    source: str
    target: str
    reviewed: bool
    origin: str = ""
    where: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # translator comments ('# …'), e.g. how a machine translation was made


@dataclass
class Memory:
    """A catalog of entries by source text; `obsolete` keeps replaced entries for reference."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    obsolete: dict[str, Entry] = field(default_factory=dict)

    def lookup(self, source: str) -> Entry | None:
        entry = self.entries.get(source)
        return entry if entry and entry.target else None


class MemoryBusy(Exception):
    """Another process holds the memory's lock."""


@contextmanager
def memory_lock(folder: Path, wait: float):
    """One writer at a time: a second translate run waits `wait` seconds, then stops and says why."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise MemoryBusy(
            f"another translate run is writing {shown_path(str(folder))} (lock file "
            f"{shown_path(str(folder / '.lock'))}); "
            "wait for it to finish, or pass --wait SECONDS to wait longer"
        ) from None
    try:
        yield
    finally:
        lock.release()


def paper_memory_path(folder: Path, arxiv_id: str) -> Path:
    return Path(folder) / "papers" / (arxiv_id.replace("/", "_") + ".po")


def glossary_path(folder: Path) -> Path:
    return Path(folder) / "glossary.po"


def _entry(message: Message) -> Entry:
    origin = next((c for c in message.auto_comments if _ORIGIN.match(c)), "")
    where = [filename for filename, _ in message.locations]
    notes = []
    for comment in message.user_comments:  # obsolete entries keep their places in a comment
        if comment.startswith(_WAS_AT):
            where += comment[len(_WAS_AT) :].split()
        else:
            notes.append(comment)
    return Entry(
        source=message.id,
        target=message.string or "",
        reviewed=not message.fuzzy and bool(message.string),
        origin=origin,
        where=tuple(where),
        notes=tuple(notes),
    )


def load_memory(path: Path, data: bytes | None = None) -> tuple[Memory, list[Problem]]:
    """Read a catalog (from `data` when its bytes are already read); a missing file is an empty
    memory, a broken one a located problem."""
    path = Path(path)
    memory = Memory(path)
    if data is None and not path.exists():
        return memory, []
    problems = []
    try:
        if data is None:
            data = path.read_bytes()
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        return memory, [
            Problem(Location(str(path), int(line.group(1)) if line else 1), f"not a valid PO file: {error}")
        ]
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        entry = _entry(message)
        if entry.target:
            try:
                check_translation(entry.source, entry.target)
            except MarkupError as error:
                where = Location(str(path), message.lineno or 1)
                problems.append(Problem(where, f"msgstr breaks the markup of its msgid: {error}; fix the tags"))
                entry.target = ""
        memory.entries[entry.source] = entry
    for message in catalog.obsolete.values():
        memory.obsolete[message.id] = _entry(message)
    return memory, problems


def to_catalog(memory: Memory) -> Catalog:
    catalog = Catalog(
        locale="en",
        project="paper-digest",
        version="1",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
        header_comment="# English translation memory (msgid: Chinese digest text; msgstr: English).\n"
        "# '#, fuzzy' = machine translation not yet reviewed: review it, then delete the flag.",
    )
    for entry in memory.entries.values():
        catalog.add(
            entry.source,
            entry.target,
            locations=[(where, None) for where in entry.where],
            flags=() if entry.reviewed or not entry.target else ("fuzzy",),
            auto_comments=[entry.origin] if entry.origin else [],
            user_comments=list(entry.notes),
        )
    for entry in memory.obsolete.values():
        if entry.source not in memory.entries:
            message = Message(
                entry.source,
                entry.target,
                flags=() if entry.reviewed else ("fuzzy",),
                user_comments=[f"{_WAS_AT} {' '.join(entry.where)}"] if entry.where else [],
            )
            catalog.obsolete[entry.source] = message
    return catalog


def render_memory(memory: Memory) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, to_catalog(memory), width=0, include_previous=False, sort_output=False)
    return buffer.getvalue().replace(b"Generated-By: Babel ", b"Generated-By: Babel/")


def save_memory(memory: Memory) -> None:
    """Whole or not at all, so an interrupted run never leaves a broken catalog."""
    write_atomically(memory.path, render_memory(memory))


def sync_entries(memory: Memory, segments: list[Segment]) -> None:
    """Make the memory hold exactly the paper's current segments, in reading order.

    Entries whose source no longer occurs move to `obsolete`, where they stay as a
    reference for reviewers and are never used for lookups.
    """
    used: dict[str, list[str]] = {}
    for segment in segments:
        used.setdefault(segment.source, []).append(segment.where)
    entries = {}
    for source, places in used.items():
        entry = memory.entries.get(source) or Entry(source, "", False)
        entry.where = tuple(places)
        entries[source] = entry
    for source, entry in memory.entries.items():
        if source not in used and entry.target:
            memory.obsolete[source] = entry
    for source in used:
        memory.obsolete.pop(source, None)
    memory.entries = entries


def stale_sources(memory: Memory, segments: list[Segment]) -> dict[str, Entry]:
    """Untranslated segments whose place held another, translated sentence: the Chinese was edited."""
    by_place = {}
    for entry in [*memory.obsolete.values(), *memory.entries.values()]:
        if entry.target:
            for where in entry.where:
                by_place[where] = entry
    stale = {}
    for segment in segments:
        if memory.lookup(segment.source):
            continue
        previous = by_place.get(segment.where)
        if previous and previous.source != segment.source:
            stale[segment.source] = previous
    return stale
