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
import os
import posixpath
import queue
import secrets
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchfiles import Change, DefaultFilter, watch

from ..problems import DigestError

logger = logging.getLogger(__name__)

EVENTS = "/__preview/events"
SCRIPT = "/__preview/reload.js"
_RELOAD_JS = (Path(__file__).parent / "preview.js").read_bytes()


class Broadcast:
    """The preview's state (a version, the problems, which pages each version rewrote) for open pages."""

    KEPT = 100  # versions whose pages are remembered; a page further behind reloads whatever it shows

    def __init__(self):
        self.condition = threading.Condition()
        self.epoch = secrets.token_hex(4)  # this preview's: a page served by an earlier one reloads
        self.version = 0
        self.problems: list[str] = []  # what stops the build: the pages show the last good site under them
        self.skipped: list[str] = []  # what the site leaves out (papers, files): shown beside the page
        self.rewritten: dict[int, list[str] | None] = {}  # version -> URL paths it rewrote (None: every page)

    def publish(self, problems: list[str], pages: list[str] | None = None, skipped: list[str] | None = None) -> None:
        with self.condition:
            self.version += 1
            self.problems = problems
            self.skipped = self.skipped if skipped is None else skipped
            self.rewritten[self.version] = pages
            self.rewritten.pop(self.version - self.KEPT, None)
            self.condition.notify_all()

    def wait(self, seen: int, timeout: float) -> dict:
        """The state once it differs from version `seen`, or after `timeout` as it is."""
        with self.condition:
            self.condition.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.since(seen)

    def since(self, seen: int) -> dict:
        """The version, the problems, what is skipped, and every page rewritten after version `seen` (None:
        maybe any)."""
        with self.condition:
            fresh = 0 <= seen <= self.version  # a page served by an earlier preview may be any age
            versions = [self.rewritten.get(v) for v in range(seen + 1, self.version + 1)] if fresh else [None]
            pages = None if any(p is None for p in versions) else sorted({page for p in versions for page in p})
            return {"version": self.version, "problems": list(self.problems), "skipped": list(self.skipped),
                    "pages": pages}  # fmt: skip


class Outstanding:
    """Problems the open pages show, by file: a digest's stay until that digest applies or a build passes."""

    def __init__(self):
        self.by_file: dict[str, list[str]] = {}

    def set(self, files: set[Path], problems: list) -> None:
        for file in files:
            self.by_file.pop(os.path.realpath(file), None)
        for problem in problems:  # one located in another file (a record, the registry) is listed once
            lines = self.by_file.setdefault(os.path.realpath(problem.location.path), [])
            if str(problem) not in lines:
                lines.append(str(problem))

    def replace(self, problems: list) -> None:
        self.by_file.clear()
        self.set(set(), problems)

    def listed(self, without: set[Path] = frozenset()) -> list[str]:
        skipped = {os.path.realpath(file) for file in without}
        return [line for file, lines in self.by_file.items() if file not in skipped for line in lines]


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


class Follow:
    """What the preview does with each batch of saved sources, and what it tells the open pages."""

    def __init__(self, builds, broadcast: Broadcast, root: Path):
        self.builds, self.broadcast, self.root = builds, broadcast, root
        self.outstanding = Outstanding()
        self.skips = Outstanding()  # what the served site leaves out, by digest
        self.unapplied: set[Path] = set()  # digests saved with a broken one: applied with it once it is fixed

    def rebuild(self, saved: set[Path] | None = None) -> None:
        """`saved`: the files a save left; None: something else (a deletion, the start) needs a full build."""
        batch = saved | self.unapplied if saved else None
        if batch and all(path.is_file() for path in batch):
            try:
                applied = self.builds.quick(batch, partial(self._written, batch))
            except DigestError as error:
                self.unapplied.update(batch)
                self.outstanding.set(batch, error.problems)
                self.broadcast.publish(self.outstanding.listed(), [])
                logger.warning("the digest has problems; the preview keeps the last good pages:\n%s", error)
                return
            if applied is not None:
                self.unapplied.clear()
                self.outstanding.set(batch, [])
                self.skips.set(batch, applied)
                # a page showing a fixed problem reloads
                self.broadcast.publish(self.outstanding.listed(), [], self.skips.listed())
                return
        self.unapplied.clear()  # a full build reads every source
        try:
            skipped = self.builds.full()
        except DigestError as error:
            self.outstanding.replace(error.problems)
            self.broadcast.publish(self.outstanding.listed(), [])  # the last good site stays: nothing to reload
            logger.warning("the build stopped; the preview keeps the last good site:\n%s", error)
            return
        self.outstanding.replace([])
        self.skips.replace(skipped or [])
        self.broadcast.publish([], None, self.skips.listed())

    def _written(self, batch: set[Path], files: list[Path]) -> None:  # open pages among these reload
        pages = [_url_path(file, self.root) for file in files if file.suffix == ".html"]
        self.broadcast.publish(self.outstanding.listed(without=batch), pages)


def serve_and_watch(builds, output: Path, sources: list[Path], host: str, port: int, stop: threading.Event) -> None:
    """Build, serve `output` and follow every change of `sources` until `stop` is set.

    `builds` (rebuilds.PreviewBuilds) has full(), and quick(files, written), which
    applies saved digests and tells written() the files it wrote, or says a full
    build is needed.
    """
    broadcast = Broadcast()
    root = output.resolve()
    rebuild = Follow(builds, broadcast, root).rebuild

    beside = f".{root.name}."  # the staging folder and the replaced site the build keeps beside the output

    def source(change, path: str) -> bool:  # never the build's own writes
        resolved = Path(path).resolve()
        written = resolved == root or root in resolved.parents
        return (
            not written
            and not any(part.startswith(beside) for part in resolved.parts)
            and DefaultFilter()(change, path)
        )

    batches: queue.Queue = queue.Queue()  # watched from before the first build: no save is ever missed

    def watching() -> None:
        try:
            existing = [str(path) for path in sources if path.exists()]
            for changes in watch(*existing, watch_filter=source, debounce=300, stop_event=stop, raise_interrupt=False):
                batches.put(changes)
        except Exception as error:  # e.g. the system's limit of watched folders: the preview stops and says so
            batches.put(error)
        finally:
            batches.put(None)

    threading.Thread(target=watching, name="preview-watch", daemon=True).start()
    rebuild()
    handler = type("Handler", (PreviewHandler,), {"broadcast": broadcast})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Preview at http://{host}:{server.server_address[1]}/ (it follows your edits; Ctrl-C to stop)", flush=True)
    try:
        while (changes := _raised(batches.get())) is not None:
            while not batches.empty():  # what was saved during the last rebuild, handled at once
                more = _raised(batches.get())
                if more is None:
                    return
                changes |= more
            lasting = lasting_changes(changes)
            if lasting:
                rebuild(lasting if all(path.is_file() for path in lasting) else None)
    finally:
        server.shutdown()
        server.server_close()


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


def _url_path(file: Path, root: Path) -> str:
    """The path a browser shows for a written page: /papers/ID/ for papers/ID/index.html."""
    relative = file.resolve().relative_to(root).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
