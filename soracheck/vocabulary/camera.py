"""Camera moves, what motivates them, and the camera grammar: one table of canonical moves and their phrasings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from soracheck.vocabulary.phrases import any_phrase

#: Words that give a camera move an operator, a relationship or a reason (camera-as-character).
CAMERA_MOTIVES = (
    "as",
    "as if",
    "like",
    "when",
    "while",
    "because",
    "to show",
    "to reveal",
    "to follow",
    "to catch",
    "to keep",
    "to find",
    "to showcase",
    "reveal",
    "revealing",
    "follow",
    "following",
    "with her",
    "with him",
    "with them",
    "operator",
    "friend",
    "crew",
    "documentary",
    "observer",
    "handheld",
    "hand-held",
    "phone",
    "security",
    "drone",
    "steadicam",
    "shoulder-mounted",
    "pov",
    "point of view",
    "reacts",
    "reacting",
    "predator",
    "witness",
    "viewer",
    "transition",
)


def camera_motive(text: str) -> re.Match[str] | None:
    return any_phrase(text, CAMERA_MOTIVES)


# A house style allows some moves and not others (``[brand] camera-moves``); directors write one
# move many ways ("pushes in", "dolly in", "slow push-in"), so each canonical move lists the
# phrasings that mean it. Longer phrasings win over the words inside them: a "dolly zoom" is not a
# dolly plus a zoom, and a "whip pan" is not a pan.

_ED = r"(?:s|es|ed|ing|ning|ned)?"

#: Canonical move → regular expressions of its phrasings, most specific first.
MOVES: dict[str, tuple[str, ...]] = {
    "dolly-zoom": (r"dolly[\s-]?zoom", r"zolly", r"vertigo (?:effect|shot)"),
    "whip-pan": (rf"(?:whip|swish)[\s-]?pan{_ED}",),
    "crash-zoom": (rf"(?:crash|snap)[\s-]?zoom{_ED}",),
    "dutch": (
        r"dutch (?:angle|tilt)",
        r"canted (?:angle|frame)",
        r"tilted\s+(?:at\s+|by\s+)?(?:\d+|a\s+few|several)(?:\s*°|[\s-]*degrees?)",
    ),
    "static": (r"static", r"locked[\s-]?off", r"lock[\s-]?off", r"tripod", r"fixed (?:camera|frame)"),
    "handheld": (r"hand[\s-]?held", r"shoulder[\s-]?(?:mounted|rig)"),
    "steadicam": (r"steadicam", r"gimbal"),
    "drone": (r"drone", r"aerial", r"fpv"),
    "orbit": (rf"orbit{_ED}", rf"arc{_ED}(?: (?:around|round))?", r"circles? (?:around|round)", r"circl(?:es|ed|ing)"),
    "crane": (rf"crane{_ED}", rf"jib{_ED}", rf"boom{_ED} (?:up|down)", r"pedestal"),
    "dolly": (
        r"doll(?:y|ies|ied|ying)(?:[\s-]?(?:in|out))?",
        rf"push{_ED}[\s-]?in",
        r"push(?:es|ed|ing)",
        rf"pull{_ED}[\s-]?(?:back|out)",
        rf"track{_ED} (?:in|out)",
    ),
    "truck": (rf"truck{_ED}", rf"crab{_ED}", r"lateral track(?:ing)?"),
    "follow": (rf"follow{_ED}", r"tracking", rf"track{_ED}"),
    "pan": (rf"pan{_ED}",),
    "tilt": (rf"tilt{_ED}",),
    "zoom": (rf"zoom{_ED}",),
    "roll": (r"barrel[\s-]?roll", rf"roll{_ED}"),
}

_PATTERN = re.compile(
    "|".join(f"(?P<{name.replace('-', '_')}>(?<!\\w)(?:{'|'.join(forms)})(?!\\w))" for name, forms in MOVES.items()),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Move:
    """A camera move named in a text: its canonical name and where its phrasing is."""

    name: str
    start: int
    end: int


def camera_moves(text: str) -> Iterator[Move]:
    """Every camera move ``text`` names, in order (whole words only)."""
    for match in _PATTERN.finditer(text):
        yield Move(str(match.lastgroup).replace("_", "-"), *match.span())


#: Canonical moves that do not move the frame: how the camera is held, a frame locked off or tilted.
HELD = frozenset({"static", "handheld", "steadicam", "drone", "dutch"})
#: Verbs of movement that name no particular move ("the camera drifts closer").
MOTION_VERBS = ("moves", "moving", "move", "glides", "sweeps", "swoops", "drifts", "rises", "descends")
#: Phrasings of every move that moves the frame, as one alternation (for the notes grammar).
MOVING = "|".join(form for name, forms in MOVES.items() if name not in HELD for form in forms)
#: Words that set how fast or how gently a camera moves ("slower push-in").
SPEEDS = r"slower|faster|slow|fast|quicker|quick|gentler|gentle|smoother|smooth|subtler|subtle|steadier|steady"


def move_of(phrase: str) -> str | None:
    """The canonical move a phrasing names (``"pushes in"`` → ``"dolly"``), or None."""
    found = next(camera_moves(phrase), None)
    return found.name if found else None


def camera_move(text: str) -> Move | None:
    """The first movement of the camera ``text`` names: a moving move of :data:`MOVES`, or a motion verb."""
    moving = next((move for move in camera_moves(text) if move.name not in HELD), None)
    verb = any_phrase(text, MOTION_VERBS)
    if verb is not None and (moving is None or verb.start() < moving.start):
        return Move("move", verb.start(), verb.end())
    return moving


#: Moves that are one kind of movement: a follow and a lateral track both travel with the subject, a whip
#: pan is a pan and a crash zoom a zoom, only faster.
_KINDS = {"follow": "tracking", "truck": "tracking", "whip-pan": "pan", "crash-zoom": "zoom"}


def move_kind(move: str) -> str:
    """The kind of movement a canonical move is (``"truck"`` → ``"tracking"``), to compare two moves."""
    return _KINDS.get(move, move)
