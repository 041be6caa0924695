"""Camera and subject motion between two frames: global shift by phase correlation, dynamic degree.

References
----------
.. [1] C. D. Kuglin, D. C. Hines, "The phase correlation image alignment method", Proc. IEEE
       Conference on Cybernetics and Society, 1975.
.. [2] J. R. Jain, A. K. Jain, "Displacement measurement and its application in interframe image
       coding", IEEE Transactions on Communications 29(12), 1981 (block matching).
.. [3] Z. Huang et al., "VBench: Comprehensive Benchmark Suite for Video Generative Models", CVPR 2024
       (dynamic degree: the mean of the largest 5 % of optical-flow magnitudes of a frame pair).
"""

from __future__ import annotations

import numpy as np


def global_motion(previous: np.ndarray, current: np.ndarray) -> tuple[float, float, float]:
    """How far the picture moved from ``previous`` to ``current`` (two luma planes), by phase correlation [1]_.

    Both planes are windowed (Hann) so their borders do not dominate; the correlation peak is refined
    to a fraction of a pixel by a parabola through its neighbours.

    Returns
    -------
    dy, dx : float
        Displacement of the content in pixels of the planes given (positive: down, right). A camera
        panning right moves the content left (``dx < 0``).
    peak : float
        Height of the correlation peak, 0-1: near 1 when one shift explains the whole change, about
        0.05 or less when none does (a cut, or motion that is not the camera's).
    """
    dy, dx, peak = _phase_correlation(previous[None].astype(np.float32), current[None].astype(np.float32))
    return float(dy[0]), float(dx[0]), float(peak[0])


def _phase_correlation(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Phase correlation of each pair of images ``a[i]``, ``b[i]`` (shape (n, h, w)): dy, dx and peak, each (n,)."""
    count, height, width = a.shape
    window = np.outer(np.hanning(height), np.hanning(width)).astype(np.float32)
    fa = np.fft.rfft2((a - a.mean(axis=(1, 2), keepdims=True)) * window)
    fb = np.fft.rfft2((b - b.mean(axis=(1, 2), keepdims=True)) * window)
    cross = fb * np.conj(fa)
    surface = np.fft.irfft2(cross / np.maximum(np.abs(cross), 1e-9), s=(height, width))
    best = surface.reshape(count, -1).argmax(axis=1)
    y, x = np.unravel_index(best, (height, width))
    n = np.arange(count)
    centre = surface[n, y, x]
    dy = y + _vertex(surface[n, (y - 1) % height, x], centre, surface[n, (y + 1) % height, x])
    dx = x + _vertex(surface[n, y, (x - 1) % width], centre, surface[n, y, (x + 1) % width])
    dy = np.where(dy > height / 2, dy - height, dy)
    dx = np.where(dx > width / 2, dx - width, dx)
    return dy, dx, np.clip(centre, 0.0, 1.0)


def _vertex(left: np.ndarray, centre: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Offset of the top of the parabola through three equally spaced samples, in (-0.5, 0.5)."""
    curvature = left - 2 * centre + right
    offset = 0.5 * (left - right) / np.where(curvature < 0, curvature, -1.0)
    return np.where(curvature < 0, np.clip(offset, -0.5, 0.5), 0.0)


def flow_field(
    previous: np.ndarray, current: np.ndarray, *, block: int = 32
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local motion by block matching [2]_: the phase-correlation shift of each ``block``-pixel square.

    Returns
    -------
    v, u : ndarray, shape (rows, columns)
        Row and column displacement of each block's content, in pixels of the planes given.
    peak : ndarray, shape (rows, columns)
        Each block's correlation peak (see :func:`global_motion`): low where the block is flat or
        its content changed rather than moved. All three are empty for a picture smaller than a block.
    """
    rows, columns = previous.shape[0] // block, previous.shape[1] // block
    if rows == 0 or columns == 0:  # a picture smaller than a block has none to match
        empty = np.zeros((rows, columns))
        return empty, empty, empty

    def blocks(plane: np.ndarray) -> np.ndarray:
        cropped = plane[: rows * block, : columns * block].astype(np.float32)
        return cropped.reshape(rows, block, columns, block).swapaxes(1, 2).reshape(-1, block, block)

    dy, dx, peak = _phase_correlation(blocks(previous), blocks(current))
    return dy.reshape(rows, columns), dx.reshape(rows, columns), peak.reshape(rows, columns)


def dynamic_degree(previous: np.ndarray, current: np.ndarray, *, top: float = 0.05, block: int = 32) -> float:
    """VBench's dynamic degree [3]_ of a frame pair, with block matching for RAFT's optical flow.

    VBench averages the largest 5 % of a dense flow's magnitudes; with a few dozen blocks that
    would be one or two blocks, so one mismatched block would decide. The (1 - ``top``) quantile
    of the blocks' motion keeps the idea (the fastest motion in the picture) and not the outlier.

    Returns
    -------
    float
        The quantile of the motion of the blocks that registered (correlation peak of at least 0.2),
        in pixels a frame of the planes given: 0 for a still picture, growing with the fastest motion
        in it. Reliable up to a quarter of ``block`` a frame; faster motion reads lower.
    """
    v, u, peak = flow_field(previous, current, block=block)
    magnitude = np.hypot(v, u)[peak >= 0.2]
    return float(np.quantile(magnitude, 1 - top)) if magnitude.size else 0.0
