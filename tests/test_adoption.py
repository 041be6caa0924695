"""Adopting soracheck on an existing project: baselines, suppressions and fixes, through the entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from soracheck.baseline import load_baseline
from soracheck.fixes import compatible_fixes
from soracheck.rules.base import Applicability, Diagnostic, Fix, Severity
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.source import Span
from tests.conftest import SAMPLES, soracheck

DATE = "2026-12-01"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """Redline Coffee's first draft (13 findings) as the storyboard of a project of its own."""
    shutil.copytree(SAMPLES / "redline-coffee", tmp_path / "p", ignore=shutil.ignore_patterns(".soracheck", "render*"))
    board = tmp_path / "p" / "storyboard.yaml"
    shutil.copy(tmp_path / "p" / "drafts" / "first-draft.yaml", board)
    return board


def lint(board: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return soracheck("lint", board, "--date", DATE, *more, cwd=board.parent)


def found(board: Path, *more: str) -> list[dict]:
    return json.loads(lint(board, "--output-format", "json", *more).stdout)


def test_baseline_accepts_current_findings_and_reports_only_new_ones(draft: Path) -> None:
    baseline = draft.parent / "soracheck-baseline.json"
    done = lint(draft, "--write-baseline", str(baseline))
    assert done.returncode == 0 and "13 finding(s) accepted" in done.stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert sum(e["count"] for e in entries) == 13
    assert {"file": "storyboard.yaml", "code": "CR008", "shot": None, "count": 1} in entries
    assert lint(draft, "--baseline", str(baseline)).returncode == 0
    assert "Not reported: 13 accepted by the baseline" in lint(draft, "--baseline", str(baseline)).stdout

    # edits elsewhere move every line: nothing new is reported, as the baseline counts by shot, not line
    text = draft.read_text(encoding="utf-8")
    draft.write_text("# revised\n\n" + text, encoding="utf-8")
    assert found(draft, "--baseline", str(baseline)) == []

    # a second stated emotion, in a shot that had none, is new: only it is reported
    draft.write_text(text.replace("Maya walks toward", "Maya looks sad and walks toward"), encoding="utf-8")
    new = found(draft, "--baseline", str(baseline))
    assert [(f["code"], f["shot"]) for f in new] == [("CR005", "enter")]
    assert lint(draft, "--baseline", str(baseline)).returncode == 1


def test_baseline_entries_that_no_longer_occur_are_reported_until_it_is_rewritten(draft: Path) -> None:
    baseline = draft.parent / "soracheck-baseline.json"
    lint(draft, "--write-baseline", str(baseline))
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("contine-shooting", "continue-shooting"), encoding="utf-8")  # CR001 fixed
    stale = found(draft, "--baseline", str(baseline))
    assert [(f["code"], f["severity"], f["filename"]) for f in stale] == [("SP003", "info", "soracheck-baseline.json")]
    line = next(n for n, row in enumerate(baseline.read_text().splitlines(), 1) if '"CR001"' in row)
    assert stale[0]["location"]["line"] == line
    assert "none remain" in stale[0]["message"]
    assert lint(draft, "--baseline", str(baseline)).returncode == 0  # information: it does not fail
    assert lint(draft, "--baseline", str(baseline), "--fail-on", "info").returncode == 1
    lint(draft, "--write-baseline", str(baseline))
    assert found(draft, "--baseline", str(baseline)) == []
    assert sum(e["count"] for e in json.loads(baseline.read_text())["entries"]) == 12


def test_configured_baseline_applies_and_text_only_runs_do_not_judge_frame_entries(draft: Path) -> None:
    baseline = draft.parent / "soracheck-baseline.json"
    toml = draft.parent / "soracheck.toml"
    toml.write_text('baseline = "soracheck-baseline.json"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    lint(draft, "--write-baseline", str(baseline))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["entries"].append({"file": "storyboard.yaml", "code": "FR003", "shot": "booth", "count": 1})
    baseline.write_text(json.dumps(data), encoding="utf-8")
    assert found(draft) == []  # lint measures no renders: the FR003 entry is not judged outdated
    baseline.unlink()
    done = lint(draft)
    assert done.returncode == 2 and "soracheck.toml" in done.stderr and "does not exist" in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"version": 2, "entries": []}', "not a soracheck baseline"),
        (
            '{"version": 1, "entries": [{"file": "a", "code": "CT001", "shot": null, "count": 0}]}',
            "count of at least 1",
        ),
    ],
)
def test_malformed_baseline_is_a_located_input_error(draft: Path, text: str, message: str) -> None:
    baseline = draft.parent / "b.json"
    baseline.write_text(text, encoding="utf-8")
    done = lint(draft, "--baseline", str(baseline))
    assert done.returncode == 2 and message in done.stderr and "b.json:" in done.stderr
    assert "Traceback" not in done.stderr


def test_baseline_reads_back_what_it_wrote(tmp_path: Path, draft: Path) -> None:
    baseline = tmp_path / "b.json"
    lint(draft, "--write-baseline", str(baseline))
    loaded = load_baseline(baseline)
    assert sum(loaded.counts.values()) == 13
    assert all(at.line > 3 for at in loaded.locations.values())


def test_suppressions_through_the_entry_point(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    text = text.replace(
        "    camera: her friend steps to the right as Maya speaks\n",
        "    camera: her friend steps to the right as Maya speaks\n    ignore:\n      - CT002: Leo is cast in the next draft\n",
    )
    text = text.replace(
        "    directives: [contine-shooting]", "    directives: [contine-shooting]  # soracheck: ignore[CR001] typo kept"
    )
    draft.write_text(text, encoding="utf-8")
    codes = [f["code"] for f in found(draft)]
    assert "CT002" not in codes and "CR001" not in codes and "SP001" not in codes
    assert "Not reported: 2 suppressed" in lint(draft).stdout
    # once the typo is fixed, the comment suppresses nothing: SP001, whose safe fix removes it
    draft.write_text(text.replace("[contine-shooting]", "[continue-shooting]"), encoding="utf-8")
    unused = [f for f in found(draft) if f["code"] == "SP001"]
    assert len(unused) == 1 and unused[0]["fix"]["applicability"] == "safe"
    lint(draft, "--fix")  # with the rule it names running: a selection without CR001 could not judge it
    assert "soracheck: ignore" not in draft.read_text(encoding="utf-8")
    assert "CT002: Leo" in draft.read_text(encoding="utf-8")


def test_fix_applies_safe_fixes_and_unsafe_ones_only_when_asked(draft: Path) -> None:
    before = draft.read_text(encoding="utf-8")
    diff = lint(draft, "--diff")
    assert diff.returncode == 1 and draft.read_text(encoding="utf-8") == before  # --diff writes nothing
    assert "+    beats: [{at: 0, action: Maya orders}, {at: 6, action: Leo nods}]" in diff.stdout
    assert "duration: 8" not in diff.stdout  # TM003's fix is unsafe
    patch = subprocess.run(["git", "apply", "--check", "-"], input=diff.stdout, cwd=draft.parent, text=True)
    assert patch.returncode == 0  # the diff is a patch git accepts

    done = lint(draft, "--fix")
    assert "fixed 1 problem" in done.stderr and done.returncode == 1  # the others remain, and fail
    assert "TM002" not in {f["code"] for f in found(draft)}
    assert lint(draft, "--diff").returncode == 0  # nothing safe is left to fix

    done = lint(draft, "--fix", "--unsafe-fixes")
    assert "fixed 4 problems" in done.stderr
    after = {f["code"] for f in found(draft)}
    assert not after & {"TM003", "CR001", "CT003", "CT004"}
    assert not list(draft.parent.glob(".storyboard.yaml.*"))  # the atomic write left no temporary file


def test_fixes_that_touch_the_same_text_wait_for_the_next_round() -> None:
    def finding(start: int, end: int) -> Diagnostic:
        fix = Fix("f", (Edit(start, end, "x"),), Applicability.SAFE)
        return Diagnostic("CT001", "r", Severity.ERROR, "m", Span("a"), fix=fix)

    first, overlapping, after, same_point = finding(0, 5), finding(3, 8), finding(5, 9), finding(0, 0)
    assert compatible_fixes([first, overlapping, after, same_point]) == [first, after]


def test_a_broken_storyboard_does_not_keep_the_others_from_being_fixed(draft: Path) -> None:
    project = draft.parent
    (project / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    toml = project / "soracheck.toml"
    toml.write_text(
        'storyboard = ["broken.yaml", "storyboard.yaml"]\n' + toml.read_text(encoding="utf-8"), encoding="utf-8"
    )
    done = soracheck("lint", project, "--diff", cwd=project)
    assert done.returncode == 2 and "broken.yaml:" in done.stderr and "Traceback" not in done.stderr
    assert "+    beats: [{at: 0, action: Maya orders}" in done.stdout  # the other storyboard's fix is shown
    done = soracheck("lint", project, "--fix", cwd=project)
    assert done.returncode == 2 and "fixed 1 problem" in done.stderr
    assert "{at: 0, action: Maya orders}, {at: 6" in draft.read_text(encoding="utf-8")


def test_a_fix_that_would_break_the_file_is_left_out_and_said_so(tmp_path: Path) -> None:
    from soracheck.fixes import Fixed, apply_readable
    from soracheck.project import Project

    text = "title: t\nshots:\n  - {id: a, duration: 5}\n"
    board = tmp_path / "storyboard.yaml"
    board.write_text(text, encoding="utf-8")

    def finding(code: str, start: int, end: int, replacement: str) -> Diagnostic:
        fix = Fix("f", (Edit(start, end, replacement),), Applicability.SAFE)
        return Diagnostic(code, "r", Severity.ERROR, "m", Span(str(board), 3), fix=fix)

    at = text.index("5")
    good, bad = finding("TM003", at, at + 1, "8"), finding("CT001", 0, 0, "[")
    fixed = Fixed(board, text, text)
    assert apply_readable(Project(), board, fixed, [good, bad]) == text.replace("5", "8")
    assert fixed.count == 1 and fixed.problems == ["the fix of CT001 at line 3 would make the file unreadable"]
