"""The LangGraph agent end to end with the offline interpreter: findings delta and repair by the rules' fixes."""

from __future__ import annotations

from soracheck.agents.graph import AgentContext, build, delta, start, written
from soracheck.agents.interpret import OfflineInterpreter, parse_notes
from soracheck.project import Project
from tests.conftest import SAMPLES

BOARD = SAMPLES / "redline-coffee/storyboard.yaml"


def run(notes: str) -> dict:
    text = BOARD.read_text()
    context = AgentContext(OfflineInterpreter(), Project().lint_text)
    return build().invoke(start(str(BOARD), text, parse_notes(notes)), context=context)


def test_a_clean_change_goes_straight_to_review() -> None:
    state = run("use a 50mm on shot 2\n")
    assert state["rounds"] == 0 and state["repairs"] == []
    found = delta(state["before"], state["after"])
    assert (found["introduced"], found["fixed"], found["remaining"]) == ([], [], [])
    # The lens change makes the render of shot order stale: a render to redo, not a finding to repair.
    assert [(f["code"], f["shot"]) for f in found["rerender"]] == [("PV005", "order")]
    assert "lens: 50mm" in state["text"]


def test_a_repair_never_undoes_what_the_note_asked_for() -> None:
    state = run("# the model cannot render 11 s\nshorten the booth shot by 1 second\n")
    assert state["plan"]["ops"][0]["value"] == 11
    assert "    duration: 11\n" in state["text"]  # TM003's fix (12 s) would rewrite the note's own value
    assert state["repairs"] == []
    assert state["kept"] == ["TM003: its fix (make it 12 s) would undo the note; the note's change stands"]
    assert [f["code"] for f in delta(state["before"], state["after"])["introduced"]] == ["TM003"]


def test_the_spans_a_note_wrote_are_its_changed_lines() -> None:
    original = "a: 1\nb: 2\nc: 3\n"
    assert written(original, "a: 1\nb: 5\nc: 3\n") == [(5, 10)]
    assert written(original, "a: 1\nb: 2\nx: 9\nc: 3\n") == [(10, 15)]
    assert written(original, "a: 1\nc: 3\n") == [(5, 10)]  # a deletion: the line after it
    assert written(original, original) == []


def test_findings_without_a_fix_are_reported_not_hidden() -> None:
    state = run("shot 5 continues from shot 4 - no recap\n")
    introduced = delta(state["before"], state["after"])["introduced"]
    assert [f["code"] for f in introduced] == ["CT001"]
    assert state["rounds"] == 2  # no fix: repair gives up instead of looping


def test_notes_not_understood_travel_with_their_line() -> None:
    state = run("\nmake it pop\nuse a 50mm on shot 2\n")
    assert state["unclear"] == [
        {
            "line": 2,
            "text": "make it pop",
            "reason": "not a form the offline interpreter knows (see 'Director notes' in the README)",
        }
    ]
    assert state["plan"]["not_understood"] == ["make it pop"]
