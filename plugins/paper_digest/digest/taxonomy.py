"""The topic registry: raw tag -> topics, deterministically; a paper's topics and its unmapped raw tags.

The registry lives in content/tags.toml so editors curate it next to the content. Topics are few and
curated; the digest's raw tags stay on their papers as keywords, whatever they map to.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from ..problems import NOTE, WARNING, Location, Problem
from .labels import LABEL_PREFIX, TAGGISH
from .model import Paper, RawTag, Tag
from .text import CJK, fold

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GLOSS = re.compile(r"\s*[（(]([^（）()]*)[)）]\s*")
_JOINERS = re.compile(r"[-_\u2010-\u2015]")
_WORDY = re.compile(r"[^\W_]")
_KEYS = {"zh", "en", "aliases", "terms"}

MAX_TOPICS = 5
# Inference from the title and text is conservative: a topic must be mentioned at least twice (a title
# mention counts three times); only a paper that would otherwise have no topic takes the best single hit.
INFER_MIN_SCORE = 2
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class TagEntry:
    tag: Tag
    aliases: tuple[str, ...]
    terms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Everything that names the topic outright (a raw tag equal to one maps to it)."""
        return (self.tag.slug, self.tag.zh, self.tag.en, *self.aliases)


def key(text: str) -> str:
    """A name as a comparison key: width-, case- and space-insensitive, and a hyphen or underscore counts as a
    space (Text-to-Image, text to image)."""
    return " ".join(_JOINERS.sub(" ", fold(text)).split())


def raw_forms(raw: str) -> list[str]:
    """A raw tag as comparison keys, best first: without a label prefix ('主题分类：'), then without its
    bracketed glosses ('大型语言模型（LLMs）' -> '大型语言模型'), then each gloss ('LLMs'). None for a tag
    without a word in it ('（）', '-')."""
    text = fold(raw)
    labelled = LABEL_PREFIX.match(text)
    if labelled and TAGGISH.search(labelled.group("label")):
        text = labelled.group("rest").strip()
    glosses = _GLOSS.findall(text)
    bare = _GLOSS.sub(" ", text)
    return list(dict.fromkeys(key(form) for form in (text, bare, *glosses) if _WORDY.search(form)))


class Registry:
    def __init__(self, entries: list[TagEntry]):
        self.entries = entries
        self._by_name: dict[str, Tag] = {}
        self._by_term: dict[str, Tag] = {}
        for entry in entries:
            for name in entry.names:
                self._by_name.setdefault(key(name), entry.tag)
        for entry in entries:
            for term in (*entry.names[1:], *entry.terms):
                self._by_term.setdefault(key(term), entry.tag)
        self._latin = {term for term in self._by_term if not CJK.search(term)}
        self._by_first: dict[str, list[str]] = {}  # terms by their first character: a text lacks most of them
        for term in self._by_term:
            self._by_first.setdefault(term[0], []).append(term)
        self._order = {entry.tag.slug: n for n, entry in enumerate(entries)}

    def lookup(self, raw: str) -> Tag | None:
        """The topic a raw tag names outright (its label, English label, slug or an alias)."""
        return self._named(raw_forms(raw))

    def topics_of(self, raw: str) -> tuple[Tag, ...]:
        """A raw tag's topics: the one it names, else every registry term found inside it, in order."""
        forms = raw_forms(raw)
        exact = self._named(forms)
        if exact is not None:
            return (exact,)
        found: dict[str, Tag] = {}
        for form in forms:
            for tag in self.mentions(form):
                found.setdefault(tag.slug, tag)
        return tuple(found.values())

    def _named(self, forms: list[str]) -> Tag | None:
        return next((self._by_name[form] for form in forms if form in self._by_name), None)

    def mentions(self, folded: str) -> list[Tag]:
        """The topic of each registry term in a folded text, leftmost-longest and never overlapping, so
        视觉语言模型 is one mention (vision-language models), not 视觉 + 语言模型. Chinese terms count anywhere,
        Latin ones as whole words."""
        found = []
        candidates = [term for first in set(folded) & self._by_first.keys() for term in self._by_first[first]]
        for term in candidates:
            tag = self._by_term[term]
            start = folded.find(term)
            while start != -1:
                end = start + len(term)
                if term not in self._latin or not (_alnum_at(folded, start - 1) or _alnum_at(folded, end)):
                    found.append((start, -len(term), end, tag))
                start = folded.find(term, start + 1)
        found.sort(key=lambda hit: hit[:3])
        mentioned, reached = [], 0
        for start, _, end, tag in found:
            if start >= reached:
                mentioned.append(tag)
                reached = end
        return mentioned

    def infer(self, title: str, text: str) -> list[Tag]:
        """Topics the paper mentions often enough (a title mention weighs more); the single best one when
        none is mentioned that often."""
        scores: dict[str, int] = {}
        tags: dict[str, Tag] = {}
        for weight, part in ((TITLE_WEIGHT, title), (1, text)):
            for tag in self.mentions(key(part)):
                scores[tag.slug] = scores.get(tag.slug, 0) + weight
                tags[tag.slug] = tag
        ranked = sorted(scores, key=lambda slug: (-scores[slug], self._order[slug]))
        strong = [tags[slug] for slug in ranked if scores[slug] >= INFER_MIN_SCORE]
        return strong[:MAX_TOPICS] or [tags[slug] for slug in ranked[:1]]


def _alnum_at(text: str, position: int) -> bool:
    return 0 <= position < len(text) and text[position].isascii() and text[position].isalnum()


def load_registry(text: str, path: str) -> tuple[Registry, list[Problem]]:
    """Parse tags.toml; problems name the line of the offending table."""
    problems: list[Problem] = []

    def where(slug: str | None = None) -> Location:
        if slug is not None:
            for number, line in enumerate(text.splitlines(), 1):
                if line.strip() in (f"[{slug}]", f'["{slug}"]'):
                    return Location(path, number)
        return Location(path, 1)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return Registry([]), [Problem(Location(path, int(line.group(1)) if line else 1), f"not valid TOML: {error}")]

    entries: list[TagEntry] = []
    owner: dict[str, str] = {}
    for slug, table in data.items():
        if not isinstance(table, dict):
            problems.append(Problem(where(), f"'{slug}' must be a table: write [{slug}] with zh, en, aliases"))
            continue
        if not _SLUG.match(slug):
            problems.append(Problem(where(slug), f"slug '{slug}' must be lowercase ASCII words joined by '-'"))
        zh, en = table.get("zh"), table.get("en")
        aliases, terms = table.get("aliases", []), table.get("terms", [])
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            problems.append(Problem(where(slug), f"tag '{slug}': unknown key(s) {', '.join(unknown)}; "
                                                 "a tag has zh, en, aliases and terms"))  # fmt: skip
        if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
            problems.append(Problem(where(slug), f"tag '{slug}' needs non-empty zh and en labels"))
            continue
        if not all(isinstance(v, list) and all(isinstance(a, str) and a.strip() for a in v) for v in (aliases, terms)):
            problems.append(Problem(where(slug), f"tag '{slug}': aliases and terms must be lists of non-empty strings"))
            continue
        for name in (slug, zh, en, *aliases, *terms):
            other = owner.setdefault(key(name), slug)
            if other != slug:
                problems.append(
                    Problem(where(slug), f"'{name}' names both '{other}' and '{slug}': keep it in one tag only")
                )
        entries.append(TagEntry(Tag(slug, zh.strip(), en.strip()), tuple(aliases), tuple(terms)))
    return Registry(entries), problems


def assign_topics(paper: Paper, registry: Registry) -> tuple[tuple[Tag, ...], list[RawTag]]:
    """A paper's topics (its raw tags', else inferred from its title and text; at most five) and the raw
    tags that map to no topic (they stay on the paper as keywords)."""
    topics: dict[str, Tag] = {}
    unmapped = []
    for raw in paper.raw_tags:
        found = registry.topics_of(raw.text)
        if not found and raw_forms(raw.text):
            unmapped.append(raw)
        for tag in found:
            topics.setdefault(tag.slug, tag)
    if not topics:
        text = "\n".join(s.markdown for s in paper.sections)
        topics = {tag.slug: tag for tag in registry.infer(f"{paper.title} {paper.title_zh or ''}", text)}
    return tuple(topics.values())[:MAX_TOPICS], unmapped


def keywords_of(paper: Paper, topics: tuple[Tag, ...]) -> tuple[str, ...]:
    """The raw tags as written (aliases too: 手机端部署 says more than its topic), once each, less those that
    only repeat one of the paper's topic labels (大型语言模型（LLMs） beside 大型语言模型) and those without a word."""
    labels = {key(label) for tag in topics for label in (tag.zh, tag.en)}
    shown, seen = [], set()
    for raw in paper.raw_tags:
        forms = raw_forms(raw.text)
        if forms and forms[0] not in seen and not labels.intersection(forms[:2]):
            seen.add(forms[0])
            shown.append(raw.text)
    return tuple(shown)


def wordless(paper: Paper) -> list[Problem]:
    """Raw tags with no word in them ('（）', '-'): neither topic nor keyword, and said so."""
    return [
        Problem(raw.location, f"tag '{raw.text}' has no word in it and is not shown; delete it", WARNING)
        for raw in paper.raw_tags
        if not raw_forms(raw.text)
    ]


def unmapped_summary(unmapped: list[RawTag], untopical: list[Paper], registry_path: str) -> list[Problem]:
    """One line for the whole build, never one per raw tag: the triage command has the details."""
    if not unmapped and not untopical:
        return []
    distinct = len({raw_forms(raw.text)[0] for raw in unmapped})
    parts = [f"{distinct} raw tag(s) map to no topic (shown as keywords only)"] if distinct else []
    if untopical:
        parts.append(f"{len(untopical)} paper(s) have no topic")
    kind = WARNING if untopical else NOTE
    return [Problem(Location(registry_path, 0), f"{' and '.join(parts)}; `invoke tags` lists them", kind)]
