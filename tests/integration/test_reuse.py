"""A rebuild links unchanged paper pages from the last build, and its output is what a fresh build writes."""

import shutil

from paper_digest.build.sites import build_all
from support import REGISTRY, ROOT, SEEDS


def build(digest, content, output, theme=ROOT / "theme"):
    build_all(
        str(ROOT / "pelicanconf.py"),
        {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(theme),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PAPER_DIGEST_PATHS": [str(digest)],
            "PAPER_DIGEST_MEMORY": str(ROOT / "content" / "translations"),
            "PAPER_DIGEST_CACHE": None,
        },
    )
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


def test_unchanged_pages_are_reused_and_the_result_equals_a_fresh_build(tmp_path):
    digest, content = seed_project(tmp_path)
    out = build(digest, content, tmp_path / "output")
    first = inodes(out)

    text = digest.read_text(encoding="utf-8")
    edits = [
        ("Magiv2在说话者归因准确性", "Magiv2在说话人归因准确性"),  # a sentence of 2408.00298
        ("# Smoothed Energy Guidance:", "# Smoothed-Energy Guidance:"),  # the English title of 2408.00760
    ]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    digest.write_text(text, encoding="utf-8")
    build(digest, content, out)
    second = inodes(out)

    rendered = {name for name in second if second[name] != first.get(name)}
    papers = {name.split("/")[-2] for name in rendered if "papers/" in name}
    assert {"2408.00298", "2408.00760"} <= papers
    assert len(papers) < 10  # the edited papers and the pages that show 2408.00760's title, not all 17
    assert any(second[name] == first[name] for name in second if name.startswith("en/papers/"))

    fresh = build(digest, content, tmp_path / "fresh")
    reused, rebuilt = files(out), files(fresh)
    assert reused.keys() == rebuilt.keys()
    assert [name for name in reused if reused[name].read_bytes() != rebuilt[name].read_bytes()] == []


def test_a_feed_is_linked_unless_one_of_its_entries_changed(tmp_path):
    from paper_digest.digest.load import load_papers

    digest, content = seed_project(tmp_path)
    out = build(digest, content, tmp_path / "output")
    feeds = {name: path.stat().st_ino for name, path in files(out).items() if name.endswith(".xml")}

    edited = (
        "Magiv2在说话者归因准确性"  # a sentence of 2408.00298, in both languages' feeds (its English is then pending)
    )
    digest.write_text(digest.read_text(encoding="utf-8").replace(edited, "Magiv2在说话人归因准确性"), encoding="utf-8")
    build(digest, content, out)
    again = {name: path.stat().st_ino for name, path in files(out).items() if name.endswith(".xml")}

    papers, _ = load_papers([str(digest)], str(REGISTRY))
    its_tags = {tag.slug for paper in papers if paper.arxiv_id == "2408.00298" for tag in paper.tags}
    assert its_tags and again.keys() == feeds.keys() and len(feeds) > 20
    for name in feeds:
        lists_it = "/all." in name or name.rsplit("/", 1)[-1].split(".")[0] in its_tags
        assert (again[name] != feeds[name]) == lists_it, name


def test_a_theme_change_renders_every_page_again(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    digest = next(SEEDS.glob("*.txt"))

    out = build(digest, content, tmp_path / "output", theme)
    first = inodes(out)
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace("paper-nav", "paper-nav more"), encoding="utf-8")
    build(digest, content, out, theme)
    second = inodes(out)
    papers = [name for name in second if "papers/" in name]
    assert len(papers) == 34 and all(second[name] != first[name] for name in papers)
    assert 'class="paper-nav more"' in (out / "papers" / "2408.00298" / "index.html").read_text(encoding="utf-8")


def test_the_site_fingerprint_sees_settings_functions_and_ignores_where_the_site_is_written(tmp_path):
    import functools

    from paper_digest.speed.reuse import site_fingerprint

    base = {"THEME": str(ROOT / "theme"), "SITEURL": "", "OUTPUT_PATH": "/a", "JINJA_FILTERS": {"x": lambda s: s}}
    same = {**base, "OUTPUT_PATH": "/b", "PAPER_DIGEST_PREVIOUS_OUTPUT": "/c"}
    assert site_fingerprint(base, {}) == site_fingerprint(same, {})
    assert site_fingerprint(base, {}) != site_fingerprint({**base, "SITEURL": "https://x.org"}, {})
    shout = {**base, "JINJA_FILTERS": {"x": lambda s: s.upper() + "!"}}
    whisper = {**base, "JINJA_FILTERS": {"x": lambda s: s.lower()}}
    assert site_fingerprint(shout, {}) != site_fingerprint(whisper, {})
    # what cannot be hashed (a partial, a closure, a set…) turns reuse off: never the same twice
    opaque = {**base, "JINJA_FILTERS": {"x": functools.partial(str.replace, "a")}}
    assert site_fingerprint(opaque, {}) != site_fingerprint(opaque, {})
    # templates overriding the theme's count as the theme
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text("V1", encoding="utf-8")
    first = site_fingerprint({**base, "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}, {})
    (overrides / "article.html").write_text("V2", encoding="utf-8")
    assert site_fingerprint({**base, "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}, {}) != first


def test_a_single_core_build_writes_the_same_site(tmp_path, monkeypatch):
    import paper_digest.build.sites

    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    digest = next(SEEDS.glob("*.txt"))
    parallel = files(build(digest, content, tmp_path / "parallel"))
    monkeypatch.setattr(paper_digest.build.sites.os, "cpu_count", lambda: 1)
    in_turn = files(build(digest, content, tmp_path / "in-turn"))
    assert parallel.keys() == in_turn.keys()
    assert [name for name in parallel if parallel[name].read_bytes() != in_turn[name].read_bytes()] == []


def test_overwriting_a_linked_page_leaves_the_live_site_alone(tmp_path):
    from paper_digest.speed.reuse import ReusingWriter

    live = tmp_path / "live" / "page.html"
    live.parent.mkdir()
    live.write_text("LIVE", encoding="utf-8")
    writer = ReusingWriter(
        str(tmp_path / "staging"),
        settings={"PAPER_DIGEST_PREVIOUS_OUTPUT": str(live.parent), "PAPER_DIGEST_PREVIOUS_STATE": str(tmp_path)},
    )
    writer.earlier = {"page.html": "same"}
    (tmp_path / "staging").mkdir()
    assert writer._link("page.html")
    target = str(tmp_path / "staging" / "page.html")
    with writer._open_w(target, "utf-8", override=True) as handle:
        handle.write("NEW")
    assert live.read_text(encoding="utf-8") == "LIVE"
    assert (tmp_path / "staging" / "page.html").read_text(encoding="utf-8") == "NEW"


def test_the_site_fingerprint_sees_the_versions_of_the_libraries_that_write_pages_and_feeds(monkeypatch):
    from importlib import metadata

    import paper_digest.speed.reuse as reuse

    settings = {"THEME": str(ROOT / "theme"), "SITEURL": ""}
    before = reuse.site_fingerprint(settings, {})
    real = metadata.version
    for package in ("pelican", "jinja2", "markupsafe", "feedgenerator"):
        monkeypatch.setattr(metadata, "version", lambda name, p=package: "0-other" if name == p else real(name))
        assert reuse.site_fingerprint(settings, {}) != before, package
        monkeypatch.undo()
