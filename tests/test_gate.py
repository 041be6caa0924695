"""The CI gate through the real entry point: every output format (validated and snapshotted), the exit
code matrix, selection, the pre-commit hooks and the GitHub Action."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from soracheck import __version__
from soracheck.report import FORMATS
from soracheck.report.ci import escape_data, escape_property
from tests.conftest import REPO, SAMPLES, SORACHECK, soracheck

DATE = "2026-12-01"
SNAPSHOTS = Path(__file__).parent / "snapshots" / "gate"
#: The runs whose every format is snapshotted: text rules on a draft, and the full gate on a project.
RUNS = {
    "first-draft": ("lint", "sample_projects/redline-coffee/drafts/first-draft.yaml"),
    "brand-spot": ("check", "sample_projects/brand-spot"),
}


def report(run: str, fmt: str, *more: str) -> subprocess.CompletedProcess[str]:
    command, path = RUNS[run]
    return soracheck(command, path, "--date", DATE, "--output-format", fmt, *more, cwd=REPO)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("run", RUNS)
def test_every_format_matches_its_snapshot(run: str, fmt: str) -> None:
    done = report(run, fmt)
    assert done.returncode == 1, done.stderr
    # Measured values vary in their last digits from one decode to the next: their full precision is not compared.
    text = re.sub(r"\d+\.\d{4,}", "<measured>", done.stdout.replace(__version__, "VERSION"))
    # … and whether the renders were measured now or read from the cache depends on the runs before.
    text = re.sub(r" \(\d+ from the cache\)", "", text)
    text = re.sub(r'"cached": \d+', '"cached": "<cached>"', text)
    snapshot = SNAPSHOTS / f"{run}.{fmt}"
    if os.environ.get("SORACHECK_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8"), f"rerun with SORACHECK_UPDATE_SNAPSHOTS=1 to accept {snapshot}"


def sarif(run: str) -> dict:
    return json.loads(report(run, "sarif").stdout)


@pytest.mark.parametrize("run", RUNS)
def test_sarif_is_valid_against_the_official_schema(run: str, shared: Path) -> None:
    import jsonschema

    schema = json.loads((shared / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(sarif(run)))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("run", RUNS)
def test_sarif_meets_github_code_scanning_requirements(run: str) -> None:
    (found,) = sarif(run)["runs"]
    rules = found["tool"]["driver"]["rules"]
    for rule in rules:
        for key in ("shortDescription", "fullDescription"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
    assert found["results"]
    for result in found["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("sample_projects/") and not uri.startswith("/")  # relative to the repository root
        assert (REPO / uri).is_file()
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["message"]["text"].strip()
    fingerprints = [r["partialFingerprints"]["soracheck/v1"] for r in found["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_attaches_frame_evidence() -> None:
    (found,) = sarif("brand-spot")["runs"]
    (palette,) = [r for r in found["results"] if r["ruleId"] == "BR004"]
    uris = [a["artifactLocation"]["uri"] for a in palette["attachments"]]
    assert uris[0] == "sample_projects/brand-spot/renders/open-tv.mp4"
    assert uris[1].endswith(".png") and (REPO / uris[1]).is_file()
    assert all(a["description"]["text"] for a in palette["attachments"])


def test_sarif_fingerprints_are_keyed_by_code_and_shot_not_line(tmp_path: Path) -> None:
    """Inserting lines above a finding moves it, but its fingerprint stays: code scanning keeps the alert."""
    board = tmp_path / "storyboard.yaml"
    draft = (SAMPLES / "redline-coffee" / "drafts" / "first-draft.yaml").read_text(encoding="utf-8")
    board.write_text(draft, encoding="utf-8")

    def prints() -> dict[tuple[str, int], str]:
        done = soracheck("lint", board, "--output-format", "sarif", cwd=tmp_path)
        (found,) = json.loads(done.stdout)["runs"]
        return {
            (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["partialFingerprints"][
                "soracheck/v1"
            ]
            for r in found["results"]
        }

    before = prints()
    board.write_text("# a note\n# another\n" + draft, encoding="utf-8")
    after = prints()
    assert sorted(after.values()) == sorted(before.values())
    assert {(code, line + 2) for code, line in before} == set(after)


def unescape_data(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


@pytest.mark.parametrize("text", ["plain", "50% off, now: then", "line one\nline two\r\n", "%0A is not a newline", ""])
def test_github_escaping_round_trips(text: str) -> None:
    assert unescape_data(escape_data(text)) == text
    assert unescape_property(escape_property(text)) == text
    assert not re.search(r"[\r\n]", escape_data(text))
    assert not re.search(r"[\r\n:,]", escape_property(text))


def test_github_annotations_parse_back_to_the_findings() -> None:
    done = report("brand-spot", "github")
    findings = json.loads(report("brand-spot", "json").stdout)["findings"]
    lines = done.stdout.splitlines()
    assert len(lines) == len(findings)
    command = re.compile(r"^::(?P<level>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")
    for line, finding in zip(lines, findings, strict=True):
        match = command.match(line)
        assert match, line
        properties = dict(p.split("=", 1) for p in match["properties"].split(","))
        assert unescape_property(properties["file"]) == finding["filename"]
        assert int(properties["line"]) == finding["location"]["line"]
        assert int(properties["col"]) == finding["location"]["column"]
        message = unescape_data(match["message"])
        assert message.startswith(f"{finding['code']} {finding['message']}")
        assert match["level"] == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
    assert any("%0A" in line for line in lines)  # the BR004 evidence goes on a second line, escaped


def test_junit_is_xml_with_a_case_per_finding() -> None:
    root = ET.fromstring(report("brand-spot", "junit").stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        f"sample_projects/brand-spot/spot-{name}.yaml" for name in ("commuters", "students", "tv")
    ]
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 15 == int(root.get("tests", "0"))
    assert int(root.get("failures", "0")) == 12  # every finding at or above fail-on (warning) fails
    passing = [case for case in cases if case.find("failure") is None]
    assert len(passing) == 3  # FR012: information, below fail-on


def test_junit_passes_findings_below_fail_on_and_clean_files() -> None:
    done = soracheck(
        "check",
        "sample_projects/brand-spot",
        "--date",
        DATE,
        "--fail-on",
        "error",
        "--output-format",
        "junit",
        cwd=REPO,
    )
    root = ET.fromstring(done.stdout)
    failing = [c for c in root.iter("testcase") if c.find("failure") is not None]
    passing = [c for c in root.iter("testcase") if c.find("failure") is None]
    assert len(failing) == 5 and len(passing) == 10  # errors fail; warnings and infos are reported in system-out
    assert all(c.find("system-out") is not None for c in passing)
    clean = ET.fromstring(
        soracheck("lint", "sample_projects/redline-coffee", "--output-format", "junit", cwd=REPO).stdout
    )
    (case,) = clean.iter("testcase")
    assert case.get("name") == "no findings" and clean.get("failures") == "0"


def test_gitlab_code_quality_fingerprints_are_unique() -> None:
    issues = json.loads(report("brand-spot", "gitlab").stdout) + json.loads(report("first-draft", "gitlab").stdout)
    assert len(issues) == 28
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert (REPO / issue["location"]["path"]).is_file()
        assert issue["location"]["lines"]["begin"] >= 1


def test_two_findings_of_one_rule_in_one_shot_get_distinct_fingerprints(tmp_path: Path) -> None:
    board = tmp_path / "storyboard.yaml"
    board.write_text(
        "title: t\nshots:\n  - {id: a, duration: 5, action: a busy bar; customers queue at the till}\n",
        encoding="utf-8",
    )
    issues = json.loads(soracheck("lint", board, "--output-format", "gitlab", "--select", "CR008", cwd=tmp_path).stdout)
    assert len(issues) >= 2 and len({i["fingerprint"] for i in issues}) == len(issues)


def test_output_file_gets_the_report(tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    done = report("first-draft", "sarif", "-o", str(out))
    assert done.returncode == 1 and done.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_statistics_count_by_rule() -> None:
    done = report("first-draft", "full", "--statistics")
    assert done.returncode == 1
    rows = [line.split() for line in done.stdout.splitlines()]
    assert sum(int(row[0]) for row in rows) == 13
    assert ["1", "TM002", "[*]", "timeline-order"] in rows
    counted = json.loads(report("first-draft", "json", "--statistics").stdout)
    assert {"code": "CR008", "name": "undefined-crowd", "count": 1, "fixable": False} in counted


def codes(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [finding["code"] for finding in json.loads(done.stdout)]


def test_command_line_selection_wins_over_the_configuration(tmp_path: Path) -> None:
    assert set(codes(report("first-draft", "json", "--select", "CT"))) == {
        "CT001",
        "CT002",
        "CT003",
        "CT004",
        "CT006",
        "CT009",
    }
    assert set(codes(report("first-draft", "json", "--select", "CT001,undefined-reference"))) == {"CT001", "CT002"}
    assert "CR008" not in codes(report("first-draft", "json", "--ignore", "CR008"))
    # the project's soracheck.toml ignores nothing; one that ignores CT001 is overridden by --select
    project = tmp_path / "p"
    shutil.copytree(SAMPLES / "redline-coffee" / "drafts", project)
    (project / "soracheck.toml").write_text('ignore = ["CT001"]\n[severity]\nCR008 = "info"\n', encoding="utf-8")
    draft = project / "first-draft.yaml"
    configured = json.loads(soracheck("lint", draft, "--output-format", "json", "--date", DATE).stdout)
    assert "CT001" not in {f["code"] for f in configured}
    assert {f["severity"] for f in configured if f["code"] == "CR008"} == {"info"}
    assert "CT001" in codes(soracheck("lint", draft, "--output-format", "json", "--select", "CT"))
    raised = json.loads(soracheck("lint", draft, "--output-format", "json", "--severity", "CR008=error").stdout)
    assert {f["severity"] for f in raised if f["code"] == "CR008"} == {"error"}


#: (command line, exit code): 0 nothing failing, 1 failing findings, 2 usage, configuration or input error.
EXIT_CODES = [
    (["lint", "sample_projects/redline-coffee"], 0),
    (["lint", "sample_projects/redline-coffee/drafts/first-draft.yaml"], 1),
    (["lint", "sample_projects/redline-coffee/drafts/first-draft.yaml", "--exit-zero"], 0),
    (
        [
            "lint",
            "sample_projects/redline-coffee/drafts/first-draft.yaml",
            "--select",
            "CR008,CR009",
            "--fail-on",
            "error",
        ],
        0,
    ),
    (
        ["lint", "sample_projects/redline-coffee/drafts/first-draft.yaml", "--select", "CR008", "--fail-on", "warning"],
        1,
    ),
    (["lint", "sample_projects/redline-coffee/drafts/first-draft.yaml", "--diff"], 1),
    (["lint", "sample_projects/redline-coffee", "--diff"], 0),
    (["lint", "sample_projects/redline-coffee/drafts/first-draft.yaml", "--select", "NOPE"], 2),
    (["lint", "sample_projects/redline-coffee", "--severity", "CT001"], 2),
    (["lint", "no/such/storyboard.yaml"], 2),
    (["lint", "no/such/storyboard.yaml", "--exit-zero"], 2),
    (["lint", "sample_projects/redline-coffee", "--baseline", "no/such/baseline.json"], 2),
    (["lint", "sample_projects/redline-coffee", "--output-format", "yaml"], 2),
    (["check", "sample_projects/redline-coffee"], 0),
    (["check", "sample_projects/brand-spot", "--no-frames"], 1),
    (["check", "sample_projects/brand-spot", "--exit-zero", "--output-format", "sarif"], 0),
    (["check", "sample_projects/brand-spot", "--fail-on", "error", "--ignore", "CN,BR,PV"], 0),
    (["frames", "sample_projects/redline-coffee/renders-drift/cup.mp4"], 1),
    (["frames", "sample_projects/redline-coffee/renders-drift/cup.mp4", "--exit-zero"], 0),
    (["frames", "no/such/render.mp4", "--storyboard", "sample_projects/redline-coffee/storyboard.yaml"], 2),
    (["notes", "no/such/notes.txt"], 2),
    (["no-such-notes.txt"], 2),
    (["render-done", "no-such-shot", "sample_projects/redline-coffee/renders/cup.mp4"], 2),
    (["export", "sample_projects/redline-coffee"], 2),
    (["rule", "CT001"], 0),
    (["rule", "XX999"], 2),
    (["schema", "config"], 0),
    (["schema", "nothing"], 2),
    ([], 2),
    (["--version"], 0),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CODES, ids=[" ".join(a) or "(none)" for a, _ in EXIT_CODES])
def test_exit_code(args: list[str], code: int) -> None:
    done = soracheck(*args, cwd=REPO)
    assert done.returncode == code, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def hook_command(hook: dict, files: list[str]) -> list[str]:
    """The command pre-commit runs: the entry (its ``soracheck`` the one installed here), then the files."""
    entry = shlex.split(hook["entry"])
    assert entry[0] == "soracheck"
    return [str(SORACHECK), *entry[1:], *(files if hook.get("pass_filenames", True) else [])]


def project_copy(tmp_path: Path, name: str = "redline-coffee") -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / name, repo / name, ignore=shutil.ignore_patterns(".soracheck"))
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    return repo


def staged(repo: Path, hook: dict) -> list[str]:
    """The files of ``repo`` pre-commit would pass to ``hook`` (by its ``files`` pattern)."""
    pattern = re.compile(hook["files"])
    every = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    return [name for name in every if pattern.search(name)]


def test_pre_commit_text_hook_lints_the_projects_of_changed_files(tmp_path: Path) -> None:
    hook = hooks()["soracheck"]
    assert hook["language"] == "python" and "stages" not in hook
    repo = project_copy(tmp_path)
    files = staged(repo, hook)
    assert ".github/workflows/ci.yml" in files and "redline-coffee/consent.yaml" in files
    done = subprocess.run(hook_command(hook, files), cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "All checks passed! (1 file)" in done.stdout
    )  # the storyboard; the workflow, drafts and README are not linted
    # a change to the consent records alone lints the storyboards they govern
    consent = repo / "redline-coffee" / "consent.yaml"
    consent.write_text(consent.read_text(encoding="utf-8").replace("2028-", "2025-"), encoding="utf-8")
    done = subprocess.run(
        hook_command(hook, ["redline-coffee/consent.yaml"]), cwd=repo, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and "CN002" in done.stdout, done.stdout + done.stderr


def test_pre_commit_frames_hook_runs_the_whole_gate_on_demand(tmp_path: Path) -> None:
    hook = hooks()["soracheck-frames"]
    assert hook["stages"] == ["manual"] and hook["pass_filenames"] is False
    repo = project_copy(tmp_path)
    project = repo / "redline-coffee"
    done = subprocess.run(hook_command(hook, []), cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copy(project / "renders-drift" / "cup.mp4", project / "renders" / "cup.mp4")
    done = subprocess.run(hook_command(hook, []), cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "FR" in done.stdout


def test_github_action_runs_the_gate_and_uploads_sarif(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = {step.get("id") or step.get("name") or step["uses"]: step for step in action["runs"]["steps"]}
    upload = steps["Upload SARIF"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always()") and upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert steps["Fail on findings"]["run"] == "exit ${{ steps.gate.outputs.exit-code }}"
    assert '-c "$GITHUB_ACTION_PATH/constraints.txt"' in steps["Install soracheck"]["run"]
    assert (
        action["inputs"]["upload-sarif"]["default"] == "true"
        and "fork" in action["inputs"]["upload-sarif"]["description"]
    )
    report = steps["Upload report"]
    assert report["uses"].startswith("actions/upload-artifact@") and report["with"]["include-hidden-files"] is True
    assert report["with"]["path"].split() == ["soracheck-report.html", "**/.soracheck/evidence/**/*.png"]
    gate = steps["gate"]
    repo = project_copy(tmp_path, "brand-spot")
    outputs = tmp_path / "github-output"
    env = {
        **os.environ,
        "PATH": f"{SORACHECK.parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(outputs),
        "SORACHECK_PATH": "brand-spot",
        "SORACHECK_ARGS": f"--date {DATE}",
        "SORACHECK_SARIF": "soracheck.sarif",
    }
    assert set(gate["env"]) == {"SORACHECK_PATH", "SORACHECK_ARGS", "SORACHECK_SARIF"}
    done = subprocess.run(["bash", "-c", gate["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n"
    (run,) = json.loads((repo / "soracheck.sarif").read_text(encoding="utf-8"))["runs"]
    assert len(run["results"]) == 15  # 12 problems and 3 identities not judged (FR012)
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("brand-spot/")
    assert len([line for line in done.stdout.splitlines() if line.startswith("::")]) == 15
    assert (repo / "soracheck-report.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_watch_lints_again_on_save(tmp_path: Path) -> None:
    board = tmp_path / "storyboard.yaml"
    clean = (SAMPLES / "redline-coffee" / "drafts" / "first-draft.yaml").read_text(encoding="utf-8")
    board.write_text("title: t\nshots:\n  - {id: a, duration: 5, location: x}\n", encoding="utf-8")
    process = subprocess.Popen(
        [str(SORACHECK), "lint", "--watch", str(board), "--output-format", "concise"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    guard = threading.Timer(60, process.kill)
    guard.start()
    try:

        def next_summary() -> list[str]:
            seen = []
            assert process.stdout is not None
            for line in process.stdout:
                seen.append(line)
                if line.startswith(("Found", "All checks passed")):
                    return seen
            raise AssertionError(f"watch stopped: {''.join(seen)}")

        first = next_summary()
        assert any("CT002" in line for line in first)
        board.write_text(clean, encoding="utf-8")
        second = next_summary()
        assert any("watching" in line for line in second) and any("CR008" in line for line in second)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        guard.cancel()
        process.kill()


def test_every_format_says_what_was_measured_and_not_judged() -> None:
    """The frame gate's summary: renders measured and cached, frame rules run, what could not be judged."""
    text = report("brand-spot", "full").stdout
    assert re.search(r"Measured \d+ renders( \(\d+ from the cache\))?; \d+ frame rules ran\.\n", text)
    assert "Not judged: identity, where 3 FR012 findings say." in text
    (run,) = json.loads(report("brand-spot", "sarif").stdout)["runs"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "note"]
    assert notes[0].startswith("Measured ") and notes[-1] == "Not judged: identity, where 3 FR012 findings say."
    assert "Not judged: spot-tv.yaml: in-shot drift where the camera moves: open (a pan, written)" in notes[3]
    measured = json.loads(report("brand-spot", "json").stdout)["measured"]
    assert measured["renders"] == 9 and measured["unreadable"] == 0 and measured["rules"] > 10
    assert measured["not_judged"][-1] == "identity, where 3 FR012 findings say" and len(measured["not_judged"]) == 4
    assert isinstance(json.loads(report("first-draft", "json").stdout), list)  # lint's JSON: the findings alone
