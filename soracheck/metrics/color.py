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
    """
    from skimage.color import deltaE_ciede2000

    return np.asarray(deltaE_ciede2000(lab1, lab2))


def region_means(lab: np.ndarray, grid: tuple[int, int] = (3, 3)) -> np.ndarray:
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


def lab_histogram(lab: np.ndarray, bins: int = 8) -> np.ndarray:
    """A normalised ``bins``³ histogram of L*a*b* values (sums to 1), flattened."""
    histogram, _ = np.histogramdd(lab.reshape(-1, 3), bins=bins, range=_RANGES)
    return (histogram / max(1.0, histogram.sum())).ravel()


def histogram_distance(h1: np.ndarray, h2: np.ndarray) -> float:
    """Hellinger distance between two normalised histograms: 0 identical, 1 no overlap [3]_."""
    overlap = float(np.sqrt(h1 * h2).sum())
    return float(np.sqrt(max(0.0, 1.0 - overlap)))


def dominant_palette(lab: np.ndarray, colours: int = 5, samples: int = 4096) -> tuple[np.ndarray, np.ndarray]:
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
