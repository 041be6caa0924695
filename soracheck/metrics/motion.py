"""Camera and subject motion between two frames: global shift by phase correlation, dynamic degree.

References
----------
.. [1] C. D. Kuglin, D. C. Hines, "The phase correlation image alignment method", Proc. IEEE
       Conference on Cybernetics and Society, 1975.
.. [2] G. Le Besnerais, F. Champagnat, "Dense optical flow by iterative local window registration",
       IEEE ICIP 2005 (the iterative Lucas-Kanade flow of ``skimage.registration.optical_flow_ilk``).
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
    height, width = previous.shape
    window = np.outer(np.hanning(height), np.hanning(width)).astype(np.float32)
    a = np.fft.rfft2((previous - previous.mean()) * window)
    b = np.fft.rfft2((current - current.mean()) * window)
    cross = b * np.conj(a)
    surface = np.fft.irfft2(cross / np.maximum(np.abs(cross), 1e-9), s=(height, width))
    y, x = np.unravel_index(int(np.argmax(surface)), surface.shape)
    dy = y + _vertex(surface[(y - 1) % height, x], surface[y, x], surface[(y + 1) % height, x])
    dx = x + _vertex(surface[y, (x - 1) % width], surface[y, x], surface[y, (x + 1) % width])
    dy = dy - height if dy > height / 2 else dy
    dx = dx - width if dx > width / 2 else dx
    return float(dy), float(dx), float(np.clip(surface[y, x], 0.0, 1.0))


def _vertex(left: float, centre: float, right: float) -> float:
    """Offset of the top of the parabola through three equally spaced samples, in (-0.5, 0.5)."""
    curvature = left - 2 * centre + right
    return 0.0 if curvature >= 0 else float(np.clip(0.5 * (left - right) / curvature, -0.5, 0.5))


def flow_field(previous: np.ndarray, current: np.ndarray, scale: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Dense optical flow [2]_ on the planes averaged down to ``scale``, in pixels of the planes given.

    Returns
    -------
    v, u : ndarray
        Row and column components of the motion of each (downscaled) pixel.
    """
    from skimage.registration import optical_flow_ilk

    factor = max(1, round(1 / scale))
    v, u = optical_flow_ilk(_pool(previous, factor), _pool(current, factor), radius=5, num_warp=3)
    return v * factor, u * factor


def _pool(plane: np.ndarray, factor: int) -> np.ndarray:
    """Mean of each ``factor`` x ``factor`` block (the edge that does not fill a block is dropped)."""
    height, width = plane.shape[0] // factor * factor, plane.shape[1] // factor * factor
    blocks = plane[:height, :width].astype(np.float32).reshape(height // factor, factor, width // factor, factor)
    return blocks.mean(axis=(1, 3))


def dynamic_degree(previous: np.ndarray, current: np.ndarray, top: float = 0.05, scale: float = 0.25) -> float:
    """VBench's dynamic degree [3]_ of a frame pair, with iterative Lucas-Kanade flow for RAFT.

    The flow is computed on the planes averaged down to ``scale`` (about 80 x 45 pixels is enough).

    Returns
    -------
    float
        The mean of the largest ``top`` fraction of flow magnitudes away from the border (an eighth of
        the picture each side), in pixels a frame of the planes given: 0 for a still picture, growing
        with the fastest motion in it. The largest flows carry about a pixel of noise, so a 1-pixel
        motion reads about 2.
    """
    v, u = flow_field(previous, current, scale)
    # The border, where content enters or leaves the picture, has nothing to match: leave it out.
    margin = max(1, min(v.shape) // 8)
    magnitude = np.hypot(v, u)[margin:-margin, margin:-margin].ravel()
    count = max(1, round(top * magnitude.size))
    return float(np.partition(magnitude, magnitude.size - count)[-count:].mean())
