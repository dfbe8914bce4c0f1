"""Translate the theme's constant strings once, when a template is compiled, not on every page.

Each language's site has its own Jinja environments and its catalog never
changes during a build, so `_("literal")` always gives the same text. The i18n
extension still looks it up and formats it on every call (about 30 calls per
paper page); this extension rewrites the call into the translated literal
first, with exactly what the new-style gettext would return: the translation
marked safe, `%%` unescaped. Calls with arguments are left to gettext.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import TOKEN_LPAREN, TOKEN_NAME, TOKEN_PIPE, TOKEN_RPAREN, TOKEN_STRING, Token, TokenStream


class ConstantGettext(Extension):
    """Needs `environment.constant_translations` (a gettext.NullTranslations) before any template compiles."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations = getattr(self.environment, "constant_translations", None)
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, opening, literal, closing = window
            if (
                translations is not None
                and name.test(f"{TOKEN_NAME}:_")
                and opening.type == TOKEN_LPAREN
                and literal.type == TOKEN_STRING
                and closing.type == TOKEN_RPAREN
            ):
                text = translations.gettext(literal.value) % {}
                line = name.lineno
                yield Token(line, TOKEN_LPAREN, "(")
                yield Token(line, TOKEN_STRING, text)
                yield Token(line, TOKEN_PIPE, "|")
                yield Token(line, TOKEN_NAME, "safe")
                yield Token(line, TOKEN_RPAREN, ")")
                window = []
            else:
                yield window.pop(0)
        yield from window
