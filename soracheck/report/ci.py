"""Reports for CI systems besides SARIF: GitHub workflow annotations, JUnit XML and GitLab code quality."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO
from xml.etree import ElementTree as ET

from soracheck.report.identity import fingerprints, repository_path
from soracheck.report.text import describe_evidence
from soracheck.rules.base import Diagnostic, Severity

if TYPE_CHECKING:
    from soracheck.results import LintResult

_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, carriage return and newline are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(out: TextIO, result: LintResult) -> None:
    """One ``::error``/``::warning``/``::notice`` workflow command per finding, and one per input error."""
    for d in result.diagnostics:
        at = d.location
        properties = {
            "title": f"soracheck {d.code} ({d.rule})",
            "file": repository_path(at.path),
            "line": str(at.line),
            "col": str(at.column),
        }
        if at.end_line:
            properties["endLine"] = str(at.end_line)
            if at.end_line == at.line and at.end_column:
                properties["endColumn"] = str(at.end_column)
        message = f"{d.code} {d.message}" + (f"\n{describe_evidence(d.evidence)}" if d.evidence else "")
        _command(out, _GITHUB_LEVELS[d.severity], properties, message)
    for error in result.errors:
        for at, message in error.problems:
            properties = {"title": "soracheck input error", "file": repository_path(at.path), "line": str(at.line)}
            _command(out, "error", properties, message)


def _command(out: TextIO, level: str, properties: dict[str, str], message: str) -> None:
    written = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    out.write(f"::{level} {written}::{escape_data(message)}\n")


def write_junit(out: TextIO, result: LintResult) -> None:
    """A test suite per file: a failing test case per finding at or above ``fail-on``, a passing one per
    finding below it (in its ``system-out``), a passing "no findings" case for a clean file, and an
    ``error`` case per input error."""
    suites = ET.Element("testsuites", name="soracheck")
    by_file: dict[str, list[Diagnostic]] = {str(path): [] for path in result.files}
    for d in result.diagnostics:
        by_file.setdefault(d.location.path, []).append(d)
    for path, found in by_file.items():
        name = repository_path(path)
        suite = ET.SubElement(suites, "testsuite", name=name)
        threshold = result.fail_on.get(path, Severity.WARNING)
        for d in found:
            at = d.location
            subject = f" shot {d.shot}" if d.shot else ""
            case = ET.SubElement(
                suite, "testcase", name=f"{d.code}{subject} line {at.line}", classname=f"soracheck.{d.code}", file=name
            )
            case.set("line", str(at.line))
            body = f"{name}:{at.line}:{at.column}: {d.code} {d.message} [{d.severity}]"
            if d.evidence:
                body += f"\n{describe_evidence(d.evidence)}"
            if d.severity >= threshold:
                failure = ET.SubElement(case, "failure", message=d.message, type=f"{d.code} ({d.severity})")
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = body
        if not found:
            ET.SubElement(suite, "testcase", name="no findings", classname="soracheck", file=name)
        _count(suite)
    if result.errors:
        suite = ET.SubElement(suites, "testsuite", name="input errors")
        for error in result.errors:
            for at, message in error.problems:
                case = ET.SubElement(
                    suite, "testcase", name=f"{repository_path(at.path)}:{at.line}", classname="soracheck"
                )
                ET.SubElement(case, "error", message=message, type="input").text = f"{at}: {message}"
        _count(suite)
    for key in ("tests", "failures", "errors"):
        suites.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
    suite.set("errors", str(sum(1 for case in cases if case.find("error") is not None)))


def write_gitlab(out: TextIO, result: LintResult) -> None:
    """GitLab code quality JSON: each finding with a fingerprint unique in the report."""
    found = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fingerprint,
            "severity": _GITLAB_SEVERITIES[d.severity],
            "location": {
                "path": repository_path(d.location.path),
                "lines": {"begin": d.location.line, "end": d.location.end_line or d.location.line},
            },
        }
        for d, fingerprint in zip(result.diagnostics, fingerprints(result.diagnostics), strict=True)
    ]
    out.write(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
