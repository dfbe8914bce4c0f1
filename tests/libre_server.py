"""A LibreTranslate-compatible HTTP server on 127.0.0.1 for tests: scripted faults, counted requests.

It "translates" by replacing each run of Chinese characters with a Latin word
derived from it, line by line, and leaves everything else (placeholders,
Latin names, numbers) alone, the way a well-behaved engine does.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]+")


def fake_english(text: str) -> str:
    def word(match: re.Match) -> str:
        return "en" + hashlib.sha1(match.group(0).encode()).hexdigest()[:6]

    return "\n".join(CHINESE.sub(lambda m: " " + word(m) + " ", line).strip() for line in text.split("\n"))


def _bucket(line: str) -> int:
    return int(hashlib.sha1(line.encode()).hexdigest()[:8], 16) % 9


def like_a_real_engine(text: str) -> str:
    """fake_english that treats inline markup as real engines do, in about a third of the lines.

    Deterministic (a retry gets the same answer), by a hash of each line as sent: tags dropped
    (their text kept), spaces inside tags (`< 1 >`, `< / 1 >`), placeholders lost, and in a request
    of several lines two lines run together.
    """
    lines = text.split("\n")
    out = []
    for line in lines:
        english = fake_english(line)
        bucket = _bucket(line)
        if bucket == 0:
            english = re.sub(r"</?\d+>", "", english)  # numbered tags dropped, their words kept
        elif bucket == 1:
            english = re.sub(r"<(/?)(\d+)(/?)>", lambda m: f"< {m.group(1)} {m.group(2)} {m.group(3)}>", english)
        elif bucket == 2:
            english = re.sub(r"<\d+/>", "", english)  # placeholders (protected names, code) lost
        out.append(english)
    if len(out) > 2 and _bucket(text) < 3:
        out[0:2] = [out[0] + " " + out[1]]  # two lines of the batch run together
    return "\n".join(out)


class LibreServer:
    """Use as a context manager; `faults` is a queue of behaviours for the next requests."""

    def __init__(self, translate=fake_english):
        self.translate = translate
        self.faults: deque[str | tuple] = deque()
        self.texts: list[str] = []
        self.lock = threading.Lock()
        self.hang_after: int | None = None  # answer this many requests, then hang on every later one
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                params = {**parse_qs(urlparse(self.path).query), **parse_qs(body)}
                text = params.get("q", [""])[0]
                with server.lock:
                    server.texts.append(text)
                    fault = server.faults.popleft() if server.faults else None
                    hanging = server.hang_after is not None and len(server.texts) > server.hang_after
                if hanging:
                    time.sleep(30)
                    return
                if fault == "drop":
                    self.connection.close()
                    return
                if isinstance(fault, tuple) and fault[0] == "sleep":
                    time.sleep(fault[1])
                if isinstance(fault, int):
                    self._send(fault, {"error": "scripted failure"})
                elif fault == "null":
                    self._send(200, {"translatedText": None})
                elif fault == "empty":
                    self._send(200, {"translatedText": ""})
                elif fault == "mangle":
                    self._send(200, {"translatedText": re.sub(r"</?\d+/?>", "", server.translate(text))})
                else:
                    self._send(200, {"translatedText": server.translate(text)})

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    @property
    def requests(self) -> int:
        return len(self.texts)

    def __enter__(self) -> LibreServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.hang_after = None
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # a server for hand testing: python tests/libre_server.py
    with LibreServer() as running:
        print(running.url, flush=True)
        threading.Event().wait()
