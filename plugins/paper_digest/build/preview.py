"""`invoke serve`: a live preview that follows edits of digests, content, theme, plugin and settings.

One process builds, serves output/ on 127.0.0.1 and watches the sources
(watchfiles, already Pelican's). A saved digest whose papers keep their places
is applied to the site kept in memory, its pages first; any other change
rebuilds the site (rebuilds.py; a change during a build is picked up right
after it). Open pages reload through a small server-sent-events endpoint. A
failed build keeps the last good site, and every open page shows the problems
as FILE:LINE lines until a fix rebuilds it. The
reload script exists only in served pages: it is added on the way out, never
written to output/, and it is a same-origin script, so the pages' CSP allows it.
"""

from __future__ import annotations

import json
import logging
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import DefaultFilter, watch

from ..digest.model import DigestError

logger = logging.getLogger(__name__)

EVENTS = "/__preview/events"
SCRIPT = "/__preview/reload.js"
_SCRIPT_TAG = f'<script src="{SCRIPT}" defer></script>'.encode()
_RELOAD_JS = (Path(__file__).parent / "preview.js").read_bytes()


class Broadcast:
    """The preview's state (a version, the last problems, which pages each version rewrote) for open pages."""

    KEPT = 100  # versions whose pages are remembered; a page further behind reloads whatever it shows

    def __init__(self):
        self.condition = threading.Condition()
        self.version = 0
        self.problems: list[str] = []
        self.rewritten: dict[int, list[str] | None] = {}  # version -> URL paths it rewrote (None: every page)

    def publish(self, problems: list[str], pages: list[str] | None = None) -> None:
        with self.condition:
            self.version += 1
            self.problems = problems
            self.rewritten[self.version] = pages
            self.rewritten.pop(self.version - self.KEPT, None)
            self.condition.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, list[str], list[str] | None]:
        """The state once it differs from version `seen`, with every page rewritten since (None: all of them)."""
        with self.condition:
            self.condition.wait_for(lambda: self.version != seen, timeout=timeout)
            since = [self.rewritten.get(v) for v in range(seen + 1, self.version + 1)] if seen >= 0 else [None]
            pages = None if any(p is None for p in since) else sorted({page for p in since for page in p})
            return self.version, list(self.problems), pages


class PreviewHandler(SimpleHTTPRequestHandler):
    broadcast: Broadcast

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith(EVENTS):
            return self._events()
        if self.path == SCRIPT:
            return self._send(200, "text/javascript", _RELOAD_JS)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():  # pages get the reload script on the way out
            page = path.read_bytes().replace(b"</body>", _SCRIPT_TAG + b"\n</body>", 1)
            return self._send(200, "text/html; charset=utf-8", page)
        return super().do_GET()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the current state at once, then every change (a comment every 15 s keeps it open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while True:
                version, problems, pages = self.broadcast.wait(seen, timeout=15)
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    state = {"version": version, "problems": problems, "pages": pages}
                    data = json.dumps(state, ensure_ascii=False)
                    self.wfile.write(f"data: {data}\n\n".encode())
                    seen = version
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def serve_and_watch(builds, output: Path, sources: list[Path], host: str, port: int, stop: threading.Event) -> None:
    """Build, serve `output` and follow every change of `sources` until `stop` is set.

    `builds` (rebuilds.PreviewBuilds) has full(), and quick(paths, shown), which
    applies saved digests and calls shown() once their pages are written, or says
    a full build is needed.
    """
    broadcast = Broadcast()

    def written(files: list[Path]) -> None:  # open pages among these reload
        broadcast.publish([], [_url_path(file, root) for file in files if file.suffix == ".html"])

    root = output.resolve()

    def rebuild(changed: set[Path] | None = None) -> None:
        try:
            saved = changed and all(path.is_file() for path in changed)
            if saved and builds.quick(changed, written):
                broadcast.publish([], [])  # a page still showing problems reloads
                return
            builds.full()
        except DigestError as error:
            broadcast.publish([str(problem) for problem in error.problems])
            logger.warning("the build stopped; the preview keeps the last good site:\n%s", error)
            return
        broadcast.publish([])

    rebuild()
    handler = type("Handler", (PreviewHandler,), {"broadcast": broadcast})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview at http://{host}:{server.server_address[1]}/ (it follows your edits; Ctrl-C to stop)", flush=True)
    built = output.resolve()
    beside = f".{built.name}."  # the staging folder and the replaced site the build keeps beside the output

    def source(change, path: str) -> bool:  # never the build's own writes
        resolved = Path(path).resolve()
        written = resolved == built or built in resolved.parents
        return (
            not written
            and not any(part.startswith(beside) for part in resolved.parts)
            and DefaultFilter()(change, path)
        )

    try:
        existing = [str(path) for path in sources if path.exists()]
        for changes in watch(*existing, watch_filter=source, debounce=300, stop_event=stop, raise_interrupt=False):
            rebuild({Path(path) for _, path in changes})
    finally:
        server.shutdown()
        server.server_close()


def _url_path(file: Path, root: Path) -> str:
    """The path a browser shows for a written page: /papers/ID/ for papers/ID/index.html."""
    relative = file.resolve().relative_to(root).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
