"""Approved revisions of a project's storyboards, kept in ``.soracheck/soracheck.sqlite``.

Every change soracheck writes to a storyboard (an approval in ``soracheck chat``, or
``soracheck NOTES.txt --write``) is recorded with its notes, the plan's rationale, the interpreter
that read them and the text before and after. ``soracheck log`` lists the revisions; ``soracheck
undo`` puts back the text before the last one, but only while the file still holds the text that
revision wrote; ``soracheck redo`` writes again what the last undo took back, but only while the
file still holds the text that undo left. The same database holds the chat sessions' LangGraph
checkpoints, and the reasons a chat's diffs were rejected for (kept even when the interpreter
cannot read them).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from soracheck.results import Revision
from soracheck.state import state_folder
from soracheck.storyboard.edits import FileChangedError, replace_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    storyboard TEXT NOT NULL,
    at TEXT NOT NULL,
    notes TEXT NOT NULL,
    rationale TEXT NOT NULL,
    interpreter TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    -- 0 while the revision is in effect, else the order of its undo (1 for the first): redo takes the last
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS chats (
    storyboard TEXT PRIMARY KEY,
    thread TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejections (
    thread TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


class Rejection(NamedTuple):
    """A diff the director rejected in a chat turn: the note it came from, and why."""

    note: str
    reason: str
    #: Local time, ISO 8601 to the second.
    at: str


class HistoryError(RuntimeError):
    """Nothing to undo or redo, or the storyboard changed since the revision to undo or the undo to redo."""


class History:
    """The revision log and chat threads of the project rooted at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        #: The project's ``.soracheck`` folder, which holds the database (and the chat's line history).
        self.folder = state_folder(self.root)
        #: Shared with the chat's LangGraph checkpointer.
        self.connection = sqlite3.connect(self.folder / "soracheck.sqlite", check_same_thread=False)
        self.connection.executescript(_SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def key(self, storyboard: Path) -> str:
        """How a storyboard is named in the database: relative to the root, so the project can move."""
        path = storyboard.resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()

    def record(
        self, storyboard: Path, notes: list[str], rationale: str, interpreter: str, before: str, after: str
    ) -> Revision:
        """Record a change just written to ``storyboard``."""
        at = datetime.now().isoformat(timespec="seconds")
        with self.connection:
            self.connection.execute(
                "INSERT INTO revisions (storyboard, at, notes, rationale, interpreter, before, after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (self.key(storyboard), at, json.dumps(notes), rationale, interpreter, before, after),
            )
        return self.revisions(storyboard)[-1]

    def revisions(self, storyboard: Path) -> list[Revision]:
        """The revisions of ``storyboard``, oldest first, undone ones included."""
        rows = self.connection.execute(
            "SELECT number, storyboard, at, notes, rationale, interpreter, before, after, undone"
            " FROM revisions WHERE storyboard = ? ORDER BY number",
            (self.key(storyboard),),
        )
        return [Revision(n, s, at, json.loads(notes), r, i, b, a, bool(u)) for n, s, at, notes, r, i, b, a, u in rows]

    def undo(self, storyboard: Path) -> Revision:
        """Put back the text before the last revision still in effect; refuse if the file moved on since."""
        live = [r for r in self.revisions(storyboard) if not r.undone]
        if not live:
            raise HistoryError(f"{self.key(storyboard)}: no approved revision to undo")
        return self._step(storyboard, live[-1], back=True)

    def redo(self, storyboard: Path) -> Revision:
        """Write again the revision the last undo took back; refuse if the file moved on since that undo.

        Undos are redone newest first, like an editor's, and a revision approved after an undo ends
        the chance to redo it. The revision redone is in effect again, so a later undo takes it back.
        """
        key = self.key(storyboard)
        row = self.connection.execute(
            "SELECT number FROM revisions WHERE storyboard = ? AND undone > 0"
            " AND number > (SELECT COALESCE(MAX(number), 0) FROM revisions WHERE storyboard = ? AND undone = 0)"
            " ORDER BY undone DESC, number LIMIT 1",
            (key, key),
        ).fetchone()
        if row is None:
            raise HistoryError(f"{key}: no undone revision to redo")
        return self._step(storyboard, next(r for r in self.revisions(storyboard) if r.number == row[0]), back=False)

    def _step(self, storyboard: Path, revision: Revision, *, back: bool) -> Revision:
        """Replace ``revision``'s text after it by the text before it (``back``), or the other way round,
        only while the file holds the one replaced; then mark it undone (the next in undo order) or in
        effect again."""
        old, new = (revision.after, revision.before) if back else (revision.before, revision.after)
        try:
            replace_file(storyboard, old, new)
        except FileChangedError:
            since, nothing = ("approved", "undone") if back else ("undone", "redone")
            raise HistoryError(
                f"{self.key(storyboard)} has changed since revision {revision.number} was {since}; nothing was {nothing}"
            ) from None
        # ``undone`` is 0 while a revision is in effect, else the order of its undo (1 for the first).
        undone = "(SELECT MAX(undone) + 1 FROM revisions)" if back else "0"
        with self.connection:
            self.connection.execute(f"UPDATE revisions SET undone = {undone} WHERE number = ?", (revision.number,))
        return revision

    def thread(self, storyboard: Path) -> str | None:
        """The chat thread last opened on ``storyboard``, if any."""
        row = self.connection.execute("SELECT thread FROM chats WHERE storyboard = ?", (self.key(storyboard),))
        found = row.fetchone()
        return found[0] if found else None

    def reject(self, thread: str, note: str, reason: str) -> None:
        """Record that the diff proposed for ``note`` on chat thread ``thread`` was rejected, and why."""
        at = datetime.now().isoformat(timespec="seconds")
        with self.connection:
            self.connection.execute(
                "INSERT INTO rejections (thread, at, note, reason) VALUES (?, ?, ?, ?)", (thread, at, note, reason)
            )

    def rejections(self, thread: str) -> list[Rejection]:
        """The rejections on chat thread ``thread``, oldest first."""
        rows = self.connection.execute(
            "SELECT note, reason, at FROM rejections WHERE thread = ? ORDER BY rowid", (thread,)
        )
        return [Rejection(*row) for row in rows]

    def set_thread(self, storyboard: Path, thread: str) -> None:
        """Remember ``thread`` as the chat thread last opened on ``storyboard``."""
        with self.connection:
            self.connection.execute(
                "INSERT INTO chats (storyboard, thread) VALUES (?, ?)"
                " ON CONFLICT(storyboard) DO UPDATE SET thread = excluded.thread",
                (self.key(storyboard), thread),
            )
