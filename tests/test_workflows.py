"""The CI workflows of both forges call the Makefile's targets on the right events."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def commands(steps_or_script: list) -> list[str]:
    """The shell commands of GitHub steps or a GitLab script, one string each."""
    found = []
    for item in steps_or_script or []:
        text = item.get("run", "") if isinstance(item, dict) else str(item)
        found += [line.strip() for line in text.splitlines() if line.strip()]
    return found


def runs(job_commands: list[str], target: str) -> bool:
    return any(re.search(rf"(^|\s)make {target}(\s|$)", command) for command in job_commands)


def test_the_targets_exist_and_ci_run_ends_with_make_test():
    assert {"test", "check", "publish", "deploy"} <= make_targets()
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines[-1] == "make test"


def test_github_workflow():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers
    (schedule,) = triggers["schedule"]
    _minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"]
    # In UTC: 03:00–04:59 UTC is 04:00–06:59 in Berlin, summer and winter: early morning.
    assert 3 <= int(hour) <= 4
    jobs = workflow["jobs"]
    test = commands(jobs["test"]["steps"])
    assert "bash .ci/run" in test
    preview, publish = jobs["preview"], jobs["publish"]
    assert "pull_request" in preview["if"] and preview["needs"] == "test"
    assert runs(commands(preview["steps"]), "check")
    assert runs(commands(preview["steps"]), "publish")
    upload = next(s for s in preview["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "output"
    assert not runs(commands(preview["steps"]), "deploy")
    # Publishing: after the tests, on main only, never for a pull request; build, then deploy.
    assert publish["needs"] == "test"
    assert "!= 'pull_request'" in publish["if"] and "refs/heads/main" in publish["if"]
    publish_commands = commands(publish["steps"])
    assert runs(publish_commands, "publish") and runs(publish_commands, "deploy")
    assert [c for c in publish_commands if c.startswith("make ")] == [
        "make publish",
        "make deploy",
    ]
    assert "DEPLOY_TARGET" in publish["env"]
    assert publish["concurrency"]["cancel-in-progress"] is False
    # The deploy key: only in the step that deploys, after the step that builds and checks.
    steps = publish["steps"]
    with_key = [i for i, step in enumerate(steps) if "DEPLOY_SSH_KEY" in yaml.safe_dump(step)]
    building = next(i for i, step in enumerate(steps) if runs(commands([step]), "publish"))
    (deploying,) = [i for i, step in enumerate(steps) if runs(commands([step]), "deploy")]
    assert with_key == [deploying]
    assert building < deploying
    assert "DEPLOY_SSH_KEY" not in yaml.safe_dump(publish.get("env", {}))
    deploy_commands = commands([steps[deploying]])
    assert deploy_commands[-1] == "make deploy"
    assert "rm -f ~/.ssh/id_ed25519" in deploy_commands[0], "the key goes when the step ends"


def test_gitlab_pipeline():
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    sources = " ".join(rule["if"] for rule in pipeline["workflow"]["rules"])
    for event in ("merge_request_event", "schedule", "CI_DEFAULT_BRANCH"):
        assert event in sources
    stages = pipeline["stages"]
    test, preview, publish = pipeline["test"], pipeline["preview"], pipeline["publish"]
    assert "bash .ci/run" in commands(test["script"])
    assert stages.index(test["stage"]) < stages.index(preview["stage"])
    assert stages.index(test["stage"]) < stages.index(publish["stage"])
    assert [rule["if"] for rule in preview["rules"]] == [
        '$CI_PIPELINE_SOURCE == "merge_request_event"'
    ]
    assert runs(commands(preview["script"]), "check")
    assert runs(commands(preview["script"]), "publish")
    assert "output/" in preview["artifacts"]["paths"]
    # Never for a merge request; on the default branch (push and the daily schedule).
    first_rule = publish["rules"][0]
    assert "merge_request_event" in first_rule["if"] and first_rule["when"] == "never"
    assert "CI_DEFAULT_BRANCH" in publish["rules"][1]["if"]
    assert [c for c in commands(publish["script"]) if c.startswith("make ")] == ["make publish"]
    assert publish["resource_group"] == "production"
    # The deploy key: never in the build job (no environment, so variables scoped to
    # "production" do not reach it); only the deploy job, after the build, writes it.
    assert "environment" not in publish
    assert "DEPLOY_SSH_KEY" not in yaml.safe_dump(publish)
    deploy = pipeline["deploy"]
    assert deploy["needs"] == ["publish"]
    assert stages.index(publish["stage"]) < stages.index(deploy["stage"])
    assert deploy["environment"]["name"] == "production"
    assert deploy["rules"] == publish["rules"]
    assert "before_script" not in deploy
    deploy_commands = commands(deploy["script"])
    assert [c for c in deploy_commands if c.startswith("make ")] == ["make deploy"]
    assert deploy_commands[-1] == "make deploy"
    assert "rm -f ~/.ssh/id_ed25519" in commands(deploy["after_script"])
