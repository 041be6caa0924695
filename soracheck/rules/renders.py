"""What the render rules share: the measured renders, the base class of the rules that judge them,
and where their findings point.

Frame (FR), brand (BR004) and provenance (PV) rules read :class:`Renders`; measuring them is the
project's work (``soracheck.metrics.measure``), done only when frames are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from soracheck.rules.base import Context, Diagnostic, Rule
from soracheck.storyboard.directives import transition_of
from soracheck.storyboard.model import Storyboard
from soracheck.storyboard.source import Span

if TYPE_CHECKING:
    from soracheck.metrics.credentials import Credentials
    from soracheck.metrics.faces import Face
    from soracheck.metrics.measure import Measurements


@dataclass(frozen=True)
class Photo:
    """A face in a still image: a character's reference image or a consent record's photograph."""

    #: The image's path, as the gate opened it.
    file: str
    face: Face


@dataclass
class Renders:
    """A storyboard's measured renders, as the frame rules see them."""

    #: Shot id → the measurements of its render (of its part, when a stitched cut is checked).
    shots: dict[str, Measurements] = field(default_factory=dict)
    #: Shot id → why its render could not be measured (missing, not a video).
    unreadable: dict[str, str] = field(default_factory=dict)
    #: Character key → the face in each of its reference images that shows one (the largest).
    references: dict[str, list[Photo]] = field(default_factory=dict)
    #: Cameo key → the face in each reference photograph of the person in the consent file.
    people: dict[str, list[Photo]] = field(default_factory=dict)
    #: Character key → the file of each of its reference images in which no face was found.
    faceless_references: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: Character key → (index in `references`, why) of each reference image that could not be read.
    unreadable_references: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: One render of the whole cut, when a stitched final cut is checked instead of shot renders.
    stitched: Measurements | None = None
    #: Shot id → the Content Credentials (C2PA) of its render file.
    credentials: dict[str, Credentials] = field(default_factory=dict)
    #: What could not be judged that no finding says (a consent photograph without a face).
    not_judged: list[str] = field(default_factory=list)


class FrameRule(Rule):
    """Base of the frame rules: they judge ``ctx.renders`` and find nothing when frames are not checked."""

    frames = True

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.renders is not None:
            yield from self.judge(board, ctx, ctx.renders)
            ctx.not_judged.extend(self.unjudged(board, ctx, ctx.renders))

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def unjudged(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[str]:
        """What the rule could not judge, and why, for the summary (nothing, unless a rule says)."""
        return iter(())


def continuity(ctx: Context, board: Storyboard, index: int) -> tuple[str, ...]:
    """Why shot ``index`` must continue the one before it: every directive that asks it (continue-shooting,
    match-move, lighting-lock, match-lighting), else ``same location``; none on the first shot, after a
    time-jump, or in a new place without a directive. Each reason is judged by its own rule."""
    if index == 0:
        return ()
    found = ctx.directives(index)
    transition = transition_of(found)
    if transition is not None and transition.kind == "time-jump":
        return ()
    names = {f.directive.name for f in found}
    if matched_shot(ctx, board, index) != index - 1:
        names.discard("match-lighting")  # it names another shot: judged against that one
    asked = tuple(n for n in ("continue-shooting", "match-move", "lighting-lock", "match-lighting") if n in names)
    if asked:
        return asked
    location = board.shots[index].location
    return ("same location",) if location and location == board.shots[index - 1].location else ()


def matched_shot(ctx: Context, board: Storyboard, index: int) -> int | None:
    """The index of the shot whose lighting shot ``index`` must match (`match-lighting: SHOT`), if any."""
    for f in ctx.directives(index):
        if f.directive.name == "match-lighting":
            ids = ctx.memo("shot indices", lambda: {s.id: i for i, s in reversed(list(enumerate(board.shots)))})
            if (found := ids.get(str(f.directive.value))) is not None:
                return found
    return None


def boundaries(
    ctx: Context, board: Storyboard, renders: Renders
) -> Iterator[tuple[int, Measurements, Measurements, tuple[str, ...]]]:
    """Each measured pair of consecutive shots where continuity is asked, with the reasons."""
    for index in range(1, len(board.shots)):
        before, after = (renders.shots.get(board.shots[i].id) for i in (index - 1, index))
        if before is not None and after is not None and (reasons := continuity(ctx, board, index)):
            yield index, before, after, reasons


def render_span(ctx: Context, board: Storyboard, index: int) -> Span:
    """The shot's ``render:`` line if it has one, else its ``id:`` line."""
    shot = board.shots[index]
    return ctx.locate(("shots", index, "render") if shot.render else ("shots", index, "id"))


def measured_shots(board: Storyboard, renders: Renders) -> Iterator[tuple[int, Measurements]]:
    """Each shot with a measured render: its index and measurements, in storyboard order."""
    for index, shot in enumerate(board.shots):
        if shot.id in renders.shots:
            yield index, renders.shots[shot.id]


def render_name(render: str) -> str:
    """A render's file name, as findings give it."""
    return render.rsplit("/", 1)[-1]


#: Seconds beyond `frames.duration-tolerance` that a cut of a stitched cut may fall from where the
#: storyboard's durations put it (a gradual transition is centred later than it starts).
CUT_SLACK = 0.5


def planned_starts(board: Storyboard) -> list[float] | None:
    """Where each shot starts in a cut of the storyboard's shots, by their durations, then where the
    last ends; ``None`` when a shot has no duration (or there is none).

    >>> from soracheck.storyboard.model import Shot
    >>> planned_starts(Storyboard(title="t", shots=[Shot(id="a", duration=4), Shot(id="b", duration=8)]))
    [0.0, 4.0, 12.0]
    """
    durations = [shot.duration for shot in board.shots]
    if not durations or any(d is None for d in durations):
        return None
    return [0.0, *accumulate(d or 0.0 for d in durations)]


def stitched_parts(board: Storyboard, m: Measurements, tolerance: float) -> dict[str, Measurements]:
    """Each shot's part of a stitched cut ``m``, by shot id, to be judged as its render.

    A shot starts where the durations before it add up to, or at the cut detected nearest that time
    within ``tolerance`` seconds (a cut a few frames early or late moves the shot with it). Nothing
    when a shot has no duration, or the cut is not as long as the shots (one was dropped or
    trimmed: FR010 says so): where each shot is in the cut is not known.
    """
    from soracheck.metrics.measure import part

    starts = planned_starts(board)
    if starts is None or abs(m.duration - starts[-1]) > tolerance:
        return {}
    cuts = [m.frame_time(t.frame) for t in m.transitions]
    for index in range(1, len(starts) - 1):
        near = [cut for cut in cuts if abs(cut - starts[index]) <= tolerance]
        if near:
            starts[index] = min(near, key=lambda cut: abs(cut - starts[index]))
    starts[-1] = max(starts[-1], m.duration)  # the last shot runs to the end of the cut
    parts = {}
    for shot, start, end in zip(board.shots, starts, starts[1:], strict=False):
        if start < m.duration:
            parts[shot.id] = part(m, start, end)
    return parts
