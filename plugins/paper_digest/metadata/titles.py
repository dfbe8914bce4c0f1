"""Papers written without a link, by title: what arXiv answered (content/arxiv/titles.toml) and the lookup
the build gives them their ids from. Pure file reading and writing, no HTTP.

`invoke enrich` asks arXiv for each such title once and remembers the answer,
found or not, so a rerun asks nothing; the build reads the answers offline, and
the titles of the stored records as well (a paper linked in one digest names the
id of the same title written without a link in another).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..digest.text import alnum_key
from ..files import write_atomically

TITLES_FILE = "titles.toml"


@dataclass(frozen=True)
class TitleAnswer:
    title: str  # as the digest writes it
    arxiv_id: str  # "" when arXiv has no paper of exactly this title
    asked: dt.date
    note: str = ""  # when not found: the closest title arXiv listed (never taken), or the papers that share it


def answers_path(folder: Path) -> Path:
    return Path(folder) / TITLES_FILE


def load_answers(folder: Path) -> dict[str, TitleAnswer]:
    """The stored answers by normalised title; an unreadable file counts as none (enrich asks again)."""
    try:
        data = tomllib.loads(answers_path(folder).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    answers = {}
    for item in data.get("title", []):
        try:
            answer = TitleAnswer(item["title"], item.get("arxiv_id", ""), dt.date.fromisoformat(str(item["asked"])),
                                 item.get("note", ""))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            continue
        answers[alnum_key(answer.title)] = answer
    return answers


def save_answers(folder: Path, answers: dict[str, TitleAnswer]) -> Path:
    items = []
    for answer in sorted(answers.values(), key=lambda a: alnum_key(a.title)):
        item = {"title": answer.title, "arxiv_id": answer.arxiv_id, "asked": answer.asked}
        items.append({**item, "note": answer.note} if answer.note else item)
    path = answers_path(folder)
    write_atomically(path, tomli_w.dumps({"title": items}).encode())
    return path


class KnownTitles:
    """title -> (arXiv id, or None and why): enrich's answers first, then the stored records' titles (read
    the first time a title is not among the answers, so a build whose papers all have links reads nothing)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.answers = load_answers(self.folder)
        self._records: dict[str, str] | None = None

    def _record_titles(self) -> dict[str, str]:
        if self._records is None:
            self._records = {}
            for path in sorted(self.folder.glob("*.toml")) if self.folder.is_dir() else []:
                if path.name == TITLES_FILE:
                    continue
                try:
                    data = tomllib.loads(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                    continue  # the build reports a broken record where the paper uses it
                if isinstance(data.get("title"), str) and isinstance(data.get("arxiv_id"), str):
                    self._records.setdefault(alnum_key(data["title"]), data["arxiv_id"])
        return self._records

    def __call__(self, title: str) -> tuple[str | None, str]:
        key = alnum_key(title)
        answer = self.answers.get(key)
        if answer and answer.arxiv_id:
            return answer.arxiv_id, ""
        found = self._record_titles().get(key)
        if found:
            return found, ""
        if answer:
            note = f" ({answer.note})" if answer.note else ""
            return None, (
                f"arXiv was asked on {answer.asked.isoformat()} and gave no single paper of exactly this title{note}; "
                "check the title (or run 'invoke enrich --refresh')"
            )
        return None, ""
