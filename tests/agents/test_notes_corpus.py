"""The notes corpus is well formed: every case names a real storyboard, a note, and either its exact
change (on fields that exist) or a refusal with a reason. How well the interpreter reads it is
measured by ``benchmarks/notes_corpus.py``, not asserted here (issue 16 sets the bar)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from soracheck.storyboard.load import parse_storyboard

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "agents" / "notes"
FILES = sorted(CORPUS.glob("*.yaml"))
REFUSALS = {"taste", "missing", "ambiguous", "instruction", "conflict", "vague"}
VOICES = {"imperative", "modal", "terse", "conversational", "typo", "instruction"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_corpus_is_as_large_and_varied_as_issue_16_asks() -> None:
    cases = [case for path in FILES for case in load(path)["cases"]]
    assert len(FILES) >= 4 and len(cases) >= 250
    assert sum("refuse" in case for case in cases) >= 50
    assert {case["voice"] for case in cases} == VOICES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_case_names_fields_its_storyboard_has(path: Path) -> None:
    corpus = load(path)
    board = REPO / corpus["storyboard"]
    parse_storyboard(board.read_text(encoding="utf-8"), str(board))  # the storyboard reads
    data = yaml.safe_load(board.read_text(encoding="utf-8"))
    ids = {shot["id"] for shot in data["shots"]}
    notes = [case["note"] for case in corpus["cases"]]
    assert len(set(notes)) == len(notes)  # no note twice on one storyboard
    for case in corpus["cases"]:
        assert isinstance(case["note"], str) and case["note"].strip(), case
        assert case["voice"] in VOICES, case
        if "refuse" in case:
            assert case["refuse"] in REFUSALS and case.get("why") and "change" not in case, case
            continue
        assert case["change"], case
        new = set(case["change"].get("shots") or []) - ids
        for key in [*case["change"], *case.get("may_change", [])]:
            parts = key.split(".")
            if parts[0] == "shots" and len(parts) > 1:
                assert parts[1] in ids | new, f"{case['note']!r}: no shot {parts[1]!r}"
            elif parts[0] in ("characters", "locations"):
                assert parts[1] in data.get(parts[0], {}), f"{case['note']!r}: no {parts[0]} {parts[1]!r}"
