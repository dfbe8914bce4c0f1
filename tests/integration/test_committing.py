"""`invoke commit-data`: the bot's commit of the translation memory, and its push when someone pushed first."""

import subprocess

import pytest

from paper_digest.translation.committing import CommitError, commit_data

PO = 'msgid ""\nmsgstr ""\n\nmsgid "你好"\nmsgstr "{}"\n'


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def clones(tmp_path):
    """A bare origin with one commit, and two clones of it (the bot's and a person's)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "--quiet", str(origin), str(seed))
    (seed / "content" / "translations" / "papers").mkdir(parents=True)
    (seed / "README.md").write_text("x\n")
    (seed / "content" / "translations" / "glossary.po").write_text(PO.format("Hello"))
    git(seed, "add", ".")
    git(seed, "-c", "user.name=P", "-c", "user.email=p@example.org", "commit", "-q", "-m", "start")
    git(seed, "push", "-q", "origin", "HEAD:main")
    bot, person = tmp_path / "bot", tmp_path / "person"
    for clone in (bot, person):
        git(tmp_path, "clone", "--quiet", str(origin), str(clone))
    return origin, bot, person


def write(clone, arxiv_id, english):
    folder = clone / "content" / "translations" / "papers"
    folder.mkdir(exist_ok=True)
    (folder / f"{arxiv_id}.po").write_text(PO.format(english))


def test_nothing_changed_commits_nothing(clones):
    _, bot, _ = clones
    head = git(bot, "rev-parse", "HEAD")
    assert commit_data(bot, push=True) == head


def test_the_message_names_the_papers_that_gained_english_and_those_still_waiting(clones, tmp_path, monkeypatch):
    origin, bot, _ = clones
    output = tmp_path / "github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    write(bot, "2409.00001", "Hello")
    write(bot, "2409.00002", "")  # a failed provider left only empty entries
    (bot / "stray.txt").write_text("not data\n")  # never staged
    sha = commit_data(bot, push=True)
    assert output.read_text() == f"sha={sha}\n" and git(origin, "rev-parse", "main") == sha
    subject, _, body = git(bot, "log", "-1", "--format=%an%n%s%n%b").partition("\n")[2].partition("\n")
    assert git(bot, "log", "-1", "--format=%an") == "github-actions[bot]"
    assert subject == "Translate 1 paper(s): 2409.00001" and "Still without English: 2409.00002" in body
    assert "stray.txt" not in git(bot, "show", "--name-only", "--format=")


def test_a_push_race_is_rebased_and_pushed_again(clones):
    origin, bot, person = clones
    (person / "README.md").write_text("a person's edit\n")
    git(person, "-c", "user.name=P", "-c", "user.email=p@example.org", "commit", "-qam", "edit")
    git(person, "push", "-q", "origin", "HEAD:main")
    write(bot, "2409.00001", "Hello")
    sha = commit_data(bot, push=True)
    assert git(origin, "rev-parse", "main") == sha
    assert git(origin, "log", "--format=%s", "-2", "main").splitlines() == ["Translate 1 paper(s): 2409.00001", "edit"]


def test_a_refused_push_says_why(clones):
    origin, bot, _ = clones
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    write(bot, "2409.00001", "Hello")
    with pytest.raises(CommitError, match="main is protected"):
        commit_data(bot, push=True)
