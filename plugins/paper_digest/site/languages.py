"""The site's languages and the URLs between them.

Every page's counterpart is the same path under the other language's prefix, so
the language switch and hreflang never need a lookup table.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from babel import Locale
from babel.core import get_global
from jinja2 import pass_context

from .theme import html_lang


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


def url_between(root_url: str, current_prefix: str, siteurl: str, prefix: str, path: str) -> str:
    """URL of `path` in the site at `prefix`, from a page whose own site root is `siteurl`.

    Absolute (no '..') when the site has a public URL; otherwise relative, for the preview.
    """
    tail = (f"{prefix}/" if prefix else "") + path
    if root_url.startswith(("http://", "https://")):
        return f"{root_url}/{tail}"
    top = f"{siteurl}/.." if current_prefix else siteurl
    joined = posixpath.normpath(posixpath.join(top or ".", tail))
    return joined + "/" if tail.endswith("/") or not tail else joined


@pass_context
def lang_url(context, prefix: str, path: str) -> str:
    return url_between(
        context.get("PAPER_DIGEST_ROOT_URL", ""),
        context.get("PAPER_DIGEST_SITE_PREFIX", ""),
        context.get("SITEURL", ""),
        prefix,
        path,
    )


@pass_context
def jsonld_translation(context, language: Language, path: str) -> dict:
    return {"@id": lang_url(context, language.prefix, path) + "#summary", "inLanguage": language.lang}


def install_language_helpers(generator) -> None:
    env = generator.env
    env.globals["lang_url"] = lang_url
    env.filters["jsonld_translation"] = jsonld_translation
    languages = generator.settings.get("PAPER_DIGEST_LANGUAGES") or []
    prefix = generator.settings.get("PAPER_DIGEST_SITE_PREFIX", "")
    env.globals["SITE_LANGUAGES"] = languages
    env.globals["OTHER_LANGUAGES"] = [lang for lang in languages if lang.prefix != prefix]
    env.globals["SITE_PREFIX"] = prefix
    env.globals["SITE_LANGUAGE"] = next((lang for lang in languages if lang.prefix == prefix), None)
    env.globals["PUBLIC_URLS"] = generator.settings.get("PAPER_DIGEST_ROOT_URL", "").startswith(("http://", "https://"))
