"""The render-judging governance rules (PV001-PV004, BR004) through ``soracheck check``, on real MP4
renders signed here with throwaway ES256 chains and read back with the real C2PA library."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from soracheck.metrics.video import write_video
from tests.conftest import SAMPLES, soracheck
from tests.signing import make_chain, sign

SHOTS = ("trusted", "stranger", "tampered", "stripped", "camera")
STORYBOARD = "title: Provenance\nshots:\n" + "".join(
    f"  - {{id: {shot}, duration: 1, render: {{file: renders/{shot}.mp4}}}}\n" for shot in SHOTS
)


def clip(path: Path, colour: tuple[int, int, int]) -> Path:
    """One second of a flat colour with a moving bar, as H.264."""
    frames = []
    for i in range(12):
        frame = np.full((96, 128, 3), colour, np.uint8)
        frame[:, 8 * i : 8 * i + 8] = 40
        frames.append(frame)
    write_video(path, frames, 12)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five renders: signed by the trusted chain, by a stranger's chain, tampered after signing, never
    signed, and signed as a camera capture."""
    folder = tmp_path_factory.mktemp("provenance")
    (folder / "renders").mkdir()
    studio, stranger = make_chain("Studio"), make_chain("Stranger")
    (folder / "root.pem").write_text(studio.root_pem)
    for shot in SHOTS:
        raw = clip(folder / f"{shot}.raw.mp4", (190, 150, 120))
        target = folder / "renders" / f"{shot}.mp4"
        if shot == "stripped":
            raw.replace(target)
            continue
        sign(raw, target, stranger if shot == "stranger" else studio, ai=shot != "camera")
        raw.unlink()
    tampered = folder / "renders/tampered.mp4"
    data = bytearray(tampered.read_bytes())
    data[len(data) - 200] ^= 0xFF  # one byte of picture data, after signing
    tampered.write_bytes(bytes(data))
    (folder / "storyboard.yaml").write_text(STORYBOARD)
    return folder


def provenance(project: Path, config: str) -> list[tuple[str, str, str]]:
    (project / "soracheck.toml").write_text(config)
    result = soracheck("check", project, "--output-format", "json")
    assert result.returncode in (0, 1), result.stderr
    return [
        (d["code"], d["shot"], d["severity"])
        for d in json.loads(result.stdout)["findings"]
        if d["code"].startswith("PV0")
    ]


def test_each_state_of_credentials_is_one_finding_and_trust_anchors_raise_the_untrusted(project: Path) -> None:
    anchored = provenance(
        project, 'select = ["PV001", "PV002", "PV003", "PV004"]\n[provenance]\ntrust-anchors = "root.pem"\n'
    )
    assert sorted(anchored) == sorted(
        [
            ("PV003", "stranger", "warning"),  # signed, intact, but not by a certificate we trust
            ("PV002", "tampered", "error"),  # one byte changed after signing
            ("PV001", "stripped", "warning"),  # no manifest
            ("PV004", "camera", "warning"),  # signed by the trusted chain, as a camera capture
        ]
    )
    # Without trust anchors no signer can be trusted: an information on each intact manifest.
    unanchored = provenance(project, 'select = ["PV001", "PV002", "PV003", "PV004"]\n')
    assert sorted(unanchored) == sorted(
        [
            ("PV003", "trusted", "info"),
            ("PV003", "stranger", "info"),
            ("PV002", "tampered", "error"),
            ("PV001", "stripped", "warning"),
            ("PV003", "camera", "info"),
            ("PV004", "camera", "warning"),
        ]
    )


def test_a_configured_severity_of_the_untrusted_signer_wins_over_the_trust_anchors(project: Path) -> None:
    anchors = '[provenance]\ntrust-anchors = "root.pem"\n'
    selected = 'select = ["PV003"]\n'
    assert provenance(project, selected + anchors) == [("PV003", "stranger", "warning")]
    assert provenance(project, selected + '[severity]\nPV003 = "info"\n' + anchors) == [("PV003", "stranger", "info")]


def test_the_tamper_message_names_the_failed_check(project: Path) -> None:
    (project / "soracheck.toml").write_text('select = ["PV002"]\n')
    result = soracheck("check", project, "--output-format", "concise")
    assert result.returncode == 1
    assert "PV002 Content Credentials of the render of shot tampered do not validate: " in result.stdout
    assert "mismatch" in result.stdout


def test_missing_trust_anchors_are_an_input_error(project: Path) -> None:
    (project / "soracheck.toml").write_text('[provenance]\ntrust-anchors = "nowhere.pem"\n')
    result = soracheck("check", project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "soracheck.toml:2:1: trust anchors 'nowhere.pem' cannot be read" in result.stderr


def test_off_palette_render_is_found_on_the_frames(tmp_path: Path) -> None:
    (tmp_path / "renders").mkdir()
    clip(tmp_path / "renders/brand.mp4", (200, 16, 46))  # the brand red
    clip(tmp_path / "renders/lime.mp4", (60, 220, 40))  # a lime the brand does not own
    (tmp_path / "storyboard.yaml").write_text(
        "title: t\nshots:\n"
        "  - {id: brand, duration: 1, render: {file: renders/brand.mp4}}\n"
        "  - {id: lime, duration: 1, render: {file: renders/lime.mp4}}\n"
    )
    (tmp_path / "soracheck.toml").write_text('select = ["BR004"]\n[brand]\npalette = ["#C8102E", "#F2E8D5"]\n')
    result = soracheck("check", tmp_path, "--output-format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(d["code"], d["shot"]) for d in findings] == [("BR004", "lime")], result.stderr
    evidence = findings[0]["evidence"]
    assert evidence["threshold"] == 15 and evidence["value"] > 25
    (tmp_path / "soracheck.toml").write_text('select = ["BR004"]\n')  # no palette: nothing to judge
    assert soracheck("check", tmp_path).returncode == 0


def test_brand_spot_finds_exactly_the_documented_problems(tmp_path: Path) -> None:
    """The third sample: three variants of one spot, each with the faults its README lists."""
    spot = tmp_path / "brand-spot"
    shutil.copytree(SAMPLES / "brand-spot", spot, ignore=shutil.ignore_patterns(".soracheck"))
    result = soracheck("check", spot, "--output-format", "json", "--date", "2026-11-22")
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip(), result.stderr  # once seen empty under a full suite's load: say why
    findings = json.loads(result.stdout)["findings"]
    # The renders are a bottle and a card: no one's face, which the gate says rather than passing it.
    said = [(Path(d["filename"]).stem, d["message"]) for d in findings if d["code"] == "FR012"]
    assert said == [
        (f"spot-{variant}", f"identity of {who} not judged in 1 shot (open: no face in its 3 frames)")
        for variant, who in (("commuters", "jo"), ("students", "sam"), ("tv", "lena"))
    ]
    found = [
        (Path(d["filename"]).stem, d["location"]["line"], d["code"], d["shot"])
        for d in findings
        if d["code"] != "FR012"
    ]
    assert found == [
        ("spot-commuters", 14, "BR003", None),  # a teal scarf in Jo's anchors
        ("spot-commuters", 45, "PV001", "pour"),  # the social re-export lost its credentials
        ("spot-students", 15, "CN002", None),  # Sam Ortiz's consent expired on 2026-06-30
        ("spot-students", 30, "BR002", "open"),  # a Starbrew cup
        ("spot-students", 31, "BR006", "open"),  # a drone shot
        ("spot-tv", 2, "BR005", None),  # no AI-generated label
        ("spot-tv", 6, "AU005", None),  # on air with the web mix
        ("spot-tv", 28, "CN004", "open"),  # Lena Voss excluded advertising
        ("spot-tv", 33, "BR007", "open"),  # "Not cheap."
        ("spot-tv", 34, "BR004", "open"),  # the render painted the wall lime
        ("spot-tv", 44, "PV005", "pour"),  # the pour changed after it was rendered
        ("spot-tv", 54, "PV002", "card"),  # one byte of the end card changed after signing
    ]
    # The check date decides consent: before Sam's expiry, CN002 is gone.
    earlier = soracheck("check", spot, "--no-frames", "--output-format", "json", "--date", "2026-06-01")
    consent = sorted(
        (d["code"], Path(d["filename"]).stem) for d in json.loads(earlier.stdout)["findings"] if d["code"][:2] == "CN"
    )
    # Sam's record is valid then, and warns that it ends within 30 days; Lena's exclusion stands.
    assert consent == [("CN003", "spot-students"), ("CN004", "spot-tv")]
