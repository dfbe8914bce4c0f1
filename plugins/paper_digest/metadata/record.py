"""One paper's arXiv record as stored in the repository (content/arxiv/<id>.toml); pure, no HTTP.

The build reads these files and never the network; `invoke enrich` writes them.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import tomli_w

from ..files import write_atomically
from ..problems import WARNING, Location, Problem


@dataclass(frozen=True)
class Author:
    name: str
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArxivRecord:
    arxiv_id: str
    version: int  # the latest
    title: str
    authors: tuple[Author, ...]
    published: dt.date  # the first version
    updated: dt.date  # the latest version
    abstract: str
    primary_category: str
    categories: tuple[str, ...] = ()
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(author.name for author in self.authors)


def record_path(folder: Path, arxiv_id: str) -> Path:
    return Path(folder) / (arxiv_id.replace("/", "_") + ".toml")


def to_toml(record: ArxivRecord) -> bytes:
    data = asdict(record)
    data.pop("extra")
    data["authors"] = [{"name": a.name, "affiliations": list(a.affiliations)} for a in record.authors]
    data["categories"] = list(record.categories)
    return tomli_w.dumps(data).encode()


def save_record(folder: Path, record: ArxivRecord) -> Path:
    path = record_path(folder, record.arxiv_id)
    write_atomically(path, to_toml(record))
    return path


def save_unknown(folder: Path, arxiv_id: str) -> Path:
    """Remember that arXiv does not know an id, so a rerun does not ask again (--refresh does)."""
    path = record_path(folder, arxiv_id)
    write_atomically(path, tomli_w.dumps({"arxiv_id": arxiv_id, "unknown": True}).encode())
    return path


_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")  # cs.CV, hep-th, q-bio.NC: a page's slug


def _category(value) -> str:
    """An arXiv category code, checked: it names a page of the site ('' when the record has none)."""
    if not isinstance(value, str) or (value and not _CATEGORY.fullmatch(value)):
        raise ValueError(f"a category {value!r} that is no arXiv category code")
    return value


def _categories(values) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise ValueError(f"categories {values!r} that are no list of arXiv category codes")
    return tuple(_category(value) for value in values)


def load_record(folder: Path, arxiv_id: str) -> tuple[ArxivRecord | None, list[Problem]]:
    """The stored record, None when there is none; a broken file is a located problem, not a crash."""
    path = record_path(folder, arxiv_id)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, [
            Problem(
                Location(str(path), 0),
                f"not a readable arXiv record ({error}): the paper is published without it; "
                "run 'invoke enrich --refresh'",
                WARNING,
            )
        ]
    if data.get("unknown"):
        return None, []
    try:
        record = ArxivRecord(
            arxiv_id=data["arxiv_id"],
            version=int(data["version"]),
            title=data["title"],
            authors=tuple(Author(a["name"], tuple(a.get("affiliations", ()))) for a in data["authors"]),
            published=dt.date.fromisoformat(str(data["published"])),
            updated=dt.date.fromisoformat(str(data["updated"])),
            abstract=data["abstract"],
            primary_category=_category(data["primary_category"]),
            categories=_categories(data.get("categories", [])),
            comment=data.get("comment", ""),
            journal_ref=data.get("journal_ref", ""),
            doi=data.get("doi", ""),
        )
    except (KeyError, TypeError, ValueError) as error:
        return None, [
            Problem(
                Location(str(path), 0),
                f"an arXiv record lacks {error} or has it wrong: the paper is published without it; "
                "run 'invoke enrich --refresh'",
                WARNING,
            )
        ]
    return record, []
