"""A shot against itself over time: steps with no cut, and a slow slide away from its own beginning.

Generated video fails inside a shot in ways a cut detector does not see. An autoregressive or
extended render may step in exposure or colour from one frame to the next while the picture stays
put; it may wash out (colour and contrast draining away), lose its detail (blur, or texture melting
into noise), or drift so far that its last second no longer looks like its first although every
second looks like the one before [1]_. These functions measure each of those on values the
measurement pass already keeps: each frame's mean luma and chroma, and every sampled frame's
L*a*b* image.

References
----------
.. [1] Z. Huang et al., "VBench: Comprehensive Benchmark Suite for Video Generative Models", CVPR
       2024, and its VBench-Long protocol (long videos judged clip by clip, because frames far apart
       drift while neighbours agree).
.. [2] J. L. Pech-Pacheco, G. Cristóbal, J. Chamorro-Martínez, J. Fernández-Valdivia, "Diatom
       autofocusing in brightfield microscopy: a comparative study", ICPR 2000 (the variance of the
       Laplacian as a measure of focus; its mean magnitude here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Step:
    """A sudden, lasting change of a signal: at ``frame``, by ``size`` (after minus before)."""

    frame: int
    size: float


def steps(values: np.ndarray, window: int, threshold: float, *, within: int = 2) -> list[Step]:
    """Where a per-frame signal steps and stays: its median over the ``window`` frames after a frame
    differs from its median over the ``window`` frames before by at least ``threshold``, and the
    change happens within ``within`` frames (a ramp over seconds — a sunrise, a fade — is not a step).

    Parameters
    ----------
    values : ndarray, shape (N,) or (N, K)
        One value (or vector: the distance between vectors is used) a frame.
    window : int
        Frames on each side whose median is the level before and after.
    threshold : float
        Smallest step reported.
    within : int
        Frames the step may take.

    Returns
    -------
    list of Step
        For each run of frames that qualify, the frame where the signal jumps most from the one
        before; for a vector signal ``size`` is the length of the change.

    Examples
    --------
    >>> [s.frame for s in steps(np.r_[np.zeros(20), np.ones(20)], window=6, threshold=0.5)]
    [20]
    """
    series = np.asarray(values, dtype=np.float64)
    if series.ndim == 1:
        series = series[:, None]
    count = len(series)
    if count < 2 * window + 1:
        return []
    windows = np.lib.stride_tricks.sliding_window_view(series, window, axis=0)  # (N - w + 1, K, w)
    medians = np.median(windows, axis=-1)
    before, after = medians[: count - 2 * window + 1], medians[window:]
    change = after - before  # row i: the step at frame i + window
    sizes = np.linalg.norm(change, axis=1)
    frames = np.arange(window, window + len(change))
    # the change across the step itself: from the frame before it to ``within`` frames after
    across = np.linalg.norm(series[np.minimum(frames + within - 1, count - 1)] - series[frames - 1], axis=1)
    qualifies = (sizes >= threshold) & (across >= 0.6 * sizes)
    found: list[Step] = []
    indices = np.flatnonzero(qualifies)
    for run in np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1) if len(indices) else []:
        jumps = np.linalg.norm(series[frames[run]] - series[frames[run] - 1], axis=1)
        best = int(run[np.argmax(jumps)])  # the frame the change happens at
        size = float(change[best, 0]) if series.shape[1] == 1 else float(sizes[best])
        found.append(Step(int(frames[best]), size))
    return found


def contrast(lab: np.ndarray) -> float:
    """The spread of lightness in an L*a*b* image: the standard deviation of L* (0-50)."""
    return float(lab[..., 0].std())


def colourfulness(lab: np.ndarray) -> float:
    """How colourful an L*a*b* image is: its mean chroma, the mean of sqrt(a*² + b*²)."""
    return float(np.hypot(lab[..., 1], lab[..., 2]).mean())


def detail(lab: np.ndarray) -> float:
    """How much fine detail an L*a*b* image holds: the mean magnitude of the Laplacian of L* [2]_,
    divided by the spread of L* so that a picture washing out does not read as a blurred one.

    A blur lowers it; texture melting into noise raises it.
    """
    lightness = lab[..., 0]
    laplacian = (
        -4 * lightness[1:-1, 1:-1]
        + lightness[:-2, 1:-1]
        + lightness[2:, 1:-1]
        + lightness[1:-1, :-2]
        + lightness[1:-1, 2:]
    )
    return float(np.abs(laplacian).mean() / max(contrast(lab), 1.0))
