"""Time the frame gate on a generated 60 s 1080p24 H.264 clip with 12 known cuts and a 48 kHz
stereo AAC soundtrack (a hum with a tone burst at each cut).

The clip is a stitched cut of 13 shots; the two whose plate is the astronaut cast her, with her
photograph as the reference, so faces are found and described there as in a real project. Against
the decode floor (``ffmpeg -i clip -f null -``, the binary of imageio-ffmpeg) and against
PySceneDetect's ContentDetector (which finds cuts only) on the same clip, each as a whole process,
best of N. Then what the faces cost on their own, a re-run from the measurement cache, and the peak
memory of the gate on a 10-minute clip (the 60 s one ten times over, joined without re-encoding),
and what the sound costs on its own (decoded and measured alone, and what it adds to the pass).
The floor decodes the video and the audio, as the gate does. Targets: ≤ 0.85x PySceneDetect,
≤ 1.1x the decode floor, a cached re-run ≤ 0.1x the first, and < 400 MB on the 10-minute clip, as
on the 60 s one.

    python benchmarks/frames_bench.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data, transform

from soracheck.metrics.audio import listen
from soracheck.metrics.measure import Settings, measure
from soracheck.metrics.video import write_video

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for the tests' soundtrack
from tests.sounds import soundtrack

BIN = Path(sys.executable).parent
SIZE, FPS, SHOT_SECONDS, SHOTS = (1920, 1080), 24, 60 / 13, 13
PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "camera", "hubble_deep_field", "immunohistochemistry")


def plate(index: int) -> Image.Image:
    """A photograph per shot (alternating, each graded differently), larger than the frame so it can move."""
    image = getattr(data, PHOTOS[index % len(PHOTOS)])()
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    if index % len(PHOTOS) == 0:  # the astronaut keeps her proportions, so that her face is a face
        square = transform.resize(image, (1400, 1400), anti_aliasing=True) * 255
        resized = np.zeros((1400, 2400, 3))
        resized[:, 500:1900] = square
    else:
        resized = transform.resize(image, (1400, 2400), anti_aliasing=True) * 255
    gain = np.array([1.0 + 0.1 * (index % 3 - 1), 1.0, 1.0 - 0.1 * (index % 3 - 1)])
    return Image.fromarray(np.clip(resized * gain, 0, 255).astype(np.uint8))


def frames() -> tuple[list[int], Iterator[np.ndarray]]:
    """The cut frames, and the frames: each shot a pan or a push-in over its plate."""
    cuts = [round(i * SHOT_SECONDS * FPS) for i in range(1, SHOTS)]
    bounds = [0, *cuts, 60 * FPS]

    def generate() -> Iterator[np.ndarray]:
        for shot in range(SHOTS):
            picture = plate(shot)
            length = bounds[shot + 1] - bounds[shot]
            for i in range(length):
                k = i / length
                if shot % 2:  # a pan to the right
                    x, width = 1000 + 300 * k, 1800
                else:  # a push-in
                    x, width = 1200, 2000 - 400 * k
                height = width * 9 / 16
                box = (x - width / 2, 700 - height / 2, x + width / 2, 700 + height / 2)
                yield np.asarray(picture.resize(SIZE, Image.Resampling.BILINEAR, box=box))

    return cuts, generate()


def storyboard(path: Path) -> None:
    """The clip's storyboard: its shots, the astronaut cast where her photograph is the plate."""
    Image.fromarray(data.astronaut()).save(path.parent / "astronaut.png")
    cast = [", cast: [astronaut]" if i % len(PHOTOS) == 0 else "" for i in range(SHOTS)]
    shots = "".join(f"  - {{id: shot-{i + 1}, duration: {SHOT_SECONDS:.4f}{cast[i]}}}\n" for i in range(SHOTS))
    characters = "characters:\n  astronaut: {name: Eileen Collins, references: [astronaut.png]}\n"
    path.write_text(f"title: Frames benchmark\n{characters}shots:\n{shots}", encoding="utf-8")


def face_cost(clip: Path, board: Path, runs: int) -> tuple[int, float]:
    """How many frames' faces the gate describes in the clip, and the seconds that adds to measuring it."""
    from soracheck.project import Project
    from soracheck.storyboard.documents import load_document

    cache = clip.parent / ".soracheck"
    shutil.rmtree(cache, ignore_errors=True)
    project = Project()
    found = project.measure(load_document(board), [clip]).stitched
    assert found is not None
    asked = Settings(face_at=tuple(f.time for f in found.faces), cut_ends=True)
    plain = Settings(faces=False, cut_ends=True)
    with_faces = min(_seconds(lambda: measure(clip, asked)) for _ in range(runs))
    without = min(_seconds(lambda: measure(clip, plain)) for _ in range(runs))
    shutil.rmtree(cache, ignore_errors=True)
    return len(found.faces), with_faces - without


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_memory(command: list[str]) -> tuple[float, float]:
    """Peak resident memory of ``command``, in MB, and its wall time (measured by a fresh Python that
    only waits for it)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    memory, seconds = out.stdout.split()
    return int(memory) / 1024, float(seconds)


def main() -> None:
    import imageio_ffmpeg

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the generated clips in this folder (and reuse them).")
    args = parser.parse_args()
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    # As `pip install` does: this machine sets PYTHONDONTWRITEBYTECODE, and an editable install would
    # otherwise recompile every module of ours on every run.
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "soracheck", quiet=1)
    work = args.keep or Path(tempfile.mkdtemp(prefix="frames-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    clip, long_clip, board = work / "clip.mp4", work / "ten-minutes.mp4", work / "storyboard.yaml"
    cuts, generated = frames()
    if not clip.exists():
        print("generating the 60 s 1080p24 clip with 12 cuts and a 48 kHz stereo soundtrack …", flush=True)
        write_video(clip, generated, FPS, crf=23, sound=soundtrack(60, [c / FPS for c in cuts], -23.0))
    if not long_clip.exists():
        listing = work / "list.txt"
        listing.write_text("".join(f"file '{clip.name}'\n" for _ in range(10)))
        subprocess.run(
            [
                ffmpeg,
                "-y",
                "-v",
                "error",
                "-f",
                "concat",
                "-safe",
                "0",
                "-i",
                str(listing),
                "-c",
                "copy",
                str(long_clip),
            ],
            check=True,
        )
    storyboard(board)
    cache = work / ".soracheck"

    gate = [str(BIN / "soracheck"), "frames", str(clip), "--storyboard", str(board)]
    floor = [ffmpeg, "-v", "error", "-i", str(clip), "-f", "null", "-"]
    scenedetect = [sys.executable, "-m", "scenedetect", "-q", "-i", str(clip), "detect-content"]

    found = subprocess.run([*gate, "--output-format", "json"], capture_output=True, text=True)
    detected = [t.frame for t in measure(clip, Settings(faces=False)).transitions if t.kind == "cut"]
    print(f"known cuts at frames    {cuts}")
    print(f"cuts the gate detected  {detected} ({'exact' if detected == cuts else 'DIFFERENT'})")
    print(f"findings on the storyboard of the clip (FR010 matches its cuts to the shots): {found.stdout.strip()}")

    times: dict[str, list[float]] = {"gate": [], "floor": [], "scenedetect": []}
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        times["gate"].append(timed(gate))
        times["floor"].append(timed(floor))
        times["scenedetect"].append(timed(scenedetect))
    cached = min(timed(gate) for _ in range(args.runs))
    best = {name: min(values) for name, values in times.items()}
    print(f"decode floor (ffmpeg -f null):      {best['floor']:6.2f} s")
    print(f"PySceneDetect ContentDetector:      {best['scenedetect']:6.2f} s")
    print(f"soracheck frames (full gate):       {best['gate']:6.2f} s")
    print(f"soracheck frames (cached re-run):   {cached:6.2f} s")
    print(f"ratio to the decode floor:  {best['gate'] / best['floor']:.2f}x (target <= 1.1x)")
    print(f"ratio to PySceneDetect:     {best['gate'] / best['scenedetect']:.2f}x (target <= 0.85x)")
    print(f"cached re-run / first run:  {cached / best['gate']:.3f}x (target <= 0.1x)")
    alone = min(_seconds(lambda: listen(clip)) for _ in range(args.runs))
    silent = Settings(faces=False, sound=False)
    added = min(_seconds(lambda: measure(clip, Settings(faces=False))) for _ in range(args.runs)) - min(
        _seconds(lambda: measure(clip, silent)) for _ in range(args.runs)
    )
    heard = listen(clip)
    assert heard is not None
    print(
        f"sound: {heard.duration:.1f} s at {heard.rate} Hz, {heard.layout}, {heard.integrated:.1f} LUFS, "
        f"{len(heard.onsets)} onsets; decoded and measured alone in {alone:.2f} s, "
        f"{added:+.2f} s added to the pass beside the picture"
    )
    described, cost = face_cost(clip, board, args.runs)
    print(
        f"faces: {described} frames described, {cost:.2f} s in all ({cost / max(1, described) * 1000:.0f} ms a frame)"
    )
    shutil.rmtree(cache, ignore_errors=True)
    short, _ = peak_memory(gate)
    shutil.rmtree(cache, ignore_errors=True)
    long, seconds = peak_memory([str(BIN / "soracheck"), "frames", str(long_clip), "--storyboard", str(board)])
    print(f"peak memory: {short:.0f} MB on 60 s, {long:.0f} MB on 10 minutes (target < 400 MB, flat)")
    # the start-up (Python, PyAV, numpy, the models) is paid once: over ten minutes it is a sliver
    long_floor = timed([ffmpeg, "-v", "error", "-i", str(long_clip), "-f", "null", "-"])
    print(f"10 minutes: gate {seconds:.1f} s, decode floor {long_floor:.1f} s: {seconds / long_floor:.2f}x")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
