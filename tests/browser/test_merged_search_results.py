"""Pagefind's own search, in Chromium, over a merged bundle and over one Pagefind run of the same pages:
the same results with the same scores."""

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest
from conftest import QuietHandler
from search_pages import index_site

pytestmark = pytest.mark.browser

QUERIES = {
    "en": [("w0012", {}), ("cafe", {}), ("café", {}), ("naive w0100", {}), ("w0007", {"topic": "vision"})],
    "zh-cn": [("视频分割", {}), ("语言模型 w0001", {}), ("扩散", {}), ("多模态", {"topic": "robots"})],
}

SEARCH = """async ([bundle, queries]) => {
  const pagefind = await import(bundle + "pagefind.js");
  const found = [];
  for (const [query, filters] of queries) {
    const search = await pagefind.search(query, { filters });
    const pages = await Promise.all(search.results.map(async (r) => [(await r.data()).url, r.score.toFixed(6)]));
    found.push(pages.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = index_site(tmp_path_factory.mktemp("search"))
    for language in QUERIES:
        (root / f"{language}.html").write_text(f'<!doctype html><html lang="{language}"><title>t</title></html>')
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", sorted(QUERIES))
def test_a_merged_bundle_finds_what_one_pagefind_index_finds(browser, site, language):
    page = browser.new_page()
    try:
        page.goto(f"{site}/{language}.html")
        queries = [[query, filters] for query, filters in QUERIES[language]]
        merged = page.evaluate(SEARCH, [f"{site}/merged/", queries])
        single = page.evaluate(SEARCH, [f"{site}/single/", queries])
    finally:
        page.close()
    assert all(merged), merged  # every query finds pages
    assert merged == single
