"""The sound metrics on signals whose answer is known: loudness, loudness range and true peak against
the test signals of EBU Tech 3341 and 3342 (fed a second at a time, as a decoder would), onsets of
tone and noise bursts at known times, silences, clipped waves."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from soracheck.metrics.audio import (
    BANDS,
    ClipCounter,
    LoudnessMeter,
    OnsetDetector,
    channel_weights,
    clipped,
    k_weighting,
    listen,
    silences,
)

RATE = 48000


def sine(dbfs: float, seconds: float, *, rate: int = RATE, hz: float = 1000.0, phase: float = 0.0) -> np.ndarray:
    """A stereo sine whose peak is ``dbfs`` in each channel (as the EBU test signals are specified)."""
    t = np.arange(round(seconds * rate)) / rate
    mono = 10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t + phase)
    return np.column_stack([mono, mono])


def meter(*parts: np.ndarray, rate: int = RATE, chunk: float = 1.0) -> LoudnessMeter:
    """A meter fed the parts one after another, ``chunk`` seconds at a time."""
    found = LoudnessMeter(rate, channel_weights("stereo", 2))
    signal = np.concatenate(parts)
    step = max(1, round(chunk * rate))
    for start in range(0, len(signal), step):
        found.add(signal[start : start + step])
    return found


def test_the_k_weighting_is_the_standards_at_48_khz() -> None:
    expected = [
        [1.53512485958697, -2.69169618940638, 1.19839281085285, 1.0, -1.69065929318241, 0.73248077421585],
        [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621],
    ]
    assert k_weighting(48000) == pytest.approx(np.asarray(expected), abs=1e-8)


@pytest.mark.parametrize(("level", "expected"), [(-23.0, -23.0), (-33.0, -33.0)])
def test_tech_3341_cases_1_and_2_a_steady_sine(level: float, expected: float) -> None:
    assert meter(sine(level, 20)).integrated() == pytest.approx(expected, abs=0.1)


def test_tech_3341_case_3_quiet_parts_under_the_relative_gate() -> None:
    found = meter(sine(-36, 10), sine(-23, 60), sine(-36, 10))
    assert found.integrated() == pytest.approx(-23.0, abs=0.1)


def test_tech_3341_case_4_silence_under_the_absolute_gate() -> None:
    found = meter(sine(-72, 10), sine(-36, 10), sine(-23, 20), sine(-36, 10), sine(-72, 10))
    assert found.integrated() == pytest.approx(-23.0, abs=0.1)


def test_tech_3341_case_5_louder_middle() -> None:
    found = meter(sine(-26, 20), sine(-20, 20.1), sine(-26, 20))
    assert found.integrated() == pytest.approx(-23.0, abs=0.1)


def test_the_same_at_44_1_khz() -> None:
    assert meter(sine(-23, 20, rate=44100), rate=44100).integrated() == pytest.approx(-23.0, abs=0.1)


@pytest.mark.parametrize(("low", "high", "expected"), [(-30, -20, 10), (-20, -15, 5), (-40, -20, 20)])
def test_tech_3342_cases_1_to_3_loudness_range(low: float, high: float, expected: float) -> None:
    found = meter(sine(high, 20), sine(low, 20))
    assert found.loudness_range() == pytest.approx(expected, abs=1.0)


def test_a_steady_sine_has_no_range_and_reads_steady_over_time() -> None:
    found = meter(sine(-23, 10))
    assert found.loudness_range() == pytest.approx(0.0, abs=0.1)
    momentary, short = found.momentary(), found.short_term()
    assert len(momentary) == 100 - 3 and len(short) == 100 - 29  # a block every 100 ms
    assert momentary == pytest.approx(-23.0, abs=0.05) and short == pytest.approx(-23.0, abs=0.05)
    assert found.times(30)[0] == pytest.approx(3.0) and found.times(30)[-1] == pytest.approx(10.0)


def test_the_true_peak_between_samples() -> None:
    """A sine at a quarter of the rate, 45 degrees off: every sample is 3 dB under its peak."""
    signal = sine(-6.02, 1, hz=RATE / 4, phase=np.pi / 4)
    assert 20 * np.log10(np.abs(signal).max()) == pytest.approx(-9.03, abs=0.05)
    found = meter(signal)
    assert found.true_peak() == pytest.approx(-6.02, abs=0.2)


def test_fed_in_any_pieces_the_answers_are_the_same() -> None:
    signal = np.concatenate([sine(-30, 2), sine(-18, 3, hz=3000.0), sine(-40, 2)])
    whole = meter(signal, chunk=10)
    pieces = LoudnessMeter(RATE, channel_weights("stereo", 2))
    cuts = [0, 1, 32, 33, 1000, 4800, 4801, 100000, 200000, len(signal)]
    for start, stop in pairwise(cuts):
        pieces.add(signal[start:stop])
    assert pieces.integrated() == pytest.approx(whole.integrated(), abs=1e-9)
    assert pieces.hops == pytest.approx(whole.hops, rel=1e-9)
    assert pieces.true_peak() == pytest.approx(whole.true_peak(), abs=0.01)


def test_digital_silence() -> None:
    found = meter(np.zeros((RATE * 5, 2)))
    assert found.integrated() == float("-inf") and found.true_peak() == float("-inf")
    assert found.loudness_range() == 0.0


def test_surround_channels_count_more_and_the_lfe_not_at_all() -> None:
    assert channel_weights("5.1", 6).tolist() == [1, 1, 1, 0, 1.41, 1.41]
    assert channel_weights("stereo", 2).tolist() == [1, 1]
    mono = sine(-23, 10)[:, :1]
    left_only = LoudnessMeter(RATE, np.ones(1))
    left_only.add(mono)
    assert left_only.integrated() == pytest.approx(-26.0, abs=0.1)  # one channel of the stereo -23


def bursts(times: list[float], seconds: float, *, noise: bool = False, floor: float = -60.0) -> np.ndarray:
    """Quiet room tone with a 150 ms burst (a 440 Hz tone, or white noise) starting at each time,
    gated on and off over 5 ms as audiology's tone bursts are (a sine cut dead clicks: another onset)."""
    rng = np.random.default_rng(7)
    signal = 10 ** (floor / 20) * rng.standard_normal(round(seconds * RATE))
    for start in times:
        n = round(0.15 * RATE)
        t = np.arange(n) / RATE
        gate = np.minimum(1, np.minimum(t, t[::-1]) / 0.005)
        burst = gate * (rng.standard_normal(n) * 0.3 if noise else 0.5 * np.sin(2 * np.pi * 440 * t))
        first = round(start * RATE)
        signal[first : first + n] += burst
    return np.column_stack([signal, signal])


@pytest.mark.parametrize("noise", [False, True])
def test_onsets_of_bursts_at_known_times(noise: bool) -> None:
    times = [0.5, 1.25, 2.0, 3.7]
    detector = OnsetDetector(RATE)
    signal = bursts(times, 4.5, noise=noise)
    for start in range(0, len(signal), 4096):
        detector.add(signal[start : start + 4096])
    first, *found = detector.onsets()
    assert first == pytest.approx(1024 / RATE)  # the room tone begins with the render
    assert len(found) == len(times), found
    assert found == pytest.approx(times, abs=0.025)


def test_no_onset_in_a_steady_tone_or_in_silence() -> None:
    detector = OnsetDetector(RATE)
    detector.add(sine(-20, 3)[RATE // 2 :])  # starts mid-tone: it begins with the render, then goes on
    assert detector.onsets() == pytest.approx([1024 / RATE])  # the first frame's centre
    quiet = OnsetDetector(RATE)
    quiet.add(np.zeros((RATE, 2)))
    assert len(quiet.onsets()) == 0


def test_silences_in_the_momentary_loudness() -> None:
    found = meter(sine(-20, 2), np.zeros((RATE * 2, 2)), sine(-20, 1), 10 ** (-70 / 20) * sine(0, 1))
    spans = silences(found.momentary(), found.times(4))
    assert len(spans) == 2
    (start, end), (later, last) = spans
    assert start == pytest.approx(2.4, abs=0.11) and end == pytest.approx(4.0, abs=0.11)  # a block is 400 ms
    assert later == pytest.approx(5.4, abs=0.11) and last == pytest.approx(6.0, abs=0.11)  # near-silence too


def test_clipping_is_runs_of_full_scale_samples() -> None:
    clean = sine(-1, 1)
    assert clipped(clean) == 0
    driven = np.clip(sine(6, 0.01, hz=500.0), -1, 1)  # 6 dB too hot for 5 cycles: 5 tops and 5 troughs cut
    assert clipped(driven) == 2 * 10  # in each channel


def test_the_documented_examples_hold() -> None:
    import doctest

    from soracheck.metrics import audio

    assert doctest.testmod(audio).failed == 0


def render_with_sound(path: Path, sound: np.ndarray, *, rate: int = RATE) -> None:
    """A small H.264 render of ``len(sound) / rate`` seconds with ``sound`` (stereo float) as AAC."""
    from soracheck.metrics.video import write_video

    pictures = [np.full((48, 64, 3), n % 255, np.uint8) for n in range(round(len(sound) / rate * 12))]
    write_video(path, pictures, 12, sound=sound, rate=rate)


def test_a_renders_soundtrack_is_decoded_and_measured(tmp_path: Path) -> None:
    path = tmp_path / "render.mp4"
    sound = np.concatenate([sine(-23, 4), bursts([0.5, 1.5], 6.5, floor=-80.0)])  # bursts at 4.5 and 5.5 s
    render_with_sound(path, sound)
    heard = listen(path)
    assert heard is not None and (heard.rate, heard.channels, heard.layout) == (RATE, 2, "stereo")
    assert heard.duration == pytest.approx(10.5, abs=0.1)
    assert heard.onsets[heard.onsets > 4.2] == pytest.approx([4.5, 5.5], abs=0.05)  # AAC delays by a frame
    assert heard.short_term()[0, 1] == pytest.approx(-23.0, abs=0.3)  # the sine's 3 s, through AAC
    assert len(heard.clips) == 0 and heard.true_peak == pytest.approx(-6.0, abs=0.5)  # the bursts peak at 0.5
    assert heard.start == 0.0 and heard.end == pytest.approx(10.5, abs=0.1)
    quiet = silences(heard.momentary()[:, 1], heard.momentary()[:, 0])
    (start, end), *_ = [s for s in quiet if s[0] > 5.6]  # the room tone after the last burst
    assert start < 6.4 and end > 9.5


def test_a_render_without_sound(tmp_path: Path) -> None:
    from soracheck.metrics.video import write_video

    write_video(tmp_path / "silent.mp4", [np.zeros((48, 64, 3), np.uint8)] * 12, 12)
    assert listen(tmp_path / "silent.mp4") is None


def test_real_rendered_audio_is_measured(shared: Path) -> None:
    """LTX-2 renders its own soundtrack: a guitar and a voice, loud for the web, strummed."""
    heard = listen(shared / "corpus/ai-renders/ltx2_19b_teacher_guitar.mp4")
    assert heard is not None and heard.duration == pytest.approx(5.08, abs=0.05)
    assert -16 < heard.integrated < -6 and heard.true_peak < 0 and len(heard.clips) == 0
    assert len(heard.onsets) >= 3 and silences(heard.momentary()[:, 1], heard.momentary()[:, 0]) == []
    assert listen(shared / "corpus/ai-renders/wan21_t2v_1.3b_hiker.mp4") is None  # Wan renders no sound


def test_clips_counted_as_they_stream_are_the_clips_of_the_whole() -> None:
    rng = np.random.default_rng(3)
    signal = np.clip(rng.standard_normal((20000, 2)) * 0.8, -1, 1)
    counter = ClipCounter()
    for start, stop in pairwise([0, 1, 2, 7, 100, 101, 5000, 12345, 20000]):
        counter.add(signal[start:stop])
    whole = ClipCounter()
    whole.add(signal)
    assert counter.runs() == whole.runs() and len(whole.runs()) == clipped(signal) > 10


def test_clips_are_found_where_they_start() -> None:
    signal = sine(-20, 1.0)
    signal[RATE // 2 : RATE // 2 + 10] = 1.0  # both channels cut at 0.5 s
    counter = ClipCounter()
    for start in range(0, len(signal), 1000):  # the run straddles two pieces
        counter.add(signal[start : start + 1000])
    assert counter.runs() == [RATE // 2, RATE // 2]


def test_the_true_peak_and_the_spectrum_of_each_100_ms() -> None:
    found = meter(sine(-20, 1.0), sine(-6, 0.5, hz=4000.0), sine(-30, 1.0, hz=125.0))
    peaks = 20 * np.log10(found.peaks())
    assert peaks[:10] == pytest.approx(np.full(10, -20.0), abs=0.1)
    assert peaks[11:15] == pytest.approx(np.full(4, -6.0), abs=0.1)
    bands = np.asarray(found.bands)
    loudest = [BANDS[i] for i in bands.argmax(axis=1)]
    assert loudest[1:9] == [1000] * 8 and loudest[11:14] == [4000] * 3 and loudest[-8:] == [125] * 8


def test_any_stretch_of_a_sound_is_measured_like_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "render.mp4"
    render_with_sound(path, np.concatenate([sine(-30, 4), sine(-18, 4)]))
    heard = listen(path)
    assert heard is not None
    second = heard.part(4.0, 8.0)
    assert (second.start, second.duration) == pytest.approx((4.0, 4.0), abs=0.05)
    assert second.integrated == pytest.approx(-18.0, abs=0.3) and second.true_peak == pytest.approx(-18.0, abs=0.3)
    assert heard.part(0.0, 4.0).integrated == pytest.approx(-30.0, abs=0.3)
    assert second.momentary()[0, 0] == pytest.approx(4.4)  # times stay the render's
