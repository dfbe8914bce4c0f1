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


RECORDER = """
from pelican import signals
from pelican.writers import Writer


def record(kind, name):
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{kind} {name}\\n")


class RecordingWriter(Writer):
    def write_file(self, name, *args, **kwargs):
        record("writer", name)
        return super().write_file(name, *args, **kwargs)


def register():
    signals.get_writer.connect(lambda pelican: RecordingWriter, weak=False)
    signals.content_written.connect(lambda path, context: record("written", path), weak=False)
"""


def test_another_plugin_may_take_the_writer_and_listen_to_what_is_written(site, write_digest, tmp_path):
    import feedparser

    plugins = tmp_path / "other_plugins"
    plugins.mkdir()
    log = tmp_path / "recorded.txt"
    (plugins / "recorder.py").write_text(f"LOG = {str(log)!r}\n" + RECORDER, encoding="utf-8")
    digest = write_digest((ROOT / "seeds" / "000_263217c7a4351fe0.txt").read_text(encoding="utf-8"))
    out = site(digest, PLUGINS=["paper_digest", "recorder"], PLUGIN_PATHS=[str(ROOT / "plugins"), str(plugins)],
               PAPER_DIGEST_SEARCH=False)  # fmt: skip
    recorded = log.read_text(encoding="utf-8").splitlines()  # from both languages' processes
    assert "writer papers/2408.00714/index.html" in recorded
    assert any(line.startswith("written ") and line.endswith("en/papers/2408.00714/index.html") for line in recorded)
    assert (out / "en" / "papers" / "2408.00714" / "index.html").is_file()
    feed = feedparser.parse((out / "en" / "feeds" / "all.atom.xml").read_text(encoding="utf-8"))
    assert feed.feed.language == "en" and len(feed.entries) == 17  # our feed changes need no writer of our own
