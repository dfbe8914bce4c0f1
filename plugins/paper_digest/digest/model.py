"""Plain records passed between the digest pipeline's stages; no I/O, no Pelican."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import urlsplit

from ..problems import Location
from .ids import arxiv_month


class Record(Protocol):
    """What a paper reads of arXiv's record (metadata/record.py's ArxivRecord); the parser never makes one."""

    published: dt.date
    author_names: tuple[str, ...]
    authors: tuple


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


_CODE_HOSTS = {"github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "gitee.com", "codeberg.org"}


@dataclass(frozen=True)
class Paper:
    """One paper of a digest. The parser leaves `arxiv_id` empty (and `date` None when only the id could
    give it) for a paper written without a link; loading resolves those or skips the paper, so no paper
    the site sees lacks either."""

    arxiv_id: str
    title: str
    title_zh: str | None
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    date: dt.date | None
    source: Location
    sections: tuple[Section, ...]
    raw_tags: tuple[RawTag, ...] = ()
    tags: tuple[Tag, ...] = field(default=())  # its topics, from the registry
    keywords: tuple[str, ...] = ()  # its raw tags as written, less those that only repeat a topic's label
    date_is_day: bool = True  # False when the digest's path gives no day: its month, or the arXiv id's, stands in
    record: Record | None = None  # arXiv's own record, when `invoke enrich` stored one
    code_url: str | None = None  # the code or project page the digest's author block names

    def with_id(self, arxiv_id: str) -> Paper:
        """A link-less paper once its id is known (from the day's paper list or arXiv's records)."""
        return replace(self, arxiv_id=arxiv_id, date=self.date or arxiv_month(arxiv_id))

    def same_text(self, other: Paper) -> bool:
        """Whether two digests say the same of a paper (the generator's copy of a day beside the seed)."""
        fields = ("title", "title_zh", "authors", "affiliations", "sections", "code_url")
        mine = [getattr(self, name) for name in fields] + [[t.text for t in self.raw_tags]]
        return mine == [getattr(other, name) for name in fields] + [[t.text for t in other.raw_tags]]

    @property
    def published(self) -> dt.date:
        """The first version's day when arXiv's record is stored, else the first of the id's month."""
        return self.record.published if self.record else arxiv_month(self.arxiv_id)

    @property
    def cited_authors(self) -> tuple[str, ...]:
        """For citations (meta tags, JSON-LD, BibTeX): arXiv's full list in Latin script when stored, else the
        digest's."""
        return self.record.author_names if self.record and self.record.authors else self.authors

    @property
    def shown_authors(self) -> tuple[str, ...]:
        """For the page: the digest's authors as written (cleaned), else arXiv's."""
        return self.authors or (self.record.author_names if self.record else ())

    @property
    def code_is_repository(self) -> bool:
        """A code host's page (shown as 'Code'), not a project's own site (shown as 'Project page')."""
        host = urlsplit(self.code_url or "").hostname or ""
        return host.removeprefix("www.") in _CODE_HOSTS

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
            "keywords": list(self.keywords),
            "date": self.date.isoformat(),
            "source": str(self.source),
            "code_url": self.code_url,
            "sections": [{"heading": s.heading, "markdown": s.markdown} for s in self.sections],
        }
