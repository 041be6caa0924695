"""The field guide's directive grammar: ``<<name>>`` and ``<<name: argument>>``.

Directives appear inline in any free text of a shot and, without brackets, in a shot's
``directives:`` list; a shot's ``transition:`` is the argument of a ``transition`` directive.
Parsing never fails: a directive with an unknown name or a malformed argument is returned with
``name=None`` or an ``error``, so that rules can report it with its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import NodePath


class Argument(Enum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class Spec:
    """A known directive: its canonical name, argument, aliases and meaning."""

    name: str
    argument: Argument
    summary: str
    aliases: tuple[str, ...] = ()


SPECS: tuple[Spec, ...] = (
    Spec(
        "continue-shooting",
        Argument.NONE,
        "the shot continues the previous one mid-action, with no recap",
        ("no-recap", "mid-scene-entry", "action-continues", "same-timeline", "continue-shot"),
    ),
    Spec("match-move", Argument.NONE, "camera and character movement carry across the cut"),
    Spec("lighting-lock", Argument.REQUIRED, "keep a named lighting signature, or `current` for the last frame's"),
    Spec("match-lighting", Argument.OPTIONAL, "match the lighting of the previous shot (or of the one named)"),
    Spec("style-override", Argument.REQUIRED, "render in this style despite a character's origin style (unstable)"),
    Spec("identity-lock", Argument.OPTIONAL, "reinforce the identity anchors of the characters (or of the one named)"),
    Spec(
        "transition", Argument.REQUIRED, "how the cut into this shot happens: match-cut, whip-pan, seamless, time-jump"
    ),
    Spec("avoid", Argument.REQUIRED, "negative constraints, as a comma list"),
    Spec(
        "wardrobe-change",
        Argument.REQUIRED,
        "a character's wardrobe changes here on purpose: what this shot says they wear holds from here on",
    ),
)

#: Every accepted spelling → its spec.
NAMES: dict[str, Spec] = {name: spec for spec in SPECS for name in (spec.name, *spec.aliases)}
#: Directives that assert the shot continues the previous one.
CONTINUATIONS = frozenset({"continue-shooting", "match-move"})
TRANSITIONS = ("cut", "match-cut", "whip-pan", "seamless", "time-jump", "dissolve", "fade")

_INLINE = re.compile(r"<<(?=\s*[A-Za-z])(?P<body>[^<>\n]*)>>")
_OPEN = re.compile(r"<<(?=\s*[A-Za-z])(?P<body>[^<>\n]*)$", re.MULTILINE)
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_DURATION = re.compile(
    r"^(?P<n>\d+(?:\.\d+)?)[\s-]*(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|years?)"
    r"(?:[\s-]*(?:later|after|on))?$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "mo": 2629800, "y": 31557600}


@dataclass(frozen=True)
class Transition:
    """A parsed transition: its kind and, for a time jump, how much time passes."""

    kind: str
    duration: str | None = None
    seconds: float | None = None


Value = Transition | tuple[str, ...] | str | None


@dataclass(frozen=True)
class Directive:
    """One directive as found in a text: name (canonical, or ``None`` if unknown), typed value, span."""

    written: str
    name: str | None
    argument: str | None
    value: Value
    start: int
    end: int
    text: str
    error: str | None = None

    @property
    def continuation(self) -> bool:
        return self.name in CONTINUATIONS


def parse_directives(text: str) -> list[Directive]:
    """All ``<<…>>`` directives in a free text, including unterminated ones, in order."""
    found = [_parse_body(m.group("body"), m.start(), m.end(), m.group(0)) for m in _INLINE.finditer(text)]
    covered = [(d.start, d.end) for d in found]
    for match in _OPEN.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            directive = _parse_body(match.group("body"), match.start(), match.end(), match.group(0))
            found.append(_with_error(directive, "unterminated directive: missing '>>'"))
    return sorted(found, key=lambda d: d.start)


def parse_entry(entry: str) -> Directive:
    """A directive written without brackets, as in a shot's ``directives:`` list."""
    body = entry.strip()
    if body.startswith("<<") and body.endswith(">>"):
        body = body[2:-2]
    return _parse_body(body, 0, len(entry), entry)


def _parse_body(body: str, start: int, end: int, text: str) -> Directive:
    written, colon, argument = body.partition(":")
    written = written.strip()
    argument_or_none = argument.strip() if colon else None
    spec = NAMES.get(written.lower())
    if spec is None:
        error = None if _NAME.match(written) else f"not a directive name: {written!r}"
        return Directive(written, None, argument_or_none, None, start, end, text, error)
    value, error = _value(spec, argument_or_none)
    return Directive(written, spec.name, argument_or_none, value, start, end, text, error)


def _value(spec: Spec, argument: str | None) -> tuple[Value, str | None]:
    if not argument:
        if spec.argument is Argument.REQUIRED:
            return None, f"<<{spec.name}>> needs an argument: <<{spec.name}: …>>"
        return None, None
    if spec.argument is Argument.NONE:
        return None, f"<<{spec.name}>> takes no argument"
    if spec.name == "transition":
        return parse_transition(argument)
    if spec.name == "avoid":
        tags = tuple(tag for tag in (t.strip().lower() for t in argument.split(",")) if tag)
        return tags, None if tags else "<<avoid: …>> lists no tag"
    if spec.name == "lighting-lock":
        return normalise_signature(argument), None
    return argument, None


def parse_transition(argument: str) -> tuple[Transition | None, str | None]:
    """``match-cut``, ``whip-pan``, ``time-jump: 30-minutes-later`` … → :class:`Transition`."""
    kind, _, duration = argument.partition(":")
    kind = kind.strip().lower()
    duration = duration.strip() or None
    if kind not in TRANSITIONS:
        return None, f"unknown transition {kind!r}; expected one of: {', '.join(TRANSITIONS)}"
    if duration and kind != "time-jump":
        return None, f"only a time-jump takes a duration, not {kind}"
    return Transition(kind, duration, parse_duration(duration) if duration else None), None


def parse_duration(text: str) -> float | None:
    """Seconds in a duration like ``30-minutes-later``, ``2h`` or ``10 seconds``; ``None`` if unreadable."""
    match = _DURATION.match(text.strip())
    if not match:
        return None
    unit = match.group("unit").lower()
    key = "mo" if unit.startswith("mo") else unit[0]
    return float(match.group("n")) * _UNIT_SECONDS[key]


def normalise_signature(signature: str) -> str:
    """A lighting signature as a comparable slug: ``Tungsten Amber window 45°`` → ``tungsten-amber-window-45``."""
    slug = re.sub(r"[^a-z0-9]+", "-", signature.lower().replace("°", ""))
    return slug.strip("-")


def _with_error(directive: Directive, error: str) -> Directive:
    return Directive(**{**directive.__dict__, "error": error})


@dataclass(frozen=True)
class Found:
    """A directive with the path of the shot value it was written in (relative to the storyboard)."""

    path: NodePath
    directive: Directive
    inline: bool


def shot_directives(board: Storyboard, index: int) -> Iterator[Found]:
    """Every directive of the shot at ``index``: its list, its transition, and inline ones in its text."""
    shot: Shot = board.shots[index]
    base: NodePath = ("shots", index)
    for i, entry in enumerate(shot.directives):
        yield Found((*base, "directives", i), parse_entry(entry), inline=False)
    if shot.transition:
        value, error = parse_transition(shot.transition)
        directive = Directive(
            "transition", "transition", shot.transition, value, 0, len(shot.transition), shot.transition, error
        )
        yield Found((*base, "transition"), directive, inline=False)
    for path, text in shot.texts():
        for directive in parse_directives(text):
            yield Found((*base, *path), directive, inline=True)


def continuation_of(found: Iterable[Found]) -> Found | None:
    """The first continuation directive among a shot's directives, if it has one."""
    return next((f for f in found if f.directive.continuation), None)


def transition_of(found: Iterable[Found]) -> Transition | None:
    """The transition into a shot, from its directives (its ``transition:`` field or an inline one)."""
    for f in found:
        if f.directive.name == "transition" and isinstance(f.directive.value, Transition):
            return f.directive.value
    return None
