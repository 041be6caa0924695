"""One pass over a render → :class:`Measurements`, cached by the render's content hash.

Every frame feeds the cheap per-frame statistics (transitions, brightness, flicker) from its planes
at half the working size. Every ``sample_every`` seconds a frame is measured in full (RGB, L*a*b*
colour, a thumbnail, exposure, motion over the last quarter second). The first and last frames are
always measured in full, because shot boundaries are where continuity is judged; so are the first
and last second's motion, for match-moves. The faces on screen are found and described at a few
frames spread over the render, the first and last included (:func:`face_times`). Nothing else of
the video is kept: memory does not grow with its length. The soundtrack is decoded and measured
(:func:`~soracheck.metrics.audio.listen`) on a thread of its own while the frames decode.

Measurements are saved as ``.npz`` (arrays, and the rest as JSON; no pickle) under the cache folder,
named by the SHA-256 of the render's bytes and of the measurement settings, so a re-run measures
only the renders that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from soracheck.metrics import IMAGE_SUFFIXES
from soracheck.metrics.audio import BANDS, Sound
from soracheck.metrics.color import dominant_palette, lab_histogram, mean_lab, region_means, to_lab
from soracheck.metrics.cuts import DetectorSettings, Transition, TransitionFeatures, find_transitions, stacked
from soracheck.metrics.drift import colourfulness, contrast, detail
from soracheck.metrics.exposure import clipped, from_levels, luminance_flicker
from soracheck.metrics.faces import Face, faces, load_models
from soracheck.metrics.motion import dynamic_degree, global_motion

if TYPE_CHECKING:
    from soracheck.metrics.video import Frame

#: Bumped whenever what is measured, or how, changes: old cache entries are then ignored.
VERSION = 12
#: Height of the thumbnails kept for reports, and about how many a render keeps at most.
THUMBNAIL_HEIGHT = 72
THUMBNAILS = 24
#: Width faces are searched and described at (see :func:`~soracheck.metrics.faces.find_faces`).
FACE_WIDTH = 640


@dataclass(frozen=True)
class Settings:
    """What a measurement depends on besides the render (part of the cache key)."""

    #: Seconds between frames measured in full.
    sample_every: float = 1.0
    #: Seconds at each end of a render whose motion is measured at every frame.
    edge_seconds: float = 1.0
    #: Seconds over which motion is measured (a slow pan moves too little in one frame to measure well).
    motion_lag: float = 0.25
    #: Frame rate given to folders of images.
    image_fps: float = 24.0
    #: Whether to find and describe faces.
    faces: bool = True
    #: Whether to find each sample's dominant colours (for a brand palette to judge).
    palette: bool = True
    #: Frames whose faces are described, at most, spread evenly from the first frame to the last.
    face_frames: int = 5
    #: When faces are described instead of at :func:`face_times` and the last frame (a stitched cut:
    #: within the shots that have someone to recognise).
    face_at: tuple[float, ...] = ()
    #: Whether the samples either side of each cut keep their luma (at half the working size, as the
    #: first and last frames then do): a stitched cut's shots' ends, for SSIM against each other.
    cut_ends: bool = False
    #: Whether to measure the soundtrack.
    sound: bool = True
    detector: DetectorSettings = field(default_factory=DetectorSettings)

    def key(self) -> str:
        return json.dumps({"version": VERSION, **asdict(self)}, sort_keys=True)


@dataclass
class Sample:
    """A frame measured in full."""

    time: float
    #: Mean L*a*b*, and the mean of each cell of a 3x3 grid.
    lab: np.ndarray
    regions: np.ndarray
    histogram: np.ndarray
    #: Dominant colours, rows of (L*, a*, b*, share of the frame), largest first.
    palette: np.ndarray
    #: Working-size luma (first and last frames only, for SSIM) and a small RGB thumbnail (for
    #: reports; thinned out over long renders).
    luma: np.ndarray | None
    thumbnail: np.ndarray | None
    #: Fractions of pixels crushed to black and blown to white.
    black: float
    white: float
    #: Spread of lightness, colourfulness and fine detail (see ``soracheck.metrics.drift``).
    contrast: float = 0.0
    colourfulness: float = 0.0
    detail: float = 0.0


@dataclass
class FaceSample:
    """The faces found in one frame, largest first."""

    time: float
    faces: list[Face]


def face_times(duration: float, most: int) -> list[float]:
    """When faces are described in a render of ``duration`` seconds (the last frame comes on top).

    One frame about every three seconds, at most ``most - 1`` (the first and the middle at least, when
    ``most`` allows three).
    """
    count = min(max(2, round(duration / 3)), max(1, most - 1))
    return [duration * i / count for i in range(count)] if duration > 0 else [0.0]


@dataclass
class Measurements:
    """Everything the frame rules judge about one render."""

    render: str
    digest: str
    fps: float
    width: int
    height: int
    frames: int
    #: Seconds covered: the last frame's time plus one frame.
    duration: float
    #: Decode problems as (time or None, message).
    problems: list[tuple[float | None, str]]
    transitions: list[Transition]
    #: Time and mean luminance (0-1) of every frame.
    times: np.ndarray
    luminance: np.ndarray
    #: Mean chroma (U, V, as offsets from neutral 128) of every frame.
    chroma: np.ndarray
    #: VBench temporal flickering (mean over consecutive pairs) and brightness jitter.
    temporal_flickering: float
    luminance_flicker: float
    #: Rows of (time, dy, dx, peak): the picture's motion over the quarter second up to ``time``, per
    #: frame, in fractions of its width (0.01 is 1 % of the width a frame), and the correlation peak.
    motion: np.ndarray
    #: Rows of (time, dynamic degree in working-size pixels a frame) at the samples.
    dynamic: np.ndarray
    samples: list[Sample]
    first: Sample | None
    last: Sample | None
    #: The faces at the frames of :func:`face_times` and the last frame, unless not asked.
    faces: list[FaceSample]
    #: The soundtrack, measured; ``None`` when the render has none (or it was not asked).
    sound: Sound | None = None
    #: Whether these were read from the cache rather than measured now (not itself cached).
    cached: bool = False
    #: When these are of one shot's stretch of a longer render (a stitched cut, see :func:`part`): its
    #: start and end in that render, whose times they keep.
    part: tuple[float, float] | None = None

    def frame_time(self, index: int) -> float:
        return float(self.times[index]) if 0 <= index < len(self.times) else index / self.fps

    @property
    def start(self) -> float:
        """The time of the first frame in the render (0, unless these are a :func:`part`)."""
        return self.part[0] if self.part else 0.0


def part(m: Measurements, start: float, end: float, *, lag: float = Settings.motion_lag) -> Measurements:
    """The measurements of the frames of ``m`` from ``start`` to before ``end`` (seconds): one shot of a
    stitched cut, judged like a render of its own.

    Times stay those of the whole render (so a finding's time is where to look in it); frame numbers,
    the length and the flicker are the stretch's. Its first and last frames measured in full are the
    samples nearest its ends (about every second; their luma kept where the measurement kept the
    ends of cuts, ``Settings.cut_ends``). Its motion starts ``lag`` seconds in, where the motion
    measured over the last ``lag`` seconds no longer spans the cut into it.
    """
    inside = np.flatnonzero((m.times >= start) & (m.times < end))
    if len(inside) == 0:
        raise ValueError(f"no frame of {m.render} between {start:g} and {end:g} s")
    first, stop = int(inside[0]), int(inside[-1]) + 1

    def within(rows: np.ndarray) -> np.ndarray:
        return rows[(rows[:, 0] >= start) & (rows[:, 0] < end)] if len(rows) else rows

    samples = [s for s in (m.first, *m.samples, m.last) if s is not None and start <= s.time < end]
    return replace(
        m,
        frames=stop - first,
        duration=float(m.times[stop - 1] - m.times[first]) + 1 / m.fps,
        problems=[(t, said) for t, said in m.problems if t is not None and start <= t < end],
        transitions=[
            replace(t, frame=t.frame - first, start=max(0, t.start - first), end=t.end - first)
            for t in m.transitions
            if first < t.frame < stop
        ],
        times=m.times[first:stop],
        luminance=m.luminance[first:stop],
        chroma=m.chroma[first:stop],
        luminance_flicker=luminance_flicker(m.luminance[first:stop]),
        motion=within(m.motion[m.motion[:, 0] >= start + lag] if len(m.motion) else m.motion),
        dynamic=within(m.dynamic),
        samples=[s for s in m.samples if start <= s.time < end],
        first=samples[0] if samples else None,
        last=samples[-1] if samples else None,
        faces=[f for f in m.faces if start <= f.time < end],
        sound=m.sound.part(start, end) if m.sound else None,
        part=(start, end),
    )


def digest(path: Path) -> str:
    """SHA-256 of a render file, or of a frame folder's image names and bytes.

    A file's is remembered by its size and times, so a process asking again (the language server,
    on each change) does not read the file again while it is unchanged.
    """
    if path.is_file():
        stat = path.stat()
        known = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        if known not in _DIGESTS:
            _DIGESTS[known] = _hash([path], folder=False)
        return _DIGESTS[known]
    return _hash(sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES), folder=True)


#: The digests of files read by this process, by path, size and times (see :func:`digest`).
_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _hash(files: list[Path], *, folder: bool) -> str:
    hasher = hashlib.sha256()
    for file in files:
        if folder:
            hasher.update(file.name.encode() + b"\0")
        with file.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                hasher.update(chunk)
    return hasher.hexdigest()


def measure(
    path: Path,
    settings: Settings | None = None,
    cache: Path | None = None,
    progress: Callable[[float], None] | None = None,
    *,
    threads: int = 0,
) -> Measurements:
    """Measure one render (or load its measurements from ``cache``).

    Raises :class:`~soracheck.metrics.VideoError` when the render cannot be opened at all;
    damage found while decoding is in :attr:`Measurements.problems`. ``progress`` is called with
    the share of the render done, 0-1, when its length is known. ``threads`` is how many threads
    FFmpeg decodes the picture with (0: its own choice).
    """
    settings = settings or Settings()
    content = digest(path) if path.exists() else ""
    stored = _entry(content, settings, cache)
    found = _stored(stored, path)
    if found is not None:
        return found
    result = _measure(path, content, settings, progress, threads)
    if stored:
        store(stored, result)
    return result


def cached(path: Path, settings: Settings, cache: Path | None) -> Measurements | None:
    """The measurements of ``path`` with ``settings`` that ``cache`` holds (what the last check of
    the render as it is now measured), without decoding anything; ``None`` when there are none."""
    return _stored(cache_entry(path, settings, cache), path)


def _stored(entry: Path | None, path: Path) -> Measurements | None:
    if entry is None or not entry.exists():
        return None
    try:
        return _load(entry, str(path))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None  # an unreadable entry is measured again


def cache_entry(path: Path, settings: Settings, cache: Path | None) -> Path | None:
    """The file under ``cache`` that holds the measurements of ``path`` with ``settings``, whether it
    exists yet or not; ``None`` without a cache, or for a missing render (nothing to key it by)."""
    return _entry(digest(path) if path.exists() else "", settings, cache)


def _entry(content: str, settings: Settings, cache: Path | None) -> Path | None:
    if cache is None or not content:
        return None
    return cache / f"{hashlib.sha256((content + settings.key()).encode()).hexdigest()[:32]}.npz"


def photo_face(path: Path, cache: Path | None = None) -> Face | None:
    """The largest face in a photograph (a reference image), searched for smaller faces too, or
    ``None``; cached by the file's content like a render's measurements. OSError if it cannot be read."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    content = digest(path)
    key = hashlib.sha256((content + json.dumps({"version": VERSION, "photo": True})).encode()).hexdigest()[:32]
    stored = cache / f"{key}.npz" if cache else None
    if stored and stored.exists():
        try:
            with np.load(stored, allow_pickle=False) as found:
                if "descriptor" not in found.files:
                    return None
                box = tuple(int(v) for v in found["box"])
                return Face(found["descriptor"], (box[0], box[1], box[2], box[3]), found["portrait"])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass  # an unreadable entry is measured again
    try:
        with Image.open(path) as image:
            pixels = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))  # a phone's photo upright
    except UnidentifiedImageError as error:
        raise OSError(str(error)) from None
    largest = next(iter(faces(pixels, most=1, upsample=1)), None)
    if stored:
        arrays = {}
        if largest is not None and largest.portrait is not None:
            arrays = {"descriptor": largest.descriptor, "box": np.asarray(largest.box), "portrait": largest.portrait}
        _write(stored, arrays)
    return largest


#: What the picture's and the sound's threads import when first needed, imported before they start:
#: two threads importing scipy's submodules at once can each find scipy half-initialised (seen in a
#: fresh worker process: "Module 'scipy' has no attribute '_lib'", "KeyError: 'scipy'").
THREADS_IMPORT = ("av", "scipy.signal", "scipy.cluster.vq")


def _measure(
    path: Path, content: str, settings: Settings, progress: Callable[[float], None] | None, threads: int
) -> Measurements:
    import importlib
    from concurrent.futures import ThreadPoolExecutor

    for name in THREADS_IMPORT:
        importlib.import_module(name)
    with ThreadPoolExecutor(1) as pool:
        heard = pool.submit(_listen, path) if settings.sound and path.is_file() else None
        m = _watch(path, content, settings, progress, threads)
        if heard is not None:
            m.sound, problems = heard.result()
            m.problems += problems
    return m


def _listen(path: Path) -> tuple[Sound | None, list[tuple[float | None, str]]]:
    """The render's sound, and what went wrong decoding it (the frames are judged all the same)."""
    import av

    from soracheck.metrics.audio import listen

    try:
        sound = listen(path)
    except (av.error.FFmpegError, OSError) as error:
        return None, [(None, f"the sound cannot be decoded: {error}")]
    return sound, [(t, said) for t, said in sound.problems] if sound else []


def _watch(
    path: Path, content: str, settings: Settings, progress: Callable[[float], None] | None, threads: int
) -> Measurements:
    from soracheck.metrics.video import Video, VideoError

    with Video(path, fps=settings.image_fps, threads=threads) as video:
        fps = video.info.fps
        features = TransitionFeatures(fps)
        lag = max(1, round(settings.motion_lag * fps))
        edge = max(lag + 1, round(settings.edge_seconds * fps))
        times: list[float] = []
        chroma: list[tuple[float, float]] = []
        motion: dict[float, tuple[float, float, float]] = {}
        dynamic: list[tuple[float, float]] = []
        samples: list[Sample] = []
        tail: deque[tuple[Frame, np.ndarray]] = deque(maxlen=edge + lag + 1)
        next_sample = 0.0
        thumbnails_every = 1
        declared = video.info.duration
        looks = deque(settings.face_at or face_times(declared or 0.0, settings.face_frames) if settings.faces else [])
        if looks:
            load_models()  # while the first frames decode
        found: list[FaceSample] = []
        marks: list[int] = []  # frames seen at each sample (for cut_ends)
        for frame in video.frames():
            planes = stacked(frame.planes(2))
            features.add(planes)
            times.append(frame.time)
            chroma.append((float(planes[1].mean()) - 128.0, float(planes[2].mean()) - 128.0))
            if lag <= frame.index <= edge:
                motion[frame.time] = _motion(tail[-lag][1], planes, lag)
            if looks and frame.time >= looks[0]:
                while looks and frame.time >= looks[0]:
                    looks.popleft()
                found.append(FaceSample(frame.time, faces(frame.picture(FACE_WIDTH))))
            if frame.time >= next_sample:
                ends = frame.index == 0 or settings.cut_ends
                samples.append(_sample(frame, boundary=ends, half=settings.cut_ends, palette=settings.palette))
                if settings.cut_ends:
                    _drop_far_from_cuts(samples, marks, features.luma_step, settings.detector.cut_delta)
                if tail:
                    # Dynamic degree on the half-size planes (16-pixel blocks), in working-size pixels.
                    dynamic.append((frame.time, 2 * dynamic_degree(tail[-1][1][0], planes[0], block=16)))
                if frame.index >= lag and frame.time not in motion:
                    motion[frame.time] = _motion(tail[-lag][1], planes, lag)
                thumbnails_every = _thin(samples, thumbnails_every)
                next_sample += settings.sample_every
            if tail:
                tail[-1][0].release()  # keep only the planes
            tail.append((frame, planes))
            if progress and declared:
                progress(min(1.0, frame.time / declared))
        ends = list(tail)
        for (earlier, before), (later, planes) in zip(ends[:-lag], ends[lag:], strict=True):
            if later.time not in motion and earlier.index + lag == later.index:
                motion[later.time] = _motion(before, planes, lag)
        info = video.info
        problems = [(p.time, p.message) for p in video.problems]
    if not times:
        raise VideoError(f"{path}: no frame could be decoded")
    last_frame = ends[-1][0]
    if settings.faces and not settings.face_at and (not found or found[-1].time < last_frame.time):
        found.append(FaceSample(last_frame.time, faces(last_frame.picture(FACE_WIDTH))))
    brightness = from_levels(features.mean)
    steps = np.asarray(features.luma_step[1:])
    transitions = find_transitions(features, settings=settings.detector)
    if settings.cut_ends:
        _keep_cut_ends(samples, [times[t.frame] for t in transitions])
    return Measurements(
        render=str(path),
        digest=content,
        fps=fps,
        width=info.width,
        height=info.height,
        frames=len(times),
        duration=times[-1] + 1.0 / fps,
        problems=problems,
        transitions=transitions,
        times=np.asarray(times),
        luminance=brightness,
        chroma=np.asarray(chroma, dtype=np.float32).reshape(-1, 2),
        # VBench's temporal flickering (see metrics.exposure), from the luma steps already measured.
        temporal_flickering=float(1.0 - steps.mean() / 255.0) if len(steps) else 1.0,
        luminance_flicker=luminance_flicker(brightness),
        motion=np.asarray([(t, *motion[t]) for t in sorted(motion)], dtype=np.float64).reshape(-1, 4),
        dynamic=np.asarray(dynamic, dtype=np.float64).reshape(-1, 2),
        samples=samples,
        first=samples[0],
        last=_sample(last_frame, boundary=True, half=settings.cut_ends, palette=settings.palette),
        faces=found,
    )


def _motion(before: np.ndarray, after: np.ndarray, frames: int) -> tuple[float, float, float]:
    """Global motion from ``before`` to ``after`` (half-size planes ``frames`` apart), per frame, in widths."""
    dy, dx, peak = global_motion(before[0], after[0])
    scale = before.shape[2] * frames
    return dy / scale, dx / scale, peak


def _sample(frame: Frame, *, boundary: bool, half: bool = False, palette: bool = True) -> Sample:
    """A frame measured in full; a boundary frame keeps its working-size luma (or half of it, ``half``:
    the many shot ends of a stitched cut), for SSIM against the next shot. Without ``palette``, its
    dominant colours are not looked for (none)."""
    rgb = frame.rgb()
    lab = to_lab(rgb[::2, ::2])  # colour statistics need no more than about 160 x 90
    black, white = clipped(frame.y)
    step = max(1, rgb.shape[0] // THUMBNAIL_HEIGHT)
    return Sample(
        time=frame.time,
        lab=mean_lab(lab),
        regions=region_means(lab),
        histogram=lab_histogram(lab).astype(np.float32),
        palette=(
            np.column_stack(dominant_palette(lab, samples=1024)).astype(np.float32)
            if palette
            else np.empty((0, 4), np.float32)
        ),
        luma=(np.ascontiguousarray(frame.y[::2, ::2]) if half else frame.y) if boundary else None,
        thumbnail=np.ascontiguousarray(rgb[::step, ::step]),
        black=black,
        white=white,
        contrast=contrast(lab),
        colourfulness=colourfulness(lab),
        detail=detail(lab),
    )


def _drop_far_from_cuts(samples: list[Sample], marks: list[int], steps: list[float], delta: float) -> None:
    """While measuring: drop the luma of the sample before the newest unless a frame on either side of
    it steps by ``delta`` (as a cut must), so that memory does not grow with the render's length."""
    marks.append(len(steps))
    newest = len(samples) - 1
    if newest < 2:
        return
    near = steps[marks[newest - 2] : marks[newest]]
    if max(near, default=0.0) < delta:
        samples[newest - 1].luma = None


def _keep_cut_ends(samples: list[Sample], cuts: list[float]) -> None:
    """Drop the luma of every sample but the first and the last before and first after each cut."""
    kept = {0}
    for cut in cuts:
        after = next((i for i, s in enumerate(samples) if s.time >= cut), len(samples))
        kept |= {i for i in (after - 1, after) if 0 <= i < len(samples)}
    for index, sample in enumerate(samples):
        if index not in kept:
            sample.luma = None


def _thin(samples: list[Sample], every: int) -> int:
    """Keep the thumbnails of every ``every``-th sample; double ``every`` when they grow past twice
    :data:`THUMBNAILS`, so they stay few and evenly spread however long the render. The new ``every``."""
    if (len(samples) - 1) % every:
        samples[-1].thumbnail = None
    if sum(s.thumbnail is not None for s in samples) > 2 * THUMBNAILS:
        every *= 2
        for index, sample in enumerate(samples):
            if index % every:
                sample.thumbnail = None
    return every


# The cache: arrays in an .npz, everything else in one JSON entry of it.


def store(path: Path, m: Measurements) -> None:
    """Save ``m`` as the cache entry ``path`` (see :func:`cache_entry`), atomically."""
    arrays: dict[str, np.ndarray] = {
        "times": m.times,
        "luminance": m.luminance,
        "chroma": m.chroma,
        "motion": m.motion,
        "dynamic": m.dynamic,
    }
    samples = [*m.samples, m.first, m.last]
    for i, sample in enumerate(samples):
        if sample is not None:
            for f in ("lab", "regions", "histogram", "palette", "luma", "thumbnail"):
                if getattr(sample, f) is not None:
                    arrays[f"sample{i}.{f}"] = getattr(sample, f)
    for i, sample in enumerate(m.faces):
        for j, face in enumerate(sample.faces):
            arrays[f"face{i}.{j}"] = face.descriptor
            if face.portrait is not None:
                arrays[f"portrait{i}.{j}"] = face.portrait
    sound = m.sound
    if sound is not None:
        arrays.update({f"sound.{name}": getattr(sound, name) for name in _SOUND_ARRAYS})
    meta = {
        **{f.name: getattr(m, f.name) for f in fields(m) if f.name in _SCALARS},
        "sound": None if sound is None else {name: getattr(sound, name) for name in _SOUND_SCALARS},
        "problems": m.problems,
        "transitions": [asdict(t) for t in m.transitions],
        "samples": [None if s is None else {f: getattr(s, f) for f in _SAMPLE_SCALARS} for s in samples],
        "faces": [{"time": s.time, "boxes": [f.box for f in s.faces]} for s in m.faces],
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    _write(path, arrays)


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Save ``arrays`` at ``path`` atomically (a run stopped half-way leaves no broken entry)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    with os.fdopen(fd, "wb") as out:
        np.savez(out, **arrays)  # not compressed: thumbnails hardly shrink, and writing is 6x faster
    os.replace(temporary, path)


_SOUND_ARRAYS = ("hops", "peaks", "bands", "onsets", "clips")
_SOUND_SCALARS = ("rate", "channels", "layout", "start", "duration", "problems")
_SAMPLE_SCALARS = ("time", "black", "white", "contrast", "colourfulness", "detail")
_SCALARS = ("digest", "fps", "width", "height", "frames", "duration", "temporal_flickering", "luminance_flicker")


def _load(path: Path, render: str) -> Measurements:
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    meta: dict[str, Any] = json.loads(arrays.pop("meta").tobytes())
    samples: list[Sample | None] = []
    for i, header in enumerate(meta["samples"]):
        if header is None:
            samples.append(None)
            continue
        parts = {
            f: arrays.get(f"sample{i}.{f}") for f in ("lab", "regions", "histogram", "palette", "luma", "thumbnail")
        }
        samples.append(Sample(**{f: header[f] for f in _SAMPLE_SCALARS}, **parts))
    faces = [
        FaceSample(
            s["time"],
            [
                Face(arrays[f"face{i}.{j}"], tuple(box), arrays.get(f"portrait{i}.{j}"))
                for j, box in enumerate(s["boxes"])
            ],
        )
        for i, s in enumerate(meta["faces"])
    ]
    return Measurements(
        render=render,
        **{name: meta[name] for name in _SCALARS},
        problems=[(t, message) for t, message in meta["problems"]],
        transitions=[Transition(**t) for t in meta["transitions"]],
        times=arrays["times"],
        luminance=arrays["luminance"],
        chroma=arrays["chroma"],
        motion=arrays["motion"],
        dynamic=arrays["dynamic"],
        samples=[s for s in samples[:-2] if s is not None],
        first=samples[-2],
        last=samples[-1],
        faces=faces,
        sound=_sound(meta["sound"], arrays),
        cached=True,
    )


def _sound(meta: dict[str, Any] | None, arrays: dict[str, np.ndarray]) -> Sound | None:
    if meta is None:
        return None
    kept = {name: arrays[f"sound.{name}"] for name in _SOUND_ARRAYS}
    kept["bands"] = kept["bands"].reshape(-1, len(BANDS))
    problems = tuple((t, said) for t, said in meta["problems"])
    return Sound(**{**meta, "problems": problems}, **kept)
