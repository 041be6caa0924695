"""Shot transitions in a stream of frames: hard cuts, fades through black, and dissolves.

The detector reads only the working-size Y, U and V planes of each frame (no colour conversion),
keeps a ring of the last half second of them, and records a few numbers per frame
(:class:`TransitionFeatures`). :func:`find_transitions` then reads those numbers:

- a **hard cut** is a frame whose content change from the previous frame stands far above the change
  around it (an adaptive threshold, after PySceneDetect's AdaptiveDetector), and is not a flash: the
  frame after it does not return to the frame before it, nor does it return to the frame before last;
- a **fade** is a run of black frames inside the video (after PySceneDetect's ThresholdDetector), with
  the brightness ramps on either side;
- a **dissolve** is a stretch where the frame half a second ago and the current one differ in structure,
  no single step is a cut, and the frame between them is their average — which tells a cross-dissolve
  from a camera move or a change of brightness.

References
----------
.. [1] B. Castellano, PySceneDetect, https://www.scenedetect.com (content, adaptive and threshold detectors).
.. [2] R. Lienhart, "Reliable transition detection in videos: a survey and practitioner's guide",
       International Journal of Image and Graphics 1(3), 2001.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import numpy as np


def stacked(planes: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """A frame's Y, U and V planes (uint8, all one shape) stacked as int16, shape (3, H, W).

    Transitions are found on planes of half the working size (about 160 x 90, ``Frame.planes(2)``):
    large enough for any change of shot, small enough that the per-frame cost stays far below the
    cost of decoding.
    """
    return np.stack(planes).astype(np.int16)


def content_delta(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two frames' stacked Y, U and V planes (see :func:`stacked`).

    Returns
    -------
    float
        0 for identical frames, up to 255. Chroma counts as much as luma, so a cut between two shots
        of equal brightness but different colour is seen.
    """
    return float(np.abs(a - b).mean())


def mix_residual(first: np.ndarray, middle: np.ndarray, last: np.ndarray) -> float:
    """How far ``middle`` is from the average of ``first`` and ``last``, relative to their difference.

    Returns
    -------
    float
        About 0 when ``middle`` is the half-way blend of the other two (a dissolve or a fade), about 0.5
        or more for a camera move or any other change; ``inf`` when ``first`` and ``last`` are equal.
    """
    spread = content_delta(first, last)
    if spread == 0:
        return float("inf")
    return float(np.abs(2 * middle - first - last).mean() / 2 / spread)


def structure_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised cross-correlation of two luma planes: 1 for the same picture at any brightness.

    Returns
    -------
    float
        In [-1, 1]; 1 when either plane is flat (nothing to compare: a change of brightness only).
    """
    x = a.astype(np.float32) - a.mean()
    y = b.astype(np.float32) - b.mean()
    norm = float(np.sqrt((x * x).sum() * (y * y).sum()))
    return 1.0 if norm < 1e-6 * x.size else float((x * y).sum() / norm)


#: Step below which the change from two frames back is not needed (no cut setting is lower).
STEP_GATE = 4.0
#: Change over the dissolve lag below which no frame is tested for a dissolve (any setting is higher).
SPAN_GATE = 2.0
#: Blend residual above which the structure correlation is not needed (any setting is lower).
RESIDUAL_GATE = 0.5
#: Mean luma above which a frame cannot be black (any setting is lower).
DARK_GATE = 64.0


@dataclass
class TransitionFeatures:
    """What the transition detector keeps of each frame: a few numbers, never the frames.

    Feed frames in order with :meth:`add`; the lists grow by one value per frame. To keep the cost
    per frame low, some values are only computed where they can matter: the change from two frames
    back around a step of at least :data:`STEP_GATE` (elsewhere NaN), the blend residual where the
    content changed by at least :data:`SPAN_GATE` over the lag (elsewhere inf), the structure
    correlation where that residual is at most :data:`RESIDUAL_GATE` (elsewhere 1), and the luma's
    spread where the frame is dark enough to be black (elsewhere NaN).
    """

    fps: float
    #: Content change from the previous frame (0 for the first), and of its luma plane alone.
    step: list[float] = field(default_factory=list)
    luma_step: list[float] = field(default_factory=list)
    #: Content change from two frames back.
    skip: list[float] = field(default_factory=list)
    #: Luma change from :attr:`lag` frames back, the blend residual at half way, and the structure
    #: correlation with that frame (0, inf and 1 until the ring is full).
    span: list[float] = field(default_factory=list)
    residual: list[float] = field(default_factory=list)
    correlation: list[float] = field(default_factory=list)
    #: Structure correlation of the luma with the previous frame's, where the step is at least
    #: :data:`STEP_GATE` (elsewhere 1): near 1, the same picture brighter, darker or tinted.
    likeness: list[float] = field(default_factory=list)
    #: Mean and standard deviation of the luma plane.
    mean: list[float] = field(default_factory=list)
    spread: list[float] = field(default_factory=list)
    _ring: deque[np.ndarray] = field(default_factory=deque, repr=False)
    _skip_next: bool = field(default=False, repr=False)

    @property
    def lag(self) -> int:
        """Frames spanned by the dissolve test: half a second, and even."""
        return max(2, 2 * round(self.fps / 4))

    def add(self, planes: np.ndarray) -> None:
        """Record one frame, given as :func:`stacked` planes."""
        ring = self._ring
        ring.append(planes)
        if len(ring) > self.lag + 1:
            ring.popleft()
        per_plane = np.abs(planes - ring[-2]).mean(axis=(1, 2)) if len(ring) > 1 else np.zeros(3)
        step = float(per_plane.mean())
        self.step.append(step)
        self.luma_step.append(float(per_plane[0]))
        wanted = step >= STEP_GATE or self._skip_next
        self._skip_next = step >= STEP_GATE
        self.skip.append(content_delta(ring[-3], planes) if wanted and len(ring) > 2 else float("nan"))
        big = step >= STEP_GATE and len(ring) > 1
        self.likeness.append(structure_correlation(ring[-2][0], planes[0]) if big else 1.0)
        # A dissolve is a blend of pictures: their luma alone shows it, at a third of the cost.
        first, luma = ring[0][0], planes[0]
        span = content_delta(first, luma) if len(ring) == self.lag + 1 else 0.0
        self.span.append(span)
        residual = mix_residual(first, ring[self.lag // 2][0], luma) if span >= SPAN_GATE else float("inf")
        self.residual.append(residual)
        self.correlation.append(structure_correlation(first, luma) if residual <= RESIDUAL_GATE else 1.0)
        mean = float(planes[0].mean())
        self.mean.append(mean)
        self.spread.append(float(planes[0].std()) if mean <= DARK_GATE else float("nan"))


@dataclass(frozen=True)
class Transition:
    """A change of shot: ``frame`` is the first frame of the new shot (for a fade, the middle of the black)."""

    kind: Literal["cut", "fade", "dissolve"]
    frame: int
    #: First and last frame of the transition (equal to ``frame`` for a cut).
    start: int
    end: int
    #: The content change that decided it (the step for a cut, the span for a dissolve, the darkest mean for a fade).
    strength: float


@dataclass(frozen=True)
class DetectorSettings:
    """Parameters of :func:`find_transitions` (part of the measurement's cache key)."""

    #: A cut's step must be at least this (0-255; not below :data:`STEP_GATE`) …
    cut_delta: float = 8.0
    #: … and this many times the median step around it (at least 1).
    cut_ratio: float = 4.0
    #: Frames either side whose median step is the baseline.
    window: int = 8
    #: A step between frames whose luma correlates this well is the same picture changing its
    #: exposure or colour (an in-shot step), not a cut.
    same_picture: float = 0.97
    #: Mean luma at or below which a frame is black (video black is 16), with little variation in it.
    black_mean: float = 24.0
    black_spread: float = 10.0
    #: A dissolve changes content by at least this over :attr:`TransitionFeatures.lag` frames …
    dissolve_delta: float = 6.0
    #: … with a half-way frame this close to the blend …
    dissolve_residual: float = 0.2
    #: … between two pictures this different in structure.
    dissolve_correlation: float = 0.6


def find_transitions(features: TransitionFeatures, *, settings: DetectorSettings | None = None) -> list[Transition]:
    """Hard cuts, fades and dissolves in the frames ``features`` recorded, in frame order.

    Parameters
    ----------
    features : TransitionFeatures
        The numbers recorded for every frame of a render.
    settings : DetectorSettings, optional
        Detection parameters; the defaults are tuned on PySceneDetect's test clips.

    Returns
    -------
    list of Transition
    """
    s = settings or DetectorSettings()
    step = np.asarray(features.step)
    found = _cuts(step, np.asarray(features.skip), np.asarray(features.likeness), s)
    found += _fades(np.asarray(features.mean), np.asarray(features.spread), s)
    found += _dissolves(features, s, [t for t in found if t.kind == "cut"])
    return sorted(found, key=lambda t: t.frame)


#: Content change below which a frame repeats the one before (a render made at a lower frame rate
#: shows each of its frames several times): such steps say nothing of how fast the picture moves.
HELD_STEP = 0.5


def _cuts(step: np.ndarray, skip: np.ndarray, likeness: np.ndarray, s: DetectorSettings) -> list[Transition]:
    cuts: list[Transition] = []
    for i in np.flatnonzero(step >= s.cut_delta):
        around = np.concatenate([step[max(1, i - s.window) : i], step[i + 1 : i + 1 + s.window]])
        # where pictures are held (a fifth of the steps and more are new pictures, the rest
        # repeats: 8 fps shown at 24), the steps of new pictures are the baseline; in still footage,
        # where only a cut or two moves, all of them
        moving = around[around >= HELD_STEP]
        usual = moving if 5 * moving.size >= around.size else around
        baseline = max(1.0, float(np.median(usual))) if usual.size else 1.0
        # A flash: the next frame returns to the one before, or this one returns to the one before last.
        flash = (i + 1 < len(step) and skip[i + 1] < 0.5 * step[i]) or (i >= 2 and skip[i] < 0.5 * step[i])
        if step[i] >= s.cut_ratio * baseline and not flash and likeness[i] < s.same_picture:
            if cuts and i - cuts[-1].end <= 2:  # a cut over two or three frames (a blended frame between)
                last = cuts.pop()
                frame, strength = (last.frame, last.strength) if last.strength >= step[i] else (int(i), float(step[i]))
                cuts.append(Transition("cut", frame, last.start, int(i), strength))
            else:
                cuts.append(Transition("cut", int(i), int(i), int(i), float(step[i])))
    return cuts


def _fades(mean: np.ndarray, spread: np.ndarray, s: DetectorSettings) -> list[Transition]:
    black = (mean <= s.black_mean) & (spread <= s.black_spread)
    fades = []
    for first, last in _runs(black):
        if first == 0 or last == len(mean) - 1:
            continue  # the video opens or closes on black: not a change of shot
        start, end = first, last
        while start > 0 and mean[start - 1] > mean[start]:
            start -= 1
        while end + 1 < len(mean) and mean[end + 1] > mean[end]:
            end += 1
        fades.append(Transition("fade", (first + last + 1) // 2, start, end, float(mean[first : last + 1].min())))
    return fades


def _dissolves(features: TransitionFeatures, s: DetectorSettings, cuts: list[Transition]) -> list[Transition]:
    span = np.asarray(features.span)
    candidate = (
        (span >= s.dissolve_delta)
        & (np.asarray(features.residual) <= s.dissolve_residual)
        & (np.asarray(features.correlation) <= s.dissolve_correlation)
    )
    mean, spread = np.asarray(features.mean), np.asarray(features.spread)
    black = (mean <= s.black_mean) & (spread <= s.black_spread)
    dissolves = []
    for first, last in _runs(candidate):
        start, end = max(0, first - features.lag), last
        if black[start : end + 1].any() or any(start <= c.frame <= end for c in cuts):
            continue  # a fade, or a hard cut seen across the half second
        peak = start + int(np.argmax(span[first : last + 1])) + first - start
        dissolves.append(Transition("dissolve", (start + end + 1) // 2, start, end, float(span[peak])))
    return dissolves


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """First and last index of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), (np.flatnonzero(edges == -1) - 1).tolist(), strict=True))
