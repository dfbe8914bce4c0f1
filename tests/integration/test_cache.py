"""The build cache (parsed digests, their HTML, skeletons and English) never changes what is published.

Every edit an editor makes, to a digest, a catalog, the glossary or the tag
registry, shows on the next build that reads the cache; a cache with entries
gone builds the same site as no cache at all.
"""

import shutil

import pytest

from paper_digest.commands.sites import build_all
from support import REGISTRY, ROOT, SEEDS, site_overrides, soup
from support import options as make_options

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

SAM2 = "2408.00714"


@pytest.fixture
def project(tmp_path):
    """A project folder with its own copy of the seed digest, registry and translation memory."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    shutil.copytree(ROOT / "content" / "translations", content / "translations")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), seeds / "digest.txt")
    return tmp_path


def build(project, output="output", cache="cache"):
    overrides = site_overrides(project, project / "seeds", content=project / "content", OUTPUT_PATH=str(project / output),
                               PAPER_DIGEST_CACHE=cache, PAPER_DIGEST_MEMORY="translations")  # fmt: skip
    build_all(str(ROOT / "pelicanconf.py"), overrides)
    return project / output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def english_page(output, arxiv_id=SAM2):
    return soup(output / "en" / "papers" / arxiv_id / "index.html")


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def h2_texts(page):
    return [h.get_text(strip=True) for h in page.find_all("h2")]


def tag_labels(page):
    return [a.get_text(strip=True) for a in page.select('a[href*="tag/computer-vision"]')]


EDITS = {  # one editor's change each: (file below the project, old, new, what the English page shows then)
    "catalog": (
        f"content/translations/papers/{SAM2}.po",
        "<1>Training data</1>: builds",
        "<1>Training corpus</1>: builds",
        lambda page: "Training corpus" in page.get_text() and "Training data" not in page.get_text(),
    ),
    "glossary": (
        "content/translations/glossary.po",
        '"Methods and Techniques"',
        '"Methods and Tools"',
        lambda page: "Methods and Tools" in h2_texts(page) and "Methods and Techniques" not in h2_texts(page),
    ),
    "registry": (
        "content/tags.toml",
        'en = "Computer Vision"',
        'en = "Machine Vision"',
        lambda page: "Machine Vision" in tag_labels(page) and "Computer Vision" not in tag_labels(page),
    ),
}


@pytest.mark.parametrize("change", sorted(EDITS))
def test_each_kind_of_edit_shows_on_a_cached_rebuild(project, change):
    path, old, new, shown = EDITS[change]
    out = build(project)
    assert any((project / "cache").iterdir())
    assert not shown(english_page(out))
    edit(project / path, old, new)
    out = build(project)
    assert shown(english_page(out))
    assert files(out) == files(build(project, output="fresh", cache=None))


def test_an_edited_digest_sentence_shows_in_both_languages_on_a_cached_rebuild(project):
    build(project)
    digest = project / "seeds" / "digest.txt"
    edit(digest, "收集了迄今为止最大的视频分割数据集", "收集了迄今为止最大的视频分割语料")
    out = build(project)
    chinese = soup(out / "papers" / SAM2 / "index.html").get_text()
    assert "最大的视频分割语料" in chinese
    english = english_page(out)  # the edited sentence has no English yet; the rest keeps its English
    pending = english.select(".paper-section .untranslated")
    assert [(p.get("lang"), "最大的视频分割语料" in p.get_text()) for p in pending] == [("zh-CN", True)]
    assert "1 passage" in english.select_one(".notice-pending").get_text()
    assert len(english.select(".paper-section")) == 7 and "Segment Anything" in english.select_one("main").get_text()


def test_a_cache_with_entries_missing_builds_the_same_site(project):
    build(project)
    cache = project / "cache"
    for n, entry in enumerate(sorted(cache.iterdir())):
        if n % 2:
            entry.unlink()  # lost, in any combination: papers, HTML, skeletons, English, catalogs
    out = build(project)
    assert files(out) == files(build(project, output="fresh", cache=None))


def test_a_digest_edited_during_a_build_is_reported_not_cached_under_its_old_key(project):
    from paper_digest.problems import DigestError
    from paper_digest.speed.digests import CachedPipeline

    digest = project / "seeds" / "digest.txt"
    text = digest.read_text(encoding="utf-8")
    options = make_options(
        cache=str(project / "cache"), memory=str(project / "memory"), registry=str(project / "tags.toml")
    )
    CachedPipeline(options).parse(text, str(digest))
    later = CachedPipeline(options)  # another process: the entries on disk only
    papers, _ = later.parse(text, str(digest))
    for entry in (project / "cache").iterdir():
        entry.unlink()  # its HTML gone from the cache…
    edit(
        digest, "收集了迄今为止最大的视频分割数据集", "收集了迄今为止最大的视频分割语料"
    )  # …and the digest edited since
    with pytest.raises(DigestError, match="changed during the build"):
        later.rendered(papers)
    assert not any((project / "cache").iterdir())
