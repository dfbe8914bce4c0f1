"""The terms an LLM translation is asked to keep: a topic's own labels, never the raw tags filed under it."""

from paper_digest.translation.memory import Entry, Memory
from paper_digest.translation.translate import prompt_terms


def test_topic_labels_are_hints_and_their_aliases_are_not(registry, tmp_path):
    glossary = Memory(tmp_path / "glossary.po", {"研究核心目标与问题": Entry("研究核心目标与问题", "Goals", True)})
    terms = prompt_terms(glossary, registry)
    assert terms["研究核心目标与问题"] == "Goals"
    assert terms["大型语言模型"] == "Large Language Models"
    medicine = next(entry for entry in registry.entries if entry.tag.slug == "medicine")
    assert medicine.aliases and not set(medicine.aliases) & terms.keys()  # 心理健康 is not 'Medicine'
