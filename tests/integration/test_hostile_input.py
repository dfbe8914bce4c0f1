"""Digests may carry raw HTML and scripts in any field: nothing of it may run or inject markup."""

import json
import re

from support import soup

HOSTILE = """# <script>alert('title')</script>Evil <img src=x onerror=alert(1)> Title
[arxiv_pdf_url](https://arxiv.org/pdf/2408.00777)
### **论文标题**
《<script>alert('zh')</script>恶意<b onmouseover="x()">标题</b>》

### **作者信息**
- <script>alert('author')</script>Mallory Evil<img src=x onerror=alert(3)>, Eve Bad
- <iframe src="https://evil.example/"></iframe>Evil University, mallory@evil.example

### **论文标签**
- 计算机视觉, <b onclick="alert(4)">坏标签</b>, javascript:alert(5)

### **研究核心目标与问题**
- 正常的**加粗**文字，<script>alert('body')</script>脚本不应执行。
- <a href="javascript:alert(6)">危险链接</a>与[另一个](javascript:alert(7))和<a href="mailto:leak@evil.example">邮件</a>。
- <iframe src="https://evil.example/frame"></iframe><div onclick="alert(8)">点击</div><img src="https://tracker.example/p.gif">
- 联系作者：someone@example.org 或 {a, b}@lab.example.com。
- <style>body{display:none}</style><form action="https://evil.example"><input name=x></form>结束。
"""

DANGER = [
    re.compile(r"<script(?![^>]*(application/ld\+json|\ssrc=\"[./]*(pagefind|theme)/))", re.I),
    re.compile(r"\son\w+\s*=", re.I),
    re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
    re.compile(r"<iframe", re.I),
    re.compile(r"mailto:", re.I),
    re.compile(r"<img", re.I),
    re.compile(r"<style", re.I),
    re.compile(r"<form(?![^>]*site-search)", re.I),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    re.compile(r"evil\.example|tracker\.example"),
]


def test_nothing_hostile_reaches_any_output_file(site, write_digest):
    out = site(write_digest(HOSTILE))
    checked = 0
    for path in out.rglob("*"):
        if path.is_dir() or path.suffix not in {".html", ".xml", ".bib", ".txt", ".json"}:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in DANGER:
            match = pattern.search(text)
            assert match is None, (path, pattern.pattern, text[max(0, match.start() - 80) : match.end() + 80])
        checked += 1
    assert checked > 20


def test_hostile_text_is_shown_as_text(site, write_digest):
    out = site(write_digest(HOSTILE))
    page = soup(out / "papers" / "2408.00777" / "index.html")
    assert page.h1.find() is None and "恶意标题" in page.h1.get_text()  # tags gone; their text is inert
    assert "Evil" in page.select_one(".alt-title").get_text() and page.select_one(".alt-title").find() is None
    body = page.select_one(".paper-section")
    assert body.find("strong").get_text() == "加粗"
    assert [a.get("href") for a in body.find_all("a")] == [None, None, None]
    assert "someone@" not in body.get_text() and "@lab.example.com" not in body.get_text()
    ld = page.select_one('script[type="application/ld+json"]').string
    assert "<" not in ld  # tojson writes \\u003c: no text can close the script element
    assert "恶意标题" in json.loads(ld)["headline"]
    authors = [m["content"] for m in page.select("meta[name=citation_author]")]
    assert all("<" not in a for a in authors) and "Eve Bad" in authors
