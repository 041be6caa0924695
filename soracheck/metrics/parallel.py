"""Many renders measured at once: by a pool of worker processes on this machine, or as Ray tasks on a
cluster when one machine is not enough.

:func:`measure_many` takes the measurements a run needs (:class:`Job`: a render, its settings, its
cache) and measures those its cache does not hold yet. Workers only measure: each measurement comes
back to this process, which writes the content-addressed cache entry exactly as a measurement made
here would be written, so a re-run on any machine skips what is measured. A measurement that fails,
because the render cannot be read or because the process measuring it died, is a reason, for FR001;
the others go on.

- ``local``: a :class:`~concurrent.futures.ProcessPoolExecutor` of ``jobs`` processes (default: one
  per core), each decoding with as many FFmpeg threads as leave the cores unoversubscribed. A pool
  broken by a dying worker is replaced, and what it was measuring is measured again one render per
  process, so the render that kills its worker is the one reported.
- ``ray``: each measurement a Ray task of one CPU, on the cluster at ``address`` (``auto``, a GCS
  address ``host:6379``, or ``ray://host:10001`` for Ray Client), or on a local Ray instance of
  ``jobs`` CPUs when no address is given. A worker lost mid-task is retried by Ray (``retries``
  times); what still fails is reported. Every worker must reach the render at the same path
  (shared storage), and have this version of soracheck installed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from soracheck.metrics import VideoError
from soracheck.metrics.measure import Measurements, Settings, cache_entry, measure, store

#: How a run measures its renders.
ExecutorName = Literal["local", "ray"]
#: Told, after each render measured: its name, how many are done, how many in all.
Done = Callable[[str, int, int], None]
#: What to install for ``--executor ray``.
RAY_INSTALL = "pip install 'soracheck[ray]'"


class ExecutorError(Exception):
    """The executor asked for cannot run here: Ray is not installed (``setting`` is ``executor``), or
    its cluster cannot be reached (``ray_address``)."""

    def __init__(self, message: str, setting: str = "executor") -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True)
class Job:
    """One measurement a run needs: a render, measured with ``settings``, kept under ``cache``."""

    path: Path
    settings: Settings
    cache: Path | None


@dataclass(frozen=True)
class Workers:
    """Who measures: ``jobs`` processes here (0: one per core), or Ray at ``address``."""

    jobs: int = 0
    executor: ExecutorName = "local"
    address: str | None = None
    #: Times Ray runs a task again after its worker is lost.
    retries: int = 3


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def decoder_threads(workers: int, available: int | None = None) -> int:
    """FFmpeg threads for each of ``workers`` processes sharing ``available`` cores (default: this
    machine's), so that together they do not oversubscribe them; at least one.

    Examples
    --------
    >>> decoder_threads(2, available=2)
    1
    >>> decoder_threads(2, available=16)
    8
    """
    return max(1, (available or cores()) // max(1, workers))


def measure_job(path: Path, settings: Settings, threads: int) -> Measurements:
    """What a worker runs: one render measured, not cached (the caller writes the cache)."""
    return measure(path, settings, threads=threads)


def measure_many(jobs: Iterable[Job], workers: Workers, done: Done | None = None) -> dict[Job, Measurements | str]:
    """Measure the ``jobs`` their caches do not hold yet, in parallel, writing each one's cache entry.

    Returns each measured job's measurements, or why it could not be measured (for FR001). Jobs
    already cached, and renders that do not exist, are left out, for the caller to load or report.
    The local executor measures nothing when at most one job is left or ``workers.jobs`` is 1: the
    caller measures it here, as quickly, with progress inside it. ``done`` is told of each render
    measured. Raises :class:`ExecutorError` when Ray is asked for and cannot be used.
    """
    pending: dict[Path, tuple[Job, Path | None]] = {}  # by cache entry (or render): each measurement once
    asked: list[tuple[Job, Path]] = []
    for job in jobs:
        if not job.path.exists():
            continue
        entry = cache_entry(job.path, job.settings, job.cache)
        if entry is None or not entry.exists():
            key = entry or job.path.resolve()
            pending.setdefault(key, (job, entry))
            asked.append((job, key))
    todo = {job: entry for job, entry in pending.values()}
    if workers.executor == "ray":
        finished = _on_ray(list(todo), workers) if todo else iter(())
    else:
        size = min(workers.jobs or cores(), len(todo))
        finished = _on_pool(list(todo), size) if size > 1 else iter(())
    found: dict[Job, Measurements | str] = {}
    for count, (job, measured) in enumerate(finished, start=1):
        if isinstance(measured, Measurements) and (entry := todo[job]) is not None:
            store(entry, measured)  # as each arrives, while the workers go on
        found[job] = measured
        if done:
            done(job.path.name, count, len(todo))
    return {job: found[pending[key][0]] for job, key in asked if pending[key][0] in found}


def _failure(job: Job, error: BaseException) -> str:
    """Why a measurement failed, as FR001 says it: a render's own error as the sequential run gives it."""
    if isinstance(error, VideoError):
        return str(error)
    return f"{job.path}: measuring it failed: {type(error).__name__}: {error}"


def _on_pool(jobs: list[Job], size: int) -> Iterator[tuple[Job, Measurements | str]]:
    """``jobs`` on a pool of ``size`` processes, as they finish; those a dying worker took down are
    measured again, one process each."""
    # Fresh processes, not forks of this one and its threads. (A fork server that imports the
    # measuring code once was tried: the workers then wait for it, where they import side by side.)
    context = multiprocessing.get_context("spawn")
    threads = decoder_threads(size)
    lost: list[Job] = []
    with ProcessPoolExecutor(size, mp_context=context) as pool:
        futures = {pool.submit(measure_job, job.path, job.settings, threads): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                measured: Measurements | str = future.result()
            except BrokenProcessPool:
                lost.append(job)
                continue
            except Exception as error:
                measured = _failure(job, error)
            yield job, measured

    def alone(job: Job) -> Measurements | str:
        with ProcessPoolExecutor(1, mp_context=context) as own:
            try:
                return own.submit(measure_job, job.path, job.settings, threads).result()
            except BrokenProcessPool:
                return f"{job.path}: the process measuring it died, twice (it crashed or was killed)"
            except Exception as error:
                return _failure(job, error)

    if lost:
        with ThreadPoolExecutor(size) as retry:
            yield from zip(lost, retry.map(alone, lost), strict=True)


def _on_ray(jobs: list[Job], workers: Workers) -> Iterator[tuple[Job, Measurements | str]]:
    """``jobs`` as Ray tasks of one CPU each, on the cluster at ``workers.address`` or a local
    instance, as they finish.

    What Ray prints meanwhile (a worker lost, say) goes to stderr: stdout is the report's.
    """
    with contextlib.redirect_stdout(sys.stderr):
        yield from _tasks(jobs, workers)


def _tasks(jobs: list[Job], workers: Workers) -> Iterator[tuple[Job, Measurements | str]]:
    """:func:`_on_ray`'s work: Ray started or joined, the tasks submitted, their results as they come."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    local = workers.address is None
    if local:
        os.environ.setdefault("RAY_AUTH_MODE", "token")  # Ray's default for a new instance, said quietly
    else:
        _reachable(workers.address or "")
    try:
        import ray
        from ray.exceptions import RayError, RayTaskError
    except ImportError:
        raise ExecutorError(f"Ray is not installed: {RAY_INSTALL}") from None
    import logging

    started = not ray.is_initialized()
    if started:
        try:
            ray.init(
                address=workers.address,
                num_cpus=(workers.jobs or cores()) if local else None,
                include_dashboard=False if local else None,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as error:
            where = workers.address or "a local Ray instance"
            raise ExecutorError(f"cannot use Ray at {where}: {error}", "executor" if local else "ray_address") from None
    try:
        task = ray.remote(num_cpus=1, max_retries=workers.retries)(measure_job)
        refs = {
            task.options(name=f"soracheck {job.path.name}").remote(job.path.resolve(), job.settings, 1): job
            for job in jobs
        }
        left = list(refs)
        while left:
            # Whatever finished within a second (one call per render would cost a pass over all of them).
            finished, left = ray.wait(left, num_returns=len(left), timeout=1.0)
            for ref in finished:
                job = refs[ref]
                try:  # measured at the path a worker reaches, reported at the one given
                    measured: Measurements | str = replace(ray.get(ref), render=str(job.path))
                except RayTaskError as error:
                    measured = _failure(job, error.cause if error.cause is not None else error)
                except RayError as error:
                    lost = f"its Ray worker was lost while measuring it, {workers.retries} retries included"
                    measured = f"{job.path}: {lost} ({type(error).__name__}: {error})"
                yield job, measured
    finally:
        if started:
            ray.shutdown()


def _reachable(address: str, timeout: float = 5.0) -> None:
    """Raise :class:`ExecutorError` unless something listens at a Ray ``address`` that names a host and
    port (Ray itself would wait for it without end); ``auto`` is left to Ray."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as error:
        raise ExecutorError(f"cannot reach the Ray cluster at {address}: {error}", "ray_address") from None
