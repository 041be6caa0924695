"""Timing (TM): beats, cues and durations — what a shot asks of the clock, and of the model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Beat, Cue, Storyboard
from soracheck.storyboard.source import NodePath


def _s(seconds: float) -> str:
    return f"{seconds:g} s"


class BeatOutsideBand(Rule):
    """Flags an emotional beat shorter or longer than `house-style.beat-seconds` (default 4.8 to 6.2 s).

    A beat lasts from its `at` to the next beat, or to the end of the shot; a shot without beats
    is one beat as long as the shot. Finer choreography inside a beat ("enters (0-2 s), orders
    (2-4 s)") belongs in the action text, not in `beats`.

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
    Spread the beats to about five seconds each, or change the shot's duration.
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
        for index, shot in enumerate(board.shots):
            if not shot.beats:
                if shot.duration is not None and not low <= shot.duration <= high:
                    message = f"a {_s(shot.duration)} shot with no beats is one beat, outside {band}"
                    fix = Fix(f"split it into beats of {band}, or make it {_s(low)}-{_s(high)}")
                    yield self.report(message, ctx.locate(("shots", index, "duration")), shot=shot.id, fix=fix)
                continue
            order = sorted(range(len(shot.beats)), key=lambda i: shot.beats[i].at)  # disorder is timeline-order's
            ends = [*(shot.beats[i].at for i in order[1:]), shot.duration]
            for position, end in zip(order, ends, strict=True):
                beat = shot.beats[position]
                if end is None or end <= beat.at:
                    continue
                length = end - beat.at
                if not low <= length <= high:
                    message = f"beat {beat.action!r} lasts {_s(length)}, outside {band}"
                    at = ctx.locate(("shots", index, "beats", position, "at"))
                    yield self.report(message, at, shot=shot.id, fix=Fix(f"make each beat last {band}"))


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
    picks the nearest length the model renders.

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
            at = ctx.locate(("shots", index, "duration"))
            fix = Fix.replacing(at, f"{nearest:g}", f"make it {_s(nearest)}")
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
