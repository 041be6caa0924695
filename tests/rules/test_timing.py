"""The beat band (TM001) and the target model's lengths (TM003) agree, through the real entry point:
the starter project, its shots cut to lengths sora-2 renders, lints clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import soracheck


def starter(folder: Path, durations: tuple[float, float], *, declared: bool = False) -> Path:
    """``soracheck init`` into ``folder``, its two shots (climb, lamp-off) made single beats of ``durations``:
    without beats, or with one ``declared`` beat from 0 s."""
    result = soracheck("init", folder)
    assert result.returncode == 0, result.stderr
    board = folder / "storyboard.yaml"
    text = board.read_text()
    assert "model: {name: sora-2" in text
    for shot, duration in zip(("climb", "lamp-off"), durations, strict=True):
        text, found = re.subn(rf"(  - id: {shot}\n    duration: )12\n", rf"\g<1>{duration:g}\n", text)
        assert found == 1, shot
    one = "    beats: [{at: 0, action: the whole shot}]\n" if declared else ""
    text, found = re.subn(r"^    beats: .*\n", one, text, flags=re.MULTILINE)
    assert found == 2  # each shot is one beat
    board.write_text(text)
    return folder


def test_the_starter_with_a_4_s_and_an_8_s_single_beat_shot_on_sora_2_lints_clean(tmp_path: Path) -> None:
    project = starter(tmp_path / "first-light", (4, 8))
    result = soracheck("lint", project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "All checks passed! (1 file)\n"


def test_one_declared_beat_is_a_single_beat_shot_too_but_two_are_judged(tmp_path: Path) -> None:
    project = starter(tmp_path / "first-light", (4, 8), declared=True)
    result = soracheck("lint", project)
    assert result.returncode == 0, result.stdout + result.stderr
    board = project / "storyboard.yaml"
    board.write_text(
        board.read_text().replace("[{at: 0, action: the whole shot}]", "[{at: 0, action: a}, {at: 2, action: b}]")
    )
    judged = soracheck("lint", project, "--output-format", "json")
    # climb (4 s): beats of 2 s and 2 s; lamp-off (8 s): 2 s, then 6 s, inside the band
    assert [(d["code"], d["shot"]) for d in json.loads(judged.stdout)] == [
        ("TM001", "climb"),
        ("TM001", "climb"),
        ("TM001", "lamp-off"),
    ]


def test_a_length_sora_2_cannot_render_is_advised_lengths_it_can(tmp_path: Path) -> None:
    project = starter(tmp_path / "first-light", (4, 7))
    result = soracheck("lint", project, "--output-format", "json")
    assert result.returncode == 1, result.stderr
    found = {d["code"]: d for d in json.loads(result.stdout)}
    assert sorted(found) == ["TM001", "TM003"]
    assert {d["shot"] for d in found.values()} == {"lamp-off"}
    # Neither advises what the other forbids: 4.8-6.2 s is no length sora-2 renders, and 8 s is one
    # that, without beats, the band does not judge.
    assert found["TM001"]["fix"]["message"] == "make it 4 s or 8 s: sora-2 renders no length inside 4.8 s-6.2 s"
    assert found["TM003"]["fix"]["message"] == "make it 8 s"
    fixed = soracheck("lint", project, "--fix", "--unsafe-fixes")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "    duration: 8\n" in (project / "storyboard.yaml").read_text()
