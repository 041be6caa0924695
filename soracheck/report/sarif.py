"""SARIF 2.1.0, as GitHub code scanning reads it.

Every rule is described (short and full description, help as text and Markdown, default level);
each result has a repository-relative location with its region, ``partialFingerprints`` that
survive edits elsewhere in the file (see :func:`~soracheck.report.identity.fingerprints`), its
fixes as replacements, and the evidence of a frame finding as attachments: the saved picture and
the render. Input errors are tool notifications, and make the invocation unsuccessful.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from soracheck import __version__
from soracheck.report.identity import fingerprints, repository_path
from soracheck.report.text import describe_evidence
from soracheck.rules.base import Diagnostic, Severity
from soracheck.rules.registry import all_rules
from soracheck.storyboard.source import LineIndex, Span

if TYPE_CHECKING:
    from soracheck.results import LintResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/soracheck/soracheck"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The key of soracheck's fingerprint in ``partialFingerprints``.
FINGERPRINT = "soracheck/v1"


def write_sarif(out: TextIO, result: LintResult) -> None:
    rules = list(all_rules().values())
    index = {rule.code: number for number, rule in enumerate(rules)}
    driver = {
        "name": "soracheck",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary()},
                "fullDescription": {"text": rule.description()},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
                "properties": {"tags": [rule.code[:2]]},
            }
            for rule in rules
        ],
    }
    results = [
        _result(d, fingerprint, index[d.code], result.sources)
        for d, fingerprint in zip(result.diagnostics, fingerprints(result.diagnostics), strict=True)
    ]
    notifications = [
        {"level": "error", "message": {"text": message}, "locations": [_location(location)]}
        for error in result.errors
        for location, message in error.problems
    ]
    measured = result.measured
    notifications += [
        {"level": "note", "message": {"text": text}} for text in (measured.sentences() if measured else [])
    ]
    invocation = {"executionSuccessful": not result.errors, "toolExecutionNotifications": notifications}
    run = {"tool": {"driver": driver}, "invocations": [invocation], "results": results}
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _result(d: Diagnostic, fingerprint: str, rule_index: int, sources: dict[str, LineIndex]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [_location(d.location)],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {"shot": d.shot, "character": d.character, "severity": str(d.severity)},
    }
    lines = sources.get(d.location.path)
    if d.fix and d.fix.edits and lines:
        found["fixes"] = [
            {
                "description": {"text": d.fix.message},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(d.location.path),
                        "replacements": [
                            {
                                "deletedRegion": _region(*lines.position(e.start), *lines.position(e.end)),
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    if d.evidence:
        evidence = d.evidence
        found["properties"] |= {"value": evidence.value, "threshold": evidence.threshold, "time": evidence.time}
        if evidence.unit:
            found["properties"]["unit"] = evidence.unit
        found["attachments"] = [
            {
                "description": {"text": f"render: {describe_evidence(evidence)}"},
                "artifactLocation": _artifact(evidence.render),
            }
        ]
        if evidence.image:
            found["attachments"].append(
                {
                    "description": {"text": ", ".join(s.label for s in evidence.stills) or "the frames measured"},
                    "artifactLocation": _artifact(evidence.image),
                }
            )
    return found


def _artifact(path: str) -> dict[str, str]:
    """A repository-relative URI (a ``file:`` URI for a file outside the repository)."""
    relative = repository_path(path)
    if relative.startswith("/"):
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def _location(at: Span) -> dict[str, Any]:
    """A finding's location; one without an end covers its first character."""
    end_line, end_column = (at.end_line, at.end_column) if at.end_line and at.end_column else (at.line, at.column + 1)
    region = _region(at.line, at.column, end_line, end_column)
    return {"physicalLocation": {"artifactLocation": _artifact(at.path), "region": region}}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
