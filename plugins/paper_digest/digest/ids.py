"""arXiv ids: read from the links digests and paper lists write, and the month an id was given in."""

from __future__ import annotations

import datetime as dt
import re

_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.I,
)


def parse_arxiv_url(url: str) -> str | None:
    """The id without version of an arXiv abs/pdf/html URL, else None."""
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0].rstrip(".,;。，；)）")
    if not re.match(r"^https?://", url, re.I):
        url = "https://" + url
    match = _ARXIV_URL.match(url)
    if not match:
        return None
    arxiv_id = match.group("id")
    if "/" in arxiv_id:  # old style, as arXiv names it: archive in lower case, no subject class (math.GT -> math)
        archive, number = arxiv_id.split("/")
        arxiv_id = f"{archive.lower().split('.')[0]}/{number}"
    month = int(arxiv_id.split("/")[-1][2:4])
    return arxiv_id if 1 <= month <= 12 else None


def arxiv_month(arxiv_id: str) -> dt.date:
    """First day of the month arXiv assigned the id in: the paper's own date, unlike the digest's."""
    digits = arxiv_id.split("/")[-1]
    year, month = int(digits[:2]), int(digits[2:4])
    century = 1900 if "/" in arxiv_id and year >= 91 else 2000
    return dt.date(century + year, month, 1)
