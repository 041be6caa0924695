"""Each metric on frames whose answer is known: flat colours, published test pairs, exact shifts, real photographs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import shift as move
from skimage import data, transform

from soracheck.metrics.color import (
    delta_e,
    dominant_palette,
    hex_to_lab,
    histogram_distance,
    lab_histogram,
    mean_lab,
    region_means,
    to_lab,
)
from soracheck.metrics.exposure import clipped, luminance, luminance_flicker, temporal_flickering
from soracheck.metrics.motion import dynamic_degree, global_motion
from soracheck.metrics.structure import ssim


def photo(name: str, size: tuple[int, int] = (180, 320)) -> np.ndarray:
    return (transform.resize(getattr(data, name)(), size, anti_aliasing=True) * 255).astype(np.uint8)


def grey(name: str) -> np.ndarray:
    image = photo(name)
    return (image.mean(axis=2) if image.ndim == 3 else image).astype(np.uint8)


def flat(colour: tuple[int, int, int], size: tuple[int, int] = (8, 8)) -> np.ndarray:
    return np.broadcast_to(np.array(colour, np.uint8), (*size, 3)).copy()


# colour


def test_lab_of_white_black_and_hex() -> None:
    assert mean_lab(to_lab(flat((255, 255, 255)))) == pytest.approx([100, 0, 0], abs=0.01)
    assert mean_lab(to_lab(flat((0, 0, 0)))) == pytest.approx([0, 0, 0], abs=0.01)
    assert hex_to_lab(["#FFFFFF", "#000000"]) == pytest.approx(np.array([[100, 0, 0], [0, 0, 0]]), abs=0.01)
    assert hex_to_lab(["#ff0000"])[0] == pytest.approx(mean_lab(to_lab(flat((255, 0, 0)))))


#: Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 11, 12, 17, 25 and 33 (the hue and chroma edge cases).
SHARMA = [
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
    ((50, 2.49, -0.001), (50, -2.49, 0.0010), 7.1792),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
]


def test_ciede2000_agrees_with_the_published_test_data() -> None:
    first, second, expected = (np.array(column, dtype=float) for column in zip(*SHARMA, strict=True))
    assert delta_e(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e(second, first) == pytest.approx(expected, abs=1e-4)  # symmetric
    assert float(delta_e(np.array([50, 0, 0]), np.array([50, 0, 0]))) == 0.0


def test_region_means_find_a_change_in_one_corner() -> None:
    before = flat((120, 90, 60), (90, 90))
    after = before.copy()
    after[:30, :30] = (30, 30, 160)  # the top-left ninth turns blue
    jump = delta_e(region_means(to_lab(before)), region_means(to_lab(after)))
    assert jump.shape == (3, 3)
    assert jump[0, 0] > 30 and np.delete(jump.ravel(), 0).max() < 1e-6


def test_histogram_distance_bounds() -> None:
    red, blue = lab_histogram(to_lab(flat((220, 20, 20)))), lab_histogram(to_lab(flat((20, 20, 220))))
    assert red.sum() == pytest.approx(1)
    assert histogram_distance(red, red) == pytest.approx(0, abs=1e-9)
    assert histogram_distance(red, blue) == pytest.approx(1)
    coffee = lab_histogram(to_lab(photo("coffee")))
    assert 0.1 < histogram_distance(coffee, lab_histogram(to_lab(photo("astronaut")))) < 1


def test_dominant_palette_of_a_two_colour_image() -> None:
    image = flat((200, 30, 30), (10, 10))
    image[:, 7:] = (30, 30, 200)
    centres, shares = dominant_palette(to_lab(image))
    assert shares == pytest.approx([0.7, 0.3])
    assert centres == pytest.approx(
        np.stack([mean_lab(to_lab(flat((200, 30, 30)))), mean_lab(to_lab(flat((30, 30, 200))))]), abs=0.01
    )
    again, _ = dominant_palette(to_lab(photo("coffee")))
    assert np.array_equal(again, dominant_palette(to_lab(photo("coffee")))[0])  # deterministic


# structure


def test_ssim_known_cases() -> None:
    camera = grey("camera")
    assert ssim(camera, camera) == pytest.approx(1.0)
    noisy = np.clip(camera + np.random.default_rng(0).normal(0, 25, camera.shape), 0, 255).astype(np.uint8)
    assert 0.2 < ssim(camera, noisy) < 0.8
    assert ssim(camera, grey("coffee")) < 0.3
    with pytest.raises(ValueError, match="different shapes"):
        ssim(camera, camera[:10])


# motion


@pytest.mark.parametrize("shift", [(0.0, 0.0), (3.0, -5.0), (0.5, 2.25), (-7.0, 12.0)])
def test_global_motion_recovers_a_known_shift(shift: tuple[float, float]) -> None:
    camera = grey("camera").astype(float)
    dy, dx, peak = global_motion(camera, move(camera, shift, mode="nearest"))
    assert (dy, dx) == pytest.approx(shift, abs=0.3)
    assert peak > 0.5


def test_global_motion_of_a_pan_and_across_a_cut() -> None:
    wide = transform.resize(grey("astronaut"), (180, 640), preserve_range=True)
    dy, dx, _ = global_motion(wide[:, 100:420], wide[:, 106:426])  # the camera pans right 6 px
    assert (dy, dx) == pytest.approx((0, -6), abs=0.3)
    assert global_motion(grey("camera"), grey("coffee"))[2] < 0.1


def test_dynamic_degree_measures_the_motion() -> None:
    camera = grey("camera").astype(float)
    assert dynamic_degree(camera, camera) == pytest.approx(0, abs=1e-6)
    for shift in [(0, 1), (0, 3), (3, -5), (0, 8)]:  # up to a quarter of the 32-pixel blocks
        assert dynamic_degree(camera, move(camera, shift, mode="nearest")) == pytest.approx(np.hypot(*shift), rel=0.03)
    coffee = grey("coffee").astype(float)
    still_but_one = coffee.copy()
    still_but_one[64:96, 128:160] = move(coffee, (0, 4), mode="nearest")[64:96, 128:160]  # one block moves
    assert dynamic_degree(coffee, still_but_one) < 0.5  # one block of 50 is not the picture's motion
    assert dynamic_degree(coffee, grey("chelsea")) < 40  # unrelated pictures: blocks do not register


# exposure and flicker


def test_a_picture_smaller_than_a_block_has_no_motion_to_measure() -> None:
    tiny = np.zeros((12, 16), np.float32)
    assert dynamic_degree(tiny, tiny + 1) == 0.0


def test_luminance_and_clipping_in_video_range() -> None:
    assert luminance(np.full((4, 4), 16, np.uint8)) == 0
    assert luminance(np.full((4, 4), 235, np.uint8)) == 1
    assert luminance(np.full((4, 4), 125, np.uint8)) == pytest.approx(109 / 219)
    half = np.full((4, 4), 128, np.uint8)
    half[:2] = 12
    half[3, 3] = 240
    assert clipped(half) == (0.5, 1 / 16)


def test_flicker_scores() -> None:
    a = np.full((4, 4), 100, np.uint8)
    assert temporal_flickering(a, a) == 1
    assert temporal_flickering(a, a + 51) == pytest.approx(0.8)
    assert luminance_flicker(np.full(10, 0.4)) == 0
    assert luminance_flicker(np.linspace(0.2, 0.8, 10)) == pytest.approx(0, abs=1e-12)  # a fade is not flicker
    assert luminance_flicker(np.array([0.5, 0.6] * 5)) == pytest.approx(0.1)
    assert luminance_flicker(np.array([0.5, 0.6])) == 0


def test_lab_conversion_agrees_with_scikit_image() -> None:
    from skimage.color import rgb2lab

    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    assert to_lab(image) == pytest.approx(
        rgb2lab(image), abs=1e-3
    )  # 1e-3 is a thousandth of a just-noticeable difference
    assert to_lab(photo("coffee")) == pytest.approx(rgb2lab(photo("coffee")), abs=1e-3)
