"""An arXiv-API-compatible server on 127.0.0.1 for tests: Atom answers for known ids, 503 now and then.

It answers `GET /api/query?id_list=…&max_results=…` the way export.arxiv.org does
(opensearch totals, arxiv:primary_category, arxiv:comment, arxiv:journal_ref,
arxiv:doi, arxiv:affiliation), leaves out ids it does not know, fails the requests
listed in `faults` (by number, 1-based) with the status given, and records each
request's ids (or its search query) and time. A title search
(`search_query=ti:"words"`) lists every record whose title holds all the words,
look-alikes first, as arXiv's relevance order does ("Revisiting X" before "X");
a query with a colon, quote or bracket inside the phrase is refused with a 400,
as arXiv's query parser stumbles on them.
"""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape, quoteattr

from stand_in import LocalServer, QuietHandler


def entry(arxiv_id: str, title: str, authors: list[tuple[str, str]], published: str, **more) -> dict:
    """A record as the stand-in serves it: authors as (name, affiliation or '')."""
    return {"id": arxiv_id, "title": title, "authors": authors, "published": published, **more}


def _atom(record: dict) -> str:
    version = record.get("version", 1)
    updated = record.get("updated", record["published"])
    authors = "".join(
        f"<author><name>{escape(name)}</name>"
        + (f"<arxiv:affiliation>{escape(place)}</arxiv:affiliation>" if place else "")
        + "</author>"
        for name, place in record["authors"]
    )
    categories = record.get("categories", ["cs.CV"])
    optional = "".join(
        f"<arxiv:{tag}>{escape(record[key])}</arxiv:{tag}>"
        for key, tag in (("comment", "comment"), ("journal_ref", "journal_ref"), ("doi", "doi"))
        if record.get(key)
    )
    return (
        f"<entry><id>http://arxiv.org/abs/{record['id']}v{version}</id>"
        f"<updated>{updated}T12:00:00Z</updated><published>{record['published']}T17:59:58Z</published>"
        f"<title>{escape(record['title'])}</title>"
        f"<summary>  {escape(record.get('abstract', 'An abstract.'))}\n  </summary>{authors}{optional}"
        f'<link href="http://arxiv.org/abs/{record["id"]}v{version}" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{record["id"]}v{version}" rel="related" type="application/pdf"/>'
        f'<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term={quoteattr(categories[0])} '
        'scheme="http://arxiv.org/schemas/atom"/>'
        + "".join(f'<category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>' for c in categories)
        + "</entry>"
    )


def _title_words(query: str) -> set[str] | None:
    """The words of a ti:"…" phrase; None for what arXiv's parser cannot take (a colon, quote or bracket inside)."""
    match = re.fullmatch(r'ti:"([^"]*)"', query)
    if match is None or re.search(r"[:\[\](){}]", match.group(1)):
        return None
    return set(match.group(1).lower().split())


class ArxivServer(LocalServer):
    path = "/api/query"

    def __init__(self, records: dict[str, dict], faults: dict[int, int | str] | None = None):
        self.records = records
        self.faults = dict(faults or {})  # request number -> HTTP status, "reset" or "empty" instead of the answer
        self.requests: list[tuple[float, list[str]]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(QuietHandler):
            def do_GET(self):
                query = parse_qs(urlparse(self.path).query)
                ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
                searched = query.get("search_query", [""])[0]
                with server.lock:
                    server.requests.append((time.monotonic(), ids or [searched]))
                    number = len(server.requests)
                if searched:
                    words = _title_words(searched)
                    if words is None:
                        return self._send(400, "<html>Bad query</html>", "text/html")
                    ids = [i for i, r in server.records.items() if words <= set(re.findall(r"\w+", r["title"].lower()))]
                    ids.sort(key=lambda i: -len(server.records[i]["title"]))  # look-alikes (longer titles) first
                    ids = ids[: int(query.get("max_results", ["10"])[0])]
                fault = server.faults.get(number)
                if fault == "reset":
                    self.connection.close()  # a dropped connection
                    return
                if fault == "empty":
                    ids = []  # a sporadic empty answer
                elif fault:
                    return self._send(fault, "<html>Service Unavailable</html>", "text/html")
                start = int(query.get("start", ["0"])[0])
                found = [server.records[i] for i in ids if i in server.records][start:]
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
                    'xmlns:arxiv="http://arxiv.org/schemas/atom">'
                    f"<title>arXiv Query</title><id>http://arxiv.org/api/x</id><updated>2026-11-30T00:00:00Z</updated>"
                    f"<opensearch:totalResults>{len(ids)}</opensearch:totalResults>"  # ids asked for, as arXiv
                    f"<opensearch:startIndex>{start}</opensearch:startIndex>"
                    f"<opensearch:itemsPerPage>{len(ids)}</opensearch:itemsPerPage>"
                    + "".join(_atom(record) for record in found)
                    + "</feed>"
                )
                self._send(200, body, "application/atom+xml")

            def _send(self, status, body, kind):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.serve(Handler)
