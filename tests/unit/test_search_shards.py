"""How paper pages are split into search shards (pure)."""

import datetime as dt

import pytest

from paper_digest.site.search import Shard, shard_plan


def page(month: int, number: int) -> tuple[tuple[dt.date, str], str]:
    arxiv_id = f"24{month:02d}.{number:05d}"
    return (dt.date(2024, month, 1), arxiv_id), f"papers/{arxiv_id}/index.html"


def test_oldest_papers_first_in_shards_of_the_given_size():
    pages = [page(8, 2), page(7, 9), page(8, 1), page(7, 1), page(6, 5)]
    assert shard_plan(pages, 2) == [
        Shard("1", ("papers/2406.00005/index.html", "papers/2407.00001/index.html")),
        Shard("2", ("papers/2407.00009/index.html", "papers/2408.00001/index.html")),
        Shard("3", ("papers/2408.00002/index.html",)),
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
    index.index_shard(Shard("1", (f"papers/{odd}/index.html",)))
    index.finish()
    entry = json.loads((tmp_path / "pagefind" / "1" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text()).keys() == {"1"}


def test_the_glob_of_a_shard_walks_only_the_folder_its_pages_share():
    from paper_digest.site.search import shard_glob

    assert shard_glob(["papers/2408.00001/index.html", "papers/a,b/index.html"]) == (
        r"papers/{2408.00001,a\,b}/index.html"
    )
    assert shard_glob(["en/papers/x/index.html"]) == "en/papers/{x}/index.html"
    assert shard_glob(["papers/x/index.html", "notes/y/index.html"]) == ("{papers/x/index.html,notes/y/index.html}")
    assert shard_glob(["x/index.html", "y/index.html"]) == "{x/index.html,y/index.html}"
