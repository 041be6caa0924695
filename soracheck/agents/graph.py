"""The notes agent as a LangGraph: interpret → apply → lint → (repair, at most twice) → review.

State is JSON-plain (texts, the plan as data, findings as small dicts), so a chat session can be
checkpointed and resumed; the interpreter and the linter travel in the runtime context. Review pauses
with ``interrupt()`` when the caller asks for it (the chat loop); ``soracheck NOTES.txt`` runs straight
through and decides itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from soracheck.agents.consistency import MAX_REPAIRS, delta, finding, key, rule_fixes
from soracheck.agents.interpret import Interpretation, Interpreter, InterpreterError, Note
from soracheck.agents.ops import EditPlan, OpRejected, apply_plan
from soracheck.rules.base import Diagnostic
from soracheck.storyboard.edits import unified_diff
from soracheck.storyboard.source import StoryboardError

#: Requests to a model for one notes run, repairs included.
MAX_CALLS = 3


class State(TypedDict, total=False):
    path: str
    original: str
    notes: list[dict[str, Any]]
    feedback: str | None
    plan: dict[str, Any] | None
    unclear: list[dict[str, Any]]
    text: str
    rounds: int
    calls: int
    repairs: list[str]
    #: Findings whose fixes were not applied because they would undo what the notes asked for.
    kept: list[str]
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]
    error: str | None
    decision: dict[str, Any] | None


@dataclass
class AgentContext:
    """What the nodes use but the state does not hold: the interpreter and a linter of storyboard texts."""

    interpreter: Interpreter
    lint: Callable[[str, str], list[Diagnostic]]
    review: bool = False


def _notes(state: State) -> list[Note]:
    return [Note(n["line"], n["text"]) for n in state["notes"]]


def _interpreted(result: Interpretation) -> dict[str, Any]:
    return {
        "plan": result.plan.model_dump(mode="json"),
        "unclear": [{"line": u.line, "text": u.text, "reason": u.reason, "kind": u.kind} for u in result.unclear],
    }


def interpret(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    try:
        result = runtime.context.interpreter.interpret(
            _notes(state), state["original"], state["path"], state.get("feedback"), runtime.context.lint
        )
    except (InterpreterError, StoryboardError) as error:
        return {"error": str(error)}
    before = state.get("before")
    if before is None:
        before = [finding(d) for d in runtime.context.lint(state["original"], state["path"])]
    return {
        **_interpreted(result),
        "calls": state.get("calls", 0) + result.calls,
        "rounds": 0,
        "repairs": [],
        "kept": [],
        "before": before,
        "error": None,
        "decision": None,
    }


def apply(state: State) -> dict[str, Any]:
    try:
        applied = apply_plan(state["original"], state["path"], EditPlan.model_validate(state["plan"]))
    except OpRejected as error:
        return {"error": f"the plan does not apply: {error}"}
    return {"text": applied.text}


def lint(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    return {"after": [finding(d) for d in runtime.context.lint(state["text"], state["path"])]}


def repair(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Ask the interpreter for a plan that avoids the new findings, or apply the rules' own fixes."""
    rounds = state.get("rounds", 0) + 1
    introduced = delta(state["before"], state["after"])["introduced"]
    described = [f"{f['code']} (shot {f['shot']}): {f['message']}" for f in introduced]
    context = runtime.context
    # A model repairs only a plan it wrote (not one read offline), and within its cap of calls;
    # otherwise the rules' own fixes repair what they can without undoing the notes.
    if not 0 < state.get("calls", 0) < MAX_CALLS:
        return _rule_fixes(state, context, rounds, {key(f) for f in introduced})
    # Notes refused for a conflict or as an instruction stay refused: not sent again, not written.
    refused = {u["line"] for u in state.get("unclear", []) if u.get("kind", "unclear") != "unclear"}
    notes = [n for n in _notes(state) if n.line not in refused]
    try:
        result = context.interpreter.repair(
            notes, state["original"], state["path"], EditPlan.model_validate(state["plan"]), described
        )
    except InterpreterError as error:  # the request was made: it counts against the cap
        return {
            "rounds": MAX_REPAIRS,
            "calls": state.get("calls", 0) + 1,
            "repairs": [*state.get("repairs", []), f"repair failed: {error}"],
        }
    if result is None:
        return _rule_fixes(state, context, rounds, {key(f) for f in introduced})
    result.plan.ops = [op for op in result.plan.ops if getattr(op, "line", None) not in refused]
    try:
        applied = apply_plan(state["original"], state["path"], result.plan)
    except OpRejected as error:
        return {
            "rounds": MAX_REPAIRS,
            "calls": state.get("calls", 0) + result.calls,
            "repairs": [*state.get("repairs", []), f"repair rejected: {error}"],
        }
    update = _interpreted(result)
    update["unclear"] = [*(u for u in state.get("unclear", []) if u["line"] in refused), *update["unclear"]]
    return {**update, "text": applied.text, "rounds": rounds, "calls": state.get("calls", 0) + result.calls}


def _rule_fixes(
    state: State, context: AgentContext, rounds: int, wanted: set[tuple[str, str, str | None]]
) -> dict[str, Any]:
    """Apply the fixes of the findings the change introduced, except any that would undo the notes."""
    repaired = rule_fixes(state["original"], state["text"], state["path"], context.lint, wanted)
    kept = [*state.get("kept", []), *repaired.kept]
    if not repaired.applied:
        return {"rounds": MAX_REPAIRS, "kept": kept}
    return {
        "kept": kept,
        "text": repaired.text,
        "rounds": rounds,
        "repairs": [*state.get("repairs", []), *repaired.applied],
    }


def after_lint(state: State) -> str:
    introduced = delta(state["before"], state["after"])["introduced"]
    return "repair" if introduced and state.get("rounds", 0) < MAX_REPAIRS else "review"


def review(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Pause for the director's decision (chat only): approve, reject with a reason, edit the note, discard.

    A rejection's reason, with the plan it rejects, goes back to the interpreter; an edited note
    replaces the notes. Either way the turn is interpreted again from the original text.
    """
    if not runtime.context.review:
        return {}
    decision = interrupt({"plan": state["plan"]})
    update: dict[str, Any] = {"decision": decision}
    if decision.get("action") == "reject":
        update["feedback"] = f"{decision['reason']} (the rejected plan: {json.dumps(state['plan'])})"
    elif decision.get("action") == "edit":
        update |= {"notes": [{"line": 1, "text": decision["note"]}], "feedback": None}
    return update


def after_review(state: State) -> str:
    decision = state.get("decision") or {}
    return "interpret" if decision.get("action") in ("reject", "edit") else END


def _stop_on_error(following: str) -> Callable[[State], str]:
    def route(state: State) -> str:
        return END if state.get("error") else following

    return route


def build(checkpointer: Any = None) -> Any:
    """The compiled graph; pass a checkpointer to pause at review and resume later."""
    graph = StateGraph(State, context_schema=AgentContext)
    graph.add_node("interpret", interpret)
    graph.add_node("apply", apply)
    graph.add_node("lint", lint)
    graph.add_node("repair", repair)
    graph.add_node("review", review)
    graph.add_edge(START, "interpret")
    graph.add_conditional_edges("interpret", _stop_on_error("apply"), ["apply", END])
    graph.add_conditional_edges("apply", _stop_on_error("lint"), ["lint", END])
    graph.add_conditional_edges("lint", after_lint, ["repair", "review"])
    graph.add_edge("repair", "lint")
    graph.add_conditional_edges("review", after_review, ["interpret", END])
    return graph.compile(checkpointer=checkpointer)


def outcome(state: State, shown: str) -> dict[str, Any]:
    """The diff (as ``a/shown`` → ``b/shown``) and the findings delta of a run; empty if it ended in an error."""
    if state.get("error") or not state.get("text"):
        return {"diff": "", "findings": None}
    return {
        "diff": unified_diff(shown, state["original"], state["text"]),
        "findings": delta(state["before"], state["after"]),
    }


def start(path: str, text: str, notes: list[Note]) -> State:
    """The initial state for a notes run."""
    return {
        "path": path,
        "original": text,
        "notes": [{"line": n.line, "text": n.text} for n in notes],
        "feedback": None,
    }
