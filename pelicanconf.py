"""Preview settings: the Chinese site at /, built from the digests in seeds/."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "论文速递"
SITESUBTITLE = "arXiv 新论文中文摘要"
AUTHOR = SITENAME
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "zh-CN"
TIMEZONE = "UTC"

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["paper_digest"]
# Parsed and rendered digests are kept here between builds (gitignored); tests point it elsewhere.
PAPER_DIGEST_CACHE = os.environ.get("PAPER_DIGEST_CACHE", "cache")

# Digests are read by the paper_digest plugin, not by Pelican's readers.
PAPER_DIGEST_PATHS = ["seeds"]
PAPER_DIGEST_TAGS = "tags.toml"
PAPER_DIGEST_MEMORY = "translations"
# The English site: a second Pelican run with these overrides, written to output/en/.
PAPER_DIGEST_SUBSITES = {
    "en": {
        "DEFAULT_LANG": "en",
        "SITENAME": "Paper Digest",
        "SITESUBTITLE": "Summaries of new arXiv papers, translated from Chinese",
        "AUTHOR": "Paper Digest",
        "PAGE_PATHS": ["pages/en"],
    }
}
ARTICLE_PATHS: list[str] = []
PAGE_PATHS = ["pages/zh"]
STATIC_PATHS = []
IGNORE_FILES = ["tags.toml", "translations", ".#*"]

# Escape everything the templates print unless marked safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

ARTICLE_URL = "papers/{slug}/"
ARTICLE_SAVE_AS = "papers/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "404"]
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"
DAY_ARCHIVE_URL = "archive/{date:%Y}/{date:%m}/{date:%d}/"
DAY_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/{date:%d}/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# arXiv's categories (cs.CV…), from the stored records: a second axis beside the topics.
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

DEFAULT_PAGINATION = 30
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
FEED_MAX_ITEMS = 50
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Each build writes a fresh staging folder that replaces output/ only when it succeeded.
DELETE_OUTPUT_DIRECTORY = True

# The preview has no public URL; its feeds are for local checks only.
LOG_FILTER = [(30, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
