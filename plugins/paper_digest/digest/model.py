"""Plain records passed between the digest pipeline's stages; no I/O, no Pelican."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a record only rides along; the parser never makes one
    from ..metadata.record import ArxivRecord


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


@dataclass(frozen=True)
class Problem:
    """A located message about a digest; `fatal` problems stop the build."""

    location: Location
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class DigestError(Exception):
    """Raised with every fatal problem at once, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # crosses process boundaries whole (each language builds in its own process)
        return (DigestError, (self.problems,))


@dataclass(frozen=True)
class Tag:
    """A canonical tag: one ASCII slug shared by both languages."""

    slug: str
    zh: str
    en: str


@dataclass(frozen=True)
class RawTag:
    """A tag as the digest wrote it, kept with its line for reporting."""

    text: str
    location: Location


@dataclass(frozen=True)
class Section:
    heading: str
    markdown: str


def arxiv_month(arxiv_id: str) -> dt.date:
    """First day of the month arXiv assigned the id in: the paper's own date, unlike the digest's."""
    digits = arxiv_id.split("/")[-1]
    year, month = int(digits[:2]), int(digits[2:4])
    century = 1900 if "/" in arxiv_id and year >= 91 else 2000
    return dt.date(century + year, month, 1)


@dataclass(frozen=True)
class Paper:
    arxiv_id: str
    title: str
    title_zh: str | None
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    date: dt.date
    source: Location
    sections: tuple[Section, ...]
    raw_tags: tuple[RawTag, ...] = ()
    tags: tuple[Tag, ...] = field(default=())
    date_is_day: bool = True  # False when the digest's name has no date and the arXiv month stands in
    record: ArxivRecord | None = None  # arXiv's own record, when `invoke enrich` stored one

    @property
    def published(self) -> dt.date:
        """The first version's day when arXiv's record is stored, else the first of the id's month."""
        return self.record.published if self.record else arxiv_month(self.arxiv_id)

    @property
    def cited_authors(self) -> tuple[str, ...]:
        """The digest's authors when it names them, else arXiv's."""
        return self.authors or (self.record.author_names if self.record else ())

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.arxiv_id}"

    def as_json(self) -> dict:
        """The `invoke inspect` record: stable keys, plain JSON types."""
        return {
            "arxiv_id": self.arxiv_id,
            "title": self.title,
            "title_zh": self.title_zh,
            "authors": list(self.authors),
            "affiliations": list(self.affiliations),
            "tags": [{"slug": t.slug, "zh": t.zh, "en": t.en} for t in self.tags],
            "date": self.date.isoformat(),
            "source": str(self.source),
            "sections": [{"heading": s.heading, "markdown": s.markdown} for s in self.sections],
        }
