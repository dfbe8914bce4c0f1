"""The topic registry: raw tag -> topics, deterministically; a paper's topics and its unmapped raw tags.

The registry lives in content/tags.toml so editors curate it next to the content. Topics are few and
curated; the digest's raw tags stay on their papers as keywords, whatever they map to.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from .labels import LABEL_PREFIX, TAGGISH
from .model import NOTE, WARNING, Location, Paper, Problem, RawTag, Tag
from .text import CJK, fold

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GLOSS = re.compile(r"\s*[（(]([^（）()]*)[)）]\s*")

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


def raw_forms(raw: str) -> list[str]:
    """A raw tag as comparison keys, best first: without a label prefix ('主题分类：'), then without its
    bracketed glosses ('大型语言模型（LLMs）' -> '大型语言模型'), then each gloss ('LLMs')."""
    text = fold(raw)
    labelled = LABEL_PREFIX.match(text)
    if labelled and TAGGISH.search(labelled.group("label")):
        text = labelled.group("rest").strip()
    glosses = [g.strip() for g in _GLOSS.findall(text) if g.strip()]
    bare = _GLOSS.sub(" ", text).strip()
    return list(dict.fromkeys(form for form in (text, bare, *glosses) if form))


class Registry:
    def __init__(self, entries: list[TagEntry]):
        self.entries = entries
        self._by_name: dict[str, Tag] = {}
        self._by_term: dict[str, Tag] = {}
        for entry in entries:
            for name in entry.names:
                self._by_name.setdefault(fold(name), entry.tag)
        for entry in entries:
            for term in (*entry.names[1:], *entry.terms):
                self._by_term.setdefault(fold(term), entry.tag)
        # One alternation, longest first, so a scan finds the leftmost-longest term at each place:
        # 视觉语言模型 is one term, not 视觉 + 语言模型.
        terms = sorted(self._by_term, key=lambda t: (-len(t), t))
        self._finder = re.compile("|".join(_term_pattern(t) for t in terms)) if terms else None
        self._patterns = [
            (entry.tag, [(fold(t), re.compile(_term_pattern(fold(t)), re.I)) for t in {*entry.names[1:], *entry.terms}])
            for entry in entries
        ]

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(entry.tag.slug for entry in self.entries)

    def lookup(self, raw: str) -> Tag | None:
        """The topic a raw tag names outright (its label, English label, slug or an alias)."""
        for form in raw_forms(raw):
            if form in self._by_name:
                return self._by_name[form]
        return None

    def topics_of(self, raw: str) -> tuple[Tag, ...]:
        """A raw tag's topics: the one it names, else every registry term found inside it, in order."""
        exact = self.lookup(raw)
        if exact is not None:
            return (exact,)
        found: dict[str, Tag] = {}
        for form in raw_forms(raw):
            for match in self._finder.finditer(form) if self._finder else ():
                tag = self._by_term[match.group()]
                found.setdefault(tag.slug, tag)
        return tuple(found.values())

    def infer(self, title: str, text: str) -> list[Tag]:
        """Topics whose terms the paper mentions often enough; the single best one when none is."""
        scored = []
        title, text = fold(title), fold(text)
        for order, (tag, patterns) in enumerate(self._patterns):
            score = sum(
                (TITLE_WEIGHT * len(p.findall(title)) if needle in title else 0)
                + (len(p.findall(text)) if needle in text else 0)
                for needle, p in patterns
            )
            if score:
                scored.append((-score, order, tag))
        scored.sort()
        strong = [tag for score, _, tag in scored if -score >= INFER_MIN_SCORE]
        return strong[:MAX_TOPICS] or [tag for _, _, tag in scored[:1]]


def _term_pattern(term: str) -> str:
    """A folded term as a regular expression: CJK anywhere, Latin on word boundaries."""
    if CJK.search(term):
        return re.escape(term)
    return r"(?<![a-z0-9])" + re.escape(term) + r"(?![a-z0-9])"


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
        if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
            problems.append(Problem(where(slug), f"tag '{slug}' needs non-empty zh and en labels"))
            continue
        if not all(isinstance(a, str) and a.strip() for a in [*aliases, *terms]):
            problems.append(Problem(where(slug), f"tag '{slug}': aliases and terms must be lists of non-empty strings"))
            continue
        for name in (slug, zh, en, *aliases, *terms):
            other = owner.setdefault(fold(name), slug)
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
        if not found:
            unmapped.append(raw)
        for tag in found:
            topics.setdefault(tag.slug, tag)
    if not topics:
        text = "\n".join(s.markdown for s in paper.sections)
        topics = {tag.slug: tag for tag in registry.infer(f"{paper.title} {paper.title_zh or ''}", text)}
    return tuple(topics.values())[:MAX_TOPICS], unmapped


def keywords_of(paper: Paper, topics: tuple[Tag, ...]) -> tuple[str, ...]:
    """The raw tags as written, once each, less those that say no more than one of the paper's topics'
    labels (大型语言模型（LLMs） beside the topic 大型语言模型)."""
    labels = {fold(label) for tag in topics for label in (tag.zh, tag.en)}
    shown, seen = [], set()
    for raw in paper.raw_tags:
        forms = raw_forms(raw.text)
        if forms and forms[0] not in seen and not labels.intersection(forms[:2]):
            seen.add(forms[0])
            shown.append(raw.text)
    return tuple(shown)


def unmapped_summary(unmapped: list[RawTag], untopical: list[Paper], registry_path: str) -> list[Problem]:
    """One line for the whole build, never one per raw tag: the triage command has the details."""
    if not unmapped and not untopical:
        return []
    distinct = len({fold(raw.text) for raw in unmapped})
    parts = [f"{distinct} raw tag(s) map to no topic (shown as keywords only)"] if distinct else []
    if untopical:
        parts.append(f"{len(untopical)} paper(s) have no topic")
    kind = WARNING if untopical else NOTE
    return [Problem(Location(registry_path, 0), f"{' and '.join(parts)}; `invoke tags` lists them", kind)]
