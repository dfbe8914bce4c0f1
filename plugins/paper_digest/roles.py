"""Where a Pelican run stands in the bilingual build, and what it hands back: explicit state, not settings.

Pelican gives a plugin's handlers only its settings and generators. The build
assigns each run a SiteRole (its prefix, language, the site's languages and
public root) before the run starts, keyed by the run's output folder; handlers
look it up with role_of(settings), and record what the build needs afterwards
(search bundles, warnings) in the run's RunOutcome. Worker processes inherit both
tables when they are forked. A run nobody assigned (plain `pelican`) is the main
site of its settings.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from babel import Locale
from babel.core import get_global


def babel_locale(settings: dict) -> Locale:
    return Locale.parse(settings.get("DEFAULT_LANG", "en"), sep="-")


def html_lang(locale: Locale) -> str:
    """BCP 47 tag for lang/hreflang attributes: zh-CN, en."""
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


_ROLES: dict[str, SiteRole] = {}
_OUTCOMES: dict[str, RunOutcome] = {}


@dataclass(frozen=True)
class Language:
    prefix: str  # "" for the main site
    lang: str  # BCP 47, as in hreflang
    name: str  # the language's own name, from Babel
    og_locale: str  # language_TERRITORY, as Open Graph wants it

    @classmethod
    def of(cls, prefix: str, default_lang: str) -> Language:
        locale = Locale.parse(default_lang, sep="-")
        likely = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
        territory = locale.territory or likely.territory
        return cls(
            prefix,
            html_lang(locale),
            locale.get_language_name(locale).capitalize(),
            f"{locale.language}_{territory}" if territory else locale.language,
        )


@dataclass(frozen=True)
class SiteRole:
    prefix: str  # "" for the main site, "en" for the site at OUTPUT_PATH/en
    lang: str  # BCP 47, as in lang and hreflang
    languages: tuple[Language, ...]  # every language of the site, the main one first
    root_url: str  # the main site's public URL; "" for a preview with relative links

    @property
    def public(self) -> bool:
        return self.root_url.startswith(("http://", "https://"))

    @property
    def translated_prefixes(self) -> list[str]:
        return [language.prefix for language in self.languages if language.prefix]

    @property
    def others(self) -> list[Language]:
        return [language for language in self.languages if language.prefix != self.prefix]

    @property
    def language(self) -> Language | None:
        return next((language for language in self.languages if language.prefix == self.prefix), None)


@dataclass
class RunOutcome:
    """What one language's run leaves for the build: its search bundles, its warnings, what it skipped."""

    bundles: list = field(default_factory=list)  # site/search.py Bundle, each of its shards
    warnings: list[str] = field(default_factory=list)
    skipped: list = field(default_factory=list)  # the Problems of what was not published (said again at the end)
    notes: list[str] = field(default_factory=list)


def _key(settings: dict) -> str:
    return os.path.realpath(settings["OUTPUT_PATH"])


def assign(settings: dict, role: SiteRole) -> None:
    _ROLES[_key(settings)] = role


_BUILDING: set[str] = set()  # output folders of the runs the build itself is running now


@contextmanager
def built_by_us(settings: dict):
    """Marks a run the build started (so the command-line adoption leaves it alone), with fresh outcome."""
    _OUTCOMES.pop(_key(settings), None)
    _BUILDING.add(_key(settings))
    try:
        yield
    finally:
        _BUILDING.discard(_key(settings))


def started_by_build(settings: dict) -> bool:
    return _key(settings) in _BUILDING


def role_of(settings: dict) -> SiteRole:
    role = _ROLES.get(_key(settings))
    if role is None:  # a run the build did not set up: a one-language main site
        lang = html_lang(babel_locale(settings))
        role = SiteRole("", lang, (Language.of("", settings.get("DEFAULT_LANG", "en")),), settings.get("SITEURL", ""))
    return role


def outcome_of(settings: dict) -> RunOutcome:
    return _OUTCOMES.setdefault(_key(settings), RunOutcome())


def take_outcome(settings: dict) -> RunOutcome:
    return _OUTCOMES.pop(_key(settings), RunOutcome())
