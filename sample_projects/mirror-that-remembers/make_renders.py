"""Render The Mirror That Remembers from photographs that ship with scikit-image, as a stand-in for Sora 2.

    python make_renders.py    # renders/mirror.mp4: the slow push-in the storyboard asks for, and
                              # renders-drift/mirror.mp4: the same, cut to another picture at 5 s

Both are signed with Content Credentials (C2PA) by a throwaway chain whose root is written to
``trust/root.pem``, the project's trust anchor.

Daniel is scikit-image's ``camera`` photograph (the cameraman), lit like the attic: one warm key
from the left, falling off into crushed blacks. The drift is the commonest failure of a long
generated shot: the model cuts away mid-shot (to the ``moon`` photograph), which FR003 must catch.
Both carry a soundtrack (``tests/sounds.py``): a low hum at -14.5 LUFS with a tone burst at each
timed cue.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data

from soracheck.metrics.video import write_video

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for the tests' signing helper
from tests.signing import sign_renders
from tests.sounds import soundtrack

HERE = Path(__file__).resolve().parent
SIZE, FPS, SECONDS = (640, 360), 12, 10
#: The storyboard's timed cues: the wind at once, the glass humming at 5.5 s, the stretch at 8 s.
CUES = [0.0, 5.5, 8.0]


def attic(picture: np.ndarray) -> Image.Image:
    """A grey photograph lit by a candle at frame left: warm, with the light falling off to the right."""
    width = picture.shape[1]
    falloff = np.linspace(1.15, 0.35, width)[None, :] ** 1.5
    warm = np.stack([picture * 1.1, picture * 0.85, picture * 0.55], axis=-1) * falloff[..., None]
    return Image.fromarray(np.clip(warm, 0, 255).astype(np.uint8))


def frames(*, cut_at: float | None = None) -> Iterator[np.ndarray]:
    """A slow push-in toward his hand (the lower left of the picture), one frame at a time."""
    daniel, away = attic(data.camera()), attic(data.moon())
    for i in range(SECONDS * FPS):
        t = i / FPS
        k = t / SECONDS
        width = 512 * (1 - 0.35 * k)  # from the whole picture to about two thirds of it
        height = width * SIZE[1] / SIZE[0]
        x, y = 256 - 40 * k, 300 + 20 * k
        box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        plate = away if cut_at is not None and t >= cut_at else daniel
        yield np.asarray(plate.resize(SIZE, Image.Resampling.BILINEAR, box=box))


def make(out: Path, *, drift: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    target = out / "mirror.mp4"
    sound = soundtrack(SECONDS, CUES, -14.5)
    write_video(target, frames(cut_at=5.0 if drift else None), FPS, crf=26, sound=sound)
    return [target]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    written = make(HERE / "renders") + make(HERE / "renders-drift", drift=True)
    # Signed as a render service would, with a throwaway chain whose root the project trusts.
    sign_renders(written, HERE / "trust" / "root.pem", "Mirror sample")
    for path in written:
        print(f"wrote {path} (signed)")


if __name__ == "__main__":
    main()
