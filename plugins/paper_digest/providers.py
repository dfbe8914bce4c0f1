"""deep-translator adapters: timeouts, retries with backoff, batching, protected tokens.

deep-translator gives one client per engine but sends requests without a
timeout, mixes exception types, may answer None, and its `translate_batch` is a
loop of single calls. This module papers over that, and nothing else: it knows
segments only as strings, and nothing of Pelican or the memory.
"""

from __future__ import annotations

import logging
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

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

from .segments import MarkupError, check_translation

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
DEFAULT_ATTEMPTS = 5
DEFAULT_BACKOFF = 1.0

# Exceptions worth another try: rate limits, server errors, timeouts, dropped
# connections, and answers that came back empty.
RETRYABLE = (
    TooManyRequests,
    RequestError,
    ServerException,
    TranslationNotFound,
    requests.exceptions.Timeout,
    requests.exceptions.ConnectionError,
    ConnectionError,
)
# ServerException hides the status code; these messages are the ones that are not worth retrying.
_FINAL_SERVER_ERRORS = {
    "ERR_BAD_REQUEST",
    "ERR_KEY_INVALID",
    "ERR_KEY_BLOCKED",
    "ERR_TEXT_TOO_LONG",
    "ERR_UNPROCESSABLE_TEXT",
}
FINAL = (ApiKeyException, AuthorizationException, NotValidLength)


class ProviderError(Exception):
    """A request that failed for good (after retries, or with an error retrying cannot fix)."""


class EmptyAnswer(Exception):
    """The provider answered None or an empty string."""


@dataclass(frozen=True)
class ProviderSpec:
    make: Callable[[str | None], object]
    batch_chars: int  # characters per request, below the provider's own limit
    key_env: str | None = None


def _libre(url: str | None):
    # Self-hosted LibreTranslate usually runs without keys, but deep-translator refuses an empty one.
    key = os.environ.get(dt_constants.LIBRE_ENV_VAR) or ("none" if url else None)
    return LibreTranslator(source="zh", target="en", api_key=key, custom_url=_slash(url) if url else None)


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


PROVIDERS: dict[str, ProviderSpec] = {
    "google": ProviderSpec(lambda url: GoogleTranslator(source="zh-CN", target="en"), batch_chars=4500),
    "deepl": ProviderSpec(
        lambda url: DeeplTranslator(
            source="zh", target="en", api_key=os.environ.get(dt_constants.DEEPL_ENV_VAR), use_free_api=True
        ),
        batch_chars=4500,
        key_env=dt_constants.DEEPL_ENV_VAR,
    ),
    # LibreTranslate gets its text in the query string, so keep requests short enough for any server.
    "libre": ProviderSpec(_libre, batch_chars=600, key_env=dt_constants.LIBRE_ENV_VAR),
    "mymemory": ProviderSpec(lambda url: MyMemoryTranslator(source="zh-CN", target="en-GB"), batch_chars=450),
    "microsoft": ProviderSpec(
        lambda url: MicrosoftTranslator(
            source="zh-Hans",
            target="en",
            api_key=os.environ.get(dt_constants.MSFT_ENV_VAR),
            region=os.environ.get("MICROSOFT_REGION"),
        ),
        batch_chars=9000,
        key_env=dt_constants.MSFT_ENV_VAR,
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


# Latin names, numbers and ids pass through untouched: a provider sees a placeholder instead.
# Numbers followed by a Chinese numeral unit (20亿) are left for the provider to convert.
_PROTECT = re.compile(
    r"<\d+\s*/?>|</\d+>"
    r"|(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9.+\-_/]*(?:[ ][A-Za-z0-9][A-Za-z0-9.+\-_/]*)*%?"
    r"(?![A-Za-z0-9.%+\-_/亿万千百])"
)
_PLACEHOLDER = re.compile(r"<(\d+)\s*/>|<(\d+)>|</(\d+)>")


def protect(segment: str) -> tuple[str, dict[int, str]]:
    """Replace Latin runs and numbers by <N/> placeholders numbered after the segment's own."""
    own = [int(n) for groups in _PLACEHOLDER.findall(segment) for n in groups if n]
    next_number = max(own, default=0) + 1
    saved: dict[int, str] = {}

    def swap(match: re.Match) -> str:
        nonlocal next_number
        text = match.group(0)
        if _PLACEHOLDER.fullmatch(text):
            return text
        saved[next_number] = text
        next_number += 1
        return f"<{next_number - 1}/>"

    return _PROTECT.sub(swap, segment), saved


def unprotect(text: str, saved: dict[int, str]) -> str:
    def swap(match: re.Match) -> str:
        number = int(match.group(1)) if match.group(1) else None
        return saved.get(number, match.group(0)) if number is not None else match.group(0)

    restored = _PLACEHOLDER.sub(swap, text)
    missing = [v for k, v in saved.items() if v not in restored]
    if missing:
        raise MarkupError("the translation dropped protected text: " + ", ".join(missing))
    return restored


def batches(texts: list[str], limit: int) -> list[list[str]]:
    """Group texts in order into requests of at most `limit` characters (a longer text goes alone)."""
    groups: list[list[str]] = []
    size = 0
    for text in texts:
        if groups and size + 1 + len(text) <= limit:
            groups[-1].append(text)
            size += 1 + len(text)
        else:
            groups.append([text])
            size = len(text)
    return groups


class Engine:
    """One provider, with timeouts and retries; `translate_many` is one batched request when it can be."""

    def __init__(
        self,
        name: str,
        url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF,
        batch_chars: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if name not in PROVIDERS:
            raise ProviderError(f"unknown provider '{name}': choose one of {', '.join(sorted(PROVIDERS))}")
        self.name = name
        self.spec = PROVIDERS[name]
        try:
            self.client = self.spec.make(url)
        except (ApiKeyException, AuthorizationException) as error:
            env = self.spec.key_env or "the provider's key variable"
            raise ProviderError(
                f"{name} needs an API key: set {env} in the environment ({type(error).__name__})"
            ) from None
        except Exception as error:  # a client that cannot even start: bad URL, no network at start-up
            raise ProviderError(f"cannot start the {name} client: {error}") from None
        _install_timeout(self.client, timeout)
        self.batch_chars = min(batch_chars or self.spec.batch_chars, self.spec.batch_chars)
        self.attempts = attempts
        self.backoff = backoff
        self.sleep = sleep
        self.requests = 0

    def _request(self, text: str) -> str:
        """One request, retried with exponential backoff on errors worth retrying."""
        last: Exception | None = None
        for attempt in range(self.attempts):
            self.requests += 1
            try:
                answer = self.client.translate(text)
                if not answer or not str(answer).strip():
                    raise EmptyAnswer("the provider answered nothing")
                return str(answer)
            except FINAL as error:
                raise ProviderError(f"{self.name}: {type(error).__name__}: {_safe(error)}") from None
            except ServerException as error:
                if str(error) in _FINAL_SERVER_ERRORS:
                    raise ProviderError(f"{self.name}: {_safe(error)}") from None
                last = error
            except (*RETRYABLE, EmptyAnswer, requests.exceptions.RequestException, ValueError) as error:
                last = error  # ValueError: a body that is not the JSON the client expects
            except Exception as error:  # deep-translator raises plain exceptions of its own too
                raise ProviderError(f"{self.name}: {type(error).__name__}: {_safe(error)}") from None
            if attempt + 1 < self.attempts:
                delay = self.backoff * 2**attempt * (1 + random.random() / 4)
                logger.info("%s: %s; retrying in %.1f s", self.name, _describe(last), delay)
                self.sleep(delay)
        raise ProviderError(f"{self.name}: gave up after {self.attempts} attempts: {_describe(last)}")

    def translate_one(self, segment: str) -> str:
        text, saved = protect(segment)
        answer = unprotect(_tidy(self._request(text)), saved)
        check_translation(segment, answer)
        return answer

    def translate_many(self, segments: list[str]) -> list[str]:
        """Translate in one request, one segment a line; if the lines do not come back intact, one by one."""
        if len(segments) == 1:
            return [self.translate_one(segments[0])]
        protected = [protect(s) for s in segments]
        answer = self._request("\n".join(text for text, _ in protected))
        lines = [line for line in answer.split("\n") if line.strip()]
        if len(lines) == len(segments):
            try:
                results = [unprotect(_tidy(line), saved) for line, (_, saved) in zip(lines, protected, strict=True)]
                for segment, result in zip(segments, results, strict=True):
                    check_translation(segment, result)
                return results
            except MarkupError:
                pass
        logger.info("%s: a batch of %d came back altered; translating its lines one by one", self.name, len(segments))
        return [self.translate_one(s) for s in segments]


def _tidy(text: str) -> str:
    """Undo what engines do to placeholders: spaces inside tags, full-width brackets."""
    text = text.replace("＜", "<").replace("＞", ">").replace("／", "/")
    text = re.sub(r"<\s*(\d+)\s*/\s*>", r"<\1/>", text)
    text = re.sub(r"<\s*/\s*(\d+)\s*>", r"</\1>", text)
    text = re.sub(r"<\s*(\d+)\s*>", r"<\1>", text)
    return text.strip()


def _safe(error: Exception) -> str:
    """An error message with anything that looks like a key removed."""
    message = str(error)
    for env in (dt_constants.LIBRE_ENV_VAR, dt_constants.DEEPL_ENV_VAR, dt_constants.MSFT_ENV_VAR):
        secret = os.environ.get(env)
        if secret:
            message = message.replace(secret, "***")
    return message


def _describe(error: Exception | None) -> str:
    return f"{type(error).__name__}: {_safe(error)}" if error else "no answer"
