"""Frames (FR): the rendered shots judged against the storyboard's intent.

The metrics measure each render once (``soracheck.metrics.measure``); these rules read the
measurements with the storyboard beside them. Continuity is asked where the storyboard asks for it:
a continuation or a match-move, a lighting lock, two shots in one location — never across a
time-jump. Every finding points at the shot's line and carries its evidence: the render, the time,
the value measured and the threshold it broke, and the frames concerned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from math import hypot
from statistics import median
from typing import TYPE_CHECKING

from soracheck.rules.base import Context, Diagnostic, Evidence, Severity, Still
from soracheck.rules.renders import (
    CUT_SLACK,
    FrameRule,
    Renders,
    boundaries,
    matched_shot,
    measured_shots,
    planned_starts,
    render_name,
    render_span,
)
from soracheck.storyboard.directives import transition_of
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.vocabulary.lighting import CHANGES, FOCUS

if TYPE_CHECKING:
    # numpy and the metrics (scikit-image, PyAV) load only where frames are checked, so that
    # ``soracheck lint`` stays light; the measurements the rules read are numpy arrays.
    import numpy as np

    from soracheck.metrics.faces import Face
    from soracheck.metrics.measure import Measurements


class RenderUnreadable(FrameRule):
    """Flags a shot whose render is missing, cannot be decoded, or is damaged or cut short.

    A damaged render still has its readable frames measured, and the other renders are checked all
    the same; the finding says where the damage is.

    ## Why
    A render that does not play to its end will not survive the edit, and everything measured on
    it is measured on less than the shot.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # the file is cut off at 7 s
    ```

    ## Fix
    Render the shot again, or point `render.file` at the complete file.
    """

    code = "FR001"
    name = "render-unreadable"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            if shot.id in renders.unreadable:
                yield self.report(renders.unreadable[shot.id], render_span(ctx, board, index), shot=shot.id)
        for index, m in measured_shots(board, renders):
            if m.problems:
                time, message = m.problems[0]
                extra = len(m.problems) - 1
                more = f" (and {extra} more problem{'s' * (extra > 1)})" if extra else ""
                where = f" at {time:.2f} s" if time is not None else ""
                evidence = Evidence(m.render, time, len(m.problems), 0)
                yield self.report(
                    f"render {render_name(m.render)} is damaged{where}: {message}{more}",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=evidence,
                )


class ReferenceUnreadable(FrameRule):
    """Flags a character's reference image that is missing or cannot be decoded.

    The gate goes on without it: the character's identity is judged against the references that
    could be read, or, with none, against the first shot that shows the face — and the finding
    says so.

    ## Why
    A reference image is what identity is measured against; without it the identity check is
    weaker than the storyboard promises, and the renders made with it attached cannot be
    reproduced.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, references: [references/maya.png]}   # the file was moved
    shots:
      - {id: enter, duration: 12, cast: [maya], render: {file: renders/enter.mp4}}
    ```

    ## Fix
    Restore the image, or point `references` at where it is now.
    """

    code = "FR011"
    name = "reference-unreadable"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for key, unread in renders.unreadable_references.items():
            instead = (
                "the other reference images" if renders.references.get(key) else "the first shot that shows the face"
            )
            for index, why in unread:
                yield self.report(
                    f"{why}; {key}'s identity is judged against {instead} instead",
                    ctx.locate(("characters", key, "references", index)),
                    character=key,
                )


class RenderDuration(FrameRule):
    """Flags a render whose length differs from its shot's `duration` by more than `frames.duration-tolerance`.

    The length of a stitched final cut, and so of its shots, is FR010's to judge.

    ## Why
    Beats, cues and the edit are timed on the storyboard's durations: a render that runs short
    drops its last beat, one that runs long holds on "waiting" frames.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # the render lasts 8 s
    ```

    ## Fix
    Render at the storyboard's duration, or change `duration` to what the shot needs.
    """

    code = "FR002"
    name = "render-duration"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        tolerance = ctx.config.frames.duration_tolerance
        for index, m in measured_shots(board, renders):
            wanted = board.shots[index].duration
            if wanted is not None and abs(m.duration - wanted) > tolerance and not m.part:  # a cut's: FR010
                yield self.report(
                    f"render {render_name(m.render)} lasts {m.duration:.2f} s; the shot is {wanted:g} s",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, m.duration, m.duration, tolerance),
                )


class UnintendedCut(FrameRule):
    """Flags a cut, fade or dissolve inside the render of a single shot.

    In a stitched final cut, a cut inside a shot is FR010's to report.

    ## Why
    A shot is one continuous take. A model that cuts inside a shot has made two shots, and the
    second one is not in the storyboard: the edit, the beats and the continuity of the next shot
    all assume it does not happen.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # it cuts to another angle at 5 s
    ```

    ## Fix
    Render the shot again, or split it into two shots with the cut between them.
    """

    code = "FR003"
    name = "unintended-cut"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.cuts import DetectorSettings

        detector = DetectorSettings()
        # what decided each kind: a cut's step (at least), a fade's darkest mean (at most), a dissolve's change
        gate = {"cut": detector.cut_delta, "fade": detector.black_mean, "dissolve": detector.dissolve_delta}
        for index, m in measured_shots(board, renders):
            if m.part:
                continue  # the cuts of a stitched cut are FR010's
            for t in m.transitions:
                time = m.frame_time(t.frame)
                stills = (
                    Still(m.render, m.frame_time(max(0, t.start - 1)), "before"),
                    Still(m.render, m.frame_time(min(m.frames - 1, t.end + 1)), "after"),
                )
                yield self.report(
                    f"render {render_name(m.render)} has a {t.kind} at {time:.2f} s (frame {t.frame}): a shot is one take",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, time, t.strength, gate[t.kind], stills),
                )


@dataclass(frozen=True)
class Identity:
    """How a character's face was judged in one shot."""

    shot: int
    character: str
    #: The median similarity of the faces given to them, or ``None`` when they could not be judged.
    score: float | None
    #: The frame whose face is least like them, or why they were not judged.
    time: float = 0.0
    why: str = ""
    #: What the faces were compared with: ``reference images`` or ``first appearance in SHOT``.
    against: str = ""
    #: The similarity of the face given to them in each frame, as (time, similarity).
    scores: tuple[tuple[float, float], ...] = ()
    #: The face least like them (at ``time``), and the known face it is most like.
    face: Still | None = None
    like: Still | None = None


#: A face a character is known by, and the still that shows it.
_Known = tuple["Face", Still]


def identities(board: Storyboard, renders: Renders) -> Iterator[Identity]:
    """How each cast member's face is judged in each measured shot, in storyboard order.

    In each frame whose faces were described, the largest faces (as many as the shot has cast) are
    given to the cast members they are most like, the most alike pair first, one face to one
    character; in a shot of several, only frames that show as many faces as the cast count (with
    someone off screen, whose face is missing is not known). A character is judged where faces
    were given to them in at least two frames: a lone detection may be a pattern the detector took
    for a face. A character without references is
    compared with the faces of the first shot that shows them alone on screen.
    """
    from soracheck.metrics.faces import similarity

    def nearest(face: Face, known: list[_Known]) -> tuple[float, Still | None]:
        return max(((similarity(face, f), still) for f, still in known), key=lambda found: found[0], default=(0, None))

    first_seen: dict[str, tuple[list[_Known], str]] = {}
    for index, m in measured_shots(board, renders):
        shot = board.shots[index]
        if not shot.cast:
            continue
        known: dict[str, tuple[list[_Known], str]] = {}
        for key in shot.cast:
            if renders.references.get(key):
                photos = [
                    (p.face, Still(p.file, 0.0, f"{key}'s reference", p.face.box)) for p in renders.references[key]
                ]
                known[key] = (photos, "reference images")
            elif key in first_seen:
                known[key] = first_seen[key]
        given: dict[str, list[tuple[float, float, Face]]] = {key: [] for key in shot.cast}
        alone = len(shot.cast) == 1 and shot.cast[0] not in known
        short = 0  # frames of a shot of several with fewer faces than cast members
        for sample in m.faces:
            candidates = sample.faces[: len(shot.cast)]
            if len(shot.cast) > 1 and len(candidates) < len(shot.cast):
                short += 1
                continue  # someone is off screen: whose face is missing is not known
            if alone:
                if candidates:
                    given[shot.cast[0]].append((1.0, sample.time, candidates[0]))
                continue
            pairs = sorted(
                ((nearest(face, known[key][0])[0], n, key) for n, face in enumerate(candidates) for key in known),
                key=lambda pair: pair[0],
                reverse=True,
            )
            taken: set[object] = set()
            for score, n, key in pairs:
                if n not in taken and key not in taken:
                    taken |= {n, key}
                    given[key].append((score, sample.time, candidates[n]))
        described = len(m.faces)
        for key in shot.cast:
            scores = given[key]
            if len(scores) < 2 and (alone or key in known):
                seen = (
                    f"a face in {len(scores)} of {described} frames" if scores else f"no face in its {described} frames"
                )
                if short:
                    seen = f"fewer faces than its {len(shot.cast)} cast members in {short} of {described} frames"
                yield Identity(index, key, None, why=seen)
            elif alone:  # the character's first appearance: what later shots are compared with
                faces = [(f, Still(m.render, time, f"{key} in {shot.id}", f.box)) for _, time, f in scores]
                first_seen[key] = (faces, f"first appearance in {shot.id}")
            elif key not in known:
                why = "no reference image, and no earlier shot shows them alone"
                yield Identity(index, key, None, why=why)
            else:
                _, time, face = min(scores, key=lambda given: given[0])
                yield Identity(
                    index,
                    key,
                    median(score for score, _, _ in scores),
                    time,
                    against=known[key][1],
                    scores=tuple((t, score) for score, t, _ in scores),
                    face=Still(m.render, time, f"{key} in {shot.id}", face.box),
                    like=nearest(face, known[key][0])[1],
                )


class IdentityDrift(FrameRule):
    """Flags a character whose face in a shot is not the face of their reference images.

    Faces are found and described with dlib's trained face descriptor at frames spread over each
    render (about one every three seconds, at most five, the first and last included), and given to the shot's
    cast by likeness (see :func:`identities`). A character's similarity in a shot is the median over
    the frames where a face was theirs; below `frames.min-face-similarity` (0.5: on real renders one
    person scored 0.62 and more against their reference, two people up to 0.61) the identity drifted. Without references, the first
    shot that shows the character alone is what later shots are compared with. Where a character
    cannot be judged, FR012 says so.

    ## Why
    Identity drift is the first thing an audience sees. Reference images and restated anchors keep
    a character's face from shot to shot; this checks that they did.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, references: [references/maya.png]}
    shots:
      - {id: enter, duration: 12, cast: [maya], render: {file: renders/enter.mp4}}   # another face
    ```

    ## Fix
    Render the shot again with the reference image attached and the identity anchors in the prompt.
    """

    code = "FR004"
    name = "identity-drift"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        threshold = ctx.config.frames.min_face_similarity
        for judged in identities(board, renders):
            if judged.score is None or judged.score >= threshold:
                continue
            m = renders.shots[board.shots[judged.shot].id]
            key = judged.character
            yield self.report(
                f"{key}'s face in {render_name(m.render)} does not match their {judged.against}: face similarity "
                f"{judged.score:.2f}; {threshold:g} or more is the same person",
                render_span(ctx, board, judged.shot),
                shot=board.shots[judged.shot].id,
                character=key,
                evidence=Evidence(
                    m.render, judged.time, judged.score, threshold, tuple(s for s in (judged.like, judged.face) if s)
                ),
            )


class IdentityNotJudged(FrameRule):
    """Says where a character's identity could not be judged: a reference image with no face, or a shot
    whose render shows no face that can be theirs in two of its frames.

    Information, not a failure: a back, a profile or a face too small to recognise is often what the
    shot asks for. But a check that could not run is not a check that passed.

    ## Why
    A cameo project whose faces are never found would otherwise pass its identity check in
    silence.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, references: [references/maya-from-behind.png]}
    shots:
      - {id: enter, duration: 12, cast: [maya], render: {file: renders/enter.mp4}}
    ```

    ## Fix
    Give the character a reference image that shows the face from the front; where the shots never
    show it, ignore FR012 for the character.
    """

    code = "FR012"
    name = "identity-not-judged"
    severity = Severity.INFO

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for key, faceless in renders.faceless_references.items():
            for index, reference in faceless:
                yield self.report(
                    f"no face in {reference}: it is not compared with {key}'s renders",
                    ctx.locate(("characters", key, "references", index)),
                    character=key,
                )
        unjudged: dict[str, list[Identity]] = {}
        for judged in identities(board, renders):
            if judged.score is None:
                unjudged.setdefault(judged.character, []).append(judged)
        for key, missed in unjudged.items():
            shots = "; ".join(f"{board.shots[j.shot].id}: {j.why}" for j in missed)
            where = ("characters", key) if key in board.characters else ("shots", missed[0].shot, "cast")
            yield self.report(
                f"identity of {key} not judged in {len(missed)} shot{'s' * (len(missed) > 1)} ({shots})",
                ctx.locate(where, key=True),
                character=key,
            )


class BoundaryColourJump(FrameRule):
    """Flags a jump of colour or light at a cut where the storyboard asks for continuity.

    The mean colour of the last frame of a shot and of the first frame of the next are compared
    (CIEDE2000) where the next shot continues the last (`continue-shooting`, `match-move`) or locks
    its lighting (`lighting-lock`): at most `frames.max-boundary-delta-e`. A `match-lighting: SHOT`
    compares the start of the shot with the end of SHOT, wherever SHOT is in the storyboard.
    Between two shots in one location without such a directive, twice that is allowed (a cut from
    wide to close changes what is in the frame). Across a `time-jump` anything may change.

    ## Why
    Lighting is the continuity an eye catches first: a lamp that dims or a grade that cools at a
    cut breaks the scene even when faces and wardrobe hold.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: enter, duration: 12, location: redline, render: {file: renders/enter.mp4}}
      - id: order
        duration: 12
        location: redline
        directives: ["lighting-lock: tungsten-amber-window-45"]
        render: {file: renders/order.mp4}   # starts cold and dark
    ```

    ## Fix
    Render the shot again with the lock's lighting restated in the prompt, or grade it to match.
    """

    code = "FR005"
    name = "boundary-colour-jump"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.color import delta_e

        bound = ctx.config.frames.max_boundary_delta_e
        pairs = [(index - 1, index, reasons[0]) for index, _, _, reasons in boundaries(ctx, board, renders)]
        for index in range(len(board.shots)):
            matched = matched_shot(ctx, board, index)
            if matched is not None and matched != index - 1:
                pairs.append((matched, index, f"match-lighting: {board.shots[matched].id}"))
        for earlier, index, reason in sorted(pairs, key=lambda pair: pair[1]):
            before, after = (renders.shots.get(board.shots[i].id) for i in (earlier, index))
            if before is None or after is None or before.last is None or after.first is None:
                continue
            limit = bound * 2 if reason == "same location" else bound
            jump = float(delta_e(before.last.lab, after.first.lab))
            if jump > limit:
                stills = (
                    Still(before.render, before.last.time, f"end of {board.shots[earlier].id}"),
                    Still(after.render, after.first.time, f"start of {board.shots[index].id}"),
                )
                yield self.report(
                    f"the colour jumps by ΔE {jump:.1f} from the end of {board.shots[earlier].id!r} "
                    f"to the start of {board.shots[index].id!r} ({reason}: at most {limit:g})",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(after.render, after.start, jump, limit, stills),
                )


class Recap(FrameRule):
    """Flags a `continue-shooting` shot whose render starts where the previous shot started, not where it ended.

    The first frame of the shot is compared (SSIM) with the first and the last frame of the shot
    before: a recap is a start that is like the previous start (at least 0.5) and clearly more like
    it than like the previous end (by 0.1).

    ## Why
    A continuation must pick up mid-action. Models left to themselves restart the action: the
    character walks in again, the cup is lifted again. The storyboard's `avoid: [recap]` asks for
    it not to; this checks the render.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}
      - id: booth
        duration: 12
        directives: [continue-shooting]
        render: {file: renders/booth.mp4}   # restarts the cup shot's push-in
    ```

    ## Fix
    Render the continuation from the previous shot's last frame, and keep `avoid: [recap]`.
    """

    code = "FR006"
    name = "recap"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.structure import ssim

        for index, before, after, reasons in boundaries(ctx, board, renders):
            ends = (before.first, before.last, after.first)
            if "continue-shooting" not in reasons or any(end is None or end.luma is None for end in ends):
                continue  # a stitched cut keeps the working-size frames of its own ends only
            like_start = ssim(before.first.luma, after.first.luma)
            like_end = ssim(before.last.luma, after.first.luma)
            if like_start >= 0.5 and like_start > like_end + 0.1:
                previous = board.shots[index - 1].id
                stills = (
                    Still(before.render, before.first.time, f"start of {previous}"),
                    Still(before.render, before.last.time, f"end of {previous}"),
                    Still(after.render, after.first.time, f"start of {board.shots[index].id}"),
                )
                yield self.report(
                    f"{board.shots[index].id!r} starts like {previous!r} started (SSIM {like_start:.2f}), "
                    f"not where it ended ({like_end:.2f}): the action restarts",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(after.render, after.start, like_start, like_end, stills),
                )


def _camera(motion: np.ndarray, start: float, end: float) -> tuple[float, float] | None:
    """The camera's median motion (dy, dx: opposite to the picture's) between two times, or ``None``."""
    rows = motion[(motion[:, 0] >= start) & (motion[:, 0] <= end)]
    if len(rows) == 0:
        return None
    return -median(rows[:, 1].tolist()), -median(rows[:, 2].tolist())


def _direction(v: tuple[float, float]) -> str:
    dy, dx = v
    if abs(dx) >= abs(dy):
        return "left to right" if dx > 0 else "right to left"
    return "downwards" if dy > 0 else "upwards"


#: Camera motion slower than this (widths a frame) has no direction to keep.
_STILL = 0.0004


class BrokenMatchMove(FrameRule):
    """Flags a `match-move` shot whose camera moves against, or much faster or slower than, the shot before.

    The camera's motion over the last second of the previous render and the first second of this
    one (global phase correlation) must keep its direction, and its speed within
    `frames.max-speed-ratio`.

    ## Why
    A match-move carries the eye across the cut on one movement; reversed, the cut reads as a jump
    and the geography flips.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: exit, duration: 12, render: {file: renders/exit.mp4}}   # pans left to right
      - id: walk
        duration: 12
        directives: [match-move]
        render: {file: renders/walk.mp4}   # pans right to left
    ```

    ## Fix
    Render the shot again with the camera direction and speed written in its `camera` field.
    """

    code = "FR007"
    name = "broken-match-move"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        ratio = ctx.config.frames.max_speed_ratio
        for index, before, after, reasons in boundaries(ctx, board, renders):
            if "match-move" not in reasons:
                continue
            end = before.start + before.duration
            out = _camera(before.motion, end - 1.0, end)
            into = _camera(after.motion, after.start, after.start + 1.0)
            if out is None or into is None:
                continue
            speeds = hypot(*out), hypot(*into)
            agreement = (out[0] * into[0] + out[1] * into[1]) / max(speeds[0] * speeds[1], 1e-12)
            if min(speeds) < _STILL and max(speeds) < _STILL:
                continue
            previous, shot = board.shots[index - 1].id, board.shots[index].id
            stills = (
                Still(before.render, before.last.time if before.last else before.duration, f"end of {previous}"),
                Still(after.render, after.first.time if after.first else 0.0, f"start of {shot}"),
            )
            if min(speeds) >= _STILL and agreement < 0:
                message = f"the camera moves {_direction(into)} into {shot!r}, {_direction(out)} out of {previous!r}"
                evidence = Evidence(after.render, after.start + 0.5, agreement, 0, stills)
            elif max(speeds) > ratio * max(min(speeds), _STILL / 2):
                change = max(speeds) / max(min(speeds), _STILL / 2)
                message = (
                    f"the camera's speed changes {change:.1f}x across the match-move into {shot!r} (at most {ratio:g}x)"
                )
                evidence = Evidence(after.render, after.start + 0.5, change, ratio, stills)
            else:
                continue
            yield self.report(message, render_span(ctx, board, index), shot=shot, evidence=evidence)


class Flicker(FrameRule):
    """Flags a render whose brightness jitters from frame to frame by more than `frames.max-flicker`.

    Measured as the mean swing of each frame's luminance against its neighbours (the mean absolute
    second difference, 0-1): a fade or a slow grade change is not flicker, an alternating exposure is.

    ## Why
    Temporal flicker is a classic failure of generated video (VBench scores it); a candle may
    flicker, a room's exposure may not.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # exposure alternates ±15 %
    ```

    ## Fix
    Render the shot again; if the flicker is meant (a candle), raise `frames.max-flicker` for the
    project or ignore FR008 on that shot.
    """

    code = "FR008"
    name = "flicker"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        limit = ctx.config.frames.max_flicker
        for index, m in measured_shots(board, renders):
            if m.luminance_flicker > limit:
                swing = abs(m.luminance[2:] - 2 * m.luminance[1:-1] + m.luminance[:-2])
                time = m.frame_time(int(swing.argmax()) + 1)
                yield self.report(
                    f"brightness flickers in {render_name(m.render)} (jitter {m.luminance_flicker:.3f}, at most {limit:g}), "
                    f"most at {time:.2f} s",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, time, m.luminance_flicker, limit, (Still(m.render, time, "flicker"),)),
                )


class TooDark(FrameRule):
    """Flags a render that is dark for more than a quarter of its length in a shot that avoids `darkness`.

    A frame is dark when its mean luminance is below `frames.min-luminance` (0-1, video range).

    ## Why
    `avoid: [darkness]` (on the shot or the project) is the director asking for a readable image;
    models under-expose night and interior scenes by default.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: exit, duration: 12, avoid: [darkness], render: {file: renders/exit.mp4}}   # underexposed
    ```

    ## Fix
    Render the shot again with the light source named in `lighting`, or drop `darkness` from `avoid`.
    """

    code = "FR009"
    name = "too-dark"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        limit = ctx.config.frames.min_luminance
        for index, m in measured_shots(board, renders):
            tags = {tag.lower() for tag in [*board.avoid, *board.shots[index].avoid]}
            if "darkness" not in tags:
                continue
            dark = m.luminance < limit
            if dark.mean() > 0.25:
                darkest = int(m.luminance.argmin())
                time = m.frame_time(darkest)
                yield self.report(
                    f"{render_name(m.render)} is dark (mean luminance below {limit:g}) for {dark.mean():.0%} of the shot, "
                    f"down to {m.luminance[darkest]:.2f} at {time:.2f} s; the shot avoids darkness",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(
                        m.render, time, float(m.luminance[darkest]), limit, (Still(m.render, time, "darkest"),)
                    ),
                )


class StitchedMismatch(FrameRule):
    """Flags a stitched final cut whose cuts are not where the storyboard's shots begin and end.

    Each shot should start at the sum of the durations before it: a cut, fade or dissolve is
    expected there (within `frames.duration-tolerance`, plus half a second for a gradual
    transition), except into a shot that continues the last (`continue-shooting`, `match-move`, a
    `seamless` transition), which is meant to be invisible. A missing cut, a cut inside a shot, or
    a cut of a different total length is a finding.

    ## Why
    A final cut that drops, repeats or trims a shot is a different film from the storyboard, and
    every timed cue after the change lands in the wrong place.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: enter, duration: 12}
      - {id: order, duration: 12}
      - {id: cup, duration: 12}   # the final cut goes from order straight to booth
      - {id: booth, duration: 12}
    ```

    ## Fix
    Re-export the cut from the storyboard's shots, or update the storyboard to the cut.

    When the cut is as long as the shots, each shot's part of it is judged by the per-shot rules
    too, as its render would be (see ``soracheck.rules.renders.stitched_parts``).
    """

    code = "FR010"
    name = "stitched-mismatch"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        m, starts = renders.stitched, planned_starts(board)
        if m is None or starts is None:
            return
        tolerance = ctx.config.frames.duration_tolerance + CUT_SLACK
        cuts = [(m.frame_time(t.frame), t.kind) for t in m.transitions]
        unmatched = list(range(len(cuts)))
        for index in range(1, len(board.shots)):
            near = [j for j in unmatched if abs(cuts[j][0] - starts[index]) <= tolerance]
            if near:
                unmatched.remove(min(near, key=lambda j: abs(cuts[j][0] - starts[index])))
            elif not _seamless(ctx, index):
                yield self.report(
                    f"{render_name(m.render)} has no cut into {board.shots[index].id!r} at {starts[index]:.2f} s",
                    ctx.locate(("shots", index, "id")),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, starts[index], 0, tolerance),
                )
        for j in unmatched:
            time, kind = cuts[j]
            index = max(i for i, start in enumerate(starts[:-1]) if start <= time)
            yield self.report(
                f"{render_name(m.render)} has a {kind} at {time:.2f} s, inside shot {board.shots[index].id!r}",
                ctx.locate(("shots", index, "id")),
                shot=board.shots[index].id,
                evidence=Evidence(m.render, time, time - starts[index], tolerance),
            )
        if abs(m.duration - starts[-1]) > tolerance:
            yield self.report(
                f"{render_name(m.render)} lasts {m.duration:.2f} s; the storyboard's shots add up to {starts[-1]:g} s",
                ctx.locate(("shots",), key=True),
                evidence=Evidence(m.render, m.duration, m.duration, starts[-1]),
            )


def _seamless(ctx: Context, index: int) -> bool:
    """Whether the cut into shot ``index`` is meant to be invisible."""
    found = ctx.directives(index)
    transition = transition_of(found)
    continues = any(f.directive.name in ("continue-shooting", "match-move") for f in found)
    return continues or (transition is not None and transition.kind == "seamless")


def _says(shot: Shot, words: re.Pattern[str]) -> bool:
    """Whether any of the shot's text says ``words`` (the light or the focus changing while it runs)."""
    return any(words.search(text) for _, text in shot.texts())


class InShotStep(FrameRule):
    """Flags a render whose exposure or colour steps inside the shot, with no cut.

    Each frame's mean luminance (0-1) and mean chroma (U, V) are compared as medians over the third
    of a second before and after it: a change of at least `frames.max-exposure-step` (0.08) or
    `frames.max-colour-step` (6 levels) that happens within two frames and lasts is a step. A ramp
    over seconds (a sunrise, a slow grade) is not, nor is a step within half a second of a cut
    (FR003 reports the cut), nor one in a shot whose text says the light changes (a light switched
    on, lightning, a flash, a fade).

    ## Why
    Long generated shots are made of segments stitched in latent space; where the segments meet,
    exposure or grade can jump while the picture stays put. A cut detector sees no new shot, and the
    viewer sees the lights flick.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # the exposure drops at 6 s
    ```

    ## Fix
    Render the shot again (or from its first good segment), or grade the second part to match.
    """

    code = "FR013"
    name = "in-shot-step"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.drift import steps

        frames = ctx.config.frames
        for index, m in measured_shots(board, renders):
            if _says(board.shots[index], CHANGES):
                continue
            window = max(2, round(m.fps / 3))
            cuts = [(t.start - m.fps / 2, t.end + m.fps / 2) for t in m.transitions]
            found = [
                (step, what, limit)
                for signal, what, limit in (
                    (m.luminance, "exposure", frames.max_exposure_step),
                    (m.chroma, "colour", frames.max_colour_step),
                )
                for step in steps(signal, window, limit)
                if not any(start <= step.frame <= end for start, end in cuts)
            ]
            if not found:
                continue
            step, what, limit = min(found, key=lambda f: f[0].frame)
            time = m.frame_time(step.frame)
            size = f"luminance {step.size:+.2f}" if what == "exposure" else f"chroma {step.size:.1f} levels"
            stills = (
                Still(m.render, m.frame_time(max(0, step.frame - 2)), "before"),
                Still(m.render, m.frame_time(min(m.frames - 1, step.frame + 2)), "after"),
            )
            yield self.report(
                f"the {what} of {render_name(m.render)} steps at {time:.2f} s with no cut ({size}; at most {limit:g})",
                render_span(ctx, board, index),
                shot=board.shots[index].id,
                evidence=Evidence(m.render, time, abs(step.size), limit, stills),
            )


#: Shares of its first second's contrast and colourfulness below which a shot has washed out, and
#: the range of its share of detail outside which its detail collapsed (blurred, or melted into noise).
WASHED, BLURRED, NOISY = 0.6, 0.5, 1.4
#: Shares of its first second's contrast within which a rise of detail is noise, not new content.
STEADY = (0.8, 1.25)
#: Widths of the frame the camera may travel before a shot is expected to look unlike its start.
_TRAVEL = 0.25


class InShotDrift(FrameRule):
    """Flags a render that slides away from its own beginning: it washes out, loses its detail, turns to
    noise, or ends up looking unlike its start while each second looks like the one before.

    Every sampled frame (one a second) is compared with the first. A shot *washes out* when both
    its contrast (the spread of L*) and its colourfulness (mean chroma) fall to 60 % of the first
    frame's or less; it *loses its detail* when its fine detail (the Laplacian of L*, per unit of
    contrast) falls to half, and *turns to noise* when that detail rises by 40 % while its contrast
    stays within 80-125 % (new content, a costume with sequins, changes both; on 29 clean real
    renders detail stayed within 0.67-1.31 of the first frame); it *drifts* when its regions (a 3 x 3
    grid) are on average more than `frames.max-drift-delta-e` (CIEDE2000) from the first frame's
    while no second moved more than a third of that largest distance from the second before
    (VBench-Long's observation; clean real renders drifted up to 10.2). Each must hold from the
    frame where it starts to the end of the shot; a shot the model cut (FR003) is judged stretch by
    stretch, each against its own start.

    A camera move changes what is in the frame, so nothing of this is judged where the storyboard's
    camera moves, or where the picture's content travels (integrated global motion) more than a
    quarter of the frame from where it started: a head that sways or a flame that flickers moves back
    and forth, a pan does not come back. The summary says which shots went unjudged so. Wash-out and
    drift are not judged where the shot's text says the light changes (a fade, fog rolling in,
    sunset), nor detail where it says the focus changes (a rack focus, a blur).

    ## Why
    Long and extended renders decay: colour drains, texture turns to mush or noise, the scene slowly
    turns into another. Frame to frame nothing jumps, so no cut or flicker check sees it.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 12, render: {file: renders/cup.mp4}}   # greys out from 6 s
    ```

    ## Fix
    Keep the part before the decay and render the rest as a new shot from its last good frame, or
    shorten the shot.
    """

    code = "FR014"
    name = "in-shot-drift"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        limit = ctx.config.frames.max_drift_delta_e
        for index, m in measured_shots(board, renders):
            shot = board.shots[index]
            lighting = _says(shot, CHANGES)
            camera = _camera_moves(shot, m) is not None  # a move changes what is framed: its light, its focus
            for decay in decays(m):
                # what decays, its value at each sample, whether that value is broken, and its words
                checks: list[tuple[str, list[float], Callable[[float], bool], float, str]] = []
                if not (lighting or camera) and decay.kept:
                    said = f"{{:.0%}} of its first frame's contrast or colour; kept above {WASHED:.0%}"
                    checks.append(("washes out", decay.kept, lambda k: k <= WASHED, WASHED, said))
                if not (camera or _says(shot, FOCUS)) and decay.detail:
                    said = f"detail {{:.0%}} of its first frame's; kept above {BLURRED:.0%}"
                    checks.append(("loses its detail", decay.detail, lambda k: k <= BLURRED, BLURRED, said))
                    # noise: fine detail rises while the tonal spread stays (new content changes both)
                    steady = [
                        d if STEADY[0] <= c <= STEADY[1] else 1.0
                        for d, c in zip(decay.detail, decay.contrast, strict=True)
                    ]
                    said = f"detail {{:.0%}} of its first frame's at the same contrast; kept below {NOISY:.0%}"
                    checks.append(("turns to noise", steady, lambda k: k >= NOISY, NOISY, said))
                if not (lighting or camera) and max(decay.neighbours) <= max(decay.distance) / 3:
                    said = f"ΔE {{:.1f}} from its first frame, region by region; at most {limit:g} while each second looks like the last"
                    checks.append(("drifts from its beginning", decay.distance, lambda d: d > limit, limit, said))
                for what, values, broken, threshold, said in checks:
                    at = _held_from([broken(v) for v in values])
                    if at is None:
                        continue
                    time = decay.times[at]
                    yield self.report(
                        f"{render_name(m.render)} {what} from {time:.2f} s ({said.format(values[at])})",
                        render_span(ctx, board, index),
                        shot=shot.id,
                        evidence=Evidence(
                            m.render,
                            time,
                            values[at],
                            threshold,
                            (Still(m.render, decay.times[0], "start"), Still(m.render, time, what)),
                        ),
                    )
                    break  # the first decay found speaks for the stretch

    def unjudged(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[str]:
        moving = [
            f"{board.shots[index].id} ({why})"
            for index, m in measured_shots(board, renders)
            if (why := _camera_moves(board.shots[index], m)) is not None
        ]
        if moving:
            yield f"in-shot drift where the camera moves: {', '.join(moving)}"


def _camera_moves(shot: Shot, m: Measurements) -> str | None:
    """How the camera moves in a shot, if it does: as its text says, or as far as the frame's
    content travels from where it was at the start (at most, at any time) over a quarter of its width.

    What the frame shows moving back and forth (a head, a flame) travels little; a pan does not come
    back.
    """
    import numpy as np

    from soracheck.vocabulary.camera import HELD, camera_moves

    written = next(
        (move.name for _, text in shot.texts() for move in camera_moves(text) if move.name not in HELD), None
    )
    if written is not None:
        return f"a {written}, written"
    if len(m.motion) < 2:
        return None
    times, velocity = m.motion[:, 0], m.motion[:, 1:3] * m.fps  # widths a second
    # where the content is, from the start: the velocity integrated over time (trapezoids)
    position = np.cumsum(np.diff(times)[:, None] * (velocity[1:] + velocity[:-1]) / 2, axis=0)
    travel = float(np.hypot(position[:, 0], position[:, 1]).max())
    return f"{travel:.0%} of the frame, measured" if travel > _TRAVEL else None


@dataclass(frozen=True)
class Decay:
    """A stretch of a render between cuts, sample by sample (one a second) against its first: what FR014 judges."""

    times: list[float]
    #: The larger of the shares kept of the first sample's contrast and colourfulness (empty when the
    #: first has too little of either to lose), and the shares of its detail (empty without detail)
    #: and of its contrast.
    kept: list[float]
    detail: list[float]
    contrast: list[float]
    #: Mean CIEDE2000 of the 3 x 3 regions from the first sample's; and of each from the one before.
    distance: list[float]
    neighbours: list[float]


def decays(m: Measurements) -> list[Decay]:
    """Each stretch of ``m`` between its cuts (FR003's) with at least three samples, against its own start."""
    from soracheck.metrics.color import delta_e

    bounds = [0.0, *(m.frame_time(t.end) for t in m.transitions), float("inf")]
    found = []
    for begin, until in pairwise(bounds):
        samples = [s for s in m.samples if begin <= s.time < until]
        if len(samples) < 3:
            continue
        first = samples[0]
        kept = (
            [max(s.contrast / first.contrast, s.colourfulness / first.colourfulness) for s in samples]
            if first.contrast >= 5 and first.colourfulness >= 5
            else []
        )
        found.append(
            Decay(
                times=[s.time for s in samples],
                kept=kept,
                detail=[s.detail / first.detail for s in samples] if first.detail > 0 else [],
                contrast=[s.contrast / first.contrast if first.contrast else 1.0 for s in samples],
                distance=[float(delta_e(s.regions, first.regions).mean()) for s in samples],
                neighbours=[float(delta_e(a.regions, b.regions).mean()) for a, b in pairwise(samples)],
            )
        )
    return found


def _held_from(broken: list[bool]) -> int | None:
    """The first index from which every value is broken, when that holds for at least two values."""
    start = len(broken)
    while start > 0 and broken[start - 1]:
        start -= 1
    return start if len(broken) - start >= 2 else None
