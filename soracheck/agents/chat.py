"""``soracheck chat``: type a note, see the linted diff, then approve, reject with a reason, or edit the note.

Each note is one turn of the notes graph on its own thread, checkpointed in the project's
``.soracheck/soracheck.sqlite`` by LangGraph's SQLite saver. The review step is an ``interrupt()``:
quitting while a diff waits for a decision leaves it there, and ``soracheck chat --resume`` shows it
again in a new process. An approval writes the storyboard atomically (only if it still holds the text
the turn read) and records the revision, which ``/undo`` (or ``soracheck undo``) reverts.

Commands are read one per line, so the loop runs the same from a terminal, a pipe or a script.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TextIO

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from soracheck.agents.graph import build, start
from soracheck.agents.history import HistoryError
from soracheck.agents.interpret import Note
from soracheck.agents.pipeline import Revise
from soracheck.report.notes import render_log, render_notes
from soracheck.storyboard.edits import FileChangedError
from soracheck.storyboard.source import InputError

HELP = """\
Type a note, e.g. "use an 85mm on shot 2", to see it as a linted diff. Then:
  a, approve        write the change to the storyboard (and record it)
  r REASON          reject it; the reason goes back to the interpreter
  e NOTE            replace the note and try again
  q, quit           stop; a diff waiting for a decision is kept for 'soracheck chat --resume'
Between notes: /log lists the approved revisions, /undo reverts the last one, /quit stops."""

_APPROVE = {"a", "approve", "y", "yes"}
_REJECT = {"r", "reject"}
_EDIT = {"e", "edit"}
_QUIT = {"q", "quit", "/quit", "exit", "/exit"}


class Chat:
    """The revision loop on one storyboard; ``read(prompt)`` returns the next line, or ``None`` at the end."""

    def __init__(self, revise: Revise, read: Callable[[str], str | None], out: TextIO) -> None:
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
            if not self._review(pending):
                return
        elif resume:
            self.say("no review was left open.")
        elif pending:
            self.say("(a review left open earlier is set aside; 'soracheck chat --resume' would continue it)")
        while (line := self.read("note> ")) is not None:
            if not line:
                continue
            if line in _QUIT:
                return
            if line == "/help":
                self.say(HELP)
            elif line == "/log":
                render_log(self.out, self.history.revisions(self.board))
            elif line == "/undo":
                self._undo()
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
            decision = self._decision()
            if decision is None:
                self.say("the review stays open: 'soracheck chat --resume' continues it.")
                return False
            if decision["action"] == "reject" and not self.interpreter.uses_feedback:
                decision = {"action": "discard"}
                self.say(
                    "rejected and dropped. The offline grammar cannot use a reason: type the note again, reworded."
                )
            self._invoke(thread, Command(resume=decision))
            if decision["action"] == "approve":
                self._approve(values)
            if decision["action"] in ("approve", "discard"):
                return True

    def _decision(self) -> dict[str, str] | None:
        while (answer := self.read("[a]pprove, [r]eject REASON, [e]dit NOTE, [q]uit> ")) is not None:
            verb, _, rest = answer.partition(" ")
            rest = rest.strip()
            if verb in _QUIT:
                return None
            if verb in _APPROVE and not rest:
                return {"action": "approve"}
            if verb in _REJECT and rest:
                return {"action": "reject", "reason": rest}
            if verb in _EDIT and rest:
                return {"action": "edit", "note": rest}
            self.say("answer a (approve), r REASON (reject, saying why), e NOTE (a new note) or q (quit)")
        return None

    def _approve(self, values: dict[str, Any]) -> None:
        try:
            revision = self.revise.write(values)
        except (FileChangedError, OSError) as error:
            self.say(f"not written: {error}")
            return
        self.say(f"wrote {self.shown}: revision {revision.number} (/undo reverts it)")

    def _undo(self) -> None:
        try:
            revision = self.history.undo(self.board)
        except (HistoryError, OSError) as error:
            self.say(str(error))
            return
        self.say(f"undid revision {revision.number}: {self.shown} is back as it was before it")


def reader(stream: TextIO, out: TextIO) -> Callable[[str], str | None]:
    """Lines from a terminal (with prompts), or from a pipe echoed after their prompt, so transcripts read."""
    interactive = stream.isatty()

    def read(prompt: str) -> str | None:
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
