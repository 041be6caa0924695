"""Judge the offline notes interpreter on the notes corpus (``tests/agents/notes/``): how many notes it
reads exactly, how many of the notes it must refuse it refuses, and how many changes it writes that
no note asked for (which must be 0).

Each note runs alone through the real pipeline, as ``soracheck NOTES.txt --offline`` runs it (the
graph: interpret, apply, lint, repair); the storyboard before and after are compared field by field.

    python benchmarks/notes_corpus.py [--cases] [--file NAME]
    # --cases lists every case that does not pass; --file measures one corpus file (NAME.yaml)
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from soracheck.agents.interpret import Note
from soracheck.agents.pipeline import Revise
from soracheck.project import Project

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "agents" / "notes"


def fields(text: str) -> dict[str, Any]:
    """The storyboard as the corpus addresses it: ``shots`` (the id order), ``shots.<id>.<field>``,
    ``characters.<key>.<field>``, ``locations.<key>.<field>`` and the other top-level fields."""
    data = yaml.safe_load(text) or {}
    found: dict[str, Any] = {}
    for key, value in data.items():
        if key == "shots":
            found["shots"] = [shot.get("id") for shot in value]
            for shot in value:
                found.update({f"shots.{shot.get('id')}.{name}": item for name, item in shot.items() if name != "id"})
        elif key in ("characters", "locations") and isinstance(value, dict):
            for name, entry in value.items():
                found.update({f"{key}.{name}.{field}": item for field, item in (entry or {}).items()})
        else:
            found[key] = value
    return found


def changes(before: str, after: str) -> dict[str, Any]:
    """Every path whose value differs, with its new value (``None``: removed). A dropped shot shows
    in the ``shots`` order alone, not as each of its fields removed."""
    old, new = fields(before), fields(after)
    dropped = {f"shots.{shot}." for shot in set(old.get("shots", [])) - set(new.get("shots", []))}
    return {
        path: new.get(path)
        for path in old.keys() | new.keys()
        if old.get(path) != new.get(path) and not any(path.startswith(prefix) for prefix in dropped)
    }


def expected(case: dict[str, Any], before: str) -> dict[str, Any]:
    """The case's change, with an added shot's whole mapping spread into its fields."""
    want: dict[str, Any] = {}
    old = fields(before)
    for path, value in (case.get("change") or {}).items():
        parts = path.split(".")
        if len(parts) == 2 and parts[0] == "shots" and isinstance(value, dict):
            want.update({f"{path}.{name}": item for name, item in value.items() if name != "id"})
        elif old.get(path) != value:
            want[path] = value
    return want


def judge(case: dict[str, Any], before: str, state: dict[str, Any]) -> tuple[str, str]:
    """``exact``, ``refused`` (nothing written) or ``wrong`` (a change other than the case's), and what differed."""
    after = state.get("text") or before
    found = changes(before, after)
    if not found and "refuse" not in case and not expected(case, before) and not state.get("unclear"):
        return "exact", ""
    if not found:
        return "refused", "; ".join(u["reason"] for u in state.get("unclear", [])) or str(state.get("error") or "")
    if "refuse" in case:
        return "wrong", f"wrote {found}"
    allowed = set(case.get("may_change") or [])
    want = expected(case, before)
    extra = {path: found[path] for path in found if path not in want and path not in allowed}
    missed = {path: value for path, value in want.items() if found.get(path) != value}
    if extra or missed:
        return "wrong", f"also wrote {extra}; wanted {missed}, got { ({p: found.get(p) for p in missed}) }"
    return "exact", ""


def main() -> int:
    show = "--cases" in sys.argv
    only = sys.argv[sys.argv.index("--file") + 1] if "--file" in sys.argv[:-1] else "*"
    totals: Counter[str] = Counter()
    notes, seconds = 0, 0.0
    for file in sorted(CORPUS.glob(f"{only.removesuffix('.yaml')}.yaml")):
        corpus = yaml.safe_load(file.read_text(encoding="utf-8"))
        board = REPO / corpus["storyboard"]
        revise = Revise.open(Project(), board, str(board.relative_to(REPO)), offline=True)
        before = revise.read()
        counts: Counter[str] = Counter()
        for case in corpus["cases"]:
            start = time.perf_counter()
            state = revise.propose([Note(1, case["note"])])
            seconds += time.perf_counter() - start
            notes += 1
            verdict, detail = judge(case, before, state)
            kind = "refusal" if "refuse" in case else "change"
            counts[f"{kind} {verdict}"] += 1
            if show and not (verdict == "exact" or (kind == "refusal" and verdict == "refused")):
                print(f"  {file.name}: {verdict:8} {case['note']!r}: {detail}")
        revise.close()
        totals.update(counts)
        print(f"{file.name}: {summary(counts)}")
    print(f"all: {summary(totals)}")
    print(f"offline interpreter: {notes / seconds:.0f} notes/s over {notes} notes (the whole graph, lint included)")
    return 0


def summary(counts: Counter[str]) -> str:
    changes_total = sum(v for k, v in counts.items() if k.startswith("change"))
    refusals = sum(v for k, v in counts.items() if k.startswith("refusal"))
    exact, refused = counts["change exact"], counts["refusal refused"]
    wrong = counts["change wrong"] + counts["refusal wrong"]
    rate = f"{exact / changes_total:.0%}" if changes_total else "-"
    kept = f"{refused / refusals:.0%}" if refusals else "-"
    return (
        f"{exact}/{changes_total} notes read exactly ({rate}), {refused}/{refusals} refusals refused ({kept}), "
        f"{wrong} wrong write(s)"
    )


if __name__ == "__main__":
    sys.exit(main())
