"""Merged search bundles against Pagefind itself: shards indexed apart and merged read exactly like one
Pagefind run over all their pages."""

import shutil

import pytest
from search_pages import by_url, index_site, make_site

from paper_digest.site.bundles import Unmergeable, _copy_fragment, merge_bundles, read_entry
from paper_digest.site.indexer import index_pages

pytestmark = pytest.mark.lengthy


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """90 pages in three shards, each indexed by Pagefind, merged; and one Pagefind run over them all."""
    return index_site(tmp_path_factory.mktemp("merge"))


def test_a_merged_bundle_reads_like_one_pagefind_run_over_the_same_pages(indexed):
    merged, single = by_url(indexed / "merged"), by_url(indexed / "single")
    assert merged.keys() == {"en", "zh-cn"}
    for language in merged:
        assert len(merged[language]["pages"]) == 45
        assert len(merged[language]["chunk bounds"]) > 2  # words cut into chunks, at the same words as Pagefind
        assert any(variants for _, variants in merged[language]["words"].values())  # café kept apart from cafe
        assert merged[language]["filters"]["topic"].keys() == {"vision", "language", "robots"}
        assert merged[language]["meta fields"] == ["abstract", "author", "title"]  # shards named other fields
        for part in merged[language]:
            assert merged[language][part] == single[language][part], (language, part)
    assert read_entry(indexed / "merged").keys() == read_entry(indexed / "single").keys()


def test_merging_merged_bundles_gives_the_same_bundle(indexed, tmp_path):
    shards = indexed / "shards"
    merge_bundles([shards / "1", shards / "2"], tmp_path / "older")
    merge_bundles([tmp_path / "older", shards / "3"], tmp_path / "all")
    assert by_url(tmp_path / "all") == by_url(indexed / "merged")


def test_sorted_results_are_not_merged(tmp_path):
    shards = make_site(tmp_path, pages=6, shard_size=3, sort=True)
    for shard in shards:
        index_pages(tmp_path, shard.pages, tmp_path / "shards" / shard.name)
    with pytest.raises(Unmergeable, match="sorted results"):
        merge_bundles([tmp_path / "shards" / shard.name for shard in shards], tmp_path / "merged")


def test_two_fragments_of_one_short_hash_both_survive(indexed, tmp_path):
    """Pagefind names a fragment by 7 hex digits of its hash: two shards' pages can share one."""
    source = tmp_path / "a"
    (source / "fragment").mkdir(parents=True)
    other = tmp_path / "b"
    (other / "fragment").mkdir(parents=True)
    fragments = sorted((indexed / "shards" / "1" / "fragment").iterdir())
    shutil.copy(fragments[0], source / "fragment" / "en_1234567.pf_fragment")
    shutil.copy(fragments[1], other / "fragment" / "en_1234567.pf_fragment")
    target = tmp_path / "merged"
    first, second = _copy_fragment(source, "en_1234567", target), _copy_fragment(other, "en_1234567", target)
    assert first == "en_1234567" and second.startswith("en_1234567") and second != first
    assert (target / "fragment" / f"{first}.pf_fragment").read_bytes() == fragments[0].read_bytes()
    assert (target / "fragment" / f"{second}.pf_fragment").read_bytes() == fragments[1].read_bytes()
    assert _copy_fragment(other, "en_1234567", target) == second  # the same page again: the same file


def test_pagefind_reads_nothing_of_what_the_shard_key_leaves_out(tmp_path):
    from paper_digest.site.indexer import pages_key

    page = tmp_path / "papers" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    html = (
        '<html lang="en"><body><main data-pagefind-body><h1>Kept title</h1><p>kept words</p>'
        '<section data-pagefind-ignore="all"><h2>Related</h2><a href="/b/">{}</a>'
        '<span data-pagefind-filter="topic">{}</span><span data-pagefind-meta="image">{}</span></section>'
        "</main></body></html>"
    )
    bundles, keys = [], []
    for n, words in enumerate(["first related", "second other"]):
        page.write_text(html.format(words, words, words), encoding="utf-8")
        keys.append(pages_key(tmp_path, ["papers/a/index.html"]))
        index_pages(tmp_path, ["papers/a/index.html"], tmp_path / f"bundle{n}")
        bundles.append(by_url(tmp_path / f"bundle{n}"))
    assert keys[0] == keys[1] and bundles[0] == bundles[1]
    assert "second" not in str(bundles[1]) and "kept" in str(bundles[1])
    page.write_text(html.replace("kept words", "other words").format("x", "x", "x"), encoding="utf-8")
    assert pages_key(tmp_path, ["papers/a/index.html"]) != keys[0]
