"""`invoke tags`: the raw tags that map to no topic, most used first, with where each is used and the
topics it most resembles, so promoting the frequent ones to aliases in content/tags.toml is quick."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..problems import Location
from .model import Paper, RawTag, Tag
from .taxonomy import Registry, raw_forms
from .text import CJK, fold

SUGGESTIONS = 3
_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = {"and", "of", "for", "the", "in", "on", "with", "to", "a", "an", "based", "via", "using"}


@dataclass(frozen=True)
class Unmapped:
    text: str  # as first written
    uses: tuple[Location, ...]
    suggestions: tuple[Tag, ...]


def _grams(text: str) -> set[str]:
    """What two names can share: Chinese character pairs and Latin words (not the glue words)."""
    folded = fold(text)
    pairs = {a + b for run in CJK.findall(folded) for a, b in zip(run, run[1:], strict=False)}
    return pairs | {word for word in _WORD.findall(folded) if word not in _STOP_WORDS and len(word) > 1}


class Suggester:
    """Topics a raw tag resembles: most shared terms first, then the topics of the papers it is used on."""

    def __init__(self, registry: Registry):
        self.topics = [
            (entry.tag, set().union(*(_grams(name) for name in (*entry.names[1:], *entry.terms))))
            for entry in registry.entries
        ]
        # A term many topics share (学习, model) says little: each counts one over the topics that have it.
        self.weight = Counter(gram for _, grams in self.topics for gram in grams)

    def suggest(self, raw: str, beside: Counter) -> tuple[Tag, ...]:
        grams = set().union(*(_grams(form) for form in raw_forms(raw)))
        scored = []
        for order, (tag, theirs) in enumerate(self.topics):
            shared = sum(1 / self.weight[gram] for gram in grams & theirs)
            together = beside.get(tag.slug, 0)
            if shared or together:
                scored.append((-shared, -together, order, tag))
        return tuple(tag for *_, tag in sorted(scored)[:SUGGESTIONS])


def unmapped_tags(papers: list[Paper], unmapped: list[RawTag], registry: Registry) -> list[Unmapped]:
    """Every raw tag naming no topic once (folded), with all its uses; most used first, then by text."""
    uses: dict[str, list[RawTag]] = {}
    for raw in unmapped:
        uses.setdefault(raw_forms(raw.text)[0], []).append(raw)
    beside: dict[str, Counter] = {key: Counter() for key in uses}
    for paper in papers:
        for key in {forms[0] for raw in paper.raw_tags if (forms := raw_forms(raw.text))} & uses.keys():
            beside[key].update(tag.slug for tag in paper.tags)
    suggester = Suggester(registry)
    found = [
        Unmapped(
            raws[0].text, tuple(sorted(raw.location for raw in raws)), suggester.suggest(raws[0].text, beside[key])
        )
        for key, raws in uses.items()
    ]
    return sorted(found, key=lambda item: (-len(item.uses), fold(item.text)))


def triage_report(items: list[Unmapped], untopical: list[Paper], registry_path: str) -> list[str]:
    """The lines `invoke tags` prints."""
    if not items and not untopical:
        return ["Every raw tag maps to a topic, and every paper has one."]
    lines = []
    if items:
        total = sum(len(item.uses) for item in items)
        lines.append(
            f"{len(items)} raw tag(s) map to no topic ({total} use(s)), most used first. To map one, add it to "
            f"the aliases of a topic in {registry_path} (or add a topic when many papers would hold it):"
        )
        for item in items:
            suggested = ", ".join(f"{tag.slug} ({tag.zh} / {tag.en})" for tag in item.suggestions) or "none"
            lines.append(f"{len(item.uses):>4}  {item.text}    suggested: {suggested}")
            lines += [f"        {location}" for location in item.uses]
    if untopical:
        lines.append(f"{len(untopical)} paper(s) have no topic: give them a raw tag the registry knows, or add one:")
        lines += [f"  {paper.source}: {paper.title}" for paper in untopical]
    return lines
