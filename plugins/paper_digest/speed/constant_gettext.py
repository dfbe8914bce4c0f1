"""Translate the theme's constant strings once, when a template is compiled, not on every page.

Each language's site has its own Jinja environments and its catalog never
changes during a build, so `_("literal")` always gives the same text. The i18n
extension still looks it up and formats it on every call (about 30 calls per
paper page); this extension rewrites the call into the translated literal
first, with exactly what the new-style gettext would return: the translation
(marked safe when autoescaping), `%%` unescaped. Calls with arguments are left
to gettext, and so is every call in a template that uses `_` as anything but
a plain call (a variable, a macro argument, an attribute), where `_` may not
be gettext at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)


class ConstantGettext(Extension):
    """Needs `environment.constant_translations` (a gettext.NullTranslations) before any template compiles."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        tokens = list(stream)
        translations = getattr(self.environment, "constant_translations", None)
        if translations is None or not _only_plain_calls(tokens):
            yield from tokens
            return
        autoescape = self.environment.autoescape
        safe = autoescape(stream.name) if callable(autoescape) else bool(autoescape)
        position = 0
        while position < len(tokens):
            window = tokens[position : position + 4]
            if _constant_call(window):
                line = window[0].lineno
                text = translations.gettext(window[2].value) % {}
                if safe:
                    yield Token(line, TOKEN_LPAREN, "(")
                    yield Token(line, TOKEN_STRING, text)
                    yield Token(line, TOKEN_PIPE, "|")
                    yield Token(line, TOKEN_NAME, "safe")
                    yield Token(line, TOKEN_RPAREN, ")")
                else:
                    yield Token(line, TOKEN_STRING, text)
                position += 4
            else:
                yield tokens[position]
                position += 1


def _constant_call(window: list[Token]) -> bool:
    return (
        len(window) == 4
        and window[0].test(f"{TOKEN_NAME}:_")
        and window[1].type == TOKEN_LPAREN
        and window[2].type == TOKEN_STRING
        and window[3].type == TOKEN_RPAREN
    )


def _only_plain_calls(tokens: list[Token]) -> bool:
    """True when every `_` in the template is called as a function, never bound, passed or looked up."""
    for n, token in enumerate(tokens):
        if not token.test(f"{TOKEN_NAME}:_"):
            continue
        before = tokens[n - 1].type if n else None
        after = tokens[n + 1].type if n + 1 < len(tokens) else None
        if after != TOKEN_LPAREN or before in (TOKEN_DOT, TOKEN_PIPE):
            return False
    return True
