"""The audio rules end to end: renders with synthesised soundtracks of known answers, through
``soracheck frames`` as a user runs it (the rules' threshold cases are fixtures/renders/AU*.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from soracheck.metrics.video import write_video
from tests.conftest import soracheck
from tests.sounds import RATE, silence_from, soundtrack

SECONDS, FPS = 6, 12
PICTURE = [np.full((48, 64, 3), 96, np.uint8)] * (SECONDS * FPS)


def render(folder: Path, shot: str, sound: np.ndarray | None) -> Path:
    path = folder / f"{shot}.mp4"
    write_video(path, PICTURE, FPS, sound=sound)
    return path


def judged(folder: Path, shots: dict[str, str], *, placement: str = "web") -> list[tuple[str, str, float | None]]:
    """The findings (code, shot, time) of ``soracheck frames`` on the folder's renders, for a storyboard
    of ``shots`` (id → its audio, as YAML flow)."""
    lines = [f"title: sound\nplacement: [{placement}]\nshots:"]
    lines += [
        f"  - {{id: {shot}, duration: {SECONDS}, audio: {audio}, render: {{file: {shot}.mp4}}}}"
        for shot, audio in shots.items()
    ]
    (folder / "storyboard.yaml").write_text("\n".join(lines) + "\n")
    result = soracheck("frames", *[folder / f"{s}.mp4" for s in shots], "--output-format", "json", cwd=folder)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return [(d["code"], d["shot"], d["evidence"]["time"]) for d in json.loads(result.stdout)["findings"]]


def test_cues_found_where_the_bursts_are_and_a_displaced_one_flagged_at_its_time(tmp_path: Path) -> None:
    render(tmp_path, "door", soundtrack(SECONDS, [1.0, 2.5, 4.0], -14.0))
    render(tmp_path, "late", soundtrack(SECONDS, [1.0, 3.7], -14.0))  # the slam 1.2 s after its cue
    cues = "{cues: [{at: 1, sound: a knock}, {at: 2.5, sound: door slams}, {at: 4, sound: 'VO: Go.'}]}"
    found = judged(tmp_path, {"door": cues, "late": "{cues: [{at: 1, sound: a knock}, {at: 2.5, sound: door slams}]}"})
    assert found == [("AU002", "late", 2.5)]


def test_a_render_without_sound_and_one_of_digital_silence(tmp_path: Path) -> None:
    render(tmp_path, "mute", None)
    render(tmp_path, "zero", np.zeros((SECONDS * RATE, 2), np.float32))
    render(tmp_path, "heard", soundtrack(SECONDS, [], -14.0))
    found = judged(tmp_path, {"mute": "{sfx: rain}", "zero": "{sfx: rain}", "heard": "{sfx: rain}"})
    assert [(code, shot) for code, shot, _ in found] == [("AU001", "mute"), ("AU001", "zero")]


def test_silence_asked_after_a_cue_near_silence_passes_and_a_hum_does_not(tmp_path: Path) -> None:
    hum = soundtrack(SECONDS, [], -14.0)
    render(tmp_path, "quiet", silence_from(hum, 3.0))  # digital silence from the cue
    near = hum.copy()
    near[3 * RATE :] *= 10 ** (-45 / 20)  # -14 LUFS down to -59: near-silence, under -50
    render(tmp_path, "near", near)
    render(tmp_path, "hum", hum)
    silence = "{cues: [{at: 3, sound: dead silence}]}"
    found = judged(tmp_path, {"quiet": silence, "near": silence, "hum": silence})
    assert [(code, shot) for code, shot, _ in found] == [("AU004", "hum")]


def test_loudness_to_the_placement_and_a_clipped_track(tmp_path: Path) -> None:
    render(tmp_path, "spot", soundtrack(SECONDS, [], -14.0))
    assert judged(tmp_path, {"spot": "{bgm: synth}"}, placement="web") == []
    loud = judged(tmp_path, {"spot": "{bgm: synth}"}, placement="broadcast")
    assert [code for code, _, _ in loud] == ["AU005"]
    t = np.arange(SECONDS * RATE) / RATE
    driven = np.clip(2.0 * np.sin(2 * np.pi * 220 * t), -1, 1).astype(np.float32)  # +6 dB over full scale
    render(tmp_path, "spot", np.column_stack([driven, driven]))
    codes = [code for code, _, _ in judged(tmp_path, {"spot": "{bgm: synth}"}, placement="web")]
    assert "AU007" in codes and "AU006" in codes


@pytest.mark.parametrize("dbfs", [-23.0, -18.0])
def test_a_sine_of_known_level_through_a_render_reads_its_loudness(tmp_path: Path, dbfs: float) -> None:
    """EBU Tech 3341 cases 1 and 2: a 1 kHz stereo sine at X dBFS measures X LUFS; through AAC, within 0.1 LU."""
    from soracheck.metrics.audio import listen

    t = np.arange(20 * RATE) / RATE
    sine = (10 ** (dbfs / 20) * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    path = tmp_path / "sine.mp4"
    write_video(path, [np.zeros((48, 64, 3), np.uint8)] * 240, FPS, sound=np.column_stack([sine, sine]))
    heard = listen(path)
    assert heard is not None and heard.integrated == pytest.approx(dbfs, abs=0.1)


def test_a_cue_at_the_start_of_a_shot_in_a_stitched_cut(tmp_path: Path) -> None:
    """The onset of a sound at the cut is found a few milliseconds early, in the shot before: it is
    near the cue all the same."""
    rng = np.random.default_rng(3)
    first, second = (rng.integers(0, 255, (96, 128, 3), dtype=np.uint8) for _ in range(2))
    pictures = [first] * 48 + [second] * 48  # two stills, cut at 4 s
    write_video(tmp_path / "final.mp4", pictures, FPS, sound=soundtrack(8, [4.0, 6.0], -14.0))
    (tmp_path / "storyboard.yaml").write_text(
        "title: cut\nplacement: [web]\nshots:\n  - {id: a, duration: 4, audio: {sfx: hum}}\n"
        "  - {id: b, duration: 4, audio: {cues: [{at: 0, sound: door slams}, {at: 2, sound: a knock}]}}\n"
    )
    result = soracheck("frames", tmp_path / "final.mp4", "--output-format", "json", cwd=tmp_path)
    assert [d["code"] for d in json.loads(result.stdout)["findings"]] == [], result.stdout
