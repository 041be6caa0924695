"""Rules judge a storyboard: Rule, Diagnostic, Severity, Fix, the registry and selection.

A rule is one small class whose docstring is its documentation (``soracheck rule CODE``), in the
order: what it flags, ``## Why`` (the technique), ``## Example`` (a storyboard that triggers it)
and ``## Fix`` (the same storyboard, fixed). Tests run both examples through the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from soracheck.config import Config
from soracheck.storyboard.directives import Found, shot_directives
from soracheck.storyboard.documents import Document
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Consent, Storyboard
from soracheck.storyboard.prompt import compile_prompt
from soracheck.storyboard.source import Location, NodePath, StoryboardError

if TYPE_CHECKING:
    from soracheck.rules.frames import Renders

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
    def replacing(cls, at: Location, replacement: str, message: str | None = None) -> Fix:
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


@dataclass(frozen=True)
class Diagnostic:
    """One finding: what, where, about which shot or character, and how to fix it."""

    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
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

    def locate_directive(self, found: Found) -> Location:
        """Where a directive is written: inside a text, or the whole list entry or field."""
        return self.locate_text(found.path, found.directive.text) if found.inline else self.locate(found.path)

    def directives(self, index: int) -> list[Found]:
        """Every directive of the shot at ``index`` (its list, transition and inline ones)."""
        return self.memo(("directives", index), lambda: list(shot_directives(self.document.board, index)))

    def locate(self, node: NodePath, *, key: bool = False) -> Location:
        return self.document.source.locate(node, key=key)

    def locate_text(self, node: NodePath, needle: str) -> Location:
        return self.document.source.locate_text(node, needle)

    def locate_span(self, node: NodePath, text: str, start: int, end: int) -> Location:
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

    def report(
        self,
        message: str,
        at: Location,
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


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code, in code order."""
    from soracheck.rules import (  # noqa: F401 - importing registers them
        brand,
        consent,
        continuity,
        craft,
        frames,
        provenance,
        suppression,
        timing,
    )

    return dict(sorted(Rule.registry.items()))


def matches(selector: str, code: str, name: str) -> bool:
    """ruff's habits: ``ALL``, a full code, a code prefix (``CT``, ``CT0``) or the rule's name."""
    selector = selector.strip()
    if not selector:
        return False
    return selector.upper() == "ALL" or code.startswith(selector.upper()) or selector.lower() == name


def known_selector(selector: str) -> bool:
    """Whether ``selector`` names at least one rule."""
    return any(matches(selector, rule.code, rule.name) for rule in all_rules().values())


def select_rules(config: Config) -> list[Rule]:
    """The rules the configuration selects, with severity overrides applied."""
    rules = all_rules()
    problems = []
    for key in ("select", "extend_select", "ignore"):
        for index, selector in enumerate(getattr(config, key)):
            if not known_selector(selector):
                problems.append((config.locate((key.replace("_", "-"), index)), f"unknown rule selector {selector!r}"))
    overrides: dict[str, Severity] = {}
    for selector, severity in config.severity.items():
        hits = [rule for rule in rules.values() if matches(selector, rule.code, rule.name)]
        if not hits:
            problems.append((config.locate(("severity", selector)), f"unknown rule selector {selector!r}"))
        overrides.update({rule.code: Severity.named(severity) for rule in hits})
    if problems:
        raise StoryboardError(problems)
    chosen = []
    for code, rule in rules.items():
        selected = any(matches(s, code, rule.name) for s in [*config.select, *config.extend_select])
        if selected and not any(matches(s, code, rule.name) for s in config.ignore):
            instance = rule()
            if code in overrides:
                instance.severity = overrides[code]
            chosen.append(instance)
    return chosen


def run_rules(board: Storyboard, ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every finding of ``rules`` on ``board`` that no suppression drops, in file order.

    The rules that judge suppressions (``late``) run last, once the others' findings are filtered.
    """
    from soracheck.rules.suppression import suppress

    rules = list(rules)
    ctx.ran = frozenset(rule.code for rule in rules if ctx.renders is not None or not rule.frames)
    found = [diagnostic for rule in rules if not rule.late for diagnostic in rule.check(board, ctx)]
    found = suppress(found, ctx)
    found += [diagnostic for rule in rules if rule.late for diagnostic in rule.check(board, ctx)]
    return sorted(found, key=Diagnostic.sort_key)
