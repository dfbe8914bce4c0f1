"""Pelican only logs a plugin that fails to import, so check that ours is really wired in."""

from pelican import Pelican, signals
from pelican.settings import read_settings

from support import ROOT


def test_plugin_is_loaded_and_connected(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(tmp_path)})
    pelican = Pelican(settings)
    assert [p.__name__ for p in pelican.plugins] == ["paper_digest"]
    from paper_digest.site.papers import add_papers
    from paper_digest.site.theme import install_theme_helpers

    assert add_papers in signals.article_generator_pretaxonomy.receivers_for(object())
    assert install_theme_helpers in signals.generator_init.receivers_for(object())
