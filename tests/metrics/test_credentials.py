"""Content Credentials read with the real C2PA library, on PNG and MP4 renders signed here with a throwaway chain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from soracheck.metrics.credentials import read_credentials
from soracheck.metrics.video import Video, write_video
from tests.conftest import SAMPLES
from tests.signing import Chain, make_chain, sign


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


@pytest.fixture(params=["png", "mp4"])
def render(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "png":
        path = tmp_path / "frame.png"
        Image.open(SAMPLES / "redline-coffee/references/maya.jpg").resize((128, 128)).save(path)
        return path
    path = tmp_path / "render.mp4"
    still = np.asarray(Image.open(SAMPLES / "redline-coffee/references/maya.jpg").resize((160, 160)))
    write_video(path, (np.roll(still, 4 * i, axis=1) for i in range(12)), 12)
    return path


def test_signed_and_trusted(render: Path, chain: Chain, tmp_path: Path) -> None:
    signed = tmp_path / f"signed{render.suffix}"
    sign(render, signed, chain)
    trusted = read_credentials(signed, trust_anchors=chain.root_pem)
    assert (trusted.state, trusted.failures, trusted.ai_generated) == ("trusted", (), True)
    assert trusted.generator == "test-render-service"
    assert read_credentials(signed).state == "valid"  # intact, but no trust anchor given
    assert read_credentials(signed, trust_anchors=make_chain().root_pem).state == "valid"  # another root: not trusted


def test_tampered_by_one_byte(render: Path, chain: Chain, tmp_path: Path) -> None:
    signed = tmp_path / f"signed{render.suffix}"
    sign(render, signed, chain)
    data = bytearray(signed.read_bytes())
    data[len(data) // 2] ^= 1
    signed.write_bytes(bytes(data))
    tampered = read_credentials(signed, trust_anchors=chain.root_pem)
    assert tampered.state == "invalid" and tampered.failures


def test_the_signed_sample_renders_lose_their_credentials_when_re_encoded(tmp_path: Path) -> None:
    sample = SAMPLES / "mirror-that-remembers"
    anchors = (sample / "trust/root.pem").read_text()
    assert read_credentials(sample / "renders/mirror.mp4", trust_anchors=anchors).state == "trusted"
    with Video(sample / "renders/mirror.mp4") as video:
        write_video(tmp_path / "re-encoded.mp4", (frame.rgb() for frame in video.frames()), video.info.fps)
    assert read_credentials(tmp_path / "re-encoded.mp4", trust_anchors=anchors).state == "missing"


def test_stripped_and_not_ai(render: Path, chain: Chain, tmp_path: Path) -> None:
    assert read_credentials(render).state == "missing"
    signed = tmp_path / f"signed{render.suffix}"
    sign(render, signed, chain, ai=False)
    assert read_credentials(signed, trust_anchors=chain.root_pem).ai_generated is False


def test_a_file_that_is_not_media(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("not a video")
    assert read_credentials(tmp_path / "notes.mp4").state in ("unreadable", "missing")
