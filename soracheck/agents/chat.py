"""``soracheck chat``: type a note, see the linted diff, then approve, reject with a reason, edit the note, or drop it.

Each note is one turn of the notes graph on its own thread, checkpointed in the project's
``.soracheck/soracheck.sqlite`` by LangGraph's SQLite saver. The review step is an ``interrupt()``:
quitting while a diff waits for a decision leaves it there, and ``soracheck chat --resume`` shows its
note and the diff again in a new process. An approval writes the storyboard atomically (only if it
still holds the text the turn read) and records the revision, which ``/undo`` (or ``soracheck undo``)
reverts and ``/redo`` (or ``soracheck redo``) writes again.

Commands are read one per line, so the loop runs the same from a terminal, a pipe or a script. At a
terminal, :func:`terminal` reads them with prompt_toolkit: line editing, and the notes typed before
(kept in ``.soracheck/chat-history``) one Up arrow away.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from soracheck.agents.graph import build, start
from soracheck.agents.history import HistoryError
from soracheck.agents.interpret import Note
from soracheck.agents.pipeline import Revise
from soracheck.report.notes import render_log, render_notes
from soracheck.storyboard.edits import FileChangedError
from soracheck.storyboard.source import InputError

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

HELP = """\
Type a note, e.g. "use an 85mm on shot 2", to see it as a linted diff. Then:
  a, approve        write the change to the storyboard (and record it)
  r REASON          reject it; a model is asked again with the reason (the offline grammar reads
                    notes, not reasons: it keeps the diff and says how to reword the note)
  e NOTE            replace the note and try again (at a terminal, Up recalls 'e' and the note)
  d, drop           drop the diff; nothing is written
  q, quit           stop; a diff waiting for a decision is kept for 'soracheck chat --resume'
Between notes: /log lists the approved revisions, /undo reverts the last one, /redo writes again
what the last /undo reverted, /help shows this, /quit stops. At a terminal, Up and Down step
through the notes typed before (kept in .soracheck/chat-history), and the line can be edited."""

NOTE_PROMPT = "note> "
ANSWER_PROMPT = "[a]pprove, [r]eject REASON, [e]dit NOTE, [d]rop, [q]uit> "
#: Where a terminal chat keeps the lines typed at the note prompt, in the project's ``.soracheck`` folder.
LINE_HISTORY = "chat-history"

_APPROVE = {"a", "approve", "y", "yes"}
_REJECT = {"r", "reject"}
_EDIT = {"e", "edit"}
_DROP = {"d", "drop"}
_QUIT = {"q", "quit", "/quit", "exit", "/exit"}


class Read(Protocol):
    """How the chat reads a line: the next one, stripped, or ``None`` at the end of input."""

    def __call__(self, prompt: str, recall: Sequence[str] | None = None) -> str | None:
        """Show ``prompt`` and read a line; ``recall``, when given, is what the Up arrow offers instead of
        the notes typed before (a reader without history ignores it)."""
        ...


class Chat:
    """The revision loop on one storyboard: ``read`` gives the director's lines, ``out`` shows the rest."""

    def __init__(self, revise: Revise, read: Read, out: TextIO) -> None:
        self.revise, self.read, self.out = revise, read, out
        self.board, self.shown, self.history = revise.board, revise.shown, revise.history
        self.interpreter = revise.interpreter
        self.graph = build(SqliteSaver(self.history.connection))
        self.context = revise.context(review=True)

    def run(self, *, resume: bool) -> None:
        self.say(f"chat on {self.shown} with the {self.interpreter.name} interpreter; /help for commands.")
        thread = self.history.thread(self.board)
        pending = thread if thread is not None and self._paused(thread) else None
        if resume and pending:
            self.say("resuming the review left open:")
            self._recap(pending)
            if not self._review(pending):
                return
        elif resume:
            self.say("no review was left open.")
        elif pending:
            self.say("(a review left open earlier is set aside; 'soracheck chat --resume' would continue it)")
        while (line := self.read(NOTE_PROMPT)) is not None:
            if not line:
                continue
            if line in _QUIT:
                return
            if line == "/help":
                self.say(HELP)
            elif line == "/log":
                render_log(self.out, self.history.revisions(self.board))
            elif line in ("/undo", "/redo"):
                self._step(redo=line == "/redo")
            elif line.startswith("/"):
                self.say(f"unknown command {line!r}; /help lists them")
            elif not self._turn(line):
                return

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _config(self, thread: str) -> Any:
        return {"configurable": {"thread_id": thread}}

    def _paused(self, thread: str) -> bool:
        return bool(self.graph.get_state(self._config(thread)).interrupts)

    def _notes(self, thread: str) -> list[str]:
        """The notes of the turn on ``thread``, as they stand (an edited note replaces the one typed)."""
        return [n["text"] for n in self.graph.get_state(self._config(thread)).values.get("notes", [])]

    def _recap(self, thread: str) -> None:
        """The note(s) a waiting diff came from, and the reasons it was rejected for, before it is shown again."""
        notes = self._notes(thread)
        for note in notes:
            self.say(f"note: {note}")
        for rejection in self.history.rejections(thread):
            earlier = "" if rejection.note == " / ".join(notes) else f" (of the note {rejection.note!r}, since edited)"
            self.say(f"rejected: {rejection.reason}{earlier}")

    def _invoke(self, thread: str, value: Any) -> None:
        self.graph.invoke(value, self._config(thread), context=self.context, durability="sync")

    def _turn(self, note: str) -> bool:
        """Interpret one note and review it; ``False`` if the director quit."""
        try:
            text = self.revise.read()
        except InputError as error:
            self.say(str(error))
            return True
        thread = uuid.uuid4().hex
        self.history.set_thread(self.board, thread)
        self._invoke(thread, start(str(self.board), text, [Note(1, note)]))
        return self._review(thread)

    def _review(self, thread: str) -> bool:
        """Show the proposal and act on decisions until it is approved, dropped or left open."""
        while True:
            state = self.graph.get_state(self._config(thread))
            values = state.values
            result = {**self.revise.result(values), "notes": None}
            render_notes(self.out, result, header=False)
            if not state.interrupts:
                return True  # the turn ended in an error, already shown
            if not result["diff"]:
                self._invoke(thread, Command(resume={"action": "discard"}))
                return True
            decision = self._decision(thread)
            if decision is None:
                self.say("the review stays open: 'soracheck chat --resume' continues it.")
                return False
            self._invoke(thread, Command(resume=decision))
            if decision["action"] == "approve":
                self._approve(values)
            elif decision["action"] == "discard":
                self.say("dropped: nothing was written.")
            if decision["action"] in ("approve", "discard"):
                return True

    def _decision(self, thread: str) -> dict[str, str] | None:
        """The director's decision on the diff waiting on ``thread``; ``None`` to leave it open.

        Every rejection is recorded with its reason. One the interpreter cannot read leaves the diff
        standing: the director is told what would change it, and asked again.
        """
        notes = self._notes(thread)
        while (answer := self.read(ANSWER_PROMPT, [f"e {note}" for note in notes])) is not None:
            verb, _, rest = answer.partition(" ")
            rest = rest.strip()
            if verb in _QUIT:
                return None
            if verb in _APPROVE and not rest:
                return {"action": "approve"}
            if verb in _REJECT and rest:
                self.history.reject(thread, " / ".join(notes), rest)
                if self.interpreter.uses_feedback:
                    return {"action": "reject", "reason": rest}
                self._unread(rest)
                continue
            if verb in _EDIT and rest:
                return {"action": "edit", "note": rest}
            if verb in _DROP and not rest:
                return {"action": "discard"}
            self.say("answer a (approve), r REASON (reject, saying why), e NOTE (a new note), d (drop it) or q (quit)")
        return None

    def _unread(self, reason: str) -> None:
        """Say why a rejection leaves the diff as it is, and what would change it."""
        self.say(
            f"rejected ({reason!r}, kept with this turn); the {self.interpreter.name} interpreter reads notes,"
            " not reasons, so the diff stands.\n"
            "To change it, edit the note with 'e NOTE', naming the shot and the value"
            " (e.g. 'e use an 85mm on shot 2'; at a terminal, Up recalls the note),\n"
            "or configure a model (README, 'Director notes', Interpreters) for rejections to be read."
            " 'd' drops the diff."
        )

    def _approve(self, values: dict[str, Any]) -> None:
        try:
            revision = self.revise.write(values)
        except (FileChangedError, OSError) as error:
            self.say(f"not written: {error}")
            return
        self.say(f"wrote {self.shown}: revision {revision.number} (/undo reverts it)")

    def _step(self, *, redo: bool) -> None:
        """``/undo`` or ``/redo``: one step back or forward in the storyboard's history."""
        try:
            revision = self.history.redo(self.board) if redo else self.history.undo(self.board)
        except (HistoryError, OSError) as error:
            self.say(str(error))
            return
        if redo:
            self.say(f"redid revision {revision.number}: {self.shown} is as that revision left it (/undo reverts it)")
        else:
            self.say(
                f"undid revision {revision.number}: {self.shown} is back as it was before it (/redo writes it again)"
            )


def reader(stream: TextIO, out: TextIO) -> Read:
    """Plain lines: from a terminal with ``input()`` (no history), or from a pipe echoed after their prompt,
    so that transcripts read."""
    interactive = stream.isatty()

    def read(prompt: str, recall: Sequence[str] | None = None) -> str | None:
        if interactive:
            try:
                return input(prompt).strip()
            except EOFError:
                out.write("\n")
                return None
        line = stream.readline()
        if not line:
            return None
        out.write(prompt + line.rstrip("\n") + "\n")
        return line.strip()

    return read


def terminal(history: Path, *, input: Input | None = None, output: Output | None = None) -> Read:
    """Lines read with prompt_toolkit: Emacs-style editing, and at the note prompt the lines typed before,
    kept in the file ``history`` (created with the first line). A ``recall`` list is an answer
    prompt's whole history, made afresh for each answer and never saved. ``input`` and ``output``
    default to the terminal's."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    notes: PromptSession[str] = PromptSession(history=FileHistory(history), input=input, output=output)

    def read(prompt: str, recall: Sequence[str] | None = None) -> str | None:
        session = notes
        if recall is not None:
            session = PromptSession(history=InMemoryHistory(recall), input=input, output=output)
        try:
            return session.prompt(prompt).strip()
        except EOFError:
            return None

    return read


def lines(stdin: TextIO, stdout: TextIO, folder: Path) -> Read:
    """The reader for a chat on these streams: :func:`terminal` (its history in ``folder``) when both are
    a terminal, else :func:`reader`, so that pipes and scripts read plain lines."""
    if stdin.isatty() and stdout.isatty():
        return terminal(folder / LINE_HISTORY)
    return reader(stdin, stdout)
