"""Transitions: the peer clips' known cuts and fades, the no-cut Sintel shot, and synthetic clips whose answer is known."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from skimage import data, transform

from soracheck.metrics.cuts import (
    TransitionFeatures,
    content_delta,
    find_transitions,
    mix_residual,
    stacked,
    structure_correlation,
)
from soracheck.metrics.video import Video, write_video


def transitions(path: Path) -> list[tuple[str, int]]:
    with Video(path) as video:
        features = TransitionFeatures(video.info.fps)
        for frame in video.frames():
            features.add(stacked(frame.planes(2)))
    return [(t.kind, t.frame) for t in find_transitions(features)]


def cuts(found: list[tuple[str, int]]) -> list[int]:
    return [frame for kind, frame in found if kind == "cut"]


def test_testvideo_hard_cuts_exactly_at_30_and_180(shared: Path) -> None:
    found = transitions(shared / "corpus/videos/testvideo.mp4")
    assert cuts(found) == [30, 180]
    # Its fades in from black start scenes where PySceneDetect's fade-aware detector puts them (198, 377).
    fades = [frame for kind, frame in found if kind == "fade"]
    assert len(fades) == 2 and abs(fades[0] - 198) <= 2 and abs(fades[1] - 377) <= 2
    dissolves = [frame for kind, frame in found if kind == "dissolve"]
    assert len(dissolves) == 1 and 529 <= dissolves[0] <= 558  # the cross-dissolve at about 529-558


def test_counter_colour_cuts_at_10_and_20(shared: Path) -> None:
    assert transitions(shared / "corpus/videos/counter.mp4") == [("cut", 10), ("cut", 20)]


def test_fades_are_fades_not_cuts(shared: Path) -> None:
    assert transitions(shared / "corpus/videos/fades.mp4") == [("fade", 84), ("fade", 167)]


def test_no_transition_in_one_continuous_shot(shared: Path) -> None:
    assert transitions(shared / "corpus/sintel") == []
    assert transitions(shared / "corpus/videos/delayed_start.mp4") == []


def picture(name: str, size: tuple[int, int] = (240, 320)) -> np.ndarray:
    image = getattr(data, name)()
    return (transform.resize(image, size, anti_aliasing=True) * 255).astype(np.uint8)


def clip(tmp_path: Path, frames: list[np.ndarray], fps: float = 24) -> list[tuple[str, int]]:
    path = tmp_path / "clip.mp4"
    write_video(path, frames, fps)
    return transitions(path)


def test_a_cross_dissolve_is_a_dissolve(tmp_path: Path) -> None:
    a, b = picture("astronaut").astype(float), picture("coffee").astype(float)
    mix = [a] * 24 + [(1 - w) * a + w * b for w in np.linspace(0, 1, 18)] + [b] * 24
    found = clip(tmp_path, [m.astype(np.uint8) for m in mix])
    assert [kind for kind, _ in found] == ["dissolve"]
    assert 24 <= found[0][1] <= 42


def test_a_camera_pan_is_no_transition(tmp_path: Path) -> None:
    wide = picture("astronaut", (240, 640))
    frames = [wide[:, x : x + 320] for x in range(0, 320, 6)]  # a steady pan, 6 px a frame
    assert clip(tmp_path, frames) == []


def test_a_brightness_change_and_a_flash_are_no_transition(tmp_path: Path) -> None:
    base = picture("chelsea").astype(float)
    ramp = [np.clip(base * g, 0, 255) for g in np.linspace(1.0, 0.5, 24)]
    flash = [base] * 12 + [np.full_like(base, 250)] + [base] * 12
    frames = [f.astype(np.uint8) for f in [*ramp, *reversed(ramp), *flash]]
    assert clip(tmp_path, frames) == []


def test_a_hard_cut_between_pictures(tmp_path: Path) -> None:
    frames = [picture("astronaut")] * 20 + [picture("coffee")] * 20
    assert clip(tmp_path, frames) == [("cut", 20)]


def test_a_fast_move_at_a_low_frame_rate_shown_at_a_higher_one_is_no_cut(tmp_path: Path) -> None:
    """An 8 fps render shown at 24 fps holds each picture three frames, then jumps (a real GIF did)."""
    wide = picture("astronaut", (240, 960))
    moves = [wide[:, x : x + 320] for x in range(0, 640, 40)]  # 40 px a picture: far, at 8 fps
    assert clip(tmp_path, [m for m in moves for _ in range(3)]) == []


def test_a_cut_over_a_frame_between_is_one_cut(tmp_path: Path) -> None:
    """A model's cut that passes through one frame of something else is one change of shot (a real one did)."""
    frames = [picture("astronaut")] * 20 + [picture("chelsea")] + [picture("coffee")] * 20
    assert clip(tmp_path, frames) == [("cut", 20)]


def test_content_delta_known_values() -> None:
    zeros = stacked((np.zeros((4, 4), np.uint8),) * 3)
    assert zeros.shape == (3, 4, 4) and zeros.dtype == np.int16
    assert content_delta(zeros, zeros) == 0
    colour = stacked(tuple(np.full((4, 4), level, np.uint8) for level in (10, 40, 250)))
    assert content_delta(zeros, colour) == pytest.approx((10 + 40 + 250) / 3)


def test_mix_residual_and_structure_correlation() -> None:
    rng = np.random.default_rng(0)
    a, b = (rng.integers(0, 256, (3, 16, 16)).astype(np.int16) for _ in range(2))
    half = (a + b) // 2
    assert mix_residual(a, half, b) < 0.02
    assert mix_residual(a, a, b) == pytest.approx(0.5, abs=0.01)
    assert mix_residual(a, b, a) == float("inf")
    assert structure_correlation(a[0], a[0] // 2 + 60) == pytest.approx(1.0, abs=0.01)
    assert abs(structure_correlation(a[0], b[0])) < 0.2
    assert structure_correlation(np.full((8, 8), 30, np.uint8), a[0][:8, :8]) == 1.0
