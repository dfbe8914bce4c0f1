"""Paths and helpers shared by the tests."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REGISTRY = ROOT / "content" / "tags.toml"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def invoke(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run an invoke task the way a maintainer does, in a fresh process, with a cache of its own (never the
    repository's cache/, never another test's)."""
    with tempfile.TemporaryDirectory(prefix="paper-digest-cache-") as cache:
        env = {**os.environ, "PAPER_DIGEST_CACHE": cache}
        return subprocess.run(
            [sys.executable, "-m", "invoke", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )


def publish(output: Path, siteurl: str, **settings) -> Path:
    """The production build of the real content, under `siteurl`, into `output`."""
    from paper_digest.commands.sites import build_all

    build_all(
        str(ROOT / "publishconf.py"),
        {
            "SITEURL": siteurl,
            "FEED_DOMAIN": siteurl,
            "OUTPUT_PATH": str(output),
            "PAPER_DIGEST_CACHE": str(output.parent / "cache"),
            **settings,
        },  # fmt: skip
    )
    return output


def translate_command(url: str, seeds: Path, memory: Path, *extra: str) -> list[str]:
    """`invoke translate` against a LibreTranslate-compatible server, as a maintainer would type it."""
    return [sys.executable, "-m", "invoke", "translate", "--provider", "libre", "--url", url,
            "--seeds", str(seeds), "--memory", str(memory), *extra]  # fmt: skip


def options(**fields):
    """The plugin's options for a test: the project's (its defaults, its content folder) without a cache (never the
    repository's), with `fields` changed."""
    from dataclasses import replace

    from paper_digest.options import Options

    return replace(Options.of({"PATH": str(ROOT / "content")}), **{"cache": None, **fields})


def site_overrides(tmp: Path, *digests: Path, content: Path | None = None, **settings) -> dict:
    """Pelican settings for a build of `digests` in `tmp` with the project's theme, plugin and memory: its own
    output and cache, and a content folder of its own (a copy of the registry) unless `content` is given; never
    the repository's. `settings` override any of them."""
    import shutil

    if content is None:
        content = tmp / "content"
        content.mkdir(exist_ok=True)
        if not (content / "tags.toml").exists():  # a test's own edits of it stay
            shutil.copy(REGISTRY, content / "tags.toml")
    return {
        "PATH": str(content), "OUTPUT_PATH": str(tmp / "output"), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "PAPER_DIGEST_PATHS": [str(d) for d in digests],
        "PAPER_DIGEST_MEMORY": str(ROOT / "content" / "translations"), "PAPER_DIGEST_CACHE": str(tmp / "cache"),
        **settings,
    }  # fmt: skip


def build_site(tmp: Path, *digests: Path, **settings) -> Path:
    """Both languages of `digests` built in `tmp` (see site_overrides); returns the output folder."""
    from paper_digest.commands.sites import build_all

    overrides = site_overrides(tmp, *digests, **settings)
    build_all(str(ROOT / "pelicanconf.py"), overrides)
    return Path(overrides["OUTPUT_PATH"])
