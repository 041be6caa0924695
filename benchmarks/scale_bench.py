"""Gate many renders at once: 200 short 720p renders (4-8 s, varied) across 20 variant storyboards of
one project, checked with ``soracheck check variants/`` three ways, each from an empty cache:

- ``--jobs 1``: one render after another in one process (the behaviour before the pool);
- ``--jobs 2``: the local pool of two worker processes;
- ``--executor ray --jobs 2``: Ray tasks on a local Ray instance of 2 CPUs (its start-up included).

Each is the whole command, as CI runs it; best of ``--runs``. Reported: wall time, renders per
second, each as a ratio to ``--jobs 1``, the CPU time spent (``--jobs 1`` already keeps more than
one core busy, decoding on FFmpeg's threads and listening on a thread of its own, which bounds what
two cores can gain), and whether all three found the same. Then the parts of the cost model in the
README: what a Ray task costs beyond its work (200 tasks that do nothing, on a running instance),
and what the driver does for each render on its own.
Targets on 2 cores: ``--jobs 2`` >= 1.5x; Ray within 15 % of the local pool.

The renders are a plate (a photograph of scikit-image's data, cropped and graded per render) panned
at its own speed, half of them with a soundtrack (a hum and a burst at each cue). They are made once
into ``--keep DIR`` (or a temporary folder) and reused from there.

    python benchmarks/scale_bench.py [--runs 1] [--keep DIR] [--renders 200]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from skimage import data, transform

from soracheck.metrics.video import write_video

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for the tests' soundtrack
from tests.sounds import soundtrack

SORACHECK = Path(sys.executable).parent / "soracheck"
SIZE, FPS, STORYBOARDS = (1280, 720), 24, 20
PHOTOS = ("coffee", "chelsea", "rocket", "astronaut", "hubble_deep_field", "immunohistochemistry", "retina")


def plates() -> list[np.ndarray]:
    """The photographs, each resized larger than the frame so that it can pan."""
    found = []
    for name in PHOTOS:
        image = getattr(data, name)()
        image = np.stack([image] * 3, axis=-1) if image.ndim == 2 else image[..., :3]
        found.append(
            (transform.resize(image, (SIZE[1] + 80, SIZE[0] + 400), anti_aliasing=True) * 255).astype(np.uint8)
        )
    return found


def frames(plate: np.ndarray, seconds: float, seed: int) -> Iterator[np.ndarray]:
    """``plate`` panned and graded as ``seed`` says."""
    rng = np.random.default_rng(seed)
    gain = rng.uniform(0.8, 1.2, 3)
    graded = np.clip(plate * gain, 0, 255).astype(np.uint8)
    speed, top = rng.uniform(0.5, 3.0), int(rng.integers(0, 80))
    for index in range(round(seconds * FPS)):
        left = min(int(index * speed), graded.shape[1] - SIZE[0])
        yield graded[top : top + SIZE[1], left : left + SIZE[0]]


def make(folder: Path, renders: int) -> Path:
    """The project: ``STORYBOARDS`` variants in ``variants/``, their renders in ``renders/``."""
    project = folder / "project"
    done = project / ".made"
    if done.exists() and done.read_text() == str(renders):
        return project
    shutil.rmtree(project, ignore_errors=True)
    (project / "variants").mkdir(parents=True)
    (project / "renders").mkdir()
    (project / "soracheck.toml").write_text(
        '# Twenty variants of one spot, rendered shot by shot.\nstoryboard = ["variants/*.yaml"]\nselect = ["ALL"]\n'
    )
    pictures = plates()
    rng = np.random.default_rng(2026)
    per_board = renders // STORYBOARDS
    started = time.perf_counter()
    for board in range(STORYBOARDS):
        lines = [f"title: Spot, variant {board + 1}", "shots:"]
        for shot in range(per_board):
            number = board * per_board + shot
            seconds = float(rng.choice([4, 5, 6, 7, 8]))
            name = f"v{board:02d}-s{shot:02d}"
            sound = soundtrack(seconds, [seconds / 2], -16.0) if number % 2 else None
            write_video(
                project / "renders" / f"{name}.mp4",
                frames(pictures[number % len(pictures)], seconds, number),
                FPS,
                sound=sound,
            )
            audio = (
                f", audio: {{sfx: room tone, cues: [{{at: {seconds / 2:g}, sound: a chime}}]}}" if number % 2 else ""
            )
            lines.append(
                f"  - {{id: {name}, duration: {seconds:g}, action: The camera pans across the scene{audio}, "
                f"render: {{file: ../renders/{name}.mp4}}}}"
            )
        (project / "variants" / f"variant-{board + 1:02d}.yaml").write_text("\n".join(lines) + "\n")
        print(
            f"  made {(board + 1) * per_board}/{renders} renders ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    done.write_text(str(renders))
    return project


def gate(project: Path, *options: str, cached: bool = False) -> tuple[float, float, dict]:
    """One ``soracheck check variants/`` from an empty cache (or the one there): seconds, the CPU
    seconds of it and of its worker processes (not of Ray's, which are not its children), and the
    JSON report."""
    if not cached:
        shutil.rmtree(project / ".soracheck", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(SORACHECK), "check", "variants", "--output-format", "json", *options],
        cwd=project,
        capture_output=True,
        text=True,
        env=os.environ | {"RAY_USAGE_STATS_ENABLED": "0"},
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"soracheck check {' '.join(options)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, json.loads(done.stdout)


def task_overhead(tasks: int = 200) -> float:
    """Seconds a Ray task costs beyond its work, on a running local instance of 2 CPUs."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        nothing = ray.remote(num_cpus=1)(lambda: None)
        ray.get([nothing.remote() for _ in range(20)])  # workers started
        start = time.perf_counter()
        ray.get([nothing.remote() for _ in range(tasks)])
        return (time.perf_counter() - start) * 2 / tasks  # two run at once: a task's own share
    finally:
        ray.shutdown()


def driver_costs(project: Path, sample: int = 10) -> tuple[float, float, float, int]:
    """What the driver does for each render, alone: hash its bytes (the cache key), receive its
    measurements (pickled, as a worker sends them), write the cache entry; and their size in bytes."""
    import pickle

    from soracheck.metrics.measure import Settings, digest, measure, store

    renders = sorted((project / "renders").glob("*.mp4"))[:sample]
    hashing = receiving = storing = 0.0
    size = 0
    with tempfile.TemporaryDirectory() as cache:
        for render in renders:
            start = time.perf_counter()
            digest(render)
            hashing += time.perf_counter() - start
            sent = pickle.dumps(measure(render, Settings(faces=False)))
            size += len(sent)
            start = time.perf_counter()
            measured = pickle.loads(sent)
            receiving += time.perf_counter() - start
            start = time.perf_counter()
            store(Path(cache) / f"{render.stem}.npz", measured)
            storing += time.perf_counter() - start
    return hashing / len(renders), receiving / len(renders), storing / len(renders), size // len(renders)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="make the renders here, and reuse them")
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("RAY_AUTH_MODE", "token")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    project = make(folder, args.renders)
    size = sum(f.stat().st_size for f in (project / "renders").glob("*.mp4")) / 1e6
    seconds = sum(
        float(line.split("duration: ")[1].split(",")[0])
        for b in (project / "variants").glob("*.yaml")
        for line in b.read_text().splitlines()
        if "duration: " in line
    )
    print(
        f"{args.renders} renders, {seconds:.0f} s of 720p24 video ({size:.0f} MB) in {STORYBOARDS} storyboards; "
        f"{os.cpu_count()} cores"
    )
    ways = {
        "--jobs 1": ["--jobs", "1"],
        "--jobs 2": ["--jobs", "2"],
        "--executor ray": ["--executor", "ray", "--jobs", "2"],
    }
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    reports: dict[str, dict] = {}
    for _ in range(args.runs):
        for name, options in ways.items():
            took, used, reports[name] = gate(project, *options)
            if took < best.get(name, float("inf")):
                best[name], cpu[name] = took, used
            print(f"  {name}: {took:.1f} s", file=sys.stderr)
    rerun, _, _ = gate(project, "--jobs", "2", cached=True)  # the driver's own work: load, judge, report
    base = best["--jobs 1"]
    for name, took in best.items():
        measured = reports[name]["measured"]
        print(
            f"{name:>15}: {took:6.1f} s, {args.renders / took:5.2f} renders/s, {base / took:4.2f}x "
            f"({measured['renders']} renders, {measured['cached']} cached, {measured['unreadable']} unreadable); "
            f"{cpu[name]:.0f} CPU-s, {cpu[name] / took:.0%} of a core"
            + (" (Ray's workers not counted)" if "ray" in name else "")
        )
    same = len({json.dumps(r["findings"], sort_keys=True) for r in reports.values()}) == 1
    print(f"same findings all three ways: {same} ({len(reports['--jobs 1']['findings'])} findings)")
    pool, on_ray = best["--jobs 2"], best["--executor ray"]
    print(f"--jobs 2 against --jobs 1: {base / pool:.2f}x (target >= 1.5x)")
    print(f"Ray against the local pool: {on_ray / pool - 1:+.1%} (target within 15 %)")
    print(f"cached re-run: {rerun:.1f} s ({rerun / args.renders * 1000:.0f} ms a render: loading and judging)")
    hashing, receiving, storing, size = driver_costs(project)
    print(
        f"per render: {base / args.renders:.3f} s measured in one process (--jobs 1), "
        f"{pool * 2 / args.renders:.3f} s of a worker's core in the pool; a Ray task's overhead "
        f"{task_overhead() * 1000:.1f} ms; on the driver, hashing {hashing * 1000:.1f} ms, receiving "
        f"{receiving * 1000:.1f} ms and caching {storing * 1000:.1f} ms its {size / 1024:.0f} KB of measurements"
    )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
