"""The report of a notes run: which interpreter ran, notes not understood, the diff, the findings delta."""

from __future__ import annotations

import json
from typing import Any, TextIO

from soracheck.report.text import Painter

_DIFF_COLOURS = (("+++", "1"), ("---", "1"), ("@@", "36"), ("+", "32"), ("-", "31"))


def render_notes(out: TextIO, result: dict[str, Any]) -> None:
    paint = Painter(out)
    state = result["state"]
    out.write(f"interpreter: {result['interpreter']}\n")
    plan = state.get("plan") or {}
    if plan.get("rationale"):
        out.write(f"plan: {plan['rationale']}\n")
    for unclear in state.get("unclear", []):
        where = f"{result['notes']}:{unclear['line']}" if unclear["line"] else result["notes"]
        out.write(f"{paint(where + ':', '1')} not understood: {unclear['text']!r}: {unclear['reason']}\n")
    if state.get("error"):
        out.write(f"{paint('error:', '1;31')} {state['error']}\nNothing was changed.\n")
        return
    diff = result["diff"]
    if not diff:
        out.write("No change to the storyboard.\n")
    for line in diff.splitlines(keepends=True):
        colour = next((c for prefix, c in _DIFF_COLOURS if line.startswith(prefix)), None)
        out.write(paint(line.rstrip("\n"), colour) + "\n" if colour else line)
    for repair in state.get("repairs", []):
        out.write(f"repaired: {repair}\n")
    findings = result["findings"] or {"introduced": [], "fixed": [], "remaining": []}
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
        "not_understood": state.get("unclear", []),
        "error": state.get("error"),
        "diff": result["diff"],
        "repairs": state.get("repairs", []),
        "findings": result["findings"],
        "model_calls": state.get("calls", 0),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
