"""Director notes: offline notes per second over the notes corpus, and model calls per notes file
against the stub server.

1. Offline, over every note of the notes corpus (tests/agents/notes/, each note its own notes file):
   notes per second for the offline interpreter alone (read, compose, apply, check each note's change
   against the rules), and for the whole graph (interpret, apply, lint, repair) — what ``soracheck
   NOTES.txt --offline`` does after start-up.
2. Model calls per notes file, through the real ``openai`` SDK over HTTP to the OpenAI-compatible stub
   on 127.0.0.1 (tests/openai_stub.py). The stub's "model" answers with the offline grammar's plan for
   the notes it is sent (read back from the request, with their lines), so the plans are real ones:
   - clean: the plan lints clean — target 1 call;
   - repaired: the first plan introduces TM003 (an 11 s shot), the repair answer fixes it — target ≤ 3;
   - sample: the sample notes.txt sent whole to the model (the stand-in refuses its conflicting note,
     as the offline interpreter does) — never more than the cap of 3 calls;
   - offline first, all read: every note is read offline — target 0 calls;
   - offline first, mixed: one note the offline interpreter does not read — target 1 call.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from soracheck.agents.consistency import delta
from soracheck.agents.graph import AgentContext, build, start
from soracheck.agents.interpret import Note, OfflineInterpreter, OpenAIInterpreter, parse_notes
from soracheck.config import Agent
from soracheck.project import Project
from tests.agents.test_grammar import REDLINE
from tests.openai_stub import Reply, StubServer, completion, plan

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "agents" / "notes"

ROUNDS = 5


def corpus() -> list[tuple[Path, str, list[str]]]:
    """(storyboard, its text, its notes) for each file of the notes corpus."""
    import yaml

    found = []
    for file in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        board = Path(__file__).resolve().parents[1] / data["storyboard"]
        found.append((board, board.read_text(encoding="utf-8"), [c["note"] for c in data["cases"]]))
    return found


def offline_rate(boards: list[tuple[Path, str, list[str]]], whole_graph: bool) -> float:
    """Notes per second, best of ROUNDS passes over every note of the corpus (each its own notes file)."""
    project, graph = Project(), build()
    interpreter = OfflineInterpreter()
    context = AgentContext(interpreter, project.lint_text)
    best = float("inf")
    count = sum(len(notes) for _, _, notes in boards)
    for _ in range(ROUNDS if not whole_graph else 1):
        began = time.perf_counter()
        for board, text, notes in boards:
            for note in notes:
                parsed = parse_notes(note)
                if whole_graph:
                    graph.invoke(start(str(board), text, parsed), context=context)
                else:
                    interpreter.interpret(parsed, text, str(board), check=project.lint_text)
        best = min(best, time.perf_counter() - began)
    return count / best


def grammar_model(body: dict[str, Any]) -> Reply:
    """A stand-in model: the offline grammar's plan for the notes in the request, on the storyboard sent."""
    message = next(m["content"] for m in body["messages"] if m["role"] == "user")
    board = message.split("Storyboard (JSON):\n", 1)[1].split("\n\nNotes:\n", 1)[0]
    listed = message.split("\n\nNotes:\n", 1)[1].split("\n\n", 1)[0]
    notes = [Note(int(m.group(1)), m.group(2)) for m in re.finditer(r"^line (\d+): (.*)$", listed, re.M)]
    # JSON is YAML: the storyboard as sent reloads through the same validated loader.
    result = OfflineInterpreter().interpret(notes, board, "sent.json")
    return completion(result.plan.model_dump_json())


def calls(stub: StubServer, notes: str, *, offline_first: bool) -> tuple[int, int, float]:
    """(model calls, findings the final plan still introduces, seconds) for one notes file."""
    interpreter = OpenAIInterpreter(Agent(model="stub-model", offline_first=offline_first), base_url=stub.url)
    context = AgentContext(interpreter, Project().lint_text)
    began = time.perf_counter()
    state = build().invoke(start(str(REDLINE), REDLINE.read_text(), parse_notes(notes)), context=context)
    taken = time.perf_counter() - began
    if state.get("error"):
        raise SystemExit(f"the stub run failed: {state['error']}")
    return state["calls"], len(delta(state["before"], state["after"])["introduced"]), taken


def main() -> None:
    boards = corpus()
    count = sum(len(notes) for _, _, notes in boards)
    print(f"offline interpreter over the notes corpus ({count} notes, {len(boards)} storyboards):")
    print(f"  interpreter alone (read, apply, check):  {offline_rate(boards, whole_graph=False):7.0f} notes/s")
    print(f"  interpret + apply + lint + repair:       {offline_rate(boards, whole_graph=True):7.0f} notes/s")

    eleven = {"op": "set_field", "target": "shot", "key": "booth", "field": "duration", "value": 11, "line": 1}
    sample = (REDLINE.parent / "notes.txt").read_text()
    scenarios = {
        "clean": ([], "use a 50mm on shot 2\nadd Leo (barista) wiping the counter to the booth shot\n", False),
        "repaired": (
            [plan("Shorter.", [eleven]), plan("Sora 2 renders 12 s, not 11.", [dict(eleven, value=12)])],
            "shorten the booth shot by 1 second\n",
            False,
        ),
        "sample": ([], sample, False),
        "offline-first, all read": ([], sample, True),
        "offline-first, mixed": (
            [
                plan(
                    "A longer lens.",
                    [
                        {
                            "op": "set_field",
                            "target": "shot",
                            "key": "booth",
                            "field": "lens",
                            "value": "85mm",
                            "line": 2,
                        }
                    ],
                )
            ],
            "use a 50mm on shot 2\nthe booth feels too wide for such a private moment\n",
            True,
        ),
    }
    print("model calls per notes file (real openai SDK, stub server on 127.0.0.1):")
    report = {}
    for name, (script, text_notes, first) in scenarios.items():
        times = []
        for _ in range(ROUNDS):
            with StubServer(script, fallback=grammar_model) as stub:
                made, introduced, taken = calls(stub, text_notes, offline_first=first)
                assert made == len(stub.requests), (made, len(stub.requests))
            times.append(taken)
        report[name] = {"calls": made, "introduced_after": introduced, "median_s": statistics.median(times)}
        print(
            f"  {name:<24} {made} call(s), {introduced} finding(s) left introduced, "
            f"{statistics.median(times) * 1000:.0f} ms per notes file (median of {ROUNDS})"
        )
    ok = (
        report["clean"]["calls"] == 1
        and report["offline-first, all read"]["calls"] == 0
        and report["offline-first, mixed"]["calls"] == 1
        and all(r["calls"] <= 3 for r in report.values())
    )
    print(json.dumps(report))
    print(
        "targets (1 call clean, <= 3 with repair, 0 when all read offline, 1 when one is not):",
        "met" if ok else "MISSED",
    )
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
