"""A made-up site for the search merge tests: pages in two languages, with accented words, filters and enough
words for several index chunks; and a reader of Pagefind bundles that names pages by URL, not by number."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from paper_digest.site.bundles import merge_bundles, read_chunk, read_entry
from paper_digest.site.indexer import index_pages
from paper_digest.site.search import Shard

_ACCENTED = ["café", "cafe", "naïve", "naive", "zürich", "zurich", "résumé", "resume"]
_CHINESE = ["视频分割", "语言模型", "图像生成", "强化学习", "知识蒸馏", "多模态", "检索增强", "扩散模型"]


def make_site(folder: Path, pages: int = 90, shard_size: int = 30, sort: bool = False) -> list[Shard]:
    """Write `pages` pages under folder/papers/N/, half English and half Chinese; their shards, in order."""
    rng = random.Random(7)
    vocabulary = [f"w{n:04d}" for n in range(2500)] + _ACCENTED
    names = []
    for n in range(pages):
        english = n % 2 == 0
        words = rng.choices(vocabulary, k=rng.randint(200, 900))
        if not english:
            words = [rng.choice(_CHINESE) if rng.random() < 0.5 else word for word in words]
        topic = rng.choice(["vision", "language", "robots"])
        sorting = f' data-pagefind-sort="date:2024-01-{1 + n % 28:02d}"' if sort else ""
        fields = ""  # the second and third shards' pages name metadata fields the first one's do not
        if n % 3 == 0 and shard_size <= n < 2 * shard_size:
            fields = f'<p>By <span data-pagefind-meta="author">{words[1]} {words[2]}</span></p>'
        elif n % 3 == 1 and n >= 2 * shard_size:
            fields = f'<p data-pagefind-meta="abstract">{" ".join(words[3:9])}</p>'  # sorted before "title"
        body = (
            f'<html lang="{"en" if english else "zh-cn"}"><body><main data-pagefind-body{sorting}>'
            f"<h1>Paper {n} {words[0]}</h1>{fields}<p>{' '.join(words)}</p>"
            f'<p>Topic: <span data-pagefind-filter="topic">{topic}</span></p></main></body></html>'
        )
        page = folder / "papers" / f"{n:03d}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(body, encoding="utf-8")
        names.append(f"papers/{n:03d}/index.html")
    return [
        Shard(
            str(k + 1), tuple(names[start : start + shard_size]), len(names[start : start + shard_size]) == shard_size
        )
        for k, start in enumerate(range(0, pages, shard_size))
    ]


def index_site(root: Path) -> Path:
    """The made-up site in three shards, each indexed by Pagefind, merged into root/merged; and one Pagefind
    run over all its pages, root/single."""
    shards = make_site(root)
    for shard in shards:
        index_pages(root, shard.pages, root / "shards" / shard.name)
    merge_bundles([root / "shards" / shard.name for shard in shards], root / "merged")
    index_pages(root, [page for shard in shards for page in shard.pages], root / "single")
    return root


def by_url(bundle: Path) -> dict:
    """Everything a search reads from a bundle, with each page named by its URL (page numbers differ between a
    merged bundle and one Pagefind run), and each language's chunk bounds."""
    found = {}
    for language, info in read_entry(bundle)["languages"].items():
        meta = read_chunk(bundle / f"pagefind.{info['hash']}.pf_meta")
        urls = [_fragment(bundle, page_hash)["url"] for page_hash, _ in meta[1]]

        words = {}
        for _, _, chunk in meta[2]:
            for word, postings, variants in read_chunk(bundle / "index" / f"{chunk}.pf_index")[0]:
                words[word] = (_pages(postings, urls), {variant: _pages(found, urls) for variant, found in variants})
        filters = {}
        for name, chunk in meta[3]:
            _, values = read_chunk(bundle / "filter" / f"{chunk}.pf_filter")
            filters[name] = {value: sorted(urls[number] for number in numbers) for value, numbers in values}
        found[language] = {
            "version": meta[0],
            "pages": {url: count for url, (_, count) in zip(urls, meta[1], strict=True)},
            "fragments": {url: _fragment(bundle, page_hash) for url, (page_hash, _) in zip(urls, meta[1], strict=True)},
            "chunk bounds": [(first, last) for first, last, _ in meta[2]],
            "words": words,
            "filters": filters,
            "sorts": meta[4],
            "meta fields": meta[5],
            "entry": {key: value for key, value in info.items() if key != "hash"},
        }
    return found


def _pages(postings: list, urls: list[str]) -> dict:
    """Gap-coded postings as {page URL: (locations, metadata locations)}."""
    seen, number = {}, 0
    for gap, locations, meta_locations in postings:
        number += gap
        assert gap > 0 or not seen, "a page listed twice, or out of order"
        assert urls[number] not in seen
        seen[urls[number]] = (locations, meta_locations)
    return seen


def _fragment(bundle: Path, page_hash: str) -> dict:
    data = gzip.decompress((bundle / "fragment" / f"{page_hash}.pf_fragment").read_bytes())
    return json.loads(data[data.index(b"{") :])
