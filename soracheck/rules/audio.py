"""Audio (AU): the renders' soundtracks judged against the storyboard's audio intent.

A shot's ``audio`` (music, effects, dialogue and timed cues, from the storyboard or a production
sheet's ``Cues``) says what is heard and when; the measurement (``soracheck.metrics.audio``) says
what is: the loudness every 100 ms, where sounds begin, the true peak, clips. Cue times are seconds
into the shot; in a stitched cut they are counted from where the shot's part begins. A cue is
read by its words (``soracheck.vocabulary.sound``): a sound that begins (a door slam), silence
from then on, or a change with no sharp start (music swells, rain continues), which no rule can
place in time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from soracheck.rules.base import Context, Diagnostic, Evidence, Severity
from soracheck.rules.renders import FrameRule, Renders, boundaries, measured_shots, render_name, render_span
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import NodePath
from soracheck.vocabulary.sound import cue_kind, field_kind

if TYPE_CHECKING:
    import numpy as np

    from soracheck.metrics.audio import Sound
    from soracheck.metrics.measure import Measurements

#: The loudness reported for sound under BS.1770's absolute gate (digital silence has none).
FLOOR = -70.0
#: Seconds at each side of a boundary whose ambience is compared (AU009).
AMBIENCE_SECONDS = 1.0
#: Octave bands more than this many dB under the loudest band of both sides are left out of the
#: comparison, and a band counts at least this far under it: what is masked is not heard.
BAND_RANGE = 30.0


def level(lufs: float) -> float:
    """``lufs``, or :data:`FLOOR` when under it (findings carry finite numbers)."""
    return max(float(lufs), FLOOR)


def said(lufs: float) -> str:
    """A loudness as a finding says it: ``-31.2 LUFS``, or ``under -70 LUFS``."""
    return f"{lufs:.1f} LUFS" if lufs > FLOOR else f"under {FLOOR:g} LUFS"


def declared(shot: Shot) -> list[tuple[NodePath, str]]:
    """What the shot says is heard: its music, effects and dialogue fields that declare sound, and its
    cues that are not silence, as (path in the shot, text)."""
    found: list[tuple[NodePath, str]] = [
        (("audio", name), text)
        for name in ("bgm", "sfx", "dialogue")
        if (text := getattr(shot.audio, name)) and field_kind(text) == "sound"
    ]
    found += [
        (("audio", "cues", k), cue.sound) for k, cue in enumerate(shot.audio.cues) if cue_kind(cue.sound) != "silence"
    ]
    return found


@dataclass(frozen=True)
class Quiet:
    """A stretch of a render where the shot asks for silence: from ``start`` to ``end`` (seconds of the
    render), asked at ``path`` (a silence cue, or a field of the shot) in the words ``text``."""

    start: float
    end: float
    path: NodePath
    text: str


def quiet_spans(shot: Shot, m: Measurements, tolerance: float) -> list[Quiet]:
    """Where the shot asks for silence, ``tolerance`` seconds in from each side: after each silence cue
    until the next cue or the end of the shot, or the whole shot when its fields ask silence and none
    declares sound (nor a cue)."""
    end = m.start + m.duration
    cues = sorted(enumerate(shot.audio.cues), key=lambda item: item[1].at)
    spans = []
    for order, (k, cue) in enumerate(cues):
        if cue_kind(cue.sound) == "silence":
            until = m.start + cues[order + 1][1].at if order + 1 < len(cues) else end
            spans.append(Quiet(m.start + cue.at + tolerance, until - tolerance, ("audio", "cues", k), cue.sound))
    asked = [(name, text) for name in ("bgm", "sfx", "dialogue") if (text := getattr(shot.audio, name))]
    if not spans and not declared(shot) and any(field_kind(text) == "silence" for _, text in asked):
        name, text = next((name, text) for name, text in asked if field_kind(text) == "silence")
        spans.append(Quiet(m.start + tolerance, end - tolerance, ("audio", name), text))
    return [span for span in spans if span.end > span.start]


def stray_onsets(shot: Shot, m: Measurements, span: Quiet, tolerance: float, silence: float) -> np.ndarray:
    """The onsets of ``m``'s sound inside ``span`` that no cue of the shot (but silence) is within
    ``tolerance`` of, and that are heard: some 400 ms block ending in the half second after one is
    louder than ``silence`` (LUFS; a click under it is silence all the same)."""
    import numpy as np

    assert m.sound is not None
    onsets = m.sound.onsets[(m.sound.onsets >= span.start) & (m.sound.onsets < span.end)]
    blocks = m.sound.momentary()
    onsets = np.asarray(
        [t for t in onsets if (blocks[(blocks[:, 0] > t) & (blocks[:, 0] <= t + 0.5), 1] > silence).any()]
    )
    cued = [m.start + cue.at for cue in shot.audio.cues if cue_kind(cue.sound) != "silence"]
    if cued:
        onsets = onsets[np.min(np.abs(onsets[:, None] - np.asarray(cued)[None, :]), axis=1) > tolerance]
    return onsets


def heard_shots(board: Storyboard, renders: Renders) -> Iterator[tuple[int, Measurements, Sound]]:
    """Each shot whose render has a soundtrack: index, measurements and sound, in storyboard order."""
    for index, m in measured_shots(board, renders):
        if m.sound is not None:
            yield index, m, m.sound


class AudioMissing(FrameRule):
    """Flags a render with no soundtrack, or a silent one, where its shot declares sound.

    A shot declares sound with music, effects or dialogue in its `audio` (not "none" or "silence"),
    or a timed cue that is not silence. A soundtrack is silent when its momentary loudness never
    rises above `audio.silence-level` (-50 LUFS).

    ## Why
    Sora 2, Veo 3 and LTX-2 render their sound with the picture: a render without it, or with a
    silent one, was made by a model or a setting that does not, and every cue of the shot is lost.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: ticket
        duration: 4
        audio: {dialogue: "'Your ticket, please.'"}
        render: {file: renders/ticket.mp4}   # rendered without sound
    ```

    ## Fix
    Render the shot with sound (a model that renders audio, or audio generation switched on), or
    add the sound in the edit and take it out of the storyboard.
    """

    code = "AU001"
    name = "audio-missing"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        limit = ctx.config.audio.silence_level
        for index, m in measured_shots(board, renders):
            shot = board.shots[index]
            asked = declared(shot)
            if not asked:
                continue
            path, text = asked[0]
            at = ctx.locate(("shots", index, *path))
            if m.sound is None:
                yield self.report(
                    f"{render_name(m.render)} has no soundtrack; the shot asks for {text!r}",
                    at,
                    shot=shot.id,
                    evidence=Evidence(m.render, None, 0, 1),
                )
                continue
            moments = m.sound.momentary()
            loudest = level(moments[:, 1].max()) if len(moments) else FLOOR
            if loudest <= limit:
                yield self.report(
                    f"{render_name(m.render)}'s soundtrack is silent (never above {max(loudest, FLOOR):.1f} LUFS, "
                    f"silence is under {limit:g}); the shot asks for {text!r}",
                    at,
                    shot=shot.id,
                    evidence=Evidence(m.render, None, loudest, limit, unit="LUFS"),
                )


class CueMissed(FrameRule):
    """Flags a timed cue with no sound beginning within `audio.cue-tolerance` (0.25 s) of its time.

    Sounds begin where the soundtrack's spectral flux peaks (``soracheck.metrics.audio``). Cues of
    silence, and of changes with no sharp start (music swells, rain continues, a fade), are not
    looked for; neither are cues past the end of the render.

    ## Why
    A cue is timed to the picture: a door slam two seconds after the door shut, or a beat drop that
    never comes, is out of sync however right the sound itself is.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: door
        duration: 6
        audio:
          cues: [{at: 2.5, sound: door slams}]   # the slam is heard at 4.5 s
        render: {file: renders/door.mp4}
    ```

    ## Fix
    Render the shot again with the cue in its prompt, move the sound in the edit, or set `at` to
    when it is heard.
    """

    code = "AU002"
    name = "cue-missed"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        tolerance = ctx.config.audio.cue_tolerance
        whole = renders.stitched.sound if renders.stitched is not None else None
        for index, m, sound in heard_shots(board, renders):
            shot = board.shots[index]
            # in a stitched cut, a sound heard just before the shot's part is as near its cue
            onsets = whole.onsets if m.part and whole is not None else sound.onsets
            for k, cue in enumerate(shot.audio.cues):
                time = m.start + cue.at
                if cue_kind(cue.sound) != "onset" or time > min(sound.end, m.start + m.duration):
                    continue
                offsets = onsets - time
                if len(offsets) and abs(offsets).min() <= tolerance:
                    continue
                if len(offsets):
                    nearest = float(offsets[abs(offsets).argmin()])
                    where = f"the nearest begins at {time + nearest:.2f} s ({abs(nearest):.2f} s {'late' if nearest > 0 else 'early'})"
                else:
                    nearest, where = float(m.duration), "none begins in the shot"
                yield self.report(
                    f"cue {cue.sound!r} at {cue.at:g} s: no sound begins within {tolerance:g} s of it in "
                    f"{render_name(m.render)}; {where}",
                    ctx.locate(("shots", index, "audio", "cues", k)),
                    shot=shot.id,
                    evidence=Evidence(m.render, time, abs(nearest), tolerance, unit="s"),
                )


class SoundInSilence(FrameRule):
    """Flags a sound beginning where the shot asks for silence, far from every cue.

    Silence is asked after a `silence` cue until the next cue (or the end of the shot), and over the
    whole shot when its audio fields ask for it ("silence", "dead quiet") and nothing declares sound.
    A sound that begins there, more than `audio.cue-tolerance` from every cue, is a finding at its
    time (one per stretch, with how many more there are).

    ## Why
    Silence is a cue like any other, and the most fragile: a model fills it with room tone, a
    click or a breath, and the moment the storyboard built on is gone.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: vault
        duration: 8
        audio:
          cues: [{at: 3, sound: alarm stops}, {at: 4, sound: silence}]   # a thud at 6.2 s
        render: {file: renders/vault.mp4}
    ```

    ## Fix
    Render the shot again, cut the sound in the edit, or cue it where it belongs.
    """

    code = "AU003"
    name = "sound-in-silence"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        tolerance = ctx.config.audio.cue_tolerance
        for index, m, _ in heard_shots(board, renders):
            shot = board.shots[index]
            for span in quiet_spans(shot, m, tolerance):
                stray = stray_onsets(shot, m, span, tolerance, ctx.config.audio.silence_level)
                if len(stray) == 0:
                    continue
                more = f" (and {len(stray) - 1} more)" if len(stray) > 1 else ""
                yield self.report(
                    f"a sound begins at {stray[0]:.2f} s in {render_name(m.render)}{more}, where the shot asks "
                    f"for silence ({span.text!r}); no cue is within {tolerance:g} s of it",
                    ctx.locate(("shots", index, *span.path)),
                    shot=shot.id,
                    evidence=Evidence(m.render, float(stray[0]), len(stray), 0, unit="onsets"),
                )


class SilenceNotSilent(FrameRule):
    """Flags a stretch asked to be silent whose loudness stays above `audio.silence-level` (-50 LUFS).

    The stretches are SoundInSilence's (AU003); one where a sound begins is AU003's to report. Here
    the sound goes on: music that does not stop, a hum, ambience. The loudest 400 ms block wholly
    inside the stretch is what is measured.

    ## Why
    Silence that is not silent reads as a mistake in the mix, and hides the sound that is meant
    to break it.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: vault
        duration: 8
        audio:
          cues: [{at: 4, sound: total silence}]   # the drone goes on at -31 LUFS
        render: {file: renders/vault.mp4}
    ```

    ## Fix
    Cut the sound in the edit, render again with the silence in the prompt, or write the cue as
    what is heard ("the drone drops to a hum").
    """

    code = "AU004"
    name = "silence-not-silent"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        tolerance, limit = ctx.config.audio.cue_tolerance, ctx.config.audio.silence_level
        for index, m, sound in heard_shots(board, renders):
            shot = board.shots[index]
            for span in quiet_spans(shot, m, tolerance):
                blocks = sound.momentary()
                inside = blocks[(blocks[:, 0] - 0.4 >= span.start - 1e-9) & (blocks[:, 0] <= span.end + 1e-9)]
                if len(inside) == 0 or len(stray_onsets(shot, m, span, tolerance, limit)):
                    continue
                loudest = int(inside[:, 1].argmax())
                value = level(inside[loudest, 1])
                if value > limit:
                    time = float(inside[loudest, 0]) - 0.4
                    yield self.report(
                        f"{render_name(m.render)} is not silent where the shot asks for it ({span.text!r}): "
                        f"{said(value)} at {time:.2f} s, silence is under {limit:g} LUFS",
                        ctx.locate(("shots", index, *span.path)),
                        shot=shot.id,
                        evidence=Evidence(m.render, time, value, limit, unit="LUFS"),
                    )


class LoudnessOffTarget(FrameRule):
    """Flags a piece whose integrated loudness is off the target of a placement it is shown in.

    The piece is the shots shown in the placement (the project's `placement`, or a shot's own), in
    order: their 400 ms blocks gated together as BS.1770-4 gates one programme. The targets are
    `[audio.placements]`, over a built-in table: broadcast -23 LUFS ±1 LU (EBU R 128), atsc -24 ±2
    (ATSC A/85), social and web -14 ±2 (what YouTube and Spotify normalise to). A placement without
    a target, or a storyboard without a placement, is said to be not judged.

    ## Why
    A broadcaster rejects a spot off R 128; a platform turns a loud one down and leaves a quiet one
    quiet, under the next video. Loudness is set for where the piece is shown, not by ear.

    ## Example
    ```yaml
    title: Redline
    placement: [broadcast]
    shots:
      - {id: ticket, duration: 4, audio: {bgm: driving synth}, render: {file: renders/ticket.mp4}}   # -15 LUFS
    ```

    ## Fix
    Normalise the mix to the placement's target (a loudness normaliser, such as FFmpeg's
    `loudnorm`), or name the placement the piece is really for.
    """

    code = "AU005"
    name = "loudness-off-target"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        import numpy as np

        from soracheck.metrics.audio import integrated

        for placement, (path, shots) in _placements(board, renders).items():
            target = ctx.config.audio.loudness(placement)
            if target is None:
                continue
            sounds = [(i, m, m.sound) for i, m in shots if m.sound is not None]
            value = integrated(np.concatenate([s.hops for _, _, s in sounds])) if sounds else float("-inf")
            if value == float("-inf") or abs(value - target.target) <= target.tolerance:
                continue
            index, m, loudest = max(sounds, key=lambda item: item[2].integrated)
            off = value - target.target
            yield self.report(
                f"the piece measures {value:.1f} LUFS integrated over {len(sounds)} "
                f"render{'s' * (len(sounds) != 1)}; {placement} asks {target.target:g} LUFS ±{target.tolerance:g} LU: "
                f"{abs(off):.1f} LU too {'loud' if off > 0 else 'quiet'} (the loudest, {board.shots[index].id}, "
                f"at {said(loudest.integrated)})",
                ctx.locate(path),
                evidence=Evidence(m.render, None, value, target.target, unit="LUFS"),
            )

    def unjudged(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[str]:
        heard = [m for _, m in measured_shots(board, renders) if m.sound is not None]
        if not heard:
            return
        placements = _placements(board, renders)
        if not placements:
            yield "loudness, as the storyboard names no placement"
        for placement in placements:
            if ctx.config.audio.loudness(placement) is None:
                yield f"loudness on {placement}, which has no target ([audio.placements.{placement}] sets one)"


def _placements(board: Storyboard, renders: Renders) -> dict[str, tuple[NodePath, list[tuple[int, Measurements]]]]:
    """Each placement named, lower-cased: where it is first written, and the measured shots shown in it."""
    found: dict[str, tuple[NodePath, list[tuple[int, Measurements]]]] = {}
    for index, shot in enumerate(board.shots):
        own = bool(shot.placement)
        for k, placement in enumerate(board.use_of(shot)[1]):
            path: NodePath = ("shots", index, "placement", k) if own else ("placement", k)
            entry = found.setdefault(placement.strip().lower(), (path, []))
            if shot.id in renders.shots:
                entry[1].append((index, renders.shots[shot.id]))
    return found


class TruePeakOver(FrameRule):
    """Flags a render whose true peak is above the ceiling of its placement (-1 dBTP by default).

    The ceiling is the lowest `max-true-peak` of the shot's placements (`[audio.placements]`: -1
    dBTP for broadcast under EBU R 128, -2 for ATSC A/85), else `audio.max-true-peak`. The true peak
    is measured four times oversampled (BS.1770-4), which finds the peaks between samples.

    ## Why
    Peaks above the ceiling distort once the sound is encoded again for broadcast or streaming: a
    lossy codec's reconstruction overshoots the original's samples.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: ticket, duration: 4, audio: {sfx: turnstile clunk}, render: {file: renders/ticket.mp4}}   # peaks at +0.4 dBTP
    ```

    ## Fix
    Limit the mix to the ceiling (a true-peak limiter), or normalise it lower.
    """

    code = "AU006"
    name = "true-peak-over"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.audio import HOP

        for index, m, sound in heard_shots(board, renders):
            targets = [ctx.config.audio.loudness(p) for p in board.use_of(board.shots[index])[1]]
            ceiling = min((t.max_true_peak for t in targets if t is not None), default=ctx.config.audio.max_true_peak)
            if sound.true_peak > ceiling:
                time = sound.start + int(sound.peaks.argmax()) * HOP
                yield self.report(
                    f"{render_name(m.render)} peaks at {sound.true_peak:+.1f} dBTP at {time:.2f} s, above the "
                    f"{ceiling:g} dBTP ceiling",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, time, sound.true_peak, ceiling, unit="dBTP"),
                )


class Clipping(FrameRule):
    """Flags a render whose sound is clipped: waves cut off flat at full scale.

    A clip is three or more consecutive samples of one channel at full scale (a lone full-scale
    sample is a loud peak). The finding gives the first clip's time and how many there are.

    ## Why
    Clipping is distortion that no later step removes: the top of the wave is gone. A model's
    soundtrack normalised too hot, or a mix pushed past 0 dBFS, clips.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: ticket, duration: 4, audio: {bgm: driving synth}, render: {file: renders/ticket.mp4}}   # clipped 40 times
    ```

    ## Fix
    Render the sound again, or take it from a mix with headroom; lowering the level afterwards
    keeps the distortion.
    """

    code = "AU007"
    name = "clipping"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for index, m, sound in heard_shots(board, renders):
            if len(sound.clips):
                count, first = len(sound.clips), float(sound.clips[0])
                yield self.report(
                    f"{render_name(m.render)}'s sound is clipped {count} time{'s' * (count != 1)}, first at {first:.2f} s",
                    render_span(ctx, board, index),
                    shot=board.shots[index].id,
                    evidence=Evidence(m.render, first, count, 0, unit="clips"),
                )


class SoundLength(FrameRule):
    """Flags a soundtrack that starts late or ends more than `audio.length-tolerance` (0.25 s) from the picture.

    The sound's start is its stream's first timestamp against the video's; its end, where its last
    sample plays. A stitched cut is judged as a whole.

    ## Why
    Sound that starts late is out of sync for the whole shot; sound that ends early drops out
    before the cut, and a longer one is cut off mid-sound by the edit.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: ticket, duration: 4, audio: {sfx: station hum}, render: {file: renders/ticket.mp4}}   # the sound stops at 2.5 s
    ```

    ## Fix
    Render again, or re-mux the render with its whole soundtrack.
    """

    code = "AU008"
    name = "sound-length"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        tolerance = ctx.config.audio.length_tolerance
        judged = [(m, render_span(ctx, board, i), board.shots[i].id) for i, m in measured_shots(board, renders)]
        if renders.stitched is not None:
            judged = [(renders.stitched, ctx.locate(("shots",), key=True), None)]
        for m, at, shot in judged:
            sound = m.sound
            if sound is None or m.part:
                continue
            name = render_name(m.render)
            if sound.start > tolerance:
                yield self.report(
                    f"{name}'s sound starts {sound.start:.2f} s after the picture",
                    at,
                    shot=shot,
                    evidence=Evidence(m.render, 0.0, sound.start, tolerance, unit="s"),
                )
            elif abs(sound.end - m.duration) > tolerance:
                yield self.report(
                    f"{name}'s sound ends at {sound.end:.2f} s, {abs(sound.end - m.duration):.2f} s "
                    f"{'before' if sound.end < m.duration else 'after'} the picture's {m.duration:.2f} s",
                    at,
                    shot=shot,
                    evidence=Evidence(
                        m.render, min(sound.end, m.duration), sound.end - m.duration, tolerance, unit="s"
                    ),
                )


class AmbienceJump(FrameRule):
    """Flags a jump in the ambience's loudness or balance where a shot continues the last one.

    Continuity is asked as the frame rules ask it (a continuation, a match-move, a lighting lock,
    one location; never across a time-jump). The ambience at each side is the median of the 100 ms
    levels over the last second of one render and the first of the next, so a cue near the cut does
    not count: a level more than `audio.max-ambience-jump` (6 LU) apart, or an octave-band balance
    that shifts by more than `audio.max-spectrum-jump` (6 dB on average, the level aside, over the
    bands within 30 dB of the loudest), jumps.

    ## Why
    The ear hears a change of room before the eye sees one: rain that stops at the cut, or a hum
    that becomes a hiss, tells the audience the shots were made apart.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: platform, duration: 6, location: station, audio: {sfx: rain on the roof}, render: {file: renders/platform.mp4}}
      - {id: bench, duration: 6, location: station, audio: {sfx: rain on the roof}, render: {file: renders/bench.mp4}}   # the rain is 12 LU quieter
    ```

    ## Fix
    Lay one ambience bed under both shots in the edit, or render the second with the first's sound
    described.
    """

    code = "AU009"
    name = "ambience-jump"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        settings = ctx.config.audio
        for index, before, after, reasons in boundaries(ctx, board, renders):
            if before.sound is None or after.sound is None:
                continue
            end, start = ambience(before.sound, last=True), ambience(after.sound, last=False)
            if end is None or start is None or max(end[0], start[0]) <= settings.silence_level:
                continue
            jump = start[0] - end[0]
            shift = balance_shift(end[1], start[1])
            cut = f"{board.shots[index - 1].id} → {board.shots[index].id}"
            evidence: Evidence | None = None
            if abs(jump) > settings.max_ambience_jump:
                message = (
                    f"the ambience jumps {jump:+.1f} LU at {cut} ({said(end[0])} → {said(start[0])}), "
                    f"where continuity is asked ({reasons[0]})"
                )
                evidence = Evidence(after.render, after.start, abs(jump), settings.max_ambience_jump, unit="LU")
            elif shift is not None and shift > settings.max_spectrum_jump:
                message = (
                    f"the ambience changes its balance at {cut}: its octave bands shift {shift:.1f} dB on average, "
                    f"where continuity is asked ({reasons[0]})"
                )
                evidence = Evidence(after.render, after.start, shift, settings.max_spectrum_jump, unit="dB")
            if evidence is not None:
                yield self.report(
                    message, render_span(ctx, board, index), shot=board.shots[index].id, evidence=evidence
                )


def ambience(sound: Sound, *, last: bool) -> tuple[float, np.ndarray] | None:
    """The ambience of the first (or ``last``) second of ``sound``: the median of its 100 ms loudness,
    and of its octave-band levels in dB; ``None`` when it is shorter than half a second."""
    import numpy as np

    from soracheck.metrics.audio import HOP, loudness

    count = round(AMBIENCE_SECONDS / HOP)
    hops, bands = (sound.hops[-count:], sound.bands[-count:]) if last else (sound.hops[:count], sound.bands[:count])
    if len(hops) < count // 2:
        return None
    with np.errstate(divide="ignore"):
        levels = 10 * np.log10(np.maximum(bands, 1e-20))
    return level(float(np.median(loudness(hops)))), np.median(levels, axis=0)


def balance_shift(before: np.ndarray, after: np.ndarray) -> float | None:
    """The mean shift (dB) of the octave-band levels from ``before`` to ``after`` once their overall
    difference is taken out, over the bands either side has within :data:`BAND_RANGE` of the loudest
    band; ``None`` with fewer than three such bands."""
    import numpy as np

    floor = max(before.max(), after.max()) - BAND_RANGE
    kept = (before > floor) | (after > floor)
    if kept.sum() < 3:
        return None
    difference = np.maximum(after[kept], floor) - np.maximum(before[kept], floor)
    return float(np.abs(difference - np.median(difference)).mean())
