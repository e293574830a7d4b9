"""The GitHub workflows: valid, audited, pinned, and deploying the way the issue asks.

actionlint cannot be installed here (its wheel downloads a binary), so the workflows are
checked against GitHub's workflow schema (check-jsonschema's built-in
vendor.github-workflows) and audited by zizmor without network access; the tests below add
the project's own rules, which neither tool knows.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*(\S+)\s+#\s*v\d+\.\d+\.\d+\s*$")
PAGES_ACTIONS = (
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
)


def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert files, f"no workflows in {WORKFLOWS}"
    return files


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])
    ]


def tool(name: str) -> str:
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed in {BIN}: run 'make venv' (requirements-dev.txt).")
    return str(path)


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


# ---------------------------------------------------------------- the tools


def test_workflows_match_the_github_workflow_schema() -> None:
    done = run(
        [
            tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, workflow_files()),
        ]
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing() -> None:
    done = run([tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


# ---------------------------------------------------------------- the project's rules


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    workflow = load(path.name)
    for job_id, step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{job_id}: {step['uses']} is not pinned"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert VERSION_COMMENT.search(line), f"no '# vX.Y.Z' comment: {line.strip()}"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_least_permissions(path: Path) -> None:
    workflow = load(path.name)
    assert workflow.get("permissions") == {}, "the workflow must grant nothing by default"
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{job_id} must name its permissions"
        writes = {k for k, v in granted.items() if v == "write"}
        allowed = {"pages", "id-token"} if job_id == "deploy" else set()
        assert writes <= allowed, f"{job_id} may not write {sorted(writes - allowed)}"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_checkout_keeps_no_credentials(path: Path) -> None:
    for job_id, step in steps(load(path.name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, job_id


def test_tests_run_on_pushes_and_pull_requests() -> None:
    workflow = load("test.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert any(step.get("run") == "make test" for _, step in steps(workflow))


def test_pages_builds_tests_and_deploys_with_the_official_actions() -> None:
    workflow = load("pages.yml")
    used = [step["uses"].split("@")[0] for _, step in steps(workflow) if "uses" in step]
    for action in PAGES_ACTIONS:
        assert action in used, f"{action} is not used"
    runs = [step.get("run", "") for _, step in steps(workflow)]
    assert runs.index("make test") < runs.index("make offline") < runs.index("make build")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"


def test_pages_never_cancels_a_deploy_in_progress() -> None:
    concurrency = load("pages.yml")["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    assert "${{" not in concurrency["group"], "one group for every run, whatever the branch"


def test_pages_publishes_the_offline_zip_at_the_pages_address() -> None:
    workflow = load("pages.yml")
    by_run = {step.get("run"): step for _, step in steps(workflow)}
    site_url = "${{ steps.pages.outputs.base_url }}/"
    assert by_run["make offline"]["env"]["SITE_URL"] == site_url
    build_env = by_run["make build"]["env"]
    assert build_env["SITE_URL"] == site_url
    assert build_env["GIST_OFFLINE_ZIP"] == "dist/gist-guide-offline.zip"
    upload = next(s for _, s in steps(workflow) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"  # the hook copies the zip into it
