"""Constant `_("…")` calls translated at compile time render exactly as gettext would at run time."""

import pytest
from babel import Locale
from jinja2 import Environment

from paper_digest.site.theme import load_translations
from paper_digest.speed.constant_gettext import ConstantGettext
from support import ROOT

TEMPLATE = (
    '{{ _("Papers") }}|<a title="{{ _("Search papers") }}">|{{ _("100%% sure") }}|'
    '{{ _("Page %(number)s of %(total)s", number=2, total=3) }}|{{ _("Tags") ~ "!" }}|'
    '{% set label = _("Archive") %}{{ label }}|{{ _("Unknown <b>text</b>") }}|{{ _ }}'
)


def environment(constant: bool, language: str, autoescape: bool = True) -> Environment:
    env = Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
    translations = load_translations(str(ROOT / "theme"), Locale.parse(language))
    env.install_gettext_translations(translations, newstyle=True)
    if constant:
        env.extend(constant_translations=translations)
        env.add_extension(ConstantGettext)
    return env


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_same_output_as_runtime_gettext(language):
    fast = environment(True, language).from_string(TEMPLATE).render()
    slow = environment(False, language).from_string(TEMPLATE).render()
    assert fast.split("|")[:-1] == slow.split("|")[:-1]
    if language == "zh_CN":
        assert fast.startswith("论文|") and "100% sure" in fast


def test_constant_calls_are_gone_from_the_compiled_template():
    env = environment(True, "zh_CN")
    source = env.compile('{{ _("Papers") }}{{ _("Tag: %(tag)s", tag=t) }}', raw=True)
    assert "论文" in source
    assert source.count("Papers") == 0 and source.count("Tag: %(tag)s") == 1  # calls with arguments stay


OTHER_USES = [
    '{% macro m(_) %}{{ _("Papers") }}{% endmacro %}{{ m(upper) }}',
    '{% for _ in [upper] %}{{ _("Papers") }}{% endfor %}',
    '{{ d._("Papers") }}',
    '{% set _ = upper %}{{ _("Papers") }}',
]


@pytest.mark.parametrize("template", OTHER_USES)
def test_templates_that_use_underscore_otherwise_are_left_alone(template):
    variables = {"upper": str.upper, "d": {"_": str.upper}}

    def render(constant):
        env = environment(constant, "zh_CN")
        env.globals.update(variables)
        try:
            return env.from_string(template).render()
        except Exception as error:  # the same error either way
            return type(error).__name__

    assert render(True) == render(False)


def test_without_autoescape_the_translation_is_a_plain_string():
    template = '{{ _("100%% sure") }}|{{ _("Papers") | e }}|{{ (_("Papers") ~ "<b>") | e }}'
    fast = environment(True, "zh_CN", autoescape=False).from_string(template).render()
    slow = environment(False, "zh_CN", autoescape=False).from_string(template).render()
    assert fast == slow
