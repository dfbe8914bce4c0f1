"""An OpenAI-compatible chat-completions endpoint as a translation engine (OpenAI, DeepSeek, Qwen, Ollama, vLLM…).

Uses the official `openai` client (deep-translator's ChatGptTranslator targets the
API removed in openai 1.0 and takes no base URL). A batch is a JSON array of
strings in one user message; the answer must be a JSON array of the same
length. The system prompt asks for academic English, says to keep the numbered
tags and placeholders, and lists the glossary and tag terms that occur in the
batch, so machine English uses the words of the reviewed pages.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlparse

import openai

from ..retrying import DEFAULT_OPTIONS, ProviderError, RequestOptions, Retrying
from .ladder import BatchMismatch, Engine

KEY_ENV = "OPENAI_API_KEY"
MAX_BYTES = 12000  # of the JSON array sent: small enough for any model's context and a quick answer
MAX_ITEMS = 40
FINAL = (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError)  # key, model, URL


class Busy(Exception):
    """A 408 or 409 from the server: worth another try, like a 429 or a 5xx."""


RETRYABLE = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    Busy,
)

PROMPT = """You translate Chinese summaries of research papers into English for researchers.
You receive a JSON array of strings. Answer with only a JSON array of the same length: at each
position, the English translation of the string at that position. Write clear academic English.
Keep every numbered tag exactly as written, around the words it marks: <1>…</1> pairs and
self-closing placeholders like <2/> stand for markup, names and numbers; never translate,
renumber, add or drop them. Keep names, numbers, formulas and metric notation (MRR@10, pass@1)
as written."""


def batch_prompt(lines: list[str], terms: dict[str, str]) -> str:
    """The system prompt, with the reviewed translations of the terms that occur in these lines."""
    text = "\n".join(lines)
    used = [f"{zh} = {en}" for zh, en in sorted(terms.items(), key=lambda kv: -len(kv[0])) if zh in text]
    if not used:
        return PROMPT
    return PROMPT + "\nTranslate these terms as given:\n" + "\n".join(used)


def parse_answer(content: str | None, count: int) -> list[str]:
    """The JSON array an answer holds (models like to wrap it in a code fence); BatchMismatch otherwise."""
    text = (content or "").strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except ValueError:
        raise BatchMismatch("the answer is not a JSON array") from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BatchMismatch("the answer is not a JSON array of strings")
    if len(value) != count:
        raise BatchMismatch(f"sent {count} strings, got {len(value)} back")
    return value


def openai_engine(
    url: str | None, model: str | None, terms: dict[str, str] | None = None, options: RequestOptions = DEFAULT_OPTIONS
) -> Engine:
    key = os.environ.get(KEY_ENV)
    if not key:
        raise ProviderError(f"openai needs a key: set {KEY_ENV} (any non-empty string for a local server)")
    if not model:
        raise ProviderError("openai needs a model: --model NAME (e.g. gpt-4o-mini, deepseek-chat, qwen-plus)")
    try:
        client = openai.OpenAI(api_key=key, base_url=url or None, timeout=options.timeout, max_retries=0)
    except openai.OpenAIError as error:
        raise ProviderError(f"cannot start the openai client: {error}") from None
    host = urlparse(url).netloc if url else "api.openai.com"
    retrying = Retrying("openai", host, options)
    limit = min(options.max_bytes or MAX_BYTES, MAX_BYTES)
    terms = terms or {}

    def send(lines: list[str]) -> list[str]:
        messages = [
            {"role": "system", "content": batch_prompt(lines, terms)},
            {"role": "user", "content": json.dumps(lines, ensure_ascii=False)},
        ]

        def call() -> str:
            try:  # no temperature: some reasoning models refuse any but their own
                response = client.chat.completions.create(model=model, messages=messages)
            except openai.APIStatusError as error:
                if error.status_code in (408, 409):
                    raise Busy(str(error)) from error
                raise
            return response.choices[0].message.content or ""

        return parse_answer(retrying.call(call, RETRYABLE, [key], FINAL), len(lines))

    def fits(lines: list[str], limit: int = limit) -> bool:
        return len(lines) <= MAX_ITEMS and len(json.dumps(lines, ensure_ascii=False).encode()) <= limit

    def fits_alone(line: str) -> bool:
        return fits([line], MAX_BYTES)

    return Engine(
        name="openai", origin=f"openai/{model}", send=send, fits=fits, fits_alone=fits_alone,
        counter=lambda: retrying.requests,
    )  # fmt: skip
