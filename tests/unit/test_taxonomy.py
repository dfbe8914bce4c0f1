"""Raw tags map to curated topics deterministically; the unmapped stay keywords and are reported once."""

import pytest

from paper_digest.digest.model import Paper, RawTag, Section
from paper_digest.digest.taxonomy import (
    MAX_TOPICS,
    assign_topics,
    keywords_of,
    load_registry,
    raw_forms,
    unmapped_summary,
    wordless,
)
from paper_digest.problems import Location

# A registry written here, so these tests say what the rules do whatever content/tags.toml grows into.
SMALL = """
[multimodal]
zh = "多模态学习"
en = "Multimodal Learning"
aliases = ["多模态", "MLLM"]
terms = ["多模态"]

[pre-training]
zh = "预训练"
en = "Pre-training"
aliases = ["Pretraining"]
terms = []

[large-language-models]
zh = "大型语言模型"
en = "Large Language Models"
aliases = ["LLMs", "LLM", "大语言模型"]
terms = ["语言模型"]

[vision-language-models]
zh = "视觉语言模型"
en = "Vision-Language Models"
aliases = ["VLMs"]
terms = []

[computer-vision]
zh = "计算机视觉"
en = "Computer Vision"
aliases = []
terms = ["视觉"]

[benchmarks]
zh = "基准与评测"
en = "Benchmarks & Evaluation"
aliases = ["评测"]
terms = ["benchmark", "基准"]

[efficient-inference]
zh = "高效推理与部署"
en = "Efficient Inference & Deployment"
aliases = []
terms = ["部署", "quantization"]

[three-d]
zh = "三维视觉"
en = "3D Vision"
aliases = []
terms = ["3D"]
"""


@pytest.fixture(scope="module")
def small():
    registry, problems = load_registry(SMALL, "tags.toml")
    assert problems == []
    return registry


def paper(*raw: str, title="A Title", text="") -> Paper:
    where = Location("d.md", 7)
    return Paper(
        "2401.00001", title, None, (), (), None, where, (Section("", text),), tuple(RawTag(t, where) for t in raw)
    )


def slugs(tags) -> list[str]:
    return [tag.slug for tag in tags]


@pytest.mark.parametrize(
    ("raw", "forms"),
    [
        ("主题分类：多模态学习", ["多模态学习"]),
        ("关键词: LLMs", ["llms"]),
        ("大型语言模型（LLMs）", ["大型语言模型(llms)", "大型语言模型", "llms"]),
        ("ＬＬＭｓ", ["llms"]),
        ("  Vision   Language ", ["vision language"]),
        ("背景：研究", ["背景:研究"]),  # a colon after a word that is no tag label stays
    ],
)
def test_raw_forms_drop_label_prefixes_and_glosses(raw, forms):
    assert raw_forms(raw) == forms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("多模态学习", ["multimodal"]),  # its label
        ("Multimodal Learning", ["multimodal"]),  # its English label
        ("mllm", ["multimodal"]),  # an alias, any case
        ("ＭＬＬＭ", ["multimodal"]),  # any width
        ("主题分类：大语言模型", ["large-language-models"]),  # a label prefix never stays part of a tag
        ("大型语言模型（LLMs）", ["large-language-models"]),  # a bracketed gloss
        ("新造的词（VLMs）", ["vision-language-models"]),  # the gloss names it
        ("多模态预训练", ["multimodal", "pre-training"]),  # terms inside, in order
        ("视觉语言模型评测", ["vision-language-models", "benchmarks"]),  # the longest term, not 视觉 + 语言模型
        ("手机端部署", ["efficient-inference"]),
        ("Post-training Quantization Benchmark", ["efficient-inference", "benchmarks"]),
        ("3D重建", ["three-d"]),  # a Latin term before Chinese
        ("教育工具", []),
        ("Benchmarking", []),  # Latin terms are whole words
        ("H3DX", []),
        ("vision language models", ["vision-language-models"]),  # a hyphen counts as a space
        ("Vision_Language_Models", ["vision-language-models"]),
    ],
)
def test_raw_tag_to_topics(small, raw, expected):
    assert slugs(small.topics_of(raw)) == expected


def test_a_paper_takes_its_raw_tags_topics_and_keeps_the_unmapped(small):
    topics, unmapped = assign_topics(paper("多模态预训练", "教育工具", "LLMs", "MLLM"), small)
    assert slugs(topics) == ["multimodal", "pre-training", "large-language-models"]
    assert [raw.text for raw in unmapped] == ["教育工具"]


def test_at_most_five_topics(small):
    raw = ["多模态", "预训练", "LLMs", "VLMs", "计算机视觉", "评测", "部署", "3D"]
    topics, _ = assign_topics(paper(*raw), small)
    assert len(topics) == MAX_TOPICS
    assert slugs(topics) == ["multimodal", "pre-training", "large-language-models", "vision-language-models",
                             "computer-vision"]  # fmt: skip


def test_inference_only_when_the_raw_tags_give_none(small):
    text = "我们提出一个多模态基准。该基准覆盖多模态任务。"
    topics, unmapped = assign_topics(paper("教育工具", text=text), small)
    assert slugs(topics) == ["multimodal", "benchmarks"] and [r.text for r in unmapped] == ["教育工具"]
    topics, _ = assign_topics(paper("LLMs", text=text), small)
    assert slugs(topics) == ["large-language-models"]


def test_a_single_mention_still_gives_a_paper_its_one_topic(small):
    topics, _ = assign_topics(paper(text="一种部署方法。"), small)
    assert slugs(topics) == ["efficient-inference"]
    topics, _ = assign_topics(paper(text="与任何主题都无关的文字。"), small)
    assert topics == ()


def test_title_mentions_weigh_more(small):
    topics, _ = assign_topics(paper(title="Vision benchmark", text="部署。部署。"), small)
    assert slugs(topics)[0] == "benchmarks"


def test_keywords_are_the_raw_tags_that_say_more_than_the_topic_labels(small):
    raw = (
        "大型语言模型（LLMs）",
        "LLMs",
        "ＬＬＭｓ",
        "手机端部署",
        "教育工具",
        "教育工具",
        "计算机视觉",
        "Computer-Vision",
    )
    topics, _ = assign_topics(paper(*raw), small)
    assert keywords_of(paper(*raw), topics) == ("LLMs", "手机端部署", "教育工具")  # once each; labels not repeated


def test_a_tag_without_a_word_is_neither_topic_nor_keyword_and_is_said(small):
    empty = paper("（）", "-", "主题：", "【】", "LLMs")
    topics, unmapped = assign_topics(empty, small)
    assert slugs(topics) == ["large-language-models"] and unmapped == []
    assert keywords_of(empty, topics) == ("LLMs",)
    assert [str(p) for p in wordless(empty)] == [
        f"d.md:7: tag '{t}' has no word in it and is not shown; delete it" for t in ("（）", "-", "主题：", "【】")
    ]


def test_one_summary_line_for_all_unmapped_tags():
    where = Location("d.md", 3)
    raws = [RawTag("Edu Tools", where), RawTag("ｅｄｕ  tools", where), RawTag("量子计算", where)]
    (line,) = unmapped_summary(raws, [], "content/tags.toml")
    assert line.kind == "note"
    assert str(line) == (
        "content/tags.toml: 2 raw tag(s) map to no topic (shown as keywords only); `invoke tags` lists them"
    )
    (line,) = unmapped_summary([], [paper()], "content/tags.toml")
    assert line.kind == "warning" and "1 paper(s) have no topic" in str(line)
    assert unmapped_summary([], [], "content/tags.toml") == []


@pytest.mark.parametrize(
    ("toml", "line", "words"),
    [
        ('[cv]\nzh = "视觉"\nen = "Vision"\n\n["Bad Slug"]\nzh = "x"\nen = "y"\n', 5, "lowercase ASCII"),
        ('[a]\nzh = "视觉"\n', 1, "needs non-empty zh and en"),
        ('[a]\nzh = "甲"\nen = "A"\naliases = ["同"]\n[b]\nzh = "乙"\nen = "B"\naliases = ["同"]\n', 5, "names both"),
        ('[a]\nzh = "甲"\nen = "A"\nterms = ["同"]\n[b]\nzh = "乙"\nen = "B"\naliases = ["同"]\n', 5, "names both"),
        ('[a]\nzh = "甲"\nen = "A"\nterms = [""]\n', 1, "non-empty strings"),
        ('[a]\nzh = "甲"\nen = "A"\naliases = 5\n', 1, "lists of non-empty strings"),
        ('[a]\nzh = "甲"\nen = "A"\nterms = "分割"\n', 1, "lists of non-empty strings"),  # never split into 分, 割
        ('\n[a]\nzh = "甲"\nen = "A"\nalias = ["乙"]\n', 2, "unknown key(s) alias"),
        ("[a\n", 1, "not valid TOML"),
    ],
)
def test_registry_problems_are_located(toml, line, words):
    _, problems = load_registry(toml, "tags.toml")
    assert problems, toml
    assert str(problems[0]).startswith(f"tags.toml:{line}: ")
    assert words in str(problems[0])


# The curated registry itself.


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("大型语言模型", "large-language-models"),
        ("大型语言模型（LLMs）", "large-language-models"),
        ("LLMs", "large-language-models"),
        ("计算机视觉", "computer-vision"),
        ("ＣＶ", "computer-vision"),
        ("自动语音识别 (ASR)", "speech-audio"),
        ("Transformer架构", "transformer"),
        ("视觉分割", "segmentation"),
        ("强化学习", "reinforcement-learning"),
        ("检索增强生成", "retrieval"),
        ("代码生成", "code"),
        ("机器人", "robotics"),
    ],
)
def test_curated_aliases(registry, raw, slug):
    assert registry.lookup(raw).slug == slug


def test_every_slug_is_ascii_and_labels_are_bilingual(registry):
    assert len(registry.entries) >= 40  # the field, not one day's papers
    for entry in registry.entries:
        assert entry.tag.slug.isascii()
        assert entry.tag.zh and entry.tag.en.isascii()


def test_published_slugs_stay(registry):
    published = {"computer-vision", "machine-learning", "deep-learning", "segmentation", "video",
                 "large-language-models", "efficient-inference", "transformer", "knowledge-distillation",
                 "multimodal", "vision-language-models", "3d-vision", "image-generation", "image-editing",
                 "diffusion-models", "nlp", "multilingual", "text-embeddings", "contrastive-learning", "fine-tuning",
                 "gui-agents", "agents", "benchmarks", "reasoning", "speech-audio", "facial-animation",
                 "foundation-models", "ood-detection", "accessibility"}  # fmt: skip
    assert published <= {entry.tag.slug for entry in registry.entries}
