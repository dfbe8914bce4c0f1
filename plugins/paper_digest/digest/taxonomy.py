"""The canonical tag registry: raw tag -> Tag, with aliases and inference.

The registry lives in content/tags.toml so editors curate it next to the
content. Lookups are case-, width- and space-insensitive and fall back to the
text without a trailing "(…)", so 大型语言模型（LLMs） finds 大型语言模型.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass

from .model import WARNING, Location, Paper, Problem, RawTag, Tag
from .text import CJK, fold

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARENTHETICAL = re.compile(r"\s*[（(]([^（）()]*)[)）]\s*$")

# Inference is deliberately conservative: a tag must be mentioned at least
# twice (a title mention counts three times) and a paper gets a handful at most.
INFER_MIN_SCORE = 2
INFER_MAX_TAGS = 5
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class TagEntry:
    tag: Tag
    aliases: tuple[str, ...]
    terms: tuple[str, ...]


class Registry:
    def __init__(self, entries: list[TagEntry]):
        self.entries = entries
        self._by_key: dict[str, Tag] = {}
        for entry in entries:
            for name in (entry.tag.slug, entry.tag.zh, entry.tag.en, *entry.aliases):
                self._by_key.setdefault(fold(name), entry.tag)
        self._patterns = [
            (
                entry.tag,
                [(t.casefold(), _term_pattern(t)) for t in {entry.tag.zh, entry.tag.en, *entry.aliases, *entry.terms}],
            )
            for entry in entries
        ]

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(entry.tag.slug for entry in self.entries)

    def lookup(self, raw: str) -> Tag | None:
        key = fold(raw)
        if key in self._by_key:
            return self._by_key[key]
        paren = _PARENTHETICAL.search(key)
        if paren:
            return self._by_key.get(key[: paren.start()].strip()) or self._by_key.get(paren.group(1).strip())
        return None

    def infer(self, title: str, text: str) -> list[Tag]:
        """Registry tags whose terms the paper mentions; never a tag outside the registry."""
        scored = []
        folded_title, folded_text = title.casefold(), text.casefold()  # a cheap test before each regex
        for order, (tag, patterns) in enumerate(self._patterns):
            score = sum(
                (TITLE_WEIGHT * len(p.findall(title)) if needle in folded_title else 0)
                + (len(p.findall(text)) if needle in folded_text else 0)
                for needle, p in patterns
            )
            if score >= INFER_MIN_SCORE:
                scored.append((-score, order, tag))
        return [tag for _, _, tag in sorted(scored)[:INFER_MAX_TAGS]]


def _term_pattern(term: str) -> re.Pattern:
    if CJK.search(term):
        return re.compile(re.escape(term), re.I)
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])", re.I)


def derived_tag(raw: str, taken: frozenset[str] = frozenset()) -> Tag:
    """A stable slug for a tag the registry does not know; never a transliteration, never a registry slug."""
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", fold(raw)).strip("-")
    digest = hashlib.sha1(fold(raw).encode()).hexdigest()
    if raw.isascii() and ascii_slug:
        slug = ascii_slug if ascii_slug not in taken else f"{ascii_slug}-{digest[:6]}"
    else:
        slug = "tag-" + digest[:8]
    return Tag(slug=slug, zh=raw.strip(), en=raw.strip())


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
        for name in (slug, zh, en, *aliases):
            other = owner.setdefault(fold(name), slug)
            if other != slug:
                problems.append(
                    Problem(where(slug), f"'{name}' names both '{other}' and '{slug}': keep it in one tag only")
                )
        entries.append(TagEntry(Tag(slug, zh.strip(), en.strip()), tuple(aliases), tuple(terms)))
    return Registry(entries), problems


def assign_tags(paper: Paper, registry: Registry) -> tuple[tuple[Tag, ...], list[Problem]]:
    """Canonical tags for a paper, and a warning for each raw tag the registry lacks."""
    if not paper.raw_tags:
        text = "\n".join(s.markdown for s in paper.sections)
        return tuple(registry.infer(f"{paper.title} {paper.title_zh or ''}", text)), []
    tags: dict[str, Tag] = {}
    warnings = []
    for raw in paper.raw_tags:
        tag = registry.lookup(raw.text)
        if tag is None:
            tag = derived_tag(raw.text, registry.slugs)
            warnings.append(_unknown(raw, tag))
        tags.setdefault(tag.slug, tag)
    return tuple(tags.values()), warnings


def _unknown(raw: RawTag, tag: Tag) -> Problem:
    return Problem(
        raw.location,
        f"tag '{raw.text}' is not in the tag registry; published as '{tag.slug}'. "
        "Add it to content/tags.toml as an alias of an existing tag or as a new tag",
        WARNING,
    )
