"""The LangGraph agent end to end with the offline interpreter: findings delta and repair by the rules' fixes."""

from __future__ import annotations

from soracheck.agents.consistency import Lint, delta, written
from soracheck.agents.graph import AgentContext, build, start
from soracheck.agents.interpret import Interpretation, Note, OfflineInterpreter, parse_notes
from soracheck.agents.ops import EditPlan
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


class FixedPlan:
    """An interpreter that proposes one plan whatever the notes: how a model may answer."""

    name = "fixed"
    uses_feedback = False

    def __init__(self, ops: list[dict]) -> None:
        self.plan = EditPlan(rationale="fixed", ops=ops, not_understood=[])

    def interpret(
        self, notes: list[Note], text: str, path: str, feedback: str | None = None, check: Lint | None = None
    ) -> Interpretation:
        return Interpretation(self.plan, [])

    def repair(self, notes: list[Note], text: str, path: str, plan: EditPlan, findings: list[str]) -> None:
        return None


def test_a_repair_never_undoes_what_the_plan_asked_for() -> None:
    """A plan that breaks a rule (as a model may propose) keeps its change; the fix that would undo it is listed."""
    text = BOARD.read_text()
    shorter = {"op": "set_field", "target": "shot", "key": "booth", "field": "duration", "value": 11}
    context = AgentContext(FixedPlan([shorter]), Project().lint_text)
    state = build().invoke(start(str(BOARD), text, parse_notes("shorten the booth by 1 s\n")), context=context)
    assert "    duration: 11\n" in state["text"]  # TM003's fix (12 s) would rewrite the plan's own value
    assert state["repairs"] == []
    assert state["kept"] == ["TM003: its fix (make it 12 s) would undo the note; the note's change stands"]
    assert [f["code"] for f in delta(state["before"], state["after"])["introduced"]] == ["TM003"]


def test_the_offline_interpreter_refuses_a_note_that_breaks_a_rule_and_names_it() -> None:
    state = run("# the model cannot render 11 s\nshorten the booth shot by 1 second\n")
    assert state["plan"]["ops"] == [] and state["text"] == BOARD.read_text()
    [unclear] = state["unclear"]
    assert unclear["line"] == 2 and "TM003 (shot booth)" in unclear["reason"]


def test_the_spans_a_note_wrote_are_its_changed_lines() -> None:
    original = "a: 1\nb: 2\nc: 3\n"
    assert written(original, "a: 1\nb: 5\nc: 3\n") == [(5, 10)]
    assert written(original, "a: 1\nb: 2\nx: 9\nc: 3\n") == [(10, 15)]
    assert written(original, "a: 1\nc: 3\n") == [(5, 10)]  # a deletion: the line after it
    assert written(original, original) == []


def test_a_continuation_across_a_time_jump_is_refused_not_written() -> None:
    """The demo's note: shot 5 is entered by a time-jump from another place; continuing it breaks CT001."""
    state = run("shot 5 continues from shot 4 - no recap\n")
    [unclear] = state["unclear"]
    assert "CT001 (shot exit)" in unclear["reason"] and unclear["reason"].startswith("not applied")
    assert state["text"] == BOARD.read_text()


def test_notes_not_understood_travel_with_their_line() -> None:
    state = run("\nmake it pop\nuse a 50mm on shot 2\n")
    [unclear] = state["unclear"]
    assert (unclear["line"], unclear["text"]) == (2, "make it pop")
    assert unclear["reason"].startswith("no field or value the offline interpreter reads")
    assert state["plan"]["not_understood"] == ["make it pop"]
    assert [(op["line"], op["words"]) for op in state["plan"]["ops"]] == [(3, "use a 50mm on shot 2")]
