"""The human report: each finding with its source line and a caret, then a summary.

Plain ANSI colours (only on a terminal): importing rich would cost more than linting a small file.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from pathlib import Path
from typing import TextIO

from soracheck.rules.base import Diagnostic, Evidence, Severity
from soracheck.storyboard.source import LineIndex

_COLOUR = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}


class Painter:
    def __init__(self, stream: TextIO) -> None:
        self.enabled = stream.isatty()

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def render_full(out: TextIO, diagnostics: list[Diagnostic], sources: dict[str, LineIndex]) -> None:
    paint = Painter(out)
    for d in diagnostics:
        loc = d.location
        colour = _COLOUR[d.severity]
        out.write(
            f"{paint(f'{display_path(loc.path)}:{loc.line}:{loc.column}:', '1')} {paint(d.code, colour)} {d.message} [{d.severity}]\n"
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
    text = f"{display_path(evidence.render)}{at}: {evidence.value:.3g} against {evidence.threshold:.3g}"
    return text + (f"; see {display_path(evidence.image)}" if evidence.image else "")


def render_concise(out: TextIO, diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        loc = d.location
        out.write(f"{display_path(loc.path)}:{loc.line}:{loc.column}: {d.code} {d.message}\n")


def render_summary(out: TextIO, diagnostics: list[Diagnostic], files: int) -> None:
    paint = Painter(out)
    if not diagnostics:
        out.write(f"{paint('All checks passed!', '32')} ({files} file{'s' * (files != 1)})\n")
        return
    counts = Counter(d.severity for d in diagnostics)
    parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in sorted(counts, reverse=True)]
    fixable = sum(1 for d in diagnostics if d.fix and d.fix.edits)
    line = f"Found {len(diagnostics)} problem{'s' * (len(diagnostics) != 1)} ({', '.join(parts)})"
    if fixable:
        line += f"; {fixable} with a suggested edit"
    out.write(line + ".\n")


def display_path(path: str) -> str:
    """A path relative to the working folder when it is inside it."""
    return _relative(path, os.getcwd())


@functools.lru_cache(maxsize=256)
def _relative(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(cwd))
    except ValueError:
        return path
