"""Pictures of what frame findings rest on: the frames concerned side by side, and where they differ.

The frames come from the measurements' thumbnails (the nearest one to each still's time; the first
and last frame of every render always have one), and faces from the portraits kept of each face
measured (a reference photograph's beside the render's), so drawing evidence never decodes video
again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from soracheck.rules.base import Diagnostic, Still

if TYPE_CHECKING:
    from soracheck.metrics.measure import Measurements
    from soracheck.results import LintResult
    from soracheck.rules.renders import Renders

#: Height each frame is drawn at, and the label strip under it.
HEIGHT, LABEL = 144, 18


def all_measurements(renders: Renders) -> dict[str, Measurements]:
    """Every measured render by its path."""
    found = {m.render: m for m in renders.shots.values()}
    if renders.stitched is not None:
        found[renders.stitched.render] = renders.stitched
    return found


def thumbnail(m: Measurements, time: float) -> np.ndarray | None:
    """The thumbnail nearest ``time`` in a render, or ``None`` if it kept none."""
    samples = [s for s in (*m.samples, m.first, m.last) if s is not None and s.thumbnail is not None]
    if not samples:
        return None
    return min(samples, key=lambda s: abs(s.time - time)).thumbnail


def difference_map(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where two frames differ, as an RGB heat map (black: same; yellow: most different)."""
    if a.shape != b.shape:
        b = np.asarray(Image.fromarray(b).resize((a.shape[1], a.shape[0])))
    difference = np.abs(a.astype(np.int16) - b).mean(axis=2) / 255.0
    level = np.clip(difference * 3, 0, 1)  # differences of a third of the range are already full
    return (np.stack([level, level**2, level**6 * 0.4], axis=-1) * 255).astype(np.uint8)


def portraits(renders: Renders) -> dict[tuple[str, float, tuple[int, int, int, int]], np.ndarray]:
    """The picture of every face measured, by (render or photograph, time, box): what a still of a face shows."""
    found = {
        (m.render, sample.time, face.box): face.portrait
        for m in all_measurements(renders).values()
        for sample in m.faces
        for face in sample.faces
    }
    for photos in (*renders.references.values(), *renders.people.values()):
        found.update({(photo.file, 0.0, photo.face.box): photo.face.portrait for photo in photos})
    return {key: picture for key, picture in found.items() if picture is not None}


def compose(stills: tuple[Still, ...], renders: Renders) -> Image.Image | None:
    """The stills side by side, labelled, with their difference map when there are two frames (not faces)."""
    measurements = all_measurements(renders)
    faces = portraits(renders) if any(still.face for still in stills) else {}
    tiles: list[tuple[np.ndarray, str]] = []
    for still in stills:
        if still.face is not None:
            picture = faces.get((still.render, still.time, still.face))
            at = "" if still.render not in measurements else f" ({still.time:.2f} s)"
        else:
            m = measurements.get(still.render)
            picture = thumbnail(m, still.time) if m is not None else None
            at = f" ({still.time:.2f} s)"
        if picture is not None:
            tiles.append((picture, still.label + at))
    if not tiles:
        return None
    if len(tiles) == 2 and not faces:
        tiles.append((difference_map(tiles[0][0], tiles[1][0]), "difference"))
    font = ImageFont.load_default(size=12)
    pictures = [Image.fromarray(p).resize((round(p.shape[1] * HEIGHT / p.shape[0]), HEIGHT)) for p, _ in tiles]
    # a tile is as wide as its picture, or its label when that is wider (a face is narrow)
    slots = [max(p.width, round(font.getlength(label)) + 8) for p, (_, label) in zip(pictures, tiles, strict=True)]
    sheet = Image.new("RGB", (sum(slots) + 8 * (len(slots) - 1), HEIGHT + LABEL), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    x = 0
    for picture, slot, (_, label) in zip(pictures, slots, tiles, strict=True):
        sheet.paste(picture, (x, 0))
        draw.text((x + 4, HEIGHT + 2), label, fill=(230, 230, 230), font=font)
        x += slot + 8
    return sheet


def save_evidence(diagnostics: list[Diagnostic], renders: Renders, folder: Path) -> list[Diagnostic]:
    """Save a picture for each frame finding with stills under ``folder``; the findings, pointing at them."""
    saved = []
    for index, d in enumerate(diagnostics):
        evidence = d.evidence
        picture = compose(evidence.stills, renders) if evidence and evidence.stills else None
        if evidence is None or picture is None:
            saved.append(d)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{d.code}-{d.shot or 'cut'}-{index}") + ".png"
        picture.save(folder / name)
        saved.append(replace(d, evidence=replace(evidence, image=str(folder / name))))
    return saved


def save_result_evidence(result: LintResult, folder_of: Callable[[Path], Path]) -> None:
    """Save the pictures of each measured storyboard's frame findings in ``folder_of(storyboard)``.

    The folder's pictures of the last run are replaced; the result's findings then name their picture.
    """
    for path, renders in result.renders.items():
        folder = folder_of(Path(path))
        for old in folder.glob("*.png"):
            old.unlink()
        mine = [d for d in result.diagnostics if d.location.path == path]
        others = [d for d in result.diagnostics if d.location.path != path]
        result.diagnostics = sorted([*others, *save_evidence(mine, renders, folder)], key=Diagnostic.sort_key)
