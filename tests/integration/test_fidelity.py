"""No text is lost: every Latin token and number of every paper's section text is on its Chinese page.

A general guard for the class of bug where a filter (e-mail scrubbing, sanitizing, Markdown) eats
reader text silently: it runs over every seed paper and over variants of the seed full of the
metric notation ML summaries use (MRR@10, pass@1, Recall@K…), with one real address per paper that
must be removed and reported, and nothing else.
"""

import html
import re
from collections import Counter
from unittest import mock

import pytest

from support import REGISTRY, ROOT, SEEDS, site_overrides, soup

SEED = SEEDS / "000_263217c7a4351fe0.txt"
METRICS = [
    "在MRR@10上仅比大型模型低1.2个百分点",
    "pass@1达到72.5%",
    "Recall@10为0.85",
    "nDCG@10、Hits@1与top-1@5均提升",
    "pass@k与Recall@K同步提高",
    "作者@handle在user@localhost上复现",
]
ADDRESS = "someone{n}@example.org"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9@%.+\-_/#]*")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)


def variant(text: str) -> str:
    """The seed with new arXiv ids and, in every Chinese sentence line, metric notation and an address."""
    text = re.sub(r"(arxiv\.org/(?:pdf|abs)/)24(0[78])\.", r"\g<1>25\2.", text)
    lines, n = [], 0
    for line in text.split("\n"):
        if re.search(r"[\u4e00-\u9fff]", line) and "，" in line and not line.lstrip().startswith(("#", "|")):
            n += 1
            line = line.replace("，", f"，{METRICS[n % len(METRICS)]}，", 1)
            if n % 5 == 0:
                line += f" 联系 {ADDRESS.format(n=n)} 获取代码。"
        lines.append(line)
    return "\n".join(lines)


def tokens(markdown: str) -> Counter:
    found = Counter()
    for token in _TOKEN.findall(_LIST_MARKER.sub("", markdown)):
        token = token.rstrip(".-_/#")
        if token:
            found[token] += 1
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from paper_digest.commands.sites import build_all
    from paper_digest.digest.load import load_papers

    root = tmp_path_factory.mktemp("fidelity")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (seeds / "2024-09-02-metrics.txt").write_text(variant(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    content = root / "content"
    content.mkdir()
    (content / "tags.toml").write_bytes(REGISTRY.read_bytes())
    output = root / "output"
    build_all(
        str(ROOT / "pelicanconf.py"),
        site_overrides(root, seeds, content=content, OUTPUT_PATH=str(output), PAPER_DIGEST_SEARCH=False),
    )
    papers, problems = load_papers([str(seeds)], str(content / "tags.toml"))
    with (  # the text as written
        mock.patch("paper_digest.digest.parse.scrub_emails", lambda text: (text, [])),
        mock.patch("paper_digest.digest.parse.hidden_emails", lambda text: []),
    ):
        written, _ = load_papers([str(seeds)], str(content / "tags.toml"))
    return output, papers, problems, {paper.arxiv_id: paper for paper in written}


def reported(problems) -> set[str]:
    return {re.search(r"'([^']+)'", p.message).group(1) for p in problems if "e-mail address" in p.message}


def test_the_variant_digest_is_full_of_metric_notation(built):
    _, papers, _, _ = built
    text = "\n".join(s.markdown for p in papers if p.arxiv_id.startswith("25") for s in p.sections)
    assert all(metric in text for metric in METRICS)
    assert len(papers) == 34


def test_every_latin_token_and_number_of_the_sections_is_on_the_chinese_page(built):
    """Tokens of the text as written (before any filter), each as often as written, are on the page:
    all but the reported addresses, which are taken out of the written text first."""
    output, papers, problems, written = built
    removed = reported(problems)
    for paper in papers:
        article = soup(output / "papers" / paper.arxiv_id / "index.html").select_one("article")
        shown = tokens(html.unescape(str(article)))
        text = "\n".join(s.heading + "\n" + s.markdown for s in written[paper.arxiv_id].sections)
        for address in removed:
            text = text.replace(address, " ")
        missing = tokens(text) - shown
        assert not missing, (paper.arxiv_id, dict(missing))


def test_metric_notation_is_published_whole(built):
    output, papers, _, _ = built
    for paper in papers:
        if not paper.arxiv_id.startswith("25"):
            continue
        text = " ".join(
            soup(output / "papers" / paper.arxiv_id / "index.html").select_one("article").get_text().split()
        )
        raw = " ".join(s.markdown for s in paper.sections)
        for metric in METRICS:
            if metric in raw:
                assert metric in text, (paper.arxiv_id, metric)


def test_what_is_removed_is_exactly_the_reported_addresses(built):
    output, papers, problems, _ = built
    injected = set(re.findall(r"someone\d+@example\.org", variant(SEED.read_text(encoding="utf-8"))))
    seed_addresses = 3  # the seed's own {a, b}@… lines, in each copy
    assert injected and reported(problems) >= injected and len(reported(problems)) == len(injected) + seed_addresses
    assert all(not p.fatal for p in problems)
    for path in output.rglob("*"):  # pages of both languages, feeds, BibTeX, search data: nowhere
        if path.is_file() and path.suffix in {".html", ".xml", ".bib", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8")
            assert not any(address in text for address in reported(problems)), path
    pages = "".join((output / "papers" / p.arxiv_id / "index.html").read_text(encoding="utf-8") for p in papers)
    assert "MRR@10" in pages and "user@localhost" in pages and "@handle" in pages
