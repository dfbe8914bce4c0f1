"""The PO translation memory: round trips, review state, stale detection, atomic writes."""

import os

import pytest

from paper_digest.translation.memory import (
    Entry,
    Memory,
    load_memory,
    render_memory,
    save_memory,
    stale_sources,
    sync_entries,
)
from paper_digest.translation.segments import Segment


def test_round_trip_keeps_review_state_origin_and_places(tmp_path):
    memory = Memory(tmp_path / "p.po")
    memory.entries["你好"] = Entry("你好", "Hello", True, "human: reviewer 2026-01-01", ("section/1/1",))
    memory.entries["<1>世界</1>"] = Entry("<1>世界</1>", "<1>World</1>", False, "machine: libre 2026-01-02", ("title",))
    save_memory(memory)
    text = memory.path.read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgid "<1>世界</1>"' in text.replace("#: title\n", "").replace(
        "#. machine: libre 2026-01-02\n", ""
    )
    loaded, problems = load_memory(memory.path)
    assert problems == []
    assert loaded.entries == memory.entries


def test_files_are_deterministic(tmp_path):
    memory = Memory(tmp_path / "p.po", {"甲": Entry("甲", "A", True, "", ("title",))})
    assert render_memory(memory) == render_memory(memory)
    assert b"2026" not in render_memory(memory).split(b"\n\n")[0]


def test_missing_file_is_empty_and_broken_file_is_located(tmp_path):
    memory, problems = load_memory(tmp_path / "none.po")
    assert memory.entries == {} and problems == []
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nnonsense here\n', encoding="utf-8")
    _, problems = load_memory(broken)
    assert problems and str(problems[0]).startswith(f"{broken}:")


def test_a_msgstr_that_breaks_markup_is_located_and_ignored(tmp_path):
    path = tmp_path / "p.po"
    path.write_text('\nmsgid "<1>粗</1>体"\nmsgstr "bold"\n', encoding="utf-8")
    memory, problems = load_memory(path)
    assert [str(p) for p in problems] == [
        f"{path}:2: msgstr breaks the markup of its msgid: missing placeholder(s) <1>; fix the tags"
    ]
    assert memory.lookup("<1>粗</1>体") is None


def test_sync_moves_unused_entries_to_obsolete_and_stale_is_detected(tmp_path):
    memory = Memory(tmp_path / "p.po")
    memory.entries["旧句子"] = Entry("旧句子", "Old sentence", True, "human: x", ("section/1/1",))
    segments = [Segment("新句子", "section/1/1")]
    assert stale_sources(memory, segments) == {"新句子": memory.entries["旧句子"]}
    sync_entries(memory, segments)
    assert list(memory.entries) == ["新句子"] and "旧句子" in memory.obsolete
    save_memory(memory)
    reloaded, _ = load_memory(memory.path)
    assert "旧句子" in reloaded.obsolete and reloaded.lookup("旧句子") is None
    assert set(stale_sources(reloaded, segments)) == {"新句子"}


def test_save_is_atomic(tmp_path, monkeypatch):
    memory = Memory(tmp_path / "p.po", {"甲": Entry("甲", "A", True)})
    save_memory(memory)
    before = memory.path.read_bytes()
    memory.entries["乙"] = Entry("乙", "B", True)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_memory(memory)
    assert memory.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.po"]


def test_catalogs_are_cached_one_entry_per_digest_and_an_edit_is_seen(tmp_path):
    import shutil

    from paper_digest.digest.load import load_papers
    from paper_digest.speed.digests import CachedPipeline
    from paper_digest.translation.english import EnglishMemory
    from paper_digest.translation.memory import glossary_path, paper_memory_path
    from support import REGISTRY, ROOT, SEEDS
    from support import options as make_options

    memory_folder = tmp_path / "translations"
    shutil.copytree(ROOT / "content" / "translations", memory_folder)
    papers, _ = load_papers([str(SEEDS)], str(REGISTRY))
    options = make_options(cache=str(tmp_path / "cache"), markdown_extensions=("extra",), memory=str(memory_folder))
    glossary, _ = load_memory(glossary_path(memory_folder))

    def english_title(paper):
        memory = EnglishMemory(memory_folder, glossary, CachedPipeline(options).read_catalogs)
        memory.preload(papers)
        return memory.for_paper(paper, [s.markdown for s in paper.sections]).title_translation

    paper = next(p for p in papers if p.title_zh and english_title(p))
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the seed is one digest
    catalog = paper_memory_path(memory_folder, paper.arxiv_id)
    before = english_title(paper)
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(before, "An Edited Title"), encoding="utf-8")
    assert english_title(paper) == "An Edited Title"
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_memory_files_get_the_usual_permissions_new_and_replaced(tmp_path):
    import os
    import stat

    from paper_digest.translation.memory import Entry, Memory, save_memory

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    old_mask = os.umask(0o022)
    try:
        memory = Memory(tmp_path / "papers" / "2408.00714.po")
        memory.entries["你好"] = Entry("你好", "Hello", False)
        save_memory(memory)
        assert mode(memory.path) == 0o644  # created: 0666 less the umask, readable by a web editor's user
        os.chmod(memory.path, 0o664)
        save_memory(memory)
        assert mode(memory.path) == 0o664  # replaced atomically: keeps its mode, as a plain write would
        os.umask(0o077)
        other = Memory(tmp_path / "papers" / "2408.00715.po")
        save_memory(other)
        assert mode(other.path) == 0o600  # a private umask is respected
    finally:
        os.umask(old_mask)


def test_the_cache_key_covers_every_module_of_the_plugin(tmp_path, monkeypatch):
    """An edit to any module (digest/, translation/, pipeline.py…) must miss the cache, not serve stale papers."""
    import shutil

    import paper_digest.speed.cache as cache_module
    from support import ROOT

    copy = tmp_path / "paper_digest"
    shutil.copytree(ROOT / "plugins" / "paper_digest", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "__file__", str(copy / "speed" / "cache.py"))
    cache_module.code_version.cache_clear()
    before = cache_module.code_version()
    parse = copy / "digest" / "parse.py"
    parse.write_text(parse.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    cache_module.code_version.cache_clear()
    try:
        assert cache_module.code_version() != before
    finally:
        cache_module.code_version.cache_clear()
