"""How paper pages are split into search shards, and the shards grouped into published bundles (pure)."""

import datetime as dt

import pytest

from paper_digest.site.search import MERGE_BASE, Bundle, Shard, bundle_plan, shard_plan


def page(month: int, number: int) -> tuple[tuple[dt.date, str], str]:
    arxiv_id = f"24{month:02d}.{number:05d}"
    return (dt.date(2024, month, 1), arxiv_id), f"papers/{arxiv_id}/index.html"


def test_oldest_papers_first_in_shards_of_the_given_size():
    pages = [page(8, 2), page(7, 9), page(8, 1), page(7, 1), page(6, 5)]
    assert shard_plan(pages, 2) == [
        Shard("1", ("papers/2406.00005/index.html", "papers/2407.00001/index.html")),
        Shard("2", ("papers/2407.00009/index.html", "papers/2408.00001/index.html")),
        Shard("3", ("papers/2408.00002/index.html",), full=False),
    ]


def test_new_papers_leave_the_older_shards_unchanged():
    old = [page(6, n) for n in range(1, 8)]
    before = shard_plan(old, 3)
    after = shard_plan([*old, page(7, 1), page(7, 2)], 3)
    assert after[:2] == before[:2] and len(after) == 3


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 1001, 2500])
def test_every_page_in_exactly_one_shard_of_at_most_the_size(count):
    pages = [page(1 + n % 12, n) for n in range(count)]
    shards = shard_plan(pages, 1000)
    assert sorted(p for s in shards for p in s.pages) == sorted(p for _, p in pages)
    assert all(0 < len(s.pages) <= 1000 for s in shards)
    assert len(shards) == -(-count // 1000)


@pytest.mark.parametrize("odd", ["a,b{1}[x]", "a(b)", "a:b", "a<b>", "a$!#b"])
def test_a_shard_indexes_exactly_its_pages_even_with_glob_characters_in_their_paths(tmp_path, odd):
    import json

    from paper_digest.site.search import SearchIndex

    body = '<html lang="en"><body><main data-pagefind-body><h1>{}</h1><p>words about {}</p></main></body></html>'
    for name in (odd, "a", "other"):
        page = tmp_path / "papers" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(body.format(name, name), encoding="utf-8")
    index = SearchIndex(tmp_path)
    shard = Shard("1", (f"papers/{odd}/index.html",), full=False)
    index.index_shard(shard)
    index.finish([Bundle("1", (shard,))])
    entry = json.loads((tmp_path / "pagefind" / "1" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1
    manifest = json.loads((tmp_path / "pagefind" / "shards.json").read_text())
    assert manifest["shards"].keys() == manifest["bundles"].keys() == {"1"}


def test_the_glob_of_a_shard_walks_only_the_folder_its_pages_share():
    from paper_digest.site.indexer import shard_glob

    assert shard_glob(["papers/2408.00001/index.html", "papers/a,b/index.html"]) == (
        r"papers/{2408.00001,a\,b}/index.html"
    )
    assert shard_glob(["en/papers/x/index.html"]) == "en/papers/{x}/index.html"
    assert shard_glob(["papers/x/index.html", "notes/y/index.html"]) == ("{papers/x/index.html,notes/y/index.html}")
    assert shard_glob(["x/index.html", "y/index.html"]) == "{x/index.html,y/index.html}"


def shards(full: int, partial: bool = True) -> list[Shard]:
    made = [Shard(str(n), (f"p{n}",)) for n in range(1, full + 1)]
    return made + ([Shard(str(full + 1), (f"p{full + 1}",), full=False)] if partial else [])


def names(plan: list[Bundle]) -> list[str]:
    return [bundle.name for bundle in plan]


def test_full_shards_merge_by_the_digits_of_their_count_and_the_newest_stays_alone():
    assert MERGE_BASE == 16
    assert names(bundle_plan(shards(0))) == ["1"]
    assert names(bundle_plan(shards(1, partial=False))) == ["1"]
    assert names(bundle_plan(shards(10, partial=False))) == ["1-10"]  # 5,000 papers: one bundle
    assert names(bundle_plan(shards(10))) == ["1-10", "11"]
    assert names(bundle_plan(shards(16))) == ["1-16", "17"]
    assert names(bundle_plan(shards(17))) == ["1-16", "17", "18"]
    assert names(bundle_plan(shards(20, partial=False))) == ["1-16", "17-20"]  # 10,000 papers
    assert names(bundle_plan(shards(35))) == ["1-32", "33-35", "36"]
    assert names(bundle_plan(shards(256 + 17))) == ["1-256", "257-272", "273", "274"]
    assert names(bundle_plan(shards(3), merge=False)) == ["1", "2", "3", "4"]


@pytest.mark.parametrize("full", range(0, 600, 7))
def test_bundles_grow_with_the_logarithm_and_a_filled_shard_remakes_only_the_lowest(full):
    plan = bundle_plan(shards(full))
    assert [shard for bundle in plan for shard in bundle.shards] == shards(full)  # each shard once, in order
    digits = len(f"{full:x}") if full else 0
    assert len(plan) <= digits + 1
    grown = bundle_plan(shards(full + 1))
    remade = [bundle for bundle in grown if bundle not in plan and bundle.shards[-1].full]
    assert len(remade) == 1  # the bundle that takes the filled shard; every other full bundle is kept
    if (full + 1) % MERGE_BASE:
        assert len(remade[0].shards) < MERGE_BASE  # a higher digit only when the lowest carries over


def test_the_key_leaves_out_what_pagefind_reads_nothing_of():
    from paper_digest.site.indexer import indexed_bytes

    page = (
        b'<p>kept</p><section class="related" data-pagefind-ignore="all"><section>x</section><ul><li>y</li></ul>'
        b'</section><nav aria-label="n" data-pagefind-ignore="all">n</nav><pre>p</pre><p data-pagefind-ignore>i</p>'
    )
    assert indexed_bytes(page) == b"<p>kept</p><pre>p</pre><p data-pagefind-ignore>i</p>"  # "index" ignores less
    unclosed = b'<p>a</p><div data-pagefind-ignore="all"><div>x</div>'
    assert indexed_bytes(unclosed) == unclosed  # no end found: the whole page counts
    assert indexed_bytes(b"<p>no ignored part</p>") == b"<p>no ignored part</p>"
    commented = b'<div><!-- <div data-pagefind-ignore="all"> --><p>read</p></div><script>"<nav>"</script>'
    assert indexed_bytes(commented) == commented  # no element there, only text that looks like one
    quoted = b'<nav data-pagefind-ignore="all"><!-- </nav> --><script>"</nav>"</script>x</nav><p>read</p>'
    assert indexed_bytes(quoted) == b"<p>read</p>"
