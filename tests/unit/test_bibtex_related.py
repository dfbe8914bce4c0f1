"""BibTeX entries parse and follow arXiv's style; related papers are deterministic and sensible."""

import dataclasses
import datetime as dt
import random

import bibtexparser
import pytest

from paper_digest.digest.load import load_papers
from paper_digest.digest.model import Paper, Tag
from paper_digest.metadata.bibtex import bibliography, bibtex_entry, cite_key
from paper_digest.problems import Location
from paper_digest.site.related import related_papers
from support import REGISTRY, SEEDS

PAPERS, _ = load_papers([str(SEEDS)], str(REGISTRY))


@pytest.mark.parametrize("paper", PAPERS, ids=[p.arxiv_id for p in PAPERS])
def test_every_seed_entry_parses(paper):
    library = bibtexparser.parse_string(bibtex_entry(paper))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == cite_key(paper)
    fields = {f.key: f.value for f in entry.fields}
    assert fields["eprint"] == paper.arxiv_id
    assert fields["archivePrefix"] == "arXiv"
    assert fields["url"] == f"https://arxiv.org/abs/{paper.arxiv_id}"
    assert fields["year"] == str(paper.published.year)
    assert fields["title"].strip("{}") == paper.title
    if paper.authors:
        assert fields["author"].count(" and ") == len(paper.authors) - 1


def test_names_and_escaping():
    paper = dataclasses.replace(
        PAPERS[0], authors=("Piotr Dollár", "Gemma Team", "Plato"), title="A_b & 50% {braces} #1"
    )
    entry = bibtex_entry(paper)
    assert 'author = "Dollár, Piotr and {Gemma Team} and {Plato}"' in entry
    assert r'title = "{A\_b \& 50\% {braces} \#1}"' in entry
    assert not bibtexparser.parse_string(entry).failed_blocks


def test_bibliography_keeps_keys_unique():
    twin = dataclasses.replace(PAPERS[0], arxiv_id="2408.99999")
    library = bibtexparser.parse_string(bibliography([PAPERS[0], twin, twin]))
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == 3 and not library.failed_blocks


def test_related_papers_share_tags_and_are_deterministic():
    related = related_papers(PAPERS)
    assert set(related) == {p.arxiv_id for p in PAPERS}
    tags = {p.arxiv_id: {t.slug for t in p.tags} for p in PAPERS}
    for arxiv_id, others in related.items():
        assert arxiv_id not in others and len(others) <= 5
        assert all(tags[arxiv_id] & tags[other] for other in others)
    shuffled = PAPERS[:]
    random.Random(4).shuffle(shuffled)
    assert related_papers(shuffled) == related


def test_rare_shared_tags_rank_first():
    def paper(arxiv_id, *slugs):
        return Paper(
            arxiv_id,
            arxiv_id,
            None,
            (),
            (),
            dt.date(2024, 8, 1),
            Location("x", 1),
            (),
            tags=tuple(Tag(s, s, s) for s in slugs),
        )

    papers = [paper("2408.00001", "common", "rare"), paper("2408.00002", "common", "rare")] + [
        paper(f"2408.{n:05d}", "common") for n in range(3, 12)
    ]
    assert related_papers(papers)["2408.00001"][0] == "2408.00002"


def test_with_arxivs_record_every_author_is_cited_given_names_first_with_particles():
    import datetime as dt

    from paper_digest.metadata.record import ArxivRecord, Author

    record = ArxivRecord(PAPERS[0].arxiv_id, 3, PAPERS[0].title,
                         (Author("Ann van der Berg"), Author("Jun Wang"), Author("Qwen Team")),
                         dt.date(2024, 7, 31), dt.date(2024, 9, 1), "Abstract.", "cs.CV", doi="10.1/x")  # fmt: skip
    entry = bibtex_entry(dataclasses.replace(PAPERS[0], authors=("Wang Jun",), record=record))
    assert 'author = "van der Berg, Ann and Wang, Jun and {Qwen Team}"' in entry
    assert entry.startswith("@misc{berg2024") and 'version = "3"' in entry and 'primaryClass = "cs.CV"' in entry
    assert 'doi = "10.1/x"' in entry and "month" not in entry  # arXiv's own entries give the year only
    assert not bibtexparser.parse_string(entry).failed_blocks
