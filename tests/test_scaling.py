"""Measuring many renders at once: a pool of processes, and Ray tasks on a real local Ray cluster.

Each run goes through the real ``soracheck`` entry point. A worker is lost the way a machine loses
one: a thread here kills, with SIGKILL, whatever process but the gate itself has the render open.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from soracheck.metrics.parallel import Job, Workers, decoder_threads, measure_many
from soracheck.metrics.video import write_video
from tests.conftest import MODEL_VARIABLES, SAMPLES, SORACHECK

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="the ray extra is not installed (pip install 'soracheck[ray]')"
)


def _gate(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, kill: Path | None = None
) -> tuple[int, str, str]:
    """``soracheck ARGS`` in ``cwd``; with ``kill``, every other process that opens that render is killed."""
    environment = {k: v for k, v in os.environ.items() if k not in MODEL_VARIABLES} | (env or {})
    process = subprocess.Popen(
        [str(SORACHECK), *map(str, args)],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killer = _Killer(kill, spare=process.pid) if kill else None
    if killer:
        killer.start()
    try:
        out, err = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    finally:
        if killer:
            killer.stop.set()
            killer.join()
    if killer:
        assert killer.kills, f"nothing ever opened {kill}: the test proves nothing\n{err}"
    return process.returncode, out, err


class _Killer(threading.Thread):
    """Kills (SIGKILL), again and again, every process but ``spare`` that has ``render`` open."""

    def __init__(self, render: Path, spare: int) -> None:
        super().__init__(daemon=True)
        self.render, self.spare, self.stop, self.kills = str(render.resolve()), spare, threading.Event(), 0

    def run(self) -> None:
        while not self.stop.is_set():
            for entry in os.listdir("/proc"):
                if not entry.isdigit() or int(entry) in (self.spare, os.getpid()):
                    continue
                try:
                    opened = {os.readlink(f"/proc/{entry}/fd/{fd}") for fd in os.listdir(f"/proc/{entry}/fd")}
                except OSError:
                    continue  # gone meanwhile, or not ours to look at
                if self.render in opened:
                    try:
                        os.kill(int(entry), signal.SIGKILL)
                        self.kills += 1
                    except OSError:
                        pass
            time.sleep(0.01)


def _frames(seconds: float, seed: int, size: tuple[int, int] = (96, 160)) -> Iterator[np.ndarray]:
    """A square crossing a gradient, in colours of its own."""
    rng = np.random.default_rng(seed)
    base = (np.linspace(0, 1, size[1])[None, :, None] * rng.integers(60, 200, 3)).astype(np.uint8)
    colour = rng.integers(0, 255, 3, dtype=np.uint8)
    for index in range(round(seconds * 24)):
        frame = np.repeat(base, size[0], axis=0).copy()
        x = index * 2 % (size[1] - 16)
        frame[40:56, x : x + 16] = colour
        yield frame


def _project(folder: Path, shots: dict[str, float]) -> Path:
    """A project of one storyboard whose shots each have a render as long as they say."""
    (folder / "renders").mkdir(parents=True)
    lines = ["title: Many renders", "shots:"]
    for number, (shot, seconds) in enumerate(shots.items()):
        write_video(folder / "renders" / f"{shot}.mp4", _frames(seconds, number), 24)
        lines.append(f"  - {{id: {shot}, duration: {seconds:g}, render: {{file: renders/{shot}.mp4}}}}")
    (folder / "storyboard.yaml").write_text("\n".join(lines) + "\n")
    (folder / "soracheck.toml").write_text('select = ["FR"]\n')
    return folder


def _with_a_corrupt_render(project: Path) -> str:
    """A shot whose render is no video at all; what FR001 says of it when measured here, one by one."""
    (project / "renders" / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    with (project / "storyboard.yaml").open("a") as board:
        board.write("  - {id: broken, duration: 2, render: {file: renders/broken.mp4}}\n")
    alone = subprocess.run(
        [str(SORACHECK), "check", ".", "--jobs", "1", "--output-format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(project / ".soracheck", ignore_errors=True)
    (said,) = [
        f["message"] for f in _findings(alone.stdout, alone.stderr) if f["code"] == "FR001" and f["shot"] == "broken"
    ]
    return said


def _findings(report: str, err: str = "") -> list[dict[str, object]]:
    assert report.strip(), f"no report; stderr:\n{err}"
    return json.loads(report)["findings"]


def _cache(project: Path) -> dict[str, dict[str, np.ndarray]]:
    """Each cache entry's arrays, by name."""
    entries = {}
    for entry in sorted((project / ".soracheck" / "cache").glob("*.npz")):
        with np.load(entry, allow_pickle=False) as stored:
            entries[entry.name] = {name: stored[name] for name in stored.files}
    return entries


def _same_cache(one: Path, other: Path) -> None:
    first, second = _cache(one), _cache(other)
    assert first.keys() == second.keys() and first
    for name, arrays in first.items():
        assert arrays.keys() == second[name].keys()
        for key, values in arrays.items():
            assert np.array_equal(values, second[name][key], equal_nan=values.dtype.kind == "f"), (name, key)


@pytest.fixture(scope="module")
def redline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[dict[str, object]]]:
    """The sample walk, measured one render after another: its exit code and findings."""
    project = tmp_path_factory.mktemp("sequential") / "redline-coffee"
    shutil.copytree(SAMPLES / "redline-coffee", project, ignore=shutil.ignore_patterns(".soracheck"))
    code, out, err = _gate("check", ".", "--jobs", "1", "--output-format", "json", cwd=project)
    assert code in (0, 1), err
    return project, code, _findings(out, err)


def _copy(redline: Path, tmp_path: Path) -> Path:
    project = tmp_path / "redline-coffee"
    shutil.copytree(redline, project, ignore=shutil.ignore_patterns(".soracheck"))
    return project


def test_a_pool_of_processes_finds_what_one_process_finds(redline: tuple[Path, int, list], tmp_path: Path) -> None:
    sequential, code, findings = redline
    project = _copy(sequential, tmp_path)
    pooled, out, err = _gate("check", ".", "--jobs", "2", "--output-format", "json", cwd=project)
    assert (pooled, _findings(out, err)) == (code, findings), err
    assert "measured walk.mp4" in err  # told as each worker finishes
    _same_cache(sequential, project)
    assert json.loads(out)["measured"] | {"not_judged": []} == {
        "renders": 6,
        "cached": 0,
        "unreadable": 0,
        "rules": 29,
        "not_judged": [],
    }
    again, out, err = _gate("check", ".", "--jobs", "2", "--output-format", "json", cwd=project)
    assert (again, _findings(out, err)) == (code, findings)
    assert json.loads(out)["measured"]["cached"] == 6


def test_a_folder_of_variant_storyboards_shares_one_pool_and_one_cache(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", {"open": 2, "pour": 2, "card": 2, "close": 3})
    (project / "variants").mkdir()
    for name, shots in {"commuters": ["open", "card"], "students": ["pour", "card"], "tv": ["close", "card"]}.items():
        lines = [f"title: {name}", "shots:"]
        lines += [f"  - {{id: {shot}, duration: 2, render: {{file: ../renders/{shot}.mp4}}}}" for shot in shots]
        (project / "variants" / f"{name}.yaml").write_text("\n".join(lines) + "\n")
    (project / "soracheck.toml").write_text('storyboard = ["storyboard.yaml", "variants/*.yaml"]\nselect = ["FR"]\n')
    code, out, err = _gate("check", "variants", "--jobs", "2", cwd=project)
    assert code == 1 and "Measured 6 renders; " in out, err
    assert "variants/tv.yaml" in out and "storyboard.yaml:" not in out.replace("variants/", "")  # only the variants
    assert "FR002" in out and out.count("FR002") == 1  # the close-up is 3 s, asked for 2, in tv.yaml
    assert err.count("measured card.mp4") == 1 and len(_cache(project)) == 4  # shared: measured once, cached once
    whole, out, err = _gate("check", ".", "--jobs", "2", cwd=project)
    assert whole == 1 and "Measured 10 renders (10 from the cache)" in out, err  # the variants' six, and its four
    assert len(_cache(project)) == 4


def test_the_pool_sizes_ffmpeg_threads_to_the_cores_left() -> None:
    assert decoder_threads(2, available=2) == 1
    assert decoder_threads(3, available=8) == 2
    assert decoder_threads(16, available=4) == 1


def test_a_render_that_kills_its_worker_process_is_fr001_and_the_others_are_measured(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", {"calm": 2, "crash": 40, "still": 2, "late": 3})
    corrupt = _with_a_corrupt_render(project)
    code, out, err = _gate(
        "check", ".", "--jobs", "2", "--output-format", "json", cwd=project, kill=project / "renders" / "crash.mp4"
    )
    assert code == 1, err
    unreadable = {f["shot"]: f["message"] for f in _findings(out, err) if f["code"] == "FR001"}
    assert unreadable.keys() == {"crash", "broken"}, unreadable
    assert "crash.mp4: the process measuring it died, twice" in unreadable["crash"]
    assert unreadable["broken"] == corrupt  # said as when measured one by one
    assert len(_cache(project)) == 3  # the other three measured and cached; nothing kept of the lost one


def test_measure_many_measures_each_render_once_and_leaves_what_is_cached(tmp_path: Path) -> None:
    from soracheck.metrics.measure import Settings, cache_entry

    project = _project(tmp_path / "p", {"one": 1, "two": 1, "three": 1})
    cache = project / ".soracheck" / "cache"
    renders = sorted((project / "renders").glob("*.mp4"))
    jobs = [Job(path, Settings(faces=False), cache) for path in renders]
    told: list[tuple[str, int, int]] = []
    found = measure_many([*jobs, jobs[0]], Workers(jobs=2), lambda *done: told.append(done))
    assert found.keys() == set(jobs)  # asked twice, measured once
    assert sorted(n for n, _, _ in told) == sorted(r.name for r in renders)
    assert sorted(k for _, k, _ in told) == [1, 2, 3] and {t for _, _, t in told} == {3}
    assert all(cache_entry(job.path, job.settings, cache).exists() for job in jobs)
    assert measure_many(jobs, Workers(jobs=2)) == {}  # all cached: nothing measured
    assert measure_many([Job(project / "missing.mp4", Settings(), cache)], Workers(jobs=2)) == {}


# --- Ray ---------------------------------------------------------------------------------------------


@needs_ray
def test_a_local_ray_instance_when_no_cluster_is_named(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", {"calm": 2, "still": 2, "late": 3})
    alone, out, err = _gate("check", ".", "--jobs", "1", "--output-format", "json", cwd=project)
    shutil.rmtree(project / ".soracheck")
    on_ray, ray_out, ray_err = _gate(
        "check", ".", "--executor", "ray", "--jobs", "2", "--output-format", "json", cwd=project
    )
    assert (on_ray, _findings(ray_out, ray_err)) == (alone, _findings(out, err)), ray_err
    assert json.loads(ray_out)["measured"]["cached"] == 0 and len(_cache(project)) == 3


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, str, dict[str, str]]]:
    """A real Ray cluster of one head node with 2 CPUs on 127.0.0.1, stopped afterwards: its address,
    its Ray Client address, and the environment a driver needs to join it.

    Token authentication is off (the cluster listens on loopback only): under it, Ray 2.60's client
    server fails to start the server of each client ("SpecificServer startup failed", seen here). It
    fails now and then without it too, under load (2 of 6 runs of the suite), so Ray Client is not
    driven here; by hand, through it, the sample walk gave the same report as the pool.
    """
    ports = []
    for _ in range(2):
        with socket.socket() as probe:  # free ports, above the range Ray keeps for its workers
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    env = {
        # Ray binds the node to the machine's address unless clusters are off (then to loopback).
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
        "RAY_AUTH_MODE": "disabled",
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    environment = os.environ | env
    ray_cli = Path(sys.executable).parent / "ray"
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's sockets live under it
    started = subprocess.run(
        [
            str(ray_cli),
            "start",
            "--head",
            f"--port={ports[0]}",
            f"--ray-client-server-port={ports[1]}",
            "--num-cpus=2",
            "--include-dashboard=false",
            "--disable-usage-stats",
            f"--temp-dir={temp}",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    try:
        yield f"127.0.0.1:{ports[0]}", f"ray://127.0.0.1:{ports[1]}", env
    finally:
        subprocess.run([str(ray_cli), "stop", "--force"], env=environment, capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


@needs_ray
def test_ray_tasks_on_a_cluster_find_what_one_process_finds_and_a_rerun_submits_none(
    redline: tuple[Path, int, list], cluster: tuple[str, str, dict[str, str]], tmp_path: Path
) -> None:
    sequential, code, findings = redline
    address, _, env = cluster
    project = _copy(sequential, tmp_path)
    args = ("check", ".", "--executor", "ray", "--output-format", "json")
    on_ray, out, err = _gate(*args, "--ray-address", address, cwd=project, env=env)
    assert (on_ray, _findings(out, err)) == (code, findings), err
    _same_cache(sequential, project)
    with socket.socket() as probe:  # nothing listens there: a run that submitted a task would fail
        probe.bind(("127.0.0.1", 0))
        nowhere = f"127.0.0.1:{probe.getsockname()[1]}"
    again, out, err = _gate(*args, "--ray-address", nowhere, cwd=project, env=env)
    assert (again, _findings(out, err)) == (code, findings), err


@needs_ray
def test_a_render_that_kills_its_ray_worker_is_fr001_after_rays_retries(
    cluster: tuple[str, str, dict[str, str]], tmp_path: Path
) -> None:
    address, _, env = cluster
    project = _project(tmp_path / "p", {"calm": 2, "crash": 40, "still": 2})
    corrupt = _with_a_corrupt_render(project)
    (project / "soracheck.toml").write_text(f'select = ["FR"]\nexecutor = "ray"\nray-address = "{address}"\n')
    code, out, err = _gate(
        "check", ".", "--output-format", "json", cwd=project, env=env, kill=project / "renders" / "crash.mp4"
    )
    assert code == 1, err
    unreadable = {f["shot"]: f["message"] for f in _findings(out, err) if f["code"] == "FR001"}
    assert unreadable.keys() == {"crash", "broken"}, unreadable
    assert "crash.mp4: its Ray worker was lost while measuring it, 3 retries included" in unreadable["crash"]
    assert unreadable["broken"] == corrupt  # the task's own error, as when measured one by one
    assert len(_cache(project)) == 2


def test_unreachable_ray_is_a_located_error(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", {"calm": 1})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        nowhere = f"127.0.0.1:{probe.getsockname()[1]}"
    code, _, err = _gate("check", ".", "--executor", "ray", "--ray-address", nowhere, cwd=project)
    assert code == 2 and err.startswith(f"soracheck: --ray-address: cannot reach the Ray cluster at {nowhere}"), err
    (project / "soracheck.toml").write_text(f'select = ["FR"]\nexecutor = "ray"\nray-address = "{nowhere}"\n')
    code, _, err = _gate("check", ".", cwd=project)
    assert code == 2 and err.startswith(f"{project / 'soracheck.toml'}:3:1: cannot reach the Ray cluster"), err


def test_without_ray_the_ray_executor_says_what_to_install(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", {"calm": 1})
    hidden = tmp_path / "no-ray" / "ray"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError(\"No module named 'ray'\")\n")  # as if not installed
    code, _, err = _gate("check", ".", "--executor", "ray", cwd=project, env={"PYTHONPATH": str(hidden.parent)})
    assert (code, err.strip()) == (2, "soracheck: --executor: Ray is not installed: pip install 'soracheck[ray]'")
