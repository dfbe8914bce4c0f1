"""Pinned dependencies with hashes, Actions pinned by SHA, least-privilege Pages workflow, Dependabot."""

import re

import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_every_requirement_is_pinned_with_hashes():
    text = (ROOT / "requirements.txt").read_text()
    requirements = re.findall(
        r"^([A-Za-z0-9_.\-]+)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M
    )
    names = re.findall(r"^([A-Za-z0-9_.\-]+)==", text, re.M)
    assert names and len(requirements) == len(names)
    assert not re.search(r"^[A-Za-z0-9_.\-]+(>=|~=|<)", text, re.M)
    assert "--require-hashes" in (ROOT / "Makefile").read_text()


def test_actions_are_pinned_by_commit_sha():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_pages_workflow_has_least_privilege():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert workflow["concurrency"]["group"] == "pages"
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    steps = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(steps)


def test_dependabot_watches_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip"}
