"""Diagnostics → text for people and machines: one writer per output format, imported when chosen."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from soracheck.results import LintResult

#: Each output format's writer, ``module:function``, called as ``writer(out, result)``.
WRITERS = {
    "json": "soracheck.report.json:write_json",
    "sarif": "soracheck.report.sarif:write_sarif",
    "github": "soracheck.report.ci:write_github",
    "junit": "soracheck.report.ci:write_junit",
    "gitlab": "soracheck.report.ci:write_gitlab",
    "html": "soracheck.report.html:write_html",
}
#: The formats of ``lint`` and ``check``: the people's (full, concise) and the machines'.
FORMATS = ("full", "concise", *(name for name in WRITERS if name != "html"))


def write_report(fmt: str, out: TextIO, result: LintResult, *, unsafe_fixes: bool = False) -> None:
    """Write ``result`` to ``out`` in the output format ``fmt``."""
    if fmt in ("full", "concise"):
        from soracheck.report.text import render_concise, render_full, render_summary

        if fmt == "full":
            render_full(out, result.diagnostics, result.sources)
        else:
            render_concise(out, result.diagnostics)
        if result.files:
            render_summary(out, result, unsafe_fixes=unsafe_fixes)
        return
    module, function = WRITERS[fmt].split(":")
    getattr(importlib.import_module(module), function)(out, result)
