"""The Pages workflow's own commands, in order, on a fresh clone with a new digest: translate, commit, push, build.

The test reads .github/workflows/pages.yml and runs every `run:` of the translate
and build jobs as the runner would (bash, the step's `env:` evaluated from a small
table of the `${{ }}` expressions it may use); each `uses:` it knows is played by
hand (checkout is a clone, configure-pages gives the base URL). An unknown action or
expression fails the test, so the test breaks when the workflow changes. The test
job itself runs .ci/run, which is this suite, so it is not run from here.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from arxiv_server import ArxivServer, entry

from libre_server import LibreServer
from paper_digest.digest.load import load_papers
from support import ROOT, soup

pytestmark = pytest.mark.slow

SITEURL = "https://example.github.io/digest"
NEW = "2409.00001"
DIGEST = f"""# A Brand New Paper
[arxiv_pdf_url](https://arxiv.org/pdf/{NEW})
### **研究核心目标与问题**
- 研究**视频分割**的新方法，在MRR@10上提升1.2个百分点。
"""
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def evaluate(value: str, known: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        expression = match.group(1)
        if expression.startswith("secrets."):
            return ""  # no secret is set in this repository: the libre stand-in needs none
        assert expression in known, f"the workflow uses {expression!r}: teach this test what it means"
        return known[expression]

    return _EXPRESSION.sub(one, str(value))


def run_job(job: dict, cwd: Path, known: dict[str, str], tmp: Path) -> dict[str, dict[str, str]]:
    """Run one job's steps; returns the outputs of its steps by id."""
    outputs: dict[str, dict[str, str]] = {}
    for n, step in enumerate(job["steps"]):
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/configure-pages":
                outputs[step["id"]] = {"base_url": SITEURL}
            elif action == "actions/upload-pages-artifact":
                assert (cwd / step["with"]["path"] / "index.html").is_file()
            else:
                assert action in {"actions/checkout", "actions/setup-python", "actions/cache"}, action
            continue
        assert "${{" not in step["run"], f"step {step.get('name')}: pass ${{{{ }}}} values through env:"
        scope = {**known, **{f"steps.{k}.outputs.{o}": v for k, out in outputs.items() for o, v in out.items()}}
        env = {key: evaluate(value, scope) for key, value in (step.get("env") or {}).items()}
        output_file = tmp / f"output-{n}"
        output_file.write_text("")
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=cwd,
            env={**os.environ, **env, "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(tmp / "summary")},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, (step.get("name"), result.stdout[-2000:], result.stderr[-4000:])
        if "id" in step:
            outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines() if line)
    return outputs


def test_the_workflow_translates_commits_and_builds_a_new_digest(tmp_path):
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(ROOT), str(origin))
    user = tmp_path / "user"  # the researcher who drops a digest and pushes
    git(tmp_path, "clone", "--quiet", str(origin), str(user))
    (user / "seeds" / "2024-09-02-daily.txt").write_text(DIGEST, encoding="utf-8")
    git(user, "add", "seeds")
    git(user, "-c", "user.name=Researcher", "-c", "user.email=r@example.org", "commit", "-q", "-m", "New digest")
    git(user, "push", "--quiet", "origin", "HEAD:main")

    workflow = yaml.safe_load((user / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["build"]["needs"] == "translate" and jobs["deploy"]["needs"] == ["build", "test"]

    runner = tmp_path / "translate-runner"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(origin), str(runner))
    seed_papers, _ = load_papers([str(user / "seeds")], str(user / "content" / "tags.toml"))
    served = {p.arxiv_id: entry(p.arxiv_id, p.title, [("A B", "")], "2024-08-01") for p in seed_papers}
    served[NEW] = entry(NEW, "A Brand New Paper", [("Ann van der Berg", "MIT")], "2024-09-02", abstract="We do X.")
    with LibreServer() as server, ArxivServer(served) as arxiv_api:
        known = {"vars.TRANSLATE_PROVIDER || 'google'": "libre", "vars.TRANSLATE_URL": server.url,
                 "vars.TRANSLATE_MODEL": "", "vars.MICROSOFT_REGION": "", "vars.ARXIV_API_URL": arxiv_api.url}  # fmt: skip
        translated = run_job(jobs["translate"], runner, known, tmp_path)
        assert server.requests > 0 and len(arxiv_api.requests) == 1  # one batch: every paper lacked a record
    sha = translated["commit"]["sha"]
    assert git(origin, "rev-parse", "main") == sha  # pushed
    message = git(origin, "log", "-1", "--format=%an <%ae>%n%s", sha)
    assert message.startswith("github-actions[bot] <41898282+") and f"Translate 1 paper(s): {NEW}" in message
    committed = git(origin, "show", "--name-only", "--format=", sha).split()
    assert sorted(committed) == sorted([f"content/arxiv/{arxiv_id}.toml" for arxiv_id in served]
                                       + [f"content/translations/papers/{NEW}.po"])  # fmt: skip
    installed = subprocess.run([runner / ".venv" / "bin" / "python", "-m", "pip", "list", "--format=json"],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    runtime = re.findall(r"^([a-z0-9_.-]+)==", (runner / "requirements.txt").read_text(), re.M)
    names = {package["name"].lower().replace("_", "-") for package in json.loads(installed)} - {"pip", "setuptools"}
    assert "pelican" in names and names <= set(runtime)  # the runtime install carries no test tool

    builder = tmp_path / "build-runner"
    git(tmp_path, "clone", "--quiet", str(origin), str(builder))
    git(builder, "checkout", "--quiet", sha)
    run_job(jobs["build"], builder, {"needs.translate.outputs.sha": sha}, tmp_path)
    page = soup(builder / "output" / "en" / "papers" / NEW / "index.html")
    assert not page.find("meta", attrs={"name": "robots"}) and not page.select(".untranslated")
    assert page.select_one(".abstract").get_text() == "We do X."  # arXiv's record, committed and built offline
    assert f"{SITEURL}/en/papers/{NEW}/" in (builder / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "### Published: " + SITEURL in (tmp_path / "summary").read_text(encoding="utf-8")


def test_only_the_job_that_pushes_keeps_git_credentials_and_no_script_expands_an_expression():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is (name == "translate"), name
