"""Project tasks (invoke). The Makefile only bootstraps .venv and calls these."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from paper_digest.load import load_papers  # noqa: E402
from paper_digest.model import DigestError  # noqa: E402

CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "seeds": ROOT / "seeds",
    "registry": ROOT / "content" / "tags.toml",
    "theme": ROOT / "theme",
    "host": "127.0.0.1",
    "port": 8000,
}


def _pelican(settings_file: Path, overrides: dict | None = None) -> None:
    """Run Pelican in-process; bad digests end the run with located messages, not a traceback."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=os.environ.get("PELICAN_LOG_LEVEL", "WARNING"))
    settings = read_settings(str(settings_file), override=overrides or {})
    try:
        Pelican(settings).run()
    except DigestError as error:
        count = len(error.problems)
        raise Exit(f"{error}\n{count} problem(s) found; nothing was built.", code=1) from None


@task(
    help={
        "seeds": "digest files, folders or globs to build instead of seeds/ (comma-separated)",
        "output": "output folder instead of output/",
    }
)
def build(c, seeds="", output=""):
    """Build the preview site into output/ (relative URLs)."""
    overrides = {}
    if seeds:
        overrides["PAPER_DIGEST_PATHS"] = [os.path.abspath(p) for p in seeds.split(",") if p]
    if output:
        overrides["OUTPUT_PATH"] = os.path.abspath(output)
    _pelican(CONFIG["settings_base"], overrides)


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(CONFIG["output"], ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Build from scratch."""
    build(c)


@task(help={"siteurl": "the site's public base URL, e.g. https://USER.github.io/REPO"})
def publish(c, siteurl=""):
    """Build the production site into output/ with absolute URLs under SITEURL."""
    siteurl = siteurl or os.environ.get("SITEURL", "")
    if not siteurl:
        raise Exit("publish needs the site's base URL: invoke publish --siteurl https://USER.github.io/REPO", code=2)
    siteurl = siteurl.rstrip("/")
    _pelican(CONFIG["settings_publish"], {"SITEURL": siteurl, "FEED_DOMAIN": siteurl})


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ on localhost."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    build(c)
    port = int(port or CONFIG["port"])
    server = RootedHTTPServer(str(CONFIG["output"]), (CONFIG["host"], port), ComplexHTTPRequestHandler)
    print(f"Serving output/ at http://{CONFIG['host']}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(
    positional=["paths"],
    help={"paths": "a digest file, a folder of digests or a quoted glob; comma-separate several"},
)
def inspect(c, paths):
    """Print the papers of digests as JSON; located problems go to stderr (exit 1)."""
    papers, problems = load_papers([p for p in paths.split(",") if p], str(CONFIG["registry"]))
    for problem in problems:
        print(f"{problem}" if problem.fatal else f"warning: {problem}", file=sys.stderr)
    fatal = [p for p in problems if p.fatal]
    if fatal:
        raise Exit(f"{len(fatal)} problem(s) found.", code=1)
    json.dump([p.as_json() for p in papers], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@task
def lint(c):
    """ruff check and format check."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)


@task(help={"args": "extra pytest arguments"})
def test(c, args=""):
    """Lint, then run the whole test suite."""
    lint(c)
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


def _babel(c, command: str) -> None:
    c.run(f"{sys.executable} -m babel.messages.frontend {command}", pty=False)


@task(name="i18n-extract")
def i18n_extract(c):
    """Extract the theme's UI strings into theme/translations/messages.pot."""
    theme = CONFIG["theme"]
    _babel(
        c,
        f"extract -F {theme}/babel.cfg -o {theme}/translations/messages.pot --no-location --omit-header "
        f"--sort-output {theme}",
    )


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c, lang="zh_CN"):
    """Merge new UI strings into a language's catalog (creating it if missing)."""
    theme = CONFIG["theme"]
    po = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
    action = "update" if po.exists() else "init"
    _babel(
        c,
        f"{action} -i {theme}/translations/messages.pot -d {theme}/translations -l {lang} --no-wrap"
        + (" --omit-header --no-fuzzy-matching" if action == "update" else ""),
    )
