"""Approved revisions of a project's storyboards, kept in ``.soracheck/soracheck.sqlite``.

Every change soracheck writes to a storyboard (an approval in ``soracheck chat``, or
``soracheck NOTES.txt --write``) is recorded with its notes, the plan's rationale, the interpreter
that read them and the text before and after. ``soracheck log`` lists the revisions; ``soracheck
undo`` puts back the text before the last one, but only while the file still holds the text that
revision wrote. The same database holds the chat sessions' LangGraph checkpoints.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

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
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS chats (
    storyboard TEXT PRIMARY KEY,
    thread TEXT NOT NULL
);
"""


class HistoryError(RuntimeError):
    """Nothing to undo, or the storyboard changed since the revision to undo."""


class History:
    """The revision log and chat threads of the project rooted at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        folder = state_folder(self.root)
        #: Shared with the chat's LangGraph checkpointer.
        self.connection = sqlite3.connect(folder / "soracheck.sqlite", check_same_thread=False)
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
        last = live[-1]
        try:
            replace_file(storyboard, last.after, last.before)
        except FileChangedError:
            raise HistoryError(
                f"{self.key(storyboard)} has changed since revision {last.number} was approved; nothing was undone"
            ) from None
        with self.connection:
            self.connection.execute("UPDATE revisions SET undone = 1 WHERE number = ?", (last.number,))
        return last

    def thread(self, storyboard: Path) -> str | None:
        """The chat thread last opened on ``storyboard``, if any."""
        row = self.connection.execute("SELECT thread FROM chats WHERE storyboard = ?", (self.key(storyboard),))
        found = row.fetchone()
        return found[0] if found else None

    def set_thread(self, storyboard: Path, thread: str) -> None:
        with self.connection:
            self.connection.execute(
                "INSERT INTO chats (storyboard, thread) VALUES (?, ?)"
                " ON CONFLICT(storyboard) DO UPDATE SET thread = excluded.thread",
                (self.key(storyboard), thread),
            )
