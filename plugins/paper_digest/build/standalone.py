"""`pelican -s pelicanconf.py` (and `pelican --autoreload --listen`) build the whole bilingual site.

Pelican's own command builds one site. When it, not `invoke build`, started the
run, the plugin gives the main site its language settings when Pelican is
initialized and, once the main site is written, builds each translated site into
OUTPUT_PATH/<prefix>/, indexes every language for search and writes the site-wide
files, as i18n_subsites does for its subsites. `invoke build` adds what a command
line cannot: both languages at once on two cores, and a staging folder swapped in
whole.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from pelican.settings import configure_settings

from ..site.search import SearchIndex
from .sitemap import finish_site
from .sites import language_overrides, run_site

logger = logging.getLogger(__name__)

_TRANSLATED: dict[int, list[dict]] = {}  # id of a command-line run's settings -> its translated sites' settings


def adopt_command_line_run(pelican) -> None:
    """At `initialized`: a run our build did not set up gets the main site's language settings."""
    settings = pelican.settings
    if "PAPER_DIGEST_LANGUAGES" in settings:  # build_all made these settings (main or translated site)
        return
    main, *translated = language_overrides(settings)
    base = copy.deepcopy(settings)
    settings.update(main)
    _TRANSLATED[id(settings)] = [configure_settings({**copy.deepcopy(base), **extra}) for extra in translated]


def build_translated_sites(pelican) -> None:
    """At `finalized` of a command-line run (each one, with --autoreload): the other languages, search, sitemap."""
    translated = _TRANSLATED.get(id(pelican.settings))
    if translated is None:
        return
    sites = [pelican.settings, *translated]
    shards = {id(pelican.settings): _main_shards(pelican)}
    reports = []
    for settings in translated:
        logger.info("paper_digest: building the %s site", settings["PAPER_DIGEST_HTML_LANG"])
        shards[id(settings)], report = run_site(settings)
        reports.append(report)
    for settings in sites:
        if shards[id(settings)]:
            index = SearchIndex(Path(settings["OUTPUT_PATH"]))
            for shard in shards[id(settings)]:
                index.index_shard(shard)  # no manifest: the published folder holds no bookkeeping
    finish_site(sites, {report.prefix: {pending.page for pending in report.pending} for report in reports})


_MAIN_SHARDS: dict[str, list] = {}  # OUTPUT_PATH -> the search shards its articles generator planned


def remember_shards(generators) -> None:
    """At `all_generators_finalized`: the main site's shards, for the command-line run to index."""
    for generator in generators:
        if hasattr(generator, "paper_search_shards"):
            _MAIN_SHARDS[generator.settings["OUTPUT_PATH"]] = generator.paper_search_shards


def _main_shards(pelican) -> list:
    return _MAIN_SHARDS.pop(pelican.settings["OUTPUT_PATH"], [])
