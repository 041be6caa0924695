"""The JSON report: a list of findings with stable keys (documented in the README); the gate's
(``check``, ``frames``) is an object of the findings and what was measured."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from soracheck.report.text import display_path
from soracheck.rules.base import Diagnostic, Evidence
from soracheck.storyboard.source import LineIndex

if TYPE_CHECKING:
    from soracheck.results import LintResult


def write_json(out: TextIO, result: LintResult) -> None:
    found: Any = [_diagnostic(d, result.sources) for d in result.diagnostics]
    if result.gate:
        measured = result.measured
        found = {"findings": found, "measured": measured.as_dict() if measured else None}
    out.write(json.dumps(found, indent=2, ensure_ascii=False) + "\n")


def _position(line: int | None, column: int | None) -> dict[str, int | None]:
    return {"line": line, "column": column}


def _diagnostic(d: Diagnostic, sources: dict[str, LineIndex]) -> dict[str, Any]:
    loc = d.location
    fix = None
    if d.fix:
        lines = sources.get(loc.path)
        fix = {
            "message": d.fix.message,
            "applicability": d.fix.applicability.value,
            "edits": [
                {
                    "content": e.replacement,
                    "location": _position(*lines.position(e.start)) if lines else None,
                    "end_location": _position(*lines.position(e.end)) if lines else None,
                }
                for e in d.fix.edits
            ],
        }
    return {
        "code": d.code,
        "rule": d.rule,
        "severity": str(d.severity),
        "message": d.message,
        "filename": display_path(loc.path),
        "location": _position(loc.line, loc.column),
        "end_location": _position(loc.end_line, loc.end_column),
        "shot": d.shot,
        "character": d.character,
        "fix": fix,
        "evidence": _evidence(d.evidence) if d.evidence else None,
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "render": display_path(e.render),
        "time": e.time,
        "value": e.value,
        "threshold": e.threshold,
        "unit": e.unit or None,
        "stills": [
            {"render": display_path(s.render), "time": s.time, "label": s.label, "face": s.face} for s in e.stills
        ],
        "image": display_path(e.image) if e.image else None,
    }
