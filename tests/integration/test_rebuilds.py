"""A rebuild (cache, reused search shards) writes what a fresh build writes; so does a single-core build."""

import shutil

import pytest

from paper_digest.commands.sites import build_all
from support import REGISTRY, ROOT, SEEDS, site_overrides

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`


def build(digest, content, output, theme=ROOT / "theme"):
    overrides = site_overrides(output.parent, digest, content=content, OUTPUT_PATH=str(output), THEME=str(theme))
    build_all(str(ROOT / "pelicanconf.py"), overrides)
    return output


def files(folder):
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def seed_project(tmp_path):
    """A copy of the seed digest and the tag registry, to edit."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    digest = tmp_path / "digest.txt"
    shutil.copy(next(SEEDS.glob("*.txt")), digest)
    return digest, content


def inodes(folder):
    return {name: path.stat().st_ino for name, path in files(folder).items() if name.endswith("index.html")}


def test_a_rebuild_after_edits_equals_a_fresh_build(tmp_path):
    digest, content = seed_project(tmp_path)
    out = build(digest, content, tmp_path / "output")
    text = digest.read_text(encoding="utf-8")
    edits = [
        ("Magiv2在说话者归因准确性", "Magiv2在说话人归因准确性"),  # a sentence of 2408.00298: its English is pending
        ("# Smoothed Energy Guidance:", "# Smoothed-Energy Guidance:"),  # the English title of 2408.00760
    ]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    digest.write_text(text, encoding="utf-8")
    build(digest, content, out)
    fresh = build(digest, content, tmp_path / "fresh")
    rebuilt, made_fresh = files(out), files(fresh)
    assert rebuilt.keys() == made_fresh.keys()
    assert [name for name in rebuilt if rebuilt[name].read_bytes() != made_fresh[name].read_bytes()] == []


def test_a_single_core_build_writes_the_same_site(tmp_path, monkeypatch):
    import paper_digest.commands.sites

    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    digest = next(SEEDS.glob("*.txt"))
    parallel = files(build(digest, content, tmp_path / "parallel"))
    monkeypatch.setattr(paper_digest.commands.sites.os, "cpu_count", lambda: 1)
    in_turn = files(build(digest, content, tmp_path / "in-turn"))
    assert parallel.keys() == in_turn.keys()
    assert [name for name in parallel if parallel[name].read_bytes() != in_turn[name].read_bytes()] == []


def test_the_speedups_off_build_the_same_bytes(tmp_path):
    """PAPER_DIGEST_SPEEDUPS = False: the plain pipeline, no cache, no memos, no reused shards."""
    digest, content = seed_project(tmp_path)
    text = digest.read_text(encoding="utf-8")  # links Pelican resolves itself, in a paper's text and summary
    digest.write_text(
        text.replace(
            "### **研究核心目标与问题**\n",
            "### **研究核心目标与问题**\n- 见[首页]({index})与[扩散]({tag}diffusion-models)。\n",
            1,
        ),
        encoding="utf-8",
    )
    fast = build(digest, content, tmp_path / "fast")
    build(digest, content, fast)  # a rebuild: cache hits and reused search shards
    plain = tmp_path / "plain"
    build_all(
        str(ROOT / "pelicanconf.py"),
        site_overrides(tmp_path, digest, content=content, OUTPUT_PATH=str(plain), PAPER_DIGEST_SPEEDUPS=False,
                       PAPER_DIGEST_CACHE=str(tmp_path / "plain-cache")),
    )  # fmt: skip
    assert not (tmp_path / "plain-cache").exists()  # the plain pipeline keeps nothing
    made_fast, made_plain = files(fast), files(plain)
    assert made_fast.keys() == made_plain.keys()
    assert [name for name in made_fast if made_fast[name].read_bytes() != made_plain[name].read_bytes()] == []
