"""Director notes: offline notes per second, and model calls per notes file against the stub server.

1. Offline. Every Redline Coffee note of the grammar tests (tests/agents/test_grammar.py), each as its
   own notes file: notes per second for the interpreter alone, and for the whole graph (interpret,
   apply, lint, repair by the rules' fixes) — what ``soracheck NOTES.txt --offline`` does after start-up.
2. Model calls per notes file, through the real ``openai`` SDK over HTTP to the OpenAI-compatible stub
   on 127.0.0.1 (tests/openai_stub.py). The stub's "model" answers with the offline grammar's plan for
   the notes it is sent (read back from the request), so the plans are real ones:
   - clean: the plan lints clean — target 1 call;
   - repaired: the first plan introduces TM003 (an 11 s shot), the repair answer fixes it — target ≤ 3;
   - unrepairable: the sample notes.txt, whose plan introduces findings no plan for those notes can
     avoid — the graph must stop at its cap of 3 calls.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from soracheck.agents.graph import AgentContext, build, delta, start
from soracheck.agents.interpret import OfflineInterpreter, OpenAIInterpreter, parse_notes
from soracheck.config import Agent
from soracheck.project import Project
from tests.agents.test_grammar import CASES, REDLINE
from tests.openai_stub import Reply, StubServer, completion, plan

ROUNDS = 5


def offline_rate(notes: list[str], text: str, whole_graph: bool) -> float:
    """Notes per second, best of ROUNDS passes over ``notes`` (each note its own notes file)."""
    interpreter, project, graph = OfflineInterpreter(), Project(), build()
    context = AgentContext(interpreter, project.lint_text)
    path = str(REDLINE)
    best = float("inf")
    for _ in range(ROUNDS):
        began = time.perf_counter()
        for note in notes:
            parsed = parse_notes(note)
            if whole_graph:
                graph.invoke(start(path, text, parsed), context=context)
            else:
                interpreter.interpret(parsed, text, path)
        best = min(best, time.perf_counter() - began)
    return len(notes) / best


def grammar_model(body: dict[str, Any]) -> Reply:
    """A stand-in model: the offline grammar's plan for the notes in the request, on the storyboard sent."""
    message = next(m["content"] for m in body["messages"] if m["role"] == "user")
    board = message.split("Storyboard (JSON):\n", 1)[1].split("\n\nNotes:\n", 1)[0]
    notes = message.split("\n\nNotes:\n", 1)[1].split("\n\n", 1)[0]
    # JSON is YAML: the storyboard as sent reloads through the same validated loader.
    result = OfflineInterpreter().interpret(parse_notes(notes), board, "sent.json")
    return completion(result.plan.model_dump_json())


def calls(stub: StubServer, notes: str) -> tuple[int, int, float]:
    """(model calls, findings the final plan still introduces, seconds) for one notes file."""
    interpreter = OpenAIInterpreter(Agent(model="stub-model"), base_url=stub.url)
    context = AgentContext(interpreter, Project().lint_text)
    began = time.perf_counter()
    state = build().invoke(start(str(REDLINE), REDLINE.read_text(), parse_notes(notes)), context=context)
    taken = time.perf_counter() - began
    if state.get("error"):
        raise SystemExit(f"the stub run failed: {state['error']}")
    return state["calls"], len(delta(state["before"], state["after"])["introduced"]), taken


def main() -> None:
    notes = [note for path, note, _ in CASES if path == REDLINE]
    text = REDLINE.read_text()
    understood = sum(not OfflineInterpreter().interpret(parse_notes(n), text, str(REDLINE)).unclear for n in notes)
    print(f"offline grammar: {understood} of {len(notes)} Redline Coffee notes understood")
    print(f"  interpreter alone:            {offline_rate(notes, text, whole_graph=False):7.0f} notes/s")
    print(f"  interpret + apply + lint:     {offline_rate(notes, text, whole_graph=True):7.0f} notes/s")

    eleven = {"op": "set_field", "target": "shot", "key": "booth", "field": "duration", "value": 11}
    scenarios = {
        "clean": ([], "use a 50mm on shot 2\nadd Leo (barista) wiping the counter to the booth shot\n"),
        "repaired": (
            [plan("Shorter.", [eleven]), plan("Sora 2 renders 12 s, not 11.", [dict(eleven, value=12)])],
            "shorten the booth shot by 1 second\n",
        ),
        "unrepairable": ([], (REDLINE.parent / "notes.txt").read_text()),
    }
    print("model calls per notes file (real openai SDK, stub server on 127.0.0.1):")
    report = {}
    for name, (script, text_notes) in scenarios.items():
        times = []
        for _ in range(ROUNDS):
            with StubServer(script, fallback=grammar_model) as stub:
                made, introduced, taken = calls(stub, text_notes)
                assert made == len(stub.requests), (made, len(stub.requests))
            times.append(taken)
        report[name] = {"calls": made, "introduced_after": introduced, "median_s": statistics.median(times)}
        print(
            f"  {name:<13} {made} call(s), {introduced} finding(s) left introduced, "
            f"{statistics.median(times) * 1000:.0f} ms per notes file (median of {ROUNDS})"
        )
    ok = report["clean"]["calls"] == 1 and all(r["calls"] <= 3 for r in report.values())
    print(json.dumps(report))
    print("targets (1 call clean, <= 3 with repair):", "met" if ok else "MISSED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
