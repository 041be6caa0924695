"""What soracheck produces, as data: a lint's findings and input errors of each file and what they rest
on, and the revisions written to storyboards.

The report writers read these and nothing else of the linting; :mod:`soracheck.project` fills a
:class:`LintResult`, :mod:`soracheck.agents.history` records each :class:`Revision`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from soracheck.rules.base import Diagnostic, Severity
from soracheck.storyboard.documents import Document
from soracheck.storyboard.source import InputError, LineIndex

if TYPE_CHECKING:
    from soracheck.rules.renders import Renders

#: Called while renders are measured: the render's name, its number and how many there are (from 1),
#: and the share of it done (0-1).
Progress = Callable[[str, int, int, float], None]


@dataclass
class LintResult:
    """Findings of the files that loaded, and the input errors of those that did not."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    sources: dict[str, LineIndex] = field(default_factory=dict)
    #: Each linted file's document, and its measured renders when frames were checked (by path).
    documents: dict[str, Document] = field(default_factory=dict)
    renders: dict[str, Renders] = field(default_factory=dict)
    #: The ``fail-on`` severity of each file's configuration (by path).
    fail_on: dict[str, Severity] = field(default_factory=dict)
    #: The codes of the rules that ran on each file (by path).
    ran: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Findings dropped by suppressions, and by baselines.
    suppressed: int = 0
    baselined: int = 0

    @property
    def failing(self) -> bool:
        """Whether any finding is at or above the ``fail-on`` of its file's configuration."""
        return any(d.severity >= self.fail_on.get(d.location.path, Severity.WARNING) for d in self.diagnostics)


@dataclass(frozen=True)
class Revision:
    """A change soracheck wrote to a storyboard, with the notes it came from."""

    number: int
    #: The storyboard's path relative to the project root.
    storyboard: str
    #: Local time of approval, ISO 8601 to the second.
    at: str
    notes: list[str]
    rationale: str
    interpreter: str
    before: str
    after: str
    undone: bool
