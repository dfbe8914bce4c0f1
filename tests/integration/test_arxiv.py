"""arXiv metadata: `invoke enrich` against a local arXiv-API stand-in, then an offline build that uses it."""

import re
import subprocess
import sys

import pytest
from arxiv_server import ArxivServer, entry

from paper_digest.digest.load import load_papers
from paper_digest.metadata.fetch import fetch, make_client
from paper_digest.retrying import RequestOptions
from support import REGISTRY, ROOT, SEEDS, soup

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

SEED = SEEDS / "000_263217c7a4351fe0.txt"
NO_AUTHORS = ("2408.00754", "2408.00760")  # Coarse Correspondences and SEG name no authors in the digest


def records_for(papers, **changes):
    """What arXiv would answer for the seed papers: the digest's title, authors (or two of its own), a day."""
    records = {}
    for n, paper in enumerate(papers):
        authors = [(name, "") for name in paper.authors if not re.search(r"[\u4e00-\u9fff]", name)]
        records[paper.arxiv_id] = entry(
            paper.arxiv_id, paper.title, authors or [("Ann van der Berg", "MIT"), ("Jun Wang", "")],
            f"2024-{paper.arxiv_id[2:4]}-{n + 1:02d}", version=2, categories=["cs.CV", "cs.AI"],
            abstract=f"We present paper {n}.", comment="Accepted at ECCV 2024", doi=f"10.48550/x.{n}",
        )  # fmt: skip
    records.update(changes)
    return records


def enrich_command(url, seeds, records, *extra):
    return [sys.executable, "-m", "invoke", "enrich", "--url", url, "--seeds", str(seeds), "--records", str(records),
            "--delay", "0", *extra]  # fmt: skip


@pytest.fixture(scope="module")
def papers():
    found, _ = load_papers([str(SEED)], str(REGISTRY))
    return found


def test_enrich_stores_every_record_in_one_request_retries_a_503_and_a_rerun_asks_nothing(tmp_path, papers):
    records = tmp_path / "arxiv"
    unknown = papers[0].arxiv_id
    served = {k: v for k, v in records_for(papers).items() if k != unknown}
    with ArxivServer(served, faults={1: 503}) as server:
        run = subprocess.run(enrich_command(server.url, SEED, records), cwd=ROOT, capture_output=True, text=True,
                             timeout=300)  # fmt: skip
        assert run.returncode == 0, run.stderr
        # one batch, sent again after the 503; arXiv counts the ids asked for, so with one unknown the client
        # asks for a second page, which is empty: the end of the answer
        assert [len(ids) for _, ids in server.requests] == [17, 17, 17]
        assert f"arXiv does not know {unknown}" in run.stderr and f"{SEED.relative_to(ROOT)}:" in run.stderr
        rerun = subprocess.run(enrich_command(server.url, SEED, records), cwd=ROOT, capture_output=True, text=True,
                               timeout=300)  # fmt: skip
        assert rerun.returncode == 0 and len(server.requests) == 3  # nothing new: no request
    check = subprocess.run(enrich_command("http://127.0.0.1:9/", SEED, records, "--check"), cwd=ROOT,
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert check.returncode == 1 and f"{unknown} has no arXiv record" in check.stdout
    text = (records / "2408.00760.toml").read_text(encoding="utf-8")
    assert 'primary_category = "cs.CV"' in text and "version = 2" in text and "published = 2024-08-" in text


def test_batches_of_a_hundred_spaced_by_the_politeness_delay():
    ids = [f"2409.{n:05d}" for n in range(1, 251)]
    served = {i: entry(i, f"Paper {i}", [("A B", "")], "2024-09-01") for i in ids}
    with ArxivServer(served) as server:
        client = make_client(server.url, delay=0.3, timeout=10)
        fetched = fetch(ids, client, RequestOptions(backoff=0.01))
    assert [len(batch) for _, batch in server.requests] == [100, 100, 50]
    times = [when for when, _ in server.requests]
    assert all(later - earlier >= 0.29 for earlier, later in zip(times, times[1:], strict=False))
    assert len(fetched.records) == 250 and fetched.unknown == []


def test_the_offline_build_uses_the_records(tmp_path, papers, site, write_digest):
    records = tmp_path / "arxiv"
    with ArxivServer(records_for(papers)) as server:
        run = subprocess.run(enrich_command(server.url, SEED, records), cwd=ROOT, capture_output=True, text=True,
                             timeout=300)  # fmt: skip
        assert run.returncode == 0, run.stderr
    digest = write_digest(SEED.read_text(encoding="utf-8"))
    out = site(digest, PAPER_DIGEST_ARXIV=str(records), PAPER_DIGEST_SEARCH=False)
    for paper in papers:  # every page: an author to cite, the exact day, the authors' abstract
        for prefix in ("", "en"):
            page = soup(out / prefix / "papers" / paper.arxiv_id / "index.html")
            assert page.find("meta", attrs={"name": "citation_author"}), (prefix, paper.arxiv_id)
            assert re.fullmatch(r"\d{4}/\d\d/\d\d", page.find("meta", attrs={"name": "citation_date"})["content"])
            assert page.select_one(".abstract").get_text().startswith("We present paper")
    for arxiv_id in NO_AUTHORS:
        for prefix in ("", "en"):
            page = soup(out / prefix / "papers" / arxiv_id / "index.html")
            authors = [m["content"] for m in page.find_all("meta", attrs={"name": "citation_author"})]
            assert authors == ["Ann van der Berg", "Jun Wang"], (prefix, arxiv_id)
            assert re.fullmatch(r"2024/08/\d\d", page.find("meta", attrs={"name": "citation_date"})["content"])
            assert page.find("meta", attrs={"name": "citation_doi"})["content"].startswith("10.48550/")
            assert "van der Berg, Ann and Wang, Jun" in page.select_one("pre code").get_text()
            assert 'version = "2"' in page.select_one("pre code").get_text()
    english = soup(out / "en" / "papers" / NO_AUTHORS[0] / "index.html")
    assert english.select_one(".arxiv-record h2").get_text() == "Abstract (arXiv)"
    abstract = english.select_one(".abstract")  # what Pagefind indexes: inside the body, not ignored
    assert abstract.find_parent(attrs={"data-pagefind-body": True}) and not abstract.find_parent(
        attrs={"data-pagefind-ignore": True}
    )
    assert (
        english.select_one(".abstract")["lang"] == "en"
        and "We present paper" in english.select_one(".abstract").get_text()
    )
    assert [a["href"] for a in english.select(".arxiv-record .meta a")] == [
        "https://arxiv.org/list/cs.CV/recent",
        "https://arxiv.org/list/cs.AI/recent",
    ]
    assert "Accepted at ECCV 2024" in english.select_one(".arxiv-record").get_text()
    assert english.find("time")["datetime"].startswith("2024-08-")
    chinese = soup(out / "papers" / NO_AUTHORS[0] / "index.html")
    details = chinese.select_one(".arxiv-record details")
    assert details.summary.get_text() == "英文原文摘要（arXiv）" and details.p["lang"] == "en"


def test_disagreeing_titles_and_authors_are_warned_with_the_papers_line(tmp_path, papers):
    import datetime as dt

    from paper_digest.metadata.merge import attach_records
    from paper_digest.metadata.record import ArxivRecord, Author, save_record

    paper = next(p for p in papers if p.authors)
    save_record(tmp_path, ArxivRecord(paper.arxiv_id, 1, "Something Else", (Author("Zed Zulu"),), dt.date(2024, 8, 1),
                                      dt.date(2024, 8, 1), "x", "cs.CV"))  # fmt: skip
    attached, problems = attach_records([paper], tmp_path)
    assert attached[0].record is not None
    messages = [str(p) for p in problems]
    assert len(messages) == 2 and all(m.startswith(f"{paper.source}: ") for m in messages)
    assert "share no name" in messages[0] and "title differs" in messages[1]


def test_429_a_dropped_connection_and_an_empty_answer_are_tried_again(papers):
    ids = [p.arxiv_id for p in papers[:5]]
    served = {i: entry(i, f"Paper {i}", [("A B", "")], "2024-08-01") for i in ids}
    with ArxivServer(served, faults={1: 429, 2: "reset", 3: "empty"}) as server:
        client = make_client(server.url, delay=0.2, timeout=10)
        fetched = fetch(ids, client, RequestOptions(backoff=0.01))
    assert sorted(fetched.records) == sorted(ids) and fetched.unknown == fetched.unanswered == []
    times = [when for when, _ in server.requests]
    assert len(times) == 4 and all(
        b - a >= 0.19 for a, b in zip(times, times[1:], strict=False)
    )  # spaced, even after a reset


def test_an_id_arxiv_lacks_is_reported_and_a_refresh_never_overwrites_a_good_record(tmp_path, papers):
    from paper_digest.metadata.enrich import enrich
    from paper_digest.metadata.record import load_record

    known, lacking = papers[0], papers[1]
    served = {known.arxiv_id: entry(known.arxiv_id, known.title, [("A B", "")], "2024-08-01")}
    with ArxivServer(served) as server:
        first = enrich([known, lacking], tmp_path, url=server.url, delay=0)
        assert [p.arxiv_id for p in first.unknown] == [lacking.arxiv_id] and len(server.requests) == 2  # + page 2
        served.pop(known.arxiv_id)
        served[lacking.arxiv_id] = entry(lacking.arxiv_id, lacking.title, [("C D", "")], "2024-08-02")
        enrich([known, lacking], tmp_path, url=server.url, delay=0, refresh=True)
    assert load_record(tmp_path, known.arxiv_id)[0] is not None  # left out this time: its record stays
    assert load_record(tmp_path, lacking.arxiv_id)[0].author_names == ("C D",)


def test_bibtex_survives_a_stray_brace_and_keeps_a_dois_underscore(papers):
    import dataclasses
    import datetime as dt

    import bibtexparser

    from paper_digest.metadata.bibtex import bibtex_entry
    from paper_digest.metadata.record import ArxivRecord, Author

    record = ArxivRecord(papers[0].arxiv_id, 1, "x", (Author("Ann {Lee"),), dt.date(2024, 8, 1), dt.date(2024, 8, 1),
                         "a", "cs.CV", doi="10.1007/978-3-031-73039-9_4")  # fmt: skip
    entry_text = bibtex_entry(dataclasses.replace(papers[0], title="Open {Models", record=record))
    assert 'doi = "10.1007/978-3-031-73039-9_4"' in entry_text
    assert r"\textbraceleft{}" in entry_text and not bibtexparser.parse_string(entry_text).failed_blocks
