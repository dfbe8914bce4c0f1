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
import shutil
import weakref
from pathlib import Path

from pelican.settings import configure_settings

from ..roles import assign, started_by_build, take_outcome
from ..site.search import BUNDLES, SHARDS, SearchIndex
from ..speed.memos import forget_run
from .sitemap import finish_site
from .sites import language_plan, run_site

_TRANSLATED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a command-line Pelican -> its translated sites


def adopt_command_line_run(pelican) -> None:
    """At `initialized`: a run our build did not set up gets the main site's language settings."""
    settings = pelican.settings
    if started_by_build(settings):  # build_all (or this module) runs it as one language of the site
        return
    (_, main), *plan = language_plan(settings)
    assign(settings, main)
    take_outcome(settings)  # nothing left from an earlier run into the same folder (--autoreload)
    forget_run(settings)
    translated = []
    for extra, role in plan:
        translated.append(configure_settings({**copy.deepcopy(settings), **extra}))
        assign(translated[-1], role)
    _TRANSLATED[pelican] = translated


def build_translated_sites(pelican) -> None:
    """At `finalized` of a command-line run (each one, with --autoreload): the other languages, search, sitemap."""
    translated = _TRANSLATED.get(pelican)
    if translated is None:
        return
    sites = [pelican.settings, *translated]
    bundles = {id(pelican.settings): take_outcome(pelican.settings).bundles}
    reports = []
    for settings in translated:
        bundles[id(settings)], report = run_site(settings)
        reports.append(report)
    for settings in sites:
        if bundles[id(settings)]:
            shutil.rmtree(Path(settings["OUTPUT_PATH"]) / BUNDLES, ignore_errors=True)  # no bundle of an old run
            index = SearchIndex(Path(settings["OUTPUT_PATH"]))
            try:
                for bundle in bundles[id(settings)]:
                    for shard in bundle.shards:
                        index.index_shard(shard)
                index.publish(bundles[id(settings)])
            finally:
                shutil.rmtree(index.folder / SHARDS, ignore_errors=True)  # the published folder holds no bookkeeping
    finish_site(sites, {report.prefix: {pending.page for pending in report.pending} for report in reports})
