"""Finding a link-less paper's id by its title: the query arXiv can parse, exact titles only, answers kept."""

import datetime as dt
from types import SimpleNamespace

from paper_digest.metadata.record import ArxivRecord, Author, save_record
from paper_digest.metadata.title_search import best_match, title_query
from paper_digest.metadata.titles import KnownTitles, TitleAnswer, load_answers, save_answers


def test_the_query_is_the_titles_words_only():
    assert title_query('MiniCPM-V: A GPT-4V Level MLLM (on "Phones")') == 'ti:"minicpm v a gpt 4v level mllm on phones"'
    assert title_query("µ-Bench：显微") == 'ti:"μ bench 显微"'


def results(*found):
    return [SimpleNamespace(title=title, entry_id=f"http://arxiv.org/abs/{arxiv_id}v1") for arxiv_id, title in found]


def test_only_the_exact_title_is_taken_and_a_look_alike_is_named():
    listed = results(
        ("2401.00009", "Revisiting Sparse Lattices"), ("2401.00001", "Sparse  Lattices"), ("2401.00002", "Other")
    )
    assert best_match("sparse lattices!", listed) == (listed[1], "")
    exact, why = best_match("Sparse Lattice", [listed[0], listed[2]])
    assert exact is None and why == "the closest is 'Revisiting Sparse Lattices' (2401.00009), not taken"
    assert best_match("Sparse Lattice", [listed[2]]) == (None, "")  # nothing alike enough to name


def test_two_papers_of_exactly_the_title_are_reported_not_guessed():
    listed = results(("2401.00001", "Attention Is All You Need"), ("2401.00002", "Attention is all you need"))
    exact, why = best_match("Attention Is All You Need", listed)
    assert exact is None and why.startswith("2 papers have exactly this title: 2401.00001, 2401.00002")


def test_answers_are_kept_and_the_build_reads_them_and_the_records_titles(tmp_path):
    asked = dt.date(2026, 12, 5)
    save_answers(tmp_path, {
        "a": TitleAnswer("Graph Policies", "2407.00001", asked),
        "b": TitleAnswer("Light Tokenizers", "", asked, "the closest is 'Light Tokenizers: A Survey' (2407.00050)"),
    })  # fmt: skip
    assert sorted(answer.title for answer in load_answers(tmp_path).values()) == ["Graph Policies", "Light Tokenizers"]
    save_record(
        tmp_path, ArxivRecord("2407.00300", 1, "Quantized  Samplers", (Author("A B"),), asked, asked, "x", "cs.LG")
    )
    known = KnownTitles(tmp_path)
    assert known("graph policies") == ("2407.00001", "")
    assert known("QUANTIZED SAMPLERS") == ("2407.00300", "")
    arxiv_id, why = known("Light Tokenizers")
    assert arxiv_id is None and "asked on 2026-12-05" in why and "'Light Tokenizers: A Survey' (2407.00050)" in why
    assert known("Never Asked") == (None, "")


def test_an_address_in_arxivs_comment_or_abstract_is_never_published(tmp_path):
    from paper_digest.digest.model import Paper
    from paper_digest.metadata.merge import attach_records
    from paper_digest.problems import Location

    asked = dt.date(2026, 12, 5)
    save_record(tmp_path, ArxivRecord("2407.00300", 1, "Quantized Samplers", (Author("A B"),), asked, asked,
                                      "We sample. Mail a.b@lab.example.org", "cs.LG", comment="Contact c@d.org"))  # fmt: skip
    paper = Paper("2407.00300", "Quantized Samplers", None, ("A B",), (), asked, Location("d.md", 3), ())
    [attached], problems = attach_records([paper], tmp_path)
    assert "@" not in attached.record.abstract + attached.record.comment
    assert sorted(p.message.split("'")[1] for p in problems) == ["a.b@lab.example.org", "c@d.org"]
