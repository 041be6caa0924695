"""Render the Ember Oat spot's shots as a stand-in for Runway Gen-4, with its documented faults.

    python make_renders.py    # renders/*.mp4, signed; then `soracheck render-done` records each

Each shot is five seconds at 12 frames a second: flat sets in the brand's colours (oat cream, ember
red, ink, roast brown) with a figure or a carton moving across them as the camera pans or pushes in.
All renders are signed with Content Credentials (C2PA) by a throwaway chain whose root is written to
``trust/root.pem``, as a render service would. Then three files go wrong, as they do in production:

| render                | what happened                                              | rule  |
|-----------------------|------------------------------------------------------------|-------|
| `open-tv.mp4`         | the model painted the kitchen wall lime, not ember red     | BR004 |
| `pour-social.mp4`     | re-exported for social feeds: its credentials are gone     | PV001 |
| `card-tv.mp4`         | one byte changed after signing                             | PV002 |

Every render carries the web mix: a low hum at -14.5 LUFS (``tests/sounds.py``), right for the
social and web variants; the TV variant goes on air with it, 8.5 LU over EBU R 128's -23 (AU005).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from soracheck.metrics.video import write_video

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for the tests' signing helper
from tests.signing import sign_renders
from tests.sounds import soundtrack

HERE = Path(__file__).parent
FPS = 12
SECONDS = 5
#: The web mix every render carries (see the docstring).
MIX = soundtrack(SECONDS, [], -14.5)
RED, CREAM, INK, ROAST, LIME = (200, 16, 46), (242, 232, 213), (27, 27, 27), (107, 79, 58), (60, 210, 40)
SKIN = (196, 160, 130)


def _canvas(width: int, height: int, colour: tuple[int, int, int]) -> np.ndarray:
    frame = np.empty((height, width, 3), np.float32)
    frame[:] = colour
    shade = np.linspace(1.0, 0.9, height, dtype=np.float32)[:, None, None]  # light falls off downward
    return frame * shade


def _disc(frame: np.ndarray, cy: float, cx: float, ry: float, rx: float, colour: tuple[int, int, int]) -> None:
    ys, xs = np.ogrid[: frame.shape[0], : frame.shape[1]]
    frame[((ys - cy) / ry) ** 2 + ((xs - cx) / rx) ** 2 <= 1] = colour


def opening(width: int, height: int, wall: tuple[int, int, int], seat: tuple[int, int, int]) -> Iterator[np.ndarray]:
    """A figure with a cup in front of a wall, the camera panning slowly right."""
    for i in range(FPS * SECONDS):
        t = i / (FPS * SECONDS)
        frame = _canvas(width, height, CREAM)
        pan = int(t * width * 0.15)
        frame[: int(height * 0.62), : int(width * 0.55) - pan] = wall
        frame[int(height * 0.62) :] = seat
        cx = width * (0.62 - 0.15 * t)
        _disc(frame, height * 0.35, cx, height * 0.12, width * 0.05, SKIN)  # head
        _disc(frame, height * 0.72, cx, height * 0.3, width * 0.11, INK)  # coat
        _disc(frame, height * (0.6 - 0.1 * t), cx + width * 0.08, height * 0.05, width * 0.025, RED)  # cup
        yield np.clip(frame, 0, 255).astype(np.uint8)


def pour(width: int, height: int) -> Iterator[np.ndarray]:
    """A cream cup on an ink plinth, a roast-brown ribbon pouring into it."""
    for i in range(FPS * SECONDS):
        t = i / (FPS * SECONDS)
        frame = _canvas(width, height, CREAM)
        frame[int(height * 0.75) :, int(width * 0.3) : int(width * 0.7)] = INK
        _disc(frame, height * 0.62, width / 2, height * 0.14, width * 0.12, (250, 246, 236))
        top, bottom = int(height * 0.05), int(height * (0.3 + 0.2 * t))
        frame[top:bottom, int(width * 0.49) : int(width * 0.51)] = ROAST
        yield np.clip(frame, 0, 255).astype(np.uint8)


def card(width: int, height: int) -> Iterator[np.ndarray]:
    """The Ember Oat carton on its plinth, the camera pushing in."""
    for i in range(FPS * SECONDS):
        scale = 1 + 0.15 * i / (FPS * SECONDS)
        frame = _canvas(width, height, CREAM)
        frame[int(height * 0.78) :, int(width * 0.25) : int(width * 0.75)] = INK
        w, h = width * 0.12 * scale, height * 0.36 * scale
        top, left = int(height * 0.78 - h), int(width / 2 - w / 2)
        frame[top : int(height * 0.78), left : int(left + w)] = RED
        frame[top + int(h * 0.4) : top + int(h * 0.55), left + 3 : int(left + w) - 3] = CREAM  # the label
        yield np.clip(frame, 0, 255).astype(np.uint8)


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    wide, tall = (256, 144), (144, 256)
    shots = {
        "open-commuters": opening(*tall, wall=(150, 160, 170), seat=CREAM),
        "open-students": opening(*wide, wall=ROAST, seat=(170, 130, 90)),
        "open-tv": opening(*wide, wall=LIME, seat=CREAM),  # the fault: the wall should be ember red
        "pour": pour(*wide),
        "card": card(*wide),
    }
    for name, frames in shots.items():
        write_video(out / f"{name}.mp4", frames, FPS, crf=24, sound=MIX)
    write_video(out / "card-tv.mp4", card(*wide), FPS, crf=24, sound=MIX)
    sign_renders(sorted(out.glob("*.mp4")), HERE / "trust" / "root.pem", "Ember Oat sample")
    # The social cut was re-exported after delivery: same picture, no credentials.
    write_video(out / "pour-social.mp4", pour(*tall), FPS, crf=24, sound=MIX)
    # One byte of the broadcast end card changed after signing: a letter of the muxer's name in its
    # metadata, so the file still plays, sound and all, and only its credentials can tell.
    tampered = out / "card-tv.mp4"
    data = bytearray(tampered.read_bytes())
    data[data.index(b"Lavf")] ^= 0x01
    tampered.write_bytes(bytes(data))


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    make(HERE / "renders")
    for path in sorted((HERE / "renders").glob("*.mp4")):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
