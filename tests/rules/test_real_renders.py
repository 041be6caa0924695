"""The frame gate on real renders of text-to-video models (../shared/corpus/ai-renders): each is one
clean shot, so none may raise a finding; drifts built from them are found at their time; and a still
of one render as a character's reference tells its man from another model's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from scipy.ndimage import gaussian_filter

from soracheck.metrics.video import write_video
from tests.conftest import SHARED, soracheck

RENDERS = SHARED / "corpus/ai-renders"
CLIPS = sorted(RENDERS.glob("*.mp4")) if RENDERS.is_dir() else []


def storyboard(folder: Path, shots: dict[str, float], cast: str = "", extra: str = "") -> None:
    lines = ["title: real renders", *([extra] if extra else []), "shots:"]
    for shot, duration in shots.items():
        cast_line = f", cast: [{cast}]" if cast else ""
        lines.append(f"  - {{id: {shot}, duration: {duration:.2f}{cast_line}, render: {{file: {shot}.mp4}}}}")
    (folder / "storyboard.yaml").write_text("\n".join(lines) + "\n")


def duration(path: Path) -> float:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return float(stream.frames / stream.average_rate) if stream.frames else float(container.duration / 1e6)


@pytest.mark.parametrize("clip", CLIPS, ids=[c.stem for c in CLIPS])
def test_a_real_clean_render_raises_no_finding(clip: Path, tmp_path: Path) -> None:
    (tmp_path / "shot.mp4").symlink_to(clip)
    storyboard(tmp_path, {"shot": duration(clip)})
    result = soracheck("frames", tmp_path / "shot.mp4", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []


def frames_of(path: Path) -> Iterator[tuple[float, np.ndarray]]:
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            yield float(frame.time or 0.0), frame.to_ndarray(format="rgb24")


def _ramp(time: float, start: float, end: float) -> float:
    return float(np.clip((time - start) / (end - start), 0.0, 1.0))


#: Drifts built on Open-Sora-Plan's 25-second landscape: (what, the change at a time, the rule, when).
DRIFTS: dict[str, tuple[Callable[[float, np.ndarray], np.ndarray], str, float]] = {
    "exposure drops at 12 s": (lambda t, f: f * (0.6 if t >= 12 else 1.0), "FR013", 12.0),
    "a green cast from 12 s": (lambda t, f: f + (np.array([-20, 25, -20]) if t >= 12 else 0), "FR013", 12.0),
    "washes out from 8 s": (
        lambda t, f: f + (128 - f) * 0.8 * _ramp(t, 8, 16),
        "FR014",
        12.0,
    ),
    "blurs from 8 s": (lambda t, f: gaussian_filter(f, (4 * _ramp(t, 8, 14), 4 * _ramp(t, 8, 14), 0)), "FR014", 11.0),
    "melts into noise from 8 s": (
        lambda t, f: f + np.random.default_rng(round(t * 10)).normal(0, 60 * _ramp(t, 8, 14), f.shape),
        "FR014",
        11.0,
    ),
    "slides to another grade over the shot": (
        lambda t, f: f * np.array([1 - 0.5 * _ramp(t, 0, 25), 1.0, 1 + 0.6 * _ramp(t, 0, 25)]),
        "FR014",
        15.0,
    ),
}


@pytest.mark.parametrize("name", list(DRIFTS))
def test_a_drift_built_on_a_real_render_is_found_at_its_time(name: str, shared: Path, tmp_path: Path) -> None:
    change, code, when = DRIFTS[name]
    source = shared / "corpus/ai-renders/opensoraplan_early_landscape_0006.mp4"
    drifted = (np.clip(change(t, f.astype(np.float64)), 0, 255).astype(np.uint8) for t, f in frames_of(source))
    write_video(tmp_path / "shot.mp4", drifted, 10)
    storyboard(tmp_path, {"shot": duration(source)})
    result = soracheck("frames", tmp_path / "shot.mp4", "--output-format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [d["code"] for d in findings] == [code], findings
    assert abs(findings[0]["evidence"]["time"] - when) <= 4.0, findings[0]["message"]


def test_a_storyboard_that_asks_for_the_change_is_not_a_finding(shared: Path, tmp_path: Path) -> None:
    change, _, _ = DRIFTS["exposure drops at 12 s"]
    source = shared / "corpus/ai-renders/opensoraplan_early_landscape_0006.mp4"
    drifted = (np.clip(change(t, f.astype(np.float64)), 0, 255).astype(np.uint8) for t, f in frames_of(source))
    write_video(tmp_path / "shot.mp4", drifted, 10)
    storyboard(tmp_path, {"shot": duration(source)})
    text = (tmp_path / "storyboard.yaml").read_text()
    (tmp_path / "storyboard.yaml").write_text(text.replace("render:", "lighting: a cloud passes over the sun, render:"))
    result = soracheck("frames", tmp_path / "shot.mp4", "--output-format", "json", cwd=tmp_path)
    assert json.loads(result.stdout)["findings"] == []


def still(render: Path, at: int, target: Path) -> None:
    for index, (_, frame) in enumerate(frames_of(render)):
        if index == at:
            Image.fromarray(frame).save(target)
            return


def test_a_still_of_one_render_as_the_reference_of_another(shared: Path, tmp_path: Path) -> None:
    """The man eating noodles (HunyuanVideo) is the reference; the teacher (LTX-2) is another man."""
    noodles = shared / "corpus/ai-renders/hunyuanvideo_sta_noodles.mp4"
    teacher = shared / "corpus/ai-renders/ltx2_19b_teacher_guitar.mp4"
    still(noodles, 30, tmp_path / "ref.png")
    (tmp_path / "same.mp4").symlink_to(noodles)
    (tmp_path / "other.mp4").symlink_to(teacher)
    character = "characters:\n  lin: {name: Lin Wei, references: [ref.png]}"
    storyboard(tmp_path, {"same": duration(noodles), "other": duration(teacher)}, cast="lin", extra=character)
    result = soracheck("frames", tmp_path / "same.mp4", tmp_path / "other.mp4", "--output-format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(d["code"], d["shot"]) for d in findings] == [("FR004", "other")], findings
    assert findings[0]["evidence"]["value"] < 0.4
    reference, drifted = findings[0]["evidence"]["stills"]  # the reference face beside the face that drifted
    assert (reference["label"], reference["render"]) == ("lin's reference", "ref.png") and reference["face"]
    assert drifted["label"] == "lin in other" and drifted["face"]
    with Image.open(tmp_path / findings[0]["evidence"]["image"]) as picture:
        assert 1.5 * picture.height < picture.width < 3.5 * picture.height


def test_a_real_persons_face_in_a_render_without_their_cameo(shared: Path, tmp_path: Path) -> None:
    """The noodles man's photograph is on file in consent.yaml; a fictional waiter's shot shows his face."""
    noodles = shared / "corpus/ai-renders/hunyuanvideo_sta_noodles.mp4"
    teacher = shared / "corpus/ai-renders/ltx2_19b_teacher_guitar.mp4"
    still(noodles, 60, tmp_path / "lin-wei.png")
    (tmp_path / "consent.yaml").write_text(
        "lin-wei: {person: Lin Wei, granted: 2026-01-10, scope: [narrative], references: [lin-wei.png]}\n"
        "ann-roe: {person: Ann Roe, granted: 2026-01-10, scope: [narrative], references: [ann-roe.png]}\n"
    )
    Image.new("RGB", (320, 240), (90, 120, 150)).save(tmp_path / "ann-roe.png")  # no face to know her by
    (tmp_path / "waiter.mp4").symlink_to(noodles)
    (tmp_path / "busker.mp4").symlink_to(teacher)
    storyboard(tmp_path, {"waiter": duration(noodles), "busker": duration(teacher)}, extra="use: narrative")
    result = soracheck(
        "frames", tmp_path / "waiter.mp4", tmp_path / "busker.mp4", "--output-format", "json", cwd=tmp_path
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(d["code"], d["shot"]) for d in findings] == [("CN007", "waiter")], findings
    assert "shows Lin Wei's face (lin-wei)" in findings[0]["message"] and "not cast" in findings[0]["message"]
    photo, seen = findings[0]["evidence"]["stills"]  # her photograph's face beside the render's
    assert photo["label"] == "Lin Wei's photograph" and photo["face"] and seen["face"] and seen["label"] == "in waiter"
    said = json.loads(result.stdout)["measured"]["not_judged"]
    assert said == [
        "likeness to Ann Roe's photograph ann-roe.png (no face in it)",
        "loudness, as the storyboard names no placement",  # the render has sound, the storyboard no placement
    ]


def test_a_real_generated_soundtrack_that_matches_its_storyboard(shared: Path, tmp_path: Path) -> None:
    """LTX-2's teacher strumming a guitar, with the sound it generated: a storyboard that asks for
    the guitar from the first strum raises nothing; the same on broadcast hears it as it is, a
    -10 LUFS mix 13 LU over EBU R 128."""
    teacher = shared / "corpus/ai-renders/ltx2_19b_teacher_guitar.mp4"
    (tmp_path / "teacher.mp4").symlink_to(teacher)
    audio = "audio: {bgm: 'solo acoustic guitar, strummed', cues: [{at: 0, sound: the first strum}]}"
    board = (
        f"title: real sound\nshots:\n  - id: teacher\n    duration: {duration(teacher):.2f}\n"
        f"    {audio}\n    render: {{file: teacher.mp4}}\n"
    )
    (tmp_path / "storyboard.yaml").write_text(board)
    result = soracheck("frames", tmp_path / "teacher.mp4", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert "loudness, as the storyboard names no placement" in result.stdout

    (tmp_path / "storyboard.yaml").write_text(
        board.replace("title: real sound\n", "title: real sound\nplacement: [broadcast]\n")
    )
    result = soracheck("frames", tmp_path / "teacher.mp4", "--output-format", "json", cwd=tmp_path)
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "AU005" and finding["evidence"]["unit"] == "LUFS"
    assert finding["evidence"]["value"] == pytest.approx(-10.1, abs=0.2)
