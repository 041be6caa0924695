"""Soundtracks synthesised for the sample renders and the tests: a room tone with sounds at known times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from soracheck.metrics.audio import LoudnessMeter

RATE = 48000
#: A burst: 150 ms, gated on and off over 5 ms as audiology's tone bursts are (a sound cut dead
#: clicks, which is another onset).
BURST, GATE = 0.15, 0.005


def soundtrack(seconds: float, cues: Sequence[float], lufs: float, *, rate: int = RATE) -> np.ndarray:
    """Stereo samples (n, 2) of ``seconds``: a hum from the first sample (two low tones, breathing
    slowly, so nothing in it begins but itself) with a 1 kHz tone burst at each of ``cues`` (seconds), the whole
    scaled to ``lufs`` integrated loudness (BS.1770-4, as soracheck measures it). At -14 LUFS it peaks
    near -4 dBFS: a burst's 1.0 over the hum's two tones of 0.5, before scaling."""
    t = np.arange(round(seconds * rate)) / rate
    breath = 1 + 0.1 * np.sin(2 * np.pi * 0.2 * t)
    signal = 0.5 * breath * (np.sin(2 * np.pi * 165.0 * t) + np.sin(2 * np.pi * 247.5 * t + 1.0))
    n = round(BURST * rate)
    gate = np.minimum(1, np.minimum(np.arange(n), np.arange(n)[::-1]) / (GATE * rate))
    burst = gate * np.sin(2 * np.pi * 1000.0 * np.arange(n) / rate)
    for cue in cues:
        piece = signal[round(cue * rate) : round(cue * rate) + n]
        piece += burst[: len(piece)]
    signal[-round(GATE * rate) :] *= np.linspace(1, 0, round(GATE * rate))  # ends, as it begins, without a click
    stereo = np.column_stack([signal, signal])
    meter = LoudnessMeter(rate, np.ones(2))
    meter.add(stereo)
    return (stereo * 10 ** ((lufs - meter.integrated()) / 20)).astype(np.float32)


def silence_from(sound: np.ndarray, seconds: float, *, rate: int = RATE) -> np.ndarray:
    """``sound`` with digital silence from ``seconds`` on (faded over 5 ms, so the cut does not click)."""
    quiet = sound.copy()
    first = round(seconds * rate)
    fade = np.linspace(1, 0, round(GATE * rate))[: len(quiet) - first]
    quiet[first : first + len(fade)] *= fade[:, None]
    quiet[first + len(fade) :] = 0
    return quiet
