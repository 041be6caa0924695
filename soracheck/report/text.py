"""The human report: each finding with its source line and a caret, then a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from soracheck.rules.base import Diagnostic, Severity
from soracheck.storyboard.source import LineIndex

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_full(console: Console, diagnostics: list[Diagnostic], sources: dict[str, LineIndex]) -> None:
    for d in diagnostics:
        loc = d.location
        console.print(
            f"[bold]{escape(display_path(loc.path))}:{loc.line}:{loc.column}:[/] "
            f"[{_STYLE[d.severity]}]{d.code}[/] {escape(d.message)} [dim]\\[{d.severity}][/]"
        )
        lines = sources.get(loc.path)
        text = lines.line_text(loc.line) if lines else ""
        if text:
            width = len(str(loc.line))
            span = (
                (loc.end_column or loc.column + 1) - loc.column
                if loc.end_line in (None, loc.line)
                else len(text) - loc.column + 1
            )
            console.print(f"[dim]{loc.line} |[/] {escape(text)}", highlight=False)
            console.print(
                f"[dim]{' ' * width} |[/] {' ' * (loc.column - 1)}[{_STYLE[d.severity]}]{'^' * max(1, span)}[/]"
            )
        if d.fix:
            kind = "" if d.fix.edits else " (advice)"
            console.print(f"  [dim]= help{kind}:[/] {escape(d.fix.message)}")
        console.print()


def render_summary(console: Console, diagnostics: list[Diagnostic], files: int) -> None:
    if not diagnostics:
        console.print(f"[green]All checks passed![/] ({files} file{'s' * (files != 1)})")
        return
    counts = Counter(d.severity for d in diagnostics)
    parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in sorted(counts, reverse=True)]
    fixable = sum(1 for d in diagnostics if d.fix and d.fix.edits)
    line = f"Found {len(diagnostics)} problem{'s' * (len(diagnostics) != 1)} ({', '.join(parts)})"
    if fixable:
        line += f"; {fixable} with a suggested edit"
    console.print(line + ".")


def display_path(path: str) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path
