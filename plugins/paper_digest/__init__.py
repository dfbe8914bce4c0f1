"""paper_digest: turns digests in seeds/ into one Pelican article per paper."""

from pelican import signals

from .commands.standalone import adopt_command_line_run, build_translated_sites
from .site.bibfiles import write_bibliographies
from .site.categories import group_by_category
from .site.feeds import localize_feed
from .site.languages import install_language_helpers
from .site.papers import add_papers
from .site.tags import add_tag_counts
from .site.theme import install_theme_helpers


def register():
    # `pelican -s pelicanconf.py` builds both languages: settings at initialized, the rest once written
    signals.initialized.connect(adopt_command_line_run)
    signals.finalized.connect(build_translated_sites)
    signals.generator_init.connect(install_theme_helpers)
    signals.generator_init.connect(install_language_helpers)
    # pretaxonomy: the papers must be articles before Pelican groups tags and archives.
    signals.article_generator_pretaxonomy.connect(add_papers)
    signals.article_generator_finalized.connect(add_tag_counts)
    signals.article_generator_finalized.connect(group_by_category)  # arXiv's categories, not Pelican's
    # after writing: Pelican empties the output folder between reading and writing
    signals.article_writer_finalized.connect(write_bibliographies)
    # each feed's language, guids as ids, pending papers held back
    signals.feed_generated.connect(localize_feed)
