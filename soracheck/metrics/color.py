"""Colour of frames in CIE L*a*b*: means, CIEDE2000 differences, histogram distance, dominant palette.

All functions take RGB images as uint8 arrays of shape (H, W, 3) (the working-size frames of
:meth:`soracheck.metrics.video.Frame.rgb`) or L*a*b* arrays from :func:`to_lab`.

References
----------
.. [1] CIE 15:2004, Colorimetry (the L*a*b* space, D65 white).
.. [2] G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference formula: implementation notes,
       supplementary test data, and mathematical observations", Color Research & Application 30(1), 2005.
.. [3] Y. Rubner, C. Tomasi, L. J. Guibas, "The Earth Mover's Distance as a metric for image retrieval",
       IJCV 40(2), 2000 (colour histograms as image signatures).
.. [4] IEC 61966-2-1:1999, the sRGB colour space.
"""

from __future__ import annotations

import numpy as np

#: Bin edges of :func:`lab_histogram`: L* in [0, 100], a* and b* in [-80, 80] (beyond is clipped in).
_RANGES = ((0.0, 100.0), (-80.0, 80.0), (-80.0, 80.0))


#: sRGB (linear) to CIE XYZ, and the D65 white point [1]_, [4]_.
_SRGB_TO_XYZ = np.array(
    [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]]
)
_D65 = np.array([0.95047, 1.0, 1.08883])


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """L*a*b* (D65) of an sRGB uint8 image, as float64 (H, W, 3) [1]_, [4]_.

    The sRGB transfer curve is undone, the linear values taken to XYZ and divided by the white
    point, then compressed by the CIE cube-root curve (linear near black).
    """
    c = rgb.astype(np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _SRGB_TO_XYZ.T / _D65
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def mean_lab(lab: np.ndarray) -> np.ndarray:
    """The mean L*a*b* colour of an image or region, shape (3,).

    Averaging in L*a*b* (not RGB) keeps the mean perceptually meaningful [1]_.
    """
    return lab.reshape(-1, 3).mean(axis=0)


def delta_e(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference [2]_ between L*a*b* colours (broadcast over leading axes).

    About 1 is a just-noticeable difference; above 10 two colours read as different.

    Parameters
    ----------
    lab1, lab2 : ndarray, shape (..., 3)
        L*a*b* colours.

    Returns
    -------
    ndarray, shape (...)
        The difference of each pair, with k_L = k_C = k_H = 1.
    """
    lab1, lab2 = np.asarray(lab1, dtype=np.float64), np.asarray(lab2, dtype=np.float64)
    (l1, a1, b1), (l2, a2, b2) = np.moveaxis(lab1, -1, 0), np.moveaxis(lab2, -1, 0)
    chroma = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(chroma**7 / (chroma**7 + 25.0**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.arctan2(b1, a1) % (2 * np.pi), np.arctan2(b2, a2) % (2 * np.pi)
    chromatic = (c1 * c2) != 0
    dh = h2 - h1
    dh = np.where(dh > np.pi, dh - 2 * np.pi, np.where(dh < -np.pi, dh + 2 * np.pi, dh)) * chromatic
    dl, dc, d_hue = l2 - l1, c2 - c1, 2 * np.sqrt(c1 * c2) * np.sin(dh / 2)
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_mean = np.where(np.abs(h1 - h2) > np.pi, (h1 + h2 + 2 * np.pi) / 2, (h1 + h2) / 2) % (2 * np.pi)
    h_mean = np.where(chromatic, h_mean, h1 + h2)
    t = (
        1
        - 0.17 * np.cos(h_mean - np.radians(30))
        + 0.24 * np.cos(2 * h_mean)
        + 0.32 * np.cos(3 * h_mean + np.radians(6))
        - 0.20 * np.cos(4 * h_mean - np.radians(63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    rotation = (
        -2
        * np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7))
        * np.sin(np.radians(60) * np.exp(-(((np.degrees(h_mean) - 275) / 25) ** 2)))
    )
    terms = (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_hue / s_h) ** 2 + rotation * (dc / s_c) * (d_hue / s_h)
    return np.sqrt(np.maximum(terms, 0.0))


def hex_to_lab(colours: list[str]) -> np.ndarray:
    """L*a*b* of ``#RRGGBB`` colours, shape (N, 3)."""
    rgb = np.array([[int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] for c in colours], dtype=np.uint8)
    return to_lab(rgb.reshape(-1, 1, 3)).reshape(-1, 3)


def region_means(lab: np.ndarray, *, grid: tuple[int, int] = (3, 3)) -> np.ndarray:
    """Mean L*a*b* of each cell of a ``rows x columns`` grid over the image, shape (rows, columns, 3).

    Comparing two frames cell by cell (``delta_e(region_means(a), region_means(b))``) finds a change
    confined to part of the picture — a lamp switched off, a jacket changing colour — that the
    whole-frame mean dilutes.
    """
    rows, columns = grid
    height, width = lab.shape[:2]
    ys = np.linspace(0, height, rows + 1).astype(int)
    xs = np.linspace(0, width, columns + 1).astype(int)
    return np.array(
        [[mean_lab(lab[ys[r] : ys[r + 1], xs[c] : xs[c + 1]]) for c in range(columns)] for r in range(rows)]
    )


def lab_histogram(lab: np.ndarray, *, bins: int = 8) -> np.ndarray:
    """A normalised ``bins``³ histogram of L*a*b* values (sums to 1), flattened."""
    histogram, _ = np.histogramdd(lab.reshape(-1, 3), bins=bins, range=_RANGES)
    return (histogram / max(1.0, histogram.sum())).ravel()


def histogram_distance(h1: np.ndarray, h2: np.ndarray) -> float:
    """Hellinger distance between two normalised histograms: 0 identical, 1 no overlap [3]_."""
    overlap = float(np.sqrt(h1 * h2).sum())
    return float(np.sqrt(max(0.0, 1.0 - overlap)))


def dominant_palette(lab: np.ndarray, *, colours: int = 5, samples: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """The ``colours`` dominant L*a*b* colours of an image and the share of pixels each covers.

    k-means (k-means++ seeding, fixed seed, so the same image always gives the same palette) on an
    even subsample of at most ``samples`` pixels.

    Returns
    -------
    centres : ndarray, shape (k, 3)
        L*a*b* colours, largest share first (k ≤ ``colours``: empty clusters are dropped).
    shares : ndarray, shape (k,)
        Fraction of pixels nearest each colour; sums to 1.
    """
    from scipy.cluster.vq import kmeans2

    pixels = lab.reshape(-1, 3)
    pixels = pixels[:: max(1, len(pixels) // samples)]
    k = min(colours, len(np.unique(pixels.round(1), axis=0)))
    centres, labels = kmeans2(pixels, k, minit="++", seed=0)
    counts = np.bincount(labels, minlength=k)
    keep = np.flatnonzero(counts)
    order = keep[np.argsort(-counts[keep], kind="stable")]
    return centres[order], counts[order] / counts.sum()
