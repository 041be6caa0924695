"""One notes pipeline for ``soracheck NOTES.txt`` and ``soracheck chat``: interpret → apply → lint
(the graph), then write the storyboard atomically and record the revision in the project's history.

A :class:`Revise` is opened on one storyboard: it reads and validates the file, picks the
interpreter its configuration names, and proposes changes as graph states; :meth:`Revise.write`
replaces the storyboard only if it still holds the text the proposal read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soracheck.agents.consistency import CONSEQUENCES
from soracheck.agents.graph import AgentContext, State, build, outcome, start
from soracheck.agents.history import History
from soracheck.agents.interpret import Interpreter, Note, choose
from soracheck.agents.ops import EditPlan, traced
from soracheck.project import Project
from soracheck.results import Revision
from soracheck.rules.base import Severity
from soracheck.storyboard.edits import replace_file
from soracheck.storyboard.load import parse_storyboard, read_text


@dataclass
class Revise:
    """Revising one storyboard of a project with one interpreter; :attr:`history` records what is written."""

    project: Project
    board: Path
    #: How the storyboard is named in diffs and messages.
    shown: str
    interpreter: Interpreter

    @classmethod
    def open(cls, project: Project, board: Path, shown: str, *, offline: bool) -> Revise:
        """The pipeline on ``board``; an unreadable storyboard or configuration raises its input error."""
        parse_storyboard(read_text(board), shown)
        config, _ = project.config_for(board)
        return cls(project, board, shown, choose(config.agent, offline=offline))

    @functools.cached_property
    def history(self) -> History:
        """The project's revision history, opened on first use: a proposal alone writes nothing, not even it."""
        return History(self.project.root(self.board))

    def close(self) -> None:
        if "history" in self.__dict__:
            self.history.close()

    def read(self) -> str:
        """The storyboard's text as it is now, validated (a located input error if it no longer reads)."""
        text = read_text(self.board)
        parse_storyboard(text, str(self.board))
        return text

    def context(self, *, review: bool = False) -> AgentContext:
        """What the graph's nodes use: this interpreter, the project's linter; ``review`` pauses for a decision."""
        return AgentContext(self.interpreter, self.project.lint_text, review=review)

    def propose(self, notes: list[Note]) -> State:
        """Run ``notes`` through the graph once, straight through: the final state (nothing written)."""
        return build().invoke(start(str(self.board), self.read(), notes), context=self.context())

    def result(self, state: State) -> dict[str, Any]:
        """What the report writers show of a state: interpreter, storyboard, the diff and the findings delta."""
        plan = state.get("plan")
        return {
            "interpreter": self.interpreter.name,
            "storyboard": self.shown,
            "state": state,
            "read": traced(EditPlan.model_validate(plan)) if plan and not state.get("error") else [],
            **outcome(state, self.shown),
        }

    def write(self, state: State) -> Revision:
        """Replace the storyboard with the state's text (only if unchanged since it was read), and record it.

        Raises :class:`~soracheck.storyboard.edits.FileChangedError` or :class:`OSError`; nothing is
        recorded then.
        """
        replace_file(self.board, state["original"], state["text"])
        plan = state.get("plan") or {}
        notes = [n["text"] for n in state["notes"]]
        return self.history.record(
            self.board, notes, plan.get("rationale", ""), self.interpreter.name, state["original"], state["text"]
        )

    def failing(self, state: State) -> bool:
        """Whether the change leaves findings at or above the configuration's ``fail-on``.

        Renders to redo are the change's expected consequence, reported with it; they do not fail.
        """
        config, _ = self.project.config_for(self.board)
        threshold = Severity.named(config.fail_on)
        found = [f for f in state.get("after", []) if f["code"] not in CONSEQUENCES]
        return any(Severity.named(f["severity"]) >= threshold for f in found)
