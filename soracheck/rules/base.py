"""The value types of judging a storyboard: Rule, Context, Diagnostic, Severity, Fix, Evidence.

A rule is one small class whose docstring is its documentation (``soracheck rule CODE``), in the
order: what it flags, ``## Why`` (the technique), ``## Example`` (a storyboard that triggers it)
and ``## Fix`` (the same storyboard, fixed). Tests run both examples through the rule. The
catalogue, selection and running live in :mod:`soracheck.rules.registry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from soracheck.config import Config
from soracheck.storyboard.directives import Found, shot_directives
from soracheck.storyboard.documents import Document
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Consent, Storyboard
from soracheck.storyboard.prompt import compile_prompt
from soracheck.storyboard.source import NodePath, Span

if TYPE_CHECKING:
    from soracheck.rules.renders import Renders

T = TypeVar("T")


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str) -> Severity:
        return cls[name.upper()]


class Applicability(Enum):
    """How safe a fix is to apply without reading it: ruff's three levels."""

    SAFE = "safe"  # cannot change what the shot means
    UNSAFE = "unsafe"  # probably right, but a person should look
    DISPLAY_ONLY = "display-only"  # advice; no edit is applied


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...] = ()
    applicability: Applicability = Applicability.DISPLAY_ONLY

    @classmethod
    def replacing(cls, at: Span, replacement: str, message: str | None = None) -> Fix:
        """An unsafe fix writing ``replacement`` over the text at ``at`` (advice only when ``at`` has no span)."""
        message = message or f"replace with {replacement!r}"
        if at.start is None or at.end is None:
            return cls(message)
        return cls(message, (Edit(at.start, at.end, replacement),), Applicability.UNSAFE)


@dataclass(frozen=True)
class Still:
    """A frame a finding shows: the render, the time in it, and what it is (``"end of cup"``)."""

    render: str
    time: float
    label: str
    #: The face shown, as its box (row, column, height, width) in the faces measured at ``time``, or
    #: in the photograph ``render`` when that is a still image (a reference).
    face: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Evidence:
    """What a frame finding rests on: the render and time, the value measured against its threshold."""

    render: str
    time: float | None
    value: float
    threshold: float
    #: The frames concerned, shown side by side in the saved image.
    stills: tuple[Still, ...] = ()
    #: Where that image was saved, once it is.
    image: str | None = None
    #: What the value and threshold are measured in (``LUFS``, ``dBTP``, ``s``), when a unit says more.
    unit: str = ""


@dataclass(frozen=True)
class Diagnostic:
    """One finding: what, where, about which shot or character, and how to fix it."""

    code: str
    rule: str
    severity: Severity
    message: str
    location: Span
    shot: str | None = None
    character: str | None = None
    fix: Fix | None = None
    evidence: Evidence | None = None

    def fixable(self, *, unsafe: bool) -> bool:
        """Whether ``--fix`` applies this finding's fix (with ``--unsafe-fixes`` when ``unsafe``)."""
        if self.fix is None or not self.fix.edits:
            return False
        return self.fix.applicability is Applicability.SAFE or (
            unsafe and self.fix.applicability is Applicability.UNSAFE
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)


@dataclass
class Context:
    """What a rule may consult besides the storyboard: where it is written, configuration, consent."""

    document: Document
    config: Config = field(default_factory=Config)
    consent: Consent = field(default_factory=dict)
    consent_path: str | None = None
    #: The measured renders, for the frame rules (``None``: frames are not checked).
    renders: Renders | None = None
    #: The date consent is judged at (``--date``; today by default).
    date: dt.date = field(default_factory=dt.date.today)
    #: The codes of the rules that ran on the file (selected, and able to judge it), once they have.
    ran: frozenset[str] = frozenset()
    #: How many findings suppressions dropped, once they have.
    suppressed: int = 0
    #: What the frame rules could not judge, and why (said in the summary), once they have run.
    not_judged: list[str] = field(default_factory=list)
    #: Every rule soracheck has, code → name, for judging what a suppression names (filled in by
    #: :func:`soracheck.rules.registry.run_rules`).
    catalogue: dict[str, str] = field(default_factory=dict)
    #: Results several rules need (a shot's directives, its compiled prompt), computed once per file.
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def prompt(self, index: int) -> str:
        """The compiled prompt of the shot at ``index``."""
        board = self.document.board
        return self.memo(("prompt", index), lambda: compile_prompt(board, board.shots[index]))

    def locate_directive(self, found: Found) -> Span:
        """Where a directive is written: inside a text, or the whole list entry or field."""
        return self.locate_text(found.path, found.directive.text) if found.inline else self.locate(found.path)

    def directives(self, index: int) -> list[Found]:
        """Every directive of the shot at ``index`` (its list, transition and inline ones)."""
        return self.memo(("directives", index), lambda: list(shot_directives(self.document.board, index)))

    def locate(self, node: NodePath, *, key: bool = False) -> Span:
        return self.document.source.locate(node, key=key)

    def locate_text(self, node: NodePath, needle: str) -> Span:
        return self.document.source.locate_text(node, needle)

    def locate_span(self, node: NodePath, text: str, start: int, end: int) -> Span:
        """Where ``text[start:end]`` of the text value at ``node`` is written in the file."""
        needle = text[start:end]
        return self.document.source.locate_text(node, needle, text.count(needle, 0, start))


class Rule:
    """Base class: subclasses with a ``code`` register themselves."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    #: Whether the rule judges measured renders (and so runs only when frames are checked).
    frames: ClassVar[bool] = False
    #: Whether the rule judges the suppressions, after the other rules' findings were filtered by them.
    late: ClassVar[bool] = False

    registry: ClassVar[dict[str, type[Rule]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in Rule.registry:
                raise TypeError(f"rule code {cls.code} is used twice")
            Rule.registry[cls.code] = cls

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        raise NotImplementedError

    @classmethod
    def default_severity(cls, config: Config) -> Severity:
        """The severity of the rule's findings under ``config`` unless ``[severity]`` overrides it."""
        return cls.severity

    def report(
        self,
        message: str,
        at: Span,
        *,
        shot: str | None = None,
        character: str | None = None,
        fix: Fix | None = None,
        evidence: Evidence | None = None,
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, message, at, shot, character, fix, evidence)

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first paragraph: what the rule flags."""
        return cls.documentation().split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def description(cls) -> str:
        """What the rule flags, and why: the documentation before its example."""
        return cls.documentation().split("\n## Example", 1)[0].strip()


def matches(selector: str, code: str, name: str) -> bool:
    """ruff's habits: ``ALL``, a full code, a code prefix (``CT``, ``CT0``) or the rule's name."""
    selector = selector.strip()
    if not selector:
        return False
    return selector.upper() == "ALL" or code.startswith(selector.upper()) or selector.lower() == name
