"""The tag registry merges near-duplicates and infers tags only from its own terms."""

import pytest

from paper_digest.digest.taxonomy import derived_tag, load_registry


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("大型语言模型", "large-language-models"),
        ("大型语言模型（LLMs）", "large-language-models"),
        ("LLMs", "large-language-models"),
        ("llms", "large-language-models"),
        ("语言模型", "large-language-models"),
        ("计算机视觉", "computer-vision"),
        ("Computer Vision", "computer-vision"),
        ("ＣＶ", "computer-vision"),
        ("自动语音识别 (ASR)", "speech-audio"),
        ("Transformer架构", "transformer"),
        ("Arabic NLP", "multilingual"),
        ("视觉分割", "segmentation"),
    ],
)
def test_aliases_merge(registry, raw, slug):
    assert registry.lookup(raw).slug == slug


def test_unknown_is_none(registry):
    assert registry.lookup("量子计算") is None


def test_every_slug_is_ascii_and_labels_are_bilingual(registry):
    for entry in registry.entries:
        assert entry.tag.slug.isascii()
        assert entry.tag.zh and entry.tag.en.isascii()


def test_inference_uses_only_registry_tags(registry):
    tags = registry.infer(
        "Coarse Correspondence in Multimodal Language Model",
        "多模态语言模型在三维场景和视频上的理解：三维空间与视频时间。",
    )
    slugs = [t.slug for t in tags]
    assert {"multimodal", "3d-vision", "video"} <= set(slugs)
    assert registry.infer("A Title", "一段与任何标签都无关的文字。") == []


def test_latin_terms_match_whole_words(registry):
    assert "3d-vision" not in [t.slug for t in registry.infer("X", "H3DX and 3Dish 3DS")]


def test_derived_slugs_are_stable_and_never_transliterated():
    assert derived_tag("Graph Neural Networks").slug == "graph-neural-networks"
    quantum = derived_tag("量子计算")
    assert quantum.slug == derived_tag("量子计算").slug
    assert quantum.slug.startswith("tag-") and "liang" not in quantum.slug


@pytest.mark.parametrize(
    ("toml", "line", "words"),
    [
        ('[cv]\nzh = "视觉"\nen = "Vision"\n\n["Bad Slug"]\nzh = "x"\nen = "y"\n', 5, "lowercase ASCII"),
        ('[a]\nzh = "视觉"\n', 1, "needs non-empty zh and en"),
        ('[a]\nzh = "甲"\nen = "A"\naliases = ["同"]\n[b]\nzh = "乙"\nen = "B"\naliases = ["同"]\n', 5, "names both"),
        ("[a\n", 1, "not valid TOML"),
    ],
)
def test_registry_problems_are_located(toml, line, words):
    _, problems = load_registry(toml, "tags.toml")
    assert problems, toml
    assert str(problems[0]).startswith(f"tags.toml:{line}: ")
    assert words in str(problems[0])


def test_an_unknown_tag_never_takes_a_registry_slug(registry):
    from paper_digest.digest.taxonomy import derived_tag

    tag = derived_tag("OOD-Detection!", registry.slugs)
    assert tag.slug != "ood-detection" and tag.slug.startswith("ood-detection-")
