"""Render Redline Coffee from photographs that ship with scikit-image, as a stand-in for Sora 2.

    python make_renders.py    # renders/<shot>.mp4: what the storyboard asks for, and
                              # renders-drift/<shot>.mp4: the same, with seven injected drifts

Both sets are signed with Content Credentials (C2PA) by a throwaway chain, made afresh each run,
whose root certificate is written to ``trust/root.pem`` for soracheck.toml's trust anchors. After
rendering, ``soracheck render-done SHOT renders/SHOT.mp4`` records each render as current.

Each shot is a camera move (pan, push-in, handheld sway) over a *plate*: the cafe is scikit-image's
``coffee`` photograph, the sidewalk its ``rocket`` launch-pad photograph, and Maya is its
``astronaut`` portrait (Eileen Collins), composited into both. Each location has its grade (warm
tungsten inside, golden hour outside). Continuations continue the previous shot's camera path;
the match-move continues its pan. ``references/maya.jpg`` is Maya's reference image (the portrait).

The drifts, one per shot (two in the walk), each of which ``soracheck frames`` must catch at that shot and nowhere else:

| shot  | drift                                                                  | rule  |
|-------|------------------------------------------------------------------------|-------|
| enter | another person's face (from scikit-image's LFW subset) over Maya's     | FR004 |
| order | a cold, dark grade at its start, across its lighting-lock, that settles back over 8 s | FR005, FR014 |
| cup   | brightness flickering ±15 % frame to frame from 2 s to 10 s            | FR008 |
| booth | a recap: it restarts the cup shot's push-in instead of continuing it   | FR006 |
| exit  | underexposed in the middle, where the storyboard says avoid: darkness  | FR009 |
| walk  | the match-move reversed: it pans right to left, and the bus brakes are heard 2 s late | FR007, AU002 |

Every render carries a soundtrack (``tests/sounds.py``): a low hum at -14.5 LUFS, under the -14
the storyboard's social and web placements ask, with a tone burst at each of the shot's timed cues.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data, transform

from soracheck.metrics.video import write_video

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for the tests' signing helper
from tests.signing import sign_renders
from tests.sounds import soundtrack

HERE = Path(__file__).resolve().parent
SIZE = (640, 360)  # output width, height
FPS = 12
SECONDS = 12
PLATE = (1600, 900)
#: Where each shot's timed cues are heard (the storyboard's), and the walk's bus brakes in the drift set.
CUES = {"enter": [0.0], "order": [1.5], "walk": [4.0]}
LATE_CUES = {**CUES, "walk": [6.0]}
LOUDNESS = -14.5


@dataclass(frozen=True)
class Window:
    """The camera's view of a plate: centre and width in plate pixels (height follows 16:9)."""

    x: float
    y: float
    width: float

    def box(self) -> tuple[float, float, float, float]:
        height = self.width * SIZE[1] / SIZE[0]
        return (self.x - self.width / 2, self.y - height / 2, self.x + self.width / 2, self.y + height / 2)


Path_ = Callable[[float], Window]  # a camera path: seconds → window


def _photo(name: str, size: tuple[int, int]) -> np.ndarray:
    image = getattr(data, name)()
    return (transform.resize(image, (size[1], size[0]), anti_aliasing=True) * 255).astype(np.uint8)


def _graded(image: np.ndarray, gains: tuple[float, float, float], exposure: float = 1.0) -> np.ndarray:
    return np.clip(image.astype(np.float32) * np.array(gains) * exposure, 0, 255).astype(np.uint8)


def maya(size: int = 600, face: np.ndarray | None = None) -> np.ndarray:
    """Maya: the astronaut portrait, or with another ``face`` (grey, any size) over hers."""
    portrait = _photo("astronaut", (size, size))
    if face is not None:
        # The face box found in the 512-pixel portrait, scaled to ``size``.
        row, column, side = (np.array([38, 168, 105]) * size / 512).astype(int)
        patch = (transform.resize(face, (side, side)) * 255).astype(np.uint8)
        portrait[row : row + side, column : column + side] = patch[..., None]
    return portrait


def plates(swapped_face: bool = False) -> dict[str, np.ndarray]:
    """The cafe and the sidewalk, each with Maya in it, graded for its light."""
    person = maya(face=data.lfw_subset()[5] if swapped_face else None)
    cafe = _photo("coffee", PLATE)
    cafe[150:750, 100:700] = person
    sidewalk = _photo("rocket", PLATE)
    sidewalk[250:850, 500:1100] = person
    return {
        "redline": _graded(cafe, (1.08, 1.0, 0.84)),  # tungsten, amber
        "sidewalk": _graded(sidewalk, (1.1, 1.02, 0.8), 1.05),  # golden hour
    }


def _linear(start: Window, end: Window, sway: float = 0.0) -> Path_:
    def at(t: float) -> Window:
        k = t / SECONDS
        wobble = sway * np.sin(2 * np.pi * t / 3.1)
        return Window(
            start.x + (end.x - start.x) * k + wobble,
            start.y + (end.y - start.y) * k + wobble / 2,
            start.width + (end.width - start.width) * k,
        )

    return at


def _then(path: Path_, end: Window) -> Path_:
    """A path that continues from where ``path`` ended."""
    return _linear(path(SECONDS), end)


def camera_paths(*, recap: bool = False, reverse_walk: bool = False) -> dict[str, tuple[str, Path_]]:
    """Each shot's plate and camera path; continuations and the match-move continue the shot before."""
    enter = _linear(Window(560, 470, 980), Window(700, 450, 960), sway=6)  # handheld, following her
    order = _then(enter, Window(820, 450, 940))  # continue-shooting
    cup = _linear(Window(1150, 520, 900), Window(1180, 560, 620))  # match-cut, slow push-in on the cup
    booth = cup if recap else _then(cup, Window(1050, 520, 760))  # continue-shooting
    exit_ = _linear(Window(700, 500, 1000), Window(850, 500, 1000))  # pans left to right with her
    walk_end = Window(550, 500, 1000) if reverse_walk else Window(1000, 500, 1000)
    walk = _then(exit_, walk_end)  # match-move: same direction and speed
    return {
        "enter": ("redline", enter),
        "order": ("redline", order),
        "cup": ("redline", cup),
        "booth": ("redline", booth),
        "exit": ("sidewalk", exit_),
        "walk": ("sidewalk", walk),
    }


def frames(
    plate: np.ndarray, path: Path_, grade: Callable[[float, np.ndarray], np.ndarray] | None
) -> Iterator[np.ndarray]:
    image = Image.fromarray(plate)
    for i in range(SECONDS * FPS):
        t = i / FPS
        frame = np.asarray(image.resize(SIZE, Image.Resampling.BILINEAR, box=path(t).box()))
        yield grade(t, frame) if grade else frame


def _cold_start(t: float, frame: np.ndarray) -> np.ndarray:
    """A cold, dark grade that settles back to the lock over the first 8 seconds."""
    k = max(0.0, 1 - t / 8)
    return _graded(frame, (1 - 0.25 * k, 1 - 0.1 * k, 1 + 0.25 * k), 1 - 0.35 * k)


def _flicker(t: float, frame: np.ndarray) -> np.ndarray:
    if not 2 <= t < 10:
        return frame
    return _graded(frame, (1, 1, 1), 1.15 if round(t * FPS) % 2 else 0.85)


def _underexposed(t: float, frame: np.ndarray) -> np.ndarray:
    """Down to a quarter of the light between 2 s and 10 s, with one-second ramps."""
    k = float(np.clip(min(t - 1, 11 - t), 0, 1))
    return _graded(frame, (1, 1, 1), 1 - 0.75 * k)


def make(out: Path, *, drift: bool = False) -> list[Path]:
    """Write every shot's render into ``out`` (and Maya's reference image); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    references = HERE / "references"
    references.mkdir(exist_ok=True)
    Image.fromarray(maya(512)).save(references / "maya.jpg", quality=92)
    sets = plates(swapped_face=False)
    swapped = plates(swapped_face=True) if drift else sets
    grades: dict[str, Callable[[float, np.ndarray], np.ndarray]] = (
        {"order": _cold_start, "cup": _flicker, "exit": _underexposed} if drift else {}
    )
    written = []
    for shot, (location, path) in camera_paths(recap=drift, reverse_walk=drift).items():
        plate = (swapped if shot == "enter" else sets)[location]
        target = out / f"{shot}.mp4"
        sound = soundtrack(SECONDS, (LATE_CUES if drift else CUES).get(shot, []), LOUDNESS)
        write_video(target, frames(plate, path, grades.get(shot)), FPS, crf=26, sound=sound)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    written = make(HERE / "renders") + make(HERE / "renders-drift", drift=True)
    # Signed as a render service would, with a throwaway chain whose root the project trusts.
    sign_renders(written, HERE / "trust" / "root.pem", "Redline sample")
    for path in written:
        print(f"wrote {path} (signed)")


if __name__ == "__main__":
    main()
