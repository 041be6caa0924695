"""Streaming decode on real files: the peer clips, the Sintel frames, and renders written here with PyAV."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from soracheck.metrics.video import Video, VideoError, write_video


def decode(path: Path) -> tuple[Video, list]:
    with Video(path) as video:
        frames = list(video.frames())
    return video, frames


def flat(n: int, colour: tuple[int, int, int] = (200, 60, 40), size: tuple[int, int] = (240, 320)):
    for _ in range(n):
        yield np.broadcast_to(np.array(colour, np.uint8), (*size, 3))


def test_a_late_first_timestamp_is_time_zero(shared: Path) -> None:
    video, frames = decode(shared / "corpus/videos/delayed_start.mp4")
    assert len(frames) == 24 and video.problems == []
    assert frames[0].time == 0.0
    assert frames[-1].time == pytest.approx(23 / 25)


def test_peer_clip_every_frame_at_the_working_size(shared: Path) -> None:
    video, frames = decode(shared / "corpus/videos/testvideo.mp4")
    assert (video.info.width, video.info.height, video.info.codec) == (1280, 720, "h264")
    assert video.info.fps == pytest.approx(30000 / 1001)
    assert len(frames) == 720 and [f.index for f in frames] == list(range(720))
    assert all(f.y.shape == f.u.shape == f.v.shape == (180, 320) for f in frames)
    times = np.array([f.time for f in frames])
    assert np.all(np.diff(times) > 0)
    assert times[30] == pytest.approx(30 * 1001 / 30000)


def test_a_folder_of_frames(shared: Path) -> None:
    with Video(shared / "corpus/sintel", fps=12) as video:
        frames = [(f.time, f.y.shape, f.rgb().shape) for f in video.frames()]
    assert (video.info.width, video.info.height, video.info.codec) == (1024, 436, "image")
    assert frames[0] == (0.0, (109, 256), (109, 256, 3))
    assert frames[-1][0] == pytest.approx(9 / 12) and len(frames) == 10


def test_rgb_is_the_colour_that_was_encoded(tmp_path: Path) -> None:
    path = tmp_path / "flat.mp4"
    write_video(path, flat(5), 24)
    _, frames = decode(path)
    mean = frames[2].rgb().reshape(-1, 3).mean(axis=0)
    assert np.abs(mean - (200, 60, 40)).max() < 4
    assert frames[2].rgb() is frames[2].rgb()  # converted once


@pytest.mark.parametrize(("rotation", "corner"), [(90, (-1, 0)), (180, (-1, -1)), (270, (0, -1))])
def test_display_rotation_is_applied(tmp_path: Path, rotation: int, corner: tuple[int, int]) -> None:
    marked = np.zeros((240, 320, 3), np.uint8)
    marked[:48, :64] = 255  # a white block in the top-left corner as encoded
    path = tmp_path / "phone.mp4"
    write_video(path, [marked] * 3, 30, rotation=rotation)
    video, frames = decode(path)
    assert video.info.rotation == rotation
    expected = (320, 240) if rotation % 180 else (240, 320)
    assert (video.info.height, video.info.width) == expected
    assert frames[0].y.shape == (expected[0] // 2, expected[1] // 2)
    rgb = frames[0].rgb()
    assert rgb.shape[:2] == frames[0].y.shape
    row, column = corner  # where the block must be once displayed
    assert rgb[row, column].min() > 200 and frames[0].y[row, column] > 200
    assert rgb[rgb.shape[0] // 2, rgb.shape[1] // 2].max() < 30


def test_variable_frame_rate_times_come_from_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "vfr.mkv"
    stamps = [0, 40, 120, 130, 300, 1000]  # milliseconds
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        for stamp, array in zip(stamps, flat(len(stamps), size=(48, 64)), strict=True):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
            frame.pts, frame.time_base = stamp, Fraction(1, 1000)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    _, frames = decode(path)
    assert [round(f.time * 1000) for f in frames] == stamps


def test_a_truncated_file_yields_what_decodes_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cut.mp4"
    rng = np.random.default_rng(1)
    write_video(path, (rng.integers(0, 255, (240, 320, 3), dtype=np.uint8) for _ in range(48)), 24)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    video, frames = decode(path)
    assert 5 < len(frames) < 48
    assert any("the video stops at" in p.message and "2.00 s its header declares" in p.message for p in video.problems)


def test_damaged_data_is_reported_and_decoding_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "damaged.mp4"
    rng = np.random.default_rng(2)
    write_video(path, (rng.integers(0, 255, (240, 320, 3), dtype=np.uint8) for _ in range(48)), 24)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = bytes(2000)
    path.write_bytes(data)
    video, frames = decode(path)
    assert len(frames) >= 40
    assert video.problems and all(p.time is not None and 0 < p.time < 2 for p in video.problems)
    assert any("damaged" in p.message for p in video.problems)


def test_unreadable_renders_raise_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("not a video")
    with pytest.raises(VideoError, match=r"notes\.mp4: not a readable video"):
        Video(tmp_path / "notes.mp4")
    with pytest.raises(VideoError, match=r"gone\.mp4: no such file"):
        Video(tmp_path / "gone.mp4")
    (tmp_path / "empty").mkdir()
    with pytest.raises(VideoError, match="a folder with no PNG or JPEG frames"):
        Video(tmp_path / "empty")


def test_a_bad_image_in_a_folder_is_skipped_and_reported(tmp_path: Path, shared: Path) -> None:
    folder = tmp_path / "frames"
    folder.mkdir()
    for source in sorted((shared / "corpus/sintel").glob("*.png"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "frame_0017.png").write_bytes(b"\x89PNG broken")
    video, frames = decode(folder)
    assert [f.index for f in frames] == [0, 2]
    assert len(video.problems) == 1 and video.problems[0].message.startswith("frame_0017.png: not a readable image")


def test_leaving_early_stops_the_decoding_thread(shared: Path) -> None:
    """Closing a render while its frames are still being decoded ahead must not free what is in use."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from soracheck.metrics.video import Video\n"
        "for _ in range(5):\n"
        "    with Video(Path(sys.argv[1])) as video:\n"
        "        frames = video.frames()\n"
        "        kept = [next(frames) for _ in range(3)]\n"
        "print(len(kept), kept[2].y.shape)\n"
    )
    clip = shared / "corpus/videos/testvideo.mp4"
    result = subprocess.run([sys.executable, "-c", code, str(clip)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3 (180, 320)\n"


@pytest.mark.parametrize(("name", "codec"), [("render.mov", "libx264"), ("render.webm", "libvpx-vp9")])
def test_mov_and_webm(tmp_path: Path, name: str, codec: str) -> None:
    path = tmp_path / name
    write_video(path, flat(12, (30, 140, 220)), 24, codec=codec)
    video, frames = decode(path)
    assert len(frames) == 12 and video.problems == []
    assert frames[-1].time == pytest.approx(11 / 24, abs=1e-3)  # WebM times are in milliseconds
    assert np.abs(frames[5].rgb().reshape(-1, 3).mean(axis=0) - (30, 140, 220)).max() < 6
