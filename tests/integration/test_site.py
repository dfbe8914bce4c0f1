"""Pelican with the plugin and theme, run on a temporary folder; assertions on the HTML."""

import re
import shutil
from pathlib import Path

import pytest

from support import SEEDS, build_site, soup

DIGEST = """# Alpha: A Paper About Video Segmentation
[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714v2)
### **论文标题**
《阿尔法：视频分割》

### **作者信息**
- Ann Lee, Bo Chen, Ann Lee
- Example University

### **论文标签**
计算机视觉，视觉分割，大型语言模型（LLMs）

### **研究核心目标与问题**
- 研究**视频分割**。

# Beta: Diffusion Sampling Revisited
[arxiv_pdf_url](https://arxiv.org/abs/2407.00001)
### 方法
扩散模型用于图像生成。扩散模型很强。图像生成很好。
"""


def test_paper_pages(site, write_digest):
    out = site(write_digest(DIGEST, "2024-08-02-daily.txt"))
    page = soup(out / "papers" / "2408.00714" / "index.html")
    assert page.html["lang"] == "zh-CN"
    assert page.h1.get_text() == "阿尔法：视频分割"
    assert page.select_one(".alt-title").get_text() == "Alpha: A Paper About Video Segmentation"
    assert "Ann Lee, Bo Chen" in page.select_one(".authors").get_text()
    assert "Example University" in page.select_one(".affiliations").get_text()
    hrefs = [a["href"] for a in page.select(".meta a")]
    assert "https://arxiv.org/abs/2408.00714" in hrefs and "https://arxiv.org/pdf/2408.00714" in hrefs
    tags = {a.get_text(): a["href"] for a in page.select(".paper-header .tags a")}
    assert tags == {
        "计算机视觉": "../../tag/computer-vision/",
        "图像与视频分割": "../../tag/segmentation/",
        "大型语言模型": "../../tag/large-language-models/",
    }
    keywords = {a.get_text(): a["href"] for a in page.select(".paper-header .keywords a")}
    assert keywords == {"视觉分割": "../../search/?q=%E8%A7%86%E8%A7%89%E5%88%86%E5%89%B2"}  # labels not repeated
    assert [h.get_text() for h in page.select(".paper-section h2")] == ["研究核心目标与问题"]
    assert page.select_one(".paper-section strong").get_text() == "视频分割"
    meta = {m["name"]: m["content"] for m in page.select("meta[name^=citation_]") if m["name"] != "citation_author"}
    assert meta == {
        "citation_title": "Alpha: A Paper About Video Segmentation",
        "citation_pdf_url": "https://arxiv.org/pdf/2408.00714",
        "citation_publication_date": "2024/08",
        "citation_date": "2024/08",
        "citation_arxiv_id": "2408.00714",
        "citation_abstract_html_url": "https://arxiv.org/abs/2408.00714",
    }
    assert [m["content"] for m in page.select("meta[name=citation_author]")] == ["Ann Lee", "Bo Chen"]
    assert page.select_one("time")["datetime"] == "2024-08-02"
    assert page.select_one("time").get_text() == "2024年8月"


@pytest.fixture(scope="module")
def digest_out(tmp_path_factory):
    """DIGEST built once for the tests that only read it."""
    tmp = tmp_path_factory.mktemp("digest")
    (tmp / "seeds").mkdir()
    (tmp / "seeds" / "digest.txt").write_text(DIGEST, encoding="utf-8")
    return build_site(tmp, tmp / "seeds" / "digest.txt")


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    """The seed built once for the tests that only read it."""
    return build_site(tmp_path_factory.mktemp("seed"), SEEDS)


def test_untagged_paper_gets_inferred_registry_tags(digest_out):
    out = digest_out
    page = soup(out / "papers" / "2407.00001" / "index.html")
    assert [a["href"] for a in page.select(".paper-header .tags a")] == [
        "../../tag/diffusion-models/",
        "../../tag/image-generation/",
    ]
    assert page.select_one(".alt-title") is None
    assert page.h1.get_text() == "Beta: Diffusion Sampling Revisited"


def test_index_tags_and_tag_pages(digest_out):
    out = digest_out
    index = soup(out / "index.html")
    assert [a["href"] for a in index.select(".paper-card h2 a")] == ["./papers/2408.00714/", "./papers/2407.00001/"]
    tags_page = soup(out / "tags" / "index.html")
    items = [li.get_text(" ", strip=True) for li in tags_page.select(".tag-index li")]
    assert "计算机视觉 1 篇论文" in items
    assert len(items) == 5
    tag_page = soup(out / "tag" / "segmentation" / "index.html")
    assert tag_page.h1.get_text() == "主题：图像与视频分割"
    assert [a["href"] for a in tag_page.select(".paper-card h2 a")] == ["../../papers/2408.00714/"]
    assert sorted(p.name for p in (out / "tag").iterdir()) == sorted(
        ["computer-vision", "segmentation", "large-language-models", "diffusion-models", "image-generation"]
    )


def test_seed_site(seed_out):
    out = seed_out
    papers = sorted(p.name for p in (out / "papers").iterdir())
    assert len(papers) == 17
    index = soup(out / "index.html")
    cards = [a["href"] for a in index.select(".paper-card h2 a")]
    assert cards[0] == "./papers/2408.00765/" and cards[-1] == "./papers/2407.21139/"
    assert len(cards) == 17
    for name in papers:
        page = soup(out / "papers" / name / "index.html")
        assert page.select_one("meta[name=citation_arxiv_id]")["content"] == name
        assert page.select(".paper-section"), name
    for tag_dir in (out / "tag").iterdir():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag_dir.name), tag_dir.name


def test_no_ui_string_escapes_translation(digest_out):
    """With the Chinese catalog installed, the theme's English msgids never reach the page."""
    out = digest_out
    for path in [out / "index.html", out / "tags" / "index.html", out / "papers" / "2408.00714" / "index.html"]:
        text = soup(path).get_text(" ")
        for msgid in (
            "Skip to content",
            "Papers",
            "Topics",
            "Keywords",
            "Authors",
            "Previous paper",
            "Next paper",
            "Latest papers",
        ):
            assert msgid not in text, (path, msgid)


CJK = re.compile(r"[\u3400-\u9fff]")


def test_english_site_for_every_seed_paper(seed_out):
    out = seed_out
    zh = sorted(p.name for p in (out / "papers").iterdir())
    en = sorted(p.name for p in (out / "en" / "papers").iterdir())
    assert en == zh and len(en) == 17
    for name in en:
        page = soup(out / "en" / "papers" / name / "index.html")
        assert page.html["lang"] == "en"
        assert page.h1.get_text() == page.select_one("meta[name=citation_title]")["content"]
        main = page.main.get_text(" ")
        assert not CJK.search(main), (name, CJK.findall(main)[:5])
        assert (
            page.select_one(".notice").get_text()
            == "Translated from the Chinese digest. The translation has been reviewed."
        )
        assert page.select(".paper-section")
        zh_page = soup(out / "papers" / name / "index.html")
        zh_tags = [a["href"] for a in zh_page.select(".paper-header .tags a")]
        assert [a["href"] for a in page.select(".paper-header .tags a")] == zh_tags
    assert sorted(p.name for p in (out / "en" / "tag").iterdir()) == sorted(p.name for p in (out / "tag").iterdir())
    index = soup(out / "en" / "index.html")
    assert index.html["lang"] == "en" and not CJK.search(index.main.get_text(" "))
    assert "Latest papers" in index.h1.get_text()


def test_untranslated_paper_shows_its_chinese_marked_as_pending(site, write_digest, tmp_path):
    empty_memory = tmp_path / "memory"
    empty_memory.mkdir()
    out = site(write_digest(DIGEST.replace("计算机视觉，", "计算机视觉，量子纠缠，")), memory=empty_memory)
    page = soup(out / "en" / "papers" / "2408.00714" / "index.html")
    assert page.select_one(".notice-pending").get_text().startswith("2 passages of this summary are awaiting")
    section = page.select_one(".paper-section")
    assert [s.get_text() for s in section.select(".untranslated")] == ["研究核心目标与问题", "研究视频分割。"]
    assert section.select_one(".untranslated strong").get_text() == "视频分割"  # markup kept
    for text in page.main.find_all(string=CJK):  # every Chinese word shown is marked as Chinese
        assert text.find_parent(attrs={"lang": "zh-CN"}) is not None, text
    unknown = next(a for a in page.select(".keywords a") if a.get_text() == "量子纠缠")  # as written, marked
    assert unknown["lang"] == "zh-CN" and unknown["href"] == "../../search/?q=%E9%87%8F%E5%AD%90%E7%BA%A0%E7%BC%A0"
    assert [a.get_text() for a in page.select(".tags a")] == [
        "Computer Vision",
        "Image & Video Segmentation",
        "Large Language Models",
    ]  # topics carry their English labels, never pending
    assert not [p for p in (out / "en" / "tag").iterdir() if p.name.startswith("tag-")]
    assert page.h1.get_text() == "Alpha: A Paper About Video Segmentation"


def test_production_refuses_missing_translations(site, write_digest, tmp_path):
    from paper_digest.problems import DigestError

    empty_memory = tmp_path / "memory"
    empty_memory.mkdir()
    with pytest.raises(DigestError, match="2408.00714 has 4 untranslated segment"):
        site(write_digest(DIGEST), memory=empty_memory, PAPER_DIGEST_REQUIRE_TRANSLATIONS=True)


def test_previous_and_next_paper_links(seed_out):
    out = seed_out
    newest = soup(out / "papers" / "2408.00765" / "index.html")
    assert newest.select_one(".paper-nav a[rel=prev]") is None
    assert newest.select_one(".paper-nav a[rel=next]")["href"] == "../../papers/2408.00762/"
    middle = soup(out / "en" / "papers" / "2408.00762" / "index.html")
    assert middle.select_one(".paper-nav a[rel=prev]")["href"] == "../../papers/2408.00765/"
    oldest = soup(out / "papers" / "2407.21139" / "index.html")
    assert oldest.select_one(".paper-nav a[rel=next]") is None


def test_lang_attributes_follow_the_text(site, write_digest):
    out = site(write_digest(DIGEST.replace("- Ann Lee, Bo Chen, Ann Lee", "- 王五，赵六")))
    page = soup(out / "papers" / "2408.00714" / "index.html")
    assert page.select_one(".authors span:not(.label)").get("lang") is None
    untitled = soup(out / "papers" / "2407.00001" / "index.html")
    assert untitled.h1.get("lang") == "en"  # no Chinese title: the English one is shown, marked as English


def test_archive_labels_say_only_what_is_known(digest_out):
    out = digest_out  # no date in the file name: papers are dated by their arXiv month
    labels = [a.get_text() for a in soup(out / "archive" / "index.html").select(".archive-index a")]
    assert labels == ["2024年8月", "2024年7月"]


def test_search_shards_merged_and_a_rebuild_reindexes_only_the_changed_shard(site, tmp_path):
    import json

    from paper_digest.commands.bookkeeping import state_folder

    digest = tmp_path / "digest.txt"
    shutil.copy(next(SEEDS.glob("*.txt")), digest)
    out = site(digest, PAPER_DIGEST_SEARCH_SHARD_PAPERS=5)

    def entries(folder: Path) -> dict[str, tuple[int, int]]:
        found = {path.parent.name: path for path in folder.glob("*/pagefind-entry.json")}
        return {
            name: (entry.stat().st_ino, json.loads(entry.read_text())["languages"].popitem()[1]["page_count"])
            for name, entry in sorted(found.items())
        }

    def state(prefix: str) -> tuple[dict, dict]:
        return entries(out / prefix / "pagefind"), entries(state_folder(out) / prefix / "pagefind" / "shards")

    before = {prefix: state(prefix) for prefix in ("", "en")}
    for bundles, shards in before.values():  # 17 papers, oldest first: three full shards merged, the newest alone
        assert {name: count for name, (_, count) in shards.items()} == {"1": 5, "2": 5, "3": 5, "4": 2}
        assert {name: count for name, (_, count) in bundles.items()} == {"1-3": 15, "4": 2}
    text = digest.read_text(encoding="utf-8")
    assert text.count("Magiv2在说话者归因准确性") == 1  # a sentence of 2408.00298, the 7th oldest paper
    digest.write_text(text.replace("Magiv2在说话者归因准确性", "Magiv2在说话人归因准确性"), encoding="utf-8")
    site(digest, PAPER_DIGEST_SEARCH_SHARD_PAPERS=5)
    for prefix in ("", "en"):
        bundles, shards = state(prefix)
        old_bundles, old_shards = before[prefix]
        assert [name for name in shards if shards[name][0] != old_shards[name][0]] == ["2"], prefix
        assert [name for name in bundles if bundles[name][0] != old_bundles[name][0]] == ["1-3"], prefix


def test_a_new_digest_reindexes_the_newest_shard_alone_though_older_pages_list_it(site, tmp_path):
    """A new paper joins older papers' related lists: those pages change, but not what Pagefind reads of them."""
    import json

    from paper_digest.commands.bookkeeping import state_folder

    seed = next(SEEDS.glob("*.txt"))
    text = seed.read_text(encoding="utf-8")
    block = text[text.index("# SAM 2:") : text.index("\n# ", text.index("# SAM 2:") + 1)]
    newer = (
        block.replace("2408.00714", "2409.00001")
        .replace("# SAM 2:", "# SAM 2.1:")
        .replace("《Segment", "《新版 Segment")
    )
    assert newer.count("2409.00001") == 1
    digests = [tmp_path / "digest.txt", tmp_path / "newer.txt"]
    shutil.copy(seed, digests[0])
    out = site(digests[0], PAPER_DIGEST_SEARCH_SHARD_PAPERS=5)

    def made() -> dict[str, int]:
        entries = [*out.glob("pagefind/*/pagefind-entry.json"), *state_folder(out).glob("pagefind/shards/*/*.json")]
        return {entry.parent.relative_to(out.parent).as_posix(): entry.stat().st_ino for entry in entries}

    before, page = made(), out / "papers" / "2408.00714" / "index.html"
    related = page.read_bytes()
    digests[1].write_text(newer, encoding="utf-8")
    site(*digests, PAPER_DIGEST_SEARCH_SHARD_PAPERS=5)
    assert "2409.00001" in page.read_text(encoding="utf-8")  # SAM 2 now lists the newer paper
    assert page.read_bytes() != related
    after = made()
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        f"{state_folder(out).name}/pagefind/shards/4",  # the newest shard, 2 papers and now 3
        f"{out.name}/pagefind/4",
    ]
    assert (
        json.loads((out / "pagefind" / "4" / "pagefind-entry.json").read_text())["languages"]["zh-cn"]["page_count"]
        == 3
    )


def test_a_build_without_a_last_site_reuses_the_search_bundles_kept_in_the_cache(tmp_path, monkeypatch):
    """The daily workflow restores `cache/` but not the last site: its index comes from the cache, no Pagefind."""
    from paper_digest.site import search

    for name in ("first", "again", "fresh"):
        (tmp_path / name).mkdir()
    shards = {"PAPER_DIGEST_SEARCH_SHARD_PAPERS": 5}  # bundles 1-3 (merged) and 4
    first = build_site(tmp_path / "first", SEEDS, PAPER_DIGEST_CACHE=str(tmp_path / "cache"), **shards)

    def no_pagefind(*_):
        raise AssertionError("Pagefind ran")

    monkeypatch.setattr(search, "index_pages", no_pagefind)
    again = build_site(tmp_path / "again", SEEDS, PAPER_DIGEST_CACHE=str(tmp_path / "cache"), **shards)
    for prefix in ("", "en"):
        for name in ("1-3", "4"):
            entry = Path(prefix) / "pagefind" / name / "pagefind-entry.json"
            assert (again / entry).stat().st_ino == (first / entry).stat().st_ino  # both linked from the cache
    with pytest.raises(AssertionError, match="Pagefind ran"):
        build_site(tmp_path / "fresh", SEEDS, PAPER_DIGEST_CACHE=str(tmp_path / "other-cache"), **shards)


def test_a_shard_size_that_is_not_a_positive_number_is_reported(site):
    from paper_digest.problems import DigestError

    with pytest.raises(DigestError, match="PAPER_DIGEST_SEARCH_SHARD_PAPERS.*positive whole number"):
        site(SEEDS, PAPER_DIGEST_SEARCH_SHARD_PAPERS=0)


def test_without_the_search_index_the_search_page_loads_nothing_missing(site):
    out = site(SEEDS, PAPER_DIGEST_SEARCH=False)
    assert not (out / "pagefind").exists() and not (out / "en" / "pagefind").exists()
    page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert "pagefind" not in page


def test_every_card_shows_its_own_paper_even_without_paper_pages(site):
    out = site(SEEDS, ARTICLE_SAVE_AS="", PAPER_DIGEST_SEARCH=False)  # Pelican's way to write no article pages
    titles = [a.get_text(strip=True) for a in soup(out / "index.html").select(".paper-card h2 a")]
    assert len(titles) > 1 and len(set(titles)) == len(titles)
