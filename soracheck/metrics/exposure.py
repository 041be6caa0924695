"""Exposure and temporal flicker of frames, from their luma planes.

Luma planes are video range, as decoded (black at 16, white at 235); functions return values
rescaled to 0-1.

References
----------
.. [1] ITU-R BT.601 / BT.709: studio-range luma, 16-235.
.. [2] Z. Huang et al., "VBench: Comprehensive Benchmark Suite for Video Generative Models", CVPR 2024
       (temporal flickering: 1 - mean |f_t - f_t+1| / 255 over consecutive frames).
"""

from __future__ import annotations

import numpy as np

_BLACK, _WHITE = 16.0, 235.0


def luminance(luma: np.ndarray) -> float:
    """Mean luminance of a frame, 0 (video black) to 1 (video white) [1]_."""
    return float(from_levels(luma.mean()))


def from_levels(levels: np.ndarray | float) -> np.ndarray:
    """Luma levels (16-235, e.g. the mean level of each frame of a render) as luminance, 0-1 [1]_."""
    return np.clip((np.asarray(levels, dtype=np.float64) - _BLACK) / (_WHITE - _BLACK), 0.0, 1.0)


def clipped(luma: np.ndarray, *, margin: int = 4) -> tuple[float, float]:
    """Fractions of pixels crushed to black and blown to white (within ``margin`` levels of either end)."""
    size = luma.size
    return float((luma <= _BLACK + margin).sum() / size), float((luma >= _WHITE - margin).sum() / size)


def temporal_flickering(previous: np.ndarray, current: np.ndarray) -> float:
    """VBench's temporal-flickering score of one frame pair [2]_: 1 - mean |f_t - f_t+1| / 255.

    1 for identical frames. A video's score is the mean over its consecutive pairs; like VBench's,
    it counts every change, so motion lowers it as well as flicker.
    """
    return float(1.0 - np.abs(current.astype(np.int16) - previous).mean() / 255.0)


def luminance_flicker(means: np.ndarray) -> float:
    """How much the brightness of a sequence jitters: the mean |second difference| of its mean luminance.

    Parameters
    ----------
    means : ndarray
        Mean luminance (0-1) of consecutive frames.

    Returns
    -------
    float
        0 for constant or steadily changing brightness (a fade, a slow grade), large when brightness
        alternates frame to frame. Unlike :func:`temporal_flickering` it ignores motion.
    """
    if len(means) < 3:
        return 0.0
    return float(np.abs(np.diff(np.asarray(means, dtype=np.float64), n=2)).mean() / 2)
