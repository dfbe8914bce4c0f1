"""The site's languages and the URLs between them.

Every page's counterpart is the same path under the other language's prefix, so
the language switch and hreflang never need a lookup table.
"""

from __future__ import annotations

import posixpath

from jinja2 import pass_context

from ..roles import Language, role_of


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
    return url_between(context.get("SITE_ROOT_URL", ""), context.get("SITE_PREFIX", ""), context.get("SITEURL", ""),
                       prefix, path)  # fmt: skip


@pass_context
def jsonld_translation(context, language: Language, path: str) -> dict:
    return {"@id": lang_url(context, language.prefix, path) + "#summary", "inLanguage": language.lang}


def install_language_helpers(generator) -> None:
    env = generator.env
    env.globals["lang_url"] = lang_url
    env.filters["jsonld_translation"] = jsonld_translation
    role = role_of(generator.settings)
    env.globals["SITE_LANGUAGES"] = list(role.languages)
    env.globals["OTHER_LANGUAGES"] = role.others
    env.globals["SITE_PREFIX"] = role.prefix
    env.globals["SITE_LANGUAGE"] = role.language
    env.globals["SITE_ROOT_URL"] = role.root_url
    env.globals["PUBLIC_URLS"] = role.public
