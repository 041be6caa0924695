"""What soracheck produces, as data: a lint's findings and input errors of each file and what they rest
on, and the revisions written to storyboards.

The report writers read these and nothing else of the linting; :mod:`soracheck.project` fills a
:class:`LintResult`, :mod:`soracheck.agents.history` records each :class:`Revision`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from soracheck.rules.base import Diagnostic, Severity
from soracheck.storyboard.documents import Document
from soracheck.storyboard.source import InputError, LineIndex

if TYPE_CHECKING:
    from soracheck.config import Config
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
    #: The configuration of each file whose renders were measured (by path): the report plots its thresholds.
    thresholds: dict[str, Config] = field(default_factory=dict)
    #: The codes of the rules that ran on each file (by path).
    ran: dict[str, frozenset[str]] = field(default_factory=dict)
    #: What the frame gate could not judge, and why (said beside the findings).
    not_judged: list[str] = field(default_factory=list)
    #: Findings dropped by suppressions, and by baselines.
    suppressed: int = 0
    baselined: int = 0
    #: Whether this is the gate's result (``check``, ``frames``): its JSON then says what was measured.
    gate: bool = False

    @property
    def measured(self) -> Measured | None:
        """What the frame gate measured and what it could not judge; ``None`` when no render was measured."""
        from soracheck.rules.registry import all_rules

        if not self.renders:
            return None
        frame_codes = {code for code, rule in all_rules().items() if rule.frames}
        found = [
            m
            for renders in self.renders.values()
            for m in (*renders.shots.values(), renders.stitched)
            if m and not m.part
        ]
        unreadable = sum(len(renders.unreadable) for renders in self.renders.values())
        frame_rules = {code for codes in self.ran.values() for code in codes} & frame_codes
        several = len(self.renders) > 1  # then each says whose it is
        not_judged = [
            *self.not_judged,
            *(
                f"{Path(path).name}: {why}" if several else why
                for path, renders in self.renders.items()
                for why in renders.not_judged
            ),
        ]
        unjudged = sum(d.code == "FR012" for d in self.diagnostics)
        if unjudged:
            not_judged.append(
                f"identity, where {unjudged} FR012 finding{'s' * (unjudged > 1)} say{'s' * (unjudged == 1)}"
            )
        return Measured(len(found), sum(m.cached for m in found), unreadable, len(frame_rules), not_judged)

    @property
    def failing(self) -> bool:
        """Whether any finding is at or above the ``fail-on`` of its file's configuration."""
        return any(d.severity >= self.fail_on.get(d.location.path, Severity.WARNING) for d in self.diagnostics)


@dataclass(frozen=True)
class Measured:
    """What the frame gate measured: renders, how many came from the cache or could not be read, the
    frame rules that ran, and what could not be judged (and why)."""

    renders: int
    cached: int
    unreadable: int
    rules: int
    not_judged: list[str]

    def as_dict(self) -> dict[str, int | list[str]]:
        """The summary as data (the JSON report's ``measured``)."""
        return asdict(self)

    def sentences(self) -> list[str]:
        """The summary in words: ``Measured 6 renders (6 from the cache); 16 frame rules ran.`` and what was not judged."""
        plural = "s" * (self.renders != 1)
        notes = [f"{self.cached} from the cache"] * bool(self.cached)
        notes += [f"{self.unreadable} unreadable"] * bool(self.unreadable)
        detail = f" ({', '.join(notes)})" if notes else ""
        said = [
            f"Measured {self.renders} render{plural}{detail}; {self.rules} frame rule{'s' * (self.rules != 1)} ran."
        ]
        return said + [f"Not judged: {why}." for why in self.not_judged]


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
