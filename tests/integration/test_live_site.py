"""The live preview's kept site: an edit applied in memory leaves exactly the bytes of a cold build."""

import datetime as dt
import gc
import shutil

import pytest

from paper_digest.commands.sites import build_all, build_pages_first, site_settings
from paper_digest.digest.load import load_papers
from paper_digest.metadata.record import ArxivRecord, Author, save_record
from paper_digest.preview.live import LiveSite, kept_site
from paper_digest.problems import DigestError
from paper_digest.site.search import refresh_bundle
from support import REGISTRY, ROOT, SEEDS, site_overrides

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

SENTENCE = ("Magiv2在说话者归因准确性", "Magiv2在说话人归因准确性")  # 2408.00298: its English becomes pending
TITLE = ("# Smoothed Energy Guidance:", "# Smoothed-Energy Guidance:")  # 2408.00760: neighbours, listings, BibTeX
CATEGORIES = {"2408.00298": ("cs.CV",), "2408.00760": ("cs.CV", "cs.LG"), "2408.00714": ("cs.CV", "cs.AI")}


@pytest.fixture
def project(tmp_path):
    digest = tmp_path / "seeds" / "digest.txt"
    digest.parent.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), digest)
    records = tmp_path / "arxiv"  # the edited papers and a bystander on arXiv category pages (cross-lists too)
    for paper in load_papers([str(digest)], str(REGISTRY))[0]:
        if paper.arxiv_id in CATEGORIES:
            categories = CATEGORIES[paper.arxiv_id]
            day = dt.date(2024, 7, 31)
            authors = tuple(Author(name) for name in paper.authors)
            save_record(records, ArxivRecord(paper.arxiv_id, 1, paper.title, authors, day, day, "An abstract.",
                                             categories[0], categories))  # fmt: skip

    def overrides(output, cache="cache", **extra):
        return site_overrides(tmp_path, digest.parent, OUTPUT_PATH=str(output), PAPER_DIGEST_CACHE=str(tmp_path / cache),
                              PAPER_DIGEST_ARXIV=str(records), **extra)  # fmt: skip

    return digest, overrides


def kept(overrides: dict) -> LiveSite:
    build_all(str(ROOT / "pelicanconf.py"), overrides)
    return kept_site(site_settings(str(ROOT / "pelicanconf.py"), {**overrides, "DELETE_OUTPUT_DIRECTORY": False}))


def edit(digest, *changes):
    text = digest.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1
        text = text.replace(old, new)
    digest.write_text(text, encoding="utf-8")


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_edits_applied_in_memory_give_a_cold_builds_bytes(project, tmp_path):
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    before = files(tmp_path / "out")
    written = []
    edit(digest, SENTENCE)
    jobs = live.apply([digest], written.append)
    own, rest = ({f.relative_to(tmp_path / "out").as_posix() for f in files} for files in written)
    assert own == {"papers/2408.00298/index.html", "en/papers/2408.00298/index.html"}  # the edited pages first
    assert {"index.html", "en/index.html", "archive/index.html", "feeds/all.atom.xml"} < rest
    assert {"category/cs.CV/index.html", "en/category/cs.CV/index.html", "feeds/category/cs.CV.atom.xml"} < rest
    edit(digest, TITLE, ("生成质量和语义完整性", "生成质量与语义完整性"))  # a second save, two more papers
    jobs += live.apply([digest], written.append)
    assert len(written) == 4
    assert {(job.site.name, job.bundle.name) for job in jobs} == {("out", "1"), ("en", "1")}
    assert [refresh_bundle(job) for job in dict.fromkeys(jobs)] == [True, True]  # each bundle once

    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "cold", cache="cold-cache"))
    after, cold = files(tmp_path / "out"), files(tmp_path / "cold")
    assert after.keys() == cold.keys()
    assert [name for name in after if after[name] != cold[name]] == []
    changed = {name for name in after if before.get(name) != after[name]}
    assert {"papers/2408.00298/index.html", "en/papers/2408.00760/index.html", "index.html", "bib/all.bib"} < changed
    assert {"category/cs.LG/index.html", "en/category/cs.CV/index.html"} < changed  # the new title on its cards
    assert "papers/2408.00714/index.html" not in changed  # a page that shows neither paper is left alone


def test_keeping_a_built_site_writes_nothing_into_it(project, tmp_path):
    digest, overrides = project
    images = tmp_path / "content" / "images"  # a static file of the content too
    images.mkdir(parents=True)
    (images / "x.png").write_bytes(b"\x89PNG")
    settings = overrides(tmp_path / "out", STATIC_PATHS=["images"])
    build_all(str(ROOT / "pelicanconf.py"), settings)
    stats = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "out").rglob("*")
             if p.is_file()}  # fmt: skip
    assert (tmp_path / "out" / "images" / "x.png").exists()
    live = kept_site(site_settings(str(ROOT / "pelicanconf.py"), {**settings, "DELETE_OUTPUT_DIRECTORY": False}))
    assert live is not None
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "out").rglob("*")
             if p.is_file()}  # fmt: skip
    assert [str(p) for p in after if after[p] != stats.get(p)] == []


def test_no_old_article_is_left_anywhere(project, tmp_path):
    """Pelican and the plugin hold articles in many lists (tags, archives, neighbours, related): all swapped."""
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    edit(digest, SENTENCE)
    live.apply([digest])  # pages rendered, so Pelican's and the cards' memos hold articles too
    old = [
        language.articles_by_id()[arxiv_id] for language in live.languages for arxiv_id in ("2408.00760", "2408.00298")
    ]
    edit(digest, TITLE, (SENTENCE[1], SENTENCE[0]))
    live.apply([digest])
    gc.collect()
    for article in old:
        holders = [r for r in gc.get_referrers(article) if r is not old and type(r).__name__ != "frame"]
        assert holders == []
    assert live.languages  # kept alive until here: its lists were searched


@pytest.mark.parametrize(
    "change",
    [
        ("[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)", "[arxiv_pdf_url](https://arxiv.org/pdf/2408.99999)"),
        ("### **论文标签**\n计算机视觉，", "### **论文标签**\n自然语言处理，"),  # its tags
    ],
    ids=["a paper replaced by another", "tags changed"],
)
def test_a_change_of_place_asks_for_a_full_build(project, tmp_path, change):
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    before = files(tmp_path / "out")
    edit(digest, change)
    assert live.apply([digest]) is None
    assert live.apply([tmp_path / "content" / "tags.toml"]) is None
    assert files(tmp_path / "out") == before


def test_a_broken_digest_is_reported_and_nothing_is_written(project, tmp_path):
    digest, overrides = project
    live = kept(overrides(tmp_path / "out", PAPER_DIGEST_STRICT=True))
    before = files(tmp_path / "out")
    edit(digest, ("[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)", "[arxiv_pdf_url](https://example.org/x.pdf)"))
    with pytest.raises(DigestError) as error:
        live.apply([digest])
    assert f"{digest}:3:" in str(error.value)
    assert files(tmp_path / "out") == before


def test_a_paper_the_edit_breaks_is_left_to_a_full_build(project, tmp_path):
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    before = files(tmp_path / "out")
    edit(digest, ("[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)", "[arxiv_pdf_url](https://example.org/x.pdf)"))
    assert live.apply([digest]) is None  # a paper fewer: a full build publishes the rest and reports it
    assert files(tmp_path / "out") == before


def test_an_edit_beside_a_skipped_paper_is_applied_and_the_skip_said_again(project, tmp_path):
    digest, overrides = project
    failed = "# A Failed Summary\n[arxiv_pdf_url](https://arxiv.org/pdf/2408.09999)\n# faild to  read !!!!\n"
    digest.write_text(digest.read_text(encoding="utf-8") + "\n" + failed, encoding="utf-8")
    line = digest.read_text(encoding="utf-8").split("\n").index("# A Failed Summary") + 1
    live = kept(overrides(tmp_path / "out"))
    edit(digest, SENTENCE)
    skipped = []
    assert live.apply([digest], skipped=skipped.extend) is not None
    assert [str(problem) for problem in skipped] == [
        f"{digest}:{line}: paper skipped: the generator failed to summarise 'A Failed Summary' "
        f"(line {line + 2}: '# faild to  read !!!!'); summarise it again, or delete its lines"
    ]


def test_without_the_speedups_the_preview_keeps_nothing(project, tmp_path):
    _, overrides = project
    assert kept(overrides(tmp_path / "out", PAPER_DIGEST_SPEEDUPS=False)) is None


def test_a_preview_build_swaps_pages_in_first_and_its_search_catches_up(project, tmp_path):
    """build_pages_first: no Pagefind before the swap; the last build's bundles serve meanwhile; the jobs
    make again only the bundles whose pages changed, and the site then equals a cold build's."""
    digest, overrides = project
    out = tmp_path / "out"
    _, jobs = build_pages_first(str(ROOT / "pelicanconf.py"), overrides(out))
    assert not (out / "pagefind" / "1").exists() and {(j.site.name, j.bundle.name) for j in jobs} == {
        ("out", "1"),
        ("en", "1"),
    }
    assert all(refresh_bundle(job) for job in jobs)
    edit(digest, SENTENCE)  # the Chinese page changes, and the English one (its sentence is now pending)
    _, jobs = build_pages_first(str(ROOT / "pelicanconf.py"), overrides(out))
    assert (out / "pagefind" / "1" / "pagefind-entry.json").is_file()  # carried from the last build
    assert [refresh_bundle(job) for job in jobs] == [True, True]
    assert [refresh_bundle(job) for job in jobs] == [False, False]  # nothing changed since

    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "cold", cache="cold-cache"))
    after, cold = files(out), files(tmp_path / "cold")
    assert after.keys() == cold.keys()
    assert [name for name in after if after[name] != cold[name]] == []


def test_when_a_shard_fills_up_the_preview_merges_its_new_bundle_before_the_pages_are_swapped_in(project, tmp_path):
    """17 papers in shards of 6 are bundles 1-2 and 3; an 18th fills shard 3: the search page then names 1-3,
    which the last build did not have. It is there (merged from the carried shards) as soon as the pages are."""
    import json

    digest, overrides = project
    out = tmp_path / "out"
    build_all(str(ROOT / "pelicanconf.py"), overrides(out, PAPER_DIGEST_SEARCH_SHARD_PAPERS=6))
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["1-2", "3"]
    text = digest.read_text(encoding="utf-8")
    block = text[text.index("# SAM 2:") : text.index("\n# ", text.index("# SAM 2:") + 1)]
    (digest.parent / "newer.txt").write_text(block.replace("2408.00714", "2409.00001"), encoding="utf-8")
    _, jobs = build_pages_first(str(ROOT / "pelicanconf.py"), overrides(out, PAPER_DIGEST_SEARCH_SHARD_PAPERS=6))
    for prefix in ("", "en"):
        page = (out / prefix / "search" / "index.html").read_text(encoding="utf-8")
        assert 'data-bundles="1-3"' in page
        entry = json.loads((out / prefix / "pagefind" / "1-3" / "pagefind-entry.json").read_text())
        assert entry["languages"].popitem()[1]["page_count"] == 17  # the carried shards: the 18th is on its way
    assert [refresh_bundle(job) for job in jobs] == [True, True]  # shard 3 indexed again, with the new paper
    entry = json.loads((out / "pagefind" / "1-3" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh-cn"]["page_count"] == 18


def test_a_refresh_that_fails_after_indexing_a_shard_leaves_it_to_be_indexed_again(project, tmp_path, monkeypatch):
    """The new shard is in place before its bundle is made: until both are, its recorded key must not be the
    old one, or undoing the edit would leave the edited text in the index for good."""
    from paper_digest.site import search

    digest, overrides = project
    out = tmp_path / "out"
    build_all(str(ROOT / "pelicanconf.py"), overrides(out))
    edit(digest, SENTENCE)
    _, jobs = build_pages_first(str(ROOT / "pelicanconf.py"), overrides(out))

    def no_space(bundle, shards, target):
        (target / "index").mkdir(parents=True)  # half made when the disk fills
        raise OSError("No space left on device")

    chinese = next(job for job in jobs if job.site == out)
    with monkeypatch.context() as patched:
        patched.setattr(search, "_assemble", no_space)
        with pytest.raises(OSError):
            refresh_bundle(chinese)
    assert not list((out / "pagefind").glob(".*"))  # nothing half made left in the published folder
    edit(digest, (SENTENCE[1], SENTENCE[0]))  # undone: the pages are as the recorded keys say
    _, jobs = build_pages_first(str(ROOT / "pelicanconf.py"), overrides(out))
    chinese = next(job for job in jobs if job.site == out)
    assert refresh_bundle(chinese) is True  # the shard indexed with the edit is not taken for the undone pages


def test_undoing_an_edit_applies_and_the_shared_cache_still_builds_the_cold_site(project, tmp_path):
    """Edit one paper, edit another, undo the second: the cache entries made on the way serve a build."""
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    for changes in [(SENTENCE,), (TITLE,), ((TITLE[1], TITLE[0]),)]:
        edit(digest, *changes)
        assert live.apply([digest]) is not None
    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "again"))  # the cache the preview wrote to
    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "cold", cache="cold-cache"))
    again, applied, cold = files(tmp_path / "again"), files(tmp_path / "out"), files(tmp_path / "cold")
    assert again == cold
    assert [name for name in applied if "pagefind" not in name and applied[name] != cold.get(name)] == []


def test_a_site_replaced_behind_the_preview_is_not_written_into(project, tmp_path):
    digest, overrides = project
    live = kept(overrides(tmp_path / "out"))
    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "out"))  # `invoke build` in another terminal
    edit(digest, SENTENCE)
    assert live.apply([digest]) is None


def test_a_digest_saved_during_a_preview_build_leaves_no_kept_copy(project, tmp_path, monkeypatch):
    """The kept copy reads the digests again after the build: if they changed meanwhile, it would hold text
    the site lacks, so the preview keeps none and the change (already queued) rebuilds."""
    from paper_digest.preview import rebuilds

    digest, overrides = project
    built = rebuilds.build_pages_first

    def build_then_save(*args):
        result = built(*args)
        edit(digest, SENTENCE)
        return result

    monkeypatch.setattr(rebuilds, "build_pages_first", build_then_save)
    builds = rebuilds.PreviewBuilds(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "out"), report=lambda line: None)
    builds.full()
    assert builds.live is None
    monkeypatch.setattr(rebuilds, "build_pages_first", built)
    builds.full()
    assert builds.live is not None
    assert builds.search.wait(timeout=60)


def test_the_search_refresh_survives_a_failing_bundle(tmp_path, monkeypatch):
    from paper_digest.preview import search_refresh
    from paper_digest.site.search import Bundle, BundleJob

    done = []

    def index(job):
        if job.bundle.name == "1":
            raise OSError("disk full")
        done.append(job.bundle.name)

    monkeypatch.setattr(search_refresh, "refresh_bundle", index)
    refresh = search_refresh.SearchRefresh()
    jobs = [BundleJob(tmp_path, Bundle(name, ()), tmp_path) for name in ("1", "2", "3")]
    refresh.add(jobs)
    assert refresh.wait(timeout=30)
    refresh.add(jobs[1:])
    assert refresh.wait(timeout=30)
    assert done == ["2", "3", "2", "3"]  # oldest first, and still working after bundle 1 failed


def test_a_theme_whose_paper_pages_list_other_papers_is_always_built_whole(project, tmp_path):
    digest, overrides = project
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    assert text.endswith("</script>\n{% endblock %}\n")  # the content block
    article.write_text(text.removesuffix("{% endblock %}\n") + "<p>{{ articles|length }} papers</p>{% endblock %}\n")
    live = kept(overrides(tmp_path / "out", THEME=str(theme)))
    edit(digest, SENTENCE)
    assert live.apply([digest]) is None


def test_listing_pages_without_the_edited_paper_are_left_as_they_were(project, tmp_path):
    """Five papers a page: the edit renders only the listing pages that hold the paper, and the site is
    still a cold build's, byte for byte."""
    digest, overrides = project
    live = kept(overrides(tmp_path / "out", DEFAULT_PAGINATION=5))
    written = []
    edit(digest, TITLE)  # 2408.00760
    live.apply([digest], written.append)
    rest = {f.relative_to(tmp_path / "out").as_posix() for f in written[1]}
    home = [name for name in ("index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html")
            if "2408.00760" in (tmp_path / "out" / name).read_text(encoding="utf-8")]  # fmt: skip
    assert len(home) == 1 and home[0] in rest
    assert {"index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html"} - set(home) - rest
    build_all(str(ROOT / "pelicanconf.py"), overrides(tmp_path / "cold", cache="cold-cache", DEFAULT_PAGINATION=5))
    after, cold = files(tmp_path / "out"), files(tmp_path / "cold")
    assert [name for name in after if "pagefind" not in name and after[name] != cold.get(name)] == []
