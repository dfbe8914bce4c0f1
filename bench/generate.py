"""Deterministic synthetic digests of N papers, with a complete translation memory.

Every synthetic paper is a copy of one of the 17 seed papers (so all the
seed's layouts, section counts and paragraph lengths recur) with a new arXiv
id and title, and with some characters of its summary text replaced, so no
two papers are the same text. Its English comes from the seed's reviewed
memory, with some words replaced the same way. The same papers are also
written as plain Markdown in both languages, for the Pelican and Hugo
baselines.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from paper_digest.digest.load import load_papers
from paper_digest.digest.model import Paper
from paper_digest.digest.parse import parse_digest
from paper_digest.digest.render import SectionRenderer
from paper_digest.digest.text import CJK, scrub_emails
from paper_digest.translation.memory import Entry, Memory, glossary_path, load_memory, paper_memory_path, save_memory
from paper_digest.translation.segments import paper_segments

ROOT = Path(__file__).resolve().parent.parent
SEED_DIGEST = ROOT / "seeds" / "000_263217c7a4351fe0.txt"
REGISTRY = ROOT / "content" / "tags.toml"
MEMORY = ROOT / "content" / "translations"
PAPERS_PER_DIGEST = 20
MUTATION_RATE = 0.15
FIRST_DAY = dt.date(2024, 8, 1)
_TOKEN = re.compile(r"</?\d+/?>")
_WORD = re.compile(r"\b[a-z]{4,}\b")


@dataclass
class Template:
    paper: Paper
    lines: list[str]  # the paper's block in the seed, from its '# ' line
    body_lines: set[str]  # lines that belong to section bodies (these get mutated)
    english: dict[str, str]  # segment position -> reviewed English


@dataclass
class Corpus:
    seeds: Path
    content: Path
    memory: Path
    markdown: Path  # <lang>/<id>.md for the baselines
    papers: int


def load_templates() -> list[Template]:
    text = SEED_DIGEST.read_text(encoding="utf-8")
    papers, _ = parse_digest(text, str(SEED_DIGEST))
    tagged, _ = load_papers([str(SEED_DIGEST)], str(REGISTRY))
    topics = {p.arxiv_id: (p.tags, p.keywords) for p in tagged}
    lines = text.split("\n")
    starts = [p.source.line - 1 for p in papers] + [len(lines)]
    renderer = SectionRenderer()
    glossary, _ = load_memory(glossary_path(MEMORY))
    templates = []
    for n, paper in enumerate(papers):
        tags, keywords = topics[paper.arxiv_id]
        paper = Paper(**{**paper.__dict__, "tags": tags, "keywords": keywords})
        memory, _ = load_memory(paper_memory_path(MEMORY, paper.arxiv_id))
        english = {}
        for segment in paper_segments(paper, [renderer.render(s.markdown) for s in paper.sections]):
            entry = glossary.lookup(segment.source) or memory.lookup(segment.source)
            english[segment.where] = entry.target
        body = {line.strip() for s in paper.sections for line in s.markdown.split("\n") if line.strip()}
        templates.append(Template(paper, lines[starts[n] : starts[n + 1]], body, english))
    return templates


def _alphabet(templates: list[Template]) -> tuple[list[str], list[str]]:
    chars = sorted({c for t in templates for line in t.lines for c in line if CJK.match(c)})
    words = sorted({w for t in templates for text in t.english.values() for w in _WORD.findall(text)})
    return chars, words


def _mutate_chinese(line: str, rng: random.Random, chars: list[str]) -> str:
    return "".join(rng.choice(chars) if CJK.match(c) and rng.random() < MUTATION_RATE else c for c in line)


def _mutate_english(text: str, rng: random.Random, words: list[str]) -> str:
    parts = _TOKEN.split(text)
    tokens = _TOKEN.findall(text)
    parts = [_WORD.sub(lambda m: rng.choice(words) if rng.random() < MUTATION_RATE else m.group(0), p) for p in parts]
    return "".join(p + (tokens[i] if i < len(tokens) else "") for i, p in enumerate(parts))


def generate(papers: int, folder: Path, seed: int = 20240801) -> Corpus:
    """Write N synthetic papers (digests, memory, baseline Markdown) under `folder`."""
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    corpus = Corpus(
        folder / "seeds", folder / "content", folder / "content" / "translations", folder / "markdown", papers
    )
    for path in (corpus.seeds, corpus.memory / "papers", corpus.markdown / "zh", corpus.markdown / "en"):
        path.mkdir(parents=True)
    shutil.copy(REGISTRY, corpus.content / "tags.toml")
    shutil.copy(glossary_path(MEMORY), glossary_path(corpus.memory))
    shutil.copytree(ROOT / "content" / "pages", corpus.content / "pages")
    templates = load_templates()
    chars, words = _alphabet(templates)
    glossary, _ = load_memory(glossary_path(MEMORY))
    renderer = SectionRenderer()
    digests = (papers + PAPERS_PER_DIGEST - 1) // PAPERS_PER_DIGEST
    for d in range(digests):
        day = FIRST_DAY - dt.timedelta(days=d)
        blocks = []
        for k in range(d * PAPERS_PER_DIGEST, min(papers, (d + 1) * PAPERS_PER_DIGEST)):
            template = templates[k % len(templates)]
            rng = random.Random(seed * 100_003 + k)
            arxiv_id = f"{day:%y%m}.{k + 1:05d}"
            title = f"{template.paper.title} (variant {k + 1})"
            lines = [f"# {title}", f"[arxiv_pdf_url](https://arxiv.org/pdf/{arxiv_id})"]
            for line in template.lines[2:]:
                line, addresses = scrub_emails(line)  # the seed's address lines would warn in every copy
                if addresses and not re.search(r"[\w\u4e00-\u9fff]", re.sub(r"邮箱|email", "", line, flags=re.I)):
                    continue
                keep = line.strip() not in template.body_lines or line.lstrip().startswith("#")
                lines.append(line if keep else _mutate_chinese(line, rng, chars))
            blocks.append("\n".join(lines).rstrip("\n"))
            _write_memory_and_markdown(
                corpus, template, "\n".join(lines), day, arxiv_id, rng, words, glossary, renderer
            )
        (corpus.seeds / f"{day.isoformat()}-bench.txt").write_text("\n".join(blocks) + "\n", encoding="utf-8")
    return corpus


def _write_memory_and_markdown(corpus, template, text, day, arxiv_id, rng, words, glossary, renderer) -> None:
    (paper,), problems = parse_digest(text, f"{day.isoformat()}-bench.txt")
    assert not problems, problems
    paper = Paper(**{**paper.__dict__, "tags": template.paper.tags, "keywords": template.paper.keywords})
    sections = [renderer.render(s.markdown) for s in paper.sections]
    memory = Memory(paper_memory_path(corpus.memory, arxiv_id))
    english: dict[str, str] = {}
    for segment in paper_segments(paper, sections):
        target = _mutate_english(template.english[segment.where], rng, words)
        english[segment.where] = target
        if not glossary.lookup(segment.source):
            entry = memory.entries.setdefault(segment.source, Entry(segment.source, target, True, "human: bench"))
            entry.where = (*entry.where, segment.where)
    save_memory(memory)
    _write_markdown(corpus, paper, day, english)


def _markdown_inline(segment: str) -> str:
    """A translated segment back to Markdown (the seed's inline markup is bold only)."""
    return (
        re.sub(r"<(\d+)>(.*?)</\1>", r"**\2**", segment).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )


def _write_markdown(corpus: Corpus, paper: Paper, day: dt.date, english: dict[str, str]) -> None:
    """The same paper as pre-written Markdown in both languages, as a Pelican or Hugo user would keep it."""
    for lang in ("zh", "en"):
        title = paper.title if lang == "en" else (paper.title_zh or paper.title)
        tags = ", ".join(t.en if lang == "en" else t.zh for t in paper.tags)
        body = []
        for n, section in enumerate(paper.sections, 1):
            heading = section.heading
            if lang == "en" and heading:
                heading = english.get(f"section/{n}/heading", heading)
            if heading:
                body.append(f"## {heading}\n")
            if lang == "zh":
                body.append(section.markdown + "\n")
                continue
            m = 0
            for line in section.markdown.split("\n"):
                stripped = line.strip()
                if not stripped or not CJK.search(stripped):
                    body.append(line)  # blank, or Latin only: no segment, kept as written
                    continue
                m += 1
                prefix = (
                    line[: len(line) - len(line.lstrip())] + (re.match(r"^(?:[-*+]|\d+\.)\s+", stripped) or [""])[0]
                )
                body.append(prefix + _markdown_inline(english.get(f"section/{n}/{m}", stripped)))
            body.append("")
        authors = ", ".join(paper.authors)
        front = (
            f"Title: {title}\nDate: {day.isoformat()}\nSlug: {paper.arxiv_id}\nLang: {lang}\n"
            f"Tags: {tags}\nAuthors: {authors}\nSummary: {paper.title}\n\n"
        )
        (corpus.markdown / lang / f"{paper.arxiv_id}.md").write_text(front + "\n".join(body), encoding="utf-8")
