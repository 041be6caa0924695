"""Stream the frames of a render — a video file or a folder of images — small, timed and in order.

PyAV decodes. Every frame is offered at a small *working size* (about 320 pixels wide) read straight
from the decoded planes with a stride: the luma and the two chroma planes cost nothing beyond the
decode, so per-frame statistics (cuts, flicker) see every frame. Only the frames a colour, structure
or identity metric asks for are converted to RGB, once each, by swscale. Frames are produced one at
a time and keep only their own small arrays, so memory does not grow with the length of the video.

Times come from each frame's presentation timestamp, measured from the first frame: variable frame
rates and streams that start late (a first timestamp of 1.075 s) both give the first frame t = 0.
A display rotation in the file (phone footage) is applied to every array. A file that is corrupt or
cut short yields the frames that decode; what went wrong is collected in :attr:`Video.problems`
instead of raised, so one bad render never stops the others being checked.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from queue import Full, Queue
from typing import TYPE_CHECKING, Any

import av
import av.logging
import numpy as np

from soracheck.metrics import IMAGE_SUFFIXES, VideoError

if TYPE_CHECKING:
    from av.video.frame import VideoFrame

#: Width (before rotation) the working-size planes are strided down to, at most twice over.
WORKING_WIDTH = 320
#: Pixel formats whose planes are read directly; any other is converted to yuv420p first.
_PLANAR_420 = ("yuv420p", "yuvj420p")


@dataclass(frozen=True)
class DecodeProblem:
    """Something that went wrong while decoding, at a time in the render (``None``: before any frame)."""

    time: float | None
    message: str


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    #: Displayed size of the original frames, after rotation.
    width: int
    height: int
    #: Nominal frame rate (the stream's average rate, or the one given for a folder of images).
    fps: float
    #: Length in seconds as the container declares it, if it does.
    duration: float | None
    codec: str
    #: Counter-clockwise display rotation in degrees (0, 90, 180 or 270).
    rotation: int


class Frame:
    """One decoded frame: its index and time; its planes at the working size (or smaller), and RGB, on request.

    Planes and RGB are computed from the decoded frame when first asked for, and kept; after
    :meth:`release` only what was already computed is available.
    """

    __slots__ = ("_cache", "_rgb", "_source", "_stride", "index", "rotation", "time")

    def __init__(self, index: int, time: float, source: VideoFrame, stride: int, rotation: int) -> None:
        self.index = index
        self.time = time
        self.rotation = rotation
        if source.format.name not in _PLANAR_420:
            source = source.reformat(format="yuv420p")
        self._source: VideoFrame | None = source
        self._stride = stride
        self._cache: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._rgb: np.ndarray | None = None

    def planes(self, step: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The Y, U and V planes at the working size divided by ``step``, uint8, all one shape, as displayed."""
        if step not in self._cache:
            source = self._decoded()
            stride = self._stride * step
            self._cache[step] = tuple(  # type: ignore[assignment]
                _rotate(_plane(source, i, stride if i == 0 else stride // 2), self.rotation) for i in range(3)
            )
        return self._cache[step]

    @property
    def y(self) -> np.ndarray:
        """Working-size luma."""
        return self.planes()[0]

    @property
    def u(self) -> np.ndarray:
        return self.planes()[1]

    @property
    def v(self) -> np.ndarray:
        return self.planes()[2]

    def rgb(self) -> np.ndarray:
        """The frame as working-size RGB (uint8, H x W x 3), converted once by swscale (bilinear: 2 ms at 1080p, area 5 ms)."""
        if self._rgb is None:
            source = self._decoded()
            height, width = (-(-n // self._stride) for n in (source.height, source.width))
            converted = source.reformat(width=width, height=height, format="rgb24", interpolation="BILINEAR")
            self._rgb = _rotate(converted.to_ndarray(), self.rotation)
        return self._rgb

    def picture(self, width: int) -> np.ndarray:
        """The frame as RGB at most ``width`` pixels wide (uint8, never enlarged), as displayed; not kept."""
        source = self._decoded()
        across = source.height if self.rotation in (90, 270) else source.width
        scale = min(1.0, width / across)
        size = {"width": max(2, round(source.width * scale)), "height": max(2, round(source.height * scale))}
        converted = source.reformat(**size, format="rgb24", interpolation="AREA")
        return _rotate(converted.to_ndarray(), self.rotation)

    def release(self) -> None:
        """Drop the full-size decoded frame, keeping the planes and RGB already computed."""
        self._source = None

    def _decoded(self) -> VideoFrame:
        if self._source is None:
            raise RuntimeError(f"frame {self.index} was released before this was computed from it")
        return self._source


class Video:
    """A render opened for one pass: :attr:`info`, then :meth:`frames`, then :attr:`problems`.

    Use as a context manager. ``path`` is a video file (anything FFmpeg reads: MP4, MOV, WebM…) or a
    folder of PNG/JPEG frames, timed at ``fps``. ``threads`` is how many threads FFmpeg decodes a
    video with (0: as many as it likes, about one per core).
    """

    def __init__(self, path: Path, *, fps: float = 24.0, threads: int = 0) -> None:
        self.path = path
        self.problems: list[DecodeProblem] = []
        self._images: list[Path] = []
        self._container: Any = None
        self._prefetch: _Prefetch | None = None
        if path.is_dir():
            self._images = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            if not self._images:
                raise VideoError(f"{path}: a folder with no PNG or JPEG frames")
            first = _open(self._images[0])
            try:
                frame = next(first.decode(video=0))
            except (av.error.FFmpegError, StopIteration) as error:
                raise VideoError(f"{self._images[0]}: not a readable image ({error})") from None
            finally:
                first.close()
            self.info = VideoInfo(path, frame.width, frame.height, fps, len(self._images) / fps, "image", 0)
            return
        self._container = _open(path)
        if not self._container.streams.video:
            self._container.close()
            raise VideoError(f"{path}: no video stream")
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        if threads:
            stream.codec_context.thread_count = threads
        # Analysed at a sixth of its size, a frame needs no deblocking: skipping it saves a fifth of the decode.
        stream.codec_context.options = {"skip_loop_filter": "all", "flags2": "+fast"}
        rate = stream.average_rate or stream.guessed_rate
        duration = None
        if stream.duration is not None and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        elif self._container.duration:
            duration = self._container.duration / av.time_base
        self._stream = stream
        self.info = VideoInfo(
            path, stream.width, stream.height, float(rate) if rate else fps, duration, stream.codec_context.name, 0
        )

    def __enter__(self) -> Video:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._prefetch is not None:
            self._prefetch.close()
        if self._container is not None:
            self._container.close()

    def frames(self) -> Iterator[Frame]:
        """Every frame, in presentation order, at the working size; decode problems are collected, not raised."""
        yield from (self._image_frames() if self._images else self._video_frames())

    def _image_frames(self) -> Iterator[Frame]:
        stride = _stride(self.info.width)
        for index, image in enumerate(self._images):
            try:
                container = _open(image)
                try:
                    decoded = next(container.decode(video=0))
                finally:
                    container.close()
            except (VideoError, av.error.FFmpegError, StopIteration) as error:
                self.problems.append(
                    DecodeProblem(index / self.info.fps, f"{image.name}: not a readable image ({error})")
                )
                continue
            if (decoded.width, decoded.height) != (self.info.width, self.info.height):
                self.problems.append(
                    DecodeProblem(
                        index / self.info.fps,
                        f"{image.name} is {decoded.width}x{decoded.height}, not {self.info.width}x{self.info.height}",
                    )
                )
                continue
            yield Frame(index, index / self.info.fps, decoded, stride, 0)

    def _video_frames(self) -> Iterator[Frame]:
        stride = _stride(self._stream.width)
        first_pts: int | None = None
        rotation: int | None = None
        index = 0
        time: float | None = None
        damage: list[DecodeProblem] = []
        self._prefetch = _Prefetch(_decoded(self._container, self._stream, damage))
        for source in self._prefetch:
            if rotation is None:
                rotation = round(source.rotation / 90) % 4 * 90
                self.info = _rotated(self.info, rotation)
            if first_pts is None:
                first_pts = source.pts
            if source.pts is not None and first_pts is not None and source.time_base:
                time = float((source.pts - first_pts) * source.time_base)
            else:
                time = index / self.info.fps
            yield Frame(index, time, source, stride, rotation)
            index += 1
        if damage:
            # Decoding ahead on threads, FFmpeg reports damage a little late: decode the file again,
            # one packet at a time, to place each problem at its packet's time.
            self.problems += _damage(self.path, first_pts)
        if index == 0:
            self.problems.append(DecodeProblem(None, "no frame could be decoded"))
        declared = self.info.duration
        if time is not None and declared and time + 2.0 / self.info.fps < declared - 0.25:
            self.problems.append(
                DecodeProblem(time, f"the video stops at {time:.2f} s of the {declared:.2f} s its header declares")
            )


def _decoded(
    container: Any, stream: Any, problems: list[DecodeProblem], start: int | None = None, *, local: bool = False
) -> Iterator[VideoFrame]:
    """Decoded frames of ``stream``, problems appended to ``problems`` at their packet's time (from ``start``).

    FFmpeg conceals damage and goes on: its error reports are captured as problems, from every
    thread (the decoder's own frame threads report too), or with ``local`` from this thread's only
    (a single-threaded decode, which must not take another decoder's report, such as the sound's,
    for its own). A packet that cannot be decoded is skipped; a failing demuxer ends the stream
    after the decoder has given up the frames it still holds.
    """
    packets = container.demux(stream)
    level = av.logging.get_level()
    av.logging.set_level(av.logging.ERROR)
    at: float | None = None
    try:
        with av.logging.Capture(local=local) as logged:
            while True:
                try:
                    packet = next(packets)
                except StopIteration:
                    if logged:  # reported by a decoding thread after its packet was done
                        problems.append(_damaged(at, logged[0]))
                    return
                except av.error.FFmpegError as error:
                    problems.append(DecodeProblem(at, f"the file cannot be read past here: {_reason(error)}"))
                    packet = None  # flush the decoder
                if packet is not None and packet.pts is not None and packet.time_base:
                    at = max(0.0, float((packet.pts - (start or 0)) * packet.time_base))
                seen = len(logged)
                try:
                    yield from stream.codec_context.decode(packet)
                except av.error.FFmpegError as error:
                    problems.append(DecodeProblem(at, f"a damaged packet could not be decoded: {_reason(error)}"))
                if len(logged) > seen:
                    problems.append(_damaged(at, logged[seen]))
                    del logged[:]
                if packet is None:
                    return
    except GeneratorExit:
        # Left early: drain the decoder's frame threads while the GIL is free, so none is still busy
        # (and logging through PyAV, which needs the GIL) when the decoder is freed, which holds the GIL.
        with contextlib.suppress(av.error.FFmpegError):
            for _ in stream.codec_context.decode(None):
                pass
        raise
    finally:
        av.logging.set_level(level)


def _damaged(at: float | None, entry: tuple[int, str, str]) -> DecodeProblem:
    """A problem from one of FFmpeg's error reports (level, component, message)."""
    _, name, message = entry
    return DecodeProblem(at, f"damaged data ({name}: {message.strip()})")


def _damage(path: Path, start: int | None) -> list[DecodeProblem]:
    """The problems of a second, single-threaded decode of ``path``: each where its packet is."""
    problems: list[DecodeProblem] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.codec_context.thread_count = 1
        for _ in _decoded(container, stream, problems, start, local=True):
            pass
    return problems


class _Prefetch:
    """The frames of ``frames``, decoded by a background thread up to ``ahead`` frames in advance.

    FFmpeg decodes without the interpreter lock, so the next frames decode while the caller
    measures the last ones. :meth:`close` stops and joins the thread; it must run before the
    container is closed (``Video.__exit__`` does it), or the thread would decode a freed stream.
    """

    def __init__(self, frames: Iterator[VideoFrame], ahead: int = 8) -> None:
        self._frames = frames
        self._queue: Queue[Any] = Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._done = object()
        self._thread = threading.Thread(target=self._produce, name="soracheck-decode", daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        try:
            for frame in self._frames:
                if not self._put(frame):
                    return
            self._put(self._done)
        except BaseException as error:  # handed to the consumer, raised there
            self._put(error)
        finally:
            close = getattr(self._frames, "close", None)
            if close is not None:
                close()  # a generator stopped early still restores what it changed

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except Full:
                continue
        return False

    def __iter__(self) -> Iterator[VideoFrame]:
        try:
            while (item := self._queue.get()) is not self._done:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _open(path: Path) -> Any:
    try:
        return av.open(str(path))
    except FileNotFoundError:
        raise VideoError(f"{path}: no such file") from None
    except (av.error.FFmpegError, OSError) as error:
        raise VideoError(f"{path}: not a readable video ({_reason(error)})") from None


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def _stride(width: int) -> int:
    """An even stride bringing ``width`` to about :data:`WORKING_WIDTH` (even, so chroma strides are whole)."""
    return max(2, 2 * round(width / (2 * WORKING_WIDTH)))


def _plane(frame: VideoFrame, index: int, stride: int) -> np.ndarray:
    plane = frame.planes[index]
    rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
    return np.ascontiguousarray(rows[::stride, : plane.width : stride])


def _rotate(array: np.ndarray, rotation: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(array, rotation // 90)) if rotation else array


def _rotated(info: VideoInfo, rotation: int) -> VideoInfo:
    width, height = (info.height, info.width) if rotation % 180 else (info.width, info.height)
    return VideoInfo(info.path, width, height, info.fps, info.duration, info.codec, rotation)


def write_video(
    path: Path,
    frames: Iterable[np.ndarray],
    fps: float,
    *,
    codec: str = "libx264",
    rotation: int = 0,
    crf: int = 20,
    sound: np.ndarray | None = None,
    rate: int = 48000,
) -> None:
    """Encode RGB uint8 frames (H x W x 3, even sizes) to ``path``; the sample renders, tests and benchmarks use it.

    ``rotation`` is written as the stream's display rotation (counter-clockwise degrees), as a phone does.
    ``sound`` (float samples, shape (n, 2), full scale ±1, at ``rate``) is written as a stereo AAC track.
    """
    options = {"movflags": "+faststart"} if path.suffix.lower() in (".mp4", ".mov") else {}
    pictures = iter(frames)
    first = next(pictures, None)
    with av.open(str(path), "w", options=options) as container:
        if first is not None:  # every stream is added before the first packet is written
            video: Any = container.add_stream(codec, rate=Fraction(fps).limit_denominator(1001))
            video.height, video.width = first.shape[:2]
            video.pix_fmt = "yuv420p"
            if codec == "libx264":
                video.options = {"crf": str(crf), "preset": "veryfast"}
            if rotation:
                video.set_display_rotation(rotation)
        audio: Any = container.add_stream("aac", rate=rate, layout="stereo") if sound is not None else None
        written = 0  # samples of sound written, kept up with the picture so the two interleave

        def hear(until: int) -> None:
            nonlocal written
            assert sound is not None
            for start in range(written, min(until, len(sound)), 1024):
                samples = np.ascontiguousarray(sound[start : start + 1024].T, dtype=np.float32)
                piece = av.AudioFrame.from_ndarray(samples, format="fltp", layout="stereo")
                piece.rate, piece.pts = rate, start
                container.mux(audio.encode(piece))
                written = start + samples.shape[1]

        if first is not None:
            for index, array in enumerate(itertools.chain([first], pictures)):
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
                container.mux(video.encode(frame))
                if sound is not None:
                    hear(round((index + 1) / fps * rate) // 1024 * 1024)
            container.mux(video.encode(None))
        if sound is not None:
            hear(len(sound))
            container.mux(audio.encode(None))
