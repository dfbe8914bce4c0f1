"""The degradation ladder with scripted engines: every rung, in order, and what never gets stored."""

import re

import pytest

from libre_server import fake_english
from paper_digest.retrying import ProviderError, Unreachable
from paper_digest.translation.ladder import PIECEWISE_NOTE, BatchMismatch, Engine, Translator
from paper_digest.translation.llm import batch_prompt, parse_answer
from paper_digest.translation.protection import split_long
from paper_digest.translation.segments import check_translation

WORDS = {"研究": "study", "视频分割": "video segmentation", "，并与": ", compared with", "基线": "baselines",
         "比较。": ".", "模型很快": "the model is fast", "在": "on", "上更快": "faster"}  # fmt: skip


def english(text: str) -> str:
    for zh, en in sorted(WORDS.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(zh, f" {en} ")
    return re.sub(r"\s+", " ", text).strip()


def engine(answer, log=None) -> Engine:
    """An engine answering each request with answer(lines) (a list, or an exception to raise)."""
    sent = log if log is not None else []

    def send(lines):
        sent.append(list(lines))
        result = answer(lines)
        if isinstance(result, Exception):
            raise result
        return result

    return Engine(
        name="fake", origin="fake", send=send, fits=lambda lines: True, fits_alone=lambda line: True,
        counter=lambda: len(sent),
    )  # fmt: skip


TAGGED = "研究<1>视频分割</1>，并与<2>基线</2>比较。"
NAMED = "SAM 2模型很快"


def test_a_good_batch_is_one_request():
    log = []
    outcomes = Translator(engine(lambda lines: [english(x) for x in lines], log)).translate([TAGGED, NAMED])
    assert re.search(r"<1>\s*video segmentation\s*</1>.*<2>\s*baselines\s*</2>", outcomes[0].target)
    assert outcomes[1].target == "SAM 2 the model is fast"
    assert len(log) == 1


def test_a_batch_with_lines_run_together_falls_back_to_single_lines():
    def answer(lines):
        return BatchMismatch("1 line for 2") if len(lines) > 1 else [english(lines[0])]

    log = []
    outcomes = Translator(engine(answer, log)).translate([TAGGED, NAMED])
    assert all(o.target for o in outcomes) and len(log) == 3


def test_only_the_faulty_line_of_a_batch_is_sent_again():
    def answer(lines):
        return [english(line).replace("<2>", "") if "<2>" in line else english(line) for line in lines]

    log = []
    outcomes = Translator(engine(answer, log)).translate([NAMED, TAGGED])
    assert outcomes[0].target == "SAM 2 the model is fast"
    assert [len(lines) for lines in log][:2] == [2, 1] and log[1] == [TAGGED]


def test_dropped_placeholders_are_sent_unprotected_and_accepted_when_the_names_come_back():
    def answer(lines):
        return [re.sub(r"<\d+/>", "", english(line)) for line in lines]  # loses every placeholder

    outcome = Translator(engine(answer)).translate([NAMED])[0]
    assert outcome.target == "SAM 2 the model is fast" and outcome.notes == []


def test_lost_tags_are_translated_piecewise_and_reassembled_with_the_source_tags():
    def answer(lines):
        return [re.sub(r"</?\d+/?>", "", english(line)) for line in lines]  # loses every tag

    outcome = Translator(engine(answer)).translate([TAGGED])[0]
    assert outcome.target == "study <1>video segmentation</1>, compared with <2>baselines</2>."
    assert outcome.notes == [PIECEWISE_NOTE]
    check_translation(TAGGED, outcome.target)


def test_what_cannot_be_fixed_is_missing_with_its_last_error_never_stored_broken():
    def answer(lines):
        return ["<9>nonsense</9>" for _ in lines]

    outcome = Translator(engine(answer)).translate([TAGGED])[0]
    assert outcome.target is None and "piecewise" in outcome.error


def test_a_provider_failure_fails_its_lines_and_an_unreachable_host_stops_everything():
    failed = Translator(engine(lambda lines: ProviderError("fake: gave up after 5 attempts"))).translate([NAMED])
    assert failed[0].target is None and "gave up" in failed[0].error
    with pytest.raises(Unreachable):
        Translator(engine(lambda lines: Unreachable("fake: cannot resolve x"))).translate([NAMED, TAGGED])


def test_a_long_segment_is_cut_at_sentence_ends_outside_its_tags():
    text = "第一句<1>很长。</1>第二句。第三句！第四句？"
    parts = split_long(text, lambda piece: len(piece) <= 18)
    assert parts == ["第一句<1>很长。</1>第二句。", "第三句！第四句？"]  # never cut inside <1>…</1>
    hard = split_long("第一句很长很长很长很长", lambda piece: len(piece) <= 4)  # no sentence end: cut anyway
    assert "".join(hard) == "第一句很长很长很长很长" and all(len(part) <= 4 for part in hard)


def test_a_long_segment_is_translated_in_parts_and_joined():
    sentences = ["研究视频分割。", "模型很快。", "在<1>基线</1>上更快。"]
    long = "".join(sentences)

    def answer(lines):
        return [fake_english(line) for line in lines]

    engine = Engine(name="fake", origin="fake", send=answer, fits=lambda lines: True,
                    fits_alone=lambda line: len(line) <= 14, counter=lambda: 0)  # fmt: skip
    translator = Translator(engine)
    outcome = translator.translate([long])[0]
    check_translation(long, outcome.target)
    assert outcome.target == " ".join(fake_english(s) for s in ("研究视频分割。模型很快。", "在<1>基线</1>上更快。"))


def test_the_llm_prompt_lists_only_the_terms_of_the_batch_and_answers_are_checked():
    prompt = batch_prompt(["计算机视觉很重要"], {"计算机视觉": "Computer Vision", "强化学习": "Reinforcement Learning"})
    assert "计算机视觉 = Computer Vision" in prompt and "强化学习" not in prompt
    assert parse_answer('```json\n["a", "b"]\n```', 2) == ["a", "b"]
    for bad in ('["a"]', "not json", '{"a": 1}', "[1, 2]"):
        with pytest.raises(BatchMismatch):
            parse_answer(bad, 2)


def test_a_batch_the_provider_rejects_costs_only_the_line_it_rejects():
    def answer(lines):
        if len(lines) > 1 or "坏" in lines[0]:
            return ProviderError("fake: HTTP 400 (content policy)")
        return [english(lines[0])]

    outcomes = Translator(engine(answer)).translate([NAMED, "坏句子", "模型很快"])
    assert [o.target for o in outcomes] == ["SAM 2 the model is fast", None, "the model is fast"]
    assert "content policy" in outcomes[1].error


def test_a_refused_key_stops_the_run():
    from paper_digest.retrying import StopRun

    with pytest.raises(StopRun):
        Translator(engine(lambda lines: StopRun("fake: AuthenticationError"))).translate([NAMED, TAGGED])


def test_a_hard_cut_never_splits_a_name_a_number_or_an_entity():
    text = "在MRR@10上提升&amp;超过GPT-4o很多很多"
    parts = split_long(text, lambda piece: len(piece) <= 6)
    assert "".join(parts) == text
    assert "MRR@10" in parts and "&amp;" in parts and "GPT-4o" in parts
