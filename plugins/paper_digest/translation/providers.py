"""deep-translator adapters: timeouts, retries with backoff, request sizes in encoded bytes, failing fast.

deep-translator gives one client per engine but sends requests without a
timeout, mixes exception types, may answer None, and its `translate_batch` is a
loop of single calls. This module papers over that, and nothing else: it sends
lines of text and returns lines; the checks and fallbacks are the ladder's.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus, urlparse

import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
)
from deep_translator import constants as dt_constants
from deep_translator.exceptions import (
    ApiKeyException,
    AuthorizationException,
    NotValidLength,
    RequestError,
    ServerException,
    TooManyRequests,
    TranslationNotFound,
)

from ..retrying import DEFAULT_OPTIONS, ProviderError, RequestOptions, Retrying, StopRun, safe
from .ladder import BatchMismatch, Engine

# Exceptions worth another try: rate limits, server errors, timeouts, dropped connections, empty answers.
RETRYABLE = (
    TooManyRequests,
    RequestError,
    ServerException,
    TranslationNotFound,
    requests.exceptions.RequestException,
    ConnectionError,
    ValueError,  # a body that is not the JSON the client expects
)
# ServerException hides the status code; these messages are the ones that are not worth retrying.
_FINAL_SERVER_ERRORS = {"ERR_BAD_REQUEST", "ERR_TEXT_TOO_LONG", "ERR_UNPROCESSABLE_TEXT"}
_KEY_SERVER_ERRORS = {"ERR_KEY_INVALID", "ERR_KEY_BLOCKED"}
AUTH = (ApiKeyException, AuthorizationException)  # no request will do better: the run stops


@dataclass(frozen=True)
class ProviderSpec:
    """How to make a client, where it goes, and how much one request may carry.

    Most clients send the text in the query string, where Chinese costs 9 bytes a character
    URL-encoded: requests are sized by `max_bytes` of the text as sent, and `max_chars`.
    """

    make: Callable[[str | None], object]
    host: Callable[[str | None], str]
    max_chars: int
    max_bytes: int
    in_url: bool = True  # the text travels URL-encoded in the query string, not as a UTF-8 body
    key_env: str | None = None


def _libre(url: str | None):
    # Self-hosted LibreTranslate usually runs without keys, but deep-translator refuses an empty one.
    key = os.environ.get(dt_constants.LIBRE_ENV_VAR) or ("none" if url else None)
    return LibreTranslator(source="zh", target="en", api_key=key, custom_url=_slash(url) if url else None)


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _host_of(default: str) -> Callable[[str | None], str]:
    return lambda url: urlparse(url).netloc if url else default


def _google(url: str | None):
    return GoogleTranslator(source="zh-CN", target="en")


def _deepl(url: str | None):
    return DeeplTranslator(
        source="zh", target="en", api_key=os.environ.get(dt_constants.DEEPL_ENV_VAR), use_free_api=True
    )


def _mymemory(url: str | None):
    return MyMemoryTranslator(source="zh-CN", target="en-GB")


def _microsoft(url: str | None):
    key, region = os.environ.get(dt_constants.MSFT_ENV_VAR), os.environ.get("MICROSOFT_REGION")
    return MicrosoftTranslator(source="zh-Hans", target="en", api_key=key, region=region)


# Google's web endpoint rejects 5000 characters and more, and long URL-encoded Chinese well before.
PROVIDERS: dict[str, ProviderSpec] = {
    "google": ProviderSpec(_google, _host_of("translate.google.com"), max_chars=4500, max_bytes=6000),
    "deepl": ProviderSpec(_deepl, _host_of("api-free.deepl.com"), 4500, 7000, key_env=dt_constants.DEEPL_ENV_VAR),
    "libre": ProviderSpec(_libre, _host_of("libretranslate.com"), 2000, 6000, key_env=dt_constants.LIBRE_ENV_VAR),
    "mymemory": ProviderSpec(_mymemory, _host_of("api.mymemory.translated.net"), max_chars=450, max_bytes=4000),
    "microsoft": ProviderSpec(
        _microsoft, _host_of("api.cognitive.microsofttranslator.com"), 9000, 27000, False, dt_constants.MSFT_ENV_VAR
    ),
}


class _RequestsWithTimeout:
    """`requests` as deep-translator's modules see it, but every call gets a timeout."""

    def __init__(self, timeout: float):
        self.timeout = timeout

    def get(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return requests.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return requests.post(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(requests, name)


def _install_timeout(client: object, timeout: float) -> None:
    module = __import__(type(client).__module__, fromlist=["requests"])
    module.requests = _RequestsWithTimeout(timeout)


class EmptyAnswer(Exception):
    """The provider answered None or an empty string."""


def deep_translator_engine(name: str, url: str | None = None, options: RequestOptions = DEFAULT_OPTIONS) -> Engine:
    """An engine whose batch is one request of lines joined by newlines (what these engines translate)."""
    if name not in PROVIDERS:
        choices = ", ".join(sorted([*PROVIDERS, "openai"]))
        raise ProviderError(f"unknown provider '{name}': choose one of {choices}")
    spec = PROVIDERS[name]
    try:
        spec.make(url)  # a bad key or URL is reported now, before any work
    except (ApiKeyException, AuthorizationException) as error:
        env = spec.key_env or "the provider's key variable"
        raise ProviderError(f"{name} needs an API key: set {env} in the environment ({type(error).__name__})") from None
    except Exception as error:  # a client that cannot even start: a bad URL
        raise ProviderError(f"cannot start the {name} client: {error}") from None
    lines = _LineBatches(name, spec, url, options)
    return Engine(
        name=name, origin=name, send=lines.send, fits=lines.fits, fits_alone=lines.fits_alone, counter=lines.requests
    )


class _LineBatches:
    """A deep-translator client sending lines joined by newlines, one client per thread (Google's and MyMemory's
    keep the text on the instance), through the shared retries."""

    def __init__(self, name: str, spec, url: str | None, options: RequestOptions):
        self.name, self.spec, self.url, self.options = name, spec, url, options
        self.clients = threading.local()
        self.limit = min(options.max_bytes or spec.max_bytes, spec.max_bytes)
        self.retrying = Retrying(name, spec.host(url), options)
        self.secrets = [os.environ.get(env) for env in (spec.key_env,) if env]

    def client(self):
        if not hasattr(self.clients, "client"):
            self.clients.client = self.spec.make(self.url)
            _install_timeout(self.clients.client, self.options.timeout)
        return self.clients.client

    def call(self, text: str) -> str:
        """One request; a server's final word is a ProviderError (or StopRun for a key), an empty answer retried."""
        try:
            answer = self.client().translate(text)
        except NotValidLength as error:
            raise ProviderError(f"{self.name}: {type(error).__name__}: {safe(error, self.secrets)}") from None
        except ServerException as error:
            if str(error) in _KEY_SERVER_ERRORS:
                raise StopRun(
                    f"{self.name}: {safe(error, self.secrets)}: check {self.spec.key_env or 'the key'}"
                ) from None
            if str(error) in _FINAL_SERVER_ERRORS:
                raise ProviderError(f"{self.name}: {safe(error, self.secrets)}") from None
            raise
        if not answer or not str(answer).strip():
            raise EmptyAnswer("the provider answered nothing")
        return str(answer)

    def send(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        answer = self.retrying.call(lambda: self.call(text), RETRYABLE + (EmptyAnswer,), self.secrets, AUTH)
        if len(lines) == 1:
            return [answer]
        got = [line for line in answer.split("\n") if line.strip()]
        if len(got) != len(lines):
            raise BatchMismatch(f"sent {len(lines)} lines, got {len(got)} back")
        return got

    def fits(self, lines: list[str], limit: int | None = None) -> bool:
        """Within the provider's characters and the batch's bytes (as sent: URL-encoded for a GET)."""
        text = "\n".join(lines)
        size = len(quote_plus(text)) if self.spec.in_url else len(text.encode())
        return len(text) <= self.spec.max_chars and size <= (self.limit if limit is None else limit)

    def fits_alone(self, line: str) -> bool:
        return self.fits([line], self.spec.max_bytes)

    def requests(self) -> int:
        return self.retrying.requests


def make_engine(name: str, url: str | None = None, model: str | None = None, terms=None, **options) -> Engine:
    """The engine for a provider name: openai (any OpenAI-compatible endpoint) or a deep-translator one.

    `options` are RequestOptions' fields (timeout, attempts, backoff, max_bytes, sleep)."""
    if name == "openai":
        from .llm import openai_engine  # the openai client is only loaded when asked for

        return openai_engine(url, model, terms, RequestOptions(**options))
    return deep_translator_engine(name, url, RequestOptions(**options))
