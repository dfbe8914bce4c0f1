"""No file of ours is hidden by GitHub's Python .gitignore template (merged into many projects' ignore files, or
kept in a global one): a folder named build/ or a committed .pot would silently fall out of commits."""

import shutil
import subprocess

import pytest

from support import ROOT

TEMPLATE = ROOT / "tests" / "fixtures" / "python.gitignore"


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_no_tracked_file_matches_the_python_gitignore_template():
    hidden = subprocess.run(
        ["git", "ls-files", "--cached", "--ignored", f"--exclude-from={TEMPLATE}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert hidden == []


def test_the_template_would_catch_a_build_folder(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "plugins" / "build").mkdir(parents=True)
    (tmp_path / "plugins" / "build" / "sites.py").write_text("", encoding="utf-8")
    subprocess.run(["git", "add", "-f", "."], cwd=tmp_path, check=True)
    found = subprocess.run(
        ["git", "ls-files", "--cached", "--ignored", f"--exclude-from={TEMPLATE}"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert found == ["plugins/build/sites.py"]
