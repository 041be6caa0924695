"""Timing (TM): beats, cues and durations — what a shot asks of the clock, and of the model."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Beat, Cue, Shot, Storyboard
from soracheck.storyboard.source import NodePath


def _s(seconds: float) -> str:
    return f"{seconds:g} s"


def _lengths(board: Storyboard, ctx: Context) -> tuple[str, list[float]] | None:
    """The target model's name and the clip lengths it renders, when the storyboard names a model
    whose lengths are known (TM003 judges durations against them); ``None`` otherwise."""
    if board.model is None:
        return None
    limits = ctx.config.limits(board.model.name)
    if limits is None or not limits.seconds:
        return None
    return board.model.name, sorted(limits.seconds)


def _single_beat(shot: Shot) -> bool:
    """Whether ``shot`` is one beat as long as itself: no beats, or one from 0 s."""
    return not shot.beats or (len(shot.beats) == 1 and shot.beats[0].at == 0)


def _model_decides(duration: float, low: float, high: float, lengths: tuple[str, list[float]] | None) -> bool:
    """Whether a single-beat shot is left to the target model: ``duration`` is a length it renders,
    and it renders none inside the band."""
    return lengths is not None and duration in lengths[1] and not any(low <= s <= high for s in lengths[1])


def _fills(count: int, span: float, low: float, high: float) -> bool:
    """Whether ``count`` beats of ``low``-``high`` seconds can fill ``span`` seconds."""
    return count * low - 1e-9 <= span <= count * high + 1e-9


def _beats_filling(span: float, low: float, high: float) -> int | None:
    """The fewest beats of ``low``-``high`` seconds that fill ``span`` seconds, if any number does."""
    count = max(1, math.ceil(span / high - 1e-9))
    return count if _fills(count, span, low, high) else None


def _length_for_beats(
    seconds: list[float], duration: float, start: float, count: int, low: float, high: float
) -> tuple[float, int] | None:
    """The renderable length closest to ``duration`` (the longer of two as close) that beats of
    ``low``-``high`` seconds can fill from ``start``, with how many: ``count`` if they can, else the
    fewest. ``None`` when beats of the band fill none of ``seconds``."""
    options = []
    for length in seconds:
        fewest = _beats_filling(length - start, low, high) if length > start else None
        if fewest:
            options.append((length, count if _fills(count, length - start, low, high) else fewest))
    return min(options, key=lambda option: (abs(option[0] - duration), -option[0])) if options else None


class BeatOutsideBand(Rule):
    """Flags an emotional beat shorter or longer than `house-style.beat-seconds` (default 4.8 to 6.2 s).

    A beat lasts from its `at` to the next beat, or to the end of the shot; a shot without beats
    is one beat as long as the shot. Finer choreography inside a beat ("enters (0-2 s), orders
    (2-4 s)") belongs in the action text, not in `beats`.

    When the target model renders no length inside the band, a shot of one beat (no beats, or a
    single beat from 0 s) at a length it does render is not judged: the model's lengths decide it
    (TM003). sora-2 renders 4, 8, 12, 16 or 20 s, none of them inside the default band, so its
    single-beat shots are TM003's alone. Shots of several beats are judged whatever the model.
    The advice names only lengths the target model renders: one inside the band if it has one,
    else those either side of the band, said to be outside it; a shot whose beats no number of
    beats of the band can fill is told the length TM003 would pick for it.

    ## Why
    Beat timing: the model's natural narrative beat is about five seconds per emotional shift.
    Shorter beats blur and leave actions unfinished; longer ones loop and fill with "waiting"
    energy.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: counter
        duration: 12
        beats: [{at: 0, action: Maya enters}, {at: 2.5, action: she orders}]
    ```

    ## Fix
    Spread the beats to about five seconds each, or change the number of beats or the shot's
    duration (to a length the model renders).
    ```yaml
    title: Redline
    shots:
      - id: counter
        duration: 12
        beats: [{at: 0, action: Maya enters}, {at: 6, action: she orders}]
    ```
    """

    code = "TM001"
    name = "beat-outside-band"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        low, high = ctx.config.house_style.beat_seconds
        band = f"{low:g}-{high:g} s"
        lengths = _lengths(board, ctx)
        advice: dict[tuple[float, int, float | None], Fix] = {}
        for index, shot in enumerate(board.shots):
            if _single_beat(shot):
                duration = shot.duration
                if duration is None or low <= duration <= high or _model_decides(duration, low, high, lengths):
                    continue  # in the band, or a length the model renders and none of its lengths is
                # On a known model the duration is one it cannot render (TM003's): keeping it is no advice.
                count = _beats_filling(duration, low, high) if lengths is None else None
                split = f"split it into {count} beats of {band}, or " if count else ""
                fix = Fix(f"{split}{self._one_beat(duration, low, high, lengths)}")
                if shot.beats:
                    message = f"beat {shot.beats[0].action!r} lasts {_s(duration)}, outside {band}"
                    at = ctx.locate(("shots", index, "beats", 0, "at"))
                else:
                    message = f"a {_s(duration)} shot with no beats is one beat, outside {band}"
                    at = ctx.locate(("shots", index, "duration"))
                yield self.report(message, at, shot=shot.id, fix=fix)
                continue
            order = sorted(range(len(shot.beats)), key=lambda i: shot.beats[i].at)  # disorder is timeline-order's
            ends = [*(shot.beats[i].at for i in order[1:]), shot.duration]
            # Shots written alike get the same advice: work it out once for each kind of shot.
            kind = (shot.beats[order[0]].at, len(order), shot.duration)
            for position, end in zip(order, ends, strict=True):
                beat = shot.beats[position]
                if end is None or end <= beat.at:
                    continue
                length = end - beat.at
                if not low <= length <= high:
                    message = f"beat {beat.action!r} lasts {_s(length)}, outside {band}"
                    at = ctx.locate(("shots", index, "beats", position, "at"))
                    if kind not in advice:
                        advice[kind] = Fix(self._beats(*kind, low, high, lengths))
                    yield self.report(message, at, shot=shot.id, fix=advice[kind])

    @staticmethod
    def _one_beat(duration: float, low: float, high: float, lengths: tuple[str, list[float]] | None) -> str:
        """How to make a shot one beat long: the length in the band the target model renders closest
        to ``duration``; if it renders none, the lengths it renders either side of the band."""
        if lengths is None:
            return f"make it {_s(low)}-{_s(high)}"
        model, seconds = lengths
        inside = [s for s in seconds if low <= s <= high]
        if inside:
            best = min(inside, key=lambda s: (abs(s - duration), -s))
            return f"make it {_s(best)}, a length {model} renders inside the band"
        either = [s for s in seconds if s < low][-1:] + [s for s in seconds if s > high][:1]
        return f"make it {' or '.join(map(_s, either))}: {model} renders no length inside {_s(low)}-{_s(high)}"

    @staticmethod
    def _beats(
        start: float,
        count: int,
        duration: float | None,
        low: float,
        high: float,
        lengths: tuple[str, list[float]] | None,
    ) -> str:
        """How to bring a shot's beats into the band: move them, or change their number, in a duration
        the target model renders; else make the shot the renderable length (TM003's pick) they fill."""
        band = f"{low:g}-{high:g} s"
        if duration is None:
            return f"make each beat last {band}"
        span = duration - start
        if lengths is None or duration in lengths[1]:
            if _fills(count, span, low, high):
                return f"make each beat last {band}"
            fewest = _beats_filling(span, low, high)
            if fewest:
                return f"use {fewest} beat{'s' * (fewest > 1)} of {band}: {count} cannot fill {_s(span)}"
        if lengths is None:
            return f"make each beat last {band}, and the shot {_s(start + count * low)}-{_s(start + count * high)}"
        model, seconds = lengths
        choice = _length_for_beats(seconds, duration, start, count, low, high)
        if choice is None:
            return f"make each beat last {band}; beats of {band} fill no length {model} renders"
        length, beats = choice
        return f"make the shot {_s(length)}, a length {model} renders, with {beats} beat{'s' * (beats > 1)} of {band}"


class TimelineOrder(Rule):
    """Flags beats or audio cues out of time order, or at or past the end of the shot.

    Negative times are already rejected when the storyboard loads. When every time is inside
    the shot, the fix sorts the list: the times are explicit, so order cannot change meaning.

    ## Why
    Beats and cues are the shot's clock. A cue after the shot ends is never heard, and a list
    out of order is read by the model (and by editors) in the written order, not the timed one.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: counter
        duration: 8
        audio:
          cues: [{at: 3, sound: milk steamer}, {at: 1, sound: door bell}]
    ```

    ## Fix
    Write the timeline in order (the fix sorts it) and inside the shot.
    ```yaml
    title: Redline
    shots:
      - id: counter
        duration: 8
        audio:
          cues: [{at: 1, sound: door bell}, {at: 3, sound: milk steamer}]
    ```
    """

    code = "TM002"
    name = "timeline-order"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            timelines: list[tuple[NodePath, Sequence[Beat | Cue], str]] = [
                (("shots", index, "beats"), shot.beats, "beat"),
                (("shots", index, "audio", "cues"), shot.audio.cues, "cue"),
            ]
            for node, items, kind in timelines:
                late = [i for i, item in enumerate(items) if shot.duration is not None and item.at >= shot.duration]
                for position in late:
                    message = (
                        f"{kind} at {_s(items[position].at)} is at or past the shot's end ({_s(shot.duration or 0)})"
                    )
                    at = ctx.locate((*node, position, "at"))
                    yield self.report(
                        message, at, shot=shot.id, fix=Fix("move it inside the shot, or lengthen the shot")
                    )
                disorder = next((i for i in range(1, len(items)) if items[i].at < items[i - 1].at), None)
                if disorder is not None:
                    yield self._unordered(ctx, node, items, kind, disorder, shot.id, fixable=not late)

    def _unordered(
        self, ctx: Context, node: NodePath, items: Sequence[Beat | Cue], kind: str, at: int, shot: str, *, fixable: bool
    ) -> Diagnostic:
        message = f"{kind} at {_s(items[at].at)} comes after one at {_s(items[at - 1].at)}: out of time order"
        source = ctx.document.source
        spans = [source.span((*node, i)) for i in range(len(items))]
        fix = Fix(f"sort the {kind}s by time")
        if fixable and all(spans) and len(set(spans)) == len(spans):
            texts = [source.text[s[0] : s[1]] for s in spans if s]
            order = sorted(range(len(items)), key=lambda i: items[i].at)
            edits = tuple(
                Edit(span[0], span[1], texts[order[i]]) for i, span in enumerate(spans) if span and order[i] != i
            )
            fix = Fix(f"sort the {kind}s by time", edits, Applicability.SAFE)
        return self.report(message, ctx.locate((*node, at, "at")), shot=shot, fix=fix)


class UnrenderableShot(Rule):
    """Flags a shot duration, or a frame size, that the storyboard's target model cannot render.

    Limits come from `[models.NAME]` in soracheck.toml, else from the published table: sora-2
    renders 4, 8, 12, 16 or 20 s at 1280x720 or 720x1280; sora-2-pro adds 1920x1080 and
    1080x1920; veo-3 and veo-3.1 render 4, 6 or 8 s. Unknown models are not checked. The fix
    picks the nearest length the model renders; for a shot with beats, the nearest that beats of
    `house-style.beat-seconds` can fill (TM001), so that following one rule does not break the other.

    ## Why
    A length the API does not accept is rounded or refused at render time; either way the cut
    no longer matches the storyboard, and beat timing and cues drift with it.

    ## Example
    ```yaml
    title: Redline
    model: {name: sora-2, size: 1280x720}
    shots:
      - {id: counter, duration: 6, action: Maya orders}
    ```

    ## Fix
    Use a length the model renders (the fix picks the nearest).
    ```yaml
    title: Redline
    model: {name: sora-2, size: 1280x720}
    shots:
      - {id: counter, duration: 8, action: Maya orders}
    ```
    """

    code = "TM003"
    name = "unrenderable-shot"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        if board.model is None:
            return
        limits = ctx.config.limits(board.model.name)
        if limits is None:
            return
        if board.model.size and limits.sizes and board.model.size not in limits.sizes:
            message = f"{board.model.name} does not render {board.model.size}; it renders {', '.join(limits.sizes)}"
            yield self.report(message, ctx.locate(("model", "size")), fix=Fix(f"use one of {', '.join(limits.sizes)}"))
        allowed = ", ".join(_s(s) for s in limits.seconds)
        for index, shot in enumerate(board.shots):
            if shot.duration is None or shot.duration in limits.seconds or not limits.seconds:
                continue
            nearest = min(limits.seconds, key=lambda s: (abs(s - shot.duration), -s))  # type: ignore[operator]
            advice = f"make it {_s(nearest)}"
            low, high = ctx.config.house_style.beat_seconds
            whole = _single_beat(shot)
            if not (whole and _model_decides(nearest, low, high, (board.model.name, sorted(limits.seconds)))):
                # The nearest length its beats (one, for a single-beat shot) can fill, lest TM001 flag
                # what this fix writes.
                start, count = (0.0, 1) if whole else (min(beat.at for beat in shot.beats), len(shot.beats))
                choice = _length_for_beats(limits.seconds, shot.duration, start, count, low, high)
                if choice is not None:
                    length, beats = choice
                    advice = f"make it {_s(length)}"
                    if beats != count:
                        advice += f", with {beats} beat{'s' * (beats > 1)} of {low:g}-{high:g} s"
                    if length != nearest:
                        closer = "nearer" if abs(nearest - shot.duration) < abs(length - shot.duration) else "as near"
                        advice += f" ({_s(nearest)} is {closer}, but no number of {low:g}-{high:g} s beats fills it)"
                    nearest = length
            at = ctx.locate(("shots", index, "duration"))
            fix = Fix.replacing(at, f"{nearest:g}", advice)
            message = f"{board.model.name} cannot render {_s(shot.duration)}; it renders {allowed}"
            yield self.report(message, at, shot=shot.id, fix=fix)


class RuntimeOverLimit(Rule):
    """Flags a storyboard whose total runtime exceeds `house-style.max-runtime`.

    Reported at the first shot that crosses the limit. Nothing is checked without a limit.

    ## Why
    Deliverables have a length: a 30-second spot cut from 40 seconds of shots loses beats in the
    edit that the storyboard still promises — and pays for renders that are thrown away.

    ## Configuration
    ```toml
    [house-style]
    max-runtime = 15
    ```

    ## Example
    ```yaml
    title: Redline spot
    shots:
      - {id: enter, duration: 8, action: Maya enters}
      - {id: order, duration: 8, action: Maya orders}
      - {id: leave, duration: 4, action: Maya leaves}
    ```

    ## Fix
    Cut shots or shorten them.
    ```yaml
    title: Redline spot
    shots:
      - {id: enter, duration: 8, action: Maya enters}
      - {id: leave, duration: 4, action: Maya leaves}
    ```
    """

    code = "TM004"
    name = "runtime-over-limit"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        limit = ctx.config.house_style.max_runtime
        if limit is None:
            return
        total = sum(shot.duration or 0 for shot in board.shots)
        if total <= limit:
            return
        elapsed = 0.0
        for index, shot in enumerate(board.shots):
            elapsed += shot.duration or 0
            if elapsed > limit:
                message = f"total runtime {_s(total)} exceeds the house limit of {_s(limit)} from this shot on"
                at = ctx.locate(("shots", index, "duration"))
                yield self.report(message, at, shot=shot.id, fix=Fix(f"cut {_s(total - limit)}"))
                return
