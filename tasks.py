"""Project tasks (invoke). The Makefile only bootstraps .venv and calls these."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from functools import cache, partial
from pathlib import Path

from invoke import Exit, task
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from paper_digest.commands import cli  # noqa: E402

CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "host": "127.0.0.1",
    "port": 8000,
}


@cache
def _paths() -> dict:
    from paper_digest.options import project_paths
    from paper_digest.problems import DigestError

    try:
        return project_paths(read_settings(str(CONFIG["settings_base"])))
    except DigestError as error:  # a wrong setting: located, never a traceback
        cli.report(error.problems)
        raise


def _loaded(paths: list[str], warnings: list | None = None, records: Path | None = None):
    """What the digests hold (papers, problems, papers still without an id), problems printed."""
    return cli.loaded_or_exit(paths, _paths()["registry"], records or _paths()["arxiv"], warnings)


SITE_OPTIONS = {
    "seeds": "digest files, folders or globs to build instead of seeds/ (comma-separated)",
    "output": "output folder instead of output/",
}


def _site_overrides(seeds: str, output: str) -> dict:
    overrides = {}
    if seeds:
        overrides["PAPER_DIGEST_PATHS"] = [os.path.abspath(p) for p in seeds.split(",") if p]
    if output:
        overrides["OUTPUT_PATH"] = os.path.abspath(output)
    return overrides


STRICT = "refuse to build while any paper or digest is skipped (exit 1) instead of publishing the rest"


@task(help={**SITE_OPTIONS, "strict": STRICT})
def build(c, seeds="", output="", strict=False):
    """Build the preview site, both languages, into output/ (relative URLs); skipped papers are reported."""
    overrides = _site_overrides(seeds, output)
    if strict:
        overrides["PAPER_DIGEST_STRICT"] = True
    cli.build(CONFIG["settings_base"], overrides)


@task
def clean(c):
    """Remove output/, and the staging folder and replaced site kept beside it."""
    from paper_digest.commands.staging import folders_beside

    output = Path(_paths()["output"])
    for folder in (output, *folders_beside(output)):
        shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Build from scratch."""
    build(c)


# The same option has the same short flag in every task: invoke gives each the first free letter of its
# name, in the order of the parameters, so --seeds (-s) and --output (-o) come before --siteurl (-i).
@task(
    help={
        "siteurl": "the site's public base URL, e.g. https://USER.github.io/REPO",
        "strict": "refuse to build while any English is missing or any paper or digest is skipped (exit 1) "
        "instead of publishing the rest",
        "prune_cache": "after the build, delete the cache entries it did not use (keeps a CI cache from growing)",
        **SITE_OPTIONS,
    }
)
def publish(c, seeds="", output="", siteurl="", strict=False, prune_cache=False):
    """Build the production site with absolute URLs under SITEURL; missing English is published as pending."""
    siteurl = siteurl or os.environ.get("SITEURL", "")
    if not siteurl:
        raise Exit("publish needs the site's base URL: invoke publish --siteurl https://USER.github.io/REPO", code=2)
    siteurl = siteurl.rstrip("/")
    if not siteurl.startswith(("https://", "http://")):
        raise Exit(f"--siteurl must be an absolute URL starting with https:// (got '{siteurl}')", code=2)
    overrides = {"SITEURL": siteurl, "FEED_DOMAIN": siteurl, **_site_overrides(seeds, output)}
    if strict:
        overrides.update(PAPER_DIGEST_REQUIRE_TRANSLATIONS=True, PAPER_DIGEST_STRICT=True)
    from paper_digest.commands.summary import append_summary, publish_summary

    started = time.time()
    append_summary(publish_summary(siteurl, cli.build(CONFIG["settings_publish"], overrides, summary=True)))
    if prune_cache:
        from paper_digest.options import Options
        from paper_digest.speed.bundle_store import BundleStore
        from paper_digest.speed.cache import DigestCache

        options = Options.of(read_settings(str(CONFIG["settings_publish"]), override=overrides))
        removed = DigestCache(options.cache).prune(unused_since=started - 1)
        removed += BundleStore(options.cache).prune(unused_since=started - 1)
        print(f"cache: {removed} entr{'y' if removed == 1 else 'ies'} this build did not use removed")


@task(
    name="gh-pages",
    help={"siteurl": "the site's public base URL", "branch": "branch to push to (default gh-pages)", **SITE_OPTIONS},
)
def gh_pages(c, seeds="", output="", siteurl="", branch="gh-pages"):
    """Publish, then push the output to a gh-pages branch with ghp-import (the alternative to the workflow)."""
    publish(c, seeds=seeds, output=output, siteurl=siteurl)
    folder = os.path.abspath(output) if output else _paths()["output"]
    c.run(f"{sys.executable} -m ghp_import -n -p -f -b {branch} -m 'Publish site' {folder}", pty=False)


@task(help={"port": "port to serve on (default 8000)", **SITE_OPTIONS})
def serve(c, port=None, seeds="", output=""):
    """Live preview on localhost: build, serve, and rebuild and reload open pages whenever a source changes."""
    import threading

    from paper_digest.preview.rebuilds import PreviewBuilds
    from paper_digest.preview.server import serve_and_watch

    overrides = _site_overrides(seeds, output)
    paths = _paths()
    watched = [*(Path(p) for p in overrides.get("PAPER_DIGEST_PATHS", paths["seeds"])), paths["registry"].parent,
               paths["theme"], ROOT / "plugins", CONFIG["settings_base"], CONFIG["settings_publish"]]  # fmt: skip
    cli.quiet_logging()
    with contextlib.suppress(KeyboardInterrupt):
        serve_and_watch(
            PreviewBuilds(str(CONFIG["settings_base"]), overrides, partial(print, flush=True)),
            Path(overrides.get("OUTPUT_PATH", paths["output"])), watched, CONFIG["host"], int(port or CONFIG["port"]),
            threading.Event(),
        )  # fmt: skip


@task(
    positional=["paths"],
    help={"paths": "a digest file, a folder of digests or a quoted glob; comma-separate several"},
)
def inspect(c, paths):
    """Print the papers that would publish as JSON; located problems go to stderr; exit 1 if anything is skipped."""
    loaded = _loaded([p for p in paths.split(",") if p])
    try:
        json.dump([p.as_json() for p in loaded.papers], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `invoke inspect … | head`
        sys.stdout = None
    skipped = [problem for problem in loaded.problems if problem.skipped]
    if skipped:
        raise Exit(f"{len(skipped)} part(s) of the digests would not be published (listed above).", code=1)


@task(
    help={
        "provider": "translation engine: google (default), deepl, libre, mymemory, microsoft or openai",
        "url": "server URL: a LibreTranslate server for libre, an OpenAI-compatible base URL for openai "
        "(e.g. http://127.0.0.1:11434/v1 for Ollama)",
        "model": "MODEL for --provider openai, e.g. gpt-4o-mini, deepseek-chat, qwen-plus",
        "check": "translate nothing: print coverage, exit 1 if anything is missing or stale",
        "review": "translate nothing: list machine English nobody has reviewed (paper, segment, Chinese, English)",
        "seeds": "digests to translate instead of seeds/ (comma-separated files, folders or globs)",
        "memory": "translation memory folder instead of content/translations",
        "concurrency": "requests in flight at once (default 4)",
        "timeout": "SECONDS before a request is abandoned and retried (default 30)",
        "batch_bytes": "at most this many BYTES of text per request, as sent (default: the provider's limit)",
        "wait": "SECONDS to wait for another translate run to finish with the memory (default 10)",
    }
)
def translate(
    c,
    provider="google",
    url="",
    model="",
    check=False,
    review=False,
    seeds="",
    memory="",
    concurrency=4,
    timeout="30",
    batch_bytes=0,
    wait="10",
):
    """Fill the translation memory's missing and stale segments through a machine-translation provider."""
    from tqdm import tqdm

    from paper_digest.digest.load import read_registry
    from paper_digest.translation.memory import MemoryBusy, memory_lock
    from paper_digest.translation.providers import ProviderError, make_engine
    from paper_digest.translation.translate import new_papers, plan, prompt_terms, run

    warnings: list[str] = []
    papers = _loaded([p for p in seeds.split(",") if p] or [str(p) for p in _paths()["seeds"]], warnings).papers
    folder = Path(memory) if memory else _paths()["memory"]
    if check or review:
        return cli.check_or_review(papers, folder, review)
    seconds = cli.seconds(timeout, "--timeout")
    try:
        with memory_lock(folder, cli.seconds(wait, "--wait")):
            plans, glossary, problems = plan(papers, folder)  # read under the lock: another run may just have written
            cli.report(problems)
            terms = prompt_terms(glossary, read_registry(str(_paths()["registry"]))[0])
            engine = make_engine(
                provider, url or None, model or None, terms, timeout=seconds, max_bytes=int(batch_bytes) or None
            )
            added = new_papers(plans)
            todo = len({source for item in plans for source in item.missing})
            with tqdm(total=todo, unit="seg", desc=f"translating ({engine.origin})", file=sys.stderr,
                      disable=not todo) as bar:  # fmt: skip
                result = run(plans, engine, concurrency=int(concurrency), progress=bar.update)
    except MemoryBusy as error:
        raise Exit(str(error), code=3) from None
    except ProviderError as error:
        from paper_digest.commands.summary import append_summary, failure_summary

        append_summary(failure_summary(f"Translation ({provider}) did not start", [str(error), *warnings]))
        raise Exit(str(error), code=2) from None
    from paper_digest.commands.summary import append_summary, translate_summary

    append_summary(translate_summary(engine.origin, result, plans, added, warnings))
    cli.translated(result)


@task(
    help={
        "url": "the arXiv API's query URL (a mirror, or a local server in tests)",
        "refresh": "ask again for every paper (and title), not only those without a stored record (or answer)",
        "check": "ask nothing: list the papers without a record or an id and exit 1 if there are any",
        "seeds": "digests to enrich instead of seeds/ (comma-separated files, folders or globs)",
        "delay": "SECONDS between requests (arXiv asks for 3)",
        "records": "folder of the arXiv records instead of content/arxiv",
    }
)
def enrich(c, url="", refresh=False, check=False, seeds="", delay="3", records=""):
    """Store arXiv's record (authors, dates, abstract, categories) of every paper that has none; find the ids of
    papers written without a link by their exact title."""
    folder = Path(records) if records else _paths()["arxiv"]
    loaded = _loaded([p for p in seeds.split(",") if p] or [str(p) for p in _paths()["seeds"]], records=folder)
    cli.enrich(loaded, folder, url, refresh, check, delay)


@task(
    help={
        "check": "exit 1 when any paper has no topic (for CI)",
        "seeds": "digests to read instead of seeds/ (comma-separated files, folders or globs)",
    }
)
def tags(c, check=False, seeds=""):
    """List the raw tags that map to no topic, most used first, with FILE:LINE of each use and suggested topics."""
    paths = [p for p in seeds.split(",") if p] or [str(p) for p in _paths()["seeds"]]
    cli.tags(paths, _paths()["registry"], _paths()["arxiv"], check)


@task(name="commit-data", help={"push": "push the commit to origin (rebasing onto a newer branch, up to 3 times)"})
def commit_data(c, push=False):
    """Commit the translation memory as a bot when it changed (the daily workflow's step); print HEAD's sha."""
    from paper_digest.translation.committing import CommitError
    from paper_digest.translation.committing import commit_data as commit

    try:
        print(commit(ROOT, push=push))
    except CommitError as error:
        raise Exit(str(error), code=1) from None


@task(
    help={
        "papers": "number of synthetic papers (default 200)",
        "repeat": "runs of each system; the table shows the median (default 1)",
        "keep": "keep the work folder and print it",
    }
)
def bench(c, papers=200, repeat=1, keep=False):
    """Benchmark ours (cold, warm) against plain Pelican + i18n_subsites and Hugo on N synthetic papers."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import BenchError, report, run_benchmark

    try:
        runs = run_benchmark(int(papers), keep=keep, repeat=int(repeat))
    except BenchError as error:
        raise Exit(str(error), code=1) from None
    print(report(int(papers), runs))


@task
def lint(c):
    """ruff check and format check; zizmor over the workflows (offline), nothing at medium or above."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)
    zizmor = Path(sys.executable).parent / "zizmor"
    c.run(f"{zizmor} --offline --no-progress --min-severity medium {ROOT / '.github' / 'workflows'}", pty=False)


QUICK = '-m "not browser and not slow and not lengthy"'  # the unit tests and the fast integration tests


@task(
    help={"args": "extra pytest arguments", "quick": "the everyday loop: no lint, browser, benchmark or lengthy test"}
)
def test(c, args="", quick=False):
    """Lint, then run the whole test suite; --quick runs the unit and fast integration tests only (under a minute)."""
    if quick:
        c.run(f"{sys.executable} -m pytest -q {QUICK} {args}", pty=False)
        return
    lint(c)
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


def _babel(c, command: str) -> None:
    c.run(f"{sys.executable} -m babel.messages.frontend {command}", pty=False)


@task(name="i18n-extract")
def i18n_extract(c):
    """Extract the theme's UI strings into theme/translations/messages.pot (made again each time, never committed:
    the catalogs are the source)."""
    theme = _paths()["theme"]
    _babel(
        c,
        f"extract -F {theme}/babel.cfg -o {theme}/translations/messages.pot --no-location --omit-header "
        f"--sort-output {theme}",
    )


@task(name="i18n-compile")
def i18n_compile(c):
    """Check and compile the theme's catalogs to .mo (the build compiles them in memory; .mo files are ignored)."""
    theme = _paths()["theme"]
    _babel(c, f"compile -d {theme}/translations --statistics --use-fuzzy")


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c, lang="zh_CN"):
    """Merge new UI strings into a language's catalog (creating it if missing)."""
    theme = _paths()["theme"]
    po = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
    action = "update" if po.exists() else "init"
    _babel(
        c,
        f"{action} -i {theme}/translations/messages.pot -d {theme}/translations -l {lang} --no-wrap"
        + (" --no-fuzzy-matching" if action == "update" else ""),
    )
