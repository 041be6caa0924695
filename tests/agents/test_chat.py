"""``soracheck chat``, ``log``, ``undo`` and ``redo`` through the installed entry point, scripted on stdin;
the chat at a terminal through prompt_toolkit's own pipe input, and through a pseudo-terminal.

Each ``soracheck(...)`` call is a new process, so a review left open and resumed, or a revision
logged, undone and redone, has gone through the SQLite file under ``.soracheck/`` and nothing else.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from soracheck.agents.chat import ANSWER_PROMPT, LINE_HISTORY, NOTE_PROMPT, Chat, Read, terminal
from soracheck.agents.history import History, HistoryError
from soracheck.agents.pipeline import Revise
from soracheck.project import Project
from soracheck.storyboard.edits import replace_file
from tests.conftest import MODEL_VARIABLES, SAMPLES, SORACHECK, soracheck
from tests.openai_stub import StubServer, plan

UP, HOME, RIGHT, DELETE, ENTER, END_OF_INPUT = "\x1b[A", "\x01", "\x1b[C", "\x1b[3~", "\r", "\x04"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "redline"
    shutil.copytree(SAMPLES / "redline-coffee", folder, ignore=shutil.ignore_patterns(".soracheck"))
    return folder


def chat(project: Path, *lines: str, resume: bool = False, env: dict[str, str] | None = None):
    args = ["chat", "--resume"] if resume else ["chat"]
    return soracheck(*args, cwd=project, stdin="".join(line + "\n" for line in lines), env=env)


def lens(text: str) -> str:
    """The lens of the second shot (order) in a Redline Coffee storyboard text."""
    order = text.index("- id: order")
    return text[text.index("lens: ", order) + 6 : text.index("\n", text.index("lens: ", order))]


def test_approve_leave_open_resume_log_and_undo(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()

    first = chat(project, "use a 50mm on shot 2", "a", "shorten the booth shot by 4 seconds", "q")
    assert first.returncode == 0, first.stderr
    assert "-    lens: 35mm\n+    lens: 50mm" in first.stdout
    assert "wrote storyboard.yaml: revision 1" in first.stdout
    assert "new storyboard.yaml:85: TM001" in first.stdout  # the second diff was linted before review
    assert first.stdout.rstrip().endswith("the review stays open: 'soracheck chat --resume' continues it.")
    approved = board.read_text()
    assert lens(approved) == "50mm" and "duration: 8" not in approved

    resumed = chat(project, "a", resume=True)
    # the note the waiting diff came from, before the diff
    assert "resuming the review left open:\nnote: shorten the booth shot by 4 seconds\nplan: " in resumed.stdout
    assert "-    duration: 12\n+    duration: 8" in resumed.stdout
    assert "wrote storyboard.yaml: revision 2" in resumed.stdout
    assert "duration: 8" in board.read_text()

    again = chat(project, resume=True)
    assert "no review was left open." in again.stdout

    log = soracheck("log", "--output-format", "json", cwd=project)
    revisions = json.loads(log.stdout)
    assert [(r["number"], r["notes"], r["undone"]) for r in revisions] == [
        (2, ["shorten the booth shot by 4 seconds"], False),
        (1, ["use a 50mm on shot 2"], False),
    ]
    assert revisions[1]["interpreter"] == "offline"
    assert "+    lens: 50mm" in revisions[1]["diff"]

    assert soracheck("undo", cwd=project).stdout.startswith("undid revision 2")
    assert board.read_text() == approved
    assert soracheck("undo", project / "storyboard.yaml").stdout.startswith("undid revision 1")
    assert board.read_text() == original
    nothing = soracheck("undo", cwd=project)
    assert nothing.returncode == 2
    assert nothing.stderr == "soracheck: storyboard.yaml: no approved revision to undo\n"
    text_log = soracheck("log", project).stdout
    assert text_log.startswith("revision 2  ") and "+1 -1  [offline]  (undone)" in text_log
    assert "  note: use a 50mm on shot 2\n  plan: Read 1 of 1 notes with the offline grammar." in text_log


def test_undo_refuses_a_storyboard_edited_since(project: Path) -> None:
    board = project / "storyboard.yaml"
    chat(project, "use a 50mm on shot 2", "a")
    board.write_text(board.read_text() + "# a hand edit\n")
    edited = board.read_text()
    result = soracheck("undo", cwd=project)
    assert result.returncode == 2
    assert "storyboard.yaml has changed since revision 1 was approved; nothing was undone" in result.stderr
    assert board.read_text() == edited


def test_an_approval_never_overwrites_a_file_changed_during_review(project: Path) -> None:
    board = project / "storyboard.yaml"
    chat(project, "use a 50mm on shot 2", "q")
    board.write_text(board.read_text().replace("title: Redline Mornings", "title: Redline Evenings"))
    edited = board.read_text()
    result = chat(project, "a", resume=True)
    assert "not written:" in result.stdout and "changed since it was read" in result.stdout
    assert board.read_text() == edited
    assert soracheck("log", cwd=project).stdout == "No approved revisions yet.\n"


def test_edit_the_note_then_approve(project: Path) -> None:
    result = chat(project, "use a 50mm on shot 2", "e use a 24mm on shot 2", "approve")
    assert "+    lens: 50mm" in result.stdout and "+    lens: 24mm" in result.stdout
    assert lens((project / "storyboard.yaml").read_text()) == "24mm"
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert log[0]["notes"] == ["use a 24mm on shot 2"]


def test_an_offline_rejection_keeps_its_reason_and_says_what_would_change_the_outcome(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()
    result = chat(project, "use a 50mm on shot 2", "r", "r too long a lens", "e use a 24mm on shot 2", "q")
    assert "answer a (approve), r REASON (reject, saying why)" in result.stdout  # a bare r asks why
    said = result.stdout[result.stdout.index("> r too long a lens\n") :]
    assert said.startswith(
        "> r too long a lens\n"
        "rejected ('too long a lens', kept with this turn); the offline interpreter reads notes, not reasons,"
        " so the diff stands.\n"
        "To change it, edit the note with 'e NOTE', naming the shot and the value (e.g. 'e use an 85mm on shot 2';"
        " at a terminal, Up recalls the note),\n"
        "or configure a model (README, 'Director notes', Interpreters) for rejections to be read. 'd' drops the diff.\n"
        "[a]pprove, [r]eject REASON, [e]dit NOTE, [d]rop, [q]uit> e use a 24mm on shot 2\n"
    )
    assert result.stdout.count("+    lens: 50mm") == 1  # the diff was not shown again: it stands
    assert "+    lens: 24mm" in result.stdout  # the edited note's diff
    assert board.read_text() == original

    resumed = chat(project, "d", "/log", resume=True)
    assert (
        "resuming the review left open:\n"
        "note: use a 24mm on shot 2\n"
        "rejected: too long a lens (of the note 'use a 50mm on shot 2', since edited)\n"
        "plan: "
    ) in resumed.stdout
    assert "> d\ndropped: nothing was written.\nnote> /log\nNo approved revisions yet." in resumed.stdout
    assert board.read_text() == original
    history = History(project)
    [rejection] = history.rejections(history.thread(board) or "")
    assert (rejection.note, rejection.reason) == ("use a 50mm on shot 2", "too long a lens")
    history.close()


def test_a_rejection_reason_goes_back_to_the_model(project: Path, openai_stub: StubServer) -> None:
    fifty = {"op": "set_field", "target": "shot", "key": "order", "field": "lens", "value": "50mm", "line": 1}
    openai_stub.script(plan("A longer lens.", [fifty]), plan("Wider, as asked.", [dict(fifty, value="24mm")]))
    env = {"OPENAI_BASE_URL": openai_stub.url, "SORACHECK_MODEL": "stub-model"}
    result = chat(project, "change the lens on the order shot", "r wider, not longer", "a", env=env)
    assert f"with the openai (stub-model at {openai_stub.url}/) interpreter" in result.stdout
    assert "plan: Wider, as asked." in result.stdout
    assert lens((project / "storyboard.yaml").read_text()) == "24mm"
    first, second = (r.user_message() for r in openai_stub.requests)
    assert "rejected" not in first
    assert "The director rejected your previous plan: wider, not longer" in second
    assert '"value": "50mm"' in second  # the model sees which plan was rejected
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert log[0]["rationale"] == "Wider, as asked." and log[0]["interpreter"].startswith("openai (stub-model")
    history = History(project)
    rejections = history.rejections(history.thread(project / "storyboard.yaml") or "")
    assert [(r.note, r.reason) for r in rejections] == [("change the lens on the order shot", "wider, not longer")]
    history.close()


def test_notes_not_understood_and_unknown_commands(project: Path) -> None:
    result = chat(project, "make it pop", "/frobnicate", "/help", "/quit", "use a 50mm on shot 2")
    assert "not understood: 'make it pop'" in result.stdout
    assert "[a]pprove" not in result.stdout  # nothing to review
    assert "unknown command '/frobnicate'; /help lists them" in result.stdout
    assert "/undo reverts the last one, /redo writes again\nwhat the last /undo reverted" in result.stdout
    assert "d, drop           drop the diff; nothing is written" in result.stdout
    assert "lens: 50mm" not in result.stdout  # /quit stopped before the last line


def test_notes_write_is_a_revision_that_undo_reverts(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()
    # note 4 of the sample's notes is refused (CT001): --partial writes the four that were read
    written = soracheck("notes.txt", "--write", "--partial", "--offline", cwd=project)
    assert "wrote storyboard.yaml: revision 1 ('soracheck undo' reverts it)" in written.stderr
    assert board.read_text() != original
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert len(log[0]["notes"]) == 5
    assert soracheck("undo", cwd=project).returncode == 0
    assert board.read_text() == original


def test_bad_input_is_one_message(project: Path, tmp_path: Path) -> None:
    board = project / "storyboard.yaml"
    board.write_text(board.read_text().replace("  - id: order\n", "  - id: order\n    colour: red\n"))
    result = chat(project, "use a 50mm on shot 2")
    assert result.returncode == 2
    assert result.stderr.startswith("storyboard.yaml:") and "colour" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / ".soracheck").exists()  # the chat never started: no state, no line history
    missing = soracheck("log", tmp_path / "nowhere")
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr


def test_redo_in_chat_and_from_the_command_line(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()
    result = chat(project, "/redo", "use a 50mm on shot 2", "a", "/undo", "/redo", "/redo")
    assert "note> /redo\nstoryboard.yaml: no undone revision to redo\n" in result.stdout
    assert (
        "note> /undo\nundid revision 1: storyboard.yaml is back as it was before it (/redo writes it again)\n"
        "note> /redo\nredid revision 1: storyboard.yaml is as that revision left it (/undo reverts it)\n"
        "note> /redo\nstoryboard.yaml: no undone revision to redo\n"
    ) in result.stdout
    approved = board.read_text()
    assert lens(approved) == "50mm"
    assert not (project / ".soracheck" / LINE_HISTORY).exists()  # a pipe reads plain lines, keeps no history

    assert soracheck("undo", cwd=project).returncode == 0 and board.read_text() == original
    redone = soracheck("redo", cwd=project)
    assert redone.stdout == "redid revision 1: storyboard.yaml is as that revision left it\n"
    assert board.read_text() == approved
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert [(r["number"], r["undone"]) for r in log] == [(1, False)]  # in effect again

    assert soracheck("undo", cwd=project).returncode == 0
    board.write_text(original + "# a hand edit\n")
    refused = soracheck("redo", cwd=project)
    assert refused.returncode == 2
    assert refused.stderr == (
        "soracheck: storyboard.yaml has changed since revision 1 was undone; nothing was redone\n"
    )
    assert board.read_text() == original + "# a hand edit\n"


def test_redo_and_a_piped_chat_import_only_what_they_use(project: Path) -> None:
    """``redo`` is as light as ``undo``; prompt_toolkit is imported only for a chat at a terminal."""
    code = (
        "import sys\n"
        "from soracheck.cli import run\n"
        "run(sys.argv[1:])\n"
        "print(sorted(m for m in ('langgraph', 'openai', 'av', 'rich', 'prompt_toolkit') if m in sys.modules))\n"
    )
    board = str(project / "storyboard.yaml")
    imported = {}
    for command in ("redo", "chat"):
        result = subprocess.run(
            [sys.executable, "-c", code, command, board], input="/quit\n", capture_output=True, text=True, timeout=60
        )
        imported[command] = result.stdout.strip().splitlines()[-1]
    assert imported["redo"] == "[]"
    assert "langgraph" in imported["chat"] and "prompt_toolkit" not in imported["chat"]


def revisions(tmp_path: Path, *texts: str) -> tuple[History, Path]:
    """A history of ``storyboard.yaml`` through ``texts``, each written and recorded in turn."""
    board = tmp_path / "storyboard.yaml"
    board.write_text(texts[0])
    history = History(tmp_path)
    for before, after in itertools.pairwise(texts):
        replace_file(board, before, after)
        history.record(board, [f"note {after}"], "", "offline", before, after)
    return history, board


def test_redo_takes_back_the_undos_newest_first(tmp_path: Path) -> None:
    history, board = revisions(tmp_path, "zero\n", "one\n", "two\n")
    assert [history.undo(board).number for _ in range(2)] == [2, 1]
    assert board.read_text() == "zero\n"
    assert [history.redo(board).number for _ in range(2)] == [1, 2]
    assert board.read_text() == "two\n"
    with pytest.raises(HistoryError, match="no undone revision to redo"):
        history.redo(board)
    history.close()


def test_a_revision_approved_after_an_undo_ends_its_redo(tmp_path: Path) -> None:
    history, board = revisions(tmp_path, "zero\n", "one\n")
    history.undo(board)  # revision 1
    replace_file(board, "zero\n", "other\n")
    history.record(board, ["another note"], "", "offline", "zero\n", "other\n")  # revision 2
    history.undo(board)
    assert history.redo(board).number == 2  # what the last undo took back, not revision 1
    with pytest.raises(HistoryError, match="no undone revision to redo"):
        history.redo(board)
    assert board.read_text() == "other\n"
    assert [(r.number, r.undone) for r in history.revisions(board)] == [(1, True), (2, False)]
    history.close()


# --- at a terminal ---------------------------------------------------------------------------------


@contextmanager
def keyboard(history: Path) -> Iterator[tuple[PipeInput, Read]]:
    """prompt_toolkit's pipe input, and the chat's terminal reader on it (its screen a dummy)."""
    with create_pipe_input() as keys:
        yield keys, terminal(history, input=keys, output=DummyOutput())


def typing(keys: PipeInput, read: Read, script: list[str]) -> Read:
    """A reader that types the next keystrokes of ``script`` at each prompt, as a person would after
    seeing it, then reads the line; the end of the script is the end of input."""

    def next_line(prompt: str, recall: Sequence[str] | None = None) -> str | None:
        if not script:
            return None
        keys.send_text(script.pop(0))
        return read(prompt, recall)

    return next_line


def test_the_terminal_reader_edits_lines_and_recalls_them_from_its_file(tmp_path: Path) -> None:
    saved = tmp_path / LINE_HISTORY
    with keyboard(saved) as (keys, read):
        typed = typing(keys, read, [f"a 50mm on shot 2{HOME}use {ENTER}", f"{UP}{ENTER}", f"{UP}{ENTER}"])
        assert typed(NOTE_PROMPT) == "use a 50mm on shot 2"  # Ctrl-A went home, and "use " went in there
        assert typed(NOTE_PROMPT) == "use a 50mm on shot 2"  # Up recalled it
        assert typed(ANSWER_PROMPT, ["e use a 50mm on shot 2"]) == "e use a 50mm on shot 2"
        assert typed(NOTE_PROMPT) is None
    assert "+use a 50mm on shot 2" in saved.read_text()
    assert "+e use" not in saved.read_text()  # an answer prompt's recall is its own, never saved

    with keyboard(saved) as (keys, read):  # a later session: the file's lines are one Up away
        keys.send_text(f"{UP}{ENTER}")
        assert read(NOTE_PROMPT) == "use a 50mm on shot 2"
        keys.send_text(END_OF_INPUT)
        assert read(NOTE_PROMPT) is None


def test_a_chat_at_the_terminal_recalls_the_note_to_edit_it(project: Path) -> None:
    board = project / "storyboard.yaml"
    revise = Revise.open(Project(), board, "storyboard.yaml", offline=True)
    out = io.StringIO()
    saved = revise.history.folder / LINE_HISTORY
    script = [
        f"use a 50mm on shot 2{ENTER}",
        f"r too long a lens{ENTER}",
        # Up recalls "e use a 50mm on shot 2"; Home, past "e use a ", the 50 deleted, 24 typed
        f"{UP}{HOME}{RIGHT * 8}{DELETE * 2}24{ENTER}",
        f"a{ENTER}",
    ]
    with create_pipe_input() as keys:
        session = Chat(revise, typing(keys, terminal(saved, input=keys, output=DummyOutput()), script), out)
        session.run(resume=False)
    revise.close()
    assert "the offline interpreter reads notes, not reasons" in out.getvalue()
    assert "+    lens: 24mm" in out.getvalue()
    assert "wrote storyboard.yaml: revision 1" in out.getvalue()
    assert lens(board.read_text()) == "24mm"
    assert "+use a 50mm on shot 2" in saved.read_text()


class Terminal:
    """``soracheck chat`` on a pseudo-terminal: its keystrokes typed, its screen read."""

    def __init__(self, cwd: Path) -> None:
        self.screen, self.seen = b"", 0
        self.master, child = os.openpty()
        environment = {k: v for k, v in os.environ.items() if k not in MODEL_VARIABLES}
        environment |= {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}  # no cursor-position queries to answer
        self.process = subprocess.Popen(
            [str(SORACHECK), "chat"], stdin=child, stdout=child, stderr=child, cwd=cwd, env=environment
        )
        os.close(child)

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until ``text`` is on the screen after what was expected before."""
        wanted, deadline = text.encode(), time.monotonic() + timeout
        while (found := self.screen.find(wanted, self.seen)) < 0:
            assert time.monotonic() < deadline, f"{text!r} never came: {self.screen[self.seen :]!r}"
            self._look()
        self.seen = found + len(wanted)

    def _look(self) -> bool:
        """Read what the screen shows next (for a tenth of a second at most); ``False`` once it is closed."""
        if not select.select([self.master], [], [], 0.1)[0]:
            return True
        try:
            more = os.read(self.master, 65536)
        except OSError:  # Linux: the child closed its end
            return False
        self.screen += more
        return bool(more)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self, timeout: float = 30) -> int:
        """Read the screen to its end and wait for the chat to exit; its exit code."""
        deadline = time.monotonic() + timeout
        try:
            while self._look() and self.process.poll() is None and time.monotonic() < deadline:
                pass
            return self.process.wait(timeout=max(deadline - time.monotonic(), 1))
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_soracheck_chat_at_a_terminal_has_line_history(project: Path) -> None:
    first = Terminal(project)
    first.expect("note>")
    first.type(f"use a 50mm on shot 2{ENTER}")
    first.expect("[q]uit>")
    first.type(f"a{ENTER}")
    first.expect("wrote storyboard.yaml: revision 1")
    first.type(f"/undo{ENTER}")
    first.expect("undid revision 1")
    first.expect("note>")
    first.type(END_OF_INPUT)
    assert first.close() == 0
    saved = (project / ".soracheck" / LINE_HISTORY).read_text()
    assert "+use a 50mm on shot 2" in saved and "+/undo" in saved and "+a\n" not in saved

    second = Terminal(project)  # Up, Up: the note typed in the first session, past /undo
    second.expect("note>")
    second.type(f"{UP}{UP}{ENTER}")
    second.expect("+    lens: 50mm")
    second.expect("[q]uit>")
    second.type(f"a{ENTER}")
    second.expect("wrote storyboard.yaml: revision 2")
    second.expect("note>")
    second.type(END_OF_INPUT)
    assert second.close() == 0
    assert b"^[[A" not in second.screen
    assert lens((project / "storyboard.yaml").read_text()) == "50mm"
