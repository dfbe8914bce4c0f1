"""Paper pages and feeds whose inputs did not change are taken from the last build instead of being made again.

Every paper page gets a fingerprint: a hash of everything its template can
show (the paper, its article fields, its neighbours and related papers), of
the whole theme, the plugin's code and library versions, the site's settings
and its pages (the About link); a feed's covers its entries' and its own
title, path and URLs. The fingerprints are kept in PAGES_MANIFEST, beside
the published folder (bookkeeping.py); the next build hard-links a page from the last build when its
fingerprint is the same, and renders it otherwise. A page is reused only from
the site this tool built last (PAPER_DIGEST_PREVIOUS_OUTPUT), so reusing it is
the same as writing it again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import pickle
import shutil
import sys
from importlib import metadata
from pathlib import Path, PurePath

from pelican import signals
from pelican.utils import sanitised_join

from ..site.feeds import LocalizedFeedWriter, published
from .cache import code_version

logger = logging.getLogger(__name__)

PAGES_MANIFEST = ".paper-pages.json"
_WHERE_IT_IS_WRITTEN = {
    "OUTPUT_PATH",
    "PAPER_DIGEST_PREVIOUS_OUTPUT",
    "PAPER_DIGEST_PREVIOUS_STATE",
}  # settings that never change a page


class Opaque(ValueError):
    """A setting whose effect on a page cannot be hashed: pages are then always rendered."""


def _plain(value):
    """Settings in a stable form: plain data, and simple functions by their bytecode."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return repr(value)
    code = getattr(value, "__code__", None)
    if code is not None and not (value.__closure__ or value.__defaults__ or value.__kwdefaults__):
        consts = [c for c in code.co_consts if not hasattr(c, "co_code")]
        if len(consts) == len(code.co_consts):  # no nested functions
            return [value.__qualname__, code.co_code.hex(), [_plain(c) for c in consts], list(code.co_names)]
    raise Opaque(type(value).__name__)


def _module_sources(names) -> list[Path]:
    """Source files of the plugins and Jinja extensions named in the settings (a package: all its files)."""
    files = []
    for name in names:
        if isinstance(name, type):
            module = sys.modules[name.__module__]
        elif isinstance(name, str):
            try:
                module = importlib.import_module(name)
            except ImportError:  # "package.module.Class"
                module = importlib.import_module(name.rpartition(".")[0])
        else:
            raise Opaque(type(name).__name__)
        origin = Path(getattr(module, "__file__", None) or "")
        files += sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
    return files


def _template_folders(settings: dict) -> list[Path]:
    return [Path(settings["THEME"]), *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES") or [])]


def site_fingerprint(settings: dict, context: dict) -> bytes:
    """What every paper page depends on besides its own article; random (no reuse) when unknowable."""
    try:
        digest = hashlib.sha256(code_version().encode())
        for package in ("pelican", "jinja2", "markupsafe", "feedgenerator"):  # feedgenerator writes the feeds
            digest.update(f"{package}={metadata.version(package)}".encode())
        for folder in _template_folders(settings):
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        extensions = (settings.get("JINJA_ENVIRONMENT") or {}).get("extensions", [])
        for path in _module_sources([*settings.get("PLUGINS", []), *extensions]):
            digest.update(path.read_bytes())
        plain = {k: _plain(v) for k, v in settings.items() if k not in _WHERE_IT_IS_WRITTEN}
    except (Opaque, ImportError, OSError) as unknown:
        logger.info("paper pages are all rendered: a setting cannot be fingerprinted (%s)", unknown)
        return os.urandom(32)
    digest.update(json.dumps(plain, sort_keys=True, default=str).encode())
    pages = [(page.slug, page.title, page.url, page.lang) for page in context.get("pages", [])]
    digest.update(pickle.dumps(pages))
    return digest.digest()


class ReusingWriter(LocalizedFeedWriter):
    """Pelican's writer, which links a paper page or a feed from the last build when its fingerprint matches."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        previous = (settings or {}).get("PAPER_DIGEST_PREVIOUS_OUTPUT")
        state = (settings or {}).get("PAPER_DIGEST_PREVIOUS_STATE")
        self.previous = Path(previous) if previous and state else None
        self.earlier = _read_manifest(Path(state) / PAGES_MANIFEST) if self.previous else {}
        self.fingerprints: dict[str, str] = {}
        self.linked: set[str] = set()  # files shared with the last build, which is still the live site
        self.reused = 0
        self._site: bytes | None = None

    def _site_fingerprint(self, context: dict) -> bytes:
        if self._site is None:
            self._site = site_fingerprint(self.settings, context)
        return self._site

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        if not name or not hasattr(article, "inputs_digest"):
            return super().write_file(name, template, context, *args, **kwargs)
        fingerprint = hashlib.sha256(self._site_fingerprint(context) + article.inputs_digest).hexdigest()
        if self._reuse(name, fingerprint):
            signals.content_written.send(self._linked_path(name), context={**context, **kwargs, "output_file": name})
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False, **kwargs):
        """A feed whose entries and settings are unchanged is linked from the last build.

        Only when no plugin listens for the feed signals: a linked feed is never generated.
        """
        entries = published(elements)[: self.settings["FEED_MAX_ITEMS"]]
        listened = signals.feed_generated.receivers or signals.feed_written.receivers
        if not path or listened or not all(hasattr(entry, "inputs_digest") for entry in entries):
            return super().write_feed(elements, context, path, url, feed_type, override_output, **kwargs)
        shown = [context.get(key) for key in ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")]
        digest = hashlib.sha256(self._site_fingerprint(context))
        digest.update(json.dumps([path, url, feed_type, override_output, kwargs, shown], default=str).encode())
        for entry in entries:
            digest.update(entry.inputs_digest)
        if self._reuse(path, digest.hexdigest()):
            return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, **kwargs)

    def _reuse(self, name: str, fingerprint: str) -> bool:
        """Record the file's fingerprint; link it from the last build if that had the same one."""
        self.fingerprints[name] = fingerprint
        if self.earlier.get(name) != fingerprint or not self._link(name):
            return False
        self.reused += 1
        return True

    def _linked_path(self, name: str) -> str:
        return sanitised_join(self.output_path, name)

    def _link(self, name: str) -> bool:
        source = sanitised_join(str(self.previous), name)
        target = self._linked_path(name)
        if not os.path.isfile(source):
            return False
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except FileExistsError:
            return False
        except OSError:
            shutil.copyfile(source, target)
        self._written_files.add(target)
        self.linked.add(target)
        return True

    def _open_w(self, filename, encoding, override=False):
        """A second write to a linked page must not change the live site's copy: unlink it first."""
        if filename in self.linked and override:
            self.linked.discard(filename)
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def save_manifest(self) -> None:
        path = Path(self.output_path) / PAGES_MANIFEST
        path.write_text(json.dumps(self.fingerprints, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def reusing_writer(pelican_object):
    return ReusingWriter


def save_page_manifest(generator, writer) -> None:
    if isinstance(writer, ReusingWriter):
        writer.save_manifest()
