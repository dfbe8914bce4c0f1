"""Real-browser tests: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright,
on the production build served from 127.0.0.1 under a GitHub-Pages-like subpath."""

import pytest
from playwright.sync_api import expect

from support import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests, errors = [], []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    outside = [url for url in requests if not url.startswith(served) and not url.startswith("data:")]
    assert outside == [], "the site made requests outside itself"
    assert errors == [], "console errors (a CSP violation shows up here)"
    context.close()


def test_switch_on_a_paper_lands_on_the_same_paper_and_back(page, served):
    page.goto(f"{served}/papers/2408.00714/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "面向图像和视频" in page.locator("h1").inner_text()
    page.click("a.lang-switch[hreflang=en]")
    page.wait_for_url(f"{served}/en/papers/2408.00714/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "SAM 2: Segment Anything in Images and Videos"
    page.click("a.lang-switch[hreflang=zh-CN]")
    page.wait_for_url(f"{served}/papers/2408.00714/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def test_switch_on_a_tag_page_lands_on_the_same_tag(page, served):
    page.goto(f"{served}/tag/computer-vision/")
    assert "计算机视觉" in page.locator("h1").inner_text()
    page.click("a.lang-switch")
    page.wait_for_url(f"{served}/en/tag/computer-vision/")
    assert page.locator("h1").inner_text() == "Topic: Computer Vision"
    page.click("a.lang-switch")
    page.wait_for_url(f"{served}/tag/computer-vision/")


@pytest.mark.parametrize("width", [360, 375, 1280])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("zh-paper", "papers/2408.00714/"),
        ("en-paper", "en/papers/2408.00714/"),
        ("zh-index", ""),
        ("en-tags", "en/tags/"),
    ],
)
def test_screenshots_and_no_horizontal_scroll(browser, served, name, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(f"{served}/{path}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_dark_mode_and_visible_focus(browser, served):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{served}/en/papers/2408.00714/")
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)"
    tab.screenshot(path=str(ARTIFACTS / "en-paper-dark-1280.png"))
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    context.close()


def search_results(tab) -> list[str]:
    tab.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    return [a.get_attribute("href") for a in tab.query_selector_all(".pagefind-ui__result-link")]


def test_chinese_query_from_the_header_finds_a_word_inside_a_sentence(page, served):
    page.goto(f"{served}/")
    page.fill("#site-search-q", "视频分割")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(f"{served}/search/?q=*")
    results = search_results(page)
    assert "/digest/papers/2408.00714/" in results  # SAM 2: 视频分割 occurs only inside sentences
    assert all(not href.startswith("/digest/en/") for href in results)


def test_english_query_searches_the_english_pages(page, served):
    page.goto(f"{served}/en/")
    page.fill("#site-search-q", "rebuses")
    page.press("#site-search-q", "Enter")
    results = search_results(page)
    assert results[0] == "/digest/en/papers/2408.00584/"
    assert all(href.startswith("/digest/en/") for href in results)


def test_search_filters_by_tag(page, served):
    page.goto(f"{served}/en/search/?q=model")
    search_results(page)
    page.click(".pagefind-ui__filter-name")
    labels = page.locator(".pagefind-ui__filter-label").all_inner_texts()
    assert any("Computer Vision" in label for label in labels)
    page.locator(".pagefind-ui__filter-label", has_text="Accessibility").click()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(1)  # polled from Python: the CSP forbids eval
    assert search_results(page) == ["/digest/en/papers/2408.00298/"]


def test_copy_button_copies_the_bibtex_entry(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.rsplit("/digest", 1)[0])
    tab = context.new_page()
    tab.goto(f"{served}/en/papers/2408.00714/")
    tab.click("button.copy")
    expect(tab.locator("button.copy")).to_have_text("Copied")
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied == tab.locator(".cite code").inner_text()
    assert copied.startswith("@misc{ravi2024sam,") and 'archivePrefix = "arXiv"' in copied
    context.close()
