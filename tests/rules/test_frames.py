"""The frame rules on the sample projects' real renders: none on the clean sets, one per injected drift.

Projects are copied to a temporary folder, so the measurement cache is written there. The first
copy is measured once for the session and later copies carry its cache (keyed by content), which
is itself under test: a copy measured from the cache must find what a fresh measurement finds.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from soracheck.metrics.video import write_video
from tests.conftest import SAMPLES, soracheck


def copy(tmp_path: Path, name: str, source: Path = SAMPLES) -> Path:
    target = tmp_path / name
    shutil.copytree(source / name, target, ignore=shutil.ignore_patterns(".soracheck") if source == SAMPLES else None)
    return target


def found(result) -> list[tuple[str, str | None]]:
    """The findings (code, shot), without what could not be judged (FR012, see NOT_JUDGED)."""
    return [(d["code"], d["shot"]) for d in json.loads(result.stdout)["findings"] if d["code"] != "FR012"]


#: What Redline Coffee's renders do not let the gate judge, clean or not: Maya's face is not in the
#: close-ups of the cup, and Leo is never on screen (nor, without a reference, alone), so the order
#: shot, cast with both, never shows two faces.
NOT_JUDGED = [
    "FR012 identity of maya not judged in 3 shots (order: fewer faces than its 2 cast members in 5 of 5 frames; "
    "cup: no face in its 5 frames; booth: no face in its 5 frames)",
    "FR012 identity of leo not judged in 1 shot (order: no reference image, and no earlier shot shows them alone)",
]


def passes(result) -> bool:
    """Whether the gate passed, saying only what it could not judge."""
    said = [line.split(": ", 1)[1].removesuffix(" [info]") for line in result.stdout.splitlines() if ": FR" in line]
    summary = "Found 2 problems (2 infos).\nMeasured 6 renders"
    return result.returncode == 0 and said == NOT_JUDGED and summary in result.stdout


@pytest.fixture(scope="session")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Redline Coffee with its clean renders measured: the gate passes on a fresh measurement."""
    folder = tmp_path_factory.mktemp("measured")
    project = copy(folder, "redline-coffee")
    result = soracheck("check", project)
    assert passes(result), result.stdout + result.stderr
    return folder


@pytest.fixture
def redline(measured: Path, tmp_path: Path) -> Path:
    return copy(tmp_path, "redline-coffee", measured)


def test_the_clean_renders_pass_the_gate_again_from_the_cache(redline: Path) -> None:
    assert len(list((redline / ".soracheck/cache").glob("*.npz"))) == 6 + 1  # the renders, maya's reference face
    assert (redline / ".soracheck/.gitignore").read_text().endswith("*\n")
    result = soracheck("check", redline)
    assert passes(result), result.stdout


def test_each_injected_drift_is_caught_once_at_its_shot(redline: Path) -> None:
    renders = sorted((redline / "renders-drift").glob("*.mp4"))
    result = soracheck("frames", *renders, "--output-format", "json", cwd=redline)
    assert result.returncode == 1, result.stderr
    assert found(result) == [
        ("FR004", "enter"),  # another face over Maya's
        ("FR005", "order"),  # a cold, dark start across the lighting-lock,
        ("FR014", "order"),  # which slides back to warm inside the shot
        ("FR008", "cup"),  # flicker
        ("FR006", "booth"),  # a recap of the cup shot
        ("FR009", "exit"),  # underexposed where darkness is avoided
        ("AU002", "walk"),  # the bus brakes heard 2 s after their cue,
        ("FR007", "walk"),  # and the match-move reversed
    ]
    said = [d for d in json.loads(result.stdout)["findings"] if d["code"] == "FR012"]
    assert [f"FR012 {d['message']}" for d in said] == NOT_JUDGED
    for d in json.loads(result.stdout)["findings"]:
        if d["code"] == "FR012":
            continue
        evidence = d["evidence"]
        assert evidence["render"] == f"renders-drift/{d['shot']}.mp4"
        assert d["filename"] == "storyboard.yaml" and d["location"]["line"] > 40
        assert evidence["value"] is not None and evidence["threshold"] is not None


def test_the_evidence_is_measured_against_its_threshold(redline: Path) -> None:
    renders = [redline / "renders-drift/enter.mp4", redline / "renders-drift/order.mp4"]
    result = soracheck("frames", *renders, "--output-format", "json", cwd=redline)
    identity, jump = [d for d in json.loads(result.stdout)["findings"] if d["code"] in ("FR004", "FR005")]
    assert identity["evidence"]["value"] < identity["evidence"]["threshold"] == 0.5
    assert jump["evidence"]["value"] > jump["evidence"]["threshold"] == 8
    assert [s["label"] for s in jump["evidence"]["stills"]] == ["end of enter", "start of order"]
    assert "ΔE" in jump["message"] and "continue-shooting" in jump["message"]


def test_mirror_clean_and_cut_away(tmp_path: Path) -> None:
    mirror = copy(tmp_path, "mirror-that-remembers")
    assert soracheck("check", mirror).returncode == 0
    result = soracheck("frames", mirror / "renders-drift/mirror.mp4", "--output-format", "json")
    assert found(result) == [("FR003", "mirror")]
    cut, not_judged = sorted(json.loads(result.stdout)["findings"], key=lambda d: d["code"])
    assert "has a cut at 5.00 s (frame 60)" in cut["message"]
    assert not_judged["message"] == "identity of daniel not judged in 1 shot (mirror: no face in its 4 frames)"


def test_missing_and_damaged_renders_are_findings_and_the_rest_is_checked(redline: Path) -> None:
    (redline / "renders/booth.mp4").unlink()
    cup = redline / "renders/cup.mp4"
    cup.write_bytes(cup.read_bytes()[: cup.stat().st_size // 2])
    result = soracheck("check", redline, "--output-format", "json")
    assert result.returncode == 1
    findings = [d for d in json.loads(result.stdout)["findings"] if d["code"] != "FR012"]
    # Cutting the signed render short also breaks its Content Credentials.
    codes = [(d["code"], d["shot"]) for d in findings]
    assert codes == [("FR001", "cup"), ("FR002", "cup"), ("PV002", "cup"), ("FR001", "booth")]
    assert "no such file" in findings[3]["message"]
    damaged = findings[0]["message"]
    assert re.fullmatch(r"render cup\.mp4 is damaged at 5\.\d\d s: .+ \(and \d more problems?\)", damaged), damaged
    assert "lasts 5." in findings[1]["message"] and "the shot is 12 s" in findings[1]["message"]


def concatenated(shots: list[Path]) -> Iterator:
    for path in shots:
        with av.open(str(path)) as container:
            for frame in container.decode(video=0):
                yield frame.to_ndarray(format="rgb24")


def soundtracks(shots: list[Path]) -> np.ndarray:
    """The renders' soundtracks one after another, as an edit lays them."""
    pieces = []
    for path in shots:
        with av.open(str(path)) as container:
            pieces += [frame.to_ndarray().T for frame in container.decode(audio=0)]
    return np.concatenate(pieces)


def test_a_stitched_cut_against_the_storyboard(redline: Path) -> None:
    order = ["enter", "order", "cup", "booth", "exit", "walk"]
    final = redline / "final.mp4"
    cut = [redline / f"renders/{s}.mp4" for s in order]
    write_video(final, concatenated(cut), 12, sound=soundtracks(cut))
    assert soracheck("frames", final, "--storyboard", redline / "storyboard.yaml").returncode == 0
    short = redline / "short.mp4"
    shorter = [redline / f"renders/{s}.mp4" for s in order if s != "cup"]
    write_video(short, concatenated(shorter), 12, sound=soundtracks(shorter))
    result = soracheck("frames", short, "--storyboard", redline / "storyboard.yaml", "--output-format", "json")
    messages = [d["message"] for d in json.loads(result.stdout)["findings"]]
    assert messages == [
        "short.mp4 lasts 60.00 s; the storyboard's shots add up to 72 s",
        "short.mp4 has no cut into 'exit' at 48.00 s",
    ]
    said = json.loads(result.stdout)["measured"]["not_judged"]
    assert "the shots of short.mp4 one by one (its length is not the storyboard's)" in said


def test_the_shots_of_a_stitched_cut_are_judged_like_their_renders(redline: Path) -> None:
    """Each shot's part of the cut goes through the per-shot rules: the seven drifts are found there too,
    the late bus brakes at their time in the cut."""
    order = ["enter", "order", "cup", "booth", "exit", "walk"]
    final = redline / "final.mp4"
    cut = [redline / f"renders-drift/{s}.mp4" for s in order]
    write_video(final, concatenated(cut), 12, sound=soundtracks(cut))
    result = soracheck("frames", final, "--storyboard", redline / "storyboard.yaml", "--output-format", "json")
    assert found(result) == [
        ("FR004", "enter"),
        ("FR005", "order"),
        ("FR014", "order"),
        ("FR008", "cup"),
        ("FR006", "booth"),
        ("FR009", "exit"),
        ("AU002", "walk"),
        ("FR007", "walk"),
    ]
    times = {d["code"]: d["evidence"]["time"] for d in json.loads(result.stdout)["findings"] if d["evidence"]}
    assert 24 <= times["FR008"] < 36 and 48 <= times["FR009"] < 60  # where to look in the cut
    assert times["AU002"] == pytest.approx(60 + 4, abs=0.1)  # the cue's time in the cut, the walk's part from 60 s
    assert json.loads(result.stdout)["measured"]["renders"] == 1


def test_inputs_that_cannot_be_checked(redline: Path) -> None:
    stray = redline / "stray.mp4"
    stray.write_bytes((redline / "renders/cup.mp4").read_bytes())
    result = soracheck("frames", redline / "renders/cup.mp4", stray)
    assert result.returncode == 2
    assert "stray.mp4:1:1: matches no shot (enter, order, cup, booth, exit, walk)" in result.stderr
    (redline / "references/maya.jpg").unlink()  # a finding, not an abort: the rest is checked all the same
    result = soracheck("check", redline, "--output-format", "concise")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = [row for row in result.stdout.splitlines() if " FR011 " in row]
    assert "storyboard.yaml:22:" in line and "reference image 'references/maya.jpg' cannot be read" in line
    assert "judged against the first shot that shows the face instead" in line


def test_one_continuous_shot_of_sintel_has_no_finding(shared: Path, tmp_path: Path) -> None:
    """The Sintel frames, split in two and checked as a shot and its continuation: no cut, no drift."""
    frames = sorted((shared / "corpus/sintel").glob("*.png"))
    for name, part in (("first", frames[:5]), ("second", frames[5:])):
        (tmp_path / name).mkdir()
        for frame in part:
            shutil.copy(frame, tmp_path / name / frame.name)
    (tmp_path / "storyboard.yaml").write_text(
        "title: Sintel\n"
        "characters:\n  sintel: {name: Sintel, anchors: [red scarf, leather satchel, short brown hair]}\n"
        "locations:\n  cave: {description: a snowy cave mouth, lighting: cold daylight, signature: cold-day}\n"
        "shots:\n"
        "  - {id: first, duration: 0.2, location: cave, cast: [sintel], action: she looks up,\n"
        "     render: {file: first}}\n"
        "  - {id: second, duration: 0.2, location: cave, cast: [sintel], action: she keeps looking up,\n"
        '     directives: [continue-shooting, "lighting-lock: cold-day"], avoid: [recap, darkness],\n'
        "     render: {file: second}}\n"
    )
    result = soracheck("frames", tmp_path / "first", tmp_path / "second", "--output-format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (said,) = json.loads(result.stdout)[
        "findings"
    ]  # Sintel is animated: no face a face detector trained on people finds
    assert (
        said["message"]
        == "identity of sintel not judged in 2 shots (first: no face in its 3 frames; second: no face in its 3 frames)"
    )


def test_evidence_pictures_and_the_html_report(redline: Path) -> None:
    renders = sorted((redline / "renders-drift").glob("*.mp4"))
    full = soracheck("frames", *renders, cwd=redline)
    pictures = sorted((redline / ".soracheck/evidence/storyboard").glob("*.png"))
    assert [p.name.split("-")[0] for p in pictures] == ["FR004", "FR005", "FR006", "FR007", "FR008", "FR009", "FR014"]
    assert full.stdout.count("; see .soracheck/evidence/storyboard/FR0") == 7
    with Image.open(redline / ".soracheck/evidence/storyboard/FR005-order-3.png") as boundary:
        assert boundary.width > 3 * boundary.height  # end of enter, start of order, their difference
    (identity,) = (redline / ".soracheck/evidence/storyboard").glob("FR004-*.png")
    with Image.open(identity) as faces:  # maya's reference beside the face that drifted, no difference map
        assert 1.5 * faces.height < faces.width < 3.5 * faces.height

    report = redline / "report.html"
    result = soracheck("frames", *renders, "--output-format", "html", "-o", report, cwd=redline)
    assert result.returncode == 1 and result.stdout == "" and "wrote" in result.stderr
    page = report.read_text()
    assert "<span class='verdict fail'>fails</span>" in page and "4 errors, 4 warnings, 2 infos" in page
    assert page.count("<div class='finding error'>") == 4 and page.count("<div class='finding warning'>") == 4
    images = dict(re.findall(r"<img alt='([^']*)' src='data:image/png;base64,([^']*)'>", page))
    for shot in ("enter", "order", "cup", "booth", "exit", "walk"):
        for kind in ("contact sheet of", "brightness, camera motion, decay and faces of"):
            with Image.open(io.BytesIO(base64.b64decode(images[f"{kind} {shot}"]))) as picture:
                assert picture.width > picture.height > 40
    assert len(images) == 7 + 18  # a picture per frame finding; a sheet, a plot and a loudness plot per shot
    # each finding on a shot says what the storyboard asked of it, and opens its render at its time
    assert "<div class=intent><b>directives</b> continue-shooting" in page
    players = re.findall(r"<video controls preload=none src='file://[^']*/renders-drift/(\w+)\.mp4#t=([\d.]+)'>", page)
    assert len(players) == 8 and ("walk", "0.50") in players and ("walk", "4.00") in players
    # the audio finding links to its shot's loudness plot
    assert "<a href='#sound-walk'>the loudness of walk</a>" in page and "<div id='sound-walk'><img" in page


def test_the_html_report_of_a_clean_project(redline: Path) -> None:
    result = soracheck("check", redline, "--output-format", "html")
    assert result.returncode == 0
    assert "<span class='verdict pass'>passes</span> 2 infos" in result.stdout
    assert result.stdout.count("<div class='finding info'>") == 2 and result.stdout.count("<img") == 18


def test_export_an_otio_timeline_with_findings_as_markers(redline: Path) -> None:
    import opentimelineio as otio

    board = redline / "storyboard.yaml"
    board.write_text(board.read_text().replace("file: renders/", "file: renders-drift/"))
    result = soracheck("export", "--otio", redline / "cut.otio", cwd=redline)
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("cut.otio: 6 clips, 10 markers\n")  # the seven drifts (eight findings), two FR012
    timeline = otio.adapters.read_from_file(str(redline / "cut.otio"))
    assert timeline.name == "Redline Mornings"
    assert timeline.metadata["soracheck"] == {
        "disclosure": "Made with AI (Sora 2)",
        "use": "narrative",
        "placement": "social, web",
    }
    (track,) = timeline.tracks
    clips = list(track)
    assert [c.name for c in clips] == ["enter", "order", "cup", "booth", "exit", "walk"]
    assert track.duration().to_seconds() == 72
    assert clips[2].media_reference.target_url == (redline / "renders-drift/cup.mp4").resolve().as_uri()
    assert clips[2].metadata["soracheck"]["lens"] == "85mm"
    markers = [(c.name, m.name, m.color, m.marked_range.start_time.to_seconds()) for c in clips for m in c.markers]
    assert sorted(m.name for m in track.markers) == ["FR012 identity-not-judged"] * 2  # on the whole cut
    assert markers == [
        ("enter", "FR004 identity-drift", "RED", pytest.approx(11.92, abs=0.01)),  # its least alike frame
        ("order", "FR005 boundary-colour-jump", "RED", 0.0),
        ("order", "FR014 in-shot-drift", "YELLOW", 6.0),
        ("cup", "FR008 flicker", "YELLOW", 4.5),
        ("booth", "FR006 recap", "RED", 0.0),
        ("exit", "FR009 too-dark", "YELLOW", 10.0),
        ("walk", "AU002 cue-missed", "YELLOW", 4.0),
        ("walk", "FR007 broken-match-move", "RED", 0.5),
    ]
    assert clips[5].markers[-1].metadata["soracheck"]["evidence"]["threshold"] == 0


def test_export_without_frames_puts_storyboard_findings_on_the_track(tmp_path: Path) -> None:
    import opentimelineio as otio

    draft = tmp_path / "storyboard.yaml"
    draft.write_text((SAMPLES / "redline-coffee/drafts/first-draft.yaml").read_text())
    result = soracheck("export", draft, "--no-frames", "--otio", tmp_path / "draft.otio")
    assert result.returncode == 0, result.stderr
    (track,) = otio.adapters.read_from_file(str(tmp_path / "draft.otio")).tracks
    on_clips = sorted(m.name.split()[0] for clip in track for m in clip.markers)
    assert len(on_clips) == 11 and {m.name.split()[0] for m in track.markers} == {
        "CN001",
        "CR008",
    }  # no consent record here
    assert all(isinstance(clip.media_reference, otio.schema.MissingReference) for clip in track)


def test_the_sampling_rate_comes_from_the_configuration(redline: Path) -> None:
    from soracheck.project import Project
    from soracheck.storyboard.documents import load_document

    config = redline / "soracheck.toml"
    config.write_text(config.read_text().replace("[frames]\n", "[frames]\nsample-every = 6.0\n"))
    document = load_document(redline / "storyboard.yaml")
    renders = Project().measure(document)
    assert [s.time for s in renders.shots["cup"].samples] == pytest.approx([0.0, 6.0])
    assert renders.references["maya"][0].face.descriptor.shape == (128,)


def test_match_lighting_is_judged_against_the_shot_it_names(redline: Path) -> None:
    board = redline / "storyboard.yaml"
    text = board.read_text()
    # The cold-start order render, checked after the warm cup shot, asked to match enter's lighting.
    text = text.replace('    directives: [continue-shooting, "lighting-lock: tungsten-amber-window-45"]\n', "", 1)
    text = text.replace("  - id: cup\n", '  - id: cup\n    directives: ["match-lighting: enter"]\n', 1)
    board.write_text(text)
    cold = redline / "renders-drift/order.mp4"
    shutil.copy(cold, redline / "renders/cup.mp4")
    result = soracheck("check", redline, "--output-format", "json")
    messages = [
        re.sub(r"ΔE [\d.]+", "ΔE X", d["message"])
        for d in json.loads(result.stdout)["findings"]
        if d["code"] == "FR005"
    ]
    assert messages == [
        "the colour jumps by ΔE X from the end of 'order' to the start of 'cup' (same location: at most 16)",
        "the colour jumps by ΔE X from the end of 'enter' to the start of 'cup' (match-lighting: enter: at most 8)",
    ]


def test_renders_without_a_storyboard_get_every_check_that_needs_no_intent(tmp_path: Path) -> None:
    # a file name that is no shot id (a colon, a hash, spaces) is judged all the same
    shutil.copy(SAMPLES / "mirror-that-remembers/renders-drift/mirror.mp4", tmp_path / "cut away: take #2.mp4")
    shutil.copy(SAMPLES / "mirror-that-remembers/renders/mirror.mp4", tmp_path / "clean.mp4")
    result = soracheck("frames", tmp_path / "clean.mp4", tmp_path / "cut away: take #2.mp4", "--output-format", "json")
    assert result.returncode == 1, result.stderr
    (cut,) = json.loads(result.stdout)["findings"]
    assert cut["code"] == "FR003" and cut["filename"].endswith("take #2.mp4") and cut["location"]["line"] == 1
    assert "has a cut at 5.00 s" in cut["message"] and cut["evidence"]["render"].endswith("take #2.mp4")
    assert "no storyboard here or above: judged damage, cuts, flicker" in result.stderr
    assert "(AU006, AU007, AU008, FR001, FR003, FR008, FR013, FR014); skipped AU001, AU002" in result.stderr
    clean = soracheck("frames", tmp_path / "clean.mp4")
    assert clean.returncode == 0 and clean.stdout.startswith("All checks passed! (1 file)\nMeasured 1 render")
    assert (
        "Not judged: AU001, AU002, AU003, AU004, AU005, AU009, BR004, CN007, FR002" in clean.stdout
        and "(they need a storyboard)" in clean.stdout
    )
    missing = soracheck("frames", tmp_path / "gone.mp4", "--output-format", "concise")
    assert missing.returncode == 1 and "gone.mp4:1:1: FR001" in missing.stdout
    # a soracheck.toml beside them that names no storyboard: they are still judged on their own
    (tmp_path / "soracheck.toml").write_text("[frames]\nmax-flicker = 0.5\n")
    tuned = soracheck("frames", tmp_path / "clean.mp4", tmp_path / "cut away: take #2.mp4", "--output-format", "json")
    assert [d["code"] for d in json.loads(tuned.stdout)["findings"]] == ["FR003"], tuned.stderr
    (tmp_path / "soracheck.toml").write_text('storyboard = "board.yaml"\n')
    named = soracheck("frames", tmp_path / "clean.mp4")
    assert named.returncode == 2 and "board.yaml:1:1: no such file" in named.stderr


def test_the_documented_examples_of_the_render_rules_hold() -> None:
    import doctest

    from soracheck.rules import renders

    assert doctest.testmod(renders).failed == 0
