"""How loud a soundtrack is, measured as it streams: ITU-R BS.1770-4 loudness, loudness range and true peak.

A :class:`LoudnessMeter` is fed the decoded samples in order, any number at a time, and keeps only a
few numbers per 100 ms of sound, never the samples: a ten-minute track costs a few kilobytes.

* **Loudness** (LUFS) [1]_: each channel is K-weighted (a high shelf of +4 dB above about 1.7 kHz
  and a high-pass at about 38 Hz, the two biquads of the standard, designed for any sample rate),
  its mean square taken over 400 ms blocks every 100 ms, the channels summed with their weights
  (1 for left, right and centre, 1.41 for the surrounds, 0 for LFE), and
  ``L = -0.691 + 10 log10(sum)``. *Momentary* loudness is one block, *short-term* 3 s.
  *Integrated* loudness is the mean power of the blocks above the absolute gate (-70 LUFS) and
  above the relative gate (10 LU under the mean of those).
* **Loudness range** (LU) [2]_: the spread between the 10th and 95th percentiles of the short-term
  loudness, once blocks under -70 LUFS and 20 LU under their mean are gated out.
* **True peak** (dBTP) [1]_: the largest absolute value of the signal oversampled four times (two
  at 96 kHz and above; polyphase FIR interpolation), which finds the peaks between samples.

The meter is checked against the test signals of EBU Tech 3341 and 3342 [3]_ in the tests.
:class:`OnsetDetector` finds where sounds begin, :func:`silences` where the loudness stays under a
level, :class:`ClipCounter` (:func:`clipped` on an array) where waves were cut at full scale; and
:func:`listen` decodes a render's soundtrack with PyAV a second at a time into all of them, a
:class:`Sound`: its power, true peak and octave spectrum every 100 ms, its onsets and clips, from
which any stretch of it is measured like the whole.

References
----------
.. [1] ITU-R BS.1770-4, "Algorithms to measure audio programme loudness and true-peak audio level", 2015.
.. [2] EBU Tech 3342, "Loudness Range: a measure to supplement EBU R 128 loudness normalization", 2016.
.. [3] EBU Tech 3341, "Loudness metering: 'EBU mode' metering to supplement EBU R 128 loudness
       normalization", 2016 (test signals: minimum requirements of a meter).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from math import log10, pi, tan
from pathlib import Path
from typing import Any

import numpy as np

#: The absolute gate, the relative gate of integrated loudness and that of loudness range.
ABSOLUTE_GATE, RELATIVE_GATE, RANGE_GATE = -70.0, -10.0, -20.0
#: Input samples either side that the interpolation of the true peak reaches (scipy's polyphase
#: filter reaches 10 at four times).
_REACH = 32
#: Seconds each loudness value and spectrum covers: BS.1770's blocks step by 100 ms.
HOP = 0.1
#: Centres (Hz) of the octave bands a soundtrack's spectrum is kept in (IEC 61260's nominal octaves).
BANDS = (31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000)
#: Channel weights by position (BS.1770-4, table 4): surrounds count 1.41, LFE not at all.
SURROUND, LFE = 1.41, 0.0


def k_weighting(rate: float) -> np.ndarray:
    """BS.1770-4's K-weighting at ``rate`` Hz, as second-order sections for ``scipy.signal.sosfilt``.

    The two stages are designed for the rate by the bilinear transform from the parameters that
    reproduce the standard's 48 kHz coefficients (the shelf: +3.99984 dB above 1681.97 Hz, Q 0.70718;
    the high-pass: 38.1355 Hz, Q 0.50033; as libebur128 designs them).

    Examples
    --------
    >>> np.round(k_weighting(48000)[0, :3], 5).tolist()  # the standard's first-stage numerator
    [1.53512, -2.6917, 1.19839]
    """
    gain, shelf_q, shelf_f = 3.999843853973347, 0.7071752369554196, 1681.974450955533
    pass_q, pass_f = 0.5003270373238773, 38.13547087602444
    k = tan(pi * shelf_f / rate)
    vh = 10 ** (gain / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / shelf_q + k * k
    shelf = [(vh + vb * k / shelf_q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / shelf_q + k * k) / a0]
    shelf += [1.0, 2 * (k * k - 1) / a0, (1 - k / shelf_q + k * k) / a0]
    k = tan(pi * pass_f / rate)
    a0 = 1 + k / pass_q + k * k
    high_pass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / pass_q + k * k) / a0]
    return np.asarray([shelf, high_pass])


def channel_weights(layout: str, channels: int) -> np.ndarray:
    """The weight of each channel in the loudness sum, from an FFmpeg layout name (``5.1``, ``stereo``).

    The fourth and fifth channels of a 5.0 or 5.1 layout are the surrounds, the fourth of a 5.1 is the
    LFE in FFmpeg's order (FL, FR, FC, LFE, BL/SL, BR/SR); any other channel counts 1.
    """
    weights = np.ones(channels)
    if layout.startswith("5.1") and channels >= 6:
        weights[3], weights[4:6] = LFE, SURROUND
    elif layout.startswith("5.0") and channels >= 5:
        weights[3:5] = SURROUND
    return weights


def loudness(power: float | np.ndarray) -> float | np.ndarray:
    """LUFS of a channel-weighted mean square (``-inf`` for silence)."""
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(power)


@dataclass
class LoudnessMeter:
    """Loudness, loudness range and true peak of a track fed in order (see the module's docstring).

    Parameters
    ----------
    rate : int
        Samples a second.
    weights : ndarray
        One weight per channel (see :func:`channel_weights`).
    """

    rate: int
    weights: np.ndarray
    #: The channel-weighted mean square of every 100 ms of K-weighted sound, in order.
    hops: list[float] = field(default_factory=list)
    #: The power of every 100 ms of K-weighted sound in each octave band of :data:`BANDS`.
    bands: list[np.ndarray] = field(default_factory=list)
    _peaks: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    _state: np.ndarray | None = field(default=None, repr=False)
    _pending: np.ndarray | None = field(default=None, repr=False)
    #: The last samples fed, of which the first ``_covered`` are in ``_peaks`` already; the
    #: position of the first of them in the track.
    _context: np.ndarray | None = field(default=None, repr=False)
    _covered: int = field(default=0, repr=False)
    _offset: int = field(default=0, repr=False)

    @property
    def hop(self) -> int:
        """Samples in 100 ms."""
        return round(self.rate * HOP)

    def add(self, samples: np.ndarray) -> None:
        """Feed the next samples: float, shape (n, channels), full scale ±1."""
        from scipy.signal import sosfilt

        samples = np.asarray(samples, dtype=np.float64).reshape(len(samples), -1)
        if len(samples) == 0:
            return
        sos = k_weighting(self.rate)
        if self._state is None:
            self._state = np.zeros((sos.shape[0], 2, samples.shape[1]))
        weighted, self._state = sosfilt(sos, samples, axis=0, zi=self._state)
        if self._pending is not None:
            weighted = np.concatenate([self._pending, weighted])
        whole = len(weighted) // self.hop * self.hop
        if whole:
            pieces = weighted[:whole].reshape(-1, self.hop, weighted.shape[1])
            self.hops += ((pieces**2).mean(axis=1) @ self.weights).tolist()
            self.bands += list(_band_power(pieces, self.rate))
        self._pending = weighted[whole:]
        self._add_peaks(samples)

    def _add_peaks(self, samples: np.ndarray) -> None:
        """Update the true peak of each hop. Each oversampled stretch is taken once the interpolating
        filter has the samples on both sides of it: the last few wait for the next call."""
        joined = samples if self._context is None else np.concatenate([self._context, samples])
        start, stop = self._covered, len(joined) - _REACH
        if stop > start:
            self._peaks = self._merged(self._peaks, joined, start, stop)
            self._offset += stop - _REACH
            joined, start = joined[stop - _REACH :], _REACH
        self._context, self._covered = joined, start

    def _merged(self, peaks: np.ndarray, samples: np.ndarray, start: int, stop: int) -> np.ndarray:
        """``peaks`` raised by the samples ``start`` to ``stop`` of ``samples`` (at ``_offset`` in the
        track), each counted at the largest of itself and the four (or two, at 96 kHz and above)
        points the oversampled signal has from it to the next."""
        from scipy.signal import resample_poly

        factor = 4 if self.rate < 96000 else 2
        upsampled = np.abs(resample_poly(samples, factor, 1, axis=0)[start * factor : stop * factor])
        each = np.maximum(
            upsampled.reshape(stop - start, factor, -1).max(axis=(1, 2)), np.abs(samples[start:stop]).max(axis=1)
        )
        hops = (self._offset + np.arange(start, stop)) // self.hop
        if len(peaks) <= hops[-1]:
            peaks = np.concatenate([peaks, np.zeros(hops[-1] + 1 - len(peaks))])
        np.maximum.at(peaks, hops, each)
        return peaks

    def peaks(self) -> np.ndarray:
        """The true peak of every 100 ms (linear, full scale 1), the last, partial one included."""
        if self._context is not None and len(self._context) > self._covered:  # the last, nothing after them
            return self._merged(self._peaks.copy(), self._context, self._covered, len(self._context))
        return self._peaks

    def momentary(self) -> np.ndarray:
        """Loudness of every 400 ms block, a block every 100 ms (LUFS)."""
        return np.asarray(loudness(windows(np.asarray(self.hops), 4)))

    def short_term(self) -> np.ndarray:
        """Loudness of every 3 s window, a window every 100 ms (LUFS); ``times`` gives where each ends."""
        return np.asarray(loudness(windows(np.asarray(self.hops), 30)))

    def times(self, width: int) -> np.ndarray:
        """Where each window of ``width`` hops ends, in seconds."""
        return np.arange(width, len(self.hops) + 1) * HOP

    def integrated(self) -> float:
        """Integrated loudness, gated (LUFS; ``-inf`` when every block is under the absolute gate)."""
        return integrated(np.asarray(self.hops))

    def loudness_range(self) -> float:
        """The spread of the short-term loudness, 10th to 95th percentile once gated (LU; 0 when too short)."""
        return loudness_range(np.asarray(self.hops))

    def true_peak(self) -> float:
        """The true peak in dBTP (``-inf`` for silence)."""
        return true_peak(self.peaks())


def _band_power(pieces: np.ndarray, rate: int) -> np.ndarray:
    """The mean square of each piece (rows: pieces, samples, channels) in each octave band of
    :data:`BANDS`, the channels summed."""
    spectrum = np.abs(np.fft.rfft(pieces, axis=1)) ** 2
    spectrum = spectrum.sum(axis=2) * 2 / pieces.shape[1] ** 2  # a sine of amplitude a: a²/2, as its mean square
    frequency = np.fft.rfftfreq(pieces.shape[1], 1 / rate)
    edges = np.searchsorted(frequency, [c / 2**0.5 for c in BANDS] + [BANDS[-1] * 2**0.5])
    return np.add.reduceat(spectrum, edges[:-1], axis=1) * (edges[1:] > edges[:-1])


def windows(hops: np.ndarray, width: int) -> np.ndarray:
    """The mean power of every ``width`` consecutive hops (4: BS.1770's 400 ms blocks; 30: 3 s)."""
    if len(hops) < width:
        return np.empty(0)
    total = np.concatenate([[0.0], np.cumsum(hops)])
    return (total[width:] - total[:-width]) / width


def integrated(hops: np.ndarray) -> float:
    """Integrated loudness of the 100 ms powers ``hops`` (LUFS): the gated mean of their 400 ms blocks.

    The loudness of the mean power of the blocks above the absolute gate and 10 LU under their mean
    (BS.1770-4); ``-inf`` when every block is under the absolute gate, or there is none.

    Examples
    --------
    >>> round(integrated(np.full(10, 10 ** ((-23 + 0.691) / 10))), 3)
    -23.0
    """
    return _gated_mean(windows(hops, 4), RELATIVE_GATE)


def loudness_range(hops: np.ndarray) -> float:
    """The loudness range of the 100 ms powers ``hops`` (LU, EBU Tech 3342): the spread between the 10th
    and 95th percentiles of their 3 s loudness, gated; 0 when shorter than 3 s or silent."""
    power = windows(hops, 30)
    kept = power[loudness(power) > ABSOLUTE_GATE]
    if len(kept) == 0:
        return 0.0
    kept = kept[loudness(kept) > loudness(kept.mean()) + RANGE_GATE]
    low, high = np.percentile(loudness(kept), [10, 95])
    return float(high - low)


def _gated_mean(power: np.ndarray, relative: float) -> float:
    """The loudness of the mean power of the blocks above the absolute gate and ``relative`` LU under their mean."""
    kept = power[loudness(power) > ABSOLUTE_GATE]
    if len(kept) == 0:
        return float("-inf")
    kept = kept[loudness(kept) > loudness(kept.mean()) + relative]
    return float(loudness(kept.mean()))


def true_peak(peaks: np.ndarray) -> float:
    """The largest of ``peaks`` (linear) in dBTP; ``-inf`` for silence."""
    peak = float(np.max(peaks, initial=0.0))
    return 20 * log10(peak) if peak > 0 else float("-inf")


@dataclass
class OnsetDetector:
    """Where sounds begin, found by spectral flux [4]_ as the samples stream.

    The channels are mixed to mono and cut in frames of 2048 samples every 512 (at 48 kHz, 43 ms
    every 10.7 ms), each Hann-windowed; a frame's flux is the sum over frequency bins of the rise of
    log-compressed magnitude, ``log(1 + 100 |X|)``, from the frame before (silence before the first, so
    a sound there from the start begins at the start). Onsets are its peaks
    (:meth:`onsets`). Only the flux and the net change are kept, two numbers a frame.

    References
    ----------
    .. [4] S. Dixon, "Onset detection revisited", Proc. DAFx-06, 2006 (spectral flux; peak picking).
    """

    rate: int
    frame: int = 2048
    step: int = 512
    flux: list[float] = field(default_factory=list)
    #: The change of the frame's energy: above 0 where the sound grows, below where it ends (a sound
    #: cut short spreads over more bands, so its flux rises, but its energy falls).
    change: list[float] = field(default_factory=list)
    _pending: np.ndarray | None = field(default=None, repr=False)
    _previous: np.ndarray | None = field(default=None, repr=False)

    def add(self, samples: np.ndarray) -> None:
        """Feed the next samples: float, shape (n, channels), full scale ±1."""
        mono = np.asarray(samples, dtype=np.float64).reshape(len(samples), -1).mean(axis=1)
        buffered = mono if self._pending is None else np.concatenate([self._pending, mono])
        count = 0 if len(buffered) < self.frame else 1 + (len(buffered) - self.frame) // self.step
        if count:
            frames = np.lib.stride_tricks.sliding_window_view(buffered, self.frame)[:: self.step][:count]
            magnitude = np.abs(np.fft.rfft(frames * np.hanning(self.frame), axis=1))
            first = np.zeros_like(magnitude[:1]) if self._previous is None else self._previous[None]
            before = np.vstack([first, magnitude[:-1]])
            self.flux += np.maximum(np.log1p(100 * magnitude) - np.log1p(100 * before), 0).sum(axis=1).tolist()
            self.change += ((magnitude**2).sum(axis=1) - (before**2).sum(axis=1)).tolist()  # energy (Parseval)
            self._previous = magnitude[-1]
        self._pending = buffered[count * self.step :]

    def times(self) -> np.ndarray:
        """The time of each frame's centre, in seconds."""
        return (np.arange(len(self.flux)) * self.step + self.frame / 2) / self.rate

    def onsets(self, *, spread: float = 0.05, rise: float = 0.1, least: float = 20.0) -> np.ndarray:
        """The times (s) of the flux's peaks: the largest within ``spread`` seconds either side, above
        the mean of the 0.1 s around by ``rise`` times the largest flux where sound grows (after the
        first frame) and by ``least`` at least (Dixon's peak picking, with the threshold scaled to the
        track), where the sound grows over the peak's frame and the next. The end of a sound cut dead
        splatters over every band, so its flux rises, but the whole falls; a sound's first frame may
        hold less energy than the frame before, in a louder sound's swell.
        """
        flux = np.asarray(self.flux)
        if len(flux) < 3 or flux.max() <= 0:
            return np.empty(0)
        hops = self.rate / self.step
        near, around = max(1, round(spread * hops)), max(1, round(0.1 * hops))
        padded = np.pad(flux, near, constant_values=-np.inf)
        peaks = flux >= np.lib.stride_tricks.sliding_window_view(padded, 2 * near + 1).max(axis=1)
        total = np.concatenate([[0.0], np.cumsum(flux)])
        low = np.maximum(np.arange(len(flux)) - around, 0)
        high = np.minimum(np.arange(len(flux)) + around + 1, len(flux))
        mean = (total[high] - total[low]) / (high - low)
        change = np.asarray(self.change)
        rising = change + np.append(change[1:], 0.0) > 0  # from the frame before the peak to the one after
        # The scale is set by where sound grows, after the first frame (against the silence before):
        # the end of a sound cut dead splatters over every band, but falls.
        growing = flux[1:][rising[1:]]
        above = flux > mean + max(rise * growing.max(initial=0.0), least)
        picked = np.flatnonzero(peaks & above & rising)
        return self.times()[picked]


def silences(
    levels: np.ndarray, times: np.ndarray, *, below: float = -60.0, least: float = 0.5
) -> list[tuple[float, float]]:
    """The spans, as (start, end) in seconds, where ``levels`` (loudness at ``times``, such as
    :meth:`LoudnessMeter.momentary`) stay under ``below`` for at least ``least`` seconds.

    Examples
    --------
    >>> silences(np.array([-20, -80, -80, -80, -20.0]), np.array([0.4, 0.5, 0.6, 0.7, 0.8]), least=0.2)
    [(0.5, 0.7)]
    """
    quiet = np.concatenate([[False], np.asarray(levels) < below, [False]])
    edges = np.diff(quiet.astype(np.int8))
    spans = zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True)
    return [(float(times[a]), float(times[b])) for a, b in spans if times[b] - times[a] >= least - 1e-9]


def clipped(samples: np.ndarray, *, level: float = 0.999, least: int = 3) -> int:
    """How many runs of at least ``least`` consecutive samples of one channel sit at full scale (|x| ≥ ``level``).

    A lone full-scale sample is a loud peak; several in a row are the top of a wave cut off.

    Examples
    --------
    >>> clipped(np.array([[0.2], [1.0], [1.0], [1.0], [0.3], [1.0]]))
    1
    """
    counter = ClipCounter(level, least)
    counter.add(samples)
    return len(counter.runs())


@dataclass
class ClipCounter:
    """Where :func:`clipped`'s runs start, as the samples stream: a run may straddle two pieces."""

    level: float = 0.999
    least: int = 3
    #: The first sample of each run found, in the order found.
    starts: list[int] = field(default_factory=list)
    _open: np.ndarray | None = field(default=None, repr=False)  # the length of the run each channel ends in
    _seen: int = field(default=0, repr=False)

    def add(self, samples: np.ndarray) -> None:
        full = np.abs(np.asarray(samples).reshape(len(samples), -1)) >= self.level
        if self._open is None:
            self._open = np.zeros(full.shape[1], dtype=np.int64)
        for channel, column in enumerate(full.T):
            edges = np.diff(np.concatenate([[0], column.astype(np.int8), [0]]))
            starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            lengths, first = ends - starts, starts + self._seen
            carried = int(self._open[channel])
            if len(starts) and starts[0] == 0:
                lengths[0] += carried  # the run the last piece ended in goes on
                first[0] -= carried
            elif carried >= self.least:
                self.starts.append(self._seen - carried)  # … or it ended there
            running = len(ends) > 0 and ends[-1] == len(column)
            closed = slice(0, len(lengths) - running)
            self.starts += first[closed][lengths[closed] >= self.least].tolist()
            self._open[channel] = lengths[-1] if running else 0
        self._seen += len(full)

    def runs(self) -> list[int]:
        """The first sample of every run, in order, the ones still open at the end included."""
        open_runs = [] if self._open is None else [self._seen - n for n in self._open if n >= self.least]
        return sorted(self.starts + open_runs)


@dataclass(frozen=True)
class Sound:
    """What a render's soundtrack measured (see :func:`listen`), 100 ms at a time: any stretch of it
    (:meth:`part`) is measured like the whole."""

    rate: int
    channels: int
    layout: str
    #: Where the sound starts in the render (the video's first frame is 0), and its length, in seconds.
    start: float
    duration: float
    #: The channel-weighted mean square of each 100 ms of K-weighted sound (the loudness of any
    #: stretch follows from them); the true peak of each (linear); and its power in each octave band of
    #: :data:`BANDS` (rows).
    hops: np.ndarray
    peaks: np.ndarray
    bands: np.ndarray
    #: The times where sounds begin (:class:`OnsetDetector`), and where waves were cut off at full
    #: scale (:func:`clipped`), in seconds of the render.
    onsets: np.ndarray
    clips: np.ndarray
    #: What went wrong decoding it, as (time, message).
    problems: tuple[tuple[float, str], ...] = ()

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def integrated(self) -> float:
        return integrated(self.hops)

    @property
    def loudness_range(self) -> float:
        return loudness_range(self.hops)

    @property
    def true_peak(self) -> float:
        return true_peak(self.peaks)

    def momentary(self) -> np.ndarray:
        """Rows of (time the 400 ms block ends, LUFS), a block every 100 ms."""
        return self._series(4)

    def short_term(self) -> np.ndarray:
        """Rows of (time the 3 s window ends, LUFS), a window every 100 ms."""
        return self._series(30)

    def _series(self, width: int) -> np.ndarray:
        power = windows(self.hops, width)
        times = self.start + np.arange(width, width + len(power)) * HOP
        return np.column_stack([times, loudness(power)]) if len(power) else np.empty((0, 2))

    def part(self, start: float, end: float) -> Sound:
        """The sound from ``start`` to ``end`` (seconds of the render, as the hops fall), times kept."""
        first = max(0, round((start - self.start) / HOP))
        stop = max(first, round((end - self.start) / HOP))
        begin = self.start + first * HOP

        def within(times: np.ndarray) -> np.ndarray:
            return times[(times >= begin) & (times < self.start + stop * HOP)]

        return replace(
            self,
            start=begin,
            duration=max(0.0, min(self.end, self.start + stop * HOP) - begin),
            hops=self.hops[first:stop],
            peaks=self.peaks[first:stop],
            bands=self.bands[first:stop],
            onsets=within(self.onsets),
            clips=within(self.clips),
            problems=tuple(p for p in self.problems if begin <= p[0] < self.start + stop * HOP),
        )


def listen(path: str | Path, *, chunk: float = 1.0) -> Sound | None:
    """Decode the first audio stream of ``path`` (PyAV) a piece at a time and measure it; ``None``
    when the file has no audio stream. Never more than about ``chunk`` seconds of samples are held.

    The sound's start is its stream's first timestamp after the video stream's (sound that starts
    late, or early, is out of sync by that much). A stream that fails part-way keeps what decoded,
    and says where in :attr:`Sound.problems`.
    """
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        layout, rate = stream.layout.name, stream.rate
        channels = len(stream.layout.channels)
        resampler = av.AudioResampler(format="flt", layout=layout, rate=rate)
        meter = LoudnessMeter(rate, channel_weights(layout, channels))
        onsets, clips = OnsetDetector(rate), ClipCounter()
        pending: list[np.ndarray] = []
        held = decoded = 0
        problems: list[tuple[float, str]] = []

        def feed(pieces: list[np.ndarray]) -> None:
            samples = np.concatenate(pieces)
            meter.add(samples)
            onsets.add(samples)
            clips.add(samples)

        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1, channels)
                    pending.append(samples)
                    held += len(samples)
                    decoded += len(samples)
                    if held >= chunk * rate:
                        feed(pending)
                        pending, held = [], 0
        except av.error.FFmpegError as error:
            problems.append((decoded / rate, f"the sound cannot be decoded past here: {error}"))
        for out in resampler.resample(None):
            pending.append(out.to_ndarray().reshape(-1, channels))
            decoded += len(pending[-1])
        if pending:
            feed(pending)
        start = _start(stream) - _start(container.streams.video[0]) if container.streams.video else 0.0
    peaks = meter.peaks()
    return Sound(
        rate=rate,
        channels=channels,
        layout=layout,
        start=start,
        duration=decoded / rate,
        hops=np.asarray(meter.hops),
        peaks=peaks,
        bands=np.asarray(meter.bands).reshape(-1, len(BANDS)),
        onsets=start + onsets.onsets(),
        clips=start + np.asarray(clips.runs(), dtype=np.float64) / rate,
        problems=tuple((start + t, said) for t, said in problems),
    )


def _start(stream: Any) -> float:
    """The first timestamp of a stream, in seconds (0 when it has none)."""
    return float(stream.start_time * stream.time_base) if stream.start_time is not None and stream.time_base else 0.0
