"""Structural similarity of two frames.

References
----------
.. [1] Z. Wang, A. C. Bovik, H. R. Sheikh, E. P. Simoncelli, "Image quality assessment: from error
       visibility to structural similarity", IEEE Transactions on Image Processing 13(4), 2004.
"""

from __future__ import annotations

import numpy as np


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM [1]_ of two same-shape uint8 luma planes (7x7 windows): 1 identical, near 0 unrelated.

    Run on the working-size planes, and only on sampled frames and at shot boundaries: on every
    frame it would cost more than decoding.
    """
    from skimage.metrics import structural_similarity

    if a.shape != b.shape:
        raise ValueError(f"frames of different shapes: {a.shape} and {b.shape}")
    return float(structural_similarity(a, b, data_range=255))
