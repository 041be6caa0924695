"""``soracheck server`` driven over stdio by a real LSP client (pygls's), no mocks: the installed
entry point is started, spoken to, and shut down."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import yaml
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tests.conftest import SAMPLES, SORACHECK

#: Seconds a diagnostic may take to come (the server lints at once on open, a moment after a change).
WAIT = 30.0


class Editor:
    """A client that keeps what the server published, and waits for it."""

    def __init__(self) -> None:
        self.client = LanguageClient("soracheck-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Condition()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def published(params: types.PublishDiagnosticsParams) -> None:
            async with self.arrived:
                self.published.setdefault(params.uri, []).append(params)
                self.arrived.notify_all()

    async def diagnostics(self, uri: str, after: int = 0) -> list[types.Diagnostic]:
        """The diagnostics of the first publication for ``uri`` past the ``after``-th."""

        async def wait() -> None:
            async with self.arrived:
                await self.arrived.wait_for(lambda: len(self.published.get(uri, [])) > after)

        await asyncio.wait_for(wait(), WAIT)
        return self.published[uri][after].diagnostics

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    def open(self, path: Path, language: str = "yaml") -> str:
        uri = path.resolve().as_uri()
        item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=path.read_text())
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )


@contextlib.asynccontextmanager
async def editing(root: Path) -> AsyncIterator[Editor]:
    """The installed ``soracheck server`` started, initialised on ``root``, and shut down cleanly after."""
    editor = Editor()
    await editor.client.start_io(str(SORACHECK), "server")
    result = await editor.client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri(), process_id=None)
    )
    assert result.server_info is not None and result.server_info.name == "soracheck"
    editor.client.initialized(types.InitializedParams())
    yield editor
    await editor.client.shutdown_async(None)
    editor.client.exit(None)
    await asyncio.wait_for(editor.client.stop(), WAIT)


def drive(root: Path, scenario: Callable[[Editor], Awaitable[None]]) -> None:
    """Run ``scenario`` against a server of its own."""

    async def run() -> None:
        async with editing(root) as editor:
            await scenario(editor)

    asyncio.run(run())


def _draft(tmp_path: Path) -> Path:
    """The sample coffee spot's first draft, which has findings with fixes."""
    project = tmp_path / "drafts"
    shutil.copytree(SAMPLES / "redline-coffee" / "drafts", project)
    return project


def test_diagnostics_on_open_a_fix_applied_and_the_finding_gone(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        project = _draft(tmp_path)
        board = next(iter(sorted(project.glob("*.yaml"))))
        uri = editor.open(board)
        found = await editor.diagnostics(uri)
        assert found and all(d.source == "soracheck" and d.code for d in found)
        fixable = None
        for diagnostic in found:
            actions = await editor.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=diagnostic.range,
                    context=types.CodeActionContext(diagnostics=[diagnostic]),
                )
            )
            mine = [
                a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith(str(diagnostic.code))
            ]
            if mine:
                fixable, action = diagnostic, mine[0]
                break
        assert fixable is not None, [d.code for d in found]
        assert action.edit is not None and action.edit.changes
        text = _apply(board.read_text(), action.edit.changes[uri])
        editor.change(uri, text, 2)
        after = await editor.diagnostics(uri, after=1)
        same = [d for d in after if d.code == fixable.code and d.range.start.line == fixable.range.start.line]
        assert len(same) < len(
            [d for d in found if d.code == fixable.code and d.range.start.line == fixable.range.start.line]
        )
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=found[0].range.start)
        )
        assert hover is not None and f"### {found[0].code}" in hover.contents.value and "## Why" in hover.contents.value

    drive(tmp_path, scenario)


def test_a_malformed_document_gets_one_diagnostic_at_its_error_and_the_server_goes_on(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        board = tmp_path / "storyboard.yaml"
        board.write_text("title: t\nshots:\n  - id: a\n    duration: [\n")
        uri = editor.open(board)
        (broken,) = await editor.diagnostics(uri)
        assert broken.range.start.line in (3, 4) and broken.source == "soracheck"
        editor.change(uri, "title: t\nshots:\n  - {id: a, duration: 5, action: A man waits.}\n", 2)
        assert (await editor.diagnostics(uri, after=1)) != [broken]  # the server still answers

    drive(tmp_path, scenario)


def test_a_broken_configuration_is_said_at_the_top_of_the_storyboard_it_stops(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        (tmp_path / "soracheck.toml").write_text('fail-on = "sometimes"\n')
        board = tmp_path / "storyboard.yaml"
        board.write_text("title: t\nshots:\n  - {id: a, duration: 5, action: A man waits.}\n")
        uri = editor.open(board)
        (said,) = await editor.diagnostics(uri)
        assert said.range.start.line == 0 and said.severity == types.DiagnosticSeverity.Error
        assert said.message.startswith(f"{tmp_path / 'soracheck.toml'}:1:") and "fail-on" in said.message

    drive(tmp_path, scenario)


def test_the_outline_is_the_shots(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        board = SAMPLES / "redline-coffee" / "storyboard.yaml"
        uri = editor.open(board)
        await editor.diagnostics(uri)
        symbols = await editor.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert [s.name for s in symbols or []] == ["enter", "order", "cup", "booth", "exit", "walk"]

    drive(tmp_path, scenario)


def test_saving_consent_lints_the_open_storyboards_again(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        project = tmp_path / "redline-coffee"
        shutil.copytree(SAMPLES / "redline-coffee", project, ignore=shutil.ignore_patterns(".soracheck", "renders*"))
        uri = editor.open(project / "storyboard.yaml")
        before = await editor.diagnostics(uri)
        consent = project / "consent.yaml"
        consent.write_text("{}\n")  # every cameo's record is gone
        editor.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=consent.as_uri()))
        )
        after = await editor.diagnostics(uri, after=1)
        assert {d.code for d in after if str(d.code).startswith("CN")} - {d.code for d in before}

    drive(tmp_path, scenario)


def _redline(tmp_path: Path, *, renders: bool = False) -> Path:
    """A copy of the sample coffee spot (with its renders, when asked)."""
    project = tmp_path / "redline-coffee"
    skip = (".soracheck",) if renders else (".soracheck", "renders*")
    shutil.copytree(SAMPLES / "redline-coffee", project, ignore=shutil.ignore_patterns(*skip))
    return project


def _at(text: str, marker: str) -> types.Position:
    """The position just after the first ``marker`` in ``text`` (ASCII)."""
    offset = text.index(marker) + len(marker)
    return types.Position(line=text.count("\n", 0, offset), character=offset - text.rfind("\n", 0, offset) - 1)


def test_completion_offers_directives_signatures_and_cast(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        board = _redline(tmp_path) / "storyboard.yaml"
        uri = editor.open(board)
        await editor.diagnostics(uri)
        text = board.read_text().replace(
            "action: Maya walks toward the counter", "action: Maya walks toward the counter <<lighting-lock: "
        )
        text = text.replace("    cast: [maya, leo]\n", "    cast: [maya, ]\n", 1)
        editor.change(uri, text, 2)
        await editor.diagnostics(uri, after=1)

        async def labels(marker: str) -> list[str]:
            found = await editor.client.text_document_completion_async(
                types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=_at(text, marker))
            )
            items = found.items if isinstance(found, types.CompletionList) else found or []
            return [item.label for item in items]

        assert await labels("<<lighting-lock: ") == ["current", "tungsten-amber-window-45", "golden-hour"]
        assert await labels("cast: [maya, ") == ["maya", "leo"]
        assert {"continue-shooting", "match-move", "identity-lock"} <= set(await labels("<<"))

        async def completed(typed: str, marker: str, label: str) -> str:
            """``text`` with ``typed`` for ``marker``'s line, completed with ``label`` at its end."""
            editor.change(uri, typed, next(versions))
            found = await editor.client.text_document_completion_async(
                types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=_at(typed, marker))
            )
            items = found.items if isinstance(found, types.CompletionList) else found or []
            (item,) = [item for item in items if item.label == label]
            assert isinstance(item.text_edit, types.TextEdit)
            return _apply(typed, [item.text_edit])

        versions = iter(range(3, 10))
        plain = board.read_text()
        done = await completed(plain.replace("location: redline", "location:", 1), "location:", "redline")
        assert yaml.safe_load(done)["shots"][0]["location"] == "redline"  # a space put before it
        done = await completed(plain.replace("    duration: 12", "    dur: 12", 1), "    du", "duration")
        assert yaml.safe_load(done)["shots"][0]["duration"] == 12  # the key's colon not written twice

    drive(tmp_path, scenario)


def test_go_to_definition_of_a_character_a_lighting_signature_and_a_cameo(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        project = _redline(tmp_path)
        board = project / "storyboard.yaml"
        text = board.read_text()
        uri = editor.open(board)
        await editor.diagnostics(uri)

        async def where(marker: str) -> types.Location:
            found = await editor.client.text_document_definition_async(
                types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=_at(text, marker))
            )
            assert isinstance(found, types.Location), marker
            return found

        leo = await where("cast: [maya, l")
        assert leo.uri == uri
        assert (leo.range.start.line, leo.range.start.character) == (text[: text.index("  leo:")].count("\n"), 2)
        lock = await where("lighting-lock: golden")
        assert lock.range.start.line == text[: text.index("signature: golden-hour")].count("\n")
        cameo = await where("cameo: maya")
        assert cameo.uri == (project / "consent.yaml").resolve().as_uri() and cameo.range.start.line == 1
        text = "# one\n# two\n# three\n" + text
        editor.change(uri, text, 2)  # and asked at once, before its lint
        moved = await where("cast: [maya, l")
        assert moved.range.start.line == leo.range.start.line + 3

    drive(tmp_path, scenario)


def test_hover_says_what_a_directive_a_character_and_a_location_are(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        board = _redline(tmp_path) / "storyboard.yaml"
        text = board.read_text()
        uri = editor.open(board)
        await editor.diagnostics(uri)

        async def said(marker: str) -> str:
            found = await editor.client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=_at(text, marker))
            )
            assert found is not None and isinstance(found.contents, types.MarkupContent), marker
            return found.contents.value

        assert "`<<continue-shooting>>`" in await said("directives: [continue-sh")
        maya = await said("cast: [ma")
        assert "**Maya Chen** (`maya`)" in maya and "- round wire-frame glasses that slide down her nose" in maya
        redline = await said("location: red")
        assert "signature: `tungsten-amber-window-45`" in redline and "lighting: warm tungsten" in redline

    drive(tmp_path, scenario)


def test_a_finding_is_ignored_on_its_shot_by_an_action(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        board = _draft(tmp_path) / "first-draft.yaml"
        uri = editor.open(board)
        found = await editor.diagnostics(uri)
        (stray,) = [d for d in found if d.code == "CT001"]  # <<continue-shooting>> on the first shot
        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=stray.range,
                context=types.CodeActionContext(diagnostics=[stray]),
            )
        )
        (ignore,) = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Ignore CT001")]
        assert ignore.title.endswith("on shot enter") and ignore.edit is not None and ignore.edit.changes
        text = _apply(board.read_text(), ignore.edit.changes[uri])
        editor.change(uri, text, 2)
        after = await editor.diagnostics(uri, after=1)
        assert "CT001" not in {d.code for d in after}
        assert "SP002" in {d.code for d in after}  # and the suppression asks for its reason
        assert {d.code for d in found} - {"CT001"} <= {d.code for d in after}

    drive(tmp_path, scenario)


def test_a_finding_in_a_production_sheet_is_ignored_by_a_comment_above_it(tmp_path: Path) -> None:
    async def scenario(editor: Editor) -> None:
        sheet = tmp_path / "sheet.md"
        text = (SAMPLES / "mirror-that-remembers" / "sheet.md").read_text()
        sheet.write_text(text.replace("- Action: he raises", "- Action: he looks nervous and raises"))
        uri = editor.open(sheet, "markdown")
        (stated,) = [d for d in await editor.diagnostics(uri) if d.code == "CR005"]
        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=stated.range,
                context=types.CodeActionContext(diagnostics=[stated]),
            )
        )
        (ignore,) = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title == "Ignore CR005 here"]
        assert ignore.edit is not None and ignore.edit.changes
        editor.change(uri, _apply(sheet.read_text(), ignore.edit.changes[uri]), 2)
        after = {d.code for d in await editor.diagnostics(uri, after=1)}
        assert "CR005" not in after and "SP002" in after

    drive(tmp_path, scenario)


def test_frame_findings_of_the_last_check_follow_the_storyboard_as_edited(tmp_path: Path) -> None:
    project = _redline(tmp_path, renders=True)
    checked = subprocess.run([str(SORACHECK), "check", str(project)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    async def scenario(editor: Editor) -> None:
        board = project / "storyboard.yaml"
        uri = editor.open(board)
        found = await editor.diagnostics(uri)
        assert [d.code for d in found if str(d.code).startswith("FR")] == ["FR012", "FR012"]  # as the check said
        shorter = board.read_text().replace("  - id: enter\n    duration: 12", "  - id: enter\n    duration: 8", 1)
        editor.change(uri, shorter, 2)
        after = await editor.diagnostics(uri, after=1)
        (long,) = [d for d in after if d.code == "FR002"]  # the 12 s render is now too long for the shot
        assert "enter" in long.message

    drive(tmp_path, scenario)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` applied to ``text`` (positions in characters: the texts here are ASCII)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return starts[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text
