"""Pelican's own command builds the whole bilingual site, byte for byte what `invoke build` writes."""

import os
import subprocess
import sys

import pytest

from paper_digest.commands.sites import build_all
from support import ROOT

pytestmark = pytest.mark.slow


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("conf", "siteurl"), [("pelicanconf.py", ""), ("publishconf.py", "https://example.github.io/digest")]
)
def test_pelican_s_builds_both_languages_as_invoke_does(tmp_path, conf, siteurl):
    env = {**os.environ, "SITEURL": siteurl}
    command = [sys.executable, "-m", "pelican", "-s", str(ROOT / conf), "-o", str(tmp_path / "cli"),
               "-e", "PAPER_DIGEST_CACHE=null"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    overrides = {"OUTPUT_PATH": str(tmp_path / "invoke"), "PAPER_DIGEST_CACHE": None}
    if siteurl:
        overrides |= {"SITEURL": siteurl, "FEED_DOMAIN": siteurl}
    build_all(str(ROOT / conf), overrides)
    by_pelican, by_invoke = files(tmp_path / "cli"), files(tmp_path / "invoke")
    assert "en/papers/2408.00714/index.html" in by_pelican and "en/pagefind/pagefind-entry.json" not in by_pelican
    assert any(name.startswith("en/pagefind/1/") for name in by_pelican)  # each language indexed for search
    assert not any(name.startswith(("pagefind/shards/", "en/pagefind/shards/")) for name in by_pelican)
    assert by_pelican.keys() == by_invoke.keys()
    assert [name for name in by_pelican if by_pelican[name] != by_invoke[name]] == []


def test_every_run_of_one_process_builds_both_languages(tmp_path):
    """`pelican --autoreload` makes a new Pelican for each change in the same process: each builds every language."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = tmp_path / "out"
    for run in range(2):
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(output),
                                 "PAPER_DIGEST_CACHE": None, "PAPER_DIGEST_SEARCH": False})  # fmt: skip
        Pelican(settings).run()
        assert (output / "en" / "papers" / "2408.00714" / "index.html").is_file(), run
        assert (output / ".nojekyll").is_file(), run
