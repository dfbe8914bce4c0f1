"""The live preview in a real browser: an edit shows without navigating, a skipped paper and a broken build show
FILE:LINE, a fix recovers."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from support import ROOT, SEEDS

pytestmark = pytest.mark.browser

SENTENCE, EDITED = "收集了迄今为止最大的视频分割数据集", "收集了迄今为止最大的视频分割语料"
LINK, BROKEN = "[arxiv_pdf_url](https://arxiv.org/pdf/2408.00714)", "[arxiv_pdf_url](https://example.org/x.pdf)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    digest = seeds / "000_263217c7a4351fe0.txt"
    shutil.copy(SEEDS / digest.name, digest)
    port = free_port()
    env = {**os.environ, "PAPER_DIGEST_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "invoke", "serve", "--port", str(port), "--seeds", str(seeds),
               "--output", str(tmp_path / "out")]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while "Preview at" not in (process.stdout.readline() or "") and time.monotonic() < deadline:
        assert process.poll() is None, "the preview stopped"
    yield f"http://127.0.0.1:{port}", digest, tmp_path / "out"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def until(condition, seconds: float = 60) -> None:
    """Poll the page from here (its CSP forbids the eval behind Playwright's wait_for_function)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except Error:  # the page is reloading right now
            pass
        assert time.monotonic() < deadline, "the preview did not follow"
        time.sleep(0.2)


def edit(digest, old, new):
    text = digest.read_text(encoding="utf-8")
    assert text.count(old) == 1
    digest.write_text(text.replace(old, new), encoding="utf-8")


def heard(page) -> bool:
    return page.evaluate("() => document.documentElement.getAttribute('data-preview-heard')") is not None


def test_the_open_page_follows_edits_and_errors(browser, preview):
    url, digest, output = preview
    page, listing, elsewhere = browser.new_page(), browser.new_page(), browser.new_page()
    page.goto(f"{url}/papers/2408.00714/")
    listing.goto(f"{url}/")  # lists the paper's card: rewritten after the paper's own page
    unrelated = next(p for p in sorted((output / "tag").glob("*/index.html")) if "2408.00714" not in p.read_text())
    elsewhere.goto(f"{url}/tag/{unrelated.parent.name}/")  # does not show the paper: the edit leaves it alone
    for each in (page, listing, elsewhere):
        until(lambda each=each: heard(each))  # its events are connected
        each.evaluate("() => (window.previewMarker = 1)")
    assert SENTENCE in page.inner_text("main")

    edit(digest, SENTENCE, EDITED)
    until(lambda: EDITED in page.inner_text("body"))
    assert page.url == f"{url}/papers/2408.00714/"  # reloaded in place: no navigation by the reader
    until(lambda: listing.evaluate("() => window.previewMarker") is None)  # the listing too, once rewritten
    until(lambda: heard(listing))
    last = int(listing.evaluate("() => document.documentElement.getAttribute('data-preview-heard')"))
    until(lambda: int(elsewhere.evaluate("() => document.documentElement.getAttribute('data-preview-heard')")) >= last)
    assert elsewhere.evaluate("() => window.previewMarker") == 1  # it heard every version, and stayed
    marker = page.evaluate("() => (window.previewMarker = Math.random())")

    edit(digest, LINK, BROKEN)  # the paper is skipped: the rest is built, and the page says why it is gone
    until(lambda: page.query_selector("#preview-skipped") is not None)
    skipped = page.inner_text("#preview-skipped")
    assert (
        f"{digest}:3: paper skipped: 'SAM 2: Segment Anything in Images and Videos' links to https://example.org/x.pdf"
        in skipped
    )
    assert page.query_selector("#preview-problems") is None
    until(lambda: listing.query_selector("#preview-skipped") is not None)  # every open page says so
    assert "2408.00714" not in listing.inner_text("main")

    edit(digest, BROKEN, LINK)  # fixed: the page is back
    until(lambda: page.query_selector("#preview-skipped") is None and page.query_selector("article") is not None)
    assert EDITED in page.inner_text("main")
    marker = page.evaluate("() => (window.previewMarker = Math.random())")

    text = digest.read_text(encoding="utf-8")
    digest.write_bytes(b"\xff" + text.encode())  # nothing left to publish: the build stops
    until(lambda: page.query_selector("#preview-problems") is not None)
    problems = page.inner_text("#preview-problems")
    assert "nothing to publish" in problems and f"{digest}:1: digest skipped: not valid UTF-8" in problems
    assert EDITED in page.inner_text("main")  # the last good site stays underneath

    digest.write_text(text, encoding="utf-8")
    until(lambda: page.query_selector("#preview-problems") is None)
    assert EDITED in page.inner_text("main") and page.evaluate("() => window.previewMarker") != marker
    written = (output / "papers" / "2408.00714" / "index.html").read_text(encoding="utf-8")
    assert "__preview" not in written  # the reload script is only in served pages
