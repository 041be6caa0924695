"""Faces found and told apart on real faces: a photograph under changes that keep the person, and real
renders of video models, each face against itself, the other render and the photograph."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from skimage import data

from soracheck.metrics.faces import best_match, describe, faces, find_faces, similarity

#: The threshold the gate uses (frames.min-face-similarity).
SAME = 0.5


def test_the_astronauts_face_is_found_where_it_is() -> None:
    ((row, column, height, width),) = find_faces(data.astronaut())  # Eileen Collins, 512 x 512
    assert 70 < row < 100 and 165 < column < 195 and 75 < height < 100 and 75 < width < 100
    assert find_faces(data.astronaut()[::2, ::2]) == []  # a 43-pixel face is too small at a glance
    assert len(find_faces(data.astronaut()[::2, ::2], upsample=1)) == 1  # and found when looked for


def test_faces_described_by_two_threads_at_once_are_described_right() -> None:
    """A reference is described while a render decodes: the model is used by one thread at a time."""
    from concurrent.futures import ThreadPoolExecutor

    pictures = [data.astronaut(), np.ascontiguousarray(data.astronaut()[:, ::-1])] * 4
    alone = [faces(p)[0].descriptor for p in pictures[:2]]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda p: faces(p)[0].descriptor, pictures))
    for n, descriptor in enumerate(together):
        assert np.allclose(descriptor, alone[n % 2], atol=1e-5)


def test_no_face_in_a_cat_or_a_coffee_cup() -> None:
    assert find_faces(data.chelsea(), upsample=1) == [] and find_faces(data.coffee(), upsample=1) == []


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "JPEG", quality=quality)
    return np.asarray(Image.open(buffer))


def test_one_person_through_changes_that_keep_her() -> None:
    astronaut = data.astronaut()
    (reference,) = faces(astronaut)
    assert similarity(reference, reference) == pytest.approx(1)
    assert reference.descriptor.shape == (128,)
    changed = {
        "brighter": np.clip(astronaut * 1.15, 0, 255).astype(np.uint8),
        "mirrored": np.ascontiguousarray(astronaut[:, ::-1]),
        "smaller": np.asarray(Image.fromarray(astronaut).resize((300, 300))),
        "compressed": jpeg(astronaut, 30),
    }
    for name, image in changed.items():
        (face,) = faces(image, upsample=1)
        assert similarity(reference, face) > SAME + 0.2, name
    assert describe(astronaut, reference.box) == pytest.approx(reference.descriptor)


def render_faces(path: Path, every: int = 24) -> list[np.ndarray]:
    """The largest face's descriptor in every ``every``-th frame of a render."""
    found = []
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index % every == 0 and (seen := faces(frame.to_ndarray(format="rgb24"), most=1)):
                found.append(seen[0].descriptor)
    return found


@pytest.fixture
def two_men(shared: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The man eating noodles (HunyuanVideo) and the teacher with a guitar (LTX-2): real renders."""
    renders = shared / "corpus/ai-renders"
    return render_faces(renders / "hunyuanvideo_sta_noodles.mp4"), render_faces(renders / "ltx2_19b_teacher_guitar.mp4")


def test_real_renders_each_keep_their_man_and_tell_the_two_apart(two_men) -> None:
    noodles, teacher = two_men
    assert len(noodles) >= 4 and len(teacher) >= 4  # a face in (nearly) every second of both
    for same in (noodles, teacher):
        assert min(similarity(a, b) for a in same for b in same) > SAME + 0.05
    assert max(similarity(a, b) for a in noodles for b in teacher) < SAME - 0.3
    (astronaut,) = faces(data.astronaut())
    assert best_match(astronaut, [*noodles, *teacher]) < SAME - 0.3
