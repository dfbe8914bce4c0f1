"""What the theme gets besides Pelican's context: gettext, Babel dates, language tags and small filters.

Pelican installs neither gettext nor Babel into Jinja; templates may render before
i18n_subsites would, so they are installed at generator_init.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from functools import lru_cache, partial

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup

from ..digest.text import CJK
from ..options import options_of
from ..problems import DigestError, Location, Problem
from ..roles import babel_locale, html_lang
from ..speed.constant_gettext import ConstantGettext
from ..speed.memos import card_memo
from ..translation.english import SOURCE_LANG


def load_translations(theme: str, locale: Locale) -> NullTranslations:
    """The theme's catalog for `locale`, compiled in memory (compiled files are never committed)."""
    folder = os.path.join(theme, "translations")
    for name in (str(locale), f"{locale.language}_{locale.territory}", locale.language):
        po_path = os.path.join(folder, name, "LC_MESSAGES", "messages.po")
        if os.path.exists(po_path):
            break
    else:
        if locale.language == "en":
            return NullTranslations()  # msgids are English
        raise DigestError(
            [
                Problem(
                    Location(folder, 0), f"the theme has no catalog for '{locale}': create it with 'invoke i18n-update'"
                )
            ]
        )
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def install_theme_helpers(generator) -> None:
    """Give the theme gettext and Babel dates before anything renders (Pelican installs neither)."""
    settings = generator.settings
    locale = babel_locale(settings)
    env = generator.env
    translations = load_translations(settings["THEME"], locale)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations, newstyle=True)
    fast = options_of(settings).speedups
    if fast:  # constant _("…") translated when a template compiles (speed/constant_gettext.py)
        env.add_extension(ConstantGettext)
        env.extend(constant_translations=translations)  # Jinja's place for an extension's settings
    env.globals["HTML_LANG"] = html_lang(locale)
    env.globals["paper_card"] = card_memo() if fast else paper_card
    month = partial(_format_month, locale=locale)
    env.filters["month"] = lru_cache(maxsize=4096)(month) if fast else month
    env.filters["day"] = partial(format_date, format="long", locale=locale)
    env.filters["jsonld_person"] = lambda name: {"@type": "Person", "name": name}
    env.tests["latin"] = lambda text: not CJK.search(str(text))
    # Chinese shown on another language's page (a label or name not yet translated) is marked as such.
    marked = Markup(f' lang="{SOURCE_LANG}"') if locale.language != "zh" else Markup("")
    env.filters["source_lang"] = lambda text: marked if CJK.search(str(text)) else Markup("")
    env.filters["in_its_lang"] = lambda text: (
        Markup("<span%s>%s</span>") % (marked, text) if marked and CJK.search(str(text)) else text
    )
    env.filters["isodate"] = lambda value: (
        value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    )


@pass_context
def paper_card(context, article) -> Markup:
    """The theme's paper_card macro for one article (speed/memos.py renders each card once instead)."""
    return context.environment.get_template("_macros.html").make_module(context.get_all()).paper_card(article)


def _format_month(value: dt.date, locale: Locale) -> str:
    return format_skeleton("yMMMM", value, locale=locale)
