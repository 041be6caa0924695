"""``soracheck server``: the Language Server Protocol over stdio, on pygls.

Storyboards (``.yaml``), production sheets (``.md``) and prompts (``.txt``) get the findings of the
text rules as diagnostics, with their project's configuration and consent records, when they are
opened, saved, and a moment after each change (:data:`DEBOUNCE`, so a burst of keystrokes is
linted once). Saving ``soracheck.toml`` or ``consent.yaml`` lints the open files again with what
they now say; either file's own errors are diagnostics in it. A finding's fix is a code action,
labelled safe or unsafe as ``--fix`` and ``--unsafe-fixes`` take them, and a shot's finding can be
ignored on that shot. The frame rules judge what the last ``check`` measured (the cache), so their
findings follow the storyboard as it is edited. Hovering shows a finding's rule documentation, a
directive's meaning, a character's anchors, a location's lighting; completion offers directives
and their arguments, cast, locations, avoid tags, transitions and keys; go to definition finds
characters, locations, shots and cameo records (``consent.yaml``); the document's symbols are its
shots. What is at the cursor is read by :mod:`soracheck.storyboard.cursor`. Lints run one at a time
off the event loop, so a long one never stops the editor's requests. A document that does not
parse gets one diagnostic at each error, and the server goes on.
"""

from __future__ import annotations

import asyncio
import bisect
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from soracheck import __version__
from soracheck.config import load_config
from soracheck.project import Project
from soracheck.rules.base import Applicability, Diagnostic, Severity
from soracheck.rules.registry import all_rules
from soracheck.storyboard.cursor import Place, choices, definition, place_at
from soracheck.storyboard.directives import TRANSITIONS, Argument
from soracheck.storyboard.documents import Document, parse_document
from soracheck.storyboard.load import load_consent
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import InputError, NodePath, Span
from soracheck.storyboard.yamledit import YamlEditError, YamlText

#: Seconds after the last change before a document is linted.
DEBOUNCE = 0.15
#: The files whose saving changes how the others are judged.
PROJECT_FILES = ("soracheck.toml", "pyproject.toml", "consent.yaml")
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_NEWLINE = re.compile("\n")
#: Characters after which an editor asks for completions.
TRIGGERS = ["<", ":", " ", ",", "[", "-"]
#: What each kind of :class:`~soracheck.storyboard.cursor.Choice` is shown as.
KINDS = {
    "directive": types.CompletionItemKind.Keyword,
    "character": types.CompletionItemKind.Variable,
    "location": types.CompletionItemKind.Module,
    "signature": types.CompletionItemKind.Constant,
    "shot": types.CompletionItemKind.Reference,
    "value": types.CompletionItemKind.EnumMember,
    "key": types.CompletionItemKind.Property,
    "person": types.CompletionItemKind.Reference,
}


class StoryboardServer(LanguageServer):
    """The language server: a :class:`~soracheck.project.Project` kept warm, and each open
    document's last findings and last version that parsed."""

    def __init__(self) -> None:
        super().__init__("soracheck", __version__)
        self.project = Project()
        #: Each open document's last findings, where they are: for code actions and hovers; and
        #: the version they are of (a fix is offered only on the text it was found in).
        self.linted: dict[str, list[tuple[types.Range, Diagnostic]]] = {}
        self.versions: dict[str, int | None] = {}
        #: Each open document's last version that parsed: what completion and definitions read.
        self.parsed: dict[str, Document] = {}
        self.waiting: dict[str, asyncio.TimerHandle] = {}
        #: Lints run here one at a time, off the event loop (the project's caches fill as they go;
        #: the handlers on the loop only read what they hold).
        self.linter = ThreadPoolExecutor(1, thread_name_prefix="soracheck-lint")
        self.running: set[asyncio.Task[None]] = set()

    async def lint(self, uri: str) -> None:
        """Lint the open document ``uri`` as it is now and publish what was found, unless it changed meanwhile."""
        if (waiting := self.waiting.pop(uri, None)) is not None:
            waiting.cancel()
        document = self.workspace.get_text_document(uri)
        text, version, path = document.source, document.version, _path(uri)
        loop = asyncio.get_running_loop()
        judged = await loop.run_in_executor(self.linter, self.judge, uri, version, path, text)
        if judged is None or self.stale(uri, version):
            return  # the document was closed, or changed meanwhile: its own lint is on its way
        found, problems, parsed = judged
        if parsed is not None:
            self.parsed[uri] = parsed
        positions = Positions(text)
        placed = [(positions.range(d.location), d) for d in found]
        self.linted[uri] = placed
        self.versions[uri] = version
        diagnostics = [_diagnostic(where, finding) for where, finding in placed]
        for span, message in problems:
            # an error of another file (its soracheck.toml) is said at the top, naming where it is
            here = Path(span.path).resolve() == path.resolve()
            diagnostics.append(
                types.Diagnostic(
                    range=positions.range(span if here else Span(str(path))),
                    message=message if here else f"{span}: {message}",
                    severity=types.DiagnosticSeverity.Error,
                    source="soracheck",
                )
            )
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        self.text_document_publish_diagnostics(params)

    def stale(self, uri: str, version: int | None) -> bool:
        """Whether ``uri`` was closed, or is no longer at ``version``."""
        return uri not in self.workspace.text_documents or self.workspace.get_text_document(uri).version != version

    def judge(
        self, uri: str, version: int | None, path: Path, text: str
    ) -> tuple[list[Diagnostic], list[tuple[Span, str]], Document | None] | None:
        """The findings of ``text`` (``uri`` at ``version``, at ``path``), or the errors that stop it
        being judged; and the document it parsed as. ``None`` when the document moved on while this
        lint waited its turn."""
        if self.stale(uri, version):
            return None
        document = None
        try:
            if path.name in PROJECT_FILES:
                _load_project_file(path)
                return [], [], None
            document = parse_document(text, path)
            return self.project.lint_document(document, cached_frames=True), [], document
        except InputError as error:
            return [], error.problems, document
        except OSError as error:
            return [], [(Span(str(path)), str(error))], document

    def lint_soon(self, uri: str) -> None:
        """Lint ``uri`` once no change has come for :data:`DEBOUNCE` seconds."""
        if (waiting := self.waiting.pop(uri, None)) is not None:
            waiting.cancel()
        self.waiting[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.start, uri)

    def start(self, uri: str) -> None:
        """Begin linting ``uri`` (kept until done)."""
        task = asyncio.ensure_future(self.lint(uri))
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def project_changed(self) -> None:
        """A configuration or consent file was saved: forget what was loaded, and lint every open document again."""
        self.project = Project()
        for uri in list(self.workspace.text_documents):
            await self.lint(uri)

    def people(self, uri: str) -> dict[str, str]:
        """The consent records of ``uri``'s project, cameo key → person (none when they do not load)."""
        try:
            config, _ = self.project.config_for(_path(uri))
            consent, _ = self.project.consent(config, _path(uri))
        except (InputError, OSError):
            return {}
        return {key: record.person for key, record in consent.items()}

    def consent_record(self, uri: str, key: str) -> types.Location | None:
        """Where cameo ``key``'s record is, in the consent file of ``uri``'s project."""
        try:
            config, _ = self.project.config_for(_path(uri))
            _, path = self.project.consent(config, _path(uri))
            if path is None:
                return None
            consent, source = load_consent(path)
        except (InputError, OSError):
            return None
        if key not in consent:
            return None
        return types.Location(
            uri=path.resolve().as_uri(), range=Positions(source.text).range(source.locate((key,), key=True))
        )

    async def parse_now(self, uri: str) -> Document | None:
        """``uri`` parsed as it is now: its last lint's parse while the text is unchanged, else parsed
        in the lint thread (not on the event loop); ``None`` when it does not parse."""
        text = self.workspace.get_text_document(uri).source
        document = self.parsed.get(uri)
        if document is not None and document.source.text == text:
            return document
        try:
            return await asyncio.get_running_loop().run_in_executor(self.linter, parse_document, text, _path(uri))
        except InputError:
            return None

    def board(self, uri: str) -> Storyboard | None:
        """The last version of ``uri`` that parsed, as a storyboard."""
        document = self.parsed.get(uri)
        return document.board if document else None


server = StoryboardServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: StoryboardServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StoryboardServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint_soon(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: StoryboardServer, params: types.DidSaveTextDocumentParams) -> None:
    if _path(params.text_document.uri).name in PROJECT_FILES:
        await ls.project_changed()
    elif params.text_document.uri in ls.workspace.text_documents:
        await ls.lint(params.text_document.uri)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: StoryboardServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_path(change.uri).name in PROJECT_FILES for change in params.changes):
        await ls.project_changed()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: StoryboardServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if (waiting := ls.waiting.pop(uri, None)) is not None:
        waiting.cancel()
    ls.linted.pop(uri, None)
    ls.versions.pop(uri, None)
    ls.parsed.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: StoryboardServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Each fix of a finding in the range asked about (safe ones preferred, unsafe ones said so),
    and for each finding there, ignoring its rule where it is (see :func:`_ignoring`)."""
    uri = params.text_document.uri
    findings = [(where, f) for where, f in ls.linted.get(uri, []) if _overlaps(where, params.range)]
    if not findings or ls.stale(uri, ls.versions.get(uri)):
        return []  # what was found is of an older text: its edits would land in the wrong places
    text = ls.workspace.get_text_document(uri).source
    positions = Positions(text)
    actions = []
    for where, finding in findings:
        fix = finding.fix
        if fix is None or not fix.edits:
            continue
        safe = fix.applicability is Applicability.SAFE
        edits = [_text_edit(positions, edit.start, edit.end, edit.replacement) for edit in fix.edits]
        actions.append(
            types.CodeAction(
                title=f"{finding.code}: {fix.message}" + ("" if safe else " (unsafe fix)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[_diagnostic(where, finding)],
                is_preferred=safe,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    offered: set[str] = set()
    for where, finding in findings:
        if (ignoring := _ignoring(text, _path(uri), finding)) is not None and ignoring[0] not in offered:
            title, edit = ignoring
            offered.add(title)
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[_diagnostic(where, finding)],
                    edit=types.WorkspaceEdit(changes={uri: [_text_edit(positions, *edit)]}),
                )
            )
    return actions


def _ignoring(text: str, path: Path, finding: Diagnostic) -> tuple[str, tuple[int, int, str]] | None:
    """The action that stops ``finding``'s rule being reported where it is, and its edit: on a
    storyboard's shot, an entry of the shot's ``ignore``; in a production sheet, a comment line
    above the finding's. The reason is left for the writer to give (SP002 asks for it)."""
    if path.suffix == ".md" and finding.location.line:
        starts = Positions(text).starts
        start = starts[min(finding.location.line, len(starts)) - 1]
        return f"Ignore {finding.code} here", (start, start, f"<!-- soracheck: ignore[{finding.code}] -->\n")
    if path.suffix not in (".yaml", ".yml") or finding.shot is None:
        return None
    try:
        document = YamlText.parse(text, str(path))
        shots = document.get(("shots",))
        index = next(
            i for i, shot in enumerate(shots) if isinstance(shot, dict) and str(shot.get("id")) == finding.shot
        )
        ignored = shots[index].get("ignore") or []
        edit = document.insert(("shots", index, "ignore"), len(ignored), finding.code, order=tuple(Shot.model_fields))
    except (YamlEditError, InputError, StopIteration, TypeError, AttributeError):
        return None
    return f"Ignore {finding.code} on shot {finding.shot}", (edit.start, edit.end, edit.replacement)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: StoryboardServer, params: types.HoverParams) -> types.Hover | None:
    """What is under the cursor: the documentation of the rules whose findings are there, and the
    directive, character, location, shot or cameo named there."""
    uri = params.text_document.uri
    findings = ls.linted.get(uri, [])
    here = types.Range(start=params.position, end=params.position)
    codes = list(dict.fromkeys(f.code for where, f in findings if _overlaps(where, here)))
    rules = all_rules()
    parts = [f"### {code} {rules[code].name}\n\n{rules[code].documentation()}" for code in codes]
    if _path(uri).name not in PROJECT_FILES:
        text = ls.workspace.get_text_document(uri).source
        place = place_at(text, Positions(text).offset(params.position))
        named = _describe(place, ls.board(uri) or Storyboard(title=""), ls.people(uri))
        parts[:0] = [named] if named else []
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))


def _describe(place: Place, board: Storyboard, people: dict[str, str]) -> str | None:
    """Markdown on what is named at ``place``: a directive, character, location, shot or cameo."""
    spec = place.spec
    if spec is not None and not place.argument:
        argument = {Argument.NONE: "takes no argument", Argument.OPTIONAL: "argument optional"}
        lines = [f"**`<<{spec.name}>>`** — {spec.summary}", argument.get(spec.argument, "argument required")]
        if spec.name == "transition":
            lines.append("one of " + ", ".join(f"`{kind}`" for kind in TRANSITIONS))
        if spec.aliases:
            lines.append("also written " + ", ".join(f"`{alias}`" for alias in spec.aliases))
        return "\n\n".join(lines)
    found = definition(place, board)
    if isinstance(found, str):
        return f"**cameo `{found}`** — " + people.get(found, "no consent record")
    if found is None:
        return None
    kind, key = found[0], found[1]
    if kind == "characters":
        character = board.characters[str(key)]
        head = f"**{character.name}** (`{key}`)" + (f" — {character.description}" if character.description else "")
        anchors = "\n".join(f"- {anchor}" for anchor in character.anchors)
        cameo = f"cameo: `{character.cameo}`" if character.cameo else ""
        return "\n\n".join(part for part in (head, anchors, cameo) if part)
    if kind == "locations":
        location = board.locations[str(key)]
        lines = [f"**location `{key}`** — {location.description}"]
        lines += [f"lighting: {location.lighting}"] if location.lighting else []
        lines += [f"signature: `{location.signature}`"] if location.signature else []
        return "\n\n".join(lines)
    shot = board.shots[int(key)]
    return f"**shot `{shot.id}`**" + (f" — {shot.action}" if shot.action else "")


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
def completion(ls: StoryboardServer, params: types.CompletionParams) -> types.CompletionList | None:
    """What may be written at the cursor (see :func:`soracheck.storyboard.cursor.choices`)."""
    uri = params.text_document.uri
    if _path(uri).name in PROJECT_FILES:
        return None
    text = ls.workspace.get_text_document(uri).source
    positions = Positions(text)
    place = place_at(text, positions.offset(params.position))
    if place.directive is None and _path(uri).suffix not in (".yaml", ".yml"):
        return None  # a sheet's or prompt's prose has no keys: only its directives are completed
    before = " " if text[place.start - 1 : place.start] == ":" else ""  # "location:" then "location: redline"
    keyed = text[place.end :].partition("\n")[0].lstrip(" \t").startswith(":")  # a key already has its colon
    items = [
        types.CompletionItem(
            label=choice.label,
            kind=KINDS[choice.kind],
            detail=choice.detail,
            text_edit=_text_edit(
                positions,
                place.start,
                place.end,
                before + choice.label + (": " if choice.kind == "key" and not keyed else ""),
            ),
        )
        for choice in choices(place, ls.board(uri), ls.people(uri), {c: rule.name for c, rule in all_rules().items()})
    ]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def go_to_definition(ls: StoryboardServer, params: types.DefinitionParams) -> types.Location | None:
    """Where the character, location, shot or cameo named at the cursor is defined: in the text as
    it is now, or (while it does not parse) as it was when it last did."""
    uri = params.text_document.uri
    if _path(uri).name in PROJECT_FILES or (document := await ls.parse_now(uri) or ls.parsed.get(uri)) is None:
        return None
    text = ls.workspace.get_text_document(uri).source
    found = definition(place_at(text, Positions(text).offset(params.position)), document.board)
    if found is None:
        return None
    if isinstance(found, str):
        return ls.consent_record(uri, found)
    node: NodePath = found
    span = document.source.locate(node, key=node[0] != "shots")
    return types.Location(uri=uri, range=Positions(document.source.text).range(span))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbols(ls: StoryboardServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline: each shot, by its id, with its action."""
    if (parsed := await ls.parse_now(params.text_document.uri)) is None:
        return []
    positions = Positions(parsed.source.text)
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
        self.starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

    def at(self, offset: int) -> types.Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        before = self.text[self.starts[line] : offset]
        return types.Position(line=line, character=len(before.encode("utf-16-le")) // 2)

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position (the end of its line when past it)."""
        line = min(position.line, len(self.starts) - 1)
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        units = 0
        for at in range(start, end):
            if units >= position.character:
                return at
            units += 2 if ord(self.text[at]) > 0xFFFF else 1
        return end

    def range(self, span: Span) -> types.Range:
        """Where ``span`` is (a span without offsets: its whole line)."""
        if span.start is not None and span.end is not None:
            return types.Range(start=self.at(span.start), end=self.at(max(span.end, span.start)))
        line = min(max(0, span.line - 1), len(self.starts) - 1)
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return types.Range(start=self.at(self.starts[line]), end=self.at(end))


def _text_edit(positions: Positions, start: int, end: int, text: str) -> types.TextEdit:
    return types.TextEdit(range=types.Range(start=positions.at(start), end=positions.at(end)), new_text=text)


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
