"""One request to an outside service, retried with backoff, and stopped at once when the host is unreachable.

Shared by the translation engines (deep-translator, OpenAI-compatible) and the arXiv API client. A
rate limit, a server error, a timeout or a dropped connection is worth another
try; a host whose name does not resolve, or that refuses the connection, is not:
the run stops with one short line instead of minutes of retries and a URL.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


class ProviderError(Exception):
    """A request that failed for good (after retries, or with an error retrying cannot fix)."""


class StopRun(ProviderError):
    """A failure no other request can escape (bad key, unknown model or endpoint): stop the whole run."""


class Unreachable(StopRun):
    """The engine's host cannot be reached at all (no name resolution, connection refused)."""


DEFAULT_TIMEOUT = 30.0
DEFAULT_ATTEMPTS = 5
DEFAULT_BACKOFF = 1.0


@dataclass(frozen=True)
class RequestOptions:
    """How an engine sends: per-request timeout, attempts and backoff, a smaller batch size if asked."""

    timeout: float = DEFAULT_TIMEOUT
    attempts: int = DEFAULT_ATTEMPTS
    backoff: float = DEFAULT_BACKOFF
    max_bytes: int | None = None
    sleep: Callable[[float], None] = time.sleep


DEFAULT_OPTIONS = RequestOptions()


_NO_NAME = ("Name or service not known", "Temporary failure in name resolution", "nodename nor servname",
            "getaddrinfo failed", "Failed to resolve", "No address associated with hostname")  # fmt: skip
_REFUSED = ("Connection refused", "[Errno 111]", "actively refused")


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error and everything it wraps (causes, contexts, urllib3's `reason`, an exception in its args)."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]


def unreachable(error: BaseException) -> str | None:
    """'cannot resolve' or 'refused' when the error says the host could not be reached at all."""
    text = " ".join(f"{type(e).__name__}: {e}" for e in _chain(error))
    if any(isinstance(e, ConnectionRefusedError) for e in _chain(error)) or any(m in text for m in _REFUSED):
        return "refused"
    if "gaierror" in text or "NameResolutionError" in text or any(m in text for m in _NO_NAME):
        return "cannot resolve"
    return None


def safe(error: BaseException | None, secrets: Iterable[str | None] = ()) -> str:
    """An error message with any key removed and no request URL (they can be kilobytes of encoded text)."""
    if error is None:
        return "no answer"
    message = str(error)
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    if "?" in message and "http" in message:
        message = message.split("?", 1)[0] + "?…"
    return message if len(message) <= 300 else message[:299] + "…"


class Retrying:
    """Calls for one provider and host: counted, retried with exponential backoff and jitter."""

    def __init__(self, name: str, host: str, options: RequestOptions = DEFAULT_OPTIONS):
        self.name, self.host = name, host
        self.attempts, self.backoff, self.sleep = options.attempts, options.backoff, options.sleep
        self.requests = 0
        self._lock = threading.Lock()

    def call(
        self, request: Callable[[], str], retryable: tuple, secrets: Iterable[str | None] = (), final: tuple = ()
    ) -> str:
        """`final` errors stop the whole run (a refused key, an unknown model); `retryable` ones are tried again."""
        last: BaseException | None = None
        for attempt in range(self.attempts):
            with self._lock:
                self.requests += 1
            try:
                return request()
            except ProviderError:
                raise
            except final as error:
                raise StopRun(f"{self.name}: {type(error).__name__}: {safe(error, secrets)}") from None
            except retryable as error:
                cause = unreachable(error)
                if cause == "cannot resolve":
                    raise Unreachable(f"{self.name}: cannot resolve {self.host}: is the machine online?") from None
                if cause == "refused":
                    raise Unreachable(
                        f"{self.name}: {self.host} refused the connection: is the server running?"
                    ) from None
                last = error
            except Exception as error:  # deep-translator raises plain exceptions of its own too
                raise ProviderError(f"{self.name}: {type(error).__name__}: {safe(error, secrets)}") from None
            if attempt + 1 < self.attempts:
                delay = max(self.backoff * 2**attempt * (1 + random.random() / 4), _retry_after(last))
                logger.info("%s: %s; retrying in %.1f s", self.name, describe(last, secrets), delay)
                self.sleep(delay)
        raise ProviderError(f"{self.name}: gave up after {self.attempts} attempts: {describe(last, secrets)}")


def _retry_after(error: BaseException | None, longest: float = 60.0) -> float:
    """The wait a server asked for in a Retry-After header (seconds), if any, up to `longest`."""
    for current in _chain(error) if error else ():
        headers = getattr(getattr(current, "response", None), "headers", None) or {}
        try:
            return min(float(headers.get("retry-after", "")), longest)
        except (TypeError, ValueError):
            continue
    return 0.0


def describe(error: BaseException | None, secrets: Iterable[str | None] = ()) -> str:
    return f"{type(error).__name__}: {safe(error, secrets)}" if error else "no answer"
