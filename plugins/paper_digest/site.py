"""Pelican glue: papers -> Article objects in the site's language, plus gettext and Babel dates.

Knows Pelican and Jinja. Parsing (parse), rendering (render) and the English
(english) are called from here through the cache, never reimplemented; no HTTP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import logging
import os
import pickle
from collections.abc import Iterable
from functools import cached_property, lru_cache, partial
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from bs4 import BeautifulSoup
from jinja2 import pass_context
from markupsafe import Markup
from pelican.contents import Article
from pelican.urlwrappers import Tag as PelicanTag

from .bibtex import bibliography, bibtex_entry
from .cache import DigestCache
from .constant_gettext import ConstantGettext
from .english import PENDING_CLASS, SOURCE_LANG, EnglishMemory, EnglishPaper
from .load import digest_files, load_papers, read_digest
from .memory import glossary_path, load_memory
from .model import DigestError, Location, Paper, Problem
from .parse import parse_digest
from .related import related_papers
from .render import SectionRenderer
from .search import shard_plan
from .segments import skeleton
from .text import CJK

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Digest files, folders or globs; relative paths are taken from the project root.
    "PAPER_DIGEST_PATHS": ["seeds"],
    # The tag registry and the translation memory folder, relative to the content folder.
    "PAPER_DIGEST_TAGS": "tags.toml",
    "PAPER_DIGEST_MEMORY": "translations",
    # Production builds refuse to publish a paper whose English is incomplete.
    "PAPER_DIGEST_REQUIRE_TRANSLATIONS": False,
    # Markdown extensions used to render each section body.
    "PAPER_DIGEST_MARKDOWN_EXTENSIONS": ["extra", "sane_lists"],
    # Parsed and rendered digests are kept here between builds (relative to the project root; None: off).
    "PAPER_DIGEST_CACHE": "cache",
    # Translated sites: {prefix: settings overrides}; each is built into OUTPUT_PATH/prefix.
    "PAPER_DIGEST_SUBSITES": {},
    # Build the Pagefind search index of each language (the search page needs it).
    "PAPER_DIGEST_SEARCH": True,
    # Papers per search shard (one Pagefind run each): Pagefind needs about 60 MB + 0.25 MB per Chinese
    # page, and a rebuild re-indexes the shards whose pages changed; readers fetch one more small
    # metadata file per shard, and one more index chunk per query word.
    "PAPER_DIGEST_SEARCH_SHARD_PAPERS": 500,
    # The last build of this site and its bookkeeping, whose unchanged pages and search shards are reused
    # (set by the build, not by hand).
    "PAPER_DIGEST_PREVIOUS_OUTPUT": None,
    "PAPER_DIGEST_PREVIOUS_STATE": None,
}
SUMMARY_CHARS = 160


def settings_with_defaults(settings: dict) -> dict:
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in settings.items() if k.startswith("PAPER_DIGEST_")})
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    merged["PAPER_DIGEST_PATHS"] = [os.path.join(root, p) for p in merged["PAPER_DIGEST_PATHS"]]
    if merged["PAPER_DIGEST_CACHE"]:
        merged["PAPER_DIGEST_CACHE"] = os.path.join(root, merged["PAPER_DIGEST_CACHE"])
    for key in ("PAPER_DIGEST_TAGS", "PAPER_DIGEST_MEMORY"):
        merged[key] = os.path.join(settings["PATH"], merged[key])
    return merged


def babel_locale(settings: dict) -> Locale:
    return Locale.parse(settings.get("DEFAULT_LANG", "en"), sep="-")


def load_translations(theme: str, locale: Locale) -> NullTranslations:
    """The theme's catalog for `locale`, compiled in memory (compiled files are never committed)."""
    folder = os.path.join(theme, "translations")
    for name in (str(locale), f"{locale.language}_{locale.territory}", locale.language):
        po_path = os.path.join(folder, name, "LC_MESSAGES", "messages.po")
        if os.path.exists(po_path):
            break
    else:
        if locale.language == "en":
            return NullTranslations()  # msgids are English
        raise DigestError(
            [
                Problem(
                    Location(folder, 0), f"the theme has no catalog for '{locale}': create it with 'invoke i18n-update'"
                )
            ]
        )
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def html_lang(locale: Locale) -> str:
    """BCP 47 tag for lang/hreflang attributes: zh-CN, en."""
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def install_theme_helpers(generator) -> None:
    """Give the theme gettext and Babel dates before anything renders (Pelican installs neither)."""
    settings = generator.settings
    locale = babel_locale(settings)
    env = generator.env
    translations = load_translations(settings["THEME"], locale)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations, newstyle=True)
    env.constant_translations = translations
    env.add_extension(ConstantGettext)
    env.globals["HTML_LANG"] = html_lang(locale)
    env.globals["paper_card"] = paper_card
    env.filters["month"] = lru_cache(maxsize=4096)(partial(_format_month, locale=locale))
    env.filters["day"] = partial(format_date, format="long", locale=locale)
    env.filters["jsonld_person"] = lambda name: {"@type": "Person", "name": name}
    env.tests["latin"] = lambda text: not CJK.search(str(text))
    # Chinese shown on another language's page (a label or name not yet translated) is marked as such.
    marked = Markup(f' lang="{SOURCE_LANG}"') if locale.language != "zh" else Markup("")
    env.filters["source_lang"] = lambda text: marked if CJK.search(str(text)) else Markup("")
    env.filters["in_its_lang"] = lambda text: (
        Markup("<span%s>%s</span>") % (marked, text) if marked and CJK.search(str(text)) else text
    )
    env.filters["isodate"] = lambda value: (
        value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    )


@pass_context
def paper_card(context, article) -> Markup:
    """The theme's paper_card macro, rendered once per article and site root.

    A paper is listed on the home pages, its tags' pages and its day's archive,
    and its card is the same on all of them (the links differ only by SITEURL).
    """
    env = context.environment
    siteurl = context.get("SITEURL")
    cards = env.__dict__.setdefault("paper_cards", {})
    key = (id(article), siteurl)  # not save_as: ARTICLE_SAVE_AS = "" gives every article the same one
    if key not in cards:
        macros = env.__dict__.setdefault("paper_card_macros", {})
        if siteurl not in macros:
            macros[siteurl] = env.get_template("_macros.html").make_module(context.get_all())
        cards[key] = (article, macros[siteurl].paper_card(article))  # the article kept alive: its id stays its own
    return cards[key][1]


def _format_month(value: dt.date, locale: Locale) -> str:
    return format_skeleton("yMMMM", value, locale=locale)


class PaperArticle(Article):
    """An article whose URLs are computed once: templates ask for them on every page that lists it."""

    @cached_property
    def url(self):
        return super().url

    @cached_property
    def save_as(self):
        return super().save_as

    @cached_property
    def inputs_digest(self) -> bytes:
        """A hash of page_inputs(), computed once: the paper's page and every feed that lists it use it."""
        return hashlib.sha256(self.page_inputs()).digest()

    def page_inputs(self) -> bytes:
        """Everything of this article its page or a feed entry can show, for their fingerprints (see reuse.py)."""

        def brief(other):
            return None if other is None else (other.title, other.url, other.date.isoformat())

        return pickle.dumps(
            (
                self.save_as,
                self.url,
                self.title,
                self.summary,
                self.date.isoformat(),
                [(str(tag), tag.slug, tag.url) for tag in self.tags],
                self.paper,
                self.paper_sections,
                self.bibtex,
                getattr(self, "translation", None),
                getattr(self, "pending_in", None),
                self.authors_shown,
                self.affiliations_shown,
                [brief(other) for other in getattr(self, "related", [])],
                brief(getattr(self, "prev_article", None)),
                brief(getattr(self, "next_article", None)),
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )


class Tag(PelicanTag):
    """Pelican's Tag with its URLs computed once: every card and page that shows a tag asks for them.

    Named Tag because Pelican finds TAG_URL and TAG_SAVE_AS by the class name.
    """

    @cached_property
    def url(self):
        return self._from_settings("URL")

    @cached_property
    def save_as(self):
        return self._from_settings("SAVE_AS")

    @cached_property
    def page_name(self):
        return self._from_settings("URL", get_page_name=True)


def _pelican_tags(tags, label, generator) -> list[Tag]:
    """One Pelican tag per registry tag and site, shared by all its papers."""
    shared = generator.__dict__.setdefault("paper_tags", {})
    result = []
    for tag in tags:
        key = (tag.slug, label(tag))
        if key not in shared:
            pelican_tag = Tag(key[1], generator.settings)
            pelican_tag.slug = tag.slug  # the registry's ASCII slug in every language, never a transliteration
            shared[key] = pelican_tag
        result.append(shared[key])
    return result


def _article(paper: Paper, generator, *, title, tags, sections, summary, extra) -> Article:
    content = "\n".join((f"<h2>{h}</h2>\n" if h else "") + body for h, body in sections)
    metadata = {
        "title": title,
        "date": dt.datetime.combine(paper.date, dt.time()),
        "slug": paper.arxiv_id,
        "tags": tags,
        "summary": summary or _cut(paper.title),
        "paper": paper,
        "paper_sections": sections,
        "bibtex": bibtex_entry(paper),
        **extra,
    }
    return PaperArticle(
        content,
        metadata=metadata,
        settings=generator.settings,
        source_path=os.path.abspath(paper.source.path),
        context=generator.context,
    )


class Rendered(NamedTuple):
    """A paper's sections as HTML, and its summary."""

    sections: tuple[str, ...]
    summary: str


class Translated(NamedTuple):
    """A paper's English, its summary, and the problems its catalog had."""

    english: EnglishPaper
    summary: str
    problems: list[Problem]


def chinese_article(paper: Paper, generator, rendered: Rendered) -> Article:
    return _article(
        paper,
        generator,
        title=paper.title_zh or paper.title,
        tags=_pelican_tags(paper.tags, lambda t: t.zh, generator),
        sections=[(html.escape(s.heading), body) for s, body in zip(paper.sections, rendered.sections, strict=True)],
        summary=rendered.summary,
        extra={"authors_shown": paper.authors, "affiliations_shown": paper.affiliations},
    )


def english_article(paper: Paper, generator, translated: Translated) -> Article:
    english = translated.english
    return _article(
        paper,
        generator,
        title=paper.title,
        tags=_pelican_tags(english.tags, lambda t: t.en, generator),
        sections=english.sections,
        summary=translated.summary,
        extra={
            "translation": english.status,
            "pending_blocks": english.pending_blocks,
            "pending_segments": len(english.missing),
            "pending_in": [generator.settings.get("PAPER_DIGEST_SITE_PREFIX", "")] if english.missing else [],
            "authors_shown": english.authors,
            "affiliations_shown": english.affiliations,
        },
    )


def first_block_text(bodies: Iterable[str]) -> str:
    """Plain text of the first paragraph or list item, cut to a meta description's length.

    Text still awaiting translation is passed over: an English description is English or empty.
    """
    for body in bodies:
        soup = BeautifulSoup(body, "html.parser")
        for block in soup.find_all(["p", "li"]) or [soup]:
            if block.find(class_=PENDING_CLASS) is None and block.get_text().strip():
                return _cut(" ".join(block.get_text().split()))
    return ""


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


class CachedDigests:
    """Parse, render and translate each digest once per content: from the cache when it has them, else now.

    A digest's cache entries are split by who needs them, so each language's run
    reads only its own: the papers (both), their HTML (the Chinese site), the
    skeletons of that HTML (making the English) and the English itself.
    """

    def __init__(self, folder: str | None, extensions: list[str]):
        self.cache = DigestCache(folder)
        self.extensions = extensions
        self.renderer = SectionRenderer(extensions)
        self._keys: dict[str, str] = {}  # digest path -> its papers' cache key
        self._made: dict[str, object] = {}  # entries made by this process (the cache may be off)

    def _get(self, key: str):
        found = self._made.get(key)
        return self.cache.get(key) if found is None else found

    def _put(self, key: str, value) -> None:
        self._made[key] = value
        self.cache.put(key, value)

    def _digest_key(self, text: str, path: str) -> str:
        return self.cache.key(path, text, "|".join(self.extensions))

    def parse(self, text: str, path: str):
        key = self._digest_key(text, path)
        self._keys[path] = key
        entry = self._get(key)
        return self._parse_now(text, path, key) if entry is None else entry

    def _parse_now(self, text: str, path: str, key: str):
        papers, problems = parse_digest(text, path)
        html, skeletons = {}, {}
        for paper in papers:
            sections = tuple(self.renderer.render(s.markdown) for s in paper.sections)
            html[paper.arxiv_id] = Rendered(sections, first_block_text(sections))
            skeletons[paper.arxiv_id] = tuple(skeleton(body) for body in sections)
        self._put(self.cache.key(key, "html"), html)
        self._put(self.cache.key(key, "skeletons"), skeletons)
        self._put(key, (papers, problems))
        return papers, problems

    def rendered(self, papers: list[Paper]) -> dict[str, Rendered]:
        """The HTML of these papers, which must come from digests this object has parsed."""
        found: dict[str, Rendered] = {}
        for path in dict.fromkeys(paper.source.path for paper in papers):
            found.update(self._part(path, "html"))
        return found

    def _part(self, path: str, part: str) -> dict:
        key = self._keys[path]
        value = self._get(self.cache.key(key, part))
        if value is None:  # gone from the cache since the papers were read: parse again
            text, _ = read_digest(path)
            if text is None or self._digest_key(text, path) != key:  # never keep new text under the old key
                raise DigestError([Problem(Location(path, 0), "the digest changed during the build; build again")])
            self._parse_now(text, path, key)
            value = self._made[self.cache.key(key, part)]
        return value

    def translated(self, papers: list[Paper], memory: EnglishMemory, context: str) -> dict[str, Translated]:
        """Each paper's English, kept per digest for its Chinese, its catalogs and `context` (glossary, tags)."""
        by_digest: dict[str, list[Paper]] = {}
        for paper in papers:
            by_digest.setdefault(paper.source.path, []).append(paper)
        found: dict[str, Translated] = {}
        for path, group in by_digest.items():
            key = self.cache.key(self._keys[path], "english", context, memory.catalogs_key(group))
            entry = self._get(key)
            if entry is None:  # the key names the group's catalogs, so an entry holds every paper of it
                entry = self._translate(path, group, memory)
                self._put(key, entry)
            found.update(entry)
        return found

    def _translate(self, path: str, papers: list[Paper], memory: EnglishMemory) -> dict[str, Translated]:
        skeletons = self._part(path, "skeletons")
        memory.preload(papers)
        entry = {}
        for paper in papers:
            known = len(memory.problems)
            english = memory.for_paper(paper, list(skeletons[paper.arxiv_id]))
            summary = first_block_text(body for _, body in english.sections)
            entry[paper.arxiv_id] = Translated(english, summary, memory.problems[known:])
        return entry


def english_context(options: dict) -> str:
    """What every paper's English depends on besides its own digest and catalog: the glossary and the tags."""
    parts = []
    for path in (glossary_path(options["PAPER_DIGEST_MEMORY"]), Path(options["PAPER_DIGEST_TAGS"])):
        try:
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            parts.append("-")
    return "|".join(parts)


def prepare_digests(settings: dict, share: int = 0, shares: int = 1) -> None:
    """Parse and render into the cache every `shares`-th digest file, starting at `share` (a warm-up pass).

    When the site has translated languages, those papers' English is made too,
    so the English run does not do all of that work alone.
    """
    options = settings_with_defaults(settings)
    digests = CachedDigests(options["PAPER_DIGEST_CACHE"], options["PAPER_DIGEST_MARKDOWN_EXTENSIONS"])
    files, _ = digest_files(options["PAPER_DIGEST_PATHS"])
    papers, _ = load_papers(files[share::shares], options["PAPER_DIGEST_TAGS"], digests.parse)
    if options["PAPER_DIGEST_SUBSITES"] and papers:
        glossary, _ = load_memory(glossary_path(options["PAPER_DIGEST_MEMORY"]))
        memory = EnglishMemory(options["PAPER_DIGEST_MEMORY"], glossary, digests.cache)
        digests.translated(papers, memory, english_context(options))


def add_papers(generator) -> None:
    """Turn every digest paper into an article before Pelican builds tags and archives."""
    settings = generator.settings
    options = settings_with_defaults(settings)
    digests = CachedDigests(options["PAPER_DIGEST_CACHE"], options["PAPER_DIGEST_MARKDOWN_EXTENSIONS"])
    papers, problems = load_papers(options["PAPER_DIGEST_PATHS"], options["PAPER_DIGEST_TAGS"], digests.parse)
    if settings.get("PAPER_DIGEST_SITE_PREFIX"):  # warnings once, from the main language's run
        problems = [p for p in problems if p.fatal]
    _raise_fatal(problems)
    generator.paper_warnings = [str(p) for p in problems if not p.fatal]  # for the build's report
    if babel_locale(settings).language == "zh":
        rendered = digests.rendered(papers)
        articles = [chinese_article(paper, generator, rendered[paper.arxiv_id]) for paper in papers]
        for article in articles:
            article.pending_in = []
        if _translated_prefixes(settings) and _public(settings):  # hreflang only points at complete pages
            glossary, _ = load_memory(glossary_path(options["PAPER_DIGEST_MEMORY"]))
            memory = EnglishMemory(options["PAPER_DIGEST_MEMORY"], glossary, digests.cache)
            english = digests.translated(papers, memory, english_context(options))
            for article in articles:
                if english[article.paper.arxiv_id].english.missing:
                    article.pending_in = _translated_prefixes(settings)
    else:
        articles = _english_articles(generator, options, papers, digests)
    by_id = {article.paper.arxiv_id: article for article in articles}
    for arxiv_id, related in related_papers(papers).items():
        by_id[arxiv_id].related = [by_id[other] for other in related]
    generator.articles = sorted([*generator.articles, *articles], key=lambda a: (a.date, a.slug), reverse=True)
    for newer, older in pairwise(generator.articles):  # "previous" is the newer neighbour
        older.prev_article, newer.next_article = newer, older
    shard_papers = options["PAPER_DIGEST_SEARCH_SHARD_PAPERS"]
    if not isinstance(shard_papers, int) or isinstance(shard_papers, bool) or shard_papers < 1:
        where = Location("PAPER_DIGEST_SEARCH_SHARD_PAPERS", 0)
        raise DigestError([Problem(where, f"must be a positive whole number of papers, not {shard_papers!r}")])
    generator.paper_search_shards = shard_plan(
        (((a.paper.published, a.slug), a.save_as) for a in articles), shard_papers
    )
    if not options["PAPER_DIGEST_SEARCH"]:
        generator.paper_search_shards = []
    generator.context["SEARCH_BUNDLES"] = [shard.name for shard in generator.paper_search_shards]
    logger.info("paper_digest: %d papers (%s)", len(articles), settings.get("DEFAULT_LANG"))


def _translated_prefixes(settings: dict) -> list[str]:
    return [language.prefix for language in settings.get("PAPER_DIGEST_LANGUAGES") or [] if language.prefix]


def _public(settings: dict) -> bool:
    return settings.get("PAPER_DIGEST_ROOT_URL", "").startswith(("http://", "https://"))


def _english_articles(generator, options: dict, papers: list[Paper], digests: CachedDigests) -> list[Article]:
    glossary, problems = load_memory(glossary_path(options["PAPER_DIGEST_MEMORY"]))
    memory = EnglishMemory(options["PAPER_DIGEST_MEMORY"], glossary, digests.cache)
    translated = digests.translated(papers, memory, english_context(options))
    articles, pending = [], []
    for paper in papers:
        english = translated[paper.arxiv_id]
        problems += english.problems
        if english.english.missing:
            pending.append((paper, len(english.english.missing)))
        articles.append(english_article(paper, generator, english))
    if pending and options["PAPER_DIGEST_REQUIRE_TRANSLATIONS"]:
        problems += [
            Problem(paper.source, f"paper {paper.arxiv_id} has {count} untranslated segment(s): run 'invoke translate'")
            for paper, count in pending
        ]
    elif pending:
        listing = ", ".join(f"{paper.arxiv_id} ({count})" for paper, count in pending)
        published = " (noindex, left out of the sitemap and the English feeds)" if _public(generator.settings) else ""
        logger.warning(
            "English pending for %d paper(s), shown in Chinese where untranslated%s: %s. Run 'invoke translate'.",
            len(pending),
            published,
            listing,
        )
    _raise_fatal(problems)
    return articles


def _raise_fatal(problems: list[Problem]) -> None:
    for warning in (p for p in problems if not p.fatal):
        logger.warning("%s", warning)
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise DigestError(fatal)


class TaggedArticles(list):
    """A tag's articles with constant-time membership: Pelican tests every article against every tag's list."""

    def __init__(self, articles):
        super().__init__(articles)
        self._ids = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._ids


def add_tag_counts(generator) -> None:
    """Tags with their paper counts, most used first, for the tags page; tag lists made quick to search."""
    for tag, articles in generator.tags.items():
        generator.tags[tag] = TaggedArticles(articles)
    generator.context["tags"] = list(generator.tags.items())
    counts = ((tag, len(articles)) for tag, articles in generator.tags.items())
    generator.context["tag_counts"] = sorted(counts, key=lambda pair: (-pair[1], pair[0].slug))


def write_bibliographies(generator, writer=None) -> None:
    """bib/all.bib and bib/tag/SLUG.bib for each site, after Pelican has emptied and filled the output."""
    papers = [a.paper for a in generator.articles if hasattr(a, "paper")]
    entries = {a.paper.arxiv_id: a.bibtex for a in generator.articles if hasattr(a, "paper")}
    folder = os.path.join(generator.output_path, "bib")
    os.makedirs(os.path.join(folder, "tag"), exist_ok=True)
    _write(os.path.join(folder, "all.bib"), bibliography(papers, entries))
    for tag, articles in generator.tags.items():
        tagged = [a.paper for a in articles if hasattr(a, "paper")]
        _write(os.path.join(folder, "tag", f"{tag.slug}.bib"), bibliography(tagged, entries))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
