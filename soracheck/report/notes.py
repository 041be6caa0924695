"""The report of a notes run (interpreter, notes not understood, diff, findings delta) and the revision log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from soracheck.report.text import Painter
from soracheck.storyboard.edits import unified_diff

if TYPE_CHECKING:
    from soracheck.results import Revision

_DIFF_COLOURS = (("+++", "1"), ("---", "1"), ("@@", "36"), ("+", "32"), ("-", "31"))


def render_notes(out: TextIO, result: dict[str, Any], *, header: bool = True) -> None:
    """Print a notes run; ``header`` names the interpreter first (the chat names it once, at the start)."""
    paint = Painter(out)
    state = result["state"]
    if header:
        out.write(f"interpreter: {result['interpreter']}\n")
    plan = state.get("plan") or {}
    if plan.get("rationale"):
        out.write(f"plan: {plan['rationale']}\n")
    for unclear in state.get("unclear", []):
        where = f"{result['notes']}:{unclear['line']}: " if unclear["line"] and result["notes"] else ""
        reason = unclear["reason"]
        kind = unclear.get("kind", "unclear")
        label = {"conflict": "not applied", "instruction": "refused"}.get(kind, "not understood")
        if reason.startswith("not applied: "):
            label, reason = "not applied", reason.removeprefix("not applied: ")
        out.write(f"{paint(where, '1')}{label}: {unclear['text']!r}: {reason}\n")
    if state.get("error"):
        out.write(f"{paint('error:', '1;31')} {state['error']}\nNothing was changed.\n")
        return
    diff = result["diff"]
    if not diff:
        out.write("No change to the storyboard.\n")
    for line in diff.splitlines(keepends=True):
        colour = next((c for prefix, c in _DIFF_COLOURS if line.startswith(prefix)), None)
        out.write(paint(line.rstrip("\n"), colour) + "\n" if colour else line)
    for group in result.get("read", []) if diff else []:
        source = f"note {group['line']}" if group["line"] else "the notes"
        words = f": {group['words']!r}" if group["words"] else ""
        out.write(f"{paint('←', '36')} {source}{words}: {'; '.join(group['edits'])}\n")
    for repair in state.get("repairs", []):
        out.write(f"repaired: {repair}\n")
    for kept in state.get("kept", []):
        out.write(f"not repaired: {kept}\n")
    findings = result["findings"] or {"introduced": [], "fixed": [], "remaining": [], "rerender": []}
    if findings["rerender"]:
        shots = ", ".join(f["shot"] for f in findings["rerender"])
        out.write(f"{paint('re-render', '36')} {shots}: the change alters what these shots render\n")
    for label, key, colour in (("new", "introduced", "31"), ("fixed", "fixed", "32"), ("remaining", "remaining", "33")):
        for f in findings[key]:
            shot = f" (shot {f['shot']})" if f["shot"] else ""
            out.write(f"{paint(label, colour)} {result['storyboard']}:{f['line']}: {f['code']} {f['message']}{shot}\n")
    out.write(
        f"{len(findings['introduced'])} new, {len(findings['fixed'])} fixed, "
        f"{len(findings['remaining'])} remaining finding(s).\n"
    )


def render_notes_json(result: dict[str, Any]) -> str:
    state = result["state"]
    document = {
        "interpreter": result["interpreter"],
        "storyboard": result["storyboard"],
        "plan": state.get("plan"),
        "read": result.get("read", []),
        "not_understood": state.get("unclear", []),
        "error": state.get("error"),
        "diff": result["diff"],
        "repairs": state.get("repairs", []),
        "kept": state.get("kept", []),
        "findings": result["findings"],
        "model_calls": state.get("calls", 0),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_log(out: TextIO, revisions: list[Revision]) -> None:
    """The approved revisions of a storyboard, newest first: number, time, interpreter, notes, rationale."""
    if not revisions:
        out.write("No approved revisions yet.\n")
    for revision in reversed(revisions):
        lines = unified_diff(revision.storyboard, revision.before, revision.after).splitlines()[2:]
        added = sum(line.startswith("+") for line in lines)
        removed = sum(line.startswith("-") for line in lines)
        undone = "  (undone)" if revision.undone else ""
        out.write(
            f"revision {revision.number}  {revision.at}  {revision.storyboard}  +{added} -{removed}  "
            f"[{revision.interpreter}]{undone}\n"
        )
        for note in revision.notes:
            out.write(f"  note: {note}\n")
        if revision.rationale:
            out.write(f"  plan: {revision.rationale}\n")


def log_json(revisions: list[Revision]) -> str:
    """The revisions as JSON, newest first, each with its diff instead of the two full texts."""
    document = [
        {
            "number": r.number,
            "storyboard": r.storyboard,
            "at": r.at,
            "interpreter": r.interpreter,
            "notes": r.notes,
            "rationale": r.rationale,
            "undone": r.undone,
            "diff": unified_diff(r.storyboard, r.before, r.after),
        }
        for r in reversed(revisions)
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
