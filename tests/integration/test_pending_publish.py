"""Publishing never waits on a provider: missing English is published pending, then live after a translate run."""

import os
import re
import shutil
import subprocess
import sys

import feedparser
import pytest

from libre_server import LibreServer
from support import ROOT, invoke, soup, translate_command

pytestmark = pytest.mark.lengthy  # seconds per test: left out of `invoke test --quick`

SITEURL = "https://example.github.io/digest"
NEW = "2409.00001"
DIGEST = f"""# A Brand New Paper
[arxiv_pdf_url](https://arxiv.org/pdf/{NEW})
### **论文标签**
计算机视觉
### **研究核心目标与问题**
- 研究**视频分割**的新方法，在MRR@10上提升1.2个百分点。
"""


def publish(seeds, project_root, output, *extra, env=None):
    """`invoke publish` in the project copy at `project_root` (its tasks, content and memory)."""
    command = [sys.executable, "-m", "invoke", "publish", "--siteurl", SITEURL, "--seeds", str(seeds),
               "--output", str(output), *extra]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"} | (env or {})
    return subprocess.run(command, cwd=project_root, capture_output=True, text=True, timeout=600, env=environment)


def project(tmp_path):
    """A copy of the project's content and seeds plus a new digest, to run the real tasks on."""
    root = tmp_path / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", "output", ".output*", "cache", "tests"))
    (root / "seeds" / "2024-09-02-daily.txt").write_text(DIGEST, encoding="utf-8")
    (root / "content" / "arxiv").mkdir(exist_ok=True)  # its arXiv record files it under cs.CV
    (root / "content" / "arxiv" / f"{NEW}.toml").write_text(
        f'arxiv_id = "{NEW}"\nversion = 1\ntitle = "A Brand New Paper"\npublished = 2024-09-01\n'
        'updated = 2024-09-01\nabstract = "x"\nprimary_category = "cs.CV"\ncategories = ["cs.CV"]\n'
        '[[authors]]\nname = "Ann Lee"\n',
        encoding="utf-8",
    )
    return root


def urls_in_sitemap(output):
    return set(re.findall(r"<loc>([^<]+)</loc>", (output / "sitemap.xml").read_text(encoding="utf-8")))


def feed_links(path):
    return {entry.link for entry in feedparser.parse(path.read_text(encoding="utf-8")).entries}


def test_missing_english_is_published_pending_then_live_after_a_translate_run(tmp_path):
    root = project(tmp_path)
    summary = tmp_path / "summary.md"
    first = publish(root / "seeds", root, root / "output", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert first.returncode == 0, first.stderr
    warnings = [line for line in first.stderr.splitlines() if "English pending" in line]
    assert len(warnings) == 1 and f"{NEW} (" in warnings[0] and "noindex" in warnings[0]
    out = root / "output"
    english = soup(out / "en" / "papers" / NEW / "index.html")
    assert english.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert english.select(".untranslated")  # the Chinese it has, marked, so nothing is lost
    chinese = soup(out / "papers" / NEW / "index.html")
    assert not chinese.find("meta", attrs={"name": "robots"})
    assert [link["hreflang"] for link in chinese.find_all("link", hreflang=True)] == ["zh-CN", "x-default"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITEURL}/papers/{NEW}/" in urls_in_sitemap(out) and f"{SITEURL}/en/papers/{NEW}/" not in sitemap
    assert f"{SITEURL}/en/papers/2408.00714/" in urls_in_sitemap(out)  # complete papers stay listed
    assert f"{SITEURL}/papers/{NEW}/" in feed_links(out / "feeds" / "all.atom.xml")
    assert f"{SITEURL}/en/papers/{NEW}/" not in feed_links(out / "en" / "feeds" / "all.atom.xml")
    assert f"{SITEURL}/en/papers/{NEW}/" not in feed_links(out / "en" / "feeds" / "tag" / "computer-vision.rss.xml")
    assert f"{SITEURL}/en/papers/{NEW}/" not in feed_links(out / "en" / "feeds" / "category" / "cs.CV.atom.xml")
    assert f"{SITEURL}/papers/{NEW}/" in feed_links(out / "feeds" / "category" / "cs.CV.atom.xml")
    assert f"{SITEURL}/en/papers/2408.00714/" in feed_links(out / "en" / "feeds" / "all.atom.xml")
    report = summary.read_text(encoding="utf-8")
    assert "### Published: " + SITEURL in report and f"`{NEW}`: 1 segment(s) to translate" in report
    assert "| en | 18 | 1 |" in report and "e-mail address" in report  # warnings with FILE:LINE

    strict = publish(root / "seeds", root, tmp_path / "strict", "--strict")
    assert strict.returncode == 1 and f"paper {NEW} has 1 untranslated segment(s)" in strict.stderr

    with LibreServer() as server:
        command = translate_command(server.url, root / "seeds", root / "content" / "translations")
        translated = invoke(*command[3:], cwd=root)
        assert translated.returncode == 0, translated.stderr
    second = publish(root / "seeds", root, root / "output")
    assert second.returncode == 0 and "English pending" not in second.stderr
    english = soup(out / "en" / "papers" / NEW / "index.html")
    assert not english.find("meta", attrs={"name": "robots"}) and not english.select(".untranslated")
    assert f"{SITEURL}/en/papers/{NEW}/" in urls_in_sitemap(out)
    assert f"{SITEURL}/en/papers/{NEW}/" in feed_links(out / "en" / "feeds" / "all.atom.xml")
    chinese = soup(out / "papers" / NEW / "index.html")
    assert [link["hreflang"] for link in chinese.find_all("link", hreflang=True)] == ["zh-CN", "en", "x-default"]


def test_a_translate_run_writes_its_step_summary(tmp_path, write_digest):
    digest = write_digest(DIGEST, "2024-09-02-daily.txt")
    memory = tmp_path / "memory"
    memory.mkdir()
    shutil.copy(ROOT / "content" / "translations" / "glossary.po", memory)
    summary = tmp_path / "summary.md"
    with LibreServer() as server:
        result = subprocess.run(translate_command(server.url, digest, memory), cwd=ROOT, capture_output=True,
                                text=True, timeout=300, env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = summary.read_text(encoding="utf-8")
    assert "### Translation (libre)" in report and "1 of 1 segment(s) translated by `libre`" in report
    assert f"**New papers** (1):\n\n- `{NEW}`" in report and "**Still pending:** none" in report
