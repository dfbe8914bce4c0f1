"""The production site under a GitHub Pages project subpath: links, pairing, feeds, sitemap."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import feedparser
import pytest

from support import publish, soup

SITEURL = "https://example.github.io/digest"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("published"), SITEURL)


def local(out: Path, url: str) -> Path | None:
    """The file an internal URL serves, or None for an external URL."""
    url = urldefrag(url)[0].split("?")[0]  # a keyword's search link: the search page serves it
    if not url.startswith(SITEURL + "/"):
        return None
    path = out / url[len(SITEURL) + 1 :]
    return path / "index.html" if url.endswith("/") else path


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_internal_link_resolves(out):
    checked = 0
    for page in pages(out):
        doc = soup(page)
        for element in doc.find_all(href=True) + doc.find_all(src=True):
            url = element.get("href") or element.get("src")
            assert not url.startswith(("/", "./", "../")), (page, url)  # published URLs are absolute
            parsed = urlparse(url)
            if parsed.scheme in ("mailto", "javascript"):
                raise AssertionError((page, url))
            target = local(out, url)
            if target is None:
                assert parsed.netloc != "example.github.io", (page, url)
                continue
            assert target.is_file(), (page, url)
            checked += 1
    assert checked > 1000


def test_site_files(out):
    assert (out / ".nojekyll").is_file()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (out / "robots.txt").read_text()
    assert (out / "en" / "about" / "index.html").is_file() and (out / "about" / "index.html").is_file()


def counterpart_and_alternates(page: Path):
    doc = soup(page)
    switch = doc.select("a.lang-switch")
    assert len(switch) == 1, page
    alternates = {link["hreflang"]: link["href"] for link in doc.select("link[rel=alternate][hreflang]")}
    return doc, switch[0], alternates


def test_every_page_pairs_with_its_counterpart(out):
    for page in pages(out):
        doc, switch, alternates = counterpart_and_alternates(page)
        lang = doc.html["lang"]
        canonical = doc.select_one("link[rel=canonical]")["href"]
        assert local(out, canonical) == page
        other = "en" if lang == "zh-CN" else "zh-CN"
        assert switch["hreflang"] == other
        assert set(alternates) == {"zh-CN", "en", "x-default"}
        assert alternates[lang] == canonical
        assert alternates[other] == switch["href"]
        assert alternates["x-default"] == alternates["zh-CN"]
        assert all(".." not in href and href.startswith("https://") for href in alternates.values())
        target = local(out, switch["href"])
        assert target and target.is_file(), (page, switch["href"])
        back_doc, back_switch, _ = counterpart_and_alternates(target)
        assert back_doc.html["lang"] == other
        assert local(out, back_switch["href"]) == page
        assert target.name != "404.html" or page.name == "404.html"  # only the not-found page pairs with one
        if page.relative_to(out).parts[0] != "en":
            assert target.relative_to(out / "en") == page.relative_to(out)


def test_switch_never_lands_on_a_home_page_from_elsewhere(out):
    for page in pages(out):
        _, switch, _ = counterpart_and_alternates(page)
        is_home = page in (out / "index.html", out / "en" / "index.html")
        lands_home = switch["href"] in (f"{SITEURL}/", f"{SITEURL}/en/")
        assert is_home == lands_home, page


def feeds(out: Path, prefix: str) -> list[Path]:
    return sorted((out / prefix / "feeds").rglob("*.xml"))


@pytest.mark.parametrize("prefix", ["", "en"])
def test_feeds_parse_and_count(out, prefix):
    papers = {p.name for p in (out / prefix / "papers").iterdir()}
    found = feeds(out, prefix)
    assert len(found) == 2 + 2 * len(list((out / prefix / "tag").iterdir()))
    for path in found:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        self_link = next(link["href"] for link in feed.feed.links if link["rel"] == "self")
        assert local(out, self_link) == path
        for entry in feed.entries:
            assert local(out, entry.link).parent.name in papers
        if path.name.startswith("all."):
            assert len(feed.entries) == len(papers) == 17
            ids = [entry.id for entry in feed.entries]
            assert len(set(ids)) == 17
            assert all(("/en/" in i) == (prefix == "en") for i in ids)
            assert all(entry.get("content") or entry.get("summary") for entry in feed.entries)
        else:
            slug = path.name.split(".")[0]
            tag_page = soup(out / prefix / "tag" / slug / "index.html")
            assert len(feed.entries) == len(tag_page.select(".paper-card"))
    home = soup(out / prefix / "index.html")
    advertised = {link["href"] for link in home.select("link[rel=alternate][type]")}
    assert {local(out, href) for href in advertised} == {
        out / prefix / "feeds" / "all.atom.xml",
        out / prefix / "feeds" / "all.rss.xml",
    }


def test_feed_titles_are_localized_and_english_feeds_hold_no_chinese(out):
    zh = feedparser.parse((out / "feeds" / "all.atom.xml").read_bytes())
    en = feedparser.parse((out / "en" / "feeds" / "all.atom.xml").read_bytes())
    assert zh.feed.title == "论文速递" and en.feed.title == "Paper Digest"
    assert zh.feed.language == "zh-CN" and en.feed.language == "en"
    rss = feedparser.parse((out / "en" / "feeds" / "all.rss.xml").read_bytes())
    assert rss.feed.language == "en"
    assert all(not entry.guidislink for entry in rss.entries)  # tag: URIs are ids, not links
    for path in feeds(out, "en"):
        text = path.read_text(encoding="utf-8")
        assert not CJK.search(text), (path, CJK.findall(text)[:5])
    tag_feed = feedparser.parse((out / "en" / "feeds" / "tag" / "computer-vision.atom.xml").read_bytes())
    assert tag_feed.feed.title == "Paper Digest - Computer Vision"


def test_tag_pages_link_their_feeds(out):
    page = soup(out / "en" / "tag" / "computer-vision" / "index.html")
    hrefs = {link["href"] for link in page.select("link[rel=alternate][type]")}
    assert f"{SITEURL}/en/feeds/tag/computer-vision.atom.xml" in hrefs
    assert f"{SITEURL}/en/feeds/tag/computer-vision.rss.xml" in hrefs


def test_sitemap_lists_both_languages_with_alternates(out):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(out / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    listed = [p for p in pages(out) if p.name == "index.html" and p.parent.name != "search"]
    assert len(urls) == len(listed)
    for url in urls:
        loc = url.find("s:loc", ns).text
        assert local(out, loc).is_file()
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(links) == {"zh-CN", "en", "x-default"}
        assert loc in links.values()
        assert all(local(out, href).is_file() for href in links.values())


def test_no_third_party_requests(out):
    for page in pages(out):
        doc = soup(page)
        for element in doc.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            url = element.get("src") or (element.get("href") if element.name == "link" else None)
            if url:
                assert url.startswith(SITEURL + "/"), (page, url)
        assert not doc.find("script", src=True) or all(
            s["src"].startswith(SITEURL) for s in doc.find_all("script", src=True)
        )


def paper_pages(out: Path, prefix: str) -> list[Path]:
    return sorted((out / prefix / "papers").glob("*/index.html"))


@pytest.mark.parametrize("prefix", ["", "en"])
def test_json_ld_describes_each_paper(out, prefix):
    import json

    for page in paper_pages(out, prefix):
        doc = soup(page)
        (script,) = doc.select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        arxiv_id = page.parent.name
        assert data["@type"] == "ScholarlyArticle"
        assert data["inLanguage"] == doc.html["lang"]
        assert data["identifier"]["value"] == arxiv_id
        assert data["sameAs"] == f"https://arxiv.org/abs/{arxiv_id}"
        assert data["url"] == doc.select_one("link[rel=canonical]")["href"]
        assert [a["name"] for a in data["author"]] == [m["content"] for m in doc.select("meta[name=citation_author]")]
        assert data["datePublished"].startswith("2024-0")
        zh_url = f"{SITEURL}/papers/{arxiv_id}/#summary"
        if prefix == "en":
            assert data["translationOfWork"] == {"@id": zh_url}
        else:
            assert data["@id"] == zh_url
            assert data["workTranslation"] == [{"@id": f"{SITEURL}/en/papers/{arxiv_id}/#summary", "inLanguage": "en"}]


@pytest.mark.parametrize("prefix", ["", "en"])
def test_bibtex_files_parse_and_match_the_pages(out, prefix):
    import bibtexparser

    library = bibtexparser.parse_string((out / prefix / "bib" / "all.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks and len(library.entries) == 17
    for tag_dir in (out / prefix / "tag").iterdir():
        bib = bibtexparser.parse_string(
            (out / prefix / "bib" / "tag" / f"{tag_dir.name}.bib").read_text(encoding="utf-8")
        )
        assert not bib.failed_blocks
        assert len(bib.entries) == len(soup(tag_dir / "index.html").select(".paper-card"))
    page = soup(out / prefix / "papers" / "2408.00714" / "index.html")
    entry = page.select_one(".cite code").get_text()
    assert entry.startswith("@misc{ravi2024sam,") and 'eprint = "2408.00714"' in entry


def test_related_papers_are_stable_between_builds(out, tmp_path):
    again = publish(tmp_path / "again", SITEURL)
    for prefix in ("", "en"):
        for page in paper_pages(out, prefix):
            first = [a["href"] for a in soup(page).select(".related a")]
            second = [a["href"] for a in soup(again / page.relative_to(out)).select(".related a")]
            assert first == second and 1 <= len(first) <= 5, page


def test_archive_by_digest_date_in_both_languages(out):
    for prefix in ("", "en"):
        index = soup(out / prefix / "archive" / "index.html")
        days = [a["href"] for a in index.select(".archive-index a")]
        assert days == [
            f"{SITEURL}/{prefix + '/' if prefix else ''}archive/2024/08/01/",
            f"{SITEURL}/{prefix + '/' if prefix else ''}archive/2024/07/01/",
        ]
        august = soup(out / prefix / "archive" / "2024" / "08" / "01" / "index.html")
        assert len(august.select(".paper-card")) == 15


@pytest.mark.parametrize(("prefix", "language"), [("", "zh-cn"), ("en", "en")])
def test_each_language_has_its_own_search_index(out, prefix, language):
    import json

    bundles = out / prefix / "pagefind"
    assert sorted(p.name for p in bundles.iterdir() if p.is_dir()) == ["1"]  # 17 papers: one shard
    entry = json.loads((bundles / "1" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [language]
    assert entry["languages"][language]["page_count"] == 17


def test_the_published_folder_holds_no_build_bookkeeping(out):
    from paper_digest.commands.bookkeeping import state_folder

    hidden = [p.relative_to(out).as_posix() for p in out.rglob(".*")]
    assert hidden == [".nojekyll"]
    assert not list(out.rglob("shards.json"))
    kept = state_folder(out)  # beside the site, for the next build's reuse
    assert (kept / "pagefind" / "shards.json").is_file() and (kept / "en" / "pagefind" / "shards.json").is_file()
    assert (kept / "pagefind" / "shards" / "1" / "pagefind-entry.json").is_file()  # the shards merged from


def test_every_page_has_a_strict_content_security_policy(out):
    for page in pages(out):
        doc = soup(page)
        head = doc.head.find_all("meta")
        assert head[0].get("charset") == "utf-8"
        csp = head[1]
        assert csp.get("http-equiv") == "Content-Security-Policy", page
        policy = dict(part.strip().split(" ", 1) for part in csp["content"].split(";"))
        assert policy["default-src"] == "'self'" and policy["style-src"] == "'self'"
        assert "unsafe-inline" not in csp["content"] and "unsafe-eval'" not in csp["content"].replace(
            "wasm-unsafe-eval'", ""
        )
        assert policy["object-src"] == "'none'"
        for script in doc.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", page
        assert not doc.find("style") and not doc.find(style=True)
        assert not any(attr.startswith("on") for tag in doc.find_all(True) for attr in tag.attrs), page
        for link in doc.find_all("a", href=True):
            if not link["href"].startswith((SITEURL, "#")):
                assert link.get("rel") == ["noopener", "noreferrer"], (page, link)
