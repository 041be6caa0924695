"""What a change to a storyboard does to its findings: which it introduced and fixed, which of the
rules' own fixes may repair it without undoing what the notes wrote, and which it cannot be
repaired from — the conflicts that make a note refused rather than written.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from soracheck.rules.base import Applicability, Diagnostic
from soracheck.storyboard.edits import Edit, EditConflict, apply_edits

Lint = Callable[[str, str], list[Diagnostic]]
#: Findings a change is expected to cause rather than a mistake: a shot that changes needs rendering
#: again (PV005). They are listed as renders to redo, never repaired.
CONSEQUENCES = frozenset({"PV005"})
#: Rounds of repair after the first lint.
MAX_REPAIRS = 2


def finding(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "severity": str(d.severity), "message": d.message, "line": d.location.line, "shot": d.shot}


def key(f: dict[str, Any]) -> tuple[str, str, str | None]:
    """What identifies a finding across two versions of a storyboard (its line may move)."""
    return f["code"], f["message"], f["shot"]


def delta(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Findings the change introduced, fixed, and those that remain (matched by code, message and shot);
    ``rerender``: the introduced findings that are its expected consequences (:data:`CONSEQUENCES`)."""
    old, new = Counter(map(key, before)), Counter(map(key, after))
    introduced, remaining = [], []
    for f in after:
        if old[key(f)] > 0:
            old[key(f)] -= 1
            remaining.append(f)
        else:
            introduced.append(f)
    fixed = []
    for f in before:
        if new[key(f)] > 0:
            new[key(f)] -= 1
        else:
            fixed.append(f)
    rerender = [f for f in introduced if f["code"] in CONSEQUENCES]
    introduced = [f for f in introduced if f["code"] not in CONSEQUENCES]
    return {"introduced": introduced, "fixed": fixed, "remaining": remaining, "rerender": rerender}


def written(original: str, text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` (character offsets, by whole lines) that differ from ``original``: what the
    notes wrote. An insertion point is a span of its own line."""
    old, new = original.splitlines(keepends=True), text.splitlines(keepends=True)
    starts = [0]
    for line in new:
        starts.append(starts[-1] + len(line))
    spans = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            spans.append((starts[j1], starts[max(j2, j1 + 1)] if j1 < len(new) else starts[-1]))
    return spans


def _undoes(edits: tuple[Edit, ...], spans: list[tuple[int, int]]) -> bool:
    return any(edit.start < end and start < max(edit.end, edit.start + 1) for edit in edits for start, end in spans)


@dataclass
class Repair:
    """The rules' own fixes applied to a change: the text after them, what they did, and the findings
    whose fix was not applied because it would undo what the notes wrote."""

    text: str
    applied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def rule_fixes(original: str, text: str, path: str, lint: Lint, wanted: set[tuple[str, str, str | None]]) -> Repair:
    """Apply the fixes of the ``wanted`` findings of ``text``, except any that would rewrite what the
    notes wrote (the lines that differ from ``original``): a repair may change what the note did not
    ask for, never undo what it did."""
    edits: list[Edit] = []
    repair = Repair(text)
    notes_wrote = written(original, text)
    for d in lint(text, path):
        fix = d.fix
        if key(finding(d)) in wanted and fix and fix.edits and fix.applicability is not Applicability.DISPLAY_ONLY:
            if _undoes(fix.edits, notes_wrote):
                repair.kept.append(f"{d.code}: its fix ({fix.message}) would undo the note; the note's change stands")
                continue
            trial = [*edits, *fix.edits]
            try:
                apply_edits(text, trial)
            except EditConflict:
                continue
            edits = trial
            repair.applied.append(f"{d.code}: {fix.message}")
    if edits:
        repair.text = apply_edits(text, edits)
    return repair


def conflicts(original: str, text: str, path: str, lint: Lint, asked: str | None = None) -> list[dict[str, Any]]:
    """The findings a change introduces that the rules' own fixes cannot repair without undoing it:
    what makes a note's only reading break the storyboard's rules. Errors count wherever they are;
    warnings where they fall on what the note asked for in words (``asked``: the text after those
    edits alone, before the ones that only keep the storyboard consistent)."""
    before = [finding(d) for d in lint(original, path)]
    wrote = asked or text
    asked_lines = {
        n
        for start, end in written(original, wrote)
        for n in range(wrote.count("\n", 0, start) + 1, wrote.count("\n", 0, max(start, end - 1)) + 2)
    }
    current = text
    for _ in range(MAX_REPAIRS + 1):
        introduced = [
            f
            for f in delta(before, [finding(d) for d in lint(current, path)])["introduced"]
            if f["severity"] == "error" or (f["severity"] == "warning" and f["line"] in asked_lines)
        ]
        if not introduced:
            return []
        repaired = rule_fixes(original, current, path, lint, {key(f) for f in introduced})
        if repaired.text == current:
            return introduced
        current = repaired.text
    return introduced
