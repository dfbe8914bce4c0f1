"""An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: JSON-array batches, 429s, counted requests.

It answers the way the translation prompt asks: the user message is a JSON array
of Chinese strings, the answer a JSON array of their fake English (numbered tags
kept), sometimes wrapped in a code fence as models do. The first request and every
`rate_limit_every`-th after it are refused with 429 and Retry-After, like a busy endpoint.
"""

from __future__ import annotations

import json
import threading

from stand_in import LocalServer, QuietHandler

from libre_server import fake_english


class OpenAIServer(LocalServer):
    path = "/v1"

    def __init__(self, translate=fake_english, rate_limit_every: int = 3, key: str = "sk-test"):
        self.translate = translate
        self.rate_limit_every = rate_limit_every
        self.key = key
        self.requests = 0
        self.answered: list[list[str]] = []  # the arrays translated, in order
        self.prompts: list[str] = []
        self.models: list[str] = []
        self.lock = threading.Lock()
        server = self

        class Handler(QuietHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with server.lock:
                    server.requests += 1
                    number = server.requests
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                if self.headers.get("Authorization") != f"Bearer {server.key}":
                    return self._send(401, {"error": {"message": "bad key", "type": "invalid_api_key"}})
                if server.rate_limit_every and number % server.rate_limit_every == 1:
                    return self._send(429, {"error": {"message": "slow down", "type": "rate_limit"}}, retry=True)
                system = next(m["content"] for m in body["messages"] if m["role"] == "system")
                strings = json.loads(next(m["content"] for m in body["messages"] if m["role"] == "user"))
                english = [server.translate(text) for text in strings]
                with server.lock:
                    server.answered.append(strings)
                    server.prompts.append(system)
                    server.models.append(body["model"])
                content = json.dumps(english, ensure_ascii=False)
                if number % 2:
                    content = f"```json\n{content}\n```"
                self._send(200, {
                    "id": f"chatcmpl-{number}", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })  # fmt: skip

            def _send(self, status, payload, retry=False):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if retry:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)

        self.serve(Handler)
