"""One pass per render: what it measures on clips whose content is known, and its cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from skimage import data, transform

from soracheck.metrics.measure import Settings, digest, measure, part
from soracheck.metrics.video import VideoError, write_video


def tilt(frames: int = 48, step: int = 4) -> list[np.ndarray]:
    """The camera tilts down the astronaut photograph from her face, ``step`` pixels of 640 a frame."""
    tall = (transform.resize(data.astronaut(), (640, 640), anti_aliasing=True) * 255).astype(np.uint8)
    return [tall[y : y + 360] for y in range(0, frames * step, step)]


@pytest.fixture(scope="module")
def tilted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("renders") / "tilt.mp4"
    write_video(path, tilt(), 24)
    return path


def test_a_tilt_is_measured(tilted: Path) -> None:
    m = measure(tilted)
    assert (m.frames, m.fps, m.width, m.height) == (48, 24, 640, 360)
    assert m.duration == pytest.approx(2.0)
    assert m.transitions == [] and m.problems == []
    assert m.times[0] == 0 and len(m.luminance) == 48
    # Content moves up 4 px of 640 a frame. Motion is measured over a quarter second (6 frames), at
    # every frame of the first and the last second: here, every frame from the sixth.
    assert m.motion[:, 0] == pytest.approx(m.times[6:])
    assert np.median(m.motion[:, 1]) == pytest.approx(-4 / 640, abs=0.001)
    assert np.abs(m.motion[:, 2]).max() < 0.002 and m.motion[:, 3].min() > 0.3
    assert [s.time for s in m.samples] == pytest.approx([0, 1.0])  # a sample a second
    assert m.samples[0] is m.first and m.samples[1].luma is None  # only boundaries keep their luma
    assert m.dynamic[:, 0] == pytest.approx([1.0])
    assert m.dynamic[0, 1] == pytest.approx(2.0, abs=1.5)  # 4 px at 640 is 2 px at the working 320
    assert m.first is not None and m.last is not None and m.last.time == pytest.approx(47 / 24)
    assert m.first.thumbnail.shape[0] <= 90 and m.first.luma.shape == (180, 320)
    assert m.temporal_flickering < 1 and m.luminance_flicker < 0.002


def test_the_face_on_screen_is_described(tilted: Path) -> None:
    from soracheck.metrics.faces import faces, similarity

    found = measure(tilted).faces
    assert [round(s.time, 2) for s in found] == [0, 1, 1.96]  # the first frame, the middle, the last
    (reference,) = faces(data.astronaut())
    (first,) = found[0].faces  # the astronaut's face, 4 pixels of 640 a frame further up each time
    assert similarity(first, reference) > 0.7 and first.box[0] < 120
    assert measure(tilted, Settings(faces=False)).faces == []


def test_a_cut_inside_a_render(tmp_path: Path) -> None:
    coffee = (transform.resize(data.coffee(), (360, 640)) * 255).astype(np.uint8)
    path = tmp_path / "cut.mp4"
    write_video(path, [*tilt(24), *[coffee] * 24], 24)
    m = measure(path)
    assert [(t.kind, t.frame) for t in m.transitions] == [("cut", 24)]
    assert m.frame_time(24) == pytest.approx(1.0)


def test_a_shot_of_a_stitched_cut_is_measured_like_its_own_render(tmp_path: Path) -> None:
    coffee = (transform.resize(data.coffee(), (360, 640)) * 255).astype(np.uint8)
    path = tmp_path / "cut.mp4"
    write_video(path, [*tilt(60), *[coffee] * 72, *tilt(60)], 24)
    m = measure(path, Settings(cut_ends=True))
    assert [t.frame for t in m.transitions] == [60, 132]
    # the samples either side of each cut keep their working-size luma, the others do not
    assert [s.time for s in m.samples if s.luma is not None] == pytest.approx([0, 2, 3, 5, 6])
    assert m.samples[2].luma.shape == m.first.luma.shape == m.last.luma.shape == (90, 160)
    middle = part(m, m.frame_time(60), m.frame_time(132))
    assert (middle.frames, middle.duration, middle.start) == (72, pytest.approx(3.0), pytest.approx(2.5))
    assert middle.transitions == [] and middle.times[0] == pytest.approx(2.5)  # times stay the cut's
    assert middle.first.time == pytest.approx(3.0) and middle.last.time == pytest.approx(5.0)
    assert middle.luminance_flicker < 0.002 and len(middle.luminance) == 72
    assert len(middle.motion) and middle.motion[:, 0].min() >= 2.75  # no motion measured across the cut
    assert [f.time for f in middle.faces] == [t for t in (f.time for f in m.faces) if 2.5 <= t < 5.5]
    whole = part(m, 0.0, m.duration)
    assert [t.frame for t in whole.transitions] == [60, 132] and whole.frames == m.frames


def test_the_cache_answers_for_the_same_bytes_and_settings(tilted: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = measure(tilted, cache=cache)
    (entry,) = cache.iterdir()
    again = measure(tilted, cache=cache)
    assert again.frames == first.frames and again.transitions == first.transitions
    for name in ("times", "luminance", "motion", "dynamic"):
        assert np.array_equal(getattr(again, name), getattr(first, name))
    assert np.array_equal(again.samples[1].thumbnail, first.samples[1].thumbnail)
    assert np.array_equal(again.last.luma, first.last.luma) and again.samples[1].luma is None
    assert [s.time for s in again.faces] == [s.time for s in first.faces]
    assert again.faces[0].faces[0].box == first.faces[0].faces[0].box
    assert np.array_equal(again.faces[0].faces[0].descriptor, first.faces[0].faces[0].descriptor)
    entry.write_bytes(b"damaged")  # a broken entry is measured again and rewritten
    assert measure(tilted, cache=cache).frames == 48 and entry.stat().st_size > 100
    measure(tilted, Settings(sample_every=0.5), cache=cache)
    assert len(list(cache.iterdir())) == 2  # other settings, another entry


def test_digest_follows_the_content(tmp_path: Path, tilted: Path) -> None:
    copy = tmp_path / "copy.mp4"
    copy.write_bytes(tilted.read_bytes())
    assert digest(copy) == digest(tilted)
    copy.write_bytes(tilted.read_bytes() + b"\0")
    assert digest(copy) != digest(tilted)


def test_thumbnails_stay_few_over_a_long_render(tmp_path: Path) -> None:
    path = tmp_path / "long.mp4"
    write_video(path, [tilt(1)[0][::4, ::4]] * 60, 1)  # a minute at one frame a second: 60 samples
    m = measure(path, Settings(faces=False))
    assert len(m.samples) == 60 and m.faces == []
    kept = [s.time for s in m.samples if s.thumbnail is not None]
    assert 24 <= len(kept) <= 48 and kept[0] == 0 and np.ptp(np.diff(kept)) == 0  # evenly spread


def test_a_render_with_no_frames(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(VideoError, match="not a readable video"):
        measure(tmp_path / "empty.mp4")


def test_a_photographs_face_is_cached_by_its_content(tmp_path: Path) -> None:
    from PIL import Image

    from soracheck.metrics.measure import photo_face

    cache = tmp_path / "cache"
    Image.fromarray(data.astronaut()).save(tmp_path / "astronaut.png")
    Image.fromarray(data.coffee()).save(tmp_path / "coffee.png")
    first = photo_face(tmp_path / "astronaut.png", cache)
    again = photo_face(tmp_path / "astronaut.png", cache)
    assert first is not None and again is not None and len(list(cache.glob("*.npz"))) == 1
    assert np.array_equal(first.descriptor, again.descriptor) and first.box == again.box
    assert np.array_equal(first.portrait, again.portrait) and first.portrait.shape == (96, 96, 3)
    assert photo_face(tmp_path / "coffee.png", cache) is None and photo_face(tmp_path / "coffee.png", cache) is None
    assert len(list(cache.glob("*.npz"))) == 2  # a photograph without a face is remembered too
    (tmp_path / "broken.png").write_bytes(b"not an image")
    with pytest.raises(OSError):
        photo_face(tmp_path / "broken.png", cache)
