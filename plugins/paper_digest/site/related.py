"""Related papers by shared tags: deterministic, and linear in the number of papers.

Rare tags count more than common ones (inverse document frequency). Each
tag contributes only its NEIGHBOURS papers nearest in date order, so a tag
shared by thousands of papers costs the same per paper as a rare one.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ..digest.model import Paper

NEIGHBOURS = 40


def related_papers(papers: list[Paper], count: int = 5) -> dict[str, list[str]]:
    """For each arXiv id, the ids of up to `count` related papers, best first."""
    order = sorted(papers, key=lambda p: (p.date, p.arxiv_id), reverse=True)
    by_tag: dict[str, list[int]] = defaultdict(list)
    for position, paper in enumerate(order):
        for tag in paper.tags:
            by_tag[tag.slug].append(position)
    weight = {slug: math.log(1 + len(order) / len(members)) for slug, members in by_tag.items()}
    index_in_tag = {(slug, position): i for slug, members in by_tag.items() for i, position in enumerate(members)}
    result = {}
    for position, paper in enumerate(order):
        scores: dict[int, float] = defaultdict(float)
        for tag in paper.tags:
            members = by_tag[tag.slug]
            i = index_in_tag[(tag.slug, position)]
            half = NEIGHBOURS // 2
            for other in members[max(0, i - half) : i + half + 1]:
                if other != position:
                    scores[other] += weight[tag.slug]
        best = sorted(scores, key=lambda other: (-round(scores[other], 9), abs(other - position), other))
        result[paper.arxiv_id] = [order[other].arxiv_id for other in best[:count]]
    return result
