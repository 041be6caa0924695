"""The storyboard and its renders as an OpenTimelineIO timeline, with the findings as markers.

One video track, one clip per shot in storyboard order: its render as the media (a missing
reference when it has none), its duration from the storyboard, and the shot's intent (action,
camera, lens, location, cast, directives, transition) in the clip's ``soracheck`` metadata. Each
finding about a shot is a marker on its clip, at the time its evidence points to (red for errors,
yellow for warnings); findings about the whole storyboard are markers on the track.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import opentimelineio as otio

from soracheck.rules.base import Diagnostic, Severity

if TYPE_CHECKING:
    from soracheck.rules.renders import Renders
    from soracheck.storyboard.model import Storyboard

#: Frame rate of shots whose render was not measured.
DEFAULT_RATE = 24.0
_COLOURS = {
    Severity.ERROR: otio.schema.MarkerColor.RED,
    Severity.WARNING: otio.schema.MarkerColor.YELLOW,
    Severity.INFO: otio.schema.MarkerColor.CYAN,
}


def timeline(
    board: Storyboard, path: Path, findings: list[Diagnostic], renders: Renders | None
) -> otio.schema.Timeline:
    """The timeline of the storyboard at ``path``; ``renders`` are its measurements, if frames were checked."""
    result = otio.schema.Timeline(name=board.title or path.stem)
    # The AI-generation label and the declared use travel with the cut, for whoever delivers it.
    placement = ", ".join(board.placement)
    piece = {"disclosure": board.disclosure, "use": board.use, "placement": placement, "audience": board.audience}
    result.metadata["soracheck"] = {key: value for key, value in piece.items() if value}
    track = otio.schema.Track(name="shots", kind=otio.schema.TrackKind.Video)
    result.tracks.append(track)
    measured = renders.shots if renders is not None else {}
    for shot in board.shots:
        m = measured.get(shot.id)
        rate = m.fps if m is not None else DEFAULT_RATE
        length = shot.duration or (m.duration if m is not None else 0.0)
        if shot.render is not None:
            media: otio.core.MediaReference = otio.schema.ExternalReference(
                target_url=(path.parent / shot.render.file).resolve().as_uri(),
                available_range=_range(0.0, m.duration, rate) if m is not None else None,
            )
        else:
            media = otio.schema.MissingReference()
        clip = otio.schema.Clip(name=shot.id, media_reference=media, source_range=_range(0.0, length, rate))
        clip.metadata["soracheck"] = _intent(shot.model_dump(mode="json", exclude_defaults=True))
        for d in findings:
            if d.shot == shot.id:
                time = d.evidence.time if d.evidence and d.evidence.time is not None else 0.0
                clip.markers.append(_marker(d, min(time, max(0.0, length - 1 / rate)), rate))
        track.append(clip)
    for d in findings:
        if d.shot is None:
            track.markers.append(_marker(d, 0.0, DEFAULT_RATE))
    return result


def _range(start: float, duration: float, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(round(start * rate), rate), otio.opentime.RationalTime(round(duration * rate), rate)
    )


def _marker(d: Diagnostic, time: float, rate: float) -> otio.schema.Marker:
    metadata: dict[str, Any] = {"code": d.code, "rule": d.rule, "severity": str(d.severity), "message": d.message}
    metadata["location"] = {"file": d.location.path, "line": d.location.line}
    if d.evidence is not None:
        e = d.evidence
        metadata["evidence"] = {
            "render": e.render,
            "time": e.time,
            "value": e.value,
            "threshold": e.threshold,
            "image": e.image,
        }
    return otio.schema.Marker(
        name=f"{d.code} {d.rule}",
        marked_range=_range(time, 1 / rate, rate),
        color=_COLOURS[d.severity],
        metadata={"soracheck": metadata},
    )


def _intent(shot: dict[str, Any]) -> dict[str, Any]:
    """The parts of a shot an editor wants at hand on its clip."""
    keys = ("action", "camera", "lens", "location", "cast", "directives", "transition", "duration")
    return {key: shot[key] for key in keys if key in shot}
