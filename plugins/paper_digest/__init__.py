"""paper_digest: turns digests in seeds/ into one Pelican article per paper."""

from pelican import signals

from .site.bibfiles import write_bibliographies
from .site.languages import install_language_helpers
from .site.papers import add_papers
from .site.tags import add_tag_counts
from .site.theme import install_theme_helpers
from .speed.reuse import reusing_writer, save_page_manifest


def register():
    signals.generator_init.connect(install_theme_helpers)
    signals.generator_init.connect(install_language_helpers)
    # pretaxonomy: the papers must be articles before Pelican groups tags and archives.
    signals.article_generator_pretaxonomy.connect(add_papers)
    signals.article_generator_finalized.connect(add_tag_counts)
    # after writing: Pelican empties the output folder between reading and writing
    signals.article_writer_finalized.connect(write_bibliographies)
    signals.article_writer_finalized.connect(save_page_manifest)
    # localized feeds, and paper pages linked from the last build when unchanged
    signals.get_writer.connect(reusing_writer)
