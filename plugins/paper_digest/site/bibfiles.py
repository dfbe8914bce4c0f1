"""bib/all.bib and bib/tag/SLUG.bib for each site, written after Pelican has filled the output."""

from __future__ import annotations

import os

from ..metadata.bibtex import bibliography


def write_bibliographies(generator, writer=None) -> None:
    """bib/all.bib and bib/tag/SLUG.bib for each site, after Pelican has emptied and filled the output (not for a
    writer that writes no files: the live preview keeping a built site)."""
    if not getattr(writer, "writes_files", True):
        return
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
