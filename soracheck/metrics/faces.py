"""Who is on screen: a face found by scikit-image's LBP cascade, described by its shape and colours.

An :class:`Appearance` is a HOG descriptor of the face (its shape: features, hair line, glasses)
and an a*b* colour histogram of it (skin, hair, make-up), from the largest frontal face the cascade
finds, white-balanced first so that a shot's grade does not read as a different person. When it finds none (a profile, a back, a face too small), the *fallback* describes the centre
of the frame — half its width and height, where a framed subject stands — and says so
(``face=False``): the comparison then speaks for the subject's look rather than their face, and the
rules weigh it accordingly. Similarity between two appearances is 0-1.

References
----------
.. [1] S. Liao, X. Zhu, Z. Lei, L. Zhang, S. Z. Li, "Learning multi-scale block local binary patterns
       for face recognition", ICB 2007 (the MB-LBP cascade shipped with scikit-image and OpenCV).
.. [2] N. Dalal, B. Triggs, "Histograms of oriented gradients for human detection", CVPR 2005.
.. [3] G. Buchsbaum, "A spatial processor model for object colour perception", Journal of the
       Franklin Institute 310(1), 1980 (the grey-world assumption).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from soracheck.metrics.color import histogram_distance, to_lab

if TYPE_CHECKING:
    from skimage.feature import Cascade

#: Side of the square a face is resized to before HOG.
_FACE = 64
#: a* and b* histogram bins and range.
_BINS, _RANGE = 12, (-60.0, 60.0)


@dataclass(frozen=True)
class Appearance:
    #: HOG of the face (or of the frame's centre), L2-normalised.
    shape: np.ndarray
    #: Normalised a*b* histogram of the same region.
    colours: np.ndarray
    #: Whether a face was found; if not, the region is the frame's centre.
    face: bool
    #: The region described: row, column, height, width in the image given.
    box: tuple[int, int, int, int]


@cache
def _cascade() -> Cascade:
    from skimage import data
    from skimage.feature import Cascade

    return Cascade(data.lbp_frontal_face_cascade_filename())


def find_face(rgb: np.ndarray, *, min_size: int = 24) -> tuple[int, int, int, int] | None:
    """The largest frontal face in an RGB image [1]_ as (row, column, height, width), or ``None``.

    Candidates confirmed by fewer than 3 overlapping detections are dropped: on a 320-pixel frame
    that removes the cascade's false alarms on textured backgrounds.
    """
    height, width = rgb.shape[:2]
    found = _cascade().detect_multi_scale(
        img=rgb,
        scale_factor=1.2,
        step_ratio=1,
        min_size=(min_size, min_size),
        max_size=(height, width),
        min_neighbor_number=3,
    )
    if not found:
        return None
    best = max(found, key=lambda box: box["width"] * box["height"])
    return int(best["r"]), int(best["c"]), int(best["height"]), int(best["width"])


def appearance(rgb: np.ndarray, *, box: tuple[int, int, int, int] | None = None) -> Appearance:
    """Describe the face in ``rgb`` (found with :func:`find_face` unless ``box`` is given), or the fallback.

    Parameters
    ----------
    rgb : ndarray, shape (H, W, 3), uint8
        A frame or a reference photograph.
    box : tuple of int, optional
        The region to describe, skipping detection.
    """
    from skimage.color import rgb2gray
    from skimage.feature import hog
    from skimage.transform import resize

    face = True
    if box is None:
        box = find_face(rgb)
    if box is None:
        face = False
        height, width = rgb.shape[:2]
        box = (height // 4, width // 4, height // 2, width // 2)
    row, column, tall, wide = box
    region = _balanced(rgb[row : row + tall, column : column + wide])
    grey = resize(rgb2gray(region), (_FACE, _FACE), anti_aliasing=True)
    shape = hog(grey, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2), feature_vector=True)
    shape = shape / max(float(np.linalg.norm(shape)), 1e-9)
    lab = to_lab(region).reshape(-1, 3)
    histogram, _, _ = np.histogram2d(lab[:, 1], lab[:, 2], bins=_BINS, range=(_RANGE, _RANGE))
    colours = (histogram / max(1.0, histogram.sum())).ravel()
    return Appearance(shape.astype(np.float32), colours.astype(np.float32), face, box)


def _balanced(region: np.ndarray) -> np.ndarray:
    """The region under grey-world white balance [3]_: each channel scaled to the same mean.

    A shot's grade (tungsten amber, golden hour, a cold night) tints a face as a whole; balancing
    removes the tint and keeps what belongs to the person: skin against hair, eyes, lips.
    """
    pixels = region.reshape(-1, 3).astype(np.float32)
    means = np.maximum(pixels.mean(axis=0), 1.0)
    return np.clip(region * (means.mean() / means), 0, 255).astype(np.uint8)


def similarity(a: Appearance, b: Appearance) -> float:
    """How alike two appearances are, 0-1: the mean of HOG cosine similarity [2]_ and colour-histogram overlap.

    1 for the same picture. The same face under another pose or light scores well above a
    different face; a face against a fallback region is compared all the same — check ``face``.
    """
    shape = max(0.0, float(np.dot(a.shape, b.shape)))
    colours = 1.0 - histogram_distance(a.colours, b.colours)
    return 0.5 * shape + 0.5 * colours
