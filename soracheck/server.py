"""``soracheck server``: the Language Server Protocol over stdio, on pygls.

Storyboards (``.yaml``), production sheets (``.md``) and prompts (``.txt``) get the findings of the
text rules as diagnostics, with their project's configuration and consent records, when they are
opened, saved, and a moment after each change (:data:`DEBOUNCE`, so a burst of keystrokes is
linted once). Saving ``soracheck.toml`` or ``consent.yaml`` lints the open files again with what
they now say; either file's own errors are diagnostics in it. A finding's fix is a code action,
labelled safe or unsafe as ``--fix`` and ``--unsafe-fixes`` take them; hovering over a finding shows
its rule's documentation; the document's symbols are its shots. A document that does not parse
gets one diagnostic at each error, and the server goes on.
"""

from __future__ import annotations

import asyncio
import bisect
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from soracheck import __version__
from soracheck.config import load_config
from soracheck.project import Project
from soracheck.rules.base import Applicability, Diagnostic, Severity
from soracheck.rules.registry import all_rules
from soracheck.storyboard.documents import parse_document
from soracheck.storyboard.load import load_consent
from soracheck.storyboard.source import InputError, Span

#: Seconds after the last change before a document is linted.
DEBOUNCE = 0.15
#: The files whose saving changes how the others are judged.
PROJECT_FILES = ("soracheck.toml", "pyproject.toml", "consent.yaml")
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class StoryboardServer(LanguageServer):
    """The language server: a :class:`~soracheck.project.Project` kept warm, and each open
    document's last findings."""

    def __init__(self) -> None:
        super().__init__("soracheck", __version__)
        self.project = Project()
        #: Each open document's last findings, where they are: for code actions and hovers.
        self.linted: dict[str, list[tuple[types.Range, Diagnostic]]] = {}
        self.waiting: dict[str, asyncio.TimerHandle] = {}

    def lint(self, uri: str) -> None:
        """Lint the open document ``uri`` as it is now and publish what was found."""
        self.waiting.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        path = _path(uri)
        found: list[tuple[types.Range, Diagnostic]] = []
        problems: list[tuple[Span, str]] = []
        positions = Positions(document.source)
        try:
            if path.name in PROJECT_FILES:
                _load_project_file(path)
            else:
                found = [(positions.range(d.location), d) for d in self.project.lint_text(document.source, str(path))]
        except InputError as error:
            problems = error.problems
        except OSError as error:
            problems = [(Span(str(path)), str(error))]
        self.linted[uri] = found
        diagnostics = [_diagnostic(where, finding) for where, finding in found]
        for span, message in problems:
            here = (
                Path(span.path).resolve() == path.resolve()
            )  # else another file's (its soracheck.toml): said at the top
            diagnostics.append(
                types.Diagnostic(
                    range=positions.range(span if here else Span(str(path))),
                    message=message if here else f"{span}: {message}",
                    severity=types.DiagnosticSeverity.Error,
                    source="soracheck",
                )
            )
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        self.text_document_publish_diagnostics(params)

    def lint_soon(self, uri: str) -> None:
        """Lint ``uri`` once no change has come for :data:`DEBOUNCE` seconds."""
        if (waiting := self.waiting.pop(uri, None)) is not None:
            waiting.cancel()
        self.waiting[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.lint, uri)

    def project_changed(self) -> None:
        """A configuration or consent file was saved: forget what was loaded, and lint every open document again."""
        self.project = Project()
        for uri in list(self.workspace.text_documents):
            self.lint(uri)


server = StoryboardServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: StoryboardServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StoryboardServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint_soon(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: StoryboardServer, params: types.DidSaveTextDocumentParams) -> None:
    if _path(params.text_document.uri).name in PROJECT_FILES:
        ls.project_changed()
    else:
        ls.lint(params.text_document.uri)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: StoryboardServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_path(change.uri).name in PROJECT_FILES for change in params.changes):
        ls.project_changed()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: StoryboardServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if (waiting := ls.waiting.pop(uri, None)) is not None:
        waiting.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: StoryboardServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Each fix of a finding in the range asked about: safe ones preferred, unsafe ones said so."""
    uri = params.text_document.uri
    findings = ls.linted.get(uri)
    if not findings:
        return []
    positions = Positions(ls.workspace.get_text_document(uri).source)
    actions = []
    for where, finding in findings:
        fix = finding.fix
        if fix is None or not fix.edits or not _overlaps(where, params.range):
            continue
        safe = fix.applicability is Applicability.SAFE
        edits = [
            types.TextEdit(
                range=types.Range(start=positions.at(edit.start), end=positions.at(edit.end)),
                new_text=edit.replacement,
            )
            for edit in fix.edits
        ]
        actions.append(
            types.CodeAction(
                title=f"{finding.code}: {fix.message}" + ("" if safe else " (unsafe fix)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[_diagnostic(where, finding)],
                is_preferred=safe,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: StoryboardServer, params: types.HoverParams) -> types.Hover | None:
    """The documentation of the rules whose findings are under the cursor."""
    findings = ls.linted.get(params.text_document.uri, [])
    here = types.Range(start=params.position, end=params.position)
    codes = list(dict.fromkeys(f.code for where, f in findings if _overlaps(where, here)))
    if not codes:
        return None
    rules = all_rules()
    text = "\n\n---\n\n".join(f"### {code} {rules[code].name}\n\n{rules[code].documentation()}" for code in codes)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: StoryboardServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline: each shot, by its id, with its action."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    try:
        parsed = parse_document(document.source, _path(params.text_document.uri))
    except InputError:
        return []
    positions = Positions(document.source)
    symbols = []
    for index, shot in enumerate(parsed.board.shots):
        whole = positions.range(parsed.source.locate(("shots", index)))
        name = positions.range(parsed.source.locate(("shots", index, "id")))
        symbols.append(
            types.DocumentSymbol(
                name=shot.id,
                detail=(shot.action or "")[:80],
                kind=types.SymbolKind.Event,
                range=whole,
                selection_range=name if _inside(name, whole) else whole,
            )
        )
    return symbols


def serve() -> None:
    """Serve over stdin and stdout until the client says exit."""
    server.start_io()


def _path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def _load_project_file(path: Path) -> None:
    """Load a configuration or consent file from disk, for its errors (raised as located InputErrors)."""
    if path.name == "consent.yaml":
        load_consent(path)
    else:
        load_config(path)


class Positions:
    """Character offsets of a text → LSP positions (lines, and UTF-16 code units within them, as
    clients count by default), found by bisecting the lines' starts: quick for thousands of findings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

    def at(self, offset: int) -> types.Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        before = self.text[self.starts[line] : offset]
        return types.Position(line=line, character=len(before.encode("utf-16-le")) // 2)

    def range(self, span: Span) -> types.Range:
        """Where ``span`` is (a span without offsets: its whole line)."""
        if span.start is not None and span.end is not None:
            return types.Range(start=self.at(span.start), end=self.at(max(span.end, span.start)))
        line = min(max(0, span.line - 1), len(self.starts) - 1)
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return types.Range(start=self.at(self.starts[line]), end=self.at(end))


def _diagnostic(where: types.Range, finding: Diagnostic) -> types.Diagnostic:
    return types.Diagnostic(
        range=where,
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        source="soracheck",
    )


def _key(position: types.Position) -> tuple[int, int]:
    return (position.line, position.character)


def _overlaps(one: types.Range, other: types.Range) -> bool:
    return _key(one.start) <= _key(other.end) and _key(other.start) <= _key(one.end)


def _inside(inner: types.Range, outer: types.Range) -> bool:
    return _key(outer.start) <= _key(inner.start) and _key(inner.end) <= _key(outer.end)
