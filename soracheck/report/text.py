"""The human report: each finding with its source line and a caret, then a summary.

Plain ANSI colours (on a terminal, or with FORCE_COLOR; never with NO_COLOR): importing rich would cost
more than linting a small file.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from soracheck.rules.base import Diagnostic, Evidence, Severity
from soracheck.storyboard.source import LineIndex

if TYPE_CHECKING:
    from soracheck.results import LintResult

_COLOUR = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}


class Painter:
    """Colours text for a terminal: off when ``NO_COLOR`` is set, on when ``FORCE_COLOR`` is (no-color.org)."""

    def __init__(self, stream: TextIO) -> None:
        terminal = stream in (sys.stdout, sys.stderr)  # FORCE_COLOR is for a terminal's pipe, not a file
        if os.environ.get("NO_COLOR"):
            self.enabled = False
        else:
            self.enabled = (terminal and bool(os.environ.get("FORCE_COLOR"))) or stream.isatty()

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def render_full(out: TextIO, diagnostics: list[Diagnostic], sources: dict[str, LineIndex]) -> None:
    paint = Painter(out)
    for d in diagnostics:
        loc = d.location
        colour = _COLOUR[d.severity]
        mark = " [*]" if d.fixable(unsafe=False) else ""
        out.write(
            f"{paint(f'{display_path(loc.path)}:{loc.line}:{loc.column}:', '1')} {paint(d.code, colour)}{mark} "
            f"{d.message} [{d.severity}]\n"
        )
        lines = sources.get(loc.path)
        text = lines.line_text(loc.line) if lines else ""
        if text:
            width = len(str(loc.line))
            one_line = loc.end_line in (None, loc.line)
            span = (loc.end_column or loc.column + 1) - loc.column if one_line else len(text) - loc.column + 1
            out.write(f"{paint(f'{loc.line} |', '2')} {text}\n")
            out.write(f"{paint(' ' * width + ' |', '2')} {' ' * (loc.column - 1)}{paint('^' * max(1, span), colour)}\n")
        if d.fix:
            kind = "" if d.fix.edits else " (advice)"
            out.write(f"  {paint(f'= help{kind}:', '2')} {d.fix.message}\n")
        if d.evidence:
            out.write(f"  {paint('= evidence:', '2')} {describe_evidence(d.evidence)}\n")
        out.write("\n")


def describe_evidence(evidence: Evidence) -> str:
    """``render.mp4 at 3.08 s: 0.075 against 0.02`` (and the saved image, if any)."""
    at = f" at {evidence.time:.2f} s" if evidence.time is not None else ""
    unit = f" {evidence.unit}" if evidence.unit else ""
    text = f"{display_path(evidence.render)}{at}: {evidence.value:.3g}{unit} against {evidence.threshold:.3g}{unit}"
    return text + (f"; see {display_path(evidence.image)}" if evidence.image else "")


def render_concise(out: TextIO, diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        loc = d.location
        out.write(f"{display_path(loc.path)}:{loc.line}:{loc.column}: {d.code} {d.message}\n")


def render_summary(out: TextIO, result: LintResult, *, unsafe_fixes: bool = False) -> None:
    """``Found 3 problems (1 error, 2 warnings).``, what ``--fix`` would do, and what was left unreported."""
    paint = Painter(out)
    found, files = result.diagnostics, len(result.files)
    if not found:
        out.write(f"{paint('All checks passed!', '32')} ({files} file{'s' * (files != 1)})\n")
    else:
        counts = Counter(d.severity for d in found)
        parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in sorted(counts, reverse=True)]
        out.write(f"Found {len(found)} problem{'s' * (len(found) != 1)} ({', '.join(parts)}).\n")
        fixable = sum(1 for d in found if d.fixable(unsafe=unsafe_fixes))
        hidden = sum(1 for d in found if d.fixable(unsafe=True)) - fixable
        advice = sum(1 for d in found if d.fix and not d.fix.edits)
        if fixable:
            out.write(f"[*] {fixable} fixable with --fix.\n")
        if hidden:
            out.write(f"{hidden} more fixable with --fix --unsafe-fixes (read the diff first: --diff).\n")
        if advice:
            out.write(f"{advice} with advice on how to fix them (= help).\n")
    measured = result.measured
    for sentence in measured.sentences() if measured else []:
        out.write(sentence + "\n")
    left = [f"{result.suppressed} suppressed"] * bool(result.suppressed)
    left += [f"{result.baselined} accepted by the baseline"] * bool(result.baselined)
    if left:
        out.write(f"Not reported: {', '.join(left)}.\n")


def display_path(path: str) -> str:
    """A path relative to the working folder when it is inside it."""
    return _relative(path, os.getcwd())


@functools.lru_cache(maxsize=256)
def _relative(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(cwd))
    except ValueError:
        return path


def write_statistics(out: TextIO, result: LintResult, *, json_format: bool = False) -> None:
    """How many findings each rule has, most first; ``[*]`` marks rules whose findings ``--fix`` fixes."""
    counts = Counter((d.code, d.rule) for d in result.diagnostics)
    fixable = {d.code for d in result.diagnostics if d.fixable(unsafe=False)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    if json_format:
        import json

        found = [{"code": code, "name": name, "count": n, "fixable": code in fixable} for (code, name), n in rows]
        out.write(json.dumps(found, indent=2) + "\n")
        return
    for (code, name), n in rows:
        out.write(f"{n:>5}  {code}  {'[*]' if code in fixable else '   '} {name}\n")
