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
import posixpath
import queue
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchfiles import Change, DefaultFilter, watch

from .follow import Broadcast, Follow

logger = logging.getLogger(__name__)

EVENTS = "/__preview/events"
SCRIPT = "/__preview/reload.js"
_RELOAD_JS = (Path(__file__).parent / "preview.js").read_bytes()


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
            return self._page(200, path)
        wanted = urlsplit(self.path).path
        if wanted.endswith(("/", ".html")) and not path.exists():  # /papers/2408.00714/: the id has a dot
            missing = not_found_page(Path(self.directory), wanted)
            if missing:  # a paper skipped since: the page says why, and comes back when fixed
                return self._page(404, *missing)
        return super().do_GET()

    def _page(self, status: int, path: Path, base: str | None = None) -> None:
        stamp = f"{self.broadcast.epoch}.{self.broadcast.version}"  # before reading: the page is this new
        tag = f'<script src="{SCRIPT}" data-version="{stamp}" defer></script>\n</body>'.encode()
        page = path.read_bytes().replace(b"</body>", tag, 1)
        if base is not None:  # served at another path than its own: its relative links start from its folder
            page = page.replace(b"<head>", f'<head>\n<base href="{base}">'.encode(), 1)
        self._send(status, "text/html; charset=utf-8", page)

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the state at once, with every page rewritten since the version the page was
        served at (?since=N), then every change (a comment every 15 s keeps the connection open)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        epoch, _, version = parse_qs(urlsplit(self.path).query).get("since", [""])[0].partition(".")
        seen = int(version) if epoch == self.broadcast.epoch and version.isdigit() else -1
        try:
            state = self.broadcast.since(seen)
            while True:
                self.wfile.write(f"data: {json.dumps(state, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
                seen = state["version"]
                while (state := self.broadcast.wait(seen, timeout=15))["version"] == seen:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def serve_and_watch(builds, output: Path, sources: list[Path], host: str, port: int, stop: threading.Event) -> None:
    """Build, serve `output` and follow every change of `sources` until `stop` is set.

    `builds` (rebuilds.PreviewBuilds) has full(), and quick(files, written), which
    applies saved digests and tells written() the files it wrote, or says a full
    build is needed.
    """
    broadcast = Broadcast()
    root = output.resolve()
    rebuild = Follow(builds, broadcast, root).rebuild
    batches = _watched(sources, SourceFilter(root), stop)  # watched from before the first build: no save missed
    rebuild()
    server = _served(output, host, port, broadcast)
    print(f"Preview at http://{host}:{server.server_address[1]}/ (it follows your edits; Ctrl-C to stop)", flush=True)
    try:
        while (changes := _next_changes(batches)) is not None:
            lasting = lasting_changes(changes)
            if lasting:
                rebuild(lasting if all(path.is_file() for path in lasting) else None)
    finally:
        server.shutdown()
        server.server_close()


class SourceFilter(DefaultFilter):
    """watchfiles' filter, less the build's own writes: the output and the folders kept beside it."""

    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        self.beside = f".{root.name}."  # the staging folder and the replaced site

    def __call__(self, change, path: str) -> bool:
        resolved = Path(path).resolve()
        written = resolved == self.root or self.root in resolved.parents
        beside = any(part.startswith(self.beside) for part in resolved.parts)
        return not written and not beside and super().__call__(change, path)


def _watched(sources: list[Path], keep, stop: threading.Event) -> queue.Queue:
    """A thread putting each batch of changes in the queue; an error (the system's limit of watched folders)
    and then None when it stops."""
    batches: queue.Queue = queue.Queue()

    def watching() -> None:
        try:
            existing = [str(path) for path in sources if path.exists()]
            for changes in watch(*existing, watch_filter=keep, debounce=300, stop_event=stop, raise_interrupt=False):
                batches.put(changes)
        except Exception as error:  # the preview stops and says why
            batches.put(error)
        finally:
            batches.put(None)

    threading.Thread(target=watching, name="preview-watch", daemon=True).start()
    return batches


def _served(output: Path, host: str, port: int, broadcast: Broadcast) -> ThreadingHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"broadcast": broadcast})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _next_changes(batches: queue.Queue) -> set | None:
    """The next batch, with what else was saved during the last rebuild (handled at once); None at the end."""
    changes = _raised(batches.get())
    while changes is not None and not batches.empty():
        more = _raised(batches.get())
        if more is None:
            return None
        changes |= more
    return changes


def _raised(item):
    if isinstance(item, Exception):
        raise item
    return item


def lasting_changes(changes: set[tuple[Change, str]]) -> set[Path]:
    """The paths a batch of changes left changed: a file made and gone again (an editor's temporary file,
    Vim's 4913 probe, GIO's .goutputstream-*) is no change to the sources."""
    kinds: dict[str, set[Change]] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    return {Path(path) for path, seen in kinds.items() if Path(path).exists() or Change.added not in seen}


def not_found_page(root: Path, wanted: str) -> tuple[Path, str] | None:
    """The 404 page of the language a URL path is in (/en/… has its own), and the folder its links start from."""
    folders = [part for part in posixpath.normpath(unquote(wanted)).split("/") if part and part != ".."]
    folders = folders if wanted.endswith("/") else folders[:-1]
    for depth in range(len(folders), -1, -1):
        page = root.joinpath(*folders[:depth], "404.html")
        if page.is_file():
            return page, "/" + "".join(f"{folder}/" for folder in folders[:depth])
    return None
