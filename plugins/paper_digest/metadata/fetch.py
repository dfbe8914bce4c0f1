"""Asking the arXiv API for records: batches of at most 100 ids, at least 3 s apart, retried with backoff.

The official `arxiv` package does the requests and parses the Atom; it sends without
a timeout and retries without backoff, so its session gets a timeout and its
retries are ours (retrying.py: 429, 5xx and dropped connections wait and try
again; a host that cannot be reached stops the run).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import arxiv
import requests

from ..retrying import ProviderError, RequestOptions, Retrying
from .record import ArxivRecord, Author

API_URL = "https://export.arxiv.org/api/query"
BATCH = 100  # ids per request: longer id_list GETs fail with 414
DELAY = 3.0  # seconds between requests, per arXiv's terms of use
_CATEGORY = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?")
_ENTRY_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")


class Busy(Exception):
    """A 429 or 5xx from the API: worth another try after a wait."""


class _TimeoutSession(requests.Session):
    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def make_client(url: str = API_URL, delay: float = DELAY, timeout: float = 30.0) -> arxiv.Client:
    """One client for the whole run (it spaces its requests by `delay`), pointed at `url`."""
    client = arxiv.Client(page_size=BATCH, delay_seconds=delay, num_retries=0)
    client.query_url_format = url.rstrip("?") + "?{}"
    client._session = _TimeoutSession(timeout)  # the package's session has no timeout; it is the only hook
    return client


def arxiv_id_of(result: arxiv.Result) -> str:
    """The id without its version, as the build names papers."""
    match = _ENTRY_ID.search(result.entry_id)
    return match.group("id") if match else result.get_short_id()


def record_of(result: arxiv.Result) -> ArxivRecord:
    match = _ENTRY_ID.search(result.entry_id)
    arxiv_id = arxiv_id_of(result)
    return ArxivRecord(
        arxiv_id=arxiv_id,
        version=int(match.group("version") or 1) if match else 1,
        title=" ".join(result.title.split()),
        authors=tuple(Author(a.name, tuple(getattr(a, "affiliation", None) or ())) for a in result.authors),
        published=result.published.astimezone(dt.UTC).date(),
        updated=result.updated.astimezone(dt.UTC).date(),
        abstract=" ".join(result.summary.split()),
        primary_category=result.primary_category,
        categories=tuple(c for c in result.categories if _CATEGORY.fullmatch(c)),  # not ACM/MSC codes
        comment=" ".join((result.comment or "").split()),
        journal_ref=" ".join((result.journal_ref or "").split()),
        doi=result.doi or "",
    )


@dataclass
class Fetched:
    records: dict[str, ArxivRecord] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # left out of an answer that had others: arXiv lacks them
    unanswered: list[str] = field(default_factory=list)  # in a batch arXiv answered with nothing: ask again later
    requests: int = 0


def fetch(
    ids: list[str],
    client: arxiv.Client,
    options: RequestOptions,
    host: str = "export.arxiv.org",
    done: Callable[[Iterable[ArxivRecord]], None] = lambda records: None,
) -> Fetched:
    """Records for `ids`, a batch per request; `done` gets each batch's records as soon as it is in."""
    retrying = Retrying("arxiv", host, options)
    fetched = Fetched()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        search = arxiv.Search(id_list=batch, max_results=len(batch))
        results = ask_patiently(retrying, client, search, f"a batch of {len(batch)} id(s)")
        records = {record.arxiv_id: record for record in map(record_of, results)}
        fetched.records.update(records)
        unknown = [arxiv_id for arxiv_id in batch if arxiv_id not in records]
        (fetched.unknown if records else fetched.unanswered).extend(unknown)
        done(records.values())
    fetched.requests = retrying.requests
    return fetched


RETRYABLE = (Busy, requests.exceptions.RequestException, arxiv.UnexpectedEmptyPageError)


def ask(client: arxiv.Client, search: arxiv.Search, what: str) -> list[arxiv.Result]:
    """One search's results; Busy for what is worth another try, ProviderError for what is not."""
    results: list[arxiv.Result] = []
    try:
        for result in client.results(search):
            results.append(result)
    except arxiv.UnexpectedEmptyPageError:
        if not results:  # arXiv counts the ids asked for, not found: a later empty page ends the list
            raise
    except arxiv.HTTPError as error:
        if error.status == 429 or error.status >= 500:
            raise Busy(f"HTTP {error.status}") from error
        raise ProviderError(f"arxiv: HTTP {error.status} for {what}") from None
    except requests.exceptions.RequestException:
        client._last_request_dt = dt.datetime.now()  # the package only times answers: keep the delay
        raise
    return results


def ask_patiently(retrying: Retrying, client: arxiv.Client, search: arxiv.Search, what: str) -> list[arxiv.Result]:
    """ask(), retried; an empty answer happens now and then for known papers: asked twice more before it
    is believed."""
    results = retrying.call(lambda: ask(client, search, what), RETRYABLE)
    for _ in range(2):
        if results:
            break
        results = retrying.call(lambda: ask(client, search, what), RETRYABLE)
    return results
