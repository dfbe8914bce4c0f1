"""Topics, keywords and arXiv categories on built pages, and the `invoke tags` triage, over digests written here
with raw tags in the shapes a generator writes them (label prefixes, '|' lists, glosses, widths, made-up words)."""

import datetime as dt
import shutil

import pytest

from paper_digest.metadata.record import ArxivRecord, Author, save_record
from paper_digest.problems import Location
from paper_digest.translation.memory import Entry, Memory, paper_memory_path, save_memory
from support import ROOT, invoke, site_overrides, soup

DIGEST = """# Pocket Multimodal Models for Phones
[arxiv_pdf_url](https://arxiv.org/pdf/2409.10001)
### **论文标题**
面向手机的口袋多模态模型
### **论文标签**
- 主题分类：多模态学习 | 视频生成 | 零样本学习
- 手机端部署、教育工具、ＬＬＭｓ
### **研究核心目标与问题**
- 在手机上运行多模态模型。

# Reward Models That Debate
[arxiv_pdf_url](https://arxiv.org/pdf/2409.10002)
### **论文标题**
会辩论的奖励模型
### **论文标签**
- 关键词：大型语言模型（LLMs）、多模态预训练、量子烹饪学
### **研究核心目标与问题**
- 用辩论训练奖励模型。

# Untagged Work on Diffusion Samplers
[arxiv_pdf_url](https://arxiv.org/pdf/2409.10003)
### **论文标题**
扩散采样器的研究
### **研究核心目标与问题**
- 扩散模型的采样很慢；我们让扩散模型的采样更快。
"""
NOTHING = """# Notes on Medieval Tapestries
[arxiv_pdf_url](https://arxiv.org/pdf/2409.10009)
### **论文标签**
- 挂毯史
### **研究核心目标与问题**
- 中世纪挂毯的编织。
"""
CATEGORIES = {"2409.10001": ["cs.CV", "cs.CL"], "2409.10002": ["cs.CL", "cs.XX"], "2409.10003": ["cs.LG", "stat.ML"]}
TITLES = {"2409.10001": "Pocket Multimodal Models for Phones", "2409.10002": "Reward Models That Debate",
          "2409.10003": "Untagged Work on Diffusion Samplers"}  # fmt: skip
ENGLISH = {"手机端部署": "on-device deployment", "教育工具": "educational tools", "量子烹饪学": "quantum gastronomy",
           "零样本学习": "zero-shot learning", "多模态预训练": "multimodal pre-training"}  # fmt: skip


def records(folder):
    for arxiv_id, categories in CATEGORIES.items():
        save_record(
            folder,
            ArxivRecord(
                arxiv_id, 1, TITLES[arxiv_id], (Author("Ann Lee"),), dt.date(2024, 9, 1), dt.date(2024, 9, 1), "An abstract.",
                categories[0], tuple(categories),
            ),
        )  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of DIGEST with stored records and a memory that translates its keywords."""
    from paper_digest.commands.sites import build_all

    tmp = tmp_path_factory.mktemp("topics")
    digest = tmp / "seeds" / "2024-09-02.md"
    digest.parent.mkdir()
    digest.write_text(DIGEST, encoding="utf-8")
    memory = tmp / "translations"
    shutil.copytree(ROOT / "content" / "translations", memory, ignore=shutil.ignore_patterns("papers"))
    for arxiv_id in CATEGORIES:
        catalog = Memory(paper_memory_path(memory, arxiv_id))
        catalog.entries = {zh: Entry(zh, en, True) for zh, en in ENGLISH.items()}
        save_memory(catalog)
    overrides = site_overrides(tmp, digest, PAPER_DIGEST_MEMORY=str(memory), PAPER_DIGEST_SEARCH=False,
                               PAPER_DIGEST_ARXIV=str(records(tmp / "arxiv")))  # fmt: skip
    reports = build_all(str(ROOT / "pelicanconf.py"), overrides)
    return tmp / "output", reports


def page(output, prefix, arxiv_id):
    return soup(output / prefix / "papers" / arxiv_id / "index.html")


def test_every_paper_links_registry_topics_in_both_languages(built):
    output, _ = built
    for prefix in ("", "en"):
        for arxiv_id in CATEGORIES:
            links = [a["href"] for a in page(output, prefix, arxiv_id).select(".paper-header .tags a")]
            assert links, (prefix, arxiv_id)
            for href in links:
                assert (output / prefix / "papers" / arxiv_id / href / "index.html").resolve().exists()
    topics = [a.get_text() for a in page(output, "", "2409.10002").select(".paper-header .tags a")]
    assert topics[0] == "大型语言模型" and "多模态学习" in topics  # a gloss dropped; terms found inside
    inferred = [a["href"] for a in page(output, "", "2409.10003").select(".paper-header .tags a")]
    assert "../../tag/diffusion-models/" in inferred  # no tag section: inferred from the text
    assert not [p for p in (output / "tag").iterdir() if p.name.startswith("tag-")]  # no hashed slugs


def test_raw_tags_stay_as_keywords_linking_to_a_search(built):
    output, _ = built
    zh = page(output, "", "2409.10001").select(".keywords a")
    assert [a.get_text() for a in zh] == ["视频生成", "零样本学习", "手机端部署", "教育工具", "ＬＬＭｓ"]
    assert zh[2]["href"] == "../../search/?q=%E6%89%8B%E6%9C%BA%E7%AB%AF%E9%83%A8%E7%BD%B2"
    en = page(output, "en", "2409.10001").select(".keywords a")
    assert [a.get_text() for a in en][2:4] == ["on-device deployment", "educational tools"]
    assert en[2]["href"] == "../../search/?q=on-device%20deployment" and not en[2].get("lang")
    for prefix in ("", "en"):
        for arxiv_id in CATEGORIES:
            shown = page(output, prefix, arxiv_id).select_one(".paper-header").get_text()
            assert "主题分类" not in shown and "关键词：" not in shown


def test_a_build_says_once_what_maps_to_no_topic(built):
    _, reports = built
    lines = [str(w) for report in reports for w in (*report.warnings, *report.notes)]
    about = [line for line in lines if "map to no topic" in line or "tag registry" in line]
    assert about and len(set(about)) == 1, about
    assert "raw tag(s) map to no topic (shown as keywords only); `invoke tags` lists them" in about[0]


def test_each_paper_is_listed_on_its_arxiv_categories_in_both_languages(built):
    output, _ = built
    for prefix, heading in (("", "arXiv 分类：计算机视觉与模式识别"), ("en", "arXiv category: Computer Vision and")):
        listing = soup(output / prefix / "category" / "cs.CV" / "index.html")
        assert listing.h1.get_text().startswith(heading)
        assert "(cs.CV)" in listing.h1.get_text()
        assert [a["href"] for a in listing.select(".card h2 a, article h2 a")] == ["../../papers/2409.10001/"]
        for arxiv_id, categories in CATEGORIES.items():
            for code in categories:  # cross-lists too, as arXiv lists them
                cards = soup(output / prefix / "category" / code / "index.html").select("a[href]")
                assert any(a["href"].endswith(f"papers/{arxiv_id}/") for a in cards), (prefix, code, arxiv_id)
            links = page(output, prefix, arxiv_id).select(".paper-header .categories a")
            assert [a["href"] for a in links] == [f"../../category/{code}/" for code in categories]
        for kind in ("atom", "rss"):
            feed = (output / prefix / "feeds" / "category" / f"cs.CL.{kind}.xml").read_text(encoding="utf-8")
            assert "2409.10001" in feed and "2409.10002" in feed and "2409.10003" not in feed
    zh = page(output, "", "2409.10001").select(".paper-header .categories a")
    assert [a.get_text() for a in zh] == ["计算机视觉与模式识别", "计算与语言"]
    assert page(output, "", "2409.10001").select_one(".arxiv-record a[href^='https://arxiv.org/list/cs.CV']")
    switch = soup(output / "category" / "cs.CV" / "index.html").select_one("a.lang-switch")["href"]
    assert switch == "../../en/category/cs.CV/"
    index = soup(output / "tags" / "index.html").select("#categories + ul a")
    assert [a["href"] for a in index] == ["../category/cs.CL/", "../category/cs.CV/", "../category/cs.LG/",
                                          "../category/cs.XX/", "../category/stat.ML/"]  # fmt: skip
    unnamed = soup(output / "en" / "category" / "cs.XX" / "index.html")  # a code arXiv's table lacks: said once
    assert unnamed.h1.get_text() == "arXiv category: cs.XX" and unnamed.title.get_text().startswith("cs.XX · ")


TRIAGE = """# Quantum Gastronomy With Language Models
[arxiv_pdf_url](https://arxiv.org/pdf/2409.20001)
### **论文标签**
- 主题分类：量子烹饪学、大型语言模型
### **研究核心目标与问题**
- 研究。

# Dragon Boats
[arxiv_pdf_url](https://arxiv.org/pdf/2409.20002)
### **论文标签**
- 龙舟竞渡 | 量子烹饪学 | LLMs
### **研究核心目标与问题**
- 研究。
"""


def test_invoke_tags_lists_the_unmapped_with_their_lines_and_check_fails_on_a_paper_without_topic(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2024-09-02.md").write_text(TRIAGE, encoding="utf-8")
    run = invoke("tags", "--seeds", str(seeds))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("2 raw tag(s) map to no topic (3 use(s)), most used first.")
    assert lines[1].split()[:2] == ["2", "量子烹饪学"]
    assert "suggested: large-language-models (大型语言模型 / Large Language Models)" in lines[1]  # its papers' topic
    where = f"{Location(str(seeds / '2024-09-02.md'), 0)}"
    assert [line.strip() for line in lines[2:4]] == [f"{where}:4", f"{where}:11"]
    assert lines[4].split()[:2] == ["1", "龙舟竞渡"] and lines[5].strip() == f"{where}:11"
    assert "大型语言模型 " not in run.stdout.split("suggested")[0]  # mapped tags are not listed
    assert invoke("tags", "--check", "--seeds", str(seeds)).returncode == 0
    (seeds / "2024-09-03.md").write_text(NOTHING, encoding="utf-8")
    failed = invoke("tags", "--check", "--seeds", str(seeds))
    assert failed.returncode == 1
    assert "1 paper(s) have no topic" in failed.stdout and "2024-09-03.md:1: Notes on Medieval Tapestries" in (
        failed.stdout
    )
